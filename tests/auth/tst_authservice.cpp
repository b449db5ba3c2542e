// AuthService end to end on a fresh database: signup, login, access-token checks, refresh rotation
// and reuse detection, logout (which ends the session's access tokens at once), throttling per
// account and address, user changes that cut sessions, housekeeping.

#include "testdatabase.h"
#include "auth/autherrors.h"
#include "auth/authservice.h"
#include "auth/jwtsecret.h"
#include "authtesthelpers.h"

#include <QSqlQuery>
#include <QThread>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <functional>

using namespace Auth;
using AuthTest::FakeClock;

namespace {

const QString s_password = QStringLiteral("correct horse battery");
const QString s_admin = QStringLiteral("admin@example.com");

// Each evaluates its argument once (it may be a call that changes state).
#define VERIFY_OK(expression)                                                                                          \
    do {                                                                                                               \
        const auto &result_ = (expression);                                                                            \
        QVERIFY2(result_.ok(), qPrintable(result_ ? QString() : result_.error().code + QStringLiteral(": ") + result_.error().message)); \
    } while (false)
#define VERIFY_ERROR(expression, expectedCode, expectedStatus)                 \
    do {                                                                       \
        const auto &result_ = (expression);                                    \
        QVERIFY2(!result_.ok(), "expected " expectedCode);                     \
        QCOMPARE(result_.error().code, QStringLiteral(expectedCode));          \
        QCOMPARE(Errors::httpStatusFor(result_.error()), expectedStatus);      \
    } while (false)

} // namespace

class TestAuthService final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { SD_REQUIRE_ENGINE(); }
    void init();
    void cleanup();

    void firstSignupBecomesAdmin();
    void furtherSignups_data();
    void furtherSignups();
    void signupRejectsBadInput();
    void loginIssuesTokensWithTheClaims();
    void wrongPasswordAndUnknownEmailLookTheSame();
    void accessTokenExpires();
    void tokenTypesCannotBeSwapped();
    void accessTokenWithoutSessionIsRefused();
    void tokenFromAnotherInstallationIsRejected();
    void deactivatedUserIsCutOff();
    void deletedUserIsCutOff();
    void roleChangeTakesEffectAtOnce();
    void refreshRotates();
    void refreshTokenExpires();
    void reusedRefreshTokenRevokesItsFamily();
    void logoutRevokesTheFamily();
    void logoutEndsTheAccessTokensAtOnce();
    void logoutEverywhereEndsEveryAccessToken();
    void revocationByAnotherProcessIsSeen();
    void passwordChangeSignsOutEverywhere();
    void failuresElsewhereDoNotLockOutTheAccount();
    void failuresForOneAccountDoNotBlockTheAddress();
    void backoffDoublesUpToTheCap_data();
    void backoffDoublesUpToTheCap();
    void failuresAreForgottenAfterADay();
    void successfulLoginClearsItsAddressFailures();
    void distributedGuessingSlowsUnknownAddresses();
    void addressTryingManyAccountsIsSlowedDown();
    void purgeExpiredTokens();
    void lastAdminIsProtected();
    void authorize();
    void bearerToken_data();
    void bearerToken();
    void concurrentRefreshSpendsOnce();

private:
    std::shared_ptr<AuthService> makeService(bool loopback = true, bool allowSignup = true,
                                             const std::function<void(AuthConfig &)> &adjust = {});
    // And an admin signed up.
    std::shared_ptr<AuthService> serviceWithAdmin(const std::function<void(AuthConfig &)> &adjust = {});
    // Asserts THROTTLED with this scope and retry_after.
    void verifyThrottled(const Common::Result<TokenPair> &attempt, const QString &scope, qint64 retryAfter);
    QJsonObject claimsOf(const QString &token);
    qint64 countRows(const QString &sql);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Storage::Database> m_db;
    FakeClock m_clock;
};

void TestAuthService::init()
{
    m_clock.set(QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC));
    Common::Clock::setInstance(&m_clock);
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_db = AuthTest::openDatabase(*m_dir);
    QVERIFY(m_db);
}

void TestAuthService::cleanup()
{
    m_db.reset();
    m_dir.reset();
    Common::Clock::setInstance(nullptr);
}

std::shared_ptr<AuthService> TestAuthService::makeService(bool loopback, bool allowSignup, const std::function<void(AuthConfig &)> &adjust)
{
    AuthConfig config;
    config.secretPath = m_dir->filePath(QStringLiteral("jwt.secret"));
    config.listensOnLoopback = loopback;
    config.allowSignup = allowSignup;
    if (adjust)
        adjust(config);
    auto service = AuthService::create(m_db, config);
    if (!service) {
        qWarning("%s", qPrintable(service.error().message));
        return {};
    }
    return *service;
}

std::shared_ptr<AuthService> TestAuthService::serviceWithAdmin(const std::function<void(AuthConfig &)> &adjust)
{
    auto service = makeService(true, true, adjust);
    if (service && !service->signup(s_admin, s_password).ok())
        return {};
    return service;
}

void TestAuthService::verifyThrottled(const Common::Result<TokenPair> &attempt, const QString &scope, qint64 retryAfter)
{
    QVERIFY2(!attempt.ok(), "expected THROTTLED");
    QCOMPARE(attempt.error().code, QStringLiteral("THROTTLED"));
    QCOMPARE(Errors::httpStatusFor(attempt.error()), 429);
    QCOMPARE(attempt.error().details.value(QStringLiteral("scope")).toString(), scope);
    QCOMPARE(attempt.error().details.value(QStringLiteral("retry_after")).toInteger(), retryAfter);
}

QJsonObject TestAuthService::claimsOf(const QString &token)
{
    auto secret = JwtSecret::loadOrCreate(m_dir->filePath(QStringLiteral("jwt.secret")));
    if (!secret)
        return {};
    auto claims = JwtCodec(*secret).decode(token, m_clock.now());
    return claims ? *claims : QJsonObject();
}

qint64 TestAuthService::countRows(const QString &sql)
{
    QSqlQuery query(m_db->connection());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

void TestAuthService::firstSignupBecomesAdmin()
{
    auto service = makeService(/*loopback=*/false, /*allowSignup=*/false);
    QVERIFY(service);
    auto pair = service->signup(QStringLiteral("  Admin@Example.com "), s_password, QStringLiteral("127.0.0.1"));
    VERIFY_OK(pair);
    QCOMPARE(pair->user.role, Role::Admin);
    QCOMPARE(pair->user.email, s_admin);
    const QJsonObject json = pair->toJson();
    QCOMPARE(json.keys(), (QStringList{QStringLiteral("access_token"), QStringLiteral("refresh_token"), QStringLiteral("token_type")}));
    QCOMPARE(json.value(QStringLiteral("token_type")).toString(), QStringLiteral("bearer"));
    auto principal = service->verifyAccess(pair->accessToken);
    VERIFY_OK(principal);
    QCOMPARE(principal->role, Role::Admin);
    QCOMPARE(principal->email, s_admin);
    // The password is stored as an Argon2id hash only.
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM users WHERE password_hash LIKE '$argon2id$%'")), 1);
}

void TestAuthService::furtherSignups_data()
{
    QTest::addColumn<bool>("loopback");
    QTest::addColumn<bool>("allowSignup");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("loopback, default setting") << true << true << true;
    QTest::newRow("loopback, setting off") << true << false << false;
    QTest::newRow("other address, setting on") << false << true << false;
    QTest::newRow("other address, setting off") << false << false << false;
}

void TestAuthService::furtherSignups()
{
    QFETCH(bool, loopback);
    QFETCH(bool, allowSignup);
    QFETCH(bool, allowed);
    QCOMPARE(AuthConfig().othersMaySignUp(), true); // the default: loopback, setting on
    auto service = makeService(loopback, allowSignup);
    QVERIFY(service);
    VERIFY_OK(service->signup(s_admin, s_password));
    auto second = service->signup(QStringLiteral("bob@example.com"), s_password);
    if (allowed) {
        VERIFY_OK(second);
        QCOMPARE(second->user.role, Role::Viewer);
        QCOMPARE(service->verifyAccess(second->accessToken)->role, Role::Viewer);
    } else {
        VERIFY_ERROR(second, "SIGNUP_DISABLED", 403);
        QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM users")), 1);
    }
}

void TestAuthService::signupRejectsBadInput()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    auto taken = service->signup(QStringLiteral("ADMIN@example.com"), s_password);
    VERIFY_ERROR(taken, "EMAIL_TAKEN", 409);
    auto weak = service->signup(QStringLiteral("carol@example.com"), QStringLiteral("short"));
    VERIFY_ERROR(weak, "WEAK_PASSWORD", 422);
    QCOMPARE(weak.error().details.value(QStringLiteral("rule")).toString(), QStringLiteral("min_length"));
    auto sameAsEmail = service->signup(QStringLiteral("carolinexyz@example.com"), QStringLiteral("CarolineXYZ"));
    VERIFY_ERROR(sameAsEmail, "WEAK_PASSWORD", 422);
    auto badEmail = service->signup(QStringLiteral("carol at example"), s_password);
    VERIFY_ERROR(badEmail, "INVALID_EMAIL", 422);
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM users")), 1);
}

void TestAuthService::loginIssuesTokensWithTheClaims()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    auto pair = service->login(QStringLiteral("Admin@Example.com"), s_password, QStringLiteral("10.0.0.5"));
    VERIFY_OK(pair);
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    const QJsonObject access = claimsOf(pair->accessToken);
    QCOMPARE(access.value(QStringLiteral("sub")).toString(), QString::number(pair->user.id));
    QCOMPARE(access.value(QStringLiteral("email")).toString(), s_admin);
    QCOMPARE(access.value(QStringLiteral("role")).toString(), QStringLiteral("admin"));
    QCOMPARE(access.value(QStringLiteral("typ")).toString(), QStringLiteral("access"));
    QCOMPARE(qint64(access.value(QStringLiteral("iat")).toDouble()), now);
    QCOMPARE(qint64(access.value(QStringLiteral("exp")).toDouble()), now + 15 * 60);
    QVERIFY(!access.value(QStringLiteral("jti")).toString().isEmpty());
    const QJsonObject refresh = claimsOf(pair->refreshToken);
    QCOMPARE(refresh.value(QStringLiteral("typ")).toString(), QStringLiteral("refresh"));
    QCOMPARE(qint64(refresh.value(QStringLiteral("exp")).toDouble()), now + 7 * 24 * 3600);
    QVERIFY(!refresh.value(QStringLiteral("fam")).toString().isEmpty());
    // The access token names its session (the refresh family), so ending the session ends it.
    QCOMPARE(access.value(QStringLiteral("fam")).toString(), refresh.value(QStringLiteral("fam")).toString());
    QCOMPARE(service->verifyAccess(pair->accessToken)->familyId, refresh.value(QStringLiteral("fam")).toString());
    QVERIFY(refresh.value(QStringLiteral("jti")) != access.value(QStringLiteral("jti")));
    QCOMPARE(pair->accessExpiresIn, 900);

    // Only the hash of the refresh token is stored, with the client address.
    QSqlQuery query(m_db->connection());
    QVERIFY(query.exec(QStringLiteral("SELECT token_hash, client, family_id FROM refresh_tokens ORDER BY id DESC LIMIT 1")) && query.next());
    QCOMPARE(query.value(0).toString(), RefreshTokenStore::hashToken(pair->refreshToken));
    QCOMPARE(query.value(1).toString(), QStringLiteral("10.0.0.5"));
    QCOMPARE(query.value(2).toString(), refresh.value(QStringLiteral("fam")).toString());
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM users WHERE last_login_at IS NOT NULL")), 1);
}

void TestAuthService::wrongPasswordAndUnknownEmailLookTheSame()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    auto wrong = service->login(s_admin, QStringLiteral("wrong password!"));
    VERIFY_ERROR(wrong, "INVALID_CREDENTIALS", 401);
    auto unknown = service->login(QStringLiteral("nobody@example.com"), s_password);
    VERIFY_ERROR(unknown, "INVALID_CREDENTIALS", 401);
    QCOMPARE(unknown.error().message, wrong.error().message);
    auto junk = service->login(QStringLiteral("not an email"), s_password);
    VERIFY_ERROR(junk, "INVALID_CREDENTIALS", 401);
}

void TestAuthService::accessTokenExpires()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    auto pair = service->login(s_admin, s_password);
    VERIFY_OK(pair);
    m_clock.advance(15 * 60 + 20); // inside the 30 s leeway
    VERIFY_OK(service->verifyAccess(pair->accessToken));
    m_clock.advance(11);
    auto expired = service->verifyAccess(pair->accessToken);
    VERIFY_ERROR(expired, "TOKEN_EXPIRED", 401);
    // A token minted "in the future" (a clock that jumped back) is not valid yet.
    m_clock.advance(-3600);
    auto early = service->verifyAccess(pair->accessToken);
    VERIFY_ERROR(early, "TOKEN_NOT_YET_VALID", 401);
}

void TestAuthService::tokenTypesCannotBeSwapped()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    auto pair = service->login(s_admin, s_password);
    VERIFY_OK(pair);
    auto refreshAsAccess = service->verifyAccess(pair->refreshToken);
    VERIFY_ERROR(refreshAsAccess, "TOKEN_WRONG_TYPE", 401);
    QCOMPARE(refreshAsAccess.error().message, QStringLiteral("An access token was expected, but this is a refresh token."));
    auto accessAsRefresh = service->refresh(pair->accessToken);
    VERIFY_ERROR(accessAsRefresh, "TOKEN_WRONG_TYPE", 401);
    QCOMPARE(accessAsRefresh.error().message, QStringLiteral("A refresh token was expected, but this is an access token."));
    auto accessAsLogout = service->logout(pair->accessToken);
    VERIFY_ERROR(accessAsLogout, "TOKEN_WRONG_TYPE", 401);
    QCOMPARE(accessAsLogout.error().message, QStringLiteral("A refresh token was expected, but this is an access token."));
    // Nothing was spent by the failed attempts.
    VERIFY_OK(service->refresh(pair->refreshToken));
}

void TestAuthService::accessTokenWithoutSessionIsRefused()
{
    // A well-signed access token without fam (as minted before sessions were checked) cannot be
    // revoked, so it is not accepted: the client refreshes and gets one that can.
    auto service = serviceWithAdmin();
    QVERIFY(service);
    auto pair = service->login(s_admin, s_password);
    VERIFY_OK(pair);
    QJsonObject claims = claimsOf(pair->accessToken);
    claims.remove(QStringLiteral("fam"));
    auto secret = JwtSecret::loadOrCreate(m_dir->filePath(QStringLiteral("jwt.secret")));
    QVERIFY(secret.ok());
    auto result = service->verifyAccess(JwtCodec(*secret).encode(claims));
    VERIFY_ERROR(result, "TOKEN_INVALID", 401);
    QCOMPARE(result.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("fam"));
    // A family that never existed is no session either.
    claims.insert(QStringLiteral("fam"), QStringLiteral("made-up-family"));
    VERIFY_ERROR(service->verifyAccess(JwtCodec(*secret).encode(claims)), "TOKEN_REVOKED", 401);
}

void TestAuthService::tokenFromAnotherInstallationIsRejected()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    auto pair = service->login(s_admin, s_password);
    VERIFY_OK(pair);
    const QJsonObject claims = claimsOf(pair->accessToken);
    const QString foreign = JwtCodec(QByteArray(64, 'z')).encode(claims);
    auto result = service->verifyAccess(foreign);
    VERIFY_ERROR(result, "TOKEN_INVALID", 401);
    QCOMPARE(result.error().details.value(QStringLiteral("reason")).toString(), QStringLiteral("signature"));
    QVERIFY(Errors::isUnauthenticated(result.error()));
}

void TestAuthService::deactivatedUserIsCutOff()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    VERIFY_OK(service->users().addUser(QStringLiteral("ann@example.com"), s_password, Role::Analyst));
    auto pair = service->login(QStringLiteral("ann@example.com"), s_password);
    VERIFY_OK(pair);
    VERIFY_OK(service->users().setActive(QStringLiteral("ann@example.com"), false));
    auto access = service->verifyAccess(pair->accessToken);
    VERIFY_ERROR(access, "TOKEN_SUBJECT_INACTIVE", 401);
    auto refreshed = service->refresh(pair->refreshToken);
    VERIFY_ERROR(refreshed, "TOKEN_SUBJECT_INACTIVE", 401);
    auto login = service->login(QStringLiteral("ann@example.com"), s_password);
    VERIFY_ERROR(login, "ACCOUNT_DISABLED", 403);
    // Deactivation revoked the refresh tokens, so reactivation does not bring the old session back.
    VERIFY_OK(service->users().setActive(QStringLiteral("ann@example.com"), true));
    auto again = service->refresh(pair->refreshToken);
    VERIFY_ERROR(again, "TOKEN_REVOKED", 401);
    // Nor its access token, which belongs to the revoked session.
    VERIFY_ERROR(service->verifyAccess(pair->accessToken), "TOKEN_REVOKED", 401);
}

void TestAuthService::deletedUserIsCutOff()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    VERIFY_OK(service->users().addUser(QStringLiteral("ann@example.com"), s_password, Role::Viewer));
    auto pair = service->login(QStringLiteral("ann@example.com"), s_password);
    VERIFY_OK(pair);
    VERIFY_OK(service->users().remove(QStringLiteral("ann@example.com")));
    auto access = service->verifyAccess(pair->accessToken);
    VERIFY_ERROR(access, "TOKEN_SUBJECT_UNKNOWN", 401);
    auto refreshed = service->refresh(pair->refreshToken);
    VERIFY_ERROR(refreshed, "TOKEN_SUBJECT_UNKNOWN", 401);
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM refresh_tokens WHERE user_id = %1").arg(pair->user.id)), 0);
    auto removedTwice = service->users().remove(QStringLiteral("ann@example.com"));
    VERIFY_ERROR(removedTwice, "USER_NOT_FOUND", 404);
}

void TestAuthService::roleChangeTakesEffectAtOnce()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    VERIFY_OK(service->users().addUser(QStringLiteral("ann@example.com"), s_password, Role::Analyst));
    auto pair = service->login(QStringLiteral("ann@example.com"), s_password);
    VERIFY_OK(pair);
    QCOMPARE(service->verifyAccess(pair->accessToken)->role, Role::Analyst);
    VERIFY_OK(service->users().setRole(QStringLiteral("ann@example.com"), Role::Viewer));
    auto principal = service->verifyAccess(pair->accessToken);
    VERIFY_OK(principal);
    QCOMPARE(principal->role, Role::Viewer);
    VERIFY_ERROR(AuthService::authorize(*principal, Permission::Ingest), "FORBIDDEN", 403);
}

void TestAuthService::refreshRotates()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    auto first = service->login(s_admin, s_password);
    VERIFY_OK(first);
    m_clock.advance(60);
    auto second = service->refresh(first->refreshToken, QStringLiteral("10.0.0.7"));
    VERIFY_OK(second);
    QVERIFY(second->refreshToken != first->refreshToken);
    QVERIFY(second->accessToken != first->accessToken);
    VERIFY_OK(service->verifyAccess(second->accessToken));
    const QString family = claimsOf(first->refreshToken).value(QStringLiteral("fam")).toString();
    QCOMPARE(claimsOf(second->refreshToken).value(QStringLiteral("fam")).toString(), family);
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM refresh_tokens WHERE family_id = '%1'").arg(family)), 2);
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM refresh_tokens WHERE family_id = '%1' AND used_at IS NOT NULL").arg(family)), 1);
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM refresh_tokens WHERE token_hash = '%1' AND used_at IS NOT NULL")
                           .arg(RefreshTokenStore::hashToken(first->refreshToken))), 1);
    // The chain goes on.
    m_clock.advance(60);
    auto third = service->refresh(second->refreshToken);
    VERIFY_OK(third);
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM refresh_tokens WHERE family_id = '%1' AND revoked_at IS NULL").arg(family)), 3);
}

void TestAuthService::refreshTokenExpires()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    auto pair = service->login(s_admin, s_password);
    VERIFY_OK(pair);
    m_clock.advance(7 * 24 * 3600 + 31);
    auto refreshed = service->refresh(pair->refreshToken);
    VERIFY_ERROR(refreshed, "TOKEN_EXPIRED", 401);
}

void TestAuthService::reusedRefreshTokenRevokesItsFamily()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    auto stolen = service->login(s_admin, s_password);
    VERIFY_OK(stolen);
    auto otherDevice = service->login(s_admin, s_password);
    VERIFY_OK(otherDevice);
    auto next = service->refresh(stolen->refreshToken);
    VERIFY_OK(next);
    VERIFY_OK(service->verifyAccess(next->accessToken));

    auto reused = service->refresh(stolen->refreshToken);
    VERIFY_ERROR(reused, "TOKEN_REUSED", 401);
    // Every access token of the family stops working at once, not when it expires.
    VERIFY_ERROR(service->verifyAccess(stolen->accessToken), "TOKEN_REVOKED", 401);
    VERIFY_ERROR(service->verifyAccess(next->accessToken), "TOKEN_REVOKED", 401);
    VERIFY_OK(service->verifyAccess(otherDevice->accessToken));
    const QString family = claimsOf(stolen->refreshToken).value(QStringLiteral("fam")).toString();
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM refresh_tokens WHERE family_id = '%1' AND revoked_at IS NULL").arg(family)), 0);
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM refresh_tokens WHERE family_id = '%1' AND revoked_at IS NOT NULL").arg(family)), 2);
    // The legitimate successor is dead too, and stays dead.
    auto successor = service->refresh(next->refreshToken);
    VERIFY_ERROR(successor, "TOKEN_REVOKED", 401);
    auto reusedAgain = service->refresh(stolen->refreshToken);
    VERIFY_ERROR(reusedAgain, "TOKEN_REVOKED", 401);
    // Another login's family is untouched.
    VERIFY_OK(service->refresh(otherDevice->refreshToken));
}

void TestAuthService::logoutRevokesTheFamily()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    auto first = service->login(s_admin, s_password);
    VERIFY_OK(first);
    auto second = service->refresh(first->refreshToken);
    VERIFY_OK(second);
    VERIFY_OK(service->logout(second->refreshToken));
    auto refreshed = service->refresh(second->refreshToken);
    VERIFY_ERROR(refreshed, "TOKEN_REVOKED", 401);
    const QString family = claimsOf(first->refreshToken).value(QStringLiteral("fam")).toString();
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM refresh_tokens WHERE family_id = '%1' AND revoked_at IS NULL").arg(family)), 0);
    VERIFY_OK(service->logout(second->refreshToken)); // idempotent
    auto garbage = service->logout(QStringLiteral("a.b.c"));
    VERIFY_ERROR(garbage, "TOKEN_INVALID", 401);
}

void TestAuthService::logoutEndsTheAccessTokensAtOnce()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    auto first = service->login(s_admin, s_password);
    VERIFY_OK(first);
    auto second = service->refresh(first->refreshToken);
    VERIFY_OK(second);
    auto otherDevice = service->login(s_admin, s_password);
    VERIFY_OK(otherDevice);
    VERIFY_OK(service->verifyAccess(first->accessToken));
    VERIFY_OK(service->verifyAccess(second->accessToken));

    m_clock.advance(10); // well inside the 15 minutes the access tokens would live
    VERIFY_OK(service->logout(second->refreshToken));
    auto afterLogout = service->verifyAccess(second->accessToken);
    VERIFY_ERROR(afterLogout, "TOKEN_REVOKED", 401);
    QVERIFY(Errors::isUnauthenticated(afterLogout.error()));
    VERIFY_ERROR(service->verifyAccess(first->accessToken), "TOKEN_REVOKED", 401); // the whole session
    VERIFY_OK(service->verifyAccess(otherDevice->accessToken));                      // not the others

    // Housekeeping deletes revoked rows; the token stays dead.
    VERIFY_OK(service->purgeExpiredTokens());
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM refresh_tokens WHERE family_id = '%1'")
                           .arg(claimsOf(first->refreshToken).value(QStringLiteral("fam")).toString())),
             0);
    VERIFY_ERROR(service->verifyAccess(second->accessToken), "TOKEN_REVOKED", 401);
}

void TestAuthService::logoutEverywhereEndsEveryAccessToken()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    auto a = service->login(s_admin, s_password);
    VERIFY_OK(a);
    auto b = service->login(s_admin, s_password);
    VERIFY_OK(b);
    VERIFY_OK(service->users().addUser(QStringLiteral("ann@example.com"), s_password, Role::Viewer));
    auto ann = service->login(QStringLiteral("ann@example.com"), s_password);
    VERIFY_OK(ann);
    auto revoked = service->logoutEverywhere(a->user.id);
    VERIFY_OK(revoked);
    QCOMPARE(*revoked, 3); // the signup's session and a and b
    VERIFY_ERROR(service->verifyAccess(a->accessToken), "TOKEN_REVOKED", 401);
    VERIFY_ERROR(service->verifyAccess(b->accessToken), "TOKEN_REVOKED", 401);
    VERIFY_OK(service->verifyAccess(ann->accessToken));
    // A new login is a new session.
    auto again = service->login(s_admin, s_password);
    VERIFY_OK(again);
    VERIFY_OK(service->verifyAccess(again->accessToken));
}

void TestAuthService::revocationByAnotherProcessIsSeen()
{
    // `smartdata user set-password` or a second server revokes through its own connection; the
    // revocation lives in the database, so this service refuses the token on its next check.
    auto service = serviceWithAdmin();
    QVERIFY(service);
    auto pair = service->login(s_admin, s_password);
    VERIFY_OK(pair);
    VERIFY_OK(service->verifyAccess(pair->accessToken));
    {
        auto other = Storage::Database::open(TestDb::location(m_dir->filePath(QStringLiteral("smartdata.db"))));
        VERIFY_OK(other);
        UserService users(*other);
        VERIFY_OK(users.setPassword(s_admin, QStringLiteral("another long password")));
    }
    VERIFY_ERROR(service->verifyAccess(pair->accessToken), "TOKEN_REVOKED", 401);
}

void TestAuthService::passwordChangeSignsOutEverywhere()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    auto pair = service->login(s_admin, s_password);
    VERIFY_OK(pair);
    VERIFY_OK(service->users().setPassword(s_admin, QStringLiteral("another long password")));
    auto refreshed = service->refresh(pair->refreshToken);
    VERIFY_ERROR(refreshed, "TOKEN_REVOKED", 401);
    VERIFY_ERROR(service->verifyAccess(pair->accessToken), "TOKEN_REVOKED", 401);
    auto old = service->login(s_admin, s_password);
    VERIFY_ERROR(old, "INVALID_CREDENTIALS", 401);
    VERIFY_OK(service->login(s_admin, QStringLiteral("another long password")));
    auto weak = service->users().setPassword(s_admin, QStringLiteral("admin"));
    VERIFY_ERROR(weak, "WEAK_PASSWORD", 422);
}

void TestAuthService::failuresElsewhereDoNotLockOutTheAccount()
{
    // Anyone could lock anyone out (the admin too) by failing five times with their email. Now the
    // failures slow down the address they came from, and the owner gets in from theirs.
    auto service = serviceWithAdmin();
    QVERIFY(service);
    const QString attacker = QStringLiteral("203.0.113.9");
    for (int i = 0; i < 5; ++i)
        VERIFY_ERROR(service->login(s_admin, QStringLiteral("wrong password %1").arg(i), attacker), "INVALID_CREDENTIALS", 401);
    // The sixth attempt from that address is refused even with the right password, without checking it.
    verifyThrottled(service->login(QStringLiteral("ADMIN@example.com"), s_password, attacker), QStringLiteral("account_address"), 1);
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM login_failures")), 5);

    // From any other address the account is open: a right password gets in, a wrong one is just wrong.
    VERIFY_OK(service->login(s_admin, s_password, QStringLiteral("198.51.100.1")));
    VERIFY_ERROR(service->login(s_admin, QStringLiteral("typo password"), QStringLiteral("198.51.100.2")), "INVALID_CREDENTIALS", 401);
    VERIFY_OK(service->login(s_admin, s_password, QStringLiteral("198.51.100.2")));
    VERIFY_OK(service->login(s_admin, s_password)); // an in-process caller (no address) too
    // Those successes did not clear the attacker's failures.
    verifyThrottled(service->login(s_admin, s_password, attacker), QStringLiteral("account_address"), 1);
}

void TestAuthService::failuresForOneAccountDoNotBlockTheAddress()
{
    // Five failures for one account from a shared address (an office NAT) no longer block the other
    // users behind it.
    auto service = serviceWithAdmin();
    QVERIFY(service);
    VERIFY_OK(service->users().addUser(QStringLiteral("ann@example.com"), s_password, Role::Viewer));
    const QString office = QStringLiteral("192.0.2.10");
    for (int i = 0; i < 5; ++i)
        VERIFY_ERROR(service->login(QStringLiteral("ann@example.com"), QStringLiteral("forgotten password"), office), "INVALID_CREDENTIALS", 401);
    verifyThrottled(service->login(QStringLiteral("ann@example.com"), s_password, office), QStringLiteral("account_address"), 1);
    VERIFY_OK(service->login(s_admin, s_password, office));
}

void TestAuthService::backoffDoublesUpToTheCap_data()
{
    // The default limits: 1 s after the fifth failure, doubling, capped at 15 minutes.
    QTest::addColumn<qint64>("exponent"); // failures past the free ones
    QTest::addColumn<qint64>("wait");
    QTest::newRow("5th failure") << qint64(0) << qint64(1);
    QTest::newRow("6th failure") << qint64(1) << qint64(2);
    QTest::newRow("14th failure") << qint64(9) << qint64(512);
    QTest::newRow("15th failure: capped") << qint64(10) << qint64(900);
    QTest::newRow("far past the cap") << qint64(1000) << qint64(900);
}

void TestAuthService::backoffDoublesUpToTheCap()
{
    QFETCH(qint64, exponent);
    QFETCH(qint64, wait);
    const LoginThrottle throttle(m_db, LoginThrottleLimits{});
    const QDateTime last = m_clock.now();
    QCOMPARE(throttle.secondsUntilBackoffEnds(last, exponent, last), wait);
    QCOMPARE(throttle.secondsUntilBackoffEnds(last, exponent, last.addMSecs(wait * 1000 - 1)), qint64(1));
    QCOMPARE(throttle.secondsUntilBackoffEnds(last, exponent, last.addSecs(wait)), qint64(0));

    // End to end, with a cap of 8 s to keep the test short.
    if (exponent != 0)
        return;
    auto service = serviceWithAdmin([](AuthConfig &config) { config.loginBackoffMaxSeconds = 8; });
    QVERIFY(service);
    const QString client = QStringLiteral("10.0.0.5");
    for (int i = 0; i < 5; ++i)
        VERIFY_ERROR(service->login(s_admin, QStringLiteral("wrong password!"), client), "INVALID_CREDENTIALS", 401);
    const QList<qint64> expected{1, 2, 4, 8, 8};
    for (qsizetype i = 0; i < expected.size(); ++i) {
        const qint64 due = expected.at(i);
        verifyThrottled(service->login(s_admin, QStringLiteral("wrong password!"), client), QStringLiteral("account_address"), due);
        m_clock.advance(due - 1);
        verifyThrottled(service->login(s_admin, s_password, client), QStringLiteral("account_address"), 1);
        m_clock.advance(1);
        if (i + 1 < expected.size())
            VERIFY_ERROR(service->login(s_admin, QStringLiteral("wrong password!"), client), "INVALID_CREDENTIALS", 401);
    }
    // Once the wait is over the right password gets in, and starts the count afresh.
    VERIFY_OK(service->login(s_admin, s_password, client));
    VERIFY_ERROR(service->login(s_admin, QStringLiteral("wrong password!"), client), "INVALID_CREDENTIALS", 401);
    VERIFY_OK(service->login(s_admin, s_password, client));
}

void TestAuthService::failuresAreForgottenAfterADay()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    for (int i = 0; i < 7; ++i) {
        VERIFY_ERROR(service->login(s_admin, QStringLiteral("wrong password!")), "INVALID_CREDENTIALS", 401);
        m_clock.advance(60);
    }
    // 7 failures, the last a minute ago: 4 s were due, long passed; the count still stands.
    VERIFY_ERROR(service->login(s_admin, QStringLiteral("wrong password!")), "INVALID_CREDENTIALS", 401);
    verifyThrottled(service->login(s_admin, s_password), QStringLiteral("account_address"), 8);
    m_clock.advance(24 * 3600 + 1);
    VERIFY_ERROR(service->login(s_admin, QStringLiteral("wrong password!")), "INVALID_CREDENTIALS", 401);
    VERIFY_OK(service->login(s_admin, s_password)); // one failure counts now, not nine
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM login_failures")), 0);
}

void TestAuthService::successfulLoginClearsItsAddressFailures()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    for (int i = 0; i < 4; ++i)
        VERIFY_ERROR(service->login(s_admin, QStringLiteral("wrong password!")), "INVALID_CREDENTIALS", 401);
    VERIFY_OK(service->login(s_admin, s_password));
    for (int i = 0; i < 4; ++i)
        VERIFY_ERROR(service->login(s_admin, QStringLiteral("wrong password!")), "INVALID_CREDENTIALS", 401);
    VERIFY_OK(service->login(s_admin, s_password)); // 4 + 4 failures, but never 5 since the last success
}

void TestAuthService::distributedGuessingSlowsUnknownAddresses()
{
    // Many addresses, each under the per-address limit, guessing one account: past the account-wide
    // limit every address that failed for it waits, unless it holds a live session of the account.
    // Addresses that did not fail are never slowed down.
    auto service = serviceWithAdmin([](AuthConfig &config) { config.accountLoginFailureLimit = 6; });
    QVERIFY(service);
    const QString home = QStringLiteral("198.51.100.7");
    VERIFY_OK(service->login(s_admin, s_password, home));
    for (int i = 1; i <= 10; ++i)
        VERIFY_ERROR(service->login(s_admin, QStringLiteral("guess %1").arg(i), QStringLiteral("203.0.113.%1").arg(i)), "INVALID_CREDENTIALS", 401);
    // 10 failures, 4 past the limit: 2^4 s after the address's own failure.
    verifyThrottled(service->login(s_admin, s_password, QStringLiteral("203.0.113.1")), QStringLiteral("account"), 16);
    // A new address gets its attempts, and a right password gets in.
    const QString fresh = QStringLiteral("192.0.2.44");
    VERIFY_ERROR(service->login(s_admin, QStringLiteral("typo password"), fresh), "INVALID_CREDENTIALS", 401);
    verifyThrottled(service->login(s_admin, s_password, fresh), QStringLiteral("account"), 32); // that was the 11th failure
    VERIFY_OK(service->login(s_admin, s_password, QStringLiteral("192.0.2.45")));
    // The owner's address with a live session only has its own per-address limit.
    VERIFY_ERROR(service->login(s_admin, QStringLiteral("typo password"), home), "INVALID_CREDENTIALS", 401);
    VERIFY_OK(service->login(s_admin, s_password, home));
    // The account-wide count covers the last 15 minutes.
    m_clock.advance(15 * 60 + 1);
    VERIFY_OK(service->login(s_admin, s_password, QStringLiteral("203.0.113.2")));
}

void TestAuthService::addressTryingManyAccountsIsSlowedDown()
{
    // One address failing for many accounts is spraying: past the limit it waits for every account.
    auto service = serviceWithAdmin([](AuthConfig &config) { config.addressFailedAccountLimit = 4; });
    QVERIFY(service);
    const QString sprayer = QStringLiteral("203.0.113.50");
    for (int i = 0; i < 4; ++i)
        VERIFY_ERROR(service->login(QStringLiteral("user%1@example.com").arg(i), s_password, sprayer), "INVALID_CREDENTIALS", 401);
    verifyThrottled(service->login(s_admin, s_password, sprayer), QStringLiteral("address"), 1);
    // Other addresses are not affected, not even for the sprayed accounts.
    VERIFY_OK(service->login(s_admin, s_password, QStringLiteral("198.51.100.1")));
    VERIFY_ERROR(service->login(QStringLiteral("user0@example.com"), s_password, QStringLiteral("198.51.100.1")), "INVALID_CREDENTIALS", 401);
    // The wait doubles with each further account.
    m_clock.advance(1);
    VERIFY_ERROR(service->login(QStringLiteral("user4@example.com"), s_password, sprayer), "INVALID_CREDENTIALS", 401);
    verifyThrottled(service->login(s_admin, s_password, sprayer), QStringLiteral("address"), 2);
    // Failures for the same accounts again do not widen the spread.
    m_clock.advance(2);
    VERIFY_ERROR(service->login(QStringLiteral("user4@example.com"), s_password, sprayer), "INVALID_CREDENTIALS", 401);
    verifyThrottled(service->login(s_admin, s_password, sprayer), QStringLiteral("address"), 2);
    // The count covers the last 15 minutes.
    m_clock.advance(15 * 60 + 1);
    VERIFY_OK(service->login(s_admin, s_password, sprayer));
}

void TestAuthService::purgeExpiredTokens()
{
    auto service = serviceWithAdmin(); // signup stores one refresh token
    QVERIFY(service);
    auto a = service->login(s_admin, s_password);
    VERIFY_OK(a);
    VERIFY_OK(service->logout(a->refreshToken)); // revoked
    m_clock.advance(3600);
    auto b = service->login(s_admin, s_password);
    VERIFY_OK(b);
    auto spent = service->refresh(b->refreshToken); // b spent, successor live
    VERIFY_OK(spent);
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM refresh_tokens")), 4);

    auto purged = service->purgeExpiredTokens();
    VERIFY_OK(purged);
    QCOMPARE(*purged, 1); // only the revoked one; spent-but-live rows stay for reuse detection
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM refresh_tokens")), 3);
    VERIFY_ERROR(service->refresh(b->refreshToken), "TOKEN_REUSED", 401); // and they still work as tripwires

    m_clock.advance(7 * 24 * 3600);
    auto later = service->purgeExpiredTokens();
    VERIFY_OK(later);
    QCOMPARE(*later, 3);
    QCOMPARE(countRows(QStringLiteral("SELECT COUNT(*) FROM refresh_tokens")), 0);
}

void TestAuthService::lastAdminIsProtected()
{
    auto service = serviceWithAdmin();
    QVERIFY(service);
    VERIFY_ERROR(service->users().remove(s_admin), "LAST_ADMIN", 409);
    VERIFY_ERROR(service->users().setActive(s_admin, false), "LAST_ADMIN", 409);
    VERIFY_ERROR(service->users().setRole(s_admin, Role::Analyst), "LAST_ADMIN", 409);
    VERIFY_OK(service->users().addUser(QStringLiteral("second@example.com"), s_password, Role::Admin));
    VERIFY_OK(service->users().setRole(s_admin, Role::Analyst));
    VERIFY_ERROR(service->users().remove(QStringLiteral("second@example.com")), "LAST_ADMIN", 409);
}

void TestAuthService::authorize()
{
    Principal viewer;
    viewer.role = Role::Viewer;
    VERIFY_OK(AuthService::authorize(viewer, Permission::ReadData));
    const Common::Status denied = AuthService::authorize(viewer, Permission::Ingest);
    VERIFY_ERROR(denied, "FORBIDDEN", 403);
    QCOMPARE(denied.error().details.value(QStringLiteral("permission")).toString(), QStringLiteral("ingest"));
    Principal admin;
    admin.role = Role::Admin;
    VERIFY_OK(AuthService::authorize(admin, Permission::RunSchedulerJobs));
}

void TestAuthService::bearerToken_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("token");
    QTest::newRow("plain") << QByteArray("Bearer abc.def.ghi") << QStringLiteral("abc.def.ghi");
    QTest::newRow("lower case") << QByteArray("bearer abc.def.ghi") << QStringLiteral("abc.def.ghi");
    QTest::newRow("spaces") << QByteArray("  Bearer   abc.def.ghi  ") << QStringLiteral("abc.def.ghi");
    QTest::newRow("empty") << QByteArray() << QString();
    QTest::newRow("basic") << QByteArray("Basic YWxhZGRpbjpvcGVuc2VzYW1l") << QString();
    QTest::newRow("no token") << QByteArray("Bearer ") << QString();
    QTest::newRow("two tokens") << QByteArray("Bearer a b") << QString();
}

void TestAuthService::bearerToken()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, token);
    QCOMPARE(AuthService::bearerToken(header), token);
}

void TestAuthService::concurrentRefreshSpendsOnce()
{
    // Two HTTP workers presenting the same refresh token: one wins, the other is told it was reused.
    auto service = serviceWithAdmin();
    QVERIFY(service);
    auto pair = service->login(s_admin, s_password);
    VERIFY_OK(pair);
    std::atomic<int> succeeded{0};
    std::atomic<int> reused{0};
    auto worker = [&] {
        auto result = service->refresh(pair->refreshToken);
        if (result)
            ++succeeded;
        else if (result.error().code == QLatin1String("TOKEN_REUSED") || result.error().code == QLatin1String("TOKEN_REVOKED"))
            ++reused;
        m_db->releaseThreadConnection();
    };
    std::unique_ptr<QThread> a(QThread::create(worker));
    std::unique_ptr<QThread> b(QThread::create(worker));
    a->start();
    b->start();
    QVERIFY(a->wait(30000));
    QVERIFY(b->wait(30000));
    QCOMPARE(succeeded.load(), 1);
    QCOMPARE(reused.load(), 1);
}

QTEST_GUILESS_MAIN(TestAuthService)
#include "tst_authservice.moc"
