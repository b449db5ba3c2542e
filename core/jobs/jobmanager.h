#pragma once
// Starts jobs on its own worker pool and keeps the list of running and recent runs for the UI and
// the API. Lives on one thread (the UI's, or the API server's); call it from that thread (other
// threads: QMetaObject::invokeMethod on it).
//
// Overlap policy: two runs of the same job name never overlap. start() and runSync() of a job that
// is already running are REFUSED with a Conflict error (code JOB_ALREADY_RUNNING); nothing is
// queued. The scheduler records such a refused scheduled run as 'skipped'. The guard is per process:
// a `smartdata jobs run` in another process is not seen here.
//
//   Jobs::JobManager manager(database, registry);
//   auto job = manager.start(Jobs::DailyKpisJob, Jobs::Trigger::Manual);   // Result<Job *>
//   connect(*job, &Jobs::Job::progressChanged, view, &View::showProgress);
//   connect(&manager, &Jobs::JobManager::jobFinished, view, [](Jobs::Job *job) { ... job->record() ... });
//   (*job)->kill();                                                          // cancel

#include "jobs/job.h"
#include "jobs/jobdefinition.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QThreadPool>

namespace Jobs {

class JobManager final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobManager)

public:
    static constexpr int RecentJobsKept = 50;

    JobManager(std::shared_ptr<Storage::Database> database, JobRegistry registry, QObject *parent = nullptr);
    // Cancels what still runs and waits for it (each job stops at its next safe point).
    ~JobManager() override;

    std::shared_ptr<Storage::Database> database() const { return m_database; }
    // Register jobs here (e.g. weekly-retrain) before starting them.
    JobRegistry &registry() { return m_registry; }
    const JobRegistry &registry() const { return m_registry; }

    // Starts a run on the pool. Errors: NotFound (JOB_UNKNOWN), Conflict (JOB_ALREADY_RUNNING).
    // The Job belongs to the manager; it stays listed in jobs() until RecentJobsKept newer ones finished.
    Common::Result<Job *> start(const QString &name, Trigger trigger = Trigger::Manual, const QDateTime &scheduledFor = {});
    // Starts one-off work that is not in the registry under the same contract: an import of a given
    // file, a forecast of one series ("import:orders.csv", "forecast:shop/orders"). Its function
    // captures its parameters. Overlap is refused per definition.name; the run is recorded in job_runs.
    Common::Result<Job *> start(JobDefinition definition, Trigger trigger = Trigger::Manual);

    // Runs the job on the calling thread and returns its record (status succeeded, failed or
    // cancelled). Same refusals as start(); for the command line and tests. Does not create a Job.
    Common::Result<RunRecord> runSync(const QString &name, Trigger trigger = Trigger::Manual,
                                      const QDateTime &scheduledFor = {}, Common::ProgressReporter *progress = nullptr);

    bool isRunning(const QString &name) const;
    Job *runningJob(const QString &name) const;
    // Running and recently finished jobs, oldest first.
    QList<Job *> jobs() const;
    QList<Job *> runningJobs() const;
    // Cancels the running job of that name; false when none runs.
    bool cancel(const QString &name);
    // Blocks until every started job finished and its finished() was delivered (tests, shutdown).
    void waitForAll();

Q_SIGNALS:
    void jobStarted(Jobs::Job *job);
    void jobProgressChanged(Jobs::Job *job, int percent, const QString &message);
    void jobFinished(Jobs::Job *job);

private:
    Common::Result<Job *> startDefinition(const JobDefinition &definition, Trigger trigger, const QDateTime &scheduledFor);
    void onJobFinished(Job *job, const RunRecord &record);
    void pruneFinished();

    std::shared_ptr<Storage::Database> m_database;
    JobRegistry m_registry;
    QThreadPool m_pool;
    QList<QPointer<Job>> m_jobs;
    QStringList m_running; // names running on the pool or in runSync
};

} // namespace Jobs
