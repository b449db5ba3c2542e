#include "rollup.h"

#include "ui/kpichart.h"

#include <QLocale>

#include <algorithm>

namespace Ui {

QString RollupText::name(Rollup rollup)
{
    switch (rollup) {
    case Rollup::None: return tr("Day");
    case Rollup::Week: return tr("Week");
    case Rollup::Month: return tr("Month");
    }
    return {};
}

bool rollupSupported(Aggregate aggregate)
{
    return aggregate != Aggregate::Distinct;
}

QDate periodStart(Rollup rollup, const QDate &day)
{
    switch (rollup) {
    case Rollup::None: return day;
    case Rollup::Week: {
        const int first = int(QLocale().firstDayOfWeek());
        return day.addDays(-((day.dayOfWeek() - first + 7) % 7));
    }
    case Rollup::Month: return QDate(day.year(), day.month(), 1);
    }
    return day;
}

QList<RolledUpRow> rollUp(const QList<Kpi::DailyRow> &rows, Rollup rollup)
{
    QList<RolledUpRow> periods;
    for (const Kpi::DailyRow &row : rows) {
        const QDate start = periodStart(rollup, row.day);
        if (periods.isEmpty() || periods.last().row.day != start) {
            RolledUpRow period;
            period.row = row;
            period.row.day = start;
            period.row.distinct = rollup == Rollup::None ? row.distinct : std::nullopt;
            period.lastDay = row.day;
            period.days = 1;
            periods.append(period);
            continue;
        }
        RolledUpRow &period = periods.last();
        Kpi::DailyRow &sum = period.row;
        if (sum.sum && row.sum)
            *sum.sum += *row.sum;
        else
            sum.sum.reset();
        sum.sumOverflow = sum.sumOverflow || row.sumOverflow;
        sum.count += row.count;
        sum.min = std::min(sum.min, row.min);
        sum.max = std::max(sum.max, row.max);
        period.lastDay = row.day;
        ++period.days;
    }
    if (rollup != Rollup::None) {
        for (RolledUpRow &period : periods) {
            // The mean of the period's events: its sum over its count.
            if (period.row.sum && period.row.count > 0)
                period.row.avg = *period.row.sum / double(period.row.count);
        }
    }
    return periods;
}

} // namespace Ui
