#pragma once
// Internal numerical kernel of the SARIMAX estimator: polynomial bookkeeping, the Monahan/Jones
// transforms, the exact stationary initialisation of the Harvey ARMA state and two Kalman filters —
// a structured O(r²)-per-step filter for the differenced series (with steady-state detection) and a
// dense filter in the state-differenced layout for series with gaps. Not part of the public API.

#include "sarimax.h"

#include <vector>

namespace Forecast::ArmaKernel {

// Reduced polynomials: w_t = Σ phi[k-1] w_{t-k} + ε_t + Σ theta[k-1] ε_{t-k}.
struct Polynomials
{
    std::vector<double> phi;
    std::vector<double> theta;
};

// Natural parameters split by role (statsmodels order).
struct ParamView
{
    double intercept = 0.0;
    std::vector<double> beta;
    std::vector<double> ar, ma, sar, sma;
};

ParamView split(const SarimaxSpec &spec, int exogCount, const std::vector<double> &params);
Polynomials reduce(const SarimaxSpec &spec, const ParamView &view);
// The same into existing objects, reusing their storage (the likelihood runs thousands of times).
void split(const SarimaxSpec &spec, int exogCount, const std::vector<double> &params, ParamView &view);
void reduce(const SarimaxSpec &spec, const ParamView &view, Polynomials &poly);

// Coefficients Δ_1..Δ_{d+sD} with u_t = Σ Δ_i u_{t-i} + w_t.
std::vector<double> integrationCoefficients(int d, int D, int s);
// w_t = (1−B)^d (1−B^s)^D x_t for t ≥ d + sD; NaN propagates. Length n − (d + sD).
std::vector<double> difference(const std::vector<double> &x, int d, int D, int s);

// Monahan (1984) / Jones (1980), as statsmodels' constrain/unconstrain_stationary_univariate.
std::vector<double> constrainStationary(const std::vector<double> &x);
// The same from x[0..n) into phi[0..n) without allocating (n ≤ 64), times −sign: sign −1 gives the
// coefficients of an invertible MA polynomial 1 + Σ θ_k L^k.
void constrainStationary(const double *x, size_t n, double *phi, double sign);
// Returns false if the polynomial 1 − Σ φ L^k is not strictly stationary.
bool unconstrainStationary(const std::vector<double> &phi, std::vector<double> &x);
// sign −1 tests 1 + Σ c_k L^k instead (invertibility of an MA polynomial given by its coefficients).
bool isStationary(const std::vector<double> &phi, double sign = 1.0);

// True when every root of 1 − Σ c_k L^k (sign −1: of 1 + Σ c_k L^k) lies strictly outside the circle
// of radius `bound`, coefficients of magnitude ≤ 1e-8 trimmed from the end first as forecast's myarima
// does. A root z becomes z / bound when c_k is scaled by bound^k, so this is the O(p²) stationarity
// step-down of the scaled polynomial.
bool rootsOutside(const std::vector<double> &c, double sign, double bound);

// Largest modulus of the inverse roots of 1 − Σ c_k L^k (companion eigenvalues); 0 for empty.
double maxInverseRoot(const std::vector<double> &coefficients);

struct FilterTotals
{
    bool ok = false;
    double sumLogF = 0.0;
    double sumV2F = 0.0; // Σ v²/F with σ² = 1
    int used = 0;
};

struct FilterOutputs
{
    std::vector<double> v;         // one-step errors, NaN where missing
    std::vector<double> f;         // their variances (σ² = 1)
    std::vector<double> state;     // predicted state after the sample
    std::vector<double> covariance;
};

// Structured filter for a zero-mean ARMA series z (NaN = missing) with exact stationary start.
FilterTotals filterArma(const Polynomials &poly, const double *z, int n, FilterOutputs *out = nullptr);

// Dense filter in the layout [ARMA r | u_{t-1} .. u_{t-dtot}] on u (NaN = missing), starting at
// t = dtot with the first dtot values as known lags (approximately diffuse when missing).
FilterTotals filterIntegrated(const Polynomials &poly, const std::vector<double> &delta, double mu,
                              const std::vector<double> &u, FilterOutputs *out = nullptr);

int stateDimension(const Polynomials &poly);

// Propagates a state of the integrated layout h steps with no new data: the mean of u_{T+j} and
// its variance (σ² = 1) for j = 1..horizon.
void forecastIntegrated(const Polynomials &poly, const std::vector<double> &delta, double mu,
                        const std::vector<double> &state, const std::vector<double> &covariance, int horizon,
                        std::vector<double> &mean, std::vector<double> &variance);

// Conditional sum of squares on z (zero-mean differenced series), conditioning on the first
// max(p*) values. Returns σ²_CSS (NaN on failure) and the count used. factors (the parameters poly was
// reduced from, seasonal period `period`; only for z without missing values) let the series be filtered by the
// factors in turn — p + P and q + Q terms per step instead of the (p + 1)(P + 1) − 1 and
// (q + 1)(Q + 1) − 1 of the products; with zero pre-sample residuals both give the same residuals.
double cssVariance(const Polynomials &poly, const std::vector<double> &z, int *used, const ParamView *factors = nullptr,
                   int period = 1);

} // namespace Forecast::ArmaKernel
