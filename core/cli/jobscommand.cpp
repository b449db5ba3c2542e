// smartdata jobs: the scheduled jobs, their schedules and runs; run one now.

#include "cli/commands.h"
#include "cli/output.h"
#include "common/clock.h"
#include "jobs/jobmanager.h"
#include "jobs/jobrunrepository.h"
#include "jobs/standardjobs.h"
#include "scheduler/schedulestore.h"
#include "storage/database.h"

#include <QJsonArray>

namespace Cli {

namespace {

QString isoOrEmpty(const QDateTime &dateTime)
{
    return dateTime.isValid() ? Common::toIsoUtc(dateTime) : QString();
}

QJsonValue isoOrNull(const QDateTime &dateTime)
{
    return dateTime.isValid() ? QJsonValue(Common::toIsoUtc(dateTime)) : QJsonValue();
}

Jobs::JobRegistry registry()
{
    Jobs::JobRegistry registry;
    Jobs::registerStandardJobs(registry);
    return registry;
}

int listJobs(Context &context, const std::shared_ptr<Storage::Database> &db)
{
    Storage::Database &database = *db;
    const Jobs::JobRegistry jobs = registry();
    const QDateTime now = Common::Clock::instance().now();
    QString zoneProblem;
    const QTimeZone zone = Scheduler::ScheduleStore::timeZone(database, &zoneProblem);
    if (!zoneProblem.isEmpty())
        context.err << "smartdata jobs: " << zoneProblem << '\n';
    const QList<Scheduler::ScheduleEntry> entries = Scheduler::ScheduleStore::load(database, jobs, now);
    Jobs::JobRunRepository runs(db);

    QJsonArray array;
    QList<QStringList> rows;
    for (const Jobs::JobDefinition &definition : jobs.definitions()) {
        QString schedule = QStringLiteral("manual");
        QDateTime next;
        QString problem;
        for (const Scheduler::ScheduleEntry &entry : entries) {
            if (entry.job == definition.name) {
                schedule = entry.spec;
                next = entry.nextDue;
                problem = entry.problem;
            }
        }
        auto last = runs.lastRun(definition.name);
        if (!last)
            return reportError(context.err, last.error());
        const std::optional<Jobs::RunRecord> &lastRun = *last;
        QJsonObject json{{QStringLiteral("name"), definition.name},
                         {QStringLiteral("description"), definition.description},
                         {QStringLiteral("schedule"), schedule},
                         {QStringLiteral("timezone"), QString::fromUtf8(zone.id())},
                         {QStringLiteral("next_run"), isoOrNull(next)},
                         {QStringLiteral("last_run"), lastRun ? isoOrNull(lastRun->startedAt.isValid() ? lastRun->startedAt : lastRun->scheduledFor) : QJsonValue()},
                         {QStringLiteral("last_status"), lastRun ? QJsonValue(Jobs::statusName(lastRun->status)) : QJsonValue()},
                         {QStringLiteral("last_message"), lastRun ? QJsonValue(lastRun->message) : QJsonValue()}};
        if (!problem.isEmpty())
            json.insert(QStringLiteral("schedule_problem"), problem);
        array.append(json);
        rows.append({definition.name, schedule, next.isValid() ? next.toTimeZone(zone).toString(QStringLiteral("yyyy-MM-dd HH:mm t")) : QStringLiteral("-"),
                     lastRun ? isoOrEmpty(lastRun->startedAt) : QStringLiteral("-"),
                     lastRun ? Jobs::statusName(lastRun->status) : QStringLiteral("-")});
    }
    if (context.global.json) {
        printJson(context.out, array);
        return ExitOk;
    }
    context.out << "Timezone: " << QString::fromUtf8(zone.id()) << "\n\n";
    printTable(context.out, {QStringLiteral("job"), QStringLiteral("schedule"), QStringLiteral("next run"),
                             QStringLiteral("last run (UTC)"), QStringLiteral("last status")}, rows);
    for (const Scheduler::ScheduleEntry &entry : entries) {
        if (!entry.problem.isEmpty())
            context.out << "note: " << entry.job << " is not scheduled: " << entry.problem << '\n';
    }
    context.out.flush();
    return ExitOk;
}

// Prints progress on stderr for people; nothing with --json.
class CliProgress final : public Common::ProgressReporter
{
public:
    CliProgress(QTextStream &err, bool quiet) : m_err(err), m_quiet(quiet) {}
    void progress(int percent, const QString &message) override
    {
        if (m_quiet || percent == m_last)
            return;
        m_last = percent;
        m_err << "  " << percent << "% " << message << '\n';
        m_err.flush();
    }
    bool isCancelled() const override { return false; }

private:
    QTextStream &m_err;
    bool m_quiet;
    int m_last = -1;
};

int runJob(Context &context, const std::shared_ptr<Storage::Database> &database, const QString &name)
{
    Jobs::JobManager manager(database, registry());
    CliProgress progress(context.err, context.global.json);
    auto record = manager.runSync(name, Jobs::Trigger::Manual, {}, &progress);
    if (!record)
        return reportError(context.err, record.error());
    if (context.global.json)
        printJson(context.out, record->toJson());
    else
        context.out << name << " (run " << record->id << "): " << Jobs::statusName(record->status) << " in "
                    << QString::number(record->durationMs / 1000.0, 'f', 2) << " s: " << record->message << '\n';
    context.out.flush();
    if (record->status == Jobs::RunStatus::Succeeded)
        return ExitOk;
    // The job ran and did not succeed: that is a failure of the work (1), whatever the error's kind.
    if (record->error)
        reportError(context.err, *record->error);
    return ExitFailure;
}

} // namespace

int jobsCommand(Context &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "The scheduled jobs (daily-kpis, daily-housekeeping, ...).\n"
        "  list                    each job's schedule, next run, last run and its status\n"
        "  run NAME                run a job now and wait for it (exit code 0 only on success)\n"
        "  schedule NAME RULE      set a job's schedule: 'daily HH:MM', 'weekly DAY HH:MM', five cron fields,\n"
        "                          'off' or 'default'\n"
        "  timezone [TZ]           show or set the IANA timezone schedules are read in"));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, run NAME, schedule NAME RULE or timezone [TZ]"),
                                 QStringLiteral("list|run NAME|schedule NAME RULE|timezone [TZ]"));
    if (const int code = parseCommandLine(parser, context, QStringLiteral("jobs"), arguments); code >= 0)
        return code;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    auto usageError = [&](const QString &message) {
        context.err << "smartdata jobs: " << message << "\n\n" << commandHelp(parser, QStringLiteral("jobs"));
        context.err.flush();
        return int(ExitUsage);
    };
    const bool valid = (action == QLatin1String("list") && positional.size() == 1)
                    || (action == QLatin1String("run") && positional.size() == 2)
                    || (action == QLatin1String("schedule") && positional.size() >= 3)
                    || (action == QLatin1String("timezone") && positional.size() <= 2);
    if (!valid)
        return usageError(QStringLiteral("expected 'list', 'run NAME', 'schedule NAME RULE' or 'timezone [TZ]', got '%1'.")
                              .arg(positional.join(QLatin1Char(' '))));

    auto db = context.openDatabase();
    if (!db)
        return reportError(context.err, db.error());
    Storage::Database &database = **db;

    if (action == QLatin1String("list"))
        return listJobs(context, *db);
    if (action == QLatin1String("run"))
        return runJob(context, *db, positional.at(1));
    if (action == QLatin1String("schedule")) {
        const QString rule = positional.mid(2).join(QLatin1Char(' '));
        if (Common::Status stored = Scheduler::ScheduleStore::setSchedule(database, registry(), positional.at(1), rule); !stored)
            return reportError(context.err, stored.error());
        return listJobs(context, *db);
    }
    // timezone
    if (positional.size() == 2) {
        if (Common::Status stored = Scheduler::ScheduleStore::setTimeZone(database, positional.at(1)); !stored)
            return reportError(context.err, stored.error());
    }
    const QString zone = QString::fromUtf8(Scheduler::ScheduleStore::timeZone(database).id());
    if (context.global.json)
        printJson(context.out, QJsonObject{{QStringLiteral("timezone"), zone}});
    else
        context.out << zone << '\n';
    context.out.flush();
    return ExitOk;
}

} // namespace Cli
