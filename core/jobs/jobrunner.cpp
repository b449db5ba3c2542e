#include "jobrunner.h"

#include "common/clock.h"
#include "jobs/joblock.h"
#include "jobs/jobrunrepository.h"
#include "jobs/jobslog.h"
#include "logging/logging.h"

#include <QElapsedTimer>

#include <exception>

namespace Jobs {

namespace {

QJsonObject logFields(const RunRecord &record)
{
    QJsonObject fields{{QStringLiteral("job"), record.job},
                       {QStringLiteral("run_id"), record.id},
                       {QStringLiteral("trigger"), triggerName(record.trigger)}};
    if (record.scheduledFor.isValid())
        fields.insert(QStringLiteral("scheduled_for"), Common::toIsoUtc(record.scheduledFor));
    return fields;
}

} // namespace

RunRecord JobRunner::execute(const std::shared_ptr<Storage::Database> &database, const JobDefinition &definition,
                             Trigger trigger, const QDateTime &scheduledFor, Common::ProgressReporter &progress,
                             const std::function<void(const RunRecord &)> &onStarted)
{
    JobRunRepository runs(database);
    RunRecord record;
    record.job = definition.name;
    record.trigger = trigger;
    record.scheduledFor = scheduledFor.isValid() ? scheduledFor.toUTC() : QDateTime();
    record.startedAt = Common::Clock::instance().now();
    record.host = JobRunRepository::hostName();

    std::optional<RunRecord> lastSucceeded;
    if (auto last = runs.lastRunWithStatus(definition.name, RunStatus::Succeeded); last.ok())
        lastSucceeded = *last;

    QElapsedTimer elapsed;
    elapsed.start();

    // Once at a time across processes; a scheduled slot once, whichever process gets there first.
    JobLock lock(database, definition.name);
    auto held = lock.acquire();
    std::optional<QString> skipReason;
    if (!held) {
        skipReason = held.error().message;
    } else if (*held) {
        skipReason = QStringLiteral("The job %1 was not started: %2.").arg(definition.name, **held);
    } else if (record.scheduledFor.isValid()) {
        auto slot = runs.slotTakenBy(definition.name, record.scheduledFor);
        if (slot.ok() && *slot)
            skipReason = QStringLiteral("The run of %1 scheduled for %2 was already made by %3.")
                             .arg(definition.name, Common::toIsoUtc(record.scheduledFor), **slot);
    }
    if (skipReason) {
        lock.release();
        auto skipped = runs.recordSkipped(definition.name, trigger, record.scheduledFor, *skipReason, {});
        if (skipped.ok())
            record = *skipped;
        record.status = RunStatus::Skipped;
        record.message = *skipReason;
        record.error = Common::Error::conflict(QStringLiteral("JOB_ALREADY_RUNNING"), *skipReason);
        Logging::event(lcJobs(), QtInfoMsg, QStringLiteral("Job %1 skipped").arg(definition.name),
                       QJsonObject{{QStringLiteral("job"), definition.name}, {QStringLiteral("reason"), *skipReason}});
        return record;
    }

    if (Common::Status inserted = runs.insertRunning(record); !inserted) {
        record.status = RunStatus::Failed;
        record.error = inserted.error();
        record.message = inserted.error().message;
        record.finishedAt = Common::Clock::instance().now();
        Logging::event(lcJobs(), QtCriticalMsg, QStringLiteral("Job %1 could not start").arg(definition.name),
                       QJsonObject{{QStringLiteral("job"), definition.name}, {QStringLiteral("error"), inserted.error().toJson()}});
        return record;
    }
    Logging::event(lcJobs(), QtInfoMsg, QStringLiteral("Job %1 started").arg(definition.name), logFields(record));
    if (onStarted)
        onStarted(record);

    JobContext context{database, progress, definition.name, record.id, trigger, record.scheduledFor, lastSucceeded};
    Common::Result<JobOutcome> outcome = Common::Error::internal(QStringLiteral("JOB_NOT_RUN"), QStringLiteral("The job did not run."));
    if (progress.isCancelled()) {
        outcome = Common::Error::cancelled(QStringLiteral("Cancelled before it started."));
    } else if (!definition.run) {
        outcome = Common::Error::internal(QStringLiteral("JOB_NO_WORK"), QStringLiteral("The job %1 has no work defined.").arg(definition.name));
    } else {
        // The core reports failures as values; an exception escaping a job (bad_alloc, a bug in a
        // third-party library) must still end as a 'failed' row instead of taking the scheduler down.
        try {
            outcome = definition.run(context);
        } catch (const std::exception &exception) {
            outcome = Common::Error::internal(QStringLiteral("JOB_EXCEPTION"),
                                              QStringLiteral("The job %1 failed: %2").arg(definition.name, QString::fromLocal8Bit(exception.what())));
        } catch (...) {
            outcome = Common::Error::internal(QStringLiteral("JOB_EXCEPTION"),
                                              QStringLiteral("The job %1 failed with an unknown exception.").arg(definition.name));
        }
    }

    record.finishedAt = Common::Clock::instance().now();
    record.durationMs = elapsed.elapsed();
    if (outcome.ok()) {
        record.status = RunStatus::Succeeded;
        record.message = outcome->message;
        record.counts = outcome->counts;
    } else {
        record.error = outcome.error();
        record.status = outcome.error().kind == Common::ErrorKind::Cancelled ? RunStatus::Cancelled : RunStatus::Failed;
        record.message = outcome.error().message;
        record.counts = QJsonObject{{QStringLiteral("error_code"), outcome.error().code}};
    }
    if (Common::Status finished = runs.finish(record); !finished) {
        // The work is done; only its bookkeeping failed. Say so rather than hide it.
        Logging::event(lcJobs(), QtWarningMsg, QStringLiteral("Job %1: could not record its end").arg(definition.name),
                       QJsonObject{{QStringLiteral("job"), definition.name}, {QStringLiteral("run_id"), record.id},
                                   {QStringLiteral("error"), finished.error().toJson()}});
    }

    QJsonObject fields = logFields(record);
    fields.insert(QStringLiteral("status"), statusName(record.status));
    fields.insert(QStringLiteral("duration_ms"), record.durationMs);
    fields.insert(QStringLiteral("counts"), record.counts);
    switch (record.status) {
    case RunStatus::Succeeded:
        Logging::event(lcJobs(), QtInfoMsg, QStringLiteral("Job %1 finished: %2").arg(definition.name, record.message), fields);
        break;
    case RunStatus::Cancelled:
        Logging::event(lcJobs(), QtInfoMsg, QStringLiteral("Job %1 cancelled").arg(definition.name), fields);
        break;
    default:
        fields.insert(QStringLiteral("error"), record.error ? record.error->toJson() : QJsonObject());
        Logging::event(lcJobs(), QtWarningMsg, QStringLiteral("Job %1 failed: %2").arg(definition.name, record.message), fields);
        break;
    }
    return record;
}

} // namespace Jobs
