// libFuzzer target: arbitrary bytes through the JSON and NDJSON readers, with Qt's JSON parser as an
// oracle: an array of flat objects Qt accepts must not be a syntax error for us.

#include "fuzzcommon.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace {

// The byte offset a syntax error names ("... (byte 12)."), or -1.
qsizetype errorByte(const QString &error)
{
    static const QRegularExpression byte(QStringLiteral("\\(byte (\\d+)\\)"));
    const QRegularExpressionMatch m = byte.match(error);
    return m.hasMatch() ? m.captured(1).toLongLong() : -1;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QString error;
    const qint64 rows = FuzzReader::run(data, size, Ingest::Format::Json, QStringLiteral("fuzz.json"), &error);
    FuzzReader::run(data, size, Ingest::Format::Ndjson, QStringLiteral("fuzz.ndjson"));

    if (size > 2) {
        const QByteArray body(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));
        bool plain = true;
        for (char c : body)
            plain = plain && uchar(c) < 0x80 && c != 0;
        QJsonParseError qtError;
        const QJsonDocument doc = QJsonDocument::fromJson(body, &qtError);
        // Qt takes raw control characters and unknown escapes ("\e") inside strings and numbers like "5."
        // or ".6"; JSON (and we) do not.
        const qsizetype at = errorByte(error);
        const bool qtLenient = error.contains(QLatin1String("control character")) || error.contains(QLatin1String("escape"))
            || error.contains(QLatin1String("invalid number"))
            || (at >= 0 && at < body.size() && body.at(at) == '.');
        if (plain && !qtLenient && qtError.error == QJsonParseError::NoError && doc.isArray()) {
            // Nested values may exceed our depth limit: compare only arrays of flat objects.
            bool shallow = true;
            for (const QJsonValue &v : doc.array()) {
                shallow = shallow && v.isObject();
                if (!shallow)
                    break;
                for (const QJsonValue &f : v.toObject())
                    shallow = shallow && !f.isObject() && !f.isArray();
            }
            // Records over the (fuzzing) record limit are an error of their own.
            if (shallow && body.size() < 2000)
                FuzzReader::check(rows == doc.array().size());
        }
    }
    return 0;
}
