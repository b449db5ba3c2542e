#pragma once
// The JSON object `smartdata forecast --series FILE.csv --json` prints, with statsmodels' parameter
// names: {"model", "order", "seasonal_order", "trend", "params", "bse", "llf", "aic", "aicc", "bic",
// "hqic", "nobs", "ljung_box", "fit_seconds", "fallback_reason", "forecast": [...]}. Numbers that are
// undefined (a baseline has no likelihood, a standard error can be unavailable) are null.

#include "forecast/forecaster.h"

#include <QJsonObject>

namespace Forecast {

class ForecastJson final
{
public:
    static QJsonObject toJson(const ForecastOutcome &outcome);
};

} // namespace Forecast
