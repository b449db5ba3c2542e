// The no-crash guarantee and the fallback baselines (FORECASTING.md §8): every input yields a
// finite forecast of the requested length, and a fallback always states its reason.

#include "forecast/baseline.h"
#include "forecast/forecaster.h"
#include "forecast/forecastjson.h"

#include "fuzzy.h"
#include "testseries.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

#include <cmath>
#include <limits>

using namespace Forecast;

Q_DECLARE_METATYPE(std::vector<double>)

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool finite(const std::vector<ForecastPoint> &points)
{
    for (const ForecastPoint &p : points)
        if (!std::isfinite(p.mean) || !std::isfinite(p.se) || !std::isfinite(p.lower80) || !std::isfinite(p.upper80)
            || !std::isfinite(p.lower95) || !std::isfinite(p.upper95) || p.se < 0.0 || p.lower95 > p.lower80
            || p.lower80 > p.mean || p.mean > p.upper80 || p.upper80 > p.upper95)
            return false;
    return true;
}

} // namespace

class TestForecaster final : public QObject
{
    Q_OBJECT

private slots:
    // The case: LakeHuron on its years with AR(2) errors near the unit root and an intercept
    // (R: ar1 1.0048, ar2 −0.2913, intercept 579.10 at 1920, slope −0.0216) once ended in "did not
    // converge after 1800 iterations" and a naive fallback. It is fitted and forecast along the trend.
    void regressionWithNearUnitRootArErrorsIsNotAFallback()
    {
        static const double lakeHuron[] = {
            580.38, 581.86, 580.97, 580.8,  579.79, 580.39, 580.42, 580.82, 581.4,  581.32, 581.44, 581.68, 581.17, 580.53,
            580.01, 579.91, 579.14, 579.16, 579.55, 579.67, 578.44, 578.24, 579.1,  579.09, 579.35, 578.82, 579.32, 579.01,
            579,    579.8,  579.83, 579.72, 579.89, 580.01, 579.37, 578.69, 578.19, 578.67, 579.55, 578.92, 578.09, 579.37,
            580.13, 580.14, 579.51, 579.24, 578.66, 578.86, 578.05, 577.79, 576.75, 576.75, 577.82, 578.64, 580.58, 579.48,
            577.38, 576.9,  576.94, 576.24, 576.84, 576.85, 576.9,  577.79, 578.18, 577.51, 577.23, 578.42, 579.61, 579.05,
            579.26, 579.22, 579.38, 579.1,  577.95, 578.12, 579.75, 580.85, 580.41, 579.96, 579.61, 578.76, 578.18, 577.21,
            577.13, 579.1,  578.25, 577.91, 576.89, 575.96, 576.8,  577.68, 578.38, 578.52, 579.74, 579.31, 579.89, 579.96};
        ForecastRequest request;
        request.data.y.assign(std::begin(lakeHuron), std::end(lakeHuron));
        std::vector<double> years;
        for (size_t t = 0; t < request.data.y.size(); ++t)
            years.push_back(1875.0 + double(t));
        request.data.exog = {years};
        request.futureExog = {{1973.0, 1974.0, 1975.0}};
        request.horizon = 3;
        request.autoSelect = false;
        request.spec.p = 2;
        request.spec.trend = Trend::Constant;
        const ForecastOutcome out = Forecaster::run(request);
        QVERIFY2(out.fallbackReason.isEmpty(), qPrintable(out.fallbackReason));
        QVERIFY(out.hasModel && out.model.converged);
        SD_COMPARE_NEAR(out.model.llf, -101.1983, 1e-3);
        SD_COMPARE_NEAR(out.model.params[1], -0.02157, 2e-4);
        QVERIFY(finite(out.points));
    }

    void fallbacks_data()
    {
        QTest::addColumn<std::vector<double>>("y");
        QTest::addColumn<int>("period");
        QTest::addColumn<QString>("reasonContains");

        QTest::newRow("three points") << std::vector<double>{5.0, 6.0, 7.0} << 7 << QStringLiteral("only 3 days");
        QTest::newRow("nine days") << std::vector<double>{5, 6, 7, 8, 5, 6, 7, 8, 9} << 7
                                   << QStringLiteral("only 9 days, SARIMA needs at least 2 seasons");
        QTest::newRow("constant") << std::vector<double>(60, 4.2) << 7 << QStringLiteral("constant");
        std::vector<double> tail(60);
        for (size_t t = 0; t < tail.size(); ++t)
            tail[t] = t >= 50 ? kNaN : 10.0 + std::sin(double(t));
        QTest::newRow("all-missing tail") << tail << 7 << QStringLiteral("last 10 days are missing");
        QTest::newRow("all missing") << std::vector<double>(30, kNaN) << 7 << QStringLiteral("no observations");
        QTest::newRow("empty") << std::vector<double>{} << 7 << QStringLiteral("no observations");
        // Values whose squares overflow: no likelihood is finite, so the optimiser fails.
        std::vector<double> huge(40);
        for (size_t t = 0; t < huge.size(); ++t)
            huge[t] = (t % 2 ? 1.0 : -1.0) * 1e200 * double(t + 1);
        // The automatic choice may still forecast it (Theta); ARIMA alone falls back (arimaFailureFallsBack).
        QTest::newRow("optimiser fails") << huge << 1 << QString();
        std::vector<double> infinities(40, 1.0);
        for (size_t t = 0; t < infinities.size(); t += 3)
            infinities[t] = std::numeric_limits<double>::infinity();
        QTest::newRow("infinities") << infinities << 1 << QString();
    }

    void fallbacks()
    {
        QFETCH(std::vector<double>, y);
        QFETCH(int, period);
        QFETCH(QString, reasonContains);
        ForecastRequest request;
        request.data.y = y;
        request.period = period;
        request.horizon = 14;
        request.unit = QStringLiteral("days");
        const ForecastOutcome out = Forecaster::run(request);
        QCOMPARE(out.points.size(), size_t(14));
        QVERIFY(finite(out.points));
        if (!reasonContains.isEmpty()) {
            QVERIFY2(out.fallbackReason.contains(reasonContains), qPrintable(out.fallbackReason));
            QVERIFY(!out.hasModel);
            QVERIFY(out.fallbackReason.startsWith(out.methodName + QStringLiteral(" — ")));
        }
        const QJsonObject json = ForecastJson::toJson(out);
        QCOMPARE(json.value(QStringLiteral("forecast")).toArray().size(), 14);
    }

    void arimaFailureFallsBack()
    {
        std::vector<double> huge(40);
        for (size_t t = 0; t < huge.size(); ++t)
            huge[t] = (t % 2 ? 1.0 : -1.0) * 1e200 * double(t + 1);
        ForecastRequest request;
        request.data.y = huge;
        request.horizon = 5;
        request.model = ModelChoice::Arima;
        const ForecastOutcome out = Forecaster::run(request);
        QVERIFY2(out.fallbackReason.contains(QStringLiteral("requested model failed")), qPrintable(out.fallbackReason));
        QVERIFY(!out.hasModel);
        QVERIFY(finite(out.points));
    }

    void shortSeasonalSeriesUsesSeasonalNaive()
    {
        // 9 days of a clean weekly pattern: the seasonal naive backtests best.
        ForecastRequest request;
        request.data.y = {10, 20, 30, 40, 50, 60, 70, 10, 20, 30, 40, 50, 60, 70};
        request.data.y.resize(13);
        request.period = 7;
        request.horizon = 3;
        request.unit = QStringLiteral("days");
        const ForecastOutcome out = Forecaster::run(request);
        QCOMPARE(out.method, ForecastMethod::SeasonalNaive);
        QCOMPARE(out.fallbackReason,
                 QStringLiteral("seasonal naive — only 13 days, SARIMA needs at least 2 seasons"));
        QCOMPARE(out.points[0].mean, 70.0);
        QCOMPARE(out.points[1].mean, 10.0);
    }

    void missingValuesInTheMiddleUseSarima()
    {
        ForecastRequest request;
        request.data.y = TestSeries::csvColumn("forecast/airline_gaps.csv", 1);
        request.period = 12;
        request.autoSelect = false;
        request.spec.d = request.spec.q = request.spec.D = request.spec.Q = 1;
        request.spec.s = 12;
        request.horizon = 12;
        const ForecastOutcome out = Forecaster::run(request);
        QVERIFY2(out.fallbackReason.isEmpty(), qPrintable(out.fallbackReason));
        QCOMPARE(out.method, ForecastMethod::Sarimax);
        QVERIFY(finite(out.points));
    }

    void naiveIntervals()
    {
        // forecast::naive: se_h = σ·sqrt(h) with σ² = mean of squared one-step changes.
        const std::vector<double> y{1, 2, 4, 7, 11};
        const std::vector<ForecastPoint> fc = Baseline::forecast(BaselineMethod::Naive, y, 1, 3);
        const double sigma = std::sqrt((1.0 + 4.0 + 9.0 + 16.0) / 4.0);
        QCOMPARE(fc[2].mean, 11.0);
        SD_COMPARE_NEAR(fc[0].se, sigma, 1e-12);
        SD_COMPARE_NEAR(fc[2].se, sigma * std::sqrt(3.0), 1e-12);
        SD_COMPARE_NEAR(fc[0].upper95 - fc[0].mean, 1.959963984540054 * sigma, 1e-9);
    }

    void seasonalNaiveIntervals()
    {
        const std::vector<double> y{1, 5, 2, 6, 3, 7};
        const std::vector<ForecastPoint> fc = Baseline::forecast(BaselineMethod::SeasonalNaive, y, 2, 3);
        // ŷ_{T+h} = y_{T+h−2k}; residuals y_t − y_{t−2} = 1, 1, 1, 1 → σ = 1; se_h = σ·sqrt(⌊(h−1)/2⌋+1).
        QCOMPARE(fc[0].mean, 3.0);
        QCOMPARE(fc[1].mean, 7.0);
        QCOMPARE(fc[2].mean, 3.0);
        SD_COMPARE_NEAR(fc[0].se, 1.0, 1e-12);
        SD_COMPARE_NEAR(fc[1].se, 1.0, 1e-12);
        SD_COMPARE_NEAR(fc[2].se, std::sqrt(2.0), 1e-12);
    }

    void driftIntervals()
    {
        // rwf(drift = TRUE): b = mean(Δy), mse = Σ(Δy − b)²/(m − 1), se_h = sqrt(mse·h + (h·se_b)²).
        const std::vector<double> y{1, 3, 4, 7, 8};
        const std::vector<ForecastPoint> fc = Baseline::forecast(BaselineMethod::Drift, y, 1, 2);
        const double b = 7.0 / 4.0;
        const double mse = ((2 - b) * (2 - b) + (1 - b) * (1 - b) + (3 - b) * (3 - b) + (1 - b) * (1 - b)) / 3.0;
        const double seB = std::sqrt(mse / 4.0);
        SD_COMPARE_NEAR(fc[1].mean, 8.0 + 2.0 * b, 1e-12);
        SD_COMPARE_NEAR(fc[1].se, std::sqrt(mse * 2.0 + 4.0 * seB * seB), 1e-12);
    }

    void meanIntervals()
    {
        // meanf: ȳ ± t_{n−1}·s·sqrt(1 + 1/n).
        const std::vector<double> y{2, 4, 6, 8};
        const std::vector<ForecastPoint> fc = Baseline::forecast(BaselineMethod::Mean, y, 1, 1);
        const double s = std::sqrt(20.0 / 3.0);
        SD_COMPARE_NEAR(fc[0].mean, 5.0, 1e-12);
        SD_COMPARE_NEAR(fc[0].se, s * std::sqrt(1.25), 1e-12);
        SD_COMPARE_NEAR(fc[0].upper95 - fc[0].mean, 3.182446305284263 * s * std::sqrt(1.25), 1e-9); // qt(.975, 3)
        SD_COMPARE_NEAR(fc[0].upper80 - fc[0].mean, 1.637744353696210 * s * std::sqrt(1.25), 1e-9); // qt(.9, 3)
    }

    void noInputCrashes()
    {
        // Random and adversarial series of every length 0..40: always 7 finite points.
        quint32 seed = 99;
        auto next = [&]() {
            seed = seed * 1664525u + 1013904223u;
            return (seed >> 8) / double(1 << 24);
        };
        for (int n = 0; n <= 40; n += 1) {
            std::vector<double> y(static_cast<size_t>(n));
            for (size_t t = 0; t < y.size(); ++t) {
                const double u = next();
                y[t] = u < 0.15 ? kNaN : (u < 0.2 ? 0.0 : (u < 0.25 ? 1e9 : 100.0 * next()));
            }
            for (int period : {1, 7}) {
                ForecastRequest request;
                request.data.y = y;
                request.period = period;
                request.horizon = 7;
                const ForecastOutcome out = Forecaster::run(request);
                QCOMPARE(out.points.size(), size_t(7));
                QVERIFY2(finite(out.points), qPrintable(QStringLiteral("n=%1 period=%2").arg(n).arg(period)));
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestForecaster)
#include "tst_forecaster.moc"
