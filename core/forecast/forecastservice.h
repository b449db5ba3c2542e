#pragma once
// Forecasts of stored metrics: reads a metric's daily KPIs (a day without events is missing, not
// zero), fits the model (automatic SARIMA, or a given order, falling back to a baseline with a stated
// reason), keeps every run with its points in forecast_runs / forecast_points so past forecasts can
// be scored against what happened, and grades reliability with a rolling-origin backtest.

#include "common/grain.h"
#include "common/result.h"
#include "forecast/forecaster.h"
#include "forecast/reliability.h"

#include <QDate>
#include <QJsonObject>

#include <memory>
#include <optional>

namespace Storage {
class Database;
}

namespace Forecast {

// The series' grain (common/grain.h): forecasts step by it and take its seasonal period.
using Grain = Common::Grain;

struct DailyHistory final
{
    QDate first;                // the date of the first value (invalid when there is none)
    std::vector<double> values; // one per step of the grain from `first`; NaN = no events then
    Grain grain = Grain::Day;
    bool monthEnd = false;      // Month, Quarter: the values fall on the last day of each month / quarter

    // The date of step `index` (any index, past the end too: forecasts).
    QDate dateAt(qint64 index) const;
    QDate lastDay() const { return first.isValid() ? dateAt(qint64(values.size()) - 1) : QDate(); }
    int seasonalPeriod() const { return Common::seasonalPeriod(grain); }
    QString unit() const { return Common::unitName(grain); } // "days", "weeks", "months" or "quarters"
};

struct ServiceRequest final
{
    QString source;
    QString metric;
    QString field = QStringLiteral("value_sum"); // the metric_daily column to forecast
    int horizon = 7;                 // steps of the series' grain (days for daily KPIs)
    int period = 0;                  // seasonal period; 0 = the grain's (7 daily, 52 weekly, 12 monthly)
    std::optional<SarimaxSpec> spec; // a fixed model; none = automatic selection
    ModelChoice model = ModelChoice::Auto; // without spec: the family (auto = chosen by backtest)
    QString trigger = QStringLiteral("manual");
    bool withReliability = true;     // run the backtest and store its grade with the run
    BacktestOptions backtest{5, 7, 0, 0}; // period 0 = the forecast's
};

struct StoredPoint final
{
    int h = 0;
    QDate day;
    double yhat = 0, se = 0, lower80 = 0, upper80 = 0, lower95 = 0, upper95 = 0;
};

struct ReliabilityInfo final
{
    qint64 id = 0;
    int folds = 0;
    int horizon = 0;
    int window = 0;
    AccuracyMetrics metrics;
    double score = 0;
    double relativeMae = 0; // MAE / the seasonal-naive forecast's MAE in the same folds (NaN = undefined)
    QString grade;
    QString model;
    QString field = QStringLiteral("value_sum"); // the aggregate backtested (stored in details' "field")
    QString createdAt;
    QJsonObject toJson() const;
};

struct RunInfo final
{
    qint64 id = 0;
    QString source;
    QString metric;
    QString createdAt;
    QString trigger;
    QString model;          // "SARIMA(0,1,1)(0,1,1)[7]" or "seasonal naive"
    QString fallbackReason; // empty when SARIMA was used
    int horizon = 0;
    QDate trainStart, trainEnd;
    int nobs = 0;
    double fitSeconds = 0;
    std::optional<double> reliabilityScore;
    QString reliabilityGrade;
    QJsonObject details;    // the statsmodels-style object (params, bse, llf, aic, ...), "grain" and "field"
    QList<StoredPoint> points;

    // The history's grain the run was made on (details' "grain"), and the unit of nobs and horizon.
    Grain grain() const { return Common::grainFromName(details.value(QStringLiteral("grain")).toString()); }
    QString unit() const { return Common::unitName(grain()); }
    QJsonObject toJson() const;
};

class ForecastService final
{
public:
    explicit ForecastService(std::shared_ptr<Storage::Database> database);

    // NotFound when the source does not exist; an empty history when the metric has no days.
    Common::Result<DailyHistory> history(const QString &source, const QString &metric,
                                         const QString &field = QStringLiteral("value_sum"));

    // Fits, forecasts and stores a run (with its reliability when asked). Never fails for a
    // numerical reason: a series that cannot be modelled gets a baseline and a reason.
    Common::Result<RunInfo> run(const ServiceRequest &request);

    // The rolling-origin backtest of the same model choice, stored in reliability_runs when store.
    Common::Result<ReliabilityInfo> backtest(const ServiceRequest &request, bool store);

    Common::Result<std::optional<RunInfo>> latestRun(const QString &source, const QString &metric);
    Common::Result<QList<RunInfo>> runs(const QString &source, const QString &metric, int limit = 50);

private:
    Common::Result<qint64> sourceId(const QString &source);
    // foldModel: the family each fold fits (the run's chosen one, so a fold does not repeat the
    // whole choice); none = the request's own.
    Common::Result<ReliabilityInfo> backtestHistory(const DailyHistory &history, const ServiceRequest &request,
                                                    std::optional<ModelChoice> foldModel = std::nullopt);
    Common::Result<RunInfo> readRun(qint64 runId);

    std::shared_ptr<Storage::Database> m_database;
};

} // namespace Forecast
