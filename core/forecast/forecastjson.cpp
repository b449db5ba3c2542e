#include "forecastjson.h"

#include <QJsonArray>
#include <QJsonValue>

#include <cmath>

namespace Forecast {

namespace {

QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject ForecastJson::toJson(const ForecastOutcome &outcome)
{
    QJsonObject json;
    json.insert(QStringLiteral("model"), outcome.methodName);
    json.insert(QStringLiteral("fallback_reason"),
                outcome.fallbackReason.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(outcome.fallbackReason));
    json.insert(QStringLiteral("fit_seconds"), number(outcome.fitSeconds));
    // The model choice (issue 20): family, what was asked for, why, and the backtest behind it.
    json.insert(QStringLiteral("model_family"), outcome.family.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(outcome.family));
    json.insert(QStringLiteral("model_requested"), outcome.requested.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(outcome.requested));
    json.insert(QStringLiteral("choice_reason"), outcome.choiceReason.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(outcome.choiceReason));
    QJsonArray candidates;
    for (const CandidateScore &s : outcome.scores)
        candidates.append(QJsonObject{{QStringLiteral("family"), s.family},
                                      {QStringLiteral("name"), s.name},
                                      {QStringLiteral("mase"), number(s.mase)},
                                      {QStringLiteral("smape"), number(s.smape)},
                                      {QStringLiteral("coverage80"), number(s.coverage80)},
                                      {QStringLiteral("coverage95"), number(s.coverage95)}});
    json.insert(QStringLiteral("backtest"), QJsonObject{{QStringLiteral("origins"), outcome.backtestOrigins},
                                                        {QStringLiteral("horizon"), outcome.backtestHorizon},
                                                        {QStringLiteral("candidates"), candidates}});
    json.insert(QStringLiteral("interval_scale"), QJsonObject{{QStringLiteral("80"), number(outcome.intervalScale)},
                                                              {QStringLiteral("95"), number(outcome.intervalScale95)}});
    json.insert(QStringLiteral("auto_transform"), QJsonObject{{QStringLiteral("kind"), outcome.transform},
                                                         {QStringLiteral("lambda"), outcome.transform == QLatin1String("none") ? QJsonValue(QJsonValue::Null) : number(outcome.lambda)},
                                                         {QStringLiteral("bias_adjusted"), outcome.transform != QLatin1String("none")},
                                                         {QStringLiteral("reason"), outcome.transformReason.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(outcome.transformReason)}});
    if (outcome.hasModel) {
        const SarimaxResult &m = outcome.model;
        const SarimaxSpec &s = m.spec;
        json.insert(QStringLiteral("order"), QJsonArray{s.p, s.d, s.q});
        json.insert(QStringLiteral("seasonal_order"), QJsonArray{s.P, s.D, s.Q, s.seasonalPeriod()});
        json.insert(QStringLiteral("trend"), s.trend == Trend::Constant ? QStringLiteral("c") : QStringLiteral("n"));
        QJsonObject params, bse;
        for (const ParameterEstimate &e : m.estimates()) {
            params.insert(e.name, number(e.value));
            bse.insert(e.name, number(e.se));
        }
        json.insert(QStringLiteral("params"), params);
        json.insert(QStringLiteral("bse"), bse);
        json.insert(QStringLiteral("llf"), number(m.llf));
        json.insert(QStringLiteral("aic"), number(m.aic));
        json.insert(QStringLiteral("aicc"), number(m.aicc));
        json.insert(QStringLiteral("bic"), number(m.bic));
        json.insert(QStringLiteral("hqic"), number(m.hqic));
        json.insert(QStringLiteral("nobs"), m.nobs);
        json.insert(QStringLiteral("ljung_box"),
                    QJsonObject{{QStringLiteral("lags"), m.diagnostics.ljungBoxLags},
                                {QStringLiteral("stat"), number(m.diagnostics.ljungBoxStat)},
                                {QStringLiteral("pvalue"), number(m.diagnostics.ljungBoxPValue)}});
    } else {
        for (const char *key : {"order", "seasonal_order", "trend", "params", "bse", "llf", "aic", "aicc", "bic",
                                "hqic", "nobs", "ljung_box"})
            json.insert(QLatin1String(key), QJsonValue(QJsonValue::Null));
    }
    QJsonArray points;
    for (const ForecastPoint &p : outcome.points) {
        points.append(QJsonObject{{QStringLiteral("h"), p.h},
                                  {QStringLiteral("mean"), number(p.mean)},
                                  {QStringLiteral("se"), number(p.se)},
                                  {QStringLiteral("lower80"), number(p.lower80)},
                                  {QStringLiteral("upper80"), number(p.upper80)},
                                  {QStringLiteral("lower95"), number(p.lower95)},
                                  {QStringLiteral("upper95"), number(p.upper95)}});
    }
    json.insert(QStringLiteral("forecast"), points);
    return json;
}

} // namespace Forecast
