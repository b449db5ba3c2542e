// `smartdata jobs` as scripts use it: list --json, run NAME (exit 0 only on success), schedule edits.

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include "clirun.h"
#include <QTimeZone>

namespace {

using CliTest::Run;
using CliTest::smartdata;

QJsonObject jobNamed(const QJsonArray &jobs, const QString &name)
{
    for (const QJsonValue &job : jobs) {
        if (job.toObject().value(QStringLiteral("name")).toString() == name)
            return job.toObject();
    }
    return {};
}

} // namespace

class TestJobsCli final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void listJson();
    void runRecordsAManualRun();
    void runUnknownJob();
    void editSchedule();
    void usage();

private:
    QStringList db(QStringList arguments) const
    {
        return QStringList{QStringLiteral("--db"), m_dir.filePath(QStringLiteral("cli.db"))} + arguments;
    }

    QTemporaryDir m_dir;
};

void TestJobsCli::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const Run run = smartdata(db({QStringLiteral("jobs"), QStringLiteral("timezone"), QStringLiteral("Europe/Berlin")}));
    QCOMPARE(run.exitCode, 0);
    QCOMPARE(run.out.trimmed(), QByteArray("Europe/Berlin"));
}

void TestJobsCli::listJson()
{
    const Run run = smartdata(db({QStringLiteral("jobs"), QStringLiteral("list"), QStringLiteral("--json")}));
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(run.out, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, run.out.constData());
    QVERIFY(document.isArray());
    const QJsonObject kpis = jobNamed(document.array(), QStringLiteral("daily-kpis"));
    QCOMPARE(kpis.value(QStringLiteral("schedule")).toString(), QStringLiteral("15 2 * * *"));
    QCOMPARE(kpis.value(QStringLiteral("timezone")).toString(), QStringLiteral("Europe/Berlin"));
    const QDateTime next = QDateTime::fromString(kpis.value(QStringLiteral("next_run")).toString(), Qt::ISODateWithMs);
    QVERIFY(next.isValid());
    QCOMPARE(next.toTimeZone(QTimeZone("Europe/Berlin")).time(), QTime(2, 15));
    QVERIFY(next > QDateTime::currentDateTimeUtc());
    QVERIFY(kpis.contains(QStringLiteral("last_run")));
    QVERIFY(kpis.contains(QStringLiteral("last_status")));
    const QJsonObject housekeeping = jobNamed(document.array(), QStringLiteral("daily-housekeeping"));
    QCOMPARE(housekeeping.value(QStringLiteral("schedule")).toString(), QStringLiteral("0 4 * * *"));
}

void TestJobsCli::runRecordsAManualRun()
{
    const Run run = smartdata(db({QStringLiteral("jobs"), QStringLiteral("run"), QStringLiteral("daily-housekeeping"), QStringLiteral("--json")}));
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject record = QJsonDocument::fromJson(run.out).object();
    QCOMPARE(record.value(QStringLiteral("status")).toString(), QStringLiteral("succeeded"));
    QCOMPARE(record.value(QStringLiteral("trigger")).toString(), QStringLiteral("manual"));
    QVERIFY(record.value(QStringLiteral("counts")).toObject().contains(QStringLiteral("refresh_tokens_deleted")));

    const Run kpis = smartdata(db({QStringLiteral("jobs"), QStringLiteral("run"), QStringLiteral("daily-kpis")}));
    QVERIFY2(kpis.exitCode == 0, kpis.err.constData());
    QVERIFY2(kpis.out.contains("succeeded"), kpis.out.constData());

    const Run list = smartdata(db({QStringLiteral("--json"), QStringLiteral("jobs"), QStringLiteral("list")}));
    QCOMPARE(list.exitCode, 0);
    const QJsonObject listed = jobNamed(QJsonDocument::fromJson(list.out).array(), QStringLiteral("daily-housekeeping"));
    QCOMPARE(listed.value(QStringLiteral("last_status")).toString(), QStringLiteral("succeeded"));
    QVERIFY(QDateTime::fromString(listed.value(QStringLiteral("last_run")).toString(), Qt::ISODateWithMs).isValid());

    {
        QSqlDatabase connection = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("check"));
        connection.setDatabaseName(m_dir.filePath(QStringLiteral("cli.db")));
        QVERIFY(connection.open());
        QSqlQuery query(connection);
        QVERIFY(query.exec(QStringLiteral("SELECT job, trigger, status, host FROM job_runs ORDER BY id")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("daily-housekeeping"));
        QCOMPARE(query.value(1).toString(), QStringLiteral("manual"));
        QCOMPARE(query.value(2).toString(), QStringLiteral("succeeded"));
        QVERIFY(!query.value(3).toString().isEmpty());
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("daily-kpis"));
        QVERIFY(!query.next());
    }
    QSqlDatabase::removeDatabase(QStringLiteral("check"));
}

void TestJobsCli::runUnknownJob()
{
    const Run run = smartdata(db({QStringLiteral("jobs"), QStringLiteral("run"), QStringLiteral("no-such-job")}));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("no-such-job"), run.err.constData());
}

void TestJobsCli::editSchedule()
{
    Run run = smartdata(db({QStringLiteral("jobs"), QStringLiteral("schedule"), QStringLiteral("daily-kpis"), QStringLiteral("daily"), QStringLiteral("03:05")}));
    QVERIFY2(run.exitCode == 0, run.err.constData());
    run = smartdata(db({QStringLiteral("jobs"), QStringLiteral("list"), QStringLiteral("--json")}));
    const QJsonObject kpis = jobNamed(QJsonDocument::fromJson(run.out).array(), QStringLiteral("daily-kpis"));
    QCOMPARE(kpis.value(QStringLiteral("schedule")).toString(), QStringLiteral("daily 03:05"));
    const QDateTime next = QDateTime::fromString(kpis.value(QStringLiteral("next_run")).toString(), Qt::ISODateWithMs);
    QCOMPARE(next.toTimeZone(QTimeZone("Europe/Berlin")).time(), QTime(3, 5));

    run = smartdata(db({QStringLiteral("jobs"), QStringLiteral("schedule"), QStringLiteral("daily-kpis"), QStringLiteral("now and then")}));
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains("not a schedule"), run.err.constData());
    run = smartdata(db({QStringLiteral("jobs"), QStringLiteral("timezone"), QStringLiteral("Mars/Olympus")}));
    QCOMPARE(run.exitCode, 2);

    run = smartdata(db({QStringLiteral("jobs"), QStringLiteral("schedule"), QStringLiteral("daily-kpis"), QStringLiteral("off")}));
    QCOMPARE(run.exitCode, 0);
    run = smartdata(db({QStringLiteral("jobs"), QStringLiteral("list"), QStringLiteral("--json")}));
    const QJsonObject off = jobNamed(QJsonDocument::fromJson(run.out).array(), QStringLiteral("daily-kpis"));
    QCOMPARE(off.value(QStringLiteral("schedule")).toString(), QStringLiteral("off"));
    QVERIFY(off.value(QStringLiteral("next_run")).isNull());
}

void TestJobsCli::usage()
{
    QCOMPARE(smartdata(db({QStringLiteral("jobs")})).exitCode, 2);
    QCOMPARE(smartdata(db({QStringLiteral("jobs"), QStringLiteral("frobnicate")})).exitCode, 2);
    const Run help = smartdata({QStringLiteral("jobs"), QStringLiteral("--help")});
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("Usage: smartdata jobs"));
}

QTEST_GUILESS_MAIN(TestJobsCli)
#include "tst_jobscli.moc"
