#pragma once
// EventReader turns an event file (CSV, JSON array/object, NDJSON, each optionally gzip-compressed) or an
// in-memory body into validated canonical rows, one record at a time and in bounded memory, so that a
// multi-GB import never holds more than one chunk plus one record. Row problems (a bad timestamp, a
// non-numeric value) come back as invalid rows with a stable reason code; problems with the file as a
// whole (syntax, missing columns, binary data, limits) come back as a Common::Error and end reading.
//
// Decisions worth knowing:
// - CSV attributes are JSON strings (CSV has no types); JSON attributes keep their JSON values (compacted).
// - NDJSON: a line that is not valid JSON is an invalid row ("invalid_json"), not the end of the import;
//   in a JSON array or object a syntax error ends reading with line, column (bytes) and byte offset.
// - Wall-clock times (no offset) in a zone with DST: a time in the spring gap moves forward by the gap
//   (02:30 -> 03:30), a time in the autumn overlap takes its first occurrence (the earlier instant).
// - Timestamps are kept to the millisecond (extra fraction digits are truncated).
// - Error codes: EMPTY_FILE, MISSING_COLUMNS (details.present, details.missing), DUPLICATE_COLUMNS,
//   TOO_MANY_COLUMNS, CSV_DECODE_ERROR, CSV_UNBALANCED_QUOTE (details.line), RECORD_TOO_LARGE (details.line),
//   JSON_SYNTAX_ERROR / JSON_TOO_DEEP (details.line, .column, .byte), BINARY_FILE, UNSUPPORTED_ENCODING,
//   GZIP_ERROR, READ_ERROR, FILE_NOT_FOUND, INVALID_DELIMITER. All are ErrorKind::BadInput.

#include "common/result.h"

#include <QByteArray>
#include <QIODevice>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <memory>

namespace Ingest {

enum class Format { Auto, Csv, Json, Ndjson };
enum class EpochUnit { Auto, Seconds, Milliseconds };

// Explicit column names; an empty name means "use the synonyms" for that role.
struct ColumnMapping final
{
    QString timestamp, value, metric, userId, eventId, source;
};

struct ReadOptions final
{
    Format format = Format::Auto;
    char delimiter = 0;              // 0 = detect from the header line among , ; \t |
    ColumnMapping mapping;
    QString defaultMetric = QStringLiteral("events_total");
    QTimeZone timezone = QTimeZone::utc(); // for timestamps without offset
    EpochUnit epochUnit = EpochUnit::Auto;
    bool decimalComma = false;       // "1.234,5" / "3,5" accepted as numbers only when set
    bool thousandsSeparator = false; // "1,234.5" accepted only when set; never guess silently
    qsizetype maxRecordBytes = 16 * 1024 * 1024; // one CSV record / JSON object / NDJSON line
    int maxNestingDepth = 64;
    qsizetype readChunkBytes = 1024 * 1024; // how much is read (decoded) at a time; small values are for tests
};

struct ParsedRow final
{
    qint64 line = 0;          // 1-based line where the record starts (CSV, NDJSON) or, for a JSON array, the line of the object's '{'
    QByteArray raw;           // the record as received (CSV record text without the line ending / the JSON object's text)
    bool valid = false;
    QString rejectColumn;     // when invalid: which column/field
    QString rejectReason;     // when invalid: a short stable reason code (see RejectReason below)
    QString rejectValue;      // the offending value (truncated to ~200 chars)
    qint64 tsMs = 0;          // UTC milliseconds since the epoch
    QString metric;           // mapped metric or defaultMetric
    double value = 0;         // finite
    QString userId, eventId, source; // empty when absent
    QByteArray attributesJson;        // compact JSON object of the unmapped columns/fields, empty when none
};

// The reason codes rows are rejected with (stable: stored in raw_events and shown to users).
namespace RejectReason {
inline constexpr char InvalidTimestamp[] = "invalid_timestamp";
inline constexpr char TimestampOutOfRange[] = "timestamp_out_of_range";
inline constexpr char MissingTimestamp[] = "missing_timestamp";
inline constexpr char MissingValue[] = "missing_value";
inline constexpr char NonNumericValue[] = "non_numeric_value";
inline constexpr char NonFiniteValue[] = "non_finite_value";
inline constexpr char InvalidUtf8[] = "invalid_utf8";
inline constexpr char FieldCountMismatch[] = "field_count_mismatch";
inline constexpr char InvalidJson[] = "invalid_json";   // NDJSON: this line is not valid JSON
inline constexpr char NotAnObject[] = "not_an_object";  // a JSON array element / NDJSON line that is no object
} // namespace RejectReason

QString formatName(Format format);

class EventReader
{
public:
    virtual ~EventReader() = default;

    // .gz transparently (zlib), format from the extension (after .gz: .csv .tsv .txt .json .ndjson .jsonl)
    // or from the content. Reads the header / first bytes, so MISSING_COLUMNS, EMPTY_FILE and the like
    // are reported here already.
    static Common::Result<std::unique_ptr<EventReader>> open(const QString &path, const ReadOptions &options);
    // The device is opened read-only when it is not open yet. displayName is used in messages.
    static Common::Result<std::unique_ptr<EventReader>> fromDevice(std::unique_ptr<QIODevice> device,
                                                                   const ReadOptions &options,
                                                                   const QString &displayName);

    // Reads the next record into row. Returns true when a row was produced, false at the end.
    // A file-level failure comes back as an Error and ends reading (later calls return the same error).
    virtual Common::Result<bool> next(ParsedRow &row) = 0;
    virtual qint64 bytesRead() const = 0;     // compressed bytes for .gz, for progress
    virtual qint64 totalBytes() const = 0;    // -1 when unknown
    virtual Format format() const = 0;
    virtual QStringList columns() const = 0;  // header (CSV) or the field names seen so far (JSON)
    virtual QJsonObject detection() const = 0; // format, delimiter, mapping used, epoch unit counts, warnings, ...
};

} // namespace Ingest
