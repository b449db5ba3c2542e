#pragma once
// How often a series has a value: its daily KPIs fall on every day, on one weekday (a weekly export),
// or on the first or the last day of each month (a monthly one, such as AirPassengers). Forecasts
// step and take their seasonal period (7, 52, 12) by it, anomaly windows count its steps, and charts
// join its neighbouring steps; a missing step is a gap, not the days in between.

#include <QDate>
#include <QList>
#include <QString>

#include <algorithm>

namespace Common {

enum class Grain { Day, Week, Month };

// The grain of these days (sorted, distinct): Day unless at least 4 of them all fall on one weekday,
// or all on the first (or all on the last) day of their month. monthEnd: set for the last-day case.
inline Grain grainOf(const QList<QDate> &days, bool *monthEnd = nullptr)
{
    if (monthEnd)
        *monthEnd = false;
    if (days.size() < 4)
        return Grain::Day; // too few to tell
    const auto all = [&days](auto predicate) { return std::all_of(days.begin(), days.end(), predicate); };
    if (all([](const QDate &d) { return d.day() == 1; }))
        return Grain::Month;
    if (all([](const QDate &d) { return d.day() == d.daysInMonth(); })) {
        if (monthEnd)
            *monthEnd = true;
        return Grain::Month;
    }
    const int weekday = days.first().dayOfWeek();
    if (all([weekday](const QDate &d) { return d.dayOfWeek() == weekday; }))
        return Grain::Week;
    return Grain::Day;
}

// A position that grows by one per step of the grain: the Julian day, the week, or the month.
inline qint64 stepIndex(Grain grain, const QDate &day)
{
    switch (grain) {
    case Grain::Week:
        return day.toJulianDay() / 7; // days of one weekday: consecutive weeks differ by one
    case Grain::Month:
        return qint64(day.year()) * 12 + day.month();
    case Grain::Day:
        break;
    }
    return day.toJulianDay();
}

// "daily", "weekly", "monthly" (as stored in a forecast run's details) and back; Day for anything else.
inline QString grainName(Grain grain)
{
    return grain == Grain::Month ? QStringLiteral("monthly") : grain == Grain::Week ? QStringLiteral("weekly") : QStringLiteral("daily");
}

inline Grain grainFromName(QStringView name)
{
    return name == QLatin1String("monthly") ? Grain::Month : name == QLatin1String("weekly") ? Grain::Week : Grain::Day;
}

// The plural of one step: "days", "weeks", "months".
inline QString unitName(Grain grain)
{
    return grain == Grain::Month ? QStringLiteral("months") : grain == Grain::Week ? QStringLiteral("weeks") : QStringLiteral("days");
}

} // namespace Common
