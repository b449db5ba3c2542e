#include "anomalydetector.h"

#include "isolationforestdetector.h"
#include "robustzscore.h"
#include "rollingzscore.h"
#include "scalefloor.h"
#include "seasonalesd.h"

#include "common/grain.h"

#include <QLocale>

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
    WindowRules rules;
    rules.minValues = params.minWindowValues();
    if (!params.predecessorCompatible)
        rules.scaleFloor = kScaleFloorFraction * typicalNoiseScale(track.values);
    if (params.method == Method::RobustZ)
        return RobustZScore::score(track.positions, track.values, params.window, params.threshold, rules);
    return RollingZScore::score(track.positions, track.values, params.window, params.threshold, rules);
}

QString number(double v)
{
    return QLocale::c().toString(v, 'g', 6);
}

void explain(AnomalyPoint &p, const WindowScore &s, const AnomalyParams &params, const QString &unit)
{
    p.kind = s.z > 0 ? AnomalyKind::Spike : AnomalyKind::Dip;
    p.baseline = s.centre;
    p.threshold = params.threshold;
    const QString centre = params.method == Method::RobustZ ? QStringLiteral("median") : QStringLiteral("mean");
    const QString window = params.seasonal ? QStringLiteral("the same weekday (or month) of the last %1 periods").arg(params.window)
                                           : QStringLiteral("the last %1 %2").arg(params.window).arg(unit);
    p.reason = QStringLiteral("%1: %2 is %3 sd %4 the %5 %6 of %7 (sd %8; flagged from %9 sd)")
                   .arg(kindName(p.kind), number(p.value.value_or(0.0)), number(std::abs(s.z)),
                        s.z > 0 ? QStringLiteral("above") : QStringLiteral("below"), centre, number(s.centre), window,
                        number(s.scale), number(params.threshold));
}

AnomalyResult runWindowed(const DailySeries &series, const AnomalyParams &params)
{
    AnomalyResult result;
    result.params = params;
    const QList<DailyPoint> &points = series.points();
    result.points.reserve(points.size());

    // Positions count the series' own steps (common/grain.h): days, or weeks or months for a series
    // whose values all fall on one weekday or one day of each month. Non-seasonal: one track.
    // Seasonal: a daily series gets one track per weekday, position = week number, so "window"
    // counts weeks and a Monday only meets Mondays; a monthly one gets one track per calendar month,
    // a quarterly one one per quarter, position = year; a weekly one has a single weekday already.
    QList<QDate> days;
    days.reserve(points.size());
    for (const DailyPoint &p : points)
        days.append(p.day);
    const Common::Grain grain = Common::grainOf(days);
    std::array<Track, 12> tracks;
    for (qsizetype i = 0; i < points.size(); ++i) {
        const DailyPoint &p = points.at(i);
        const std::optional<double> v = p.value(params.field);
        result.points.append(AnomalyPoint::unscored(p.day, v));
        if (!v)
            continue;
        size_t trackIndex = 0;
        qint64 position = Common::stepIndex(grain, p.day);
        if (params.seasonal && grain == Common::Grain::Day) {
            trackIndex = size_t(p.day.dayOfWeek() - 1);
            position = p.day.toJulianDay() / 7;
        } else if (params.seasonal && (grain == Common::Grain::Month || grain == Common::Grain::Quarter)) {
            trackIndex = size_t(p.day.month() - 1); // a quarter's months are 3 apart: one track per quarter
            position = p.day.year();
        }
        Track &track = tracks[trackIndex];
        track.positions.push_back(position);
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
            if (p.isOutlier && !params.predecessorCompatible)
                explain(p, scores[k], params, Common::unitName(grain));
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
    case Method::SeasonalEsd:
        return SeasonalEsd::detect(series, params);
    }
    return Common::Error::internal(QStringLiteral("UNKNOWN_METHOD"), QStringLiteral("Unknown anomaly method."));
}

} // namespace Anomaly
