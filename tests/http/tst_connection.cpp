// Http::Connection on a loopback port, without the API: the deadlines (a header deadline that a byte
// now and then does not restart, a body that must keep a minimum rate and finish in time), a reply
// on the head that never reads the announced body, HEAD, bare LF refused at once, and
// Http::ConnectionGate (per-address and total limits). The server runs on its own thread so the test
// can use blocking sockets.

#include "http/connection.h"
#include "http/connectiongate.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>

#include <functional>

namespace {

// Answers every request 200 "got N" (N = its body's size); the head handler is the test's.
class EchoServer final : public QObject
{
public:
    explicit EchoServer(const Http::ConnectionLimits &limits)
        : m_limits(limits)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                auto *connection = new Http::Connection(socket, ++m_nextId, m_limits, &m_buffered, this);
                connect(connection, &Http::Connection::headReceived, this, [this](Http::Connection *c, const Http::Request &head) {
                    if (onHead)
                        onHead(c, head);
                });
                connect(connection, &Http::Connection::requestReceived, this, [](Http::Connection *c, const Http::Request &request) {
                    Http::Response response;
                    response.body = "got " + QByteArray::number(request.bodySize());
                    c->respond(response);
                });
                connect(connection, &Http::Connection::requestRejected, this,
                        [](Http::Connection *c, int status, const QString &message, const Http::Request &) {
                            Http::Response response;
                            response.status = status;
                            response.body = message.toUtf8();
                            response.closeConnection = true;
                            c->respond(response);
                        });
                connect(connection, &Http::Connection::closed, this, [](Http::Connection *c) { c->deleteLater(); });
            }
        });
    }

    quint16 listen()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        return m_server.serverPort();
    }
    void close() { m_server.close(); }
    qint64 buffered() const { return m_buffered.load(); }

    std::function<void(Http::Connection *, const Http::Request &)> onHead; // set before listening

private:
    QTcpServer m_server{this}; // a child, so moveToThread() takes it (and its accepts) along
    Http::ConnectionLimits m_limits;
    std::atomic<qint64> m_buffered{0};
    quint64 m_nextId = 0;
};

// Reads until the peer closes, the first reply is whole, or timeoutMs pass.
QByteArray readReply(QTcpSocket &socket, int timeoutMs)
{
    QByteArray got;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs && socket.state() == QAbstractSocket::ConnectedState) {
        if (socket.waitForReadyRead(50))
            got += socket.readAll();
        const qsizetype end = got.indexOf("\r\n\r\n");
        if (end >= 0) {
            const qsizetype at = got.toLower().indexOf("content-length: ");
            const int length = at >= 0 ? got.mid(at + 16, got.indexOf('\r', at) - at - 16).toInt() : 0;
            if (got.size() >= end + 4 + length)
                break;
        }
    }
    return got + socket.readAll();
}

} // namespace

class TestConnection : public QObject
{
    Q_OBJECT

private:
    QThread m_thread;
    EchoServer *m_server = nullptr;
    quint16 m_port = 0;

    void startServer(const Http::ConnectionLimits &limits,
                     std::function<void(Http::Connection *, const Http::Request &)> onHead = {})
    {
        stopServer();
        m_server = new EchoServer(limits);
        m_server->onHead = std::move(onHead);
        m_server->moveToThread(&m_thread);
        QMetaObject::invokeMethod(m_server, [this] { m_port = m_server->listen(); }, Qt::BlockingQueuedConnection);
        QVERIFY(m_port != 0);
    }
    void stopServer()
    {
        if (!m_server)
            return;
        QMetaObject::invokeMethod(m_server, [this] { delete m_server; }, Qt::BlockingQueuedConnection);
        m_server = nullptr;
    }
    bool connectTo(QTcpSocket &socket)
    {
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        return socket.waitForConnected(3000);
    }

private Q_SLOTS:
    void initTestCase() { m_thread.start(); }
    void cleanupTestCase()
    {
        stopServer();
        m_thread.quit();
        m_thread.wait();
    }

    // A client sending its head a byte every 100 ms used to keep it alive for ever if each byte
    // restarted the clock; the header deadline counts from the first byte.
    void headerDeadlineIsNotRestartedByBytes()
    {
        Http::ConnectionLimits limits;
        limits.headerTimeoutMs = 500;
        startServer(limits);
        QTcpSocket socket;
        QVERIFY(connectTo(socket));
        const QByteArray head = "GET / HTTP/1.1\r\nHost: x\r\nX-Long: " + QByteArray(200, 'a');
        QElapsedTimer timer;
        timer.start();
        QByteArray got;
        for (qsizetype i = 0; i < head.size() && socket.state() == QAbstractSocket::ConnectedState && !got.contains("\r\n\r\n"); ++i) {
            socket.write(head.mid(i, 1));
            socket.waitForBytesWritten(100);
            if (socket.waitForReadyRead(100))
                got += socket.readAll();
        }
        got += readReply(socket, 2000);
        QVERIFY2(got.startsWith("HTTP/1.1 408"), got.constData());
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
    }

    // Four such clients held the whole memory budget with a byte every 20 s (issue #19): a body
    // must come at the minimum average rate once its grace period is over.
    void slowBodyIsCutAtTheMinimumRate()
    {
        Http::ConnectionLimits limits;
        limits.idleTimeoutMs = 10000;
        limits.bodyTimeoutMs = 60000;
        limits.minBodyBytesPerSecond = 1000;
        limits.bodyRateGraceMs = 300;
        startServer(limits);
        QTcpSocket socket;
        QVERIFY(connectTo(socket));
        socket.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 268435456\r\n\r\n");
        QElapsedTimer timer;
        timer.start();
        QByteArray got;
        while (timer.elapsed() < 5000 && socket.state() == QAbstractSocket::ConnectedState && !got.contains("\r\n\r\n")) {
            socket.write("x"); // 10 bytes/s, far below 1000
            socket.waitForBytesWritten(100);
            if (socket.waitForReadyRead(100))
                got += socket.readAll();
        }
        QVERIFY2(got.startsWith("HTTP/1.1 408"), got.constData());
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(got.contains("bytes/s"));
    }

    void bodyDeadline()
    {
        // Fast enough for the rate, but the whole body takes longer than the deadline.
        Http::ConnectionLimits limits;
        limits.bodyTimeoutMs = 600;
        limits.minBodyBytesPerSecond = 100;
        limits.bodyRateGraceMs = 100;
        startServer(limits);
        QTcpSocket socket;
        QVERIFY(connectTo(socket));
        socket.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n");
        QElapsedTimer timer;
        timer.start();
        QByteArray got;
        while (timer.elapsed() < 5000 && socket.state() == QAbstractSocket::ConnectedState && !got.contains("\r\n\r\n")) {
            socket.write(QByteArray(200, 'x')); // 4 KB/s
            socket.waitForBytesWritten(50);
            if (socket.waitForReadyRead(50))
                got += socket.readAll();
        }
        QVERIFY2(got.startsWith("HTTP/1.1 408"), got.constData());
        QVERIFY(timer.elapsed() >= 550);
        QVERIFY2(timer.elapsed() < 2000, qPrintable(QString::number(timer.elapsed())));
        QVERIFY(got.contains("not received within"));

        // A body at a good pace within the deadline is taken whole.
        QTcpSocket fine;
        QVERIFY(connectTo(fine));
        fine.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3000\r\n\r\n");
        for (int i = 0; i < 3; ++i) {
            fine.write(QByteArray(1000, 'y'));
            fine.waitForBytesWritten(100);
            QTest::qWait(100);
        }
        QVERIFY(readReply(fine, 3000).contains("got 3000"));
    }

    // The head handler answers before the body: the 50 MB the head announces is never read, the
    // reply comes while the client has sent nothing but the head, and the connection closes.
    void replyOnTheHeadWithoutTheBody()
    {
        startServer({}, [](Http::Connection *c, const Http::Request &head) {
            if (head.path == QLatin1String("/open"))
                return;
            Http::Response refusal;
            refusal.status = 401;
            refusal.body = "no";
            c->respond(refusal);
        });
        QTcpSocket socket;
        QVERIFY(connectTo(socket));
        socket.write("POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 52428800\r\nExpect: 100-continue\r\n\r\n");
        const QByteArray got = readReply(socket, 3000);
        QVERIFY2(got.startsWith("HTTP/1.1 401"), got.constData());
        QVERIFY(got.contains("Connection: close"));
        QVERIFY(!got.contains("100 Continue"));
        QVERIFY(socket.waitForDisconnected(3000) || socket.state() != QAbstractSocket::ConnectedState);

        // Without a body the connection stays open for the next request.
        QTcpSocket keep;
        QVERIFY(connectTo(keep));
        keep.write("GET /x HTTP/1.1\r\nHost: x\r\n\r\nGET /open HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QByteArray both;
        QElapsedTimer timer;
        timer.start();
        while (keep.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 3000)
            if (keep.waitForReadyRead(50))
                both += keep.readAll();
        both += keep.readAll();
        QVERIFY2(both.startsWith("HTTP/1.1 401") && both.contains("Connection: keep-alive") && both.contains("HTTP/1.1 200"), both.constData());

        // 100-continue only once the body is accepted.
        QTcpSocket waits;
        QVERIFY(connectTo(waits));
        waits.write("POST /open HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\nExpect: 100-continue\r\n\r\n");
        QByteArray cont;
        timer.restart();
        while (!cont.contains("\r\n\r\n") && timer.elapsed() < 3000)
            if (waits.waitForReadyRead(50))
                cont += waits.readAll();
        QCOMPARE(cont, QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
        waits.write("ok");
        QVERIFY(readReply(waits, 3000).contains("got 2"));
    }

    void bodyLimitOfThePolicy()
    {
        startServer({}, [](Http::Connection *c, const Http::Request &) {
            Http::Connection::BodyPolicy policy;
            policy.maxBytes = 8 * 1024;
            c->acceptBody(policy);
        });
        QTcpSocket socket;
        QVERIFY(connectTo(socket));
        socket.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 65536\r\n\r\n");
        QVERIFY(readReply(socket, 3000).startsWith("HTTP/1.1 413"));
        QTcpSocket chunked;
        QVERIFY(connectTo(chunked));
        chunked.write("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1000\r\n" + QByteArray(4096, 'a') + "\r\n1001\r\n");
        QVERIFY(readReply(chunked, 3000).startsWith("HTTP/1.1 413"));
        QCOMPARE(m_server->buffered(), 0); // what the refused body held is given back
    }

    // HEAD is answered with the headers GET would get, Content-Length included, and no body: the
    // next reply on the connection starts right after the head.
    void headHasNoBody()
    {
        startServer({});
        QTcpSocket socket;
        QVERIFY(connectTo(socket));
        socket.write("HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        QByteArray got;
        QElapsedTimer timer;
        timer.start();
        while (socket.state() == QAbstractSocket::ConnectedState && timer.elapsed() < 3000)
            if (socket.waitForReadyRead(50))
                got += socket.readAll();
        got += socket.readAll();
        const qsizetype firstEnd = got.indexOf("\r\n\r\n");
        QVERIFY(firstEnd > 0);
        QVERIFY(got.left(firstEnd).contains("Content-Length: 5"));
        QVERIFY2(got.mid(firstEnd + 4).startsWith("HTTP/1.1 200"), got.constData());
        QVERIFY(got.endsWith("got 0"));
    }

    void bareLfIsRefusedAtOnce()
    {
        Http::ConnectionLimits limits;
        limits.headerTimeoutMs = 5000;
        startServer(limits);
        QTcpSocket socket;
        QVERIFY(connectTo(socket));
        QElapsedTimer timer;
        timer.start();
        socket.write("GET / HTTP/1.1\nHost: x\n\n");
        const QByteArray got = readReply(socket, 4000);
        QVERIFY2(got.startsWith("HTTP/1.1 400"), got.constData());
        QVERIFY2(timer.elapsed() < 1000, qPrintable(QString::number(timer.elapsed())));
    }

    void gateLimitsEachAddress()
    {
        Http::ConnectionGate gate(5, 2);
        const QHostAddress a(QStringLiteral("10.0.0.1")), b(QStringLiteral("10.0.0.2"));
        using R = Http::ConnectionGate::Refusal;
        QCOMPARE(gate.admit(a), R::None);
        QCOMPARE(gate.admit(QHostAddress(QStringLiteral("::ffff:10.0.0.1"))), R::None); // the same client
        QCOMPARE(gate.admit(a), R::TooManyFromAddress);
        QCOMPARE(gate.openConnections(a), 2);
        QCOMPARE(gate.admit(b), R::None);
        QCOMPARE(gate.admit(b), R::None);
        QCOMPARE(gate.admit(QHostAddress(QStringLiteral("10.0.0.3"))), R::None);
        QCOMPARE(gate.admit(QHostAddress(QStringLiteral("10.0.0.4"))), R::TooManyTotal);
        QCOMPARE(gate.refusedConnections(), quint64(2));
        gate.release(a);
        QCOMPARE(gate.admit(a), R::None);
        gate.release(QHostAddress(QStringLiteral("10.9.9.9"))); // never admitted: ignored
        QCOMPARE(gate.openConnections(), 5);
        for (int i = 0; i < 2; ++i) {
            gate.release(a);
            gate.release(b);
        }
        QCOMPARE(gate.openConnections(a), 0);
        QCOMPARE(gate.openConnections(), 1);
    }
};

QTEST_GUILESS_MAIN(TestConnection)
#include "tst_connection.moc"
