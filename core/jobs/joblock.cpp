#include "joblock.h"

#include "common/clock.h"
#include "common/processidentity.h"
#include "jobs/jobslog.h"
#include "storage/database.h"

#include <QSqlQuery>
#include <QUuid>
#include <QVariant>

namespace Jobs {

using Common::Error;
using Common::Result;

namespace {

} // namespace

JobLock::JobLock(std::shared_ptr<Storage::Database> database, QString job)
    : m_database(std::move(database))
    , m_job(std::move(job))
    , m_token(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

JobLock::~JobLock()
{
    release();
}

QString JobLock::processIdentity()
{
    return Common::processIdentity();
}

Result<std::optional<QString>> JobLock::acquire()
{
    if (m_held)
        return std::optional<QString>();
    QSqlQuery query(m_database->connection());
    const QDateTime now = Common::Clock::instance().now();

    // A lease left by a crashed process of this host is void.
    query.prepare(QStringLiteral("SELECT holder, token FROM job_locks WHERE job = ?"));
    query.addBindValue(m_job);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading the lock of job %1").arg(m_job));
    if (query.next() && Common::isDeadLocalProcess(query.value(0).toString())) {
        const QString staleToken = query.value(1).toString();
        query.finish();
        query.prepare(QStringLiteral("DELETE FROM job_locks WHERE job = ? AND token = ?"));
        query.addBindValue(m_job);
        query.addBindValue(staleToken);
        if (!query.exec())
            return Storage::Database::sqlError(query.lastError(), QStringLiteral("clearing a stale lock of job %1").arg(m_job));
        qCInfo(lcJobs).noquote() << QStringLiteral("Job %1: cleared the lock of an ended process").arg(m_job);
    }
    query.finish();

    query.prepare(QStringLiteral("INSERT INTO job_locks (job, holder, token, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?)"
                                 " ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, token = excluded.token,"
                                 " acquired_at = excluded.acquired_at, expires_at = excluded.expires_at"
                                 " WHERE job_locks.expires_at < excluded.acquired_at"));
    query.addBindValue(m_job);
    query.addBindValue(processIdentity());
    query.addBindValue(m_token);
    query.addBindValue(Common::toIsoUtc(now));
    query.addBindValue(Common::toIsoUtc(now.addSecs(LeaseSeconds)));
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("taking the lock of job %1").arg(m_job));
    if (query.numRowsAffected() == 1) {
        m_held = true;
        return std::optional<QString>();
    }
    query.prepare(QStringLiteral("SELECT holder, acquired_at FROM job_locks WHERE job = ?"));
    query.addBindValue(m_job);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading the lock of job %1").arg(m_job));
    if (!query.next())
        return acquire(); // released in between: try again
    const QString holder = query.value(0).toString();
    const qsizetype colon = holder.lastIndexOf(QLatin1Char(':'));
    return std::optional<QString>(QStringLiteral("it is running in process %1 on %2 (since %3)")
                                      .arg(holder.mid(colon + 1), holder.left(colon), query.value(1).toString()));
}

void JobLock::release()
{
    if (!m_held)
        return;
    m_held = false;
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("DELETE FROM job_locks WHERE job = ? AND token = ?"));
    query.addBindValue(m_job);
    query.addBindValue(m_token);
    if (!query.exec())
        qCWarning(lcJobs).noquote() << QStringLiteral("Job %1: could not release its lock: %2").arg(m_job, query.lastError().text());
}

} // namespace Jobs
