#pragma once
// What a job is: a name plus a function that does the work given a JobContext. Import, KPI, anomaly,
// forecast and scheduled work all run through this one contract (see JobManager), so the UI, the API
// and the command line observe them the same way.
//
// Registering a job (e.g. the lead's weekly-retrain, once the forecast service exists):
//
//   Jobs::JobDefinition retrain;
//   retrain.name = Jobs::WeeklyRetrainJob;
//   retrain.description = QStringLiteral("refit every forecast model and run the reliability backtest");
//   retrain.defaultSchedule = Jobs::WeeklyRetrainDefaultSchedule;   // "30 3 * * 0"
//   retrain.gracePeriod = Jobs::WeeklyGracePeriod;                  // 2 days
//   retrain.run = [](Jobs::JobContext &context) -> Common::Result<Jobs::JobOutcome> {
//       ... context.database, context.progress.progress(...), context.progress.isCancelled() ...
//       return Jobs::JobOutcome{QStringLiteral("12 models refitted"), QJsonObject{{"models", 12}}};
//   };
//   registry.add(std::move(retrain));
//
// A job's function runs on a worker thread (or the CLI's thread): it uses context.database's
// connection() for that thread and never touches QObjects of the UI. The runner releases the
// thread's connection afterwards.

#include "common/progress.h"
#include "common/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>

namespace Storage {
class Database;
}

namespace Jobs {

// How a run came about; stored in job_runs.trigger.
enum class Trigger { Schedule, Manual, CatchUp };
QString triggerName(Trigger trigger); // "schedule", "manual", "catch-up"

// job_runs.status.
enum class RunStatus { Running, Succeeded, Failed, Skipped, Cancelled };
QString statusName(RunStatus status); // "running", "succeeded", ...
std::optional<RunStatus> statusFromName(const QString &name);

// One row of job_runs.
struct RunRecord final
{
    qint64 id = 0;
    QString job;
    Trigger trigger = Trigger::Manual;
    QDateTime scheduledFor; // invalid for manual runs
    QDateTime startedAt;
    QDateTime finishedAt;
    RunStatus status = RunStatus::Running;
    QString message;
    QJsonObject counts;
    QString host;
    std::optional<Common::Error> error; // failed or cancelled runs (not stored: message holds its text)
    qint64 durationMs = 0;              // measured, not stored (finished_at - started_at is)

    QJsonObject toJson() const;
};

// What the work hands to whoever started it on success.
struct JobOutcome final
{
    QString message;    // one sentence for people ("12 series recomputed")
    QJsonObject counts; // numbers for machines, stored in job_runs.counts
};

struct JobContext final
{
    std::shared_ptr<Storage::Database> database;
    Common::ProgressReporter &progress;
    QString job;
    qint64 runId = 0;
    Trigger trigger = Trigger::Manual;
    QDateTime scheduledFor;                 // invalid for manual runs
    std::optional<RunRecord> lastSucceeded; // this job's previous successful run, if any
};

using JobFunction = std::function<Common::Result<JobOutcome>(JobContext &context)>;

struct JobDefinition final
{
    QString name;            // "daily-kpis": the job_runs.job value and the `smartdata jobs run` name
    QString description;
    QString defaultSchedule; // cron-like rule (see Scheduler::CronSchedule); empty = not scheduled
    std::chrono::seconds gracePeriod{6 * 3600}; // a missed run older than this is recorded skipped
    JobFunction run;
};

inline constexpr std::chrono::seconds DailyGracePeriod{6 * 3600};
inline constexpr std::chrono::seconds WeeklyGracePeriod{2 * 24 * 3600};

inline const QString DailyKpisJob = QStringLiteral("daily-kpis");
inline const QString WeeklyRetrainJob = QStringLiteral("weekly-retrain");
inline const QString DailyHousekeepingJob = QStringLiteral("daily-housekeeping");
inline const QString DailyKpisDefaultSchedule = QStringLiteral("15 2 * * *");
inline const QString WeeklyRetrainDefaultSchedule = QStringLiteral("30 3 * * 0");
inline const QString DailyHousekeepingDefaultSchedule = QStringLiteral("0 4 * * *");

// The jobs this SmartData knows, by name. Add or replace definitions before runs start; JobManager
// copies a definition when it starts a run, so a worker never reads the registry.
class JobRegistry final
{
public:
    void add(JobDefinition definition); // replaces a definition of the same name
    bool contains(const QString &name) const;
    const JobDefinition *find(const QString &name) const;
    QStringList names() const; // in registration order
    const QList<JobDefinition> &definitions() const { return m_definitions; }

private:
    QList<JobDefinition> m_definitions;
};

} // namespace Jobs

Q_DECLARE_METATYPE(Jobs::RunRecord)
