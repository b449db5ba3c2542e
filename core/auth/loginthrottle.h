#pragma once
// Slows down password guessing. Failed logins are recorded in the login_failures table (schema
// version 2) per email and per client address, so the limit holds across threads and processes
// sharing the database. When maxFailures failures of an email, or of a client address, fall within
// the window, further attempts are refused with THROTTLED (details.retry_after in seconds,
// details.scope "email" or "client") without checking the password, until enough of them age out.
// A successful login clears its email's failures; a client's failures only age out, since one
// address trying many emails is the pattern to stop.
//
// The check and the recording are separate statements, so a client firing many attempts in parallel
// can get a few more than maxFailures checked before the first failures are recorded; each still
// costs an Argon2 verification, and the limit holds from then on.

#include "common/result.h"

#include <QDateTime>

#include <memory>

namespace Storage {
class Database;
}

namespace Auth {

class LoginThrottle final
{
public:
    LoginThrottle(std::shared_ptr<Storage::Database> database, int maxFailures, int windowSeconds);

    // OK when an attempt for this email from this client may go ahead; an empty client is not limited.
    Common::Status check(const QString &email, const QString &client, const QDateTime &now);
    Common::Status recordFailure(const QString &email, const QString &client, const QDateTime &now);
    Common::Status clearEmail(const QString &email);
    // Deletes failures older than the window; returns how many.
    Common::Result<int> purge(const QDateTime &now);

private:
    // Seconds until the key's failures drop under the limit; 0 when they are under it already.
    Common::Result<qint64> secondsBlocked(const QString &column, const QString &key, const QDateTime &now);

    std::shared_ptr<Storage::Database> m_database;
    int m_maxFailures;
    int m_windowSeconds;
};

} // namespace Auth
