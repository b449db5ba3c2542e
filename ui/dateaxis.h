#pragma once
// The date axis every SmartData chart uses: ticks on whole days, weeks, months or years (the unit and
// step chosen from the span shown and the room there is), each gridline and label exactly at the x of
// the day it names (DayScale), never a tick before the first day, month names in the UI language.
// QDateTimeAxis cannot do this: it spreads a fixed number of ticks evenly over its range, so they fall
// at arbitrary times of day and a label names the day of a point hours or days away from it.

#include <QCategoryAxis>
#include <QDate>
#include <QList>
#include <QLocale>

class QChart;

namespace Ui {

enum class TickUnit { Day, Week, Month, Year };

struct DateTick final
{
    QDate day;
    QString label;
};

struct DateTicks final
{
    TickUnit unit = TickUnit::Day;
    int step = 1; // in units: every 2nd day, every 3rd month, every 5th year...
    QList<DateTick> ticks;
};

struct DateTickOptions final
{
    int maxTicks = 10;     // at most this many ticks (from the room the labels have)
    int weekday = 0;       // week ticks fall on this day (1 = Monday); 0 = the locale's first day of the week
    bool monthEnd = false; // month and year ticks on the last day of a month (a series of month ends)
    QLocale locale;        // month names and date order
};

// The ticks between two days (both inclusive, first <= last): the finest unit and step whose ticks
// fit maxTicks, starting at the first whole unit on or after `first`. Labels are unique: they carry
// the year when the ticks span more than one year.
DateTicks dateTicks(const QDate &first, const QDate &last, const DateTickOptions &options = {});

// A QCategoryAxis whose categories are the ticks of its visible days: setDays() sets the range (half a
// day beyond each end, so the end points are not on the plot's edge) and the axis recomputes its ticks
// whenever the range changes (zoom, pan) and, once follow() is called, when the plot's width does.
class DateAxis final : public QCategoryAxis
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DateAxis)

public:
    explicit DateAxis(QObject *parent = nullptr);

    void setDays(const QDate &first, const QDate &last);
    // weekday: see DateTickOptions.
    void setTickOptions(int weekday, bool monthEnd);
    // Thins or adds ticks as the chart's plot area changes width (about one per 90 pixels).
    void follow(QChart *chart);

    QDate firstDay() const { return m_first; }
    QDate lastDay() const { return m_last; }
    // The ticks shown now, in order.
    const DateTicks &ticks() const { return m_ticks; }

private:
    void updateTicks();

    QDate m_first;
    QDate m_last;
    DateTickOptions m_options;
    DateTicks m_ticks;
    bool m_updating = false;
};

} // namespace Ui
