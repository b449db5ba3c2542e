#include "jobmanager.h"

#include "jobs/jobrunner.h"
#include "storage/database.h"

#include <QCoreApplication>
#include <QMetaObject>
#include <QThread>

namespace Jobs {

using Common::Error;
using Common::Result;

namespace {

Error alreadyRunning(const QString &name)
{
    return Error::conflict(QStringLiteral("JOB_ALREADY_RUNNING"),
                           QStringLiteral("The job %1 is already running; a second run was not started.").arg(name),
                           QJsonObject{{QStringLiteral("job"), name}});
}

Error unknownJob(const QString &name, const QStringList &known)
{
    return Error::notFound(QStringLiteral("JOB_UNKNOWN"),
                           QStringLiteral("There is no job named '%1' (known: %2).").arg(name, known.join(QStringLiteral(", "))),
                           QJsonObject{{QStringLiteral("job"), name}});
}

} // namespace

JobManager::JobManager(std::shared_ptr<Storage::Database> database, JobRegistry registry, QObject *parent)
    : QObject(parent)
    , m_database(std::move(database))
    , m_registry(std::move(registry))
{
    // SQLite has one writer at a time; two workers keep the UI responsive without contending for it.
    m_pool.setMaxThreadCount(2);
    m_pool.setObjectName(QStringLiteral("smartdata-jobs"));
}

JobManager::~JobManager()
{
    for (const QPointer<Job> &job : std::as_const(m_jobs)) {
        if (job && !job->isFinished())
            job->kill();
    }
    m_pool.waitForDone();
}

Result<Job *> JobManager::start(const QString &name, Trigger trigger, const QDateTime &scheduledFor)
{
    const JobDefinition *definition = m_registry.find(name);
    if (!definition)
        return unknownJob(name, m_registry.names());
    return startDefinition(*definition, trigger, scheduledFor);
}

Result<Job *> JobManager::start(JobDefinition definition, Trigger trigger)
{
    if (definition.name.isEmpty() || !definition.run)
        return Error::badInput(QStringLiteral("JOB_INVALID"), QStringLiteral("A job needs a name and work to do."));
    return startDefinition(definition, trigger, {});
}

Result<Job *> JobManager::startDefinition(const JobDefinition &definition, Trigger trigger, const QDateTime &scheduledFor)
{
    const QString name = definition.name;
    if (m_running.contains(name))
        return alreadyRunning(name);

    auto *job = new Job(name, trigger, scheduledFor, this);
    m_running.append(name);
    m_jobs.append(job);
    connect(job, &Job::progressChanged, this, [this, job](int percent, const QString &message) {
        Q_EMIT jobProgressChanged(job, percent, message);
    });

    m_pool.start([database = m_database, definition, trigger, scheduledFor, job] {
        const RunRecord record = JobRunner::execute(database, definition, trigger, scheduledFor, *job,
                                                    [job](const RunRecord &started) {
                                                        QMetaObject::invokeMethod(job, [job, started] { job->markStarted(started); },
                                                                                  Qt::QueuedConnection);
                                                    });
        // Pool threads live on; their connection must not (DESIGN: one connection per thread).
        database->releaseThreadConnection();
        QMetaObject::invokeMethod(
            job,
            [job, record] {
                if (auto *manager = qobject_cast<JobManager *>(job->parent()))
                    manager->onJobFinished(job, record);
            },
            Qt::QueuedConnection);
    });
    Q_EMIT jobStarted(job);
    return job;
}

void JobManager::onJobFinished(Job *job, const RunRecord &record)
{
    m_running.removeOne(job->name());
    job->markFinished(record);
    Q_EMIT jobFinished(job);
    pruneFinished();
}

void JobManager::pruneFinished()
{
    qsizetype finished = 0;
    for (const QPointer<Job> &job : std::as_const(m_jobs))
        finished += job && job->isFinished() ? 1 : 0;
    for (auto it = m_jobs.begin(); it != m_jobs.end() && finished > RecentJobsKept;) {
        if (!*it) {
            it = m_jobs.erase(it);
        } else if ((*it)->isFinished()) {
            (*it)->deleteLater();
            it = m_jobs.erase(it);
            --finished;
        } else {
            ++it;
        }
    }
}

Result<RunRecord> JobManager::runSync(const QString &name, Trigger trigger, const QDateTime &scheduledFor,
                                      Common::ProgressReporter *progress)
{
    const JobDefinition *definition = m_registry.find(name);
    if (!definition)
        return unknownJob(name, m_registry.names());
    if (m_running.contains(name))
        return alreadyRunning(name);
    m_running.append(name);
    Common::SilentProgress silent;
    const JobDefinition copy = *definition;
    RunRecord record = JobRunner::execute(m_database, copy, trigger, scheduledFor, progress ? *progress : silent);
    m_running.removeOne(name);
    return record;
}

bool JobManager::isRunning(const QString &name) const
{
    return m_running.contains(name);
}

Job *JobManager::runningJob(const QString &name) const
{
    for (const QPointer<Job> &job : m_jobs) {
        if (job && job->name() == name && !job->isFinished())
            return job;
    }
    return nullptr;
}

QList<Job *> JobManager::jobs() const
{
    QList<Job *> list;
    for (const QPointer<Job> &job : m_jobs) {
        if (job)
            list.append(job);
    }
    return list;
}

QList<Job *> JobManager::runningJobs() const
{
    QList<Job *> list;
    for (const QPointer<Job> &job : m_jobs) {
        if (job && !job->isFinished())
            list.append(job);
    }
    return list;
}

bool JobManager::cancel(const QString &name)
{
    Job *job = runningJob(name);
    if (!job)
        return false;
    job->kill();
    return true;
}

void JobManager::waitForAll()
{
    m_pool.waitForDone();
    // The results were posted as queued calls; deliver them so every Job is marked finished.
    QCoreApplication::sendPostedEvents();
}

} // namespace Jobs
