#include "anomalyresult.h"

#include <QJsonArray>

namespace Anomaly {

namespace {

QJsonValue optionalNumber(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

} // namespace

QList<AnomalyPoint> AnomalyResult::anomalies() const
{
    QList<AnomalyPoint> out;
    for (const AnomalyPoint &p : points) {
        if (p.isOutlier)
            out.append(p);
    }
    return out;
}

QJsonObject AnomalyResult::toApiJson() const
{
    const QString scoreKey = params.method == Method::IsolationForest ? QStringLiteral("score") : QStringLiteral("z");
    QJsonArray jsonPoints;
    QJsonArray jsonAnomalies;
    for (const AnomalyPoint &p : points) {
        const QString day = p.day.toString(Qt::ISODate);
        jsonPoints.append(QJsonObject{{QStringLiteral("metric_date"), day},
                                      {QStringLiteral("date"), day},
                                      {QStringLiteral("value"), optionalNumber(p.value)},
                                      {scoreKey, optionalNumber(p.score)},
                                      {QStringLiteral("is_outlier"), p.isOutlier}});
        if (p.isOutlier)
            jsonAnomalies.append(QJsonObject{{QStringLiteral("metric_date"), day}, {scoreKey, optionalNumber(p.score)}});
    }
    return QJsonObject{{QStringLiteral("method"), methodName(params.method)},
                       {QStringLiteral("points"), jsonPoints},
                       {QStringLiteral("anomalies"), jsonAnomalies}};
}

} // namespace Anomaly
