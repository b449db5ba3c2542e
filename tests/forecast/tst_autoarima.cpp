// Automatic order selection against forecast::auto.arima (R 4.2.2, forecast 8.20; golden_r.json).

#include "forecast/autoarima.h"

#include "fuzzy.h"
#include "testseries.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Forecast;

class TestAutoArima final : public QObject
{
    Q_OBJECT

private:
    static QJsonObject golden()
    {
        QFile file(TestData::path("forecast/golden_r.json"));
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(file.readAll()).object();
    }

    static QList<int> orderOf(const SarimaxSpec &s)
    {
        if (s.seasonalPeriod() == 0)
            return {s.p, s.d, s.q};
        return {s.p, s.d, s.q, s.P, s.D, s.Q, s.s};
    }

    static QList<int> toList(const QJsonValue &v)
    {
        QList<int> out;
        for (const QJsonValue &x : v.toArray())
            out << x.toInt();
        return out;
    }

private slots:
    void kpssMatchesUrca()
    {
        const std::vector<double> www = TestSeries::csvColumn("forecast/wwwusage.csv", 0);
        QCOMPARE(www.size(), size_t(100));
        // FORECASTING.md §2.2: ur.kpss(WWWusage, type = "mu", use.lag = 2) = 0.7219743181.
        SD_COMPARE_NEAR(AutoArima::kpssStatistic(www), 0.7219743181, 1e-9);
        SD_COMPARE_NEAR(AutoArima::kpssStatistic(www), golden().value(QStringLiteral("kpss_wwwusage")).toDouble(), 1e-9);
        QCOMPARE(AutoArima::ndiffs(www), golden().value(QStringLiteral("ndiffs_wwwusage")).toInt());
    }

    void seasonalDifferencing()
    {
        const std::vector<double> y = TestSeries::logAirPassengers();
        QVERIFY(AutoArima::seasonalStrength(y, 12) > 0.64);
        QCOMPARE(AutoArima::nsdiffs(y, 12), golden().value(QStringLiteral("nsdiffs_log_airpassengers")).toInt());
        // White-noise-like data have no seasonal strength to speak of.
        std::vector<double> flat(120);
        for (size_t t = 0; t < flat.size(); ++t)
            flat[t] = std::sin(double(t) * 0.37) * 0.1 + double(t) * 0.01;
        QCOMPARE(AutoArima::nsdiffs(flat, 12), 0);
    }

    void airlineIsSelected()
    {
        SarimaxData data;
        data.y = TestSeries::logAirPassengers();
        const AutoArimaResult r = AutoArima::select(data, 12);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(!r.approximation);
        QCOMPARE(orderOf(r.model.spec), toList(golden().value(QStringLiteral("auto_log_airpassengers"))));
        QCOMPARE(r.model.spec.trend, Trend::None);
        // Our AICc uses the exact likelihood (244.6965); R's carries the +0.003 diffuse bias.
        SD_COMPARE_NEAR(r.model.aicc, golden().value(QStringLiteral("auto_log_airpassengers_aicc")).toDouble(), 1e-2);
        QVERIFY(r.modelsFitted >= 5 && r.modelsFitted <= 94);
    }

    void nonSeasonalSeries_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("column");
        QTest::addColumn<QString>("key");
        QTest::newRow("WWWusage") << QStringLiteral("forecast/wwwusage.csv") << 0 << QStringLiteral("auto_wwwusage");
    }

    void nonSeasonalSeries()
    {
        QFETCH(QString, file);
        QFETCH(int, column);
        QFETCH(QString, key);
        SarimaxData data;
        data.y = TestSeries::csvColumn(file.toUtf8().constData(), column);
        const AutoArimaResult r = AutoArima::select(data, 1);
        QVERIFY2(r.ok, qPrintable(r.error));
        QCOMPARE(orderOf(r.model.spec), toList(golden().value(key)));
    }

    void approximationModeOnLongSeries()
    {
        // 3 years of a daily series with weekly seasonality: n > 150 switches to CSS during the search
        // and still yields a model fitted by exact ML.
        std::vector<double> y(1095);
        double level = 100.0, e1 = 0.0;
        quint32 seed = 7;
        auto noise = [&]() {
            seed = seed * 1664525u + 1013904223u;
            return ((seed >> 8) / double(1 << 24)) - 0.5;
        };
        for (size_t t = 0; t < y.size(); ++t) {
            const double e = noise();
            level += 0.05 + 0.5 * e;
            y[t] = level + 5.0 * std::sin(2.0 * M_PI * double(t % 7) / 7.0) + e + 0.4 * e1;
            e1 = e;
        }
        SarimaxData data;
        data.y = y;
        const AutoArimaResult r = AutoArima::select(data, 7);
        QVERIFY2(r.ok, qPrintable(r.error));
        QVERIFY(r.approximation);
        QCOMPARE(r.model.method, EstimationMethod::ExactMl);
        QCOMPARE(r.model.spec.D, 1);
        QVERIFY(r.model.converged);
    }
};

QTEST_GUILESS_MAIN(TestAutoArima)
#include "tst_autoarima.moc"
