#include "forecaster.h"

#include <QElapsedTimer>

#include <algorithm>
#include <cmath>

namespace Forecast {

namespace {

ForecastMethod toMethod(BaselineMethod b)
{
    switch (b) {
    case BaselineMethod::SeasonalNaive:
        return ForecastMethod::SeasonalNaive;
    case BaselineMethod::Naive:
        return ForecastMethod::Naive;
    case BaselineMethod::Drift:
        return ForecastMethod::Drift;
    case BaselineMethod::Mean:
        return ForecastMethod::Mean;
    }
    return ForecastMethod::Mean;
}

bool allFinite(const std::vector<ForecastPoint> &points)
{
    for (const ForecastPoint &p : points)
        if (!std::isfinite(p.mean) || !std::isfinite(p.se) || !std::isfinite(p.lower80) || !std::isfinite(p.upper80)
            || !std::isfinite(p.lower95) || !std::isfinite(p.upper95))
            return false;
    return true;
}

ForecastPoint zeroPoint(int h)
{
    ForecastPoint p;
    p.h = h;
    return p;
}

} // namespace

ForecastOutcome Forecaster::fallback(const std::vector<double> &y, int period, int horizon, const QString &reason)
{
    ForecastOutcome out;
    horizon = std::max(horizon, 0);
    // Forecast from the last observation; trailing missing values extend the horizon.
    size_t end = y.size();
    while (end > 0 && !std::isfinite(y[end - 1]))
        --end;
    const int trailing = int(y.size() - end);
    const std::vector<double> history(y.begin(), y.begin() + long(end));
    const BaselineMethod method = Baseline::chooseByBacktest(history, period, horizon + trailing);
    std::vector<ForecastPoint> points = Baseline::forecast(method, history, period, horizon + trailing);
    points.erase(points.begin(), points.begin() + std::min<long>(trailing, long(points.size())));
    for (int i = 0; i < int(points.size()); ++i)
        points[size_t(i)].h = i + 1;
    if (!allFinite(points) || int(points.size()) != horizon) {
        points.clear();
        for (int h = 1; h <= horizon; ++h)
            points.push_back(zeroPoint(h));
    }
    // A series that was never negative keeps its bands at or above zero.
    bool nonNegative = true;
    for (double v : history)
        nonNegative = nonNegative && !(v < 0.0);
    if (nonNegative)
        for (ForecastPoint &p : points)
            for (double *v : {&p.mean, &p.lower80, &p.upper80, &p.lower95, &p.upper95})
                *v = std::max(*v, 0.0);
    out.method = toMethod(method);
    out.methodName = Baseline::name(method);
    out.points = points;
    out.fallbackReason = out.methodName + QStringLiteral(" — ") + reason;
    return out;
}

ForecastOutcome Forecaster::run(const ForecastRequest &request) noexcept
{
    QElapsedTimer timer;
    timer.start();
    const std::vector<double> &y = request.data.y;
    const int horizon = std::max(request.horizon, 0);
    const int period = std::max(request.period, 1);
    try {
        auto finish = [&](ForecastOutcome out) {
            out.fitSeconds = double(timer.nsecsElapsed()) * 1e-9;
            return out;
        };
        const int n = int(y.size());
        int observed = 0;
        for (double v : y)
            observed += std::isfinite(v) ? 1 : 0;
        const QString unit = request.unit.isEmpty() ? QStringLiteral("observations") : request.unit;
        if (observed == 0)
            return finish(fallback(y, period, horizon, QStringLiteral("the series has no observations")));
        int trailing = 0;
        while (trailing < n && !std::isfinite(y[size_t(n - 1 - trailing)]))
            ++trailing;
        const int seasonalPeriod = request.autoSelect ? period : request.spec.seasonalPeriod();
        if (trailing >= std::max(3, seasonalPeriod))
            return finish(fallback(y, period, horizon,
                                   QStringLiteral("the last %1 %2 are missing").arg(trailing).arg(unit)));
        const int minimum = seasonalPeriod > 1 ? 2 * seasonalPeriod + 1 : 10;
        if (observed < minimum) {
            const QString need = seasonalPeriod > 1 ? QStringLiteral("at least 2 seasons") : QStringLiteral("at least 10");
            return finish(fallback(y, period, horizon,
                                   QStringLiteral("only %1 %2, SARIMA needs %3").arg(observed).arg(unit, need)));
        }
        double lo = HUGE_VAL, hi = -HUGE_VAL;
        for (double v : y)
            if (std::isfinite(v)) {
                lo = std::min(lo, v);
                hi = std::max(hi, v);
            }
        if (hi - lo <= 1e-12 * std::max(1.0, std::abs(hi)))
            return finish(fallback(y, period, horizon, QStringLiteral("the series is constant")));
        if (!request.data.exog.empty() && request.futureExog.size() != request.data.exog.size())
            return finish(fallback(y, period, horizon, QStringLiteral("future values of the regressors are missing")));

        ForecastOutcome out;
        SarimaxResult model;
        if (request.autoSelect && request.data.exog.empty()) {
            ModelSelectionOptions options = request.selection;
            options.arima = request.autoOptions;
            ModelSelectionResult selected = ModelSelection::run(y, period, horizon, request.model, options);
            out.requested = ModelSelection::choiceName(request.model);
            if (!selected.ok)
                return finish(fallback(y, period, horizon, QStringLiteral("%1 (%2)").arg(
                    request.model == ModelChoice::Auto ? QStringLiteral("automatic model choice failed") : QStringLiteral("the requested model failed"),
                    selected.error)));
            out.modelsFitted = selected.modelsFitted;
            out.family = selected.family;
            out.choiceReason = selected.reason;
            out.scores = selected.scores;
            out.backtestOrigins = selected.origins;
            out.backtestHorizon = selected.backtestHorizon;
            out.intervalScale = selected.intervalScale;
            out.intervalScale95 = selected.intervalScale95;
            out.transform = selected.transform;
            out.lambda = selected.lambda;
            out.transformReason = selected.transformReason;
            out.methodName = selected.name;
            out.points = std::move(selected.points);
            if (selected.family == QLatin1String("arima")) {
                out.method = ForecastMethod::Sarimax;
                out.hasModel = selected.hasModel;
                out.model = std::move(selected.model);
            } else {
                out.method = selected.family == QLatin1String("ets") ? ForecastMethod::Ets
                    : selected.family == QLatin1String("theta")      ? ForecastMethod::Theta
                                                                     : ForecastMethod::Combination;
            }
            return finish(out);
        }
        if (request.autoSelect) {
            // Regressors: only regression with SARIMA errors takes them.
            const AutoArimaResult selected = AutoArima::select(request.data, period, request.autoOptions);
            out.modelsFitted = selected.modelsFitted;
            if (!selected.ok)
                return finish(fallback(y, period, horizon,
                                       QStringLiteral("automatic SARIMA selection failed (%1)").arg(selected.error)));
            model = selected.model;
            out.family = QStringLiteral("arima");
            out.requested = ModelSelection::choiceName(request.model);
            out.choiceReason = QStringLiteral("ARIMA: the only family that takes regressors");
        } else {
            model = Sarimax::fit(request.spec, request.data);
            if (!model.ok)
                return finish(fallback(y, period, horizon,
                                       QStringLiteral("the SARIMA fit failed (%1)").arg(model.error)));
        }
        if (!model.converged)
            return finish(fallback(y, period, horizon,
                                   QStringLiteral("the SARIMA fit did not converge after %1 iterations").arg(model.iterations)));
        QString error;
        std::vector<ForecastPoint> points = Sarimax::forecast(model, horizon, request.futureExog, &error);
        if (int(points.size()) != horizon || !allFinite(points))
            return finish(fallback(y, period, horizon,
                                   QStringLiteral("the SARIMA forecast is unusable (%1)")
                                       .arg(error.isEmpty() ? QStringLiteral("not finite") : error)));
        out.method = ForecastMethod::Sarimax;
        out.methodName = model.spec.toString();
        out.hasModel = true;
        out.model = std::move(model);
        out.points = std::move(points);
        return finish(out);
    } catch (const std::exception &e) {
        return fallback(y, period, horizon, QStringLiteral("internal error: %1").arg(QString::fromUtf8(e.what())));
    } catch (...) {
        return fallback(y, period, horizon, QStringLiteral("internal error"));
    }
}

} // namespace Forecast
