#include "ets.h"

#include "distributions.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>

namespace Forecast {

namespace {

constexpr double kTol = 1e-10;   // etscalc's TOL
constexpr double kHuge = 1e10;   // etscalc's HUGEN
constexpr double kBig = 1.0e35;  // nmmin's value for non-finite objectives
constexpr int kMaxEvaluations = 2000;
constexpr double kLower[4] = {1e-4, 1e-4, 1e-4, 0.8};
constexpr double kUpper[4] = {0.9999, 0.9999, 0.9999, 0.98};
constexpr int kMaxPeriod = 24;

const double kInf = std::numeric_limits<double>::infinity();

bool isConstant(const std::vector<double> &y)
{
    const auto [lo, hi] = std::minmax_element(y.begin(), y.end());
    return *hi == *lo;
}

// ---------------------------------------------------------------------------------------------
// The filter: etscalc's recursions, with the seasonal states in a ring so a step costs O(1)
// instead of R's O(m) copy. Arithmetic is kept in R's order so the optimiser sees the same values.

struct FilterOutput
{
    double lik = 0.0;
    double sse = 0.0;
    std::vector<double> *residuals = nullptr;
    std::vector<double> *fitted = nullptr;
    std::vector<double> *finalStates = nullptr;
};

template <int Error, int Trend, int Season>
void runFilter(const std::vector<double> &y, int m, const double *x0, double alpha, double beta, double gamma,
               double phi, double *ring, FilterOutput &out)
{
    const int n = int(y.size());
    double l = x0[0];
    double b = Trend ? x0[1] : 0.0;
    int head = 0, oldest = m - 1;
    if (Season) {
        for (int j = 0; j < m; ++j)
            ring[j] = x0[(Trend ? 2 : 1) + j];
    }
    double sse = 0.0;
    // Σ log|ŷ| as the log of a product renormalised every 4 steps: one log per fit instead of one per
    // step (the logs were a third of the fitting time); factors of 4 values cannot over- or underflow
    // unless the values exceed 1e±77, where the fit is meaningless anyway.
    double product = 1.0;
    long exponentSum = 0;
    int pending = 0;
    for (int i = 0; i < n; ++i) {
        const double yi = y[size_t(i)];
        const double oldl = l;
        const double oldb = b;
        const double olds = Season ? ring[oldest] : 0.0;

        double f = Trend ? l + phi * b : l;
        if (Season == 1)
            f = f + olds;
        else if (Season == 2)
            f = f * olds;
        const double e = Error == 1 ? yi - f : (yi - f) / f;
        if (out.residuals) {
            (*out.residuals)[size_t(i)] = e;
            (*out.fitted)[size_t(i)] = f;
        }
        sse = sse + e * e;
        if (Error == 2) {
            product *= std::fabs(f);
            if (++pending == 4) {
                int exponent = 0;
                product = std::frexp(product, &exponent);
                exponentSum += exponent;
                pending = 0;
            }
        }

        double q, phib;
        if (!Trend) {
            q = oldl;
            phib = 0.0;
        } else {
            phib = phi * oldb;
            q = oldl + phib;
        }
        double p;
        if (Season == 0)
            p = yi;
        else if (Season == 1)
            p = yi - olds;
        else
            p = std::fabs(olds) < kTol ? kHuge : yi / olds;
        l = q + alpha * (p - q);
        if (Trend) {
            const double r = l - oldl;
            b = phib + (beta / alpha) * (r - phib);
        }
        if (Season) {
            double t;
            if (Season == 1)
                t = yi - q;
            else
                t = std::fabs(q) < kTol ? kHuge : yi / q;
            ring[oldest] = olds + gamma * (t - olds);
            head = oldest;
            oldest = oldest == 0 ? m - 1 : oldest - 1;
        }
    }
    out.sse = sse;
    out.lik = n * std::log(sse);
    if (Error == 2)
        out.lik += 2.0 * (std::log(product) + double(exponentSum) * M_LN2);
    if (out.finalStates) {
        std::vector<double> &s = *out.finalStates;
        s.clear();
        s.push_back(l);
        if (Trend)
            s.push_back(b);
        if (Season)
            for (int k = 0; k < m; ++k)
                s.push_back(ring[(head + k) % m]);
    }
}

using FilterFn = void (*)(const std::vector<double> &, int, const double *, double, double, double, double,
                          double *, FilterOutput &);

FilterFn filterFor(const EtsSpec &spec)
{
    const bool trend = spec.trend == EtsComponent::Additive;
    const bool mult = spec.error == EtsComponent::Multiplicative;
    switch (spec.season) {
    case EtsComponent::None:
        if (mult)
            return trend ? &runFilter<2, 1, 0> : &runFilter<2, 0, 0>;
        return trend ? &runFilter<1, 1, 0> : &runFilter<1, 0, 0>;
    case EtsComponent::Additive:
        if (mult)
            return trend ? &runFilter<2, 1, 1> : &runFilter<2, 0, 1>;
        return trend ? &runFilter<1, 1, 1> : &runFilter<1, 0, 1>;
    case EtsComponent::Multiplicative:
        if (mult)
            return trend ? &runFilter<2, 1, 2> : &runFilter<2, 0, 2>;
        return trend ? &runFilter<1, 1, 2> : &runFilter<1, 0, 2>;
    }
    return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Admissible region (forecast's admissible()): R finds the roots of the characteristic polynomial;
// a Schur–Cohn recursion answers the only question asked (all roots within 1 + 1e-10) in O(m²).

// coefficients in increasing powers, leading coefficient non-zero; true if every root has |z| < 1.
bool schurStable(std::vector<double> &c, std::vector<double> &next)
{
    int d = int(c.size()) - 1;
    next.resize(c.size());
    while (d > 0) {
        const double c0 = c[0], cd = c[size_t(d)];
        if (!(std::fabs(c0) < std::fabs(cd)))
            return false;
        // (cd·p(z) − c0·z^d·p(1/z)) / z, which has the roots of p inside the circle iff p has.
        double scale = 0.0;
        for (int i = 0; i < d; ++i) {
            next[size_t(i)] = cd * c[size_t(i) + 1] - c0 * c[size_t(d - 1 - i)];
            scale = std::max(scale, std::fabs(next[size_t(i)]));
        }
        --d;
        // Rescale to keep the numbers of order one over many steps.
        if (!(scale > 0.0) || !std::isfinite(scale))
            return false;
        const double inverse = 1.0 / scale;
        for (int i = 0; i <= d; ++i)
            c[size_t(i)] = next[size_t(i)] * inverse;
    }
    return true;
}

bool admissible(double alpha, double beta, double gamma, double phi, bool hasTrend, bool hasSeason, int m,
                std::vector<double> &c, std::vector<double> &scratch)
{
    if (phi < 0.0 || phi > 1.0 + 1e-8)
        return false;
    if (!hasSeason) {
        if (alpha < 1.0 - 1.0 / phi || alpha > 1.0 + 1.0 / phi)
            return false;
        if (hasTrend && (beta < alpha * (phi - 1.0) || beta > (1.0 + phi) * (2.0 - alpha)))
            return false;
        return true;
    }
    if (m <= 1)
        return true;
    if (!hasTrend)
        beta = 0.0;
    const double d = 1.0 - 1.0 / phi - alpha;
    if (gamma < std::max(d, 0.0) || gamma > 1.0 + 1.0 / phi - alpha)
        return false;
    if (alpha < 1.0 - 1.0 / phi - gamma * (1.0 - m + phi + phi * m) / (2.0 * phi * m))
        return false;
    if (beta < -(1.0 - phi) * (gamma / m + alpha))
        return false;

    // P(z) = φ(1−α−γ) + (α+β−αφ+γ−1) z + (α+β−αφ)(z² … z^{m−1}) + (α+β−φ) z^m + z^{m+1}
    c.assign(size_t(m) + 2, 0.0);
    c[0] = phi * (1.0 - alpha - gamma);
    c[1] = alpha + beta - alpha * phi + gamma - 1.0;
    for (int i = 2; i < m; ++i)
        c[size_t(i)] = alpha + beta - alpha * phi;
    c[size_t(m)] = alpha + beta - phi;
    c[size_t(m) + 1] = 1.0;
    if (!hasTrend && phi == 1.0) {
        // Without trend P(1) = 0 exactly: divide out (z − 1) so the test is not decided by rounding.
        // In place: q_{i−1} = c_i + q_i from the top, q_m = c_{m+1}.
        double q = c[size_t(m) + 1];
        for (int i = m; i >= 1; --i) {
            const double next = c[size_t(i)] + q;
            c[size_t(i)] = q;
            q = next;
        }
        c[0] = q;
        c.pop_back();
    }
    // All roots within 1 + 1e-10 ⇔ all roots of P((1 + 1e-10)·w) inside the unit circle.
    const double r = 1.0 + 1e-10;
    double power = 1.0;
    for (double &v : c) {
        v *= power;
        power *= r;
    }
    return schurStable(c, scratch);
}

// ---------------------------------------------------------------------------------------------
// Starting values: forecast's initstate() and initparam().

// stats::decompose's seasonal figure (centred moving average, means per position, normalised).
std::vector<double> decomposeSeasonal(const std::vector<double> &y, int m, bool multiplicative)
{
    const int n = int(y.size());
    std::vector<double> filter;
    if (m % 2 == 0) {
        filter.assign(size_t(m) + 1, 1.0 / m);
        filter.front() = filter.back() = 0.5 / m;
    } else {
        filter.assign(size_t(m), 1.0 / m);
    }
    const int nf = int(filter.size());
    const int shift = nf / 2;
    std::vector<double> sums(size_t(m), 0.0);
    std::vector<int> counts(size_t(m), 0);
    for (int i = 0; i < n; ++i) {
        if (i + shift - (nf - 1) < 0 || i + shift >= n)
            continue;
        double z = 0.0;
        for (int j = 0; j < nf; ++j)
            z += filter[size_t(j)] * y[size_t(i + shift - j)];
        const double detrended = multiplicative ? y[size_t(i)] / z : y[size_t(i)] - z;
        sums[size_t(i % m)] += detrended;
        ++counts[size_t(i % m)];
    }
    std::vector<double> figure(static_cast<size_t>(m));
    for (int k = 0; k < m; ++k)
        figure[size_t(k)] = sums[size_t(k)] / counts[size_t(k)];
    const double mean = std::accumulate(figure.begin(), figure.end(), 0.0) / m;
    for (double &v : figure)
        v = multiplicative ? v / mean : v - mean;
    std::vector<double> seasonal(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i)
        seasonal[size_t(i)] = figure[size_t(i % m)];
    return seasonal;
}

// Least squares coefficients of y on the columns of X.
Eigen::VectorXd leastSquares(const Eigen::MatrixXd &x, const Eigen::VectorXd &y)
{
    return x.colPivHouseholderQr().solve(y);
}

// initstate(): level, slope (with trend), then m − 1 seasonal states s0..s_{m−2}.
std::vector<double> initialState(const std::vector<double> &y, const EtsSpec &spec, int m)
{
    const int n = int(y.size());
    std::vector<double> adjusted = y;
    std::vector<double> seasons;
    const bool multiplicative = spec.season == EtsComponent::Multiplicative;
    if (spec.season != EtsComponent::None) {
        std::vector<double> seasonal;
        if (n < 3 * m) {
            // tslm(y ~ trend + fourier(y, 1)): only the intercept and slope are used.
            const int cols = m == 2 ? 3 : 4;
            Eigen::MatrixXd x(n, cols);
            Eigen::VectorXd yv(n);
            for (int t = 1; t <= n; ++t) {
                x(t - 1, 0) = 1.0;
                x(t - 1, 1) = t;
                const double angle = 2.0 * M_PI * t / m;
                if (m == 2) {
                    x(t - 1, 2) = std::cos(angle);
                } else {
                    x(t - 1, 2) = std::sin(angle);
                    x(t - 1, 3) = std::cos(angle);
                }
                yv(t - 1) = y[size_t(t - 1)];
            }
            const Eigen::VectorXd coef = leastSquares(x, yv);
            seasonal.resize(size_t(n));
            for (int t = 1; t <= n; ++t) {
                const double trend = coef(0) + coef(1) * t;
                seasonal[size_t(t - 1)] = multiplicative ? y[size_t(t - 1)] / trend : y[size_t(t - 1)] - trend;
            }
        } else {
            seasonal = decomposeSeasonal(y, m, multiplicative);
        }
        for (int k = 0; k < m - 1; ++k)
            seasons.push_back(seasonal[size_t(m - 1 - k)]); // rev(seasonal[2:m])
        if (!multiplicative) {
            for (int i = 0; i < n; ++i)
                adjusted[size_t(i)] = y[size_t(i)] - seasonal[size_t(i)];
        } else {
            for (double &s : seasons)
                s = std::max(s, 0.01);
            const double sum = std::accumulate(seasons.begin(), seasons.end(), 0.0);
            if (sum > m) {
                const double denominator = sum + 0.01 * double(seasons.size());
                for (double &s : seasons)
                    s /= denominator;
            }
            for (int i = 0; i < n; ++i)
                adjusted[size_t(i)] = y[size_t(i)] / std::max(seasonal[size_t(i)], 0.01);
        }
    } else {
        m = 1;
    }
    const int maxn = std::min(std::max(10, 2 * m), n);
    std::vector<double> state;
    if (spec.trend == EtsComponent::None) {
        state.push_back(std::accumulate(adjusted.begin(), adjusted.begin() + maxn, 0.0) / maxn);
    } else {
        // lsfit(1:maxn, y.sa[1:maxn])
        double st = 0.0, sy = 0.0;
        for (int t = 1; t <= maxn; ++t) {
            st += t;
            sy += adjusted[size_t(t - 1)];
        }
        const double mt = st / maxn, my = sy / maxn;
        double stt = 0.0, sty = 0.0;
        for (int t = 1; t <= maxn; ++t) {
            stt += (t - mt) * (t - mt);
            sty += (t - mt) * (adjusted[size_t(t - 1)] - my);
        }
        double slope = sty / stt;
        double level = my - slope * mt;
        if (std::fabs(level + slope) < 1e-8) {
            level *= 1.0 + 1e-3;
            slope *= 1.0 - 1e-3;
        }
        state.push_back(level);
        state.push_back(slope);
    }
    state.insert(state.end(), seasons.begin(), seasons.end());
    return state;
}

struct SmoothingStart
{
    double alpha, beta, gamma, phi;
};

// initparam() with the default bounds; m is 1 for models without season.
SmoothingStart initialSmoothing(const EtsSpec &spec, int m)
{
    SmoothingStart s{};
    s.alpha = kLower[0] + 0.2 * (kUpper[0] - kLower[0]) / m;
    if (s.alpha > 1.0 || s.alpha < 0.0)
        s.alpha = kLower[0] + 2e-3;
    if (spec.trend != EtsComponent::None) {
        const double upper = std::min(kUpper[1], s.alpha);
        s.beta = kLower[1] + 0.1 * (upper - kLower[1]);
        if (s.beta < 0.0 || s.beta > s.alpha)
            s.beta = s.alpha - 1e-3;
    }
    if (spec.season != EtsComponent::None) {
        const double upper = std::min(kUpper[2], 1.0 - s.alpha);
        s.gamma = kLower[2] + 0.05 * (upper - kLower[2]);
        if (s.gamma < 0.0 || s.gamma > 1.0 - s.alpha)
            s.gamma = 1.0 - s.alpha - 1e-3;
    }
    s.phi = 1.0;
    if (spec.damped) {
        s.phi = kLower[3] + 0.99 * (kUpper[3] - kLower[3]);
        if (s.phi < 0.0 || s.phi > 1.0)
            s.phi = kUpper[3] - 1e-3;
    }
    return s;
}

// ---------------------------------------------------------------------------------------------
// The objective: forecast's EtsTargetFunction with opt.crit = "lik" and bounds = "both".

class EtsObjective final
{
public:
    EtsObjective(const std::vector<double> &y, const EtsSpec &spec, int m)
        : m_y(y)
        , m_spec(spec)
        , m_m(m)
        , m_hasTrend(spec.trend != EtsComponent::None)
        , m_hasSeason(spec.season != EtsComponent::None)
        , m_filter(filterFor(spec))
        , m_ring(size_t(std::max(m, 1)))
    {
        m_state.reserve(size_t(m) + 2);
    }

    // Smoothing parameters first (alpha, beta?, gamma?, phi?), then the free initial states.
    double operator()(const double *par)
    {
        int j = 0;
        m_alpha = par[j++];
        m_beta = m_hasTrend ? par[j++] : 0.0;
        m_gamma = m_hasSeason ? par[j++] : 0.0;
        m_phi = m_spec.damped ? par[j++] : 1.0;
        if (!checkParameters())
            return kInf;
        m_state.assign(par + j, par + j + 1 + (m_hasTrend ? 1 : 0) + (m_hasSeason ? m_m - 1 : 0));
        if (m_hasSeason) {
            const size_t start = m_hasTrend ? 2 : 1;
            double sum = 0.0;
            for (size_t i = start; i < m_state.size(); ++i)
                sum += m_state[i];
            m_state.push_back((m_spec.season == EtsComponent::Multiplicative ? m_m : 0) - sum);
            if (m_spec.season == EtsComponent::Multiplicative
                && *std::min_element(m_state.begin() + std::ptrdiff_t(start), m_state.end()) < 0.0)
                return kInf;
        }
        FilterOutput out;
        m_filter(m_y, m_m, m_state.data(), m_alpha, m_beta, m_gamma, m_phi, m_ring.data(), out);
        double lik = out.lik;
        if (lik < -1e10) // R: avoid perfect fits
            lik = -1e10;
        if (std::isnan(lik))
            lik = kInf;
        return lik;
    }

private:
    bool checkParameters()
    {
        if (m_alpha < kLower[0] || m_alpha > kUpper[0])
            return false;
        if (m_hasTrend && (m_beta < kLower[1] || m_beta > m_alpha || m_beta > kUpper[1]))
            return false;
        if (m_spec.damped && (m_phi < kLower[3] || m_phi > kUpper[3]))
            return false;
        if (m_hasSeason && (m_gamma < kLower[2] || m_gamma > 1.0 - m_alpha || m_gamma > kUpper[2]))
            return false;
        return admissible(m_alpha, m_beta, m_gamma, m_phi, m_hasTrend, m_hasSeason, m_m, m_roots, m_rootsScratch);
    }

    const std::vector<double> &m_y;
    EtsSpec m_spec;
    int m_m;
    bool m_hasTrend;
    bool m_hasSeason;
    FilterFn m_filter;
    std::vector<double> m_ring;
    std::vector<double> m_state;
    std::vector<double> m_roots; // scratch for the admissibility polynomial
    std::vector<double> m_rootsScratch;
    double m_alpha = 0.0, m_beta = 0.0, m_gamma = 0.0, m_phi = 1.0;
};

// R's optim Nelder–Mead (nmmin in src/appl/optim.c) as forecast's etsNelderMead calls it:
// abstol −Inf, reltol sqrt(eps), reflection 1, contraction 0.5, expansion 2, at most maxit
// evaluations. Ported step by step so the search stops where R's stops.
struct NelderMeadResult
{
    std::vector<double> x;
    double value = 0.0;
    int evaluations = 0;
};

template <typename F>
NelderMeadResult nelderMeadR(F &&fn, std::vector<double> b, int maxit, double initialStep = 0.0, double reltol = 0.0)
{
    const int n = int(b.size());
    const double intol = reltol > 0.0 ? reltol : std::sqrt(std::numeric_limits<double>::epsilon());
    const double alpha = 1.0, bet = 0.5, gamm = 2.0;
    NelderMeadResult result;
    auto eval = [&](const std::vector<double> &x) {
        double f = fn(x.data());
        return std::isfinite(f) ? f : kBig;
    };
    double f = fn(b.data());
    if (!std::isfinite(f)) {
        result.x = b;
        result.value = kInf;
        result.evaluations = 1;
        return result;
    }
    int funcount = 1;
    const double convtol = intol * (std::fabs(f) + intol);
    const int n1 = n + 1;
    const int C = n + 2;
    // P[i][j]: rows 0..n−1 coordinates, row n the value; columns 0..n vertices, column n+1 centroid.
    std::vector<std::vector<double>> P(size_t(n1), std::vector<double>(size_t(n) + 2, 0.0));
    P[size_t(n1 - 1)][0] = f;
    for (int i = 0; i < n; ++i)
        P[size_t(i)][0] = b[size_t(i)];
    int L = 1;
    double size = 0.0;
    double step = 0.0;
    for (int i = 0; i < n; ++i)
        step = std::max(step, 0.1 * std::fabs(b[size_t(i)]));
    if (step == 0.0)
        step = 0.1;
    if (initialStep > 0.0)
        step = initialStep;
    for (int j = 2; j <= n1; ++j) {
        for (int i = 0; i < n; ++i)
            P[size_t(i)][size_t(j - 1)] = b[size_t(i)];
        double trystep = step;
        while (P[size_t(j - 2)][size_t(j - 1)] == b[size_t(j - 2)]) {
            P[size_t(j - 2)][size_t(j - 1)] = b[size_t(j - 2)] + trystep;
            trystep *= 10;
        }
        size += trystep;
    }
    double oldsize = size;
    bool calcvert = true;
    do {
        if (calcvert) {
            for (int j = 0; j < n1; ++j) {
                if (j + 1 != L) {
                    for (int i = 0; i < n; ++i)
                        b[size_t(i)] = P[size_t(i)][size_t(j)];
                    P[size_t(n1 - 1)][size_t(j)] = eval(b);
                    ++funcount;
                }
            }
            calcvert = false;
        }
        double VL = P[size_t(n1 - 1)][size_t(L - 1)];
        double VH = VL;
        int H = L;
        for (int j = 1; j <= n1; ++j) {
            if (j != L) {
                const double fj = P[size_t(n1 - 1)][size_t(j - 1)];
                if (fj < VL) {
                    L = j;
                    VL = fj;
                }
                if (fj > VH) {
                    H = j;
                    VH = fj;
                }
            }
        }
        if (VH <= VL + convtol)
            break;
        for (int i = 0; i < n; ++i) {
            double temp = -P[size_t(i)][size_t(H - 1)];
            for (int j = 0; j < n1; ++j)
                temp += P[size_t(i)][size_t(j)];
            P[size_t(i)][size_t(C - 1)] = temp / n;
        }
        for (int i = 0; i < n; ++i)
            b[size_t(i)] = (1.0 + alpha) * P[size_t(i)][size_t(C - 1)] - alpha * P[size_t(i)][size_t(H - 1)];
        f = eval(b);
        ++funcount;
        const double VR = f;
        if (VR < VL) {
            P[size_t(n1 - 1)][size_t(C - 1)] = f;
            for (int i = 0; i < n; ++i) {
                f = gamm * b[size_t(i)] + (1 - gamm) * P[size_t(i)][size_t(C - 1)];
                P[size_t(i)][size_t(C - 1)] = b[size_t(i)];
                b[size_t(i)] = f;
            }
            f = eval(b);
            ++funcount;
            if (f < VR) {
                for (int i = 0; i < n; ++i)
                    P[size_t(i)][size_t(H - 1)] = b[size_t(i)];
                P[size_t(n1 - 1)][size_t(H - 1)] = f;
            } else {
                for (int i = 0; i < n; ++i)
                    P[size_t(i)][size_t(H - 1)] = P[size_t(i)][size_t(C - 1)];
                P[size_t(n1 - 1)][size_t(H - 1)] = VR;
            }
        } else {
            if (VR < VH) {
                for (int i = 0; i < n; ++i)
                    P[size_t(i)][size_t(H - 1)] = b[size_t(i)];
                P[size_t(n1 - 1)][size_t(H - 1)] = VR;
            }
            for (int i = 0; i < n; ++i)
                b[size_t(i)] = (1 - bet) * P[size_t(i)][size_t(H - 1)] + bet * P[size_t(i)][size_t(C - 1)];
            f = eval(b);
            ++funcount;
            if (f < P[size_t(n1 - 1)][size_t(H - 1)]) {
                for (int i = 0; i < n; ++i)
                    P[size_t(i)][size_t(H - 1)] = b[size_t(i)];
                P[size_t(n1 - 1)][size_t(H - 1)] = f;
            } else if (VR >= VH) {
                calcvert = true;
                size = 0.0;
                for (int j = 0; j < n1; ++j) {
                    if (j + 1 != L) {
                        for (int i = 0; i < n; ++i) {
                            P[size_t(i)][size_t(j)] = bet * (P[size_t(i)][size_t(j)] - P[size_t(i)][size_t(L - 1)])
                                                      + P[size_t(i)][size_t(L - 1)];
                            size += std::fabs(P[size_t(i)][size_t(j)] - P[size_t(i)][size_t(L - 1)]);
                        }
                    }
                }
                if (size < oldsize)
                    oldsize = size;
                else
                    break;
            }
        }
    } while (funcount <= maxit);

    result.value = P[size_t(n1 - 1)][size_t(L - 1)];
    result.x.resize(size_t(n));
    for (int i = 0; i < n; ++i)
        result.x[size_t(i)] = P[size_t(i)][size_t(L - 1)];
    result.evaluations = funcount;
    return result;
}

// loglik, AIC, AICc, BIC, sigma2 and MSE of a filtered fit (fit.parameterCount, fitted set).
void setCriteria(EtsFit &fit, const FilterOutput &out, const std::vector<double> &y)
{
    const int n = int(y.size());
    const double k = fit.parameterCount;
    fit.loglik = -0.5 * out.lik;
    fit.aic = out.lik + 2.0 * k;
    fit.bic = out.lik + std::log(double(n)) * k;
    fit.aicc = n - k - 1.0 > 0.0 ? fit.aic + 2.0 * k * (k + 1.0) / (n - k - 1.0) : kInf;
    fit.sigma2 = out.sse / (n - (fit.parameterCount - 1));
    double mse = 0.0;
    for (int i = 0; i < n; ++i) {
        const double d = y[size_t(i)] - fit.fitted[size_t(i)];
        mse += d * d;
    }
    fit.mse = mse / n;
}

EtsFit failure(const QString &message)
{
    EtsFit fit;
    fit.error = message;
    return fit;
}

int seasonPeriod(const EtsSpec &spec, int period)
{
    return spec.season == EtsComponent::None ? 1 : period;
}

// etsmodel(): one model, no checks of the series beyond what the estimation itself needs.
EtsFit fitModel(const std::vector<double> &y, int period, const EtsSpec &spec, const EtsOptions &options)
{
    const int restarts = options.restarts;
    const int maxEvaluations = options.maxEvaluations;
    const int m = seasonPeriod(spec, period);
    const int n = int(y.size());
    const SmoothingStart start = initialSmoothing(spec, m);
    std::vector<double> par{start.alpha};
    if (spec.trend != EtsComponent::None)
        par.push_back(start.beta);
    if (spec.season != EtsComponent::None)
        par.push_back(start.gamma);
    if (spec.damped)
        par.push_back(start.phi);
    const int smoothingCount = int(par.size());
    if (spec.season != EtsComponent::None && n < 4)
        return failure(QStringLiteral("ETS: too few observations for a seasonal model"));
    const std::vector<double> init = initialState(y, spec, m);
    par.insert(par.end(), init.begin(), init.end());
    const int np = int(par.size());
    if (np >= n - 1)
        return failure(QStringLiteral("ETS(%1): %2 parameters need more than %3 observations")
                           .arg(spec.code()).arg(np).arg(n));

    EtsObjective objective(y, spec, m);
    NelderMeadResult nm;
    if (options.optimizeInitialStates) {
        nm = nelderMeadR(objective, par, maxEvaluations);
    } else {
        // Only the smoothing parameters move; the states stay at the heuristic start. The simplex
        // starts 0.1 wide (R's rule would make it 0.1·max|α, β, γ, φ| ≈ 0.02–0.1).
        std::vector<double> full = par;
        auto smoothingOnly = [&](const double *p) {
            std::copy(p, p + smoothingCount, full.begin());
            return objective(full.data());
        };
        NelderMeadResult part = nelderMeadR(smoothingOnly, std::vector<double>(par.begin(), par.begin() + smoothingCount),
                                            maxEvaluations, 0.1, options.relativeTolerance);
        nm.x = par;
        std::copy(part.x.begin(), part.x.end(), nm.x.begin());
        nm.value = part.value;
        nm.evaluations = part.evaluations;
        if (options.polishEvaluations > 0 && std::isfinite(nm.value) && nm.value < kBig) {
            NelderMeadResult polish = nelderMeadR(objective, nm.x, options.polishEvaluations);
            const int evaluations = nm.evaluations + polish.evaluations;
            if (polish.value < nm.value)
                nm = std::move(polish);
            nm.evaluations = evaluations;
        }
    }
    // R stops after 2000 evaluations or a collapsed simplex, often short of the optimum for seasonal
    // models (m + 3 or more parameters). On request, restart from the best vertex with a fresh simplex.
    int totalEvaluations = nm.evaluations;
    for (int round = 0; round < restarts; ++round) {
        NelderMeadResult again = nelderMeadR(objective, nm.x, maxEvaluations);
        totalEvaluations += again.evaluations;
        const bool improved = again.value < nm.value - 1e-9 * std::fabs(nm.value);
        if (again.value < nm.value)
            nm = std::move(again);
        if (!improved)
            break;
    }
    nm.evaluations = totalEvaluations;
    if (!std::isfinite(nm.value) || nm.value >= kBig)
        return failure(QStringLiteral("ETS(%1): no admissible starting point").arg(spec.code()));

    EtsFit fit;
    fit.spec = spec;
    fit.period = m;
    fit.n = n;
    fit.evaluations = nm.evaluations;
    int j = 0;
    fit.alpha = nm.x[size_t(j++)];
    fit.beta = spec.trend != EtsComponent::None ? nm.x[size_t(j++)] : 0.0;
    fit.gamma = spec.season != EtsComponent::None ? nm.x[size_t(j++)] : 0.0;
    fit.phi = spec.damped ? nm.x[size_t(j++)] : 1.0;
    fit.initialStates.assign(nm.x.begin() + smoothingCount, nm.x.end());
    if (spec.season != EtsComponent::None) {
        const size_t first = spec.trend != EtsComponent::None ? 2 : 1;
        double sum = 0.0;
        for (size_t i = first; i < fit.initialStates.size(); ++i)
            sum += fit.initialStates[i];
        fit.initialStates.push_back((spec.season == EtsComponent::Multiplicative ? m : 0) - sum);
    }

    fit.residuals.resize(size_t(n));
    fit.fitted.resize(size_t(n));
    FilterOutput out;
    out.residuals = &fit.residuals;
    out.fitted = &fit.fitted;
    out.finalStates = &fit.finalStates;
    std::vector<double> ring(size_t(std::max(m, 1)));
    filterFor(spec)(y, m, fit.initialStates.data(), fit.alpha, fit.beta, fit.gamma, fit.phi, ring.data(), out);
    if (!std::isfinite(out.lik))
        return failure(QStringLiteral("ETS(%1): the likelihood is not finite").arg(spec.code()));

    fit.parameterCount = np + 1;
    setCriteria(fit, out, y);
    fit.ok = true;
    return fit;
}

// ses(y, alpha = 0.99999, initial = "simple") on a constant series, which ets() returns for one.
EtsFit constantFit(const std::vector<double> &y)
{
    EtsFit fit;
    fit.ok = true;
    fit.n = int(y.size());
    fit.alpha = 0.99999;
    fit.initialStates = {y.front()};
    fit.finalStates = {y.front()};
    fit.residuals.assign(y.size(), 0.0);
    fit.fitted = y;
    fit.parameterCount = 2;
    return fit;
}

QString validate(const std::vector<double> &y, int period)
{
    if (y.empty())
        return QStringLiteral("ETS: the series is empty");
    for (size_t i = 0; i < y.size(); ++i)
        if (!std::isfinite(y[i]))
            return QStringLiteral("ETS: value %1 (index %2) is not finite").arg(y[i]).arg(i);
    if (period < 1)
        return QStringLiteral("ETS: the period must be at least 1 (got %1)").arg(period);
    return {};
}

// ---------------------------------------------------------------------------------------------
// Forecast variances (forecast's class1/class2/class3, Hyndman et al. 2008 ch. 6).

// Coefficients c_j = H F^{j−1} G (j = 1..h−1) of the linear innovations form of the additive part.
std::vector<double> innovationWeights(const EtsFit &fit, int horizon)
{
    const bool trend = fit.spec.trend != EtsComponent::None;
    const bool season = fit.spec.season != EtsComponent::None;
    const int m = fit.period;
    const int p = 1 + (trend ? 1 : 0) + (season ? m : 0);
    const int s0 = trend ? 2 : 1;
    std::vector<double> v(static_cast<size_t>(p), 0.0), next(static_cast<size_t>(p));
    v[0] = fit.alpha;
    if (trend)
        v[1] = fit.beta;
    if (season)
        v[size_t(s0)] = fit.gamma;
    std::vector<double> c;
    for (int j = 1; j < horizon; ++j) {
        double hv = v[0];
        if (trend)
            hv += fit.phi * v[1];
        if (season)
            hv += v[size_t(p - 1)];
        c.push_back(hv);
        // v ← F v
        next[0] = v[0] + (trend ? fit.phi * v[1] : 0.0);
        if (trend)
            next[1] = fit.phi * v[1];
        if (season) {
            next[size_t(s0)] = v[size_t(p - 1)];
            for (int k = 1; k < m; ++k)
                next[size_t(s0 + k)] = v[size_t(s0 + k - 1)];
        }
        v.swap(next);
    }
    return c;
}

Eigen::MatrixXd kron(const Eigen::MatrixXd &a, const Eigen::MatrixXd &b)
{
    Eigen::MatrixXd out(a.rows() * b.rows(), a.cols() * b.cols());
    for (Eigen::Index i = 0; i < a.rows(); ++i)
        for (Eigen::Index j = 0; j < a.cols(); ++j)
            out.block(i * b.rows(), j * b.cols(), b.rows(), b.cols()) = a(i, j) * b;
    return out;
}

// class3: multiplicative error and season, no or additive (damped) trend. R's class3 leaves φ out
// of H1, F1 and G1; it is put where the model has it so damped variances follow the damped means.
// Means and variances; the mean is E[y] = H1·M·H2', which for h > m carries the covariance of level
// and season (σ²-order), as R's class3 reports it.
void class3Moments(const EtsFit &fit, int horizon, std::vector<double> &mean, std::vector<double> &var)
{
    const bool trend = fit.spec.trend != EtsComponent::None;
    const int m = fit.period;
    const int k = trend ? 2 : 1;
    const double s2 = fit.sigma2;
    Eigen::MatrixXd H1 = Eigen::MatrixXd::Ones(1, k);
    Eigen::MatrixXd F1(k, k), G1(k, k);
    if (!trend) {
        F1(0, 0) = 1.0;
        G1(0, 0) = fit.alpha;
    } else {
        const double phi = fit.phi;
        H1(0, 1) = phi;
        F1 << 1.0, phi, 0.0, phi;
        G1 << fit.alpha, fit.alpha * phi, fit.beta, fit.beta * phi;
    }
    Eigen::MatrixXd H2 = Eigen::MatrixXd::Zero(1, m);
    H2(0, m - 1) = 1.0;
    Eigen::MatrixXd F2 = Eigen::MatrixXd::Zero(m, m);
    F2(0, m - 1) = 1.0;
    for (int i = 1; i < m; ++i)
        F2(i, i - 1) = 1.0;
    Eigen::MatrixXd G2 = Eigen::MatrixXd::Zero(m, m);
    G2(0, m - 1) = fit.gamma;
    Eigen::MatrixXd Mh(k, m);
    for (int i = 0; i < k; ++i)
        for (int j = 0; j < m; ++j)
            Mh(i, j) = fit.finalStates[size_t(i)] * fit.finalStates[size_t(k + j)];
    const int km = k * m;
    Eigen::MatrixXd Vh = Eigen::MatrixXd::Zero(km, km);
    const Eigen::MatrixXd H21 = kron(H2, H1);
    const Eigen::MatrixXd F21 = kron(F2, F1);
    const Eigen::MatrixXd G21 = kron(G2, G1);
    const Eigen::MatrixXd K = kron(G2, F1) + kron(F2, G1);
    mean.clear();
    var.clear();
    for (int i = 0; i < horizon; ++i) {
        const double mu = (H1 * Mh * H2.transpose())(0, 0);
        mean.push_back(mu);
        var.push_back((1.0 + s2) * (H21 * Vh * H21.transpose())(0, 0) + s2 * mu * mu);
        const Eigen::Map<const Eigen::VectorXd> vecMh(Mh.data(), km); // column major, as R's c()
        const Eigen::MatrixXd outer = vecMh * vecMh.transpose();
        const Eigen::MatrixXd nextV = F21 * Vh * F21.transpose()
            + s2 * (F21 * Vh * G21.transpose() + G21 * Vh * F21.transpose()
                    + K * (Vh + outer) * K.transpose() + s2 * G21 * (3.0 * Vh + 2.0 * outer) * G21.transpose());
        Vh = nextV;
        Mh = (F1 * Mh * F2.transpose() + G1 * Mh * G2.transpose() * s2).eval();
    }
}

} // namespace

// ---------------------------------------------------------------------------------------------

std::optional<EtsSpec> EtsSpec::parse(QStringView code)
{
    auto component = [](QChar c) -> std::optional<EtsComponent> {
        if (c == u'N')
            return EtsComponent::None;
        if (c == u'A')
            return EtsComponent::Additive;
        if (c == u'M')
            return EtsComponent::Multiplicative;
        return std::nullopt;
    };
    EtsSpec spec;
    if (code.size() == 4) {
        if (code[2] != u'd')
            return std::nullopt;
        spec.damped = true;
    } else if (code.size() != 3) {
        return std::nullopt;
    }
    const auto error = component(code[0]);
    const auto trend = component(code[1]);
    const auto season = component(code[code.size() - 1]);
    if (!error || !trend || !season || *error == EtsComponent::None || *trend == EtsComponent::Multiplicative)
        return std::nullopt;
    if (spec.damped && *trend == EtsComponent::None)
        return std::nullopt;
    spec.error = *error;
    spec.trend = *trend;
    spec.season = *season;
    return spec;
}

QString EtsSpec::code() const
{
    auto letter = [](EtsComponent c) {
        return c == EtsComponent::None ? QStringLiteral("N")
             : c == EtsComponent::Additive ? QStringLiteral("A") : QStringLiteral("M");
    };
    return letter(error) + letter(trend) + (damped ? QStringLiteral("d") : QString()) + letter(season);
}

QString EtsSpec::label() const
{
    const QString c = code();
    const QString trend = damped ? c.mid(1, 2) : c.mid(1, 1);
    return QStringLiteral("ETS(%1,%2,%3)").arg(c.left(1), trend, c.right(1));
}

EtsFit Ets::fit(const std::vector<double> &y, int period, const EtsSpec &spec, const EtsOptions &options)
{
    if (const QString problem = validate(y, period); !problem.isEmpty())
        return failure(problem);
    const int n = int(y.size());
    if (spec.season != EtsComponent::None && (period <= 1 || period > kMaxPeriod || n <= period))
        return failure(QStringLiteral("ETS(%1): a season needs 1 < period ≤ %2 and more than one period of "
                                      "data (period %3, %4 observations)")
                           .arg(spec.code()).arg(kMaxPeriod).arg(period).arg(n));
    const bool multiplicative = spec.error == EtsComponent::Multiplicative
                             || spec.season == EtsComponent::Multiplicative;
    if (multiplicative && *std::min_element(y.begin(), y.end()) <= 0.0)
        return failure(QStringLiteral("ETS(%1): multiplicative components need strictly positive data")
                           .arg(spec.code()));
    if (spec.error == EtsComponent::Additive && spec.season == EtsComponent::Multiplicative)
        return failure(QStringLiteral("ETS(%1): additive error with multiplicative season is not allowed "
                                      "(R's restrict = TRUE)").arg(spec.code()));
    // R switches to HoltWinters below this size; that path is not reproduced.
    const int npars = 2 + (spec.trend != EtsComponent::None ? 2 : 0)
                    + (spec.season != EtsComponent::None ? period : 0) + (spec.damped ? 1 : 0);
    if (n <= npars + 4)
        return failure(QStringLiteral("ETS(%1): %2 observations are too few (need more than %3)")
                           .arg(spec.code()).arg(n).arg(npars + 4));
    return fitModel(y, period, spec, options);
}

std::vector<EtsSpec> Ets::candidates(const std::vector<double> &y, int period, const EtsOptions &options)
{
    std::vector<EtsSpec> out;
    if (y.empty())
        return out;
    const bool positive = *std::min_element(y.begin(), y.end()) > 0.0;
    const bool seasonal = period > 1 && period <= kMaxPeriod && int(y.size()) > period;
    const EtsComponent errors[] = {EtsComponent::Additive, EtsComponent::Multiplicative};
    const EtsComponent trends[] = {EtsComponent::None, EtsComponent::Additive};
    const EtsComponent seasons[] = {EtsComponent::None, EtsComponent::Additive, EtsComponent::Multiplicative};
    for (EtsComponent error : errors) {
        if (error == EtsComponent::Multiplicative && (!positive || !options.allowMultiplicativeError))
            continue;
        for (EtsComponent trend : trends) {
            if (trend != EtsComponent::None && !options.allowTrend)
                continue;
            for (EtsComponent season : seasons) {
                if (season != EtsComponent::None && !seasonal)
                    continue;
                if (season == EtsComponent::Multiplicative
                    && (error == EtsComponent::Additive || !options.allowMultiplicativeSeason))
                    continue;
                for (bool damped : {true, false}) {
                    if (damped && (trend == EtsComponent::None || !options.allowDamped))
                        continue;
                    out.push_back(EtsSpec{error, trend, damped, season});
                }
            }
        }
    }
    return out;
}

EtsFit Ets::fitAuto(const std::vector<double> &y, int period, const EtsOptions &options)
{
    if (const QString problem = validate(y, period); !problem.isEmpty())
        return failure(problem);
    if (isConstant(y))
        return constantFit(y);
    if (y.size() <= 6) // R: n ≤ 2 + 4 goes to HoltWinters
        return failure(QStringLiteral("ETS: %1 observations are too few (need at least 7)").arg(y.size()));
    const std::vector<EtsSpec> specs = candidates(y, period, options);
    std::vector<EtsFit> fits(specs.size());
    const int threads = std::clamp(options.threads, 1, int(specs.size()));
    auto fitEvery = [&](int first) {
        for (size_t i = size_t(first); i < specs.size(); i += size_t(threads))
            fits[i] = fitModel(y, period, specs[i], options);
    };
    if (threads == 1) {
        fitEvery(0);
    } else {
        std::vector<std::thread> workers;
        for (int t = 1; t < threads; ++t)
            workers.emplace_back(fitEvery, t);
        fitEvery(0);
        for (std::thread &w : workers)
            w.join();
    }
    // R's rule: the first candidate (in R's order) with the strictly lowest AICc.
    EtsFit best;
    best.error = QStringLiteral("ETS: no model could be fitted");
    double bestAicc = kInf;
    for (EtsFit &candidate : fits) {
        if (candidate.ok && candidate.aicc < bestAicc) {
            bestAicc = candidate.aicc;
            best = std::move(candidate);
        }
    }
    return best;
}

EtsFit Ets::apply(const EtsFit &model, const std::vector<double> &y)
{
    if (!model.ok || model.initialStates.empty())
        return failure(QStringLiteral("ETS: no fitted model to apply"));
    if (const QString problem = validate(y, model.period); !problem.isEmpty())
        return failure(problem);
    const bool multiplicative = model.spec.error == EtsComponent::Multiplicative
        || model.spec.season == EtsComponent::Multiplicative;
    if (multiplicative && *std::min_element(y.begin(), y.end()) <= 0.0)
        return failure(QStringLiteral("ETS(%1): multiplicative components need strictly positive data").arg(model.spec.code()));
    const int n = int(y.size());
    const int np = model.parameterCount - 1;
    if (n <= np)
        return failure(QStringLiteral("ETS(%1): %2 observations for %3 parameters").arg(model.spec.code()).arg(n).arg(np));
    EtsFit fit = model;
    fit.n = n;
    fit.evaluations = 0;
    fit.residuals.assign(size_t(n), 0.0);
    fit.fitted.assign(size_t(n), 0.0);
    FilterOutput out;
    out.residuals = &fit.residuals;
    out.fitted = &fit.fitted;
    out.finalStates = &fit.finalStates;
    std::vector<double> ring(size_t(std::max(model.period, 1)));
    filterFor(model.spec)(y, model.period, model.initialStates.data(), model.alpha, model.beta, model.gamma, model.phi,
                          ring.data(), out);
    // A perfect fit (a constant series) has SSE 0 and a likelihood of +∞, which is still a fit.
    if (!std::isfinite(out.sse))
        return failure(QStringLiteral("ETS(%1): the one-step errors are not finite").arg(model.spec.code()));
    setCriteria(fit, out, y);
    return fit;
}

std::vector<ForecastPoint> Ets::forecast(const EtsFit &fit, int horizon)
{
    std::vector<ForecastPoint> points;
    if (!fit.ok || horizon < 1 || fit.finalStates.empty())
        return points;
    const bool trend = fit.spec.trend != EtsComponent::None;
    const int m = fit.period;
    const double l = fit.finalStates[0];
    const double b = trend ? fit.finalStates[1] : 0.0;
    const size_t s0 = trend ? 2 : 1;

    // Means from the last state: l + (φ + … + φ^h)·b, times or plus the season of h. (R's C
    // etsforecast adds φ^i instead of φ^(i+1) at step i; its analytic paths, used here, do not.)
    std::vector<double> mu(static_cast<size_t>(horizon));
    double phistar = fit.phi;
    for (int i = 0; i < horizon; ++i) {
        double f = trend ? l + phistar * b : l;
        if (fit.spec.season != EtsComponent::None) {
            int j = m - 1 - i;
            while (j < 0)
                j += m;
            const double s = fit.finalStates[s0 + size_t(j)];
            f = fit.spec.season == EtsComponent::Additive ? f + s : f * s;
        }
        mu[size_t(i)] = f;
        phistar += std::pow(fit.phi, double(i + 2));
    }

    const double s2 = fit.sigma2;
    std::vector<double> var(static_cast<size_t>(horizon));
    if (fit.spec.season == EtsComponent::Multiplicative) {
        class3Moments(fit, horizon, mu, var);
    } else {
        const std::vector<double> c = innovationWeights(fit, horizon);
        if (fit.spec.error == EtsComponent::Additive) {
            double acc = 0.0;
            for (int h = 0; h < horizon; ++h) {
                if (h > 0)
                    acc += c[size_t(h - 1)] * c[size_t(h - 1)];
                var[size_t(h)] = s2 * (1.0 + acc);
            }
        } else {
            // class2: θ_1 = μ_1², θ_j = μ_j² + σ² Σ_{i<j} c_i² θ_{j−i}; var = (1 + σ²) θ − μ².
            std::vector<double> theta(static_cast<size_t>(horizon));
            for (int j = 0; j < horizon; ++j) {
                double sum = 0.0;
                for (int i = 1; i <= j; ++i)
                    sum += c[size_t(i - 1)] * c[size_t(i - 1)] * theta[size_t(j - i)];
                theta[size_t(j)] = mu[size_t(j)] * mu[size_t(j)] + s2 * sum;
                var[size_t(j)] = (1.0 + s2) * theta[size_t(j)] - mu[size_t(j)] * mu[size_t(j)];
            }
        }
    }

    const double z80 = Distributions::normalQuantile(0.9);
    const double z95 = Distributions::normalQuantile(0.975);
    for (int h = 0; h < horizon; ++h) {
        ForecastPoint p;
        p.h = h + 1;
        p.mean = mu[size_t(h)];
        p.se = std::sqrt(std::max(0.0, var[size_t(h)]));
        p.lower80 = p.mean - z80 * p.se;
        p.upper80 = p.mean + z80 * p.se;
        p.lower95 = p.mean - z95 * p.se;
        p.upper95 = p.mean + z95 * p.se;
        points.push_back(p);
    }
    return points;
}

} // namespace Forecast
