// libFuzzer target: arbitrary bytes through the API server's HTTP/1.1 request parser, as one stream
// of (pipelined) requests. What must hold for any input:
//  - no crash, no hang, and what the parser keeps buffered stays bounded by the limits;
//  - the outcome does not depend on how the stream is split into reads (TCP gives no guarantees),
//    so the stream is parsed twice, whole and in pieces, and both must agree request by request;
//  - a request it accepts is sane (token method, absolute target, body within the limit and, with a
//    Content-Length, exactly that long, body bytes granted by the budget first) and survives a
//    round trip: written out again canonically, it parses to the same request;
//  - a refusal is one of the statuses the server documents.
//
// The first byte chooses the limits and the budget, the second the piece sizes; the rest is the stream.

#include "http/requestparser.h"

#include <QList>

#include <algorithm>
#include <cstdlib>

namespace {

void check(bool condition)
{
    if (!condition)
        std::abort();
}

struct Outcome
{
    QList<Http::Request> requests;
    int errorStatus = 0;
    bool operator==(const Outcome &other) const
    {
        if (errorStatus != other.errorStatus || requests.size() != other.requests.size())
            return false;
        for (qsizetype i = 0; i < requests.size(); ++i) {
            const Http::Request &a = requests.at(i), &b = other.requests.at(i);
            if (a.method != b.method || a.target != b.target || a.path != b.path || a.headers != b.headers || a.body != b.body
                || a.query.toString(QUrl::FullyEncoded) != b.query.toString(QUrl::FullyEncoded))
                return false;
        }
        return true;
    }
};

Http::ConnectionLimits limitsFor(uint8_t o)
{
    Http::ConnectionLimits limits;
    static constexpr qint64 bodies[] = {0, 1, 16, 300, 4096, 65536};
    limits.maxBodyBytes = bodies[(o & 7) % 6];
    limits.maxHeaderBytes = (o & 8) ? 256 : 4096;
    limits.maxHeaderCount = (o & 16) ? 4 : 64;
    return limits;
}

// Parses the stream fed in pieces of the given sizes (cycled); 0 = all at once.
Outcome parseStream(const QByteArray &stream, const Http::ConnectionLimits &limits, qint64 budgetBytes,
                    const QList<int> &pieces)
{
    Http::RequestParser parser(limits, QStringLiteral("127.0.0.1"));
    qint64 granted = 0;      // for the request being parsed
    parser.setBodyBudget([&](qint64 bytes) {
        check(bytes > 0); // no spooling here: nothing is ever given back
        if (granted + bytes > budgetBytes)
            return false;
        granted += bytes;
        return true;
    });
    const qsizetype boundedBuffer = qMax<qsizetype>(limits.maxHeaderBytes + 3, Http::RequestParser::MaxChunkLineBytes + 1);
    Outcome outcome;
    qsizetype fed = 0;
    int piece = 0;
    while (true) {
        bool progress = true;
        while (progress) {
            progress = false;
            switch (parser.parse()) {
            case Http::RequestParser::Result::NeedMore:
                check(parser.bufferedBytes() <= boundedBuffer);
                check(parser.phase() != Http::RequestParser::Phase::Complete && parser.phase() != Http::RequestParser::Phase::Failed);
                break;
            case Http::RequestParser::Result::HeadComplete:
                // Every request stops after its head; its handler may lower the body limit.
                check(parser.phase() == Http::RequestParser::Phase::Body);
                check(parser.bodyBytesReceived() == 0);
                progress = true;
                break;
            case Http::RequestParser::Result::RequestComplete: {
                const Http::Request &request = parser.request();
                check(!request.method.isEmpty() && request.target.startsWith('/'));
                check(request.body.size() <= limits.maxBodyBytes);
                check(request.body.size() <= granted);
                check(request.headers.size() <= limits.maxHeaderCount);
                if (request.hasHeader("content-length"))
                    check(request.body.size() == request.header("content-length").toLongLong());
                check(outcome.requests.size() <= stream.size()); // every request consumes input
                outcome.requests.append(request);
                granted = 0;
                parser.startNext();
                progress = true;
                break;
            }
            case Http::RequestParser::Result::Error: {
                static constexpr int allowed[] = {400, 413, 431, 501, 503, 505};
                check(std::find(std::begin(allowed), std::end(allowed), parser.errorStatus()) != std::end(allowed));
                check(!parser.errorMessage().isEmpty() && !parser.keepAlive());
                check(parser.parse() == Http::RequestParser::Result::Error); // a refusal is final
                outcome.errorStatus = parser.errorStatus();
                return outcome;
            }
            }
        }
        if (fed >= stream.size())
            return outcome;
        const int size = pieces.isEmpty() ? int(stream.size()) : pieces.at(piece++ % pieces.size());
        parser.append(stream.mid(fed, size));
        fed += size;
    }
}

// The request written out again: canonical head, Content-Length framing.
QByteArray serialise(const Http::Request &request)
{
    QByteArray out = request.method + ' ' + request.target + " HTTP/1.1\r\n";
    for (const auto &[name, value] : request.headers)
        if (name != "content-length" && name != "transfer-encoding")
            out += name + ": " + value + "\r\n";
    if (!request.body.isEmpty())
        out += "content-length: " + QByteArray::number(request.body.size()) + "\r\n";
    return out + "\r\n" + request.body;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    const uint8_t options = data[0];
    const uint8_t split = data[1];
    const QByteArray stream(reinterpret_cast<const char *>(data + 2), qsizetype(size - 2));
    const Http::ConnectionLimits limits = limitsFor(options);
    const qint64 budget = (options & 32) ? limits.maxBodyBytes / 2 + 1 : limits.maxBodyBytes;

    const Outcome whole = parseStream(stream, limits, budget, {});
    const QList<int> pieces{1 + (split & 15), 1, 1 + (split >> 4) * 7, 2, 3};
    const Outcome inPieces = parseStream(stream, limits, budget, pieces);
    check(whole == inPieces);
    const Outcome byteByByte = parseStream(stream, limits, budget, {1});
    check(whole == byteByByte);

    // Round trip of every accepted HTTP/1.1 request (an HTTP/1.0 one may lack Host).
    for (const Http::Request &request : whole.requests) {
        if (!request.hasHeader("host"))
            continue;
        Http::ConnectionLimits roomy = limits;
        roomy.maxHeaderBytes = 1 << 20; // the canonical head may be longer (Content-Length added)
        roomy.maxHeaderCount = limits.maxHeaderCount + 1;
        const Outcome again = parseStream(serialise(request), roomy, budget, {});
        check(again.errorStatus == 0 && again.requests.size() == 1);
        const Http::Request &copy = again.requests.first();
        check(copy.method == request.method && copy.target == request.target && copy.path == request.path && copy.body == request.body);
        check(copy.query.toString(QUrl::FullyEncoded) == request.query.toString(QUrl::FullyEncoded));
    }
    return 0;
}
