#include "bulkwritelease.h"

#include "common/clock.h"
#include "common/processidentity.h"
#include "storage/database.h"
#include "storage/storagelog.h"

#include <QElapsedTimer>
#include <QHash>
#include <QSqlQuery>
#include <QThread>
#include <QUuid>
#include <QVariant>

namespace Storage {

using Common::Error;
using Common::Result;
using Common::Status;

namespace {

const QString LeaseJob = QStringLiteral("bulk-write");
constexpr int PollMs = 50;
constexpr int WaitReportEveryMs = 5000;
constexpr int RemoveSliceRows = 20000;

// The leases this thread holds, per database: a holder that calls code taking the lease again (a
// job that recomputes KPIs) holds it once more instead of waiting for itself.
thread_local QHash<const Database *, int> t_held;

// The token column holds "<uuid> <purpose>", so a waiter can say what it waits for.
QString purposeOf(const QString &token)
{
    const qsizetype space = token.indexOf(QLatin1Char(' '));
    return space < 0 ? QStringLiteral("another import") : token.mid(space + 1);
}

} // namespace

BulkWriteLease::BulkWriteLease(std::shared_ptr<Database> database, QString purpose)
    : m_database(std::move(database))
    , m_purpose(std::move(purpose))
    , m_token(QUuid::createUuid().toString(QUuid::WithoutBraces) + QLatin1Char(' ') + m_purpose)
{
}

BulkWriteLease::~BulkWriteLease()
{
    release();
}

Result<bool> BulkWriteLease::tryAcquire(QString *holder)
{
    QSqlQuery query(m_database->connection());
    const QDateTime now = Common::Clock::instance().now();

    query.prepare(QStringLiteral("SELECT holder, token, acquired_at, expires_at FROM job_locks WHERE job = ?"));
    query.addBindValue(LeaseJob);
    if (!query.exec())
        return Database::sqlError(query.lastError(), QStringLiteral("reading the import lease"));
    if (query.next()) {
        const QString current = query.value(0).toString();
        const QString token = query.value(1).toString();
        const QString since = query.value(2).toString();
        query.finish();
        if (Common::isDeadLocalProcess(current)) {
            query.prepare(QStringLiteral("DELETE FROM job_locks WHERE job = ? AND token = ?"));
            query.addBindValue(LeaseJob);
            query.addBindValue(token);
            if (!query.exec())
                return Database::sqlError(query.lastError(), QStringLiteral("clearing the import lease of an ended process"));
            qCInfo(lcStorage).noquote() << QStringLiteral("Cleared the import lease of ended process %1 (%2)").arg(current, purposeOf(token));
        } else if (holder) {
            const qsizetype colon = current.lastIndexOf(QLatin1Char(':'));
            *holder = QStringLiteral("%1 in process %2 on %3, since %4")
                          .arg(purposeOf(token), current.mid(colon + 1), current.left(colon), since.left(19).replace(QLatin1Char('T'), QLatin1Char(' ')));
        }
    }
    query.finish();

    query.prepare(QStringLiteral("INSERT INTO job_locks (job, holder, token, acquired_at, expires_at) VALUES (?, ?, ?, ?, ?)"
                                 " ON CONFLICT (job) DO UPDATE SET holder = excluded.holder, token = excluded.token,"
                                 " acquired_at = excluded.acquired_at, expires_at = excluded.expires_at"
                                 " WHERE job_locks.expires_at < excluded.acquired_at"));
    query.addBindValue(LeaseJob);
    query.addBindValue(Common::processIdentity());
    query.addBindValue(m_token);
    query.addBindValue(Common::toIsoUtc(now));
    query.addBindValue(Common::toIsoUtc(now.addSecs(LeaseSeconds)));
    if (!query.exec())
        return Database::sqlError(query.lastError(), QStringLiteral("taking the import lease"));
    return query.numRowsAffected() == 1;
}

Status BulkWriteLease::acquire(const WaitCallback &onWait, int timeoutMs)
{
    if (m_held)
        return {};
    if (t_held.value(m_database.get()) > 0) {
        ++t_held[m_database.get()];
        m_held = m_nested = true;
        return {};
    }
    QElapsedTimer waited;
    waited.start();
    qint64 nextReport = 0;
    while (true) {
        QString holder;
        auto taken = tryAcquire(&holder);
        if (!taken) {
            // Busy writing the lease row itself is waiting too, not a failure.
            if (taken.error().code != QLatin1String("DATABASE_BUSY"))
                return taken.error();
            if (holder.isEmpty())
                holder = QStringLiteral("another writer");
        } else if (*taken) {
            break;
        }
        if (timeoutMs >= 0 && waited.elapsed() >= timeoutMs) {
            return Error::refused(QStringLiteral("BULK_WRITE_BUSY"),
                                  QStringLiteral("The database is busy with %1; try again when it has finished.").arg(holder),
                                  QJsonObject{{QStringLiteral("holder"), holder}, {QStringLiteral("retry_after_seconds"), 5}});
        }
        if (waited.elapsed() >= nextReport) {
            nextReport = waited.elapsed() + WaitReportEveryMs;
            if (onWait && !onWait(holder))
                return Error::cancelled(QStringLiteral("Stopped waiting for %1.").arg(holder));
        }
        QThread::msleep(PollMs);
    }
    m_held = true;
    t_held[m_database.get()] = 1;
    if (auto removed = removeUnfinishedImports(); !removed) {
        release();
        return removed.error();
    }
    return {};
}

Status BulkWriteLease::renew()
{
    if (!m_held)
        return Error::internal(QStringLiteral("LEASE_LOST"), QStringLiteral("The import lease is not held."));
    if (m_nested)
        return {};
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("UPDATE job_locks SET expires_at = ? WHERE job = ? AND token = ?"));
    query.addBindValue(Common::toIsoUtc(Common::Clock::instance().now().addSecs(LeaseSeconds)));
    query.addBindValue(LeaseJob);
    query.addBindValue(m_token);
    if (!query.exec())
        return Database::sqlError(query.lastError(), QStringLiteral("renewing the import lease"));
    if (query.numRowsAffected() != 1) {
        m_held = false;
        t_held.remove(m_database.get());
        return Error::internal(QStringLiteral("LEASE_LOST"),
                               QStringLiteral("The import lease expired and another writer took it over; this import stops."));
    }
    return {};
}

void BulkWriteLease::release()
{
    if (!m_held)
        return;
    m_held = false;
    if (--t_held[m_database.get()] <= 0)
        t_held.remove(m_database.get());
    if (m_nested)
        return;
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("DELETE FROM job_locks WHERE job = ? AND token = ?"));
    query.addBindValue(LeaseJob);
    query.addBindValue(m_token);
    // A busy database: the lease then ends when it expires, or at once when this process has ended.
    if (!query.exec())
        qCWarning(lcStorage).noquote() << QStringLiteral("Could not release the import lease: %1").arg(query.lastError().text());
}

Result<int> BulkWriteLease::removeUnfinishedImports()
{
    QSqlDatabase connection = m_database->connection();
    QSqlQuery query(connection);
    if (!query.exec(QStringLiteral("SELECT id, file_name, started_at FROM ingest_batches WHERE status = 'running' ORDER BY id")))
        return Database::sqlError(query.lastError(), QStringLiteral("finding unfinished imports"));
    QList<QPair<qint64, QString>> batches;
    QString firstStart;
    while (query.next()) {
        batches.append({query.value(0).toLongLong(), query.value(1).toString()});
        if (firstStart.isEmpty())
            firstStart = query.value(2).toString();
    }
    query.finish();
    for (const auto &[id, file] : std::as_const(batches)) {
        // Slices, so that removing a large unfinished import never holds the write lock for long.
        for (const char *table : {"clean_events", "raw_events"}) {
            while (true) {
                query.prepare(QStringLiteral("DELETE FROM %1 WHERE id IN (SELECT id FROM %1 WHERE batch_id = ? LIMIT %2)")
                                  .arg(QLatin1String(table))
                                  .arg(RemoveSliceRows));
                query.addBindValue(id);
                if (!query.exec())
                    return Database::sqlError(query.lastError(), QStringLiteral("removing the rows of unfinished import %1").arg(id));
                if (query.numRowsAffected() < RemoveSliceRows)
                    break;
            }
        }
        query.prepare(QStringLiteral("DELETE FROM ingest_batches WHERE id = ? AND status = 'running'"));
        query.addBindValue(id);
        if (!query.exec())
            return Database::sqlError(query.lastError(), QStringLiteral("removing unfinished import %1").arg(id));
        qCInfo(lcStorage).noquote() << QStringLiteral("Removed unfinished import %1 (%2)").arg(id).arg(file);
    }
    if (!batches.isEmpty()) {
        // Sources those imports created that nothing refers to any more.
        query.prepare(QStringLiteral("DELETE FROM sources WHERE created_at >= ?"
                                     " AND NOT EXISTS (SELECT 1 FROM ingest_batches b WHERE b.source_id = sources.id)"
                                     " AND NOT EXISTS (SELECT 1 FROM clean_events e WHERE e.source_id = sources.id)"
                                     " AND NOT EXISTS (SELECT 1 FROM metric_daily d WHERE d.source_id = sources.id)"));
        query.addBindValue(firstStart);
        if (!query.exec())
            return Database::sqlError(query.lastError(), QStringLiteral("removing the sources of unfinished imports"));
    }
    return int(batches.size());
}

} // namespace Storage
