#include "httpconnection.h"

#include <QDateTime>
#include <QLocale>

namespace Api {

namespace {

constexpr qint64 SocketReadBufferBytes = 256 * 1024;

bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!': case '#': case '$': case '%': case '&': case '\'': case '*': case '+': case '-': case '.':
    case '^': case '_': case '`': case '|': case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(const QByteArray &text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text)
        if (!isTokenChar(c))
            return false;
    return true;
}

bool isFieldValue(const QByteArray &text)
{
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return false;
    }
    return true;
}

} // namespace

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

HttpConnection::HttpConnection(QTcpSocket *socket, quint64 id, const ConnectionLimits &limits, qint64 *bufferedBodyBytes,
                               QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_id(id)
    , m_limits(limits)
    , m_bufferedBodyBytes(bufferedBodyBytes)
{
    socket->setParent(this);
    socket->setReadBufferSize(SocketReadBufferBytes);
    m_peer = socket->peerAddress().toString();
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::onReadyRead);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::onDisconnected);
    connect(socket, &QAbstractSocket::errorOccurred, this, [this](QAbstractSocket::SocketError) {
        if (m_socket && m_socket->state() == QAbstractSocket::UnconnectedState)
            onDisconnected();
    });
    // A silent client gets the header deadline too.
    m_timer.start(m_limits.headerTimeoutMs);
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    releaseBodyBudget();
}

void HttpConnection::releaseBodyBudget()
{
    if (m_bufferedBodyBytes)
        *m_bufferedBodyBytes -= m_reservedBodyBytes;
    m_reservedBodyBytes = 0;
}

bool HttpConnection::isConnected() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState && m_state != State::Closing;
}

void HttpConnection::abort()
{
    m_state = State::Closing;
    m_timer.stop();
    if (m_socket)
        m_socket->abort();
}

void HttpConnection::onReadyRead()
{
    if (!m_socket || m_state == State::Handling || m_state == State::Closing)
        return;
    // Headers are bounded by maxHeaderBytes, a body by Content-Length: never read beyond what the
    // current request may still hold plus one socket buffer.
    m_buffer += m_socket->readAll();
    processBuffer();
}

void HttpConnection::processBuffer()
{
    while (m_state != State::Handling && m_state != State::Closing) {
        if (m_state == State::Idle) {
            if (m_buffer.isEmpty())
                return;
            // Tolerate the blank lines some clients send between requests (RFC 9112 §2.2).
            while (m_buffer.startsWith("\r\n"))
                m_buffer.remove(0, 2);
            if (m_buffer.isEmpty())
                return;
            m_state = State::ReadingHeaders;
            m_request = HttpRequest{};
            m_request.peerAddress = m_peer;
            m_timer.start(m_limits.headerTimeoutMs);
        }
        if (m_state == State::ReadingHeaders) {
            const qsizetype end = m_buffer.indexOf("\r\n\r\n");
            if (end < 0) {
                if (m_buffer.size() > m_limits.maxHeaderBytes)
                    reject(431, QStringLiteral("The request line and headers exceed %1 bytes.").arg(m_limits.maxHeaderBytes));
                return;
            }
            if (end > m_limits.maxHeaderBytes) {
                reject(431, QStringLiteral("The request line and headers exceed %1 bytes.").arg(m_limits.maxHeaderBytes));
                return;
            }
            const QByteArray head = m_buffer.left(end);
            m_buffer.remove(0, end + 4);
            if (!parseHead(head))
                return;
            if (m_contentLength > 0) {
                if (m_request.header("expect").compare("100-continue", Qt::CaseInsensitive) == 0 && m_buffer.isEmpty() && isConnected())
                    m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
                m_state = State::ReadingBody;
                m_request.body.reserve(qMin<qint64>(m_contentLength, 4 * 1024 * 1024));
                m_timer.start(m_limits.idleTimeoutMs);
            } else {
                m_state = State::Handling;
            }
        }
        if (m_state == State::ReadingBody) {
            const qint64 missing = m_contentLength - m_request.body.size();
            const qint64 take = qMin<qint64>(missing, m_buffer.size());
            if (take > 0) {
                m_request.body += m_buffer.left(take);
                m_buffer.remove(0, take);
                m_timer.start(m_limits.idleTimeoutMs); // progress: the inactivity timeout starts again
            }
            if (m_request.body.size() < m_contentLength)
                return;
            m_state = State::Handling;
        }
        if (m_state == State::Handling) {
            m_timer.stop();
            Q_EMIT requestReceived(this, m_request);
            return;
        }
    }
}

bool HttpConnection::parseHead(const QByteArray &head)
{
    const QList<QByteArray> lines = head.split('\n');
    QList<QByteArray> clean;
    clean.reserve(lines.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (i + 1 < lines.size() || line.endsWith('\r')) {
            if (!line.endsWith('\r')) {
                reject(400, QStringLiteral("Lines must end with CRLF."));
                return false;
            }
            line.chop(1);
        }
        clean.append(line);
    }
    const QList<QByteArray> parts = clean.first().split(' ');
    if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty() || !parts.at(2).startsWith("HTTP/")) {
        reject(400, QStringLiteral("Malformed request line."));
        return false;
    }
    m_request.method = parts.at(0);
    m_request.target = parts.at(1);
    const QByteArray version = parts.at(2);
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        if (version.size() == 8 && version.at(6) == '.' && QChar::isDigit(version.at(5)) && QChar::isDigit(version.at(7)))
            reject(505, QStringLiteral("Only HTTP/1.0 and HTTP/1.1 are supported."));
        else
            reject(400, QStringLiteral("Malformed HTTP version."));
        return false;
    }
    if (!m_request.target.startsWith('/') || !isFieldValue(m_request.target) || m_request.target.contains('#')) {
        reject(400, QStringLiteral("The request target must be an absolute path."));
        return false;
    }
    if (clean.size() - 1 > m_limits.maxHeaderCount) {
        reject(431, QStringLiteral("More than %1 header fields.").arg(m_limits.maxHeaderCount));
        return false;
    }
    QByteArray contentLength;
    for (qsizetype i = 1; i < clean.size(); ++i) {
        const QByteArray &line = clean.at(i);
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0) {
            reject(400, QStringLiteral("Malformed header line."));
            return false;
        }
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (!isToken(name) || !isFieldValue(value)) { // also refuses obsolete line folding
            reject(400, QStringLiteral("Malformed header field."));
            return false;
        }
        if (name == "content-length") {
            if (!contentLength.isEmpty() && contentLength != value) {
                reject(400, QStringLiteral("Conflicting Content-Length headers."));
                return false;
            }
            contentLength = value;
        }
        m_request.headers.append({name, value});
    }
    if (m_request.hasHeader("transfer-encoding")) {
        if (!contentLength.isEmpty()) {
            reject(400, QStringLiteral("Transfer-Encoding and Content-Length together are refused."));
            return false;
        }
        reject(501, QStringLiteral("Transfer-Encoding is not supported; send the body with a Content-Length."));
        return false;
    }
    m_contentLength = 0;
    if (!contentLength.isEmpty()) {
        bool ok = contentLength.size() <= 18;
        for (const char c : contentLength)
            ok = ok && c >= '0' && c <= '9';
        if (!ok) {
            reject(400, QStringLiteral("Malformed Content-Length."));
            return false;
        }
        m_contentLength = contentLength.toLongLong();
        if (m_contentLength > m_limits.maxBodyBytes) {
            reject(413, QStringLiteral("The body of %1 bytes exceeds the limit of %2 bytes.").arg(m_contentLength).arg(m_limits.maxBodyBytes));
            return false;
        }
        if (m_bufferedBodyBytes && *m_bufferedBodyBytes + m_contentLength > m_limits.maxBufferedBodyBytes) {
            reject(503, QStringLiteral("The server is receiving too much data at once; try again shortly."));
            return false;
        }
        if (m_bufferedBodyBytes) {
            *m_bufferedBodyBytes += m_contentLength;
            m_reservedBodyBytes = m_contentLength;
        }
    }
    const bool http10 = version == "HTTP/1.0";
    const QByteArray connection = m_request.header("connection").toLower();
    m_keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
    if (!http10 && !m_request.hasHeader("host")) {
        reject(400, QStringLiteral("HTTP/1.1 requests must carry a Host header."));
        return false;
    }

    // Path and query. '+' in a query means a space (HTML forms, Python's urlencode).
    QByteArray target = m_request.target;
    const qsizetype question = target.indexOf('?');
    const QByteArray rawPath = question < 0 ? target : target.left(question);
    QByteArray rawQuery = question < 0 ? QByteArray() : target.mid(question + 1);
    const QByteArray decodedPath = QByteArray::fromPercentEncoding(rawPath);
    if (decodedPath.contains('\0')) {
        reject(400, QStringLiteral("Malformed path."));
        return false;
    }
    m_request.path = QString::fromUtf8(decodedPath);
    rawQuery.replace('+', "%20");
    m_request.query = QUrlQuery(QString::fromUtf8(rawQuery));
    return true;
}

void HttpConnection::reject(int status, const QString &message)
{
    m_timer.stop();
    m_state = State::Handling;
    m_keepAlive = false;
    Q_EMIT requestRejected(this, status, message, m_request);
}

void HttpConnection::respond(const HttpResponse &response)
{
    if (m_state != State::Handling)
        return;
    releaseBodyBudget();
    m_request.body.clear();
    if (!isConnected()) {
        m_state = State::Closing;
        return;
    }
    const bool close = response.closeConnection || !m_keepAlive;
    QByteArray out;
    out.reserve(response.body.size() + 512);
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' + reasonPhrase(response.status) + "\r\n";
    for (const auto &h : response.headers)
        out += h.first + ": " + h.second + "\r\n";
    out += "Date: " + QLocale::c().toString(QDateTime::currentDateTimeUtc(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss")).toLatin1() + " GMT\r\n";
    if (response.status != 204)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += close ? "Connection: close\r\n" : "Connection: keep-alive\r\n";
    out += "\r\n";
    if (response.status != 204 && m_request.method != "HEAD")
        out += response.body;
    m_socket->write(out);
    if (close) {
        m_state = State::Closing;
        m_socket->disconnectFromHost();
        return;
    }
    m_state = State::Idle;
    m_timer.start(m_limits.idleTimeoutMs);
    // Pipelined bytes that arrived while the request was handled.
    QMetaObject::invokeMethod(this, &HttpConnection::onReadyRead, Qt::QueuedConnection);
}

void HttpConnection::onTimeout()
{
    if (m_state == State::ReadingHeaders || m_state == State::ReadingBody) {
        reject(408, QStringLiteral("The request was not completed in time."));
        return;
    }
    if (m_state == State::Idle) {
        m_state = State::Closing;
        if (m_socket)
            m_socket->disconnectFromHost();
    }
}

void HttpConnection::onDisconnected()
{
    m_timer.stop();
    if (m_state != State::Handling)
        releaseBodyBudget();
    if (m_state != State::Handling)
        m_state = State::Closing;
    if (m_closedEmitted)
        return;
    m_closedEmitted = true;
    Q_EMIT closed(this);
}

} // namespace Api
