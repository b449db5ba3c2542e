#pragma once
// Authentication for the REST API: signup, login, refresh, logout and access-token checks, built
// on UserService, JwtCodec, RefreshTokenStore and LoginThrottle. The HTTP layer parses requests,
// calls one function here and maps the error code with Errors::httpStatusFor() (autherrors.h).
//
// Tokens are HS256 JWTs signed with the installation's secret (JwtSecret). Access tokens live 15
// minutes and carry sub (user id), email, role, typ "access", iat, exp, jti and fam (the login's
// refresh family id); refresh tokens live 7 days and carry the same claims with typ "refresh".
// verifyAccess() checks the signature and times, then that the user still exists and is active and
// that the token's family is not revoked, and returns the user's *current* role: a deactivation,
// demotion, logout, password change or detected refresh-token reuse takes effect at once, from any
// process that shares the database. (The family check is one indexed query; the API server's
// per-thread principal cache saves it on repeated requests and is dropped whenever the database
// changes, so a revocation written by any process ends cached principals too.)
//
// `client` is the address login throttling counts per and the audit trail records: pass the socket's
// peer address, not a client-supplied header such as X-Forwarded-For (unless a trusted proxy set it).
//
// Thread-safe: the service's own state is immutable after create(); every call uses the calling
// thread's database connection, so HTTP worker threads can share one instance.

#include "auth/authconfig.h"
#include "auth/jwtcodec.h"
#include "auth/loginthrottle.h"
#include "auth/refreshtokenstore.h"
#include "auth/role.h"
#include "auth/userservice.h"
#include "common/result.h"

#include <QDateTime>
#include <QJsonObject>

#include <memory>

namespace Storage {
class Database;
}

namespace Auth {

struct TokenPair final
{
    QString accessToken;
    QString refreshToken;
    int accessExpiresIn = 0; // seconds
    QDateTime refreshExpiresAt;
    User user;

    // The bare reply of /api/auth/signup, /login and /refresh:
    // {"access_token","refresh_token","token_type":"bearer"}.
    QJsonObject toJson() const;
};

// Who made an authenticated request.
struct Principal final
{
    qint64 userId = 0;
    QString email;
    Role role = Role::Viewer; // current role from the database, not the token's
    QString tokenId;          // jti
    QString familyId;         // fam: the login session the token belongs to
    QDateTime expiresAt;

    bool can(Permission permission) const { return allows(role, permission); }
};

class AuthService final
{
    Q_DISABLE_COPY_MOVE(AuthService)

public:
    // Loads (or creates) the JWT secret; JWT_SECRET_* errors when it is unusable.
    static Common::Result<std::shared_ptr<AuthService>> create(std::shared_ptr<Storage::Database> database, AuthConfig config = {});

    // 201 on success. SIGNUP_DISABLED, INVALID_EMAIL, WEAK_PASSWORD, EMAIL_TAKEN.
    Common::Result<TokenPair> signup(const QString &email, const QString &password, const QString &client = {});
    // THROTTLED, INVALID_CREDENTIALS, ACCOUNT_DISABLED.
    Common::Result<TokenPair> login(const QString &email, const QString &password, const QString &client = {});
    // Spends the refresh token and returns a new pair of the same family. TOKEN_* errors;
    // TOKEN_REUSED when the token was spent before (its family is then revoked).
    Common::Result<TokenPair> refresh(const QString &refreshToken, const QString &client = {});
    // Revokes the refresh token's family, which ends its access tokens too. TOKEN_* errors for a
    // token that is not ours.
    Common::Status logout(const QString &refreshToken);
    // Revokes every refresh token of the user (sign out everywhere), and so every access token;
    // returns how many refresh tokens.
    Common::Result<int> logoutEverywhere(qint64 userId);

    // The principal of a valid access token: TOKEN_INVALID, TOKEN_EXPIRED, TOKEN_NOT_YET_VALID,
    // TOKEN_WRONG_TYPE, TOKEN_SUBJECT_UNKNOWN, TOKEN_SUBJECT_INACTIVE, TOKEN_REVOKED (its session
    // was logged out or revoked).
    Common::Result<Principal> verifyAccess(const QString &accessToken);
    // FORBIDDEN (403) when the principal's role does not allow the permission.
    static Common::Status authorize(const Principal &principal, Permission permission);
    // The token of an "Authorization: Bearer <token>" header value; empty when it is not one.
    static QString bearerToken(const QByteArray &authorizationHeader);

    // Housekeeping (daily job): deletes expired and revoked refresh tokens and login failures that
    // aged out; returns the number of refresh tokens deleted.
    Common::Result<int> purgeExpiredTokens();

    UserService &users() { return m_users; }
    const AuthConfig &config() const { return m_config; }

private:
    AuthService(std::shared_ptr<Storage::Database> database, AuthConfig config, QByteArray secret);

    struct Minted
    {
        TokenPair pair;
        NewRefreshToken refresh;
    };
    Minted mint(const User &user, const QString &familyId, const QString &client) const;
    Common::Result<TokenPair> startSession(const User &user, const QString &client);
    // Decodes a token and checks its typ, sub and the user behind it.
    Common::Result<std::pair<QJsonObject, User>> verify(const QString &token, const QString &expectedType);

    std::shared_ptr<Storage::Database> m_database;
    AuthConfig m_config;
    JwtCodec m_codec;
    UserService m_users;
    RefreshTokenStore m_refreshTokens;
    LoginThrottle m_throttle;
};

} // namespace Auth
