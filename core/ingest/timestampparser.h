#pragma once
// TimestampParser turns the timestamp texts and numbers found in event files into UTC milliseconds:
// ISO 8601 (date only, 'T' or space, fractions of any length, Z / +hh:mm / +hhmm / +hh) and epoch seconds or
// milliseconds. It is hand-rolled because QDateTime::fromString is two orders of magnitude too slow for
// the import path; local times (no offset) are resolved in the import's time zone through a per-day cache.

#include "eventreader.h"

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

    Status parse(const char *text, qsizetype size, qint64 &utcMs);
    Status parseEpoch(double number, qint64 &utcMs); // a JSON number or a numeric string

    qint64 inferredSeconds() const { return m_inferredSeconds; }
    qint64 inferredMilliseconds() const { return m_inferredMilliseconds; }
    qint64 localTimes() const { return m_localTimes; } // timestamps without offset, resolved in the time zone

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
    char m_lastDate[10] = {'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x', 'x'}; // YYYY-MM-DD of the previous timestamp
    qint64 m_lastDays = 0;
};

} // namespace Ingest
