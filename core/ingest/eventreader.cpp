#include "eventreader.h"

#include "csvreader.h"
#include "inputbuffer.h"
#include "jsonreader.h"

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

namespace {

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
    auto input = std::make_unique<InputBuffer>(std::move(device), displayName, effective.readChunkBytes);
    if (auto started = input->start(); !started)
        return started.error();
    Format format = effective.format;
    const Format named = formatFromName(displayName, effective);
    if (format == Format::Auto)
        format = named;
    if (format == Format::Auto)
        format = formatFromContent(*input);

    if (format == Format::Csv) {
        auto reader = std::make_unique<CsvReader>(std::move(input), effective);
        if (auto s = reader->start(); !s)
            return s.error();
        return std::unique_ptr<EventReader>(std::move(reader));
    }
    auto reader = std::make_unique<JsonReader>(std::move(input), effective, format);
    if (auto s = reader->start(); !s)
        return s.error();
    return std::unique_ptr<EventReader>(std::move(reader));
}

} // namespace Ingest
