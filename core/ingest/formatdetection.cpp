#include "formatdetection.h"

#include "dateparser.h"
#include "timestampparser.h"
#include "valueparser.h"

#include <QBuffer>
#include <QDateTime>
#include <QHash>
#include <QJsonArray>
#include <QMutex>
#include <QTimeZone>

#include <charconv>
#include <cmath>
#include <cstring>

namespace Ingest {

QString decimalMarkName(DecimalMark mark)
{
    switch (mark) {
    case DecimalMark::Point: return QStringLiteral("point");
    case DecimalMark::Comma: return QStringLiteral("comma");
    case DecimalMark::Auto: break;
    }
    return QStringLiteral("auto");
}

QString thousandsSeparatorName(ThousandsSeparator sep)
{
    switch (sep) {
    case ThousandsSeparator::None: return QStringLiteral("none");
    case ThousandsSeparator::Comma: return QStringLiteral("comma");
    case ThousandsSeparator::Point: return QStringLiteral("point");
    case ThousandsSeparator::Space: return QStringLiteral("space");
    case ThousandsSeparator::Apostrophe: return QStringLiteral("apostrophe");
    case ThousandsSeparator::Auto: break;
    }
    return QStringLiteral("auto");
}

QString dateOrderName(DateOrder order)
{
    switch (order) {
    case DateOrder::YearFirst: return QStringLiteral("year-first");
    case DateOrder::DayFirst: return QStringLiteral("day-first");
    case DateOrder::MonthFirst: return QStringLiteral("month-first");
    case DateOrder::Auto: break;
    }
    return QStringLiteral("auto");
}

QString epochUnitName(EpochUnit unit)
{
    switch (unit) {
    case EpochUnit::Seconds: return QStringLiteral("seconds");
    case EpochUnit::Milliseconds: return QStringLiteral("milliseconds");
    case EpochUnit::Auto: break;
    }
    return QStringLiteral("auto");
}

QString offsetText(int seconds)
{
    if (seconds == 0)
        return QStringLiteral("Z");
    const int a = std::abs(seconds);
    return QStringLiteral("%1%2:%3")
        .arg(seconds < 0 ? QLatin1Char('-') : QLatin1Char('+'))
        .arg(a / 3600, 2, 10, QLatin1Char('0'))
        .arg((a % 3600) / 60, 2, 10, QLatin1Char('0'));
}

namespace {

QString quoted(const QByteArray &text)
{
    return QStringLiteral("\"%1\"").arg(QString::fromUtf8(text.left(60)));
}

// The evidence one value text gives about the number format.
struct NumberVotes
{
    qsizetype decimalPoint = 0, decimalComma = 0;                  // only readable one way
    qsizetype groupComma = 0, groupPoint = 0, groupSpace = 0, groupApostrophe = 0;
    qsizetype ambiguousPoint = 0, ambiguousComma = 0;              // 1.234 / 1,234
    QByteArray exampleDecimalPoint, exampleDecimalComma, exampleAmbiguousPoint, exampleAmbiguousComma;
    quint32 currencies = 0;
    bool percent = false, parentheses = false;
    qsizetype numbers = 0;
};

void voteNumber(const QByteArray &text, NumberVotes &v)
{
    ValueParser::Decorations d;
    if (!ValueParser::strip(text.constData(), text.size(), d))
        return;
    const char *b = d.bodyBegin;
    const char *e = d.bodyEnd;
    int points = 0, commas = 0, spaces = 0, apostrophes = 0;
    const char *lastMark = nullptr;
    bool other = false;
    for (const char *p = b; p < e; ++p) {
        const uchar c = uchar(*p);
        if (c >= '0' && c <= '9')
            continue;
        if (c == '.') {
            ++points;
            lastMark = p;
        } else if (c == ',') {
            ++commas;
            lastMark = p;
        } else if (c == ' ' || c == 0xA0 || c == 0xAF || c == 0x89) { // ' ', and the last bytes of NBSP, U+202F, U+2009
            ++spaces;
        } else if (c == '\'' || c == 0x99) {
            ++apostrophes;
        } else if (c == 0xC2 || c == 0xE2 || c == 0x80) {
            // the lead bytes of the spaces and apostrophe above
        } else {
            other = true;
        }
    }
    if (other)
        return;
    ++v.numbers;
    if (d.currency >= 0)
        v.currencies |= 1u << d.currency;
    v.percent = v.percent || d.percent;
    v.parentheses = v.parentheses || d.parentheses;
    v.groupSpace += spaces > 0;
    v.groupApostrophe += apostrophes > 0;
    const qsizetype after = lastMark ? e - lastMark - 1 : 0;
    const qsizetype before = lastMark ? lastMark - b : 0;
    const bool leadingZero = lastMark && before == 1 && *b == '0';
    if (points > 0 && commas > 0) {
        if (*lastMark == ',') {
            ++v.decimalComma;
            ++v.groupPoint;
            v.exampleDecimalComma = text;
        } else {
            ++v.decimalPoint;
            ++v.groupComma;
            v.exampleDecimalPoint = text;
        }
    } else if (commas > 1) {
        ++v.groupComma;
    } else if (points > 1) {
        ++v.groupPoint;
    } else if (commas == 1) {
        if (after != 3 || leadingZero || before == 0 || spaces > 0 || apostrophes > 0) {
            ++v.decimalComma;
            v.exampleDecimalComma = text;
        } else {
            ++v.ambiguousComma;
            v.exampleAmbiguousComma = text;
        }
    } else if (points == 1) {
        if (after != 3 || leadingZero || before == 0 || spaces > 0 || apostrophes > 0) {
            ++v.decimalPoint;
            v.exampleDecimalPoint = text;
        } else {
            ++v.ambiguousPoint;
            v.exampleAmbiguousPoint = text;
        }
    }
}

void detectNumbers(const FormatSample &sample, const ReadOptions &options, FormatDetection &d)
{
    NumberVotes v;
    for (const QByteArray &text : sample.values)
        voteNumber(text, v);
    d.sampledValues = sample.values.size();
    for (int i = 0; i < ValueParser::currencySymbols().size(); ++i) {
        if (v.currencies & (1u << i))
            d.currencies.append(ValueParser::currencySymbols().at(i));
    }
    d.percent = v.percent;
    d.parenthesesNegatives = v.parentheses;
    const bool semicolon = sample.delimiter == ';';

    // Decimal mark.
    DecimalMark mark = options.decimalMark;
    bool ambiguousReading = false; // the mark was chosen for 1.234 / 1,234 alone
    if (mark == DecimalMark::Auto) {
        const qsizetype forComma = v.decimalComma + v.groupPoint;
        const qsizetype forPoint = v.decimalPoint + v.groupComma;
        if (forComma > 0 && forPoint > 0) {
            mark = forComma > forPoint ? DecimalMark::Comma : DecimalMark::Point;
            d.decimalMarkDetected = true;
            d.decimalMarkAmbiguous = true;
            d.notes.append(QStringLiteral("Values disagree on the decimal mark: %1 read only with a decimal comma (e.g. %2), %3 only with a decimal point (e.g. %4). "
                                          "Read with a decimal %5 (the majority); the others will be rejected. Set the decimal mark if that is wrong.")
                               .arg(forComma).arg(quoted(v.exampleDecimalComma)).arg(forPoint).arg(quoted(v.exampleDecimalPoint))
                               .arg(mark == DecimalMark::Comma ? QStringLiteral("comma") : QStringLiteral("point")));
        } else if (forComma > 0) {
            mark = DecimalMark::Comma;
            d.decimalMarkDetected = true;
        } else if (forPoint > 0) {
            mark = DecimalMark::Point;
            d.decimalMarkDetected = true;
        } else if (v.ambiguousPoint > 0 || v.ambiguousComma > 0) {
            ambiguousReading = true;
            d.decimalMarkDetected = true;
            d.decimalMarkAmbiguous = true;
            d.thousandsAmbiguous = true;
            mark = semicolon ? DecimalMark::Comma : DecimalMark::Point;
            const QByteArray example = v.ambiguousPoint > 0 ? v.exampleAmbiguousPoint : v.exampleAmbiguousComma;
            const bool pointExample = v.ambiguousPoint > 0;
            QString reading;
            if (pointExample)
                reading = mark == DecimalMark::Comma ? QStringLiteral("thousands (1.234 = 1234)") : QStringLiteral("a decimal point (1.234 = 1.234)");
            else
                reading = mark == DecimalMark::Comma ? QStringLiteral("a decimal comma (1,234 = 1.234)") : QStringLiteral("thousands (1,234 = 1234)");
            d.notes.append(QStringLiteral("Every value with a separator looks like %1, which could be thousands or a decimal fraction; "
                                          "read as %2 because %3. Set the decimal mark and thousands separator if that is wrong.")
                               .arg(quoted(example), reading,
                                    semicolon ? QStringLiteral("the file is separated by ';', as files with a decimal comma are")
                                              : QStringLiteral("that is the English reading")));
        } else {
            mark = DecimalMark::Point;
        }
    }
    d.decimalMark = mark;

    // Thousands separator.
    ThousandsSeparator group = options.thousandsSeparator;
    if (group == ThousandsSeparator::Auto) {
        struct Candidate { ThousandsSeparator sep; qsizetype votes; };
        Candidate candidates[] = {{ThousandsSeparator::Space, v.groupSpace},
                                  {ThousandsSeparator::Apostrophe, v.groupApostrophe},
                                  {ThousandsSeparator::Point, mark == DecimalMark::Comma ? v.groupPoint + (ambiguousReading ? v.ambiguousPoint : 0) : 0},
                                  {ThousandsSeparator::Comma, mark == DecimalMark::Point ? v.groupComma + (ambiguousReading ? v.ambiguousComma : 0) : 0}};
        Candidate best{ThousandsSeparator::None, 0};
        int kinds = 0;
        for (const Candidate &c : candidates) {
            kinds += c.votes > 0;
            if (c.votes > best.votes)
                best = c;
        }
        if (best.votes > 0) {
            group = best.sep;
            d.thousandsDetected = true;
            if (kinds > 1) {
                d.thousandsAmbiguous = true;
                d.notes.append(QStringLiteral("Values group thousands in more than one way; the %1 separator (the most frequent) is used and values grouped otherwise will be rejected.")
                                   .arg(thousandsSeparatorName(group)));
            }
        } else {
            // A decimal comma comes with '.' groups in the spreadsheets that write it; a point with none.
            group = mark == DecimalMark::Comma ? ThousandsSeparator::Point : ThousandsSeparator::None;
        }
    }
    d.thousandsSeparator = group;
    if (v.percent)
        d.notes.append(QStringLiteral("Values carry a %-sign; it is removed and the number kept as written (12,5 % = 12.5)."));
    if (!d.currencies.isEmpty())
        d.notes.append(QStringLiteral("Values carry a currency (%1); it is removed.").arg(d.currencies.join(QStringLiteral(", "))));
}

void addForm(FormatDetection &d, const QString &form)
{
    if (!d.dateForms.contains(form))
        d.dateForms.append(form);
}

QString suggestZoneUncached(const QList<QPair<qint64, int>> &seen)
{
    const auto fits = [&seen](const QTimeZone &zone) {
        for (const auto &[utcMs, offset] : seen) {
            if (zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(utcMs, QTimeZone::utc())) != offset)
                return false;
        }
        return true;
    };
    QList<QByteArray> preferred{QTimeZone::systemTimeZoneId(), "Europe/Berlin", "Europe/Paris", "Europe/London",
                                "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
                                "Asia/Tokyo", "Asia/Kolkata", "Australia/Sydney", "Europe/Zurich", "Europe/Vienna"};
    for (const QByteArray &id : preferred) {
        const QTimeZone zone(id);
        if (zone.isValid() && fits(zone))
            return QString::fromUtf8(id);
    }
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds()) {
        if (!id.contains('/') || id.startsWith("Etc/"))
            continue;
        const QTimeZone zone(id);
        if (fits(zone))
            return QString::fromUtf8(id);
    }
    return {};
}

// An IANA zone whose UTC offset is the one seen at each instant; the system zone and a few common ones first.
// A scan of every zone costs 50-300 ms, so answers are kept (a preview asks again on every change).
QString suggestZone(const QList<QPair<qint64, int>> &seen)
{
    if (seen.isEmpty())
        return {};
    QByteArray key;
    for (const auto &[utcMs, offset] : seen)
        key += QByteArray::number(utcMs) + ':' + QByteArray::number(offset) + ',';
    static QMutex mutex;
    static QHash<QByteArray, QString> cache;
    {
        const QMutexLocker lock(&mutex);
        if (auto it = cache.constFind(key); it != cache.constEnd())
            return *it;
    }
    const QString zone = suggestZoneUncached(seen);
    const QMutexLocker lock(&mutex);
    if (cache.size() > 256)
        cache.clear();
    cache.insert(key, zone);
    return zone;
}

void detectDates(const FormatSample &sample, const ReadOptions &options, FormatDetection &d)
{
    d.sampledTimestamps = sample.timestamps.size() + sample.epochNumbers.size();
    qsizetype seconds = 0, millis = 0;
    const auto epoch = [&](double x) {
        ++(std::fabs(x) >= 1e11 ? millis : seconds);
    };
    for (double x : sample.epochNumbers)
        epoch(x);
    qsizetype dayFirst = 0, monthFirst = 0, ambiguous = 0, dotted = 0, amPm = 0, twoDigit = 0;
    qsizetype epochTexts = 0, compactDates = 0; // numbers that read as yyyyMMdd too
    QByteArray exampleDay, exampleMonth, exampleAmbiguous, exampleTwoDigit;
    QList<QPair<qint64, int>> offsetInstants;
    TimestampParser iso(QTimeZone::utc(), EpochUnit::Milliseconds);
    iso.setDateOrder(DateOrder::YearFirst);
    if (!options.dateFormat.isEmpty()) {
        if (auto f = ExplicitDateFormat::compile(options.dateFormat))
            iso.setExplicitFormat(*f);
    }
    for (const QByteArray &text : sample.timestamps) {
        const char *p = text.constData();
        const qsizetype n = text.size();
        qint64 utc = 0;
        // Epoch numbers as text
        {
            const char *b = p, *e = p + n;
            while (b < e && *b == ' ')
                ++b;
            while (e > b && (e[-1] == ' ' || e[-1] == '\r'))
                --e;
            double x = 0;
            const auto [ptr, ec] = std::from_chars(b, e, x, std::chars_format::fixed);
            if (options.dateFormat.isEmpty() && b < e && ec == std::errc() && ptr == e) {
                epoch(x);
                ++epochTexts;
                const qint64 v = qint64(x);
                const int y = int(v / 10000), m = int(v / 100 % 100), dd = int(v % 100);
                compactDates += e - b == 8 && double(v) == x && y >= 1800 && y <= 2100 && QDate::isValid(y, m, dd);
                addForm(d, QStringLiteral("epoch"));
                continue;
            }
        }
        const bool readable = iso.parse(p, n, utc) == TimestampParser::Status::Ok;
        if (readable && iso.lastHadOffset()) {
            // "Z" says UTC, not the local offset of a zone: only non-zero offsets locate a zone.
            if (iso.lastOffsetSeconds() != 0 && offsetInstants.size() < 64 && !offsetInstants.contains({utc, iso.lastOffsetSeconds()}))
                offsetInstants.append({utc, iso.lastOffsetSeconds()});
            if (!d.offsets.contains(iso.lastOffsetSeconds()))
                d.offsets.append(iso.lastOffsetSeconds());
        }
        if (!options.dateFormat.isEmpty()) {
            if (readable) {
                addForm(d, QStringLiteral("explicit"));
                d.localTimestamps += !iso.lastHadOffset();
            } else if (d.unreadableTimestamps.size() < 5) {
                d.unreadableTimestamps.append(QString::fromUtf8(text.left(60)));
            }
            continue;
        }
        const bool isoDate = n >= 10 && p[4] == '-' && p[7] == '-';
        const DateParser::Shape shape = isoDate ? DateParser::Shape() : DateParser::shape(p, n);
        if (readable && (isoDate || shape.kind == DateParser::Shape::Kind::Unreadable)) {
            addForm(d, QStringLiteral("iso"));
            d.localTimestamps += !iso.lastHadOffset();
            continue;
        }
        if (shape.kind != DateParser::Shape::Kind::Unreadable && shape.kind != DateParser::Shape::Kind::TwoDigitYear) {
            if (!shape.hasOffset)
                ++d.localTimestamps;
            else if (!d.offsets.contains(shape.offsetSeconds))
                d.offsets.append(shape.offsetSeconds);
        }
        amPm += shape.amPm;
        switch (shape.kind) {
        case DateParser::Shape::Kind::NumericDate:
            dotted += shape.separator == '.';
            if (shape.first > 12 && shape.second <= 12) {
                ++dayFirst;
                exampleDay = text;
                addForm(d, QStringLiteral("day-first"));
            } else if (shape.second > 12 && shape.first <= 12) {
                ++monthFirst;
                exampleMonth = text;
                addForm(d, QStringLiteral("month-first"));
            } else if (shape.first <= 12 && shape.second <= 12) {
                if (shape.first != shape.second) {
                    ++ambiguous;
                    exampleAmbiguous = text;
                }
            } else if (d.unreadableTimestamps.size() < 5) {
                d.unreadableTimestamps.append(QString::fromUtf8(text.left(60)));
            }
            break;
        case DateParser::Shape::Kind::YearFirstDate: addForm(d, QStringLiteral("year-first")); break;
        case DateParser::Shape::Kind::Month: addForm(d, QStringLiteral("month")); break;
        case DateParser::Shape::Kind::Quarter: addForm(d, QStringLiteral("quarter")); break;
        case DateParser::Shape::Kind::NamedMonth: addForm(d, QStringLiteral("month-name")); break;
        case DateParser::Shape::Kind::TwoDigitYear:
            ++twoDigit;
            exampleTwoDigit = text;
            addForm(d, QStringLiteral("two-digit-year"));
            break;
        case DateParser::Shape::Kind::Unreadable:
            addForm(d, QStringLiteral("unreadable"));
            if (d.unreadableTimestamps.size() < 5)
                d.unreadableTimestamps.append(QString::fromUtf8(text.left(60)));
            break;
        }
    }
    if (!sample.epochNumbers.isEmpty())
        addForm(d, QStringLiteral("epoch"));

    // Date order.
    d.dateFormat = options.dateFormat;
    DateOrder order = options.dateOrder;
    if (order == DateOrder::Auto && options.dateFormat.isEmpty()) {
        if (dayFirst > 0 && monthFirst > 0) {
            order = dayFirst >= monthFirst ? DateOrder::DayFirst : DateOrder::MonthFirst;
            d.dateOrderDetected = true;
            d.dateOrderAmbiguous = true;
            d.notes.append(QStringLiteral("Dates disagree on their order: %1 can only be day-first (e.g. %2), %3 only month-first (e.g. %4). "
                                          "Read as %5 (the majority); the others will be rejected. Set the date order or format if that is wrong.")
                               .arg(dayFirst).arg(quoted(exampleDay)).arg(monthFirst).arg(quoted(exampleMonth)).arg(dateOrderName(order)));
        } else if (dayFirst > 0) {
            order = DateOrder::DayFirst;
            d.dateOrderDetected = true;
        } else if (monthFirst > 0) {
            order = DateOrder::MonthFirst;
            d.dateOrderDetected = true;
        } else if (ambiguous > 0) {
            d.dateOrderDetected = true;
            d.dateOrderAmbiguous = true;
            QString why;
            if (dotted * 2 > ambiguous) {
                order = DateOrder::DayFirst;
                why = QStringLiteral("dates written with dots are day-first");
            } else if (amPm * 2 > ambiguous) {
                order = DateOrder::MonthFirst;
                why = QStringLiteral("times with AM/PM come with month-first dates");
            } else if (sample.delimiter == ';') {
                order = DateOrder::DayFirst;
                why = QStringLiteral("the file is separated by ';', as day-first exports are");
            } else {
                order = DateOrder::DayFirst;
                why = QStringLiteral("that is the reading everywhere but in the US");
            }
            const QString first = order == DateOrder::DayFirst ? QStringLiteral("day-first") : QStringLiteral("month-first");
            d.notes.append(QStringLiteral("No sampled date has a day above 12 (e.g. %1 could be either order); read as %2 because %3. "
                                          "Set the date order or a date format if that is wrong.")
                               .arg(quoted(exampleAmbiguous), first, why));
        } else {
            order = DateOrder::DayFirst; // no such dates in the sample: what a later one would be read as
        }
    } else if (order == DateOrder::Auto) {
        order = DateOrder::DayFirst;
    }
    d.dateOrder = order;
    if (twoDigit > 0 && options.dateFormat.isEmpty()) {
        d.notes.append(QStringLiteral("%1 sampled date(s) have a two-digit year (e.g. %2); they are only read with an explicit date format such as dd.MM.yy.")
                           .arg(twoDigit).arg(quoted(exampleTwoDigit)));
    }

    // Epoch unit.
    EpochUnit unit = options.epochUnit;
    if (unit == EpochUnit::Auto && (seconds > 0 || millis > 0)) {
        unit = millis > seconds ? EpochUnit::Milliseconds : EpochUnit::Seconds;
        d.epochUnitDetected = true;
        if (seconds > 0 && millis > 0) {
            d.epochUnitAmbiguous = true;
            d.notes.append(QStringLiteral("Numeric timestamps have both sizes: %1 look like seconds, %2 like milliseconds. Read as %3 (the majority); "
                                          "the others will be rejected. Set the epoch unit (--epoch-unit s|ms) if that is wrong.")
                               .arg(seconds).arg(millis).arg(epochUnitName(unit)));
        }
    }
    d.epochUnit = unit;
    if (epochTexts > 0 && compactDates == epochTexts) {
        d.notes.append(QStringLiteral("Every numeric timestamp of the sample also reads as a date written yyyyMMdd (e.g. 20240315); they are read as epoch %1. "
                                      "Set the date format yyyyMMdd if they are dates.").arg(epochUnitName(unit)));
    }

    // Offsets: where days are cut depends on them.
    std::sort(d.offsets.begin(), d.offsets.end());
    if (!offsetInstants.isEmpty() && (d.offsets.size() > 1 || (d.offsets.size() == 1 && d.offsets.first() != 0)))
        d.suggestedTimezone = suggestZone(offsetInstants);
    if (d.offsets.size() > 1) {
        QStringList texts;
        for (int o : std::as_const(d.offsets))
            texts.append(offsetText(o));
        d.notes.append(QStringLiteral("Timestamps carry different UTC offsets (%1); each is read with its own offset.%2")
                           .arg(texts.join(QStringLiteral(", ")),
                                d.suggestedTimezone.isEmpty() ? QString()
                                                              : QStringLiteral(" They fit the time zone %1.").arg(d.suggestedTimezone)));
    }
}

} // namespace

FormatDetection detectFormats(const FormatSample &sample, const ReadOptions &options)
{
    FormatDetection d;
    d.sampledRecords = sample.records;
    detectNumbers(sample, options, d);
    detectDates(sample, options, d);
    return d;
}

ReadOptions FormatDetection::applyTo(ReadOptions options) const
{
    options.decimalMark = decimalMark;
    options.thousandsSeparator = thousandsSeparator;
    options.dateOrder = dateOrder;
    // epochUnit stays as given: an inferred unit is not an explicit one (RowBuilder::setFormats applies it).
    return options;
}

QJsonObject FormatDetection::toJson() const
{
    const auto setting = [](const QString &value, bool detected, bool ambiguous) {
        return QJsonObject{{QStringLiteral("value"), value}, {QStringLiteral("detected"), detected},
                           {QStringLiteral("ambiguous"), ambiguous}};
    };
    QJsonArray offsetsJson;
    for (int o : offsets)
        offsetsJson.append(offsetText(o));
    QJsonObject json{
        {QStringLiteral("decimalMark"), setting(decimalMarkName(decimalMark), decimalMarkDetected, decimalMarkAmbiguous)},
        {QStringLiteral("thousandsSeparator"), setting(thousandsSeparatorName(thousandsSeparator), thousandsDetected, thousandsAmbiguous)},
        {QStringLiteral("dateOrder"), setting(dateOrderName(dateOrder), dateOrderDetected, dateOrderAmbiguous)},
        {QStringLiteral("epochUnit"), setting(epochUnitName(epochUnit), epochUnitDetected, epochUnitAmbiguous)},
        {QStringLiteral("dateFormat"), dateFormat},
        {QStringLiteral("sampledRecords"), sampledRecords},
        {QStringLiteral("sampledValues"), sampledValues},
        {QStringLiteral("sampledTimestamps"), sampledTimestamps},
        {QStringLiteral("currencies"), QJsonArray::fromStringList(currencies)},
        {QStringLiteral("percent"), percent},
        {QStringLiteral("parenthesesNegatives"), parenthesesNegatives},
        {QStringLiteral("dateForms"), QJsonArray::fromStringList(dateForms)},
        {QStringLiteral("offsets"), offsetsJson},
        {QStringLiteral("localTimestamps"), localTimestamps},
        {QStringLiteral("suggestedTimezone"), suggestedTimezone},
        {QStringLiteral("unreadableTimestamps"), QJsonArray::fromStringList(unreadableTimestamps)},
        {QStringLiteral("notes"), QJsonArray::fromStringList(notes)},
    };
    return json;
}

} // namespace Ingest
