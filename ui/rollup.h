#pragma once
// Rolling a daily KPI series up to weeks or months for the chart. Only what adds up exactly is offered:
// sums and counts add up, the minimum and maximum of a period are the least and greatest of its days,
// and the average is recomputed from the period's sum and count (the mean of its events, not a mean of
// daily means). Distinct users cannot be rolled up: a user active on two days of a week counts once in
// the week but once in each day, and metric_daily keeps no user ids.

#include "kpi/kpiservice.h"

#include <QCoreApplication>
#include <QDate>
#include <QList>

namespace Ui {

enum class Aggregate;

enum class Rollup { None, Week, Month };

struct RolledUpRow final
{
    Kpi::DailyRow row; // row.day: the period's first day (a week's first day in the UI locale, or the 1st)
    QDate lastDay;     // the period's last day
    int days = 0;      // the days of data in it (a period cut by the range has fewer)
};

class RollupText final
{
    Q_DECLARE_TR_FUNCTIONS(Ui::RollupText)

public:
    static QString name(Rollup rollup); // "Day", "Week", "Month"
};

// Whether the shown aggregate can be rolled up exactly (not distinct users).
bool rollupSupported(Aggregate aggregate);

// The first day of the period containing `day` (week: the UI locale's first day of the week).
QDate periodStart(Rollup rollup, const QDate &day);

// rows: days in date order. Rollup::None returns each day as its own period. A period's sum is
// nullopt when a day's is (beyond range); its distinct is always nullopt (see above).
QList<RolledUpRow> rollUp(const QList<Kpi::DailyRow> &rows, Rollup rollup);

} // namespace Ui
