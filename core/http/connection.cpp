#include "connection.h"

#include <QDateTime>
#include <QLocale>
#include <QSslSocket>

#include <QVarLengthArray>

#include <cerrno>

#include <sys/socket.h>
#include <sys/uio.h>

namespace Http {

namespace {

constexpr qint64 SocketReadBufferBytes = 256 * 1024;
constexpr int LingerMs = 2000;

// The Date header changes once a second: not worth a QLocale format for every reply.
QByteArray httpDate()
{
    thread_local qint64 cachedSecond = -1;
    thread_local QByteArray cached;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 second = now.toSecsSinceEpoch();
    if (second != cachedSecond) {
        cachedSecond = second;
        cached = QLocale::c().toString(now, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss")).toLatin1() + " GMT";
    }
    return cached;
}

} // namespace

Connection::Connection(QTcpSocket *socket, quint64 id, const ConnectionLimits &limits,
                       std::atomic<qint64> *bufferedBodyBytes, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_encrypted(qobject_cast<QSslSocket *>(socket) != nullptr)
    , m_id(id)
    , m_limits(limits)
    , m_peer(socket->peerAddress().toString())
    , m_parser(limits, m_peer)
    , m_bufferedBodyBytes(bufferedBodyBytes)
{
    socket->setParent(this);
    socket->setReadBufferSize(SocketReadBufferBytes);
    // Replies are written whole; waiting for the ACK of the previous segment (Nagle) only adds latency.
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    m_parser.setBodyBudget([this](qint64 bytes) {
        if (!m_bufferedBodyBytes)
            return true;
        if (bytes < 0) { // spilled to a file: no longer in memory
            m_bufferedBodyBytes->fetch_add(bytes);
            m_reservedBodyBytes += bytes;
            return true;
        }
        // Shared by the connections of every network thread.
        if (m_bufferedBodyBytes->fetch_add(bytes) + bytes > m_limits.maxBufferedBodyBytes) {
            m_bufferedBodyBytes->fetch_sub(bytes);
            return false;
        }
        m_reservedBodyBytes += bytes;
        return true;
    });
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &Connection::onTimeout);
    connect(socket, &QTcpSocket::readyRead, this, &Connection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &Connection::onDisconnected);
    connect(socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket && m_socket->state() == QAbstractSocket::UnconnectedState)
            onDisconnected();
    });
    // A silent client gets the header deadline too.
    m_timer.start(m_limits.headerTimeoutMs);
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &Connection::onReadyRead, Qt::QueuedConnection);
}

Connection::~Connection()
{
    releaseBodyBudget();
}

void Connection::releaseBodyBudget()
{
    if (m_bufferedBodyBytes && m_reservedBodyBytes)
        m_bufferedBodyBytes->fetch_sub(m_reservedBodyBytes);
    m_reservedBodyBytes = 0;
}

bool Connection::isConnected() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState && m_state != State::Closing;
}

void Connection::abort()
{
    m_state = State::Closing;
    m_timer.stop();
    if (m_socket)
        m_socket->abort();
}

void Connection::onReadyRead()
{
    if (m_lingering && m_socket) {
        m_socket->readAll(); // what the client still sends after the refusal: dropped
        return;
    }
    if (!m_socket || m_state != State::Reading)
        return;
    // The parser bounds what it keeps of a request (headers by maxHeaderBytes, a body by its limit,
    // in memory up to the spool threshold); reading stops while a request is decided or handled, so
    // at most one socket buffer waits.
    const QByteArray bytes = m_socket->readAll();
    m_parser.append(bytes);
    processBuffer(!bytes.isEmpty());
}

void Connection::processBuffer(bool received)
{
    Q_UNUSED(received);
    using Result = RequestParser::Result;
    using Phase = RequestParser::Phase;
    while (m_state == State::Reading) {
        const Phase before = m_parser.phase();
        switch (m_parser.parse()) {
        case Result::NeedMore:
            if (before == Phase::Idle && m_parser.phase() == Phase::Head)
                m_timer.start(m_limits.headerTimeoutMs); // from the first byte of a request to its last header
            if (m_parser.phase() == Phase::Body) {
                if (m_parser.bodyBytesReceived() > m_lastBodyBytes) {
                    m_lastBodyBytes = m_parser.bodyBytesReceived();
                    m_lastProgressMs = m_bodyClock.elapsed();
                }
                if (m_continuePending && isConnected())
                    m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                m_continuePending = false;
            }
            return;
        case Result::HeadComplete:
            m_timer.stop();
            m_state = State::Deciding;
            Q_EMIT headReceived(this, m_parser.request());
            if (m_state == State::Deciding)
                acceptBody({}); // nobody decided: the connection's own limits
            continue;
        case Result::RequestComplete:
            m_state = State::Handling;
            m_timer.stop();
            m_bodyTimed = false;
            m_continuePending = false;
            Q_EMIT requestReceived(this, m_parser.request());
            return;
        case Result::Error:
            reject(m_parser.errorStatus(), m_parser.errorMessage());
            return;
        }
    }
}

void Connection::acceptBody(const BodyPolicy &policy)
{
    if (m_state != State::Deciding)
        return;
    m_parser.setBodyLimit(policy.maxBytes);
    m_parser.setSpool(policy.spoolThresholdBytes, policy.spoolDirectory);
    m_state = State::Reading;
    if (!m_parser.bodyExpected())
        return;
    // Sent once the body is known to be within its limit (the next parse() refuses it otherwise).
    m_continuePending = m_parser.expectsContinue();
    m_bodyClock.start();
    m_lastProgressMs = 0;
    m_lastBodyBytes = 0;
    m_bodyTimed = true;
    checkBody();
}

void Connection::checkBody()
{
    // The body's three limits in time: a deadline for all of it, no gap longer than the idle
    // timeout, and (after a grace period) an average rate since the head.
    const qint64 now = m_bodyClock.elapsed();
    const qint64 received = m_parser.bodyBytesReceived();
    if (received > m_lastBodyBytes) {
        m_lastBodyBytes = received;
        m_lastProgressMs = now;
    }
    if (now >= m_limits.bodyTimeoutMs) {
        reject(408, QStringLiteral("The body was not received within %1 s.").arg(m_limits.bodyTimeoutMs / 1000.0));
        return;
    }
    if (now - m_lastProgressMs >= m_limits.idleTimeoutMs) {
        reject(408, QStringLiteral("No byte of the body arrived for %1 s.").arg(m_limits.idleTimeoutMs / 1000.0));
        return;
    }
    const qint64 minRate = m_limits.minBodyBytesPerSecond;
    if (minRate > 0 && now >= m_limits.bodyRateGraceMs && received * 1000 < minRate * now) {
        reject(408, QStringLiteral("The body arrives at %1 bytes/s, below the minimum of %2 bytes/s.")
                        .arg(now > 0 ? received * 1000 / now : 0).arg(minRate));
        return;
    }
    qint64 next = qMin<qint64>(m_limits.bodyTimeoutMs - now, m_limits.idleTimeoutMs - (now - m_lastProgressMs));
    if (minRate > 0) // when the bytes so far no longer make the rate
        next = qMin(next, qMax<qint64>(m_limits.bodyRateGraceMs, received * 1000 / minRate + 1) - now);
    m_timer.start(int(qBound<qint64>(1, next, qint64(3600) * 1000)));
}

void Connection::reject(int status, const QString &message)
{
    m_timer.stop();
    m_bodyTimed = false;
    m_continuePending = false;
    m_state = State::Handling;
    m_closeAfterReply = true;
    Q_EMIT requestRejected(this, status, message, m_parser.request());
}

void Connection::respond(const Response &response)
{
    if (m_state != State::Handling && m_state != State::Deciding)
        return;
    if (m_state == State::Deciding) {
        // Answered on its head. An announced body is never read: the connection closes after the
        // answer. Without one the request is complete and the connection may go on.
        if (m_parser.bodyExpected())
            m_closeAfterReply = true;
        else
            m_parser.parse();
        m_state = State::Handling;
    }
    releaseBodyBudget();
    const bool head = m_parser.request().method == "HEAD";
    const bool close = response.closeConnection || m_closeAfterReply || !m_parser.keepAlive();
    // A refused request may leave part of its body (or more) on the way.
    const bool unreadInput = m_closeAfterReply && m_parser.phase() != RequestParser::Phase::Complete;
    m_parser.startNext(); // frees the body while the connection waits for the next request
    if (!isConnected()) {
        m_state = State::Closing;
        return;
    }
    QByteArray out;
    out.reserve(512);
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    for (const auto &h : response.headers)
        out += h.first + ": " + h.second + "\r\n";
    out += "Date: " + httpDate() + "\r\n";
    if (response.status != 204)
        out += "Content-Length: " + QByteArray::number(response.bodySize()) + "\r\n";
    out += close ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
    out += "\r\n";
    QVarLengthArray<QByteArray, 4> pieces{out};
    if (response.status != 204 && !head) {
        if (response.bodyParts.isEmpty())
            pieces.append(response.body);
        else
            for (const QByteArray &part : response.bodyParts)
                pieces.append(part);
    }
    writePieces(pieces.constData(), pieces.size());
    if (close) {
        m_state = State::Closing;
        if (unreadInput)
            lingeringClose();
        else
            m_socket->disconnectFromHost();
        return;
    }
    m_state = State::Reading;
    m_timer.start(m_limits.idleTimeoutMs);
    // Pipelined bytes that arrived while the request was handled: those already parsed now, those
    // still in the socket when its readyRead comes (or at once, queued, in case it came meanwhile).
    if (m_parser.bufferedBytes() > 0)
        QMetaObject::invokeMethod(this, [this] { processBuffer(false); }, Qt::QueuedConnection);
    else if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &Connection::onReadyRead, Qt::QueuedConnection);
}

void Connection::writePieces(const QByteArray *pieces, qsizetype count)
{
    // Head and body in one system call when nothing waits in the socket's buffer: one segment less on
    // the wire than a head on its own, and no copy of the body into the socket's buffer. What the
    // kernel does not take goes through the socket as usual (TLS always does).
    qsizetype done = 0;      // pieces written whole
    qsizetype doneBytes = 0; // bytes of pieces[done] written
    if (!m_encrypted && m_socket->bytesToWrite() == 0 && m_socket->socketDescriptor() >= 0) {
        iovec vectors[8];
        int used = 0;
        for (qsizetype i = 0; i < count && used < 8; ++i)
            if (!pieces[i].isEmpty())
                vectors[used++] = iovec{const_cast<char *>(pieces[i].constData()), size_t(pieces[i].size())};
        msghdr message{};
        message.msg_iov = vectors;
        message.msg_iovlen = size_t(used);
        ssize_t sent;
        do {
            sent = ::sendmsg(int(m_socket->socketDescriptor()), &message, MSG_NOSIGNAL);
        } while (sent < 0 && errno == EINTR);
        // An error other than a full buffer: left to the socket, which meets it on its own write.
        for (qint64 left = qMax<ssize_t>(sent, 0); done < count && left >= pieces[done].size(); ++done)
            left -= pieces[done].size();
        if (sent > 0) {
            qint64 left = sent;
            for (qsizetype i = 0; i < done; ++i)
                left -= pieces[i].size();
            doneBytes = left;
        }
    }
    bool queued = false;
    for (qsizetype i = done; i < count; ++i) {
        if (pieces[i].isEmpty())
            continue;
        m_socket->write(i == done && doneBytes > 0 ? pieces[i].sliced(doneBytes) : pieces[i]);
        queued = true;
    }
    if (queued)
        m_socket->flush(); // now, not after another turn of the event loop waiting for the write notifier
}

void Connection::lingeringClose()
{
    // Closing a socket with unread input makes the kernel send a reset, which can destroy the reply
    // still on its way to a client that is sending a body we refused (413 while it uploads). So, as
    // RFC 9112 §9.6 suggests: send the reply, then FIN, then read and drop what still comes for a
    // while, until the client closes its side. TLS has its own close: there, close as usual.
    if (qobject_cast<QSslSocket *>(m_socket.data())) {
        m_socket->disconnectFromHost();
        return;
    }
    m_lingering = true;
    auto shutdownWhenFlushed = [this] {
        if (m_socket && m_socket->bytesToWrite() == 0 && m_socket->socketDescriptor() >= 0)
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
    };
    connect(m_socket, &QIODevice::bytesWritten, this, shutdownWhenFlushed);
    shutdownWhenFlushed();
    m_timer.start(LingerMs);
}

void Connection::onTimeout()
{
    if (m_lingering) {
        if (m_socket)
            m_socket->abort();
        onDisconnected(); // once only, whether abort() said so or not
        return;
    }
    if (m_state != State::Reading)
        return;
    if (m_parser.phase() == RequestParser::Phase::Idle) {
        m_state = State::Closing;
        if (m_socket)
            m_socket->disconnectFromHost();
        return;
    }
    if (m_parser.phase() == RequestParser::Phase::Body && m_bodyTimed) {
        checkBody();
        return;
    }
    reject(408, QStringLiteral("The request head was not completed in time."));
}

void Connection::onDisconnected()
{
    m_timer.stop();
    if (m_state != State::Handling) {
        releaseBodyBudget();
        m_state = State::Closing;
    }
    if (m_closedEmitted)
        return;
    m_closedEmitted = true;
    Q_EMIT closed(this);
}

} // namespace Http
