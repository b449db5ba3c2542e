#include "stl.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace Forecast {

namespace {

// The routines below follow the structure of the published STL Fortran (stl, onestp, ss, fts, ma,
// ess, est, rwts) that R's stats::stl calls, including its end-point rules, so that components agree
// with R to rounding. Positions are 1-based in the arithmetic (the loess abscissae are 1..n), arrays
// are 0-based: value at position j is v[j − 1].

// Local (degree 0 or 1) tricube-weighted fit at abscissa xs using positions nleft..nright.
bool loessAt(const double *y, int n, int len, int degree, double xs, double &ys, int nleft, int nright, double *w,
             bool useRobustness, const double *rw)
{
    const double range = double(n) - 1.0;
    double h = std::max(xs - double(nleft), double(nright) - xs);
    if (len > n)
        h += double((len - n) / 2); // integer division, as in the original
    const double h9 = 0.999999 * h;
    const double h1 = 0.000001 * h;
    double total = 0.0;
    for (int j = nleft; j <= nright; ++j) {
        double &wj = w[j - 1];
        wj = 0.0;
        const double r = std::abs(double(j) - xs);
        if (r <= h9) {
            if (r <= h1) {
                wj = 1.0;
            } else {
                const double u = r / h;
                const double c = 1.0 - u * u * u;
                wj = c * c * c;
            }
            if (useRobustness)
                wj *= rw[j - 1];
            total += wj;
        }
    }
    if (total <= 0.0)
        return false;
    for (int j = nleft; j <= nright; ++j)
        w[j - 1] /= total;
    if (h > 0.0 && degree > 0) {
        double centre = 0.0;
        for (int j = nleft; j <= nright; ++j)
            centre += w[j - 1] * double(j);
        double slope = xs - centre;
        double spread = 0.0;
        for (int j = nleft; j <= nright; ++j)
            spread += w[j - 1] * (double(j) - centre) * (double(j) - centre);
        if (std::sqrt(spread) > 0.001 * range) {
            slope /= spread;
            for (int j = nleft; j <= nright; ++j)
                w[j - 1] *= slope * (double(j) - centre) + 1.0;
        }
    }
    double acc = 0.0;
    for (int j = nleft; j <= nright; ++j)
        acc += w[j - 1] * y[j - 1];
    ys = acc;
    return true;
}

// Loess smoothing of y (length n) with window len, evaluated every `jump` positions and linearly
// interpolated in between.
void loessSmooth(const double *y, int n, int len, int degree, int jump, bool useRobustness, const double *rw,
                 double *ys, double *work)
{
    if (n < 2) {
        ys[0] = y[0];
        return;
    }
    const int step = std::min(jump, n - 1);
    int nleft = 1;
    int nright = n;
    auto fit = [&](int i) {
        if (!loessAt(y, n, len, degree, double(i), ys[i - 1], nleft, nright, work, useRobustness, rw))
            ys[i - 1] = y[i - 1];
    };
    if (len >= n) {
        nleft = 1;
        nright = n;
        for (int i = 1; i <= n; i += step)
            fit(i);
    } else if (step == 1) {
        const int half = (len + 1) / 2;
        nleft = 1;
        nright = len;
        for (int i = 1; i <= n; ++i) {
            if (i > half && nright != n) {
                ++nleft;
                ++nright;
            }
            fit(i);
        }
    } else {
        const int half = (len + 1) / 2;
        for (int i = 1; i <= n; i += step) {
            if (i < half) {
                nleft = 1;
                nright = len;
            } else if (i >= n - half + 1) {
                nleft = n - len + 1;
                nright = n;
            } else {
                nleft = i - half + 1;
                nright = len + i - half;
            }
            fit(i);
        }
    }
    if (step == 1)
        return;
    for (int i = 1; i <= n - step; i += step) {
        const double delta = (ys[i + step - 1] - ys[i - 1]) / double(step);
        for (int j = i + 1; j <= i + step - 1; ++j)
            ys[j - 1] = ys[i - 1] + delta * double(j - i);
    }
    const int k = ((n - 1) / step) * step + 1;
    if (k != n) {
        // The window of the last evaluated point is reused for the end point, as the original does.
        fit(n);
        if (k != n - 1) {
            const double delta = (ys[n - 1] - ys[k - 1]) / double(n - k);
            for (int j = k + 1; j <= n - 1; ++j)
                ys[j - 1] = ys[k - 1] + delta * double(j - k);
        }
    }
}

void movingAverage(const double *x, int n, int len, double *out)
{
    const int count = n - len + 1;
    double v = 0.0;
    for (int i = 0; i < len; ++i)
        v += x[i];
    out[0] = v / double(len);
    for (int j = 1; j < count; ++j) {
        v += x[j + len - 1] - x[j - 1];
        out[j] = v / double(len);
    }
}

// Low-pass filter: moving averages of lengths np, np and 3 (n → n − 2np + 2 values).
void lowPass(const double *x, int n, int np, double *trend, double *work)
{
    movingAverage(x, n, np, trend);
    movingAverage(trend, n - np + 1, np, work);
    movingAverage(work, n - 2 * np + 2, 3, trend);
}

// Cycle-subseries smoothing; `season` receives n + 2·np values (one period extrapolated each side).
void smoothSubseries(const double *y, int n, int np, int ns, int degree, int jump, bool useRobustness,
                     const double *rw, double *season, std::vector<double> &sub, std::vector<double> &fitted,
                     std::vector<double> &subWeights, std::vector<double> &work)
{
    for (int j = 1; j <= np; ++j) {
        const int k = (n - j) / np + 1;
        for (int i = 1; i <= k; ++i)
            sub[size_t(i - 1)] = y[(i - 1) * np + j - 1];
        if (useRobustness)
            for (int i = 1; i <= k; ++i)
                subWeights[size_t(i - 1)] = rw[(i - 1) * np + j - 1];
        loessSmooth(sub.data(), k, ns, degree, jump, useRobustness, subWeights.data(), fitted.data() + 1, work.data());
        const int nright = std::min(ns, k);
        if (!loessAt(sub.data(), k, ns, degree, 0.0, fitted[0], 1, nright, work.data(), useRobustness,
                     subWeights.data()))
            fitted[0] = fitted[1];
        const int nleft = std::max(1, k - ns + 1);
        if (!loessAt(sub.data(), k, ns, degree, double(k + 1), fitted[size_t(k + 1)], nleft, k, work.data(),
                     useRobustness, subWeights.data()))
            fitted[size_t(k + 1)] = fitted[size_t(k)];
        for (int m = 1; m <= k + 2; ++m)
            season[(m - 1) * np + j - 1] = fitted[size_t(m - 1)];
    }
}

// Bisquare robustness weights from the residuals y − fit (6 × the median absolute residual).
void robustnessWeights(const std::vector<double> &y, const std::vector<double> &fit, std::vector<double> &rw)
{
    const size_t n = y.size();
    std::vector<double> r(n);
    for (size_t i = 0; i < n; ++i)
        r[i] = std::abs(y[i] - fit[i]);
    std::vector<double> sorted = r;
    const size_t mid1 = n / 2; // 0-based positions of R's mid(1) = n/2 + 1 and mid(2) = n − mid(1) + 1
    const size_t mid2 = n - (n / 2 + 1);
    std::nth_element(sorted.begin(), sorted.begin() + long(mid1), sorted.end());
    const double a = sorted[mid1];
    std::nth_element(sorted.begin(), sorted.begin() + long(mid2), sorted.end());
    const double cmad = 3.0 * (a + sorted[mid2]);
    const double c9 = 0.999999 * cmad;
    const double c1 = 0.000001 * cmad;
    for (size_t i = 0; i < n; ++i) {
        if (r[i] <= c1) {
            rw[i] = 1.0;
        } else if (r[i] <= c9) {
            const double u = r[i] / cmad;
            rw[i] = (1.0 - u * u) * (1.0 - u * u);
        } else {
            rw[i] = 0.0;
        }
    }
}

int nextOdd(double x)
{
    int v = int(std::lround(x));
    if (v % 2 == 0)
        ++v;
    return v;
}

int makeOdd(int v)
{
    return v % 2 == 0 ? v + 1 : v;
}

} // namespace

StlResult Stl::decompose(const std::vector<double> &x, int period, const StlOptions &options)
{
    StlResult result;
    const int n = int(x.size());
    if (period < 2 || n <= 2 * period)
        return result;
    for (double v : x)
        if (!std::isfinite(v))
            return result;
    const bool periodic = options.seasonalWindow <= 0;
    const int sWindow = periodic ? 10 * n + 1 : options.seasonalWindow;
    const int sDegree = periodic ? 0 : std::clamp(options.seasonalDegree, 0, 1);
    const int tDegree = std::clamp(options.trendDegree, 0, 1);
    const int lDegree = options.lowPassDegree < 0 ? tDegree : std::clamp(options.lowPassDegree, 0, 1);
    const int tWindow = options.trendWindow > 0
        ? options.trendWindow
        : nextOdd(std::ceil(1.5 * period / (1.0 - 1.5 / double(sWindow))));
    const int lWindow = options.lowPassWindow > 0 ? options.lowPassWindow : nextOdd(period);
    // R's default jumps: ceiling(window / 10) of the windows as given.
    const int sJump = int(std::ceil(double(sWindow) / 10.0));
    const int tJump = int(std::ceil(double(tWindow) / 10.0));
    const int lJump = int(std::ceil(double(lWindow) / 10.0));
    const int ns = makeOdd(std::max(3, sWindow));
    const int nt = makeOdd(std::max(3, tWindow));
    const int nl = makeOdd(std::max(3, lWindow));
    const int np = std::max(2, period);
    const int inner = std::max(1, options.inner);
    const int outer = std::max(0, options.outer);

    const size_t big = size_t(n + 2 * np);
    std::vector<double> season(static_cast<size_t>(n), 0.0), trend(static_cast<size_t>(n), 0.0);
    std::vector<double> rw(static_cast<size_t>(n), 1.0);
    std::vector<double> w1(big), w2(big), w3(big), w4(big), w5(big);
    const int maxSub = (n - 1) / np + 1;
    std::vector<double> sub(static_cast<size_t>(maxSub)), subWeights(static_cast<size_t>(maxSub));
    std::vector<double> fitted(static_cast<size_t>(maxSub) + 2), subWork(static_cast<size_t>(std::max(maxSub, ns)) + 2);
    bool robust = false;
    for (int pass = 0;; ++pass) {
        for (int it = 0; it < inner; ++it) {
            for (int i = 0; i < n; ++i)
                w1[size_t(i)] = x[size_t(i)] - trend[size_t(i)];
            smoothSubseries(w1.data(), n, np, ns, sDegree, sJump, robust, rw.data(), w2.data(), sub, fitted, subWeights,
                            subWork);
            lowPass(w2.data(), n + 2 * np, np, w3.data(), w1.data());
            loessSmooth(w3.data(), n, nl, lDegree, lJump, false, w4.data(), w1.data(), w5.data());
            for (int i = 0; i < n; ++i)
                season[size_t(i)] = w2[size_t(np + i)] - w1[size_t(i)];
            for (int i = 0; i < n; ++i)
                w1[size_t(i)] = x[size_t(i)] - season[size_t(i)];
            loessSmooth(w1.data(), n, nt, tDegree, tJump, robust, rw.data(), trend.data(), w3.data());
        }
        if (pass + 1 > outer)
            break;
        std::vector<double> fit(static_cast<size_t>(n));
        for (int i = 0; i < n; ++i)
            fit[size_t(i)] = trend[size_t(i)] + season[size_t(i)];
        robustnessWeights(x, fit, rw);
        robust = true;
    }
    if (periodic) {
        // Make the seasonal component exactly periodic: the mean per position in the cycle.
        for (int j = 0; j < period; ++j) {
            double acc = 0.0;
            int count = 0;
            for (int i = j; i < n; i += period) {
                acc += season[size_t(i)];
                ++count;
            }
            for (int i = j; i < n; i += period)
                season[size_t(i)] = acc / count;
        }
    }
    result.remainder.resize(size_t(n));
    for (int i = 0; i < n; ++i)
        result.remainder[size_t(i)] = x[size_t(i)] - season[size_t(i)] - trend[size_t(i)];
    result.seasonal = std::move(season);
    result.trend = std::move(trend);
    result.ok = true;
    return result;
}

double Stl::seasonalStrength(const std::vector<double> &input, int period)
{
    const int n = int(input.size());
    if (period < 2 || n <= 2 * period)
        return 0.0;
    std::vector<double> x = input;
    // forecast::na.interp fills gaps from a seasonal regression plus a robust mstl; linear
    // interpolation (its choice for short series) is close enough for a yes/no decision.
    int last = -1;
    for (int t = 0; t < n; ++t) {
        if (!std::isfinite(x[size_t(t)]))
            continue;
        if (last < 0)
            std::fill(x.begin(), x.begin() + t, x[size_t(t)]);
        else
            for (int k = last + 1; k < t; ++k)
                x[size_t(k)] = x[size_t(last)] + (x[size_t(t)] - x[size_t(last)]) * (k - last) / double(t - last);
        last = t;
    }
    if (last < 0)
        return 0.0;
    std::fill(x.begin() + last + 1, x.end(), x[size_t(last)]);

    StlOptions options;
    options.seasonalWindow = 11; // forecast::mstl's s.window = 7 + 4·seq(6), first element
    const StlResult stl = decompose(x, period, options);
    if (!stl.ok)
        return 0.0;
    // Only observed positions count (mstl sets the remainder to NA where the data were missing).
    std::vector<double> remainder, seasonalPlusRemainder;
    for (int t = 0; t < n; ++t) {
        if (!std::isfinite(input[size_t(t)]))
            continue;
        remainder.push_back(stl.remainder[size_t(t)]);
        seasonalPlusRemainder.push_back(stl.remainder[size_t(t)] + stl.seasonal[size_t(t)]);
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
    const double total = variance(seasonalPlusRemainder);
    if (!(total > 0.0))
        return 0.0;
    return std::clamp(1.0 - variance(remainder) / total, 0.0, 1.0);
}

} // namespace Forecast
