#pragma once
// A cron-like schedule: "minute hour day-of-month month day-of-week" with lists (1,15), ranges
// (1-5), steps (*/15, 8-18/2) and names (jan..dec, sun..sat; 0 and 7 are Sunday), plus the
// shorthands "daily HH:MM" and "weekly DAY HH:MM". As in cron, when both day-of-month and
// day-of-week are restricted a day matching either one is due.
//
// Due times are wall-clock times in an IANA timezone. Daylight-saving rules (why not simply
// QDateTime(date, time, zone)): a wall time that does not exist (the spring-forward gap) is due at
// the first valid instant after the gap, once even if several wall times fall into it; a wall time
// that occurs twice (fall-back) is due at its first occurrence only.

#include "common/result.h"

#include <QDateTime>
#include <QString>
#include <QTimeZone>

#include <bitset>

namespace Scheduler {

class CronSchedule final
{
public:
    static Common::Result<CronSchedule> parse(const QString &text);

    // The first due instant strictly after `after` (UTC), or an invalid QDateTime when the rule never
    // matches (e.g. "0 0 31 2 *") within the next 8 years.
    QDateTime nextAfter(const QDateTime &after, const QTimeZone &zone) const;

    // The last due instant at or before `until` (UTC), or invalid when none within 8 years back.
    QDateTime previousAtOrBefore(const QDateTime &until, const QTimeZone &zone) const;

    QString text() const { return m_text; }       // as given, trimmed
    QString cronText() const { return m_cron; }   // the five fields
    bool matchesDay(const QDate &date) const;

    // The UTC instant of a wall time in zone under the rules above.
    static QDateTime resolveWallTime(const QDate &date, const QTime &time, const QTimeZone &zone);

private:
    CronSchedule() = default;

    QString m_text;
    QString m_cron;
    std::bitset<60> m_minutes;
    std::bitset<24> m_hours;
    std::bitset<32> m_days;     // 1..31
    std::bitset<13> m_months;   // 1..12
    std::bitset<7> m_weekdays;  // 0 = Sunday
    bool m_daysRestricted = false;
    bool m_weekdaysRestricted = false;
};

} // namespace Scheduler
