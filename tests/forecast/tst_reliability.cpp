// Accuracy metrics, backtest, score and grade on hand-computed cases, and the predecessor's formulas.

#include "forecast/reliability.h"

#include "fuzzy.h"

#include <QTest>

#include <cmath>

using namespace Forecast;

class TestReliability final : public QObject
{
    Q_OBJECT

private slots:
    void metricsByHand()
    {
        // actual 100, 200, 0; forecast 110, 180, 10. Errors −10, 20, −10.
        const std::vector<double> actual{100, 200, 0};
        const std::vector<double> predicted{110, 180, 10};
        const std::vector<double> training{90, 100, 95, 105}; // |Δ| = 10, 5, 10 → scale 25/3
        const AccuracyMetrics m = Reliability::metrics(actual, predicted, training, 1);
        QCOMPARE(m.count, 3);
        SD_COMPARE_NEAR(m.mae, 40.0 / 3.0, 1e-12);
        SD_COMPARE_NEAR(m.rmse, std::sqrt(600.0 / 3.0), 1e-12);
        // MAPE skips the zero actual: (10% + 10%)/2.
        QVERIFY(m.mapeDefined);
        QCOMPARE(m.zeroActuals, 1);
        SD_COMPARE_NEAR(m.mape, 10.0, 1e-12);
        // sMAPE: 200·(10/210 + 20/380 + 10/10)/3.
        SD_COMPARE_NEAR(m.smape, 200.0 * (10.0 / 210.0 + 20.0 / 380.0 + 1.0) / 3.0, 1e-12);
        QVERIFY(m.maseDefined);
        SD_COMPARE_NEAR(m.mase, (40.0 / 3.0) / (25.0 / 3.0), 1e-12);
    }

    void undefinedCases()
    {
        const AccuracyMetrics zeros = Reliability::metrics({0, 0}, {1, 0}, {5, 5, 5}, 1);
        QVERIFY(!zeros.mapeDefined);
        QVERIFY(std::isnan(zeros.mape));
        QVERIFY(!zeros.maseDefined); // constant history: MASE scale 0
        SD_COMPARE_NEAR(zeros.smape, 100.0, 1e-12); // 200·(1/1 + 0)/2; the 0/0 term counts as 0
        const AccuracyMetrics none = Reliability::metrics({NAN}, {1.0});
        QCOMPARE(none.count, 0);
        QCOMPARE(Reliability::score(none), 0.0);
    }

    void scoreAndGrade_data()
    {
        QTest::addColumn<double>("smape");
        QTest::addColumn<double>("mase");
        QTest::addColumn<double>("score");
        QTest::addColumn<QChar>("grade");
        QTest::newRow("A") << 10.0 << 0.8 << 90.0 << QChar(u'A');
        QTest::newRow("A boundary") << 15.0 << 1.0 << 85.0 << QChar(u'A');
        QTest::newRow("B") << 20.0 << 1.25 << 75.0 << QChar(u'B');
        QTest::newRow("C") << 40.0 << 1.0 << 60.0 << QChar(u'C');
        QTest::newRow("D") << 40.0 << 2.0 << 40.0 << QChar(u'D');
        QTest::newRow("clamped") << 150.0 << 3.0 << 0.0 << QChar(u'D');
    }

    void scoreAndGrade()
    {
        QFETCH(double, smape);
        QFETCH(double, mase);
        QFETCH(double, score);
        QFETCH(QChar, grade);
        AccuracyMetrics m;
        m.count = 1;
        m.smape = smape;
        m.mase = mase;
        m.maseDefined = true;
        SD_COMPARE_NEAR(Reliability::score(m), score, 1e-12);
        QCOMPARE(Reliability::grade(Reliability::score(m)), grade);
    }

    void rollingOriginBacktest()
    {
        // y = t: a naive forecast is off by h at step h, so MAE over h = 1..2 is 1.5 in every fold.
        std::vector<double> y(20);
        for (size_t t = 0; t < y.size(); ++t)
            y[t] = double(t + 1);
        BacktestOptions options;
        options.folds = 3;
        options.horizon = 2;
        options.window = 5;
        QList<int> trainingSizes;
        const BacktestResult r = Reliability::backtest(
            y,
            [&](const std::vector<double> &train, int h) {
                trainingSizes << int(train.size());
                return std::vector<double>(size_t(h), train.back());
            },
            options);
        QCOMPARE(r.folds.size(), size_t(3));
        QCOMPARE(r.folds[0].origin, 14);
        QCOMPARE(r.folds[2].origin, 18);
        QCOMPARE(trainingSizes, (QList<int>{5, 5, 5}));
        for (const BacktestFold &f : r.folds)
            SD_COMPARE_NEAR(f.metrics.mae, 1.5, 1e-12);
        SD_COMPARE_NEAR(r.overall.mae, 1.5, 1e-12);
        SD_COMPARE_NEAR(r.overall.mase, 1.5, 1e-12); // training steps are all 1
        QVERIFY(r.score > 0.0 && r.score <= 100.0);
    }

    void predecessorFormulas()
    {
        const std::vector<double> actual{100, 0, 50};
        const std::vector<double> predicted{90, 0, 60};
        // MAPE: (10/100 + 0/1e-6 + 10/50)/3·100 = 10.
        SD_COMPARE_NEAR(Reliability::predecessorMape(actual, predicted), 10.0, 1e-9);
        // half-sMAPE: 100·(10/190 + 0 (0/1) + 10/110)/3.
        const double half = 100.0 * (10.0 / 190.0 + 0.0 + 10.0 / 110.0) / 3.0;
        SD_COMPARE_NEAR(Reliability::predecessorHalfSmape(actual, predicted), half, 1e-12);
        SD_COMPARE_NEAR(Reliability::predecessorBacktestScore(10.0, half), 100.0 - (10.0 + half) / 2.0, 1e-12);
        QCOMPARE(Reliability::predecessorBacktestScore(300.0, 100.0), 0.0);
        // Stored run: 100 − 20/2 − (30 − 10)/10 = 88, truncated to an integer.
        QCOMPARE(Reliability::predecessorStoredRunScore({10.0, 20.0, 30.0}), 88);
        QCOMPARE(Reliability::predecessorStoredRunScore({10.5}), 94);
        QCOMPARE(Reliability::predecessorStoredRunScore({500.0, 0.0}), 0);
        QCOMPARE(Reliability::predecessorStoredRunScore({}), 0);
    }
};

QTEST_GUILESS_MAIN(TestReliability)
#include "tst_reliability.moc"
