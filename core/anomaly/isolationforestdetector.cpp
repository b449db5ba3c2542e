#include "isolationforestdetector.h"

#include "isolationforest.h"

#include <QLocale>

#include <algorithm>

namespace Anomaly {

IsolationForestDetector::Features IsolationForestDetector::features(const DailySeries &series)
{
    static constexpr ValueField kFields[] = {ValueField::Sum, ValueField::Count, ValueField::Avg,
                                             ValueField::Distinct};
    const QList<DailyPoint> &points = series.points();
    Features out;
    QList<ValueField> used;
    for (ValueField f : kFields) {
        bool everyDay = !points.isEmpty();
        for (const DailyPoint &p : points)
            everyDay = everyDay && p.value(f).has_value();
        if (everyDay) {
            used.append(f);
            out.names << valueFieldName(f) << QStringLiteral("d_") + valueFieldName(f);
        }
    }
    const size_t cols = size_t(out.names.size());
    out.values.assign(size_t(points.size()) * cols, 0.0);
    for (qsizetype i = 0; i < points.size(); ++i) {
        double *row = &out.values[size_t(i) * cols];
        for (qsizetype k = 0; k < used.size(); ++k) {
            const double x = *points.at(i).value(used.at(k));
            row[2 * k] = x;
            row[2 * k + 1] = i > 0 ? x - *points.at(i - 1).value(used.at(k)) : 0.0;
        }
    }
    return out;
}

Common::Result<AnomalyResult> IsolationForestDetector::detect(const DailySeries &series, const AnomalyParams &params)
{
    AnomalyResult result;
    result.params = params;
    const QList<DailyPoint> &points = series.points();
    result.points.reserve(points.size());
    for (const DailyPoint &p : points)
        result.points.append(AnomalyPoint::unscored(p.day, p.value(params.field)));

    if (points.size() < kMinDays) {
        result.insufficientData = true;
        result.insufficientReason = QStringLiteral("The Isolation Forest needs at least %1 days; the series has %2.")
                                        .arg(kMinDays)
                                        .arg(points.size());
        return result;
    }
    const Features f = features(series);
    if (f.names.isEmpty()) {
        result.insufficientData = true;
        result.insufficientReason = QStringLiteral("No daily field is present on every day of the series.");
        return result;
    }

    IsolationForest::Options options;
    options.nEstimators = kEstimators;
    options.maxSamples = kMaxSamples;
    options.contamination = params.contamination;
    options.seed = params.seed;
    IsolationForest forest(options);
    if (Common::Status fitted = forest.fit(f.values, points.size(), int(f.names.size())); !fitted)
        return fitted.error();

    const std::vector<double> &scores = forest.trainingScores();
    result.offset = forest.offset();
    // The typical level a flagged day is set against in its explanation: the median of the field.
    std::vector<double> observed;
    for (const AnomalyPoint &p : std::as_const(result.points))
        if (p.value)
            observed.push_back(*p.value);
    std::optional<double> median;
    if (!observed.empty()) {
        std::nth_element(observed.begin(), observed.begin() + long(observed.size() / 2), observed.end());
        median = observed[observed.size() / 2];
    }
    const QString contamination = params.contamination ? QLocale::c().toString(*params.contamination, 'g', 6)
                                                        : QStringLiteral("auto");
    for (qsizetype i = 0; i < result.points.size(); ++i) {
        AnomalyPoint &p = result.points[i];
        p.scoreSamples = scores[size_t(i)];
        p.score = scores[size_t(i)] - forest.offset();
        p.isOutlier = *p.score < 0.0;
        if (!p.isOutlier)
            continue;
        p.kind = p.value && median && *p.value < *median ? AnomalyKind::Dip : AnomalyKind::Spike;
        p.baseline = median;
        p.threshold = -forest.offset();
        p.reason = QStringLiteral("%1: isolated after few splits (anomaly score %2, flagged from %3, contamination %4); "
                                  "the typical value is %5")
                       .arg(kindName(p.kind), QLocale::c().toString(-scores[size_t(i)], 'g', 4),
                            QLocale::c().toString(-forest.offset(), 'g', 4), contamination,
                            median ? QLocale::c().toString(*median, 'g', 6) : QStringLiteral("unknown"));
    }
    return result;
}

} // namespace Anomaly
