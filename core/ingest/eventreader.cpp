#include "eventreader.h"

#include "csvreader.h"
#include "formatdetection.h"
#include "inputbuffer.h"
#include "jsonreader.h"

#include <QBuffer>
#include <QFile>
#include <QFileInfo>

namespace Ingest {

QString formatName(Format format)
{
    switch (format) {
    case Format::Csv: return QStringLiteral("csv");
    case Format::Json: return QStringLiteral("json");
    case Format::Ndjson: return QStringLiteral("ndjson");
    case Format::Auto: break;
    }
    return QStringLiteral("auto");
}

Common::Status validateName(const QString &name, const QString &what)
{
    const QByteArray utf8 = name.toUtf8();
    if (RowBuilder::isValidName(utf8.constData(), utf8.size()))
        return {};
    // Shown with its control characters spelled out (\n, \x00) and cut to 40 characters.
    bool control = false;
    QString shown;
    for (QChar c : name.left(40)) {
        if (c.category() == QChar::Other_Control) {
            control = true;
            shown += c == QLatin1Char('\n') ? QStringLiteral("\\n")
                : c == QLatin1Char('\r')    ? QStringLiteral("\\r")
                : c == QLatin1Char('\t')    ? QStringLiteral("\\t")
                                            : QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        } else {
            shown += c;
        }
    }
    for (QChar c : name)
        control = control || c.category() == QChar::Other_Control;
    const QString message = control
        ? QStringLiteral("The %1 name \"%2\" contains a control character (NUL, a tab, a line break or another); names must be plain text.").arg(what, shown)
        : QStringLiteral("The %1 name \"%2…\" is %3 characters long; at most %4 are allowed.").arg(what, shown).arg(name.size()).arg(MaxNameLength);
    return Common::Error::badInput(QStringLiteral("INVALID_NAME"), message, QJsonObject{{QStringLiteral("what"), what}});
}

namespace {

// Reads the first records of the input once more, from a copy of what is buffered, to resolve the Auto
// number and date settings. The input itself is not consumed.
FormatDetection sampleFormats(InputBuffer &input, Format format, const ReadOptions &options)
{
    FormatSample sample;
    if (options.sampleRows > 0) {
        constexpr qsizetype sampleBytes = 64 * 1024;
        while (input.available() < sampleBytes && !input.atEnd() && input.fillAhead()) {
        }
        qsizetype size = input.available();
        if (!input.atEnd()) {
            // A cut last record would be sampled as an odd value: stop at the last line break.
            while (size > 0 && input.data()[input.pos() + size - 1] != '\n')
                --size;
        }
        auto device = std::make_unique<QBuffer>();
        device->setData(QByteArray::fromRawData(input.data() + input.pos(), size));
        ReadOptions sampleOptions = options;
        sampleOptions.readChunkBytes = std::max<qsizetype>(size, 16);
        auto sampleInput = std::make_unique<InputBuffer>(std::move(device), QStringLiteral("sample"), sampleOptions.readChunkBytes);
        if (sampleInput->start()) {
            std::unique_ptr<EventReader> reader;
            Common::Status started;
            if (format == Format::Csv) {
                auto csv = std::make_unique<CsvReader>(std::move(sampleInput), sampleOptions);
                csv->rowBuilder().setSample(&sample);
                started = csv->start();
                sample.delimiter = csv->delimiter();
                reader = std::move(csv);
            } else {
                auto json = std::make_unique<JsonReader>(std::move(sampleInput), sampleOptions, format);
                json->rowBuilder().setSample(&sample);
                started = json->start();
                reader = std::move(json);
            }
            ParsedRow row;
            for (int i = 0; started && i < options.sampleRows; ++i) {
                auto more = reader->next(row);
                if (!more || !*more)
                    break;
            }
        }
    }
    return detectFormats(sample, options);
}

// The format the name says, after an optional .gz; Auto when it says nothing we know.
Format formatFromName(const QString &displayName, ReadOptions &options)
{
    QString name = QFileInfo(displayName).fileName().toLower();
    if (name.endsWith(QLatin1String(".gz")))
        name.chop(3);
    if (name.endsWith(QLatin1String(".csv")) || name.endsWith(QLatin1String(".txt")))
        return Format::Csv;
    if (name.endsWith(QLatin1String(".tsv")) || name.endsWith(QLatin1String(".tab"))) {
        if (options.delimiter == 0)
            options.delimiter = '\t';
        return Format::Csv;
    }
    if (name.endsWith(QLatin1String(".ndjson")) || name.endsWith(QLatin1String(".jsonl")))
        return Format::Ndjson;
    if (name.endsWith(QLatin1String(".json")))
        return Format::Json;
    return Format::Auto;
}

// Content sniffing: the first character that is not a BOM or white space.
Format formatFromContent(const InputBuffer &in)
{
    const char *p = in.data() + in.pos();
    const char *e = in.data() + in.size();
    if (e - p >= 3 && uchar(p[0]) == 0xEF && uchar(p[1]) == 0xBB && uchar(p[2]) == 0xBF)
        p += 3;
    while (p < e && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
        ++p;
    if (p < e && (*p == '[' || *p == '{'))
        return Format::Json;
    return Format::Csv;
}

} // namespace

Common::Result<std::unique_ptr<EventReader>> EventReader::open(const QString &path, const ReadOptions &options)
{
    QFileInfo info(path);
    if (!info.exists()) {
        return Common::Error::badInput(QStringLiteral("FILE_NOT_FOUND"),
                                       QStringLiteral("%1 does not exist.").arg(path),
                                       QJsonObject{{QStringLiteral("path"), path}});
    }
    if (info.isDir()) {
        return Common::Error::badInput(QStringLiteral("READ_ERROR"), QStringLiteral("%1 is a folder, not a file.").arg(path),
                                       QJsonObject{{QStringLiteral("path"), path}});
    }
    auto file = std::make_unique<QFile>(path);
    if (!file->open(QIODevice::ReadOnly)) {
        return Common::Error::badInput(QStringLiteral("READ_ERROR"),
                                       QStringLiteral("Cannot open %1: %2").arg(path, file->errorString()),
                                       QJsonObject{{QStringLiteral("path"), path}});
    }
    return fromDevice(std::move(file), options, path);
}

Common::Result<std::unique_ptr<EventReader>> EventReader::fromDevice(std::unique_ptr<QIODevice> device,
                                                                      const ReadOptions &options,
                                                                      const QString &displayName)
{
    ReadOptions effective = options;
    if (auto valid = validateName(effective.defaultMetric, QStringLiteral("default metric")); !valid)
        return valid.error();
    if (!effective.dateFormat.isEmpty()) {
        if (auto compiled = ExplicitDateFormat::compile(effective.dateFormat); !compiled)
            return compiled.error();
    }
    auto input = std::make_unique<InputBuffer>(std::move(device), displayName, effective.readChunkBytes);
    input->setMaxDecompressedBytes(effective.maxDecompressedBytes);
    if (auto started = input->start(); !started)
        return started.error();
    Format format = effective.format;
    const Format named = formatFromName(displayName, effective);
    if (format == Format::Auto)
        format = named;
    if (format == Format::Auto)
        format = formatFromContent(*input);

    const FormatDetection formats = sampleFormats(*input, format, effective);
    if (format == Format::Csv) {
        auto reader = std::make_unique<CsvReader>(std::move(input), effective);
        reader->rowBuilder().setFormats(formats);
        if (auto s = reader->start(); !s)
            return s.error();
        return std::unique_ptr<EventReader>(std::move(reader));
    }
    auto reader = std::make_unique<JsonReader>(std::move(input), effective, format);
    reader->rowBuilder().setFormats(formats);
    if (auto s = reader->start(); !s)
        return s.error();
    return std::unique_ptr<EventReader>(std::move(reader));
}

Common::Result<FormatDetection> detectFormat(const QByteArray &head, const ReadOptions &options, const QString &displayName)
{
    auto device = std::make_unique<QBuffer>();
    device->setData(head);
    auto reader = EventReader::fromDevice(std::move(device), options,
                                          displayName.isEmpty() ? QStringLiteral("preview") : displayName);
    if (!reader)
        return reader.error();
    return (*reader)->formats();
}

} // namespace Ingest
