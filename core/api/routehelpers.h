#pragma once
// Small helpers shared by the route handlers: query parameters with predecessor-compatible
// validation (FastAPI answered 422 for a parameter of the wrong type), JSON bodies, dates.

#include "api/apiserver.h"
#include "api/apireply.h"

#include <QDate>
#include <QJsonObject>

#include <optional>
#include <variant>

namespace Api::Routes {

// A parsed value or the reply that refuses it.
template<typename T>
using Param = std::variant<T, HttpResponse>;

inline HttpResponse validationError(const QString &parameter, const QString &message)
{
    return errorReply(422, QStringLiteral("VALIDATION_ERROR"), message,
                      QJsonObject{{QStringLiteral("parameter"), parameter}});
}

// An integer query parameter in [min, max]; the default when absent or empty.
Param<int> intParam(const HttpRequest &request, const QString &name, int defaultValue, int min, int max);
Param<double> doubleParam(const HttpRequest &request, const QString &name, double defaultValue);
Param<QDate> dateParam(const HttpRequest &request, const QString &name);
// start_date / end_date, swapped when reversed.
Param<std::pair<QDate, QDate>> dateRange(const HttpRequest &request);
// The body as a JSON object (an empty body is an empty object); 422 when it is not one.
Param<QJsonObject> jsonBody(const HttpRequest &request);
// A string from the query, else from a JSON body.
QString textParam(const HttpRequest &request, const QJsonObject &body, const QString &name, const QString &defaultValue = {});

void registerAuthRoutes(ApiServer &server);
void registerDataRoutes(ApiServer &server);
void registerAdminRoutes(ApiServer &server);

} // namespace Api::Routes
