// TimestampParser: ISO 8601 variants, offsets, fractions, time zones with DST, epoch inference, ranges.

#include "ingest/timestampparser.h"

#include <QDateTime>
#include <QTest>

using Ingest::EpochUnit;
using Ingest::TimestampParser;
using Status = TimestampParser::Status;

Q_DECLARE_METATYPE(TimestampParser::Status)

class TestTimestampParser final : public QObject
{
    Q_OBJECT

private slots:
    void iso_data();
    void iso();
    void dstInZone_data();
    void dstInZone();
    void epochInference();
    void epochGivenUnit();
    void daysFromCivilMatchesQt();
    void manyZonesAgreeWithQt();
};

void TestTimestampParser::iso_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<Status>("status");
    QTest::addColumn<qint64>("expected");
    const auto at = [](const char *iso) {
        return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toMSecsSinceEpoch();
    };
    QTest::newRow("Z") << QByteArray("2024-01-01T00:00:00Z") << Status::Ok << at("2024-01-01T00:00:00Z");
    QTest::newRow("lower z and t") << QByteArray("2024-01-01t00:00:00z") << Status::Ok << at("2024-01-01T00:00:00Z");
    QTest::newRow("space") << QByteArray("2024-06-30 23:59:59") << Status::Ok << at("2024-06-30T23:59:59Z");
    QTest::newRow("no seconds") << QByteArray("2024-06-30T23:59") << Status::Ok << at("2024-06-30T23:59:00Z");
    QTest::newRow("date only") << QByteArray("2024-02-29") << Status::Ok << at("2024-02-29T00:00:00Z");
    QTest::newRow("+hh:mm") << QByteArray("2024-01-01T10:00:00+05:30") << Status::Ok << at("2024-01-01T04:30:00Z");
    QTest::newRow("+hhmm") << QByteArray("2024-01-01T10:00:00+0530") << Status::Ok << at("2024-01-01T04:30:00Z");
    QTest::newRow("+hh") << QByteArray("2024-01-01T10:00:00+05") << Status::Ok << at("2024-01-01T05:00:00Z");
    QTest::newRow("-hh:mm") << QByteArray("2024-01-01T20:00:00-08:00") << Status::Ok << at("2024-01-02T04:00:00Z");
    QTest::newRow("offset crosses day") << QByteArray("2024-03-01T00:30:00+01:00") << Status::Ok << at("2024-02-29T23:30:00Z");
    QTest::newRow("frac 1") << QByteArray("2024-01-01T00:00:00.5Z") << Status::Ok << at("2024-01-01T00:00:00.500Z");
    QTest::newRow("frac 3") << QByteArray("2024-01-01T00:00:00.123Z") << Status::Ok << at("2024-01-01T00:00:00.123Z");
    QTest::newRow("frac 9") << QByteArray("2024-01-01T00:00:00.123456789Z") << Status::Ok << at("2024-01-01T00:00:00.123Z");
    QTest::newRow("frac comma") << QByteArray("2024-01-01T00:00:00,25+01:00") << Status::Ok << at("2023-12-31T23:00:00.250Z");
    QTest::newRow("padded") << QByteArray("  2024-01-01T00:00:00Z\r") << Status::Ok << at("2024-01-01T00:00:00Z");
    QTest::newRow("epoch") << QByteArray("0") << Status::Ok << qint64(0);
    QTest::newRow("max") << QByteArray("9999-12-31T23:59:59.999Z") << Status::Ok << TimestampParser::MaxMs;
    QTest::newRow("epoch start") << QByteArray("1970-01-01T00:00:00Z") << Status::Ok << qint64(0);
    QTest::newRow("before epoch") << QByteArray("1969-12-31T23:59:59.999Z") << Status::Ok << qint64(-1);
    QTest::newRow("before epoch via offset") << QByteArray("1970-01-01T00:30:00+01:00") << Status::Ok << qint64(-1800000);
    QTest::newRow("1949 monthly") << QByteArray("1949-01-01") << Status::Ok << at("1949-01-01T00:00:00Z");
    QTest::newRow("1900 with time") << QByteArray("1900-03-01T12:00:00+01:00") << Status::Ok << at("1900-03-01T11:00:00Z");
    QTest::newRow("after 9999 via offset") << QByteArray("9999-12-31T23:30:00-01:00") << Status::OutOfRange << qint64(0);
    QTest::newRow("year 0001") << QByteArray("0001-01-01") << Status::Ok << TimestampParser::MinMs;
    QTest::newRow("before 0001 via offset") << QByteArray("0001-01-01T00:30:00+01:00") << Status::OutOfRange << qint64(0);
    QTest::newRow("feb 29 non leap") << QByteArray("2023-02-29") << Status::Invalid << qint64(0);
    QTest::newRow("month 13") << QByteArray("2024-13-01") << Status::Invalid << qint64(0);
    QTest::newRow("hour 24") << QByteArray("2024-01-01T24:00:00Z") << Status::Invalid << qint64(0);
    QTest::newRow("minute 60") << QByteArray("2024-01-01T10:60:00Z") << Status::Invalid << qint64(0);
    // Year-first dates that are not ISO are unambiguous: DateParser reads them.
    QTest::newRow("short date") << QByteArray("2024-1-01") << Status::Ok << at("2024-01-01T00:00:00Z");
    QTest::newRow("slashes") << QByteArray("2024/01/01") << Status::Ok << at("2024-01-01T00:00:00Z");
    QTest::newRow("us date") << QByteArray("01/02/2024") << Status::Invalid << qint64(0);
    QTest::newRow("trailing junk") << QByteArray("2024-01-01T00:00:00Zx") << Status::Invalid << qint64(0);
    QTest::newRow("bad offset") << QByteArray("2024-01-01T00:00:00+5") << Status::Invalid << qint64(0);
    QTest::newRow("offset 19h") << QByteArray("2024-01-01T00:00:00+19:00") << Status::Invalid << qint64(0);
    QTest::newRow("empty frac") << QByteArray("2024-01-01T00:00:00.Z") << Status::Invalid << qint64(0);
    QTest::newRow("empty") << QByteArray("") << Status::Invalid << qint64(0);
    QTest::newRow("word") << QByteArray("now") << Status::Invalid << qint64(0);
    QTest::newRow("exponent") << QByteArray("1.7e9") << Status::Invalid << qint64(0);
}

void TestTimestampParser::iso()
{
    QFETCH(QByteArray, text);
    QFETCH(Status, status);
    QFETCH(qint64, expected);
    TimestampParser parser(QTimeZone::utc(), EpochUnit::Auto);
    qint64 ms = -1;
    QCOMPARE(parser.parse(text.constData(), text.size(), ms), status);
    if (status == Status::Ok)
        QCOMPARE(ms, expected);
}

void TestTimestampParser::dstInZone_data()
{
    QTest::addColumn<QByteArray>("zone");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("utc");
    // Europe/Berlin: +01:00 in winter, +02:00 in summer; spring gap 02:00-03:00 on 2024-03-31,
    // autumn overlap 02:00-03:00 on 2024-10-27.
    QTest::newRow("winter") << QByteArray("Europe/Berlin") << QByteArray("2024-01-15T12:00:00") << QByteArray("2024-01-15T11:00:00Z");
    QTest::newRow("summer") << QByteArray("Europe/Berlin") << QByteArray("2024-07-15 12:00") << QByteArray("2024-07-15T10:00:00Z");
    QTest::newRow("before gap") << QByteArray("Europe/Berlin") << QByteArray("2024-03-31T01:59:59") << QByteArray("2024-03-31T00:59:59Z");
    QTest::newRow("in gap: moved forward") << QByteArray("Europe/Berlin") << QByteArray("2024-03-31T02:30:00") << QByteArray("2024-03-31T01:30:00Z");
    QTest::newRow("after gap") << QByteArray("Europe/Berlin") << QByteArray("2024-03-31T03:00:00") << QByteArray("2024-03-31T01:00:00Z");
    QTest::newRow("overlap: first occurrence") << QByteArray("Europe/Berlin") << QByteArray("2024-10-27T02:30:00") << QByteArray("2024-10-27T00:30:00Z");
    QTest::newRow("after overlap") << QByteArray("Europe/Berlin") << QByteArray("2024-10-27T03:00:00") << QByteArray("2024-10-27T02:00:00Z");
    QTest::newRow("before overlap") << QByteArray("Europe/Berlin") << QByteArray("2024-10-27T01:59:59.999") << QByteArray("2024-10-26T23:59:59.999Z");
    QTest::newRow("date only midnight") << QByteArray("Europe/Berlin") << QByteArray("2024-07-01") << QByteArray("2024-06-30T22:00:00Z");
    QTest::newRow("explicit offset ignores zone") << QByteArray("Europe/Berlin") << QByteArray("2024-07-01T00:00:00Z") << QByteArray("2024-07-01T00:00:00Z");
    // America/New_York: gap 2024-03-10 02:00-03:00, overlap 2024-11-03 01:00-02:00.
    QTest::newRow("NY gap") << QByteArray("America/New_York") << QByteArray("2024-03-10T02:15:00") << QByteArray("2024-03-10T07:15:00Z");
    QTest::newRow("NY overlap") << QByteArray("America/New_York") << QByteArray("2024-11-03T01:30:00") << QByteArray("2024-11-03T05:30:00Z");
    QTest::newRow("NY after") << QByteArray("America/New_York") << QByteArray("2024-11-03T02:30:00") << QByteArray("2024-11-03T07:30:00Z");
    // Southern hemisphere: Australia/Sydney gap on 2024-10-06 02:00-03:00.
    QTest::newRow("Sydney gap") << QByteArray("Australia/Sydney") << QByteArray("2024-10-06T02:30:00") << QByteArray("2024-10-05T16:30:00Z");
    QTest::newRow("Kolkata") << QByteArray("Asia/Kolkata") << QByteArray("2024-10-06T05:30:00") << QByteArray("2024-10-06T00:00:00Z");
}

void TestTimestampParser::dstInZone()
{
    QFETCH(QByteArray, zone);
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, utc);
    const QTimeZone tz(zone);
    QVERIFY(tz.isValid());
    TimestampParser parser(tz, EpochUnit::Auto);
    qint64 ms = 0;
    QCOMPARE(parser.parse(text.constData(), text.size(), ms), Status::Ok);
    QCOMPARE(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs),
             QDateTime::fromString(QString::fromLatin1(utc), Qt::ISODateWithMs).toUTC().toString(Qt::ISODateWithMs));
    // The cached second lookup gives the same answer.
    qint64 again = 0;
    QCOMPARE(parser.parse(text.constData(), text.size(), again), Status::Ok);
    QCOMPARE(again, ms);
}

void TestTimestampParser::epochInference()
{
    // No unit from a sample: the first number decides, once; the other magnitude is rejected (#19).
    TimestampParser parser(QTimeZone::utc(), EpochUnit::Auto);
    qint64 ms = 0;
    QCOMPARE(parser.parse("1704067200", 10, ms), Status::Ok);
    QCOMPARE(ms, qint64(1704067200000));
    QCOMPARE(parser.inferredEpochUnit(), EpochUnit::Seconds);
    QVERIFY(parser.epochUnitFromFirstRow());
    QCOMPARE(parser.parse("1704067200123", 13, ms), Status::OutOfRange);
    QCOMPARE(parser.parse("1704067200.5", 12, ms), Status::Ok);
    QCOMPARE(ms, qint64(1704067200500));
    QCOMPARE(parser.parse("99999999999", 11, ms), Status::Ok); // < 1e11: seconds (5138)
    QCOMPARE(ms, qint64(99999999999000));
    QCOMPARE(parser.parse("100000000000", 12, ms), Status::OutOfRange); // >= 1e11: milliseconds
    QCOMPARE(parser.parseEpoch(1.5, ms), Status::Ok);
    QCOMPARE(ms, qint64(1500));
    QCOMPARE(parser.inferredSeconds(), 4);
    QCOMPARE(parser.inferredMilliseconds(), 0);
    QCOMPARE(parser.epochUnitMismatches(), 2);
    QCOMPARE(parser.parse("-1", 2, ms), Status::OutOfRange);
    QCOMPARE(parser.parse("1e3", 3, ms), Status::Invalid);
    QCOMPARE(parser.parse("12abc", 5, ms), Status::Invalid);

    // A unit from the sample: milliseconds.
    TimestampParser fromSample(QTimeZone::utc(), EpochUnit::Auto);
    fromSample.setInferredEpochUnit(EpochUnit::Milliseconds);
    QCOMPARE(fromSample.parse("1704067200123", 13, ms), Status::Ok);
    QCOMPARE(ms, qint64(1704067200123));
    QCOMPARE(fromSample.parse("1704067200", 10, ms), Status::OutOfRange);
    QVERIFY(!fromSample.epochUnitFromFirstRow());
}

void TestTimestampParser::epochGivenUnit()
{
    TimestampParser ms(QTimeZone::utc(), EpochUnit::Milliseconds);
    qint64 out = 0;
    QCOMPARE(ms.parse("1704067200", 10, out), Status::Ok);
    QCOMPARE(out, qint64(1704067200));
    TimestampParser s(QTimeZone::utc(), EpochUnit::Seconds);
    QCOMPARE(s.parse("1704067200123", 13, out), Status::OutOfRange);
    QCOMPARE(s.parse("253402300799", 12, out), Status::Ok);
    QCOMPARE(out, qint64(253402300799000));
    QCOMPARE(s.inferredSeconds() + s.inferredMilliseconds() + ms.inferredSeconds(), 0);
}

void TestTimestampParser::daysFromCivilMatchesQt()
{
    for (int year : {1970, 1999, 2000, 2024, 2100, 2400, 9999}) {
        for (int month = 1; month <= 12; ++month) {
            const QDate d(year, month, 28);
            QCOMPARE(TimestampParser::daysFromCivil(year, month, 28), QDate(1970, 1, 1).daysTo(d));
        }
    }
}

void TestTimestampParser::manyZonesAgreeWithQt()
{
    // Every 37 minutes over two years, away from transitions: the cache and Qt agree.
    for (const QByteArray &zone : {QByteArray("Europe/London"), QByteArray("America/Los_Angeles"), QByteArray("Australia/Lord_Howe")}) {
        const QTimeZone tz(zone);
        QVERIFY(tz.isValid());
        TimestampParser parser(tz, EpochUnit::Auto);
        QDateTime local(QDate(2023, 1, 1), QTime(0, 0), tz);
        for (int i = 0; i < 2 * 365 * 24 * 60 / 37; ++i) {
            local = local.addSecs(37 * 60);
            const QByteArray text = local.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")).toLatin1();
            qint64 ms = 0;
            QCOMPARE(parser.parse(text.constData(), text.size(), ms), Status::Ok);
            // Round trip through Qt: holds for either occurrence of a wall time that occurs twice.
            const QDateTime back = QDateTime::fromMSecsSinceEpoch(ms, tz);
            QCOMPARE(back.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")).toLatin1(), text);
        }
    }
}

QTEST_GUILESS_MAIN(TestTimestampParser)
#include "tst_timestampparser.moc"
