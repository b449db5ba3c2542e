#pragma once
// Isolation Forest over the days of one metric.
//
// Features per observed day (one row per metric_daily row):
//   for each of value_sum, value_count, value_avg, value_distinct that is present (non-NULL) on
//   EVERY day of the series: the level x_t and its day-over-day change x_t - x_prev, where x_prev is
//   the last observed day before t (so a day after a gap is compared with the last known level:
//   treating the missing days as zeros would invent a crash and a recovery). The first day's change
//   is 0 (no information, rather than a fake jump). A field missing on some days is left out rather
//   than imputed: the daily aggregates of one metric normally carry the same fields every day, and
//   an imputed value would be a fabricated observation. Up to 8 features.
// The forest is IsolationForest with 100 trees, max_samples min(256, n), the params' contamination
// and seed. A day is flagged iff decision_function < 0.
//
// Fewer than kMinDays observed days, or no field present on every day, is not an error: the result
// has insufficientData = true, the points are listed without scores and nothing is flagged.

#include "anomalyparams.h"
#include "anomalyresult.h"
#include "dailyseries.h"

#include "common/result.h"

#include <QStringList>

#include <vector>

namespace Anomaly {

class IsolationForestDetector final
{
public:
    static constexpr int kMinDays = 8;
    static constexpr int kEstimators = 100;
    static constexpr int kMaxSamples = 256;

    struct Features final
    {
        std::vector<double> values; // row-major, rows = series.size(), cols = names.size()
        QStringList names;          // e.g. "value_sum", "d_value_sum", ...
    };
    static Features features(const DailySeries &series);

    // params.method is not checked here (AnomalyDetector::run dispatches on it).
    static Common::Result<AnomalyResult> detect(const DailySeries &series, const AnomalyParams &params);
};

} // namespace Anomaly
