#include "anomalyresult.h"

#include <QJsonArray>

namespace Anomaly {

namespace {

QJsonValue optionalNumber(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue(QJsonValue::Null);
}

void addExplanation(QJsonObject &json, const AnomalyPoint &p)
{
    json.insert(QStringLiteral("kind"), kindName(p.kind));
    json.insert(QStringLiteral("baseline"), optionalNumber(p.baseline));
    json.insert(QStringLiteral("threshold"), optionalNumber(p.threshold));
    json.insert(QStringLiteral("reason"), p.reason);
    if (p.kind == AnomalyKind::LevelShift) {
        json.insert(QStringLiteral("level_before"), optionalNumber(p.levelBefore));
        json.insert(QStringLiteral("level_after"), optionalNumber(p.levelAfter));
    }
}

} // namespace

QString kindName(AnomalyKind kind)
{
    switch (kind) {
    case AnomalyKind::Spike: return QStringLiteral("spike");
    case AnomalyKind::Dip: return QStringLiteral("dip");
    case AnomalyKind::LevelShift: return QStringLiteral("level_shift");
    case AnomalyKind::None: break;
    }
    return QString();
}

AnomalyKind kindFromName(QStringView name)
{
    if (name == QLatin1String("spike"))
        return AnomalyKind::Spike;
    if (name == QLatin1String("dip"))
        return AnomalyKind::Dip;
    if (name == QLatin1String("level_shift"))
        return AnomalyKind::LevelShift;
    return AnomalyKind::None;
}

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
    const bool explain = !params.predecessorCompatible;
    QJsonArray jsonPoints;
    QJsonArray jsonAnomalies;
    for (const AnomalyPoint &p : points) {
        const QString day = p.day.toString(Qt::ISODate);
        QJsonObject point{{QStringLiteral("metric_date"), day},
                          {QStringLiteral("date"), day},
                          {QStringLiteral("value"), optionalNumber(p.value)},
                          {scoreKey, optionalNumber(p.score)},
                          {QStringLiteral("is_outlier"), p.isOutlier}};
        if (explain && p.isOutlier)
            addExplanation(point, p);
        jsonPoints.append(point);
        if (p.isOutlier) {
            QJsonObject anomaly{{QStringLiteral("metric_date"), day}, {scoreKey, optionalNumber(p.score)}};
            if (explain) {
                anomaly.insert(QStringLiteral("value"), optionalNumber(p.value));
                addExplanation(anomaly, p);
            }
            jsonAnomalies.append(anomaly);
        }
    }
    return QJsonObject{{QStringLiteral("method"), methodName(params.method)},
                       {QStringLiteral("points"), jsonPoints},
                       {QStringLiteral("anomalies"), jsonAnomalies}};
}

} // namespace Anomaly
