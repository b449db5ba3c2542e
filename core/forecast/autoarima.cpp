#include "autoarima.h"

#include "armakernel.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
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
    const int n = int(input.size());
    if (period < 2 || n < 2 * period)
        return 0.0;
    std::vector<double> x = input;
    // Fill gaps by linear interpolation for the decomposition only.
    {
        int last = -1;
        for (int t = 0; t < n; ++t) {
            if (!std::isfinite(x[size_t(t)]))
                continue;
            if (last >= 0 && t - last > 1)
                for (int k = last + 1; k < t; ++k)
                    x[size_t(k)] = x[size_t(last)] + (x[size_t(t)] - x[size_t(last)]) * (k - last) / double(t - last);
            if (last < 0)
                for (int k = 0; k < t; ++k)
                    x[size_t(k)] = x[size_t(t)];
            last = t;
        }
        if (last < 0)
            return 0.0;
        for (int k = last + 1; k < n; ++k)
            x[size_t(k)] = x[size_t(last)];
    }
    // Centred moving average of length `period` (2×period for even periods).
    std::vector<double> trend(size_t(n), NAN);
    const int half = period / 2;
    for (int t = half; t < n - half; ++t) {
        double acc = 0.0;
        if (period % 2 == 0) {
            acc += 0.5 * x[size_t(t - half)] + 0.5 * x[size_t(t + half)];
            for (int k = -half + 1; k <= half - 1; ++k)
                acc += x[size_t(t + k)];
        } else {
            for (int k = -half; k <= half; ++k)
                acc += x[size_t(t + k)];
        }
        trend[size_t(t)] = acc / period;
    }
    std::vector<double> phaseSum(size_t(period), 0.0);
    std::vector<int> phaseCount(size_t(period), 0);
    for (int t = 0; t < n; ++t) {
        if (std::isfinite(trend[size_t(t)])) {
            phaseSum[size_t(t % period)] += x[size_t(t)] - trend[size_t(t)];
            ++phaseCount[size_t(t % period)];
        }
    }
    std::vector<double> seasonal(size_t(period), 0.0);
    for (int k = 0; k < period; ++k)
        seasonal[size_t(k)] = phaseCount[size_t(k)] > 0 ? phaseSum[size_t(k)] / phaseCount[size_t(k)] : 0.0;
    const double centre = std::accumulate(seasonal.begin(), seasonal.end(), 0.0) / period;
    for (double &s : seasonal)
        s -= centre;
    std::vector<double> remainder, detrended;
    for (int t = 0; t < n; ++t) {
        if (!std::isfinite(trend[size_t(t)]))
            continue;
        const double d = x[size_t(t)] - trend[size_t(t)];
        detrended.push_back(d);
        remainder.push_back(d - seasonal[size_t(t % period)]);
    }
    auto variance = [](const std::vector<double> &v) {
        if (v.size() < 2)
            return 0.0;
        const double m = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
        double s = 0.0;
        for (double a : v)
            s += (a - m) * (a - m);
        return s / double(v.size() - 1);
    };
    const double total = variance(detrended);
    if (!(total > 0.0))
        return 0.0;
    return std::clamp(1.0 - variance(remainder) / total, 0.0, 1.0);
}

int AutoArima::nsdiffs(const std::vector<double> &x, int period, int maxD)
{
    if (period < 2 || maxD < 1 || int(x.size()) < 2 * period || isConstant(x))
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

    // D, then d on the seasonally differenced series.
    int D = 0;
    if (seasonal) {
        if (options.D >= 0)
            D = std::min(options.D, 1);
        else if (n > 2 * m)
            D = nsdiffs(y, m, options.maxSeasonalD);
        result.seasonalStrength = seasonalStrength(y, m);
    }
    std::vector<double> xs = y;
    if (D > 0)
        xs = diffLag(y, m);
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
    std::map<std::tuple<int, int, int, int, bool>, std::vector<double>> estimates;
    std::vector<std::pair<double, Candidate>> ranked;
    int fitted = 0;

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
            estimates[key] = fit.params;
            const int npar = int(fit.params.size()) + 1;
            double aic = fit.aic;
            if (approximation)
                aic = offset + nstar * std::log(fit.sigma2) + 2.0 * npar;
            if (nstar - npar - 1 > 0)
                ic = aic + 2.0 * npar * (npar + 1.0) / (nstar - npar - 1.0);
            // Reject near-non-stationary or near-non-invertible fits (|root| < 1.01).
            const ArmaKernel::ParamView view = ArmaKernel::split(spec, int(data.exog.size()), fit.params);
            const ArmaKernel::Polynomials poly = ArmaKernel::reduce(spec, view);
            std::vector<double> negTheta(poly.theta.size());
            std::transform(poly.theta.begin(), poly.theta.end(), negTheta.begin(), [](double v) { return -v; });
            const double limit = 1.0 / 1.01;
            if (ArmaKernel::maxInverseRoot(poly.phi) > limit || ArmaKernel::maxInverseRoot(negTheta) > limit)
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

    Candidate best{std::min(options.startP, maxP), std::min(options.startQ, maxQ),
                   seasonal ? std::min(options.startSeasonalP, maxSP) : 0,
                   seasonal ? std::min(options.startSeasonalQ, maxSQ) : 0, allowConstant};
    if (n < 10) {
        best.p = std::min(best.p, 1);
        best.q = std::min(best.q, 1);
        best.P = best.Q = 0;
    }
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
        o.startParams = estimates[c.key()];
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
