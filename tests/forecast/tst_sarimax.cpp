// SARIMAX estimation against published Stata / R / statsmodels figures (FORECASTING.md §3) and
// statsmodels golden files for a series with missing values.

#include "forecast/armakernel.h"
#include "forecast/sarimax.h"

#include "fuzzy.h"
#include "testseries.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonArray>
#include <QTest>

#include <cmath>

using namespace Forecast;

class TestSarimax final : public QObject
{
    Q_OBJECT

private:
    static SarimaxSpec airlineSpec()
    {
        SarimaxSpec spec;
        spec.d = 1;
        spec.q = 1;
        spec.D = 1;
        spec.Q = 1;
        spec.s = 12;
        return spec;
    }

    static QJsonObject golden()
    {
        QFile file(TestData::path("forecast/golden_statsmodels.json"));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(file.readAll()).object();
    }


    // golden/golden_fits.json (golden/make_golden_fits.R): stats::arima fits by exact ML.
    static QJsonObject rFit(const QString &name)
    {
        QFile file(TestData::path("../forecast/golden/golden_fits.json"));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        const QJsonArray cases = QJsonDocument::fromJson(file.readAll()).object().value(QStringLiteral("cases")).toArray();
        for (const QJsonValue &v : cases)
            if (v.toObject().value(QStringLiteral("name")).toString() == name)
                return v.toObject();
        return {};
    }

    static std::vector<double> doubles(const QJsonValue &v)
    {
        std::vector<double> out;
        for (const QJsonValue &x : v.toArray())
            out.push_back(x.toDouble());
        return out;
    }

    // The R case as SmartData's model: R's mean ("intercept") as a regressor of ones, then R's xreg.
    static void rModel(const QJsonObject &c, SarimaxSpec &spec, SarimaxData &data)
    {
        const std::vector<double> order = doubles(c.value(QStringLiteral("order")));
        const std::vector<double> seasonal = doubles(c.value(QStringLiteral("seasonal")));
        spec = {};
        spec.p = int(order[0]);
        spec.d = int(order[1]);
        spec.q = int(order[2]);
        spec.P = int(seasonal[0]);
        spec.D = int(seasonal[1]);
        spec.Q = int(seasonal[2]);
        spec.s = c.value(QStringLiteral("period")).toInt();
        data = {};
        data.y = doubles(c.value(QStringLiteral("values")));
        if (c.value(QStringLiteral("include_mean")).toBool())
            data.exog.push_back(std::vector<double>(data.y.size(), 1.0));
        const std::vector<double> xreg = doubles(c.value(QStringLiteral("xreg")));
        if (!xreg.empty())
            data.exog.push_back(xreg);
    }

    // R's coefficients in SmartData's order (regression first, then ar, ma, sar, sma).
    static std::vector<double> rParams(const QJsonObject &c)
    {
        const QJsonObject coef = c.value(QStringLiteral("coef")).toObject();
        std::vector<double> regression, arma;
        for (auto it = coef.begin(); it != coef.end(); ++it) {
            const bool isArma = it.key().startsWith(QLatin1String("ar")) || it.key().startsWith(QLatin1String("ma"))
                || it.key().startsWith(QLatin1String("sar")) || it.key().startsWith(QLatin1String("sma"));
            if (it.key() == QLatin1String("intercept"))
                regression.insert(regression.begin(), it.value().toDouble());
            else
                (isArma ? arma : regression).push_back(it.value().toDouble());
        }
        // QJsonObject iterates keys sorted: ar1, ar2, ma1, sar1, sma1 is already SmartData's order.
        regression.insert(regression.end(), arma.begin(), arma.end());
        return regression;
    }

private slots:
    void airlineLikelihoodAtStataParameters()
    {
        SarimaxData data;
        data.y = TestSeries::logAirPassengers();
        QCOMPARE(data.y.size(), size_t(144));
        double sigma2 = 0.0;
        // FORECASTING.md §3.1: the exact likelihood at Stata's estimates is 244.696487.
        const double llf = Sarimax::logLikelihood(airlineSpec(), data, {-0.4018324, -0.5569342}, &sigma2);
        SD_COMPARE_NEAR(llf, 244.696487, 2e-6);
        SD_COMPARE_NEAR(sigma2, 0.0367167 * 0.0367167, 2e-7);
    }

    void airlineFit()
    {
        SarimaxData data;
        data.y = TestSeries::logAirPassengers();
        const SarimaxResult r = Sarimax::fit(airlineSpec(), data);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.converged);
        QCOMPARE(r.paramNames, (QStringList{QStringLiteral("ma.L1"), QStringLiteral("ma.S.L12")}));
        // Stata (statsmodels results_sarimax.air2_stationary).
        SD_COMPARE_NEAR(r.params[0], -0.4018324, 5e-4);
        SD_COMPARE_NEAR(r.params[1], -0.5569342, 5e-4);
        SD_COMPARE_NEAR(r.llf, 244.69651, 1e-4);
        SD_COMPARE_NEAR(r.aic, -483.393, 1e-3);
        SD_COMPARE_NEAR(r.bic, -474.7674, 1e-3);
        SD_COMPARE_NEAR(r.aicc, -483.2040, 1e-3);
        SD_COMPARE_NEAR(r.sigma2, 0.00134812, 2e-7);
        QCOMPARE(r.nobs, 144);
        QCOMPARE(r.nobsEffective, 131);
        QCOMPARE(r.dfModel, 3);
        // Observed-information standard errors: R (Hessian) 0.0896438, 0.0730997; Stata OIM 0.0896442, 0.0731055.
        SD_COMPARE_NEAR(r.standardErrors[0], 0.0896442, 1e-3);
        SD_COMPARE_NEAR(r.standardErrors[1], 0.0731055, 1e-3);
        // statsmodels diagnostics on the standardized residuals after the burn.
        QCOMPARE(r.diagnostics.ljungBoxLags, 24);
        SD_COMPARE_NEAR(r.diagnostics.ljungBoxStat, 23.916, 5e-3);
        SD_COMPARE_NEAR(r.diagnostics.ljungBoxPValue, 0.4664, 1e-3);
        SD_COMPARE_NEAR(r.diagnostics.jarqueBera, 1.8979, 5e-3);
        SD_COMPARE_NEAR(r.diagnostics.jarqueBeraPValue, 0.3872, 1e-3);
        SD_COMPARE_NEAR(r.diagnostics.heteroskedasticity, 0.5813, 1e-3);
        SD_COMPARE_NEAR(r.diagnostics.heteroskedasticityPValue, 0.0753, 1e-3);
        // Residuals: NaN during the 13-observation burn, finite afterwards.
        QVERIFY(std::isnan(r.standardizedResiduals[12]));
        QVERIFY(std::isfinite(r.standardizedResiduals[13]));
    }

    // fixParams: no estimation; at a fit's own estimate the likelihood, state and forecasts are the
    // fit's, on a longer stretch the one-step errors of the shared part are unchanged.
    void fixedParametersFilterWithoutFitting()
    {
        SarimaxData data;
        data.y = TestSeries::logAirPassengers();
        SarimaxData prefix;
        prefix.y.assign(data.y.begin(), data.y.end() - 24);
        const SarimaxResult fitted = Sarimax::fit(airlineSpec(), prefix);
        QVERIFY2(fitted.ok, qPrintable(fitted.error));
        SarimaxOptions fixed;
        fixed.startParams = fitted.params;
        fixed.fixParams = true;
        const SarimaxResult same = Sarimax::fit(airlineSpec(), prefix, fixed);
        QVERIFY2(same.ok, qPrintable(same.error));
        QCOMPARE(same.params, fitted.params);
        SD_COMPARE_NEAR(same.llf, fitted.llf, 1e-9);
        SD_COMPARE_NEAR(same.sigma2, fitted.sigma2, 1e-12);
        QCOMPARE(same.functionEvaluations, 0);
        const auto a = Sarimax::forecast(fitted, 6), b = Sarimax::forecast(same, 6);
        for (size_t i = 0; i < 6; ++i) {
            SD_COMPARE_NEAR(b[i].mean, a[i].mean, 1e-9);
            SD_COMPARE_NEAR(b[i].se, a[i].se, 1e-9);
        }
        // The whole series: the parameters stay, the first 120 one-step errors are the prefix's.
        const SarimaxResult longer = Sarimax::fit(airlineSpec(), data, fixed);
        QVERIFY2(longer.ok, qPrintable(longer.error));
        QCOMPARE(longer.params, fitted.params);
        for (size_t t = 13; t < prefix.y.size(); ++t)
            SD_COMPARE_NEAR(longer.residuals[t], fitted.residuals[t], 1e-9);
        QVERIFY(longer.llf != fitted.llf);
        // Its forecast starts from the end of the whole series.
        SD_COMPARE_NEAR(Sarimax::forecast(longer, 1).front().mean, 6.110185743, 5e-3);
        // Wrong size or a non-invertible MA: an error, not a fit.
        fixed.startParams = {-0.4};
        QVERIFY(!Sarimax::fit(airlineSpec(), data, fixed).ok);
        fixed.startParams = {-1.5, -0.5};
        const SarimaxResult bad = Sarimax::fit(airlineSpec(), data, fixed);
        QVERIFY(!bad.ok);
        QVERIFY(!bad.error.isEmpty());
    }

    void airlineForecast_data()
    {
        QTest::addColumn<int>("h");
        QTest::addColumn<double>("mean");
        QTest::addColumn<double>("se");
        // R predict(arima(...)), FORECASTING.md §3.1.
        QTest::newRow("h=1") << 1 << 6.110185743 << 0.036715622;
        QTest::newRow("h=2") << 2 << 6.053775271 << 0.042782907;
        QTest::newRow("h=3") << 3 << 6.171714856 << 0.048090720;
        QTest::newRow("h=12") << 12 << 6.168024882 << 0.081570702;
    }

    void airlineForecast()
    {
        QFETCH(int, h);
        QFETCH(double, mean);
        QFETCH(double, se);
        SarimaxData data;
        data.y = TestSeries::logAirPassengers();
        const SarimaxResult r = Sarimax::fit(airlineSpec(), data);
        QVERIFY2(r.ok, qPrintable(r.error));
        const std::vector<ForecastPoint> fc = Sarimax::forecast(r, 12);
        QCOMPARE(fc.size(), size_t(12));
        const ForecastPoint &p = fc[size_t(h - 1)];
        QCOMPARE(p.h, h);
        SD_COMPARE_NEAR(p.mean, mean, 1e-4);
        SD_COMPARE_NEAR(p.se, se, 1e-4);
        SD_COMPARE_NEAR(p.upper95 - p.mean, 1.959963985 * p.se, 1e-9);
        SD_COMPARE_NEAR(p.mean - p.lower80, 1.281551566 * p.se, 1e-9);
    }

    void wpiAr3()
    {
        SarimaxData data;
        data.y = TestSeries::wpi();
        QCOMPARE(data.y.size(), size_t(124));
        SarimaxSpec spec;
        spec.p = 3;
        spec.d = 1;
        const SarimaxResult r = Sarimax::fit(spec, data);
        QVERIFY2(r.ok, qPrintable(r.error));
        // Stata wpi1_ar3.
        SD_COMPARE_NEAR(r.params[0], 0.52707154, 5e-4);
        SD_COMPARE_NEAR(r.params[1], 0.09526127, 5e-4);
        SD_COMPARE_NEAR(r.params[2], 0.25803547, 5e-4);
        SD_COMPARE_NEAR(r.sigma2, 0.53074593, 5e-4);
        SD_COMPARE_NEAR(r.llf, -136.21782, 1e-4);
        SD_COMPARE_NEAR(r.aic, 280.43565, 2e-4);
        SD_COMPARE_NEAR(r.bic, 291.68438, 2e-4);
    }

    void wpiArma11WithConstant()
    {
        SarimaxData data;
        data.y = TestSeries::wpi();
        SarimaxSpec spec;
        spec.p = 1;
        spec.d = 1;
        spec.q = 1;
        spec.trend = Trend::Constant;
        const SarimaxResult r = Sarimax::fit(spec, data);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.paramNames.first(), QStringLiteral("drift"));
        // Stata wpi1_stationary: ar .8742288, ma −.4120458, mean .7498197 → intercept (1 − φ)·mean.
        const double ar = 0.8742288;
        SD_COMPARE_NEAR(r.params[1], ar, 5e-4);
        SD_COMPARE_NEAR(r.params[2], -0.4120458, 5e-4);
        SD_COMPARE_NEAR(r.params[0], (1.0 - ar) * 0.7498197, 5e-4);
        SD_COMPARE_NEAR(std::sqrt(r.sigma2), 0.7250436, 5e-4);
        SD_COMPARE_NEAR(r.llf, -135.35131, 1e-4);
        SD_COMPARE_NEAR(r.aic, 278.7026, 2e-4);
        SD_COMPARE_NEAR(r.bic, 289.9514, 2e-4);
        // The forecast of Δy converges to the process mean, so y grows by ≈ mean per quarter.
        const std::vector<ForecastPoint> fc = Sarimax::forecast(r, 200);
        QCOMPARE(fc.size(), size_t(200));
        SD_COMPARE_NEAR(fc[199].mean - fc[198].mean, 0.7498197, 1e-3);
    }

    void missingValuesMatchStatsmodels()
    {
        const QJsonObject g = golden();
        QVERIFY(!g.isEmpty());
        SarimaxData data;
        data.y = TestSeries::csvColumn("forecast/airline_gaps.csv", 1);
        QCOMPARE(data.y.size(), size_t(144));
        QVERIFY(std::isnan(data.y[30]) && std::isnan(data.y[31]) && std::isnan(data.y[100]));

        // Filter check at fixed parameters: only the approximate-diffuse start differs (< 2e-4).
        const QJsonObject fixed = g.value(QStringLiteral("gaps_llf_at_fixed")).toObject();
        const double llfFixed = Sarimax::logLikelihood(airlineSpec(), data, {-0.4, -0.55});
        SD_COMPARE_NEAR(llfFixed, fixed.value(QStringLiteral("llf")).toDouble(), 2e-4);

        const SarimaxResult r = Sarimax::fit(airlineSpec(), data);
        QVERIFY2(r.ok, qPrintable(r.error));
        const QJsonObject c = g.value(QStringLiteral("gaps_concentrated")).toObject();
        const QJsonObject params = c.value(QStringLiteral("params")).toObject();
        SD_COMPARE_NEAR(r.params[0], params.value(QStringLiteral("ma.L1")).toDouble(), 5e-4);
        SD_COMPARE_NEAR(r.params[1], params.value(QStringLiteral("ma.S.L12")).toDouble(), 5e-4);
        SD_COMPARE_NEAR(r.llf, c.value(QStringLiteral("llf")).toDouble(), 2e-4);
        SD_COMPARE_NEAR(r.sigma2, c.value(QStringLiteral("scale")).toDouble(), 1e-6);
        const std::vector<ForecastPoint> fc = Sarimax::forecast(r, 3);
        QCOMPARE(fc.size(), size_t(3));
        const QJsonArray mean = c.value(QStringLiteral("forecast_mean")).toArray();
        const QJsonArray se = c.value(QStringLiteral("forecast_se")).toArray();
        for (int h = 0; h < 3; ++h) {
            SD_COMPARE_NEAR(fc[size_t(h)].mean, mean.at(h).toDouble(), 1e-4);
            SD_COMPARE_NEAR(fc[size_t(h)].se, se.at(h).toDouble(), 1e-4);
        }
        // Residuals are NaN exactly where the data are missing.
        QVERIFY(std::isnan(r.standardizedResiduals[30]));
        QVERIFY(std::isfinite(r.standardizedResiduals[32]));
    }

    // The exact likelihood at R's estimates equals R's (both exact: the data are differenced), and the
    // fit reaches it. A pure seasonal AR leaves the filter's covariance unchanged for the first s − 1
    // steps, which once passed for convergence and kept F = γ(0) throughout (llf −354.41 for fdeaths).
    void likelihoodMatchesR_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("fdeaths SAR(2)") << QStringLiteral("fdeaths_sar2");
        QTest::newRow("log UKgas AR(1)xSAR(1) + mean") << QStringLiteral("UKgas_sar1_ar1");
    }

    void likelihoodMatchesR()
    {
        QFETCH(QString, name);
        const QJsonObject c = rFit(name);
        QVERIFY2(!c.isEmpty(), qPrintable(name));
        SarimaxSpec spec;
        SarimaxData data;
        rModel(c, spec, data);
        const double rLlf = c.value(QStringLiteral("loglik")).toDouble();
        SD_COMPARE_NEAR(Sarimax::logLikelihood(spec, data, rParams(c)), rLlf, 1e-6 * std::abs(rLlf));
        const SarimaxResult r = Sarimax::fit(spec, data);
        QVERIFY2(r.ok && r.converged, qPrintable(r.error));
        SD_COMPARE_NEAR(r.llf, rLlf, 1e-4);
    }

    // Regression with ARMA errors against R's arima(..., xreg =): the LakeHuron case (AR(2)
    // errors near the unit root around a trend; once "did not converge after 1800 iterations"), on a
    // centred index and on raw years, with R's mean either as a regressor of ones or as SmartData's
    // ARMA intercept (mean × (1 − Σφ)).
    void regressionMatchesR_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<bool>("meanAsIntercept");
        for (const char *name : {"LakeHuron_ar2_trend", "LakeHuron_ar2_years", "LakeHuron_arma11_years", "Nile_ar1_trend",
                                 "uspop_ar2_trend"}) {
            QTest::newRow(qPrintable(QStringLiteral("%1 mean as regressor").arg(QLatin1String(name))))
                << QString::fromLatin1(name) << false;
            QTest::newRow(qPrintable(QStringLiteral("%1 mean as intercept").arg(QLatin1String(name))))
                << QString::fromLatin1(name) << true;
        }
    }

    void regressionMatchesR()
    {
        QFETCH(QString, name);
        QFETCH(bool, meanAsIntercept);
        const QJsonObject c = rFit(name);
        QVERIFY2(!c.isEmpty(), qPrintable(name));
        SarimaxSpec spec;
        SarimaxData data;
        rModel(c, spec, data);
        const std::vector<double> expected = rParams(c); // mean, slope, arma
        if (meanAsIntercept) {
            data.exog.erase(data.exog.begin());
            spec.trend = Trend::Constant;
        }
        const SarimaxResult r = Sarimax::fit(spec, data);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.converged);
        SD_COMPARE_NEAR(r.llf, c.value(QStringLiteral("loglik")).toDouble(), 1e-4);
        QCOMPARE(r.params.size(), expected.size());
        std::vector<double> got = r.params;
        if (meanAsIntercept) {
            double arSum = 0.0;
            for (size_t i = 2; i < size_t(2 + spec.p); ++i)
                arSum += got[i];
            got[0] /= 1.0 - arSum;
        }
        for (size_t i = 0; i < got.size(); ++i)
            SD_COMPARE_NEAR(got[i], expected[i], 1e-3 * std::abs(expected[i]) + 1e-5);
    }

    void regressionWithArmaErrors()
    {
        // y = 2 + 0.5·x + AR(1) noise: the regression coefficient is recovered and forecasts use the
        // future regressor values.
        const int n = 300;
        std::vector<double> x(n), y(n);
        double u = 0.0;
        quint32 seed = 12345;
        auto uniform = [&]() {
            seed = seed * 1664525u + 1013904223u;
            return (seed >> 8) / double(1 << 24);
        };
        for (int t = 0; t < n; ++t) {
            x[size_t(t)] = std::sin(t / 5.0) * 3.0 + (t % 7);
            const double e = std::sqrt(-2.0 * std::log(uniform() + 1e-12)) * std::cos(2.0 * M_PI * uniform());
            u = 0.6 * u + 0.3 * e;
            y[size_t(t)] = 2.0 + 0.5 * x[size_t(t)] + u;
        }
        SarimaxData data;
        data.y = y;
        data.exog = {x};
        SarimaxSpec spec;
        spec.p = 1;
        spec.trend = Trend::Constant;
        const SarimaxResult r = Sarimax::fit(spec, data);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(r.paramNames, (QStringList{QStringLiteral("const"), QStringLiteral("x1"), QStringLiteral("ar.L1")}));
        SD_COMPARE_NEAR(r.params[1], 0.5, 0.03);
        SD_COMPARE_NEAR(r.params[2], 0.6, 0.1);
        QVERIFY(std::isfinite(r.standardErrors[1]) && r.standardErrors[1] > 0.0);
        QString error;
        QVERIFY(Sarimax::forecast(r, 5, {}, &error).empty());
        QVERIFY(!error.isEmpty());
        const std::vector<ForecastPoint> fc = Sarimax::forecast(r, 5, {{10.0, 10.0, 10.0, 10.0, 10.0}}, &error);
        QCOMPARE(fc.size(), size_t(5));
        const double mean = r.params[0] / (1.0 - r.params[2]);
        // Far ahead the forecast approaches mean + β·x.
        const std::vector<ForecastPoint> far = Sarimax::forecast(r, 60, {std::vector<double>(60, 10.0)}, &error);
        SD_COMPARE_NEAR(far.back().mean, mean + r.params[1] * 10.0, 1e-6);
    }

    void unusableStartingValuesAreIgnored()
    {
        // A non-stationary AR start of a larger block than the MA block that follows used to be
        // written past the end of the parameter vector (caught by valgrind/ASan); now such starts
        // are rejected and Hannan–Rissanen's are used.
        SarimaxData data;
        data.y = TestSeries::wpi();
        SarimaxSpec spec;
        spec.p = 2;
        spec.d = 1;
        spec.q = 1;
        SarimaxOptions options;
        options.startParams = {1.5, 0.4, 0.2};
        const SarimaxResult fromBadStart = Sarimax::fit(spec, data, options);
        QVERIFY2(fromBadStart.ok, qPrintable(fromBadStart.error));
        const SarimaxResult fromDefault = Sarimax::fit(spec, data);
        QVERIFY(fromDefault.ok);
        SD_COMPARE_NEAR(fromBadStart.llf, fromDefault.llf, 1e-6);
        // A good start is used and reaches the same optimum.
        options.startParams = fromDefault.params;
        const SarimaxResult warm = Sarimax::fit(spec, data, options);
        QVERIFY(warm.ok);
        SD_COMPARE_NEAR(warm.llf, fromDefault.llf, 1e-6);
        QVERIFY(warm.functionEvaluations <= fromDefault.functionEvaluations);
    }

    // The selection search evaluates CSS through the seasonal factors in turn; it must give the
    // residuals of the expanded polynomials R's CSS uses, conditioning included.
    void cssThroughFactorsMatchesExpandedPolynomials_data()
    {
        QTest::addColumn<QList<int>>("order"); // p, q, P, Q
        QTest::newRow("(2,2)(1,1)") << QList<int>{2, 2, 1, 1};
        QTest::newRow("(0,1)(0,1)") << QList<int>{0, 1, 0, 1};
        QTest::newRow("(1,0)(2,0)") << QList<int>{1, 0, 2, 0};
        QTest::newRow("(3,2)(2,2)") << QList<int>{3, 2, 2, 2};
        QTest::newRow("(0,0)(1,0)") << QList<int>{0, 0, 1, 0};
        QTest::newRow("(2,0)(0,2)") << QList<int>{2, 0, 0, 2};
        QTest::newRow("(4,5)(1,1)") << QList<int>{4, 5, 1, 1};
    }
    void cssThroughFactorsMatchesExpandedPolynomials()
    {
        QFETCH(QList<int>, order);
        std::vector<double> z(400);
        quint32 seed = 7;
        for (double &v : z) {
            seed = seed * 1664525u + 1013904223u;
            v = (seed >> 8) / double(1 << 24) - 0.5;
        }
        SarimaxSpec spec;
        spec.p = order[0];
        spec.q = order[1];
        spec.P = order[2];
        spec.Q = order[3];
        spec.D = 1;
        spec.s = 7;
        ArmaKernel::ParamView view;
        for (int i = 0; i < spec.p; ++i)
            view.ar.push_back(0.3 / (i + 2));
        for (int i = 0; i < spec.q; ++i)
            view.ma.push_back(-0.35 / (i + 2));
        for (int i = 0; i < spec.P; ++i)
            view.sar.push_back(0.25 / (i + 1));
        for (int i = 0; i < spec.Q; ++i)
            view.sma.push_back(-0.6 / (i + 1));
        const ArmaKernel::Polynomials poly = ArmaKernel::reduce(spec, view);
        int usedExpanded = 0, usedFactored = 0;
        const double expanded = ArmaKernel::cssVariance(poly, z, &usedExpanded);
        const double factored = ArmaKernel::cssVariance(poly, z, &usedFactored, &view, spec.s);
        QCOMPARE(usedFactored, usedExpanded);
        QVERIFY(std::isfinite(expanded));
        QVERIFY2(std::abs(factored - expanded) <= 1e-13 * expanded,
                 qPrintable(QStringLiteral("%1 vs %2").arg(factored, 0, 'g', 17).arg(expanded, 0, 'g', 17)));
    }

    // The root test of auto selection (the step-down of the scaled polynomial) against the companion
    // eigenvalues, on polynomials with roots placed on both sides of the bound.
    void rootsOutsideMatchesEigenvalues()
    {
        // (1 − a L)(1 − b L^4) multiplied out: roots of modulus 1/|a| and |b|^(−1/4).
        for (const double a : {0.5, -0.97, 0.989, 0.991})
            for (const double b : {0.3, -0.95, 0.96, 0.99}) {
                std::vector<double> phi(5, 0.0);
                phi[0] = a;
                phi[3] = b;
                phi[4] = -a * b;
                const double smallest = 1.0 / std::max(ArmaKernel::maxInverseRoot(phi), 1e-300);
                QCOMPARE(ArmaKernel::rootsOutside(phi, 1.0, 1.01), smallest > 1.01);
                // The same coefficients as an MA polynomial 1 + Σ θ L^k have roots of the negated ones.
                std::vector<double> theta(phi.size());
                for (size_t k = 0; k < phi.size(); ++k)
                    theta[k] = -phi[k];
                QCOMPARE(ArmaKernel::rootsOutside(theta, -1.0, 1.01), smallest > 1.01);
            }
        // Trailing coefficients at or below 1e-8 are trimmed, as forecast's myarima does.
        QVERIFY(ArmaKernel::rootsOutside({0.5, 1e-9}, 1.0, 1.01));
        QVERIFY(ArmaKernel::rootsOutside({}, 1.0, 1.01));
    }

    // Seasonal differences of a fixed weekly pattern plus noise: the exact MLE of the seasonal MA is
    // the unit root, which the transformed coordinates reach only at infinity. With
    // abandonWithinRoot the fit stops early on the way there, inside the bound, as the full fit ends.
    void fitGivesUpCreepingToUnitRoot()
    {
        SarimaxData data;
        quint32 seed = 11;
        for (int t = 0; t < 730; ++t) {
            seed = seed * 1664525u + 1013904223u;
            const double u = (seed >> 8) / double(1 << 24) - 0.5;
            data.y.push_back(100.0 + 0.3 * t + (t % 7) * 5.0 + 8.0 * u);
        }
        SarimaxSpec spec;
        spec.D = 1;
        spec.Q = 1;
        spec.s = 7;
        spec.trend = Trend::Constant;
        SarimaxOptions full;
        full.computeStandardErrors = false;
        full.computeDiagnostics = false;
        SarimaxOptions givingUp = full;
        givingUp.abandonWithinRoot = 1.01;
        const SarimaxResult complete = Sarimax::fit(spec, data, full);
        const SarimaxResult abandoned = Sarimax::fit(spec, data, givingUp);
        QVERIFY2(complete.ok && abandoned.ok, qPrintable(complete.error + abandoned.error));
        const double sma = complete.params.back();
        QVERIFY2(sma < -0.99, qPrintable(QString::number(sma)));
        QVERIFY(!abandoned.converged);
        QVERIFY2(abandoned.params.back() < -1.0 / 1.01, qPrintable(QString::number(abandoned.params.back())));
        QVERIFY2(abandoned.functionEvaluations < complete.functionEvaluations,
                 qPrintable(QStringLiteral("%1 vs %2").arg(abandoned.functionEvaluations).arg(complete.functionEvaluations)));
        // A fit whose optimum lies well inside the region is not affected.
        SarimaxSpec ar;
        ar.p = 1;
        SarimaxData arData;
        double x = 0.0;
        for (int t = 0; t < 300; ++t) {
            seed = seed * 1664525u + 1013904223u;
            x = 0.5 * x + ((seed >> 8) / double(1 << 24) - 0.5);
            arData.y.push_back(x);
        }
        const SarimaxResult arFull = Sarimax::fit(ar, arData, full);
        const SarimaxResult arGivingUp = Sarimax::fit(ar, arData, givingUp);
        QVERIFY(arGivingUp.converged);
        QCOMPARE(arGivingUp.params, arFull.params);
    }

    void invalidInputIsAnError()
    {
        SarimaxData data;
        data.y = {1.0, 2.0, 3.0};
        const SarimaxResult shortFit = Sarimax::fit(airlineSpec(), data);
        QVERIFY(!shortFit.ok);
        QVERIFY(!shortFit.error.isEmpty());
        SarimaxSpec bad;
        bad.P = 1; // seasonal without a period
        QVERIFY(!Sarimax::fit(bad, data).ok);
        data.y.assign(50, 1.0);
        data.exog = {std::vector<double>(49, 0.0)};
        QVERIFY(!Sarimax::fit(SarimaxSpec{}, data).ok);
    }
};

QTEST_GUILESS_MAIN(TestSarimax)
#include "tst_sarimax.moc"
