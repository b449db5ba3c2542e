// Robust (median / MAD) z-score: hand-computed cases, MAD = 0, gaps, seasonal, and a brute-force
// reference (sort per window) on random series with ties and gaps.

#include "anomaly/anomalydetector.h"
#include "anomaly/robustzscore.h"

#include "anomalytesthelpers.h"
#include "fuzzy.h"

#include <QTest>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

using namespace Anomaly;

Q_DECLARE_METATYPE(std::vector<double>)

namespace {

std::vector<qint64> consecutive(size_t n)
{
    std::vector<qint64> p(n);
    std::iota(p.begin(), p.end(), qint64(0));
    return p;
}

double medianOf(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    const size_t n = v.size();
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::vector<WindowScore> referenceRobustZ(const std::vector<qint64> &pos, const std::vector<double> &x, int window,
                                          double threshold)
{
    std::vector<WindowScore> out(x.size());
    for (size_t i = 0; i < x.size(); ++i) {
        std::vector<double> w;
        for (size_t j = 0; j < i; ++j) {
            if (pos[j] >= pos[i] - window)
                w.push_back(x[j]);
        }
        if (w.size() < 2)
            continue;
        const double med = medianOf(w);
        std::vector<double> dev;
        for (double v : w)
            dev.push_back(std::abs(v - med));
        const double mad = medianOf(dev);
        out[i].computable = true;
        if (mad == 0) {
            out[i].z = x[i] == med ? 0.0 : std::copysign(kZClamp, x[i] - med);
            out[i].isOutlier = x[i] != med;
        } else {
            out[i].z = (x[i] - med) / (1.4826 * mad);
            out[i].isOutlier = std::abs(out[i].z) >= threshold;
        }
    }
    return out;
}

} // namespace

class TestRobustZScore final : public QObject
{
    Q_OBJECT

private slots:
    void handComputed_data();
    void handComputed();
    void kthAbsoluteDeviation();
    void defaultsAndPredecessorFixture();
    void gapsAndSeasonal();
    void matchesReference_data();
    void matchesReference();
};

void TestRobustZScore::handComputed_data()
{
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<int>("window");
    QTest::addColumn<std::vector<double>>("expectedZ"); // NaN = not computable
    QTest::addColumn<QList<bool>>("expectedOutlier");
    const double na = std::nan("");

    // d3: [10,12] med 11, |dev| [1,1] MAD 1 -> 0; d4: [10,12,11] med 11, MAD 1 -> 2/1.4826;
    // d5: [10,11,12,13] med 11.5, |dev| [.5,.5,1.5,1.5] MAD 1 -> 38.5/1.4826;
    // d6: [10,12,11,13,50] med 12, |dev| [0,1,1,2,38] MAD 1 -> 0.
    QTest::newRow("window 5") << std::vector<double>{10, 12, 11, 13, 50, 12} << 5
                              << std::vector<double>{na, na, 0.0, 1.3489815189531904, 25.967894239848917, 0.0}
                              << QList<bool>{false, false, false, false, true, false};
    // MAD = 0 like sd = 0: equal to the median -> 0; different -> +-1e9 and flagged.
    QTest::newRow("MAD zero") << std::vector<double>{7, 7, 7, 8, 7, 6} << 4
                              << std::vector<double>{na, na, 0.0, 1e9, 0.0, -1e9}
                              << QList<bool>{false, false, false, true, false, true};
    QTest::newRow("fewer than 2 prior days") << std::vector<double>{1, 1000} << 7 << std::vector<double>{na, na}
                                             << QList<bool>{false, false};
    // Window 2: [1, 5] median 3, MAD 2 -> (9 - 3) / 2.9652 = 2.0235; [5, 9] median 7, MAD 2 -> -7/2.9652.
    QTest::newRow("window 2") << std::vector<double>{1, 5, 9, 0} << 2
                              << std::vector<double>{na, na, 6 / (1.4826 * 2), -7 / (1.4826 * 2)}
                              << QList<bool>{false, false, false, false};
    // A spike in the window does not move the median: [10, 10, 11, 1000] median 10.5, MAD 0.5.
    QTest::newRow("robust to a past spike") << std::vector<double>{10, 10, 11, 1000, 12} << 4
                                            << std::vector<double>{na, na, 1e9, 1e9, 1.5 / (1.4826 * 0.5)}
                                            << QList<bool>{false, false, true, true, false};
}

void TestRobustZScore::handComputed()
{
    QFETCH(std::vector<double>, values);
    QFETCH(int, window);
    QFETCH(std::vector<double>, expectedZ);
    QFETCH(QList<bool>, expectedOutlier);
    const std::vector<WindowScore> s = RobustZScore::score(consecutive(values.size()), values, window, 3.5);
    for (size_t i = 0; i < s.size(); ++i) {
        QCOMPARE(s[i].computable, !std::isnan(expectedZ[i]));
        if (s[i].computable)
            SD_COMPARE_NEAR(s[i].z, expectedZ[i], 1e-12 * std::max(1.0, std::abs(expectedZ[i])));
        QCOMPARE(s[i].isOutlier, expectedOutlier[qsizetype(i)]);
    }
}

void TestRobustZScore::kthAbsoluteDeviation()
{
    std::mt19937_64 rng(7);
    for (int round = 0; round < 2000; ++round) {
        const size_t n = 1 + rng() % 12;
        std::vector<double> v(n);
        for (double &x : v)
            x = double(rng() % 7);
        std::sort(v.begin(), v.end());
        const double centre = round % 3 == 0 ? v[rng() % n] : double(rng() % 9) - 1 + 0.5 * double(round % 2);
        std::vector<double> dev;
        for (double x : v)
            dev.push_back(std::abs(x - centre));
        std::sort(dev.begin(), dev.end());
        for (size_t k = 0; k < n; ++k)
            QCOMPARE(RobustZScore::kthAbsoluteDeviation(v, centre, k), dev[k]);
    }
}

void TestRobustZScore::defaultsAndPredecessorFixture()
{
    const AnomalyParams params = AnomalyParams::predecessorDefaults(Method::RobustZ);
    QCOMPARE(params.threshold, 3.5);
    QCOMPARE(params.window, 7);
    const DailySeries series = AnomalyTest::readMetricDailyCsv(TestData::path("anomaly/metric_daily_anomaly_spike_input.csv"));
    const auto result = AnomalyDetector::run(series, params);
    QVERIFY(result.ok());
    // 2025-09-06 sees 10, 11, 9, 10, 10: median 10, MAD 0 -> flagged with z = 1e9.
    const QList<AnomalyPoint> anomalies = result->anomalies();
    QCOMPARE(anomalies.size(), 1);
    QCOMPARE(anomalies.first().day, QDate(2025, 9, 6));
    QCOMPARE(*anomalies.first().score, 1e9);
    QCOMPARE(result->toApiJson().value(QStringLiteral("method")).toString(), QStringLiteral("mad"));
}

void TestRobustZScore::gapsAndSeasonal()
{
    // Calendar window over a gap: Jan 1, 2, 3 then Jan 6 with window 3 -> Jan 3..5 holds one value only.
    AnomalyParams params = AnomalyParams::predecessorDefaults(Method::RobustZ);
    params.window = 3;
    const auto gap = AnomalyDetector::run(
        AnomalyTest::sumSeries(QList<QDate>{QDate(2025, 1, 1), QDate(2025, 1, 2), QDate(2025, 1, 3), QDate(2025, 1, 6)},
                               {1, 2, 4, 100}),
        params);
    QVERIFY(gap.ok());
    QVERIFY(gap->points.at(2).score.has_value());
    QVERIFY(!gap->points.at(3).score.has_value());
    QVERIFY(!gap->points.at(3).isOutlier);

    // Seasonal: Mondays 200, other days 100 with a little noise. Non-seasonal robust z flags the
    // Mondays; seasonal compares Mondays with Mondays and flags nothing.
    std::vector<double> values;
    for (int i = 0; i < 56; ++i)
        values.push_back((i % 7 == 0 ? 200.0 : 100.0) + double((i * 5) % 3));
    const DailySeries series = AnomalyTest::sumSeries(QDate(2025, 1, 6), values);
    AnomalyParams plain = AnomalyParams::predecessorDefaults(Method::RobustZ);
    AnomalyParams seasonal = plain;
    seasonal.seasonal = true;
    const auto p = AnomalyDetector::run(series, plain);
    const auto s = AnomalyDetector::run(series, seasonal);
    int mondaysFlagged = 0;
    for (const AnomalyPoint &a : p->anomalies())
        mondaysFlagged += a.day.dayOfWeek() == 1 ? 1 : 0;
    QCOMPARE(mondaysFlagged, 7);
    QVERIFY(s->anomalies().isEmpty());
    for (const AnomalyPoint &point : s->points)
        QVERIFY(!point.score || std::isfinite(*point.score));
}

void TestRobustZScore::matchesReference_data()
{
    QTest::addColumn<int>("window");
    QTest::addColumn<bool>("integers");
    QTest::addColumn<int>("maxStep");
    QTest::newRow("w2 integers") << 2 << true << 1;
    QTest::newRow("w7 integers with ties, gaps") << 7 << true << 3;
    QTest::newRow("w8 real, gaps") << 8 << false << 2;
    QTest::newRow("w4 integers with ties") << 4 << true << 1;
    QTest::newRow("w10 integers with ties, gaps") << 10 << true << 2;
    QTest::newRow("w100 real, gaps") << 100 << false << 3;
    QTest::newRow("w30 real") << 30 << false << 1;
    QTest::newRow("w365 integers, gaps") << 365 << true << 3;
}

void TestRobustZScore::matchesReference()
{
    QFETCH(int, window);
    QFETCH(bool, integers);
    QFETCH(int, maxStep);
    std::mt19937_64 rng(99 + quint64(window));
    std::vector<qint64> pos;
    std::vector<double> x;
    qint64 at = 0;
    for (int i = 0; i < 1200; ++i) {
        at += 1 + qint64(rng() % quint64(maxStep));
        pos.push_back(at);
        const double u = double(rng() >> 11) * 0x1.0p-53;
        x.push_back(integers ? std::floor(u * 5) : 100.0 * u + (i % 53 == 0 ? 400 : 0));
    }
    const std::vector<WindowScore> fast = RobustZScore::score(pos, x, window, 3.5);
    const std::vector<WindowScore> ref = referenceRobustZ(pos, x, window, 3.5);
    for (size_t i = 0; i < x.size(); ++i) {
        QCOMPARE(fast[i].computable, ref[i].computable);
        QVERIFY(std::isfinite(fast[i].z));
        if (!ref[i].computable)
            continue;
        SD_COMPARE_NEAR(fast[i].z, ref[i].z, 1e-12 * std::max(1.0, std::abs(ref[i].z)));
        QCOMPARE(fast[i].isOutlier, ref[i].isOutlier);
    }
}

QTEST_GUILESS_MAIN(TestRobustZScore)
#include "tst_robustzscore.moc"
