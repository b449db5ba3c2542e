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
        // Without a seasonal-naive reference the score is the accuracy term, 100·(1 − sMAPE/50).
        QTest::newRow("A") << 5.0 << 0.8 << 90.0 << QChar(u'A');
        QTest::newRow("A boundary") << 7.5 << 1.0 << 85.0 << QChar(u'A');
        QTest::newRow("B") << 12.5 << 1.25 << 75.0 << QChar(u'B');
        QTest::newRow("C") << 20.0 << 1.0 << 60.0 << QChar(u'C');
        QTest::newRow("D") << 30.0 << 2.0 << 40.0 << QChar(u'D');
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

    void scoreWithSkill()
    {
        AccuracyMetrics model, naive;
        model.count = naive.count = 10;
        model.smape = 10.0; // accuracy 80
        model.mae = 5.0;
        naive.mae = 10.0;   // r = 0.5: skill 75
        SD_COMPARE_NEAR(Reliability::score(model, naive), 0.6 * 80.0 + 0.4 * 75.0, 1e-12);
        naive.mae = 2.5;    // r = 2: skill 0
        SD_COMPARE_NEAR(Reliability::score(model, naive), 48.0, 1e-12);
        naive.mae = 0.0;    // no usable reference: accuracy alone
        SD_COMPARE_NEAR(Reliability::score(model, naive), 80.0, 1e-12);
        QVERIFY(Reliability::formulaText().contains(QStringLiteral("seasonal-naive")));
    }

    // Issue 20: a 60-day series forecast with MAPE about 4% got score 0 and grade D from the old
    // formula (MASE scaled by one-step errors, multi-step backtest). Now it grades B or better, and the
    // same series forecast badly (a constant far from the level) still grades D.
    void sixtyDaySeriesWithSmallMapeIsNotGradedD()
    {
        std::vector<double> y(60);
        unsigned state = 12345u;
        auto noise = [&state] {
            state = state * 1103515245u + 12345u;
            return double((state >> 16) & 0x7fff) / 32767.0 - 0.5;
        };
        for (int t = 0; t < 60; ++t)
            y[size_t(t)] = 1000.0 * (1.0 + 0.15 * std::sin(2.0 * M_PI * t / 7.0)) * (1.0 + 0.08 * noise()) + 2.0 * t;
        BacktestOptions options;
        options.folds = 5;
        options.horizon = 7;
        options.period = 7;
        // The mean of the last three weeks' same weekday: a reasonable seasonal model.
        const BacktestResult good = Reliability::backtest(
            y,
            [](const std::vector<double> &train, int h) {
                std::vector<double> out;
                const int n = int(train.size());
                for (int k = 1; k <= h; ++k) {
                    double sum = 0.0;
                    for (int w = 1; w <= 3; ++w)
                        sum += train[size_t(n - 7 * w + (k - 1) % 7)];
                    out.push_back(sum / 3.0);
                }
                return out;
            },
            options);
        QVERIFY2(good.overall.mape < 5.0, qPrintable(QString::number(good.overall.mape)));
        QVERIFY(good.seasonalNaive.count == good.overall.count);
        QVERIFY2(good.score >= 70.0, qPrintable(QString::number(good.score)));
        QVERIFY(good.grade == QLatin1Char('A') || good.grade == QLatin1Char('B'));
        const BacktestResult bad = Reliability::backtest(
            y, [](const std::vector<double> &, int h) { return std::vector<double>(size_t(h), 500.0); }, options);
        QCOMPARE(bad.grade, QLatin1Char('D'));
        QVERIFY(bad.relativeMae > 2.0);
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
