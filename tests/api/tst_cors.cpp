// CORS (issue #17): the origin allow-list (parsing and matching) and what the server answers to a
// browser's preflight and requests from allowed and refused origins, errors included.

#include "apitestserver.h"

#include "api/corspolicy.h"

#include <QTest>

using namespace Qt::StringLiterals;
using ApiTest::Reply;

class TestCors : public QObject
{
    Q_OBJECT

private:
    ApiTest::Server m_server;
    QByteArray m_admin, m_viewer;

    Reply preflight(const QByteArray &path, const QByteArray &origin, const QByteArray &method = "POST",
                    const QByteArray &headers = "authorization, content-type")
    {
        return m_server.call("OPTIONS", path, {}, {}, {},
                             "Origin: " + origin + "\r\nAccess-Control-Request-Method: " + method
                                 + "\r\nAccess-Control-Request-Headers: " + headers + "\r\n");
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto policy = Api::CorsPolicy::parse({u"http://localhost:*"_s, u"http://127.0.0.1:*"_s, u"https://dash.example.com"_s});
        QVERIFY(policy.ok());
        m_server.options().cors = *policy;
        m_server.options().limits.maxBodyBytes = 64 * 1024;
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
        const Reply signup = m_server.call("POST", "/api/auth/signup", R"({"email":"admin@example.com","password":"Correct-Horse-9-battery"})", "application/json");
        QCOMPARE(signup.status, 201);
        m_admin = ApiTest::Server::tokenOf(signup);
        QCOMPARE(m_server.call("POST", "/api/users", R"({"email":"viewer@example.com","password":"Viewer-Pass-77-long","role":"viewer"})",
                               "application/json", m_admin).status, 201);
        m_viewer = ApiTest::Server::tokenOf(m_server.call("POST", "/api/auth/login", R"({"email":"viewer@example.com","password":"Viewer-Pass-77-long"})", "application/json"));
        QVERIFY(!m_viewer.isEmpty());
    }

    void cleanupTestCase() { m_server.stop(); }

    void policyMatches_data()
    {
        QTest::addColumn<QStringList>("entries");
        QTest::addColumn<QByteArray>("origin");
        QTest::addColumn<bool>("allowed");
        const QStringList defaults = Api::CorsPolicy::defaultEntries();
        QTest::newRow("default localhost vite") << defaults << QByteArray("http://localhost:5173") << true;
        QTest::newRow("default 127.0.0.1 vite") << defaults << QByteArray("http://127.0.0.1:5173") << true;
        QTest::newRow("default localhost no port") << defaults << QByteArray("http://localhost") << true;
        QTest::newRow("default https localhost") << defaults << QByteArray("https://localhost:5173") << false;
        QTest::newRow("default other host") << defaults << QByteArray("http://evil.example:5173") << false;
        QTest::newRow("default lookalike host") << defaults << QByteArray("http://localhost.evil.example") << false;
        QTest::newRow("default null origin") << defaults << QByteArray("null") << false;
        QTest::newRow("default origin with path") << defaults << QByteArray("http://localhost:5173/app") << false;
        QTest::newRow("exact") << QStringList{u"https://dash.example.com"_s} << QByteArray("https://dash.example.com") << true;
        QTest::newRow("exact default port spelled") << QStringList{u"https://dash.example.com"_s} << QByteArray("https://dash.example.com:443") << true;
        QTest::newRow("exact case") << QStringList{u"https://Dash.Example.com/"_s} << QByteArray("https://dash.example.com") << true;
        QTest::newRow("exact other port") << QStringList{u"https://dash.example.com"_s} << QByteArray("https://dash.example.com:8443") << false;
        QTest::newRow("exact other scheme") << QStringList{u"https://dash.example.com"_s} << QByteArray("http://dash.example.com") << false;
        QTest::newRow("ipv6 any port") << QStringList{u"http://[::1]:*"_s} << QByteArray("http://[::1]:3000") << true;
        QTest::newRow("star") << QStringList{u"*"_s} << QByteArray("https://anything.example") << true;
        QTest::newRow("none") << QStringList{u"none"_s} << QByteArray("http://localhost:5173") << false;
        QTest::newRow("empty list") << QStringList{} << QByteArray("http://localhost:5173") << false;
    }

    void policyMatches()
    {
        QFETCH(QStringList, entries);
        QFETCH(QByteArray, origin);
        QFETCH(bool, allowed);
        const auto policy = Api::CorsPolicy::parse(entries);
        QVERIFY(policy.ok());
        QCOMPARE(policy->allows(origin), allowed);
    }

    void defaultPolicyIsLoopback()
    {
        const Api::CorsPolicy policy;
        QVERIFY(policy.enabled());
        QCOMPARE(policy.entries(), Api::CorsPolicy::defaultEntries());
        QVERIFY(policy.allows("http://127.0.0.1:5173"));
        QVERIFY(!Api::CorsPolicy::disabled().enabled());
        QCOMPARE(Api::CorsPolicy::disabled().entries(), QStringList{u"none"_s});
    }

    void policyRefusesBadEntries_data()
    {
        QTest::addColumn<QStringList>("entries");
        QTest::newRow("no scheme") << QStringList{u"localhost:5173"_s};
        QTest::newRow("path") << QStringList{u"http://localhost:5173/app"_s};
        QTest::newRow("ftp") << QStringList{u"ftp://files.example"_s};
        QTest::newRow("bad port") << QStringList{u"http://localhost:99999"_s};
        QTest::newRow("none with others") << QStringList{u"none"_s, u"http://localhost:*"_s};
        QTest::newRow("empty host") << QStringList{u"http://:80"_s};
    }

    void policyRefusesBadEntries()
    {
        QFETCH(QStringList, entries);
        const auto policy = Api::CorsPolicy::parse(entries);
        QVERIFY(!policy.ok());
        QCOMPARE(policy.error().code, u"INVALID_CORS_ORIGIN"_s);
    }

    void preflightOfAnAllowedOriginIs204WithoutToken()
    {
        const Reply r = preflight("/api/auth/login", "http://127.0.0.1:5173");
        QCOMPARE(r.status, 204);
        QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("http://127.0.0.1:5173"));
        QVERIFY(r.header("Access-Control-Allow-Methods").contains("POST"));
        const QByteArray headers = r.header("Access-Control-Allow-Headers").toLower();
        QVERIFY(headers.contains("authorization") && headers.contains("content-type"));
        QCOMPARE(r.header("Access-Control-Max-Age").toInt(), Api::CorsPolicy::MaxAgeSeconds);
        QCOMPARE(r.header("Vary"), QByteArray("Origin"));
        QVERIFY(r.body.isEmpty());
        QVERIFY(!r.hasHeader("Access-Control-Allow-Credentials")); // bearer tokens, no cookies
    }

    void preflightOfAnAuthenticatedRouteNeedsNoToken()
    {
        const Reply r = preflight("/api/upload?source_name=demo", "https://dash.example.com");
        QCOMPARE(r.status, 204);
        QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("https://dash.example.com"));
        const Reply get = preflight("/api/sources/3", "http://localhost:5173", "GET");
        QCOMPARE(get.status, 204);
        QCOMPARE(get.header("Access-Control-Allow-Methods"), QByteArray("GET, HEAD, OPTIONS"));
    }

    void preflightOfARefusedOriginIs403WithoutCorsHeaders()
    {
        const Reply r = preflight("/api/auth/login", "http://evil.example");
        QCOMPARE(r.status, 403);
        QCOMPARE(r.errorCode(), u"CORS_ORIGIN_NOT_ALLOWED"_s);
        QVERIFY(!r.hasHeader("Access-Control-Allow-Origin"));
        QVERIFY(!r.hasHeader("Access-Control-Allow-Methods"));
        QCOMPARE(r.header("Vary"), QByteArray("Origin"));
    }

    void preflightOfAnUnknownPathIs404()
    {
        const Reply r = preflight("/api/nope", "http://localhost:5173");
        QCOMPARE(r.status, 404);
        QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("http://localhost:5173"));
    }

    void plainOptionsIsStill405()
    {
        const Reply r = m_server.call("OPTIONS", "/api/health");
        QCOMPARE(r.status, 405);
        QVERIFY(!r.hasHeader("Access-Control-Allow-Origin"));
    }

    void allowedOriginReadsRepliesAndHeaders()
    {
        const Reply r = m_server.call("GET", "/api/sources", {}, {}, m_viewer, "Origin: http://localhost:5173\r\n");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("http://localhost:5173"));
        QCOMPARE(r.header("Vary"), QByteArray("Origin"));
        QVERIFY(r.header("Access-Control-Expose-Headers").contains("X-Request-Id"));
        const Reply login = m_server.call("POST", "/api/auth/login", R"({"email":"viewer@example.com","password":"Viewer-Pass-77-long"})",
                                          "application/json", {}, "Origin: https://dash.example.com\r\n");
        QCOMPARE(login.status, 200);
        QCOMPARE(login.header("Access-Control-Allow-Origin"), QByteArray("https://dash.example.com"));
    }

    void refusedOriginGetsNoAllowOrigin()
    {
        const Reply r = m_server.call("GET", "/api/health", {}, {}, {}, "Origin: http://evil.example\r\n");
        QCOMPARE(r.status, 200); // the server answers; the browser keeps the reply from the page
        QVERIFY(!r.hasHeader("Access-Control-Allow-Origin"));
        QCOMPARE(r.header("Vary"), QByteArray("Origin"));
        const Reply none = m_server.call("GET", "/api/health");
        QVERIFY(!none.hasHeader("Access-Control-Allow-Origin"));
        QCOMPARE(none.header("Vary"), QByteArray("Origin"));
    }

    // A page must see why a call failed: every error carries the CORS headers for an allowed origin.
    void errorRepliesCarryCorsHeaders_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("status");
        const QByteArray origin = "Origin: http://127.0.0.1:5173\r\n";
        QTest::newRow("401 no token") << QByteArray("GET /api/sources HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + origin + "\r\n") << 401;
        QTest::newRow("404 no route") << QByteArray("GET /api/nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + origin + "\r\n") << 404;
        QTest::newRow("405 wrong method") << QByteArray("DELETE /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + origin + "\r\n") << 405;
        QTest::newRow("413 body too large") << QByteArray("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                                                          "Content-Length: 9000000\r\n" + origin + "\r\n") << 413;
        QTest::newRow("422 weak password") << QByteArray("POST /api/auth/signup HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                                                         "Content-Length: 44\r\n" + origin + "\r\n{\"email\":\"x@example.com\",\"password\":\"short\"}") << 422;
    }

    void errorRepliesCarryCorsHeaders()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, status);
        const Reply r = ApiTest::parseReply(m_server.raw(request, 5000));
        QCOMPARE(r.status, status);
        QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("http://127.0.0.1:5173"));
        QCOMPARE(r.header("Vary"), QByteArray("Origin"));
    }

    void forbiddenRoleCarriesCorsHeaders()
    {
        const Reply r = m_server.call("POST", "/api/kpi/run", {}, {}, m_viewer, "Origin: http://localhost:5173\r\n");
        QCOMPARE(r.status, 403);
        QCOMPARE(r.header("Access-Control-Allow-Origin"), QByteArray("http://localhost:5173"));
    }

    // The OpenAPI document names the CORS headers and the preflight of every path (its lint is
    // tests/api/lint-openapi.sh, outside ctest: it needs npm).
    void openApiDescribesCors()
    {
        const QJsonObject doc = m_server.call("GET", "/api/openapi.json").object();
        const QJsonObject paths = doc.value(u"paths"_s).toObject();
        QSet<QString> operationIds;
        int operations = 0;
        for (const Api::Route &route : m_server.api()->routes()) {
            const QJsonObject item = paths.value(route.pattern).toObject();
            QVERIFY2(item.contains(u"options"_s), qPrintable(route.pattern));
            const QJsonObject preflight = item.value(u"options"_s).toObject();
            QVERIFY(preflight.value(u"security"_s).toArray().isEmpty()); // no token
            QVERIFY(preflight.value(u"responses"_s).toObject().value(u"204"_s).toObject().value(u"headers"_s).toObject()
                        .contains(u"Access-Control-Max-Age"_s));
            const QJsonObject operation = item.value(QString::fromLatin1(route.method).toLower()).toObject();
            QVERIFY2(!operation.isEmpty(), qPrintable(route.pattern));
            operationIds.insert(operation.value(u"operationId"_s).toString());
            ++operations;
            const QJsonObject success = operation.value(u"responses"_s).toObject().begin().value().toObject();
            QVERIFY(success.value(u"headers"_s).toObject().contains(u"Access-Control-Allow-Origin"_s)
                    || operation.value(u"responses"_s).toObject().contains(u"default"_s));
        }
        QCOMPARE(operationIds.size(), operations); // unique
        const QJsonObject headers = doc.value(u"components"_s).toObject().value(u"headers"_s).toObject();
        for (const QString &name : {u"Access-Control-Allow-Origin"_s, u"Access-Control-Expose-Headers"_s, u"Vary"_s, u"X-Request-Id"_s})
            QVERIFY2(headers.contains(name), qPrintable(name));
        QVERIFY(doc.value(u"info"_s).toObject().value(u"description"_s).toString().contains(u"https://dash.example.com"_s));
    }

    void corsOffAddsNoHeaders()
    {
        ApiTest::Server off(false);
        off.options().cors = Api::CorsPolicy::disabled();
        QString error;
        QVERIFY2(off.start(&error), qPrintable(error));
        const Reply pre = off.call("OPTIONS", "/api/auth/login", {}, {}, {},
                                   "Origin: http://localhost:5173\r\nAccess-Control-Request-Method: POST\r\n");
        QCOMPARE(pre.status, 405);
        QVERIFY(!pre.hasHeader("Access-Control-Allow-Origin"));
        const Reply get = off.call("GET", "/api/health", {}, {}, {}, "Origin: http://localhost:5173\r\n");
        QCOMPARE(get.status, 200);
        QVERIFY(!get.hasHeader("Access-Control-Allow-Origin"));
        QVERIFY(!get.hasHeader("Vary"));
        off.stop();
    }
};

QTEST_GUILESS_MAIN(TestCors)
#include "tst_cors.moc"
