// Self-signup (issue #17, item 2): the role later signups get (a setting and a server option), a
// closed signup, and a weak password's 422 whose message names the rule that failed.

#include "apitestserver.h"

#include "api/apisettings.h"

#include <QCoreApplication>
#include <QSettings>
#include <QTest>

using namespace Qt::StringLiterals;
using ApiTest::Reply;

class TestSignup : public QObject
{
    Q_OBJECT

private:
    ApiTest::Server m_server; // later signups become analysts

    Reply signup(const QByteArray &email, const QByteArray &password)
    {
        return m_server.call("POST", "/api/auth/signup", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}", "application/json");
    }

    QString roleOf(const Reply &reply)
    {
        return m_server.call("GET", "/api/auth/me", {}, {}, ApiTest::Server::tokenOf(reply)).data().value(u"role"_s).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setApplicationName(u"smartdata-tst-signup"_s);
        m_server.options().signupRole = Auth::Role::Analyst;
        QString error;
        QVERIFY2(m_server.start(&error), qPrintable(error));
    }

    void cleanupTestCase() { m_server.stop(); }

    void firstUserIsAdminLaterOnesGetTheSignupRole()
    {
        const Reply first = signup("first@example.com", "First-Pass-123-long");
        QCOMPARE(first.status, 201);
        QCOMPARE(roleOf(first), u"admin"_s);
        const Reply second = signup("second@example.com", "Second-Pass-123-long");
        QCOMPARE(second.status, 201);
        QCOMPARE(roleOf(second), u"analyst"_s);
        const QByteArray token = ApiTest::Server::tokenOf(second);
        QCOMPARE(m_server.multipart("/api/upload?source_name=signup", "a.csv", "timestamp,value\n2025-01-01,1\n", token).status, 200);
    }

    void weakPasswordMessageNamesTheRule_data()
    {
        QTest::addColumn<QByteArray>("password");
        QTest::addColumn<QString>("rule");
        QTest::newRow("too short") << QByteArray("short") << u"min_length"_s;
        QTest::newRow("one character repeated") << QByteArray("aaaaaaaaaaaa") << u"repeated_character"_s;
        QTest::newRow("the email") << QByteArray("weak@example.com") << u"equals_email"_s;
        QTest::newRow("control character") << QByteArray("Long-enough\\tpass") << u"control_characters"_s;
    }

    void weakPasswordMessageNamesTheRule()
    {
        QFETCH(QByteArray, password);
        QFETCH(QString, rule);
        const Reply r = signup("weak@example.com", password);
        QCOMPARE(r.status, 422);
        QCOMPARE(r.errorCode(), u"WEAK_PASSWORD"_s);
        QCOMPARE(r.object().value(u"error"_s).toObject().value(u"details"_s).toObject().value(u"rule"_s).toString(), rule);
        const QString detail = r.object().value(u"detail"_s).toString();
        QVERIFY2(detail.contains(rule), qPrintable(detail));
        QVERIFY2(detail.startsWith(u"Weak password (rule "_s), qPrintable(detail));
    }

    void closedSignupIs403()
    {
        ApiTest::Server closed(false);
        closed.options().allowSignup = false;
        QString error;
        QVERIFY2(closed.start(&error), qPrintable(error));
        QCOMPARE(closed.call("POST", "/api/auth/signup", R"({"email":"a@example.com","password":"First-Pass-123-long"})", "application/json").status, 201);
        const Reply r = closed.call("POST", "/api/auth/signup", R"({"email":"b@example.com","password":"First-Pass-123-long"})", "application/json");
        QCOMPARE(r.status, 403);
        QCOMPARE(r.errorCode(), u"SIGNUP_DISABLED"_s);
        closed.stop();
    }

    void settingsRoundTrip_data()
    {
        QTest::addColumn<QString>("stored");
        QTest::addColumn<bool>("open");
        QTest::addColumn<QString>("role");
        QTest::newRow("viewer") << u"viewer"_s << true << u"viewer"_s;
        QTest::newRow("analyst") << u"Analyst"_s << true << u"analyst"_s;
        QTest::newRow("none") << u"none"_s << false << u"viewer"_s;
        QTest::newRow("admin is not a signup role") << u"admin"_s << true << u"viewer"_s;
    }

    void settingsRoundTrip()
    {
        QFETCH(QString, stored);
        QFETCH(bool, open);
        QFETCH(QString, role);
        {
            QSettings settings(QCoreApplication::applicationName());
            settings.setValue(u"api/signup_role"_s, stored);
            settings.setValue(u"api/cors_origins"_s, QStringList{u"https://dash.example.com"_s});
        }
        const Api::ApiSettings loaded = Api::ApiSettings::load();
        Api::ServerOptions options;
        QVERIFY(loaded.applyTo(options).ok());
        QCOMPARE(options.allowSignup, open);
        QCOMPARE(Auth::roleName(options.signupRole), role);
        QVERIFY(options.cors.allows("https://dash.example.com"));
        QVERIFY(!options.cors.allows("http://localhost:5173"));
        loaded.save();
        QCOMPARE(Api::ApiSettings::load().signupRole, loaded.signupRole);
        QSettings(QCoreApplication::applicationName()).clear();
        QCOMPARE(Api::ApiSettings::load().corsOrigins, Api::CorsPolicy::defaultEntries());
    }

    void parseSignupRole_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("ok");
        QTest::newRow("viewer") << u"viewer"_s << true;
        QTest::newRow("analyst") << u" ANALYST "_s << true;
        QTest::newRow("none") << u"none"_s << true;
        QTest::newRow("admin") << u"admin"_s << false;
        QTest::newRow("empty") << QString() << false;
    }

    void parseSignupRole()
    {
        QFETCH(QString, text);
        QFETCH(bool, ok);
        const auto role = Api::ApiSettings::parseSignupRole(text);
        QCOMPARE(role.ok(), ok);
        if (!ok)
            QCOMPARE(role.error().code, u"INVALID_SIGNUP_ROLE"_s);
    }
};

QTEST_GUILESS_MAIN(TestSignup)
#include "tst_signup.moc"
