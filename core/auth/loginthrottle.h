#pragma once
// Slows down password guessing without letting anyone lock anyone else out. Failed logins are
// recorded in the login_failures table (email, client address, time; schema version 2), so the
// limits hold across threads and processes sharing the database. Three rules, checked before the
// password is (a refused attempt costs no Argon2 verification and is not recorded):
//
//  1. Per (account, address): after freeFailures failures of an email from one address, that
//     address waits backoffBase·2^(n − freeFailures) seconds after its n-th failure, capped at
//     backoffMax (5 failures → 1 s, 6 → 2 s, … 15 and more → 15 min). Failures count for
//     `memorySeconds` (a day) or until a successful login from that address clears them, so a
//     patient guesser stays at one try per 15 minutes. Scope "account_address".
//  2. Per account, softer: when an email had accountFailureLimit failures within `windowSeconds`
//     from all addresses together (a distributed guess), every address that failed for it within
//     the window waits backoffBase·2^(excess) after its last failure (capped), unless the address
//     holds a live session of that account (a refresh token issued to it that is neither revoked
//     nor expired). Scope "account".
//  3. Per address, against spraying: an address that failed for addressAccountLimit different
//     emails within the window waits backoffBase·2^(excess) after its last failure (capped), for
//     every email. Scope "address".
//
// So an address with no recent failure for an account, and that is not itself spraying many
// accounts, may always try that account: a correct password gets in, whatever others did to the
// account (admin included). An empty client address (an in-process caller) counts for rule 1 and 2
// as one address and is exempt from rule 3.
//
// A refusal is THROTTLED with details.retry_after (seconds until the attempt would be allowed) and
// details.scope (the rule with the longest wait).
//
// The check and the recording are separate statements, so a client firing many attempts in parallel
// can get a few more than allowed checked before the first failures are recorded; each still costs
// an Argon2 verification, and the limits hold from then on.

#include "common/result.h"

#include <QDateTime>

#include <memory>

namespace Storage {
class Database;
}

namespace Auth {

struct LoginThrottleLimits final
{
    int freeFailures = 5;                  // per (account, address), before the backoff starts
    int backoffBaseSeconds = 1;            // the first wait; doubles with every further failure
    int backoffMaxSeconds = 15 * 60;       // cap of every wait
    int memorySeconds = 24 * 60 * 60;      // how long a failure counts for rule 1
    int windowSeconds = 15 * 60;           // window of the per-account and per-address counts
    int accountFailureLimit = 50;          // rule 2: failures of one account from all addresses
    int addressAccountLimit = 20;          // rule 3: different accounts one address failed for
};

class LoginThrottle final
{
public:
    LoginThrottle(std::shared_ptr<Storage::Database> database, LoginThrottleLimits limits);

    // OK when an attempt for this email from this client may go ahead, else THROTTLED.
    Common::Status check(const QString &email, const QString &client, const QDateTime &now);
    Common::Status recordFailure(const QString &email, const QString &client, const QDateTime &now);
    // A successful login: forgets the failures of this email from this address (only: those from
    // other addresses may be an attack that goes on).
    Common::Status recordSuccess(const QString &email, const QString &client);
    // Deletes failures that no rule counts any more; returns how many.
    Common::Result<int> purge(const QDateTime &now);

    const LoginThrottleLimits &limits() const { return m_limits; }

    // Seconds from now until lastFailure + min(backoffMax, backoffBase·2^exponent); at least 1 while
    // that is in the future, 0 when it has passed.
    qint64 secondsUntilBackoffEnds(const QDateTime &lastFailure, qint64 exponent, const QDateTime &now) const;

private:
    struct Count
    {
        qint64 failures = 0;
        QDateTime last; // the latest failure counted; invalid when none
    };
    Common::Result<Count> pairFailures(const QString &email, const QString &client, const QDateTime &since);
    Common::Result<qint64> accountFailures(const QString &email, const QDateTime &since);
    Common::Result<Count> addressAccounts(const QString &client, const QDateTime &since);
    Common::Result<bool> addressHasLiveSession(const QString &email, const QString &client, const QDateTime &now);

    std::shared_ptr<Storage::Database> m_database;
    LoginThrottleLimits m_limits;
};

} // namespace Auth
