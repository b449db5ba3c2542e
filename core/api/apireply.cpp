#include "apireply.h"

#include "auth/autherrors.h"
#include "common/clock.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace Api {

QJsonObject replyMeta(const QJsonObject &extra)
{
    QJsonObject meta = extra;
    meta.insert(QStringLiteral("generated_at"), Common::nowIsoUtc());
    meta.insert(QStringLiteral("version"), ApiVersion);
    return meta;
}

HttpResponse jsonReply(int status, const QJsonValue &value)
{
    HttpResponse response;
    response.status = status;
    response.setHeader("Content-Type", "application/json");
    if (value.isArray())
        response.body = QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact);
    else
        response.body = QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact);
    return response;
}

HttpResponse envelopeReply(const QJsonValue &data, int status, const QJsonObject &extraMeta)
{
    return jsonReply(status, QJsonObject{{QStringLiteral("ok"), true},
                                         {QStringLiteral("data"), data},
                                         {QStringLiteral("error"), QJsonValue::Null},
                                         {QStringLiteral("meta"), replyMeta(extraMeta)}});
}

HttpResponse errorReply(int status, const QString &code, const QString &message, const QJsonObject &details)
{
    HttpResponse response = jsonReply(status, QJsonObject{
        {QStringLiteral("ok"), false},
        {QStringLiteral("data"), QJsonValue::Null},
        {QStringLiteral("error"), QJsonObject{{QStringLiteral("code"), code},
                                              {QStringLiteral("message"), message},
                                              {QStringLiteral("details"), details}}},
        {QStringLiteral("meta"), replyMeta()},
        {QStringLiteral("detail"), message}});
    if (status == 401)
        response.setHeader("WWW-Authenticate", "Bearer");
    if (status == 429) {
        const int retry = details.value(QStringLiteral("retry_after")).toInt();
        response.setHeader("Retry-After", QByteArray::number(qMax(1, retry)));
    }
    return response;
}

int httpStatusFor(const Common::Error &error)
{
    return Auth::Errors::httpStatusFor(error);
}

HttpResponse errorReply(const Common::Error &error, int status)
{
    return errorReply(status > 0 ? status : httpStatusFor(error), error.code, error.message, error.details);
}

} // namespace Api
