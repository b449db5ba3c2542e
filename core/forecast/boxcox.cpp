#include "boxcox.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace Forecast {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// forecast:::guer.cv: sd(ratio) / mean(ratio) with ratio = sd_j / mean_j^(1 − λ) per subseries j.
double guerreroCv(double lambda, const std::vector<double> &y, int length)
{
    const int n = int(y.size());
    const int blocks = n / length;
    const int start = n - blocks * length;
    std::vector<double> ratios;
    for (int b = 0; b < blocks; ++b) {
        double sum = 0.0;
        int count = 0;
        for (int i = 0; i < length; ++i) {
            const double v = y[size_t(start + b * length + i)];
            if (std::isfinite(v)) {
                sum += v;
                ++count;
            }
        }
        if (count < 2)
            continue;
        const double mean = sum / count;
        double ss = 0.0;
        for (int i = 0; i < length; ++i) {
            const double v = y[size_t(start + b * length + i)];
            if (std::isfinite(v))
                ss += (v - mean) * (v - mean);
        }
        const double sd = std::sqrt(ss / (count - 1));
        const double ratio = sd / std::pow(mean, 1.0 - lambda);
        if (std::isfinite(ratio))
            ratios.push_back(ratio);
    }
    if (ratios.size() < 2)
        return kNaN;
    double mean = 0.0;
    for (double r : ratios)
        mean += r;
    mean /= double(ratios.size());
    double ss = 0.0;
    for (double r : ratios)
        ss += (r - mean) * (r - mean);
    return std::sqrt(ss / double(ratios.size() - 1)) / mean;
}

} // namespace

double BoxCox::transform(double y, double lambda)
{
    if (!std::isfinite(y) || y < 0.0 || (lambda <= 0.0 && y == 0.0))
        return kNaN;
    return lambda == 0.0 ? std::log(y) : (std::pow(y, lambda) - 1.0) / lambda;
}

double BoxCox::inverse(double z, double lambda)
{
    if (!std::isfinite(z))
        return z;
    if (lambda == 0.0)
        return std::exp(z);
    const double base = lambda * z + 1.0;
    if (base <= 0.0)
        return lambda > 0.0 ? 0.0 : std::numeric_limits<double>::infinity();
    return std::pow(base, 1.0 / lambda);
}

double BoxCox::biasAdjustedInverse(double z, double variance, double lambda)
{
    const double median = inverse(z, lambda);
    if (!(variance > 0.0))
        return median;
    if (lambda == 0.0)
        return median * (1.0 + 0.5 * variance);
    const double base = lambda * z + 1.0;
    if (base <= 0.0)
        return median;
    return median * (1.0 + 0.5 * variance * (1.0 - lambda) / (base * base));
}

double BoxCox::guerreroLambda(const std::vector<double> &y, int period, double lower, double upper)
{
    const int length = std::max(2, period);
    // Golden-section search as R's optimize() (Brent without the parabolic steps: the objective is
    // smooth and unimodal in practice, and the answer is only used to within 1e-4).
    const double g = (std::sqrt(5.0) - 1.0) / 2.0;
    double a = lower, b = upper;
    auto f = [&](double l) {
        const double v = guerreroCv(l, y, length);
        return std::isfinite(v) ? v : std::numeric_limits<double>::max();
    };
    double c = b - g * (b - a), d = a + g * (b - a);
    double fc = f(c), fd = f(d);
    while (b - a > 1e-4) {
        if (fc < fd) {
            b = d;
            d = c;
            fd = fc;
            c = b - g * (b - a);
            fc = f(c);
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + g * (b - a);
            fd = f(d);
        }
    }
    return 0.5 * (a + b);
}

} // namespace Forecast
