#pragma once
// The automatic choice between model families (issue 20): automatic SARIMA (AutoArima), ETS, Theta
// and their combination (the mean of the members' forecasts) are fitted to the series and compared
// by a rolling-origin backtest on the series itself; the family with the lowest backtest MASE wins.
//
// - Backtest: K = 5 origins in the last part of the series, horizon H' = the requested horizon capped so
//   that the earliest origin keeps a minimum training length (2 seasons + 2, or 10), origins H'/2 apart.
//   At the first origin every family refits the form chosen on the whole series (ARIMA: the same
//   order, parameters re-estimated; ETS: the same model; Theta: alpha), later origins keep those
//   parameters, and each forecasts H' steps; the combination averages them.
//   MASE is scaled by the in-sample seasonal naive MAE of the whole series (the same for all families).
// - Intervals: members' own; the combination's standard error is the mean of the members' (on the
//   modelling scale, i.e. the mean of their bounds). Then calibrated on the backtest: the chosen
//   family's errors standardised by their standard errors, u, give per level the ratio of the
//   empirical quantile of |u| to the normal one (q80/1.28, q95/1.96), or if larger the RMS of u
//   times Student t's quantile over the normal one with ν = 2K − 1 (the K origins' errors share
//   their shocks: about two independent errors per origin; t because that scale is estimated from
//   so few), each shrunk towards 1 with k0 = N/4 prior pseudo-errors (c² = (k0 + N·ratio²)/(k0 + N))
//   and kept in [1, 2.5]; the 80% band (and se) is widened by c80, the 95% band by c95. The
//   quantiles alone left the test bed's 95% bands at 87–89% on yearly and quarterly series; with
//   the t scale: 94.2 / 92.7 / 97.2 (yearly / quarterly / monthly). Box-Cox bias adjustment of the
//   means uses the model's own variance.
// - Speed: the backtest fits each family once, at the first origin, and filters the later
//   (longer) prefixes with those parameters; the automatic choice searches ETS over the smoothing
//   parameters only and ARIMA with CSS (see the options below). Requested families search as R.
// - Non-negative series: when the series was never negative and the untransformed forecast has a
//   negative mean or 95% lower bound, the series is Box-Cox transformed (λ by Guerrero in [0, 1];
//   with zeros in [0.5, 1], which maps 0 to a finite value), modelled, and back-transformed with
//   bias-adjusted means; every mean and bound is then at least 0.

#include "forecast/autoarima.h"
#include "forecast/sarimax.h"

#include <QString>

#include <optional>
#include <vector>

namespace Forecast {

enum class ModelChoice { Auto, Arima, Ets, Theta, Combo };

enum class TransformPolicy {
    WhenNeeded, // Box-Cox only when a never-negative series would get negative means or bands
    Always,     // Box-Cox every never-negative series
    Never
};

struct ModelSelectionOptions
{
    int origins = 5;
    bool calibrateIntervals = true;
    double calibrationPrior = 0.25; // k0 as a multiple of the backtest errors N
    double minIntervalScale = 1.0;  // never narrower than the model's own bands
    // The calibration's second estimate: the RMS of the standardised errors with Student-t tails of
    // ν = effectivePerOrigin·K − 1 degrees of freedom (0: only the empirical quantiles).
    double effectivePerOrigin = 2.0;
    TransformPolicy transform = TransformPolicy::WhenNeeded;
    // Auto keeps the combination unless a single family's backtest MASE is lower by this fraction
    // (the combination is the better bet when the backtest cannot tell them apart).
    double comboMargin = 0.1;
    // The combination averages the families whose backtest MASE is within this factor of the best
    // one's (at least the best two); 0 averages all.
    double comboTrim = 1.25;
    // ETS's Nelder–Mead budget per candidate (R: 2000). 1000 halves the time of the automatic ETS and
    // keeps R's choice on 19 of its 20 golden series (ets.h).
    int etsMaxEvaluations = 1000;
    // ETS in the automatic choice: R's search over smoothing parameters and initial states (true), or
    // over the smoothing parameters from heuristic states (false, several times faster; Ets::fit's
    // optimizeInitialStates), then at most etsPolishEvaluations over all of them. A requested ETS
    // (--model ets or combo) always searches as R's ets().
    bool etsOptimizeStates = false;
    int etsPolishEvaluations = 0;
    // Backtest: every origin re-estimates each family's parameters (true), or the first origin does
    // and the later origins filter their longer prefixes with those parameters (false: no look-ahead
    // either way, a fraction of the time).
    bool refitEachOrigin = false;
    // In the automatic choice, the ARIMA search runs in R's approximation mode
    // (CSS during the stepwise search, exact ML for the chosen order) for every series length, not
    // only for n > 150 or period > 12 as R's rule (which --model arima keeps), when the series is
    // seasonal (period > 1; a non-seasonal search is cheap). Unless arima's own
    // approximation setting is given (0 or 1).
    bool approximateArimaInChoice = true;
    // AutoArimaOptions::seasonalMaShortcut in the automatic choice.
    int arimaSeasonalMaShortcut = 2;
    // AutoArimaOptions::searchTolerance of an approximate (CSS) search in the automatic choice (an
    // exact search keeps its own: looser, it ranks near-unit roots differently,
    // which cost 5% of MASE on the yearly test bed).
    double arimaSearchTolerance = 1e-7;
    // EtsOptions::relativeTolerance of the smoothing search in the automatic choice (0: R's sqrt(eps)).
    double etsTolerance = 1e-6;
    AutoArimaOptions arima;
};

struct CandidateScore
{
    QString family; // "arima", "ets", "theta", "combo"
    QString name;   // "ARIMA(0,1,1)(0,1,1)[12]"
    double mase = 0.0;
    double smape = 0.0;
    double coverage80 = 0.0; // share of backtest actuals inside the 80% band, in percent
    double coverage95 = 0.0;
};

struct ModelSelectionResult
{
    bool ok = false;
    QString error;
    QString family;   // the chosen family
    QString name;     // its display name ("Combination of ARIMA(...), Theta")
    QString reason;   // why it was chosen
    std::vector<ForecastPoint> points; // on the original scale
    bool hasModel = false;             // model: the ARIMA fit when the chosen family is ARIMA
    SarimaxResult model;
    int modelsFitted = 0;
    std::vector<CandidateScore> scores; // backtest of every family (empty when no backtest ran)
    int origins = 0;
    int backtestHorizon = 0;
    QString transform = QStringLiteral("none"); // "none", "log" or "box-cox"
    double lambda = 1.0;
    QString transformReason;
    double intervalScale = 1.0;   // the factor applied to the 80% band (and to se)
    double intervalScale95 = 1.0; // the factor applied to the 95% band
};

class ModelSelection final
{
public:
    // y: NaN = missing (leading and interior gaps are allowed; Forecaster handles long trailing gaps).
    static ModelSelectionResult run(const std::vector<double> &y, int period, int horizon, ModelChoice choice,
                                    const ModelSelectionOptions &options = {});

    static QString choiceName(ModelChoice choice); // "auto", "arima", "ets", "theta", "combo"
    static std::optional<ModelChoice> parseChoice(const QString &text);
    static bool etsAvailable();
};

} // namespace Forecast
