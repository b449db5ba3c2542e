// The analysis job definitions (core/jobs/analysisjobs.h) the desktop, the command line and the API
// share: names per series, what detection and forecasting store and count, a forecast that records
// its field (and its backtest's), and the import that analyses with the default detector.

#include "testdatabase.h"
#include "anomaly/anomalyparams.h"
#include "ingest/importer.h"
#include "jobs/analysisjobs.h"
#include "jobs/batchjobs.h"
#include "jobs/jobmanager.h"
#include "jobs/jobrunner.h"
#include "jobtesthelpers.h"

#include <QJsonDocument>
#include <QSignalSpy>

namespace {

// 90 days of a visits metric with one obvious spike (day 60), one to three events a day.
QByteArray visitsCsv()
{
    QByteArray csv = "timestamp,metric,value,user_id\n";
    for (int i = 0; i < 90; ++i) {
        const QString day = QDate(2026, 1, 1).addDays(i).toString(Qt::ISODate);
        for (int k = 0; k <= i % 3; ++k) {
            const int value = i == 60 ? 5000 : 100 + (i % 7) * 3 + k;
            csv += QStringLiteral("%1T1%2:00:00Z,visits,%3,u%4\n").arg(day).arg(k).arg(value).arg(k).toUtf8();
        }
    }
    return csv;
}

} // namespace

class TestAnalysisJobs final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void namesArePerSeries();
    void detectionStoresAndCounts();
    void detectionHandsTheResultToItsSink();
    void forecastRecordsItsField();
    void importAnalysesWithTheDefaultDetector();
    void managerRunsTheDefinitionOnce();
    void deletingABatchRemovesItsEvents();

private:
    QTemporaryDir m_dir;
    std::shared_ptr<Storage::Database> m_db;
    int m_count = 0;
};

void TestAnalysisJobs::init()
{
    QVERIFY(m_dir.isValid());
    m_db = JobTest::freshDatabase(m_dir, QStringLiteral("a%1.db").arg(++m_count));
    QVERIFY(m_db);
}

void TestAnalysisJobs::namesArePerSeries()
{
    QCOMPARE(Jobs::anomalyJobName(QStringLiteral("shop"), QStringLiteral("orders")), QStringLiteral("anomaly:shop/orders"));
    QCOMPARE(Jobs::forecastJobName(QStringLiteral("shop"), QStringLiteral("orders")), QStringLiteral("forecast:shop/orders"));
    Forecast::ServiceRequest forecast;
    forecast.source = QStringLiteral("web");
    forecast.metric = QStringLiteral("visits");
    QCOMPARE(Jobs::forecastJob(forecast).name, QStringLiteral("forecast:web/visits"));
    QCOMPARE(Jobs::detectAnomaliesJob({QStringLiteral("web"), QStringLiteral("visits"), {}, {}, {}}).name,
             QStringLiteral("anomaly:web/visits"));
}

void TestAnalysisJobs::detectionStoresAndCounts()
{
    Ingest::ImportOptions options;
    options.source = QStringLiteral("web");
    QVERIFY(Ingest::Importer(m_db).importData(visitsCsv(), QStringLiteral("v.csv"), options).ok());
    Anomaly::AnomalyParams params = Anomaly::AnomalyParams::defaults(Anomaly::Method::RobustZ);
    params.field = Anomaly::ValueField::Count;
    const Jobs::JobDefinition job = Jobs::detectAnomaliesJob({QStringLiteral("web"), QStringLiteral("visits"), params, {}, {}});
    Common::SilentProgress progress;
    const Jobs::RunRecord record = Jobs::JobRunner::execute(m_db, job, Jobs::Trigger::Manual, {}, progress);
    QCOMPARE(record.status, Jobs::RunStatus::Succeeded);
    QCOMPARE(record.counts.value(QStringLiteral("days")).toInt(), 90);
    QCOMPARE(record.counts.value(QStringLiteral("insufficient_data")).toBool(), false);
    // Stored on the count, as asked: the shown aggregate, not always the sum.
    const qint64 stored = JobTest::scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM anomalies WHERE field = 'value_count' AND is_outlier = 1"));
    QCOMPARE(qint64(record.counts.value(QStringLiteral("anomalies")).toInteger()), stored);
    QCOMPARE(JobTest::scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM anomalies WHERE field = 'value_sum'")), qint64(0));
    QCOMPARE(JobTest::text(m_db, QStringLiteral("SELECT job FROM job_runs ORDER BY id DESC LIMIT 1")), QStringLiteral("anomaly:web/visits"));
}

void TestAnalysisJobs::detectionHandsTheResultToItsSink()
{
    Ingest::ImportOptions options;
    options.source = QStringLiteral("web");
    QVERIFY(Ingest::Importer(m_db).importData(visitsCsv(), QStringLiteral("v.csv"), options).ok());
    std::optional<Anomaly::AnomalyResult> result;
    const Jobs::JobDefinition job = Jobs::detectAnomaliesJob(
        {QStringLiteral("web"), QStringLiteral("visits"), Anomaly::AnomalyParams::defaults(Anomaly::Method::RobustZ), {}, {}},
        false, [&result](const Anomaly::AnomalyResult &r) { result = r; });
    Common::SilentProgress progress;
    auto outcome = Jobs::runUnrecorded(m_db, job, progress);
    QVERIFY2(outcome.ok(), qPrintable(outcome.ok() ? QString() : outcome.error().message));
    QVERIFY(result.has_value());
    QCOMPARE(result->points.size(), qsizetype(90));
    bool spikeFlagged = false;
    for (const Anomaly::AnomalyPoint &p : result->anomalies())
        spikeFlagged = spikeFlagged || p.day == QDate(2026, 1, 1).addDays(60);
    QVERIFY(spikeFlagged);
    // Not stored (store = false), and unrecorded: the command line's --no-store leaves no trace.
    QCOMPARE(JobTest::scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM anomalies")), qint64(0));
    QCOMPARE(JobTest::scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM job_runs")), qint64(0));
}

void TestAnalysisJobs::forecastRecordsItsField()
{
    Ingest::ImportOptions options;
    options.source = QStringLiteral("web");
    QVERIFY(Ingest::Importer(m_db).importData(visitsCsv(), QStringLiteral("v.csv"), options).ok());
    Forecast::ServiceRequest request;
    request.source = QStringLiteral("web");
    request.metric = QStringLiteral("visits");
    request.field = QStringLiteral("value_count");
    request.horizon = 7;
    std::optional<Forecast::RunInfo> run;
    const Jobs::JobDefinition job = Jobs::forecastJob(request, [&run](const Forecast::RunInfo &r) { run = r; });
    Common::SilentProgress progress;
    const Jobs::RunRecord record = Jobs::JobRunner::execute(m_db, job, Jobs::Trigger::Manual, {}, progress);
    QCOMPARE(record.status, Jobs::RunStatus::Succeeded);
    QVERIFY(run.has_value());
    QCOMPARE(record.counts.value(QStringLiteral("run_id")).toInteger(), run->id);
    QCOMPARE(record.counts.value(QStringLiteral("field")).toString(), QStringLiteral("value_count"));
    QCOMPARE(run->points.size(), qsizetype(7));
    // The run says what it was fitted on, and so does its backtest.
    QCOMPARE(run->details.value(QStringLiteral("field")).toString(), QStringLiteral("value_count"));
    const QJsonObject reliability
        = QJsonDocument::fromJson(JobTest::text(m_db, QStringLiteral("SELECT details FROM reliability_runs ORDER BY id DESC LIMIT 1")).toUtf8())
              .object();
    QCOMPARE(reliability.value(QStringLiteral("field")).toString(), QStringLiteral("value_count"));
}

void TestAnalysisJobs::importAnalysesWithTheDefaultDetector()
{
    Jobs::ImportAnalysisRequest request;
    request.name = QStringLiteral("import:test");
    request.data = visitsCsv();
    request.fileName = QStringLiteral("v.csv");
    request.source = QStringLiteral("web");
    request.forecastMetric = QStringLiteral("visits");
    request.forecastHorizon = 5;
    Common::SilentProgress progress;
    const Jobs::RunRecord record = Jobs::JobRunner::execute(m_db, Jobs::importAndAnalyseJob(request), Jobs::Trigger::Manual, {}, progress);
    QCOMPARE(record.status, Jobs::RunStatus::Succeeded);
    QCOMPARE(record.counts.value(QStringLiteral("metrics")).toInt(), 1);
    QVERIFY(record.counts.contains(QStringLiteral("forecast_run_id")));
    // Every stored detection used the default method (stl), not the rolling z-score.
    const QString method = Anomaly::methodName(Anomaly::AnomalyParams::kDefaultMethod);
    QCOMPARE(method, QStringLiteral("stl"));
    QCOMPARE(JobTest::joined(m_db, QStringLiteral("SELECT DISTINCT method FROM anomalies")), method);
    QCOMPARE(JobTest::scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM forecast_runs")), qint64(1));
}

void TestAnalysisJobs::managerRunsTheDefinitionOnce()
{
    Ingest::ImportOptions options;
    options.source = QStringLiteral("web");
    QVERIFY(Ingest::Importer(m_db).importData(visitsCsv(), QStringLiteral("v.csv"), options).ok());
    Jobs::JobManager manager(m_db, Jobs::JobRegistry());
    const Anomaly::RunRequest request{QStringLiteral("web"), QStringLiteral("visits"), Anomaly::AnomalyParams::defaults(Anomaly::AnomalyParams::kDefaultMethod), {}, {}};
    auto first = manager.start(Jobs::detectAnomaliesJob(request));
    QVERIFY(first.ok());
    // A second detection of the same series while the first runs is refused, not queued.
    auto second = manager.start(Jobs::detectAnomaliesJob(request));
    if (!second.ok())
        QCOMPARE(second.error().code, QStringLiteral("JOB_ALREADY_RUNNING"));
    manager.waitForAll();
    QVERIFY((*first)->succeeded());
}

void TestAnalysisJobs::deletingABatchRemovesItsEvents()
{
    Ingest::ImportOptions options;
    options.source = QStringLiteral("web");
    auto summary = Ingest::Importer(m_db).importData(visitsCsv(), QStringLiteral("v.csv"), options);
    QVERIFY(summary.ok());
    QCOMPARE(Jobs::deleteBatchJobName(summary->batchId), QStringLiteral("delete-batch:%1").arg(summary->batchId));
    Common::SilentProgress progress;
    const Jobs::RunRecord record = Jobs::JobRunner::execute(m_db, Jobs::deleteBatchJob(summary->batchId), Jobs::Trigger::Manual, {}, progress);
    QCOMPARE(record.status, Jobs::RunStatus::Succeeded);
    QCOMPARE(JobTest::scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM clean_events")), qint64(0));
    QCOMPARE(JobTest::scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM metric_daily")), qint64(0));
    QCOMPARE(record.message, QStringLiteral("%1 events removed").arg(summary->inserted));
}

QTEST_GUILESS_MAIN(TestAnalysisJobs)
#include "tst_analysisjobs.moc"
