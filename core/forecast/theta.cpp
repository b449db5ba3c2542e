#include "theta.h"

#include "distributions.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace Forecast {

namespace {

bool isConstant(const std::vector<double> &x)
{
    const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
    return *hi - *lo <= 1e-12 * std::max(1.0, std::abs(*hi));
}

// Sum of squared one-step errors of SES with smoothing alpha and the initial level that minimises
// it. The errors are linear in the initial level l0 (e_t = a_t − b_t·l0, b_t = (1 − alpha)^(t−1)),
// so l0 has a closed form and the search is over alpha alone.
double sesSse(const std::vector<double> &y, double alpha, double *level0 = nullptr, double *lastLevel = nullptr)
{
    // a_t: the error with l0 = 0; b_t: its sensitivity to l0.
    double la = 0.0, lb = 1.0; // level = la + lb·l0
    double saa = 0.0, sab = 0.0, sbb = 0.0;
    for (double v : y) {
        const double a = v - la;
        const double b = lb;
        saa += a * a;
        sab += a * b;
        sbb += b * b;
        la += alpha * a;
        lb -= alpha * b;
    }
    const double l0 = sbb > 0.0 ? sab / sbb : 0.0;
    if (level0)
        *level0 = l0;
    if (lastLevel)
        *lastLevel = la + lb * l0;
    return std::max(0.0, saa - 2.0 * l0 * sab + l0 * l0 * sbb);
}

} // namespace

bool Theta::isSeasonal(const std::vector<double> &y, int m)
{
    const int n = int(y.size());
    if (m <= 1 || n <= 2 * m || isConstant(y))
        return false;
    const double mean = std::accumulate(y.begin(), y.end(), 0.0) / n;
    double c0 = 0.0;
    for (double v : y)
        c0 += (v - mean) * (v - mean);
    std::vector<double> r(size_t(m) + 1, 0.0);
    for (int k = 1; k <= m; ++k) {
        double acc = 0.0;
        for (int t = 0; t + k < n; ++t)
            acc += (y[size_t(t)] - mean) * (y[size_t(t + k)] - mean);
        r[size_t(k)] = acc / c0;
    }
    double sum = 0.0;
    for (int k = 1; k < m; ++k)
        sum += r[size_t(k)] * r[size_t(k)];
    const double stat = std::sqrt((1.0 + 2.0 * sum) / n);
    return std::abs(r[size_t(m)]) / stat > Distributions::normalQuantile(0.95);
}

ThetaResult Theta::forecast(const std::vector<double> &input, int period, int horizon, double fixedAlpha)
{
    ThetaResult result;
    const int n = int(input.size());
    const int m = std::max(period, 1);
    if (n < 3) {
        result.error = QStringLiteral("Theta needs at least 3 observations, got %1").arg(n);
        return result;
    }
    if (horizon < 1) {
        result.error = QStringLiteral("the horizon must be at least 1");
        return result;
    }
    for (int t = 0; t < n; ++t)
        if (!std::isfinite(input[size_t(t)])) {
            result.error = QStringLiteral("Theta needs finite values; observation %1 is not").arg(t + 1);
            return result;
        }

    std::vector<double> x = input;
    std::vector<double> seasonalIndex; // classical decomposition's index per observation
    result.seasonal = isSeasonal(input, m);
    if (result.seasonal) {
        // decompose(type = "multiplicative"): centred moving average (2×m for even m), ratios to it,
        // mean ratio per position in the cycle, normalised to mean 1.
        std::vector<double> weights;
        if (m % 2 == 0) {
            weights.assign(size_t(m) + 1, 1.0 / m);
            weights.front() = weights.back() = 0.5 / m;
        } else {
            weights.assign(size_t(m), 1.0 / m);
        }
        const int half = int(weights.size()) / 2;
        std::vector<double> sum(size_t(m), 0.0);
        std::vector<int> count(size_t(m), 0);
        for (int t = half; t + (int(weights.size()) - 1 - half) < n; ++t) {
            double trend = 0.0;
            for (size_t j = 0; j < weights.size(); ++j)
                trend += weights[j] * input[size_t(t - half) + j];
            sum[size_t(t % m)] += input[size_t(t)] / trend;
            ++count[size_t(t % m)];
        }
        std::vector<double> figure(static_cast<size_t>(m));
        for (int i = 0; i < m; ++i)
            figure[size_t(i)] = count[size_t(i)] > 0 ? sum[size_t(i)] / count[size_t(i)] : 1.0;
        const double mean = std::accumulate(figure.begin(), figure.end(), 0.0) / m;
        for (double &f : figure)
            f /= mean;
        seasonalIndex.resize(size_t(n));
        for (int t = 0; t < n; ++t)
            seasonalIndex[size_t(t)] = figure[size_t(t % m)];
        // thetaf keeps the series unadjusted (and still reseasonalises) when an index is near zero.
        if (std::none_of(figure.begin(), figure.end(), [](double f) { return std::abs(f) < 1e-4 || !std::isfinite(f); }))
            for (int t = 0; t < n; ++t)
                x[size_t(t)] /= seasonalIndex[size_t(t)];
        result.seasonalFactors.assign(seasonalIndex.end() - m, seasonalIndex.end());
    }

    // SES by least squares (ses(): ets "ANN", opt.crit = "mse"): a grid over alpha's bounds, then
    // golden-section refinement around the best grid point.
    constexpr double lower = 1e-4, upper = 0.9999;
    const bool search = !(fixedAlpha > 0.0 && fixedAlpha < 1.0);
    const int grid = search ? 200 : 0;
    double bestAlpha = search ? lower : fixedAlpha, bestSse = HUGE_VAL;
    for (int i = 0; i <= grid && search; ++i) {
        const double a = lower + (upper - lower) * i / grid;
        const double sse = sesSse(x, a);
        if (sse < bestSse) {
            bestSse = sse;
            bestAlpha = a;
        }
    }
    double lo = std::max(lower, bestAlpha - (upper - lower) / grid), hi = std::min(upper, bestAlpha + (upper - lower) / grid);
    const double golden = (std::sqrt(5.0) - 1.0) / 2.0;
    double c = hi - golden * (hi - lo), d = lo + golden * (hi - lo);
    double fc = search ? sesSse(x, c) : 0.0, fd = search ? sesSse(x, d) : 0.0;
    for (int it = 0; it < 100 && hi - lo > 1e-12 && search; ++it) {
        if (fc < fd) {
            hi = d;
            d = c;
            fd = fc;
            c = hi - golden * (hi - lo);
            fc = sesSse(x, c);
        } else {
            lo = c;
            c = d;
            fc = fd;
            d = lo + golden * (hi - lo);
            fd = sesSse(x, d);
        }
    }
    const double refined = (lo + hi) / 2.0;
    const double alpha = search && sesSse(x, refined) <= bestSse ? refined : bestAlpha;
    double level0 = 0.0, lastLevel = 0.0;
    const double sse = sesSse(x, alpha, &level0, &lastLevel);
    result.alpha = alpha;
    result.initialLevel = level0;
    result.sigma2 = n > 2 ? sse / (n - 2) : 0.0;

    // Half the least-squares slope of x on 0..n−1.
    const double tMean = (n - 1) / 2.0;
    const double xMean = std::accumulate(x.begin(), x.end(), 0.0) / n;
    double sxy = 0.0, sxx = 0.0;
    for (int t = 0; t < n; ++t) {
        sxy += (t - tMean) * (x[size_t(t)] - xMean);
        sxx += (t - tMean) * (t - tMean);
    }
    result.drift = sxx > 0.0 ? sxy / sxx / 2.0 : 0.0;

    const double a = std::max(1e-10, alpha);
    const double catchUp = (1.0 - std::pow(1.0 - a, n)) / a;
    const double z80 = Distributions::normalQuantile(0.9);
    const double z95 = Distributions::normalQuantile(0.975);
    const double sigma = std::sqrt(result.sigma2);
    for (int h = 1; h <= horizon; ++h) {
        ForecastPoint p;
        p.h = h;
        p.mean = lastLevel + result.drift * ((h - 1) + catchUp);
        if (result.seasonal)
            p.mean *= result.seasonalFactors[size_t((h - 1) % m)];
        // thetaf's standard error is that of the adjusted series, around the reseasonalised mean.
        p.se = sigma * std::sqrt((h - 1) * a * a + 1.0);
        p.lower80 = p.mean - z80 * p.se;
        p.upper80 = p.mean + z80 * p.se;
        p.lower95 = p.mean - z95 * p.se;
        p.upper95 = p.mean + z95 * p.se;
        result.points.push_back(p);
    }
    result.ok = std::isfinite(result.points.back().mean) && std::isfinite(result.points.back().se);
    if (!result.ok)
        result.error = QStringLiteral("the Theta forecast is not finite");
    return result;
}

} // namespace Forecast
