#include "analysisjobs.h"

#include "ingest/importer.h"

namespace Jobs {

using Common::Result;

namespace {

QString seriesJobName(const QString &kind, const QString &source, const QString &metric)
{
    return kind + QLatin1Char(':') + source + QLatin1Char('/') + metric;
}

// The work of detectAnomaliesJob, also one step of importAndAnalyseJob.
Result<Anomaly::AnomalyResult> detect(JobContext &context, const Anomaly::RunRequest &request, bool store)
{
    context.progress.progress(10, QStringLiteral("Detecting anomalies in %1/%2").arg(request.source, request.metric));
    return Anomaly::AnomalyService(context.database).run(request, store);
}

} // namespace

QString anomalyJobName(const QString &source, const QString &metric)
{
    return seriesJobName(QStringLiteral("anomaly"), source, metric);
}

QString forecastJobName(const QString &source, const QString &metric)
{
    return seriesJobName(QStringLiteral("forecast"), source, metric);
}

JobDefinition detectAnomaliesJob(const Anomaly::RunRequest &request, bool store, AnomalyResultSink onResult)
{
    JobDefinition definition;
    definition.name = anomalyJobName(request.source, request.metric);
    definition.description = QStringLiteral("Detect anomalies in %1/%2").arg(request.source, request.metric);
    definition.run = [request, store, onResult](JobContext &context) -> Result<JobOutcome> {
        auto result = detect(context, request, store);
        if (!result)
            return result.error();
        if (onResult)
            onResult(*result);
        const qint64 flagged = result->anomalies().size();
        const QJsonObject counts{{QStringLiteral("anomalies"), flagged},
                                 {QStringLiteral("days"), qint64(result->points.size())},
                                 {QStringLiteral("insufficient_data"), result->insufficientData}};
        if (result->insufficientData)
            return JobOutcome{result->insufficientReason, counts};
        return JobOutcome{QStringLiteral("%1 anomalous days").arg(flagged), counts};
    };
    return definition;
}

JobDefinition forecastJob(const Forecast::ServiceRequest &request, ForecastResultSink onResult)
{
    JobDefinition definition;
    definition.name = forecastJobName(request.source, request.metric);
    // The family when one was asked for: the jobs list tells an ETS run from an automatic one.
    const QString how = request.model == Forecast::ModelChoice::Auto || request.spec
        ? request.field
        : QStringLiteral("%1, %2").arg(request.field, Forecast::ModelSelection::choiceName(request.model));
    definition.description = QStringLiteral("Forecast %1/%2 (%3)").arg(request.source, request.metric, how);
    definition.run = [request, onResult](JobContext &context) -> Result<JobOutcome> {
        context.progress.progress(5, QStringLiteral("Fitting the model"));
        auto run = Forecast::ForecastService(context.database).run(request);
        if (!run)
            return run.error();
        if (onResult)
            onResult(*run);
        const QString grade = run->reliabilityGrade.isEmpty() ? QStringLiteral("not graded") : QStringLiteral("grade ") + run->reliabilityGrade;
        return JobOutcome{QStringLiteral("%1, %2").arg(run->model, grade),
                          QJsonObject{{QStringLiteral("run_id"), run->id},
                                      {QStringLiteral("field"), request.field},
                                      {QStringLiteral("horizon"), request.horizon}}};
    };
    return definition;
}

Result<JobOutcome> runUnrecorded(const std::shared_ptr<Storage::Database> &database, const JobDefinition &definition,
                                 Common::ProgressReporter &progress)
{
    JobContext context{database, progress, definition.name, 0, Trigger::Manual, {}, std::nullopt};
    return definition.run(context);
}

JobDefinition importAndAnalyseJob(const ImportAnalysisRequest &request)
{
    JobDefinition definition;
    definition.name = request.name;
    definition.description = QStringLiteral("Import %1 into %2, then detect anomalies and forecast").arg(request.fileName, request.source);
    definition.run = [request](JobContext &context) -> Result<JobOutcome> {
        Ingest::ImportOptions options;
        options.source = request.source;
        options.createdBy = request.createdBy;
        auto summary = Ingest::Importer(context.database).importData(request.data, request.fileName, options, &context.progress);
        if (!summary)
            return summary.error();
        qint64 flagged = 0;
        for (const QString &metric : std::as_const(summary->metrics)) {
            if (context.progress.isCancelled())
                break;
            const Anomaly::AnomalyParams params = Anomaly::AnomalyParams::defaults(Anomaly::AnomalyParams::kDefaultMethod);
            auto detected = detect(context, {request.source, metric, params, {}, {}}, true);
            if (!detected)
                return detected.error();
            flagged += detected->anomalies().size();
        }
        QJsonObject counts{{QStringLiteral("inserted"), summary->inserted},
                           {QStringLiteral("metrics"), qint64(summary->metrics.size())},
                           {QStringLiteral("anomalies"), flagged}};
        if (!request.forecastMetric.isEmpty() && !context.progress.isCancelled() && summary->metrics.contains(request.forecastMetric)) {
            context.progress.progress(99, QStringLiteral("Forecasting %1").arg(request.forecastMetric));
            Forecast::ServiceRequest forecast;
            forecast.source = request.source;
            forecast.metric = request.forecastMetric;
            forecast.horizon = request.forecastHorizon;
            auto run = Forecast::ForecastService(context.database).run(forecast);
            if (!run)
                return run.error();
            counts.insert(QStringLiteral("forecast_run_id"), run->id);
        }
        return JobOutcome{QStringLiteral("%1 events loaded").arg(summary->inserted), counts};
    };
    return definition;
}

} // namespace Jobs
