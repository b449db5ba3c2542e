// The work of the standard jobs on a real database: daily-kpis leaves the KPIs a full recompute
// gives, housekeeping removes expired tokens, old logs, stale temp files and (opt-in) old raw events
// and nothing else.

#include "testdatabase.h"
#include "ingest/importer.h"
#include "jobs/jobmanager.h"
#include "jobs/standardjobs.h"
#include "jobtesthelpers.h"
#include "kpi/kpiservice.h"

#include <QDir>
#include <QFile>

using namespace JobTest;

namespace {

QList<QStringList> kpiSnapshot(const std::shared_ptr<Storage::Database> &db)
{
    QSqlQuery query(db->connection());
    query.exec(QStringLiteral("SELECT source_id, metric, day, value_sum, value_count, value_avg, value_distinct, value_min, value_max"
                              " FROM metric_daily ORDER BY source_id, metric, day"));
    QList<QStringList> rows;
    while (query.next()) {
        QStringList row;
        for (int i = 0; i < 9; ++i)
            row.append(query.value(i).typeId() == QMetaType::Double ? QString::number(query.value(i).toDouble(), 'g', 12) : query.value(i).toString());
        rows.append(row);
    }
    return rows;
}

QByteArray events(const QString &metric, const QString &firstDay, int days, int perDay)
{
    QByteArray body = "timestamp,value,metric,user_id\n";
    const QDate first = QDate::fromString(firstDay, Qt::ISODate);
    for (int d = 0; d < days; ++d) {
        for (int i = 0; i < perDay; ++i) {
            body += first.addDays(d).toString(Qt::ISODate).toLatin1() + 'T' + QByteArray::number(10 + i).rightJustified(2, '0') + ":00:00Z,"
                  + QByteArray::number(d * 10 + i) + ',' + metric.toLatin1() + ",u" + QByteArray::number(i % 3) + '\n';
        }
    }
    return body;
}

bool import(const std::shared_ptr<Storage::Database> &db, const QByteArray &body, const QString &source)
{
    Ingest::Importer importer(db);
    Ingest::ImportOptions options;
    options.source = source;
    auto summary = importer.importData(body, QStringLiteral("events.csv"), options);
    if (!summary)
        qWarning("%s", qPrintable(summary.error().message));
    return summary.ok();
}

void touch(const QString &path, const QDateTime &modified)
{
    QDir().mkpath(QFileInfo(path).absolutePath());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("x\n");
    file.flush(); // a write still buffered at close() would set the time again
    QVERIFY(file.setFileTime(modified, QFileDevice::FileModificationTime));
}

} // namespace

class TestStandardJobs final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { SD_REQUIRE_ENGINE(); }
    void dailyKpisFirstRunIsAFullRecompute();
    void dailyKpisRecomputesNewImportsOnly();
    void housekeeping();
    void rawEventsRetention();
    void weeklyRetrainRefitsEverySeries();

private:
    QTemporaryDir m_dir;
};

void TestStandardJobs::dailyKpisFirstRunIsAFullRecompute()
{
    FakeClock clock(FakeClock::utc("2026-05-01T12:00:00Z"));
    ClockGuard guard(clock);
    auto db = freshDatabase(m_dir, QStringLiteral("kpis-full.db"));
    QVERIFY(db);
    QVERIFY(import(db, events(QStringLiteral("orders"), QStringLiteral("2026-04-01"), 10, 4), QStringLiteral("shop")));
    const QList<QStringList> expected = kpiSnapshot(db);
    QCOMPARE(expected.size(), 10);
    // Damage the KPIs behind the pipeline's back: the first run cannot know what is new, so it recomputes all.
    QVERIFY(exec(db, QStringLiteral("UPDATE metric_daily SET value_sum = -1 WHERE day < '2026-04-05'")));
    QVERIFY(exec(db, QStringLiteral("DELETE FROM metric_daily WHERE day = '2026-04-09'")));
    QVERIFY(kpiSnapshot(db) != expected);

    Jobs::JobRegistry registry;
    Jobs::registerStandardJobs(registry);
    Jobs::JobManager manager(db, registry);
    auto record = manager.runSync(Jobs::DailyKpisJob);
    QVERIFY(record.ok());
    QCOMPARE(record->status, Jobs::RunStatus::Succeeded);
    QCOMPARE(record->counts.value(QStringLiteral("mode")).toString(), QStringLiteral("full"));
    QCOMPARE(kpiSnapshot(db), expected);
    QCOMPARE(text(db, QStringLiteral("SELECT status || ' ' || trigger FROM job_runs")), QStringLiteral("succeeded manual"));
    // No anomaly runs are stored: nothing to refresh, but the service was asked.
    QCOMPARE(record->counts.value(QStringLiteral("anomalies")).toObject().value(QStringLiteral("runs_refreshed")).toInt(), 0);
}

void TestStandardJobs::dailyKpisRecomputesNewImportsOnly()
{
    FakeClock clock(FakeClock::utc("2026-05-01T12:00:00Z"));
    ClockGuard guard(clock);
    auto db = freshDatabase(m_dir, QStringLiteral("kpis-incremental.db"));
    QVERIFY(db);
    QVERIFY(import(db, events(QStringLiteral("orders"), QStringLiteral("2026-04-01"), 10, 4), QStringLiteral("shop")));

    Jobs::JobRegistry registry;
    Jobs::StandardJobOptions options;
    QList<Jobs::SeriesKey> refreshed;
    options.refreshAnomalies = [&refreshed](Jobs::JobContext &, const QList<Jobs::SeriesKey> &touched) -> Common::Result<QJsonObject> {
        refreshed = touched;
        return QJsonObject{{QStringLiteral("series"), qint64(touched.size())}};
    };
    Jobs::registerStandardJobs(registry, options);
    Jobs::JobManager manager(db, registry);
    clock.set("2026-05-02T00:15:00Z");
    QVERIFY(manager.runSync(Jobs::DailyKpisJob, Jobs::Trigger::Schedule, clock.now()).ok());

    // Nothing new: an incremental run that touches nothing.
    clock.set("2026-05-02T06:00:00Z");
    auto idle = manager.runSync(Jobs::DailyKpisJob);
    QVERIFY(idle.ok());
    QCOMPARE(idle->status, Jobs::RunStatus::Succeeded);
    QCOMPARE(idle->counts.value(QStringLiteral("mode")).toString(), QStringLiteral("incremental"));
    QCOMPARE(idle->counts.value(QStringLiteral("series")).toInt(), 0);

    // New events for another source and metric arrive; their KPIs are then damaged.
    clock.set("2026-05-02T10:00:00Z");
    QVERIFY(import(db, events(QStringLiteral("revenue"), QStringLiteral("2026-04-20"), 5, 3), QStringLiteral("web")));
    QVERIFY(import(db, events(QStringLiteral("orders"), QStringLiteral("2026-04-08"), 4, 2), QStringLiteral("shop")));
    Kpi::KpiService kpi(db);
    QVERIFY(kpi.recompute({}).ok());
    const QList<QStringList> expected = kpiSnapshot(db);
    QVERIFY(exec(db, QStringLiteral("UPDATE metric_daily SET value_count = 0 WHERE metric = 'revenue' OR day >= '2026-04-08'")));

    clock.set("2026-05-03T00:15:00Z");
    auto record = manager.runSync(Jobs::DailyKpisJob, Jobs::Trigger::Schedule, clock.now());
    QVERIFY(record.ok());
    QCOMPARE(record->status, Jobs::RunStatus::Succeeded);
    QCOMPARE(record->counts.value(QStringLiteral("mode")).toString(), QStringLiteral("incremental"));
    QCOMPARE(record->counts.value(QStringLiteral("batches")).toInt(), 2);
    QCOMPARE(record->counts.value(QStringLiteral("series")).toInt(), 2);
    QCOMPARE(kpiSnapshot(db), expected); // the same as a full recompute
    QCOMPARE(refreshed.size(), 2);
    QCOMPARE(record->counts.value(QStringLiteral("anomalies")).toObject().value(QStringLiteral("series")).toInt(), 2);
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM job_runs WHERE job = 'daily-kpis' AND status = 'succeeded'")), 3);
}

void TestStandardJobs::housekeeping()
{
    const QDateTime now = FakeClock::utc("2026-05-20T04:00:00Z");
    FakeClock clock(now);
    ClockGuard guard(clock);
    auto db = freshDatabase(m_dir, QStringLiteral("housekeeping.db"));
    QVERIFY(db);
    QVERIFY(import(db, events(QStringLiteral("orders"), QStringLiteral("2026-04-01"), 3, 2), QStringLiteral("shop")));

    QVERIFY(exec(db, QStringLiteral("INSERT INTO users (id, email, password_hash, role, created_at, updated_at)"
                                    " VALUES (1, 'a@example.org', 'x', 'admin', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')")));
    const QString insertToken = QStringLiteral("INSERT INTO refresh_tokens (user_id, token_hash, family_id, issued_at, expires_at, revoked_at)"
                                               " VALUES (1, '%1', 'f', '2026-05-01T00:00:00.000Z', '%2', %3)");
    QVERIFY(exec(db, insertToken.arg(QStringLiteral("expired"), QStringLiteral("2026-05-19T00:00:00.000Z"), QStringLiteral("NULL"))));
    QVERIFY(exec(db, insertToken.arg(QStringLiteral("revoked"), QStringLiteral("2026-06-19T00:00:00.000Z"), QStringLiteral("'2026-05-02T00:00:00.000Z'"))));
    QVERIFY(exec(db, insertToken.arg(QStringLiteral("valid"), QStringLiteral("2026-06-19T00:00:00.000Z"), QStringLiteral("NULL"))));
    QVERIFY(exec(db, insertToken.arg(QStringLiteral("expires-later-today"), QStringLiteral("2026-05-20T04:00:01.000Z"), QStringLiteral("NULL"))));

    const QString logDir = m_dir.filePath(QStringLiteral("logs"));
    const QString tempDir = m_dir.filePath(QStringLiteral("tmp"));
    touch(logDir + QStringLiteral("/smartdata.jsonl"), now.addDays(-30));       // the current file's name: kept
    touch(logDir + QStringLiteral("/smartdata.4.jsonl"), now.addDays(-30));     // old: removed
    touch(logDir + QStringLiteral("/smartdata.5.jsonl"), now.addDays(-15));     // old: removed
    touch(logDir + QStringLiteral("/smartdata.1.jsonl"), now.addDays(-13));     // within 14 days: kept
    touch(logDir + QStringLiteral("/smartdata-server.jsonl"), now.addDays(-20)); // current file of this process: kept
    touch(logDir + QStringLiteral("/notes.txt"), now.addDays(-100));            // not a log: kept
    touch(tempDir + QStringLiteral("/import-1.part"), now.addDays(-2));          // stale: removed
    touch(tempDir + QStringLiteral("/sub/import-2.part"), now.addSecs(-25 * 3600)); // stale: removed
    touch(tempDir + QStringLiteral("/import-3.part"), now.addSecs(-3600));       // in use: kept

    Jobs::JobRegistry registry;
    Jobs::StandardJobOptions options;
    options.logDir = logDir;
    options.tempDir = tempDir;
    options.currentLogFile = logDir + QStringLiteral("/smartdata-server.jsonl");
    Jobs::registerStandardJobs(registry, options);
    Jobs::JobManager manager(db, registry);

    const qint64 rawBefore = scalar(db, QStringLiteral("SELECT COUNT(*) FROM raw_events"));
    const qint64 cleanBefore = scalar(db, QStringLiteral("SELECT COUNT(*) FROM clean_events"));
    auto record = manager.runSync(Jobs::DailyHousekeepingJob);
    QVERIFY(record.ok());
    QVERIFY2(record->status == Jobs::RunStatus::Succeeded, qPrintable(record->message));

    QCOMPARE(joined(db, QStringLiteral("SELECT token_hash FROM refresh_tokens ORDER BY token_hash")),
             QStringLiteral("expires-later-today,valid"));
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM users")), 1);
    QStringList logs = QDir(logDir).entryList(QDir::Files, QDir::Name);
    QCOMPARE(logs, (QStringList{QStringLiteral("notes.txt"), QStringLiteral("smartdata-server.jsonl"),
                                QStringLiteral("smartdata.1.jsonl"), QStringLiteral("smartdata.jsonl")}));
    QVERIFY(!QFile::exists(tempDir + QStringLiteral("/import-1.part")));
    QVERIFY(!QFile::exists(tempDir + QStringLiteral("/sub/import-2.part")));
    QVERIFY(QFile::exists(tempDir + QStringLiteral("/import-3.part")));
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM raw_events")), rawBefore); // retention is off by default
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM clean_events")), cleanBefore);

    const QJsonObject counts = record->counts;
    QCOMPARE(counts.value(QStringLiteral("refresh_tokens_deleted")).toInt(), 2);
    QCOMPARE(counts.value(QStringLiteral("log_files_deleted")).toInt(), 2);
    QCOMPARE(counts.value(QStringLiteral("temp_files_deleted")).toInt(), 2);
    QCOMPARE(counts.value(QStringLiteral("raw_events_deleted")).toInt(), 0);
    if (TestDb::isPostgres()) {
        QCOMPARE(counts.value(QStringLiteral("analyzed")).toBool(), true);
    } else {
        QVERIFY(counts.contains(QStringLiteral("freelist_pages")));
        QCOMPARE(counts.value(QStringLiteral("vacuumed")).toBool(), false);
    }
    // Stored in job_runs as JSON.
    QVERIFY(text(db, QStringLiteral("SELECT counts FROM job_runs WHERE job = 'daily-housekeeping'")).contains(QLatin1String("\"refresh_tokens_deleted\":2")));
}

void TestStandardJobs::rawEventsRetention()
{
    FakeClock clock(FakeClock::utc("2026-03-01T12:00:00Z"));
    ClockGuard guard(clock);
    auto db = freshDatabase(m_dir, QStringLiteral("retention.db"));
    QVERIFY(db);
    QVERIFY(import(db, events(QStringLiteral("orders"), QStringLiteral("2026-02-01"), 5, 2), QStringLiteral("shop"))); // batch 1, finished 1 March
    clock.set("2026-04-05T12:00:00Z");
    QVERIFY(import(db, events(QStringLiteral("orders"), QStringLiteral("2026-03-20"), 3, 2), QStringLiteral("shop"))); // batch 2, finished 5 April
    const qint64 cleanBefore = scalar(db, QStringLiteral("SELECT COUNT(*) FROM clean_events"));
    QVERIFY(db->setSetting(Jobs::RawEventsRetentionDaysSetting, QStringLiteral("30")).ok());

    clock.set("2026-04-10T04:00:00Z"); // cutoff 11 March: batch 1 is past it, batch 2 is not
    Jobs::JobRegistry registry;
    Jobs::StandardJobOptions options;
    options.logDir = m_dir.filePath(QStringLiteral("no-logs"));
    options.tempDir = m_dir.filePath(QStringLiteral("no-tmp"));
    Jobs::registerStandardJobs(registry, options);
    Jobs::JobManager manager(db, registry);
    auto record = manager.runSync(Jobs::DailyHousekeepingJob);
    QVERIFY(record.ok());
    QCOMPARE(record->status, Jobs::RunStatus::Succeeded);
    QCOMPARE(record->counts.value(QStringLiteral("raw_events_deleted")).toInt(), 10);
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM raw_events WHERE batch_id = 1")), 0);
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM raw_events WHERE batch_id = 2")), 6);
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM clean_events")), cleanBefore);
}


void TestStandardJobs::weeklyRetrainRefitsEverySeries()
{
    auto db = freshDatabase(m_dir, QStringLiteral("retrain.db"));
    QVERIFY(db);
    QVERIFY(import(db, events(QStringLiteral("orders"), QStringLiteral("2026-01-01"), 70, 2), QStringLiteral("shop")));
    QVERIFY(import(db, events(QStringLiteral("visits"), QStringLiteral("2026-02-01"), 4, 1), QStringLiteral("blog")));
    Jobs::JobRegistry registry;
    Jobs::registerStandardJobs(registry);
    Jobs::JobManager manager(db, registry);
    auto record = manager.runSync(Jobs::WeeklyRetrainJob);
    QVERIFY(record.ok());
    QCOMPARE(record->status, Jobs::RunStatus::Succeeded);
    QCOMPARE(record->counts.value(QStringLiteral("series")).toInt(), 2);
    QCOMPARE(record->counts.value(QStringLiteral("failed")).toInt(), 0);
    // Every metric has a fresh run; the long one is graded, the 4-day one is too short to backtest.
    QCOMPARE(text(db, QStringLiteral("SELECT COUNT(DISTINCT metric) FROM forecast_runs")), QStringLiteral("2"));
    QCOMPARE(text(db, QStringLiteral("SELECT COUNT(*) FROM forecast_runs WHERE metric = 'orders' AND reliability_grade IS NOT NULL")), QStringLiteral("1"));
    QCOMPARE(text(db, QStringLiteral("SELECT COUNT(*) FROM forecast_runs WHERE metric = 'visits' AND fallback_reason IS NOT NULL")), QStringLiteral("1"));
    QCOMPARE(text(db, QStringLiteral("SELECT COUNT(*) FROM reliability_runs")), QStringLiteral("1"));
}

QTEST_GUILESS_MAIN(TestStandardJobs)
#include "tst_standardjobs.moc"
