#pragma once
// One bulk writer at a time per database, across threads and processes: an import, or a KPI
// recompute that reads clean_events. On SQLite an import commits its rows in short transactions so
// that no writer holds the write lock for seconds (logins, settings and jobs write between them);
// its rows are then stored before its batch says `committed`, and a recompute running beside it
// would count them. The lease keeps the two apart, and lets a second import wait its turn instead
// of failing on a locked database.
//
// The lease is a row in job_locks (job "bulk-write"), taken for LeaseSeconds and renewed by its
// holder as it goes. It ends when released, when it expires, or when its holder was a process of
// this host that no longer exists. A thread that holds it may take it again (nested: the outer
// holder renews and releases it). Whoever takes it removes what a holder that ended without
// finishing left behind: batches still `running`, with their rows (removeUnfinishedImports()).
//
//   Storage::BulkWriteLease lease(database, QStringLiteral("import of orders.csv"));
//   if (Status s = lease.acquire([](const QString &holder) { print("waiting for " + holder); return true; }); !s) ...
//   ... work, calling lease.renew() at least every LeaseSeconds / 2 ...
//   // the destructor releases it

#include "common/result.h"

#include <QString>

#include <functional>
#include <memory>

namespace Storage {

class Database;

class BulkWriteLease final
{
    Q_DISABLE_COPY_MOVE(BulkWriteLease)

public:
    static constexpr int LeaseSeconds = 120;

    // Called while the lease is held by someone else, with who and what ("import of x.csv in process
    // 123 on host, since ..."): once at first, then every few seconds. Return false to stop waiting.
    using WaitCallback = std::function<bool(const QString &holder)>;

    BulkWriteLease(std::shared_ptr<Database> database, QString purpose);
    ~BulkWriteLease();

    // Waits until the lease is ours (timeoutMs < 0: as long as it takes). Errors: BULK_WRITE_BUSY
    // (ErrorKind::Refused) on timeout, CANCELLED when onWait returned false, or a database error.
    Common::Status acquire(const WaitCallback &onWait = {}, int timeoutMs = -1);
    // Extends the lease; LEASE_LOST when it expired and another writer took it meanwhile (the caller
    // must then stop writing and roll back what it can).
    Common::Status renew();
    void release();
    bool isHeld() const { return m_held; }

    // Deletes the batches left `running` (and their events and raw rows), a slice of rows per short
    // transaction. Only call it while holding the lease. Returns the number of batches removed.
    Common::Result<int> removeUnfinishedImports();

private:
    Common::Result<bool> tryAcquire(QString *holder);

    std::shared_ptr<Database> m_database;
    QString m_purpose;
    QString m_token;
    bool m_held = false;
    bool m_nested = false; // this thread held it already: the outer holder renews and releases it
};

} // namespace Storage
