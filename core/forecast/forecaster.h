#pragma once
// The forecasting entry point the application uses: fits the requested or automatically selected
// SARIMA(X) model and, when the series is too short, constant, ends in missing values, or the fit
// fails, falls back to the baseline (seasonal naive, naive, drift or mean) that backtests best —
// saying why in a sentence. It never throws and never returns a non-finite number.

#include "forecast/autoarima.h"
#include "forecast/baseline.h"
#include "forecast/sarimax.h"

#include <QString>

#include <vector>

namespace Forecast {

enum class ForecastMethod { Sarimax, SeasonalNaive, Naive, Drift, Mean };

struct ForecastRequest
{
    SarimaxData data;                            // history (NaN = missing) and regressors
    std::vector<std::vector<double>> futureExog; // one vector per regressor, ≥ horizon values
    int period = 1;                              // seasonal period (7 for daily KPIs)
    int horizon = 7;
    bool autoSelect = true;
    SarimaxSpec spec; // used when autoSelect is false
    AutoArimaOptions autoOptions;
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
};

class Forecaster final
{
public:
    static ForecastOutcome run(const ForecastRequest &request) noexcept;

    // The baseline path on its own (used by run() and useful for tests).
    static ForecastOutcome fallback(const std::vector<double> &y, int period, int horizon, const QString &reason);
};

} // namespace Forecast
