#pragma once
// TimestampParser turns the timestamp texts and numbers found in event files into UTC milliseconds:
// ISO 8601 (date only, 'T' or space, fractions of any length, Z / +hh:mm / +hhmm / +hh) and epoch seconds or
// milliseconds on a fast path, then the locale forms of DateParser (31.12.2024 13:05, 12/31/2024 1:05 PM,
// 2024-03, 1960Q1, ...) in a resolved date order, or an explicit format. It is hand-rolled because
// QDateTime::fromString is two orders of magnitude too slow for the import path; local times (no offset)
// are resolved in the import's time zone through a per-day cache.
//
// Epoch units: an explicit unit reads every number in it. Auto with a unit inferred from the sample
// (setInferredEpochUnit) reads numbers whose magnitude fits that unit (< 1e11 seconds, >= 1e11 ms) and
// rejects the others as OutOfRange (counted in epochUnitMismatches()); Auto without one decides at the
// first number and then stays with it. A number is never re-read in the other unit.

#include "dateparser.h"
#include "eventreader.h"

#include <optional>

#include <QHash>
#include <QTimeZone>

namespace Ingest {

class TimestampParser final
{
public:
    enum class Status { Ok, Invalid, OutOfRange };

    // Dates and times: any instant of years 0001-9999 (historical series such as monthly data from
    // the 1940s are ordinary input). Epoch numbers: from 0, since a negative number in a timestamp
    // column is far more often the wrong column than a date before 1970.
    static constexpr qint64 MinMs = -62135596800000; // 0001-01-01T00:00:00.000Z
    static constexpr qint64 MaxMs = 253402300799999; // 9999-12-31T23:59:59.999Z

    TimestampParser(const QTimeZone &timezone, EpochUnit unit);

    // The order of numeric dates that are not ISO (Auto: such dates are rejected, nothing is guessed).
    void setDateOrder(DateOrder order) { m_order = order; }
    // Every text timestamp is read with this format first; ISO 8601 is still accepted, epoch numbers not.
    void setExplicitFormat(const ExplicitDateFormat &format) { m_explicit = format; }
    // With EpochUnit::Auto: the unit the sample showed (Seconds or Milliseconds).
    void setInferredEpochUnit(EpochUnit unit) { m_inferredUnit = unit; }

    Status parse(const char *text, qsizetype size, qint64 &utcMs);
    Status parseEpoch(double number, qint64 &utcMs); // a JSON number or a numeric string

    qint64 inferredSeconds() const { return m_inferredSeconds; }
    qint64 inferredMilliseconds() const { return m_inferredMilliseconds; }
    qint64 epochUnitMismatches() const { return m_epochMismatches; } // rejected: the other unit's magnitude
    EpochUnit inferredEpochUnit() const { return m_inferredUnit; }
    bool epochUnitFromFirstRow() const { return m_unitFromFirstRow; }
    qint64 localTimes() const { return m_localTimes; } // timestamps without offset, resolved in the time zone
    qint64 localeForms() const { return m_localeForms; } // timestamps read by DateParser or the explicit format
    // The distinct UTC offsets (seconds east) of timestamps that carried one, in order of appearance (at most 8).
    const QList<int> &offsetsSeen() const { return m_offsets; }
    // The offset of the last timestamp parsed, when it carried one (for detection).
    bool lastHadOffset() const { return m_lastHadOffset; }
    int lastOffsetSeconds() const { return m_lastOffset; }

    // Days since 1970-01-01 of a proleptic Gregorian date (valid for all years we accept).
    static qint64 daysFromCivil(int year, int month, int day);

private:
    struct DayZone
    {
        int offsetBefore = 0;  // seconds east of UTC before the transition (or all day)
        int offsetAfter = 0;
        qint64 transitionUtc = 0; // seconds; only when offsetBefore != offsetAfter
    };

    qint64 localToUtcMs(qint64 localMs);
    Status parseIso(const char *p, qsizetype n, qint64 &utcMs);
    Status parseOther(const char *p, qsizetype n, bool isoShape, qint64 &utcMs); // the forms off the fast path
    Status fromParts(const DateTimeParts &parts, qint64 &utcMs);
    void noteOffset(int seconds)
    {
        m_lastHadOffset = true;
        if (seconds != m_lastOffset || m_offsets.isEmpty()) {
            m_lastOffset = seconds;
            if (!m_offsets.contains(seconds) && m_offsets.size() < 8)
                m_offsets.append(seconds);
        }
    }
    const DayZone &dayZone(qint64 localDay);
    int offsetAt(qint64 utcSeconds) const;

    QTimeZone m_zone;
    EpochUnit m_unit;
    bool m_fixed = true;
    int m_fixedOffset = 0;
    QHash<qint64, DayZone> m_days;
    qint64 m_lastDay = std::numeric_limits<qint64>::min();
    DayZone m_lastZone;
    qint64 m_inferredSeconds = 0;
    qint64 m_inferredMilliseconds = 0;
    qint64 m_localTimes = 0;
    qint64 m_localeForms = 0;
    qint64 m_epochMismatches = 0;
    DateOrder m_order = DateOrder::Auto;
    std::optional<ExplicitDateFormat> m_explicit;
    EpochUnit m_inferredUnit = EpochUnit::Auto;
    bool m_unitFromFirstRow = false;
    QList<int> m_offsets;
    int m_lastOffset = 0;
    bool m_lastHadOffset = false;
    char m_lastDate[10] = {'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'}; // YYYY-MM-DD of the previous timestamp
    qint64 m_lastDays = 0;
};

} // namespace Ingest
