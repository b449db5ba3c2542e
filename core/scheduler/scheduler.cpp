#include "scheduler.h"

#include "common/clock.h"
#include "jobs/jobrunrepository.h"
#include "jobs/jobslog.h"
#include "logging/logging.h"
#include "storage/database.h"

#include <algorithm>

namespace Scheduler {

using Common::Status;

namespace {

QString describeDuration(std::chrono::seconds seconds)
{
    const qint64 s = seconds.count();
    if (s % 86400 == 0 && s >= 86400)
        return QStringLiteral("%1 d").arg(s / 86400);
    if (s % 3600 == 0)
        return QStringLiteral("%1 h").arg(s / 3600);
    return QStringLiteral("%1 min").arg(s / 60);
}

} // namespace

Scheduler::Scheduler(Jobs::JobManager &manager, QObject *parent)
    : QObject(parent)
    , m_manager(manager)
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer); // a coarse timer may fire up to 5 % early
    connect(&m_timer, &QTimer::timeout, this, &Scheduler::runDueJobs);
}

Scheduler::~Scheduler() = default;

int Scheduler::sleepMsUntil(const QDateTime &due, const QDateTime &now)
{
    if (!due.isValid())
        return MaxSleepMs;
    const qint64 ms = now.msecsTo(due);
    return int(std::clamp<qint64>(ms, 0, MaxSleepMs));
}

Status Scheduler::reload()
{
    Storage::Database &database = *m_manager.database();
    QString problem;
    m_zone = ScheduleStore::timeZone(database, &problem);
    if (!problem.isEmpty())
        Logging::event(lcJobs(), QtWarningMsg, problem, {});
    m_entries = ScheduleStore::load(database, m_manager.registry(), Common::Clock::instance().now());
    for (const ScheduleEntry &entry : std::as_const(m_entries)) {
        if (!entry.problem.isEmpty()) {
            Logging::event(lcJobs(), QtWarningMsg, QStringLiteral("Job %1 is not scheduled: %2").arg(entry.job, entry.problem),
                           QJsonObject{{QStringLiteral("job"), entry.job}});
        }
    }
    if (m_active)
        arm();
    Q_EMIT schedulesChanged();
    return {};
}

Status Scheduler::start()
{
    m_active = true;
    if (Status loaded = reload(); !loaded)
        return loaded;

    // Catch-up: what fell due since each job's last recorded run.
    const QDateTime now = Common::Clock::instance().now();
    Jobs::JobRunRepository runs(m_manager.database());
    for (ScheduleEntry &entry : m_entries) {
        if (!entry.rule)
            continue;
        auto last = runs.lastRun(entry.job);
        if (!last)
            return last.error();
        if (!last->has_value())
            continue;
        const Jobs::RunRecord &record = **last;
        const QDateTime reference = record.startedAt.isValid() ? record.startedAt : record.scheduledFor;
        if (!reference.isValid())
            continue;
        const DueRuns due = ScheduleStore::dueBetween(*entry.rule, m_zone, reference, now);
        if (due.latest.isValid())
            handleDue(entry, due, now, Pass::CatchUp);
    }
    arm();
    return {};
}

void Scheduler::stop()
{
    m_active = false;
    m_timer.stop();
}

Status Scheduler::setSchedule(const QString &job, const QString &spec)
{
    if (Status stored = ScheduleStore::setSchedule(*m_manager.database(), m_manager.registry(), job, spec); !stored)
        return stored;
    return reload();
}

Status Scheduler::setTimeZone(const QString &ianaId)
{
    if (Status stored = ScheduleStore::setTimeZone(*m_manager.database(), ianaId); !stored)
        return stored;
    return reload();
}

std::optional<ScheduleEntry> Scheduler::entry(const QString &job) const
{
    for (const ScheduleEntry &entry : m_entries) {
        if (entry.job == job)
            return entry;
    }
    return std::nullopt;
}

QDateTime Scheduler::nextWakeUp() const
{
    QDateTime earliest;
    for (const ScheduleEntry &entry : m_entries) {
        if (entry.nextDue.isValid() && (!earliest.isValid() || entry.nextDue < earliest))
            earliest = entry.nextDue;
    }
    return earliest;
}

void Scheduler::runDueJobs()
{
    if (!m_active)
        return;
    const QDateTime now = Common::Clock::instance().now();
    for (ScheduleEntry &entry : m_entries) {
        if (!entry.rule || !entry.nextDue.isValid() || entry.nextDue > now)
            continue;
        // Every due time from nextDue up to now: normally one; more when the timer woke late.
        const DueRuns due = ScheduleStore::dueBetween(*entry.rule, m_zone, entry.nextDue.addMSecs(-1), now);
        if (due.latest.isValid())
            handleDue(entry, due, now, Pass::Timer);
        entry.nextDue = entry.rule->nextAfter(now, m_zone);
    }
    arm();
}

void Scheduler::handleDue(ScheduleEntry &entry, const DueRuns &due, const QDateTime &now, Pass pass)
{
    const Jobs::Trigger trigger = pass == Pass::CatchUp ? Jobs::Trigger::CatchUp : Jobs::Trigger::Schedule;
    const qint64 lateSeconds = due.latest.secsTo(now);
    const QJsonObject counts{{QStringLiteral("missed"), due.count},
                             {QStringLiteral("late_seconds"), lateSeconds},
                             {QStringLiteral("grace_seconds"), qint64(entry.gracePeriod.count())}};
    if (lateSeconds > entry.gracePeriod.count()) {
        const QString message = pass == Pass::CatchUp
            ? QStringLiteral("Missed %1 run(s) while SmartData was closed, the last due at %2; that is more than the grace "
                             "period of %3 ago, so it was not run.")
                  .arg(due.count).arg(Common::toIsoUtc(due.latest), describeDuration(entry.gracePeriod))
            : QStringLiteral("The run due at %1 could not start in time (%2 s late, grace period %3); it was not run.")
                  .arg(Common::toIsoUtc(due.latest)).arg(lateSeconds).arg(describeDuration(entry.gracePeriod));
        recordSkip(entry, trigger, due.latest, message, counts);
        return;
    }
    auto job = m_manager.start(entry.job, trigger, due.latest);
    if (!job) {
        recordSkip(entry, trigger, due.latest, job.error().message, counts);
        return;
    }
    if (due.count > 1) {
        Logging::event(lcJobs(), QtInfoMsg, QStringLiteral("Job %1: %2 missed runs coalesced into one").arg(entry.job).arg(due.count),
                       QJsonObject{{QStringLiteral("job"), entry.job}, {QStringLiteral("counts"), counts}});
    }
    Q_EMIT runStarted(*job);
}

void Scheduler::recordSkip(const ScheduleEntry &entry, Jobs::Trigger trigger, const QDateTime &scheduledFor,
                           const QString &message, const QJsonObject &counts)
{
    Jobs::JobRunRepository runs(m_manager.database());
    auto record = runs.recordSkipped(entry.job, trigger, scheduledFor, message, counts);
    QJsonObject fields{{QStringLiteral("job"), entry.job},
                       {QStringLiteral("trigger"), Jobs::triggerName(trigger)},
                       {QStringLiteral("scheduled_for"), Common::toIsoUtc(scheduledFor)},
                       {QStringLiteral("status"), QStringLiteral("skipped")},
                       {QStringLiteral("duration_ms"), 0},
                       {QStringLiteral("counts"), counts}};
    if (!record) {
        fields.insert(QStringLiteral("error"), record.error().toJson());
        Logging::event(lcJobs(), QtWarningMsg, QStringLiteral("Job %1 skipped (not recorded): %2").arg(entry.job, message), fields);
        return;
    }
    fields.insert(QStringLiteral("run_id"), record->id);
    Logging::event(lcJobs(), QtWarningMsg, QStringLiteral("Job %1 skipped: %2").arg(entry.job, message), fields);
    Q_EMIT runSkipped(*record);
}

void Scheduler::arm()
{
    m_timer.stop();
    if (!m_active)
        return;
    const QDateTime next = nextWakeUp();
    if (!next.isValid())
        return; // nothing scheduled; reload() re-arms when that changes
    m_timer.start(sleepMsUntil(next, Common::Clock::instance().now()));
}

} // namespace Scheduler
