#include "anomalyparams.h"

#include <QLocale>

#include <algorithm>
#include <cmath>

namespace Anomaly {

namespace {

QString shortest(double value)
{
    return QString::number(value, 'g', QLocale::FloatingPointShortest);
}

} // namespace

QString methodName(Method method)
{
    switch (method) {
    case Method::RollingZ: return QStringLiteral("zscore");
    case Method::RobustZ: return QStringLiteral("mad");
    case Method::IsolationForest: return QStringLiteral("iforest");
    case Method::SeasonalEsd: return QStringLiteral("stl");
    }
    return QStringLiteral("zscore");
}

std::optional<Method> methodFromName(QStringView name)
{
    const QString n = name.trimmed().toString().toLower();
    if (n == QLatin1String("zscore") || n == QLatin1String("rolling"))
        return Method::RollingZ;
    if (n == QLatin1String("mad") || n == QLatin1String("robust"))
        return Method::RobustZ;
    if (n == QLatin1String("iforest") || n == QLatin1String("isolation_forest"))
        return Method::IsolationForest;
    if (n == QLatin1String("stl") || n == QLatin1String("esd") || n == QLatin1String("shesd") || n == QLatin1String("s-h-esd"))
        return Method::SeasonalEsd;
    return std::nullopt;
}

AnomalyParams AnomalyParams::defaults(Method method)
{
    AnomalyParams p;
    p.method = method;
    p.threshold = method == Method::RobustZ ? kDefaultRobustThreshold
                  : method == Method::SeasonalEsd ? kDefaultEsdThreshold
                                                   : kDefaultZThreshold;
    if (method == Method::IsolationForest)
        p.contamination = kDefaultContamination;
    return p;
}

AnomalyParams AnomalyParams::predecessorDefaults(Method method)
{
    AnomalyParams p = defaults(method);
    p.contamination.reset();
    p.predecessorCompatible = method != Method::SeasonalEsd;
    return p;
}

int AnomalyParams::minWindowValues() const
{
    if (predecessorCompatible)
        return 2;
    return std::min(window, std::max(7, (window + 1) / 2));
}

Common::Status AnomalyParams::validate() const
{
    if (method == Method::IsolationForest) {
        if (contamination && !(*contamination > 0.0 && *contamination <= kMaxContamination)) {
            return Common::Error::badInput(
                QStringLiteral("INVALID_CONTAMINATION"),
                QStringLiteral("contamination must be 'auto' or a fraction in (0, 0.5]; got %1.")
                    .arg(shortest(*contamination)),
                QJsonObject{{QStringLiteral("parameter"), QStringLiteral("contamination")},
                            {QStringLiteral("value"), std::isfinite(*contamination)
                                                          ? QJsonValue(*contamination)
                                                          : QJsonValue(shortest(*contamination))},
                            {QStringLiteral("min_exclusive"), 0.0},
                            {QStringLiteral("max"), kMaxContamination}});
        }
        return {};
    }
    if (method != Method::SeasonalEsd && (window < kMinWindow || window > kMaxWindow)) {
        return Common::Error::badInput(
            QStringLiteral("INVALID_WINDOW"),
            QStringLiteral("window must be between %1 and %2; got %3.").arg(kMinWindow).arg(kMaxWindow).arg(window),
            QJsonObject{{QStringLiteral("parameter"), QStringLiteral("window")},
                        {QStringLiteral("value"), window},
                        {QStringLiteral("min"), kMinWindow},
                        {QStringLiteral("max"), kMaxWindow}});
    }
    if (!(std::isfinite(threshold) && threshold > 0.0)) {
        return Common::Error::badInput(
            QStringLiteral("INVALID_THRESHOLD"),
            QStringLiteral("threshold must be a number greater than 0; got %1.").arg(shortest(threshold)),
            QJsonObject{{QStringLiteral("parameter"), QStringLiteral("threshold")},
                        {QStringLiteral("value"), std::isfinite(threshold) ? QJsonValue(threshold)
                                                                           : QJsonValue(shortest(threshold))},
                        {QStringLiteral("min_exclusive"), 0.0}});
    }
    return {};
}

QString AnomalyParams::paramsKey() const
{
    QString key = QStringLiteral("method=") + methodName(method) + QStringLiteral(";field=") + valueFieldName(field);
    if (method == Method::IsolationForest) {
        key += QStringLiteral(";contamination=") + (contamination ? shortest(*contamination) : QStringLiteral("auto"))
               + QStringLiteral(";seed=") + QString::number(seed);
    } else if (method == Method::SeasonalEsd) {
        key += QStringLiteral(";threshold=") + shortest(threshold);
    } else {
        key += QStringLiteral(";window=") + QString::number(window) + QStringLiteral(";threshold=")
               + shortest(threshold) + QStringLiteral(";seasonal=")
               + (seasonal ? QStringLiteral("true") : QStringLiteral("false"));
        if (predecessorCompatible)
            key += QStringLiteral(";compat=predecessor");
    }
    return key;
}

QJsonObject AnomalyParams::toJson() const
{
    QJsonObject json{
        {QStringLiteral("method"), methodName(method)},
        {QStringLiteral("window"), window},
        {QStringLiteral("threshold"), threshold},
        {QStringLiteral("seasonal"), seasonal},
        {QStringLiteral("contamination"), contamination ? QJsonValue(*contamination) : QJsonValue(QStringLiteral("auto"))},
        {QStringLiteral("seed"), QString::number(seed)},
        {QStringLiteral("field"), valueFieldName(field)},
    };
    if (predecessorCompatible)
        json.insert(QStringLiteral("predecessor_compatible"), true);
    return json;
}

} // namespace Anomaly
