#include "anomalyservice.h"

#include "common/clock.h"
#include "storage/database.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

namespace Anomaly {

using Common::Error;
using Common::Result;

namespace {

std::optional<double> optionalDouble(const QVariant &value)
{
    if (value.isNull())
        return std::nullopt;
    return value.toDouble();
}

QVariant variantOf(const std::optional<double> &value)
{
    return value ? QVariant(*value) : QVariant(QMetaType(QMetaType::Double));
}

Result<qint64> sourceIdOf(QSqlDatabase connection, const QString &source)
{
    QSqlQuery query(connection);
    query.prepare(QStringLiteral("SELECT id FROM sources WHERE name = ?"));
    query.addBindValue(source);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("looking up source %1").arg(source));
    if (!query.next())
        return Error::notFound(QStringLiteral("NOT_FOUND"), QStringLiteral("There is no source named '%1'.").arg(source));
    return query.value(0).toLongLong();
}

} // namespace

QJsonObject StoredAnomaly::toJson() const
{
    QJsonObject json{{QStringLiteral("source"), source},
                       {QStringLiteral("metric"), metric},
                       {QStringLiteral("metric_date"), day.toString(Qt::ISODate)},
                       {QStringLiteral("method"), method},
                       {QStringLiteral("field"), field},
                       {QStringLiteral("value"), value ? QJsonValue(*value) : QJsonValue()},
                       {QStringLiteral("score"), score ? QJsonValue(*score) : QJsonValue()},
                       {QStringLiteral("is_outlier"), isOutlier},
                       {QStringLiteral("params"), params},
                       {QStringLiteral("run_at"), runAt}};
    if (kind != AnomalyKind::None) {
        json.insert(QStringLiteral("kind"), kindName(kind));
        json.insert(QStringLiteral("baseline"), baseline ? QJsonValue(*baseline) : QJsonValue());
        json.insert(QStringLiteral("threshold"), threshold ? QJsonValue(*threshold) : QJsonValue());
        json.insert(QStringLiteral("reason"), reason);
    }
    return json;
}

AnomalyService::AnomalyService(std::shared_ptr<Storage::Database> database)
    : m_database(std::move(database))
{
}

Result<DailySeries> AnomalyService::loadSeries(const QString &source, const QString &metric, const QDate &to)
{
    QSqlDatabase connection = m_database->connection();
    auto sourceId = sourceIdOf(connection, source);
    if (!sourceId)
        return sourceId.error();
    QSqlQuery query(connection);
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT day, value_sum, value_count, value_avg, value_distinct FROM metric_daily"
                                 " WHERE source_id = ? AND metric = ?%1 ORDER BY day")
                      .arg(to.isValid() ? QStringLiteral(" AND day <= ?") : QString()));
    query.addBindValue(*sourceId);
    query.addBindValue(metric);
    if (to.isValid())
        query.addBindValue(to.toString(Qt::ISODate));
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading the daily KPIs of %1").arg(metric));
    QList<DailyPoint> points;
    while (query.next()) {
        DailyPoint point;
        point.day = QDate::fromString(query.value(0).toString(), Qt::ISODate);
        point.valueSum = optionalDouble(query.value(1));
        point.valueCount = optionalDouble(query.value(2));
        point.valueAvg = optionalDouble(query.value(3));
        point.valueDistinct = optionalDouble(query.value(4));
        points.append(point);
    }
    return DailySeries::fromPoints(std::move(points));
}

Result<AnomalyResult> AnomalyService::run(const RunRequest &request, bool store)
{
    QDate from = request.from, to = request.to;
    if (from.isValid() && to.isValid() && from > to)
        std::swap(from, to);
    auto series = loadSeries(request.source, request.metric, to);
    if (!series)
        return series.error();
    auto result = AnomalyDetector::run(*series, request.params);
    if (!result)
        return result;
    if (from.isValid()) {
        result->points.erase(std::remove_if(result->points.begin(), result->points.end(),
                                            [&from](const AnomalyPoint &p) { return p.day < from; }),
                             result->points.end());
    }
    if (store && !result->points.isEmpty()) {
        auto sourceId = sourceIdOf(m_database->connection(), request.source);
        if (!sourceId)
            return sourceId.error();
        if (Common::Status s = this->store(*sourceId, request.metric, *result); !s)
            return s.error();
    }
    return result;
}

Common::Status AnomalyService::store(qint64 sourceId, const QString &metric, const AnomalyResult &result)
{
    QSqlDatabase connection = m_database->connection();
    QSqlQuery query(connection);
    if (!query.exec(m_database->dialect().beginWrite()))
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("starting to store anomalies"));
    auto fail = [&query](const QString &what) -> Common::Status {
        const Error error = Storage::Database::sqlError(query.lastError(), what);
        query.exec(QStringLiteral("ROLLBACK"));
        return error;
    };
    const QString method = methodName(result.params.method);
    const QString key = result.params.paramsKey();
    query.prepare(QStringLiteral("DELETE FROM anomalies WHERE source_id = ? AND metric = ? AND method = ? AND params_key = ?"
                                 " AND day >= ? AND day <= ?"));
    query.addBindValue(sourceId);
    query.addBindValue(metric);
    query.addBindValue(method);
    query.addBindValue(key);
    query.addBindValue(result.points.first().day.toString(Qt::ISODate));
    query.addBindValue(result.points.last().day.toString(Qt::ISODate));
    if (!query.exec())
        return fail(QStringLiteral("replacing stored anomalies"));
    const QString params = QString::fromUtf8(QJsonDocument(result.params.toJson()).toJson(QJsonDocument::Compact));
    const QString field = valueFieldName(result.params.field);
    const QString now = Common::nowIsoUtc();
    if (!query.prepare(QStringLiteral("INSERT INTO anomalies (source_id, metric, day, method, field, value, score, is_outlier,"
                                      " params, params_key, run_at, kind, baseline, threshold, reason)"
                                      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")))
        return fail(QStringLiteral("preparing to store anomalies"));
    for (const AnomalyPoint &point : result.points) {
        query.addBindValue(sourceId);
        query.addBindValue(metric);
        query.addBindValue(point.day.toString(Qt::ISODate));
        query.addBindValue(method);
        query.addBindValue(field);
        query.addBindValue(variantOf(point.value));
        query.addBindValue(variantOf(point.score));
        query.addBindValue(point.isOutlier ? 1 : 0);
        query.addBindValue(params);
        query.addBindValue(key);
        query.addBindValue(now);
        const bool explained = point.isOutlier && point.kind != AnomalyKind::None;
        query.addBindValue(explained ? QVariant(kindName(point.kind)) : QVariant(QMetaType(QMetaType::QString)));
        query.addBindValue(variantOf(explained ? point.baseline : std::nullopt));
        query.addBindValue(variantOf(explained ? point.threshold : std::nullopt));
        query.addBindValue(explained ? QVariant(point.reason) : QVariant(QMetaType(QMetaType::QString)));
        if (!query.exec())
            return fail(QStringLiteral("storing anomalies"));
    }
    if (!query.exec(QStringLiteral("COMMIT")))
        return fail(QStringLiteral("committing anomalies"));
    return {};
}

Result<QList<StoredAnomaly>> AnomalyService::stored(const QString &source, const QString &metric, const QDate &from,
                                                    const QDate &to, bool allDays)
{
    QString sql = QStringLiteral("SELECT s.name, a.metric, a.day, a.method, a.field, a.value, a.score, a.is_outlier, a.params, a.run_at,"
                                 " a.kind, a.baseline, a.threshold, a.reason"
                                 " FROM anomalies a JOIN sources s ON s.id = a.source_id WHERE 1 = 1");
    QVariantList binds;
    if (!source.isEmpty()) {
        sql += QStringLiteral(" AND s.name = ?");
        binds << source;
    }
    if (!metric.isEmpty()) {
        sql += QStringLiteral(" AND a.metric = ?");
        binds << metric;
    }
    if (from.isValid()) {
        sql += QStringLiteral(" AND a.day >= ?");
        binds << from.toString(Qt::ISODate);
    }
    if (to.isValid()) {
        sql += QStringLiteral(" AND a.day <= ?");
        binds << to.toString(Qt::ISODate);
    }
    if (!allDays)
        sql += QStringLiteral(" AND a.is_outlier = 1");
    sql += QStringLiteral(" ORDER BY s.name, a.metric, a.day, a.method");
    QSqlQuery query(m_database->connection());
    query.setForwardOnly(true);
    query.prepare(sql);
    for (const QVariant &bind : std::as_const(binds))
        query.addBindValue(bind);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading stored anomalies"));
    QList<StoredAnomaly> list;
    while (query.next()) {
        StoredAnomaly a;
        a.source = query.value(0).toString();
        a.metric = query.value(1).toString();
        a.day = QDate::fromString(query.value(2).toString(), Qt::ISODate);
        a.method = query.value(3).toString();
        a.field = query.value(4).toString();
        a.value = optionalDouble(query.value(5));
        a.score = optionalDouble(query.value(6));
        a.isOutlier = query.value(7).toInt() != 0;
        a.params = QJsonDocument::fromJson(query.value(8).toString().toUtf8()).object();
        a.runAt = query.value(9).toString();
        a.kind = kindFromName(query.value(10).toString());
        a.baseline = optionalDouble(query.value(11));
        a.threshold = optionalDouble(query.value(12));
        a.reason = query.value(13).toString();
        list.append(a);
    }
    return list;
}

Result<AnomalyParams> AnomalyService::paramsFromJson(const QJsonObject &json)
{
    const auto method = methodFromName(json.value(QStringLiteral("method")).toString());
    if (!method)
        return Error::badInput(QStringLiteral("INVALID_METHOD"), QStringLiteral("Unknown anomaly method '%1'.").arg(json.value(QStringLiteral("method")).toString()));
    AnomalyParams params = AnomalyParams::defaults(*method);
    params.window = json.value(QStringLiteral("window")).toInt(params.window);
    params.threshold = json.value(QStringLiteral("threshold")).toDouble(params.threshold);
    params.seasonal = json.value(QStringLiteral("seasonal")).toBool(params.seasonal);
    const QJsonValue contamination = json.value(QStringLiteral("contamination"));
    if (contamination.isDouble())
        params.contamination = contamination.toDouble();
    else if (contamination.toString().compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0)
        params.contamination.reset(); // a stored 'auto' run stays 'auto' (the default is now 0.01)
    params.predecessorCompatible = json.value(QStringLiteral("predecessor_compatible")).toBool(false);
    params.seed = json.value(QStringLiteral("seed")).toString().toULongLong();
    if (const auto field = valueFieldFromName(json.value(QStringLiteral("field")).toString()))
        params.field = *field;
    if (Common::Status s = params.validate(); !s)
        return s.error();
    return params;
}

Result<int> AnomalyService::refreshStored()
{
    QSqlQuery query(m_database->connection());
    if (!query.exec(QStringLiteral("SELECT DISTINCT s.name, a.metric, a.params FROM anomalies a JOIN sources s ON s.id = a.source_id")))
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("listing stored anomaly runs"));
    QList<RunRequest> requests;
    while (query.next()) {
        auto params = paramsFromJson(QJsonDocument::fromJson(query.value(2).toString().toUtf8()).object());
        if (!params)
            continue; // a run stored by another version with parameters we do not know: leave it
        requests.append(RunRequest{query.value(0).toString(), query.value(1).toString(), *params, {}, {}});
    }
    query.finish();
    int refreshed = 0;
    for (const RunRequest &request : std::as_const(requests)) {
        auto result = run(request, true);
        if (!result)
            return result.error();
        ++refreshed;
    }
    return refreshed;
}

} // namespace Anomaly
