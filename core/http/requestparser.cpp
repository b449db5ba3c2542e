#include "requestparser.h"

#include <QDir>

#include <limits>

namespace Http {

namespace {

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

bool isAsciiDigit(char c)
{
    return c >= '0' && c <= '9';
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// "name: value" with a token name and a field value (no control characters; this also refuses
// obsolete line folding, whose continuation line starts with a space).
bool splitField(const QByteArray &line, QByteArray *name, QByteArray *value)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return false;
    *name = line.left(colon).toLower();
    *value = line.mid(colon + 1).trimmed();
    return isToken(*name) && isFieldValue(*value);
}

} // namespace

RequestParser::RequestParser(const ConnectionLimits &limits, QString peerAddress)
    : m_limits(limits)
    , m_peer(std::move(peerAddress))
{
    m_request.peerAddress = m_peer;
}

RequestParser::~RequestParser() = default;

void RequestParser::startNext()
{
    if (m_phase == Phase::Failed)
        return; // the connection closes: nothing after a refused request is read
    m_request = Request{};
    m_request.peerAddress = m_peer;
    m_phase = Phase::Idle;
    m_bodyState = BodyState::ChunkSize;
    m_bodyLimit = 0;
    m_spoolThreshold = 0;
    m_spoolDirectory.clear();
    m_bodyReceived = 0;
    m_contentLength = 0;
    m_chunkRemaining = 0;
    m_trailerBytes = 0;
    m_trailerCount = 0;
    m_chunked = false;
    m_keepAlive = true;
    m_bodyChecked = false;
    m_scanFrom = 0;
}

void RequestParser::setBodyLimit(qint64 maxBytes)
{
    m_bodyLimit = maxBytes < 0 ? m_limits.maxBodyBytes : qMin(maxBytes, m_limits.maxBodyBytes);
}

void RequestParser::setSpool(qint64 thresholdBytes, const QString &directory)
{
    m_spoolThreshold = qMax<qint64>(0, thresholdBytes);
    m_spoolDirectory = directory;
}

bool RequestParser::expectsContinue() const
{
    return m_phase == Phase::Body && m_buffer.isEmpty() && bodyExpected() && m_bodyReceived == 0
        && m_request.header("expect").compare("100-continue", Qt::CaseInsensitive) == 0;
}

RequestParser::Result RequestParser::fail(int status, const QString &message)
{
    m_phase = Phase::Failed;
    m_keepAlive = false;
    m_errorStatus = status;
    m_errorMessage = message;
    m_request.bodyFile.reset(); // a refused body's spool file goes at once
    return Result::Error;
}

RequestParser::Result RequestParser::parse()
{
    switch (m_phase) {
    case Phase::Idle: {
        // Tolerate the blank lines some clients send between requests (RFC 9112 §2.2).
        qsizetype skip = 0;
        while (skip + 1 < m_buffer.size() && m_buffer.at(skip) == '\r' && m_buffer.at(skip + 1) == '\n')
            skip += 2;
        if (skip > 0)
            m_buffer.remove(0, skip);
        // A lone CR may be the first half of such a blank line, split across reads.
        if (m_buffer.isEmpty() || m_buffer == "\r")
            return Result::NeedMore;
        m_phase = Phase::Head;
        m_scanFrom = 0;
        return parseHeadBytes();
    }
    case Phase::Head:
        return parseHeadBytes();
    case Phase::Body:
        return parseBody();
    case Phase::Complete:
        return Result::RequestComplete;
    case Phase::Failed:
        return Result::Error;
    }
    return Result::Error;
}

RequestParser::Result RequestParser::parseHeadBytes()
{
    auto tooLarge = [this] { return QStringLiteral("The request line and headers exceed %1 bytes.").arg(m_limits.maxHeaderBytes); };
    // Bytes before m_scanFrom were looked at: no bare LF among them, no end of the head.
    const qsizetype end = m_buffer.indexOf("\r\n\r\n", qMax<qsizetype>(0, m_scanFrom - 3));
    // A line ending in LF alone is refused as soon as it is seen (a client that sends them would
    // otherwise wait for the header deadline); only the head's bytes are looked at, not a body's,
    // and only as far as a head may reach, so that a head too large is 431 however it is split.
    const qsizetype scanEnd = qMin<qsizetype>(end < 0 ? m_buffer.size() : end + 4, qsizetype(m_limits.maxHeaderBytes) + 4);
    for (qsizetype lf = m_buffer.indexOf('\n', m_scanFrom); lf >= 0 && lf < scanEnd; lf = m_buffer.indexOf('\n', lf + 1))
        if (lf == 0 || m_buffer.at(lf - 1) != '\r')
            return fail(400, QStringLiteral("Lines must end with CRLF."));
    if (end < 0) {
        // Allowed heads end at most maxHeaderBytes in; their terminator may still be arriving.
        if (m_buffer.size() > qsizetype(m_limits.maxHeaderBytes) + 3)
            return fail(431, tooLarge());
        m_scanFrom = m_buffer.size();
        return Result::NeedMore;
    }
    if (end > m_limits.maxHeaderBytes)
        return fail(431, tooLarge());
    const QByteArray head = m_buffer.left(end);
    m_buffer.remove(0, end + 4);
    m_scanFrom = 0;
    if (!parseHead(head))
        return Result::Error;
    m_phase = Phase::Body;
    m_bodyState = BodyState::ChunkSize;
    m_bodyLimit = m_limits.maxBodyBytes;
    m_bodyChecked = false;
    return Result::HeadComplete;
}

bool RequestParser::parseHead(const QByteArray &head)
{
    const QList<QByteArray> lines = head.split('\n');
    QList<QByteArray> clean;
    clean.reserve(lines.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QByteArray line = lines.at(i);
        if (i + 1 < lines.size() || line.endsWith('\r')) {
            if (!line.endsWith('\r')) {
                fail(400, QStringLiteral("Lines must end with CRLF."));
                return false;
            }
            line.chop(1);
        }
        clean.append(line);
    }
    const QList<QByteArray> parts = clean.first().split(' ');
    if (parts.size() != 3 || !isToken(parts.at(0)) || parts.at(1).isEmpty() || !parts.at(2).startsWith("HTTP/")) {
        fail(400, QStringLiteral("Malformed request line."));
        return false;
    }
    m_request.method = parts.at(0);
    m_request.target = parts.at(1);
    const QByteArray version = parts.at(2);
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        if (version.size() == 8 && version.at(6) == '.' && isAsciiDigit(version.at(5)) && isAsciiDigit(version.at(7)))
            fail(505, QStringLiteral("Only HTTP/1.0 and HTTP/1.1 are supported."));
        else
            fail(400, QStringLiteral("Malformed HTTP version."));
        return false;
    }
    const bool http10 = version == "HTTP/1.0";
    if (!m_request.target.startsWith('/') || !isFieldValue(m_request.target) || m_request.target.contains('#')) {
        fail(400, QStringLiteral("The request target must be an absolute path."));
        return false;
    }
    if (clean.size() - 1 > m_limits.maxHeaderCount) {
        fail(431, QStringLiteral("More than %1 header fields.").arg(m_limits.maxHeaderCount));
        return false;
    }
    QByteArray contentLength;
    QList<QByteArray> codings; // Transfer-Encoding, all fields and list elements in order
    bool transferEncoding = false;
    for (qsizetype i = 1; i < clean.size(); ++i) {
        QByteArray name, value;
        if (clean.at(i).indexOf(':') <= 0) {
            fail(400, QStringLiteral("Malformed header line."));
            return false;
        }
        if (!splitField(clean.at(i), &name, &value)) {
            fail(400, QStringLiteral("Malformed header field."));
            return false;
        }
        if (name == "content-length") {
            // An empty value is malformed, not absent: "Content-Length:" then "Content-Length: 2"
            // must not frame a body that a proxy in front framed differently.
            if (value.isEmpty()) {
                fail(400, QStringLiteral("Malformed Content-Length."));
                return false;
            }
            if (!contentLength.isEmpty() && contentLength != value) {
                fail(400, QStringLiteral("Conflicting Content-Length headers."));
                return false;
            }
            contentLength = value;
        } else if (name == "transfer-encoding") {
            transferEncoding = true;
            for (const QByteArray &coding : value.split(','))
                if (const QByteArray c = coding.trimmed().toLower(); !c.isEmpty())
                    codings.append(c);
        }
        m_request.headers.append({name, value});
    }
    if (transferEncoding) {
        // A body framed two ways is how requests are smuggled past proxies (RFC 9112 §6.1).
        if (!contentLength.isEmpty()) {
            fail(400, QStringLiteral("Transfer-Encoding and Content-Length together are refused."));
            return false;
        }
        if (http10) {
            fail(400, QStringLiteral("Transfer-Encoding is not allowed in an HTTP/1.0 request."));
            return false;
        }
        // Without chunked as the final coding (once) the length of the body cannot be known.
        if (codings.isEmpty() || codings.last() != "chunked" || codings.count("chunked") != 1) {
            fail(400, QStringLiteral("A request's Transfer-Encoding must end with chunked, applied once."));
            return false;
        }
        if (codings.size() > 1) {
            fail(501, QStringLiteral("Only the chunked transfer coding is supported; send the body without other codings."));
            return false;
        }
        m_chunked = true;
    }
    m_contentLength = 0;
    if (!contentLength.isEmpty()) {
        bool ok = contentLength.size() <= 18;
        for (const char c : contentLength)
            ok = ok && isAsciiDigit(c);
        if (!ok) {
            fail(400, QStringLiteral("Malformed Content-Length."));
            return false;
        }
        // Held against the body limit once the head handler has set it (parseBody()): a request to
        // an unknown path or without a token is told so, not that its body is too large.
        m_contentLength = contentLength.toLongLong();
    }
    const QByteArray connection = m_request.header("connection").toLower();
    m_keepAlive = http10 ? connection.contains("keep-alive") : !connection.contains("close");
    if (!http10 && !m_request.hasHeader("host")) {
        fail(400, QStringLiteral("HTTP/1.1 requests must carry a Host header."));
        return false;
    }

    // Path and query. '+' in a query means a space (HTML forms, Python's urlencode).
    const QByteArray &target = m_request.target;
    const qsizetype question = target.indexOf('?');
    const QByteArray rawPath = question < 0 ? target : target.left(question);
    QByteArray rawQuery = question < 0 ? QByteArray() : target.mid(question + 1);
    const QByteArray decodedPath = QByteArray::fromPercentEncoding(rawPath);
    if (decodedPath.contains('\0')) {
        fail(400, QStringLiteral("Malformed path."));
        return false;
    }
    m_request.path = QString::fromUtf8(decodedPath);
    rawQuery.replace('+', "%20");
    m_request.query = QUrlQuery(QString::fromUtf8(rawQuery));
    return true;
}

RequestParser::Result RequestParser::parseBody()
{
    if (!m_bodyChecked) {
        m_bodyChecked = true;
        if (!m_chunked && m_contentLength > m_bodyLimit)
            return fail(413, QStringLiteral("The body of %1 bytes exceeds the limit of %2 bytes.").arg(m_contentLength).arg(m_bodyLimit));
    }
    if (m_chunked)
        return parseChunked();
    const qint64 take = qMin<qint64>(m_contentLength - m_bodyReceived, m_buffer.size());
    if (take > 0 && !takeBody(take))
        return Result::Error;
    if (m_bodyReceived < m_contentLength)
        return Result::NeedMore;
    return complete();
}

RequestParser::Result RequestParser::complete()
{
    // A spooled body is readable from its start, by this handle or another one (no bytes left in
    // the file's write buffer).
    if (m_request.bodyFile && (!m_request.bodyFile->flush() || !m_request.bodyFile->seek(0)))
        return fail(503, QStringLiteral("The server cannot store the body now; try again shortly."));
    m_phase = Phase::Complete;
    return Result::RequestComplete;
}

bool RequestParser::spill()
{
    const QString directory = m_spoolDirectory.isEmpty() ? QDir::tempPath() : m_spoolDirectory;
    auto file = std::make_shared<QTemporaryFile>(QDir(directory).filePath(QStringLiteral("smartdata-body-XXXXXX")));
    if (!file->open() || file->write(m_request.body) != m_request.body.size()) {
        fail(503, QStringLiteral("The server cannot store the body now; try again shortly."));
        return false;
    }
    if (m_budget && !m_request.body.isEmpty())
        m_budget(-qint64(m_request.body.size()));
    m_request.body = QByteArray();
    m_request.bodyFile = std::move(file);
    return true;
}

bool RequestParser::takeBody(qint64 n)
{
    if (!m_request.bodyFile && m_spoolThreshold > 0 && m_request.body.size() + n > m_spoolThreshold && !spill())
        return false;
    if (m_request.bodyFile) {
        if (m_request.bodyFile->write(m_buffer.constData(), n) != n) {
            fail(503, QStringLiteral("The server cannot store the body now; try again shortly."));
            return false;
        }
        m_buffer.remove(0, n);
        m_bodyReceived += n;
        return true;
    }
    if (m_budget && !m_budget(n)) {
        fail(503, QStringLiteral("The server is receiving too much data at once; try again shortly."));
        return false;
    }
    if (n == m_buffer.size() && m_request.body.isEmpty()) {
        m_request.body = m_buffer; // shared, not copied
        m_buffer.clear();
    } else {
        m_request.body.append(m_buffer.constData(), n);
        m_buffer.remove(0, n);
    }
    m_bodyReceived += n;
    return true;
}

bool RequestParser::takeLine(QByteArray *line, int maxBytes, int tooLongStatus, const QString &tooLongMessage)
{
    // Look no further than a line may be long: a stream without line ends costs one bounded scan.
    const qsizetype window = qMin<qsizetype>(m_buffer.size(), qsizetype(maxBytes) + 2);
    const qsizetype newline = QByteArrayView(m_buffer).first(window).indexOf('\n');
    if (newline < 0) {
        if (m_buffer.size() > qsizetype(maxBytes) + 1)
            fail(tooLongStatus, tooLongMessage);
        return false;
    }
    if (newline == 0 || m_buffer.at(newline - 1) != '\r') {
        fail(400, QStringLiteral("Lines must end with CRLF."));
        return false;
    }
    *line = m_buffer.left(newline - 1);
    m_buffer.remove(0, newline + 1);
    return true;
}

RequestParser::Result RequestParser::parseChunked()
{
    for (;;) {
        switch (m_bodyState) {
        case BodyState::ChunkSize: {
            QByteArray line;
            if (!takeLine(&line, MaxChunkLineBytes, 400, QStringLiteral("A chunk size line is longer than %1 bytes.").arg(MaxChunkLineBytes)))
                return m_phase == Phase::Failed ? Result::Error : Result::NeedMore;
            // chunk-size [ chunk-ext ]: hex digits, then optional ";name[=value]" extensions we ignore.
            const qint64 room = m_bodyLimit - m_bodyReceived;
            qint64 size = 0;
            bool tooLarge = false;
            qsizetype i = 0;
            for (; i < line.size() && hexValue(line.at(i)) >= 0; ++i) {
                if (tooLarge)
                    continue;
                if (size > (std::numeric_limits<qint64>::max() - 15) / 16) {
                    tooLarge = true;
                    continue;
                }
                size = size * 16 + hexValue(line.at(i));
                tooLarge = size > room;
            }
            if (i == 0)
                return fail(400, QStringLiteral("Malformed chunk size."));
            qsizetype e = i;
            while (e < line.size() && (line.at(e) == ' ' || line.at(e) == '\t'))
                ++e;
            const QByteArray extensions = line.mid(e);
            if (!extensions.isEmpty() && (!extensions.startsWith(';') || !isFieldValue(extensions)))
                return fail(400, QStringLiteral("Malformed chunk extension."));
            if (tooLarge)
                return fail(413, QStringLiteral("The chunked body exceeds the limit of %1 bytes.").arg(m_bodyLimit));
            if (size == 0) {
                m_bodyState = BodyState::Trailers;
                break;
            }
            // Memory is granted as the chunk's bytes arrive, not for its announced size.
            m_chunkRemaining = size;
            m_bodyState = BodyState::ChunkData;
            break;
        }
        case BodyState::ChunkData: {
            const qint64 take = qMin<qint64>(m_chunkRemaining, m_buffer.size());
            if (take > 0) {
                if (!takeBody(take))
                    return Result::Error;
                m_chunkRemaining -= take;
            }
            if (m_chunkRemaining > 0)
                return Result::NeedMore;
            m_bodyState = BodyState::ChunkDataEnd;
            break;
        }
        case BodyState::ChunkDataEnd:
            if (m_buffer.size() < 2)
                return Result::NeedMore;
            if (!m_buffer.startsWith("\r\n"))
                return fail(400, QStringLiteral("A chunk must end with CRLF."));
            m_buffer.remove(0, 2);
            m_bodyState = BodyState::ChunkSize;
            break;
        case BodyState::Trailers: {
            const QString tooLarge = QStringLiteral("The trailer fields exceed %1 bytes.").arg(m_limits.maxHeaderBytes);
            QByteArray line;
            if (!takeLine(&line, int(qMax<qint64>(0, m_limits.maxHeaderBytes - m_trailerBytes)), 431, tooLarge))
                return m_phase == Phase::Failed ? Result::Error : Result::NeedMore;
            if (line.isEmpty())
                return complete();
            m_trailerBytes += line.size() + 2;
            if (m_trailerBytes > m_limits.maxHeaderBytes)
                return fail(431, tooLarge);
            if (++m_trailerCount > m_limits.maxHeaderCount)
                return fail(431, QStringLiteral("More than %1 trailer fields.").arg(m_limits.maxHeaderCount));
            // Trailers are checked like headers, then dropped: no route reads one (RFC 9110 §6.5.1).
            QByteArray name, value;
            if (!splitField(line, &name, &value))
                return fail(400, QStringLiteral("Malformed trailer field."));
            break;
        }
        }
    }
}

} // namespace Http
