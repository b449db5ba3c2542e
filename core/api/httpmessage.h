#pragma once
// The transport's request and reply (http/httpmessage.h) as the routes see them: a request also
// carries what routing found out about it ({id} segments, the request id).

#include "http/httpmessage.h"

#include <QHash>

namespace Api {

struct HttpRequest : Http::Request
{
    HttpRequest() = default;
    explicit HttpRequest(Http::Request request)
        : Http::Request(std::move(request))
    {
    }

    QHash<QString, QString> pathParams; // {id} segments of the matched route
    QString requestId;
};

using HttpResponse = Http::Response;
using Http::reasonPhrase;

} // namespace Api
