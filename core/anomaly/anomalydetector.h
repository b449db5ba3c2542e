#pragma once
// The entry point of the anomaly module: run one detector on one metric's daily series.
//
//   auto series = Anomaly::DailySeries::fromPoints(rows);          // Result<DailySeries>
//   auto params = Anomaly::AnomalyParams::defaults(Anomaly::Method::RobustZ);
//   params.seasonal = true;
//   auto result = Anomaly::AnomalyDetector::run(*series, params);  // Result<AnomalyResult>
//   if (!result) ... result.error() (BadInput: INVALID_WINDOW, INVALID_THRESHOLD, ...)
//   QJsonObject json = result->toApiJson();
//
// GAP POLICY. A calendar day without a row is missing (no events), not zero; a row whose chosen
// field is NULL is missing for that field. Missing days never enter a computation as a value.
// - Rolling and robust z: the trailing window is counted in CALENDAR days: day d is compared with
//   the values observed on days d-window .. d-1 (seasonal: on days d-7k, k = 1..window, i.e. the
//   same weekday of the previous `window` weeks). A day needs at least 2 observed values in that
//   span, else its z is null and it is not flagged. Why calendar days: "the last 7 days" keeps its
//   meaning across gaps, and after a long outage a day is not judged against months-old values that
//   happen to be the previous rows. On a series without gaps this is exactly the predecessor's
//   "previous `window` rows", so its results are unchanged there. A series whose values all fall on
//   one weekday, or on one day of each month (common/grain.h), counts its window in weeks or months
//   instead, and seasonal compares a month with the same month of the previous `window` years.
// - A missing day gets no point (there is no row); a row whose field is NULL gets a point with
//   value, z and score null and is_outlier false.
// - Isolation Forest: see IsolationForestDetector (features from each observed day; the
//   day-over-day change of a day after a gap is taken against the last observed day).

#include "anomalyparams.h"
#include "anomalyresult.h"
#include "dailyseries.h"

#include "common/result.h"

namespace Anomaly {

class AnomalyDetector final
{
public:
    // Validates params (a typed BadInput error, never an exception) and runs params.method.
    static Common::Result<AnomalyResult> run(const DailySeries &series, const AnomalyParams &params);
};

} // namespace Anomaly
