#include "baseline.h"

#include "distributions.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace Forecast {

namespace {

std::vector<double> observed(const std::vector<double> &y)
{
    std::vector<double> out;
    for (double v : y)
        if (std::isfinite(v))
            out.push_back(v);
    return out;
}

ForecastPoint makePoint(int h, double mean, double se, double q80, double q95)
{
    if (!std::isfinite(mean))
        mean = 0.0;
    if (!std::isfinite(se) || se < 0.0)
        se = 0.0;
    ForecastPoint p;
    p.h = h;
    p.mean = mean;
    p.se = se;
    p.lower80 = mean - q80 * se;
    p.upper80 = mean + q80 * se;
    p.lower95 = mean - q95 * se;
    p.upper95 = mean + q95 * se;
    return p;
}

// The last finite value at or before index i with the same phase (step `lag`), or NaN.
double lastAtPhase(const std::vector<double> &y, long i, int lag)
{
    for (; i >= 0; i -= lag)
        if (std::isfinite(y[size_t(i)]))
            return y[size_t(i)];
    return NAN;
}

std::vector<ForecastPoint> lagWalk(const std::vector<double> &y, int lag, int horizon)
{
    const double z80 = Distributions::normalQuantile(0.9);
    const double z95 = Distributions::normalQuantile(0.975);
    double sumSq = 0.0;
    int count = 0;
    for (size_t t = size_t(lag); t < y.size(); ++t) {
        if (std::isfinite(y[t]) && std::isfinite(y[t - size_t(lag)])) {
            const double r = y[t] - y[t - size_t(lag)];
            sumSq += r * r;
            ++count;
        }
    }
    const double sigma = count > 0 ? std::sqrt(sumSq / count) : 0.0;
    const std::vector<double> obs = observed(y);
    const double lastValue = obs.empty() ? 0.0 : obs.back();
    const long n = long(y.size());
    std::vector<ForecastPoint> out;
    for (int h = 1; h <= horizon; ++h) {
        // y_{T+h} = y_{T+h−lag·k}: the latest observation of the same phase.
        const long index = n - lag + long((h - 1) % lag);
        double value = index >= 0 && index < n ? lastAtPhase(y, index, lag) : NAN;
        if (!std::isfinite(value))
            value = lastValue;
        out.push_back(makePoint(h, value, sigma * std::sqrt(double((h - 1) / lag + 1)), z80, z95));
    }
    return out;
}

std::vector<ForecastPoint> drift(const std::vector<double> &y, int horizon)
{
    const double z80 = Distributions::normalQuantile(0.9);
    const double z95 = Distributions::normalQuantile(0.975);
    std::vector<double> diffs;
    // Differences over gaps are spread evenly over the missing steps.
    long previous = -1;
    for (size_t t = 0; t < y.size(); ++t) {
        if (!std::isfinite(y[t]))
            continue;
        if (previous >= 0) {
            const double steps = double(long(t) - previous);
            const double step = (y[t] - y[size_t(previous)]) / steps;
            for (long k = 0; k < long(steps); ++k)
                diffs.push_back(step);
        }
        previous = long(t);
    }
    const std::vector<double> obs = observed(y);
    const double last = obs.empty() ? 0.0 : obs.back();
    const long lastIndex = previous;
    const long trailing = lastIndex >= 0 ? long(y.size()) - 1 - lastIndex : 0;
    const int m = int(diffs.size());
    const double b = m > 0 ? std::accumulate(diffs.begin(), diffs.end(), 0.0) / m : 0.0;
    double ss = 0.0;
    for (double d : diffs)
        ss += (d - b) * (d - b);
    const double mse = m > 1 ? ss / (m - 1) : 0.0;
    const double seB = m > 0 ? std::sqrt(mse / m) : 0.0;
    std::vector<ForecastPoint> out;
    for (int h = 1; h <= horizon; ++h) {
        const double steps = double(h + trailing);
        out.push_back(makePoint(h, last + steps * b, std::sqrt(mse * steps + steps * steps * seB * seB), z80, z95));
    }
    return out;
}

std::vector<ForecastPoint> meanForecast(const std::vector<double> &y, int horizon)
{
    const std::vector<double> obs = observed(y);
    const int n = int(obs.size());
    const double mean = n > 0 ? std::accumulate(obs.begin(), obs.end(), 0.0) / n : 0.0;
    double ss = 0.0;
    for (double v : obs)
        ss += (v - mean) * (v - mean);
    const double sd = n > 1 ? std::sqrt(ss / (n - 1)) : 0.0;
    const double se = n > 0 ? sd * std::sqrt(1.0 + 1.0 / n) : 0.0;
    // meanf uses Student t quantiles with n − 1 degrees of freedom.
    const double q80 = n > 1 ? Distributions::studentTQuantile(0.9, n - 1) : Distributions::normalQuantile(0.9);
    const double q95 = n > 1 ? Distributions::studentTQuantile(0.975, n - 1) : Distributions::normalQuantile(0.975);
    std::vector<ForecastPoint> out;
    for (int h = 1; h <= horizon; ++h)
        out.push_back(makePoint(h, mean, se, q80, q95));
    return out;
}

} // namespace

QString Baseline::name(BaselineMethod method)
{
    switch (method) {
    case BaselineMethod::SeasonalNaive:
        return QStringLiteral("seasonal naive");
    case BaselineMethod::Naive:
        return QStringLiteral("naive");
    case BaselineMethod::Drift:
        return QStringLiteral("drift");
    case BaselineMethod::Mean:
        return QStringLiteral("mean");
    }
    return QStringLiteral("mean");
}

bool Baseline::applicable(BaselineMethod method, const std::vector<double> &y, int period)
{
    const size_t n = observed(y).size();
    switch (method) {
    case BaselineMethod::SeasonalNaive:
        return period > 1 && n > size_t(period) && y.size() > size_t(period);
    case BaselineMethod::Naive:
        return n >= 1;
    case BaselineMethod::Drift:
        return n >= 2;
    case BaselineMethod::Mean:
        return true;
    }
    return false;
}

std::vector<ForecastPoint> Baseline::forecast(BaselineMethod method, const std::vector<double> &y, int period,
                                              int horizon)
{
    horizon = std::max(horizon, 0);
    if (!applicable(method, y, period))
        method = observed(y).empty() ? BaselineMethod::Mean : BaselineMethod::Naive;
    switch (method) {
    case BaselineMethod::SeasonalNaive:
        return lagWalk(y, period, horizon);
    case BaselineMethod::Naive:
        return lagWalk(y, 1, horizon);
    case BaselineMethod::Drift:
        return drift(y, horizon);
    case BaselineMethod::Mean:
        return meanForecast(y, horizon);
    }
    return meanForecast(y, horizon);
}

BaselineMethod Baseline::chooseByBacktest(const std::vector<double> &y, int period, int horizon)
{
    const BaselineMethod all[] = {BaselineMethod::SeasonalNaive, BaselineMethod::Naive, BaselineMethod::Drift,
                                  BaselineMethod::Mean};
    const int n = int(y.size());
    const int h = std::max(1, std::min(horizon, std::max(1, n / 4)));
    const int folds = 5;
    BaselineMethod best = observed(y).empty() ? BaselineMethod::Mean : BaselineMethod::Naive;
    double bestError = HUGE_VAL;
    for (BaselineMethod method : all) {
        if (!applicable(method, y, period))
            continue;
        double sumAbs = 0.0;
        int count = 0;
        for (int fold = folds; fold >= 1; --fold) {
            const int origin = n - fold * h;
            if (origin < 2)
                continue;
            const std::vector<double> train(y.begin(), y.begin() + origin);
            if (!applicable(method, train, period))
                continue;
            const std::vector<ForecastPoint> fc = forecast(method, train, period, h);
            for (int i = 0; i < h && origin + i < n; ++i) {
                const double actual = y[size_t(origin + i)];
                if (std::isfinite(actual)) {
                    sumAbs += std::abs(actual - fc[size_t(i)].mean);
                    ++count;
                }
            }
        }
        const double error = count > 0 ? sumAbs / count : HUGE_VAL;
        const bool better = bestError == HUGE_VAL ? error < HUGE_VAL : error < bestError - 1e-12 * std::abs(bestError);
        if (better) {
            bestError = error;
            best = method;
        }
    }
    return best;
}

} // namespace Forecast
