#include "armakernel.h"

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>

namespace Forecast::ArmaKernel {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Approximate-diffuse variance (relative to σ²) for lag states whose value is unknown.
constexpr double kDiffuse = 1e6;

std::vector<double> polymul(const std::vector<double> &a, const std::vector<double> &b)
{
    std::vector<double> out(a.size() + b.size() - 1, 0.0);
    for (size_t i = 0; i < a.size(); ++i)
        for (size_t j = 0; j < b.size(); ++j)
            out[i + j] += a[i] * b[j];
    return out;
}

} // namespace

void split(const SarimaxSpec &spec, int exogCount, const std::vector<double> &params, ParamView &view)
{
    size_t i = 0;
    auto take = [&](int count, std::vector<double> &dst) {
        dst.assign(params.begin() + long(i), params.begin() + long(i + size_t(count)));
        i += size_t(count);
    };
    view.intercept = spec.trend == Trend::Constant ? params[i++] : 0.0;
    take(exogCount, view.beta);
    take(spec.p, view.ar);
    take(spec.q, view.ma);
    take(spec.P, view.sar);
    take(spec.Q, view.sma);
}

ParamView split(const SarimaxSpec &spec, int exogCount, const std::vector<double> &params)
{
    ParamView view;
    split(spec, exogCount, params, view);
    return view;
}

void reduce(const SarimaxSpec &spec, const ParamView &view, Polynomials &poly)
{
    // (1 − Σ ar_i L^i)(1 − Σ sar_j L^{sj}) and (1 + Σ ma_i L^i)(1 + Σ sma_j L^{sj}) multiplied out
    // term by term in polymul's order (i outer, j inner), skipping the seasonal factor's zero
    // coefficients: the same sums as the full product, without its four temporary polynomials.
    const int s = std::max(spec.s, 1);
    auto multiply = [s](const std::vector<double> &a, const std::vector<double> &b, double sign,
                        std::vector<double> &out) {
        const int p = int(a.size()), P = int(b.size());
        out.assign(size_t(p + s * P), 0.0);
        // Coefficients of the factors with their leading 1 (index 0) and the sign of the polynomial.
        for (int i = 0; i <= p; ++i) {
            const double ai = i == 0 ? 1.0 : sign * a[size_t(i - 1)];
            for (int j = 0; j <= P; ++j) {
                if (i == 0 && j == 0)
                    continue;
                const double bj = j == 0 ? 1.0 : sign * b[size_t(j - 1)];
                out[size_t(i + s * j - 1)] += ai * bj;
            }
        }
        while (!out.empty() && out.back() == 0.0)
            out.pop_back();
    };
    multiply(view.ar, view.sar, -1.0, poly.phi);
    for (double &v : poly.phi)
        v = -v;
    while (!poly.phi.empty() && poly.phi.back() == 0.0)
        poly.phi.pop_back();
    multiply(view.ma, view.sma, 1.0, poly.theta);
}

Polynomials reduce(const SarimaxSpec &spec, const ParamView &view)
{
    Polynomials poly;
    reduce(spec, view, poly);
    return poly;
}

std::vector<double> integrationCoefficients(int d, int D, int s)
{
    std::vector<double> poly{1.0};
    for (int i = 0; i < d; ++i)
        poly = polymul(poly, {1.0, -1.0});
    for (int i = 0; i < D; ++i) {
        std::vector<double> seasonal(size_t(s) + 1, 0.0);
        seasonal[0] = 1.0;
        seasonal[size_t(s)] = -1.0;
        poly = polymul(poly, seasonal);
    }
    std::vector<double> delta(poly.size() - 1);
    for (size_t k = 1; k < poly.size(); ++k)
        delta[k - 1] = -poly[k];
    return delta;
}

std::vector<double> difference(const std::vector<double> &x, int d, int D, int s)
{
    const std::vector<double> delta = integrationCoefficients(d, D, s);
    const size_t m = delta.size();
    if (x.size() <= m)
        return {};
    std::vector<double> w(x.size() - m);
    for (size_t t = m; t < x.size(); ++t) {
        double acc = x[t];
        for (size_t i = 0; i < m; ++i)
            if (delta[i] != 0.0)
                acc -= delta[i] * x[t - i - 1];
        w[t - m] = acc;
    }
    return w;
}

void constrainStationary(const double *x, size_t n, double *phi, double sign)
{
    if (n == 0)
        return;
    constexpr size_t kInline = 64;
    double prevInline[kInline], curInline[kInline];
    std::vector<double> prevHeap, curHeap;
    double *prev = prevInline, *cur = curInline;
    if (n > kInline) {
        prevHeap.resize(n);
        curHeap.resize(n);
        prev = prevHeap.data();
        cur = curHeap.data();
    }
    for (size_t k = 0; k < n; ++k) {
        const double r = x[k] / std::sqrt(1.0 + x[k] * x[k]);
        for (size_t i = 0; i < k; ++i)
            cur[i] = prev[i] + r * prev[k - i - 1];
        cur[k] = r;
        std::copy(cur, cur + k + 1, prev);
    }
    for (size_t i = 0; i < n; ++i)
        phi[i] = -sign * cur[i];
}

std::vector<double> constrainStationary(const std::vector<double> &x)
{
    std::vector<double> phi(x.size());
    constrainStationary(x.data(), x.size(), phi.data(), 1.0);
    return phi;
}

bool unconstrainStationary(const std::vector<double> &phi, std::vector<double> &x)
{
    const size_t n = phi.size();
    x.assign(n, 0.0);
    if (n == 0)
        return true;
    std::vector<double> cur(n), prev(n);
    for (size_t i = 0; i < n; ++i)
        cur[i] = -phi[i];
    std::vector<double> r(n);
    for (size_t k = n - 1;; --k) {
        r[k] = cur[k];
        if (!(std::abs(r[k]) < 1.0 - 1e-12))
            return false;
        if (k == 0)
            break;
        const double denom = 1.0 - cur[k] * cur[k];
        for (size_t i = 0; i < k; ++i)
            prev[i] = (cur[i] - cur[k] * cur[k - i - 1]) / denom;
        std::copy(prev.begin(), prev.begin() + long(k), cur.begin());
    }
    for (size_t k = 0; k < n; ++k)
        x[k] = r[k] / std::sqrt(1.0 - r[k] * r[k]);
    return true;
}

bool isStationary(const std::vector<double> &phi, double sign)
{
    // The step-down of unconstrainStationary without its outputs: it runs on every likelihood
    // evaluation, so typical orders stay on the stack.
    const size_t n = phi.size();
    if (n == 0)
        return true;
    constexpr size_t kInline = 64;
    double curInline[kInline], prevInline[kInline];
    std::vector<double> curHeap, prevHeap;
    double *cur = curInline, *prev = prevInline;
    if (n > kInline) {
        curHeap.resize(n);
        prevHeap.resize(n);
        cur = curHeap.data();
        prev = prevHeap.data();
    }
    for (size_t i = 0; i < n; ++i)
        cur[i] = -sign * phi[i];
    for (size_t k = n - 1;; --k) {
        if (!(std::abs(cur[k]) < 1.0 - 1e-12))
            return false;
        if (k == 0)
            return true;
        const double denom = 1.0 - cur[k] * cur[k];
        for (size_t i = 0; i < k; ++i)
            prev[i] = (cur[i] - cur[k] * cur[k - i - 1]) / denom;
        std::copy(prev, prev + k, cur);
    }
}

bool rootsOutside(const std::vector<double> &c, double sign, double bound)
{
    size_t n = c.size();
    while (n > 0 && std::abs(c[n - 1]) <= 1e-8)
        --n;
    std::vector<double> scaled(n);
    double factor = 1.0;
    for (size_t k = 0; k < n; ++k) {
        factor *= bound;
        scaled[k] = sign * c[k] * factor;
    }
    return isStationary(scaled);
}

double maxInverseRoot(const std::vector<double> &c)
{
    size_t n = c.size();
    while (n > 0 && c[n - 1] == 0.0)
        --n;
    if (n == 0)
        return 0.0;
    Eigen::MatrixXd companion = Eigen::MatrixXd::Zero(long(n), long(n));
    for (size_t i = 0; i < n; ++i)
        companion(0, long(i)) = c[i];
    for (size_t i = 1; i < n; ++i)
        companion(long(i), long(i) - 1) = 1.0;
    Eigen::EigenSolver<Eigen::MatrixXd> solver(companion, false);
    if (solver.info() != Eigen::Success)
        return HUGE_VAL;
    return solver.eigenvalues().cwiseAbs().maxCoeff();
}

int stateDimension(const Polynomials &poly)
{
    return std::max(int(poly.phi.size()), int(poly.theta.size()) + 1);
}

namespace {

// ψ_0..ψ_r and the autocovariances γ_0..γ_r (σ² = 1) of the ARMA, in per-thread scratch (this runs
// on every likelihood evaluation). γ comes from the autocovariances g of the pure AR part,
// γ_k = Σ_j Σ_l θ_j θ_l g_{k−j+l}, and g from the reflection coefficients of the AR polynomial (the
// step-down of isStationary run backwards, Levinson–Durbin): g_0 = 1 / Π (1 − κ_k²) and
// g_k = Σ_{j ≤ k} a^(k)_j g_{k−j} with the order-k coefficients a^(k). O(p² + r·nnz(θ)²) with no
// allocation, where solving the (p + 1)-dimensional Yule–Walker system by LU cost O(p³) and four
// allocations: 13% of the R test bed's selection time for monthly SAR models (p + sP = 26).
struct ArmaMoments
{
    std::vector<double> psi, gamma;
    std::vector<double> g, levels; // AR autocovariances; coefficients of orders p..1
    std::vector<int> maLags;       // lags of the non-zero θ (θ_0 = 1 included)
    std::vector<double> maCoef;    // their coefficients
    std::vector<double> h;         // Σ_l θ_l g_{|m+l|}
    std::vector<int> arLags;       // lags of the non-zero φ
};

bool armaMoments(const Polynomials &poly, int r, ArmaMoments &m)
{
    const int pr = int(poly.phi.size());
    const int qr = int(poly.theta.size());
    auto theta = [&](int k) { return k == 0 ? 1.0 : poly.theta[size_t(k - 1)]; };
    m.arLags.clear();
    for (int k = 1; k <= pr; ++k)
        if (poly.phi[size_t(k - 1)] != 0.0)
            m.arLags.push_back(k);
    m.maLags.assign(1, 0);
    for (int k = 1; k <= qr; ++k)
        if (poly.theta[size_t(k - 1)] != 0.0)
            m.maLags.push_back(k);
    m.psi.assign(size_t(r) + 1, 0.0);
    for (int j = 0; j <= r; ++j) {
        double acc = j <= qr ? theta(j) : 0.0;
        for (int k : m.arLags) {
            if (k > j)
                break;
            acc += poly.phi[size_t(k - 1)] * m.psi[size_t(j - k)];
        }
        m.psi[size_t(j)] = acc;
    }
    // Pure AR autocovariances g_0..g_{r+qr}.
    const int gLength = r + qr + 1;
    m.g.assign(size_t(gLength), 0.0);
    if (pr == 0) {
        m.g[0] = 1.0;
    } else {
        // levels holds a^(k) for k = pr..1, a^(k) at offset k(k − 1)/2 (k coefficients each).
        m.levels.resize(size_t(pr) * size_t(pr + 1) / 2);
        double *top = m.levels.data() + size_t(pr) * size_t(pr - 1) / 2;
        std::copy(poly.phi.begin(), poly.phi.end(), top);
        double g0 = 1.0;
        for (int k = pr; k >= 1; --k) {
            const double *ak = m.levels.data() + size_t(k) * size_t(k - 1) / 2;
            const double kappa = ak[k - 1];
            const double denom = 1.0 - kappa * kappa;
            if (!(std::abs(kappa) < 1.0) || !(denom > 0.0))
                return false;
            g0 /= denom;
            if (k == 1)
                break;
            double *below = m.levels.data() + size_t(k - 1) * size_t(k - 2) / 2;
            const double scale = 1.0 / denom; // one division per order, not per coefficient
            for (int j = 1; j <= k - 1; ++j)
                below[j - 1] = (ak[j - 1] + kappa * ak[k - j - 1]) * scale;
        }
        m.g[0] = g0;
        for (int k = 1; k < gLength; ++k) {
            double acc = 0.0;
            if (k <= pr) {
                const double *ak = m.levels.data() + size_t(k) * size_t(k - 1) / 2;
                for (int j = 1; j <= k; ++j)
                    acc += ak[j - 1] * m.g[size_t(k - j)];
            } else {
                for (int j : m.arLags)
                    acc += poly.phi[size_t(j - 1)] * m.g[size_t(k - j)];
            }
            m.g[size_t(k)] = acc;
        }
    }
    // γ_k = Σ_j θ_j h_{k−j} with h_m = Σ_l θ_l g_{|m+l|} (m from −qr to r): two passes of nnz(θ)
    // terms instead of one of nnz(θ)².
    m.maCoef.resize(m.maLags.size());
    for (size_t i = 0; i < m.maLags.size(); ++i)
        m.maCoef[i] = theta(m.maLags[i]);
    const size_t nnz = m.maLags.size();
    m.h.assign(size_t(r + qr) + 1, 0.0); // h_m at index m + qr
    for (int mIndex = -qr; mIndex <= r; ++mIndex) {
        double acc = 0.0;
        for (size_t i = 0; i < nnz; ++i)
            acc += m.maCoef[i] * m.g[size_t(std::abs(mIndex + m.maLags[i]))];
        m.h[size_t(mIndex + qr)] = acc;
    }
    m.gamma.assign(size_t(r) + 1, 0.0);
    for (int k = 0; k <= r; ++k) {
        double acc = 0.0;
        for (size_t i = 0; i < nnz; ++i)
            acc += m.maCoef[i] * m.h[size_t(k - m.maLags[i] + qr)];
        m.gamma[size_t(k)] = acc;
    }
    return std::isfinite(m.gamma[0]) && m.gamma[0] > 0.0;
}

// Row 0 of the stationary state covariance: Cov(w_t, α_i) with
// α_i = Σ_{k>i} φ_k w_{t-(k-i)} + Σ_{k≥i} θ_k ε_{t-(k-i)}.
void firstRow(const Polynomials &poly, int r, const ArmaMoments &m, double *row)
{
    for (int i = 0; i < r; ++i) {
        double acc = 0.0;
        for (int k : m.arLags)
            if (k >= i + 1 && k <= r)
                acc += poly.phi[size_t(k - 1)] * m.gamma[size_t(k - i)];
        for (int k : m.maLags)
            if (k >= i && k <= r - 1)
                acc += (k == 0 ? 1.0 : poly.theta[size_t(k - 1)]) * m.psi[size_t(k - i)];
        row[i] = acc;
    }
}

// Exact stationary covariance of the Harvey-form ARMA state (σ² = 1), row-major r×r, O(r²) after the
// autocovariances: the first row follows from the state's definition, the rest from P = TPT' + RR'.
bool stationaryCovariance(const Polynomials &poly, int r, std::vector<double> &P)
{
    const int pr = int(poly.phi.size());
    const int qr = int(poly.theta.size());
    auto phi = [&](int k) { return (k >= 1 && k <= pr) ? poly.phi[size_t(k - 1)] : 0.0; };
    auto theta = [&](int k) { return k == 0 ? 1.0 : ((k >= 1 && k <= qr) ? poly.theta[size_t(k - 1)] : 0.0); };
    thread_local ArmaMoments moments;
    if (!armaMoments(poly, r, moments))
        return false;
    P.assign(size_t(r) * size_t(r), 0.0);
    firstRow(poly, r, moments, P.data());
    for (int i = 1; i < r; ++i)
        P[size_t(i) * size_t(r)] = P[size_t(i)];
    auto at = [&](int i, int j) { return (i < r && j < r) ? P[size_t(i) * size_t(r) + size_t(j)] : 0.0; };
    const double p00 = P[0];
    for (int i = r - 1; i >= 1; --i) {
        for (int j = r - 1; j >= i; --j) {
            const double value = phi(i + 1) * phi(j + 1) * p00 + phi(i + 1) * at(0, j + 1) + phi(j + 1) * at(i + 1, 0)
                + at(i + 1, j + 1) + theta(i) * theta(j);
            P[size_t(i) * size_t(r) + size_t(j)] = value;
            P[size_t(j) * size_t(r) + size_t(i)] = value;
        }
    }
    for (double v : P)
        if (!std::isfinite(v))
            return false;
    return true;
}

} // namespace

namespace {

// Likelihood-only filter with Chandrasekhar recursions (Morf, Sidhu & Kailath 1974; Herbst 2015):
// only the first column c_t = P_t e1 is needed for the update, and with a stationary start
// P_{t+1} − P_t = M_t W_t W_t' is rank one, so each step is O(r) instead of O(r²). Requires a series
// without missing values.
FilterTotals filterArmaChandrasekhar(const Polynomials &poly, int r, const ArmaMoments &moments, const double *z,
                                     int n)
{
    FilterTotals totals;
    const size_t ru = size_t(r);
    // One buffer for the five work vectors, each padded with a trailing zero so that x[i + 1] is
    // defined for i = r − 1 (the shift part of the companion matrix).
    const size_t stride = ru + 1;
    thread_local std::vector<double> buffer;
    buffer.assign(5 * stride, 0.0);
    double *phi = buffer.data();
    double *a = phi + stride;
    double *c = a + stride;
    double *W = c + stride;
    double *K = W + stride;
    std::copy(poly.phi.begin(), poly.phi.end(), phi);
    // Only the first column of P_1 enters: c_1 = P_1 e1, and W_1, M_1 follow from it.
    firstRow(poly, r, moments, c);
    for (size_t i = 0; i < ru; ++i)
        if (!std::isfinite(c[i]))
            return totals;
    double M = 0.0;
    // Σ log F_t via a running product flushed every few steps: log dominates the cost otherwise.
    double product = 1.0;
    int pending = 0;
    bool steady = false;
    for (int t = 0; t < n; ++t) {
        const double F = c[0];
        if (!(F > 1e-12) || !std::isfinite(F))
            return totals;
        const double zt = z[t];
        const double v = zt - a[0];
        const double invF = 1.0 / F;
        product *= F;
        if (++pending == 16 || product > 1e100 || product < 1e-100) {
            totals.sumLogF += std::log(product);
            product = 1.0;
            pending = 0;
        }
        const double gain = v * invF;
        totals.sumV2F += v * gain;
        ++totals.used;
        if (steady) {
            for (size_t i = 0; i < ru; ++i)
                a[i] = phi[i] * zt + a[i + 1] + c[i + 1] * gain;
            continue;
        }
        // One fused pass per step (each loop reads x[i + 1] before it is overwritten):
        //   a ← T a + K v            (uses c_t)
        //   W_t = T c_1 at t = 0, else (T − K_{t−1} e1') W_{t−1}
        //   M_t = −1/F_1 at t = 0, else M_{t−1} − M_{t−1}² (W_{t−1}[0])² / F_t
        //   K_t = T c_t / F_t,  c_{t+1} = c_t + M_t W_t[0] W_t.
        const double c0 = c[0];
        double w0 = 0.0;
        double W0new;
        if (t == 0) {
            M = -invF;
            W0new = phi[0] * c0 + c[1];
        } else {
            w0 = W[0];
            M -= M * M * w0 * w0 * invF;
            W0new = phi[0] * w0 + W[1] - K[0] * w0;
        }
        const double scale = M * W0new;
        double change = 0.0;
        if (t == 0) {
            for (size_t i = 0; i < ru; ++i) {
                const double cNext = c[i + 1];
                const double Tc = phi[i] * c0 + cNext;
                a[i] = phi[i] * zt + a[i + 1] + cNext * gain;
                W[i] = Tc;
                K[i] = Tc * invF;
                const double delta = scale * Tc;
                c[i] += delta;
                change += delta * delta;
            }
        } else {
            for (size_t i = 0; i < ru; ++i) {
                const double cNext = c[i + 1];
                const double Tc = phi[i] * c0 + cNext;
                a[i] = phi[i] * zt + a[i + 1] + cNext * gain;
                const double wi = phi[i] * w0 + W[i + 1] - K[i] * w0;
                W[i] = wi;
                K[i] = Tc * invF;
                const double delta = scale * wi;
                c[i] += delta;
                change += delta * delta;
            }
        }
        // A stationary ARMA filter settles at F = 1 (σ² = 1). The covariance can also stand still
        // long before that: with only seasonal lags (a pure seasonal AR) the first s − 1 steps
        // change nothing, and stopping there would keep F = γ(0) for the whole sample.
        if (change < 1e-24 && std::abs(c[0] - 1.0) < 1e-9)
            steady = true;
    }
    totals.sumLogF += std::log(product);
    totals.ok = true;
    return totals;
}

} // namespace

FilterTotals filterArma(const Polynomials &poly, const double *z, int n, FilterOutputs *out)
{
    FilterTotals totals;
    const int r = stateDimension(poly);
    if (!out && std::none_of(z, z + n, [](double v) { return std::isnan(v); })) {
        thread_local ArmaMoments moments;
        if (!armaMoments(poly, r, moments))
            return totals;
        return filterArmaChandrasekhar(poly, r, moments, z, n);
    }
    std::vector<double> P;
    if (!stationaryCovariance(poly, r, P))
        return totals;
    std::vector<double> phi(size_t(r) + 1, 0.0), R(size_t(r) + 1, 0.0);
    std::copy(poly.phi.begin(), poly.phi.end(), phi.begin());
    R[0] = 1.0;
    std::copy(poly.theta.begin(), poly.theta.end(), R.begin() + 1);
    std::vector<double> a(size_t(r) + 1, 0.0), p0(size_t(r) + 1, 0.0);
    const size_t ru = size_t(r);
    if (out) {
        out->v.assign(size_t(n), kNaN);
        out->f.assign(size_t(n), kNaN);
    }
    bool steady = false;
    double steadyF = 0.0;
    for (int t = 0; t < n; ++t) {
        const double zt = z[t];
        if (std::isnan(zt)) {
            steady = false;
            for (size_t j = 0; j < ru; ++j)
                p0[j] = P[j];
            p0[ru] = 0.0;
            const double a0 = a[0];
            for (size_t i = 0; i < ru; ++i)
                a[i] = phi[i] * a0 + a[i + 1];
            const double p00 = p0[0];
            for (size_t i = 0; i < ru; ++i) {
                for (size_t j = i; j < ru; ++j) {
                    const double next = (i + 1 < ru && j + 1 < ru) ? P[(i + 1) * ru + j + 1] : 0.0;
                    P[i * ru + j] = phi[i] * phi[j] * p00 + phi[i] * p0[j + 1] + phi[j] * p0[i + 1] + next + R[i] * R[j];
                }
            }
            continue;
        }
        if (!steady) {
            for (size_t j = 0; j < ru; ++j)
                p0[j] = P[j];
            p0[ru] = 0.0;
            steadyF = p0[0];
        }
        const double F = steadyF;
        if (!(F > 1e-12) || !std::isfinite(F))
            return totals;
        const double v = zt - a[0];
        totals.sumLogF += std::log(F);
        totals.sumV2F += v * v / F;
        ++totals.used;
        if (out) {
            out->v[size_t(t)] = v;
            out->f[size_t(t)] = F;
        }
        const double gain = v / F;
        for (size_t i = 0; i < ru; ++i)
            a[i] = phi[i] * zt + a[i + 1] + p0[i + 1] * gain;
        if (steady)
            continue;
        // P_{t+1} = T (P − P e1 e1' P / F) T' + RR'; the first row of the updated P is zero.
        double change = 0.0;
        for (size_t i = 0; i < ru; ++i) {
            for (size_t j = i; j < ru; ++j) {
                const double next = (i + 1 < ru && j + 1 < ru) ? P[(i + 1) * ru + j + 1] : 0.0;
                const double value = next - p0[i + 1] * p0[j + 1] / F + R[i] * R[j];
                const double diff = value - P[i * ru + j];
                change += diff * diff;
                P[i * ru + j] = value;
            }
        }
        // Steady only at F = 1: see filterArmaChandrasekhar.
        if (change < 1e-20 && std::abs(P[0] - 1.0) < 1e-9)
            steady = true;
    }
    if (out) {
        out->state.assign(a.begin(), a.begin() + r);
        out->covariance.assign(ru * ru, 0.0);
        for (size_t i = 0; i < ru; ++i)
            for (size_t j = i; j < ru; ++j)
                out->covariance[i * ru + j] = out->covariance[j * ru + i] = P[i * ru + j];
    }
    totals.ok = true;
    return totals;
}

namespace {

struct IntegratedSystem
{
    Eigen::MatrixXd T;
    Eigen::RowVectorXd Z;
    Eigen::VectorXd c;
    Eigen::MatrixXd RR;
};

IntegratedSystem integratedSystem(const Polynomials &poly, const std::vector<double> &delta, double mu)
{
    const int r = stateDimension(poly);
    const int dtot = int(delta.size());
    const int m = r + dtot;
    Eigen::MatrixXd T = Eigen::MatrixXd::Zero(m, m);
    for (int i = 0; i < r; ++i) {
        T(i, 0) = i < int(poly.phi.size()) ? poly.phi[size_t(i)] : 0.0;
        if (i + 1 < r)
            T(i, i + 1) = 1.0;
    }
    Eigen::RowVectorXd Z = Eigen::RowVectorXd::Zero(m);
    Z(0) = 1.0;
    for (int i = 0; i < dtot; ++i)
        Z(r + i) = delta[size_t(i)];
    if (dtot > 0) {
        T.row(r) = Z;
        for (int i = 1; i < dtot; ++i)
            T(r + i, r + i - 1) = 1.0;
    }
    Eigen::VectorXd c = Eigen::VectorXd::Zero(m);
    if (dtot > 0)
        c(r) = mu;
    Eigen::VectorXd Rv = Eigen::VectorXd::Zero(m);
    Rv(0) = 1.0;
    for (int i = 1; i < r; ++i)
        Rv(i) = i - 1 < int(poly.theta.size()) ? poly.theta[size_t(i - 1)] : 0.0;
    return {T, Z, c, Rv * Rv.transpose()};
}

} // namespace

void forecastIntegrated(const Polynomials &poly, const std::vector<double> &delta, double mu,
                        const std::vector<double> &state, const std::vector<double> &covariance, int horizon,
                        std::vector<double> &mean, std::vector<double> &variance)
{
    const IntegratedSystem sys = integratedSystem(poly, delta, mu);
    const long m = sys.T.rows();
    mean.assign(size_t(std::max(horizon, 0)), 0.0);
    variance.assign(size_t(std::max(horizon, 0)), 0.0);
    if (long(state.size()) != m || long(covariance.size()) != m * m)
        return;
    Eigen::VectorXd a = Eigen::Map<const Eigen::VectorXd>(state.data(), m);
    Eigen::MatrixXd P = Eigen::Map<const Eigen::MatrixXd>(covariance.data(), m, m);
    Eigen::MatrixXd tmp(m, m);
    for (int h = 0; h < horizon; ++h) {
        mean[size_t(h)] = mu + sys.Z.dot(a);
        variance[size_t(h)] = sys.Z * P * sys.Z.transpose();
        a = sys.T * a + sys.c;
        tmp.noalias() = sys.T * P;
        P.noalias() = tmp * sys.T.transpose();
        P += sys.RR;
    }
}

FilterTotals filterIntegrated(const Polynomials &poly, const std::vector<double> &delta, double mu,
                              const std::vector<double> &u, FilterOutputs *out)
{
    FilterTotals totals;
    const int r = stateDimension(poly);
    const int dtot = int(delta.size());
    const int m = r + dtot;
    const int n = int(u.size());
    std::vector<double> P0;
    if (!stationaryCovariance(poly, r, P0))
        return totals;
    const IntegratedSystem sys = integratedSystem(poly, delta, mu);
    const Eigen::MatrixXd &T = sys.T;
    const Eigen::RowVectorXd &Z = sys.Z;
    const Eigen::VectorXd &c = sys.c;
    const Eigen::MatrixXd &RR = sys.RR;

    Eigen::VectorXd a = Eigen::VectorXd::Zero(m);
    Eigen::MatrixXd P = Eigen::MatrixXd::Zero(m, m);
    for (int i = 0; i < r; ++i)
        for (int j = 0; j < r; ++j)
            P(i, j) = P0[size_t(i) * size_t(r) + size_t(j)];
    for (int i = 0; i < dtot; ++i) {
        const double lag = u[size_t(dtot - 1 - i)];
        if (std::isnan(lag))
            P(r + i, r + i) = kDiffuse;
        else
            a(r + i) = lag;
    }
    if (out) {
        out->v.assign(size_t(n), kNaN);
        out->f.assign(size_t(n), kNaN);
    }
    const double obsIntercept = mu; // the ARMA state is zero-mean; μ enters the observation directly
    Eigen::VectorXd PZ(m);
    Eigen::MatrixXd tmp(m, m);
    struct SparseEntry
    {
        int row, col;
        double value;
    };
    std::vector<SparseEntry> entries;
    for (int i = 0; i < m; ++i)
        for (int j = 0; j < m; ++j)
            if (T(i, j) != 0.0)
                entries.push_back({i, j, T(i, j)});
    // Once dtot consecutive values are observed the lag states are known exactly, the lag block of P
    // is zero and the step reduces to the structured O(r²) ARMA update; the dense O(nnz(T)·m) step
    // is only needed from a gap until dtot values after it.
    std::vector<double> phi(size_t(r) + 1, 0.0), Rv(size_t(r) + 1, 0.0), p0(size_t(r) + 1, 0.0);
    std::copy(poly.phi.begin(), poly.phi.end(), phi.begin());
    Rv[0] = 1.0;
    std::copy(poly.theta.begin(), poly.theta.end(), Rv.begin() + 1);
    bool settled = true;
    for (int i = 0; i < dtot; ++i)
        settled = settled && !std::isnan(u[size_t(i)]);
    int consecutive = 0;
    for (int t = dtot; t < n; ++t) {
        const double yt = u[size_t(t)];
        if (settled && !std::isnan(yt)) {
            double lagPart = 0.0;
            for (int i = 0; i < dtot; ++i)
                lagPart += delta[size_t(i)] * a(r + i);
            const double F = P(0, 0);
            if (!(F > 1e-12) || !std::isfinite(F))
                return totals;
            const double v = yt - obsIntercept - a(0) - lagPart;
            totals.sumLogF += std::log(F);
            totals.sumV2F += v * v / F;
            ++totals.used;
            if (out) {
                out->v[size_t(t)] = v;
                out->f[size_t(t)] = F;
            }
            for (int i = 0; i < r; ++i)
                p0[size_t(i)] = P(i, 0);
            p0[size_t(r)] = 0.0;
            const double gain = v / F;
            const double zt = a(0) + v;
            for (int i = 0; i < r; ++i)
                a(i) = phi[size_t(i)] * zt + (i + 1 < r ? a(i + 1) : 0.0) + p0[size_t(i) + 1] * gain;
            for (int i = 0; i < r; ++i) {
                for (int j = i; j < r; ++j) {
                    const double next = (j + 1 < r) ? P(i + 1, j + 1) : 0.0;
                    const double value = next - p0[size_t(i) + 1] * p0[size_t(j) + 1] / F + Rv[size_t(i)] * Rv[size_t(j)];
                    P(i, j) = value;
                }
            }
            for (int i = 0; i < r; ++i)
                for (int j = i + 1; j < r; ++j)
                    P(j, i) = P(i, j);
            for (int i = dtot - 1; i >= 1; --i)
                a(r + i) = a(r + i - 1);
            if (dtot > 0)
                a(r) = yt;
            continue;
        }
        if (std::isnan(yt)) {
            settled = false;
            consecutive = 0;
        } else {
            ++consecutive;
        }
        if (!std::isnan(yt)) {
            PZ.noalias() = P * Z.transpose();
            const double F = Z.dot(PZ);
            if (!(F > 1e-12) || !std::isfinite(F))
                return totals;
            const double v = yt - obsIntercept - Z.dot(a);
            totals.sumLogF += std::log(F);
            totals.sumV2F += v * v / F;
            ++totals.used;
            if (out) {
                out->v[size_t(t)] = v;
                out->f[size_t(t)] = F;
            }
            a.noalias() += PZ * (v / F);
            P.noalias() -= PZ * PZ.transpose() / F;
        }
        // T is sparse (companion column, shifts and the integration row): T P T' in O(nnz(T)·m).
        Eigen::VectorXd aNext = c;
        tmp.setZero();
        for (const SparseEntry &e : entries) {
            aNext(e.row) += e.value * a(e.col);
            tmp.row(e.row) += e.value * P.row(e.col);
        }
        a = aNext;
        P = RR;
        for (const SparseEntry &e : entries)
            P.col(e.row) += e.value * tmp.col(e.col);
        P = 0.5 * (P + P.transpose()).eval();
        if (!settled && consecutive >= dtot) {
            settled = true;
            for (int i = 0; i < dtot; ++i)
                a(r + i) = u[size_t(t - i)];
            if (dtot > 0) {
                P.bottomRows(dtot).setZero();
                P.rightCols(dtot).setZero();
            }
        }
    }
    if (out) {
        out->state.assign(a.data(), a.data() + m);
        out->covariance.assign(P.data(), P.data() + size_t(m) * size_t(m));
    }
    totals.ok = true;
    return totals;
}

namespace {

// CSS sum of squares of a series without gaps through the factors: AR by Φ(B^s) then φ(B) (vector
// operations), MA by Θ(B^s) then θ(B), all residuals before pr zero. Returns false when the factors
// do not span pr lags exactly (a trailing zero coefficient shortened the reduced polynomial).
bool cssFactored(const ParamView &f, int s, int pr, const double *z, int n, double &ssq)
{
    const int p = int(f.ar.size()), P = int(f.sar.size()), q = int(f.ma.size()), Q = int(f.sma.size());
    if (p + s * P != pr || n <= pr)
        return false;
    thread_local std::vector<double> w, e;
    w.resize(size_t(n));
    e.resize(size_t(n));
    // w_t = Φ(B^s) z_t for t ≥ sP (z itself when P = 0), then u_t = φ(B) w_t for t ≥ pr (stored in e).
    const int sP = s * P;
    const double *wp = z;
    if (P > 0) {
        const long len = long(n - sP);
        Eigen::Map<Eigen::VectorXd> wv(w.data() + sP, len);
        wv = Eigen::Map<const Eigen::VectorXd>(z + sP, len);
        for (int j = 1; j <= P; ++j)
            wv -= f.sar[size_t(j - 1)] * Eigen::Map<const Eigen::VectorXd>(z + sP - s * j, len);
        wp = w.data();
    }
    const long len = long(n - pr);
    Eigen::Map<Eigen::VectorXd> u(e.data() + pr, len);
    u = Eigen::Map<const Eigen::VectorXd>(wp + pr, len);
    for (int i = 1; i <= p; ++i)
        u -= f.ar[size_t(i - 1)] * Eigen::Map<const Eigen::VectorXd>(wp + pr - i, len);
    // v_t = u_t − Σ Θ_j v_{t−sj} (in e, in place), then e_t = v_t − Σ θ_i e_{t−i} (in w). Terms
    // reaching before pr are zero: the first steps take the bounded loop, the rest a fixed one.
    double *ep = e.data();
    double *rp = w.data();
    const double *sma = f.sma.data();
    const double *ma = f.ma.data();
    if (Q > 0) {
        const int warm = std::min(n, pr + s * Q);
        for (int t = pr; t < warm; ++t) {
            double acc = ep[t];
            for (int j = 1; j <= Q && t - s * j >= pr; ++j)
                acc -= sma[j - 1] * ep[t - s * j];
            ep[t] = acc;
        }
        if (Q == 1) {
            const double c1 = sma[0];
            for (int t = warm; t < n; ++t)
                ep[t] -= c1 * ep[t - s];
        } else {
            for (int t = warm; t < n; ++t) {
                double acc = ep[t];
                for (int j = 1; j <= Q; ++j)
                    acc -= sma[j - 1] * ep[t - s * j];
                ep[t] = acc;
            }
        }
    }
    double sum = 0.0;
    if (q == 0) {
        for (int t = pr; t < n; ++t)
            sum += ep[t] * ep[t];
        ssq = sum;
        return true;
    }
    const int warm = std::min(n, pr + q);
    for (int t = pr; t < warm; ++t) {
        double acc = ep[t];
        for (int i = 1; i <= q && t - i >= pr; ++i)
            acc -= ma[i - 1] * rp[t - i];
        rp[t] = acc;
        sum += acc * acc;
    }
    if (q == 1) {
        const double c1 = ma[0];
        double previous = warm > pr ? rp[warm - 1] : 0.0;
        for (int t = warm; t < n; ++t) {
            const double acc = ep[t] - c1 * previous;
            sum += acc * acc;
            previous = acc;
        }
    } else if (q == 2 && warm < n) { // warm = pr + 2: both lags are set
        const double c1 = ma[0], c2 = ma[1];
        double e1 = rp[warm - 1], e2 = rp[warm - 2];
        for (int t = warm; t < n; ++t) {
            double acc = ep[t];
            acc -= c1 * e1;
            acc -= c2 * e2;
            sum += acc * acc;
            e2 = e1;
            e1 = acc;
        }
    } else if (q > 2) {
        for (int t = warm; t < n; ++t) {
            double acc = ep[t];
            for (int i = 1; i <= q; ++i)
                acc -= ma[i - 1] * rp[t - i];
            rp[t] = acc;
            sum += acc * acc;
        }
    }
    ssq = sum;
    return true;
}

} // namespace

double cssVariance(const Polynomials &poly, const std::vector<double> &z, int *used, const ParamView *factors, int period)
{
    const int pr = int(poly.phi.size());
    const int n = int(z.size());
    if (factors && n > pr) {
        double ssq = 0.0;
        if (cssFactored(*factors, std::max(period, 1), pr, z.data(), n, ssq)) {
            if (used)
                *used = n - pr;
            return std::isfinite(ssq) ? ssq / (n - pr) : kNaN;
        }
    }
    // The reduced polynomials of seasonal models are sparse: loop over the non-zero lags only, kept
    // in small fixed arrays (no allocation for typical orders).
    constexpr int kInline = 32;
    int arLag[kInline], maLag[kInline];
    double arCoef[kInline], maCoef[kInline];
    std::vector<int> arLagHeap, maLagHeap;
    std::vector<double> arCoefHeap, maCoefHeap;
    int nAr = 0, nMa = 0;
    for (int k = 1; k <= pr; ++k)
        nAr += poly.phi[size_t(k - 1)] != 0.0 ? 1 : 0;
    for (int k = 1; k <= int(poly.theta.size()); ++k)
        nMa += poly.theta[size_t(k - 1)] != 0.0 ? 1 : 0;
    int *arL = arLag, *maL = maLag;
    double *arC = arCoef, *maC = maCoef;
    if (nAr > kInline) {
        arLagHeap.resize(size_t(nAr));
        arCoefHeap.resize(size_t(nAr));
        arL = arLagHeap.data();
        arC = arCoefHeap.data();
    }
    if (nMa > kInline) {
        maLagHeap.resize(size_t(nMa));
        maCoefHeap.resize(size_t(nMa));
        maL = maLagHeap.data();
        maC = maCoefHeap.data();
    }
    nAr = nMa = 0;
    for (int k = 1; k <= pr; ++k)
        if (poly.phi[size_t(k - 1)] != 0.0) {
            arL[nAr] = k;
            arC[nAr++] = poly.phi[size_t(k - 1)];
        }
    for (int k = 1; k <= int(poly.theta.size()); ++k)
        if (poly.theta[size_t(k - 1)] != 0.0) {
            maL[nMa] = k;
            maC[nMa++] = poly.theta[size_t(k - 1)];
        }
    const int maxMaLag = nMa > 0 ? maL[nMa - 1] : 0;
    const bool gaps = std::any_of(z.begin(), z.end(), [](double v) { return std::isnan(v); });
    // Per-thread scratch (see evaluate in sarimax.cpp); only the conditioning values are zeroed.
    thread_local std::vector<double> e;
    e.resize(size_t(n));
    std::fill(e.begin(), e.begin() + std::min(pr, n), 0.0);
    const double *zp = z.data();
    double *ep = e.data();
    double ssq = 0.0;
    int count = 0;
    if (!gaps) {
        // The AR part does not depend on the residuals: apply it to the whole series at once as
        // vector operations (Eigen uses SIMD), in the same order of terms as the scalar loop. The
        // MA recursion then runs in place: e_t only reads e_{t−k}, already final, and u_t.
        if (n > pr) {
            const long len = long(n - pr);
            Eigen::Map<Eigen::VectorXd> u(ep + pr, len);
            u = Eigen::Map<const Eigen::VectorXd>(zp + pr, len);
            for (int j = 0; j < nAr; ++j)
                u -= arC[j] * Eigen::Map<const Eigen::VectorXd>(zp + pr - arL[j], len);
        }
        // Residuals before max(θ lag) see only part of the MA sum; after that every term applies.
        const int split = std::min(n, std::max(pr, maxMaLag));
        for (int t = pr; t < split; ++t) {
            double acc = ep[t];
            for (int j = 0; j < nMa && maL[j] <= t; ++j)
                acc -= maC[j] * ep[t - maL[j]];
            ep[t] = acc;
            ssq += acc * acc;
        }
        for (int t = split; t < n; ++t) {
            double acc = ep[t];
            for (int j = 0; j < nMa; ++j)
                acc -= maC[j] * ep[t - maL[j]];
            ep[t] = acc;
            ssq += acc * acc;
        }
        count = std::max(0, n - pr);
    } else {
        for (int t = pr; t < n; ++t) {
            double acc = zp[t];
            bool missing = std::isnan(acc);
            for (int j = 0; j < nAr && !missing; ++j) {
                missing = std::isnan(zp[t - arL[j]]);
                acc -= arC[j] * zp[t - arL[j]];
            }
            if (missing) {
                ep[t] = 0.0; // as R's CSS does for missing values
                continue;
            }
            for (int j = 0; j < nMa && maL[j] <= t; ++j)
                acc -= maC[j] * ep[t - maL[j]];
            ep[t] = acc;
            ssq += acc * acc;
            ++count;
        }
    }
    if (used)
        *used = count;
    if (count == 0 || !std::isfinite(ssq))
        return kNaN;
    return ssq / count;
}

} // namespace Forecast::ArmaKernel
