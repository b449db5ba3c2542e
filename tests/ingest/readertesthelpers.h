#pragma once
// Helpers shared by the reader tests: read a whole file or byte string into rows, or the error it gives.

#include "ingest/eventreader.h"

#include <QBuffer>
#include <QTest>

#include <vector>

namespace ReaderTest {

struct Outcome
{
    std::vector<Ingest::ParsedRow> rows;
    std::optional<Common::Error> error; // from open() or next()
    bool openFailed = false;
    QJsonObject detection;
    QStringList columns;
    Ingest::Format format = Ingest::Format::Auto;
};

inline Outcome drain(Common::Result<std::unique_ptr<Ingest::EventReader>> opened, qsizetype maxRows = 10'000'000)
{
    Outcome out;
    if (!opened) {
        out.error = opened.error();
        out.openFailed = true;
        return out;
    }
    auto &reader = *opened;
    Ingest::ParsedRow row;
    for (qsizetype i = 0; i < maxRows; ++i) {
        auto got = reader->next(row);
        if (!got) {
            out.error = got.error();
            break;
        }
        if (!*got)
            break;
        out.rows.push_back(row);
    }
    out.detection = reader->detection();
    out.columns = reader->columns();
    out.format = reader->format();
    return out;
}

inline Outcome readBytes(const QByteArray &bytes, const Ingest::ReadOptions &options = {},
                         const QString &name = QStringLiteral("test.csv"))
{
    auto buffer = std::make_unique<QBuffer>();
    buffer->setData(bytes);
    return drain(Ingest::EventReader::fromDevice(std::move(buffer), options, name));
}

inline Outcome readFile(const QString &path, const Ingest::ReadOptions &options = {})
{
    return drain(Ingest::EventReader::open(path, options));
}

inline QString describe(const Outcome &o)
{
    return o.error ? o.error->code + QStringLiteral(": ") + o.error->message : QStringLiteral("no error");
}

inline qint64 ms(const char *iso)
{
    return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
}

} // namespace ReaderTest
