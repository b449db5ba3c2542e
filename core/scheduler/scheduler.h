#pragma once
// Runs the registered jobs on their schedules (ScheduleStore) through a JobManager.
//
// No polling: one single-shot QTimer sleeps until the earliest next due time, and is re-armed after
// every check and whenever schedules change. A QTimer interval is an int of milliseconds (~24.8
// days), and the wall clock can jump (suspend, NTP), so one sleep is at most MaxSleepMs; waking up
// early only recomputes and sleeps again. "Now" always comes from Common::Clock, so tests drive the
// scheduler with a fake clock and call runDueJobs() instead of waiting.
//
// Missed runs: start() compares each job's schedule with its last job_runs row. If runs fell due
// while SmartData was closed, the latest of them runs once (trigger catch-up) when it is at most the
// job's grace period old; otherwise one 'skipped' row records the miss. A job without any job_runs
// row has missed nothing. The same rule covers a timer that fires late (the machine slept): one run
// for all the due times it slept through, or 'skipped' past the grace period.
//
// Overlap: a due run whose job is still running is recorded 'skipped' (JobManager refuses overlap).

#include "jobs/jobmanager.h"
#include "scheduler/schedulestore.h"

#include <QObject>
#include <QTimer>

namespace Scheduler {

class Scheduler final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Scheduler)

public:
    static constexpr int MaxSleepMs = 60 * 60 * 1000;

    explicit Scheduler(Jobs::JobManager &manager, QObject *parent = nullptr);
    ~Scheduler() override;

    // Loads the schedules, catches up missed runs, arms the timer.
    Common::Status start();
    void stop();
    bool isActive() const { return m_active; }

    // Re-reads schedules and timezone (no catch-up) and re-arms; call after editing the settings.
    Common::Status reload();
    // Store a rule ("off", "default", cron or shorthand) / a timezone and reload.
    Common::Status setSchedule(const QString &job, const QString &spec);
    Common::Status setTimeZone(const QString &ianaId);

    QList<ScheduleEntry> entries() const { return m_entries; }
    std::optional<ScheduleEntry> entry(const QString &job) const;
    QTimeZone timeZone() const { return m_zone; }

    // The earliest next due time of all schedules (UTC), the timer's state and its interval.
    QDateTime nextWakeUp() const;
    bool isArmed() const { return m_timer.isActive(); }
    int timerIntervalMs() const { return m_timer.interval(); }
    // How long to sleep until due: 0 when past, at most MaxSleepMs.
    static int sleepMsUntil(const QDateTime &due, const QDateTime &now);

public Q_SLOTS:
    // Starts every job whose due time has come and re-arms. The timer calls it; tests may too.
    void runDueJobs();

Q_SIGNALS:
    void schedulesChanged();
    void runSkipped(const Jobs::RunRecord &record);
    void runStarted(Jobs::Job *job);

private:
    enum class Pass { CatchUp, Timer };
    // Runs the latest of the due times in `due` once, or records it skipped when it is past the grace
    // period or the job is still running.
    void handleDue(ScheduleEntry &entry, const DueRuns &due, const QDateTime &now, Pass pass);
    void recordSkip(const ScheduleEntry &entry, Jobs::Trigger trigger, const QDateTime &scheduledFor, const QString &message,
                    const QJsonObject &counts);
    void arm();

    Jobs::JobManager &m_manager;
    QTimer m_timer;
    QList<ScheduleEntry> m_entries;
    QTimeZone m_zone;
    bool m_active = false;
};

} // namespace Scheduler
