#include "authservice.h"

#include "auth/autherrors.h"
#include "auth/authlog.h"
#include "auth/emailaddress.h"
#include "auth/jwtsecret.h"
#include "common/clock.h"
#include "logging/logging.h"
#include "storage/database.h"

#include <sodium.h>

namespace Auth {

using Common::Error;
using Common::Result;
using Common::Status;

namespace {

const QString s_access = QStringLiteral("access");
const QString s_refresh = QStringLiteral("refresh");

QString randomId()
{
    QByteArray bytes(16, Qt::Uninitialized);
    randombytes_buf(bytes.data(), size_t(bytes.size()));
    return QString::fromLatin1(JwtCodec::base64UrlEncode(bytes));
}

Error tokenInvalid(const QString &reason, const QString &message)
{
    return Error::refused(QString::fromLatin1(Errors::TokenInvalid), message, QJsonObject{{QStringLiteral("reason"), reason}});
}

// "an access token", "a refresh token": for messages that name a token type.
QString withArticle(const QString &tokenType)
{
    if (tokenType == s_access)
        return QStringLiteral("an access token");
    if (tokenType == s_refresh)
        return QStringLiteral("a refresh token");
    return QStringLiteral("a token of no known type");
}

Error wrongType(const QString &expectedType, const QString &gotType)
{
    QString message = QStringLiteral("%1 was expected, but this is %2.").arg(withArticle(expectedType), withArticle(gotType));
    message[0] = message.at(0).toUpper();
    return Error::refused(QString::fromLatin1(Errors::TokenWrongType), message,
                          QJsonObject{{QStringLiteral("expected"), expectedType}, {QStringLiteral("got"), gotType}});
}

// Throttling key of a login attempt: the normalised email, or what was typed when it is not one.
QString throttleKey(const QString &email)
{
    auto normalized = EmailAddress::normalize(email);
    return normalized ? normalized.value() : email.trimmed().toLower().left(320);
}

LoginThrottleLimits throttleLimits(const AuthConfig &config)
{
    LoginThrottleLimits limits;
    limits.freeFailures = config.maxLoginFailures;
    limits.backoffBaseSeconds = config.loginBackoffBaseSeconds;
    limits.backoffMaxSeconds = config.loginBackoffMaxSeconds;
    limits.memorySeconds = config.loginFailureMemorySeconds;
    limits.windowSeconds = config.loginFailureWindowSeconds;
    limits.accountFailureLimit = config.accountLoginFailureLimit;
    limits.addressAccountLimit = config.addressFailedAccountLimit;
    return limits;
}

} // namespace

QJsonObject TokenPair::toJson() const
{
    return QJsonObject{{QStringLiteral("access_token"), accessToken},
                       {QStringLiteral("refresh_token"), refreshToken},
                       {QStringLiteral("token_type"), QStringLiteral("bearer")}};
}

AuthService::AuthService(std::shared_ptr<Storage::Database> database, AuthConfig config, QByteArray secret)
    : m_database(database)
    , m_config(std::move(config))
    , m_codec(std::move(secret), m_config.clockLeewaySeconds)
    , m_users(database)
    , m_refreshTokens(database)
    , m_throttle(database, throttleLimits(m_config))
{
}

Result<std::shared_ptr<AuthService>> AuthService::create(std::shared_ptr<Storage::Database> database, AuthConfig config)
{
    if (!database)
        return Error::internal(QStringLiteral("NO_DATABASE"), QStringLiteral("The authentication service needs a database."));
    if (sodium_init() < 0)
        return Error::internal(QString::fromLatin1(Errors::HashFailed), QStringLiteral("libsodium could not be initialised."));
    auto secret = JwtSecret::loadOrCreate(config.secretPath);
    if (!secret)
        return secret.error();
    return std::shared_ptr<AuthService>(new AuthService(std::move(database), std::move(config), std::move(secret).value()));
}

AuthService::Minted AuthService::mint(const User &user, const QString &familyId, const QString &client) const
{
    const QDateTime now = Common::Clock::instance().now();
    const qint64 iat = now.toSecsSinceEpoch();
    QJsonObject claims{{QStringLiteral("sub"), QString::number(user.id)},
                       {QStringLiteral("email"), user.email},
                       {QStringLiteral("role"), roleName(user.role)},
                       {QStringLiteral("iat"), iat}};
    QJsonObject access = claims;
    access.insert(QStringLiteral("typ"), s_access);
    access.insert(QStringLiteral("exp"), iat + m_config.accessTokenSeconds);
    access.insert(QStringLiteral("jti"), randomId());
    access.insert(QStringLiteral("fam"), familyId);
    QJsonObject refresh = claims;
    const qint64 refreshExp = iat + m_config.refreshTokenSeconds;
    refresh.insert(QStringLiteral("typ"), s_refresh);
    refresh.insert(QStringLiteral("exp"), refreshExp);
    refresh.insert(QStringLiteral("jti"), randomId());
    refresh.insert(QStringLiteral("fam"), familyId);

    Minted minted;
    minted.pair.accessToken = m_codec.encode(access);
    minted.pair.refreshToken = m_codec.encode(refresh);
    minted.pair.accessExpiresIn = m_config.accessTokenSeconds;
    minted.pair.refreshExpiresAt = QDateTime::fromSecsSinceEpoch(refreshExp, Qt::UTC);
    minted.pair.user = user;
    minted.refresh.userId = user.id;
    minted.refresh.token = minted.pair.refreshToken;
    minted.refresh.familyId = familyId;
    minted.refresh.issuedAt = QDateTime::fromSecsSinceEpoch(iat, Qt::UTC);
    minted.refresh.expiresAt = minted.pair.refreshExpiresAt;
    minted.refresh.client = client;
    return minted;
}

Result<TokenPair> AuthService::startSession(const User &user, const QString &client)
{
    Minted minted = mint(user, randomId(), client);
    if (Status stored = m_refreshTokens.insert(minted.refresh); !stored)
        return stored.error();
    return minted.pair;
}

Result<TokenPair> AuthService::signup(const QString &email, const QString &password, const QString &client)
{
    auto user = m_users.signUp(email, password, m_config.othersMaySignUp(), m_config.signupRole);
    if (!user)
        return user.error();
    return startSession(*user, client);
}

Result<TokenPair> AuthService::login(const QString &email, const QString &password, const QString &client)
{
    const QString key = throttleKey(email);
    const QDateTime now = Common::Clock::instance().now();
    if (Status allowed = m_throttle.check(key, client, now); !allowed)
        return allowed.error();
    auto user = m_users.authenticate(email, password);
    if (!user) {
        if (user.error().code == QLatin1String(Errors::InvalidCredentials)) {
            // Stamped when the verification is over, so the backoff runs from the end of the
            // attempt and does not shrink by however long Argon2 took on a busy machine.
            if (Status recorded = m_throttle.recordFailure(key, client, Common::Clock::instance().now()); !recorded)
                return recorded.error();
            Logging::event(lcAuth(), QtInfoMsg, QStringLiteral("Login failed"), QJsonObject{{QStringLiteral("client"), client}});
        }
        return user.error();
    }
    if (Status cleared = m_throttle.recordSuccess(key, client); !cleared)
        return cleared.error();
    Logging::event(lcAuth(), QtInfoMsg, QStringLiteral("Login"),
                   QJsonObject{{QStringLiteral("user_id"), user->id}, {QStringLiteral("client"), client}});
    return startSession(*user, client);
}

Result<std::pair<QJsonObject, User>> AuthService::verify(const QString &token, const QString &expectedType)
{
    auto claims = m_codec.decode(token, Common::Clock::instance().now());
    if (!claims)
        return claims.error();
    const QJsonValue typ = claims->value(QStringLiteral("typ"));
    if (typ != QJsonValue(s_access) && typ != QJsonValue(s_refresh))
        return tokenInvalid(QStringLiteral("typ"), QStringLiteral("The token has no valid type."));
    if (typ.toString() != expectedType)
        return wrongType(expectedType, typ.toString());
    if (!claims->value(QStringLiteral("jti")).isString())
        return tokenInvalid(QStringLiteral("jti"), QStringLiteral("The token has no id."));
    bool ok = false;
    const QString sub = claims->value(QStringLiteral("sub")).toString();
    const qint64 userId = sub.toLongLong(&ok);
    if (!ok || userId <= 0 || QString::number(userId) != sub)
        return tokenInvalid(QStringLiteral("sub"), QStringLiteral("The token names no valid user."));
    auto user = m_users.find(userId);
    if (!user) {
        if (user.error().kind == Common::ErrorKind::NotFound)
            return Error::refused(QString::fromLatin1(Errors::TokenSubjectUnknown), QStringLiteral("The token's user no longer exists."));
        return user.error();
    }
    if (!user->active)
        return Error::refused(QString::fromLatin1(Errors::TokenSubjectInactive), QStringLiteral("The token's user is deactivated."));
    return std::pair<QJsonObject, User>(std::move(claims).value(), std::move(user).value());
}

Result<Principal> AuthService::verifyAccess(const QString &accessToken)
{
    auto verified = verify(accessToken, s_access);
    if (!verified)
        return verified.error();
    const auto &[claims, user] = verified.value();
    // The session (refresh family) the token was minted for must still be open: logout, reuse
    // detection, a password change or deactivation revoke it in the database, and the token stops
    // working with the next check instead of living on until it expires.
    const QString family = claims.value(QStringLiteral("fam")).toString();
    if (family.isEmpty())
        return tokenInvalid(QStringLiteral("fam"), QStringLiteral("The access token names no session; refresh it or log in again."));
    auto live = m_refreshTokens.familyIsLive(family, user.id);
    if (!live)
        return live.error();
    if (!*live)
        return Error::refused(QString::fromLatin1(Errors::TokenRevoked), QStringLiteral("The session of this access token has ended; log in again."));
    Principal principal;
    principal.userId = user.id;
    principal.email = user.email;
    principal.role = user.role;
    principal.tokenId = claims.value(QStringLiteral("jti")).toString();
    principal.familyId = family;
    principal.expiresAt = QDateTime::fromSecsSinceEpoch(qint64(claims.value(QStringLiteral("exp")).toDouble()), Qt::UTC);
    return principal;
}

Result<TokenPair> AuthService::refresh(const QString &refreshToken, const QString &client)
{
    auto verified = verify(refreshToken, s_refresh);
    if (!verified)
        return verified.error();
    const auto &[claims, user] = verified.value();
    const QString family = claims.value(QStringLiteral("fam")).toString();
    if (family.isEmpty())
        return tokenInvalid(QStringLiteral("fam"), QStringLiteral("The refresh token has no family."));
    Minted minted = mint(user, family, client);
    if (Status rotated = m_refreshTokens.rotate(refreshToken, minted.refresh, Common::Clock::instance().now()); !rotated)
        return rotated.error();
    return minted.pair;
}

Status AuthService::logout(const QString &refreshToken)
{
    const QDateTime now = Common::Clock::instance().now();
    auto claims = m_codec.decode(refreshToken, now);
    if (!claims)
        return claims.error();
    const QString typ = claims->value(QStringLiteral("typ")).toString();
    if (typ != s_refresh)
        return wrongType(s_refresh, typ);
    auto row = m_refreshTokens.find(refreshToken);
    if (!row)
        return row.error();
    if (!row->has_value())
        return Error::refused(QString::fromLatin1(Errors::TokenRevoked), QStringLiteral("The refresh token is not known."));
    auto revoked = m_refreshTokens.revokeFamily((*row)->familyId, now);
    if (!revoked)
        return revoked.error();
    Logging::event(lcAuth(), QtInfoMsg, QStringLiteral("Logout"),
                   QJsonObject{{QStringLiteral("user_id"), (*row)->userId}, {QStringLiteral("revoked"), *revoked}});
    return {};
}

Result<int> AuthService::logoutEverywhere(qint64 userId)
{
    return m_refreshTokens.revokeUser(userId, Common::Clock::instance().now());
}

Status AuthService::authorize(const Principal &principal, Permission permission)
{
    if (principal.can(permission))
        return {};
    return Error::refused(QString::fromLatin1(Errors::Forbidden),
                          QStringLiteral("The role %1 may not do this.").arg(roleName(principal.role)),
                          QJsonObject{{QStringLiteral("permission"), permissionName(permission)},
                                      {QStringLiteral("role"), roleName(principal.role)}});
}

QString AuthService::bearerToken(const QByteArray &authorizationHeader)
{
    const QByteArray value = authorizationHeader.trimmed();
    if (value.size() < 8 || value.left(7).toLower() != "bearer ")
        return {};
    const QByteArray token = value.mid(7).trimmed();
    if (token.isEmpty() || token.contains(' ') || token.contains('\t'))
        return {};
    return QString::fromLatin1(token);
}

Result<int> AuthService::purgeExpiredTokens()
{
    const QDateTime now = Common::Clock::instance().now();
    auto tokens = m_refreshTokens.purge(now);
    if (!tokens)
        return tokens.error();
    auto failures = m_throttle.purge(now);
    if (!failures)
        return failures.error();
    Logging::event(lcAuth(), QtInfoMsg, QStringLiteral("Purged expired refresh tokens"),
                   QJsonObject{{QStringLiteral("refresh_tokens"), *tokens}, {QStringLiteral("login_failures"), *failures}});
    return tokens;
}

} // namespace Auth
