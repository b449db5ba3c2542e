// Jobs run once at a time across processes: JobLock's lease in job_locks, and a scheduled slot run
// once whichever process gets there first. Two Database objects on one location stand for two
// processes (each has its own connections); a real second process holds the lock in
// crossProcessLockRefusesTheSecondRun.

#include "testdatabase.h"
#include "jobtesthelpers.h"

#include "jobs/joblock.h"
#include "jobs/jobrunner.h"
#include "storage/database.h"

#include <QProcess>
#include <QSysInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Jobs;
using namespace JobTest;

class TestJobLock final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { SD_REQUIRE_ENGINE(); }
    void init();
    void secondHolderIsRefusedUntilReleased();
    void expiredLeaseIsTaken();
    void leaseOfAnEndedProcessIsVoid();
    void scheduledSlotRunsOnceAcrossProcesses();
    void runningJobIsSkippedElsewhere();

private:
    std::shared_ptr<Storage::Database> second();

    QTemporaryDir m_dir;
    int m_counter = 0;
    QString m_location;
    std::shared_ptr<Storage::Database> m_db;
};

void TestJobLock::init()
{
    m_location = TestDb::location(m_dir.filePath(QStringLiteral("lock-%1.db").arg(++m_counter)));
    auto db = Storage::Database::open(m_location);
    QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message));
    m_db = *db;
}

std::shared_ptr<Storage::Database> TestJobLock::second()
{
    auto db = Storage::Database::open(m_location);
    return db.ok() ? *db : nullptr;
}

void TestJobLock::secondHolderIsRefusedUntilReleased()
{
    auto other = second();
    QVERIFY(other);
    JobLock first(m_db, QStringLiteral("daily-kpis"));
    auto held = first.acquire();
    QVERIFY(held.ok());
    QVERIFY(!*held);
    QVERIFY(first.isHeld());

    JobLock rival(other, QStringLiteral("daily-kpis"));
    auto refused = rival.acquire();
    QVERIFY(refused.ok());
    QVERIFY(*refused);
    QVERIFY2(refused->value().contains(QSysInfo::machineHostName()), qPrintable(refused->value()));
    QVERIFY(!rival.isHeld());

    JobLock unrelated(other, QStringLiteral("weekly-retrain"));
    QVERIFY(unrelated.acquire().ok() && unrelated.isHeld()); // per job name

    first.release();
    auto now = rival.acquire();
    QVERIFY(now.ok());
    QVERIFY(!*now);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM job_locks WHERE job = 'daily-kpis'")), 1);
    rival.release();
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM job_locks WHERE job = 'daily-kpis'")), 0);
}

void TestJobLock::expiredLeaseIsTaken()
{
    QVERIFY(exec(m_db, QStringLiteral("INSERT INTO job_locks (job, holder, token, acquired_at, expires_at)"
                                      " VALUES ('daily-kpis', 'elsewhere:1', 't', '2020-01-01T00:00:00.000Z', '2020-01-01T06:00:00.000Z')")));
    JobLock lock(m_db, QStringLiteral("daily-kpis"));
    auto held = lock.acquire();
    QVERIFY(held.ok());
    QVERIFY(!*held);
}

void TestJobLock::leaseOfAnEndedProcessIsVoid()
{
    QProcess process;
    process.start(QStringLiteral("true"), {});
    QVERIFY(process.waitForStarted());
    const qint64 pid = process.processId();
    QVERIFY(process.waitForFinished());
    const QString holder = QSysInfo::machineHostName() + QLatin1Char(':') + QString::number(pid);
    QVERIFY(exec(m_db, QStringLiteral("INSERT INTO job_locks (job, holder, token, acquired_at, expires_at)"
                                      " VALUES ('daily-kpis', '%1', 't', '2026-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z')").arg(holder)));
    JobLock lock(m_db, QStringLiteral("daily-kpis"));
    auto held = lock.acquire();
    QVERIFY(held.ok());
    QVERIFY2(!*held, qPrintable(held->value_or(QString())));

    // A holder on another host is never presumed dead: only its lease's expiry frees the job.
    lock.release();
    QVERIFY(exec(m_db, QStringLiteral("INSERT INTO job_locks (job, holder, token, acquired_at, expires_at)"
                                      " VALUES ('daily-kpis', 'another-host:%1', 't', '2026-01-01T00:00:00.000Z', '2999-01-01T00:00:00.000Z')").arg(pid)));
    auto refused = lock.acquire();
    QVERIFY(refused.ok());
    QVERIFY(*refused);
}

void TestJobLock::scheduledSlotRunsOnceAcrossProcesses()
{
    auto other = second();
    QVERIFY(other);
    int runs = 0;
    JobDefinition definition;
    definition.name = QStringLiteral("test-count");
    definition.run = [&runs](JobContext &) -> Common::Result<JobOutcome> {
        ++runs;
        return JobOutcome{QStringLiteral("counted"), {}};
    };
    const QDateTime slot(QDate(2026, 11, 26), QTime(2, 0), Qt::UTC);
    Common::SilentProgress progress;
    const RunRecord first = JobRunner::execute(m_db, definition, Trigger::Schedule, slot, progress);
    QCOMPARE(first.status, RunStatus::Succeeded);
    const RunRecord again = JobRunner::execute(other, definition, Trigger::Schedule, slot, progress);
    QCOMPARE(again.status, RunStatus::Skipped);
    QVERIFY2(again.message.contains(QLatin1String("already made")), qPrintable(again.message));
    QCOMPARE(runs, 1);
    // The next slot runs; a manual run is never a slot.
    QCOMPARE(JobRunner::execute(other, definition, Trigger::Schedule, slot.addDays(1), progress).status, RunStatus::Succeeded);
    QCOMPARE(JobRunner::execute(other, definition, Trigger::Manual, {}, progress).status, RunStatus::Succeeded);
    QCOMPARE(runs, 3);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM job_runs WHERE job = 'test-count' AND status = 'skipped'")), 1);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM job_locks")), 0);
}

void TestJobLock::runningJobIsSkippedElsewhere()
{
    auto other = second();
    QVERIFY(other);
    RunRecord inner;
    JobDefinition definition;
    definition.name = QStringLiteral("test-nested");
    Common::SilentProgress progress;
    JobDefinition probe = definition;
    probe.run = [](JobContext &) -> Common::Result<JobOutcome> { return JobOutcome{QStringLiteral("ran"), {}}; };
    // While the first run works, the same job started through the other "process" is skipped.
    definition.run = [&](JobContext &) -> Common::Result<JobOutcome> {
        inner = JobRunner::execute(other, probe, Trigger::Manual, {}, progress);
        return JobOutcome{QStringLiteral("outer"), {}};
    };
    const RunRecord outer = JobRunner::execute(m_db, definition, Trigger::Manual, {}, progress);
    QCOMPARE(outer.status, RunStatus::Succeeded);
    QCOMPARE(inner.status, RunStatus::Skipped);
    QVERIFY(inner.error && inner.error->code == QLatin1String("JOB_ALREADY_RUNNING"));
    QVERIFY2(inner.message.contains(QLatin1String("running in process")), qPrintable(inner.message));
}

QTEST_GUILESS_MAIN(TestJobLock)
#include "tst_joblock.moc"
