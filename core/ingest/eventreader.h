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
//   GZIP_ERROR (also: a file named .gz that is not gzip), GZIP_BOMB (a .gz that inflates to more than 100x
//   its size without a single data row), DECOMPRESSED_TOO_LARGE (ReadOptions::maxDecompressedBytes),
//   READ_ERROR, FILE_NOT_FOUND, INVALID_DELIMITER, INVALID_NAME (the default metric), BAD_DATE_FORMAT.
//   All are ErrorKind::BadInput.
//
// Number and date formats: every setting below has an Auto value. Auto is resolved ONCE per import from a
// sample (the first ReadOptions::sampleRows records of the timestamp and value columns, see
// formatdetection.h), and every row is then parsed with that fixed format, so the per-row cost does not
// depend on the file's locale. What was detected, what was ambiguous and which reading was taken is in
// detection()["formats"] and in its warnings.

#include "common/result.h"

#include <QByteArray>
#include <QIODevice>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTimeZone>

#include <memory>

namespace Ingest {

struct FormatDetection;

enum class Format { Auto, Csv, Json, Ndjson };
// Auto: decided once from the sample (all numeric timestamps of the sample below 1e11 = seconds, all at or
// above = milliseconds; a mixed sample takes the majority and says so). A later row that does not fit the
// decided unit is rejected as timestamp_out_of_range instead of being re-read in the other unit.
enum class EpochUnit { Auto, Seconds, Milliseconds };
// The character between the integer and the fraction of a value: 3.5 (Point) or 3,5 (Comma).
enum class DecimalMark { Auto, Point, Comma };
// What groups thousands in values. Space stands for every space a locale uses there: ' ', no-break space
// U+00A0, narrow no-break space U+202F and thin space U+2009. Apostrophe also takes U+2019 (Swiss exports).
enum class ThousandsSeparator { Auto, None, Comma, Point, Space, Apostrophe };
// The order of a numeric date's parts when it is not ISO 8601: YearFirst (2024/12/31), DayFirst
// (31.12.2024, 31/12/2024) or MonthFirst (12/31/2024). ISO 8601 dates are read in every setting.
enum class DateOrder { Auto, YearFirst, DayFirst, MonthFirst };

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
    DecimalMark decimalMark = DecimalMark::Auto;
    ThousandsSeparator thousandsSeparator = ThousandsSeparator::Auto;
    DateOrder dateOrder = DateOrder::Auto;
    // An explicit date(-time) format; when set it wins over dateOrder. Qt style ("dd.MM.yyyy HH:mm") or,
    // when it holds a '%', strftime style ("%d.%m.%Y %H:%M"); see dateparser.h for the fields. Two-digit
    // years (yy, %y) are only read through an explicit format: 69-99 -> 19xx, 00-68 -> 20xx (POSIX).
    QString dateFormat;
    int sampleRows = 200; // records read ahead to resolve the Auto settings above
    qint64 maxDecompressedBytes = 0; // a .gz whose decompressed data passes this fails (0 = no limit)
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
inline constexpr char InvalidName[] = "invalid_name";    // a metric or source with control characters or > 200 characters
} // namespace RejectReason

QString formatName(Format format);

// Source and metric names: at most MaxNameLength characters, no control characters (C0, DEL, C1; so no
// NUL, CR or LF). Returns an INVALID_NAME error that says what is wrong; what = "source", "metric", ...
inline constexpr qsizetype MaxNameLength = 200;
Common::Status validateName(const QString &name, const QString &what);

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
    // format, delimiter, mapping used, "formats" (FormatDetection::toJson: what the sample said about
    // decimal mark, thousands, date order, epoch unit, offsets), counts, warnings, ...
    virtual QJsonObject detection() const = 0;
    // The number and date formats rows are parsed with, and what the sample said about them.
    virtual const FormatDetection &formats() const = 0;
};

} // namespace Ingest
