#pragma once
// The refresh_tokens table. Only SHA-256 hashes of refresh tokens are stored (a database leak does
// not leak sessions). A family is one login's chain of refresh tokens: each refresh spends its token
// (used_at) and adds the successor to the same family; presenting a spent token again means it was
// copied, so the whole family is revoked (revoked_at on every row) and the refresh fails.
//
// Thread- and process-safe: rotation runs in one write transaction on the caller's connection.

#include "common/result.h"

#include <QDateTime>

#include <memory>
#include <optional>

namespace Storage {
class Database;
}

namespace Auth {

struct StoredRefreshToken final
{
    qint64 id = 0;
    qint64 userId = 0;
    QString familyId;
    QString issuedAt;
    QString expiresAt;
    QString usedAt;    // empty: not spent
    QString revokedAt; // empty: not revoked
};

struct NewRefreshToken final
{
    qint64 userId = 0;
    QString token;    // the JWT; stored as its hash
    QString familyId;
    QDateTime issuedAt;
    QDateTime expiresAt;
    QString client;   // the client address, for the audit trail
};

class RefreshTokenStore final
{
public:
    explicit RefreshTokenStore(std::shared_ptr<Storage::Database> database);

    // Hex SHA-256 of the token text.
    static QString hashToken(const QString &token);

    Common::Status insert(const NewRefreshToken &token);
    // The row of a token, nullopt when it is not stored.
    Common::Result<std::optional<StoredRefreshToken>> find(const QString &token);

    // Spends presented and stores successor, in one transaction. TOKEN_REVOKED when presented is
    // unknown, revoked or expired; TOKEN_REUSED (after revoking the family) when it was spent;
    // TOKEN_INVALID when it does not belong to successor's user and family.
    Common::Status rotate(const QString &presented, const NewRefreshToken &successor, const QDateTime &now);

    // Whether the family still has a token that is not revoked: false after logout, reuse
    // detection, a password change, deactivation or logoutEverywhere() revoked it (and after purge()
    // deleted it). Access tokens carry their family, so this is what ends them at once.
    Common::Result<bool> familyIsLive(const QString &familyId, qint64 userId);

    // Number of rows newly revoked.
    Common::Result<int> revokeFamily(const QString &familyId, const QDateTime &now);
    Common::Result<int> revokeUser(qint64 userId, const QDateTime &now);

    // Deletes the expired and the revoked rows; returns how many. Spent but live rows stay: they
    // are what detects the reuse of a stolen token.
    Common::Result<int> purge(const QDateTime &now);

private:
    std::shared_ptr<Storage::Database> m_database;
};

} // namespace Auth
