#pragma once
// Simple forecasting baselines used when SARIMA cannot be fitted (forecast::naive / snaive / rwf
// with drift / meanf), each with the intervals forecast::lagwalk and meanf give. They accept any
// input — missing values, constant or one-point series — and always return finite numbers.

#include "forecast/sarimax.h"

#include <QString>

#include <vector>

namespace Forecast {

enum class BaselineMethod { SeasonalNaive, Naive, Drift, Mean };

class Baseline final
{
public:
    static QString name(BaselineMethod method); // "seasonal naive", "naive", "drift", "mean"

    // Whether the method has enough data (seasonal naive needs one full season plus one value,
    // drift two values).
    static bool applicable(BaselineMethod method, const std::vector<double> &y, int period);

    // h-step forecasts from the end of y. Missing values are skipped (never zero-filled).
    static std::vector<ForecastPoint> forecast(BaselineMethod method, const std::vector<double> &y, int period,
                                               int horizon);

    // Picks the applicable baseline with the lowest rolling-origin MAE (ties: the order of the enum).
    static BaselineMethod chooseByBacktest(const std::vector<double> &y, int period, int horizon);
};

} // namespace Forecast
