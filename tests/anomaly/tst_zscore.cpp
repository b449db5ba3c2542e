// Rolling z-score: hand-computed cases, the predecessor's fixture, gaps, the seasonal variant and a
// brute-force reference on random series with gaps.

#include "anomaly/anomalydetector.h"
#include "anomaly/rollingzscore.h"

#include "anomalytesthelpers.h"
#include "fuzzy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>
#include <numeric>
#include <optional>
#include <random>

using namespace Anomaly;

Q_DECLARE_METATYPE(std::vector<double>)

namespace {

using OptZ = std::optional<double>;

std::vector<qint64> consecutive(size_t n)
{
    std::vector<qint64> p(n);
    std::iota(p.begin(), p.end(), qint64(0));
    return p;
}

// The definition, written the slow obvious way: two-pass mean and sample sd per window.
std::vector<WindowScore> referenceRollingZ(const std::vector<qint64> &pos, const std::vector<double> &x, int window,
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
        double mean = 0;
        for (double v : w)
            mean += v;
        mean /= double(w.size());
        double ss = 0;
        for (double v : w)
            ss += (v - mean) * (v - mean);
        const bool constant = std::all_of(w.begin(), w.end(), [&](double v) { return v == w.front(); });
        out[i].computable = true;
        if (constant) {
            out[i].z = x[i] == w.front() ? 0.0 : std::copysign(kZClamp, x[i] - w.front());
            out[i].isOutlier = x[i] != w.front();
        } else {
            out[i].z = (x[i] - mean) / std::sqrt(ss / double(w.size() - 1));
            out[i].isOutlier = std::abs(out[i].z) >= threshold;
        }
    }
    return out;
}

} // namespace

class TestRollingZScore final : public QObject
{
    Q_OBJECT

private slots:
    void handComputed_data();
    void handComputed();
    void predecessorFixture();
    void predecessorFixtureGoldenJson();
    void gapsCountCalendarDays();
    void nullFieldIsMissing();
    void monthlyAndWeeklySeriesCountTheirOwnSteps();
    void seasonalComparesSameWeekday();
    void seasonalWindowCountsCalendarWeeks();
    void matchesReference_data();
    void matchesReference();
    void longSeriesStaysAccurate();
    void invalidParametersAreErrors_data();
    void invalidParametersAreErrors();
};

void TestRollingZScore::handComputed_data()
{
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<int>("window");
    QTest::addColumn<double>("threshold");
    QTest::addColumn<std::vector<double>>("expectedZ"); // NaN = not computable
    QTest::addColumn<QList<bool>>("expectedOutlier");
    const double na = std::nan("");

    // d3: [1,2] mean 1.5 sd sqrt(0.5) -> 2.1213; d4: [1,2,3] mean 2 sd 1 -> 8;
    // d5: [2,3,10] mean 5 sd sqrt(19) -> -0.2294; d6: [3,10,4] mean 17/3 sd sqrt(43/3) -> -0.4402.
    QTest::newRow("window 3") << std::vector<double>{1, 2, 3, 10, 4, 4} << 3 << 2.0
                              << std::vector<double>{na, na, 2.1213203435596424, 8.0, -0.22941573387056174, -0.440225453162812}
                              << QList<bool>{false, false, true, true, false, false};
    QTest::newRow("threshold is inclusive") << std::vector<double>{1, 2, 3, 10} << 3 << 8.0
                                            << std::vector<double>{na, na, 2.1213203435596424, 8.0}
                                            << QList<bool>{false, false, false, true};
    QTest::newRow("fewer than 2 prior days") << std::vector<double>{5, 500} << 7 << 3.0
                                             << std::vector<double>{na, na} << QList<bool>{false, false};
    // Constant windows: equal value -> z 0, different value -> +-1e9 and flagged; the next window
    // [5,5,7] has mean 17/3 and sd 2/sqrt(3): z = (5 - 17/3) / 1.1547 = -0.57735.
    QTest::newRow("constant window, spike") << std::vector<double>{5, 5, 5, 5, 7, 5} << 3 << 3.0
                                            << std::vector<double>{na, na, 0.0, 0.0, 1e9, -0.5773502691896258}
                                            << QList<bool>{false, false, false, false, true, false};
    QTest::newRow("constant window, dip") << std::vector<double>{5, 5, 3} << 7 << 3.0
                                          << std::vector<double>{na, na, -1e9} << QList<bool>{false, false, true};
    QTest::newRow("constant window, tiny change") << std::vector<double>{5, 5, 5.000001} << 7 << 3.0
                                                  << std::vector<double>{na, na, 1e9} << QList<bool>{false, false, true};
    QTest::newRow("window 2 slides") << std::vector<double>{1, 3, 2, 4, 4} << 2 << 3.0
                                     << std::vector<double>{na, na, 0.0, 2.1213203435596424, 0.7071067811865476}
                                     << QList<bool>{false, false, false, false, false};
}

void TestRollingZScore::handComputed()
{
    QFETCH(std::vector<double>, values);
    QFETCH(int, window);
    QFETCH(double, threshold);
    QFETCH(std::vector<double>, expectedZ);
    QFETCH(QList<bool>, expectedOutlier);

    const std::vector<WindowScore> s = RollingZScore::score(consecutive(values.size()), values, window, threshold);
    QCOMPARE(s.size(), values.size());
    for (size_t i = 0; i < s.size(); ++i) {
        QCOMPARE(s[i].computable, !std::isnan(expectedZ[i]));
        if (s[i].computable)
            SD_COMPARE_NEAR(s[i].z, expectedZ[i], 1e-12 * std::max(1.0, std::abs(expectedZ[i])));
        QCOMPARE(s[i].isOutlier, expectedOutlier[qsizetype(i)]);
    }

    // The same through the detector, on consecutive days.
    AnomalyParams params = AnomalyParams::predecessorDefaults(Method::RollingZ);
    params.window = window;
    params.threshold = threshold;
    const auto result = AnomalyDetector::run(AnomalyTest::sumSeries(QDate(2025, 1, 1), values), params);
    QVERIFY(result.ok());
    for (qsizetype i = 0; i < result->points.size(); ++i) {
        const AnomalyPoint &p = result->points.at(i);
        QCOMPARE(p.score.has_value(), !std::isnan(expectedZ[size_t(i)]));
        if (p.score)
            QCOMPARE(*p.score, s[size_t(i)].z);
        QCOMPARE(p.isOutlier, expectedOutlier[i]);
    }
}

void TestRollingZScore::predecessorFixture()
{
    // The predecessor's test: window 7, threshold 3 flags 2025-09-06 (value 100) and nothing else.
    const DailySeries series = AnomalyTest::readMetricDailyCsv(TestData::path("anomaly/metric_daily_anomaly_spike_input.csv"));
    QCOMPARE(series.size(), 7);
    const auto result = AnomalyDetector::run(series, AnomalyParams::predecessorDefaults(Method::RollingZ));
    QVERIFY(result.ok());
    const QList<AnomalyPoint> anomalies = result->anomalies();
    QCOMPARE(anomalies.size(), 1);
    QCOMPARE(anomalies.first().day, QDate(2025, 9, 6));
    QCOMPARE(anomalies.first().value, std::optional<double>(100.0));
    // Prior days 10, 11, 9, 10, 10: mean 10, sd sqrt(0.5): z = 90 / 0.70711.
    SD_COMPARE_NEAR(*anomalies.first().score, 127.27922061357854, 1e-9);
    QVERIFY(!result->points.at(0).score && !result->points.at(1).score);
    SD_COMPARE_NEAR(*result->points.at(2).score, -2.1213203435596424, 1e-12);
    SD_COMPARE_NEAR(*result->points.at(6).score, -0.40818782267260134, 1e-12);

    const QJsonObject json = result->toApiJson();
    QCOMPARE(json.value(QStringLiteral("method")).toString(), QStringLiteral("zscore"));
    const QJsonArray points = json.value(QStringLiteral("points")).toArray();
    QCOMPARE(points.size(), 7);
    QVERIFY(points.at(0).toObject().value(QStringLiteral("z")).isNull());
    QCOMPARE(points.at(5).toObject().value(QStringLiteral("metric_date")).toString(), QStringLiteral("2025-09-06"));
    QCOMPARE(points.at(5).toObject().value(QStringLiteral("is_outlier")).toBool(), true);
    const QJsonArray anomaliesJson = json.value(QStringLiteral("anomalies")).toArray();
    QCOMPARE(anomaliesJson.size(), 1);
    QCOMPARE(anomaliesJson.at(0).toObject().value(QStringLiteral("metric_date")).toString(), QStringLiteral("2025-09-06"));
}

void TestRollingZScore::predecessorFixtureGoldenJson()
{
    // The whole API reply for the fixture, written by hand (z values computed from the definition).
    QFile file(TestData::path("anomaly/metric_daily_anomaly_spike_zscore_expected.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QJsonObject expected = QJsonDocument::fromJson(file.readAll()).object();
    const DailySeries series = AnomalyTest::readMetricDailyCsv(TestData::path("anomaly/metric_daily_anomaly_spike_input.csv"));
    const QJsonObject actual = AnomalyDetector::run(series, AnomalyParams::predecessorDefaults(Method::RollingZ))->toApiJson();
    QCOMPARE(actual.keys(), expected.keys());
    QCOMPARE(actual.value(QStringLiteral("method")), expected.value(QStringLiteral("method")));
    for (const QString &key : {QStringLiteral("points"), QStringLiteral("anomalies")}) {
        const QJsonArray a = actual.value(key).toArray();
        const QJsonArray e = expected.value(key).toArray();
        QCOMPARE(a.size(), e.size());
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QJsonObject ao = a.at(i).toObject();
            const QJsonObject eo = e.at(i).toObject();
            QCOMPARE(ao.keys(), eo.keys());
            for (const QString &field : eo.keys()) {
                if (eo.value(field).isDouble())
                    SD_COMPARE_NEAR(ao.value(field).toDouble(), eo.value(field).toDouble(), 1e-9);
                else
                    QCOMPARE(ao.value(field), eo.value(field));
            }
        }
    }
}

void TestRollingZScore::gapsCountCalendarDays()
{
    // Jan 1-3 observed, Jan 4-9 missing, Jan 10-12 observed; window 3 calendar days.
    const QList<QDate> days{QDate(2025, 1, 1), QDate(2025, 1, 2), QDate(2025, 1, 3),
                            QDate(2025, 1, 10), QDate(2025, 1, 11), QDate(2025, 1, 12)};
    AnomalyParams params = AnomalyParams::predecessorDefaults(Method::RollingZ);
    params.window = 3;
    const auto result = AnomalyDetector::run(AnomalyTest::sumSeries(days, {1, 2, 3, 100, 101, 99}), params);
    QVERIFY(result.ok());
    const QList<AnomalyPoint> &p = result->points;
    QCOMPARE(p.size(), 6); // a missing day gets no point
    QVERIFY(p.at(2).score.has_value());
    // Jan 10's window (Jan 7-9) is empty and Jan 11's holds only Jan 10: not computable, not flagged,
    // although the level jumped, because the old level is outside the window.
    QVERIFY(!p.at(3).score.has_value());
    QVERIFY(!p.at(3).isOutlier);
    QVERIFY(!p.at(4).score.has_value());
    // Jan 12: window Jan 9-11 = {100, 101}: mean 100.5, sd sqrt(0.5).
    SD_COMPARE_NEAR(*p.at(5).score, (99 - 100.5) / std::sqrt(0.5), 1e-12);

    // A one-day gap inside the window just leaves fewer values in it: Jan 1, 2, 4 with window 3:
    // Jan 4's window is Jan 1-3 = {10, 12}.
    const auto shortGap = AnomalyDetector::run(
        AnomalyTest::sumSeries(QList<QDate>{QDate(2025, 1, 1), QDate(2025, 1, 2), QDate(2025, 1, 4)}, {10, 12, 20}), params);
    SD_COMPARE_NEAR(*shortGap->points.at(2).score, (20 - 11) / std::sqrt(2.0), 1e-12);
}

// A series with one value per month (or per week) counts its window in months (weeks): a spike
// is measured against the previous `window` months, where a window of calendar days would hold no
// earlier value at all. Seasonal compares a month with the same month of earlier years.
void TestRollingZScore::monthlyAndWeeklySeriesCountTheirOwnSteps()
{
    QList<QDate> months, mondays;
    std::vector<double> values;
    for (int i = 0; i < 36; ++i) {
        months.append(QDate(2020, 1, 1).addMonths(i));
        mondays.append(QDate(2024, 1, 1).addDays(7 * i));
        values.push_back(i == 30 ? 300 : 100 + (i % 3));
    }
    AnomalyParams params = AnomalyParams::predecessorDefaults(Method::RollingZ);
    params.window = 12;
    for (const QList<QDate> &days : {months, mondays}) {
        const auto result = AnomalyDetector::run(AnomalyTest::sumSeries(days, values), params);
        QVERIFY(result.ok());
        const QList<AnomalyPoint> &p = result->points;
        QVERIFY(!p.at(0).score.has_value());
        QVERIFY(!p.at(1).score.has_value()); // one earlier value only
        QVERIFY(p.at(2).score.has_value());
        // Month 30 against months 18-29: {100, 101, 102} x 4.
        const double mean = 101, sd = std::sqrt(8.0 / 11.0);
        SD_COMPARE_NEAR(*p.at(30).score, (300 - mean) / sd, 1e-9);
        QVERIFY(p.at(30).isOutlier);
        int flagged = 0;
        for (const AnomalyPoint &point : p)
            flagged += point.isOutlier;
        QCOMPARE(flagged, 1);
    }

    // Seasonal: each month against the same month of the previous years (window 2 = two years).
    std::vector<double> seasonal;
    for (int i = 0; i < 36; ++i)
        seasonal.push_back((i % 12 == 5 ? 500 : 100) + i / 12 + (i == 29 ? 300 : 0)); // June high; June of year 3 higher still
    params.window = 2;
    params.seasonal = true;
    const auto result = AnomalyDetector::run(AnomalyTest::sumSeries(months, seasonal), params);
    QVERIFY(result.ok());
    QVERIFY(!result->points.at(17).score.has_value()); // June of year 2 has one earlier June only
    QVERIFY(result->points.at(29).score.has_value());
    QVERIFY(result->points.at(29).isOutlier);          // 801 against {500, 501}
    QVERIFY(!result->points.at(28).isOutlier);         // May 102 against {100, 101}: z = 2.12
}

void TestRollingZScore::nullFieldIsMissing()
{
    QList<DailyPoint> points;
    for (int i = 0; i < 6; ++i)
        points.append(DailyPoint{QDate(2025, 3, 1).addDays(i), double(10 + i % 2), 1.0, std::nullopt, std::nullopt});
    points[3].valueSum.reset();
    const auto result = AnomalyDetector::run(*DailySeries::fromPoints(points), AnomalyParams::predecessorDefaults(Method::RollingZ));
    QVERIFY(result.ok());
    const AnomalyPoint &nullDay = result->points.at(3);
    QVERIFY(!nullDay.value && !nullDay.score && !nullDay.isOutlier);
    // Mar 5 sees {10, 11, 10} (Mar 4 is NULL, not 0): mean 31/3.
    const double mean = 31.0 / 3.0;
    const double sd = std::sqrt(((10 - mean) * (10 - mean) * 2 + (11 - mean) * (11 - mean)) / 2);
    SD_COMPARE_NEAR(*result->points.at(4).score, (10 - mean) / sd, 1e-12);

    // A field absent on every day: all points null, nothing flagged, output NaN-free.
    AnomalyParams distinct = AnomalyParams::predecessorDefaults(Method::RollingZ);
    distinct.field = ValueField::Distinct;
    const auto none = AnomalyDetector::run(*DailySeries::fromPoints(points), distinct);
    QVERIFY(none.ok());
    for (const AnomalyPoint &p : none->points)
        QVERIFY(!p.value && !p.score && !p.isOutlier);
    QVERIFY(none->anomalies().isEmpty());
}

void TestRollingZScore::seasonalComparesSameWeekday()
{
    // Six weeks from Monday 2025-01-06: weekdays 100 (+-1), Sundays 20 (+-1), and one Wednesday at 130.
    std::vector<double> values;
    for (int i = 0; i < 42; ++i) {
        const int dow = i % 7; // 0 = Monday
        values.push_back((dow == 6 ? 20.0 : 100.0) + (i % 3 == 0 ? 1.0 : (i % 3 == 1 ? -1.0 : 0.0)));
    }
    const int spike = 7 * 4 + 2; // Wednesday of week 5
    values[spike] = 130.0;
    const DailySeries series = AnomalyTest::sumSeries(QDate(2025, 1, 6), values);
    QCOMPARE(series.points().first().day.dayOfWeek(), 1);

    AnomalyParams plain = AnomalyParams::predecessorDefaults(Method::RollingZ);
    AnomalyParams seasonal = plain;
    seasonal.seasonal = true;
    seasonal.window = 4;
    const auto p = AnomalyDetector::run(series, plain);
    const auto s = AnomalyDetector::run(series, seasonal);
    QVERIFY(p.ok() && s.ok());

    // Seasonal: week 1 and 2 have < 2 previous same weekdays; the spike is the only flag.
    for (int i = 0; i < 14; ++i)
        QVERIFY2(!s->points.at(i).score, qPrintable(QString::number(i)));
    const QList<AnomalyPoint> seasonalFlags = s->anomalies();
    QCOMPARE(seasonalFlags.size(), 1);
    QCOMPARE(seasonalFlags.first().day, QDate(2025, 1, 6).addDays(spike));
    // The spike Wednesday sees the Wednesdays of the previous 4 weeks (only 4 exist): days 2, 9, 16, 23.
    std::vector<double> w{values[2], values[9], values[16], values[23]};
    const double mean = (w[0] + w[1] + w[2] + w[3]) / 4;
    double ss = 0;
    for (double v : w)
        ss += (v - mean) * (v - mean);
    SD_COMPARE_NEAR(*s->points.at(spike).score, (130 - mean) / std::sqrt(ss / 3), 1e-9);

    // Non-seasonal: the first Sunday (after six days of ~100) is flagged; from then on every window
    // holds a Sunday, its sd is ~30 and the Wednesday spike hides in it.
    QVERIFY(p->points.at(6).isOutlier);
    QVERIFY(p->points.at(spike).score.has_value());
    QVERIFY(!p->points.at(spike).isOutlier);
}

void TestRollingZScore::seasonalWindowCountsCalendarWeeks()
{
    // Mondays only: Jan 6, 13, 20 observed, Jan 27 missing, Feb 3 and Feb 10 observed; window 2 weeks.
    const QList<QDate> mondays{QDate(2025, 1, 6), QDate(2025, 1, 13), QDate(2025, 1, 20), QDate(2025, 2, 3),
                               QDate(2025, 2, 10)};
    AnomalyParams params = AnomalyParams::predecessorDefaults(Method::RollingZ);
    params.seasonal = true;
    params.window = 2;
    const auto result = AnomalyDetector::run(AnomalyTest::sumSeries(mondays, {10, 12, 11, 50, 13}), params);
    QVERIFY(result.ok());
    // Jan 20 sees Jan 6 and 13: mean 11, sd sqrt(2) -> 0.
    SD_COMPARE_NEAR(*result->points.at(2).score, 0.0, 1e-15);
    // Feb 3 sees Jan 20 and Jan 27 (missing): one value, not computable.
    QVERIFY(!result->points.at(3).score);
    // Feb 10 sees Jan 27 (missing) and Feb 3: one value, not computable.
    QVERIFY(!result->points.at(4).score);
    params.window = 3; // Feb 10 now sees Jan 20 and Feb 3: mean 30.5, sd 27.577
    const auto wider = AnomalyDetector::run(AnomalyTest::sumSeries(mondays, {10, 12, 11, 50, 13}), params);
    SD_COMPARE_NEAR(*wider->points.at(4).score, (13 - 30.5) / std::sqrt(2 * 19.5 * 19.5), 1e-12);
}

void TestRollingZScore::matchesReference_data()
{
    QTest::addColumn<int>("window");
    QTest::addColumn<bool>("integers");
    QTest::addColumn<int>("maxStep");
    QTest::newRow("w2 real") << 2 << false << 1;
    QTest::newRow("w7 integers with ties, gaps") << 7 << true << 3;
    QTest::newRow("w7 real, gaps") << 7 << false << 4;
    QTest::newRow("w30 integers, gaps") << 30 << true << 2;
    QTest::newRow("w365 real") << 365 << false << 1;
}

void TestRollingZScore::matchesReference()
{
    QFETCH(int, window);
    QFETCH(bool, integers);
    QFETCH(int, maxStep);
    std::mt19937_64 rng(1234 + quint64(window));
    std::vector<qint64> pos;
    std::vector<double> x;
    qint64 at = 0;
    for (int i = 0; i < 1500; ++i) {
        at += 1 + qint64(rng() % quint64(maxStep));
        pos.push_back(at);
        const double u = double(rng() >> 11) * 0x1.0p-53;
        x.push_back(integers ? std::floor(u * 3) + 1000 : 1e6 + 50.0 * u + (i % 97 == 0 ? 500 : 0));
    }
    const std::vector<WindowScore> fast = RollingZScore::score(pos, x, window, 3.0);
    const std::vector<WindowScore> ref = referenceRollingZ(pos, x, window, 3.0);
    for (size_t i = 0; i < x.size(); ++i) {
        QCOMPARE(fast[i].computable, ref[i].computable);
        QVERIFY(std::isfinite(fast[i].z));
        if (!ref[i].computable)
            continue;
        SD_COMPARE_NEAR(fast[i].z, ref[i].z, 1e-7 * std::max(1.0, std::abs(ref[i].z)));
        if (std::abs(std::abs(ref[i].z) - 3.0) > 1e-6)
            QCOMPARE(fast[i].isOutlier, ref[i].isOutlier);
    }
}

void TestRollingZScore::longSeriesStaysAccurate()
{
    // Large offsets and a long run must not let the running sums drift: compare the last windows
    // with the reference after 200,000 values.
    const size_t n = 200000;
    std::vector<double> x(n);
    for (size_t i = 0; i < n; ++i)
        x[i] = 1e9 + double((i * 7919) % 101) * 0.01;
    const std::vector<qint64> pos = consecutive(n);
    const std::vector<WindowScore> fast = RollingZScore::score(pos, x, 7, 3.0);
    const std::vector<double> tailX(x.end() - 50, x.end());
    const std::vector<qint64> tailPos(pos.end() - 50, pos.end());
    const std::vector<WindowScore> ref = referenceRollingZ(tailPos, tailX, 7, 3.0);
    for (size_t k = 10; k < 50; ++k)
        SD_COMPARE_NEAR(fast[n - 50 + k].z, ref[k].z, 1e-6 * std::max(1.0, std::abs(ref[k].z)));
}

void TestRollingZScore::invalidParametersAreErrors_data()
{
    QTest::addColumn<int>("window");
    QTest::addColumn<double>("threshold");
    QTest::addColumn<QString>("code");
    QTest::newRow("window 1") << 1 << 3.0 << QStringLiteral("INVALID_WINDOW");
    QTest::newRow("window 0") << 0 << 3.0 << QStringLiteral("INVALID_WINDOW");
    QTest::newRow("window 366") << 366 << 3.0 << QStringLiteral("INVALID_WINDOW");
    QTest::newRow("threshold 0") << 7 << 0.0 << QStringLiteral("INVALID_THRESHOLD");
    QTest::newRow("threshold negative") << 7 << -1.0 << QStringLiteral("INVALID_THRESHOLD");
    QTest::newRow("threshold NaN") << 7 << std::nan("") << QStringLiteral("INVALID_THRESHOLD");
    QTest::newRow("threshold inf") << 7 << HUGE_VAL << QStringLiteral("INVALID_THRESHOLD");
    QTest::newRow("window 2 ok") << 2 << 0.1 << QString();
    QTest::newRow("window 365 ok") << 365 << 3.0 << QString();
}

void TestRollingZScore::invalidParametersAreErrors()
{
    QFETCH(int, window);
    QFETCH(double, threshold);
    QFETCH(QString, code);
    AnomalyParams params = AnomalyParams::predecessorDefaults(Method::RollingZ);
    params.window = window;
    params.threshold = threshold;
    const auto result = AnomalyDetector::run(AnomalyTest::sumSeries(QDate(2025, 1, 1), {1, 2, 3}), params);
    QCOMPARE(result.ok(), code.isEmpty());
    if (!code.isEmpty()) {
        QCOMPARE(result.error().code, code);
        QCOMPARE(result.error().kind, Common::ErrorKind::BadInput);
        QVERIFY(!result.error().message.isEmpty());
    }
}

QTEST_GUILESS_MAIN(TestRollingZScore)
#include "tst_zscore.moc"
