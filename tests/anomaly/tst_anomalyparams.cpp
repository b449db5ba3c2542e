// Parameters (validation, canonical key), the daily series' input checks and the API JSON shape.

#include "anomaly/anomalydetector.h"

#include "anomalytesthelpers.h"
#include "fuzzy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <cmath>

using namespace Anomaly;

class TestAnomalyParams final : public QObject
{
    Q_OBJECT

private slots:
    void paramsKey_data();
    void paramsKey();
    void paramsKeyIgnoresUnusedParameters();
    void contaminationValidation_data();
    void contaminationValidation();
    void names();
    void seriesIsSortedAndChecked();
    void jsonShape_data();
    void jsonShape();
};

void TestAnomalyParams::paramsKey_data()
{
    QTest::addColumn<int>("method");
    QTest::addColumn<int>("window");
    QTest::addColumn<double>("threshold");
    QTest::addColumn<bool>("seasonal");
    QTest::addColumn<double>("contamination"); // <= 0: auto
    QTest::addColumn<quint64>("seed");
    QTest::addColumn<int>("field");
    QTest::addColumn<QString>("key");
    QTest::newRow("zscore defaults") << int(Method::RollingZ) << 7 << 3.0 << false << 0.0 << quint64(0) << int(ValueField::Sum)
                                     << QStringLiteral("method=zscore;field=value_sum;window=7;threshold=3;seasonal=false");
    QTest::newRow("mad seasonal") << int(Method::RobustZ) << 4 << 3.5 << true << 0.0 << quint64(0) << int(ValueField::Count)
                                  << QStringLiteral("method=mad;field=value_count;window=4;threshold=3.5;seasonal=true");
    QTest::newRow("shortest round trip") << int(Method::RollingZ) << 30 << 0.1 << false << 0.0 << quint64(0) << int(ValueField::Avg)
                                         << QStringLiteral("method=zscore;field=value_avg;window=30;threshold=0.1;seasonal=false");
    QTest::newRow("iforest auto") << int(Method::IsolationForest) << 7 << 3.0 << false << 0.0 << quint64(0) << int(ValueField::Sum)
                                  << QStringLiteral("method=iforest;field=value_sum;contamination=auto;seed=0");
    QTest::newRow("iforest fraction, big seed") << int(Method::IsolationForest) << 7 << 3.0 << false << 0.05
                                                << quint64(18446744073709551615ULL) << int(ValueField::Distinct)
                                                << QStringLiteral("method=iforest;field=value_distinct;contamination=0.05;seed=18446744073709551615");
}

void TestAnomalyParams::paramsKey()
{
    QFETCH(int, method);
    QFETCH(int, window);
    QFETCH(double, threshold);
    QFETCH(bool, seasonal);
    QFETCH(double, contamination);
    QFETCH(quint64, seed);
    QFETCH(int, field);
    QFETCH(QString, key);
    AnomalyParams p;
    p.method = Method(method);
    p.window = window;
    p.threshold = threshold;
    p.seasonal = seasonal;
    if (contamination > 0)
        p.contamination = contamination;
    p.seed = seed;
    p.field = ValueField(field);
    QVERIFY(p.validate().ok());
    QCOMPARE(p.paramsKey(), key);
    const QJsonObject json = p.toJson();
    QCOMPARE(json.value(QStringLiteral("method")).toString(), methodName(p.method));
    QCOMPARE(json.value(QStringLiteral("seed")).toString(), QString::number(seed));
    QCOMPARE(json.value(QStringLiteral("field")).toString(), valueFieldName(p.field));
    QCOMPARE(json.keys().size(), 7);
}

void TestAnomalyParams::paramsKeyIgnoresUnusedParameters()
{
    AnomalyParams a = AnomalyParams::defaults(Method::IsolationForest);
    AnomalyParams b = a;
    b.window = 30;
    b.threshold = 9;
    b.seasonal = true;
    QCOMPARE(a.paramsKey(), b.paramsKey());
    b.seed = 1;
    QVERIFY(a.paramsKey() != b.paramsKey());

    AnomalyParams z = AnomalyParams::defaults(Method::RollingZ);
    AnomalyParams z2 = z;
    z2.seed = 5;
    z2.contamination = 0.1;
    QCOMPARE(z.paramsKey(), z2.paramsKey());
    z2.threshold = 3.0000000000000004; // the next double: a different run, a different key
    QVERIFY(z.paramsKey() != z2.paramsKey());
}

void TestAnomalyParams::contaminationValidation_data()
{
    QTest::addColumn<double>("contamination");
    QTest::addColumn<bool>("valid");
    QTest::newRow("0") << 0.0 << false;
    QTest::newRow("negative") << -0.1 << false;
    QTest::newRow("0.6") << 0.6 << false;
    QTest::newRow("NaN") << std::nan("") << false;
    QTest::newRow("0.5") << 0.5 << true;
    QTest::newRow("0.01") << 0.01 << true;
}

void TestAnomalyParams::contaminationValidation()
{
    QFETCH(double, contamination);
    QFETCH(bool, valid);
    AnomalyParams p = AnomalyParams::defaults(Method::IsolationForest);
    p.contamination = contamination;
    p.window = 0; // not used by iforest, so not checked
    const Common::Status status = p.validate();
    QCOMPARE(status.ok(), valid);
    if (!valid) {
        QCOMPARE(status.error().code, QStringLiteral("INVALID_CONTAMINATION"));
        QCOMPARE(status.error().details.value(QStringLiteral("parameter")).toString(), QStringLiteral("contamination"));
    }
    const auto result = AnomalyDetector::run(AnomalyTest::sumSeries(QDate(2025, 1, 1), {1, 2, 3}), p);
    QCOMPARE(result.ok(), valid);
}

void TestAnomalyParams::names()
{
    QCOMPARE(methodFromName(u"zscore"), std::optional<Method>(Method::RollingZ));
    QCOMPARE(methodFromName(u"MAD"), std::optional<Method>(Method::RobustZ));
    QCOMPARE(methodFromName(u"iforest"), std::optional<Method>(Method::IsolationForest));
    QVERIFY(!methodFromName(u"prophet"));
    QCOMPARE(valueFieldFromName(u"value_distinct"), std::optional<ValueField>(ValueField::Distinct));
    QCOMPARE(valueFieldFromName(u"avg"), std::optional<ValueField>(ValueField::Avg));
    QVERIFY(!valueFieldFromName(u"value_min"));
    for (Method m : {Method::RollingZ, Method::RobustZ, Method::IsolationForest})
        QCOMPARE(methodFromName(methodName(m)), std::optional<Method>(m));
}

void TestAnomalyParams::seriesIsSortedAndChecked()
{
    const auto sorted = DailySeries::fromPoints({DailyPoint{QDate(2025, 1, 3), 3.0, {}, {}, {}},
                                                 DailyPoint{QDate(2025, 1, 1), 1.0, {}, {}, {}}});
    QVERIFY(sorted.ok());
    QCOMPARE(sorted->points().first().day, QDate(2025, 1, 1));

    const auto duplicate = DailySeries::fromPoints({DailyPoint{QDate(2025, 1, 3), 3.0, {}, {}, {}},
                                                    DailyPoint{QDate(2025, 1, 1), 1.0, {}, {}, {}},
                                                    DailyPoint{QDate(2025, 1, 3), 4.0, {}, {}, {}}});
    QVERIFY(!duplicate.ok());
    QCOMPARE(duplicate.error().code, QStringLiteral("INVALID_SERIES"));
    QCOMPARE(duplicate.error().details.value(QStringLiteral("row")).toInt(), 2);
    QCOMPARE(duplicate.error().details.value(QStringLiteral("day")).toString(), QStringLiteral("2025-01-03"));

    const auto nan = DailySeries::fromPoints({DailyPoint{QDate(2025, 1, 1), 1.0, {}, {}, {}},
                                              DailyPoint{QDate(2025, 1, 2), 1.0, std::nan(""), {}, {}}});
    QVERIFY(!nan.ok());
    QCOMPARE(nan.error().details.value(QStringLiteral("field")).toString(), QStringLiteral("value_count"));
    QCOMPARE(nan.error().details.value(QStringLiteral("row")).toInt(), 1);

    const auto invalidDate = DailySeries::fromPoints({DailyPoint{QDate(), 1.0, {}, {}, {}}});
    QVERIFY(!invalidDate.ok());

    const auto empty = AnomalyDetector::run(DailySeries(), AnomalyParams::defaults(Method::RobustZ));
    QVERIFY(empty.ok());
    QVERIFY(empty->points.isEmpty());
    QCOMPARE(QJsonDocument(empty->toApiJson()).toJson(QJsonDocument::Compact),
             QByteArray(R"({"anomalies":[],"method":"mad","points":[]})"));
}

void TestAnomalyParams::jsonShape_data()
{
    QTest::addColumn<int>("method");
    QTest::addColumn<QString>("scoreKey");
    QTest::newRow("zscore") << int(Method::RollingZ) << QStringLiteral("z");
    QTest::newRow("mad") << int(Method::RobustZ) << QStringLiteral("z");
    QTest::newRow("iforest") << int(Method::IsolationForest) << QStringLiteral("score");
}

void TestAnomalyParams::jsonShape()
{
    QFETCH(int, method);
    QFETCH(QString, scoreKey);
    // 30 days of 10/11 with a spike on day 20 and a NULL value_sum on day 25.
    QList<DailyPoint> points;
    for (int i = 0; i < 30; ++i) {
        const double v = i == 20 ? 80.0 : 10.0 + i % 2;
        points.append(DailyPoint{QDate(2025, 2, 1).addDays(i), v, 1.0, v, std::nullopt});
    }
    points[25].valueSum.reset();
    points[25].valueAvg = 10.0; // the iforest then uses count and avg only
    const auto result = AnomalyDetector::run(*DailySeries::fromPoints(points), AnomalyParams::predecessorDefaults(Method(method)));
    QVERIFY(result.ok());
    const QJsonObject json = result->toApiJson();
    QCOMPARE(json.keys(), (QStringList{QStringLiteral("anomalies"), QStringLiteral("method"), QStringLiteral("points")}));
    const QJsonArray jsonPoints = json.value(QStringLiteral("points")).toArray();
    QCOMPARE(jsonPoints.size(), 30);
    int flagged = 0;
    for (qsizetype i = 0; i < jsonPoints.size(); ++i) {
        const QJsonObject p = jsonPoints.at(i).toObject();
        QStringList expectedKeys{QStringLiteral("date"), QStringLiteral("is_outlier"), QStringLiteral("metric_date"),
                                 QStringLiteral("value"), scoreKey};
        expectedKeys.sort();
        QCOMPARE(p.keys(), expectedKeys);
        QCOMPARE(p.value(QStringLiteral("metric_date")).toString(), QDate(2025, 2, 1).addDays(i).toString(Qt::ISODate));
        QCOMPARE(p.value(QStringLiteral("date")), p.value(QStringLiteral("metric_date")));
        const QJsonValue score = p.value(scoreKey);
        QVERIFY(score.isNull() || (score.isDouble() && std::isfinite(score.toDouble())));
        flagged += p.value(QStringLiteral("is_outlier")).toBool() ? 1 : 0;
    }
    QVERIFY(jsonPoints.at(25).toObject().value(QStringLiteral("value")).isNull());
    QCOMPARE(jsonPoints.at(20).toObject().value(QStringLiteral("is_outlier")).toBool(), true);
    const QJsonArray anomalies = json.value(QStringLiteral("anomalies")).toArray();
    QCOMPARE(anomalies.size(), flagged);
    QCOMPARE(anomalies.size(), result->anomalies().size());
    for (const QJsonValue &a : anomalies)
        QCOMPARE(a.toObject().keys(), (QStringList{QStringLiteral("metric_date"), scoreKey}));
    if (method != int(Method::IsolationForest)) {
        QVERIFY(jsonPoints.at(0).toObject().value(QStringLiteral("z")).isNull());
        QVERIFY(jsonPoints.at(25).toObject().value(QStringLiteral("z")).isNull());
    }
}

QTEST_GUILESS_MAIN(TestAnomalyParams)
#include "tst_anomalyparams.moc"
