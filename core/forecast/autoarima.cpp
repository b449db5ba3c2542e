#include "autoarima.h"

#include "armakernel.h"
#include "stl.h"

#include <QElapsedTimer>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <tuple>

namespace Forecast {

namespace {

std::vector<double> finiteValues(const std::vector<double> &x)
{
    std::vector<double> out;
    for (double v : x)
        if (std::isfinite(v))
            out.push_back(v);
    return out;
}

bool isConstant(const std::vector<double> &x)
{
    const std::vector<double> v = finiteValues(x);
    if (v.empty())
        return true;
    const auto [lo, hi] = std::minmax_element(v.begin(), v.end());
    return *hi - *lo <= 1e-12 * std::max(1.0, std::abs(*hi));
}

std::vector<double> diffLag(const std::vector<double> &x, int lag)
{
    if (x.size() <= size_t(lag))
        return {};
    std::vector<double> out(x.size() - size_t(lag));
    for (size_t t = size_t(lag); t < x.size(); ++t)
        out[t - size_t(lag)] = x[t] - x[t - size_t(lag)];
    return out;
}

// Residuals of the least-squares fit of y on [1, X] over the rows where y is observed (NaN elsewhere);
// y itself when the fit is not possible.
std::vector<double> regressionResiduals(const std::vector<double> &y, const std::vector<std::vector<double>> &exog)
{
    std::vector<long> rows;
    for (size_t t = 0; t < y.size(); ++t) {
        bool usable = std::isfinite(y[t]);
        for (const std::vector<double> &x : exog)
            usable = usable && t < x.size() && std::isfinite(x[t]);
        if (usable)
            rows.push_back(long(t));
    }
    const long cols = long(exog.size()) + 1;
    if (long(rows.size()) <= cols)
        return y;
    Eigen::MatrixXd X(long(rows.size()), cols);
    Eigen::VectorXd Y(long(rows.size()));
    for (long i = 0; i < long(rows.size()); ++i) {
        const size_t t = size_t(rows[size_t(i)]);
        X(i, 0) = 1.0;
        for (long j = 1; j < cols; ++j)
            X(i, j) = exog[size_t(j - 1)][t];
        Y(i) = y[t];
    }
    const Eigen::VectorXd beta = X.completeOrthogonalDecomposition().solve(Y);
    if (!beta.allFinite())
        return y;
    const Eigen::VectorXd r = Y - X * beta;
    std::vector<double> out(y.size(), std::numeric_limits<double>::quiet_NaN());
    for (long i = 0; i < long(rows.size()); ++i)
        out[size_t(rows[size_t(i)])] = r(i);
    return out;
}

struct Candidate
{
    int p, q, P, Q;
    bool constant;
    auto key() const { return std::make_tuple(p, q, P, Q, constant); }
};

} // namespace

double AutoArima::kpssStatistic(const std::vector<double> &input, int lags)
{
    const std::vector<double> x = finiteValues(input);
    const int n = int(x.size());
    if (n < 3)
        return 0.0;
    if (lags < 0)
        lags = int(std::trunc(3.0 * std::sqrt(double(n)) / 13.0));
    const double mean = std::accumulate(x.begin(), x.end(), 0.0) / n;
    std::vector<double> e(static_cast<size_t>(n));
    for (int t = 0; t < n; ++t)
        e[size_t(t)] = x[size_t(t)] - mean;
    double partial = 0.0, eta = 0.0;
    for (int t = 0; t < n; ++t) {
        partial += e[size_t(t)];
        eta += partial * partial;
    }
    eta /= double(n) * n;
    double s2 = 0.0;
    for (double v : e)
        s2 += v * v;
    s2 /= n;
    for (int j = 1; j <= lags; ++j) {
        double acc = 0.0;
        for (int t = j; t < n; ++t)
            acc += e[size_t(t)] * e[size_t(t - j)];
        s2 += 2.0 / n * (1.0 - j / (lags + 1.0)) * acc;
    }
    return s2 > 0.0 ? eta / s2 : 0.0;
}

int AutoArima::ndiffs(const std::vector<double> &input, int maxD)
{
    std::vector<double> x = finiteValues(input);
    int d = 0;
    // 0.463 is the 5% critical value; urca's interpolated p-value is below 0.05 exactly above it.
    while (d < maxD && !isConstant(x) && x.size() >= 3 && kpssStatistic(x) > 0.463) {
        x = diffLag(x, 1);
        ++d;
        if (isConstant(x))
            break;
    }
    return d;
}

double AutoArima::seasonalStrength(const std::vector<double> &input, int period)
{
    return Stl::seasonalStrength(input, period);
}

int AutoArima::nsdiffs(const std::vector<double> &x, int period, int maxD)
{
    // stl needs more than two full periods (R's nsdiffs turns its error into D = 0).
    if (period < 2 || maxD < 1 || int(x.size()) <= 2 * period || isConstant(x))
        return 0;
    return seasonalStrength(x, period) > 0.64 ? 1 : 0;
}

AutoArimaResult AutoArima::select(const SarimaxData &data, int period, const AutoArimaOptions &options)
{
    AutoArimaResult result;
    const std::vector<double> &y = data.y;
    const int n = int(y.size());
    const int observed = int(finiteValues(y).size());
    if (observed < 3) {
        result.error = QStringLiteral("only %1 observations").arg(observed);
        return result;
    }
    if (isConstant(y)) {
        result.error = QStringLiteral("the series is constant");
        return result;
    }
    const int m = period > 1 ? period : 1;
    const bool seasonal = m > 1;

    // D, then d on the seasonally differenced series. With regressors, as auto.arima does, both tests
    // see the residuals of the regression of y on [1, X] (the regressors may carry the seasonality).
    const std::vector<double> xx = data.exog.empty() ? y : regressionResiduals(y, data.exog);
    int D = 0;
    if (seasonal) {
        // One STL decomposition serves both the reported strength and nsdiffs' decision.
        result.seasonalStrength = seasonalStrength(xx, m);
        if (options.D >= 0)
            D = std::min(options.D, 1);
        else if (n > 2 * m && options.maxSeasonalD >= 1 && int(xx.size()) > 2 * m && !isConstant(xx))
            D = result.seasonalStrength > 0.64 ? 1 : 0;
    }
    std::vector<double> xs = xx;
    if (D > 0)
        xs = diffLag(xx, m);
    int d = options.d >= 0 ? options.d : ndiffs(xs, options.maxD);

    const int nstar = n - d - D * m;
    int maxP = std::min(options.maxP, observed / 3);
    int maxQ = std::min(options.maxQ, observed / 3);
    int maxSP = seasonal ? std::min(options.maxSeasonalP, observed / 3 / m) : 0;
    int maxSQ = seasonal ? std::min(options.maxSeasonalQ, observed / 3 / m) : 0;
    if (seasonal) {
        maxP = std::min(maxP, m - 1);
        maxQ = std::min(maxQ, m - 1);
    }
    const bool allowConstant = (d + D == 1 && options.allowDrift) || (d + D == 0 && options.allowMean);
    const bool approximation = options.approximation < 0 ? (n > 150 || m > 12) : options.approximation > 0;
    result.approximation = approximation;

    auto makeSpec = [&](const Candidate &c) {
        SarimaxSpec spec;
        spec.p = c.p;
        spec.d = d;
        spec.q = c.q;
        if (seasonal) {
            spec.P = c.P;
            spec.D = D;
            spec.Q = c.Q;
            spec.s = m;
        }
        spec.trend = c.constant ? Trend::Constant : Trend::None;
        return spec;
    };

    // Approximation offset: exact ML fit of (0,d,0)(0,D,0) (R: -2 loglik - n log sigma2).
    double offset = 0.0;
    if (approximation) {
        SarimaxOptions o;
        o.computeStandardErrors = false;
        o.computeDiagnostics = false;
        const SarimaxResult base = Sarimax::fit(makeSpec({0, 0, 0, 0, allowConstant}), data, o);
        if (base.ok)
            offset = -2.0 * base.llf - observed * std::log(base.sigma2);
        else
            result.trace << QStringLiteral("approximation offset unavailable: %1").arg(base.error);
    }

    std::map<std::tuple<int, int, int, int, bool>, double> tried;
    // Search estimates and their BFGS curvature: the start of the final exact fit.
    std::map<std::tuple<int, int, int, int, bool>, std::pair<std::vector<double>, std::vector<double>>> estimates;
    std::vector<std::pair<double, Candidate>> ranked;
    int fitted = 0;

    Candidate best{std::min(options.startP, maxP), std::min(options.startQ, maxQ),
                   seasonal ? std::min(options.startSeasonalP, maxSP) : 0,
                   seasonal ? std::min(options.startSeasonalQ, maxSQ) : 0, allowConstant};
    if (n < 10) {
        best.p = std::min(best.p, 1);
        best.q = std::min(best.q, 1);
        best.P = best.Q = 0;
    }
    auto evaluateCandidate = [&](const Candidate &c) -> double {
        const auto key = c.key();
        const auto it = tried.find(key);
        if (it != tried.end())
            return it->second;
        SarimaxOptions o;
        o.computeStandardErrors = false;
        o.computeDiagnostics = false;
        o.method = approximation ? EstimationMethod::Css : EstimationMethod::ExactMl;
        // Ranking candidates needs the criterion to ~1e-3, not the last digit.
        o.maxIterations = 60;
        o.relativeTolerance = 1e-7;
        const SarimaxSpec spec = makeSpec(c);
        const SarimaxResult fit = Sarimax::fit(spec, data, o);
        ++fitted;
        double ic = HUGE_VAL;
        if (fit.ok) {
            estimates[key] = {fit.params, fit.optimizerInverseHessian};
            const int npar = int(fit.params.size()) + 1;
            double aic = fit.aic;
            if (approximation)
                aic = offset + nstar * std::log(fit.sigma2) + 2.0 * npar;
            if (nstar - npar - 1 > 0)
                ic = aic + 2.0 * npar * (npar + 1.0) / (nstar - npar - 1.0);
            // Reject near-non-stationary or near-non-invertible fits (|root| < 1.01).
            const ArmaKernel::ParamView view = ArmaKernel::split(spec, int(data.exog.size()), fit.params);
            const ArmaKernel::Polynomials poly = ArmaKernel::reduce(spec, view);
            // An inverse root λ of 1 − Σ c_k L^k becomes 1.01·λ when c_k is scaled by 1.01^k, so
            // "all |λ| < 1/1.01" is stationarity of the scaled polynomial: an O(p²) step-down test
            // instead of the companion matrix's eigenvalues.
            auto rootsClear = [](const std::vector<double> &c, double sign) {
                std::vector<double> scaled(c.size());
                double factor = 1.0;
                for (size_t k = 0; k < c.size(); ++k) {
                    factor *= 1.01;
                    scaled[k] = sign * c[k] * factor;
                }
                return ArmaKernel::isStationary(scaled);
            };
            if (!rootsClear(poly.phi, 1.0) || !rootsClear(poly.theta, -1.0))
                ic = HUGE_VAL;
            if (!std::isfinite(ic))
                ic = HUGE_VAL;
        }
        tried[key] = ic;
        ranked.push_back({ic, c});
        result.trace << QStringLiteral("%1: %2").arg(
            spec.toString(), ic == HUGE_VAL ? QStringLiteral("rejected") : QStringLiteral("AICc %1").arg(ic, 0, 'f', 3));
        return ic;
    };

    double bestIc = evaluateCandidate(best);
    auto consider = [&](const Candidate &c) {
        if (tried.count(c.key()))
            return false;
        const double ic = evaluateCandidate(c);
        if (ic < bestIc) {
            bestIc = ic;
            best = c;
            return true;
        }
        return false;
    };
    consider({0, 0, 0, 0, allowConstant});
    if (maxP > 0 || maxSP > 0)
        consider({maxP > 0 ? 1 : 0, 0, maxSP > 0 ? 1 : 0, 0, allowConstant});
    if (maxQ > 0 || maxSQ > 0)
        consider({0, maxQ > 0 ? 1 : 0, 0, maxSQ > 0 ? 1 : 0, allowConstant});
    if (allowConstant)
        consider({0, 0, 0, 0, false});

    bool improved = true;
    while (improved && fitted < options.maxModels) {
        improved = false;
        const Candidate b = best;
        const std::vector<Candidate> neighbours = {
            {b.p, b.q, b.P - 1, b.Q, b.constant},     {b.p, b.q, b.P, b.Q - 1, b.constant},
            {b.p, b.q, b.P + 1, b.Q, b.constant},     {b.p, b.q, b.P, b.Q + 1, b.constant},
            {b.p, b.q, b.P - 1, b.Q - 1, b.constant}, {b.p, b.q, b.P - 1, b.Q + 1, b.constant},
            {b.p, b.q, b.P + 1, b.Q - 1, b.constant}, {b.p, b.q, b.P + 1, b.Q + 1, b.constant},
            {b.p - 1, b.q, b.P, b.Q, b.constant},     {b.p, b.q - 1, b.P, b.Q, b.constant},
            {b.p + 1, b.q, b.P, b.Q, b.constant},     {b.p, b.q + 1, b.P, b.Q, b.constant},
            {b.p - 1, b.q - 1, b.P, b.Q, b.constant}, {b.p - 1, b.q + 1, b.P, b.Q, b.constant},
            {b.p + 1, b.q - 1, b.P, b.Q, b.constant}, {b.p + 1, b.q + 1, b.P, b.Q, b.constant},
        };
        for (const Candidate &c : neighbours) {
            if (fitted >= options.maxModels)
                break;
            if (c.p < 0 || c.q < 0 || c.P < 0 || c.Q < 0 || c.p > maxP || c.q > maxQ || c.P > maxSP || c.Q > maxSQ)
                continue;
            if (consider(c)) {
                improved = true;
                break;
            }
        }
        if (!improved && (options.allowDrift || options.allowMean) && allowConstant && fitted < options.maxModels)
            improved = consider({b.p, b.q, b.P, b.Q, !b.constant});
    }
    result.modelsFitted = fitted;

    // Final model(s) by exact ML, in increasing IC order until one fits.
    std::sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &[ic, c] : ranked) {
        if (ic == HUGE_VAL)
            break;
        // The search estimates (CSS in approximation mode) are a good start for the exact fit.
        SarimaxOptions o;
        o.startParams = estimates[c.key()].first;
        o.startInverseHessian = estimates[c.key()].second;
        SarimaxResult fit = Sarimax::fit(makeSpec(c), data, o);
        if (fit.ok) {
            result.model = fit;
            result.ok = true;
            return result;
        }
        if (!approximation)
            break;
    }
    result.error = QStringLiteral("no candidate model could be fitted");
    return result;
}

} // namespace Forecast
