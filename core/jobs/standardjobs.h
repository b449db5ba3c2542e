#pragma once
// The jobs SmartData schedules out of the box:
//   daily-kpis          02:15  recompute metric_daily for the series with events imported since the
//                              last successful run (a full recompute when there is none), then refresh
//                              the stored anomaly runs (AnomalyService::refreshStored, or a hook)
//   daily-housekeeping  04:00  expired/revoked refresh tokens, old log files, stale import temp files,
//                              raw_events past the optional retention, SQLite optimise/checkpoint/vacuum
//   weekly-retrain      Sun 03:30  re-select and refit every (source, metric)'s forecast model, run the
//                              reliability backtest, store both (Forecast::ForecastService)

#include "jobs/jobdefinition.h"

namespace Jobs {

struct SeriesKey final
{
    qint64 sourceId = 0;
    QString metric;
    QString fromDay; // 'YYYY-MM-DD', the days whose KPIs were recomputed
    QString toDay;
};

// How daily-kpis refreshes stored anomalies after new data. Without a hook it calls
// Anomaly::AnomalyService::refreshStored() (every stored run, re-detected) when any series changed;
// a hook replaces that, e.g. to refresh only the touched series. Its counts land under "anomalies".
using AnomalyRefreshHook = std::function<Common::Result<QJsonObject>(JobContext &context, const QList<SeriesKey> &touched)>;

struct StandardJobOptions final
{
    QString logDir;  // empty = Common::AppPaths::logDir()
    QString tempDir; // empty = importTempDir()
    // The log file being written, never deleted; empty = Logging::logFilePath(). smartdata.jsonl
    // (the name of the current file) is never deleted either.
    QString currentLogFile;
    AnomalyRefreshHook refreshAnomalies;
};

// Settings (app_settings) read by housekeeping.
inline const QString LogRetentionDaysSetting = QStringLiteral("retention.log_days");             // default 14
inline const QString RawEventsRetentionDaysSetting = QStringLiteral("retention.raw_events_days"); // default off
inline constexpr int DefaultLogRetentionDays = 14;
inline constexpr int TempFileMaxAgeHours = 24;

// Where imports put temporary files: <data dir>/tmp. Housekeeping removes files older than a day.
QString importTempDir();

JobDefinition dailyKpisJob(const StandardJobOptions &options = {});
JobDefinition dailyHousekeepingJob(const StandardJobOptions &options = {});
JobDefinition weeklyRetrainJob();

// Registers daily-kpis, weekly-retrain and daily-housekeeping.
void registerStandardJobs(JobRegistry &registry, const StandardJobOptions &options = {});

} // namespace Jobs
