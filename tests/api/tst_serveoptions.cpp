// `smartdata serve` as an administrator starts it: the options of issue #17 (--cors-origin,
// --signup-role, --no-signup) reach the
// running server, and bad values are usage errors (exit 2) that name the option.

#include "apitestserver.h"

#include <QProcess>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using ApiTest::Reply;

class TestServeOptions : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(u"HOME"_s, m_dir.path());
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"config"_s));
        env.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"data"_s));
        env.insert(u"XDG_CACHE_HOME"_s, m_dir.filePath(u"cache"_s));
        return env;
    }

    // Starts `smartdata serve --port 0 ARGS` and returns its port (0 when it did not start).
    quint16 serve(QProcess &process, const QStringList &arguments, const QString &database = u"serve.db"_s)
    {
        process.setProcessEnvironment(environment());
        process.start(QStringLiteral(SMARTDATA_EXECUTABLE),
                      QStringList{u"serve"_s, u"--port"_s, u"0"_s, u"--db"_s, m_dir.filePath(database)} + arguments);
        QByteArray out;
        static const QRegularExpression served(u"Serving the SmartData API on http://127\\.0\\.0\\.1:(\\d+)"_s);
        for (int i = 0; i < 100; ++i) {
            process.waitForReadyRead(100);
            out += process.readAllStandardOutput();
            const auto m = served.match(QString::fromUtf8(out));
            if (m.hasMatch()) {
                m_lastOutput = out;
                return quint16(m.captured(1).toUInt());
            }
            if (process.state() == QProcess::NotRunning)
                break;
        }
        m_lastOutput = out + process.readAllStandardError();
        return 0;
    }

    static Reply send(quint16 port, const QByteArray &request)
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        if (!socket.waitForConnected(3000))
            return {};
        socket.write(request);
        QByteArray out;
        while (socket.state() == QAbstractSocket::ConnectedState && socket.waitForReadyRead(3000))
            out += socket.readAll();
        return ApiTest::parseReply(out + socket.readAll());
    }

    static void stop(QProcess &process)
    {
        process.terminate();
        if (!process.waitForFinished(10000)) {
            process.kill();
            process.waitForFinished();
        }
    }

    QByteArray m_lastOutput;

private Q_SLOTS:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void corsOriginReachesTheServer()
    {
        QProcess process;
        const quint16 port = serve(process, {u"--cors-origin"_s, u"https://dash.example.com"_s, u"--cors-origin"_s, u"http://127.0.0.1:5173"_s});
        QVERIFY2(port != 0, m_lastOutput.constData());
        QVERIFY2(m_lastOutput.contains("https://dash.example.com, http://127.0.0.1:5173"), m_lastOutput.constData());
        const QByteArray pre = "OPTIONS /api/auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAccess-Control-Request-Method: POST\r\nOrigin: ";
        const Reply allowed = send(port, pre + "https://dash.example.com\r\n\r\n");
        QCOMPARE(allowed.status, 204);
        QCOMPARE(allowed.header("Access-Control-Allow-Origin"), QByteArray("https://dash.example.com"));
        // The given list replaces the default: another loopback port is refused.
        QCOMPARE(send(port, pre + "http://localhost:3000\r\n\r\n").status, 403);
        stop(process);
    }

    void corsOriginNoneTurnsCorsOff()
    {
        QProcess process;
        const quint16 port = serve(process, {u"--cors-origin"_s, u"none"_s});
        QVERIFY2(port != 0, m_lastOutput.constData());
        const Reply r = send(port, "OPTIONS /api/auth/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAccess-Control-Request-Method: POST\r\n"
                                   "Origin: http://localhost:5173\r\n\r\n");
        QCOMPARE(r.status, 405);
        QVERIFY(!r.hasHeader("Access-Control-Allow-Origin"));
        stop(process);
    }

    static Reply post(quint16 port, const QByteArray &path, const QByteArray &json, const QByteArray &token = {})
    {
        return send(port, "POST " + path + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n"
                          + (token.isEmpty() ? QByteArray() : "Authorization: Bearer " + token + "\r\n")
                          + "Content-Length: " + QByteArray::number(json.size()) + "\r\n\r\n" + json);
    }

    static QString roleOf(quint16 port, const Reply &signup)
    {
        const Reply me = send(port, "GET /api/auth/me HTTP/1.1\r\nHost: x\r\nConnection: close\r\nAuthorization: Bearer "
                                        + ApiTest::Server::tokenOf(signup) + "\r\n\r\n");
        return me.data().value(u"role"_s).toString();
    }

    void signupRoleAnalyst()
    {
        QProcess process;
        const quint16 port = serve(process, {u"--signup-role"_s, u"analyst"_s}, u"analyst.db"_s);
        QVERIFY2(port != 0, m_lastOutput.constData());
        QVERIFY2(m_lastOutput.contains("new users become analyst"), m_lastOutput.constData());
        const Reply first = post(port, "/api/auth/signup", R"({"email":"first@example.com","password":"First-Pass-123-long"})");
        QCOMPARE(first.status, 201);
        QCOMPARE(roleOf(port, first), u"admin"_s);
        const Reply second = post(port, "/api/auth/signup", R"({"email":"second@example.com","password":"Second-Pass-123-long"})");
        QCOMPARE(second.status, 201);
        QCOMPARE(roleOf(port, second), u"analyst"_s);
        // An analyst may run what the predecessor's frontend runs.
        QCOMPARE(post(port, "/api/kpi/run", {}, ApiTest::Server::tokenOf(second)).status, 200);
        stop(process);
    }

    void noSignupClosesSignup()
    {
        QProcess process;
        const quint16 port = serve(process, {u"--no-signup"_s}, u"closed.db"_s);
        QVERIFY2(port != 0, m_lastOutput.constData());
        QVERIFY2(m_lastOutput.contains("Self-signup: closed"), m_lastOutput.constData());
        // The first user still may sign up (and becomes admin): someone must administer the server.
        QCOMPARE(post(port, "/api/auth/signup", R"({"email":"first@example.com","password":"First-Pass-123-long"})").status, 201);
        const Reply second = post(port, "/api/auth/signup", R"({"email":"second@example.com","password":"Second-Pass-123-long"})");
        QCOMPARE(second.status, 403);
        QCOMPARE(second.errorCode(), u"SIGNUP_DISABLED"_s);
        stop(process);
    }

    void badValuesAreUsageErrors_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("named");
        QTest::newRow("cors origin with a path") << QStringList{u"--cors-origin"_s, u"http://localhost:5173/app"_s} << QByteArray("--cors-origin");
        QTest::newRow("cors none and an origin") << QStringList{u"--cors-origin"_s, u"none"_s, u"--cors-origin"_s, u"http://a.example"_s}
                                                 << QByteArray("--cors-origin");
        QTest::newRow("signup role admin") << QStringList{u"--signup-role"_s, u"admin"_s} << QByteArray("--signup-role");
        QTest::newRow("signup role unknown") << QStringList{u"--signup-role"_s, u"owner"_s} << QByteArray("--signup-role");
        QTest::newRow("signup role and no signup") << QStringList{u"--signup-role"_s, u"analyst"_s, u"--no-signup"_s} << QByteArray("--no-signup");
    }

    void badValuesAreUsageErrors()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, named);
        QProcess process;
        process.setProcessEnvironment(environment());
        process.start(QStringLiteral(SMARTDATA_EXECUTABLE), QStringList{u"serve"_s, u"--port"_s, u"0"_s, u"--db"_s, m_dir.filePath(u"bad.db"_s)} + arguments);
        if (!process.waitForFinished(10000)) {
            stop(process);
            QFAIL("serve started with a bad option");
        }
        const QByteArray err = process.readAllStandardError();
        QCOMPARE(process.exitCode(), 2);
        QVERIFY2(err.contains(named), err.constData());
    }
};

QTEST_GUILESS_MAIN(TestServeOptions)
#include "tst_serveoptions.moc"
