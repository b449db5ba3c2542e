#include "routehelpers.h"

#include <QJsonDocument>
#include <QJsonParseError>

#include <cmath>

namespace Api::Routes {

Param<int> intParam(const HttpRequest &request, const QString &name, int defaultValue, int min, int max)
{
    const QString text = request.queryValue(name).trimmed();
    if (text.isEmpty())
        return defaultValue;
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < min || value > max)
        return validationError(name, QStringLiteral("%1 must be a whole number from %2 to %3, got '%4'.").arg(name).arg(min).arg(max).arg(text));
    return value;
}

Param<double> doubleParam(const HttpRequest &request, const QString &name, double defaultValue)
{
    const QString text = request.queryValue(name).trimmed();
    if (text.isEmpty())
        return defaultValue;
    bool ok = false;
    const double value = text.toDouble(&ok);
    if (!ok || !std::isfinite(value))
        return validationError(name, QStringLiteral("%1 must be a number, got '%2'.").arg(name, text));
    return value;
}

Param<QDate> dateParam(const HttpRequest &request, const QString &name)
{
    QString text = request.queryValue(name).trimmed();
    if (text.isEmpty())
        return QDate();
    if (text.size() > 10 && text.at(10) == QLatin1Char('T'))
        text.truncate(10);
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (!date.isValid())
        return validationError(name, QStringLiteral("%1 must be a date YYYY-MM-DD, got '%2'.").arg(name, text));
    return date;
}

Param<std::pair<QDate, QDate>> dateRange(const HttpRequest &request)
{
    auto from = dateParam(request, QStringLiteral("start_date"));
    if (auto *error = std::get_if<HttpResponse>(&from))
        return *error;
    auto to = dateParam(request, QStringLiteral("end_date"));
    if (auto *error = std::get_if<HttpResponse>(&to))
        return *error;
    QDate a = std::get<QDate>(from), b = std::get<QDate>(to);
    if (a.isValid() && b.isValid() && a > b)
        std::swap(a, b);
    return std::pair{a, b};
}

Param<QJsonObject> jsonBody(const HttpRequest &request)
{
    if (request.body.trimmed().isEmpty())
        return QJsonObject();
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return errorReply(422, QStringLiteral("VALIDATION_ERROR"), QStringLiteral("The body must be a JSON object."));
    return document.object();
}

QString textParam(const HttpRequest &request, const QJsonObject &body, const QString &name, const QString &defaultValue)
{
    if (request.hasQuery(name))
        return request.queryValue(name);
    const QJsonValue value = body.value(name);
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble());
    return defaultValue;
}

} // namespace Api::Routes
