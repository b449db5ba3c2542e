#include "refreshtokenstore.h"

#include "auth/autherrors.h"
#include "auth/authlog.h"
#include "auth/writetransaction.h"
#include "common/clock.h"
#include "logging/logging.h"
#include "storage/database.h"

#include <QCryptographicHash>
#include <QSqlQuery>

namespace Auth {

using Common::Error;
using Common::Result;
using Common::Status;

namespace {

Error dbError(const QSqlQuery &query, const QString &what)
{
    return Storage::Database::sqlError(query.lastError(), what);
}

Error revoked(const QString &message)
{
    return Error::refused(QString::fromLatin1(Errors::TokenRevoked), message);
}

Status insertRow(const QSqlDatabase &db, const NewRefreshToken &token)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("INSERT INTO refresh_tokens (user_id, token_hash, family_id, issued_at, expires_at, client) "
                                 "VALUES (?, ?, ?, ?, ?, ?)"));
    query.addBindValue(token.userId);
    query.addBindValue(RefreshTokenStore::hashToken(token.token));
    query.addBindValue(token.familyId);
    query.addBindValue(Common::toIsoUtc(token.issuedAt));
    query.addBindValue(Common::toIsoUtc(token.expiresAt));
    query.addBindValue(token.client.isEmpty() ? QVariant() : QVariant(token.client.left(200)));
    if (!query.exec())
        return dbError(query, QStringLiteral("storing a refresh token"));
    return {};
}

Result<std::optional<StoredRefreshToken>> findRow(const QSqlDatabase &db, const QString &token)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT id, user_id, family_id, issued_at, expires_at, used_at, revoked_at "
                                 "FROM refresh_tokens WHERE token_hash = ?"));
    query.addBindValue(RefreshTokenStore::hashToken(token));
    if (!query.exec())
        return dbError(query, QStringLiteral("reading a refresh token"));
    if (!query.next())
        return std::optional<StoredRefreshToken>();
    StoredRefreshToken row;
    row.id = query.value(0).toLongLong();
    row.userId = query.value(1).toLongLong();
    row.familyId = query.value(2).toString();
    row.issuedAt = query.value(3).toString();
    row.expiresAt = query.value(4).toString();
    row.usedAt = query.value(5).toString();
    row.revokedAt = query.value(6).toString();
    query.finish();
    return std::optional<StoredRefreshToken>(row);
}

Result<int> revokeWhere(const QSqlDatabase &db, const QString &column, const QVariant &value, const QDateTime &now)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE refresh_tokens SET revoked_at = ? WHERE %1 = ? AND revoked_at IS NULL").arg(column));
    query.addBindValue(Common::toIsoUtc(now));
    query.addBindValue(value);
    if (!query.exec())
        return dbError(query, QStringLiteral("revoking refresh tokens"));
    return query.numRowsAffected();
}

} // namespace

RefreshTokenStore::RefreshTokenStore(std::shared_ptr<Storage::Database> database)
    : m_database(std::move(database))
{
}

QString RefreshTokenStore::hashToken(const QString &token)
{
    return QString::fromLatin1(QCryptographicHash::hash(token.toUtf8(), QCryptographicHash::Sha256).toHex());
}

Status RefreshTokenStore::insert(const NewRefreshToken &token)
{
    return insertRow(m_database->connection(), token);
}

Result<std::optional<StoredRefreshToken>> RefreshTokenStore::find(const QString &token)
{
    return findRow(m_database->connection(), token);
}

Status RefreshTokenStore::rotate(const QString &presented, const NewRefreshToken &successor, const QDateTime &now)
{
    WriteTransaction transaction(*m_database);
    if (!transaction.isActive())
        return transaction.error();
    auto row = findRow(transaction.connection(), presented);
    if (!row)
        return row.error();
    if (!row->has_value())
        return revoked(QStringLiteral("The refresh token is not known (it was revoked or has been cleaned up)."));
    const StoredRefreshToken &stored = **row;
    if (stored.userId != successor.userId || stored.familyId != successor.familyId) {
        return Error::refused(QString::fromLatin1(Errors::TokenInvalid), QStringLiteral("The refresh token does not match its record."),
                              QJsonObject{{QStringLiteral("reason"), QStringLiteral("record_mismatch")}});
    }
    if (!stored.revokedAt.isEmpty())
        return revoked(QStringLiteral("The refresh token has been revoked; log in again."));
    if (!stored.usedAt.isEmpty()) {
        // Someone presents a token that was already exchanged: either the client or a thief holds a
        // copy. Cut the whole chain so neither can go on; the real user logs in again.
        auto n = revokeWhere(transaction.connection(), QStringLiteral("family_id"), stored.familyId, now);
        if (!n)
            return n.error();
        if (Status committed = transaction.commit(); !committed)
            return committed;
        Logging::event(lcAuth(), QtWarningMsg, QStringLiteral("Refresh token reused; its family is revoked"),
                       QJsonObject{{QStringLiteral("user_id"), stored.userId}, {QStringLiteral("family"), stored.familyId},
                                   {QStringLiteral("client"), successor.client}, {QStringLiteral("revoked"), *n}});
        return Error::refused(QString::fromLatin1(Errors::TokenReused),
                              QStringLiteral("This refresh token was already used; all sessions of this login are revoked. Log in again."));
    }
    if (stored.expiresAt <= Common::toIsoUtc(now))
        return Error::refused(QString::fromLatin1(Errors::TokenExpired), QStringLiteral("The refresh token has expired."));

    QSqlQuery query(transaction.connection());
    query.prepare(QStringLiteral("UPDATE refresh_tokens SET used_at = ? WHERE id = ? AND used_at IS NULL AND revoked_at IS NULL"));
    query.addBindValue(Common::toIsoUtc(now));
    query.addBindValue(stored.id);
    if (!query.exec())
        return dbError(query, QStringLiteral("spending a refresh token"));
    if (query.numRowsAffected() != 1)
        return revoked(QStringLiteral("The refresh token was used concurrently; log in again."));
    if (Status inserted = insertRow(transaction.connection(), successor); !inserted)
        return inserted;
    return transaction.commit();
}

Result<bool> RefreshTokenStore::familyIsLive(const QString &familyId, qint64 userId)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("SELECT 1 FROM refresh_tokens WHERE family_id = ? AND user_id = ? AND revoked_at IS NULL LIMIT 1"));
    query.addBindValue(familyId);
    query.addBindValue(userId);
    if (!query.exec())
        return dbError(query, QStringLiteral("checking a session"));
    const bool live = query.next();
    query.finish();
    return live;
}

Result<int> RefreshTokenStore::revokeFamily(const QString &familyId, const QDateTime &now)
{
    return revokeWhere(m_database->connection(), QStringLiteral("family_id"), familyId, now);
}

Result<int> RefreshTokenStore::revokeUser(qint64 userId, const QDateTime &now)
{
    return revokeWhere(m_database->connection(), QStringLiteral("user_id"), userId, now);
}

Result<int> RefreshTokenStore::purge(const QDateTime &now)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("DELETE FROM refresh_tokens WHERE expires_at <= ? OR revoked_at IS NOT NULL"));
    query.addBindValue(Common::toIsoUtc(now));
    if (!query.exec())
        return dbError(query, QStringLiteral("deleting expired refresh tokens"));
    return query.numRowsAffected();
}

} // namespace Auth
