#include "anomalydetector.h"

#include "isolationforestdetector.h"
#include "robustzscore.h"
#include "rollingzscore.h"

#include <array>
#include <vector>

namespace Anomaly {

namespace {

// One trailing-window pass over the observed values of a series (or of one weekday of it).
struct Track final
{
    std::vector<qint64> positions;
    std::vector<double> values;
    std::vector<qsizetype> rows; // index into the series' points
};

std::vector<WindowScore> scoreTrack(const Track &track, const AnomalyParams &params)
{
    if (params.method == Method::RobustZ)
        return RobustZScore::score(track.positions, track.values, params.window, params.threshold);
    return RollingZScore::score(track.positions, track.values, params.window, params.threshold);
}

AnomalyResult runWindowed(const DailySeries &series, const AnomalyParams &params)
{
    AnomalyResult result;
    result.params = params;
    const QList<DailyPoint> &points = series.points();
    result.points.reserve(points.size());

    // Non-seasonal: one track, position = calendar day. Seasonal: one track per weekday, position =
    // week number, so "window" counts weeks and a Monday only meets Mondays.
    std::array<Track, 7> tracks;
    for (qsizetype i = 0; i < points.size(); ++i) {
        const DailyPoint &p = points.at(i);
        const std::optional<double> v = p.value(params.field);
        result.points.append(AnomalyPoint{p.day, v, std::nullopt, std::nullopt, false});
        if (!v)
            continue;
        const qint64 julian = p.day.toJulianDay();
        Track &track = params.seasonal ? tracks[size_t(p.day.dayOfWeek() - 1)] : tracks[0];
        track.positions.push_back(params.seasonal ? julian / 7 : julian);
        track.values.push_back(*v);
        track.rows.push_back(i);
    }
    for (const Track &track : tracks) {
        const std::vector<WindowScore> scores = scoreTrack(track, params);
        for (size_t k = 0; k < scores.size(); ++k) {
            if (!scores[k].computable)
                continue;
            AnomalyPoint &p = result.points[track.rows[k]];
            p.score = scores[k].z;
            p.isOutlier = scores[k].isOutlier;
        }
    }
    return result;
}

} // namespace

Common::Result<AnomalyResult> AnomalyDetector::run(const DailySeries &series, const AnomalyParams &params)
{
    if (Common::Status valid = params.validate(); !valid)
        return valid.error();
    switch (params.method) {
    case Method::RollingZ:
    case Method::RobustZ:
        return runWindowed(series, params);
    case Method::IsolationForest:
        return IsolationForestDetector::detect(series, params);
    }
    return Common::Error::internal(QStringLiteral("UNKNOWN_METHOD"), QStringLiteral("Unknown anomaly method."));
}

} // namespace Anomaly
