#pragma once
// One client connection of the HTTP server: the socket, the deadlines and the replies around
// RequestParser (the strict HTTP/1.1 parser with limits). Knows nothing of routes or tokens.
//
// QHttpServer 6.4 buffers any body whatever its size, has no header or idle timeout, drops malformed
// requests without an answer and crashes when a handler answers a client that is gone. So the server
// speaks HTTP itself. For each request:
//  - the head must be complete within the header deadline (counted from its first byte, never
//    restarted by a byte that arrives);
//  - then headReceived is emitted, before a byte of the body is read. Its handler either answers at
//    once with respond() (404, 401, 413 ...: the body is never read; the connection closes after the
//    answer when a body was announced) or calls acceptBody() with the request's limit and spooling;
//  - a body must arrive within the body deadline, with no gap longer than the idle timeout, and at
//    the minimum average rate once the grace period is over (a client dripping a byte every few
//    seconds is cut off with 408). Its bytes take memory from the shared budget as they arrive, or
//    go to a temporary file past the spool threshold. 100-continue is answered only once accepted;
//  - requestReceived is emitted with the whole request, and the connection stops reading (the
//    socket's read buffer is bounded, so a client cannot push more than that) until respond().
// A HEAD request is answered with the headers of the reply, Content-Length included, and no body.
// It never writes to a socket that is no longer connected.

#include "http/httpmessage.h"
#include "http/requestparser.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <atomic>

namespace Http {

class Connection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(Connection)

public:
    // How the body of the request whose head was just received is taken.
    struct BodyPolicy
    {
        qint64 maxBytes = -1;             // -1: the connection's maxBodyBytes; never more than it
        qint64 spoolThresholdBytes = 0;   // past this the body goes to a temporary file; 0 = in memory
        QString spoolDirectory;           // empty: the system's temporary directory
    };

    // bufferedBodyBytes: the server's count of body bytes in memory, shared by its connections.
    Connection(QTcpSocket *socket, quint64 id, const ConnectionLimits &limits, std::atomic<qint64> *bufferedBodyBytes,
               QObject *parent = nullptr);
    ~Connection() override;

    quint64 id() const { return m_id; }
    QString peerAddress() const { return m_peer; }
    // True while the client is still there to read an answer.
    bool isConnected() const;
    bool awaitingResponse() const { return m_state == State::Handling || m_state == State::Deciding; }

    // From a headReceived handler: read the body under this policy (without it, the connection's limits).
    void acceptBody(const BodyPolicy &policy);
    // Sends the reply of the request being decided (headReceived) or handled (no-op when the client is gone).
    void respond(const Response &response);
    // Closes at once (server shutdown).
    void abort();

Q_SIGNALS:
    // The head of a request, before its body is read: answer with respond() or call acceptBody().
    void headReceived(Http::Connection *connection, const Http::Request &head);
    void requestReceived(Http::Connection *connection, const Http::Request &request);
    // A request the parser refused or timed out (400, 408, 413, 431, 501, 503, 505): the server
    // answers it and the connection closes after the answer.
    void requestRejected(Http::Connection *connection, int status, const QString &message, const Http::Request &partial);
    void closed(Http::Connection *connection);

private:
    enum class State { Reading, Deciding, Handling, Closing };

    void onReadyRead();
    void processBuffer(bool received);
    void reject(int status, const QString &message);
    void onTimeout();
    void checkBody();
    void onDisconnected();
    void releaseBodyBudget();
    void lingeringClose();
    void writePieces(const QByteArray *pieces, qsizetype count);

    QPointer<QTcpSocket> m_socket;
    bool m_encrypted = false;
    quint64 m_id;
    ConnectionLimits m_limits;
    QString m_peer;
    State m_state = State::Reading;
    RequestParser m_parser;
    QTimer m_timer;
    QElapsedTimer m_bodyClock;      // since the body was accepted
    qint64 m_lastProgressMs = 0;    // m_bodyClock's reading when the last body byte arrived
    qint64 m_lastBodyBytes = 0;
    bool m_bodyTimed = false;       // the body deadlines are running
    bool m_continuePending = false; // "100 Continue" is owed once the body is known to fit
    bool m_closeAfterReply = false; // a refused request: the parser cannot go on after it
    bool m_lingering = false;       // reply sent, reading and dropping until the client closes
    bool m_closedEmitted = false;
    std::atomic<qint64> *m_bufferedBodyBytes = nullptr;
    qint64 m_reservedBodyBytes = 0;
};

} // namespace Http
