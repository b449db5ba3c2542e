#pragma once
// The forecasting entry point the application uses: fits the requested model family — automatic
// choice between SARIMA, ETS, Theta and their combination by backtest (ModelSelection), one of them,
// or a fixed SARIMA(X) order — and, when the series is too short, constant, ends in missing values, or
// the fit fails, falls back to the baseline (seasonal naive, naive, drift or mean) that backtests best,
// saying why in a sentence. It never throws and never returns a non-finite number; a series that was
// never negative never gets a negative mean or bound.

#include "forecast/autoarima.h"
#include "forecast/baseline.h"
#include "forecast/modelselection.h"
#include "forecast/sarimax.h"

#include <QString>

#include <vector>

namespace Forecast {

enum class ForecastMethod { Sarimax, Ets, Theta, Combination, SeasonalNaive, Naive, Drift, Mean };

struct ForecastRequest
{
    SarimaxData data;                            // history (NaN = missing) and regressors
    std::vector<std::vector<double>> futureExog; // one vector per regressor, ≥ horizon values
    int period = 1;                              // seasonal period (7 for daily KPIs)
    int horizon = 7;
    bool autoSelect = true;                      // false: the fixed SARIMA `spec`
    ModelChoice model = ModelChoice::Auto;       // with autoSelect: which family (regressors: ARIMA only)
    SarimaxSpec spec; // used when autoSelect is false
    AutoArimaOptions autoOptions;
    ModelSelectionOptions selection;             // its `arima` member is replaced by autoOptions
    QString unit = QStringLiteral("observations"); // for the fallback sentence ("days")
};

struct ForecastOutcome
{
    ForecastMethod method = ForecastMethod::Mean;
    QString methodName;     // "ARIMA(0,1,1)(0,1,1)[12]" or "seasonal naive"
    bool hasModel = false;  // model holds a fitted SARIMAX
    SarimaxResult model;
    int modelsFitted = 0;   // auto selection
    std::vector<ForecastPoint> points;
    QString fallbackReason; // empty when the SARIMAX model was used
    double fitSeconds = 0.0;
    // The model choice (empty family for a fixed order or a fallback): the family ("arima", "ets",
    // "theta", "combo"), what was requested ("auto", ...), why this family, and the backtest behind it.
    QString family;
    QString requested;
    QString choiceReason;
    std::vector<CandidateScore> scores;
    int backtestOrigins = 0;
    int backtestHorizon = 0;
    double intervalScale = 1.0;   // backtest calibration of the 80% band (and se)
    double intervalScale95 = 1.0; // and of the 95% band
    QString transform = QStringLiteral("none"); // "none", "log" or "box-cox"
    double lambda = 1.0;
    QString transformReason;
};

class Forecaster final
{
public:
    static ForecastOutcome run(const ForecastRequest &request) noexcept;

    // The baseline path on its own (used by run() and useful for tests).
    static ForecastOutcome fallback(const std::vector<double> &y, int period, int horizon, const QString &reason);
};

} // namespace Forecast
