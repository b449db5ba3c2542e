#pragma once
// The daily rows of a series as CSV (File → Export Data as CSV): one line per day with every
// aggregate, numbers in the C locale with full precision, text quoted. Written atomically.

#include "common/result.h"
#include "kpi/kpiservice.h"

namespace Ui {

QString dailyRowsCsv(const QList<Kpi::DailyRow> &rows);
Common::Status writeDailyRowsCsv(const QString &path, const QList<Kpi::DailyRow> &rows);

} // namespace Ui
