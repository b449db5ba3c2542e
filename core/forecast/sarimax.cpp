#include "sarimax.h"

#include "armakernel.h"
#include "distributions.h"
#include "optimizer.h"

#include <Eigen/Dense>

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace Forecast {

namespace {

using namespace ArmaKernel;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kLog2Pi = 1.8378770664093453;

struct Prepared
{
    SarimaxSpec spec;
    int exogCount = 0;
    int lead = 0; // leading missing values dropped
    std::vector<double> y;
    std::vector<std::vector<double>> exog;
    std::vector<double> delta;
    int dtot = 0;
    bool hasGaps = false;
    std::vector<double> wy;              // differenced y (fast path)
    std::vector<std::vector<double>> wx; // differenced exog
};

struct Evaluation
{
    bool ok = false;
    double llf = kNaN;
    double sigma2 = kNaN;
    int used = 0;
    FilterOutputs outputs;
};

double processMean(const ParamView &view, const Polynomials &poly)
{
    if (view.intercept == 0.0)
        return 0.0;
    double denom = 1.0;
    for (double phi : poly.phi)
        denom -= phi;
    return view.intercept / denom;
}

Evaluation evaluate(const Prepared &prep, const std::vector<double> &params, EstimationMethod method, bool wantOutputs)
{
    Evaluation ev;
    // Per-thread storage for the split and reduced parameters: this runs thousands of times per fit.
    thread_local ParamView view;
    thread_local Polynomials poly;
    split(prep.spec, prep.exogCount, params, view);
    if (!isStationary(view.ar) || !isStationary(view.sar) || !isStationary(view.ma, -1.0) || !isStationary(view.sma, -1.0))
        return ev;
    reduce(prep.spec, view, poly);
    const double mu = processMean(view, poly);
    if (!std::isfinite(mu))
        return ev;

    FilterTotals totals;
    if (method == EstimationMethod::Css || !prep.hasGaps) {
        // Per-thread scratch: the objective runs thousands of times per selection, and zero-filling a
        // fresh vector each time cost more than the CSS recursion's own bookkeeping.
        thread_local std::vector<double> z;
        z.resize(prep.wy.size());
        Eigen::Map<Eigen::VectorXd> zv(z.data(), long(z.size()));
        zv = Eigen::Map<const Eigen::VectorXd>(prep.wy.data(), long(z.size())).array() - mu;
        for (int j = 0; j < prep.exogCount; ++j)
            zv -= view.beta[size_t(j)] * Eigen::Map<const Eigen::VectorXd>(prep.wx[size_t(j)].data(), long(z.size()));
        if (method == EstimationMethod::Css) {
            int used = 0;
            const double s2 = cssVariance(poly, z, &used, prep.hasGaps ? nullptr : &view, prep.spec.s);
            if (!(s2 > 0.0) || !std::isfinite(s2))
                return ev;
            ev.ok = true;
            ev.sigma2 = s2;
            ev.used = used;
            ev.llf = -0.5 * used * (std::log(s2) + 1.0 + kLog2Pi);
            return ev;
        }
        totals = filterArma(poly, z.data(), int(z.size()), wantOutputs ? &ev.outputs : nullptr);
    } else {
        std::vector<double> u(prep.y.size());
        for (size_t t = 0; t < u.size(); ++t) {
            double value = prep.y[t];
            for (int j = 0; j < prep.exogCount; ++j)
                value -= view.beta[size_t(j)] * prep.exog[size_t(j)][t];
            u[t] = value;
        }
        totals = filterIntegrated(poly, prep.delta, mu, u, wantOutputs ? &ev.outputs : nullptr);
    }
    if (!totals.ok || totals.used <= 0 || !(totals.sumV2F > 0.0))
        return ev;
    const double N = totals.used;
    ev.sigma2 = totals.sumV2F / N;
    ev.llf = -0.5 * N * kLog2Pi - 0.5 * totals.sumLogF - 0.5 * N - 0.5 * N * std::log(ev.sigma2);
    ev.used = totals.used;
    ev.ok = std::isfinite(ev.llf);
    return ev;
}

// --- starting values (statsmodels' SARIMAX.start_params: two-step Hannan–Rissanen on the differences)

Eigen::VectorXd leastSquares(const Eigen::MatrixXd &X, const Eigen::VectorXd &y)
{
    return X.completeOrthogonalDecomposition().solve(y);
}

// OLS of w_t on [1?, w_{t-lag·i} (i ≤ nAr), ê_{t-lag·j} (j ≤ nMa)] with ê from a long AR(2·nMa).
void hannanRissanen(const std::vector<double> &w, int nAr, int nMa, int lag, bool withTrend, double *trend,
                    std::vector<double> &ar, std::vector<double> &ma)
{
    ar.assign(size_t(nAr), 0.0);
    ma.assign(size_t(nMa), 0.0);
    const int n = int(w.size());
    const int kLong = 2 * nMa;
    std::vector<double> resid(size_t(n), 0.0);
    if (nMa > 0) {
        const int rows = n - kLong * lag;
        if (rows <= kLong + 2)
            return;
        Eigen::MatrixXd X(rows, kLong);
        Eigen::VectorXd Y(rows);
        for (int t = kLong * lag; t < n; ++t) {
            Y(t - kLong * lag) = w[size_t(t)];
            for (int i = 1; i <= kLong; ++i)
                X(t - kLong * lag, i - 1) = w[size_t(t - i * lag)];
        }
        const Eigen::VectorXd b = leastSquares(X, Y);
        const Eigen::VectorXd e = Y - X * b;
        for (int t = kLong * lag; t < n; ++t)
            resid[size_t(t)] = e(t - kLong * lag);
    }
    const int start = std::max(3 * nMa, nAr) * lag;
    const int cols = (withTrend ? 1 : 0) + nAr + nMa;
    const int rows = n - start;
    if (cols == 0 || rows <= cols + 1)
        return;
    Eigen::MatrixXd X(rows, cols);
    Eigen::VectorXd Y(rows);
    for (int t = start; t < n; ++t) {
        int c = 0;
        Y(t - start) = w[size_t(t)];
        if (withTrend)
            X(t - start, c++) = 1.0;
        for (int i = 1; i <= nAr; ++i)
            X(t - start, c++) = w[size_t(t - i * lag)];
        for (int j = 1; j <= nMa; ++j)
            X(t - start, c++) = resid[size_t(t - j * lag)];
    }
    const Eigen::VectorXd b = leastSquares(X, Y);
    if (!b.allFinite())
        return;
    int c = 0;
    if (withTrend && trend)
        *trend = b(c);
    if (withTrend)
        ++c;
    for (int i = 0; i < nAr; ++i)
        ar[size_t(i)] = b(c++);
    for (int j = 0; j < nMa; ++j)
        ma[size_t(j)] = b(c++);
}

std::vector<double> negated(const std::vector<double> &v)
{
    std::vector<double> out(v.size());
    std::transform(v.begin(), v.end(), out.begin(), [](double x) { return -x; });
    return out;
}

std::vector<double> startingValues(const Prepared &prep)
{
    const SarimaxSpec &spec = prep.spec;
    std::vector<double> w;
    std::vector<std::vector<double>> xs(size_t(prep.exogCount));
    for (size_t t = 0; t < prep.wy.size(); ++t) {
        bool finite = std::isfinite(prep.wy[t]);
        for (int j = 0; j < prep.exogCount && finite; ++j)
            finite = std::isfinite(prep.wx[size_t(j)][t]);
        if (!finite)
            continue;
        w.push_back(prep.wy[t]);
        for (int j = 0; j < prep.exogCount; ++j)
            xs[size_t(j)].push_back(prep.wx[size_t(j)][t]);
    }
    std::vector<double> beta(size_t(prep.exogCount), 0.0);
    if (prep.exogCount > 0 && int(w.size()) > prep.exogCount) {
        Eigen::MatrixXd X(long(w.size()), prep.exogCount);
        for (int j = 0; j < prep.exogCount; ++j)
            for (size_t t = 0; t < w.size(); ++t)
                X(long(t), j) = xs[size_t(j)][t];
        const Eigen::VectorXd Y = Eigen::Map<const Eigen::VectorXd>(w.data(), long(w.size()));
        const Eigen::VectorXd b = leastSquares(X, Y);
        if (b.allFinite()) {
            for (int j = 0; j < prep.exogCount; ++j)
                beta[size_t(j)] = b(j);
            const Eigen::VectorXd r = Y - X * b;
            for (size_t t = 0; t < w.size(); ++t)
                w[t] = r(long(t));
        }
    }
    double trend = 0.0;
    const bool withTrend = spec.trend == Trend::Constant;
    if (withTrend && !w.empty())
        trend = std::accumulate(w.begin(), w.end(), 0.0) / double(w.size());
    std::vector<double> ar, ma, sar, sma;
    hannanRissanen(w, spec.p, spec.q, 1, withTrend, &trend, ar, ma);
    hannanRissanen(w, spec.P, spec.Q, std::max(spec.s, 1), false, nullptr, sar, sma);
    if (!isStationary(ar))
        std::fill(ar.begin(), ar.end(), 0.0);
    if (!isStationary(negated(ma)))
        std::fill(ma.begin(), ma.end(), 0.0);
    if (!isStationary(sar))
        std::fill(sar.begin(), sar.end(), 0.0);
    if (!isStationary(negated(sma)))
        std::fill(sma.begin(), sma.end(), 0.0);
    if (!std::isfinite(trend))
        trend = 0.0;
    std::vector<double> params;
    if (withTrend)
        params.push_back(trend);
    params.insert(params.end(), beta.begin(), beta.end());
    params.insert(params.end(), ar.begin(), ar.end());
    params.insert(params.end(), ma.begin(), ma.end());
    params.insert(params.end(), sar.begin(), sar.end());
    params.insert(params.end(), sma.begin(), sma.end());
    return params;
}

// --- transforms between the optimiser's unconstrained space and natural parameters

struct Blocks
{
    int offsetAr, offsetMa, offsetSar, offsetSma, total;
};

Blocks blocks(const SarimaxSpec &spec, int exogCount)
{
    Blocks b;
    b.offsetAr = (spec.trend == Trend::Constant ? 1 : 0) + exogCount;
    b.offsetMa = b.offsetAr + spec.p;
    b.offsetSar = b.offsetMa + spec.q;
    b.offsetSma = b.offsetSar + spec.P;
    b.total = b.offsetSma + spec.Q;
    return b;
}

std::vector<double> slice(const std::vector<double> &v, int offset, int count)
{
    return {v.begin() + offset, v.begin() + offset + count};
}

void place(std::vector<double> &v, int offset, const std::vector<double> &values)
{
    std::copy(values.begin(), values.end(), v.begin() + offset);
}

// The optimiser sees the regression part (process mean, then the exogenous coefficients) as
// [μ, β] = base + L·u, with base the OLS estimates on the differenced data and L = s·R⁻¹ from the
// QR factor of the OLS design: u has roughly unit scale and uncorrelated components whatever the
// units of the regressors (a time index in years next to an intercept of 600, say). The intercept of
// the ARMA equation follows from μ and the AR polynomial, so that an AR root near 1 no longer
// couples the intercept to the AR coefficients. R's arima rescales (parscale) and rotates (svd) xreg
// for the same reason.
struct RegressionScaling
{
    Eigen::VectorXd base;
    Eigen::MatrixXd L;
    Eigen::MatrixXd Linv;
};

bool regressionScaling(const Prepared &prep, RegressionScaling &out)
{
    const bool withTrend = prep.spec.trend == Trend::Constant;
    const int cols = (withTrend ? 1 : 0) + prep.exogCount;
    if (cols == 0)
        return false;
    std::vector<size_t> rows;
    for (size_t t = 0; t < prep.wy.size(); ++t) {
        bool finite = std::isfinite(prep.wy[t]);
        for (int j = 0; j < prep.exogCount && finite; ++j)
            finite = std::isfinite(prep.wx[size_t(j)][t]);
        if (finite)
            rows.push_back(t);
    }
    if (long(rows.size()) <= cols + 1)
        return false;
    Eigen::MatrixXd X(long(rows.size()), cols);
    Eigen::VectorXd Y(long(rows.size()));
    for (long i = 0; i < long(rows.size()); ++i) {
        const size_t t = rows[size_t(i)];
        int c = 0;
        if (withTrend)
            X(i, c++) = 1.0;
        for (int j = 0; j < prep.exogCount; ++j)
            X(i, c++) = prep.wx[size_t(j)][t];
        Y(i) = prep.wy[t];
    }
    const Eigen::HouseholderQR<Eigen::MatrixXd> qr(X);
    const Eigen::MatrixXd R = qr.matrixQR().topRows(cols).triangularView<Eigen::Upper>();
    const double largest = R.diagonal().cwiseAbs().maxCoeff();
    if (!(largest > 0.0) || R.diagonal().cwiseAbs().minCoeff() <= 1e-10 * largest)
        return false; // rank deficient: keep the plain coordinates
    out.base = qr.solve(Y);
    const double s2 = (Y - X * out.base).squaredNorm() / double(long(rows.size()) - cols);
    const double s = std::sqrt(s2);
    if (!out.base.allFinite() || !(s > 0.0) || !std::isfinite(s))
        return false;
    const Eigen::MatrixXd Rinv = R.triangularView<Eigen::Upper>().solve(Eigen::MatrixXd::Identity(cols, cols));
    out.L = s * Rinv;
    out.Linv = R / s;
    return out.L.allFinite() && out.Linv.allFinite();
}

// 1 − Σ φ of the multiplied AR polynomial, i.e. φ(1)·Φ(1): the intercept is μ times this.
double arSum(const SarimaxSpec &spec, int exogCount, const std::vector<double> &natural)
{
    const Blocks b = blocks(spec, exogCount);
    double ar = 1.0, sar = 1.0;
    for (int i = 0; i < spec.p; ++i)
        ar -= natural[size_t(b.offsetAr + i)];
    for (int i = 0; i < spec.P; ++i)
        sar -= natural[size_t(b.offsetSar + i)];
    return ar * sar;
}

std::vector<double> toNatural(const SarimaxSpec &spec, int exogCount, const std::vector<double> &x,
                              const RegressionScaling *scaling = nullptr)
{
    const Blocks b = blocks(spec, exogCount);
    std::vector<double> out = x;
    constrainStationary(x.data() + b.offsetAr, size_t(spec.p), out.data() + b.offsetAr, 1.0);
    constrainStationary(x.data() + b.offsetMa, size_t(spec.q), out.data() + b.offsetMa, -1.0);
    constrainStationary(x.data() + b.offsetSar, size_t(spec.P), out.data() + b.offsetSar, 1.0);
    constrainStationary(x.data() + b.offsetSma, size_t(spec.Q), out.data() + b.offsetSma, -1.0);
    if (scaling) {
        const int cols = b.offsetAr;
        const Eigen::VectorXd reg = scaling->base + scaling->L * Eigen::Map<const Eigen::VectorXd>(x.data(), cols);
        for (int i = 0; i < cols; ++i)
            out[size_t(i)] = reg(i);
        if (spec.trend == Trend::Constant)
            out[0] = reg(0) * arSum(spec, exogCount, out);
    }
    return out;
}

bool toUnconstrained(const SarimaxSpec &spec, int exogCount, const std::vector<double> &params, std::vector<double> &x,
                     const RegressionScaling *scaling = nullptr)
{
    const Blocks b = blocks(spec, exogCount);
    if (int(params.size()) != b.total)
        return false;
    x = params;
    // Every block is transformed even after a failure: unconstrainStationary sizes `part` to its
    // block, so a skipped call would leave the previous block's size behind for place().
    std::vector<double> part;
    bool ok = unconstrainStationary(slice(params, b.offsetAr, spec.p), part);
    place(x, b.offsetAr, part);
    ok = unconstrainStationary(negated(slice(params, b.offsetMa, spec.q)), part) && ok;
    place(x, b.offsetMa, part);
    ok = unconstrainStationary(slice(params, b.offsetSar, spec.P), part) && ok;
    place(x, b.offsetSar, part);
    ok = unconstrainStationary(negated(slice(params, b.offsetSma, spec.Q)), part) && ok;
    place(x, b.offsetSma, part);
    if (scaling && ok) {
        const int cols = b.offsetAr;
        Eigen::VectorXd reg(cols);
        for (int i = 0; i < cols; ++i)
            reg(i) = params[size_t(i)];
        if (spec.trend == Trend::Constant) {
            const double denom = arSum(spec, exogCount, params);
            if (!(std::abs(denom) > 0.0))
                return false;
            reg(0) /= denom;
        }
        const Eigen::VectorXd u = scaling->Linv * (reg - scaling->base);
        for (int i = 0; i < cols; ++i)
            x[size_t(i)] = u(i);
        ok = u.allFinite();
    }
    return ok;
}

// --- diagnostics

void computeDiagnostics(const SarimaxSpec &spec, const std::vector<double> &stdResid, int nobsEffective,
                        SarimaxDiagnostics &diag)
{
    std::vector<double> e;
    for (double v : stdResid)
        if (std::isfinite(v))
            e.push_back(v);
    const int n = int(e.size());
    if (n < 4)
        return;
    const double mean = std::accumulate(e.begin(), e.end(), 0.0) / n;
    double m2 = 0.0, m3 = 0.0, m4 = 0.0;
    for (double v : e) {
        const double c = v - mean;
        m2 += c * c;
        m3 += c * c * c;
        m4 += c * c * c * c;
    }
    const double sumSq = m2;
    m2 /= n;
    m3 /= n;
    m4 /= n;
    // Ljung–Box with statsmodels' default lag choice.
    const int s = spec.seasonalPeriod();
    int lags = s > 1 ? std::min(2 * s, nobsEffective / 5) : std::min(10, nobsEffective / 5);
    lags = std::min(lags, n - 1);
    if (lags >= 1 && sumSq > 0.0) {
        double q = 0.0;
        for (int k = 1; k <= lags; ++k) {
            double acc = 0.0;
            for (int t = k; t < n; ++t)
                acc += (e[size_t(t)] - mean) * (e[size_t(t - k)] - mean);
            const double rho = acc / sumSq;
            q += rho * rho / (n - k);
        }
        q *= double(n) * (n + 2.0);
        diag.ljungBoxLags = lags;
        diag.ljungBoxStat = q;
        diag.ljungBoxPValue = Distributions::chiSquaredSurvival(q, lags);
    }
    if (m2 > 0.0) {
        diag.skew = m3 / std::pow(m2, 1.5);
        diag.kurtosis = m4 / (m2 * m2);
        diag.jarqueBera = n / 6.0 * (diag.skew * diag.skew + 0.25 * (diag.kurtosis - 3.0) * (diag.kurtosis - 3.0));
        diag.jarqueBeraPValue = std::exp(-0.5 * diag.jarqueBera);
    }
    // Heteroskedasticity: the standardized errors after the burn, in time order, NaN kept.
    std::vector<double> sq;
    bool started = false;
    for (double v : stdResid) {
        if (!started && std::isnan(v))
            continue;
        started = true;
        sq.push_back(v * v);
    }
    const int h = int(std::lround(nobsEffective / 3.0));
    if (h >= 1 && int(sq.size()) >= h) {
        double numer = 0.0, denom = 0.0;
        int dofNum = 0, dofDen = 0;
        for (int i = 0; i < h; ++i) {
            const double a = sq[sq.size() - size_t(h) + size_t(i)];
            const double b = sq[size_t(i)];
            if (std::isfinite(a)) {
                numer += a;
                ++dofNum;
            }
            if (std::isfinite(b)) {
                denom += b;
                ++dofDen;
            }
        }
        if (denom > 0.0 && dofNum > 0 && dofDen > 0) {
            const double H = numer / denom;
            const double cdf = Distributions::fCdf(H, dofNum, dofDen);
            diag.heteroskedasticity = H;
            diag.heteroskedasticityPValue = std::min(1.0, 2.0 * std::min(cdf, 1.0 - cdf));
        }
    }
}

QString formatSpecError(const QString &what)
{
    return QStringLiteral("invalid SARIMAX specification: %1").arg(what);
}

} // namespace

// ---------------------------------------------------------------------------------------------

bool SarimaxSpec::isValid(QString *why) const
{
    auto fail = [&](const QString &message) {
        if (why)
            *why = formatSpecError(message);
        return false;
    };
    if (p < 0 || d < 0 || q < 0 || P < 0 || D < 0 || Q < 0 || s < 0)
        return fail(QStringLiteral("orders must not be negative"));
    if (p > 30 || q > 30 || d > 3 || P > 5 || Q > 5 || D > 2)
        return fail(QStringLiteral("orders are too large (p, q ≤ 30, d ≤ 3, P, Q ≤ 5, D ≤ 2)"));
    if ((P > 0 || D > 0 || Q > 0) && s < 2)
        return fail(QStringLiteral("a seasonal part needs a period s ≥ 2"));
    if (s > 400)
        return fail(QStringLiteral("seasonal period %1 is too long (at most 400)").arg(s));
    return true;
}

QString SarimaxSpec::toString() const
{
    QString text = QStringLiteral("ARIMA(%1,%2,%3)").arg(p).arg(d).arg(q);
    if (seasonalPeriod() > 0)
        text += QStringLiteral("(%1,%2,%3)[%4]").arg(P).arg(D).arg(Q).arg(s);
    if (trend == Trend::Constant)
        text += (d + D == 1) ? QStringLiteral(" with drift") : QStringLiteral(" with intercept");
    return text;
}

std::vector<ParameterEstimate> SarimaxResult::estimates() const
{
    std::vector<ParameterEstimate> out;
    for (size_t i = 0; i < params.size(); ++i)
        out.push_back({i < size_t(paramNames.size()) ? paramNames.at(qsizetype(i)) : QString(), params[i],
                       i < standardErrors.size() ? standardErrors[i] : kNaN});
    out.push_back({QStringLiteral("sigma2"), sigma2, sigma2Se});
    return out;
}

int Sarimax::parameterCount(const SarimaxSpec &spec, int exogCount)
{
    return (spec.trend == Trend::Constant ? 1 : 0) + exogCount + spec.p + spec.q + spec.P + spec.Q;
}

QStringList Sarimax::parameterNames(const SarimaxSpec &spec, const QStringList &exogNames, int exogCount)
{
    QStringList names;
    if (spec.trend == Trend::Constant)
        names << ((spec.d + spec.D == 1) ? QStringLiteral("drift") : QStringLiteral("const"));
    for (int j = 0; j < exogCount; ++j)
        names << (j < exogNames.size() && !exogNames.at(j).isEmpty() ? exogNames.at(j)
                                                                      : QStringLiteral("x%1").arg(j + 1));
    for (int i = 1; i <= spec.p; ++i)
        names << QStringLiteral("ar.L%1").arg(i);
    for (int i = 1; i <= spec.q; ++i)
        names << QStringLiteral("ma.L%1").arg(i);
    for (int i = 1; i <= spec.P; ++i)
        names << QStringLiteral("ar.S.L%1").arg(i * spec.s);
    for (int i = 1; i <= spec.Q; ++i)
        names << QStringLiteral("ma.S.L%1").arg(i * spec.s);
    return names;
}

namespace {

bool prepare(const SarimaxSpec &spec, const SarimaxData &data, Prepared &prep, QString &error)
{
    if (!spec.isValid(&error))
        return false;
    prep.spec = spec;
    if (spec.seasonalPeriod() == 0) {
        prep.spec.P = prep.spec.D = prep.spec.Q = 0;
    }
    prep.exogCount = int(data.exog.size());
    const size_t n = data.y.size();
    for (int j = 0; j < prep.exogCount; ++j) {
        if (data.exog[size_t(j)].size() != n) {
            error = QStringLiteral("regressor %1 has %2 values but the series has %3")
                        .arg(j + 1)
                        .arg(data.exog[size_t(j)].size())
                        .arg(n);
            return false;
        }
        for (size_t t = 0; t < n; ++t) {
            if (!std::isfinite(data.exog[size_t(j)][t])) {
                error = QStringLiteral("regressor %1 is not finite at position %2").arg(j + 1).arg(t + 1);
                return false;
            }
        }
    }
    size_t lead = 0;
    while (lead < n && !std::isfinite(data.y[lead]))
        ++lead;
    prep.lead = int(lead);
    prep.y.assign(data.y.begin() + long(lead), data.y.end());
    for (double &v : prep.y)
        if (!std::isfinite(v))
            v = kNaN; // ±inf are treated as missing
    prep.exog.resize(size_t(prep.exogCount));
    for (int j = 0; j < prep.exogCount; ++j)
        prep.exog[size_t(j)].assign(data.exog[size_t(j)].begin() + long(lead), data.exog[size_t(j)].end());
    const int s = std::max(prep.spec.s, 1);
    prep.delta = integrationCoefficients(prep.spec.d, prep.spec.D, s);
    prep.dtot = int(prep.delta.size());
    prep.hasGaps = std::any_of(prep.y.begin(), prep.y.end(), [](double v) { return std::isnan(v); });
    int observed = int(std::count_if(prep.y.begin(), prep.y.end(), [](double v) { return std::isfinite(v); }));
    const int k = Sarimax::parameterCount(prep.spec, prep.exogCount);
    if (observed - prep.dtot < k + 2) {
        error = QStringLiteral("only %1 observations for %2 parameters after %3 differences")
                    .arg(observed)
                    .arg(k + 1)
                    .arg(prep.dtot);
        return false;
    }
    prep.wy = difference(prep.y, prep.spec.d, prep.spec.D, s);
    prep.wx.resize(size_t(prep.exogCount));
    for (int j = 0; j < prep.exogCount; ++j)
        prep.wx[size_t(j)] = difference(prep.exog[size_t(j)], prep.spec.d, prep.spec.D, s);
    return true;
}

} // namespace

double Sarimax::logLikelihood(const SarimaxSpec &spec, const SarimaxData &data, const std::vector<double> &params,
                              double *sigma2)
{
    Prepared prep;
    QString error;
    if (!prepare(spec, data, prep, error) || int(params.size()) != parameterCount(prep.spec, prep.exogCount))
        return kNaN;
    const Evaluation ev = evaluate(prep, params, EstimationMethod::ExactMl, false);
    if (sigma2)
        *sigma2 = ev.sigma2;
    return ev.ok ? ev.llf : kNaN;
}

// The fit at result.params: likelihood, information criteria, residuals, final state, diagnostics
// and (on request) standard errors. False with result.error set when the likelihood fails there.
static bool completeFit(const Prepared &prep, const SarimaxOptions &options, int k, int exogCount, SarimaxResult &result)
{
    const EstimationMethod method = options.method;
    Evaluation final = evaluate(prep, result.params, method, method == EstimationMethod::ExactMl);
    if (!final.ok) {
        result.error = QStringLiteral("the likelihood failed at the optimum");
        return false;
    }
    result.llf = final.llf;
    result.sigma2 = final.sigma2;
    result.nobsUsed = final.used;
    result.nobsEffective = result.nobs - prep.dtot;
    result.dfModel = k + 1;
    const double n = result.nobsEffective;
    const double kk = result.dfModel;
    result.aic = -2.0 * result.llf + 2.0 * kk;
    result.aicc = (n - kk - 1.0 > 0.0) ? -2.0 * result.llf + 2.0 * kk * n / (n - kk - 1.0)
                                        : std::numeric_limits<double>::infinity();
    result.bic = -2.0 * result.llf + kk * std::log(n);
    result.hqic = -2.0 * result.llf + 2.0 * kk * std::log(std::log(n));
    result.sigma2Se = result.sigma2 * std::sqrt(2.0 / std::max(result.nobsUsed, 1));
    result.standardErrors.assign(size_t(k), kNaN);

    if (method == EstimationMethod::ExactMl) {
        // Residuals in the layout of the input series.
        const int total = result.nobs;
        result.standardizedResiduals.assign(size_t(total), kNaN);
        result.residuals.assign(size_t(total), kNaN);
        const int offset = prep.lead + (prep.hasGaps ? 0 : prep.dtot);
        const std::vector<double> &v = final.outputs.v;
        const std::vector<double> &f = final.outputs.f;
        for (size_t t = 0; t < v.size(); ++t) {
            const size_t target = size_t(offset) + t;
            if (target < size_t(total) && std::isfinite(v[t]) && f[t] > 0.0) {
                result.residuals[target] = v[t];
                result.standardizedResiduals[target] = v[t] / std::sqrt(f[t] * result.sigma2);
            }
        }
        // Final state in the integrated layout.
        const ParamView view = split(prep.spec, exogCount, result.params);
        if (prep.hasGaps) {
            result.finalState = final.outputs.state;
            result.finalCovariance = final.outputs.covariance;
        } else {
            const int r = int(final.outputs.state.size());
            const int m = r + prep.dtot;
            result.finalState.assign(size_t(m), 0.0);
            result.finalCovariance.assign(size_t(m) * size_t(m), 0.0);
            for (int i = 0; i < r; ++i) {
                result.finalState[size_t(i)] = final.outputs.state[size_t(i)];
                for (int j = 0; j < r; ++j)
                    result.finalCovariance[size_t(j) * size_t(m) + size_t(i)]
                        = final.outputs.covariance[size_t(i) * size_t(r) + size_t(j)];
            }
            const int last = int(prep.y.size()) - 1;
            for (int i = 0; i < prep.dtot; ++i) {
                double u = prep.y[size_t(last - i)];
                for (int j = 0; j < exogCount; ++j)
                    u -= view.beta[size_t(j)] * prep.exog[size_t(j)][size_t(last - i)];
                result.finalState[size_t(r + i)] = u;
            }
        }
        if (options.computeDiagnostics)
            computeDiagnostics(prep.spec, result.standardizedResiduals, result.nobsEffective, result.diagnostics);
        if (options.computeStandardErrors && k > 0) {
            // Observed information from the profile (concentrated) likelihood: its inverse equals
            // the corresponding block of the full inverse Hessian.
            auto llf = [&](const std::vector<double> &p) {
                const Evaluation ev = evaluate(prep, p, EstimationMethod::ExactMl, false);
                return ev.ok ? ev.llf : kNaN;
            };
            // One-sided second differences, stepping each parameter towards zero (away from the
            // stationarity/invertibility boundary): k(k + 3)/2 likelihoods instead of the 2k² of the
            // central scheme. The O(h) error (~1e-4 relative) is far below what standard errors need.
            std::vector<double> h(static_cast<size_t>(k));
            for (int i = 0; i < k; ++i) {
                const double pi = result.params[size_t(i)];
                h[size_t(i)] = (pi > 0.0 ? -1e-4 : 1e-4) * std::max(1.0, std::abs(pi));
            }
            Eigen::MatrixXd H(k, k);
            const double f0 = result.llf;
            std::vector<double> p = result.params;
            bool finite = true;
            std::vector<double> fStep(static_cast<size_t>(k));
            for (int i = 0; i < k && finite; ++i) {
                const double hi = h[size_t(i)];
                p[size_t(i)] += hi;
                fStep[size_t(i)] = llf(p);
                p[size_t(i)] += hi;
                const double fTwo = llf(p);
                p[size_t(i)] = result.params[size_t(i)];
                H(i, i) = (fTwo - 2.0 * fStep[size_t(i)] + f0) / (hi * hi);
                finite = std::isfinite(H(i, i));
            }
            for (int i = 0; i < k && finite; ++i) {
                for (int j = i + 1; j < k && finite; ++j) {
                    p[size_t(i)] += h[size_t(i)];
                    p[size_t(j)] += h[size_t(j)];
                    const double fBoth = llf(p);
                    p[size_t(i)] = result.params[size_t(i)];
                    p[size_t(j)] = result.params[size_t(j)];
                    H(i, j) = H(j, i) = (fBoth - fStep[size_t(i)] - fStep[size_t(j)] + f0) / (h[size_t(i)] * h[size_t(j)]);
                    finite = std::isfinite(H(i, j));
                }
            }
            if (finite) {
                const Eigen::MatrixXd information = -H;
                Eigen::LDLT<Eigen::MatrixXd> ldlt(information);
                if (ldlt.info() == Eigen::Success && ldlt.isPositive()) {
                    const Eigen::MatrixXd cov = ldlt.solve(Eigen::MatrixXd::Identity(k, k));
                    for (int i = 0; i < k; ++i)
                        result.standardErrors[size_t(i)] = cov(i, i) > 0.0 ? std::sqrt(cov(i, i)) : kNaN;
                }
            }
        }
    }
    return true;
}

SarimaxResult Sarimax::fit(const SarimaxSpec &spec, const SarimaxData &data, const SarimaxOptions &options)
{
    QElapsedTimer timer;
    timer.start();
    SarimaxResult result;
    result.spec = spec;
    result.method = options.method;
    result.nobs = int(data.y.size());
    Prepared prep;
    if (!prepare(spec, data, prep, result.error))
        return result;
    result.spec = prep.spec;
    const int exogCount = prep.exogCount;
    const int k = parameterCount(prep.spec, exogCount);
    result.paramNames = parameterNames(prep.spec, data.exogNames, exogCount);

    const EstimationMethod method = options.method;
    RegressionScaling scalingStore;
    const RegressionScaling *scaling = regressionScaling(prep, scalingStore) ? &scalingStore : nullptr;
    if (options.fixParams) {
        // No estimation: the likelihood, residuals and final state at the given parameters.
        std::vector<double> unconstrained;
        if (int(options.startParams.size()) != k
            || !toUnconstrained(prep.spec, exogCount, options.startParams, unconstrained, scaling)) {
            result.error = QStringLiteral("the fixed parameters do not fit the model or are not stationary and invertible");
            return result;
        }
        result.params = options.startParams;
        result.converged = true;
        if (!completeFit(prep, options, k, exogCount, result))
            return result;
        result.ok = true;
        result.fitSeconds = double(timer.nsecsElapsed()) * 1e-9;
        return result;
    }
    std::vector<double> start = startingValues(prep);
    if (scaling) {
        // The regression part starts at the OLS estimates (u = 0).
        const int cols = int(scaling->base.size());
        for (int i = 0; i < cols; ++i)
            start[size_t(i)] = scaling->base(i);
        if (prep.spec.trend == Trend::Constant)
            start[0] = scaling->base(0) * arSum(prep.spec, exogCount, start);
    }
    std::vector<double> x0;
    if (!toUnconstrained(prep.spec, exogCount, start, x0, scaling)) {
        start.assign(size_t(k), 0.0);
        x0.assign(size_t(k), 0.0);
    }
    // Given starting values (e.g. the CSS estimates for the final exact fit of automatic selection)
    // compete with Hannan–Rissanen's: the better objective wins. A regression with ARMA errors and
    // no given start gets R's: OLS for the regression (the scaling's base), CSS for the ARMA part.
    std::vector<double> startParams = options.startParams;
    if (startParams.empty() && method == EstimationMethod::ExactMl && exogCount > 0 && k > exogCount) {
        SarimaxOptions css;
        css.method = EstimationMethod::Css;
        css.computeStandardErrors = false;
        css.computeDiagnostics = false;
        const SarimaxResult cssFit = fit(spec, data, css);
        if (cssFit.ok)
            startParams = cssFit.params;
    }
    std::vector<double> given;
    const std::vector<double> *startHessian = nullptr;
    if (int(startParams.size()) == k && toUnconstrained(prep.spec, exogCount, startParams, given, scaling)) {
        const Evaluation atGiven = evaluate(prep, startParams, method, false);
        const Evaluation atStart = evaluate(prep, toNatural(prep.spec, exogCount, x0, scaling), method, false);
        if (atGiven.ok && (!atStart.ok || atGiven.llf >= atStart.llf)) {
            start = startParams;
            x0 = given;
            if (startParams == options.startParams && options.startInverseHessian.size() == size_t(k) * size_t(k))
                startHessian = &options.startInverseHessian;
        }
    }
    // A likelihood at the start: if even zeros fail, nothing will work.
    int usedAtStart = 0;
    {
        Evaluation ev = evaluate(prep, toNatural(prep.spec, exogCount, x0, scaling), method, false);
        if (!ev.ok) {
            x0.assign(size_t(k), 0.0);
            // Keep the regression and trend starts: they are unconstrained (u = 0 is OLS when scaled).
            if (!scaling)
                for (int i = 0; i < (prep.spec.trend == Trend::Constant ? 1 : 0) + exogCount; ++i)
                    x0[size_t(i)] = start[size_t(i)];
            ev = evaluate(prep, toNatural(prep.spec, exogCount, x0, scaling), method, false);
            if (!ev.ok) {
                result.error = QStringLiteral("the likelihood cannot be evaluated at the starting values");
                return result;
            }
        }
        usedAtStart = ev.used;
    }
    const double scale = 1.0 / std::max(usedAtStart, 1);
    auto objective = [&](const std::vector<double> &x) {
        const Evaluation ev = evaluate(prep, toNatural(prep.spec, exogCount, x, scaling), method, false);
        return ev.ok ? -ev.llf * scale : HUGE_VAL;
    };
    // Creeping towards a root at infinity in the transformed coordinates: the largest coordinate grows
    // step after step while a root stays within the bound and the objective barely improves. An
    // iterate that merely visits the region (an AR pair near the circle on the way to an optimum
    // outside it) does not move outwards steadily, and is not given up.
    Optimizer::GiveUp giveUp;
    int creepingSteps = 0;
    double previous = HUGE_VAL;
    double previousReach = HUGE_VAL;
    if (options.abandonWithinRoot > 0.0) {
        giveUp = [&](const std::vector<double> &x, double value) {
            double reach = 0.0;
            for (double v : x)
                reach = std::max(reach, std::abs(v));
            const ParamView view = split(prep.spec, exogCount, toNatural(prep.spec, exogCount, x, scaling));
            const Polynomials poly = reduce(prep.spec, view);
            const bool within = !rootsOutside(poly.phi, 1.0, options.abandonWithinRoot)
                || !rootsOutside(poly.theta, -1.0, options.abandonWithinRoot);
            const bool creeping = within && reach > previousReach + 0.05
                && previous - value <= 1e-5 * std::max(std::abs(value), 1.0);
            creepingSteps = creeping ? creepingSteps + 1 : 0;
            previous = value;
            previousReach = reach;
            return creepingSteps >= 2;
        };
    }
    MinimizeResult best
        = Optimizer::bfgs(objective, x0, options.maxIterations, options.relativeTolerance, startHessian, giveUp);
    if (best.ok && !best.converged && !best.abandoned) {
        // A curvature estimate learnt far from the optimum can stall BFGS: restart it once afresh
        // from where it stopped before the derivative-free fallback.
        const MinimizeResult restart = Optimizer::bfgs(objective, best.x, options.maxIterations, options.relativeTolerance);
        if (restart.ok && restart.value <= best.value) {
            const int iterations = best.iterations + restart.iterations;
            const int evaluations = best.evaluations + restart.evaluations;
            best = restart;
            best.iterations = iterations;
            best.evaluations = evaluations;
        } else {
            best.evaluations += restart.evaluations;
        }
    }
    if (!best.ok || (!best.converged && !best.abandoned)) {
        best.inverseHessian.clear();
        const MinimizeResult nm = Optimizer::nelderMead(objective, best.ok ? best.x : x0, 400 * std::max(k, 1));
        if (nm.ok && (!best.ok || nm.value < best.value - 1e-12)) {
            const int iterations = best.iterations + nm.iterations;
            const int evaluations = best.evaluations + nm.evaluations;
            best = nm;
            best.iterations = iterations;
            best.evaluations = evaluations;
            if (nm.converged) {
                // Polish with BFGS from the simplex optimum.
                const MinimizeResult polish = Optimizer::bfgs(objective, nm.x, options.maxIterations, options.relativeTolerance);
                if (polish.ok && polish.value <= best.value) {
                    best.x = polish.x;
                    best.value = polish.value;
                    best.converged = polish.converged;
                }
                best.evaluations += polish.evaluations;
            }
        } else if (best.ok) {
            best.evaluations += nm.evaluations;
        }
    }
    result.iterations = best.iterations;
    result.functionEvaluations = best.evaluations;
    if (!best.ok) {
        result.error = QStringLiteral("the optimiser found no finite likelihood");
        return result;
    }
    result.converged = best.converged;
    result.params = toNatural(prep.spec, exogCount, best.x, scaling);
    result.optimizerInverseHessian = std::move(best.inverseHessian);
    if (!completeFit(prep, options, k, exogCount, result))
        return result;
    result.ok = true;
    result.fitSeconds = double(timer.nsecsElapsed()) * 1e-9;
    return result;
}

std::vector<ForecastPoint> Sarimax::forecast(const SarimaxResult &result, int horizon,
                                             const std::vector<std::vector<double>> &futureExog, QString *error)
{
    auto fail = [&](const QString &message) {
        if (error)
            *error = message;
        return std::vector<ForecastPoint>{};
    };
    if (!result.ok || result.finalState.empty())
        return fail(QStringLiteral("the model was not fitted by exact maximum likelihood"));
    if (horizon <= 0)
        return {};
    const SarimaxSpec &spec = result.spec;
    const int exogCount = int(result.params.size()) - parameterCount(spec, 0);
    if (exogCount > 0) {
        if (int(futureExog.size()) != exogCount)
            return fail(QStringLiteral("the model has %1 regressors but %2 future columns were given")
                            .arg(exogCount)
                            .arg(futureExog.size()));
        for (int j = 0; j < exogCount; ++j) {
            if (int(futureExog[size_t(j)].size()) < horizon)
                return fail(QStringLiteral("regressor %1 has %2 future values, %3 needed")
                                .arg(j + 1)
                                .arg(futureExog[size_t(j)].size())
                                .arg(horizon));
            for (int h = 0; h < horizon; ++h)
                if (!std::isfinite(futureExog[size_t(j)][size_t(h)]))
                    return fail(QStringLiteral("future value %1 of regressor %2 is not finite").arg(h + 1).arg(j + 1));
        }
    }
    const ParamView view = split(spec, exogCount, result.params);
    const Polynomials poly = reduce(spec, view);
    const double mu = processMean(view, poly);
    const std::vector<double> delta = integrationCoefficients(spec.d, spec.D, std::max(spec.s, 1));
    std::vector<double> mean, variance;
    forecastIntegrated(poly, delta, mu, result.finalState, result.finalCovariance, horizon, mean, variance);
    static const double z80 = Distributions::normalQuantile(0.9);
    static const double z95 = Distributions::normalQuantile(0.975);
    std::vector<ForecastPoint> points;
    for (int h = 0; h < horizon; ++h) {
        ForecastPoint point;
        point.h = h + 1;
        double m = mean[size_t(h)];
        for (int j = 0; j < exogCount; ++j)
            m += view.beta[size_t(j)] * futureExog[size_t(j)][size_t(h)];
        const double se = std::sqrt(std::max(variance[size_t(h)], 0.0) * result.sigma2);
        if (!std::isfinite(m) || !std::isfinite(se))
            return fail(QStringLiteral("the forecast is not finite at step %1").arg(h + 1));
        point.mean = m;
        point.se = se;
        point.lower80 = m - z80 * se;
        point.upper80 = m + z80 * se;
        point.lower95 = m - z95 * se;
        point.upper95 = m + z95 * se;
        points.push_back(point);
    }
    return points;
}

} // namespace Forecast
