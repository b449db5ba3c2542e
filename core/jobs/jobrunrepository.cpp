#include "jobrunrepository.h"

#include "common/clock.h"
#include "storage/database.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QSysInfo>
#include <QVariant>

namespace Jobs {

using Common::Error;
using Common::Result;
using Common::Status;

namespace {

QVariant isoOrNull(const QDateTime &dateTime)
{
    return dateTime.isValid() ? QVariant(Common::toIsoUtc(dateTime)) : QVariant(QMetaType(QMetaType::QString));
}

QDateTime fromIso(const QVariant &value)
{
    if (value.isNull())
        return {};
    QDateTime dateTime = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return dateTime.isValid() ? dateTime.toUTC() : dateTime;
}

Trigger triggerFromName(const QString &name)
{
    if (name == QLatin1String("schedule"))
        return Trigger::Schedule;
    if (name == QLatin1String("catch-up"))
        return Trigger::CatchUp;
    return Trigger::Manual;
}

QString countsText(const QJsonObject &counts)
{
    return QString::fromUtf8(QJsonDocument(counts).toJson(QJsonDocument::Compact));
}

const QString Columns = QStringLiteral(
    "id, job, trigger, scheduled_for, started_at, finished_at, status, message, counts, host");

} // namespace

QString triggerName(Trigger trigger)
{
    switch (trigger) {
    case Trigger::Schedule: return QStringLiteral("schedule");
    case Trigger::Manual: return QStringLiteral("manual");
    case Trigger::CatchUp: return QStringLiteral("catch-up");
    }
    return QStringLiteral("manual");
}

QString statusName(RunStatus status)
{
    switch (status) {
    case RunStatus::Running: return QStringLiteral("running");
    case RunStatus::Succeeded: return QStringLiteral("succeeded");
    case RunStatus::Failed: return QStringLiteral("failed");
    case RunStatus::Skipped: return QStringLiteral("skipped");
    case RunStatus::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("failed");
}

std::optional<RunStatus> statusFromName(const QString &name)
{
    for (RunStatus status : {RunStatus::Running, RunStatus::Succeeded, RunStatus::Failed, RunStatus::Skipped,
                             RunStatus::Cancelled}) {
        if (statusName(status) == name)
            return status;
    }
    return std::nullopt;
}

QJsonObject RunRecord::toJson() const
{
    QJsonObject json{{QStringLiteral("id"), id},
                     {QStringLiteral("job"), job},
                     {QStringLiteral("trigger"), triggerName(trigger)},
                     {QStringLiteral("scheduled_for"), scheduledFor.isValid() ? QJsonValue(Common::toIsoUtc(scheduledFor)) : QJsonValue()},
                     {QStringLiteral("started_at"), startedAt.isValid() ? QJsonValue(Common::toIsoUtc(startedAt)) : QJsonValue()},
                     {QStringLiteral("finished_at"), finishedAt.isValid() ? QJsonValue(Common::toIsoUtc(finishedAt)) : QJsonValue()},
                     {QStringLiteral("status"), statusName(status)},
                     {QStringLiteral("message"), message},
                     {QStringLiteral("counts"), counts},
                     {QStringLiteral("host"), host}};
    if (durationMs > 0)
        json.insert(QStringLiteral("duration_ms"), durationMs);
    if (error)
        json.insert(QStringLiteral("error"), error->toJson());
    return json;
}

void JobRegistry::add(JobDefinition definition)
{
    for (JobDefinition &existing : m_definitions) {
        if (existing.name == definition.name) {
            existing = std::move(definition);
            return;
        }
    }
    m_definitions.append(std::move(definition));
}

bool JobRegistry::contains(const QString &name) const
{
    return find(name) != nullptr;
}

const JobDefinition *JobRegistry::find(const QString &name) const
{
    for (const JobDefinition &definition : m_definitions) {
        if (definition.name == name)
            return &definition;
    }
    return nullptr;
}

QStringList JobRegistry::names() const
{
    QStringList names;
    for (const JobDefinition &definition : m_definitions)
        names.append(definition.name);
    return names;
}

JobRunRepository::JobRunRepository(std::shared_ptr<Storage::Database> database)
    : m_database(std::move(database))
{
}

QString JobRunRepository::hostName()
{
    return QSysInfo::machineHostName();
}

Status JobRunRepository::insertRunning(RunRecord &record)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("INSERT INTO job_runs (job, trigger, scheduled_for, started_at, status, host)"
                                 " VALUES (?, ?, ?, ?, 'running', ?) RETURNING id"));
    query.addBindValue(record.job);
    query.addBindValue(triggerName(record.trigger));
    query.addBindValue(isoOrNull(record.scheduledFor));
    query.addBindValue(isoOrNull(record.startedAt));
    query.addBindValue(record.host);
    if (!query.exec() || !query.next())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("recording the start of job %1").arg(record.job));
    record.id = query.value(0).toLongLong(); // RETURNING: QPSQL has no lastInsertId() for tables without OIDs
    query.finish();
    return {};
}

Status JobRunRepository::finish(const RunRecord &record)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("UPDATE job_runs SET finished_at = ?, status = ?, message = ?, counts = ? WHERE id = ?"));
    query.addBindValue(isoOrNull(record.finishedAt));
    query.addBindValue(statusName(record.status));
    query.addBindValue(record.message);
    query.addBindValue(countsText(record.counts));
    query.addBindValue(record.id);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("recording the end of job %1").arg(record.job));
    return {};
}

Result<std::optional<QString>> JobRunRepository::slotTakenBy(const QString &job, const QDateTime &scheduledFor)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("SELECT host FROM job_runs WHERE job = ? AND scheduled_for = ?"
                                 " AND (status = 'running' OR status = 'succeeded') ORDER BY id LIMIT 1"));
    query.addBindValue(job);
    query.addBindValue(isoOrNull(scheduledFor));
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("looking up the runs of job %1").arg(job));
    if (!query.next())
        return std::optional<QString>();
    const QString host = query.value(0).toString();
    return std::optional<QString>(host.isEmpty() ? QStringLiteral("another process") : QStringLiteral("a process on %1").arg(host));
}

Result<RunRecord> JobRunRepository::recordSkipped(const QString &job, Trigger trigger, const QDateTime &scheduledFor,
                                                  const QString &message, const QJsonObject &counts)
{
    RunRecord record;
    record.job = job;
    record.trigger = trigger;
    record.scheduledFor = scheduledFor;
    record.startedAt = Common::Clock::instance().now();
    record.finishedAt = record.startedAt;
    record.status = RunStatus::Skipped;
    record.message = message;
    record.counts = counts;
    record.host = hostName();
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("INSERT INTO job_runs (job, trigger, scheduled_for, started_at, finished_at, status, message, counts, host)"
                                 " VALUES (?, ?, ?, ?, ?, 'skipped', ?, ?, ?) RETURNING id"));
    query.addBindValue(job);
    query.addBindValue(triggerName(trigger));
    query.addBindValue(isoOrNull(scheduledFor));
    query.addBindValue(isoOrNull(record.startedAt));
    query.addBindValue(isoOrNull(record.finishedAt));
    query.addBindValue(message);
    query.addBindValue(countsText(counts));
    query.addBindValue(record.host);
    if (!query.exec() || !query.next())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("recording a skipped run of job %1").arg(job));
    record.id = query.value(0).toLongLong();
    query.finish();
    return record;
}

Result<QList<RunRecord>> JobRunRepository::select(const QString &where, const QList<QVariant> &binds, int limit)
{
    QSqlQuery query(m_database->connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT %1 FROM job_runs WHERE %2"
                                 " ORDER BY COALESCE(started_at, scheduled_for) DESC, id DESC LIMIT %3")
                      .arg(Columns, where)
                      .arg(limit));
    for (const QVariant &bind : binds)
        query.addBindValue(bind);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading job runs"));
    QList<RunRecord> records;
    while (query.next()) {
        RunRecord record;
        record.id = query.value(0).toLongLong();
        record.job = query.value(1).toString();
        record.trigger = triggerFromName(query.value(2).toString());
        record.scheduledFor = fromIso(query.value(3));
        record.startedAt = fromIso(query.value(4));
        record.finishedAt = fromIso(query.value(5));
        record.status = statusFromName(query.value(6).toString()).value_or(RunStatus::Failed);
        record.message = query.value(7).toString();
        record.counts = QJsonDocument::fromJson(query.value(8).toString().toUtf8()).object();
        record.host = query.value(9).toString();
        records.append(record);
    }
    return records;
}

Result<std::optional<RunRecord>> JobRunRepository::lastRun(const QString &job)
{
    auto records = select(QStringLiteral("job = ?"), {job}, 1);
    if (!records)
        return records.error();
    if (records->isEmpty())
        return std::optional<RunRecord>();
    return std::optional<RunRecord>(records->first());
}

Result<std::optional<RunRecord>> JobRunRepository::lastRunWithStatus(const QString &job, RunStatus status)
{
    auto records = select(QStringLiteral("job = ? AND status = ?"), {job, statusName(status)}, 1);
    if (!records)
        return records.error();
    if (records->isEmpty())
        return std::optional<RunRecord>();
    return std::optional<RunRecord>(records->first());
}

Result<QList<RunRecord>> JobRunRepository::recent(const QString &job, int limit)
{
    if (job.isEmpty())
        return select(QStringLiteral("1 = 1"), {}, limit);
    return select(QStringLiteral("job = ?"), {job}, limit);
}

} // namespace Jobs
