#pragma once
// SARIMAX(p,d,q)(P,D,Q,s) with an optional ARMA intercept and exogenous regressors (regression with
// SARIMA errors), estimated by exact Gaussian maximum likelihood with statsmodels' conventions:
// Harvey state-space form, concentrated scale, Monahan/Jones transforms for stationarity and
// invertibility, Hannan–Rissanen starting values, BFGS with a Nelder–Mead fallback.
//
// Estimation differences the data and filters the ARMA part with its exact stationary
// initialisation (the likelihood Stata and statsmodels' simple_differencing report). Series with
// missing observations inside are filtered in the state-differenced layout instead, so a gap costs
// one observation rather than d + sD differenced ones. Forecasts are on the original scale.
//
// Nothing here throws: failures are reported in SarimaxResult::ok / error.

#include <QString>
#include <QStringList>

#include <vector>

namespace Forecast {

enum class Trend { None, Constant };

struct SarimaxSpec
{
    int p = 0;
    int d = 0;
    int q = 0;
    int P = 0;
    int D = 0;
    int Q = 0;
    int s = 0;
    // 'c': the intercept of the ARMA equation as statsmodels defines it (a drift when d + D = 1;
    // the process mean is intercept / AR(1)).
    Trend trend = Trend::None;

    int seasonalPeriod() const { return (P > 0 || D > 0 || Q > 0) ? s : 0; }
    bool isValid(QString *why = nullptr) const;
    // "ARIMA(0,1,1)(0,1,1)[12]" (+ " with drift" / " with intercept").
    QString toString() const;
    bool operator==(const SarimaxSpec &) const = default;
};

struct SarimaxData
{
    std::vector<double> y;                 // NaN = missing
    std::vector<std::vector<double>> exog; // one vector per regressor, each y.size() long, finite
    QStringList exogNames;                 // defaults to x1, x2, ...
};

enum class EstimationMethod {
    ExactMl, // exact Gaussian likelihood
    Css      // conditional sum of squares (auto selection's approximation mode)
};

struct SarimaxOptions
{
    EstimationMethod method = EstimationMethod::ExactMl;
    int maxIterations = 200;
    // Stop when an iteration improves −llf/n by less than this, relative (statsmodels' L-BFGS-B uses
    // factr·eps ≈ 2.2e-9).
    double relativeTolerance = 1e-9;
    bool computeStandardErrors = true;
    bool computeDiagnostics = true;
    // Optional starting values in statsmodels order (trend, exog, ar, ma, sar, sma), natural scale;
    // used when their objective beats the Hannan–Rissanen start (ignored if not stationary/invertible).
    std::vector<double> startParams;
    // Optional curvature to go with startParams: the optimiser's inverse Hessian from a fit of the same
    // model (SarimaxResult::optimizerInverseHessian, e.g. the CSS fit of the selection search).
    std::vector<double> startInverseHessian;
    // When > 0: give up once the optimiser creeps towards an AR or MA root within this modulus — two
    // accepted steps in a row with such a root, each gaining less than 1e-5 (relative) while the
    // largest transformed coordinate grows by more than 0.05 — and return that iterate, ok but not
    // converged, with no restart or fallback. For auto
    // selection's pass/fail refits, which reject such a fit anyway: a unit MA root is the MLE of
    // over-differenced data, and the transformed coordinates reach it only as they go to infinity.
    double abandonWithinRoot = 0.0;
    // Keep startParams as they are (no estimation): the fit's likelihood, residuals and final state
    // at those parameters, e.g. to filter a longer stretch of the series with a model fitted earlier.
    // sigma2 is still concentrated out of this data. Fails if startParams has the wrong size or is
    // not stationary and invertible.
    bool fixParams = false;
};

struct ParameterEstimate
{
    QString name; // statsmodels names: const/drift, x1.., ar.L1, ma.L1, ar.S.L12, ma.S.L12, sigma2
    double value = 0.0;
    double se = 0.0; // NaN when the Hessian is not usable
};

struct SarimaxDiagnostics
{
    int ljungBoxLags = 0;
    double ljungBoxStat = 0.0;
    double ljungBoxPValue = 1.0;
    double jarqueBera = 0.0;
    double jarqueBeraPValue = 1.0;
    double skew = 0.0;
    double kurtosis = 3.0;
    double heteroskedasticity = 1.0; // H(h), statsmodels' test_heteroskedasticity
    double heteroskedasticityPValue = 1.0;
};

struct SarimaxResult
{
    bool ok = false;
    QString error;
    SarimaxSpec spec;
    EstimationMethod method = EstimationMethod::ExactMl;
    std::vector<double> params; // trend, exog, ar, ma, sar, sma (natural scale, no sigma2)
    QStringList paramNames;
    std::vector<double> standardErrors; // same layout as params (NaN if unavailable)
    double sigma2 = 0.0;
    double sigma2Se = 0.0;
    double llf = 0.0;
    double aic = 0.0;
    double aicc = 0.0;
    double bic = 0.0;
    double hqic = 0.0;
    int nobs = 0;          // length of the series
    int nobsEffective = 0; // nobs − (d + sD), statsmodels' nobs_effective
    int nobsUsed = 0;      // non-missing observations in the likelihood
    int dfModel = 0;       // estimated parameters including sigma2
    int iterations = 0;
    int functionEvaluations = 0;
    bool converged = false;
    double fitSeconds = 0.0;
    // BFGS's inverse Hessian at the optimum in its unconstrained coordinates (k×k, row major; empty
    // when another method finished the fit). Only meaningful as SarimaxOptions::startInverseHessian.
    std::vector<double> optimizerInverseHessian;
    // Standardised one-step errors v_t / sqrt(F_t σ²); NaN before the burn and where y is missing.
    std::vector<double> standardizedResiduals;
    // Raw one-step prediction errors on the original scale (NaN where undefined).
    std::vector<double> residuals;
    SarimaxDiagnostics diagnostics;

    // All parameters including sigma2, in statsmodels order, with their standard errors.
    std::vector<ParameterEstimate> estimates() const;

    // State at the end of the sample (internal layout: ARMA states, then d + sD lags of y − Xβ), in
    // units of sigma2. Used by Sarimax::forecast.
    std::vector<double> finalState;
    std::vector<double> finalCovariance;
};

struct ForecastPoint
{
    int h = 0;
    double mean = 0.0;
    double se = 0.0;
    double lower80 = 0.0;
    double upper80 = 0.0;
    double lower95 = 0.0;
    double upper95 = 0.0;
};

class Sarimax final
{
public:
    static SarimaxResult fit(const SarimaxSpec &spec, const SarimaxData &data, const SarimaxOptions &options = {});

    // h-step forecasts on the original scale. futureExog: one vector per regressor, at least
    // `horizon` long (required when the model has regressors). Returns an empty list on error.
    static std::vector<ForecastPoint> forecast(const SarimaxResult &result, int horizon,
                                               const std::vector<std::vector<double>> &futureExog = {},
                                               QString *error = nullptr);

    // Exact concentrated log-likelihood at given natural parameters (trend, exog, ar, ma, sar, sma);
    // NaN if the parameters are not stationary/invertible or the data unusable.
    static double logLikelihood(const SarimaxSpec &spec, const SarimaxData &data, const std::vector<double> &params,
                                double *sigma2 = nullptr);

    static QStringList parameterNames(const SarimaxSpec &spec, const QStringList &exogNames, int exogCount);
    static int parameterCount(const SarimaxSpec &spec, int exogCount);
};

} // namespace Forecast
