// The automatic choice between ARIMA, Theta (ETS when built) and their combination, the Box-Cox
// transform of never-negative series, and interval calibration (issue 20).

#include "forecast/boxcox.h"
#include "forecast/forecaster.h"
#include "forecast/forecastjson.h"
#include "forecast/modelselection.h"

#include "fuzzy.h"
#include "simulated.h"
#include "testseries.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <cmath>

using namespace Forecast;

namespace {

std::vector<double> airPassengers()
{
    return TestSeries::csvColumn("forecast/AirPassengers.csv", 3);
}

ForecastOutcome runWith(const std::vector<double> &y, int period, int horizon, ModelChoice model, bool calibrate = true)
{
    ForecastRequest request;
    request.data.y = y;
    request.period = period;
    request.horizon = horizon;
    request.model = model;
    request.selection.calibrateIntervals = calibrate;
    return Forecaster::run(request);
}

} // namespace

class TestModelSelection : public QObject
{
    Q_OBJECT

private slots:
    void choiceNamesRoundTrip()
    {
        for (ModelChoice c : {ModelChoice::Auto, ModelChoice::Arima, ModelChoice::Ets, ModelChoice::Theta, ModelChoice::Combo})
            QCOMPARE(ModelSelection::parseChoice(ModelSelection::choiceName(c)), std::optional<ModelChoice>(c));
        QCOMPARE(ModelSelection::parseChoice(QStringLiteral("THETA")), std::optional<ModelChoice>(ModelChoice::Theta));
        QVERIFY(!ModelSelection::parseChoice(QStringLiteral("prophet")));
    }

    // forecast::BoxCox.lambda(AirPassengers) (Guerrero, lower −1, upper 2) = −0.2947156.
    void guerreroLambdaMatchesR()
    {
        SD_COMPARE_NEAR(BoxCox::guerreroLambda(airPassengers(), 12, -1.0, 2.0), -0.2947156, 2e-3);
    }

    // forecast::InvBoxCox(x, lambda, biasadj = TRUE, fvar): median·(1 + fvar(1 − λ)/(2(λx + 1)²)).
    void biasAdjustedBackTransform()
    {
        SD_COMPARE_NEAR(BoxCox::transform(100.0, 0.5), 18.0, 1e-12);
        SD_COMPARE_NEAR(BoxCox::inverse(18.0, 0.5), 100.0, 1e-12);
        SD_COMPARE_NEAR(BoxCox::biasAdjustedInverse(18.0, 4.0, 0.5), 100.0 * (1.0 + 4.0 * 0.5 / (2.0 * 100.0)), 1e-10);
        SD_COMPARE_NEAR(BoxCox::biasAdjustedInverse(std::log(50.0), 0.02, 0.0), 50.0 * 1.01, 1e-10);
        QCOMPARE(BoxCox::inverse(-3.0, 0.5), 0.0); // below −1/λ: truncated at 0
        QVERIFY(std::isnan(BoxCox::transform(0.0, 0.0)));
    }

    void autoChoosesByBacktestAndSaysWhy()
    {
        const ForecastOutcome out = runWith(airPassengers(), 12, 18, ModelChoice::Auto);
        QVERIFY2(out.fallbackReason.isEmpty(), qPrintable(out.fallbackReason));
        QCOMPARE(out.points.size(), size_t(18));
        QCOMPARE(out.requested, QStringLiteral("auto"));
        QVERIFY(QStringList({QStringLiteral("arima"), QStringLiteral("theta"), QStringLiteral("ets"), QStringLiteral("combo")})
                    .contains(out.family));
        QVERIFY2(out.choiceReason.contains(QStringLiteral("backtest MASE")) && out.choiceReason.contains(QStringLiteral("over 5 origins")),
                 qPrintable(out.choiceReason));
        QVERIFY(out.scores.size() >= 3);
        QCOMPARE(out.backtestOrigins, 5);
        // The chosen family has the lowest backtest MASE, or is the combination when no single family
        // beats it by the 10% margin.
        double best = HUGE_VAL, chosen = HUGE_VAL, combo = HUGE_VAL;
        for (const CandidateScore &s : out.scores) {
            best = std::min(best, s.mase);
            if (s.family == out.family)
                chosen = s.mase;
            if (s.family == QLatin1String("combo"))
                combo = s.mase;
        }
        if (out.family == QLatin1String("combo")) {
            QVERIFY(best > 0.9 * combo);
            // A family with a lower error than the kept combination is explained, not left to puzzle.
            QCOMPARE(out.choiceReason.contains(QLatin1String("kept unless one family is at least 10% better")), best < combo);
        } else
            QCOMPARE(chosen, best);
        const QJsonObject json = ForecastJson::toJson(out);
        QCOMPARE(json.value(QStringLiteral("model_family")).toString(), out.family);
        QCOMPARE(json.value(QStringLiteral("choice_reason")).toString(), out.choiceReason);
        QCOMPARE(json.value(QStringLiteral("backtest")).toObject().value(QStringLiteral("candidates")).toArray().size(),
                 qsizetype(out.scores.size()));
    }

    void requestedFamilies()
    {
        const std::vector<double> y = airPassengers();
        const ForecastOutcome theta = runWith(y, 12, 12, ModelChoice::Theta, false);
        QCOMPARE(theta.family, QStringLiteral("theta"));
        QCOMPARE(theta.method, ForecastMethod::Theta);
        QCOMPARE(theta.choiceReason, QStringLiteral("Theta: requested"));
        const ForecastOutcome arima = runWith(y, 12, 12, ModelChoice::Arima, false);
        QCOMPARE(arima.family, QStringLiteral("arima"));
        QVERIFY(arima.hasModel);
        const ForecastOutcome combo = runWith(y, 12, 12, ModelChoice::Combo, false);
        QCOMPARE(combo.method, ForecastMethod::Combination);
        std::vector<const ForecastOutcome *> members{&theta, &arima};
        ForecastOutcome ets;
        if (ModelSelection::etsAvailable()) {
            ets = runWith(y, 12, 12, ModelChoice::Ets, false);
            QCOMPARE(ets.family, QStringLiteral("ets"));
            QCOMPARE(ets.method, ForecastMethod::Ets);
            QVERIFY2(ets.methodName.startsWith(QStringLiteral("ETS(")), qPrintable(ets.methodName));
            members.push_back(&ets);
        }
        // Without calibration the combination is exactly the mean of its members.
        for (size_t h = 0; h < 12; ++h) {
            double mean = 0.0, upper = 0.0;
            for (const ForecastOutcome *m : members) {
                mean += m->points[h].mean / double(members.size());
                upper += m->points[h].upper95 / double(members.size());
            }
            SD_COMPARE_NEAR(combo.points[h].mean, mean, 1e-9);
            SD_COMPARE_NEAR(combo.points[h].upper95, upper, 1e-9);
        }
    }

    // A small count series drifting towards zero: untransformed models forecast below zero; the
    // Box-Cox scale keeps every mean and bound at or above zero and the details say so.
    void neverNegativeSeriesStaysNonNegative()
    {
        std::vector<double> y;
        unsigned state = 7u;
        for (int t = 0; t < 80; ++t) {
            state = state * 1103515245u + 12345u;
            const double u = double((state >> 16) & 0x7fff) / 32767.0;
            y.push_back(std::max(0.0, std::round(12.0 - 0.14 * t + 4.0 * (u - 0.5))));
        }
        for (ModelChoice c : {ModelChoice::Auto, ModelChoice::Arima, ModelChoice::Theta, ModelChoice::Combo}) {
            const ForecastOutcome out = runWith(y, 1, 24, c);
            QCOMPARE(out.points.size(), size_t(24));
            for (const ForecastPoint &p : out.points) {
                QVERIFY2(p.mean >= 0.0 && p.lower80 >= 0.0 && p.lower95 >= 0.0, qPrintable(ModelSelection::choiceName(c)));
                QVERIFY(p.lower95 <= p.lower80 && p.lower80 <= p.upper80 && p.upper80 <= p.upper95);
            }
            if (out.transform != QLatin1String("none")) {
                QVERIFY(out.transformReason.contains(QStringLiteral("never negative")));
                QVERIFY(out.lambda >= 0.5 - 1e-9); // zeros: lambda at least 0.5
            }
        }
        // The untransformed trend alone goes negative, so the transform must have been used somewhere.
        const ForecastOutcome arima = runWith(y, 1, 24, ModelChoice::Arima);
        const QJsonObject transform = ForecastJson::toJson(arima).value(QStringLiteral("auto_transform")).toObject();
        QCOMPARE(transform.value(QStringLiteral("kind")).toString(), arima.transform);
    }

    void seriesWithNegativesIsNotTransformed()
    {
        std::vector<double> y = airPassengers();
        for (double &v : y)
            v -= 300.0;
        const ForecastOutcome out = runWith(y, 12, 12, ModelChoice::Auto);
        QCOMPARE(out.transform, QStringLiteral("none"));
    }

    void shortSeriesSkipsTheBacktest()
    {
        std::vector<double> y;
        for (int t = 0; t < 10; ++t)
            y.push_back(10.0 + t + std::sin(double(t)));
        const ForecastOutcome out = runWith(y, 1, 6, ModelChoice::Auto);
        QVERIFY2(out.fallbackReason.isEmpty(), qPrintable(out.fallbackReason));
        QCOMPARE(out.backtestOrigins, 0);
        QVERIFY2(out.choiceReason.contains(QStringLiteral("too little history")), qPrintable(out.choiceReason));
    }

    void intervalScaleIsBounded()
    {
        const ForecastOutcome out = runWith(airPassengers(), 12, 12, ModelChoice::Auto);
        QVERIFY(out.intervalScale >= 1.0 && out.intervalScale <= 2.5);
        QVERIFY(out.intervalScale95 >= 1.0 && out.intervalScale95 <= 2.5);
        const QJsonObject scale = ForecastJson::toJson(out).value(QStringLiteral("interval_scale")).toObject();
        QCOMPARE(scale.value(QStringLiteral("95")).toDouble(), out.intervalScale95);
    }

    // The Student-t scale never narrows the quantile calibration, and widens the 95% band more than
    // the 80% one (t's tails).
    void studentTScaleWidensTails()
    {
        const std::vector<double> y = airPassengers();
        ForecastRequest request;
        request.data.y = y;
        request.period = 12;
        request.horizon = 12;
        request.selection.effectivePerOrigin = 0.0;
        const ForecastOutcome quantilesOnly = Forecaster::run(request);
        request.selection.effectivePerOrigin = 2.0;
        const ForecastOutcome withT = Forecaster::run(request);
        QVERIFY(quantilesOnly.choiceReason == withT.choiceReason);
        QVERIFY(withT.intervalScale >= quantilesOnly.intervalScale);
        QVERIFY(withT.intervalScale95 >= quantilesOnly.intervalScale95);
        for (size_t h = 0; h < 12; ++h) {
            SD_COMPARE_NEAR(withT.points[h].mean, quantilesOnly.points[h].mean, 1e-9 * y.back());
            QVERIFY(withT.points[h].upper95 >= quantilesOnly.points[h].upper95 - 1e-9);
            QVERIFY(withT.points[h].lower80 <= withT.points[h].mean);
            QVERIFY(withT.points[h].lower95 <= withT.points[h].lower80);
        }
    }

    // Short yearly-like series (AR(1) around a drifting level, 40 points, 6 ahead), where the models
    // are right: the calibrated bands cover at least their level, and not grossly more. (On clean
    // series like these they cover ~90/98%: the backtest's short prefixes err more than the model
    // says, and the calibration never narrows a model's bands. On the real series of the test bed
    // the same rule gives 79.6/94.2% on yearly series; see modelselection.h.) 150 seeded series.
    void calibratedCoverageOnShortSeries()
    {
        Simulated::Normal normal(20261207);
        int points = 0, in80 = 0, in95 = 0;
        for (int series = 0; series < 150; ++series) {
            std::vector<double> y;
            double level = 100.0, e = 0.0;
            const double phi = 0.2 + 0.6 * (series % 4) / 3.0;
            for (int t = 0; t < 46; ++t) {
                e = phi * e + normal() * 3.0;
                level += 0.8;
                y.push_back(level + e);
            }
            const std::vector<double> train(y.begin(), y.end() - 6);
            const ForecastOutcome out = runWith(train, 1, 6, ModelChoice::Auto);
            QVERIFY2(out.points.size() == 6, qPrintable(out.fallbackReason));
            for (size_t h = 0; h < 6; ++h) {
                const double a = y[train.size() + h];
                const ForecastPoint &p = out.points[h];
                in80 += (a >= p.lower80 && a <= p.upper80) ? 1 : 0;
                in95 += (a >= p.lower95 && a <= p.upper95) ? 1 : 0;
                ++points;
            }
        }
        const double c80 = 100.0 * in80 / points, c95 = 100.0 * in95 / points;
        qInfo("coverage of 150 short series: 80%% band %.1f%%, 95%% band %.1f%%", c80, c95);
        QVERIFY2(c80 >= 78.0 && c80 <= 92.0, qPrintable(QString::number(c80)));
        QVERIFY2(c95 >= 93.0 && c95 <= 99.5, qPrintable(QString::number(c95)));
    }
};

QTEST_GUILESS_MAIN(TestModelSelection)
#include "tst_modelselection.moc"
