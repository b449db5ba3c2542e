#pragma once
// The analysis work people start by hand: anomaly detection and forecasting of one series, and an
// import followed by both (the desktop's sample data). The desktop window, the command line and the
// API start these same definitions, so a run means the same thing wherever it was asked for.
//
//   auto job = manager.start(Jobs::detectAnomaliesJob({source, metric, params, {}, {}}));
//
// A run's outcome carries numbers in its counts ("anomalies", "run_id", ...); its message is plain
// English for logs and job_runs, and a window words its own text from the counts. Whoever needs the
// whole result (the command line prints every point) passes a sink, which the work calls on its own
// thread just before it returns.

#include "anomaly/anomalyservice.h"
#include "forecast/forecastservice.h"
#include "jobs/jobdefinition.h"

#include <QByteArray>

namespace Jobs {

// One name per series, so that two detections (or two forecasts) of a series never overlap:
// "anomaly:shop/orders", "forecast:shop/orders".
QString anomalyJobName(const QString &source, const QString &metric);
QString forecastJobName(const QString &source, const QString &metric);

using AnomalyResultSink = std::function<void(const Anomaly::AnomalyResult &result)>;
using ForecastResultSink = std::function<void(const Forecast::RunInfo &run)>;

// Detects anomalies in a stored series (and stores them when `store`). Counts: "anomalies" (flagged
// days), "days" (days examined), "insufficient_data" (true when the series was too short).
JobDefinition detectAnomaliesJob(const Anomaly::RunRequest &request, bool store = true, AnomalyResultSink onResult = {});

// Fits, forecasts and stores a run of the request's field. Counts: "run_id", "field", "horizon".
JobDefinition forecastJob(const Forecast::ServiceRequest &request, ForecastResultSink onResult = {});

// What importAndAnalyseJob does after the import.
struct ImportAnalysisRequest final
{
    QString name;          // the job's name ("import:sample data")
    QByteArray data;       // the file's bytes
    QString fileName;      // as the import records it
    QString source;        // the source the events go to
    QString createdBy = QStringLiteral("desktop");
    QString forecastMetric; // forecast this metric when the file has it (empty: none)
    int forecastHorizon = 14;
};

// Imports the bytes, detects anomalies in every imported metric with the default detector
// (AnomalyParams::kDefaultMethod) and forecasts `forecastMetric`'s sum. Counts: "inserted",
// "metrics", "anomalies", and "forecast_run_id" when a forecast was made.
JobDefinition importAndAnalyseJob(const ImportAnalysisRequest &request);

// Runs a definition's work on the calling thread without a job_runs row (JobRunner records one):
// the command line's `anomaly` and `forecast` commands never recorded their runs, and still do not.
Common::Result<JobOutcome> runUnrecorded(const std::shared_ptr<Storage::Database> &database, const JobDefinition &definition,
                                         Common::ProgressReporter &progress);

} // namespace Jobs
