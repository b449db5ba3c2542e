// The scheduler and the job manager, driven by a fake clock: due runs start, catch-up after a closed
// period runs once, older misses are recorded skipped, runs never overlap, a failing run is recorded
// and the next one still happens, cancel ends a run as cancelled.

#include "testdatabase.h"
#include "jobs/jobmanager.h"
#include "jobs/jobrunrepository.h"
#include "jobtesthelpers.h"
#include "logging/logging.h"
#include "scheduler/scheduler.h"

#include <QFile>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QThread>

using namespace JobTest;
using Jobs::RunStatus;

namespace {

struct Counters
{
    std::atomic_int okRuns{0};
    std::atomic_int failRuns{0};
    std::atomic_bool releaseSlow{false};
    std::atomic_bool slowRunning{false};
};

Jobs::JobRegistry testRegistry(Counters &counters)
{
    Jobs::JobRegistry registry;
    registry.add({QStringLiteral("test-ok"), QStringLiteral("succeeds"), QStringLiteral("30 2 * * *"), Jobs::DailyGracePeriod,
                  [&counters](Jobs::JobContext &context) -> Common::Result<Jobs::JobOutcome> {
                      context.progress.progress(50, QStringLiteral("half way"));
                      const int n = ++counters.okRuns;
                      return Jobs::JobOutcome{QStringLiteral("ok"), QJsonObject{{QStringLiteral("n"), n}}};
                  }});
    registry.add({QStringLiteral("test-fail"), QStringLiteral("fails"), QStringLiteral("0 3 * * *"), Jobs::DailyGracePeriod,
                  [&counters](Jobs::JobContext &) -> Common::Result<Jobs::JobOutcome> {
                      ++counters.failRuns;
                      return Common::Error::internal(QStringLiteral("TEST_FAILURE"), QStringLiteral("It broke on purpose."));
                  }});
    registry.add({QStringLiteral("test-slow"), QStringLiteral("runs until released"), QStringLiteral("off"), Jobs::DailyGracePeriod,
                  [&counters](Jobs::JobContext &context) -> Common::Result<Jobs::JobOutcome> {
                      counters.slowRunning = true;
                      int i = 0;
                      while (!counters.releaseSlow && !context.progress.isCancelled()) {
                          context.progress.progress(i++ % 100, QStringLiteral("working"));
                          QThread::msleep(1);
                      }
                      counters.slowRunning = false;
                      if (context.progress.isCancelled())
                          return Common::Error::cancelled();
                      return Jobs::JobOutcome{QStringLiteral("released"), {}};
                  }});
    return registry;
}

struct RunRow
{
    QString trigger;
    QString scheduledFor;
    QString status;
    QString message;
};

QList<RunRow> runRows(const std::shared_ptr<Storage::Database> &db, const QString &job)
{
    QSqlQuery query(db->connection());
    query.prepare(QStringLiteral("SELECT trigger, scheduled_for, status, message FROM job_runs WHERE job = ? ORDER BY id"));
    query.addBindValue(job);
    query.exec();
    QList<RunRow> rows;
    while (query.next())
        rows.append({query.value(0).toString(), query.value(1).toString(), query.value(2).toString(), query.value(3).toString()});
    return rows;
}

bool waitUntil(const std::function<bool()> &condition)
{
    for (int i = 0; i < 5000 && !condition(); ++i)
        QTest::qWait(1);
    return condition();
}

} // namespace

class TestScheduler final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { SD_REQUIRE_ENGINE(); }
    void init();
    void cleanup();

    void armsTimerForTheNextDueTime();
    void runsWhenDueAndNotBefore();
    void springForwardGapRunsOnceAfterTheGap();
    void fallBackRunsOnce();
    void catchUpAfterClosedPeriodRunsOnce();
    void olderMissesAreRecordedSkipped();
    void nothingMissedWithoutHistory();
    void lateTimerCoalesces();
    void noOverlap();
    void dueWhileRunningIsSkipped();
    void failedRunIsRecordedAndNextRunHappens();
    void cancel();
    void progressArrivesOnTheManagerThread();
    void editingASchedule();
    void oneOffWork();
    void structuredLogLines();

private:
    void setUpScheduler(const char *now);

    QTemporaryDir m_dir;
    int m_dbIndex = 0;
    std::unique_ptr<FakeClock> m_clock;
    std::unique_ptr<ClockGuard> m_clockGuard;
    std::shared_ptr<Storage::Database> m_db;
    std::unique_ptr<Counters> m_counters;
    std::unique_ptr<Jobs::JobManager> m_manager;
    std::unique_ptr<Scheduler::Scheduler> m_scheduler;
};

void TestScheduler::init()
{
    m_clock = std::make_unique<FakeClock>(FakeClock::utc("2026-05-01T12:00:00Z"));
    m_clockGuard = std::make_unique<ClockGuard>(*m_clock);
    m_db = freshDatabase(m_dir, QStringLiteral("sched%1.db").arg(++m_dbIndex));
    QVERIFY(m_db);
    QVERIFY(m_db->setSetting(QStringLiteral("schedule.timezone"), QStringLiteral("Europe/Berlin")).ok());
    m_counters = std::make_unique<Counters>();
    m_manager = std::make_unique<Jobs::JobManager>(m_db, testRegistry(*m_counters));
}

void TestScheduler::cleanup()
{
    if (m_counters)
        m_counters->releaseSlow = true;
    m_scheduler.reset();
    m_manager.reset();
    m_db.reset();
    m_clockGuard.reset();
    m_clock.reset();
}

void TestScheduler::setUpScheduler(const char *now)
{
    m_clock->set(now);
    m_scheduler = std::make_unique<Scheduler::Scheduler>(*m_manager);
    QVERIFY(m_scheduler->start().ok());
    m_manager->waitForAll();
}

void TestScheduler::armsTimerForTheNextDueTime()
{
    setUpScheduler("2026-05-01T12:00:00Z");
    QCOMPARE(m_scheduler->timeZone().id(), QByteArray("Europe/Berlin"));
    const auto entry = m_scheduler->entry(QStringLiteral("test-ok"));
    QVERIFY(entry);
    QCOMPARE(entry->nextDue, FakeClock::utc("2026-05-02T00:30:00Z")); // 02:30 CEST
    QVERIFY(!m_scheduler->entry(QStringLiteral("test-slow"))->enabled());
    QVERIFY(m_scheduler->isArmed());
    QCOMPARE(m_scheduler->nextWakeUp(), FakeClock::utc("2026-05-02T00:30:00Z"));
    QCOMPARE(m_scheduler->timerIntervalMs(), Scheduler::Scheduler::MaxSleepMs); // 12.5 h away: capped
    m_clock->set("2026-05-02T00:29:30Z");
    m_scheduler->runDueJobs(); // woken early: nothing due, sleeps the rest
    QCOMPARE(m_scheduler->timerIntervalMs(), 30000);
    QCOMPARE(m_counters->okRuns.load(), 0);
}

void TestScheduler::runsWhenDueAndNotBefore()
{
    setUpScheduler("2026-05-01T12:00:00Z");
    m_clock->set("2026-05-02T00:29:59Z");
    m_scheduler->runDueJobs();
    m_manager->waitForAll();
    QCOMPARE(m_counters->okRuns.load(), 0);

    QSignalSpy finished(m_manager.get(), &Jobs::JobManager::jobFinished);
    m_clock->set("2026-05-02T00:30:00.200Z");
    m_scheduler->runDueJobs();
    m_manager->waitForAll();
    QCOMPARE(m_counters->okRuns.load(), 1);
    QCOMPARE(finished.size(), 1);
    const QList<RunRow> rows = runRows(m_db, QStringLiteral("test-ok"));
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0].trigger, QStringLiteral("schedule"));
    QCOMPARE(rows[0].scheduledFor, QStringLiteral("2026-05-02T00:30:00.000Z"));
    QCOMPARE(rows[0].status, QStringLiteral("succeeded"));
    QCOMPARE(m_scheduler->entry(QStringLiteral("test-ok"))->nextDue, FakeClock::utc("2026-05-03T00:30:00Z"));
    QVERIFY(m_scheduler->isArmed());

    // Calling again at the same instant runs nothing more.
    m_scheduler->runDueJobs();
    m_manager->waitForAll();
    QCOMPARE(m_counters->okRuns.load(), 1);
}

void TestScheduler::springForwardGapRunsOnceAfterTheGap()
{
    QVERIFY(m_db->setSetting(QStringLiteral("schedule.test-ok"), QStringLiteral("0,30 2 * * *")).ok());
    setUpScheduler("2026-03-28T12:00:00Z");
    QCOMPARE(m_scheduler->entry(QStringLiteral("test-ok"))->nextDue, FakeClock::utc("2026-03-29T01:00:00Z")); // 03:00 CEST
    // Step through the night minute by minute: 02:00 and 02:30 do not exist, one run at 03:00.
    for (QDateTime t = FakeClock::utc("2026-03-29T00:00:00Z"); t <= FakeClock::utc("2026-03-29T03:00:00Z"); t = t.addSecs(60)) {
        m_clock->set(t);
        m_scheduler->runDueJobs();
        m_manager->waitForAll();
    }
    QCOMPARE(m_counters->okRuns.load(), 1);
    QCOMPARE(runRows(m_db, QStringLiteral("test-ok")).at(0).scheduledFor, QStringLiteral("2026-03-29T01:00:00.000Z"));
}

void TestScheduler::fallBackRunsOnce()
{
    setUpScheduler("2026-10-24T12:00:00Z");
    for (QDateTime t = FakeClock::utc("2026-10-24T23:00:00Z"); t <= FakeClock::utc("2026-10-25T03:00:00Z"); t = t.addSecs(60)) {
        m_clock->set(t);
        m_scheduler->runDueJobs();
        m_manager->waitForAll();
    }
    QCOMPARE(m_counters->okRuns.load(), 1);
    QCOMPARE(runRows(m_db, QStringLiteral("test-ok")).at(0).scheduledFor, QStringLiteral("2026-10-25T00:30:00.000Z")); // 02:30 CEST
}

void TestScheduler::catchUpAfterClosedPeriodRunsOnce()
{
    // Last ran on 1 May at 02:30 CEST; SmartData was closed until 3 May 04:00 CEST: two runs missed,
    // the last 1.5 h ago (grace 6 h) -> one catch-up run for it.
    QVERIFY(exec(m_db, QStringLiteral("INSERT INTO job_runs (job, trigger, scheduled_for, started_at, finished_at, status)"
                                      " VALUES ('test-ok', 'schedule', '2026-05-01T00:30:00.000Z', '2026-05-01T00:30:00.100Z',"
                                      " '2026-05-01T00:30:01.000Z', 'succeeded')")));
    setUpScheduler("2026-05-03T02:00:00Z");
    QCOMPARE(m_counters->okRuns.load(), 1);
    const QList<RunRow> rows = runRows(m_db, QStringLiteral("test-ok"));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[1].trigger, QStringLiteral("catch-up"));
    QCOMPARE(rows[1].scheduledFor, QStringLiteral("2026-05-03T00:30:00.000Z"));
    QCOMPARE(rows[1].status, QStringLiteral("succeeded"));
    QCOMPARE(m_scheduler->entry(QStringLiteral("test-ok"))->nextDue, FakeClock::utc("2026-05-04T00:30:00Z"));

    // A second start (the app reopened) finds nothing missed.
    m_scheduler = std::make_unique<Scheduler::Scheduler>(*m_manager);
    m_clock->set("2026-05-03T02:05:00Z");
    QVERIFY(m_scheduler->start().ok());
    m_manager->waitForAll();
    QCOMPARE(m_counters->okRuns.load(), 1);
    QCOMPARE(runRows(m_db, QStringLiteral("test-ok")).size(), 2);
}

void TestScheduler::olderMissesAreRecordedSkipped()
{
    QVERIFY(exec(m_db, QStringLiteral("INSERT INTO job_runs (job, trigger, scheduled_for, started_at, finished_at, status)"
                                      " VALUES ('test-ok', 'schedule', '2026-05-01T00:30:00.000Z', '2026-05-01T00:30:00.100Z',"
                                      " '2026-05-01T00:30:01.000Z', 'succeeded')")));
    // The last missed run (3 May 02:30 CEST) is 9.5 h old: past the 6 h grace period.
    setUpScheduler("2026-05-03T10:00:00Z");
    QCOMPARE(m_counters->okRuns.load(), 0);
    QList<RunRow> rows = runRows(m_db, QStringLiteral("test-ok"));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[1].status, QStringLiteral("skipped"));
    QCOMPARE(rows[1].trigger, QStringLiteral("catch-up"));
    QCOMPARE(rows[1].scheduledFor, QStringLiteral("2026-05-03T00:30:00.000Z"));
    QVERIFY2(rows[1].message.contains(QLatin1String("grace period")), qPrintable(rows[1].message));
    QCOMPARE(text(m_db, QStringLiteral("SELECT counts FROM job_runs WHERE status = 'skipped'")).contains(QLatin1String("\"missed\":2")), true);

    // Reopened later the same day: the skip is the last row now, nothing new is recorded.
    m_scheduler = std::make_unique<Scheduler::Scheduler>(*m_manager);
    m_clock->set("2026-05-03T11:00:00Z");
    QVERIFY(m_scheduler->start().ok());
    m_manager->waitForAll();
    QCOMPARE(runRows(m_db, QStringLiteral("test-ok")).size(), 2);
    // ...and the next due run happens normally.
    m_clock->set("2026-05-04T00:30:00Z");
    m_scheduler->runDueJobs();
    m_manager->waitForAll();
    QCOMPARE(m_counters->okRuns.load(), 1);
}

void TestScheduler::nothingMissedWithoutHistory()
{
    setUpScheduler("2026-05-03T10:00:00Z");
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM job_runs")), 0);
}

void TestScheduler::lateTimerCoalesces()
{
    setUpScheduler("2026-05-01T12:00:00Z");
    // The machine slept through 2 May's run and woke on 3 May 03:00 CEST: one run, for 3 May.
    m_clock->set("2026-05-03T01:00:00Z");
    m_scheduler->runDueJobs();
    m_manager->waitForAll();
    QCOMPARE(m_counters->okRuns.load(), 1);
    const QList<RunRow> rows = runRows(m_db, QStringLiteral("test-ok"));
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0].scheduledFor, QStringLiteral("2026-05-03T00:30:00.000Z"));
    QCOMPARE(rows[0].trigger, QStringLiteral("schedule"));
}

void TestScheduler::noOverlap()
{
    auto first = m_manager->start(QStringLiteral("test-slow"));
    QVERIFY(first.ok());
    QVERIFY(m_manager->isRunning(QStringLiteral("test-slow")));
    auto second = m_manager->start(QStringLiteral("test-slow"));
    QVERIFY(!second.ok());
    QCOMPARE(second.error().kind, Common::ErrorKind::Conflict);
    QCOMPARE(second.error().code, QStringLiteral("JOB_ALREADY_RUNNING"));
    auto sync = m_manager->runSync(QStringLiteral("test-slow"));
    QVERIFY(!sync.ok());
    QCOMPARE(sync.error().code, QStringLiteral("JOB_ALREADY_RUNNING"));
    // Another job is not blocked.
    QVERIFY(m_manager->runSync(QStringLiteral("test-ok")).ok());

    auto unknown = m_manager->start(QStringLiteral("nope"));
    QVERIFY(!unknown.ok());
    QCOMPARE(unknown.error().code, QStringLiteral("JOB_UNKNOWN"));

    m_counters->releaseSlow = true;
    m_manager->waitForAll();
    QVERIFY((*first)->succeeded());
    QVERIFY(!m_manager->isRunning(QStringLiteral("test-slow")));
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM job_runs WHERE job = 'test-slow'")), 1);
    // Once finished it can run again.
    m_counters->releaseSlow = true;
    QVERIFY(m_manager->start(QStringLiteral("test-slow")).ok());
    m_manager->waitForAll();
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM job_runs WHERE job = 'test-slow' AND status = 'succeeded'")), 2);
}

void TestScheduler::dueWhileRunningIsSkipped()
{
    QVERIFY(m_db->setSetting(QStringLiteral("schedule.test-slow"), QStringLiteral("daily 02:30")).ok());
    setUpScheduler("2026-05-01T12:00:00Z");
    auto manual = m_manager->start(QStringLiteral("test-slow"));
    QVERIFY(manual.ok());
    QVERIFY(waitUntil([this] { return m_counters->slowRunning.load(); }));
    m_clock->set("2026-05-02T00:30:00Z");
    m_scheduler->runDueJobs();
    const QList<RunRow> rows = runRows(m_db, QStringLiteral("test-slow"));
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[1].status, QStringLiteral("skipped"));
    QVERIFY2(rows[1].message.contains(QLatin1String("already running")), qPrintable(rows[1].message));
    m_counters->releaseSlow = true;
    m_manager->waitForAll();
    QCOMPARE(runRows(m_db, QStringLiteral("test-slow")).at(0).status, QStringLiteral("succeeded"));
}

void TestScheduler::failedRunIsRecordedAndNextRunHappens()
{
    setUpScheduler("2026-05-01T12:00:00Z");
    m_clock->set("2026-05-02T01:00:00Z"); // 03:00 CEST: test-fail is due
    m_scheduler->runDueJobs();
    m_manager->waitForAll();
    QCOMPARE(m_counters->failRuns.load(), 1);
    QList<RunRow> rows = runRows(m_db, QStringLiteral("test-fail"));
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0].status, QStringLiteral("failed"));
    QCOMPARE(rows[0].message, QStringLiteral("It broke on purpose."));
    QCOMPARE(text(m_db, QStringLiteral("SELECT counts FROM job_runs WHERE job = 'test-fail'")), QStringLiteral("{\"error_code\":\"TEST_FAILURE\"}"));
    QCOMPARE(m_counters->okRuns.load(), 1); // test-ok (02:30) was due too and is unaffected
    QCOMPARE(m_scheduler->entry(QStringLiteral("test-fail"))->nextDue, FakeClock::utc("2026-05-03T01:00:00Z"));
    QVERIFY(m_scheduler->isArmed());

    m_clock->set("2026-05-03T01:00:00Z");
    m_scheduler->runDueJobs();
    m_manager->waitForAll();
    QCOMPARE(m_counters->failRuns.load(), 2);
    QCOMPARE(runRows(m_db, QStringLiteral("test-fail")).size(), 2);
}

void TestScheduler::cancel()
{
    QSignalSpy finished(m_manager.get(), &Jobs::JobManager::jobFinished);
    auto job = m_manager->start(QStringLiteral("test-slow"));
    QVERIFY(job.ok());
    QSignalSpy progress(*job, &Jobs::Job::progressChanged);
    QVERIFY(waitUntil([this] { return m_counters->slowRunning.load(); }));
    QVERIFY(progress.wait(2000));
    QVERIFY(m_manager->cancel(QStringLiteral("test-slow")));
    m_manager->waitForAll();
    QCOMPARE(finished.size(), 1);
    QVERIFY((*job)->isFinished());
    QCOMPARE((*job)->record().status, RunStatus::Cancelled);
    QVERIFY((*job)->record().error);
    QCOMPARE((*job)->record().error->kind, Common::ErrorKind::Cancelled);
    QCOMPARE(text(m_db, QStringLiteral("SELECT status FROM job_runs WHERE job = 'test-slow'")), QStringLiteral("cancelled"));
    QVERIFY(!m_manager->cancel(QStringLiteral("test-slow")));
    QCOMPARE(m_manager->jobs().size(), 1);
    QCOMPARE(m_manager->runningJobs().size(), 0);
}

void TestScheduler::progressArrivesOnTheManagerThread()
{
    auto job = m_manager->start(QStringLiteral("test-ok"));
    QVERIFY(job.ok());
    QThread *observedOn = nullptr;
    int percent = -1;
    QString message;
    connect(*job, &Jobs::Job::progressChanged, this, [&](int p, const QString &m) {
        observedOn = QThread::currentThread();
        percent = p;
        message = m;
    });
    QSignalSpy started(*job, &Jobs::Job::started);
    m_manager->waitForAll();
    QCOMPARE(started.size(), 1);
    QCOMPARE(observedOn, QThread::currentThread());
    QCOMPARE(percent, 50);
    QCOMPARE(message, QStringLiteral("half way"));
    QVERIFY((*job)->succeeded());
    QCOMPARE((*job)->percent(), 100);
    QVERIFY((*job)->runId() > 0);
    QCOMPARE((*job)->record().counts.value(QStringLiteral("n")).toInt(), 1);
    QCOMPARE((*job)->toJson().value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
}

void TestScheduler::editingASchedule()
{
    setUpScheduler("2026-05-01T12:00:00Z");
    QSignalSpy changed(m_scheduler.get(), &Scheduler::Scheduler::schedulesChanged);
    QVERIFY(m_scheduler->setSchedule(QStringLiteral("test-ok"), QStringLiteral("weekly Sun 03:30")).ok());
    QCOMPARE(changed.size(), 1);
    QCOMPARE(m_db->setting(QStringLiteral("schedule.test-ok")), QStringLiteral("weekly Sun 03:30"));
    QCOMPARE(m_scheduler->entry(QStringLiteral("test-ok"))->nextDue, FakeClock::utc("2026-05-03T01:30:00Z"));
    QVERIFY(m_scheduler->setTimeZone(QStringLiteral("America/New_York")).ok());
    QCOMPARE(m_scheduler->entry(QStringLiteral("test-ok"))->nextDue, FakeClock::utc("2026-05-03T07:30:00Z"));
    auto bad = m_scheduler->setSchedule(QStringLiteral("test-ok"), QStringLiteral("sometimes"));
    QVERIFY(!bad.ok());
    QCOMPARE(bad.error().code, QStringLiteral("BAD_SCHEDULE"));
    QVERIFY(!m_scheduler->setTimeZone(QStringLiteral("Mars/Olympus")).ok());
    QVERIFY(!m_scheduler->setTimeZone(QStringLiteral("Nowhere")).ok()); // a valid POSIX rule to Qt, no zone
    QCOMPARE(m_db->setting(QStringLiteral("schedule.timezone")), QStringLiteral("America/New_York")); // unchanged
    QVERIFY(m_scheduler->setSchedule(QStringLiteral("test-ok"), QStringLiteral("off")).ok());
    QVERIFY(!m_scheduler->entry(QStringLiteral("test-ok"))->enabled());
    QVERIFY(m_scheduler->setSchedule(QStringLiteral("test-ok"), QStringLiteral("default")).ok());
    QCOMPARE(m_scheduler->entry(QStringLiteral("test-ok"))->spec, QStringLiteral("30 2 * * *"));
    QCOMPARE(m_scheduler->nextWakeUp(), FakeClock::utc("2026-05-02T06:30:00Z")); // 02:30 EDT
}

void TestScheduler::oneOffWork()
{
    // An import-like job that is not in the registry: same contract, same overlap rule, recorded.
    std::atomic_bool release{false};
    Jobs::JobDefinition import;
    import.name = QStringLiteral("import:orders.csv");
    import.run = [&release](Jobs::JobContext &context) -> Common::Result<Jobs::JobOutcome> {
        while (!release && !context.progress.isCancelled())
            QThread::msleep(1);
        return Jobs::JobOutcome{QStringLiteral("imported"), QJsonObject{{QStringLiteral("rows"), 3}}};
    };
    auto job = m_manager->start(import);
    QVERIFY(job.ok());
    auto again = m_manager->start(import);
    QVERIFY(!again.ok());
    QCOMPARE(again.error().code, QStringLiteral("JOB_ALREADY_RUNNING"));
    release = true;
    m_manager->waitForAll();
    QVERIFY((*job)->succeeded());
    QCOMPARE(text(m_db, QStringLiteral("SELECT status FROM job_runs WHERE job = 'import:orders.csv'")), QStringLiteral("succeeded"));
    QVERIFY(!m_manager->start(Jobs::JobDefinition{}).ok());
}

void TestScheduler::structuredLogLines()
{
    const QString logDir = m_dir.filePath(QStringLiteral("logs-%1").arg(m_dbIndex));
    Logging::install({.logDir = logDir, .stderrEnabled = false});
    QVERIFY(m_manager->runSync(QStringLiteral("test-ok")).ok());
    QVERIFY(m_manager->runSync(QStringLiteral("test-fail")).ok());
    QVERIFY(exec(m_db, QStringLiteral("INSERT INTO job_runs (job, trigger, scheduled_for, started_at, finished_at, status)"
                                      " VALUES ('test-ok', 'schedule', '2026-05-01T00:30:00.000Z', '2026-05-01T00:30:00.100Z',"
                                      " '2026-05-01T00:30:01.000Z', 'succeeded')")));
    setUpScheduler("2026-05-03T10:00:00Z"); // the 3 May run is past the grace period: skipped
    Logging::uninstall();

    QFile file(logDir + QStringLiteral("/smartdata.jsonl"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QHash<QString, QJsonObject> byMessage;
    for (const QByteArray &line : file.readAll().split('\n')) {
        const QJsonObject object = QJsonDocument::fromJson(line).object();
        if (object.value(QStringLiteral("category")).toString() == QLatin1String("smartdata.jobs"))
            byMessage.insert(object.value(QStringLiteral("message")).toString().section(QLatin1Char(':'), 0, 0), object);
    }
    const QJsonObject started = byMessage.value(QStringLiteral("Job test-ok started"));
    QCOMPARE(started.value(QStringLiteral("job")).toString(), QStringLiteral("test-ok"));
    QVERIFY(started.value(QStringLiteral("run_id")).toInteger() > 0);
    const QJsonObject finished = byMessage.value(QStringLiteral("Job test-ok finished"));
    QCOMPARE(finished.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
    QVERIFY(finished.contains(QStringLiteral("duration_ms")));
    QCOMPARE(finished.value(QStringLiteral("counts")).toObject().value(QStringLiteral("n")).toInt(), 1);
    const QJsonObject failed = byMessage.value(QStringLiteral("Job test-fail failed"));
    QCOMPARE(failed.value(QStringLiteral("level")).toString(), QStringLiteral("warning"));
    QCOMPARE(failed.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(), QStringLiteral("TEST_FAILURE"));
    QVERIFY(failed.value(QStringLiteral("run_id")).toInteger() > 0);
    const QJsonObject skipped = byMessage.value(QStringLiteral("Job test-ok skipped"));
    QCOMPARE(skipped.value(QStringLiteral("status")).toString(), QStringLiteral("skipped"));
    QVERIFY(skipped.value(QStringLiteral("run_id")).toInteger() > 0);
    QCOMPARE(skipped.value(QStringLiteral("counts")).toObject().value(QStringLiteral("missed")).toInt(), 2);
}

QTEST_GUILESS_MAIN(TestScheduler)
#include "tst_scheduler.moc"
