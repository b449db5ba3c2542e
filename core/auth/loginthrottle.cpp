#include "loginthrottle.h"

#include "auth/autherrors.h"
#include "auth/authlog.h"
#include "common/clock.h"
#include "logging/logging.h"
#include "storage/database.h"

#include <QSqlQuery>

namespace Auth {

using Common::Error;
using Common::Result;
using Common::Status;

LoginThrottle::LoginThrottle(std::shared_ptr<Storage::Database> database, int maxFailures, int windowSeconds)
    : m_database(std::move(database))
    , m_maxFailures(std::max(1, maxFailures))
    , m_windowSeconds(std::max(1, windowSeconds))
{
}

Result<qint64> LoginThrottle::secondsBlocked(const QString &column, const QString &key, const QDateTime &now)
{
    // The maxFailures-th most recent failure inside the window: once it ages out, fewer than
    // maxFailures remain and attempts may go on.
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("SELECT failed_at FROM login_failures WHERE %1 = ? AND failed_at > ? "
                                 "ORDER BY failed_at DESC LIMIT 1 OFFSET %2").arg(column).arg(m_maxFailures - 1));
    query.addBindValue(key);
    query.addBindValue(Common::toIsoUtc(now.addSecs(-m_windowSeconds)));
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading login failures"));
    if (!query.next())
        return qint64(0);
    const QDateTime failedAt = QDateTime::fromString(query.value(0).toString(), Qt::ISODateWithMs);
    query.finish();
    const qint64 ms = now.msecsTo(failedAt.addSecs(m_windowSeconds));
    return std::max<qint64>(1, (ms + 999) / 1000);
}

Status LoginThrottle::check(const QString &email, const QString &client, const QDateTime &now)
{
    auto byEmail = secondsBlocked(QStringLiteral("email"), email, now);
    if (!byEmail)
        return byEmail.error();
    qint64 wait = *byEmail;
    QString scope = QStringLiteral("email");
    if (!client.isEmpty()) {
        auto byClient = secondsBlocked(QStringLiteral("client"), client, now);
        if (!byClient)
            return byClient.error();
        if (*byClient > wait) {
            wait = *byClient;
            scope = QStringLiteral("client");
        }
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
    query.addBindValue(email.left(320));
    query.addBindValue(client.isEmpty() ? QVariant() : QVariant(client.left(200)));
    query.addBindValue(Common::toIsoUtc(now));
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("recording a failed login"));
    // Keep the table small without a job: this key's old failures can go now.
    query.prepare(QStringLiteral("DELETE FROM login_failures WHERE (email = ? OR client = ?) AND failed_at <= ?"));
    query.addBindValue(email.left(320));
    query.addBindValue(client.left(200));
    query.addBindValue(Common::toIsoUtc(now.addSecs(-m_windowSeconds)));
    if (!query.exec())
        qCWarning(lcAuth).noquote() << Storage::Database::sqlError(query.lastError(), QStringLiteral("pruning login failures")).message;
    return {};
}

Status LoginThrottle::clearEmail(const QString &email)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("DELETE FROM login_failures WHERE email = ?"));
    query.addBindValue(email);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("clearing login failures"));
    return {};
}

Result<int> LoginThrottle::purge(const QDateTime &now)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("DELETE FROM login_failures WHERE failed_at <= ?"));
    query.addBindValue(Common::toIsoUtc(now.addSecs(-m_windowSeconds)));
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("deleting old login failures"));
    return query.numRowsAffected();
}

} // namespace Auth
