#pragma once
// FormatDetection resolves the Auto number and date settings of ReadOptions from a sample of a file: the
// texts of the timestamp and value columns of its first records (FormatSample). It is run once per import
// (EventReader::open/fromDevice read the sample ahead, then parse every row with the resolved format), and
// by the import dialog on the first rows through detectFormat() for its preview.
//
// Nothing is guessed silently: when the sample allows more than one reading (every date has day and month
// <= 12, every value looks like 1.234 or 1,234, numeric timestamps of both magnitudes) one reading is taken
// by a stated rule and a note says what was ambiguous, what was taken and why; the notes become import
// warnings and are in toJson()["notes"]. Rules, in order:
// - decimal mark / thousands: a value with both '.' and ',' -> the last one is the decimal mark; several
//   of one mark -> it groups thousands; one mark not followed by exactly three digits -> decimal; spaces
//   and apostrophes inside -> they group. Only "1.234" / "1,234": a ';'-delimited CSV reads them the
//   continental way (1.234 = 1234, 1,234 = 1.234), everything else the English way. A decimal comma without
//   any grouping in the sample groups with '.' (as the spreadsheets that write 3,5 do), a decimal point
//   groups with nothing.
// - date order: a first number > 12 -> day-first, a second number > 12 -> month-first; if the sample has
//   both, the majority wins and the rest will be rejected; if every date is ambiguous: '.' dates ->
//   day-first, AM/PM times -> month-first, else day-first.
// - epoch unit: < 1e11 is seconds, >= 1e11 milliseconds; a mixed sample takes the majority.

#include "common/result.h"
#include "eventreader.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace Ingest {

// What the readers collect from the first records (RowBuilder in sampling mode).
struct FormatSample final
{
    QList<QByteArray> timestamps; // text timestamps, as in the file
    QList<double> epochNumbers;   // numeric timestamps (JSON numbers)
    QList<QByteArray> values;     // text values (JSON numbers are never ambiguous and are not kept)
    char delimiter = 0;           // the CSV delimiter; 0 for JSON
    qsizetype records = 0;
};

struct FormatDetection final
{
    // The settings every row is parsed with. An Auto option becomes what the sample says (or the default
    // when it says nothing); explicit options are kept. epochUnit stays Auto when the sample had no
    // numeric timestamp (the first one decides).
    DecimalMark decimalMark = DecimalMark::Point;
    ThousandsSeparator thousandsSeparator = ThousandsSeparator::None;
    DateOrder dateOrder = DateOrder::DayFirst;
    QString dateFormat; // the explicit format, when one was given
    EpochUnit epochUnit = EpochUnit::Auto;

    // Per setting: did the sample decide it (true) or did the options / the default; was it ambiguous.
    bool decimalMarkDetected = false, thousandsDetected = false, dateOrderDetected = false, epochUnitDetected = false;
    bool decimalMarkAmbiguous = false, thousandsAmbiguous = false, dateOrderAmbiguous = false, epochUnitAmbiguous = false;
    QStringList notes; // for people: what was ambiguous or mixed and which reading was taken

    // What the sample held.
    qsizetype sampledRecords = 0, sampledValues = 0, sampledTimestamps = 0;
    QStringList currencies;            // symbols seen around values (removed)
    bool percent = false;              // values with a trailing % (the number is kept as written)
    bool parenthesesNegatives = false; // (1.234,50) read as negative
    QStringList dateForms;             // "iso", "epoch", "day-first", "month-first", "year-first", "month", "quarter", "month-name", "two-digit-year", "unreadable"
    QList<int> offsets;                // distinct UTC offsets (seconds east) of timestamps that carry one
    qsizetype localTimestamps = 0;     // sampled timestamps without an offset
    QString suggestedTimezone;         // an IANA zone whose offsets fit every offset seen on its date, when offsets vary or are not 0
    QStringList unreadableTimestamps;  // a few sampled timestamps no rule reads (examples)

    ReadOptions applyTo(ReadOptions options) const; // options with the resolved settings
    QJsonObject toJson() const;
};

// Resolves options' Auto settings from sample.
FormatDetection detectFormats(const FormatSample &sample, const ReadOptions &options);

// For a preview: the detection of the first options.sampleRows records of head (the first bytes of a
// file: a cut last record is ignored; gzip is inflated). Errors are those of EventReader::fromDevice
// (EMPTY_FILE, MISSING_COLUMNS, ...). Cheap: a few milliseconds for a few hundred rows.
Common::Result<FormatDetection> detectFormat(const QByteArray &head, const ReadOptions &options,
                                             const QString &displayName = QString());

QString decimalMarkName(DecimalMark mark);               // "auto", "point", "comma"
QString thousandsSeparatorName(ThousandsSeparator sep);  // "auto", "none", "comma", "point", "space", "apostrophe"
QString dateOrderName(DateOrder order);                  // "auto", "year-first", "day-first", "month-first"
QString epochUnitName(EpochUnit unit);                   // "auto", "seconds", "milliseconds"
QString offsetText(int seconds);                         // "+01:00", "-05:30", "Z" for 0

} // namespace Ingest
