#pragma once
// What the dashboard shows of one metric, read in one go on a pool thread (never on the UI thread):
// its daily rows, stored anomalies, the histories a forecast can be fitted on, the latest forecast
// runs with the field each was fitted on, and the folds behind the latest grade. The window keeps
// the snapshot and picks from it what the Show choice and the range ask for, without reloading.

#include "anomaly/anomalyservice.h"
#include "common/grain.h"
#include "forecast/forecastservice.h"
#include "kpi/kpiservice.h"
#include "ui/kpichart.h"
#include "ui/metricsidebar.h"

#include <QCoreApplication>
#include <QHash>

#include <memory>
#include <optional>

namespace Storage {
class Database;
}

namespace Ui {

struct DashboardSnapshot final
{
    Q_DECLARE_TR_FUNCTIONS(Ui::DashboardSnapshot)

public:
    int generation = 0; // which load of the window it answers
    SeriesKey key;
    QList<Kpi::DailyRow> rows;
    QList<Anomaly::StoredAnomaly> anomalies;
    QHash<QString, Forecast::DailyHistory> histories; // by forecast field ("value_sum", ...)
    QList<Forecast::RunInfo> runs;                    // the latest few, newest first
    QHash<qint64, QString> runFields;                 // run id -> the field it was fitted on
    QHash<QString, int> folds;                        // by field: the folds of its latest backtest
    Common::Grain grain = Common::Grain::Day;
    QString error;

    // Reads everything of `key` (a pool thread's work).
    static DashboardSnapshot load(const std::shared_ptr<Storage::Database> &database, const SeriesKey &key);

    // The folds of the latest backtest of `field` (0 when there is none).
    int foldsOf(const QString &field) const { return folds.value(field); }
    // The newest run fitted on `field` ("value_count", ...); none for an empty field.
    std::optional<Forecast::RunInfo> latestRun(const QString &field) const;
    // The days flagged in `field` within [from, to] (invalid = open).
    QList<Anomaly::StoredAnomaly> flagged(const QString &field, const QDate &from, const QDate &to) const;
};

// The history a forecast of `field` ("value_sum", ...) is fitted on, built from the rows already
// read: the same as Forecast::ForecastService::history() reads from metric_daily.
Forecast::DailyHistory historyOf(const QList<Kpi::DailyRow> &rows, const QString &field);

// What an aggregate adds up to over some days, for the header: "total: 1,234", "events: 56",
// "average: 3.21", "most users in a day: 12", "lowest: 1", "highest: 99".
QString aggregateSummary(const QList<Kpi::DailyRow> &rows, Aggregate aggregate);

// Which field a stored forecast run was fitted on. forecast_runs does not record it (core/forecast
// keeps the request's field nowhere), so the window notes it for the runs it starts, beside the
// run's creation time so that a reused id of a recreated database is not mistaken for it; any other
// run (the CLI's, the API's, the weekly retrain) is taken to be of the sum, their default. A run
// whose details name a "field" is taken at its word (ForecastService records it since this was written).
void noteForecastRunField(const QString &database, const Forecast::RunInfo &run, const QString &field);
QString forecastRunField(const QString &database, const Forecast::RunInfo &run);

} // namespace Ui
