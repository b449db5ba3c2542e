#pragma once
// The standard Theta method as forecast::thetaf (forecast 8.20; Assimakopoulos & Nikolopoulos 2000,
// Hyndman & Billah 2003): a series with significant seasonality at lag m (the ACF test at 90%) is
// seasonally adjusted by classical multiplicative decomposition; simple exponential smoothing (alpha
// and the initial level by least squares, alpha in [1e-4, 0.9999]) plus half the slope of a linear
// trend forecasts the adjusted series; the forecasts are reseasonalised. Intervals are thetaf's:
// sigma·sqrt((h − 1)·alpha² + 1) around the mean, sigma² = SSE / (n − 2) of the smoothing.

#include "forecast/sarimax.h"

#include <QString>

#include <vector>

namespace Forecast {

struct ThetaResult
{
    bool ok = false;
    QString error;
    bool seasonal = false;  // the ACF test found seasonality at lag `period`
    double alpha = 0.0;     // smoothing parameter of the SES
    double initialLevel = 0.0;
    double drift = 0.0;     // half the least-squares slope of the (adjusted) series
    double sigma2 = 0.0;    // SSE / (n − 2) of the SES on the (adjusted) series
    std::vector<double> seasonalFactors; // the last `period` multiplicative indices, when seasonal
    std::vector<ForecastPoint> points;
};

class Theta final
{
public:
    // y: finite values only (at least 3); period ≥ 1; horizon ≥ 1.
    // fixedAlpha in (0, 1): that smoothing parameter instead of the least-squares one (the initial
    // level is still fitted), e.g. to forecast from a later origin with a fit made earlier.
    static ThetaResult forecast(const std::vector<double> &y, int period, int horizon, double fixedAlpha = 0.0);

    // thetaf's seasonality test: |r_m| / sqrt((1 + 2 Σ_{k<m} r_k²) / n) > z(0.95), for n > 2m.
    static bool isSeasonal(const std::vector<double> &y, int period);
};

} // namespace Forecast
