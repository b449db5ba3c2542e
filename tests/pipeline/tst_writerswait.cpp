// Writers wait their turn instead of failing (issue #19, section 2). On SQLite an import commits in
// pieces, so another writer gets the lock while it runs; a second import waits for the first, says so,
// then lands; an import that is cancelled, fails or is killed after some pieces leaves nothing behind.

#include "ingest/importer.h"
#include "pipelinetesthelpers.h"
#include "storage/bulkwritelease.h"
#include "testdatabase.h"

#include <QFile>
#include <QElapsedTimer>
#include <QProcess>
#include <QSemaphore>
#include <QThread>

using namespace PipelineTest;

namespace {

QByteArray eventsCsv(int rows, int offset = 0)
{
    QByteArray csv = "timestamp,metric,value,user_id\n";
    csv.reserve(rows * 48);
    for (int i = offset; i < offset + rows; ++i)
        csv += QByteArray::number(1700000000000LL + qint64(i) * 1000) + (i % 2 ? ",orders," : ",visits,")
            + QByteArray::number(i % 91) + ",u" + QByteArray::number(i % 777) + '\n';
    return csv;
}

// Cancels at the given progress report.
class CancelAt final : public Common::ProgressReporter
{
public:
    explicit CancelAt(int report) : m_report(report) {}
    void progress(int, const QString &) override { ++m_reports; }
    bool isCancelled() const override { return m_reports >= m_report; }

private:
    int m_report;
    int m_reports = 0;
};

// Pauses the import at the given progress report until the test resumes it.
class PauseAt final : public Common::ProgressReporter
{
public:
    explicit PauseAt(int report) : m_report(report) {}
    void progress(int, const QString &) override
    {
        if (++m_reports == m_report) {
            paused.release();
            resume.acquire();
        }
    }
    bool isCancelled() const override { return false; }
    QSemaphore paused, resume;

private:
    int m_report;
    int m_reports = 0;
};

} // namespace

class TestWritersWait final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void writerGetsInWhileAnImportRuns();
    void cancelAfterPiecesLeavesNothing();
    void strictRejectionAfterPiecesLeavesNothing();
    void secondImportWaitsThenLands();
    void killedImportIsRemovedByTheNextWriter();
    void leaseIsReentrantInOneThread();

private:
    QString writeFile(const QString &name, const QByteArray &content);
    QTemporaryDir m_dir;
    QString m_location;
    std::shared_ptr<Storage::Database> m_db;
    int m_counter = 0;
};

void TestWritersWait::initTestCase()
{
    SD_REQUIRE_ENGINE();
    QVERIFY(m_dir.isValid());
}

void TestWritersWait::init()
{
    m_location = TestDb::location(m_dir.filePath(QStringLiteral("writers-%1.db").arg(++m_counter)));
    auto db = Storage::Database::open(m_location);
    QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message));
    m_db = *db;
}

QString TestWritersWait::writeFile(const QString &name, const QByteArray &content)
{
    const QString path = m_dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        return {};
    return path;
}

// While an import runs (paused between two pieces: its batch is `running`, some rows are stored), a
// write on another connection goes through at once; before, the import held the write lock from its
// first row to its commit and the write failed after the busy timeout.
void TestWritersWait::writerGetsInWhileAnImportRuns()
{
    if (TestDb::isPostgres())
        QSKIP("PostgreSQL imports in one transaction, invisible until committed; other writers never wait for it.");
    const QByteArray data = eventsCsv(40000);
    PauseAt pause(2); // after 16,384 rows
    bool imported = false;
    std::unique_ptr<QThread> import(QThread::create([this, &data, &pause, &imported] {
        Ingest::ImportOptions options;
        options.source = QStringLiteral("big");
        options.pieceMilliseconds = 0;
        imported = Ingest::Importer(m_db).importData(data, QStringLiteral("big.csv"), options, &pause).ok();
        m_db->releaseThreadConnection();
    }));
    import->start();
    QVERIFY(pause.paused.tryAcquire(1, 60000));
    QCOMPARE(text(m_db, QStringLiteral("SELECT status FROM ingest_batches")), QStringLiteral("running"));
    QVERIFY(rows(m_db, "clean_events") > 0);
    QElapsedTimer wrote;
    wrote.start();
    const Common::Status written = m_db->setSetting(QStringLiteral("test.written"), QStringLiteral("during the import"));
    QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
    QVERIFY2(wrote.elapsed() < Storage::Database::BusyTimeoutMs / 2, "the write waited for the import");
    // The KPIs do not see the import's rows before it commits.
    QCOMPARE(rows(m_db, "metric_daily"), 0);
    pause.resume.release();
    QVERIFY(import->wait(120000));
    QVERIFY(imported);
    QCOMPARE(text(m_db, QStringLiteral("SELECT status FROM ingest_batches")), QStringLiteral("committed"));
    QCOMPARE(rows(m_db, "clean_events"), 40000);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT SUM(value_count) FROM metric_daily")), 40000);
    QCOMPARE(m_db->setting(QStringLiteral("test.written")), QStringLiteral("during the import"));
}

void TestWritersWait::cancelAfterPiecesLeavesNothing()
{
    Ingest::ImportOptions options;
    options.source = QStringLiteral("cancelled");
    options.pieceMilliseconds = 0; // a piece every 1,024 rows
    CancelAt cancel(4);           // after 3 x 8,192 rows: many pieces committed on SQLite
    auto result = Ingest::Importer(m_db).importData(eventsCsv(60000), QStringLiteral("c.csv"), options, &cancel);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, Common::ErrorKind::Cancelled);
    for (const char *table : {"ingest_batches", "raw_events", "clean_events", "metric_daily", "job_locks"})
        QVERIFY2(rows(m_db, table) == 0, table);
    // And the next import works as if nothing happened.
    auto next = Ingest::Importer(m_db).importData(eventsCsv(5000), QStringLiteral("n.csv"), options);
    QVERIFY(next.ok());
    QCOMPARE(next->inserted, 5000);
}

void TestWritersWait::strictRejectionAfterPiecesLeavesNothing()
{
    QByteArray data = eventsCsv(30000);
    data += "not a time,orders,1,u1\n";
    Ingest::ImportOptions options;
    options.source = QStringLiteral("strict");
    options.mode = Ingest::Mode::Strict;
    options.pieceMilliseconds = 0;
    auto result = Ingest::Importer(m_db).importData(data, QStringLiteral("s.csv"), options);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, QStringLiteral("INVALID_ROWS"));
    for (const char *table : {"ingest_batches", "raw_events", "clean_events", "metric_daily", "job_locks"})
        QVERIFY2(rows(m_db, table) == 0, table);
}

// Two `smartdata ingest` at once on one database: the second waits for the first, says so, and lands.
void TestWritersWait::secondImportWaitsThenLands()
{
    const QString big = writeFile(QStringLiteral("first.csv"), eventsCsv(150000));
    const QString small = writeFile(QStringLiteral("second.csv"), eventsCsv(1000, 500000));
    QProcess first, second;
    first.start(QStringLiteral(SMARTDATA_EXECUTABLE), {QStringLiteral("ingest"), QStringLiteral("--db"), m_location,
                                                       QStringLiteral("--source"), QStringLiteral("a"), big});
    QVERIFY(first.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM job_locks WHERE job = 'bulk-write'")) == 1, 20000);
    second.start(QStringLiteral(SMARTDATA_EXECUTABLE), {QStringLiteral("ingest"), QStringLiteral("--db"), m_location,
                                                        QStringLiteral("--source"), QStringLiteral("b"), small});
    QVERIFY(second.waitForFinished(120000));
    QVERIFY(first.waitForFinished(120000));
    const QByteArray said = second.readAllStandardError();
    QCOMPARE(first.exitCode(), 0);
    QCOMPARE(second.exitCode(), 0);
    QVERIFY2(said.contains("Waiting for another import to finish: the import of first.csv"), said.constData());
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM ingest_batches WHERE status = 'committed'")), 2);
    QCOMPARE(rows(m_db, "clean_events"), 151000);
    QCOMPARE(rows(m_db, "job_locks"), 0);
}

// kill -9 in the middle of an import: the pieces it committed stay invisible to the KPIs, and the
// next writer to take the lease (here `smartdata kpi`) removes them; the KPIs equal a fresh database's.
void TestWritersWait::killedImportIsRemovedByTheNextWriter()
{
    if (TestDb::isPostgres())
        QSKIP("PostgreSQL imports in one transaction: a killed import leaves nothing to remove.");
    const QString done = writeFile(QStringLiteral("done.csv"), eventsCsv(2000, 900000));
    QProcess before;
    before.start(QStringLiteral(SMARTDATA_EXECUTABLE), {QStringLiteral("ingest"), QStringLiteral("--db"), m_location,
                                                        QStringLiteral("--source"), QStringLiteral("a"), done});
    QVERIFY(before.waitForFinished(60000));
    QCOMPARE(before.exitCode(), 0);
    const qint64 kpiRows = rows(m_db, "metric_daily");
    const qint64 kpiSum = scalar(m_db, QStringLiteral("SELECT SUM(value_sum) FROM metric_daily"));

    const QString big = writeFile(QStringLiteral("killed.csv"), eventsCsv(200000));
    QProcess victim;
    victim.start(QStringLiteral(SMARTDATA_EXECUTABLE), {QStringLiteral("ingest"), QStringLiteral("--db"), m_location,
                                                        QStringLiteral("--source"), QStringLiteral("a"), big});
    QVERIFY(victim.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM clean_events e JOIN ingest_batches b"
                                                         " ON b.id = e.batch_id WHERE b.status = 'running'")) > 0, 20000);
    victim.kill();
    QVERIFY(victim.waitForFinished(10000));
    QVERIFY(scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM ingest_batches WHERE status = 'running'")) == 1);
    QCOMPARE(rows(m_db, "metric_daily"), kpiRows); // the unfinished rows never reached the KPIs

    QProcess kpi;
    kpi.start(QStringLiteral(SMARTDATA_EXECUTABLE), {QStringLiteral("kpi"), QStringLiteral("--db"), m_location});
    QVERIFY(kpi.waitForFinished(60000));
    QCOMPARE(kpi.exitCode(), 0);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM ingest_batches")), 1);
    QCOMPARE(rows(m_db, "clean_events"), 2000);
    QCOMPARE(rows(m_db, "metric_daily"), kpiRows);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT SUM(value_sum) FROM metric_daily")), kpiSum);
}

void TestWritersWait::leaseIsReentrantInOneThread()
{
    Storage::BulkWriteLease outer(m_db, QStringLiteral("outer"));
    QVERIFY(outer.acquire({}, 0).ok());
    {
        Storage::BulkWriteLease inner(m_db, QStringLiteral("inner"));
        QVERIFY(inner.acquire({}, 0).ok());
        QVERIFY(inner.renew().ok());
    }
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM job_locks WHERE job = 'bulk-write'")), 1);
    // Another thread waits, and gives up at its timeout with a clear error.
    Common::Status waited;
    std::unique_ptr<QThread> other(QThread::create([this, &waited] {
        {
            Storage::BulkWriteLease lease(m_db, QStringLiteral("other"));
            waited = lease.acquire({}, 300);
        }
        m_db->releaseThreadConnection();
    }));
    other->start();
    QVERIFY(other->wait(30000));
    QVERIFY(!waited.ok());
    QCOMPARE(waited.error().code, QStringLiteral("BULK_WRITE_BUSY"));
    QVERIFY2(waited.error().message.contains(QLatin1String("outer")), qPrintable(waited.error().message));
    outer.release();
    QCOMPARE(rows(m_db, "job_locks"), 0);
}

QTEST_GUILESS_MAIN(TestWritersWait)
#include "tst_writerswait.moc"
