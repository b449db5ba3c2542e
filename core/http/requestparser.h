#pragma once
// The HTTP/1.1 request parser, without a socket: bytes in, one request (or the status that refuses
// it) out. Http::Connection feeds it what the socket delivers and owns the timers; the fuzz target
// (tests/api/fuzz_httprequest.cpp) feeds it arbitrary bytes.
//
// Strict on purpose (RFC 9112): CRLF line ends (a bare LF is refused as soon as it is seen, not
// waited out), token method and header names, no obsolete line folding, one Content-Length, a Host
// header for HTTP/1.1, Transfer-Encoding only as "chunked" and never together with Content-Length.
// Every size is bounded before it is buffered: the request line and headers by maxHeaderBytes, a
// Content-Length by the body limit right after HeadComplete, before a byte of the body is read, a
// chunked body by the body limit as each chunk size arrives, chunk-size lines and trailers too.
//
// Every request stops after its head (HeadComplete) so that its handler can decide, before a byte of
// the body is read, whether to take it and under which limit (setBodyLimit) and whether a large body
// spills to a temporary file (setSpool). Memory for a body is granted by the budget as its bytes
// arrive, never as declared.
//
//   RequestParser parser(limits);
//   parser.append(bytes);
//   switch (parser.parse()) {
//   case Result::HeadComplete: decide(parser.request()); parser.setBodyLimit(n); continue parsing ...
//   case Result::RequestComplete: use(parser.request()); parser.startNext(); ...

#include "http/httpmessage.h"
#include "http/limits.h"

#include <functional>

namespace Http {

class RequestParser final
{
public:
    enum class Result {
        NeedMore,        // feed more bytes
        HeadComplete,    // the request line and headers are in (every request, with a body or not); call parse() again
        RequestComplete, // request() is whole; startNext() before parsing the next one
        Error            // errorStatus()/errorMessage(); the connection must close after answering
    };
    enum class Phase { Idle, Head, Body, Complete, Failed };

    // Asked before body bytes are kept in memory, with their number (> 0); false refuses the request
    // with 503. Told with a negative number when bytes it granted left memory (the body spilled to a
    // file); the return value is then ignored.
    using BodyBudget = std::function<bool(qint64 bytes)>;

    static constexpr int MaxChunkLineBytes = 4096; // chunk size plus extensions

    explicit RequestParser(const ConnectionLimits &limits, QString peerAddress = {});
    ~RequestParser();

    void setBodyBudget(BodyBudget budget) { m_budget = std::move(budget); }
    void append(const QByteArray &bytes) { m_buffer += bytes; }
    Result parse();

    // For the current request, after HeadComplete: its body limit (at most the connection's), and
    // the size past which its body goes to a temporary file in directory (0 = always in memory).
    void setBodyLimit(qint64 maxBytes);
    void setSpool(qint64 thresholdBytes, const QString &directory);

    Phase phase() const { return m_phase; }
    // The request being parsed: whole after RequestComplete, what was understood of it after Error.
    const Request &request() const { return m_request; }
    // Forgets the finished request (and its body) and goes on with the bytes buffered after it.
    void startNext();

    int errorStatus() const { return m_errorStatus; }
    QString errorMessage() const { return m_errorMessage; }
    // Whether the connection may stay open after this request (HTTP/1.0 keep-alive, "Connection: close").
    bool keepAlive() const { return m_keepAlive; }
    // The head announced a body (a Content-Length above 0, or chunked): valid after HeadComplete.
    bool bodyExpected() const { return m_chunked || m_contentLength > 0; }
    // The client waits for "100 Continue" before it sends the body (valid after HeadComplete).
    bool expectsContinue() const;
    bool isChunked() const { return m_chunked; }
    qint64 contentLength() const { return m_contentLength; }
    // Body bytes taken so far, in memory or spooled.
    qint64 bodyBytesReceived() const { return m_bodyReceived; }
    qsizetype bufferedBytes() const { return m_buffer.size(); }

private:
    enum class BodyState { ChunkSize, ChunkData, ChunkDataEnd, Trailers }; // of a chunked body

    Result parseHeadBytes();
    bool parseHead(const QByteArray &head);
    Result parseBody();
    Result parseChunked();
    bool takeLine(QByteArray *line, int maxBytes, int tooLongStatus, const QString &tooLongMessage);
    // Takes n bytes from the front of the buffer into the body; false after fail().
    bool takeBody(qint64 n);
    bool spill();
    Result complete();
    Result fail(int status, const QString &message);

    ConnectionLimits m_limits;
    QString m_peer;
    BodyBudget m_budget;
    QByteArray m_buffer;
    qsizetype m_scanFrom = 0; // where the search for the end of the head resumes
    Phase m_phase = Phase::Idle;
    BodyState m_bodyState = BodyState::ChunkSize;
    Request m_request;
    qint64 m_bodyLimit = 0;
    qint64 m_spoolThreshold = 0;
    QString m_spoolDirectory;
    qint64 m_bodyReceived = 0;
    qint64 m_contentLength = 0;
    qint64 m_chunkRemaining = 0;
    qint64 m_trailerBytes = 0;
    int m_trailerCount = 0;
    bool m_chunked = false;
    bool m_keepAlive = true;
    bool m_bodyChecked = false; // the declared length was held against the body limit
    int m_errorStatus = 0;
    QString m_errorMessage;
};

} // namespace Http
