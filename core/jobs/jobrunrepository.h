#pragma once
// job_runs: one row per run of a job (scheduled, manual or catch-up) and per run the scheduler skipped.
// Every method uses the calling thread's connection.

#include "jobs/jobdefinition.h"

#include <memory>
#include <optional>

namespace Jobs {

class JobRunRepository final
{
public:
    explicit JobRunRepository(std::shared_ptr<Storage::Database> database);

    // Inserts a 'running' row; fills record.id.
    Common::Status insertRunning(RunRecord &record);
    // Writes finished_at, status, message and counts of a run inserted by insertRunning.
    Common::Status finish(const RunRecord &record);
    // Who already ran (or runs) the scheduled slot of job, if any process did: "a process on HOST".
    Common::Result<std::optional<QString>> slotTakenBy(const QString &job, const QDateTime &scheduledFor);
    // A run that will not happen (missed, or the previous one still running): one 'skipped' row.
    Common::Result<RunRecord> recordSkipped(const QString &job, Trigger trigger, const QDateTime &scheduledFor,
                                            const QString &message, const QJsonObject &counts = {});

    // The newest row of the job (by started_at, else scheduled_for), any status.
    Common::Result<std::optional<RunRecord>> lastRun(const QString &job);
    Common::Result<std::optional<RunRecord>> lastRunWithStatus(const QString &job, RunStatus status);
    // Newest first; job empty = every job.
    Common::Result<QList<RunRecord>> recent(const QString &job, int limit);

    static QString hostName();

private:
    Common::Result<QList<RunRecord>> select(const QString &where, const QList<QVariant> &binds, int limit);

    std::shared_ptr<Storage::Database> m_database;
};

} // namespace Jobs
