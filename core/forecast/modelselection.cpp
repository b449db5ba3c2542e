#include "modelselection.h"

#include "boxcox.h"
#include "distributions.h"
#include "theta.h"

// ETS comes from its own branch (core/forecast/ets.*); CMake defines SMARTDATA_HAVE_ETS when ets.cpp
// is there (a compile definition rather than __has_include, which ccache's direct mode cannot see).
#ifndef SMARTDATA_HAVE_ETS
#define SMARTDATA_HAVE_ETS 0
#endif
#if SMARTDATA_HAVE_ETS
#include "forecast/ets.h"
#endif

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>

namespace Forecast {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kZ80 = 1.2815515655446004;
constexpr double kZ95 = 1.959963984540054;

using Points = std::vector<ForecastPoint>;
using RefitFunction = std::function<Points(const std::vector<double> &, int)>;

// One family fitted to the whole (modelling-scale) series, and how to refit its form on a prefix.
struct Candidate
{
    QString family;
    QString name;
    bool ok = false;
    Points points;
    RefitFunction refit;
    bool hasModel = false;
    SarimaxResult model;
    int modelsFitted = 0;
};

bool usable(const Points &points, int horizon)
{
    if (int(points.size()) != horizon)
        return false;
    for (const ForecastPoint &p : points)
        if (!std::isfinite(p.mean) || !std::isfinite(p.se) || !std::isfinite(p.lower95) || !std::isfinite(p.upper95))
            return false;
    return true;
}

// Interior gaps filled linearly (Theta and ETS need complete series); the ends are finite already.
std::vector<double> interpolated(std::vector<double> z)
{
    const int n = int(z.size());
    int last = -1;
    for (int t = 0; t < n; ++t) {
        if (!std::isfinite(z[size_t(t)]))
            continue;
        if (last >= 0 && t - last > 1)
            for (int k = last + 1; k < t; ++k)
                z[size_t(k)] = z[size_t(last)] + (z[size_t(t)] - z[size_t(last)]) * double(k - last) / double(t - last);
        last = t;
    }
    if (last < 0)
        return {};
    for (double &v : z) // a prefix may start or end in a gap
        if (!std::isfinite(v))
            v = z[size_t(last)];
    return z;
}

Points naivePoints(const std::vector<double> &prefix, int horizon)
{
    double last = 0.0;
    for (auto it = prefix.rbegin(); it != prefix.rend(); ++it)
        if (std::isfinite(*it)) {
            last = *it;
            break;
        }
    Points points;
    for (int h = 1; h <= horizon; ++h) {
        ForecastPoint p;
        p.h = h;
        p.mean = p.lower80 = p.upper80 = p.lower95 = p.upper95 = last;
        p.se = 0.0;
        points.push_back(p);
    }
    return points;
}

// The mean of the members' forecasts; the bounds (and se) are the means of theirs.
Points combine(const std::vector<const Points *> &members)
{
    Points out;
    if (members.empty())
        return out;
    const size_t horizon = members.front()->size();
    const double k = double(members.size());
    for (size_t i = 0; i < horizon; ++i) {
        ForecastPoint p;
        p.h = int(i) + 1;
        for (const Points *m : members) {
            const ForecastPoint &q = (*m)[i];
            p.mean += q.mean / k;
            p.se += q.se / k;
            p.lower80 += q.lower80 / k;
            p.upper80 += q.upper80 / k;
            p.lower95 += q.lower95 / k;
            p.upper95 += q.upper95 / k;
        }
        out.push_back(p);
    }
    return out;
}

Candidate arimaCandidate(const std::vector<double> &z, int period, int horizon, const AutoArimaOptions &options,
                         bool refitEachOrigin)
{
    Candidate c;
    c.family = QStringLiteral("arima");
    c.name = QStringLiteral("ARIMA");
    SarimaxData data;
    data.y = z;
    AutoArimaOptions withoutErrors = options;
    withoutErrors.standardErrors = false; // added when ARIMA is chosen
    const AutoArimaResult selected = AutoArima::select(data, period, withoutErrors);
    c.modelsFitted = selected.modelsFitted;
    if (!selected.ok || !selected.model.converged)
        return c;
    c.points = Sarimax::forecast(selected.model, horizon);
    if (!usable(c.points, horizon))
        return c;
    c.ok = true;
    c.name = selected.model.spec.toString();
    c.hasModel = true;
    c.model = selected.model;
    const SarimaxSpec spec = selected.model.spec;
    const std::vector<double> start = selected.model.params;
    // The backtest's first (shortest) prefix re-estimates the parameters, the later ones keep them.
    auto fitted = std::make_shared<std::vector<double>>();
    c.refit = [spec, start, fitted, refitEachOrigin](const std::vector<double> &prefix, int h) {
        SarimaxOptions options;
        options.computeStandardErrors = false;
        options.computeDiagnostics = false;
        SarimaxData d;
        d.y = prefix;
        options.startParams = fitted->empty() ? start : *fitted;
        options.fixParams = !fitted->empty() && !refitEachOrigin;
        const SarimaxResult r = Sarimax::fit(spec, d, options);
        if (fitted->empty())
            *fitted = r.ok ? r.params : start;
        return r.ok ? Sarimax::forecast(r, h) : Points{};
    };
    return c;
}

// Theta's seasonal adjustment is multiplicative, so it needs positive values; on a Box-Cox scale (or
// any series reaching zero) the series is shifted up by its range first and the forecasts shifted back.
ThetaResult shiftedTheta(const std::vector<double> &z, int period, int horizon, double fixedAlpha = 0.0)
{
    const std::vector<double> x = interpolated(z);
    if (x.empty())
        return {};
    const auto [lo, hi] = std::minmax_element(x.begin(), x.end());
    const double shift = *lo > 0.0 ? 0.0 : (*hi - *lo) - *lo + 1e-9;
    if (shift == 0.0)
        return Theta::forecast(x, period, horizon, fixedAlpha);
    std::vector<double> shifted(x);
    for (double &v : shifted)
        v += shift;
    ThetaResult r = Theta::forecast(shifted, period, horizon, fixedAlpha);
    for (ForecastPoint &p : r.points)
        for (double *v : {&p.mean, &p.lower80, &p.upper80, &p.lower95, &p.upper95})
            *v -= shift;
    return r;
}

Candidate thetaCandidate(const std::vector<double> &z, int period, int horizon, bool refitEachOrigin)
{
    Candidate c;
    c.family = QStringLiteral("theta");
    c.name = QStringLiteral("Theta");
    const ThetaResult r = shiftedTheta(z, period, horizon);
    if (!r.ok || !usable(r.points, horizon))
        return c;
    c.ok = true;
    c.points = r.points;
    // The first backtest origin fits alpha, the later ones keep it (the rest is refitted: it is
    // closed-form).
    auto alpha = std::make_shared<double>(0.0);
    c.refit = [period, alpha, refitEachOrigin](const std::vector<double> &prefix, int h) {
        const ThetaResult t = shiftedTheta(prefix, period, h, refitEachOrigin ? 0.0 : *alpha);
        if (t.ok && *alpha == 0.0)
            *alpha = t.alpha;
        return t.ok ? t.points : Points{};
    };
    return c;
}

#if SMARTDATA_HAVE_ETS
// ETS: R's automatic choice (AICc) on the whole series; the backtest refits the chosen form.
Candidate etsCandidate(const std::vector<double> &z, int period, int horizon, const ModelSelectionOptions &selection,
                       bool automatic)
{
    Candidate c;
    c.family = QStringLiteral("ets");
    c.name = QStringLiteral("ETS");
    const std::vector<double> x = interpolated(z);
    if (x.empty())
        return c;
    EtsOptions options;
    options.maxEvaluations = selection.etsMaxEvaluations;
    if (automatic) { // a requested ETS (or combination) searches as R's ets()
        options.optimizeInitialStates = selection.etsOptimizeStates;
        options.polishEvaluations = selection.etsPolishEvaluations;
        options.relativeTolerance = selection.etsTolerance;
    }
    const EtsFit fit = Ets::fitAuto(x, period, options);
    if (!fit.ok)
        return c;
    c.points = Ets::forecast(fit, horizon);
    if (!usable(c.points, horizon))
        return c;
    c.ok = true;
    c.name = fit.spec.label();
    c.modelsFitted = int(Ets::candidates(x, period, options).size());
    const EtsSpec spec = fit.spec;
    // The backtest's first (shortest) prefix re-estimates the chosen form, the later prefixes are
    // filtered with that fit's parameters and initial states.
    auto fitted = std::make_shared<EtsFit>();
    const bool refitEachOrigin = selection.refitEachOrigin;
    c.refit = [period, spec, options, fitted, refitEachOrigin](const std::vector<double> &prefix, int h) {
        const std::vector<double> xp = interpolated(prefix);
        if (xp.empty())
            return Points{};
        if (fitted->ok && !refitEachOrigin) {
            const EtsFit f = Ets::apply(*fitted, xp);
            return f.ok ? Ets::forecast(f, h) : Points{};
        }
        const EtsFit f = Ets::fit(xp, period, spec, options);
        if (!fitted->ok)
            *fitted = f;
        return f.ok ? Ets::forecast(f, h) : Points{};
    };
    return c;
}
#endif

QString familyLabel(const QString &family)
{
    if (family == QLatin1String("arima"))
        return QStringLiteral("ARIMA");
    if (family == QLatin1String("ets"))
        return QStringLiteral("ETS");
    if (family == QLatin1String("theta"))
        return QStringLiteral("Theta");
    return QStringLiteral("combo");
}

// The modelling scale: identity, or Box-Cox with lambda.
struct Scale
{
    bool transformed = false;
    double lambda = 1.0;
    double forward(double y) const { return transformed ? BoxCox::transform(y, lambda) : y; }
};

// Everything for one modelling scale: the candidates, their backtest, the choice and its points.
ModelSelectionResult selectOnScale(const std::vector<double> &y, int period, int horizon, ModelChoice choice,
                                   const ModelSelectionOptions &options, const Scale &scale)
{
    ModelSelectionResult result;
    // The core: leading and trailing gaps trimmed; forecasts start after the trailing gap.
    int first = 0, end = int(y.size());
    while (first < end && !std::isfinite(y[size_t(first)]))
        ++first;
    while (end > first && !std::isfinite(y[size_t(end - 1)]))
        --end;
    const int trailing = int(y.size()) - end;
    const std::vector<double> actual(y.begin() + first, y.begin() + end);
    std::vector<double> z(actual.size());
    for (size_t t = 0; t < actual.size(); ++t)
        z[t] = scale.forward(actual[t]);
    const int n = int(z.size());
    const int full = horizon + trailing;

    const bool wantArima = choice == ModelChoice::Auto || choice == ModelChoice::Arima || choice == ModelChoice::Combo;
    const bool wantTheta = choice == ModelChoice::Auto || choice == ModelChoice::Theta || choice == ModelChoice::Combo;
    std::vector<Candidate> singles;
    if (wantArima) {
        AutoArimaOptions arimaOptions = options.arima;
        // The automatic choice trades R parity of the ARIMA search for time; a requested family (and
        // the requested combination, the mean of the requested families) searches as auto.arima.
        if (options.approximateArimaInChoice && arimaOptions.approximation < 0 && period > 1 && choice == ModelChoice::Auto)
            arimaOptions.approximation = 1;
        if (choice == ModelChoice::Auto) {
            arimaOptions.seasonalMaShortcut = options.arimaSeasonalMaShortcut;
            if (arimaOptions.approximation == 1) // CSS; the exact search ranks near-unit roots by it
                arimaOptions.searchTolerance = options.arimaSearchTolerance;
        }
        singles.push_back(arimaCandidate(z, period, full, arimaOptions, options.refitEachOrigin));
    }
#if SMARTDATA_HAVE_ETS
    const bool wantEts = choice == ModelChoice::Auto || choice == ModelChoice::Ets || choice == ModelChoice::Combo;
    if (wantEts)
        singles.push_back(etsCandidate(z, period, full, options, choice == ModelChoice::Auto));
#endif
    if (wantTheta)
        singles.push_back(thetaCandidate(z, period, full, options.refitEachOrigin));
    for (const Candidate &c : singles)
        result.modelsFitted += c.family == QLatin1String("theta") ? 1 : c.modelsFitted;
    std::vector<const Candidate *> members;
    for (const Candidate &c : singles)
        if (c.ok)
            members.push_back(&c);
    const bool comboPossible = members.size() >= 2;
    if (choice == ModelChoice::Ets && !ModelSelection::etsAvailable()) {
        result.error = QStringLiteral("ETS is not available in this build");
        return result;
    }
    if (members.empty()) {
        result.error = QStringLiteral("no model family could be fitted");
        return result;
    }
    if (choice == ModelChoice::Combo && !comboPossible) {
        result.error = QStringLiteral("the combination needs two fitted families, only %1 fitted").arg(members.front()->name);
        return result;
    }

    // Rolling-origin backtest: K origins H' apart by H'/2, the earliest keeping minTrain values.
    const int minTrain = period > 1 ? 2 * period + 2 : 10;
    int origins = 0, hb = 0, step = 1;
    for (int k = std::max(1, options.origins); k >= 1 && origins == 0; --k) {
        for (int h = std::min(horizon, n / 3); h >= 1; --h) {
            const int s = std::max(1, (h + 1) / 2);
            if (n - h - (k - 1) * s >= minTrain) {
                origins = k;
                hb = h;
                step = s;
                break;
            }
        }
    }
    // Families: the singles, then the combination (index members.size()).
    const int families = int(members.size()) + (comboPossible ? 1 : 0);
    std::vector<double> sumScaled(size_t(families), 0.0), sumSape(size_t(families), 0.0), sumU2(size_t(families), 0.0);
    std::vector<int> count(size_t(families), 0), in80(size_t(families), 0), in95(size_t(families), 0), countU(size_t(families), 0);
    std::vector<std::vector<double>> absU{size_t(families)}; // |standardised errors|, for calibration
    double maseScale = 0.0;
    {
        const int lag = std::max(1, period) < n ? std::max(1, period) : 1;
        int c = 0;
        for (int t = lag; t < n; ++t)
            if (std::isfinite(actual[size_t(t)]) && std::isfinite(actual[size_t(t - lag)])) {
                maseScale += std::abs(actual[size_t(t)] - actual[size_t(t - lag)]);
                ++c;
            }
        maseScale = c > 0 ? maseScale / c : 0.0;
        if (!(maseScale > 1e-12))
            maseScale = 1.0;
    }
    auto originAt = [&](int o) { return n - hb - (origins - 1 - o) * step; };
    auto accumulate = [&](int f, int origin, const Points &forecast) {
        for (int h = 0; h < hb; ++h) {
            const double a = actual[size_t(origin + h)];
            const double za = z[size_t(origin + h)];
            if (!std::isfinite(a))
                continue;
            const ForecastPoint &p = forecast[size_t(h)];
            const double mean = scale.transformed ? BoxCox::biasAdjustedInverse(p.mean, p.se * p.se, scale.lambda) : p.mean;
            const double e = a - mean;
            sumScaled[size_t(f)] += std::abs(e) / maseScale;
            const double denom = std::abs(a) + std::abs(mean);
            sumSape[size_t(f)] += denom > 0.0 ? 200.0 * std::abs(e) / denom : 0.0;
            ++count[size_t(f)];
            if (std::isfinite(za)) {
                in80[size_t(f)] += (za >= p.lower80 && za <= p.upper80) ? 1 : 0;
                in95[size_t(f)] += (za >= p.lower95 && za <= p.upper95) ? 1 : 0;
                if (p.se > 0.0) {
                    const double u = (za - p.mean) / p.se;
                    sumU2[size_t(f)] += u * u;
                    ++countU[size_t(f)];
                    absU[size_t(f)].push_back(std::abs(u));
                }
            }
        }
    };
    // The singles at every origin first; then the combination of the members that backtest within
    // comboTrim of the best one (at least the best two).
    std::vector<std::vector<Points>> perOrigin{size_t(origins)};
    for (int o = 0; o < origins; ++o) {
        const int origin = originAt(o);
        const std::vector<double> prefix(z.begin(), z.begin() + origin);
        for (int f = 0; f < int(members.size()); ++f) {
            Points forecast = members[size_t(f)]->refit(prefix, hb);
            if (!usable(forecast, hb))
                forecast = naivePoints(prefix, hb);
            accumulate(f, origin, forecast);
            perOrigin[size_t(o)].push_back(std::move(forecast));
        }
    }
    std::vector<int> comboMembers;
    for (int f = 0; f < int(members.size()); ++f)
        comboMembers.push_back(f);
    if (origins > 0 && options.comboTrim > 0.0 && members.size() > 2) {
        std::vector<int> order = comboMembers;
        auto mase = [&](int f) { return sumScaled[size_t(f)] / std::max(1, count[size_t(f)]); };
        std::sort(order.begin(), order.end(), [&](int a, int b) { return mase(a) < mase(b); });
        comboMembers.clear();
        for (int f : order)
            if (int(comboMembers.size()) < 2 || mase(f) <= options.comboTrim * mase(order.front()))
                comboMembers.push_back(f);
        std::sort(comboMembers.begin(), comboMembers.end());
    }
    if (comboPossible) {
        for (int o = 0; o < origins; ++o) {
            std::vector<const Points *> chosenForecasts;
            for (int f : comboMembers)
                chosenForecasts.push_back(&perOrigin[size_t(o)][size_t(f)]);
            accumulate(families - 1, originAt(o), combine(chosenForecasts));
        }
    }
    result.origins = origins;
    result.backtestHorizon = hb;
    auto familyName = [&](int f) { return f < int(members.size()) ? members[size_t(f)]->family : QStringLiteral("combo"); };
    QStringList memberNames;
    for (int f : comboMembers)
        memberNames << members[size_t(f)]->name;
    for (int f = 0; f < families && origins > 0; ++f) {
        CandidateScore s;
        s.family = familyName(f);
        s.name = f < int(members.size()) ? members[size_t(f)]->name : QStringLiteral("mean of ") + memberNames.join(QStringLiteral(", "));
        const int c = std::max(1, count[size_t(f)]);
        s.mase = sumScaled[size_t(f)] / c;
        s.smape = sumSape[size_t(f)] / c;
        s.coverage80 = 100.0 * in80[size_t(f)] / c;
        s.coverage95 = 100.0 * in95[size_t(f)] / c;
        result.scores.push_back(s);
    }

    // The choice.
    int chosen = -1;
    if (choice == ModelChoice::Auto) {
        if (origins > 0) {
            int best = 0;
            for (int f = 1; f < families; ++f)
                if (result.scores[size_t(f)].mase < result.scores[size_t(best)].mase)
                    best = f;
            chosen = best;
            if (comboPossible && best != families - 1
                && result.scores[size_t(best)].mase > (1.0 - options.comboMargin) * result.scores[size_t(families - 1)].mase)
                chosen = families - 1;
            QStringList others;
            for (int f = 0; f < families; ++f)
                if (f != chosen)
                    others << QStringLiteral("%1 %2").arg(familyLabel(familyName(f))).arg(result.scores[size_t(f)].mase, 0, 'f', 2);
            result.reason = QStringLiteral("%1: backtest MASE %2 vs %3 over %4 origins of %5 steps")
                                .arg(familyLabel(familyName(chosen)))
                                .arg(result.scores[size_t(chosen)].mase, 0, 'f', 2)
                                .arg(others.join(QStringLiteral(", ")))
                                .arg(origins)
                                .arg(hb);
            // Say why the combination beat a family with a lower backtest error, or the reason reads
            // as a contradiction ("combo 0.84 vs Theta 0.78").
            if (chosen != best)
                result.reason += QStringLiteral("; the combination is kept unless one family is at least %1% better")
                                     .arg(qRound(100.0 * options.comboMargin));
        } else {
            chosen = comboPossible ? families - 1 : 0;
            result.reason = QStringLiteral("%1: too little history (%2 values) to backtest, so the %3")
                                .arg(familyLabel(familyName(chosen)))
                                .arg(n)
                                .arg(comboPossible ? QStringLiteral("combination, the most robust on average")
                                                   : QStringLiteral("only family that could be fitted"));
        }
    } else {
        const QString wanted = ModelSelection::choiceName(choice);
        for (int f = 0; f < families; ++f)
            if (familyName(f) == wanted)
                chosen = f;
        if (chosen < 0) {
            result.error = QStringLiteral("the %1 model could not be fitted").arg(familyLabel(wanted));
            return result;
        }
        result.reason = QStringLiteral("%1: requested").arg(familyLabel(wanted));
    }

    Points points;
    if (chosen < int(members.size())) {
        const Candidate *c = members[size_t(chosen)];
        points = c->points;
        result.family = c->family;
        result.name = c->name;
        if (c->hasModel) {
            result.hasModel = true;
            result.model = c->model;
            // The standard errors and diagnostics the selection left out, at the selected estimate.
            SarimaxOptions at;
            at.startParams = c->model.params;
            at.fixParams = true;
            SarimaxData data;
            data.y = z;
            SarimaxResult finished = Sarimax::fit(c->model.spec, data, at);
            if (finished.ok) {
                finished.iterations = c->model.iterations;
                finished.functionEvaluations = c->model.functionEvaluations;
                finished.converged = c->model.converged;
                finished.optimizerInverseHessian = c->model.optimizerInverseHessian;
                result.model = std::move(finished);
            }
        }
    } else {
        std::vector<const Points *> all;
        for (int f : comboMembers)
            all.push_back(&members[size_t(f)]->points);
        points = combine(all);
        result.family = QStringLiteral("combo");
        result.name = QStringLiteral("Combination of ") + memberNames.join(QStringLiteral(", "));
    }

    // Interval calibration from the chosen family's standardised backtest errors u: for each level,
    // the larger of (a) the empirical quantile of |u| over the normal one (80%: q80/1.28, 95%:
    // q95/1.96; separate because forecast errors have heavier tails than the normal) and (b) the RMS
    // of u times Student t's quantile over the normal one, ν = 2K − 1 for K origins; each shrunk
    // towards 1 with k0 prior pseudo-errors, floored at minIntervalScale and capped at 2.5.
    double c80 = 1.0, c95 = 1.0;
    if (options.calibrateIntervals && origins > 0 && countU[size_t(chosen)] > 0) {
        std::vector<double> u = absU[size_t(chosen)];
        std::sort(u.begin(), u.end());
        auto quantile = [&u](double q) {
            const double pos = q * double(u.size() - 1);
            const size_t lo = size_t(std::floor(pos));
            const size_t hi = std::min(lo + 1, u.size() - 1);
            return u[lo] + (pos - double(lo)) * (u[hi] - u[lo]);
        };
        const double n = double(u.size());
        const double k0 = options.calibrationPrior * n;
        auto shrunk = [&](double empirical) {
            return std::clamp(std::sqrt((k0 + n * empirical * empirical) / (k0 + n)), options.minIntervalScale, 2.5);
        };
        c80 = shrunk(quantile(0.8) / kZ80);
        c95 = shrunk(quantile(0.95) / kZ95);
        if (options.effectivePerOrigin > 0.0) {
            // The scale from all errors (their RMS), with Student-t tails for its uncertainty: the
            // errors of one origin share their shocks, so K origins carry about
            // effectivePerOrigin·K independent ones, and ν = that − 1.
            double sumSquares = 0.0;
            for (double v : u)
                sumSquares += v * v;
            const double scaleAll = shrunk(std::sqrt(sumSquares / n));
            const double nu = std::max(1.0, std::min(n, options.effectivePerOrigin * origins) - 1.0);
            c80 = std::max(c80, std::min(2.5, scaleAll * Distributions::studentTQuantile(0.9, nu) / kZ80));
            c95 = std::max(c95, std::min(2.5, scaleAll * Distributions::studentTQuantile(0.975, nu) / kZ95));
        }
        c95 = std::max(c95, c80 * kZ80 / kZ95 * 1.0001); // keeps the 95% band outside the 80%
        result.intervalScale = c80;
        result.intervalScale95 = c95;
    }
    points.erase(points.begin(), points.begin() + std::min<long>(trailing, long(points.size())));
    for (int i = 0; i < int(points.size()); ++i) {
        ForecastPoint &p = points[size_t(i)];
        p.h = i + 1;
        const double modelSe = p.se; // the bias adjustment uses the model's own variance (the
                                     // calibrated one moved yearly means by 3% of MASE, for the worse)
        p.se *= c80;
        p.lower80 = p.mean - c80 * (p.mean - p.lower80);
        p.upper80 = p.mean + c80 * (p.upper80 - p.mean);
        p.lower95 = p.mean - c95 * (p.mean - p.lower95);
        p.upper95 = p.mean + c95 * (p.upper95 - p.mean);
        if (scale.transformed) {
            const double lambda = scale.lambda;
            const double median = BoxCox::inverse(p.mean, lambda);
            // Delta method: d inverse / dz = median^(1 − λ).
            const double slope = lambda == 0.0 ? median : std::pow(std::max(median, 0.0), 1.0 - lambda);
            const double mean = BoxCox::biasAdjustedInverse(p.mean, modelSe * modelSe, lambda);
            p.lower80 = BoxCox::inverse(p.lower80, lambda);
            p.upper80 = BoxCox::inverse(p.upper80, lambda);
            p.lower95 = BoxCox::inverse(p.lower95, lambda);
            p.upper95 = BoxCox::inverse(p.upper95, lambda);
            p.se *= slope;
            p.mean = mean;
        }
    }
    result.points = std::move(points);
    result.ok = usable(result.points, horizon);
    if (!result.ok)
        result.error = QStringLiteral("the %1 forecast is not finite").arg(result.name);
    return result;
}

bool needsTransform(const std::vector<ForecastPoint> &points)
{
    for (const ForecastPoint &p : points)
        if (p.mean < 0.0 || p.lower95 < 0.0)
            return true;
    return false;
}

} // namespace

QString ModelSelection::choiceName(ModelChoice choice)
{
    switch (choice) {
    case ModelChoice::Auto:
        return QStringLiteral("auto");
    case ModelChoice::Arima:
        return QStringLiteral("arima");
    case ModelChoice::Ets:
        return QStringLiteral("ets");
    case ModelChoice::Theta:
        return QStringLiteral("theta");
    case ModelChoice::Combo:
        return QStringLiteral("combo");
    }
    return QStringLiteral("auto");
}

std::optional<ModelChoice> ModelSelection::parseChoice(const QString &text)
{
    for (ModelChoice c : {ModelChoice::Auto, ModelChoice::Arima, ModelChoice::Ets, ModelChoice::Theta, ModelChoice::Combo})
        if (text.compare(choiceName(c), Qt::CaseInsensitive) == 0)
            return c;
    return std::nullopt;
}

bool ModelSelection::etsAvailable()
{
    return SMARTDATA_HAVE_ETS != 0;
}

ModelSelectionResult ModelSelection::run(const std::vector<double> &y, int period, int horizon, ModelChoice choice,
                                         const ModelSelectionOptions &options)
{
    bool nonNegative = true, zeros = false;
    for (double v : y) {
        if (!std::isfinite(v))
            continue;
        nonNegative = nonNegative && v >= 0.0;
        zeros = zeros || v == 0.0;
    }
    auto transformed = [&](const QString &why) {
        Scale scale;
        scale.transformed = true;
        std::vector<double> positive;
        for (double v : y)
            positive.push_back(std::isfinite(v) && v > 0.0 ? v : kNaN);
        scale.lambda = BoxCox::guerreroLambda(positive, period, zeros ? 0.5 : 0.0, 1.0);
        if (!zeros && scale.lambda < 0.01)
            scale.lambda = 0.0;
        ModelSelectionResult r = selectOnScale(y, period, horizon, choice, options, scale);
        r.transform = scale.lambda == 0.0 ? QStringLiteral("log") : QStringLiteral("box-cox");
        r.lambda = scale.lambda;
        r.transformReason = why + QStringLiteral("; modelled on the Box-Cox scale (lambda %1 by Guerrero's method%2), means "
                                                 "bias-adjusted, bands back-transformed and held at 0 or above")
                                      .arg(scale.lambda, 0, 'f', 3)
                                      .arg(zeros ? QStringLiteral(", at least 0.5 because of zeros") : QString());
        for (ForecastPoint &p : r.points)
            for (double *v : {&p.mean, &p.lower80, &p.upper80, &p.lower95, &p.upper95})
                *v = std::max(*v, 0.0);
        return r;
    };
    if (nonNegative && options.transform == TransformPolicy::Always)
        return transformed(QStringLiteral("the series is never negative"));
    ModelSelectionResult raw = selectOnScale(y, period, horizon, choice, options, Scale{});
    if (nonNegative && options.transform == TransformPolicy::WhenNeeded && raw.ok && needsTransform(raw.points)) {
        ModelSelectionResult r = transformed(QStringLiteral("the series is never negative but the untransformed forecast "
                                                            "went below zero"));
        if (r.ok) {
            r.modelsFitted += raw.modelsFitted;
            return r;
        }
        for (ForecastPoint &p : raw.points)
            for (double *v : {&p.mean, &p.lower80, &p.upper80, &p.lower95, &p.upper95})
                *v = std::max(*v, 0.0);
        raw.transformReason = QStringLiteral("the series is never negative: the transformed fit failed, so means and bands "
                                             "are truncated at 0");
    }
    return raw;
}

} // namespace Forecast
