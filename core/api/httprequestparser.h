#pragma once
// The HTTP/1.1 request parser of the API server, without a socket: bytes in, one request (or the
// status that refuses it) out. HttpConnection feeds it what the socket delivers and owns the timers;
// the fuzz target (tests/api/fuzz_httprequest.cpp) feeds it arbitrary bytes.
//
// Strict on purpose (RFC 9112): CRLF line ends, token method and header names, no obsolete line
// folding, one Content-Length, a Host header for HTTP/1.1, Transfer-Encoding only as "chunked" and
// never together with Content-Length. Every size is bounded before it is buffered: the request line
// and headers by maxHeaderBytes, a Content-Length by maxBodyBytes before a byte of the body is read,
// a chunked body by maxBodyBytes as each chunk size arrives, chunk-size lines and trailers too.
//
//   HttpRequestParser parser(limits);
//   parser.append(bytes);
//   switch (parser.parse()) { case Result::RequestComplete: use(parser.request()); parser.startNext(); ... }

#include "api/httpmessage.h"

#include <functional>

namespace Api {

struct ConnectionLimits final
{
    qint64 maxBodyBytes = 256LL * 1024 * 1024;
    int maxHeaderBytes = 64 * 1024;  // request line + headers (and, separately, the trailers of a chunked body)
    int maxHeaderCount = 100;
    int headerTimeoutMs = 10000;     // from the first byte of a request (or the connection) to its last header
    int idleTimeoutMs = 30000;       // a keep-alive connection with no request, or a body that stalls
    // All bodies in memory at once (being received or handled) across connections; a request that
    // would exceed it gets 503 + Retry-After instead of being buffered.
    qint64 maxBufferedBodyBytes = 1024LL * 1024 * 1024;
};

class HttpRequestParser final
{
public:
    enum class Result {
        NeedMore,        // feed more bytes
        HeadComplete,    // the request line and headers are in and a body follows; call parse() again
        RequestComplete, // request() is whole; startNext() before parsing the next one
        Error            // errorStatus()/errorMessage(); the connection must close after answering
    };
    enum class Phase { Idle, Head, Body, Complete, Failed };

    // Asked before body bytes are accepted, with the number of bytes the request will hold in
    // memory on top of what it was granted before (the whole Content-Length, or one chunk). False
    // refuses the request with 503.
    using BodyBudget = std::function<bool(qint64 bytes)>;

    static constexpr int MaxChunkLineBytes = 4096; // chunk size plus extensions

    explicit HttpRequestParser(const ConnectionLimits &limits, QString peerAddress = {});

    void setBodyBudget(BodyBudget budget) { m_budget = std::move(budget); }
    void append(const QByteArray &bytes) { m_buffer += bytes; }
    Result parse();

    Phase phase() const { return m_phase; }
    // The request being parsed: whole after RequestComplete, what was understood of it after Error.
    const HttpRequest &request() const { return m_request; }
    // Forgets the finished request (and its body) and goes on with the bytes buffered after it.
    void startNext();

    int errorStatus() const { return m_errorStatus; }
    QString errorMessage() const { return m_errorMessage; }
    // Whether the connection may stay open after this request (HTTP/1.0 keep-alive, "Connection: close").
    bool keepAlive() const { return m_keepAlive; }
    // The client waits for "100 Continue" before it sends the body (valid after HeadComplete).
    bool expectsContinue() const;
    bool isChunked() const { return m_chunked; }
    // Body bytes taken so far (for the inactivity timeout: progress restarts it).
    qint64 bodyBytesReceived() const { return m_request.body.size(); }
    qsizetype bufferedBytes() const { return m_buffer.size(); }

private:
    enum class BodyState { ChunkSize, ChunkData, ChunkDataEnd, Trailers }; // of a chunked body

    Result parseHeadBytes();
    bool parseHead(const QByteArray &head);
    Result parseBody();
    Result parseChunked();
    bool takeLine(QByteArray *line, int maxBytes, int tooLongStatus, const QString &tooLongMessage);
    bool reserve(qint64 bytes);
    Result fail(int status, const QString &message);

    ConnectionLimits m_limits;
    QString m_peer;
    BodyBudget m_budget;
    QByteArray m_buffer;
    qsizetype m_scanFrom = 0; // where the search for the end of the head resumes
    Phase m_phase = Phase::Idle;
    BodyState m_bodyState = BodyState::ChunkSize;
    HttpRequest m_request;
    qint64 m_contentLength = 0;
    qint64 m_chunkRemaining = 0;
    qint64 m_trailerBytes = 0;
    int m_trailerCount = 0;
    bool m_chunked = false;
    bool m_keepAlive = true;
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace Api
