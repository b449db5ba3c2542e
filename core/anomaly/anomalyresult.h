#pragma once
// What a detector returns: one point per row of the input series, in date order, plus the
// API's JSON rendering ({"method","points":[...],"anomalies":[...]}).

#include "anomalyparams.h"

#include <QDate>
#include <QJsonObject>
#include <QList>

#include <optional>

namespace Anomaly {

// What kind of departure a flagged point is.
enum class AnomalyKind {
    None,       // not flagged
    Spike,      // above its baseline
    Dip,        // below its baseline
    LevelShift, // the level moved and stayed: reported once, on the first day at the new level
};

// "", "spike", "dip", "level_shift".
QString kindName(AnomalyKind kind);
AnomalyKind kindFromName(QStringView name);

struct AnomalyPoint final
{
    QDate day;
    std::optional<double> value;  // the chosen field; nullopt when that field is NULL on this day
    // z methods: the z-score (nullopt when not computable: fewer than 2 prior values, or no value).
    // iforest: decision_function = score_samples - offset (negative = outlier), as the predecessor.
    std::optional<double> score;
    std::optional<double> scoreSamples; // iforest only: scikit-learn's score_samples, in [-1, 0]
    bool isOutlier = false;

    // Why, for a flagged point (not set by predecessorCompatible runs, whose JSON stays the
    // predecessor's): the kind, the value the detector expected (baseline), the |score| at or above
    // which it flags (threshold), a shift's levels before and after, and all of it in words.
    AnomalyKind kind = AnomalyKind::None;
    std::optional<double> baseline;
    std::optional<double> threshold;
    std::optional<double> levelBefore;
    std::optional<double> levelAfter;
    QString reason;

    static AnomalyPoint unscored(const QDate &day, std::optional<double> value)
    {
        AnomalyPoint p;
        p.day = day;
        p.value = value;
        return p;
    }
};

struct AnomalyResult final
{
    AnomalyParams params;
    QList<AnomalyPoint> points;
    // iforest only: too few days to fit (see IsolationForestDetector::kMinDays). Not an error: the
    // points are still listed with no score and nothing flagged; the API answers 204.
    bool insufficientData = false;
    QString insufficientReason;
    // iforest: the fitted offset_ (-0.5 for 'auto'); nullopt otherwise.
    std::optional<double> offset;

    // The flagged points, in date order.
    QList<AnomalyPoint> anomalies() const;

    // The API shape, for every method:
    //   {"method": "zscore"|"mad"|"iforest",
    //    "points": [{"metric_date","date","value","z"|"score","is_outlier"}],
    //    "anomalies": [{"metric_date","z"|"score"}]}
    // Dates are "YYYY-MM-DD" (metric_date and date are the same day); "z" is used by the z and stl
    // methods, "score" by iforest; a value or score that is not available is null. Unless the params
    // are predecessorCompatible, flagged points and anomalies also carry "kind", "baseline",
    // "threshold", "reason" and, for a level shift, "level_before" and "level_after".
    QJsonObject toApiJson() const;
};

} // namespace Anomaly
