#include "optimizer.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace Forecast {

namespace {

struct CountingObjective
{
    const Optimizer::Objective &f;
    int evaluations = 0;
    double operator()(const std::vector<double> &x)
    {
        ++evaluations;
        const double v = f(x);
        return std::isfinite(v) ? v : HUGE_VAL;
    }
};

// Forward differences: k evaluations per gradient, as statsmodels' approx_fprime (R's optim uses
// central differences, 2k).
// The step ~1e-7·max(1, |x|) balances truncation (h·f''/2) against rounding in f (ε_f/h); with
// objectives scaled per observation the error stays near 1e-7, far below what the function-change
// stopping rule needs. A coordinate whose forward point is not finite uses the backward difference;
// central differences (2k evaluations, step 1e-5) are used once a forward direction has failed.
bool gradient(CountingObjective &f, std::vector<double> &x, double fx, std::vector<double> &g, bool central)
{
    const size_t k = x.size();
    g.assign(k, 0.0);
    if (!central) {
        for (size_t i = 0; i < k; ++i) {
            const double xi = x[i];
            const double h = 1e-7 * std::max(1.0, std::abs(xi));
            x[i] = xi + h;
            double fp = f(x);
            x[i] = xi;
            if (fp != HUGE_VAL) {
                g[i] = (fp - fx) / h;
                continue;
            }
            x[i] = xi - h;
            const double fm = f(x);
            x[i] = xi;
            if (fm == HUGE_VAL)
                return false;
            g[i] = (fx - fm) / h;
        }
        return true;
    }
    for (size_t i = 0; i < k; ++i) {
        const double xi = x[i];
        const double h = 1e-5 * std::max(1.0, std::abs(xi));
        x[i] = xi + h;
        const double fp = f(x);
        x[i] = xi - h;
        const double fm = f(x);
        x[i] = xi;
        if (std::isfinite(fp) && std::isfinite(fm) && fp != HUGE_VAL && fm != HUGE_VAL)
            g[i] = (fp - fm) / (2.0 * h);
        else if (fp != HUGE_VAL)
            g[i] = (fp - fx) / h;
        else if (fm != HUGE_VAL)
            g[i] = (fx - fm) / h;
        else
            return false;
    }
    return true;
}

double dot(const std::vector<double> &a, const std::vector<double> &b)
{
    return std::inner_product(a.begin(), a.end(), b.begin(), 0.0);
}

} // namespace

MinimizeResult Optimizer::bfgs(const Objective &objective, const std::vector<double> &x0, int maxIterations,
                               double relativeTolerance, const std::vector<double> *initialInverseHessian,
                               const GiveUp &giveUp)
{
    CountingObjective f{objective};
    MinimizeResult result;
    const size_t k = x0.size();
    std::vector<double> x = x0;
    double fx = f(x);
    if (fx == HUGE_VAL) {
        result.x = x;
        result.value = fx;
        result.evaluations = f.evaluations;
        return result;
    }
    if (k == 0) {
        result.x = x;
        result.value = fx;
        result.ok = true;
        result.converged = true;
        result.evaluations = f.evaluations;
        return result;
    }
    std::vector<double> g;
    bool central = false; // switched on when a forward-difference direction fails the line search
    if (!gradient(f, x, fx, g, central)) {
        result.x = x;
        result.value = fx;
        result.ok = true;
        result.evaluations = f.evaluations;
        return result;
    }
    std::vector<double> H(k * k, 0.0); // inverse Hessian approximation, row major
    const bool givenHessian = initialInverseHessian && initialInverseHessian->size() == k * k;
    if (givenHessian)
        H = *initialInverseHessian;
    else
        for (size_t i = 0; i < k; ++i)
            H[i * k + i] = 1.0;
    std::vector<double> direction(k), xNew(k), gNew(k), s(k), yv(k), Hy(k);
    int smallSteps = 0;
    int iteration = 0;
    std::vector<double> history{fx};
    bool converged = false;
    bool firstStep = true;
    for (; iteration < maxIterations; ++iteration) {
        double gmax = 0.0;
        for (double gi : g)
            gmax = std::max(gmax, std::abs(gi));
        if (gmax < 1e-7) {
            converged = true;
            break;
        }
        for (size_t i = 0; i < k; ++i) {
            double acc = 0.0;
            for (size_t j = 0; j < k; ++j)
                acc -= H[i * k + j] * g[j];
            direction[i] = acc;
        }
        double slope = dot(direction, g);
        if (!(slope < 0.0)) { // not a descent direction: restart from steepest descent
            for (size_t i = 0; i < k; ++i) {
                std::fill(H.begin() + long(i * k), H.begin() + long(i * k + k), 0.0);
                H[i * k + i] = 1.0;
                direction[i] = -g[i];
            }
            slope = dot(direction, g);
        }
        // Cap the first trial step so the transformed parameters do not jump to the boundary.
        double maxStep = 0.0;
        for (double di : direction)
            maxStep = std::max(maxStep, std::abs(di));
        double step = 1.0;
        const double cap = firstStep ? 0.5 : 10.0;
        if (maxStep * step > cap)
            step = cap / maxStep;
        double fNew = HUGE_VAL;
        bool accepted = false;
        for (int ls = 0; ls < 40; ++ls) {
            for (size_t i = 0; i < k; ++i)
                xNew[i] = x[i] + step * direction[i];
            fNew = f(xNew);
            if (fNew != HUGE_VAL && fNew <= fx + 1e-4 * step * slope) {
                accepted = true;
                break;
            }
            step *= (fNew == HUGE_VAL) ? 0.1 : 0.5;
        }
        if (!accepted) {
            // Near the optimum a forward-difference gradient can be too inexact to give a descent
            // direction: retry once with central differences before giving up.
            if (central || !gradient(f, x, fx, g, true))
                break;
            central = true;
            for (size_t i = 0; i < k; ++i) {
                std::fill(H.begin() + long(i * k), H.begin() + long(i * k + k), 0.0);
                H[i * k + i] = 1.0;
            }
            firstStep = true;
            continue;
        }
        firstStep = false;
        if (!gradient(f, xNew, fNew, gNew, central))
            break;
        for (size_t i = 0; i < k; ++i) {
            s[i] = xNew[i] - x[i];
            yv[i] = gNew[i] - g[i];
        }
        const double fOld = fx;
        x = xNew;
        fx = fNew;
        g = gNew;
        const double sy = dot(s, yv);
        if (sy > 1e-18) {
            for (size_t i = 0; i < k; ++i) {
                double acc = 0.0;
                for (size_t j = 0; j < k; ++j)
                    acc += H[i * k + j] * yv[j];
                Hy[i] = acc;
            }
            const double yHy = dot(yv, Hy);
            const bool scaleInitial = iteration == 0 && !givenHessian;
            if (scaleInitial) { // Shanno–Phua scaling of the initial matrix
                const double scale = sy / dot(yv, yv);
                for (double &h : H)
                    h *= scale;
                for (double &h : Hy)
                    h *= scale;
            }
            const double yHyScaled = scaleInitial ? dot(yv, Hy) : yHy;
            const double rho = 1.0 / sy;
            for (size_t i = 0; i < k; ++i)
                for (size_t j = 0; j < k; ++j)
                    H[i * k + j] += rho * ((1.0 + rho * yHyScaled) * s[i] * s[j] - Hy[i] * s[j] - s[i] * Hy[j]);
        }
        if (giveUp && giveUp(x, fx)) {
            result.abandoned = true;
            ++iteration;
            break;
        }
        const double change = std::abs(fOld - fx);
        // A creeping approach to the boundary of the stationary/invertible region (a unit MA root is
        // the MLE of over-differenced data) moves x towards infinity for a negligible gain; stop once
        // five iterations gained less than 1000 × the tolerance (1e-6 relative by default).
        history.push_back(fx);
        const bool stalled = history.size() > 5
            && history[history.size() - 6] - fx <= 1000.0 * relativeTolerance * std::max(std::abs(fx), 1.0);
        if (stalled || change <= relativeTolerance * std::max(std::abs(fx), 1.0)) {
            if (++smallSteps >= 1) {
                converged = true;
                ++iteration;
                break;
            }
        } else {
            smallSteps = 0;
        }
    }
    result.x = x;
    result.value = fx;
    result.iterations = iteration;
    result.evaluations = f.evaluations;
    result.converged = converged;
    result.ok = std::isfinite(fx) && fx != HUGE_VAL;
    result.inverseHessian = std::move(H);
    return result;
}

MinimizeResult Optimizer::nelderMead(const Objective &objective, const std::vector<double> &x0, int maxIterations,
                                     double tolerance)
{
    CountingObjective f{objective};
    const size_t k = x0.size();
    MinimizeResult result;
    std::vector<std::vector<double>> simplex(k + 1, x0);
    std::vector<double> values(k + 1);
    for (size_t i = 0; i < k; ++i)
        simplex[i + 1][i] += (std::abs(x0[i]) > 1e-3 ? 0.1 * std::abs(x0[i]) : 0.1);
    for (size_t i = 0; i <= k; ++i)
        values[i] = f(simplex[i]);
    std::vector<size_t> order(k + 1);
    std::vector<double> centroid(k), trial(k), trial2(k);
    int iteration = 0;
    bool converged = false;
    for (; iteration < maxIterations; ++iteration) {
        std::iota(order.begin(), order.end(), size_t(0));
        std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
        const size_t best = order.front();
        const size_t worst = order.back();
        const size_t second = order[k > 0 ? k - 1 : 0];
        if (values[best] != HUGE_VAL
            && std::abs(values[worst] - values[best]) <= tolerance * (std::abs(values[best]) + 1e-10)) {
            converged = true;
            break;
        }
        std::fill(centroid.begin(), centroid.end(), 0.0);
        for (size_t i = 0; i <= k; ++i)
            if (i != worst)
                for (size_t j = 0; j < k; ++j)
                    centroid[j] += simplex[i][j] / double(k);
        for (size_t j = 0; j < k; ++j)
            trial[j] = centroid[j] + (centroid[j] - simplex[worst][j]);
        const double fr = f(trial);
        if (fr < values[best]) {
            for (size_t j = 0; j < k; ++j)
                trial2[j] = centroid[j] + 2.0 * (centroid[j] - simplex[worst][j]);
            const double fe = f(trial2);
            if (fe < fr) {
                simplex[worst] = trial2;
                values[worst] = fe;
            } else {
                simplex[worst] = trial;
                values[worst] = fr;
            }
        } else if (fr < values[second]) {
            simplex[worst] = trial;
            values[worst] = fr;
        } else {
            for (size_t j = 0; j < k; ++j)
                trial2[j] = centroid[j] + 0.5 * (simplex[worst][j] - centroid[j]);
            const double fc = f(trial2);
            if (fc < values[worst]) {
                simplex[worst] = trial2;
                values[worst] = fc;
            } else {
                for (size_t i = 0; i <= k; ++i) {
                    if (i == best)
                        continue;
                    for (size_t j = 0; j < k; ++j)
                        simplex[i][j] = simplex[best][j] + 0.5 * (simplex[i][j] - simplex[best][j]);
                    values[i] = f(simplex[i]);
                }
            }
        }
    }
    const size_t best = size_t(std::min_element(values.begin(), values.end()) - values.begin());
    result.x = simplex[best];
    result.value = values[best];
    result.iterations = iteration;
    result.evaluations = f.evaluations;
    result.converged = converged;
    result.ok = values[best] != HUGE_VAL;
    return result;
}

} // namespace Forecast
