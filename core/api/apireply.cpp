#include "apireply.h"

#include "auth/autherrors.h"
#include "common/clock.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <limits>

namespace Api {

QJsonObject replyMeta(const QJsonObject &extra)
{
    QJsonObject meta = extra;
    meta.insert(QStringLiteral("generated_at"), Common::nowIsoUtc());
    meta.insert(QStringLiteral("version"), ApiVersion);
    return meta;
}

QByteArray nowIsoUtcBytes()
{
    thread_local qint64 cachedSecond = std::numeric_limits<qint64>::min();
    thread_local QByteArray cachedPrefix; // "2025-01-01T10:00:00."
    const qint64 ms = Common::Clock::instance().now().toMSecsSinceEpoch();
    const qint64 second = ms >= 0 ? ms / 1000 : (ms - 999) / 1000;
    if (second != cachedSecond) {
        cachedSecond = second;
        const QByteArray full = Common::toIsoUtc(QDateTime::fromMSecsSinceEpoch(second * 1000, Qt::UTC)).toLatin1();
        cachedPrefix = full.endsWith(".000Z") ? full.chopped(4) : QByteArray();
    }
    if (cachedPrefix.isEmpty()) // a form this code does not know: the slow way
        return Common::nowIsoUtc().toLatin1();
    const int millis = int(ms - second * 1000);
    QByteArray out;
    out.reserve(cachedPrefix.size() + 4);
    out += cachedPrefix;
    out += char('0' + millis / 100);
    out += char('0' + millis / 10 % 10);
    out += char('0' + millis % 10);
    out += 'Z';
    return out;
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
    if (status == 429 || status == 503) {
        const int retry = details.value(QStringLiteral("retry_after")).toInt();
        response.setHeader("Retry-After", QByteArray::number(qMax(1, retry)));
    }
    return response;
}

bool isDatabaseBusy(const Common::Error &error)
{
    // BULK_WRITE_BUSY: an import or KPI recompute held the database longer than the route waits.
    if (error.code == QLatin1String("DATABASE_BUSY") || error.code == QLatin1String("BULK_WRITE_BUSY"))
        return true;
    const QJsonValue native = error.details.value(QStringLiteral("native_code"));
    const QString code = native.isString() ? native.toString().trimmed() : native.isDouble() ? QString::number(native.toInteger()) : QString();
    // SQLite: BUSY, LOCKED and their extended codes (BUSY_RECOVERY, BUSY_SNAPSHOT, BUSY_TIMEOUT,
    // LOCKED_SHAREDCACHE, LOCKED_VTAB). PostgreSQL (SQLSTATE): lock_not_available (lock_timeout),
    // deadlock_detected, serialization_failure.
    static const QStringList busyCodes{QStringLiteral("5"), QStringLiteral("6"), QStringLiteral("261"), QStringLiteral("517"),
                                       QStringLiteral("773"), QStringLiteral("262"), QStringLiteral("518"),
                                       QStringLiteral("55P03"), QStringLiteral("40P01"), QStringLiteral("40001")};
    if (!code.isEmpty() && busyCodes.contains(code, Qt::CaseInsensitive))
        return true;
    return error.code == QLatin1String("DB_ERROR")
        && (error.message.contains(QLatin1String("database is locked"), Qt::CaseInsensitive)
            || error.message.contains(QLatin1String("database table is locked"), Qt::CaseInsensitive)
            || error.message.contains(QLatin1String("database is busy"), Qt::CaseInsensitive));
}

int httpStatusFor(const Common::Error &error)
{
    if (isDatabaseBusy(error))
        return 503;
    return Auth::Errors::httpStatusFor(error);
}

HttpResponse errorReply(const Common::Error &error, int status)
{
    if (isDatabaseBusy(error)) {
        // Never a 500 (nor the 400/401/422 a route asked for): nothing is wrong but the timing.
        QJsonObject details = error.details;
        details.insert(QStringLiteral("cause"), error.message);
        return errorReply(503, QStringLiteral("DATABASE_BUSY"),
                          QStringLiteral("The database is busy with another write; try again in a moment."), details);
    }
    return errorReply(status > 0 ? status : httpStatusFor(error), error.code, error.message, error.details);
}

} // namespace Api
