#include "cronschedule.h"

#include <QRegularExpression>

#include <algorithm>
#include <functional>

namespace Scheduler {

using Common::Error;
using Common::Result;

namespace {

constexpr qint64 HourMs = 3600LL * 1000;

const QStringList MonthNames{QStringLiteral("jan"), QStringLiteral("feb"), QStringLiteral("mar"), QStringLiteral("apr"),
                             QStringLiteral("may"), QStringLiteral("jun"), QStringLiteral("jul"), QStringLiteral("aug"),
                             QStringLiteral("sep"), QStringLiteral("oct"), QStringLiteral("nov"), QStringLiteral("dec")};
const QStringList DayNames{QStringLiteral("sun"), QStringLiteral("mon"), QStringLiteral("tue"), QStringLiteral("wed"),
                           QStringLiteral("thu"), QStringLiteral("fri"), QStringLiteral("sat")};

Error badSchedule(const QString &text, const QString &why)
{
    return Error::badInput(QStringLiteral("BAD_SCHEDULE"),
                           QStringLiteral("'%1' is not a schedule: %2. Use 'daily HH:MM', 'weekly DAY HH:MM', "
                                          "'off' or five cron fields 'minute hour day month weekday' (e.g. '15 2 * * *').")
                               .arg(text, why));
}

// One value: a number, or a name (names: index + nameBase).
bool parseValue(const QString &token, const QStringList &names, int nameBase, int *value)
{
    bool ok = false;
    *value = token.toInt(&ok);
    if (ok)
        return true;
    const QString lower = token.toLower();
    for (qsizetype i = 0; i < names.size(); ++i) {
        if (lower == names.at(i) || (lower.size() > 3 && lower.left(3) == names.at(i))) { // "sun", "sunday"
            *value = int(i) + nameBase;
            return true;
        }
    }
    return false;
}

// Parses one field into bits [low, high]; restricted is false for a plain "*".
template<std::size_t N>
bool parseField(const QString &field, int low, int high, const QStringList &names, int nameBase, std::bitset<N> &bits,
                bool *restricted, QString *why)
{
    bits.reset();
    *restricted = field != QLatin1String("*");
    for (const QString &item : field.split(QLatin1Char(','))) {
        QString range = item;
        int step = 1;
        if (const qsizetype slash = item.indexOf(QLatin1Char('/')); slash >= 0) {
            bool ok = false;
            step = item.mid(slash + 1).toInt(&ok);
            if (!ok || step <= 0) {
                *why = QStringLiteral("bad step in '%1'").arg(item);
                return false;
            }
            range = item.left(slash);
        }
        int from = low, to = high;
        if (range == QLatin1String("*")) {
            // whole range
        } else if (const qsizetype dash = range.indexOf(QLatin1Char('-')); dash > 0) {
            if (!parseValue(range.left(dash), names, nameBase, &from) || !parseValue(range.mid(dash + 1), names, nameBase, &to)) {
                *why = QStringLiteral("bad range '%1'").arg(item);
                return false;
            }
        } else {
            if (!parseValue(range, names, nameBase, &from)) {
                *why = QStringLiteral("bad value '%1'").arg(item);
                return false;
            }
            to = item.contains(QLatin1Char('/')) ? high : from; // "5/15" means 5-max/15
        }
        if (from < low || to > high || from > to) {
            *why = QStringLiteral("'%1' is outside %2-%3").arg(item).arg(low).arg(high);
            return false;
        }
        for (int v = from; v <= to; v += step)
            bits.set(std::size_t(v));
    }
    return true;
}

// "02:15" or "2:15".
bool parseClock(const QString &text, int *hour, int *minute)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d{1,2}):(\\d{2})$"));
    const QRegularExpressionMatch match = pattern.match(text);
    if (!match.hasMatch())
        return false;
    *hour = match.captured(1).toInt();
    *minute = match.captured(2).toInt();
    return *hour < 24 && *minute < 60;
}

QDateTime utcFromMs(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

int offsetAt(const QTimeZone &zone, qint64 ms)
{
    return zone.offsetFromUtc(utcFromMs(ms));
}

} // namespace

Result<CronSchedule> CronSchedule::parse(const QString &input)
{
    const QString text = input.simplified();
    QStringList fields = text.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    QString cron;
    if (!fields.isEmpty() && fields.first().compare(QLatin1String("daily"), Qt::CaseInsensitive) == 0) {
        int hour = 0, minute = 0;
        if (fields.size() != 2 || !parseClock(fields.at(1), &hour, &minute))
            return badSchedule(text, QStringLiteral("'daily' expects a time HH:MM"));
        cron = QStringLiteral("%1 %2 * * *").arg(minute).arg(hour);
    } else if (!fields.isEmpty() && fields.first().compare(QLatin1String("weekly"), Qt::CaseInsensitive) == 0) {
        int hour = 0, minute = 0, day = 0;
        if (fields.size() != 3 || !parseClock(fields.at(2), &hour, &minute) || !parseValue(fields.at(1), DayNames, 0, &day) || day < 0 || day > 7)
            return badSchedule(text, QStringLiteral("'weekly' expects a weekday and a time, e.g. 'weekly Sun 03:30'"));
        cron = QStringLiteral("%1 %2 * * %3").arg(minute).arg(hour).arg(day % 7);
    } else if (fields.size() == 5) {
        cron = fields.join(QLatin1Char(' '));
    } else {
        return badSchedule(text, QStringLiteral("expected five fields, got %1").arg(fields.size()));
    }

    fields = cron.split(QLatin1Char(' '));
    CronSchedule schedule;
    schedule.m_text = text;
    schedule.m_cron = cron;
    QString why;
    bool restricted = false;
    std::bitset<8> weekdays;
    if (!parseField(fields.at(0), 0, 59, {}, 0, schedule.m_minutes, &restricted, &why)
        || !parseField(fields.at(1), 0, 23, {}, 0, schedule.m_hours, &restricted, &why)
        || !parseField(fields.at(2), 1, 31, {}, 0, schedule.m_days, &schedule.m_daysRestricted, &why)
        || !parseField(fields.at(3), 1, 12, MonthNames, 1, schedule.m_months, &restricted, &why)
        || !parseField(fields.at(4), 0, 7, DayNames, 0, weekdays, &schedule.m_weekdaysRestricted, &why)) {
        return badSchedule(text, why);
    }
    for (int d = 0; d < 7; ++d)
        schedule.m_weekdays.set(std::size_t(d), weekdays.test(std::size_t(d)) || (d == 0 && weekdays.test(7)));
    return schedule;
}

bool CronSchedule::matchesDay(const QDate &date) const
{
    if (!m_months.test(std::size_t(date.month())))
        return false;
    const bool dayMatch = m_days.test(std::size_t(date.day()));
    const bool weekdayMatch = m_weekdays.test(std::size_t(date.dayOfWeek() % 7));
    if (m_daysRestricted && m_weekdaysRestricted)
        return dayMatch || weekdayMatch;
    return dayMatch && weekdayMatch;
}

QDateTime CronSchedule::resolveWallTime(const QDate &date, const QTime &time, const QTimeZone &zone)
{
    // The wall time read as if it were UTC; the instant is wall - offset for the offset in force.
    const qint64 wall = QDateTime(date, time, QTimeZone::utc()).toMSecsSinceEpoch();
    const int before = offsetAt(zone, wall - 26 * HourMs);
    const int after = offsetAt(zone, wall + 26 * HourMs);
    const int here = offsetAt(zone, wall);
    // Larger offsets give earlier instants: trying them first picks the first occurrence of a
    // repeated wall time.
    QList<int> offsets{before, after, here};
    std::sort(offsets.begin(), offsets.end(), std::greater<int>());
    for (int offset : std::as_const(offsets)) {
        const qint64 instant = wall - offset * 1000LL;
        if (offsetAt(zone, instant) == offset)
            return utcFromMs(instant);
    }
    if (after > before) {
        // In the gap: the transition instant t satisfies t + before <= wall < t + after; search it.
        qint64 low = wall - after * 1000LL;  // still on the old offset
        qint64 high = wall - before * 1000LL; // already on the new offset
        while (high - low > 1000) {
            const qint64 middle = low + (high - low) / 2;
            if (offsetAt(zone, middle) == after)
                high = middle;
            else
                low = middle;
        }
        return utcFromMs(high - high % 1000);
    }
    return QDateTime(date, time, zone).toUTC();
}

QDateTime CronSchedule::nextAfter(const QDateTime &after, const QTimeZone &zone) const
{
    const QDateTime from = after.toUTC();
    int lastHour = -1, lastMinute = -1;
    for (int h = 23; h >= 0 && lastHour < 0; --h) {
        if (m_hours.test(std::size_t(h)))
            lastHour = h;
    }
    for (int m = 59; m >= 0 && lastMinute < 0; --m) {
        if (m_minutes.test(std::size_t(m)))
            lastMinute = m;
    }
    if (lastHour < 0 || lastMinute < 0)
        return {};
    // Start a day early: with the zone's offset the previous local day can still hold later instants.
    QDate day = from.toTimeZone(zone).date().addDays(-1);
    for (int i = 0; i < 366 * 8 + 2; ++i, day = day.addDays(1)) {
        if (!matchesDay(day))
            continue;
        if (resolveWallTime(day, QTime(lastHour, lastMinute), zone) <= from)
            continue; // nothing of this day is after `from`
        for (int h = 0; h < 24; ++h) {
            if (!m_hours.test(std::size_t(h)) || resolveWallTime(day, QTime(h, lastMinute), zone) <= from)
                continue;
            for (int m = 0; m < 60; ++m) {
                if (!m_minutes.test(std::size_t(m)))
                    continue;
                const QDateTime due = resolveWallTime(day, QTime(h, m), zone);
                if (due > from)
                    return due;
            }
        }
    }
    return {};
}

QDateTime CronSchedule::previousAtOrBefore(const QDateTime &until, const QTimeZone &zone) const
{
    const QDateTime to = until.toUTC();
    int firstHour = -1, firstMinute = -1;
    for (int h = 0; h < 24 && firstHour < 0; ++h) {
        if (m_hours.test(std::size_t(h)))
            firstHour = h;
    }
    for (int m = 0; m < 60 && firstMinute < 0; ++m) {
        if (m_minutes.test(std::size_t(m)))
            firstMinute = m;
    }
    if (firstHour < 0 || firstMinute < 0)
        return {};
    QDate day = to.toTimeZone(zone).date().addDays(1);
    for (int i = 0; i < 366 * 8 + 2; ++i, day = day.addDays(-1)) {
        if (!matchesDay(day) || resolveWallTime(day, QTime(firstHour, firstMinute), zone) > to)
            continue;
        for (int h = 23; h >= 0; --h) {
            if (!m_hours.test(std::size_t(h)) || resolveWallTime(day, QTime(h, firstMinute), zone) > to)
                continue;
            for (int m = 59; m >= 0; --m) {
                if (!m_minutes.test(std::size_t(m)))
                    continue;
                const QDateTime due = resolveWallTime(day, QTime(h, m), zone);
                if (due <= to)
                    return due;
            }
        }
    }
    return {};
}

} // namespace Scheduler
