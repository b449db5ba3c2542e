// Precision and recall of every detector on synthetic years with known spikes and dips
// (syntheticseries.h). Prints the table; asserts floors well below the measured figures so that a
// regression that breaks a detector is caught.

#include "anomaly/anomalydetector.h"

#include "syntheticseries.h"

#include <QTest>

#include <cmath>

using namespace Anomaly;

namespace {

struct Quality final
{
    int truePositives = 0;
    int falsePositives = 0;
    int falseNegatives = 0;
    double precision() const { return truePositives + falsePositives ? double(truePositives) / (truePositives + falsePositives) : 0.0; }
    double recall() const { return truePositives + falseNegatives ? double(truePositives) / (truePositives + falseNegatives) : 0.0; }
};

constexpr int kYears = 10;

Quality measure(const AnomalyParams &params)
{
    Quality q;
    for (int year = 0; year < kYears; ++year) {
        const Synthetic::LabelledSeries data = Synthetic::generateYear(quint64(1000 + year));
        const auto result = AnomalyDetector::run(data.series, params);
        if (!result)
            qFatal("detector failed: %s", qPrintable(result.error().message));
        for (qsizetype i = 0; i < result->points.size(); ++i) {
            if (result->points.at(i).score && !std::isfinite(*result->points.at(i).score))
                qFatal("non-finite score on day %lld", qlonglong(i));
            const bool flagged = result->points.at(i).isOutlier;
            const bool truth = data.isAnomaly[size_t(i)];
            q.truePositives += flagged && truth;
            q.falsePositives += flagged && !truth;
            q.falseNegatives += !flagged && truth;
        }
    }
    return q;
}

} // namespace

class TestDetectorQuality final : public QObject
{
    Q_OBJECT

private slots:
    void generatorIsDeterministic();
    void precisionAndRecall_data();
    void precisionAndRecall();
};

void TestDetectorQuality::generatorIsDeterministic()
{
    const auto a = Synthetic::generateYear(5);
    const auto b = Synthetic::generateYear(5);
    QCOMPARE(a.series.size(), 365);
    QCOMPARE(a.isAnomaly, b.isAnomaly);
    QCOMPARE(std::count(a.isAnomaly.begin(), a.isAnomaly.end(), true), 14);
    QCOMPARE(a.series.points().at(100).valueSum, b.series.points().at(100).valueSum);
}

void TestDetectorQuality::precisionAndRecall_data()
{
    QTest::addColumn<int>("method");
    QTest::addColumn<bool>("seasonal");
    QTest::addColumn<double>("contamination"); // iforest; <= 0 = auto
    QTest::addColumn<double>("minPrecision");
    QTest::addColumn<double>("minRecall");
    QTest::newRow("zscore") << int(Method::RollingZ) << false << 0.0 << 0.5 << 0.2;
    QTest::newRow("zscore seasonal") << int(Method::RollingZ) << true << 0.0 << 0.35 << 0.7;
    QTest::newRow("mad") << int(Method::RobustZ) << false << 0.0 << 0.08 << 0.5;
    QTest::newRow("mad seasonal") << int(Method::RobustZ) << true << 0.0 << 0.25 << 0.9;
    QTest::newRow("iforest auto") << int(Method::IsolationForest) << false << 0.0 << 0.15 << 0.5;
    QTest::newRow("stl (default)") << int(Method::SeasonalEsd) << false << 0.0 << 0.8 << 0.8;
    QTest::newRow("iforest 0.04") << int(Method::IsolationForest) << false << 0.04 << 0.35 << 0.4;
}

void TestDetectorQuality::precisionAndRecall()
{
    QFETCH(int, method);
    QFETCH(bool, seasonal);
    QFETCH(double, contamination);
    QFETCH(double, minPrecision);
    QFETCH(double, minRecall);
    AnomalyParams params = AnomalyParams::defaults(Method(method));
    params.seasonal = seasonal;
    if (contamination > 0)
        params.contamination = contamination;
    else
        params.contamination.reset(); // auto
    const Quality q = measure(params);
    qInfo("%-16s precision %.3f recall %.3f (TP %d, FP %d, FN %d over %d synthetic years)", QTest::currentDataTag(),
          q.precision(), q.recall(), q.truePositives, q.falsePositives, q.falseNegatives, kYears);
    QVERIFY(q.precision() >= minPrecision);
    QVERIFY(q.recall() >= minRecall);
}

QTEST_GUILESS_MAIN(TestDetectorQuality)
#include "tst_detectorquality.moc"
