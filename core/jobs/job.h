#pragma once
// One run of a job as the UI and the API see it (KJob-like): state, percent and message while it
// runs, cancel with kill(), and finished() with the run's record (status, message, counts, error).
//
// The work runs on a pool thread; Job is the ProgressReporter handed to it. progress() and
// isCancelled() are thread-safe; the signals are emitted on the Job's (the JobManager's) thread
// through queued calls, so observers never run on the worker.

#include "common/progress.h"
#include "jobs/jobdefinition.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QObject>

#include <atomic>

namespace Jobs {

enum class JobState { Queued, Running, Finished };

class Job final : public QObject, public Common::ProgressReporter
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Job)

public:
    Job(QString name, Trigger trigger, QDateTime scheduledFor, QObject *parent = nullptr);
    ~Job() override;

    QString name() const { return m_name; }
    Trigger trigger() const { return m_trigger; }
    QDateTime scheduledFor() const { return m_scheduledFor; }
    JobState state() const { return m_state; }
    int percent() const { return m_percent; }
    QString progressMessage() const { return m_message; }
    qint64 runId() const { return m_record.id; }
    // Valid once finished() was emitted (status, message, counts, error, timestamps).
    const RunRecord &record() const { return m_record; }
    bool isFinished() const { return m_state == JobState::Finished; }
    bool succeeded() const { return isFinished() && m_record.status == RunStatus::Succeeded; }

    // Asks the work to stop at its next safe point; it then ends as 'cancelled' (thread-safe).
    void kill();

    QJsonObject toJson() const;

    // Common::ProgressReporter, called by the work on its thread.
    void progress(int percent, const QString &message) override;
    bool isCancelled() const override;

Q_SIGNALS:
    void started(Jobs::Job *job);
    void progressChanged(int percent, const QString &message);
    void finished(Jobs::Job *job);

private:
    friend class JobManager;
    void markStarted(const RunRecord &record);
    void markFinished(const RunRecord &record);

    const QString m_name;
    const Trigger m_trigger;
    const QDateTime m_scheduledFor;
    JobState m_state = JobState::Queued;
    int m_percent = 0;
    QString m_message;
    RunRecord m_record;
    std::atomic_bool m_cancelRequested{false};

    // Worker side: throttles the queued progress updates.
    QMutex m_progressMutex;
    int m_lastPostedPercent = -1;
    QElapsedTimer m_sincePosted;
};

} // namespace Jobs
