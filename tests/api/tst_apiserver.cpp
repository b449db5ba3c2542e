// The REST API over real HTTP on a loopback port: the protocol limits (404/405/400/413/408, a client
// that vanishes), the envelope and headers, every data route with the predecessor's fixtures, and the
// security cases (missing, malformed, tampered, alg none, expired and wrong-type tokens, roles,
// login throttling). The server runs on its own thread so the test can use blocking sockets.

#include "api/apireply.h"
#include "api/apiserver.h"
#include "api/workercache.h"
#include "auth/jwtcodec.h"
#include "common/clock.h"
#include "auth/jwtsecret.h"
#include "auth/userservice.h"
#include "logging/logging.h"
#include "storage/database.h"

#include <QElapsedTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cmath>
#include <numbers>

using namespace Qt::StringLiterals;

namespace {

struct Reply
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;
    QByteArray header(const QByteArray &name) const
    {
        for (const auto &h : headers)
            if (h.first.compare(name, Qt::CaseInsensitive) == 0)
                return h.second;
        return {};
    }
    QJsonObject object() const { return QJsonDocument::fromJson(body).object(); }
    QJsonArray array() const { return QJsonDocument::fromJson(body).array(); }
};

QByteArray readFixture(const QString &name)
{
    QFile file(QStringLiteral(SMARTDATA_TEST_DATA_DIR "/api/") + name);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(name));
    return file.readAll();
}

Reply parseReply(const QByteArray &raw)
{
    Reply reply;
    const qsizetype end = raw.indexOf("\r\n\r\n");
    if (end < 0)
        return reply;
    const QList<QByteArray> lines = raw.left(end).split('\n');
    const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
    reply.status = statusLine.value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        reply.headers.append({lines.at(i).left(colon).trimmed(), lines.at(i).mid(colon + 1).trimmed()});
    }
    reply.body = raw.mid(end + 4);
    return reply;
}

} // namespace

class TestApiServer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    std::shared_ptr<Storage::Database> m_db;
    QThread m_thread;
    Api::ApiServer *m_server = nullptr;
    quint16 m_port = 0;
    QByteArray m_admin, m_viewer, m_adminRefresh;

    QByteArray raw(const QByteArray &bytes, int timeoutMs = 15000)
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (!socket.waitForConnected(3000))
            return {};
        socket.write(bytes);
        QByteArray out;
        QElapsedTimer timer;
        timer.start();
        while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < timeoutMs) {
            if (socket.waitForReadyRead(200))
                out += socket.readAll();
        }
        out += socket.readAll();
        return out;
    }

    Reply call(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
               const QByteArray &contentType = {}, const QByteArray &token = {}, const QByteArray &extra = {})
    {
        QByteArray request = method + ' ' + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n";
        if (!token.isEmpty())
            request += "Authorization: Bearer " + token + "\r\n";
        if (!contentType.isEmpty())
            request += "Content-Type: " + contentType + "\r\n";
        if (!body.isEmpty() || method == "POST")
            request += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        request += extra + "\r\n" + body;
        return parseReply(raw(request));
    }

    Reply multipart(const QByteArray &target, const QByteArray &fileName, const QByteArray &content, const QByteArray &token)
    {
        const QByteArray boundary = "----sdtestboundary42";
        const QByteArray body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                              + "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        return call("POST", target, body, "multipart/form-data; boundary=" + boundary, token);
    }

    QByteArray tokenOf(const Reply &reply, const char *key = "access_token") { return reply.object().value(QLatin1String(key)).toString().toLatin1(); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        Logging::Options logging;
        logging.logDir = m_dir.filePath(u"logs"_s);
        logging.stderrLevel = QtCriticalMsg;
        Logging::install(logging);
        auto db = Storage::Database::open(m_dir.filePath(u"api.db"_s));
        QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message));
        m_db = *db;
        Api::ServerOptions options;
        options.port = 0;
        options.limits.maxBodyBytes = 1024 * 1024;
        options.limits.headerTimeoutMs = 400;
        options.limits.idleTimeoutMs = 400;
        options.spoolThresholdBytes = 64 * 1024; // uploads past 64 KiB go to a file here
        options.spoolDirectory = m_dir.filePath(u"spool"_s);
        options.maxLoginFailures = 3;
        options.jwtSecretPath = m_dir.filePath(u"jwt.secret"_s);
        m_server = new Api::ApiServer(m_db, options);
        m_server->moveToThread(&m_thread);
        m_thread.start();
        bool started = false;
        QMetaObject::invokeMethod(m_server, [&] { started = m_server->start(); }, Qt::BlockingQueuedConnection);
        QVERIFY2(started, qPrintable(m_server->errorString()));
        m_port = m_server->port();

        const Reply signup = call("POST", "/api/auth/signup", R"({"email":"admin@example.com","password":"Correct-Horse-9-battery"})", "application/json");
        QCOMPARE(signup.status, 201);
        QCOMPARE(signup.object().value(u"token_type"_s).toString(), u"bearer"_s);
        m_admin = tokenOf(signup);
        m_adminRefresh = tokenOf(signup, "refresh_token");
        QCOMPARE(call("POST", "/api/users", R"({"email":"viewer@example.com","password":"Viewer-Pass-77-long","role":"viewer"})", "application/json", m_admin).status, 201);
        const Reply login = call("POST", "/api/auth/login", R"({"email":"viewer@example.com","password":"Viewer-Pass-77-long"})", "application/json");
        QCOMPARE(login.status, 200);
        m_viewer = tokenOf(login);
    }

    void cleanupTestCase()
    {
        QMetaObject::invokeMethod(m_server, [&] { m_server->stop(); }, Qt::BlockingQueuedConnection);
        Logging::uninstall();
        m_thread.quit();
        m_thread.wait();
        delete m_server;
    }

    void healthEnvelopeAndHeaders()
    {
        const Reply r = call("GET", "/api/health", {}, {}, {}, "X-Request-Id: abc-123\r\n");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.object().value(u"ok"_s).toBool(), true);
        QCOMPARE(r.object().value(u"data"_s).toObject().value(u"status"_s).toString(), u"ok"_s);
        QVERIFY(r.object().value(u"meta"_s).toObject().contains(u"generated_at"_s));
        QCOMPARE(r.header("X-Request-Id"), QByteArray("abc-123"));
        QCOMPARE(r.header("X-Content-Type-Options"), QByteArray("nosniff"));
        QCOMPARE(r.header("X-Frame-Options"), QByteArray("DENY"));
        QCOMPARE(r.header("Referrer-Policy"), QByteArray("no-referrer"));
        QCOMPARE(r.header("Content-Security-Policy"), QByteArray("default-src 'none'"));
        QVERIFY(!call("GET", "/api/health").header("X-Request-Id").isEmpty());
        QCOMPARE(call("GET", "/api/health/latency").status, 200);
        const Reply openapi = call("GET", "/api/openapi.json");
        QCOMPARE(openapi.status, 200);
        const QJsonObject paths = openapi.object().value(u"paths"_s).toObject();
        for (const auto &route : m_server->routes())
            QVERIFY2(paths.contains(route.pattern), qPrintable(route.pattern));
    }

    void protocolErrors()
    {
        const Reply missing = call("GET", "/api/nope");
        QCOMPARE(missing.status, 404);
        QVERIFY(missing.object().contains(u"detail"_s));
        const Reply wrong = call("DELETE", "/api/health");
        QCOMPARE(wrong.status, 405);
        QCOMPARE(wrong.header("Allow"), QByteArray("GET, HEAD"));
        QCOMPARE(parseReply(raw("GARBAGE\r\n\r\n")).status, 400);
        QCOMPARE(parseReply(raw("GET /api/health HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n")).status, 400);
        QCOMPARE(parseReply(raw("GET /api/health HTTP/1.1\r\n\r\n")).status, 400); // no Host
        QCOMPARE(parseReply(raw("GET /api/health HTTP/1.1\r\nHost: x\r\nContent-Length: 12x\r\n\r\n")).status, 400);
        // A huge Content-Length is refused at once: the body is never sent, let alone buffered.
        QElapsedTimer timer;
        timer.start();
        const Reply big = parseReply(raw("POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nAuthorization: Bearer " + m_admin
                                         + "\r\nContent-Length: 300000000000\r\n\r\n", 3000));
        QCOMPARE(big.status, 413);
        QVERIFY(timer.elapsed() < 2500);
    }

    void slowAndVanishingClients()
    {
        // An incomplete request is answered 408 and closed after the header timeout.
        QTcpSocket slow;
        slow.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(slow.waitForConnected(3000));
        slow.write("GET /api/health HTTP/1.1\r\nHost: x\r\n");
        QElapsedTimer timer;
        timer.start();
        QByteArray got;
        while (slow.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 5000)
            if (slow.waitForReadyRead(100))
                got += slow.readAll();
        QVERIFY(timer.elapsed() < 4000);
        QVERIFY(got.startsWith("HTTP/1.1 408"));

        // A silent connection is closed too.
        QTcpSocket silent;
        silent.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(silent.waitForConnected(3000));
        timer.restart();
        while (silent.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 5000)
            silent.waitForReadyRead(100);
        QVERIFY(timer.elapsed() < 4000);

        // Keep-alive: two requests on one connection.
        const QByteArray two = parseReply(raw("GET /api/health HTTP/1.1\r\nHost: x\r\n\r\nGET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).body;
        QVERIFY(two.contains("HTTP/1.1 200"));
    }

    void security()
    {
        const Reply none = call("GET", "/api/sources");
        QCOMPARE(none.status, 401);
        QCOMPARE(none.header("WWW-Authenticate"), QByteArray("Bearer"));
        QCOMPARE(call("GET", "/api/sources", {}, {}, "not.a.jwt").status, 401);
        QByteArray tampered = m_admin;
        tampered[tampered.size() - 3] = tampered.at(tampered.size() - 3) == 'A' ? 'B' : 'A';
        QCOMPARE(call("GET", "/api/sources", {}, {}, tampered).status, 401);
        const QList<QByteArray> parts = m_admin.split('.');
        const QByteArray algNone = Auth::JwtCodec::base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + '.' + parts.at(1) + '.';
        QCOMPARE(call("GET", "/api/sources", {}, {}, algNone).status, 401);
        QCOMPARE(call("GET", "/api/sources", {}, {}, m_adminRefresh).status, 401); // refresh as access
        auto secret = Auth::JwtSecret::loadOrCreate(m_dir.filePath(u"jwt.secret"_s));
        QVERIFY(secret.ok());
        const qint64 past = QDateTime::currentSecsSinceEpoch() - 3600;
        const QString expired = Auth::JwtCodec(*secret).encode(QJsonObject{{u"sub"_s, u"1"_s}, {u"typ"_s, u"access"_s}, {u"role"_s, u"admin"_s},
                                                                           {u"iat"_s, past - 900}, {u"exp"_s, past}, {u"jti"_s, u"x"_s}});
        QCOMPARE(call("GET", "/api/sources", {}, {}, expired.toLatin1()).status, 401);
        QCOMPARE(call("GET", "/api/sources", {}, {}, m_admin).status, 200);
        QCOMPARE(call("GET", "/api/auth/me", {}, {}, m_viewer).object().value(u"data"_s).toObject().value(u"role"_s).toString(), u"viewer"_s);
        QCOMPARE(call("POST", "/api/ingest", "timestamp,value\n2024-01-01,1\n", "text/csv", m_viewer).status, 403);
        QCOMPARE(call("GET", "/api/users", {}, {}, m_viewer).status, 403);

        // Refresh rotates; re-using the spent token is refused.
        const Reply refreshed = call("POST", "/api/auth/refresh", "{\"refresh_token\":\"" + m_adminRefresh + "\"}", "application/json");
        QCOMPARE(refreshed.status, 200);
        QCOMPARE(call("POST", "/api/auth/refresh", "{\"refresh_token\":\"" + m_adminRefresh + "\"}", "application/json").status, 401);
        // That reuse revoked the login's family: its access tokens stop working at once.
        QCOMPARE(call("GET", "/api/sources", {}, {}, m_admin).status, 401);
        QCOMPARE(call("GET", "/api/sources", {}, {}, tokenOf(refreshed)).status, 401);
        const Reply relogin = call("POST", "/api/auth/login", R"({"email":"admin@example.com","password":"Correct-Horse-9-battery"})", "application/json");
        QCOMPARE(relogin.status, 200);
        m_admin = tokenOf(relogin);
        QCOMPARE(call("GET", "/api/sources", {}, {}, m_admin).status, 200);

        // Throttled login: 429 with Retry-After.
        Reply last;
        for (int i = 0; i < 5; ++i)
            last = call("POST", "/api/auth/login", R"({"email":"viewer@example.com","password":"wrong-password-x"})", "application/json");
        QCOMPARE(last.status, 429);
        QVERIFY(last.header("Retry-After").toInt() > 0);
    }

    void ingest()
    {
        // Strict multipart: one bad row rejects the file and nothing is stored.
        const Reply strict = multipart("/api/ingest?source_name=strictsrc", "bad.csv", readFixture(u"ingest_csv_partial_failure_strict_400.csv"_s), m_admin);
        QCOMPARE(strict.status, 400);
        QCOMPARE(strict.object().value(u"error"_s).toObject().value(u"code"_s).toString(), u"BAD_REQUEST"_s);
        QVERIFY(!strict.object().value(u"error"_s).toObject().value(u"details"_s).toObject().value(u"rows"_s).toArray().isEmpty());
        QCOMPARE(call("GET", "/api/batches?source_name=strictsrc", {}, {}, m_admin).object().value(u"data"_s).toArray().size(), 0);

        const Reply ok = multipart("/api/ingest?source_name=demo", "ok.csv", readFixture(u"ingest_csv_success.csv"_s), m_admin);
        QCOMPARE(ok.status, 200);
        const QJsonObject data = ok.object().value(u"data"_s).toObject();
        QCOMPARE(data.value(u"inserted"_s).toInt(), 2);
        for (const char *key : {"ingested_rows", "skipped_rows", "duplicates", "warnings", "metric", "metrics", "min_ts", "max_ts", "batch_id"})
            QVERIFY2(data.contains(QLatin1String(key)), key);
        const Reply again = multipart("/api/ingest?source_name=demo", "ok.csv", readFixture(u"ingest_csv_success.csv"_s), m_admin);
        QCOMPARE(again.object().value(u"data"_s).toObject().value(u"duplicates"_s).toInt(), 2);
        QCOMPARE(again.object().value(u"data"_s).toObject().value(u"inserted"_s).toInt(), 0);

        const Reply json = call("POST", "/api/ingest?source_name=demo", readFixture(u"ingest_json_success.json"_s), "application/json", m_admin);
        QCOMPARE(json.status, 200);
        QCOMPARE(json.object().value(u"data"_s).toObject().value(u"inserted"_s).toInt(), 2);
        QCOMPARE(call("POST", "/api/ingest", "x", "text/plain", m_admin).status, 415);
        QCOMPARE(call("POST", "/api/ingest", {}, "text/csv", m_admin).object().value(u"error"_s).toObject().value(u"code"_s).toString(), u"EMPTY_BODY"_s);
        const Reply missingCols = call("POST", "/api/ingest", "foo,bar\n1,2\n", "text/csv", m_admin);
        QCOMPARE(missingCols.status, 400);
        QCOMPARE(missingCols.object().value(u"error"_s).toObject().value(u"code"_s).toString(), u"MISSING_COLUMNS"_s);
        QVERIFY(missingCols.object().value(u"error"_s).toObject().value(u"details"_s).toObject().contains(u"present"_s));
        const Reply upload = multipart("/api/upload?source_name=demo", "header.csv", "timestamp,value\n", m_admin);
        QCOMPARE(upload.status, 200);
        QVERIFY(upload.object().value(u"data"_s).toObject().contains(u"staging_id"_s));
        QCOMPARE(call("GET", "/api/sources", {}, {}, m_viewer).object().value(u"data"_s).toArray().size(), 1);
        QCOMPARE(call("GET", "/api/sources/999", {}, {}, m_viewer).status, 404);
    }

    void kpiGoldens()
    {
        QCOMPARE(call("POST", "/api/ingest?source_name=kpi101", readFixture(u"clean_events_kpi_daily_input.csv"_s), "text/csv", m_admin).status, 200);
        QCOMPARE(call("POST", "/api/kpi/run?source_name=kpi101", {}, {}, m_admin).status, 200);
        const Reply daily = call("GET", "/api/metrics/daily?source_name=kpi101&metric=default", {}, {}, m_viewer);
        QCOMPARE(daily.status, 200);
        const QJsonArray rows = daily.object().value(u"data"_s).toArray();
        const QList<QByteArray> expected = readFixture(u"metric_daily_kpi_daily_expected.csv"_s).trimmed().split('\n').mid(1);
        QCOMPARE(rows.size(), expected.size());
        for (qsizetype i = 0; i < expected.size(); ++i) {
            const QList<QByteArray> f = expected.at(i).trimmed().split(',');
            const QJsonObject row = rows.at(i).toObject();
            QCOMPARE(row.value(u"metric_date"_s).toString(), QString::fromLatin1(f.at(0)));
            QCOMPARE(row.value(u"value_count"_s).toInt(), f.at(3).toInt());
            QCOMPARE(row.value(u"value_sum"_s).toDouble(), f.at(4).toDouble());
            QCOMPARE(row.value(u"value_avg"_s).toDouble(), f.at(5).toDouble());
        }
        QCOMPARE(call("GET", "/api/metrics/daily?source_name=kpi101&metric=default&agg=count", {}, {}, m_viewer)
                     .object().value(u"data"_s).toArray().first().toObject().value(u"value"_s).toInt(), 2);
        QCOMPARE(call("GET", "/api/metrics/daily?metric=default", {}, {}, m_viewer).status, 422);
        QCOMPARE(call("GET", "/api/metrics/daily?source_name=kpi101&metric=default&agg=median", {}, {}, m_viewer).status, 400);
        QCOMPARE(call("GET", "/api/metrics/daily?source_name=nosuch&metric=default", {}, {}, m_viewer).object().value(u"data"_s).toArray().size(), 0);
        QVERIFY(call("GET", "/api/metrics/names?source_name=kpi101", {}, {}, m_viewer).object().value(u"data"_s).toArray().contains(u"default"_s));
        const Reply csv = call("GET", "/api/metrics/export/csv?source_name=kpi101&metric=default", {}, {}, m_viewer);
        QCOMPARE(csv.status, 200);
        QVERIFY(csv.header("Content-Disposition").contains("default_kpi101.csv"));
        QVERIFY(csv.body.startsWith("metric_date,source_id,metric,value,value_count,value_sum,value_avg"));
    }

    void anomaliesAndForecast()
    {
        QCOMPARE(call("POST", "/api/ingest?source_name=spike", readFixture(u"anomaly_spike_events.csv"_s), "text/csv", m_admin).status, 200);
        for (const QByteArray &path : {QByteArray("/api/metrics/anomaly/rolling"), QByteArray("/api/anomaly/rolling")}) {
            const Reply r = call("GET", path + "?source_name=spike&metric=events_total&window=7&z_thresh=3", {}, {}, m_viewer);
            QCOMPARE(r.status, 200);
            QStringList flagged;
            for (const QJsonValue &a : r.object().value(u"anomalies"_s).toArray())
                flagged << a.toObject().value(u"metric_date"_s).toString();
            QVERIFY2(flagged.contains(u"2025-09-06"_s), qPrintable(flagged.join(u',')));
        }
        QCOMPARE(call("GET", "/api/metrics/anomaly/rolling?source_name=spike&metric=events_total&window=1", {}, {}, m_viewer).status, 422);
        QCOMPARE(call("GET", "/api/metrics/anomaly/rolling?source_name=spike&metric=events_total&z_thresh=-1", {}, {}, m_viewer).status, 422);
        QCOMPARE(call("GET", "/api/metrics/anomaly/iforest?source_name=spike&metric=events_total", {}, {}, m_viewer).status, 204);

        const Reply forecast = call("GET", "/api/forecast/daily?source_name=spike&metric=events_total&horizon=5", {}, {}, m_viewer);
        QCOMPARE(forecast.status, 200);
        const QJsonArray rows = forecast.array();
        QCOMPARE(rows.size(), 5);
        QDate previous(2025, 9, 7);
        for (const QJsonValue &v : rows) {
            const QJsonObject row = v.toObject();
            const QDate day = QDate::fromString(row.value(u"date"_s).toString(), Qt::ISODate);
            QVERIFY(day > previous);
            previous = day;
            QVERIFY(row.value(u"yhat_lower"_s).toDouble() <= row.value(u"yhat"_s).toDouble());
            QVERIFY(row.value(u"yhat"_s).toDouble() <= row.value(u"yhat_upper"_s).toDouble());
            QVERIFY(row.value(u"metric_date"_s).toString().endsWith(u"T00:00:00Z"_s));
        }
        QCOMPARE(call("GET", "/api/forecast/daily?source_name=nosuch&metric=events_total", {}, {}, m_viewer).status, 404);
        QCOMPARE(call("GET", "/api/forecast/daily?source_name=spike&metric=events_total&horizon=31", {}, {}, m_viewer).status, 422);
        const Reply run = call("POST", "/api/forecast/run?source_name=spike&metric=events_total&horizon_days=3", {}, {}, m_admin);
        QCOMPARE(run.status, 200);
        QCOMPARE(run.object().value(u"inserted"_s).toInt(), 3);
        QVERIFY(run.object().value(u"data"_s).toObject().contains(u"run_id"_s));
        QVERIFY(run.object().value(u"data"_s).toObject().contains(u"model_family"_s));
        QVERIFY(run.object().value(u"data"_s).toObject().contains(u"choice_reason"_s));
        QCOMPARE(call("POST", "/api/forecast/run?source_name=spike&metric=events_total&horizon_days=3&model=prophet", {}, {}, m_admin).status, 422);
        QCOMPARE(call("POST", "/api/forecast/run?source_name=spike&metric=events_total&horizon_days=3&model=auto", {}, {}, m_admin).status, 200);
        QCOMPARE(call("GET", "/api/forecast/runs?source_name=spike&metric=events_total", {}, {}, m_viewer).status, 200);
        QCOMPARE(call("POST", "/api/forecast/reliability/run", R"({"source_name":"spike","metric":"events_total","folds":5,"horizon":7})", "application/json", m_admin).status, 422);
        QCOMPARE(call("GET", "/api/forecast/health?source_name=spike&metric=events_total", {}, {}, m_viewer).status, 200);
    }

    // Issue 20: POST /api/forecast/run takes an optional model family (default auto) and fits it.
    void forecastRunModelChoice()
    {
        QByteArray csv = "timestamp,metric,value\n";
        const QDate start(2025, 1, 1);
        for (int i = 0; i < 120; ++i) {
            const double value = 100.0 + 0.3 * i + 12.0 * std::sin(2.0 * std::numbers::pi * i / 7.0) + ((i * 37) % 11 - 5);
            csv += start.addDays(i).toString(Qt::ISODate).toUtf8() + "T12:00:00Z,visits," + QByteArray::number(value, 'f', 2) + '\n';
        }
        QCOMPARE(call("POST", "/api/ingest?source_name=choice", csv, "text/csv", m_admin).status, 200);
        const Reply ets = call("POST", "/api/forecast/run", R"({"source_name":"choice","metric":"visits","horizon_days":7,"model":"ets"})",
                               "application/json", m_admin);
        QCOMPARE(ets.status, 200);
        const QJsonObject data = ets.object().value(u"data"_s).toObject();
        QCOMPARE(data.value(u"model_family"_s).toString(), u"ets"_s);
        QCOMPARE(data.value(u"model_requested"_s).toString(), u"ets"_s);
        QVERIFY2(data.value(u"model"_s).toString().startsWith(u"ETS"_s), qPrintable(data.value(u"model"_s).toString()));
        // The predecessor's request without a model still runs the automatic choice.
        const Reply automatic = call("POST", "/api/forecast/run?source_name=choice&metric=visits&horizon_days=7", {}, {}, m_admin);
        QCOMPARE(automatic.status, 200);
        QCOMPARE(automatic.object().value(u"data"_s).toObject().value(u"model_requested"_s).toString(), u"auto"_s);
        const Reply unknown = call("POST", "/api/forecast/run", R"({"source_name":"choice","metric":"visits","model":"prophet"})",
                                   "application/json", m_admin);
        QCOMPARE(unknown.status, 422);
        QCOMPARE(unknown.object().value(u"error"_s).toObject().value(u"code"_s).toString(), u"VALIDATION_ERROR"_s);
    }

    void metricsAndJobs()
    {
        const Reply metrics = call("GET", "/metrics");
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.body.contains("http_requests_total{path=\"/api/health\",method=\"GET\",status=\"200\"}"));
        QVERIFY(metrics.body.contains("http_request_duration_seconds_bucket"));
        QVERIFY(metrics.body.contains("smartdata_ingest_rows_inserted_total"));
        QCOMPARE(call("GET", "/api/jobs", {}, {}, m_viewer).status, 200);

        // One JSON log line per request, in smartdata.api, with id, method, path, status, duration, user.
        QFile log(Logging::logFilePath());
        QVERIFY(log.open(QIODevice::ReadOnly));
        bool sawEchoed = false, sawUser = false;
        for (const QByteArray &line : log.readAll().split('\n')) {
            const QJsonObject o = QJsonDocument::fromJson(line).object();
            if (o.value(u"category"_s).toString() != u"smartdata.api"_s || o.value(u"message"_s).toString() != u"request"_s)
                continue;
            QVERIFY(o.contains(u"duration_ms"_s) && o.contains(u"status"_s) && o.contains(u"method"_s) && o.contains(u"path"_s));
            sawEchoed = sawEchoed || (o.value(u"request_id"_s).toString() == u"abc-123"_s && o.value(u"status"_s).toInt() == 200);
            sawUser = sawUser || o.value(u"user"_s).toString() == u"viewer@example.com"_s;
        }
        QVERIFY(sawEchoed);
        QVERIFY(sawUser);
        QCOMPARE(call("POST", "/api/jobs/no-such-job/run", {}, {}, m_admin).status, 404);
        QCOMPARE(call("POST", "/api/jobs/daily-kpis/run", {}, {}, m_viewer).status, 403);
    }

    void remainingRoutes()
    {
        const QByteArray fixture = readFixture(u"ingest_raw_json_with_metric.json"_s);
        const Reply imported = call("POST", "/api/ingest?source_name=gone", fixture, "application/json", m_admin);
        QCOMPARE(imported.status, 200);
        const int batch = imported.object().value(u"data"_s).toObject().value(u"batch_id"_s).toInt();
        QCOMPARE(call("GET", "/api/batches", {}, {}, m_viewer).status, 200);
        QCOMPARE(call("DELETE", "/api/batches/" + QByteArray::number(batch), {}, {}, m_viewer).status, 403);
        QCOMPARE(call("DELETE", "/api/batches/" + QByteArray::number(batch), {}, {}, m_admin).status, 200);
        QCOMPARE(call("DELETE", "/api/batches/" + QByteArray::number(batch), {}, {}, m_admin).status, 404);
        QCOMPARE(call("GET", "/api/metrics/daily?source_name=gone&metric=events_total", {}, {}, m_viewer).object().value(u"data"_s).toArray().size(), 0);

        QCOMPARE(call("GET", "/api/anomalies?source_name=spike&metric=events_total", {}, {}, m_viewer).status, 200);
        const Reply backtest = call("POST", "/api/forecast/backtest?source_name=spike&metric=events_total&folds=1&horizon=2&window_n=0", {}, {}, m_admin);
        QVERIFY2(backtest.status == 200 || backtest.status == 422, backtest.body.constData());
        if (backtest.status == 200)
            QVERIFY(backtest.object().value(u"data"_s).toObject().contains(u"avg_mae"_s));
        // A series without data: the backtest is an error, the dashboard's reliability read is not (issue #17).
        QCOMPARE(call("POST", "/api/forecast/backtest?source_name=nosuch&metric=x", {}, {}, m_admin).status, 404);
        QCOMPARE(call("GET", "/api/forecast/reliability?source_name=nosuch&metric=x", {}, {}, m_viewer).object().value(u"data"_s).toObject()
                     .value(u"folds"_s).toInt(-1), 0);

        QCOMPARE(call("POST", "/api/users", R"({"email":"temp@example.com","password":"Temp-Pass-88-long","role":"analyst"})", "application/json", m_admin).status, 201);
        QCOMPARE(call("POST", "/api/users", R"({"email":"temp@example.com","password":"Temp-Pass-88-long","role":"analyst"})", "application/json", m_admin).status, 409);
        QCOMPARE(call("GET", "/api/users", {}, {}, m_admin).object().value(u"data"_s).toArray().size(), 3);
        QCOMPARE(call("DELETE", "/api/users?email=temp@example.com", {}, {}, m_admin).status, 200);
        QCOMPARE(call("POST", "/api/auth/signup", R"({"email":"bad","password":"x"})", "application/json").status, 422);

        const Reply run = call("POST", "/api/jobs/daily-kpis/run", {}, {}, m_admin);
        QCOMPARE(run.status, 202);
        QCOMPARE(call("GET", "/api/jobs", {}, {}, m_viewer).status, 200);

        // Logout revokes the family: its refresh token no longer works.
        const Reply login = call("POST", "/api/auth/signup", R"({"email":"leaver@example.com","password":"Leaver-Pass-66-long"})", "application/json");
        QCOMPARE(login.status, 201);
        const QByteArray refresh = tokenOf(login, "refresh_token");
        QCOMPARE(call("GET", "/api/auth/me", {}, {}, tokenOf(login)).status, 200);
        QCOMPARE(call("POST", "/api/auth/logout", "{\"refresh_token\":\"" + refresh + "\"}", "application/json").status, 200);
        QCOMPARE(call("POST", "/api/auth/refresh", "{\"refresh_token\":\"" + refresh + "\"}", "application/json").status, 401);
        // Nor does its access token, although the server had it cached.
        QCOMPARE(call("GET", "/api/auth/me", {}, {}, tokenOf(login)).status, 401);
    }

    void chunkedBodies()
    {
        // Transfer-Encoding: chunked bodies reach the routes whole, under the same body limit.
        QByteArray csv = "timestamp,metric,value\n";
        for (int i = 0; i < 300; ++i)
            csv += "2025-07-" + QByteArray::number(1 + i % 28).rightJustified(2, '0') + "T10:" + QByteArray::number(i % 60).rightJustified(2, '0')
                 + ":00Z,chunked_m," + QByteArray::number(i) + '\n';
        QByteArray chunked;
        for (qsizetype at = 0; at < csv.size(); at += 1000)
            chunked += QByteArray::number(qMin<qsizetype>(1000, csv.size() - at), 16) + (at == 0 ? ";ext=1" : "") + "\r\n" + csv.mid(at, 1000) + "\r\n";
        chunked += "0\r\nX-Trailer: ignored\r\n\r\n";
        const QByteArray head = "POST /api/ingest?source_name=chunky HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nAuthorization: Bearer " + m_admin
                              + "\r\nTransfer-Encoding: chunked\r\n";
        const Reply ok = parseReply(raw(head + "Connection: close\r\n\r\n" + chunked));
        QVERIFY2(ok.status == 200, ok.body.constData());
        QCOMPARE(ok.object().value(u"data"_s).toObject().value(u"inserted"_s).toInt(), 300);

        // Keep-alive after a chunked request, and 100-continue: the client waits for it before the body.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket.waitForConnected(3000));
        socket.write(head + "Expect: 100-continue\r\n\r\n");
        QByteArray got;
        QElapsedTimer timer;
        timer.start();
        while (!got.contains("\r\n\r\n") && timer.elapsed() < 3000)
            if (socket.waitForReadyRead(100))
                got += socket.readAll();
        QCOMPARE(got, QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
        socket.write(chunked + "GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        got.clear();
        timer.restart();
        while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 5000)
            if (socket.waitForReadyRead(100))
                got += socket.readAll();
        got += socket.readAll();
        QVERIFY2(got.startsWith("HTTP/1.1 200"), got.constData());
        Reply first = parseReply(got);
        first.body.truncate(first.header("Content-Length").toInt()); // the health reply follows
        QCOMPARE(first.object().value(u"data"_s).toObject().value(u"duplicates"_s).toInt(), 300);
        QCOMPARE(got.count("HTTP/1.1 200"), 2);

        // Over the limit (1 MiB here): a chunk announcing more is refused at once, its data never read...
        timer.restart();
        const Reply huge = parseReply(raw(head + "\r\n" + "100001\r\n", 3000));
        QCOMPARE(huge.status, 413);
        QCOMPARE(huge.object().value(u"error"_s).toObject().value(u"code"_s).toString(), u"PAYLOAD_TOO_LARGE"_s);
        QVERIFY(timer.elapsed() < 2500);
        // ... and so is the chunk that makes the sum cross it; the client learns while still sending.
        QTcpSocket streaming;
        streaming.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(streaming.waitForConnected(3000));
        streaming.write(head + "\r\n");
        const QByteArray piece = "10000\r\n" + QByteArray(0x10000, 'x') + "\r\n";
        got.clear();
        qint64 sent = 0;
        timer.restart();
        while (!got.contains("\r\n\r\n") && sent < 64LL * 1024 * 1024 && timer.elapsed() < 10000
               && streaming.state() == QAbstractSocket::ConnectedState) {
            streaming.write(piece);
            sent += piece.size();
            streaming.waitForBytesWritten(100);
            if (streaming.waitForReadyRead(1))
                got += streaming.readAll();
        }
        while (!got.contains("\r\n\r\n") && streaming.waitForReadyRead(1000))
            got += streaming.readAll();
        QVERIFY2(got.startsWith("HTTP/1.1 413"), got.left(200).constData());
        QVERIFY2(sent < 64LL * 1024 * 1024, "the server read far past the limit before refusing");

        // Framings the server refuses.
        QCOMPARE(parseReply(raw("POST /api/ingest HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n")).status, 501);
        QCOMPARE(parseReply(raw("POST /api/ingest HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n")).status, 400);
        const QByteArray authorized = "POST /api/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + m_admin + "\r\n";
        QCOMPARE(parseReply(raw(authorized + "Transfer-Encoding: chunked\r\n\r\nzz\r\n")).status, 400);
        QCOMPARE(parseReply(raw(authorized + "Transfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n")).status, 400);
        // A chunked body that stalls is timed out like any other.
        const Reply stalled = parseReply(raw(authorized + "Transfer-Encoding: chunked\r\n\r\n5\r\nab", 5000));
        QCOMPARE(stalled.status, 408);
    }

    void workerCacheFollowsTheDatabase()
    {
        // Workers reuse verified principals and read-only replies while the database is unchanged
        // (WorkerCache): every change, whoever makes it, must show in the very next request.
        const QByteArray daily = "/api/metrics/daily?source_name=cachesrc&metric=cached_m";
        QCOMPARE(call("POST", "/api/ingest?source_name=cachesrc", "timestamp,metric,value\n2025-03-01T10:00:00Z,cached_m,5\n", "text/csv", m_admin).status, 200);
        auto sumOf = [&](const Reply &r) { return r.object().value(u"data"_s).toArray().first().toObject().value(u"value_sum"_s).toDouble(); };
        for (int i = 0; i < 12; ++i) // enough to fill the cache of every worker
            QCOMPARE(sumOf(call("GET", daily, {}, {}, m_viewer)), 5.0);
        const Reply first = call("GET", daily, {}, {}, m_viewer);
        QTest::qWait(1100);
        const Reply later = call("GET", daily, {}, {}, m_viewer);
        QVERIFY(first.object().value(u"meta"_s).toObject().value(u"generated_at"_s).toString()
                < later.object().value(u"meta"_s).toObject().value(u"generated_at"_s).toString());
        // A change through the API (on some worker's connection) ...
        QCOMPARE(call("POST", "/api/ingest?source_name=cachesrc", "timestamp,metric,value\n2025-03-01T11:00:00Z,cached_m,7\n", "text/csv", m_admin).status, 200);
        for (int i = 0; i < 12; ++i)
            QCOMPARE(sumOf(call("GET", daily, {}, {}, m_viewer)), 12.0);
        // ... and one from another connection (here the test's own, as the CLI would be).
        QVERIFY(m_db->exec(u"UPDATE metric_daily SET value_sum = 99 WHERE metric = 'cached_m'"_s).ok());
        for (int i = 0; i < 12; ++i)
            QCOMPARE(sumOf(call("GET", daily, {}, {}, m_viewer)), 99.0);

        // A deactivated user is refused at once, however often the token was accepted before.
        const Reply signup = call("POST", "/api/auth/signup", R"({"email":"cached@example.com","password":"Cached-Pass-55-long"})", "application/json");
        QCOMPARE(signup.status, 201);
        const QByteArray token = tokenOf(signup);
        for (int i = 0; i < 12; ++i)
            QCOMPARE(call("GET", "/api/sources", {}, {}, token).status, 200);
        QVERIFY(Auth::UserService(m_db).setActive(u"cached@example.com"_s, false).ok());
        for (int i = 0; i < 12; ++i)
            QCOMPARE(call("GET", "/api/sources", {}, {}, token).status, 401);
    }

    void cachedRepliesNeedAValidToken()
    {
        // A reply every network thread's cache holds is still refused to a request without a valid token.
        const QByteArray daily = "/api/metrics/daily?source_name=cachetok&metric=cached_t";
        QCOMPARE(call("POST", "/api/ingest?source_name=cachetok", "timestamp,metric,value\n2025-03-01T10:00:00Z,cached_t,5\n", "text/csv", m_admin).status, 200);
        for (int i = 0; i < 8; ++i)
            QCOMPARE(call("GET", daily, {}, {}, m_viewer).object().value(u"data"_s).toArray().size(), 1);
        QCOMPARE(call("GET", daily).status, 401);
        QCOMPARE(call("GET", daily, {}, {}, m_viewer.left(m_viewer.size() - 2) + "xy").status, 401);
        QCOMPARE(call("GET", daily, {}, {}, m_adminRefresh).status, 401); // the wrong type of token
        // An ingest shows in the very next read, whichever network thread serves it.
        QCOMPARE(call("POST", "/api/ingest?source_name=cachetok", "timestamp,metric,value\n2025-03-02T10:00:00Z,cached_t,4\n", "text/csv", m_admin).status, 200);
        for (int i = 0; i < 8; ++i)
            QCOMPARE(call("GET", daily, {}, {}, m_viewer).object().value(u"data"_s).toArray().size(), 2);
    }

    void workerCacheUnit()
    {
        // The cache itself, on this thread: principals expire and are evicted least recently used
        // first; replies keep their body but get a fresh generated_at; any commit elsewhere drops all.
        using Api::WorkerCache;
        WorkerCache &cache = WorkerCache::forThread(m_db.get());
        cache.revalidate(*m_db);
        QVERIFY(cache.version() >= 0);
        const QDateTime now = QDateTime::currentDateTimeUtc();
        Auth::Principal principal;
        principal.userId = 7;
        principal.email = u"unit@example.com"_s;
        principal.expiresAt = now.addSecs(60);
        cache.storePrincipal(u"token-a"_s, principal);
        QCOMPARE(cache.principal(u"token-a"_s, now)->email, principal.email);
        QVERIFY(!cache.principal(u"token-a"_s, now.addSecs(61))); // expired: refused and dropped
        QVERIFY(!cache.principal(u"token-a"_s, now));

        cache.storePrincipal(u"kept"_s, principal);
        for (int i = 0; i < WorkerCache::MaxPrincipals; ++i) {
            cache.storePrincipal(u"token-%1"_s.arg(i), principal);
            if (i % 100 == 0)
                QVERIFY(cache.principal(u"kept"_s, now)); // used: stays recent
        }
        QCOMPARE(cache.principalCount(), WorkerCache::MaxPrincipals);
        QVERIFY(cache.principal(u"kept"_s, now));
        QVERIFY(!cache.principal(u"token-0"_s, now)); // the least recently used went
        QVERIFY(cache.principal(u"token-1"_s, now));

        const Api::HttpResponse stored = Api::envelopeReply(QJsonArray{1, 2, 3});
        cache.storeReply(u"GET /unit"_s, stored);
        QTest::qWait(5);
        cache.revalidate(*m_db); // nothing committed: all kept
        const std::optional<Api::HttpResponse> hit = cache.reply(u"GET /unit"_s);
        QVERIFY(hit);
        QCOMPARE(hit->bodyParts.size(), 3);
        const QByteArray body = hit->bodyParts.join();
        QCOMPARE(hit->bodySize(), body.size());
        QCOMPARE(body.size(), stored.body.size());
        const QJsonObject reply = QJsonDocument::fromJson(body).object();
        QCOMPARE(reply.value(u"data"_s).toArray(), (QJsonArray{1, 2, 3}));
        const QString generated = reply.value(u"meta"_s).toObject().value(u"generated_at"_s).toString();
        QVERIFY(QDateTime::fromString(generated, Qt::ISODateWithMs).isValid());
        QVERIFY(generated > QJsonDocument::fromJson(stored.body).object().value(u"meta"_s).toObject().value(u"generated_at"_s).toString());
        QCOMPARE(QString::fromLatin1(Api::nowIsoUtcBytes()).size(), Common::nowIsoUtc().size());

        // A commit on another connection (this thread's own; the cache watches through its own).
        QVERIFY(m_db->exec(u"CREATE TABLE IF NOT EXISTS cache_probe (x INTEGER)"_s).ok());
        QVERIFY(m_db->exec(u"INSERT INTO cache_probe VALUES (1)"_s).ok());
        cache.revalidate(*m_db);
        QVERIFY(!cache.reply(u"GET /unit"_s));
        QVERIFY(!cache.principal(u"kept"_s, now));
        cache.storeReply(u"GET /unit"_s, stored);
        QVERIFY(m_db->exec(u"INSERT INTO cache_probe VALUES (2)"_s).ok());
        cache.revalidate(*m_db);
        QVERIFY(!cache.reply(u"GET /unit"_s));
        WorkerCache::releaseThread();
    }

    void clientsVanishDuringWork()
    {
        // Clients that go away while their request is still being handled (a forecast, an import):
        // the reply is dropped and the server keeps serving.
        QByteArray csv = "timestamp,metric,value\n";
        for (int i = 0; i < 20000; ++i)
            csv += "2025-08-" + QByteArray::number(1 + i % 28).rightJustified(2, '0') + "T10:00:00Z,vanish," + QByteArray::number(i) + '\n';
        const QList<QByteArray> requests{
            "GET /api/forecast/daily?source_name=spike&metric=events_total HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + m_admin + "\r\n\r\n",
            "POST /api/ingest?source_name=vanish HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nAuthorization: Bearer " + m_admin
                + "\r\nContent-Length: " + QByteArray::number(csv.size()) + "\r\n\r\n" + csv,
            "POST /api/kpi/run HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + m_admin + "\r\nContent-Length: 0\r\n\r\n"};
        for (int round = 0; round < 3; ++round) {
            for (const QByteArray &request : requests) {
                QTcpSocket gone;
                gone.connectToHost(QHostAddress::LocalHost, m_port);
                QVERIFY(gone.waitForConnected(3000));
                gone.write(request);
                gone.waitForBytesWritten(1000);
                gone.abort();
            }
        }
        QCOMPARE(call("GET", "/api/health").status, 200);
        QTest::qWait(2500); // let the abandoned work finish and try to answer
        QCOMPARE(call("GET", "/api/sources", {}, {}, m_viewer).status, 200);
    }

    void connectionCap()
    {
        Api::ServerOptions options;
        options.port = 0;
        options.maxConnections = 2;
        options.limits.maxBufferedBodyBytes = 1000; // bodies in memory at once, all connections
        options.jwtSecretPath = m_dir.filePath(u"jwt.secret"_s);
        auto *capped = new Api::ApiServer(m_db, options);
        capped->moveToThread(&m_thread);
        bool started = false;
        QMetaObject::invokeMethod(capped, [&] { started = capped->start(); }, Qt::BlockingQueuedConnection);
        QVERIFY(started);
        QTcpSocket a, b, c;
        for (QTcpSocket *s : {&a, &b}) {
            s->connectToHost(QHostAddress::LocalHost, capped->port());
            QVERIFY(s->waitForConnected(3000));
        }
        QTest::qWait(200);
        c.connectToHost(QHostAddress::LocalHost, capped->port());
        QVERIFY(c.waitForConnected(3000));
        QByteArray got;
        QElapsedTimer timer;
        timer.start();
        while (!got.contains("\r\n\r\n") && timer.elapsed() < 3000)
            if (c.waitForReadyRead(100))
                got += c.readAll();
        QVERIFY2(got.startsWith("HTTP/1.1 503"), got.constData());
        QCOMPARE(got.count("Retry-After"), 1);
        a.abort();
        b.abort();
        QTest::qWait(200);
        QTcpSocket d;
        d.connectToHost(QHostAddress::LocalHost, capped->port());
        QVERIFY(d.waitForConnected(3000));
        // Memory is counted as the body arrives: the head alone holds nothing, the bytes do.
        d.write("POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nAuthorization: Bearer " + m_admin
                + "\r\nContent-Length: 5000\r\n\r\n");
        QVERIFY(!d.waitForReadyRead(300));
        d.write(QByteArray(5000, 'x'));
        got.clear();
        timer.restart();
        while (!got.contains("\r\n\r\n") && timer.elapsed() < 3000)
            if (d.waitForReadyRead(100))
                got += d.readAll();
        QVERIFY2(got.startsWith("HTTP/1.1 503") && got.contains("Retry-After: 1"), got.constData());
        QMetaObject::invokeMethod(capped, [&] { capped->stop(); delete capped; }, Qt::BlockingQueuedConnection);
    }

    // Issue #19, section 1: a request is routed and authenticated on its head. A refusal comes while
    // the client has sent nothing but the head; the announced body is never read, and the
    // connection closes after the answer (the body is not consumed).
    void refusedBeforeTheBody_data()
    {
        QTest::addColumn<QByteArray>("head");
        QTest::addColumn<int>("status");
        const QByteArray body = "Content-Type: text/csv\r\nContent-Length: 52428800\r\n"; // 50 MB
        QTest::newRow("no token") << QByteArray("POST /api/ingest HTTP/1.1\r\nHost: x\r\n" + body) << 401;
        QTest::newRow("bad token") << QByteArray("POST /api/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer not.a.jwt\r\n" + body) << 401;
        QTest::newRow("unknown path") << QByteArray("POST /api/nope HTTP/1.1\r\nHost: x\r\n" + body) << 404;
        QTest::newRow("wrong method") << QByteArray("PUT /api/ingest HTTP/1.1\r\nHost: x\r\n" + body) << 405;
        QTest::newRow("chunked, no token") << QByteArray("POST /api/upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n") << 401;
        QTest::newRow("over the route's limit") << QByteArray("POST /api/auth/login HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 65536\r\n") << 413;
    }

    void refusedBeforeTheBody()
    {
        QFETCH(QByteArray, head);
        QFETCH(int, status);
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket.waitForConnected(3000));
        socket.write(head + "Expect: 100-continue\r\n\r\n");
        QByteArray got;
        QElapsedTimer timer;
        timer.start();
        while (!got.contains("\r\n\r\n") && timer.elapsed() < 3000)
            if (socket.waitForReadyRead(50))
                got += socket.readAll();
        const Reply reply = parseReply(got);
        QCOMPARE(reply.status, status);
        QVERIFY(!got.contains("100 Continue"));
        QCOMPARE(reply.header("Connection"), QByteArray("close"));
        QVERIFY(timer.elapsed() < 2000);
    }

    void forbiddenBeforeTheBody()
    {
        // A role that may not ingest: 403 on the head.
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        QVERIFY(socket.waitForConnected(3000));
        socket.write("POST /api/ingest HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + m_viewer + "\r\nContent-Type: text/csv\r\nContent-Length: 52428800\r\n\r\n");
        QByteArray got;
        QElapsedTimer timer;
        timer.start();
        while (!got.contains("\r\n\r\n") && timer.elapsed() < 3000)
            if (socket.waitForReadyRead(50))
                got += socket.readAll();
        QCOMPARE(parseReply(got).status, 403);
    }

    void bodyLimitsPerRoute()
    {
        // Credentials: a few KiB. Other JSON routes: 1 MiB at most. Uploads: the configured maximum.
        const QByteArray big = "{\"email\":\"" + QByteArray(64 * 1024, 'a') + "\",\"password\":\"x\"}";
        const Reply login = call("POST", "/api/auth/login", big, "application/json");
        QCOMPARE(login.status, 413);
        QCOMPARE(login.object().value(u"error"_s).toObject().value(u"code"_s).toString(), u"PAYLOAD_TOO_LARGE"_s);
        QCOMPARE(call("POST", "/api/auth/refresh", "{\"refresh_token\":\"" + QByteArray(9000, 'x') + "\"}", "application/json").status, 413);
        // A chunked credentials body crossing the limit.
        QByteArray chunked = "POST /api/auth/signup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        for (int i = 0; i < 3; ++i)
            chunked += "1000\r\n" + QByteArray(0x1000, 'z') + "\r\n";
        QCOMPARE(parseReply(raw(chunked + "0\r\n\r\n")).status, 413);
        QCOMPARE(call("POST", "/api/users", QByteArray(2 * 1024 * 1024, ' '), "application/json", m_admin).status, 413);
        // Within the limit: answered as usual.
        QCOMPARE(call("POST", "/api/auth/signup", R"({"email":"bad","password":"x"})", "application/json").status, 422);
    }

    // Issue #19: connections dripping one byte of a large declared body held the memory budget, so
    // every request with a body (logins included) got 503. Memory is now counted as bytes arrive.
    void dripClientsDoNotBlockALogin()
    {
        Api::ServerOptions options;
        options.port = 0;
        options.limits.maxBodyBytes = 1024 * 1024;
        options.limits.maxBufferedBodyBytes = 2 * 1024 * 1024; // two declared bodies would fill it
        options.spoolThresholdBytes = 4 * 1024 * 1024;          // and they would stay in memory
        options.jwtSecretPath = m_dir.filePath(u"jwt.secret"_s);
        auto *server = new Api::ApiServer(m_db, options);
        server->moveToThread(&m_thread);
        bool started = false;
        QMetaObject::invokeMethod(server, [&] { started = server->start(); }, Qt::BlockingQueuedConnection);
        QVERIFY(started);
        std::vector<std::unique_ptr<QTcpSocket>> drips;
        for (int i = 0; i < 4; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(QHostAddress::LocalHost, server->port());
            QVERIFY(socket->waitForConnected(3000));
            socket->write("POST /api/ingest HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nAuthorization: Bearer " + m_admin
                          + "\r\nContent-Length: 1048576\r\n\r\nt");
            socket->waitForBytesWritten(1000);
            drips.push_back(std::move(socket));
        }
        QTest::qWait(200);
        QTcpSocket login;
        login.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(login.waitForConnected(3000));
        const QByteArray body = R"({"email":"viewer@example.com","password":"Viewer-Pass-77-long"})";
        login.write("POST /api/auth/signup HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: "
                    + QByteArray::number(body.size()) + "\r\n\r\n" + body);
        QByteArray got;
        QElapsedTimer timer;
        timer.start();
        while (login.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 5000)
            if (login.waitForReadyRead(50))
                got += login.readAll();
        // Not 503: the request reached the route (the email is taken: 409).
        QCOMPARE(parseReply(got).status, 409);
        for (auto &socket : drips)
            QCOMPARE(socket->state(), QAbstractSocket::ConnectedState); // still dripping, not refused
        drips.clear();
        QMetaObject::invokeMethod(server, [&] { server->stop(); delete server; }, Qt::BlockingQueuedConnection);
    }

    // Large uploads are spooled to a temporary file (64 KiB here) and imported from it: the same
    // result as from memory, the upload's own file name in the batch, nothing left behind.
    void largeUploadsAreSpooled()
    {
        QByteArray csv = "timestamp,metric,value\n";
        for (int i = 0; csv.size() < 300 * 1024; ++i)
            csv += "2025-06-" + QByteArray::number(1 + i % 28).rightJustified(2, '0') + "T" + QByteArray::number(i % 24).rightJustified(2, '0')
                 + ":" + QByteArray::number(i / 24 % 60).rightJustified(2, '0') + ":" + QByteArray::number(i / 1440 % 60).rightJustified(2, '0')
                 + "Z,spooled_m," + QByteArray::number(i) + '\n';
        const int rows = int(csv.count('\n')) - 1;
        const Reply upload = multipart("/api/upload?source_name=spool1", "big upload.csv", csv, m_admin);
        QVERIFY2(upload.status == 200, upload.body.constData());
        QCOMPARE(upload.object().value(u"data"_s).toObject().value(u"inserted"_s).toInt(), rows);
        const Reply raw = call("POST", "/api/ingest?source_name=spool2", csv, "text/csv", m_admin);
        QVERIFY2(raw.status == 200, raw.body.constData());
        QCOMPARE(raw.object().value(u"data"_s).toObject().value(u"inserted"_s).toInt(), rows);
        // Chunked and spooled.
        QByteArray chunked;
        for (qsizetype at = 0; at < csv.size(); at += 50000)
            chunked += QByteArray::number(qMin<qsizetype>(50000, csv.size() - at), 16) + "\r\n" + csv.mid(at, 50000) + "\r\n";
        const Reply viaChunks = parseReply(this->raw("POST /api/ingest?source_name=spool3 HTTP/1.1\r\nHost: x\r\nContent-Type: text/csv\r\nAuthorization: Bearer "
                                                     + m_admin + "\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n" + chunked + "0\r\n\r\n"));
        QVERIFY2(viaChunks.status == 200, viaChunks.body.constData());
        QCOMPARE(viaChunks.object().value(u"data"_s).toObject().value(u"inserted"_s).toInt(), rows);
        QStringList names;
        for (const QJsonValue &batch : call("GET", "/api/batches", {}, {}, m_viewer).object().value(u"data"_s).toArray())
            names << batch.toObject().value(u"file_name"_s).toString();
        QVERIFY2(names.contains(u"big upload.csv"_s) && names.contains(u"request body"_s), qPrintable(names.join(u", "_s)));
        // A strict import that fails: the message names the upload, not the server's spool folder.
        const Reply strict = multipart("/api/ingest?source_name=spool4", "broken.csv", csv + "not-a-date,spooled_m,1\n", m_admin);
        QCOMPARE(strict.status, 400);
        QVERIFY2(!strict.body.contains("smartdata-import"), strict.body.left(400).constData());
        QVERIFY(strict.body.contains("broken.csv"));
        QTest::qWait(100);
        const QStringList left = QDir(m_dir.filePath(u"spool"_s)).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
        QVERIFY2(left.isEmpty(), qPrintable(left.join(u", "_s)));
    }

    // Issue #19: one client reconnecting in a loop took every slot. At most N connections per address.
    void connectionsPerAddress()
    {
        Api::ServerOptions options;
        options.port = 0;
        options.maxConnectionsPerAddress = 3;
        options.jwtSecretPath = m_dir.filePath(u"jwt.secret"_s);
        auto *server = new Api::ApiServer(m_db, options);
        server->moveToThread(&m_thread);
        bool started = false;
        QMetaObject::invokeMethod(server, [&] { started = server->start(); }, Qt::BlockingQueuedConnection);
        QVERIFY(started);
        std::vector<std::unique_ptr<QTcpSocket>> held;
        for (int i = 0; i < 3; ++i) {
            held.push_back(std::make_unique<QTcpSocket>());
            held.back()->connectToHost(QHostAddress::LocalHost, server->port());
            QVERIFY(held.back()->waitForConnected(3000));
        }
        QTest::qWait(200);
        QTcpSocket fourth;
        fourth.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(fourth.waitForConnected(3000));
        QByteArray got;
        QElapsedTimer timer;
        timer.start();
        while (!got.contains("\r\n\r\n") && timer.elapsed() < 3000)
            if (fourth.waitForReadyRead(50))
                got += fourth.readAll();
        const Reply refused = parseReply(got);
        QCOMPARE(refused.status, 429);
        QCOMPARE(refused.header("Retry-After"), QByteArray("1"));
        QCOMPARE(got.count("Retry-After"), 1);
        QCOMPARE(refused.object().value(u"error"_s).toObject().value(u"code"_s).toString(), u"TOO_MANY_CONNECTIONS_FROM_ADDRESS"_s);
        // Another address is served meanwhile (127.0.0.2 is loopback too).
        QTcpSocket other;
        QVERIFY(other.bind(QHostAddress(u"127.0.0.2"_s), 0));
        other.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(other.waitForConnected(3000));
        other.write("GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        got.clear();
        timer.restart();
        while (other.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 3000)
            if (other.waitForReadyRead(50))
                got += other.readAll();
        QCOMPARE(parseReply(got).status, 200);
        // A slot freed is a slot again.
        held.front()->abort();
        held.erase(held.begin());
        QTest::qWait(200);
        QTcpSocket again;
        again.connectToHost(QHostAddress::LocalHost, server->port());
        QVERIFY(again.waitForConnected(3000));
        again.write("GET /api/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        got.clear();
        timer.restart();
        while (again.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 3000)
            if (again.waitForReadyRead(50))
                got += again.readAll();
        QCOMPARE(parseReply(got).status, 200);
        held.clear();
        QMetaObject::invokeMethod(server, [&] { server->stop(); delete server; }, Qt::BlockingQueuedConnection);
        // The refusal is logged with the address (and counted for /metrics).
        QFile log(Logging::logFilePath());
        QVERIFY(log.open(QIODevice::ReadOnly));
        QVERIFY(log.readAll().contains("connection(s) from 127.0.0.1"));
    }

    void headIsGetWithoutBody()
    {
        for (const QByteArray &target : {QByteArray("/api/health"), QByteArray("/api/openapi.json")}) {
            const Reply get = call("GET", target);
            const QByteArray raw = this->raw("HEAD " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            const Reply head = parseReply(raw);
            QCOMPARE(head.status, 200);
            QVERIFY(head.body.isEmpty());
            QCOMPARE(head.header("Content-Length").toLongLong(), get.body.size());
            QCOMPARE(head.header("Content-Type"), get.header("Content-Type"));
        }
        const Reply sources = parseReply(raw("HEAD /api/sources HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + m_viewer + "\r\nConnection: close\r\n\r\n"));
        QCOMPARE(sources.status, 200);
        QVERIFY(sources.header("Content-Length").toInt() > 0);
        QVERIFY(sources.body.isEmpty());
        QCOMPARE(parseReply(raw("HEAD /api/sources HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).status, 401);
        QCOMPARE(parseReply(raw("HEAD /api/ingest HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")).status, 405);
    }

    void bareLfAnsweredAtOnce()
    {
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(parseReply(raw("GET /api/health HTTP/1.1\nHost: x\n\n", 3000)).status, 400);
        QVERIFY(timer.elapsed() < 300); // not the header timeout (400 ms here)
    }

    void strictDates_data()
    {
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<int>("status");
        QTest::newRow("date") << QByteArray("2025-09-01") << 200;
        QTest::newRow("SQL after it") << QByteArray("2024-01-01%27%20OR%201%3D1") << 400;
        QTest::newRow("time after it") << QByteArray("2024-01-01T00:00:00Z") << 400;
        QTest::newRow("space after it") << QByteArray("2024-01-01%20") << 400;
        QTest::newRow("short fields") << QByteArray("2024-1-1") << 400;
        QTest::newRow("no such day") << QByteArray("2024-02-30") << 400;
        QTest::newRow("words") << QByteArray("yesterday") << 400;
    }

    void strictDates()
    {
        QFETCH(QByteArray, value);
        QFETCH(int, status);
        for (const QByteArray &parameter : {QByteArray("start_date"), QByteArray("end_date")}) {
            const Reply r = call("GET", "/api/metrics/daily?source_name=spike&metric=events_total&" + parameter + '=' + value, {}, {}, m_viewer);
            QCOMPARE(r.status, status);
            if (status == 400) {
                QCOMPARE(r.object().value(u"error"_s).toObject().value(u"code"_s).toString(), u"INVALID_DATE"_s);
                QVERIFY(r.object().value(u"detail"_s).toString().contains(u"YYYY-MM-DD"_s));
            }
        }
        QCOMPARE(call("GET", "/api/metrics/anomaly/rolling?source_name=spike&metric=events_total&start_date=" + value, {}, {}, m_viewer).status,
                 status);
    }

    void strictNames_data()
    {
        QTest::addColumn<QByteArray>("target");
        QTest::addColumn<QString>("parameter");
        const QByteArray tooLong = QByteArray(201, 'n');
        QTest::newRow("NUL in source") << QByteArray("/api/metrics/daily?metric=m&source_name=a%00b") << u"source_name"_s;
        QTest::newRow("CRLF in source") << QByteArray("/api/metrics/daily?metric=m&source_name=a%0D%0Ab") << u"source_name"_s;
        QTest::newRow("control in metric") << QByteArray("/api/metrics/daily?source_name=s&metric=a%01b") << u"metric"_s;
        QTest::newRow("DEL in source") << QByteArray("/api/metrics/names?source_name=a%7Fb") << u"source_name"_s;
        QTest::newRow("long metric") << QByteArray("/api/metrics/daily?source_name=s&metric=" + tooLong) << u"metric"_s;
        QTest::newRow("line separator") << QByteArray("/api/metrics/daily?source_name=s&metric=a%E2%80%A8b") << u"metric"_s;
        QTest::newRow("ingest source") << QByteArray("/api/ingest?source_name=x%0Ay") << u"source_name"_s;
        QTest::newRow("ingest default metric") << QByteArray("/api/ingest?default_metric=" + tooLong) << u"default_metric"_s;
        QTest::newRow("second value") << QByteArray("/api/metrics/daily?source_name=s&metric=m&metric=a%00") << u"metric"_s;
    }

    void strictNames()
    {
        QFETCH(QByteArray, target);
        QFETCH(QString, parameter);
        const bool post = target.startsWith("/api/ingest");
        const Reply r = post ? call("POST", target, "timestamp,value\n2025-01-01,1\n", "text/csv", m_admin) : call("GET", target, {}, {}, m_admin);
        QCOMPARE(r.status, 422);
        const QJsonObject error = r.object().value(u"error"_s).toObject();
        QCOMPARE(error.value(u"code"_s).toString(), u"VALIDATION_ERROR"_s);
        QCOMPARE(error.value(u"details"_s).toObject().value(u"parameter"_s).toString(), parameter);
        QVERIFY(error.value(u"message"_s).toString().startsWith(parameter));
    }

    void strictNamesInBodiesAndTheLongestName()
    {
        const Reply body = call("POST", "/api/forecast/reliability/run", "{\"source_name\":\"spike\",\"metric\":\"a\\u0000b\"}", "application/json", m_admin);
        QCOMPARE(body.status, 422);
        QCOMPARE(body.object().value(u"error"_s).toObject().value(u"details"_s).toObject().value(u"parameter"_s).toString(), u"metric"_s);
        // 200 characters are fine.
        const QByteArray longest(200, 'n');
        QCOMPARE(call("POST", "/api/ingest?source_name=" + longest, "timestamp,value\n2025-01-01,1\n", "text/csv", m_admin).status, 200);
        QCOMPARE(call("GET", "/api/metrics/daily?source_name=" + longest + "&metric=events_total", {}, {}, m_viewer).status, 200);
    }

    // Issue #19, section 2: a writer that waited past the busy timeout got 500. A busy or locked
    // database is 503 DATABASE_BUSY with Retry-After, whatever status the route asked for.
    void databaseBusyIs503_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<QJsonValue>("native");
        QTest::addColumn<QString>("message");
        QTest::addColumn<bool>("busy");
        QTest::newRow("storage's code") << u"DATABASE_BUSY"_s << QJsonValue() << u"Another write holds the database."_s << true;
        QTest::newRow("SQLITE_BUSY") << u"DB_ERROR"_s << QJsonValue(u"5"_s) << u"Database error while x: database is locked"_s << true;
        QTest::newRow("SQLITE_BUSY number") << u"DB_ERROR"_s << QJsonValue(5) << u"Database error while x"_s << true;
        QTest::newRow("SQLITE_LOCKED") << u"DB_ERROR"_s << QJsonValue(u"6"_s) << u"Database error while x: database table is locked"_s << true;
        QTest::newRow("SQLITE_BUSY_SNAPSHOT") << u"DB_ERROR"_s << QJsonValue(517) << u"Database error"_s << true;
        QTest::newRow("message only") << u"DB_ERROR"_s << QJsonValue(u""_s) << u"Database error while y: database is locked"_s << true;
        QTest::newRow("PostgreSQL lock timeout") << u"DB_ERROR"_s << QJsonValue(u"55P03"_s) << u"lock timeout"_s << true;
        QTest::newRow("PostgreSQL deadlock") << u"DB_ERROR"_s << QJsonValue(u"40P01"_s) << u"deadlock detected"_s << true;
        QTest::newRow("constraint") << u"DB_ERROR"_s << QJsonValue(u"19"_s) << u"UNIQUE constraint failed"_s << false;
        QTest::newRow("PostgreSQL unique") << u"DB_ERROR"_s << QJsonValue(u"23505"_s) << u"duplicate key"_s << false;
    }

    void databaseBusyIs503()
    {
        QFETCH(QString, code);
        QFETCH(QJsonValue, native);
        QFETCH(QString, message);
        QFETCH(bool, busy);
        QJsonObject details;
        if (!native.isNull() && !native.isUndefined())
            details.insert(u"native_code"_s, native);
        const Common::Error error = Common::Error::internal(code, message, details);
        QCOMPARE(Api::isDatabaseBusy(error), busy);
        for (const int asked : {0, 400, 401, 422}) {
            const Api::HttpResponse reply = Api::errorReply(error, asked);
            if (!busy) {
                QCOMPARE(reply.status, asked ? asked : 500);
                continue;
            }
            QCOMPARE(reply.status, 503);
            QCOMPARE(reply.header("Retry-After"), QByteArray("1"));
            const QJsonObject object = QJsonDocument::fromJson(reply.body).object();
            QCOMPARE(object.value(u"error"_s).toObject().value(u"code"_s).toString(), u"DATABASE_BUSY"_s);
        }
        QCOMPARE(Api::httpStatusFor(error), busy ? 503 : 500);
    }

    void throughput()
    {
        QElapsedTimer timer;
        timer.start();
        const int n = 200;
        for (int i = 0; i < n; ++i)
            QCOMPARE(call("GET", "/api/health").status, 200);
        qInfo("health: %d sequential requests (new connection each) in %lld ms", n, timer.elapsed());
    }
};

QTEST_GUILESS_MAIN(TestApiServer)
#include "tst_apiserver.moc"
