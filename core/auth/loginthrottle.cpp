#include "loginthrottle.h"

#include "auth/autherrors.h"
#include "auth/authlog.h"
#include "common/clock.h"
#include "logging/logging.h"
#include "storage/database.h"

#include <QSqlQuery>

#include <algorithm>

namespace Auth {

using Common::Error;
using Common::Result;
using Common::Status;

namespace {

// What the table stores of a key: the columns are plain TEXT, so bound the size a client can send.
// Never a null QString: Qt binds that as NULL, which `=` never matches (and email is NOT NULL).
QString textKey(const QString &text, qsizetype maxLength)
{
    return text.isEmpty() ? QStringLiteral("") : text.left(maxLength);
}
QString emailKey(const QString &email) { return textKey(email, 320); }
QString clientKey(const QString &client) { return textKey(client, 200); }

QDateTime parseTime(const QVariant &value)
{
    QDateTime time = QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
    return time.isValid() ? time.toUTC() : QDateTime();
}

Error readError(const QSqlQuery &query)
{
    return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading login failures"));
}

} // namespace

LoginThrottle::LoginThrottle(std::shared_ptr<Storage::Database> database, LoginThrottleLimits limits)
    : m_database(std::move(database))
    , m_limits(limits)
{
    m_limits.freeFailures = std::max(1, m_limits.freeFailures);
    m_limits.backoffBaseSeconds = std::max(1, m_limits.backoffBaseSeconds);
    m_limits.backoffMaxSeconds = std::max(m_limits.backoffBaseSeconds, m_limits.backoffMaxSeconds);
    m_limits.windowSeconds = std::max(1, m_limits.windowSeconds);
    m_limits.memorySeconds = std::max(m_limits.windowSeconds, m_limits.memorySeconds);
    m_limits.accountFailureLimit = std::max(1, m_limits.accountFailureLimit);
    m_limits.addressAccountLimit = std::max(1, m_limits.addressAccountLimit);
}

qint64 LoginThrottle::secondsUntilBackoffEnds(const QDateTime &lastFailure, qint64 exponent, const QDateTime &now) const
{
    if (!lastFailure.isValid())
        return 0;
    // base (< 2^31) · 2^30 still fits in 64 bits and is far past any cap an int can hold.
    const qint64 base = m_limits.backoffBaseSeconds;
    const qint64 cap = m_limits.backoffMaxSeconds;
    const qint64 wait = exponent >= 30 ? cap : std::min(cap, base * (qint64(1) << std::max<qint64>(0, exponent)));
    const qint64 ms = now.msecsTo(lastFailure.addSecs(wait));
    return ms <= 0 ? 0 : (ms + 999) / 1000;
}

Result<LoginThrottle::Count> LoginThrottle::pairFailures(const QString &email, const QString &client, const QDateTime &since)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("SELECT COUNT(*), MAX(failed_at) FROM login_failures WHERE email = ? AND client = ? AND failed_at > ?"));
    query.addBindValue(emailKey(email));
    query.addBindValue(clientKey(client));
    query.addBindValue(Common::toIsoUtc(since));
    if (!query.exec() || !query.next())
        return readError(query);
    return Count{query.value(0).toLongLong(), parseTime(query.value(1))};
}

Result<qint64> LoginThrottle::accountFailures(const QString &email, const QDateTime &since)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM login_failures WHERE email = ? AND failed_at > ?"));
    query.addBindValue(emailKey(email));
    query.addBindValue(Common::toIsoUtc(since));
    if (!query.exec() || !query.next())
        return readError(query);
    return query.value(0).toLongLong();
}

Result<LoginThrottle::Count> LoginThrottle::addressAccounts(const QString &client, const QDateTime &since)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("SELECT COUNT(DISTINCT email), MAX(failed_at) FROM login_failures WHERE client = ? AND failed_at > ?"));
    query.addBindValue(clientKey(client));
    query.addBindValue(Common::toIsoUtc(since));
    if (!query.exec() || !query.next())
        return readError(query);
    return Count{query.value(0).toLongLong(), parseTime(query.value(1))};
}

Result<bool> LoginThrottle::addressHasLiveSession(const QString &email, const QString &client, const QDateTime &now)
{
    if (client.isEmpty())
        return false;
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("SELECT 1 FROM refresh_tokens t JOIN users u ON u.id = t.user_id "
                                 "WHERE u.email = ? AND t.client = ? AND t.revoked_at IS NULL AND t.expires_at > ? LIMIT 1"));
    query.addBindValue(emailKey(email));
    query.addBindValue(clientKey(client));
    query.addBindValue(Common::toIsoUtc(now));
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading the sessions of an account"));
    return query.next();
}

Status LoginThrottle::check(const QString &email, const QString &client, const QDateTime &now)
{
    qint64 wait = 0;
    QString scope;
    auto consider = [&](qint64 seconds, const QString &name) {
        if (seconds > wait) {
            wait = seconds;
            scope = name;
        }
    };

    // Rule 1: this address against this account.
    auto pair = pairFailures(email, client, now.addSecs(-m_limits.memorySeconds));
    if (!pair)
        return pair.error();
    if (pair->failures >= m_limits.freeFailures)
        consider(secondsUntilBackoffEnds(pair->last, pair->failures - m_limits.freeFailures, now), QStringLiteral("account_address"));

    // Rule 2: the account under a distributed attack; only addresses that took part are slowed down.
    const QDateTime windowStart = now.addSecs(-m_limits.windowSeconds);
    if (pair->failures > 0 && pair->last > windowStart) {
        auto account = accountFailures(email, windowStart);
        if (!account)
            return account.error();
        if (*account >= m_limits.accountFailureLimit) {
            auto known = addressHasLiveSession(email, client, now);
            if (!known)
                return known.error();
            if (!*known)
                consider(secondsUntilBackoffEnds(pair->last, *account - m_limits.accountFailureLimit, now), QStringLiteral("account"));
        }
    }

    // Rule 3: one address trying many accounts.
    if (!client.isEmpty()) {
        auto spread = addressAccounts(client, windowStart);
        if (!spread)
            return spread.error();
        if (spread->failures >= m_limits.addressAccountLimit)
            consider(secondsUntilBackoffEnds(spread->last, spread->failures - m_limits.addressAccountLimit, now), QStringLiteral("address"));
    }

    if (wait <= 0)
        return {};
    Logging::event(lcAuth(), QtInfoMsg, QStringLiteral("Login throttled"),
                   QJsonObject{{QStringLiteral("scope"), scope}, {QStringLiteral("client"), client}, {QStringLiteral("retry_after"), wait}});
    return Error::refused(QString::fromLatin1(Errors::Throttled),
                          QStringLiteral("Too many failed logins; try again in %1 seconds.").arg(wait),
                          QJsonObject{{QStringLiteral("retry_after"), wait}, {QStringLiteral("scope"), scope}});
}

Status LoginThrottle::recordFailure(const QString &email, const QString &client, const QDateTime &now)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("INSERT INTO login_failures (email, client, failed_at) VALUES (?, ?, ?)"));
    query.addBindValue(emailKey(email));
    query.addBindValue(clientKey(client));
    query.addBindValue(Common::toIsoUtc(now));
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("recording a failed login"));
    // Keep the table small without a job: this account's and this address's failures that no rule
    // counts any more can go now.
    query.prepare(QStringLiteral("DELETE FROM login_failures WHERE (email = ? OR client = ?) AND failed_at <= ?"));
    query.addBindValue(emailKey(email));
    query.addBindValue(clientKey(client));
    query.addBindValue(Common::toIsoUtc(now.addSecs(-m_limits.memorySeconds)));
    if (!query.exec())
        qCWarning(lcAuth).noquote() << Storage::Database::sqlError(query.lastError(), QStringLiteral("pruning login failures")).message;
    return {};
}

Status LoginThrottle::recordSuccess(const QString &email, const QString &client)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("DELETE FROM login_failures WHERE email = ? AND client = ?"));
    query.addBindValue(emailKey(email));
    query.addBindValue(clientKey(client));
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("clearing login failures"));
    return {};
}

Result<int> LoginThrottle::purge(const QDateTime &now)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("DELETE FROM login_failures WHERE failed_at <= ?"));
    query.addBindValue(Common::toIsoUtc(now.addSecs(-m_limits.memorySeconds)));
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("deleting old login failures"));
    return query.numRowsAffected();
}

} // namespace Auth
