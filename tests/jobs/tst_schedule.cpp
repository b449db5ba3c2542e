// Cron-like schedules: parsing, and the next due instant across month ends, leap days and both
// daylight-saving transitions (a missing wall time runs once at the end of the gap, a repeated one
// runs at its first occurrence only).

#include "scheduler/cronschedule.h"
#include "scheduler/scheduler.h"

#include <QTest>

using Scheduler::CronSchedule;

namespace {

QDateTime utc(const QString &iso)
{
    return QDateTime::fromString(iso, Qt::ISODateWithMs).toUTC();
}

} // namespace

class TestSchedule final : public QObject
{
    Q_OBJECT

private slots:
    void nextAfter_data();
    void nextAfter();
    void previousAtOrBefore_data();
    void previousAtOrBefore();
    void repeatedWallTimeRunsOnce();
    void neverMatching();
    void badRules_data();
    void badRules();
    void shorthands();
    void sleepIsCapped();
};

void TestSchedule::nextAfter_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("after");
    QTest::addColumn<QString>("expected");

    // Plain calendar walks.
    QTest::newRow("month end") << "15 2 * * *" << "Europe/Berlin" << "2026-01-31T12:00:00Z" << "2026-02-01T01:15:00.000Z";
    QTest::newRow("31st skips April") << "0 0 31 * *" << "UTC" << "2026-04-01T00:00:00Z" << "2026-05-31T00:00:00.000Z";
    QTest::newRow("year end") << "0 0 1 1 *" << "UTC" << "2026-06-01T00:00:00Z" << "2027-01-01T00:00:00.000Z";
    QTest::newRow("leap day next leap year") << "0 12 29 2 *" << "UTC" << "2025-03-01T00:00:00Z" << "2028-02-29T12:00:00.000Z";
    QTest::newRow("leap day same year") << "0 0 29 2 *" << "UTC" << "2024-02-28T23:59:00Z" << "2024-02-29T00:00:00.000Z";
    QTest::newRow("strictly after") << "15 2 * * *" << "UTC" << "2026-05-01T02:15:00Z" << "2026-05-02T02:15:00.000Z";
    QTest::newRow("dom or dow") << "0 9 13 * 5" << "UTC" << "2026-02-01T00:00:00Z" << "2026-02-06T09:00:00.000Z";
    QTest::newRow("steps and ranges") << "*/20 8-9 * * 1-5" << "UTC" << "2026-03-06T09:45:00Z" << "2026-03-09T08:00:00.000Z";
    QTest::newRow("names") << "30 3 * jan,feb sun" << "UTC" << "2026-02-23T00:00:00Z" << "2027-01-03T03:30:00.000Z";
    QTest::newRow("weekday 7 is Sunday") << "30 3 * * 7" << "UTC" << "2026-03-23T00:00:00Z" << "2026-03-29T03:30:00.000Z";
    QTest::newRow("offset zone previous local day") << "0 23 * * *" << "Pacific/Auckland" << "2026-06-30T10:00:00Z" << "2026-06-30T11:00:00.000Z";

    // Europe/Berlin: 2026-03-29 02:00 CET -> 03:00 CEST (01:00 UTC); 2026-10-25 03:00 CEST -> 02:00 CET (01:00 UTC).
    QTest::newRow("berlin before spring") << "15 2 * * *" << "Europe/Berlin" << "2026-03-27T12:00:00Z" << "2026-03-28T01:15:00.000Z";
    QTest::newRow("berlin gap runs at 03:00") << "30 2 * * *" << "Europe/Berlin" << "2026-03-28T02:00:00Z" << "2026-03-29T01:00:00.000Z";
    QTest::newRow("berlin after gap") << "30 2 * * *" << "Europe/Berlin" << "2026-03-29T01:00:00Z" << "2026-03-30T00:30:00.000Z";
    QTest::newRow("berlin daily-kpis 02:15 gap") << "daily 02:15" << "Europe/Berlin" << "2026-03-28T12:00:00Z" << "2026-03-29T01:00:00.000Z";
    QTest::newRow("berlin hourly into gap") << "30 * * * *" << "Europe/Berlin" << "2026-03-29T00:45:00Z" << "2026-03-29T01:00:00.000Z";
    QTest::newRow("berlin hourly after gap") << "30 * * * *" << "Europe/Berlin" << "2026-03-29T01:00:00Z" << "2026-03-29T01:30:00.000Z";
    QTest::newRow("berlin two gap times run once") << "0,30 2 * * *" << "Europe/Berlin" << "2026-03-29T01:00:00Z" << "2026-03-30T00:00:00.000Z";
    QTest::newRow("berlin fall back first occurrence") << "30 2 * * *" << "Europe/Berlin" << "2026-10-24T12:00:00Z" << "2026-10-25T00:30:00.000Z";
    QTest::newRow("berlin fall back not twice") << "30 2 * * *" << "Europe/Berlin" << "2026-10-25T00:30:00Z" << "2026-10-26T01:30:00.000Z";
    QTest::newRow("berlin hourly skips repeat") << "30 * * * *" << "Europe/Berlin" << "2026-10-25T00:30:00Z" << "2026-10-25T02:30:00.000Z";
    QTest::newRow("berlin weekly sunday") << "weekly Sun 03:30" << "Europe/Berlin" << "2026-03-27T00:00:00Z" << "2026-03-29T01:30:00.000Z";
    QTest::newRow("berlin weekly after fall") << "weekly Sun 03:30" << "Europe/Berlin" << "2026-10-24T00:00:00Z" << "2026-10-25T02:30:00.000Z";

    // America/New_York: 2026-03-08 02:00 EST -> 03:00 EDT (07:00 UTC); 2026-11-01 02:00 EDT -> 01:00 EST (06:00 UTC).
    QTest::newRow("new york gap") << "30 2 * * *" << "America/New_York" << "2026-03-07T12:00:00Z" << "2026-03-08T07:00:00.000Z";
    QTest::newRow("new york after gap") << "30 2 * * *" << "America/New_York" << "2026-03-08T07:00:00Z" << "2026-03-09T06:30:00.000Z";
    QTest::newRow("new york fall first") << "30 1 * * *" << "America/New_York" << "2026-10-31T12:00:00Z" << "2026-11-01T05:30:00.000Z";
    QTest::newRow("new york fall not twice") << "30 1 * * *" << "America/New_York" << "2026-11-01T05:30:00Z" << "2026-11-02T06:30:00.000Z";
    QTest::newRow("new york unaffected time") << "0 4 * * *" << "America/New_York" << "2026-10-31T12:00:00Z" << "2026-11-01T09:00:00.000Z";
}

void TestSchedule::nextAfter()
{
    QFETCH(QString, rule);
    QFETCH(QString, zone);
    QFETCH(QString, after);
    QFETCH(QString, expected);
    const QTimeZone timeZone(zone.toUtf8());
    QVERIFY(timeZone.isValid());
    auto schedule = CronSchedule::parse(rule);
    QVERIFY2(schedule.ok(), schedule.ok() ? "" : qPrintable(schedule.error().message));
    QCOMPARE(schedule->nextAfter(utc(after), timeZone).toUTC().toString(Qt::ISODateWithMs), expected);
}

void TestSchedule::previousAtOrBefore_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("zone");
    QTest::addColumn<QString>("until");
    QTest::addColumn<QString>("expected");
    QTest::newRow("same instant") << "15 2 * * *" << "UTC" << "2026-05-02T02:15:00Z" << "2026-05-02T02:15:00.000Z";
    QTest::newRow("day before") << "15 2 * * *" << "UTC" << "2026-05-02T02:14:00Z" << "2026-05-01T02:15:00.000Z";
    QTest::newRow("berlin gap") << "30 2 * * *" << "Europe/Berlin" << "2026-03-29T05:00:00Z" << "2026-03-29T01:00:00.000Z";
    QTest::newRow("berlin fall back") << "30 2 * * *" << "Europe/Berlin" << "2026-10-25T05:00:00Z" << "2026-10-25T00:30:00.000Z";
    QTest::newRow("month back") << "0 0 31 * *" << "UTC" << "2026-05-30T00:00:00Z" << "2026-03-31T00:00:00.000Z";
}

void TestSchedule::previousAtOrBefore()
{
    QFETCH(QString, rule);
    QFETCH(QString, zone);
    QFETCH(QString, until);
    QFETCH(QString, expected);
    auto schedule = CronSchedule::parse(rule);
    QVERIFY(schedule.ok());
    QCOMPARE(schedule->previousAtOrBefore(utc(until), QTimeZone(zone.toUtf8())).toUTC().toString(Qt::ISODateWithMs), expected);
}

void TestSchedule::repeatedWallTimeRunsOnce()
{
    // Walk the due times over both Berlin transitions: one per day, none twice, none missing.
    auto schedule = CronSchedule::parse(QStringLiteral("30 2 * * *"));
    QVERIFY(schedule.ok());
    const QTimeZone berlin("Europe/Berlin");
    for (const char *start : {"2026-03-25T00:00:00Z", "2026-10-21T00:00:00Z"}) {
        QDateTime due = utc(QString::fromLatin1(start));
        QDate previousDay;
        for (int i = 0; i < 10; ++i) {
            due = schedule->nextAfter(due, berlin);
            const QDate localDay = due.toTimeZone(berlin).date();
            if (previousDay.isValid())
                QCOMPARE(previousDay.daysTo(localDay), 1);
            previousDay = localDay;
        }
    }
}

void TestSchedule::neverMatching()
{
    auto schedule = CronSchedule::parse(QStringLiteral("0 0 31 2 *"));
    QVERIFY(schedule.ok());
    QVERIFY(!schedule->nextAfter(utc(QStringLiteral("2026-01-01T00:00:00Z")), QTimeZone::utc()).isValid());
}

void TestSchedule::badRules_data()
{
    QTest::addColumn<QString>("rule");
    QTest::newRow("minute 61") << "61 * * * *";
    QTest::newRow("hour 24") << "0 24 * * *";
    QTest::newRow("three fields") << "* * *";
    QTest::newRow("zero step") << "*/0 * * * *";
    QTest::newRow("reversed range") << "0 5-3 * * *";
    QTest::newRow("daily bad time") << "daily 25:00";
    QTest::newRow("daily no time") << "daily";
    QTest::newRow("weekly bad day") << "weekly Xyz 03:00";
    QTest::newRow("day 0") << "0 0 0 * *";
    QTest::newRow("words") << "every night";
}

void TestSchedule::badRules()
{
    QFETCH(QString, rule);
    auto schedule = CronSchedule::parse(rule);
    QVERIFY(!schedule.ok());
    QCOMPARE(schedule.error().kind, Common::ErrorKind::BadInput);
    QCOMPARE(schedule.error().code, QStringLiteral("BAD_SCHEDULE"));
}

void TestSchedule::shorthands()
{
    auto daily = CronSchedule::parse(QStringLiteral(" daily  2:15 "));
    QVERIFY(daily.ok());
    QCOMPARE(daily->cronText(), QStringLiteral("15 2 * * *"));
    QCOMPARE(daily->text(), QStringLiteral("daily 2:15"));
    auto weekly = CronSchedule::parse(QStringLiteral("weekly sunday 03:30"));
    QVERIFY(weekly.ok());
    QCOMPARE(weekly->cronText(), QStringLiteral("30 3 * * 0"));
    auto weekly7 = CronSchedule::parse(QStringLiteral("weekly 7 03:30"));
    QVERIFY(weekly7.ok());
    QCOMPARE(weekly7->cronText(), QStringLiteral("30 3 * * 0"));
}

void TestSchedule::sleepIsCapped()
{
    const QDateTime now = utc(QStringLiteral("2026-01-01T00:00:00Z"));
    QCOMPARE(Scheduler::Scheduler::sleepMsUntil(now.addDays(60), now), Scheduler::Scheduler::MaxSleepMs); // > INT_MAX ms away
    QCOMPARE(Scheduler::Scheduler::sleepMsUntil(now.addSecs(-5), now), 0);
    QCOMPARE(Scheduler::Scheduler::sleepMsUntil(now.addSecs(90), now), 90000);
    QCOMPARE(Scheduler::Scheduler::sleepMsUntil(QDateTime(), now), Scheduler::Scheduler::MaxSleepMs);
}

QTEST_GUILESS_MAIN(TestSchedule)
#include "tst_schedule.moc"
