#pragma once
// Exponential smoothing state-space models (ETS, Hyndman et al. 2008) as R's forecast::ets()
// (forecast 8.20): additive or multiplicative error, no / additive / additive-damped trend, no /
// additive / multiplicative season, fitted by maximum likelihood and chosen by AICc.
//
// How to call it:
//     const Forecast::EtsFit fit = Forecast::Ets::fitAuto(y, period);      // R's ets(y)
//     const Forecast::EtsFit ana = Forecast::Ets::fit(y, period, *Forecast::EtsSpec::parse(u"ANA"));
//     if (fit.ok) { auto points = Forecast::Ets::forecast(fit, horizon); } // mean, se, 80/95 bands
//
// Cost (bench_ets; shared 2-core machine, load ~6): about 1.2 µs of CPU per likelihood evaluation
// of a 150-point series, and R's search needs ~18,000 evaluations for the 15 monthly candidates:
// ~23 ms CPU per fitAuto (R: ~820 ms), ~75 ms for 730 daily points with period 7. The time is all
// in R's Nelder–Mead; EtsOptions trades R parity for time: maxEvaluations = 1000 halves it (R's
// choice kept on 19 of 20 golden series, 24 of 231 fits more than 1e-3 below R's loglik), 500
// quarters it (19 of 20; 53 of 231 below). threads > 1 splits fitAuto's candidates for one series.
//
// Against R (tests/forecast/tst_ets.cpp, golden/ets_goldens.R): on 20 published series all 231
// fixed-model fits reproduce R's loglik to ~1e-9 and its parameters, and the automatic choice is
// R's on 20 of 20 series.
//
// What follows R, and where it differs:
// - Estimation is R's: initial states from a classical decomposition (or a Fourier regression for
//   fewer than 3 periods) and a regression on the first max(10, 2m) adjusted values; R's starting
//   smoothing parameters; the likelihood criterion n·log(SSE) [+ 2·Σlog|ŷ|] ("lik"); the "both"
//   bounds (0.0001 ≤ α, β, γ ≤ 0.9999, 0.8 ≤ φ ≤ 0.98, β ≤ α, γ ≤ 1 − α, plus the admissible
//   region); R's Nelder–Mead (optim's nmmin, reltol sqrt(eps), at most 2000 evaluations). The
//   admissibility test decides "all roots inside |z| ≤ 1 + 1e-10" with a Schur–Cohn recursion
//   instead of R's polyroot, which only matters on that boundary.
// - loglik, AIC, AICc and BIC are R's figures: loglik = −0.5·lik without the Gaussian constants,
//   and the parameter count includes σ². sigma2 = SSE / (n − number of estimated parameters).
// - The automatic choice tries R's default set (no multiplicative trend; multiplicative error and
//   season only for strictly positive data; season only for 1 < period ≤ 24 and n > period; damped
//   and undamped trends) and keeps the lowest AICc. For daily KPIs with a weekly season pass 7.
// - Intervals are analytic for every model this class fits: class 1 (additive error, ANN … AAdA)
//   and class 2 (MNN, MAN, MAdN, MNA, MAA, MAdA) as forecast's class1/class2, class 3 (MNM, MAM,
//   MAdM) as forecast's class3 (Hyndman et al. 2008, ch. 6), whose mean is E[y] (it includes the
//   level–season covariance for h > m). No simulation is needed. Two deliberate differences, both
//   R bugs confirmed against R's own simulate():
//   · for a season without trend (ANA, MNA) R's class1 puts γ on the second seasonal state, which
//     moves the variance's seasonal step from h = m + 1 to h = m; here γ acts on the newest season,
//     so those bands agree with R for h < m and differ after (on UKgas, γ ≈ 0.8–0.96, by 26% of
//     the half-width for ANA and 45% for MNA; by < 0.1% where γ is small);
//   · for MAdM R's class3 leaves φ out (forecasting l + b instead of l + φb); here φ is in, which
//     moves means by up to 0.3% and bands by ~1% on the test series.
// - Not supported: multiplicative trends, fixed smoothing parameters, Box–Cox, and R's special
//   path for tiny series (n ≤ parameters + 4, where R falls back to HoltWinters): those return
//   an error. A constant series gives R's answer (level = the value, α = 0.99999, zero variance).

#include "forecast/sarimax.h" // ForecastPoint

#include <QString>
#include <QStringView>

#include <optional>
#include <vector>

namespace Forecast {

enum class EtsComponent { None, Additive, Multiplicative };

// One model of the family, e.g. "MAdM": error, trend (+ damping), season.
struct EtsSpec
{
    EtsComponent error = EtsComponent::Additive;
    EtsComponent trend = EtsComponent::None;
    bool damped = false;
    EtsComponent season = EtsComponent::None;

    // "ANN", "AAdN", "MAM", … (R's model string with "d" for damping); nullopt if malformed or
    // not supported (multiplicative trend, damping without trend).
    static std::optional<EtsSpec> parse(QStringView code);
    QString code() const;  // "AAdM"
    QString label() const; // "ETS(A,Ad,M)", as R prints it
    bool operator==(const EtsSpec &other) const = default;
};

struct EtsFit
{
    bool ok = false;
    QString error;

    EtsSpec spec;
    int period = 1; // seasonal period used (1 when the model has no season)
    int n = 0;      // observations fitted

    double alpha = 0.0;
    double beta = 0.0;  // 0 without trend
    double gamma = 0.0; // 0 without season
    double phi = 1.0;   // 1 unless damped

    // States in R's order: level, slope (with trend), then s1..sm (s1 the most recent season).
    std::vector<double> initialStates; // at time 0, before the first observation
    std::vector<double> finalStates;   // after the last observation: the forecast origin

    int parameterCount = 0; // as R's AIC: smoothing parameters + free initial states + σ²
    double loglik = 0.0;
    double aic = 0.0;
    double aicc = 0.0;
    double bic = 0.0;
    double sigma2 = 0.0; // residual variance (relative errors for multiplicative error)
    double mse = 0.0;    // mean squared one-step error on the data scale

    std::vector<double> residuals; // y − ŷ, or (y − ŷ)/ŷ for multiplicative error
    std::vector<double> fitted;    // one-step forecasts ŷ
    int evaluations = 0;           // likelihood evaluations of the optimiser
};

struct EtsOptions
{
    // Which models fitAuto tries (R's default set when all are true).
    bool allowMultiplicativeError = true;  // still only for strictly positive data
    bool allowMultiplicativeSeason = true; // idem
    bool allowDamped = true;
    bool allowTrend = true;
    // R's Nelder–Mead stops after 2000 evaluations or on a collapsed simplex, often short of the
    // optimum (on the golden series R's loglik is below the reachable one by 1.9 on average, 43 at
    // worst). Each restart runs Nelder–Mead again from the best point with a fresh simplex while it
    // improves; one restart raised 178 of 231 fits but doubles the time. 0 reproduces R exactly.
    int restarts = 0;
    int maxEvaluations = 2000; // per Nelder–Mead run (R's maxit)
    // false: the initial states stay at R's heuristic start (decomposition and regression) and
    // Nelder–Mead searches only the 1–4 smoothing parameters, which takes ~5–15× fewer likelihood
    // evaluations than R's search over all states (up to m + 6 parameters). The states still count
    // as parameters in AIC and sigma2, so criteria stay comparable between models. Not R's fit: for
    // speed where R parity is not the point (the automatic choice between model families).
    bool optimizeInitialStates = true;
    // With optimizeInitialStates false: after the smoothing search, a Nelder–Mead over all parameters
    // (states too) from its result with at most this many evaluations (0: none).
    int polishEvaluations = 0;
    // With optimizeInitialStates false: the smoothing search stops when the simplex's values agree
    // to this relative tolerance (0: R's sqrt(eps) ≈ 1.5e-8).
    double relativeTolerance = 0.0;
    // fitAuto fits the candidates on this many threads (the result does not depend on it). Leave
    // at 1 when the caller already runs series in parallel.
    int threads = 1;
};

class Ets final
{
public:
    // Fits one model. y: finite values; period: observations per season (1 = none). A seasonal spec
    // needs 1 < period ≤ 24 and n > period; multiplicative parts need y > 0.
    static EtsFit fit(const std::vector<double> &y, int period, const EtsSpec &spec, const EtsOptions &options = {});

    // R's ets(y): every allowed model, the one with the lowest AICc.
    static EtsFit fitAuto(const std::vector<double> &y, int period, const EtsOptions &options = {});

    // The models fitAuto tries, in R's order.
    static std::vector<EtsSpec> candidates(const std::vector<double> &y, int period,
                                           const EtsOptions &options = {});

    // The fitted model run over another series y from the same start (e.g. a longer stretch of the
    // series it was fitted to): the same smoothing parameters and initial states, new residuals,
    // final states, likelihood and sigma2 (from y's errors). Not ok if y does not suit the model.
    static EtsFit apply(const EtsFit &model, const std::vector<double> &y);

    // Point forecasts with analytic standard errors and normal 80/95% bands, h = 1..horizon.
    static std::vector<ForecastPoint> forecast(const EtsFit &fit, int horizon);
};

} // namespace Forecast
