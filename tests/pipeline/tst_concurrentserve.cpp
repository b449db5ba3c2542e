// Two `smartdata serve` processes on one database, each sent an overlapping file at the same moment:
// nothing is lost and no event is stored twice (on PostgreSQL in tst_concurrentserve_pg: the shared
// server of a team).

#include "testdatabase.h"

#include "storage/database.h"

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlQuery>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Reply
{
    int status = 0;
    QJsonObject json;
};

QByteArray request(const QByteArray &method, const QByteArray &path, const QByteArray &body, const QByteArray &contentType,
                   const QByteArray &token)
{
    QByteArray text = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n";
    if (!token.isEmpty())
        text += "Authorization: Bearer " + token + "\r\n";
    if (!contentType.isEmpty())
        text += "Content-Type: " + contentType + "\r\n";
    return text + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

Reply parse(const QByteArray &raw)
{
    Reply reply;
    const qsizetype space = raw.indexOf(' ');
    reply.status = space > 0 ? raw.mid(space + 1, 3).toInt() : 0;
    const qsizetype end = raw.indexOf("\r\n\r\n");
    if (end > 0)
        reply.json = QJsonDocument::fromJson(raw.mid(end + 4)).object();
    return reply;
}

// Sends every request at once on its own connection, then reads every reply to the end.
QList<Reply> sendAll(const QList<QPair<quint16, QByteArray>> &requests, int timeoutMs = 120000)
{
    QList<QTcpSocket *> sockets;
    for (const auto &[port, text] : requests) {
        auto *socket = new QTcpSocket;
        socket->connectToHost(QStringLiteral("127.0.0.1"), port);
        socket->waitForConnected(5000);
        socket->write(text);
        socket->flush();
        sockets.append(socket);
    }
    QList<QByteArray> raw(sockets.size());
    QElapsedTimer timer;
    timer.start();
    for (qsizetype i = 0; i < sockets.size(); ++i) {
        while (sockets[i]->state() == QAbstractSocket::ConnectedState && timer.elapsed() < timeoutMs) {
            sockets[i]->waitForReadyRead(100);
            raw[i] += sockets[i]->readAll();
        }
        raw[i] += sockets[i]->readAll();
    }
    QList<Reply> replies;
    for (qsizetype i = 0; i < sockets.size(); ++i) {
        replies.append(parse(raw[i]));
        delete sockets[i];
    }
    return replies;
}

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

qint64 countOf(const QJsonObject &reply, const char *key)
{
    const QJsonValue direct = reply.value(QLatin1String(key));
    return direct.isUndefined() ? reply.value(QStringLiteral("data")).toObject().value(QLatin1String(key)).toInteger()
                                : direct.toInteger();
}

QByteArray events(int from, int to)
{
    QByteArray csv = "event_id,timestamp,user_id,metric,value\n";
    for (int i = from; i < to; ++i) {
        const QByteArray id = i % 2 == 0 ? "ev-" + QByteArray::number(i) : QByteArray();
        csv += id + ',' + QByteArray::number(1700000000000LL + qint64(i) * 60000) + ",u" + QByteArray::number(i % 97)
            + (i % 3 == 0 ? ",orders," : ",visits,") + QByteArray::number(i % 50) + ".5\n";
    }
    return csv;
}

} // namespace

class TestConcurrentServe final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void overlappingIngestsOnTwoServers();

private:
    QTemporaryDir m_dir;
    QString m_location;
    QList<QProcess *> m_servers;
    QList<quint16> m_ports;
};

void TestConcurrentServe::initTestCase()
{
    SD_REQUIRE_ENGINE();
    m_location = TestDb::location(m_dir.filePath(QStringLiteral("serve.db")));
    auto db = Storage::Database::open(m_location);
    QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message));

    QProcess add;
    add.start(QStringLiteral(SMARTDATA_EXECUTABLE), {QStringLiteral("--db"), m_location, QStringLiteral("user"), QStringLiteral("add"),
                                                      QStringLiteral("analyst@example.com"), QStringLiteral("--role"), QStringLiteral("analyst")});
    QVERIFY(add.waitForStarted());
    add.write("Analyst-Pass-2026-long\n");
    add.closeWriteChannel();
    QVERIFY(add.waitForFinished(60000));
    QVERIFY2(add.exitCode() == 0, add.readAllStandardError().constData());

    for (int i = 0; i < 2; ++i) {
        const quint16 port = freePort();
        auto *server = new QProcess(this);
        server->setProcessChannelMode(QProcess::ForwardedErrorChannel);
        server->start(QStringLiteral(SMARTDATA_EXECUTABLE), {QStringLiteral("--db"), m_location, QStringLiteral("serve"),
                                                             QStringLiteral("--port"), QString::number(port)});
        QVERIFY(server->waitForStarted());
        m_servers.append(server);
        m_ports.append(port);
    }
    for (quint16 port : std::as_const(m_ports)) {
        QTRY_COMPARE_WITH_TIMEOUT(sendAll({{port, request("GET", "/api/health", {}, {}, {})}}, 2000).value(0).status, 200, 30000);
    }
}

void TestConcurrentServe::cleanupTestCase()
{
    for (QProcess *server : std::as_const(m_servers)) {
        server->terminate();
        if (!server->waitForFinished(10000))
            server->kill();
    }
}

void TestConcurrentServe::overlappingIngestsOnTwoServers()
{
    const QByteArray login = R"({"email":"analyst@example.com","password":"Analyst-Pass-2026-long"})";
    const QList<Reply> logins = sendAll({{m_ports[0], request("POST", "/api/auth/login", login, "application/json", {})},
                                         {m_ports[1], request("POST", "/api/auth/login", login, "application/json", {})}});
    QCOMPARE(logins[0].status, 200);
    QCOMPARE(logins[1].status, 200);
    const QByteArray token0 = logins[0].json.value(QStringLiteral("access_token")).toString().toLatin1();
    const QByteArray token1 = logins[1].json.value(QStringLiteral("access_token")).toString().toLatin1();

    const QByteArray a = events(0, 30000);
    const QByteArray b = events(20000, 50000); // 10,000 events in both
    const QByteArray path = "/api/ingest?source_name=shop";
    const QList<Reply> first = sendAll({{m_ports[0], request("POST", path, a, "text/csv", token0)},
                                        {m_ports[1], request("POST", path, b, "text/csv", token1)}});
    QCOMPARE(first[0].status, 200);
    QCOMPARE(first[1].status, 200);
    QCOMPARE(countOf(first[0].json, "inserted") + countOf(first[1].json, "inserted"), 50000);
    QCOMPARE(countOf(first[0].json, "duplicates") + countOf(first[1].json, "duplicates"), 10000);

    auto db = Storage::Database::open(m_location);
    QVERIFY(db.ok());
    QSqlQuery query((*db)->connection());
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*), COUNT(DISTINCT dedup_key) FROM clean_events")) && query.next());
    QCOMPARE(query.value(0).toLongLong(), 50000);
    QCOMPARE(query.value(1).toLongLong(), 50000);
    QVERIFY(query.exec(QStringLiteral("SELECT SUM(value_count) FROM metric_daily")) && query.next());
    QCOMPARE(query.value(0).toLongLong(), 50000);
    query.finish();

    // The other way round: everything is a duplicate.
    const QList<Reply> again = sendAll({{m_ports[0], request("POST", path, b, "text/csv", token0)},
                                        {m_ports[1], request("POST", path, a, "text/csv", token1)}});
    QCOMPARE(countOf(again[0].json, "inserted") + countOf(again[1].json, "inserted"), 0);
    QCOMPARE(countOf(again[0].json, "duplicates") + countOf(again[1].json, "duplicates"), 60000);
}

QTEST_GUILESS_MAIN(TestConcurrentServe)
#include "tst_concurrentserve.moc"
