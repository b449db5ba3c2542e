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

// myarima's root check without the roots: true when every root of the model's reduced AR and MA
// polynomials lies at least `bound` from the origin (ArmaKernel::rootsOutside); companion
// eigenvalues (minimumRootModulus) cost a dense eigensolver per candidate, 26×26 for a monthly SAR(2).
bool rootsClear(const SarimaxResult &model, double bound)
{
    if (model.params.empty())
        return true;
    const int exogCount = int(model.params.size()) - Sarimax::parameterCount(model.spec, 0);
    const ArmaKernel::Polynomials poly = ArmaKernel::reduce(model.spec, ArmaKernel::split(model.spec, exogCount, model.params));
    return ArmaKernel::rootsOutside(poly.phi, 1.0, bound) && ArmaKernel::rootsOutside(poly.theta, -1.0, bound);
}

// A seasonal MA factor Θ(B^s) with a root within `bound` of the unit circle in B (within bound^s in
// B^s): the mark of a seasonal difference taken on a deterministic season.
bool seasonalMaNearUnit(const SarimaxResult &model, double bound)
{
    if (model.params.empty() || model.spec.Q == 0 || model.spec.s < 2)
        return false;
    const int exogCount = int(model.params.size()) - Sarimax::parameterCount(model.spec, 0);
    const ArmaKernel::ParamView view = ArmaKernel::split(model.spec, exogCount, model.params);
    return !ArmaKernel::rootsOutside(view.sma, -1.0, std::pow(bound, model.spec.s));
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

double AutoArima::minimumRootModulus(const SarimaxResult &model)
{
    if (model.params.empty())
        return HUGE_VAL;
    const int exogCount = int(model.params.size()) - Sarimax::parameterCount(model.spec, 0);
    const ArmaKernel::ParamView view = ArmaKernel::split(model.spec, exogCount, model.params);
    const ArmaKernel::Polynomials poly = ArmaKernel::reduce(model.spec, view);
    // myarima drops coefficients below 1e-8 from the end before polyroot.
    auto trimmed = [](std::vector<double> c, double sign) {
        for (double &v : c)
            v *= sign;
        while (!c.empty() && std::abs(c.back()) <= 1e-8)
            c.pop_back();
        return c;
    };
    // A root of 1 − Σ c_k z^k is the inverse of a companion eigenvalue.
    const double inverse = std::max(ArmaKernel::maxInverseRoot(trimmed(poly.phi, 1.0)),
                                    ArmaKernel::maxInverseRoot(trimmed(poly.theta, -1.0)));
    return inverse > 0.0 ? 1.0 / inverse : HUGE_VAL;
}

AutoArimaResult AutoArima::select(const SarimaxData &data, int period, const AutoArimaOptions &options)
{
    AutoArimaResult result;
    const std::vector<double> &y = data.y;
    const int n = int(y.size());
    const int observed = int(finiteValues(y).size()); // R's serieslength
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

    // Order caps as auto.arima sets them before choosing the differences.
    int maxP = std::min(options.maxP, observed / 3);
    int maxQ = std::min(options.maxQ, observed / 3);
    int maxSP = seasonal ? std::min(options.maxSeasonalP, observed / 3 / m) : 0;
    int maxSQ = seasonal ? std::min(options.maxSeasonalQ, observed / 3 / m) : 0;

    // D, then d on the seasonally differenced series. With regressors, as auto.arima does, both tests
    // see the residuals of the regression of y on [1, X] (the regressors may carry the seasonality),
    // and a difference that would make a regressor constant (a time index under d = 1) is taken back.
    const std::vector<double> xx = data.exog.empty() ? y : regressionResiduals(y, data.exog);
    auto anyRegressorConstant = [&](int dd, int DD) {
        for (const std::vector<double> &x : data.exog) {
            std::vector<double> dx = DD > 0 ? diffLag(x, m) : x;
            for (int i = 0; i < dd; ++i)
                dx = diffLag(dx, 1);
            if (isConstant(dx))
                return true;
        }
        return false;
    };
    int D = 0;
    if (seasonal) {
        // One STL decomposition serves both the reported strength and nsdiffs' decision.
        result.seasonalStrength = seasonalStrength(xx, m);
        if (options.D >= 0)
            D = std::min(options.D, 1);
        else if (n > 2 * m && options.maxSeasonalD >= 1 && !isConstant(xx)) {
            D = result.seasonalStrength > 0.64 ? 1 : 0;
            if (D > 0 && anyRegressorConstant(0, D))
                D = 0;
        }
    }
    const std::vector<double> xs = D > 0 ? diffLag(xx, m) : xx;
    int d = options.d;
    if (d < 0) {
        d = ndiffs(xs, options.maxD);
        if (d > 0 && anyRegressorConstant(d, D))
            --d;
    }
    if (seasonal) {
        // auto.arima limits the non-seasonal orders below the period only where seasonal terms may enter.
        if (maxSP > 0)
            maxP = std::min(maxP, m - 1);
        if (maxSQ > 0)
            maxQ = std::min(maxQ, m - 1);
    }

    const int nstar = observed - d - D * m;
    const bool allowDrift = options.allowDrift && d + D == 1;
    const bool allowMean = options.allowMean && d + D == 0;
    const bool allowConstant = allowDrift || allowMean;
    const bool approximation = options.approximation < 0 ? (n > 150 || m > 12) : options.approximation > 0;
    result.approximation = approximation;
    const bool useAic = observed <= 3; // auto.arima's ic switch for tiny series (AICc undefined)

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

    // Approximation offset from the exact fit of (0,d,0)(0,D,0): R's stats::arima call includes a
    // mean only without differencing (-2 loglik - serieslength log sigma2).
    double offset = 0.0;
    if (approximation) {
        SarimaxOptions o;
        o.computeStandardErrors = false;
        o.computeDiagnostics = false;
        const SarimaxResult base = Sarimax::fit(makeSpec({0, 0, 0, 0, d + D == 0}), data, o);
        if (base.ok)
            offset = -2.0 * base.llf - observed * std::log(base.sigma2);
        else
            result.trace << QStringLiteral("approximation offset unavailable: %1").arg(base.error);
    }

    // The criterion of a fit as myarima computes it: AICc (AIC for tiny series) from the exact
    // likelihood, or from the CSS variance in approximation mode; infinity when a root of the AR or MA
    // polynomial lies within 1.01 of the unit circle.
    auto criterion = [&](const SarimaxResult &fit, bool approximate) {
        if (!fit.ok)
            return HUGE_VAL;
        const int npar = int(fit.params.size()) + 1;
        const double aic = approximate ? offset + nstar * std::log(fit.sigma2) + 2.0 * npar : fit.aic;
        double ic = aic;
        if (!useAic)
            ic = nstar - npar - 1 > 0 ? aic + 2.0 * npar * (npar + 1.0) / (nstar - npar - 1.0) : HUGE_VAL;
        if (!std::isfinite(ic) || !rootsClear(fit, 1.01))
            return HUGE_VAL;
        return ic;
    };

    std::map<std::tuple<int, int, int, int, bool>, double> tried;
    // The search fits: exact ones are final as they stand (R keeps them); CSS ones start the exact refit
    // with their estimates and BFGS curvature.
    std::map<std::tuple<int, int, int, int, bool>, SarimaxResult> estimates;
    std::vector<std::pair<double, Candidate>> ranked;
    int fitted = 0;

    auto fitCandidate = [&](const Candidate &c) -> double {
        SarimaxOptions o;
        o.computeStandardErrors = false;
        o.computeDiagnostics = false;
        o.method = approximation ? EstimationMethod::Css : EstimationMethod::ExactMl;
        // R's optim runs BFGS to reltol 1e-8 (maxit 100) on each candidate; a looser search stops on
        // the way to a near-unit root that R reaches and rejects, and ranks differently.
        o.maxIterations = 100;
        o.relativeTolerance = options.searchTolerance;
        const SarimaxSpec spec = makeSpec(c);
        const SarimaxResult fit = Sarimax::fit(spec, data, o);
        ++fitted;
        const double ic = criterion(fit, approximation);
        if (fit.ok)
            estimates[c.key()] = fit;
        if (!tried.count(c.key()))
            ranked.push_back({ic, c});
        tried[c.key()] = ic;
        result.trace << QStringLiteral("%1: %2").arg(
            spec.toString(), ic == HUGE_VAL ? QStringLiteral("rejected") : QStringLiteral("AICc %1").arg(ic, 0, 'f', 3));
        return ic;
    };

    // The stepwise search of auto.arima (forecast 8.20), step by step: the start models, then the
    // neighbourhood moves in R's order, restarting from the first move after every improvement, then
    // the constant toggled. `current` is the model whose neighbourhood is searched; as in R, the start
    // model without constant can become the best fit while the search goes on with the constant.
    int p = std::min(options.startP, maxP);
    int q = std::min(options.startQ, maxQ);
    int P = seasonal ? std::min(options.startSeasonalP, maxSP) : 0;
    int Q = seasonal ? std::min(options.startSeasonalQ, maxSQ) : 0;
    if (n < 10) {
        p = std::min(p, 1);
        q = std::min(q, 1);
        P = Q = 0;
    }
    bool constant = allowConstant;
    double bestIc = fitCandidate({p, q, P, Q, constant});
    Candidate bestModel{p, q, P, Q, constant};
    auto startModel = [&](const Candidate &c) {
        const double ic = fitCandidate(c);
        if (ic < bestIc) {
            bestIc = ic;
            bestModel = c;
            return true;
        }
        return false;
    };
    if (startModel({0, 0, 0, 0, constant}))
        p = q = P = Q = 0;
    if (maxP > 0 || maxSP > 0) {
        const Candidate c{maxP > 0 ? 1 : 0, 0, maxSP > 0 ? 1 : 0, 0, constant};
        if (startModel(c)) {
            p = c.p;
            P = c.P;
            q = Q = 0;
        }
    }
    if (maxQ > 0 || maxSQ > 0) {
        const Candidate c{0, maxQ > 0 ? 1 : 0, 0, maxSQ > 0 ? 1 : 0, constant};
        if (startModel(c)) {
            p = P = 0;
            q = c.q;
            Q = c.Q;
        }
    }
    if (constant && startModel({0, 0, 0, 0, false}))
        p = q = P = Q = 0;

    struct Move
    {
        int dp, dq, dP, dQ;
    };
    static constexpr Move kMoves[] = {
        {0, 0, -1, 0}, {0, 0, 0, -1}, {0, 0, 1, 0},  {0, 0, 0, 1},  {0, 0, -1, -1}, {0, 0, -1, 1}, {0, 0, 1, -1}, {0, 0, 1, 1},
        {-1, 0, 0, 0}, {0, -1, 0, 0}, {1, 0, 0, 0},  {0, 1, 0, 0},  {-1, -1, 0, 0}, {-1, 1, 0, 0}, {1, -1, 0, 0}, {1, 1, 0, 0},
    };
    bool searching = true;
    while (searching && fitted < options.maxModels) {
        const int before = fitted;
        bool improved = false;
        for (const Move &mv : kMoves) {
            const Candidate c{p + mv.dp, q + mv.dq, P + mv.dP, Q + mv.dQ, constant};
            if (c.p < 0 || c.q < 0 || c.P < 0 || c.Q < 0 || c.p > maxP || c.q > maxQ || c.P > maxSP || c.Q > maxSQ)
                continue;
            if (tried.count(c.key()))
                continue;
            if (fitted >= options.maxModels)
                break;
            if (fitCandidate(c) < bestIc) {
                bestIc = tried[c.key()];
                bestModel = c;
                p = c.p;
                q = c.q;
                P = c.P;
                Q = c.Q;
                improved = true;
                break;
            }
        }
        if (!improved && allowConstant && fitted < options.maxModels) {
            const Candidate c{p, q, P, Q, !constant};
            if (!tried.count(c.key()) && fitCandidate(c) < bestIc) {
                bestIc = tried[c.key()];
                bestModel = c;
                constant = !constant;
            }
        }
        searching = fitted > before;
    }
    result.modelsFitted = fitted;

    // The final model by exact ML, as auto.arima chooses it. Without approximation R keeps the best
    // search fit, which has passed myarima's checks. With approximation R refits the ranked candidates
    // by exact ML until one passes; on deterministic seasonality most land on a seasonal MA root at
    // −1, so these refits are most of a long series' selection time. R optimises the MA coefficients
    // directly and reaches such a root in a few steps; in the transformed coordinates here the root
    // lies at infinity and BFGS creeps towards it, so a refit gives up once it creeps within 1.01
    // (the criterion rejects it there anyway). A looser tolerance instead (R's reltol 1.5e-8) stopped
    // some creeps just outside 1.01 and let models pass that R rejects. Standard errors and
    // diagnostics wait for the model that passes; the fit that computes them starts at its estimate.
    std::stable_sort(ranked.begin(), ranked.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    // The shortcut's skipped candidates are refitted after all if no other candidate passes.
    int seasonalMaRejections = 0;
    std::vector<std::pair<double, Candidate>> skipped;
    for (int pass = 0; pass < 2; ++pass) {
        for (const auto &[ic, c] : pass == 0 ? ranked : skipped) {
            if (ic == HUGE_VAL && !approximation)
                break;
            if (pass == 0 && options.seasonalMaShortcut > 0 && c.Q > 0 && seasonalMaRejections >= options.seasonalMaShortcut) {
                result.trace << QStringLiteral("%1: skipped (seasonal MA unit root in %2 refits)")
                                    .arg(makeSpec(c).toString())
                                    .arg(seasonalMaRejections);
                skipped.push_back({ic, c});
                continue;
            }
            const auto found = estimates.find(c.key());
            SarimaxResult fit;
            if (!approximation && found != estimates.end()) {
                fit = found->second;
            } else {
                SarimaxOptions o;
                o.computeStandardErrors = false;
                o.computeDiagnostics = false;
                o.abandonWithinRoot = 1.01;
                if (found != estimates.end()) {
                    o.startParams = found->second.params;
                    o.startInverseHessian = found->second.optimizerInverseHessian;
                }
                fit = Sarimax::fit(makeSpec(c), data, o);
            }
            const double exactIc = criterion(fit, false);
            if (exactIc < HUGE_VAL && !options.standardErrors) {
                result.model = fit;
                result.ok = true;
                return result;
            }
            if (exactIc < HUGE_VAL) {
                SarimaxOptions full;
                full.startParams = fit.params;
                full.startInverseHessian = fit.optimizerInverseHessian;
                SarimaxResult finished = Sarimax::fit(makeSpec(c), data, full);
                if (!finished.ok || criterion(finished, false) == HUGE_VAL || finished.llf < fit.llf - 1e-9)
                    finished = fit; // keep the passing estimate (without standard errors) rather than lose it
                finished.iterations += fit.iterations;
                finished.functionEvaluations += fit.functionEvaluations;
                result.model = finished;
                result.ok = true;
                return result;
            }
            if (fit.ok && seasonalMaNearUnit(fit, 1.01))
                ++seasonalMaRejections;
            result.trace << QStringLiteral("%1: rejected at the final exact fit%2")
                                .arg(makeSpec(c).toString(), fit.ok ? QStringLiteral(" (root within 1.01 of the unit circle)")
                                                                    : QStringLiteral(": ") + fit.error);
        }
    }
    result.error = QStringLiteral("no candidate model passed the fit and root checks");
    return result;
}

} // namespace Forecast
