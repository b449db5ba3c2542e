#pragma once
// Who holds a lease written to the database (job_locks.holder): "host:pid" of a process, and whether
// such a holder is a process of this host that has ended (its lease is then void).

#include <QString>

namespace Common {

QString processIdentity();
bool isDeadLocalProcess(const QString &holder);

} // namespace Common
