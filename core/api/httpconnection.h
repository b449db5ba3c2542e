#pragma once
// One client connection of the API server: the socket, the timers and the replies around
// HttpRequestParser (the strict HTTP/1.1 parser with limits).
//
// QHttpServer 6.4 buffers any body whatever its size, has no header or idle timeout, drops malformed
// requests without an answer and crashes when a handler answers a client that is gone. So the server
// speaks HTTP itself: this class gives the parser what the socket delivers, with a deadline for the
// whole header so a slow client cannot hold the socket, an inactivity timeout while a body (with a
// Content-Length or chunked) arrives, answers 100-continue, and keeps the connection alive between
// requests. The parser refuses a body above the limit before buffering it (413). While a request is
// being handled it stops reading (the socket's read buffer is bounded, so a client cannot push more
// than that). It never writes to a socket that is no longer connected.

#include "api/httpmessage.h"
#include "api/httprequestparser.h"

#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <atomic>

namespace Api {

class HttpConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpConnection)

public:
    // bufferedBodyBytes: the server's count of body bytes in memory, shared by its connections (same thread).
    HttpConnection(QTcpSocket *socket, quint64 id, const ConnectionLimits &limits, std::atomic<qint64> *bufferedBodyBytes,
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
    enum class State { Reading, Handling, Closing };

    void onReadyRead();
    void processBuffer(bool received);
    void reject(int status, const QString &message);
    void onTimeout();
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
    HttpRequestParser m_parser;
    QTimer m_timer;
    bool m_closeAfterReply = false; // a refused request: the parser cannot go on after it
    bool m_lingering = false;      // reply sent, reading and dropping until the client closes
    bool m_closedEmitted = false;
    std::atomic<qint64> *m_bufferedBodyBytes = nullptr;
    qint64 m_reservedBodyBytes = 0;
};

} // namespace Api
