#pragma once
// A lease on a job name, shared by every process that uses the database, so a job runs once at a
// time across processes (two `smartdata serve` on one PostgreSQL database, the desktop app beside a
// cron'd `smartdata jobs run`), not once per process. A row in job_locks is the lease:
//
//   JobLock lock(database, QStringLiteral("daily-kpis"));
//   auto held = lock.acquire();            // Result<std::optional<QString>>
//   if (held && *held) { /* someone else holds it: **held says who */ }
//   ... run ...                            // the destructor releases it
//
// A lease ends when its holder releases it, when it expires (LeaseSeconds after it was taken), or
// when its holder was a process on this host that no longer exists (it crashed).

#include "common/result.h"

#include <QString>

#include <memory>
#include <optional>

namespace Storage {
class Database;
}

namespace Jobs {

class JobLock final
{
    Q_DISABLE_COPY_MOVE(JobLock)

public:
    static constexpr int LeaseSeconds = 6 * 3600;

    JobLock(std::shared_ptr<Storage::Database> database, QString job);
    ~JobLock();

    // nullopt: the lease is ours. Otherwise who holds it ("host x, process 123, since ...").
    Common::Result<std::optional<QString>> acquire();
    void release();
    bool isHeld() const { return m_held; }

    // "host:pid" of this process, as written in job_locks.holder.
    static QString processIdentity();

private:
    std::shared_ptr<Storage::Database> m_database;
    QString m_job;
    QString m_token;
    bool m_held = false;
};

} // namespace Jobs
