#pragma once
// Small helpers shared by the route handlers: query parameters with predecessor-compatible
// validation (FastAPI answered 422 for a parameter of the wrong type), request bodies (JSON objects,
// credentials, multipart forms), dates. Pure functions of the request: tests/api/fuzz_apibody.cpp
// runs them on arbitrary bodies.

#include "api/apiserver.h"
#include "api/apireply.h"

#include <QDate>
#include <QIODevice>
#include <QJsonObject>

#include <optional>
#include <variant>

namespace Api::Routes {

// A parsed value or the reply that refuses it.
template<typename T>
using Param = std::variant<T, HttpResponse>;

// True (and the refusal in reply) when param holds a refusal.
template<typename T>
bool failed(const Param<T> &param, HttpResponse &reply)
{
    if (const auto *error = std::get_if<HttpResponse>(&param)) {
        reply = *error;
        return true;
    }
    return false;
}

inline HttpResponse validationError(const QString &parameter, const QString &message)
{
    return errorReply(422, QStringLiteral("VALIDATION_ERROR"), message,
                      QJsonObject{{QStringLiteral("parameter"), parameter}});
}

// An integer query parameter in [min, max]; the default when absent or empty.
Param<int> intParam(const HttpRequest &request, const QString &name, int defaultValue, int min, int max);
Param<double> doubleParam(const HttpRequest &request, const QString &name, double defaultValue);
// Exactly YYYY-MM-DD (a real day); anything else, trailing text included, is refused with 400 INVALID_DATE.
Param<QDate> dateParam(const HttpRequest &request, const QString &name);
// start_date / end_date, swapped when reversed.
Param<std::pair<QDate, QDate>> dateRange(const HttpRequest &request);
// Source and metric names: at most MaxNameLength characters, no NUL, control characters, CR/LF or
// line separators. A refusal (422 VALIDATION_ERROR naming the parameter) or nullopt when value is fine.
inline constexpr int MaxNameLength = 200;
std::optional<HttpResponse> invalidName(const QString &parameter, const QString &value);
// invalidName() for the query parameters that name a source or a metric (source_name,
// default_metric, metric): checked on the head, before a route runs or its body is read.
std::optional<HttpResponse> invalidNameParameter(const Http::Request &request);
// The body as a JSON object (an empty body is an empty object); 422 when it is not one.
Param<QJsonObject> jsonBody(const HttpRequest &request);
// A string from the query, else from a JSON body.
QString textParam(const HttpRequest &request, const QJsonObject &body, const QString &name, const QString &defaultValue = {});

// The body of the POST routes that work on one series: a JSON object (or nothing) and the
// source_name and metric it names, each also accepted from the query; 422 when either is missing.
struct SeriesBody
{
    QJsonObject object;
    QString source;
    QString metric;
};
Param<SeriesBody> seriesBody(const HttpRequest &request);

// Email and password of signup and login: JSON {"email","password"}, or the predecessor's OAuth2
// form (username=...&password=..., application/x-www-form-urlencoded).
struct Credentials
{
    QString email;
    QString password;
};
Param<Credentials> credentials(const HttpRequest &request);

// The "refresh_token" string of a JSON body (refresh, logout).
Param<QString> refreshTokenOf(const HttpRequest &request);

// One field of a multipart/form-data body (RFC 7578).
struct FormPart
{
    QByteArray data;
    QString fileName;
    bool found = false;
};
// The first field called name; found = false when there is none, nullopt when the body is malformed.
std::optional<FormPart> multipartField(const QByteArray &body, const QByteArray &contentType, const QByteArray &name);
// The same for a body spooled to a file (read in blocks, never whole): where the field's data is.
struct FormPartRange
{
    qint64 offset = 0;
    qint64 size = 0;
    QString fileName;
    bool found = false;
};
std::optional<FormPartRange> multipartFieldRange(QIODevice &body, const QByteArray &contentType, const QByteArray &name);
// A parameter of a header value: headerParameter("form-data; name=\"file\"", "name") is "file".
QByteArray headerParameter(const QByteArray &header, const QByteArray &lowerName);

// Runs a read-only handler through the worker's cache (workercache.h) and marks the request as
// read-only. Only for replies that are a pure function of the request target and the database, the
// same for every principal the route admits. Defined in workercache.cpp.
HttpResponse cachedRead(RouteContext &context, const std::function<HttpResponse()> &read);

void registerAuthRoutes(ApiServer &server);
void registerDataRoutes(ApiServer &server);
void registerAdminRoutes(ApiServer &server);

} // namespace Api::Routes
