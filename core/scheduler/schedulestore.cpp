#include "schedulestore.h"

#include "storage/database.h"

namespace Scheduler {

using Common::Error;
using Common::Status;

const QString ScheduleStore::TimeZoneKey = QStringLiteral("schedule.timezone");

QString ScheduleStore::scheduleKey(const QString &job)
{
    return QStringLiteral("schedule.") + job;
}

QString ScheduleStore::graceKey(const QString &job)
{
    return QStringLiteral("schedule.") + job + QStringLiteral(".grace_hours");
}

QTimeZone ScheduleStore::timeZone(Storage::Database &database, QString *problem)
{
    const QString id = database.setting(TimeZoneKey).trimmed();
    if (id.isEmpty())
        return QTimeZone::systemTimeZone();
    const QTimeZone zone(id.toUtf8());
    if (zone.isValid())
        return zone;
    if (problem)
        *problem = QStringLiteral("The stored schedule timezone '%1' is unknown; using the system's timezone.").arg(id);
    return QTimeZone::systemTimeZone();
}

QList<ScheduleEntry> ScheduleStore::load(Storage::Database &database, const Jobs::JobRegistry &registry, const QDateTime &now)
{
    const QTimeZone zone = timeZone(database);
    QList<ScheduleEntry> entries;
    for (const Jobs::JobDefinition &definition : registry.definitions()) {
        ScheduleEntry entry;
        entry.job = definition.name;
        const QString stored = database.setting(scheduleKey(definition.name)).trimmed();
        entry.isDefault = stored.isEmpty();
        entry.spec = entry.isDefault ? definition.defaultSchedule : stored;
        if (entry.spec.isEmpty())
            continue; // a job that is only ever run by hand
        entry.gracePeriod = definition.gracePeriod;
        bool ok = false;
        const double hours = database.setting(graceKey(definition.name)).toDouble(&ok);
        if (ok && hours >= 0)
            entry.gracePeriod = std::chrono::seconds(qint64(hours * 3600));
        if (entry.spec.compare(QLatin1String("off"), Qt::CaseInsensitive) != 0) {
            auto rule = CronSchedule::parse(entry.spec);
            if (rule) {
                entry.rule = *rule;
                entry.nextDue = rule->nextAfter(now, zone);
            } else {
                entry.problem = rule.error().message;
            }
        }
        entries.append(entry);
    }
    return entries;
}

Status ScheduleStore::setSchedule(Storage::Database &database, const Jobs::JobRegistry &registry, const QString &job,
                                  const QString &spec)
{
    const Jobs::JobDefinition *definition = registry.find(job);
    if (!definition) {
        return Error::notFound(QStringLiteral("JOB_UNKNOWN"), QStringLiteral("There is no job named '%1' (known: %2).")
                                                                  .arg(job, registry.names().join(QStringLiteral(", "))));
    }
    QString value = spec.simplified();
    if (value.compare(QLatin1String("default"), Qt::CaseInsensitive) == 0)
        value = definition->defaultSchedule.isEmpty() ? QStringLiteral("off") : definition->defaultSchedule;
    else if (value.compare(QLatin1String("off"), Qt::CaseInsensitive) == 0)
        value = QStringLiteral("off");
    else if (auto rule = CronSchedule::parse(value); !rule)
        return rule.error();
    return database.setSetting(scheduleKey(job), value);
}

Status ScheduleStore::setTimeZone(Storage::Database &database, const QString &ianaId)
{
    const QByteArray id = ianaId.trimmed().toUtf8();
    const QTimeZone zone(id);
    // Qt also accepts any word as a POSIX TZ rule ("Nowhere" is valid to it): only known IANA ids pass.
    if (!zone.isValid() || !QTimeZone::isTimeZoneIdAvailable(id)) {
        return Error::badInput(QStringLiteral("BAD_TIMEZONE"),
                               QStringLiteral("Unknown timezone '%1' (use an IANA name such as Europe/Berlin).").arg(ianaId));
    }
    return database.setSetting(TimeZoneKey, QString::fromUtf8(zone.id()));
}

DueRuns ScheduleStore::dueBetween(const CronSchedule &rule, const QTimeZone &zone, const QDateTime &after, const QDateTime &until)
{
    DueRuns runs;
    runs.latest = rule.previousAtOrBefore(until, zone);
    if (!runs.latest.isValid() || runs.latest <= after.toUTC()) {
        runs.latest = QDateTime();
        return runs;
    }
    // Counted only for the message; a rule due every minute over a long closure stops at the cap.
    for (QDateTime due = rule.nextAfter(after, zone); due.isValid() && due <= runs.latest && runs.count < DueRuns::MaxCounted;
         due = rule.nextAfter(due, zone))
        ++runs.count;
    return runs;
}

} // namespace Scheduler
