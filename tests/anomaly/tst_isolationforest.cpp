// Isolation Forest: exact pieces (c(n), depth limit, percentile, offset), scikit-learn's docstring
// example, statistical parity with scikit-learn 1.2.1 (golden figures from
// golden/iforest_sklearn_golden.py) and the per-day detector (features, gaps, insufficient data).

#include "anomaly/anomalydetector.h"
#include "anomaly/isolationforest.h"
#include "anomaly/isolationforestdetector.h"

#include "anomalytesthelpers.h"
#include "fuzzy.h"

#include <QJsonArray>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

using namespace Anomaly;

Q_DECLARE_METATYPE(std::vector<double>)

namespace {

std::map<QString, QString> readMeta()
{
    std::map<QString, QString> meta;
    QFile file(TestData::path("anomaly/iforest_sklearn_meta.csv"));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        qFatal("missing iforest_sklearn_meta.csv");
    file.readLine();
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        const qsizetype comma = line.indexOf(QLatin1Char(','));
        if (comma > 0)
            meta[line.left(comma)] = line.mid(comma + 1);
    }
    return meta;
}

std::vector<double> flatten(const std::vector<std::vector<double>> &rows)
{
    std::vector<double> flat;
    for (const auto &r : rows)
        flat.insert(flat.end(), r.begin(), r.end());
    return flat;
}

struct SeedStats final
{
    std::vector<double> mean;
    std::vector<double> sd;
    double offsetMean = 0.0;
};

SeedStats scoreOverSeeds(const std::vector<double> &X, qsizetype rows, int cols, int seeds,
                         std::optional<double> contamination = std::nullopt)
{
    std::vector<double> sum(size_t(rows), 0.0);
    std::vector<double> sumSq(size_t(rows), 0.0);
    double offsetSum = 0.0;
    for (int s = 0; s < seeds; ++s) {
        IsolationForest::Options options;
        options.seed = quint64(s);
        options.contamination = contamination;
        IsolationForest forest(options);
        if (!forest.fit(X, rows, cols))
            qFatal("fit failed");
        const std::vector<double> &scores = forest.trainingScores();
        for (size_t i = 0; i < scores.size(); ++i) {
            sum[i] += scores[i];
            sumSq[i] += scores[i] * scores[i];
        }
        offsetSum += forest.offset();
    }
    SeedStats st;
    for (size_t i = 0; i < sum.size(); ++i) {
        const double m = sum[i] / seeds;
        st.mean.push_back(m);
        st.sd.push_back(std::sqrt(std::max(0.0, (sumSq[i] - seeds * m * m) / (seeds - 1))));
    }
    st.offsetMean = offsetSum / seeds;
    return st;
}

// |mean_cpp - mean_sklearn| within 3 standard errors of the difference of the two means.
void compareWithSklearn(const SeedStats &ours, int ourSeeds, const std::vector<std::vector<double>> &golden, int theirSeeds,
                        double *worstRatio)
{
    QCOMPARE(ours.mean.size(), golden.size());
    for (size_t i = 0; i < golden.size(); ++i) {
        const double se = std::sqrt(golden[i][1] * golden[i][1] / theirSeeds + ours.sd[i] * ours.sd[i] / ourSeeds);
        const double diff = std::abs(ours.mean[i] - golden[i][0]);
        *worstRatio = std::max(*worstRatio, diff / se);
        if (!(diff <= 3.0 * se)) {
            QFAIL(qPrintable(QStringLiteral("row %1: mean score %2, sklearn %3, 3 se = %4")
                                 .arg(i)
                                 .arg(ours.mean[i], 0, 'g', 8)
                                 .arg(golden[i][0], 0, 'g', 8)
                                 .arg(3 * se, 0, 'g', 3)));
        }
    }
}

DailyPoint day(const QDate &d, double sum, double count, std::optional<double> distinct = std::nullopt)
{
    return DailyPoint{d, sum, count, sum / count, distinct};
}

} // namespace

class TestIsolationForest final : public QObject
{
    Q_OBJECT

private slots:
    void averagePathLength_data();
    void averagePathLength();
    void depthLimit_data();
    void depthLimit();
    void percentile_data();
    void percentile();
    void docstringExample();
    void parityTwoFeatures();
    void paritySubsampled();
    void constantData();
    void reproducibleAndBounded();
    void contaminationFraction();
    void fitErrors();
    void detectorFeatures();
    void detectorInsufficientData();
    void detectorFlagsSpike();
};

void TestIsolationForest::averagePathLength_data()
{
    QTest::addColumn<double>("n");
    QTest::addColumn<double>("expected");
    QTest::newRow("0") << 0.0 << 0.0;
    QTest::newRow("1") << 1.0 << 0.0;
    QTest::newRow("2") << 2.0 << 1.0;
    QTest::newRow("3") << 3.0 << 1.207392357589623;
    QTest::newRow("5") << 5.0 << 2.327020052042847;
    QTest::newRow("256") << 256.0 << 10.244770920119917;
    QTest::newRow("10000") << 10000.0 << 17.575112063754766;
}

void TestIsolationForest::averagePathLength()
{
    QFETCH(double, n);
    QFETCH(double, expected);
    SD_COMPARE_NEAR(IsolationForest::averagePathLength(n), expected, 1e-13);
}

void TestIsolationForest::depthLimit_data()
{
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("maxSamples");
    QTest::addColumn<int>("maxDepth");
    QTest::newRow("1") << 1 << 1 << 1;
    QTest::newRow("2") << 2 << 2 << 1;
    QTest::newRow("4") << 4 << 4 << 2;
    QTest::newRow("5") << 5 << 5 << 3;
    QTest::newRow("256") << 256 << 256 << 8;
    QTest::newRow("1000") << 1000 << 256 << 8;
}

void TestIsolationForest::depthLimit()
{
    QFETCH(int, rows);
    QFETCH(int, maxSamples);
    QFETCH(int, maxDepth);
    std::vector<double> X(static_cast<size_t>(rows));
    std::iota(X.begin(), X.end(), 0.0);
    IsolationForest forest;
    QVERIFY(forest.fit(X, rows, 1).ok());
    QCOMPARE(forest.maxSamples(), maxSamples);
    QCOMPARE(forest.maxDepth(), maxDepth);
    for (double s : forest.trainingScores())
        QVERIFY(s >= -1.0 && s <= 0.0);
}

void TestIsolationForest::percentile_data()
{
    // Expected values from numpy.percentile (default linear interpolation).
    QTest::addColumn<std::vector<double>>("values");
    QTest::addColumn<double>("q");
    QTest::addColumn<double>("expected");
    QTest::newRow("10 of 1..4") << std::vector<double>{1, 2, 3, 4} << 10.0 << 1.3;
    QTest::newRow("25 of 3,1,2") << std::vector<double>{3, 1, 2} << 25.0 << 1.5;
    QTest::newRow("37 of five") << std::vector<double>{0.1, 0.7, -0.3, 2.5, 1.25} << 37.0 << 0.388;
    QTest::newRow("0") << std::vector<double>{5, 4} << 0.0 << 4.0;
    QTest::newRow("100") << std::vector<double>{5, 4} << 100.0 << 5.0;
    QTest::newRow("single") << std::vector<double>{7} << 30.0 << 7.0;
}

void TestIsolationForest::percentile()
{
    QFETCH(std::vector<double>, values);
    QFETCH(double, q);
    QFETCH(double, expected);
    SD_COMPARE_NEAR(IsolationForest::percentile(values, q), expected, 1e-15);
}

void TestIsolationForest::docstringExample()
{
    // sklearn's docstring: IsolationForest(random_state=0).fit([[-1.1], [0.3], [0.5], [100]])
    // .predict([[0.1], [0], [90]]) -> [1, 1, -1].
    const std::map<QString, QString> meta = readMeta();
    QCOMPARE(meta.at(QStringLiteral("docstring_predict_0.1_0_90")), QStringLiteral("1 1 -1"));
    const std::vector<double> X{-1.1, 0.3, 0.5, 100};
    IsolationForest forest;
    QVERIFY(forest.fit(X, 4, 1).ok());
    QCOMPARE(forest.offset(), -0.5);
    const std::vector<double> decision = forest.decisionFunction(std::vector<double>{0.1, 0, 90}, 3);
    QVERIFY(decision[0] >= 0);
    QVERIFY(decision[1] >= 0);
    QVERIFY(decision[2] < 0);
    const std::vector<double> train = forest.decisionFunction(X, 4);
    QVERIFY(train[3] < 0);
    QCOMPARE(std::count_if(train.begin(), train.end(), [](double d) { return d < 0; }), 1);

    // Mean training scores over seeds: same order as sklearn's and within 3 standard errors.
    const auto golden = AnomalyTest::readNumericCsv(TestData::path("anomaly/iforest_docstring_sklearn.csv"));
    const int seeds = 500;
    const SeedStats ours = scoreOverSeeds(X, 4, 1, seeds);
    std::vector<std::vector<double>> meanSd;
    for (const auto &row : golden)
        meanSd.push_back({row[1], row[2]});
    double worst = 0;
    compareWithSklearn(ours, seeds, meanSd, 500, &worst);
    std::vector<int> ourOrder(4), theirOrder(4);
    std::iota(ourOrder.begin(), ourOrder.end(), 0);
    std::iota(theirOrder.begin(), theirOrder.end(), 0);
    std::sort(ourOrder.begin(), ourOrder.end(), [&](int a, int b) { return ours.mean[size_t(a)] < ours.mean[size_t(b)]; });
    std::sort(theirOrder.begin(), theirOrder.end(), [&](int a, int b) { return golden[size_t(a)][1] < golden[size_t(b)][1]; });
    QCOMPARE(ourOrder, theirOrder);
    QCOMPARE(ourOrder.front(), 3); // 100 is the most abnormal
    qInfo("docstring example: mean score_samples (ours / sklearn): %.4f/%.4f %.4f/%.4f %.4f/%.4f %.4f/%.4f; worst |diff|/se %.2f",
          ours.mean[0], golden[0][1], ours.mean[1], golden[1][1], ours.mean[2], golden[2][1], ours.mean[3], golden[3][1], worst);
}

void TestIsolationForest::parityTwoFeatures()
{
    const auto rows = AnomalyTest::readNumericCsv(TestData::path("anomaly/iforest_parity2d_input.csv"));
    const auto golden = AnomalyTest::readNumericCsv(TestData::path("anomaly/iforest_parity2d_sklearn.csv"));
    const std::map<QString, QString> meta = readMeta();
    const int theirSeeds = meta.at(QStringLiteral("parity2d_seeds")).toInt();
    const int seeds = 300;
    const SeedStats ours = scoreOverSeeds(flatten(rows), qsizetype(rows.size()), 2, seeds, 0.1);
    double worst = 0;
    compareWithSklearn(ours, seeds, golden, theirSeeds, &worst);
    // The four planted outliers are the four lowest mean scores.
    std::vector<size_t> order(rows.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return ours.mean[a] < ours.mean[b]; });
    std::vector<size_t> lowest(order.begin(), order.begin() + 4);
    std::sort(lowest.begin(), lowest.end());
    QCOMPARE(lowest, (std::vector<size_t>{56, 57, 58, 59}));
    // The offset for contamination 0.1 (a percentile of the training scores).
    const double theirOffset = meta.at(QStringLiteral("parity2d_offset_c0.1_mean")).toDouble();
    const double theirOffsetSd = meta.at(QStringLiteral("parity2d_offset_c0.1_sd")).toDouble();
    SD_COMPARE_NEAR(ours.offsetMean, theirOffset, 3 * theirOffsetSd * std::sqrt(2.0 / seeds) + 1e-4);
    qInfo("2 features, 60 rows: worst |diff|/se %.2f over %zu rows; offset(0.1) ours %.5f sklearn %.5f", worst,
          rows.size(), ours.offsetMean, theirOffset);
}

void TestIsolationForest::paritySubsampled()
{
    const auto rows = AnomalyTest::readNumericCsv(TestData::path("anomaly/iforest_parity600_input.csv"));
    const auto golden = AnomalyTest::readNumericCsv(TestData::path("anomaly/iforest_parity600_sklearn.csv"));
    const std::map<QString, QString> meta = readMeta();
    const int theirSeeds = meta.at(QStringLiteral("parity600_seeds")).toInt();
    const int seeds = 100;
    const SeedStats ours = scoreOverSeeds(flatten(rows), qsizetype(rows.size()), 3, seeds);
    double worst = 0;
    compareWithSklearn(ours, seeds, golden, theirSeeds, &worst);
    // Overall level as well: the mean over all rows agrees to well under a percent.
    const double ourAll = std::accumulate(ours.mean.begin(), ours.mean.end(), 0.0) / double(rows.size());
    double theirAll = 0;
    for (const auto &g : golden)
        theirAll += g[0] / double(golden.size());
    SD_COMPARE_NEAR(ourAll, theirAll, 0.002);
    qInfo("3 features, 600 rows (max_samples 256): worst |diff|/se %.2f; mean score ours %.5f sklearn %.5f", worst, ourAll,
          theirAll);
}

void TestIsolationForest::constantData()
{
    const std::map<QString, QString> meta = readMeta();
    const double sklearnScore = meta.at(QStringLiteral("constant_score")).toDouble();
    IsolationForest forest;
    QVERIFY(forest.fit(std::vector<double>(20, 3.0), 10, 2).ok());
    for (double s : forest.trainingScores()) {
        SD_COMPARE_NEAR(s, -0.5, 1e-15);
        SD_COMPARE_NEAR(s, sklearnScore, 1e-12);
    }
    // decision 0 is not < 0: nothing is flagged.
    for (double d : forest.decisionFunction(std::vector<double>(20, 3.0), 10))
        QCOMPARE(d, 0.0);
}

void TestIsolationForest::reproducibleAndBounded()
{
    const auto rows = AnomalyTest::readNumericCsv(TestData::path("anomaly/iforest_parity600_input.csv"));
    const std::vector<double> X = flatten(rows);
    IsolationForest::Options options;
    options.seed = 42;
    IsolationForest a(options), b(options);
    QVERIFY(a.fit(X, 600, 3).ok());
    QVERIFY(b.fit(X, 600, 3).ok());
    QCOMPARE(a.trainingScores(), b.trainingScores());
    QCOMPARE(a.scoreSamples(X, 600), a.trainingScores());
    options.seed = 43;
    IsolationForest c(options);
    QVERIFY(c.fit(X, 600, 3).ok());
    QVERIFY(a.trainingScores() != c.trainingScores());
    for (double s : a.trainingScores())
        QVERIFY(std::isfinite(s) && s >= -1.0 && s <= 0.0);
    // A pinned value, so an accidental change of the random streams (which would change every stored
    // result for a given seed) is noticed.
    SD_COMPARE_NEAR(a.trainingScores()[0], -0.77276569620140556, 1e-12);
}

void TestIsolationForest::contaminationFraction()
{
    const auto rows = AnomalyTest::readNumericCsv(TestData::path("anomaly/iforest_parity600_input.csv"));
    const std::vector<double> X = flatten(rows);
    for (double c : {0.01, 0.05, 0.1, 0.5}) {
        IsolationForest::Options options;
        options.contamination = c;
        IsolationForest forest(options);
        QVERIFY(forest.fit(X, 600, 3).ok());
        QCOMPARE(forest.offset(), IsolationForest::percentile(forest.trainingScores(), 100 * c));
        const std::vector<double> d = forest.decisionFunction(X, 600);
        const auto flagged = std::count_if(d.begin(), d.end(), [](double v) { return v < 0; });
        // numpy's percentile interpolates, so "below it" is floor(c (n - 1)) or so rows.
        QVERIFY2(std::abs(double(flagged) - c * 600) <= 1.0, qPrintable(QString::number(flagged)));
    }
}

void TestIsolationForest::fitErrors()
{
    IsolationForest forest;
    const Common::Status empty = forest.fit({}, 0, 1);
    QVERIFY(!empty.ok());
    QCOMPARE(empty.error().code, QStringLiteral("INVALID_FEATURES"));
    const Common::Status nan = forest.fit(std::vector<double>{1, 2, std::nan(""), 4}, 2, 2);
    QVERIFY(!nan.ok());
    QCOMPARE(nan.error().details.value(QStringLiteral("row")).toInt(), 1);
    QCOMPARE(nan.error().details.value(QStringLiteral("column")).toInt(), 0);
    QVERIFY(!forest.isFitted());
    QVERIFY(forest.scoreSamples(std::vector<double>{1, 2}, 2).empty()); // not fitted
    const Common::Status shape = forest.fit(std::vector<double>{1, 2, 3}, 2, 2);
    QCOMPARE(shape.error().code, QStringLiteral("INVALID_FEATURES"));
    QVERIFY(forest.fit(std::vector<double>{1, 2, 3, 4, 5, 6}, 3, 2).ok());
    QCOMPARE(forest.scoreSamples(std::vector<double>{1, 2, 3}, 2).size(), size_t(0)); // wrong shape
    QCOMPARE(forest.scoreSamples(std::vector<double>{1, 2, 3, 4}, 2).size(), size_t(2));
}

void TestIsolationForest::detectorFeatures()
{
    // Jan 1, 2, then a gap, Jan 5. value_distinct is missing on Jan 2, so it is left out.
    const DailySeries series = *DailySeries::fromPoints(
        {day(QDate(2025, 1, 1), 10, 2, 1.0), day(QDate(2025, 1, 2), 16, 4), day(QDate(2025, 1, 5), 4, 1, 1.0)});
    const IsolationForestDetector::Features f = IsolationForestDetector::features(series);
    QCOMPARE(f.names, (QStringList{QStringLiteral("value_sum"), QStringLiteral("d_value_sum"), QStringLiteral("value_count"),
                                   QStringLiteral("d_value_count"), QStringLiteral("value_avg"), QStringLiteral("d_value_avg")}));
    const std::vector<double> expected{
        10, 0, 2, 0, 5, 0,    // the first day's change is 0
        16, 6, 4, 2, 4, -1,   // change against Jan 1
        4, -12, 1, -3, 4, 0,  // after the gap: against the last observed day (Jan 2)
    };
    QCOMPARE(f.values, expected);
}

void TestIsolationForest::detectorInsufficientData()
{
    QList<DailyPoint> points;
    for (int i = 0; i < IsolationForestDetector::kMinDays - 1; ++i)
        points.append(day(QDate(2025, 1, 1).addDays(i), 10 + i, 1));
    const auto few = AnomalyDetector::run(*DailySeries::fromPoints(points), AnomalyParams::predecessorDefaults(Method::IsolationForest));
    QVERIFY(few.ok());
    QVERIFY(few->insufficientData);
    QVERIFY(!few->insufficientReason.isEmpty());
    QCOMPARE(few->points.size(), points.size());
    for (const AnomalyPoint &p : few->points)
        QVERIFY(!p.score && !p.isOutlier && p.value);
    const QJsonArray jsonPoints = few->toApiJson().value(QStringLiteral("points")).toArray();
    QVERIFY(jsonPoints.at(0).toObject().value(QStringLiteral("score")).isNull());

    points.append(day(QDate(2025, 1, 1).addDays(IsolationForestDetector::kMinDays - 1), 99, 1));
    const auto enough = AnomalyDetector::run(*DailySeries::fromPoints(points), AnomalyParams::predecessorDefaults(Method::IsolationForest));
    QVERIFY(enough.ok());
    QVERIFY(!enough->insufficientData);
    QCOMPARE(enough->offset, std::optional<double>(-0.5));
    for (const AnomalyPoint &p : enough->points) {
        QVERIFY(p.score && p.scoreSamples);
        SD_COMPARE_NEAR(*p.score, *p.scoreSamples + 0.5, 1e-15);
        QCOMPARE(p.isOutlier, *p.score < 0);
    }

    // No field on every day: not an error, insufficient data.
    QList<DailyPoint> holes;
    for (int i = 0; i < 10; ++i)
        holes.append(DailyPoint{QDate(2025, 1, 1).addDays(i), i % 2 ? std::optional<double>(1.0) : std::nullopt,
                                i % 2 ? std::nullopt : std::optional<double>(1.0), std::nullopt, std::nullopt});
    const auto none = AnomalyDetector::run(*DailySeries::fromPoints(holes), AnomalyParams::predecessorDefaults(Method::IsolationForest));
    QVERIFY(none.ok());
    QVERIFY(none->insufficientData);
}

void TestIsolationForest::detectorFlagsSpike()
{
    // 60 days with a mild weekly rhythm and one day with ten times the events.
    QList<DailyPoint> points;
    for (int i = 0; i < 60; ++i) {
        const double count = 20 + (i % 7) + (i == 40 ? 180 : 0);
        points.append(day(QDate(2025, 4, 1).addDays(i), count * 5.0, count, count / 2));
    }
    AnomalyParams params = AnomalyParams::predecessorDefaults(Method::IsolationForest);
    params.seed = 7;
    const auto result = AnomalyDetector::run(*DailySeries::fromPoints(points), params);
    QVERIFY(result.ok());
    QVERIFY(result->points.at(40).isOutlier);
    const auto lowest = std::min_element(result->points.begin(), result->points.end(),
                                         [](const AnomalyPoint &a, const AnomalyPoint &b) { return *a.score < *b.score; });
    QCOMPARE(lowest->day, QDate(2025, 4, 1).addDays(40));
    const auto again = AnomalyDetector::run(*DailySeries::fromPoints(points), params);
    QCOMPARE(again->toApiJson(), result->toApiJson());

    params.contamination = 0.05;
    const auto fraction = AnomalyDetector::run(*DailySeries::fromPoints(points), params);
    QVERIFY(fraction->anomalies().size() >= 2 && fraction->anomalies().size() <= 4);
}

QTEST_GUILESS_MAIN(TestIsolationForest)
#include "tst_isolationforest.moc"
