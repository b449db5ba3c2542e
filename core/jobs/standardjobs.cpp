#include "standardjobs.h"

#include "anomaly/anomalyservice.h"
#include "common/clock.h"
#include "common/paths.h"
#include "forecast/forecastservice.h"
#include "jobs/jobslog.h"
#include "kpi/kpiservice.h"
#include "logging/logging.h"
#include "storage/bulkwritelease.h"
#include "storage/database.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>

#include <algorithm>

namespace Jobs {

using Common::Error;
using Common::Result;

namespace {

Result<QJsonObject> runAnomalyHook(const StandardJobOptions &options, JobContext &context, const QList<SeriesKey> &touched)
{
    if (touched.isEmpty())
        return QJsonObject{{QStringLiteral("status"), QStringLiteral("no new data")}};
    if (options.refreshAnomalies)
        return options.refreshAnomalies(context, touched);
    // Default: re-run every stored (source, metric, parameters) anomaly run. That is more than the
    // touched series, but a run's trailing windows reach back anyway and the series are small.
    Anomaly::AnomalyService anomalies(context.database);
    auto refreshed = anomalies.refreshStored();
    if (!refreshed)
        return refreshed.error();
    return QJsonObject{{QStringLiteral("status"), QStringLiteral("refreshed")}, {QStringLiteral("runs_refreshed"), *refreshed}};
}

// Every series with clean events from a batch that finished at or after `since` (ISO UTC text).
Result<QList<SeriesKey>> seriesImportedSince(QSqlDatabase connection, const QString &since, qint64 *batches)
{
    QSqlQuery query(connection);
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM ingest_batches WHERE finished_at IS NOT NULL AND finished_at >= ?"));
    query.addBindValue(since);
    if (!query.exec() || !query.next())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("finding new imports"));
    *batches = query.value(0).toLongLong();
    query.finish();
    query.prepare(QStringLiteral("SELECT e.source_id, e.metric, MIN(e.day), MAX(e.day) FROM clean_events e"
                                 " WHERE e.batch_id IN (SELECT id FROM ingest_batches WHERE finished_at IS NOT NULL AND finished_at >= ?)"
                                 " GROUP BY e.source_id, e.metric ORDER BY e.source_id, e.metric"));
    query.addBindValue(since);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("finding the series of new imports"));
    QList<SeriesKey> series;
    while (query.next())
        series.append(SeriesKey{query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString(), query.value(3).toString()});
    return series;
}

Result<QList<SeriesKey>> allSeries(QSqlDatabase connection)
{
    QSqlQuery query(connection);
    if (!query.exec(QStringLiteral("SELECT source_id, metric, MIN(day), MAX(day) FROM metric_daily GROUP BY source_id, metric ORDER BY source_id, metric")))
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("listing the series"));
    QList<SeriesKey> series;
    while (query.next())
        series.append(SeriesKey{query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString(), query.value(3).toString()});
    return series;
}

Result<JobOutcome> runDailyKpis(const StandardJobOptions &options, JobContext &context)
{
    // After an import that is running, never beside it (its rows are stored before it commits).
    Storage::BulkWriteLease lease(context.database, QStringLiteral("the daily KPI job"));
    if (Common::Status s = lease.acquire([&context](const QString &holder) {
            context.progress.progress(0, QStringLiteral("Waiting for %1").arg(holder));
            return !context.progress.isCancelled();
        }); !s)
        return s.error();
    QSqlDatabase connection = context.database->connection();
    context.progress.progress(0, QStringLiteral("Finding new imports"));

    QJsonObject counts;
    QList<SeriesKey> touched;
    QString message;
    if (!context.lastSucceeded || !context.lastSucceeded->startedAt.isValid()) {
        // No successful run to compare with: we cannot tell what is new, so recompute everything.
        Kpi::KpiService kpi(context.database);
        auto stats = kpi.recompute(Kpi::Filter{});
        if (!stats)
            return stats.error();
        auto series = allSeries(connection);
        if (!series)
            return series.error();
        touched = *series;
        counts = stats->toJson();
        counts.insert(QStringLiteral("mode"), QStringLiteral("full"));
        counts.insert(QStringLiteral("series"), qint64(touched.size()));
        message = QStringLiteral("Full recompute (no earlier successful run): %1 rows written, %2 removed")
                      .arg(stats->rowsUpserted).arg(stats->rowsDeleted);
    } else {
        // Batches that finished after the last successful run STARTED: a batch committed while that
        // run was going is taken again rather than missed (recomputing is idempotent).
        const QString since = Common::toIsoUtc(context.lastSucceeded->startedAt);
        qint64 batches = 0;
        auto series = seriesImportedSince(connection, since, &batches);
        if (!series)
            return series.error();
        touched = *series;
        if (!connection.transaction())
            return Storage::Database::sqlError(connection.lastError(), QStringLiteral("starting the KPI recompute"));
        qint64 upserted = 0, deleted = 0, events = 0;
        for (qsizetype i = 0; i < touched.size(); ++i) {
            if (context.progress.isCancelled()) {
                connection.rollback();
                return Error::cancelled(QStringLiteral("Cancelled; the KPIs were left as they were."));
            }
            const SeriesKey &key = touched.at(i);
            auto stats = Kpi::KpiService::recomputeRange(connection, key.sourceId, key.metric, key.fromDay, key.toDay);
            if (!stats) {
                connection.rollback();
                return stats.error();
            }
            upserted += stats->rowsUpserted;
            deleted += stats->rowsDeleted;
            events += stats->eventsAggregated;
            context.progress.progress(int(80 * (i + 1) / touched.size()),
                                      QStringLiteral("%1 of %2 series").arg(i + 1).arg(touched.size()));
        }
        if (!connection.commit())
            return Storage::Database::sqlError(connection.lastError(), QStringLiteral("committing the KPI recompute"));
        counts = QJsonObject{{QStringLiteral("mode"), QStringLiteral("incremental")},
                             {QStringLiteral("since"), since},
                             {QStringLiteral("batches"), batches},
                             {QStringLiteral("series"), qint64(touched.size())},
                             {QStringLiteral("rows_upserted"), upserted},
                             {QStringLiteral("rows_deleted"), deleted},
                             {QStringLiteral("rows_aggregated"), events}};
        message = touched.isEmpty() ? QStringLiteral("No new imports since %1").arg(since)
                                    : QStringLiteral("%1 series of %2 new imports recomputed: %3 rows written, %4 removed")
                                          .arg(touched.size()).arg(batches).arg(upserted).arg(deleted);
    }

    if (context.progress.isCancelled())
        return Error::cancelled(QStringLiteral("Cancelled after the KPIs were recomputed; anomalies were not refreshed."));
    context.progress.progress(85, QStringLiteral("Refreshing anomalies"));
    auto anomalies = runAnomalyHook(options, context, touched);
    if (!anomalies)
        return anomalies.error();
    counts.insert(QStringLiteral("anomalies"), *anomalies);
    context.progress.progress(100, message);
    return JobOutcome{message, counts};
}

// Files matching the filters in dir older than cutoff, except the ones kept; returns how many went.
struct FileSweep
{
    qint64 deleted = 0;
    qint64 bytes = 0;
    qint64 failed = 0;
};

FileSweep sweep(const QString &dir, const QStringList &nameFilters, const QDateTime &cutoff, const QStringList &keep,
                bool recursive)
{
    FileSweep result;
    if (dir.isEmpty() || !QFileInfo(dir).isDir())
        return result;
    QDirIterator it(dir, nameFilters, QDir::Files | QDir::Hidden | QDir::NoDotAndDotDot,
                    recursive ? QDirIterator::Subdirectories : QDirIterator::NoIteratorFlags);
    while (it.hasNext()) {
        it.next();
        const QFileInfo info = it.fileInfo();
        if (keep.contains(info.absoluteFilePath()) || info.lastModified().toUTC() >= cutoff)
            continue;
        const qint64 size = info.size();
        if (QFile::remove(info.absoluteFilePath())) {
            ++result.deleted;
            result.bytes += size;
        } else {
            ++result.failed;
        }
    }
    return result;
}

Result<qint64> execCount(QSqlDatabase connection, const QString &sql, const QList<QVariant> &binds, const QString &what)
{
    QSqlQuery query(connection);
    query.prepare(sql);
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), what);
    return qint64(query.numRowsAffected());
}

Result<qint64> pragmaValue(QSqlDatabase connection, const QString &pragma)
{
    QSqlQuery query(connection);
    if (!query.exec(pragma) || !query.next())
        return Storage::Database::sqlError(query.lastError(), pragma);
    return query.value(0).toLongLong();
}

int daysSetting(Storage::Database &database, const QString &key, int defaultValue)
{
    bool ok = false;
    const int days = database.setting(key).toInt(&ok);
    return ok ? days : defaultValue;
}

Result<JobOutcome> runHousekeeping(const StandardJobOptions &options, JobContext &context)
{
    Storage::Database &database = *context.database;
    QSqlDatabase connection = database.connection();
    const QDateTime now = Common::Clock::instance().now();
    QJsonObject counts;
    QStringList summary;

    // 1. Refresh tokens nobody can use any more.
    context.progress.progress(0, QStringLiteral("Removing expired refresh tokens"));
    auto tokens = execCount(connection, QStringLiteral("DELETE FROM refresh_tokens WHERE expires_at < ? OR revoked_at IS NOT NULL"),
                            {Common::toIsoUtc(now)}, QStringLiteral("removing expired refresh tokens"));
    if (!tokens)
        return tokens.error();
    counts.insert(QStringLiteral("refresh_tokens_deleted"), *tokens);
    summary.append(QStringLiteral("%1 refresh tokens").arg(*tokens));
    if (context.progress.isCancelled())
        return Error::cancelled();

    // 2. Log files past the retention, by modification time; never the file being written.
    context.progress.progress(15, QStringLiteral("Removing old log files"));
    const int logDays = std::max(1, daysSetting(database, LogRetentionDaysSetting, DefaultLogRetentionDays));
    const QString logDir = options.logDir.isEmpty() ? Common::AppPaths::logDir() : options.logDir;
    QStringList keepLogs{QFileInfo(logDir + QStringLiteral("/smartdata.jsonl")).absoluteFilePath()};
    const QString current = options.currentLogFile.isEmpty() ? Logging::logFilePath() : options.currentLogFile;
    if (!current.isEmpty())
        keepLogs.append(QFileInfo(current).absoluteFilePath());
    const FileSweep logs = sweep(logDir, {QStringLiteral("smartdata*.jsonl")}, now.addDays(-logDays), keepLogs, false);
    counts.insert(QStringLiteral("log_files_deleted"), logs.deleted);
    counts.insert(QStringLiteral("log_bytes_freed"), logs.bytes);
    counts.insert(QStringLiteral("log_retention_days"), logDays);
    summary.append(QStringLiteral("%1 log files").arg(logs.deleted));

    // 3. Temporary files an interrupted import left behind.
    context.progress.progress(30, QStringLiteral("Removing stale temporary files"));
    const QString tempDir = options.tempDir.isEmpty() ? importTempDir() : options.tempDir;
    const FileSweep temps = sweep(tempDir, {}, now.addSecs(-3600LL * TempFileMaxAgeHours), {}, true);
    counts.insert(QStringLiteral("temp_files_deleted"), temps.deleted);
    counts.insert(QStringLiteral("temp_bytes_freed"), temps.bytes);
    summary.append(QStringLiteral("%1 temporary files").arg(temps.deleted));
    if (logs.failed + temps.failed > 0)
        counts.insert(QStringLiteral("files_not_deleted"), logs.failed + temps.failed);
    if (context.progress.isCancelled())
        return Error::cancelled();

    // 4. raw_events past the optional retention: only rows of batches that finished before the cutoff.
    context.progress.progress(45, QStringLiteral("Applying the raw event retention"));
    const int rawDays = daysSetting(database, RawEventsRetentionDaysSetting, 0);
    if (rawDays > 0) {
        auto raw = execCount(connection,
                             QStringLiteral("DELETE FROM raw_events WHERE batch_id IN (SELECT id FROM ingest_batches"
                                            " WHERE finished_at IS NOT NULL AND finished_at < ?)"),
                             {Common::toIsoUtc(now.addDays(-rawDays))}, QStringLiteral("applying the raw event retention"));
        if (!raw)
            return raw.error();
        counts.insert(QStringLiteral("raw_events_deleted"), *raw);
        counts.insert(QStringLiteral("raw_events_retention_days"), rawDays);
        summary.append(QStringLiteral("%1 raw events").arg(*raw));
    } else {
        counts.insert(QStringLiteral("raw_events_deleted"), 0);
        counts.insert(QStringLiteral("raw_events_retention_days"), QJsonValue());
    }
    if (context.progress.isCancelled())
        return Error::cancelled();

    // 5. The engine's upkeep. VACUUM rewrites the whole file, so only when a quarter of it is free pages.
    context.progress.progress(60, QStringLiteral("Optimising the database"));
    if (database.dialect().engine() == Storage::Engine::Sqlite) {
        if (Common::Status optimized = database.exec(QStringLiteral("PRAGMA optimize")); !optimized)
            return optimized.error();
        auto pages = pragmaValue(connection, QStringLiteral("PRAGMA page_count"));
        auto freePages = pragmaValue(connection, QStringLiteral("PRAGMA freelist_count"));
        if (!pages)
            return pages.error();
        if (!freePages)
            return freePages.error();
        counts.insert(QStringLiteral("page_count"), *pages);
        counts.insert(QStringLiteral("freelist_pages"), *freePages);
        const bool vacuum = *freePages >= 256 && *freePages * 4 >= *pages;
        if (vacuum) {
            context.progress.progress(70, QStringLiteral("Compacting the database file"));
            if (Common::Status vacuumed = database.exec(QStringLiteral("VACUUM")); !vacuumed)
                return vacuumed.error();
        }
        counts.insert(QStringLiteral("vacuumed"), vacuum);
        QSqlQuery checkpoint(connection);
        if (!checkpoint.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")))
            return Storage::Database::sqlError(checkpoint.lastError(), QStringLiteral("checkpointing the write-ahead log"));
        // busy = 1 when another connection was reading: the checkpoint then did what it could.
        if (checkpoint.next())
            counts.insert(QStringLiteral("wal_checkpoint_busy"), checkpoint.value(0).toInt() != 0);
        if (vacuum)
            summary.append(QStringLiteral("database compacted"));
    } else {
        // PostgreSQL vacuums by itself (autovacuum); refresh the planner's statistics after the deletions.
        if (Common::Status analyzed = database.exec(QStringLiteral("ANALYZE")); !analyzed)
            return analyzed.error();
        counts.insert(QStringLiteral("analyzed"), true);
    }
    context.progress.progress(100, QStringLiteral("Done"));
    return JobOutcome{QStringLiteral("Removed ") + summary.join(QStringLiteral(", ")), counts};
}

} // namespace

QString importTempDir()
{
    return Common::AppPaths::dataDir() + QStringLiteral("/tmp");
}

JobDefinition dailyKpisJob(const StandardJobOptions &options)
{
    JobDefinition definition;
    definition.name = DailyKpisJob;
    definition.description = QStringLiteral("recompute the daily KPIs of series with new events; refresh anomalies");
    definition.defaultSchedule = DailyKpisDefaultSchedule;
    definition.gracePeriod = DailyGracePeriod;
    definition.run = [options](JobContext &context) { return runDailyKpis(options, context); };
    return definition;
}

JobDefinition dailyHousekeepingJob(const StandardJobOptions &options)
{
    JobDefinition definition;
    definition.name = DailyHousekeepingJob;
    definition.description = QStringLiteral("remove expired tokens, old logs and temporary files; optimise the database");
    definition.defaultSchedule = DailyHousekeepingDefaultSchedule;
    definition.gracePeriod = DailyGracePeriod;
    definition.run = [options](JobContext &context) { return runHousekeeping(options, context); };
    return definition;
}

namespace {

// Refits the model of every (source, metric) with automatic selection, backtests it and stores both.
// A series whose refit fails is counted and the others go on; the run fails only when every series did.
Common::Result<JobOutcome> runWeeklyRetrain(JobContext &context)
{
    QList<QPair<QString, QString>> series;
    {
        QSqlQuery query(context.database->connection());
        if (!query.exec(QStringLiteral("SELECT DISTINCT s.name, d.metric FROM metric_daily d JOIN sources s ON s.id = d.source_id"
                                       " ORDER BY s.name, d.metric")))
            return Storage::Database::sqlError(query.lastError(), QStringLiteral("listing the series to retrain"));
        while (query.next())
            series.append({query.value(0).toString(), query.value(1).toString()});
    }
    Forecast::ForecastService forecasts(context.database);
    qint64 modelled = 0, fallbacks = 0, graded = 0, failed = 0;
    QStringList failures;
    for (qsizetype i = 0; i < series.size(); ++i) {
        if (context.progress.isCancelled())
            return Common::Error::cancelled(QStringLiteral("weekly-retrain was cancelled after %1 of %2 series.").arg(i).arg(series.size()));
        context.progress.progress(int(i * 100 / std::max<qsizetype>(1, series.size())),
                                  QStringLiteral("%1 / %2").arg(series[i].first, series[i].second));
        Forecast::ServiceRequest request;
        request.source = series[i].first;
        request.metric = series[i].second;
        request.trigger = context.trigger == Trigger::Manual ? QStringLiteral("manual") : QStringLiteral("schedule");
        auto run = forecasts.run(request);
        if (!run) {
            ++failed;
            if (failures.size() < 10)
                failures.append(QStringLiteral("%1/%2: %3").arg(request.source, request.metric, run.error().message));
            continue;
        }
        run->fallbackReason.isEmpty() ? ++modelled : ++fallbacks;
        if (run->reliabilityScore)
            ++graded;
    }
    const QJsonObject counts{{QStringLiteral("series"), qint64(series.size())}, {QStringLiteral("sarima"), modelled},
                             {QStringLiteral("fallback"), fallbacks}, {QStringLiteral("graded"), graded},
                             {QStringLiteral("failed"), failed}};
    if (failed > 0 && failed == series.size())
        return Common::Error::internal(QStringLiteral("RETRAIN_FAILED"), QStringLiteral("Every series failed to refit: %1").arg(failures.join(QStringLiteral("; "))), counts);
    QString message = QStringLiteral("%1 series refitted (%2 SARIMA, %3 baseline), %4 graded").arg(modelled + fallbacks).arg(modelled).arg(fallbacks).arg(graded);
    if (failed > 0)
        message += QStringLiteral("; %1 failed: %2").arg(failed).arg(failures.join(QStringLiteral("; ")));
    return JobOutcome{message, counts};
}

} // namespace

JobDefinition weeklyRetrainJob()
{
    JobDefinition definition;
    definition.name = WeeklyRetrainJob;
    definition.description = QStringLiteral("re-select and refit the forecast model of every metric; backtest and grade it");
    definition.defaultSchedule = WeeklyRetrainDefaultSchedule;
    definition.gracePeriod = WeeklyGracePeriod;
    definition.run = [](JobContext &context) { return runWeeklyRetrain(context); };
    return definition;
}

void registerStandardJobs(JobRegistry &registry, const StandardJobOptions &options)
{
    registry.add(dailyKpisJob(options));
    registry.add(weeklyRetrainJob());
    registry.add(dailyHousekeepingJob(options));
}

} // namespace Jobs
