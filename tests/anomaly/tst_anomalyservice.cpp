// Detectors on stored data: series from metric_daily, results kept in the anomalies table.

#include "testdatabase.h"
#include "anomaly/anomalyservice.h"
#include "fuzzy.h"
#include "ingest/importer.h"
#include "storage/database.h"

#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

qint64 count(const std::shared_ptr<Storage::Database> &db, const QString &sql)
{
    QSqlQuery query(db->connection());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

// The predecessor's metric_daily fixture, as events: one event per day carrying that day's sum.
QByteArray spikeEvents()
{
    QFile file(TestData::path("anomaly/metric_daily_anomaly_spike_input.csv"));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    file.readLine();
    QByteArray body = "timestamp,value,metric\n";
    while (!file.atEnd()) {
        const QList<QByteArray> f = file.readLine().trimmed().split(',');
        if (f.size() >= 4)
            body += f[0] + "T12:00:00Z," + f[3] + ',' + f[2] + '\n';
    }
    return body;
}

} // namespace

class TestAnomalyService final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { SD_REQUIRE_ENGINE(); }
    void init();
    void predecessorFixtureIsFlaggedAndStored();
    void rerunReplacesSameParameters();
    void rangeLimitsReportedDaysButKeepsHistory();
    void gapsAreMissingDaysNotZeros();
    void unknownSourceIsNotFound();
    void refreshStoredRerunsAfterNewData();
    void paramsRoundTrip();
    void explanationIsStored();

private:
    Anomaly::RunRequest request(Anomaly::Method method = Anomaly::Method::RollingZ) const
    {
        return Anomaly::RunRequest{QStringLiteral("demo"), QStringLiteral("events_total"), Anomaly::AnomalyParams::predecessorDefaults(method), {}, {}};
    }

    QTemporaryDir m_dir;
    std::shared_ptr<Storage::Database> m_db;
    int m_counter = 0;
};

void TestAnomalyService::init()
{
    auto db = Storage::Database::open(TestDb::location(m_dir.filePath(QStringLiteral("anomaly-%1.db").arg(++m_counter))));
    QVERIFY(db.ok());
    m_db = *db;
    Ingest::ImportOptions options;
    options.source = QStringLiteral("demo");
    QVERIFY(Ingest::Importer(m_db).importData(spikeEvents(), QStringLiteral("spike.csv"), options).ok());
    QCOMPARE(count(m_db, QStringLiteral("SELECT COUNT(*) FROM metric_daily")), 7);
}

void TestAnomalyService::predecessorFixtureIsFlaggedAndStored()
{
    Anomaly::AnomalyService service(m_db);
    auto result = service.run(request());
    QVERIFY(result.ok());
    const auto flagged = result->anomalies();
    QCOMPARE(flagged.size(), 1);
    QCOMPARE(flagged.first().day, QDate(2025, 9, 6));
    QCOMPARE(count(m_db, QStringLiteral("SELECT COUNT(*) FROM anomalies")), 7);
    QCOMPARE(count(m_db, QStringLiteral("SELECT COUNT(*) FROM anomalies WHERE is_outlier = 1 AND day = '2025-09-06'")), 1);
    auto stored = service.stored(QStringLiteral("demo"), QStringLiteral("events_total"));
    QVERIFY(stored.ok());
    QCOMPARE(stored->size(), 1);
    QCOMPARE(stored->first().method, QStringLiteral("zscore"));
    QCOMPARE(stored->first().params.value(QStringLiteral("window")).toInt(), 7);
    SD_COMPARE_NEAR(*stored->first().value, 100.0, 1e-12);
    SD_COMPARE_NEAR(*stored->first().score, *flagged.first().score, 1e-9);
}

void TestAnomalyService::rerunReplacesSameParameters()
{
    Anomaly::AnomalyService service(m_db);
    QVERIFY(service.run(request()).ok());
    QVERIFY(service.run(request()).ok());
    QCOMPARE(count(m_db, QStringLiteral("SELECT COUNT(*) FROM anomalies")), 7);
    Anomaly::RunRequest other = request();
    other.params.window = 3;
    QVERIFY(service.run(other).ok());
    QCOMPARE(count(m_db, QStringLiteral("SELECT COUNT(*) FROM anomalies")), 14);
    QVERIFY(service.run(request(Anomaly::Method::RobustZ), false).ok()); // not stored
    QCOMPARE(count(m_db, QStringLiteral("SELECT COUNT(*) FROM anomalies")), 14);
}

void TestAnomalyService::rangeLimitsReportedDaysButKeepsHistory()
{
    Anomaly::AnomalyService service(m_db);
    Anomaly::RunRequest ranged = request();
    ranged.from = QDate(2025, 9, 6);
    ranged.to = QDate(2025, 9, 6);
    auto result = service.run(ranged);
    QVERIFY(result.ok());
    QCOMPARE(result->points.size(), 1);
    QVERIFY(result->points.first().isOutlier); // the five days before still formed its window
}

void TestAnomalyService::gapsAreMissingDaysNotZeros()
{
    // Two more days after a 10-day gap: the gap must not enter any window as zeros.
    Ingest::ImportOptions options;
    options.source = QStringLiteral("demo");
    QVERIFY(Ingest::Importer(m_db).importData("timestamp,value\n2025-09-18T12:00:00Z,10\n2025-09-19T12:00:00Z,11\n2025-09-20T12:00:00Z,10\n",
                                              QStringLiteral("late.csv"), options).ok());
    auto result = Anomaly::AnomalyService(m_db).run(request());
    QVERIFY(result.ok());
    QCOMPARE(result->points.size(), 10); // one point per stored day, none for the gap
    for (const auto &point : result->points) {
        QVERIFY(point.value.has_value());
        QVERIFY(*point.value != 0.0);
        if (point.score)
            QVERIFY(std::isfinite(*point.score));
    }
    // 2025-09-18 has fewer than 2 observed days in its 7-day window: no z, not flagged.
    const auto late = std::find_if(result->points.begin(), result->points.end(), [](const auto &p) { return p.day == QDate(2025, 9, 18); });
    QVERIFY(late != result->points.end());
    QVERIFY(!late->score.has_value());
    QVERIFY(!late->isOutlier);
}

void TestAnomalyService::unknownSourceIsNotFound()
{
    Anomaly::RunRequest missing = request();
    missing.source = QStringLiteral("nope");
    auto result = Anomaly::AnomalyService(m_db).run(missing);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, Common::ErrorKind::NotFound);
    Anomaly::RunRequest noMetric = request();
    noMetric.metric = QStringLiteral("unknown_metric");
    auto empty = Anomaly::AnomalyService(m_db).run(noMetric);
    QVERIFY(empty.ok());
    QVERIFY(empty->points.isEmpty());
}

void TestAnomalyService::refreshStoredRerunsAfterNewData()
{
    Anomaly::AnomalyService service(m_db);
    QVERIFY(service.run(request()).ok());
    Ingest::ImportOptions options;
    options.source = QStringLiteral("demo");
    QVERIFY(Ingest::Importer(m_db).importData("timestamp,value\n2025-09-08T12:00:00Z,500\n", QStringLiteral("next.csv"), options).ok());
    auto refreshed = service.refreshStored();
    QVERIFY(refreshed.ok());
    QCOMPARE(*refreshed, 1);
    QCOMPARE(count(m_db, QStringLiteral("SELECT COUNT(*) FROM anomalies")), 8);
    QCOMPARE(count(m_db, QStringLiteral("SELECT is_outlier FROM anomalies WHERE day = '2025-09-08'")), 1);
}

void TestAnomalyService::paramsRoundTrip()
{
    Anomaly::AnomalyParams params = Anomaly::AnomalyParams::defaults(Anomaly::Method::IsolationForest);
    params.contamination = 0.1;
    params.seed = 18446744073709551615ULL;
    params.field = Anomaly::ValueField::Count;
    auto back = Anomaly::AnomalyService::paramsFromJson(params.toJson());
    QVERIFY(back.ok());
    QCOMPARE(back->paramsKey(), params.paramsKey());
    Anomaly::AnomalyParams z = Anomaly::AnomalyParams::defaults(Anomaly::Method::RobustZ);
    z.window = 28;
    z.seasonal = true;
    auto zBack = Anomaly::AnomalyService::paramsFromJson(z.toJson());
    QVERIFY(zBack.ok());
    QCOMPARE(zBack->paramsKey(), z.paramsKey());
    // A stored 'auto' forest stays 'auto' although the default contamination is now 0.01; a
    // predecessor-compatible run stays one; the new default round-trips.
    const Anomaly::AnomalyParams autoForest = Anomaly::AnomalyParams::predecessorDefaults(Anomaly::Method::IsolationForest);
    auto autoBack = Anomaly::AnomalyService::paramsFromJson(autoForest.toJson());
    QVERIFY(autoBack.ok());
    QVERIFY(!autoBack->contamination.has_value());
    const Anomaly::AnomalyParams compat = Anomaly::AnomalyParams::predecessorDefaults(Anomaly::Method::RollingZ);
    auto compatBack = Anomaly::AnomalyService::paramsFromJson(compat.toJson());
    QVERIFY(compatBack.ok());
    QCOMPARE(compatBack->paramsKey(), compat.paramsKey());
    QVERIFY(compatBack->predecessorCompatible);
    const Anomaly::AnomalyParams stl = Anomaly::AnomalyParams::defaults(Anomaly::Method::SeasonalEsd);
    auto stlBack = Anomaly::AnomalyService::paramsFromJson(stl.toJson());
    QVERIFY(stlBack.ok());
    QCOMPARE(stlBack->paramsKey(), QStringLiteral("method=stl;field=value_sum;threshold=3.5"));
}

// Schema 8: a flagged day keeps its kind, baseline, threshold and reason; other days keep NULLs.
void TestAnomalyService::explanationIsStored()
{
    Anomaly::AnomalyService service(m_db);
    Anomaly::RunRequest stl{QStringLiteral("demo"), QStringLiteral("events_total"),
                            Anomaly::AnomalyParams::defaults(Anomaly::Method::SeasonalEsd), {}, {}};
    auto result = service.run(stl);
    QVERIFY(result.ok());
    QCOMPARE(result->anomalies().size(), 1);
    auto stored = service.stored(QStringLiteral("demo"), QStringLiteral("events_total"));
    QVERIFY(stored.ok());
    QCOMPARE(stored->size(), 1);
    const Anomaly::StoredAnomaly &a = stored->first();
    QCOMPARE(a.day, QDate(2025, 9, 6));
    QCOMPARE(a.method, QStringLiteral("stl"));
    QCOMPARE(a.kind, Anomaly::AnomalyKind::Spike);
    QVERIFY(a.baseline && std::abs(*a.baseline - 10.0) < 1.0);
    QVERIFY(a.threshold && *a.threshold >= 3.0);
    QCOMPARE(a.reason, result->anomalies().first().reason);
    const QJsonObject json = a.toJson();
    QCOMPARE(json.value(QStringLiteral("kind")).toString(), QStringLiteral("spike"));
    QVERIFY(!json.value(QStringLiteral("reason")).toString().isEmpty());
    QCOMPARE(count(m_db, QStringLiteral("SELECT COUNT(*) FROM anomalies WHERE kind IS NULL AND reason IS NULL AND baseline IS NULL")), 6);
    // Runs with the predecessor's rules store no explanation.
    QVERIFY(service.run(request()).ok());
    QCOMPARE(count(m_db, QStringLiteral("SELECT COUNT(*) FROM anomalies WHERE method = 'zscore' AND kind IS NOT NULL")), 0);
}

QTEST_GUILESS_MAIN(TestAnomalyService)
#include "tst_anomalyservice.moc"
