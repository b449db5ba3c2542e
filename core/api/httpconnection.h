#pragma once
// One client connection of the API server: a strict HTTP/1.1 request parser with limits.
//
// QHttpServer 6.4 buffers any body whatever its size, has no header or idle timeout, drops malformed
// requests without an answer and crashes when a handler answers a client that is gone. So the server
// speaks HTTP itself: this class reads the request line and headers (bounded size, a deadline for the
// whole header so a slow client cannot hold the socket), refuses a Content-Length above the limit
// before reading a byte of the body (413), reads the body with an inactivity timeout, answers
// 100-continue, and keeps the connection alive between requests. While a request is being handled it
// stops reading (the socket's read buffer is bounded, so a client cannot push more than that).
// It never writes to a socket that is no longer connected.

#include "api/httpmessage.h"

#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

namespace Api {

struct ConnectionLimits final
{
    qint64 maxBodyBytes = 256LL * 1024 * 1024;
    int maxHeaderBytes = 64 * 1024;  // request line + headers
    int maxHeaderCount = 100;
    int headerTimeoutMs = 10000;     // from the first byte of a request (or the connection) to its last header
    int idleTimeoutMs = 30000;       // a keep-alive connection with no request, or a body that stalls
    // All bodies in memory at once (being received or handled) across connections; a request that
    // would exceed it gets 503 + Retry-After instead of being buffered.
    qint64 maxBufferedBodyBytes = 1024LL * 1024 * 1024;
};

class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    // bufferedBodyBytes: the server's count of body bytes in memory, shared by its connections (same thread).
    HttpConnection(QTcpSocket *socket, quint64 id, const ConnectionLimits &limits, qint64 *bufferedBodyBytes,
                   QObject *parent = nullptr);
    ~HttpConnection() override;

    quint64 id() const { return m_id; }
    QString peerAddress() const { return m_peer; }
    // True while the client is still there to read an answer.
    bool isConnected() const;
    bool awaitingResponse() const { return m_state == State::Handling; }

    // Sends the reply of the request being handled (no-op when the client is gone).
    void respond(const HttpResponse &response);
    // Closes at once (server shutdown).
    void abort();

Q_SIGNALS:
    void requestReceived(Api::HttpConnection *connection, const Api::HttpRequest &request);
    // A request the parser refused (400, 408, 413, 431, 501, 505): the server answers it and the
    // connection closes after the answer.
    void requestRejected(Api::HttpConnection *connection, int status, const QString &message, const Api::HttpRequest &partial);
    void closed(Api::HttpConnection *connection);

private:
    enum class State { Idle, ReadingHeaders, ReadingBody, Handling, Closing };

    void onReadyRead();
    void processBuffer();
    bool parseHead(const QByteArray &head);
    void reject(int status, const QString &message);
    void onTimeout();
    void onDisconnected();
    void releaseBodyBudget();

    QPointer<QTcpSocket> m_socket;
    quint64 m_id;
    ConnectionLimits m_limits;
    QString m_peer;
    State m_state = State::Idle;
    QByteArray m_buffer;
    HttpRequest m_request;
    qint64 m_contentLength = 0;
    bool m_keepAlive = true;
    QTimer m_timer;
    bool m_closedEmitted = false;
    qint64 *m_bufferedBodyBytes = nullptr;
    qint64 m_reservedBodyBytes = 0;
};

} // namespace Api
