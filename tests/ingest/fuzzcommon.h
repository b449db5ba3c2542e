#pragma once
// Shared driver of the reader fuzz targets: reads the input to the end and checks what must hold for any
// input: no crash, no hang, bounded work, and every valid row is canonical.

#include "ingest/eventreader.h"
#include "ingest/timestampparser.h"

#include <QBuffer>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <cstdlib>

namespace FuzzReader {

inline void check(bool condition)
{
    if (!condition)
        std::abort();
}

// Returns the number of rows read, or -1 when the reader reported a file-level error.
inline qint64 run(const uint8_t *data, size_t size, Ingest::Format format, const QString &name,
                  QString *errorMessage = nullptr)
{
    Ingest::ReadOptions options;
    options.format = format;
    options.maxRecordBytes = 2048; // small limits, so that the fuzzer reaches them
    options.maxNestingDepth = 16;
    // The first byte chooses the options; the rest is the file.
    if (size > 0) {
        const uint8_t o = data[0];
        static constexpr char delimiters[] = {0, ',', ';', '\t', '|', 0, 0, 0};
        options.delimiter = delimiters[o & 7];
        options.decimalMark = (o & 8) ? Ingest::DecimalMark::Comma : Ingest::DecimalMark::Auto;
        options.thousandsSeparator = (o & 16) ? Ingest::ThousandsSeparator::Comma : Ingest::ThousandsSeparator::Auto;
        options.epochUnit = (o & 32) ? Ingest::EpochUnit::Seconds : Ingest::EpochUnit::Auto;
        if (o & 64) {
            static const QTimeZone berlin("Europe/Berlin"); // loading zone data per input would dominate
            options.timezone = berlin;
        }
        if (o & 128)
            options.mapping.value = QStringLiteral("b");
        ++data;
        --size;
    }
    // The second byte chooses the read chunk, so that records straddle refills at every position.
    if (size > 0) {
        options.readChunkBytes = 16 + qsizetype(data[0]) * 4;
        ++data;
        --size;
    }
    auto buffer = std::make_unique<QBuffer>();
    buffer->setData(reinterpret_cast<const char *>(data), qsizetype(size));
    auto opened = Ingest::EventReader::fromDevice(std::move(buffer), options, name);
    if (!opened) {
        check(!opened.error().code.isEmpty() && !opened.error().message.isEmpty());
        if (errorMessage)
            *errorMessage = opened.error().message;
        return -1;
    }
    Ingest::ParsedRow row;
    qint64 rows = 0;
    for (;;) {
        auto got = (*opened)->next(row);
        if (!got) {
            check(!got.error().code.isEmpty());
            if (errorMessage)
                *errorMessage = got.error().message;
            auto again = (*opened)->next(row); // an error ends reading for good
            check(!again.ok());
            (void)(*opened)->detection();
            return -1;
        }
        if (!*got)
            break;
        ++rows;
        // Every row consumes input (gzip input can expand a lot, hence the slack).
        check(rows <= qint64(size) * 1100 + 1);
        check(row.line >= 1);
        if (row.valid) {
            check(std::isfinite(row.value));
            check(row.tsMs >= Ingest::TimestampParser::MinMs && row.tsMs <= Ingest::TimestampParser::MaxMs);
            check(row.rejectReason.isEmpty());
            check(!row.metric.isEmpty());
            if (!row.attributesJson.isEmpty()) {
                QJsonParseError error;
                const QJsonDocument doc = QJsonDocument::fromJson(row.attributesJson, &error);
                // JSON numbers beyond a double's range (1e999) are valid JSON and kept verbatim, but Qt
                // refuses them; the reader has checked the number grammar itself.
                check((error.error == QJsonParseError::NoError && doc.isObject()) || error.error == QJsonParseError::IllegalNumber);
            }
        } else {
            check(!row.rejectReason.isEmpty());
            check(row.rejectValue.size() <= 201);
        }
    }
    check(!(*opened)->next(row).value()); // the end stays the end
    (void)(*opened)->detection();
    (void)(*opened)->columns();
    return rows;
}

} // namespace FuzzReader
