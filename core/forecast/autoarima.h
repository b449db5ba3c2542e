#pragma once
// Automatic SARIMA order selection after forecast::auto.arima (Hyndman & Khandakar 2008): D from the
// STL seasonal strength heuristic, d from repeated KPSS tests, AICc, the stepwise neighbour search in R's
// order, models with roots within 1.01 of the unit circle rejected, and R's approximation mode
// (CSS during the search, exact ML for the final model) for long series.

#include "forecast/sarimax.h"

#include <QString>

#include <vector>

namespace Forecast {

struct AutoArimaOptions
{
    int maxP = 5;
    int maxQ = 5;
    int maxSeasonalP = 2;
    int maxSeasonalQ = 2;
    int maxD = 2;
    int maxSeasonalD = 1;
    int startP = 2;
    int startQ = 2;
    int startSeasonalP = 1;
    int startSeasonalQ = 1;
    int maxModels = 94;
    bool allowDrift = true;
    bool allowMean = true;
    // -1: R's rule (n > 150 or period > 12); 0: never; 1: always.
    int approximation = -1;
    int d = -1; // fixed d, or -1 to choose by KPSS
    int D = -1; // fixed D, or -1 to choose by seasonal strength
    // The selected model's standard errors and residual diagnostics (a last fit from its optimum and
    // the Hessian). Callers that may discard the model leave them out and get them later with
    // SarimaxOptions::fixParams.
    bool standardErrors = true;
    // In approximation mode, after this many exact refits rejected for a seasonal MA root within 1.01
    // of the unit circle, skip the remaining candidates with seasonal MA terms (0: R's rule, refit
    // every ranked candidate until one passes). A deterministic season, seasonally differenced, puts
    // the MLE of any seasonal MA at the unit root; on a two-year daily KPI R's rule refits a dozen
    // such candidates, each creeping towards the root, before the first without one passes.
    int seasonalMaShortcut = 0;
    // BFGS's relative tolerance for each fit of the search (R's optim: reltol 1e-8; the default is
    // tighter, so that fits creeping towards a near-unit root reach it and are ranked as R ranks them).
    double searchTolerance = 1e-9;
};

struct AutoArimaResult
{
    bool ok = false;
    QString error;
    SarimaxResult model;  // the selected model, fitted by exact ML with standard errors
    int modelsFitted = 0;
    bool approximation = false;
    double seasonalStrength = 0.0;
    QStringList trace; // "ARIMA(2,1,2)(1,1,1)[12]: AICc -480.12" per candidate
};

class AutoArima final
{
public:
    static AutoArimaResult select(const SarimaxData &data, int period, const AutoArimaOptions &options = {});

    // Level KPSS statistic (urca type "mu"); lags < 0 uses forecast's trunc(3·sqrt(n)/13).
    static double kpssStatistic(const std::vector<double> &x, int lags = -1);
    // forecast::ndiffs with the KPSS test at 5%.
    static int ndiffs(const std::vector<double> &x, int maxD = 2);
    // forecast's seasonal strength max(0, min(1, 1 − Var(R)/Var(S + R))) from an STL decomposition
    // (s.window = 11, as forecast::mstl); forecast::nsdiffs ("seas") differences when it exceeds 0.64.
    static double seasonalStrength(const std::vector<double> &x, int period);
    static int nsdiffs(const std::vector<double> &x, int period, int maxD = 1);

    // The smallest modulus of the roots of the model's AR and MA polynomials (non-seasonal and seasonal
    // multiplied out, as forecast:::myarima tests them); infinity for white noise. auto.arima rejects
    // a candidate below 1.01.
    static double minimumRootModulus(const SarimaxResult &model);
};

} // namespace Forecast
