#include "job.h"

#include <QMetaObject>

#include <algorithm>

namespace Jobs {

Job::Job(QString name, Trigger trigger, QDateTime scheduledFor, QObject *parent)
    : QObject(parent)
    , m_name(std::move(name))
    , m_trigger(trigger)
    , m_scheduledFor(std::move(scheduledFor))
{
    m_record.job = m_name;
    m_record.trigger = m_trigger;
    m_record.scheduledFor = m_scheduledFor;
}

Job::~Job() = default;

void Job::kill()
{
    m_cancelRequested.store(true, std::memory_order_relaxed);
}

bool Job::isCancelled() const
{
    return m_cancelRequested.load(std::memory_order_relaxed);
}

void Job::progress(int percent, const QString &message)
{
    percent = std::clamp(percent, 0, 100);
    {
        // At most ~10 updates a second reach the event loop, plus every change of the percentage.
        QMutexLocker locker(&m_progressMutex);
        if (percent == m_lastPostedPercent && m_sincePosted.isValid() && m_sincePosted.elapsed() < 100)
            return;
        m_lastPostedPercent = percent;
        m_sincePosted.start();
    }
    QMetaObject::invokeMethod(
        this,
        [this, percent, message] {
            if (m_state == JobState::Finished)
                return;
            m_percent = percent;
            m_message = message;
            Q_EMIT progressChanged(percent, message);
        },
        Qt::QueuedConnection);
}

void Job::markStarted(const RunRecord &record)
{
    m_record = record;
    m_state = JobState::Running;
    Q_EMIT started(this);
}

void Job::markFinished(const RunRecord &record)
{
    m_record = record;
    m_state = JobState::Finished;
    if (record.status == RunStatus::Succeeded)
        m_percent = 100;
    Q_EMIT finished(this);
}

QJsonObject Job::toJson() const
{
    QJsonObject json = m_record.toJson();
    json.insert(QStringLiteral("state"), m_state == JobState::Queued    ? QStringLiteral("queued")
                                         : m_state == JobState::Running ? QStringLiteral("running")
                                                                        : QStringLiteral("finished"));
    json.insert(QStringLiteral("percent"), m_percent);
    json.insert(QStringLiteral("progress_message"), m_message);
    if (m_state != JobState::Finished)
        json.insert(QStringLiteral("status"), statusName(RunStatus::Running));
    return json;
}

} // namespace Jobs
