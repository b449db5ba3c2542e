#pragma once
// The limits of the HTTP transport: sizes, counts and times a client may use. The defaults are
// those of `smartdata serve` (its options change them; README, "REST API").

#include <QtGlobal>

namespace Http {

struct ConnectionLimits final
{
    // The largest body any request may have. A route (the head handler) sets a smaller one for its
    // requests; a Content-Length above this is refused (413) before the head reaches the handler.
    qint64 maxBodyBytes = 256LL * 1024 * 1024;
    int maxHeaderBytes = 64 * 1024;  // request line + headers (and, separately, the trailers of a chunked body)
    int maxHeaderCount = 100;
    // From the first byte of a request (or the connection) to its last header. A deadline: it does
    // not start again when a byte arrives.
    int headerTimeoutMs = 10000;
    // A keep-alive connection with no request; a body during which no byte at all arrives.
    int idleTimeoutMs = 30000;
    // The whole body, from the end of the head: a deadline.
    int bodyTimeoutMs = 600000;
    // After bodyRateGraceMs, a body must have arrived at this average rate since its head (bytes/s):
    // a client that drips a byte now and then is cut off long before the deadline.
    qint64 minBodyBytesPerSecond = 16 * 1024;
    int bodyRateGraceMs = 10000;
    // All bodies in memory at once (being received or handled) across connections, counted as their
    // bytes arrive; a request whose next bytes would exceed it gets 503 + Retry-After.
    qint64 maxBufferedBodyBytes = 256LL * 1024 * 1024;
};

} // namespace Http
