#pragma once
// How often a series has a value: its daily KPIs fall on every day, on one weekday (a weekly export),
// on the first or the last day of each month (a monthly one, such as AirPassengers), or on the first
// or last day of each quarter (a quarterly one, such as GDP series: 1960Q1 is imported as 1960-01-01).
// Forecasts step and take their seasonal period (7, 52, 12, 4) by it, anomaly windows count its steps,
// and charts join its neighbouring steps; a missing step is a gap, not the days in between.

#include <QDate>
#include <QList>
#include <QString>

#include <algorithm>

namespace Common {

enum class Grain { Day, Week, Month, Quarter };

// The grain of these days (sorted, distinct): Day unless at least 4 of them all fall on one weekday,
// or all on the first (or all on the last) day of their month — Quarter when those months are all
// quarter months (Jan/Apr/Jul/Oct for first days, Mar/Jun/Sep/Dec for last days), else Month.
// monthEnd: set for the last-day cases.
inline Grain grainOf(const QList<QDate> &days, bool *monthEnd = nullptr)
{
    if (monthEnd)
        *monthEnd = false;
    if (days.size() < 4)
        return Grain::Day; // too few to tell
    const auto all = [&days](auto predicate) { return std::all_of(days.begin(), days.end(), predicate); };
    if (all([](const QDate &d) { return d.day() == 1; }))
        return all([](const QDate &d) { return d.month() % 3 == 1; }) ? Grain::Quarter : Grain::Month;
    if (all([](const QDate &d) { return d.day() == d.daysInMonth(); })) {
        if (monthEnd)
            *monthEnd = true;
        return all([](const QDate &d) { return d.month() % 3 == 0; }) ? Grain::Quarter : Grain::Month;
    }
    const int weekday = days.first().dayOfWeek();
    if (all([weekday](const QDate &d) { return d.dayOfWeek() == weekday; }))
        return Grain::Week;
    return Grain::Day;
}

// A position that grows by one per step of the grain: the Julian day, the week, the month or the quarter.
inline qint64 stepIndex(Grain grain, const QDate &day)
{
    switch (grain) {
    case Grain::Week:
        return day.toJulianDay() / 7; // days of one weekday: consecutive weeks differ by one
    case Grain::Month:
        return qint64(day.year()) * 12 + day.month();
    case Grain::Quarter:
        return qint64(day.year()) * 4 + (day.month() - 1) / 3;
    case Grain::Day:
        break;
    }
    return day.toJulianDay();
}

// "daily", "weekly", "monthly", "quarterly" (as stored in a forecast run's details) and back; Day for anything else.
inline QString grainName(Grain grain)
{
    switch (grain) {
    case Grain::Week: return QStringLiteral("weekly");
    case Grain::Month: return QStringLiteral("monthly");
    case Grain::Quarter: return QStringLiteral("quarterly");
    case Grain::Day: break;
    }
    return QStringLiteral("daily");
}

inline Grain grainFromName(QStringView name)
{
    if (name == QLatin1String("quarterly"))
        return Grain::Quarter;
    return name == QLatin1String("monthly") ? Grain::Month : name == QLatin1String("weekly") ? Grain::Week : Grain::Day;
}

// The plural of one step: "days", "weeks", "months", "quarters".
inline QString unitName(Grain grain)
{
    switch (grain) {
    case Grain::Week: return QStringLiteral("weeks");
    case Grain::Month: return QStringLiteral("months");
    case Grain::Quarter: return QStringLiteral("quarters");
    case Grain::Day: break;
    }
    return QStringLiteral("days");
}

// The seasonal period of the grain: a week of days, a year of weeks, months or quarters.
inline int seasonalPeriod(Grain grain)
{
    switch (grain) {
    case Grain::Week: return 52;
    case Grain::Month: return 12;
    case Grain::Quarter: return 4;
    case Grain::Day: break;
    }
    return 7;
}

} // namespace Common
