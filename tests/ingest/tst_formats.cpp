// The number and date formats of real exports: each parser rule (DateParser, ExplicitDateFormat), each
// detection rule (FormatDetection), the epoch unit decision, name validation, the gzip guards, and the
// readers on the messy files of tests/data/ingest/real.

#include "fuzzy.h"
#include "readertesthelpers.h"

#include "ingest/dateparser.h"
#include "ingest/formatdetection.h"
#include "ingest/timestampparser.h"
#include "ingest/valueparser.h"

#include <QJsonArray>
#include <QTest>

#include <zlib.h>

using namespace ReaderTest;
using Ingest::DateOrder;
using Ingest::DecimalMark;
using Ingest::EpochUnit;
using Ingest::ThousandsSeparator;

class TestFormats : public QObject
{
    Q_OBJECT

private slots:
    void localeDates_data();
    void localeDates();
    void explicitFormats_data();
    void explicitFormats();
    void badExplicitFormats_data();
    void badExplicitFormats();
    void detectNumbers_data();
    void detectNumbers();
    void detectDates_data();
    void detectDates();
    void decorationsReported();
    void epochUnitDecidedOnce();
    void epochOnlyForTheTimestampColumn();
    void namesAreValidated();
    void notGzip();
    void gzipBombAndCap();
    void mixedOffsets();
    void previewDetectionWithOverrides();
    void realFiles_data();
    void realFiles();
};

namespace {

// "" = rejected.
QString parseToIso(const QByteArray &text, DateOrder order, const QString &format = QString())
{
    Ingest::TimestampParser parser(QTimeZone::utc(), EpochUnit::Auto);
    parser.setDateOrder(order);
    if (!format.isEmpty()) {
        auto compiled = Ingest::ExplicitDateFormat::compile(format);
        if (!compiled)
            return QStringLiteral("bad format");
        parser.setExplicitFormat(*compiled);
    }
    qint64 ms = 0;
    if (parser.parse(text.constData(), text.size(), ms) != Ingest::TimestampParser::Status::Ok)
        return QString();
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QByteArray gzip(const QByteArray &data)
{
    z_stream zs{};
    deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY);
    QByteArray out(int(deflateBound(&zs, uLong(data.size()))) + 64, Qt::Uninitialized);
    zs.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(data.constData()));
    zs.avail_in = uInt(data.size());
    zs.next_out = reinterpret_cast<Bytef *>(out.data());
    zs.avail_out = uInt(out.size());
    deflate(&zs, Z_FINISH);
    out.resize(qsizetype(zs.total_out));
    deflateEnd(&zs);
    return out;
}

Ingest::FormatSample sampleOf(const QList<QByteArray> &timestamps, const QList<QByteArray> &values, char delimiter = ',')
{
    Ingest::FormatSample s;
    s.timestamps = timestamps;
    s.values = values;
    s.delimiter = delimiter;
    s.records = std::max(timestamps.size(), values.size());
    return s;
}

QString warningsOf(const Outcome &o)
{
    QStringList list;
    for (const QJsonValue &w : o.detection.value(QStringLiteral("warnings")).toArray())
        list.append(w.toString());
    return list.join(u'|');
}

bool notesMention(const Ingest::FormatDetection &d, const QString &text)
{
    for (const QString &note : d.notes) {
        if (note.contains(text))
            return true;
    }
    return false;
}

} // namespace

void TestFormats::localeDates_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<DateOrder>("order");
    QTest::addColumn<QString>("expected");
    const auto D = DateOrder::DayFirst, M = DateOrder::MonthFirst, A = DateOrder::Auto;
    QTest::newRow("dotted day-first") << QByteArray("31.12.2024") << D << QStringLiteral("2024-12-31T00:00:00.000Z");
    QTest::newRow("slashes day-first") << QByteArray("31/12/2024") << D << QStringLiteral("2024-12-31T00:00:00.000Z");
    QTest::newRow("dashes day-first") << QByteArray("31-12-2024") << D << QStringLiteral("2024-12-31T00:00:00.000Z");
    QTest::newRow("slashes month-first") << QByteArray("12/31/2024") << M << QStringLiteral("2024-12-31T00:00:00.000Z");
    QTest::newRow("month-first rejects day-first") << QByteArray("31/12/2024") << M << QString();
    QTest::newRow("ambiguous day-first") << QByteArray("01/02/2024") << D << QStringLiteral("2024-02-01T00:00:00.000Z");
    QTest::newRow("ambiguous month-first") << QByteArray("01/02/2024") << M << QStringLiteral("2024-01-02T00:00:00.000Z");
    QTest::newRow("unresolved order rejects") << QByteArray("01/02/2024") << A << QString();
    QTest::newRow("year first slashes") << QByteArray("2024/12/31") << A << QStringLiteral("2024-12-31T00:00:00.000Z");
    QTest::newRow("year first dots") << QByteArray("2024.1.5") << D << QStringLiteral("2024-01-05T00:00:00.000Z");
    QTest::newRow("single digits") << QByteArray("5.1.2024") << D << QStringLiteral("2024-01-05T00:00:00.000Z");
    QTest::newRow("with time") << QByteArray("31.12.2024 13:05") << D << QStringLiteral("2024-12-31T13:05:00.000Z");
    QTest::newRow("with seconds") << QByteArray("31.12.2024 13:05:09") << D << QStringLiteral("2024-12-31T13:05:09.000Z");
    QTest::newRow("with millis") << QByteArray("31.12.2024 13:05:09.1234") << D << QStringLiteral("2024-12-31T13:05:09.123Z");
    QTest::newRow("T separator") << QByteArray("2024/12/31T08:00") << A << QStringLiteral("2024-12-31T08:00:00.000Z");
    QTest::newRow("PM") << QByteArray("12/31/2024 1:05 PM") << M << QStringLiteral("2024-12-31T13:05:00.000Z");
    QTest::newRow("12 AM is midnight") << QByteArray("1/1/2024 12:00:00 AM") << M << QStringLiteral("2024-01-01T00:00:00.000Z");
    QTest::newRow("12 PM is noon") << QByteArray("1/1/2024 12:30 pm") << M << QStringLiteral("2024-01-01T12:30:00.000Z");
    QTest::newRow("a.m.") << QByteArray("1/1/2024 9:15 a.m.") << M << QStringLiteral("2024-01-01T09:15:00.000Z");
    QTest::newRow("13 PM rejected") << QByteArray("1/1/2024 13:00 PM") << M << QString();
    QTest::newRow("offset") << QByteArray("31.12.2024 13:05 +01:00") << D << QStringLiteral("2024-12-31T12:05:00.000Z");
    QTest::newRow("Z") << QByteArray("31.12.2024 13:05Z") << D << QStringLiteral("2024-12-31T13:05:00.000Z");
    QTest::newRow("UTC suffix") << QByteArray("12/31/2024 1:05 PM UTC") << M << QStringLiteral("2024-12-31T13:05:00.000Z");
    QTest::newRow("ISO with AM/PM") << QByteArray("2024-12-31 1:05 PM") << A << QStringLiteral("2024-12-31T13:05:00.000Z");
    QTest::newRow("two-digit year rejected") << QByteArray("31.12.24") << D << QString();
    QTest::newRow("bad day") << QByteArray("31.02.2024") << D << QString();
    QTest::newRow("leap day") << QByteArray("29.02.2024") << D << QStringLiteral("2024-02-29T00:00:00.000Z");
    QTest::newRow("mixed separators") << QByteArray("31.12/2024") << D << QString();
    QTest::newRow("bad hour") << QByteArray("31.12.2024 24:00") << D << QString();
    // Periods: the first day, 00:00.
    QTest::newRow("ISO month") << QByteArray("2024-03") << A << QStringLiteral("2024-03-01T00:00:00.000Z");
    QTest::newRow("month/year") << QByteArray("03/2024") << A << QStringLiteral("2024-03-01T00:00:00.000Z");
    QTest::newRow("year/month") << QByteArray("2024/3") << A << QStringLiteral("2024-03-01T00:00:00.000Z");
    QTest::newRow("Mar 2024") << QByteArray("Mar 2024") << A << QStringLiteral("2024-03-01T00:00:00.000Z");
    QTest::newRow("March 2024") << QByteArray("March 2024") << A << QStringLiteral("2024-03-01T00:00:00.000Z");
    QTest::newRow("März 2024") << QByteArray("M\xc3\xa4rz 2024") << A << QStringLiteral("2024-03-01T00:00:00.000Z");
    QTest::newRow("MÄRZ 2024") << QByteArray("M\xc3\x84RZ 2024") << A << QStringLiteral("2024-03-01T00:00:00.000Z");
    QTest::newRow("févr. 2024") << QByteArray("f\xc3\xa9vr. 2024") << A << QStringLiteral("2024-02-01T00:00:00.000Z");
    QTest::newRow("Dec-2024") << QByteArray("Dec-2024") << A << QStringLiteral("2024-12-01T00:00:00.000Z");
    QTest::newRow("13/2024") << QByteArray("13/2024") << A << QString();
    QTest::newRow("quarter 1960Q1") << QByteArray("1960Q1") << A << QStringLiteral("1960-01-01T00:00:00.000Z");
    QTest::newRow("quarter 1960-Q2") << QByteArray("1960-Q2") << A << QStringLiteral("1960-04-01T00:00:00.000Z");
    QTest::newRow("quarter 1960 Q3") << QByteArray("1960 Q3") << A << QStringLiteral("1960-07-01T00:00:00.000Z");
    QTest::newRow("quarter Q4 1960") << QByteArray("Q4 1960") << A << QStringLiteral("1960-10-01T00:00:00.000Z");
    QTest::newRow("quarter q2/2024") << QByteArray("q2/2024") << A << QStringLiteral("2024-04-01T00:00:00.000Z");
    QTest::newRow("quarter 5") << QByteArray("1960Q5") << A << QString();
    QTest::newRow("quarter two-digit year") << QByteArray("60Q1") << A << QString();
    QTest::newRow("quarter with time") << QByteArray("1960Q1 10:00") << A << QString();
    // Month names with a day: the order is clear whatever the setting.
    QTest::newRow("31 Dec 2024") << QByteArray("31 Dec 2024") << M << QStringLiteral("2024-12-31T00:00:00.000Z");
    QTest::newRow("Dec 31, 2024") << QByteArray("Dec 31, 2024 10:00") << D << QStringLiteral("2024-12-31T10:00:00.000Z");
    QTest::newRow("31. Dezember 2024") << QByteArray("31. Dezember 2024") << D << QStringLiteral("2024-12-31T00:00:00.000Z");
    QTest::newRow("3 août 2024") << QByteArray("3 ao\xc3\xbbt 2024") << D << QStringLiteral("2024-08-03T00:00:00.000Z");
    QTest::newRow("not a month") << QByteArray("Foo 2024") << A << QString();
    QTest::newRow("words") << QByteArray("yesterday") << D << QString();
    // The fast paths are unchanged.
    QTest::newRow("ISO") << QByteArray("2024-12-31T13:05:00+01:00") << D << QStringLiteral("2024-12-31T12:05:00.000Z");
    QTest::newRow("epoch") << QByteArray("1704067200") << D << QStringLiteral("2024-01-01T00:00:00.000Z");
}

void TestFormats::localeDates()
{
    QFETCH(QByteArray, text);
    QFETCH(DateOrder, order);
    QFETCH(QString, expected);
    QCOMPARE(parseToIso(text, order), expected);
}

void TestFormats::explicitFormats_data()
{
    QTest::addColumn<QString>("format");
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("expected");
    QTest::newRow("Qt dd.MM.yyyy HH:mm") << QStringLiteral("dd.MM.yyyy HH:mm") << QByteArray("31.12.2024 13:05") << QStringLiteral("2024-12-31T13:05:00.000Z");
    QTest::newRow("strftime same") << QStringLiteral("%d.%m.%Y %H:%M") << QByteArray("31.12.2024 13:05") << QStringLiteral("2024-12-31T13:05:00.000Z");
    QTest::newRow("Qt dd needs two digits") << QStringLiteral("dd.MM.yyyy") << QByteArray("1.12.2024") << QString();
    QTest::newRow("Qt d takes one") << QStringLiteral("d.M.yyyy") << QByteArray("1.2.2024") << QStringLiteral("2024-02-01T00:00:00.000Z");
    QTest::newRow("Qt yy 24") << QStringLiteral("dd.MM.yy") << QByteArray("31.12.24") << QStringLiteral("2024-12-31T00:00:00.000Z");
    QTest::newRow("Qt yy 69 is 1969") << QStringLiteral("dd.MM.yy") << QByteArray("01.01.69") << QStringLiteral("1969-01-01T00:00:00.000Z");
    QTest::newRow("Qt yy 68 is 2068") << QStringLiteral("dd.MM.yy") << QByteArray("01.01.68") << QStringLiteral("2068-01-01T00:00:00.000Z");
    QTest::newRow("strftime %y") << QStringLiteral("%m/%d/%y") << QByteArray("12/31/99") << QStringLiteral("1999-12-31T00:00:00.000Z");
    QTest::newRow("NOAA storm events") << QStringLiteral("dd-MMM-yy HH:mm:ss") << QByteArray("02-JAN-24 14:35:00") << QStringLiteral("2024-01-02T14:35:00.000Z");
    QTest::newRow("strftime %b") << QStringLiteral("%d-%b-%Y") << QByteArray("02-Jan-2024") << QStringLiteral("2024-01-02T00:00:00.000Z");
    QTest::newRow("Qt AM/PM") << QStringLiteral("M/d/yyyy h:mm AP") << QByteArray("12/31/2024 1:05 PM") << QStringLiteral("2024-12-31T13:05:00.000Z");
    QTest::newRow("strftime %I %p") << QStringLiteral("%m/%d/%Y %I:%M %p") << QByteArray("12/31/2024 12:05 AM") << QStringLiteral("2024-12-31T00:05:00.000Z");
    QTest::newRow("compact") << QStringLiteral("yyyyMMdd") << QByteArray("20240315") << QStringLiteral("2024-03-15T00:00:00.000Z");
    QTest::newRow("strftime compact") << QStringLiteral("%Y%m%d%H%M") << QByteArray("202403151230") << QStringLiteral("2024-03-15T12:30:00.000Z");
    QTest::newRow("quoted T") << QStringLiteral("yyyy-MM-dd'T'HH:mm") << QByteArray("2024-03-15T12:30") << QStringLiteral("2024-03-15T12:30:00.000Z");
    QTest::newRow("zzz") << QStringLiteral("HH:mm:ss.zzz dd.MM.yyyy") << QByteArray("12:30:01.250 15.03.2024") << QStringLiteral("2024-03-15T12:30:01.250Z");
    QTest::newRow("%f") << QStringLiteral("%Y-%m-%d %H:%M:%S.%f") << QByteArray("2024-03-15 12:30:01.123456") << QStringLiteral("2024-03-15T12:30:01.123Z");
    QTest::newRow("%z") << QStringLiteral("%d.%m.%Y %H:%M %z") << QByteArray("15.03.2024 12:30 +0100") << QStringLiteral("2024-03-15T11:30:00.000Z");
    QTest::newRow("Qt t") << QStringLiteral("dd.MM.yyyy HH:mm t") << QByteArray("15.03.2024 12:30 -05:00") << QStringLiteral("2024-03-15T17:30:00.000Z");
    QTest::newRow("month only") << QStringLiteral("MM/yyyy") << QByteArray("03/2024") << QStringLiteral("2024-03-01T00:00:00.000Z");
    QTest::newRow("%F %T") << QStringLiteral("%F %T") << QByteArray("2024-03-15 01:02:03") << QStringLiteral("2024-03-15T01:02:03.000Z");
    QTest::newRow("spaces stretch") << QStringLiteral("dd.MM.yyyy HH:mm") << QByteArray("15.03.2024   12:30") << QStringLiteral("2024-03-15T12:30:00.000Z");
    QTest::newRow("trailing text rejected") << QStringLiteral("dd.MM.yyyy") << QByteArray("15.03.2024 x") << QString();
    QTest::newRow("ISO still read") << QStringLiteral("dd.MM.yyyy") << QByteArray("2024-03-15") << QStringLiteral("2024-03-15T00:00:00.000Z");
    QTest::newRow("epoch not read") << QStringLiteral("dd.MM.yyyy") << QByteArray("1704067200") << QString();
    QTest::newRow("bad date") << QStringLiteral("dd.MM.yyyy") << QByteArray("30.02.2024") << QString();
}

void TestFormats::explicitFormats()
{
    QFETCH(QString, format);
    QFETCH(QByteArray, text);
    QFETCH(QString, expected);
    QCOMPARE(parseToIso(text, DateOrder::DayFirst, format), expected);
}

void TestFormats::badExplicitFormats_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("empty") << QStringLiteral(" ");
    QTest::newRow("no year") << QStringLiteral("dd.MM");
    QTest::newRow("lone %") << QStringLiteral("%Y-%");
    QTest::newRow("unknown %") << QStringLiteral("%Y %Q");
    QTest::newRow("unquoted letter") << QStringLiteral("yyyy-MM-ddTHH:mm");
    QTest::newRow("yyy") << QStringLiteral("dd.MM.yyy");
    QTest::newRow("unclosed quote") << QStringLiteral("yyyy 'at");
}

void TestFormats::badExplicitFormats()
{
    QFETCH(QString, format);
    auto compiled = Ingest::ExplicitDateFormat::compile(format);
    QVERIFY(!compiled);
    QCOMPARE(compiled.error().code, QStringLiteral("BAD_DATE_FORMAT"));
    QVERIFY(compiled.error().message.contains(format));
    // The reader refuses it before reading.
    Ingest::ReadOptions options;
    options.dateFormat = format;
    const Outcome o = readBytes("timestamp,value\n2024-01-01,1\n", options);
    QVERIFY(o.openFailed);
    QCOMPARE(o.error->code, QStringLiteral("BAD_DATE_FORMAT"));
}

void TestFormats::detectNumbers_data()
{
    QTest::addColumn<QList<QByteArray>>("values");
    QTest::addColumn<char>("delimiter");
    QTest::addColumn<DecimalMark>("mark");
    QTest::addColumn<ThousandsSeparator>("group");
    QTest::addColumn<bool>("ambiguous");
    using L = QList<QByteArray>;
    const auto P = DecimalMark::Point, C = DecimalMark::Comma;
    const auto G0 = ThousandsSeparator::None, Gc = ThousandsSeparator::Comma, Gp = ThousandsSeparator::Point,
               Gs = ThousandsSeparator::Space, Ga = ThousandsSeparator::Apostrophe;
    QTest::newRow("plain") << L{"1", "2.5", "-3"} << ',' << P << G0 << false;
    QTest::newRow("nothing") << L{} << ',' << P << G0 << false;
    QTest::newRow("decimal comma") << L{"3,5", "17"} << ';' << C << Gp << false;
    QTest::newRow("German grouped") << L{"1.234,56", "3,5"} << ';' << C << Gp << false;
    QTest::newRow("US grouped") << L{"1,234.56", "7"} << ',' << P << Gc << false;
    QTest::newRow("millions with commas") << L{"1,234,567"} << ',' << P << Gc << false;
    QTest::newRow("millions with points") << L{"1.234.567"} << ';' << C << Gp << false;
    QTest::newRow("French spaces") << L{"1\xc2\xa0" "234,56 \xe2\x82\xac", "0,5"} << ';' << C << Gs << false;
    QTest::newRow("narrow nbsp") << L{"12\xe2\x80\xaf" "500,00"} << ';' << C << Gs << false;
    QTest::newRow("Swiss") << L{"1'234.50", "CHF 12.00"} << ',' << P << Ga << false;
    QTest::newRow("leading zero comma") << L{"0,125"} << ',' << C << Gp << false;
    QTest::newRow("1.234 alone, comma file") << L{"1.234", "5.678"} << ',' << P << G0 << true;
    QTest::newRow("1.234 alone, semicolon file") << L{"1.234", "5.678"} << ';' << C << Gp << true;
    QTest::newRow("1,234 alone, comma file") << L{"1,234"} << ',' << P << Gc << true;
    QTest::newRow("1,234 alone, semicolon file") << L{"1,234"} << ';' << C << Gp << true;
    QTest::newRow("1.234 resolved by 2.5") << L{"1.234", "2.5"} << ';' << P << G0 << false;
    QTest::newRow("1,234 resolved by 2,5") << L{"1,234", "2,5"} << ',' << C << Gp << false;
    QTest::newRow("conflict: majority") << L{"3,5", "4,5", "1.5"} << ',' << C << Gp << true;
    QTest::newRow("percent and parens") << L{"12,5 %", "(3,25)"} << ';' << C << Gp << false;
}

void TestFormats::detectNumbers()
{
    QFETCH(QList<QByteArray>, values);
    QFETCH(char, delimiter);
    QFETCH(DecimalMark, mark);
    QFETCH(ThousandsSeparator, group);
    QFETCH(bool, ambiguous);
    const Ingest::FormatDetection d = Ingest::detectFormats(sampleOf({}, values, delimiter), Ingest::ReadOptions());
    QCOMPARE(d.decimalMark, mark);
    QCOMPARE(d.thousandsSeparator, group);
    QCOMPARE(d.decimalMarkAmbiguous || d.thousandsAmbiguous, ambiguous);
    if (ambiguous) // never silently: a note says which reading was taken
        QVERIFY2(notesMention(d, QStringLiteral("read")) || notesMention(d, QStringLiteral("Read")), qPrintable(d.notes.join(u'|')));
    // Whatever is detected reads every sampled value (except the minority of a conflict).
    Ingest::ValueParser parser(d.decimalMark, d.thousandsSeparator);
    int ok = 0;
    for (const QByteArray &v : values) {
        double x = 0;
        ok += parser.parse(v.constData(), v.size(), x) == Ingest::ValueParser::Status::Ok;
    }
    QVERIFY(ok >= values.size() - (ambiguous ? 1 : 0));

    // An explicit setting wins over the sample.
    Ingest::ReadOptions point;
    point.decimalMark = DecimalMark::Point;
    point.thousandsSeparator = ThousandsSeparator::None;
    const Ingest::FormatDetection e = Ingest::detectFormats(sampleOf({}, values, delimiter), point);
    QCOMPARE(e.decimalMark, DecimalMark::Point);
    QCOMPARE(e.thousandsSeparator, ThousandsSeparator::None);
    QVERIFY(!e.decimalMarkDetected);
}

void TestFormats::detectDates_data()
{
    QTest::addColumn<QList<QByteArray>>("timestamps");
    QTest::addColumn<char>("delimiter");
    QTest::addColumn<DateOrder>("order");
    QTest::addColumn<bool>("ambiguous");
    QTest::addColumn<QString>("form");
    using L = QList<QByteArray>;
    const auto D = DateOrder::DayFirst, M = DateOrder::MonthFirst;
    QTest::newRow("ISO") << L{"2024-01-01", "2024-01-02T10:00:00Z"} << ',' << D << false << QStringLiteral("iso");
    QTest::newRow("13th decides day-first") << L{"01/02/2024", "13/02/2024"} << ',' << D << false << QStringLiteral("day-first");
    QTest::newRow("13th decides month-first") << L{"01/02/2024", "02/13/2024"} << ',' << M << false << QStringLiteral("month-first");
    QTest::newRow("all ambiguous, dots") << L{"01.02.2024", "03.04.2024"} << ',' << D << true << QString();
    QTest::newRow("all ambiguous, AM/PM") << L{"01/02/2024 1:00 PM", "03/04/2024 2:00 AM"} << ',' << M << true << QString();
    QTest::newRow("all ambiguous, slashes") << L{"01/02/2024", "03/04/2024"} << ',' << D << true << QString();
    QTest::newRow("same day and month is no ambiguity") << L{"01/01/2024", "02/02/2024"} << ',' << D << false << QString();
    QTest::newRow("conflict: majority") << L{"13/01/2024", "14/01/2024", "01/13/2024"} << ',' << D << true << QStringLiteral("month-first");
    QTest::newRow("quarters") << L{"1960Q1", "1960-Q2"} << ',' << D << false << QStringLiteral("quarter");
    QTest::newRow("months") << L{"2024-03", "Apr 2024"} << ',' << D << false << QStringLiteral("month");
    QTest::newRow("month names") << L{"Apr 2024"} << ',' << D << false << QStringLiteral("month-name");
    QTest::newRow("two-digit years noted") << L{"31.12.24"} << ',' << D << false << QStringLiteral("two-digit-year");
    QTest::newRow("epoch text") << L{"1704067200"} << ',' << D << false << QStringLiteral("epoch");
    QTest::newRow("compact dates noted") << L{"20240315", "20240316"} << ',' << D << false << QStringLiteral("yyyyMMdd");
    QTest::newRow("unreadable") << L{"yesterday"} << ',' << D << false << QStringLiteral("unreadable");
}

void TestFormats::detectDates()
{
    QFETCH(QList<QByteArray>, timestamps);
    QFETCH(char, delimiter);
    QFETCH(DateOrder, order);
    QFETCH(bool, ambiguous);
    QFETCH(QString, form);
    const Ingest::FormatDetection d = Ingest::detectFormats(sampleOf(timestamps, {}, delimiter), Ingest::ReadOptions());
    QCOMPARE(d.dateOrder, order);
    QCOMPARE(d.dateOrderAmbiguous, ambiguous);
    if (ambiguous)
        QVERIFY2(notesMention(d, QStringLiteral("read as")) || notesMention(d, QStringLiteral("Read as")), qPrintable(d.notes.join(u'|')));
    if (form == QLatin1String("yyyyMMdd"))
        QVERIFY(notesMention(d, QStringLiteral("yyyyMMdd")));
    else if (!form.isEmpty())
        QVERIFY2(d.dateForms.contains(form), qPrintable(d.dateForms.join(u',')));
    if (form == QLatin1String("two-digit-year"))
        QVERIFY(notesMention(d, QStringLiteral("explicit date format")));

    Ingest::ReadOptions monthFirst;
    monthFirst.dateOrder = DateOrder::MonthFirst;
    QCOMPARE(Ingest::detectFormats(sampleOf(timestamps, {}, delimiter), monthFirst).dateOrder, DateOrder::MonthFirst);
}

// Currency and % signs are removed and the summary says so, with counts over the whole file.
void TestFormats::decorationsReported()
{
    const Outcome o = readBytes("timestamp;value\n2024-01-01;12,5 %\n2024-01-02;3 %\n2024-01-03;(4,5)\n2024-01-04;\xe2\x82\xac 2\n2024-01-05;7\n");
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(5));
    SD_COMPARE_NEAR(o.rows[0].value, 12.5, 1e-12);
    SD_COMPARE_NEAR(o.rows[1].value, 3.0, 1e-12);
    SD_COMPARE_NEAR(o.rows[2].value, -4.5, 1e-12);
    SD_COMPARE_NEAR(o.rows[3].value, 2.0, 1e-12);
    const QJsonObject formats = o.detection.value(QStringLiteral("formats")).toObject();
    QCOMPARE(formats.value(QStringLiteral("valuesWithPercent")).toInt(), 2);
    QCOMPARE(formats.value(QStringLiteral("valuesInParentheses")).toInt(), 1);
    QCOMPARE(formats.value(QStringLiteral("valuesWithCurrency")).toInt(), 1);
    QCOMPARE(formats.value(QStringLiteral("currencies")).toArray(), QJsonArray{QStringLiteral("\u20ac")});
    QVERIFY(formats.value(QStringLiteral("percent")).toBool());
    const QString warnings = warningsOf(o);
    QVERIFY2(warnings.contains(QStringLiteral("2 value(s) had a %-sign")), qPrintable(warnings));
    QVERIFY2(warnings.contains(QStringLiteral("currency (\u20ac)")), qPrintable(warnings));
}

// #19: a number out of range as seconds is not re-read as milliseconds; the unit is decided once.
void TestFormats::epochUnitDecidedOnce()
{
    // The sample is seconds: a later millisecond number is rejected, with a warning naming --epoch-unit.
    QByteArray seconds = "timestamp,value\n";
    for (int i = 0; i < 5; ++i)
        seconds += QByteArray::number(1704067200 + i) + ",1\n";
    seconds += "1704067200000,2\n";
    const Outcome s = readBytes(seconds);
    QVERIFY2(!s.error, qPrintable(describe(s)));
    QCOMPARE(s.rows.size(), size_t(6));
    QVERIFY(s.rows[0].valid);
    QVERIFY(!s.rows[5].valid);
    QCOMPARE(s.rows[5].rejectReason, QStringLiteral("timestamp_out_of_range"));
    const QJsonObject formats = s.detection.value(QStringLiteral("formats")).toObject();
    QCOMPARE(formats.value(QStringLiteral("epochUnit")).toObject().value(QStringLiteral("value")).toString(), QStringLiteral("seconds"));
    QCOMPARE(formats.value(QStringLiteral("epochUnitMismatches")).toInt(), 1);
    QVERIFY(warningsOf(s).contains(QStringLiteral("--epoch-unit")));

    // A millisecond sample: a seconds number is rejected too.
    const Outcome m = readBytes("timestamp,value\n1704067200000,1\n1704067201000,1\n1704067200,1\n");
    QVERIFY(m.rows[0].valid && m.rows[1].valid);
    QCOMPARE(m.rows[0].tsMs, qint64(1704067200000));
    QCOMPARE(m.rows[2].rejectReason, QStringLiteral("timestamp_out_of_range"));

    // A mixed sample: the majority, and a note that says so.
    const Outcome mixed = readBytes("timestamp,value\n1704067200,1\n1704067201,1\n1704067200000,1\n");
    QVERIFY(mixed.rows[0].valid);
    QVERIFY(!mixed.rows[2].valid);
    QVERIFY(mixed.detection.value(QStringLiteral("formats")).toObject().value(QStringLiteral("epochUnit")).toObject()
                .value(QStringLiteral("ambiguous")).toBool());

    // An explicit unit reads every number in it.
    Ingest::ReadOptions ms;
    ms.epochUnit = EpochUnit::Milliseconds;
    const Outcome e = readBytes("timestamp,value\n1704067200000,1\n1704067200,1\n", ms);
    QVERIFY(e.rows[0].valid && e.rows[1].valid);
    QCOMPARE(e.rows[1].tsMs, qint64(1704067200));

    // No number in the sample (it is all ISO): the first number decides, once, and says so.
    Ingest::ReadOptions small;
    small.sampleRows = 1;
    const Outcome late = readBytes("timestamp,value\n2024-01-01,1\n1704067200000,1\n1704067200,1\n", small);
    QVERIFY(late.rows[1].valid);
    QCOMPARE(late.rows[2].rejectReason, QStringLiteral("timestamp_out_of_range"));
    QVERIFY(warningsOf(late).contains(QStringLiteral("first one decided")));
}

void TestFormats::epochOnlyForTheTimestampColumn()
{
    // Amounts as large as epoch milliseconds are amounts: nothing is reported about epochs.
    const Outcome o = readBytes("timestamp,amount\n2024-01-01T00:00:00Z,1704067200000\n2024-01-02T00:00:00Z,964982703\n");
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QVERIFY(o.rows[0].valid && o.rows[1].valid);
    QCOMPARE(o.rows[0].value, 1704067200000.0);
    QCOMPARE(o.detection.value(QStringLiteral("inferredEpochSeconds")).toInt(), 0);
    QCOMPARE(o.detection.value(QStringLiteral("inferredEpochMilliseconds")).toInt(), 0);
    const QJsonObject formats = o.detection.value(QStringLiteral("formats")).toObject();
    QCOMPARE(formats.value(QStringLiteral("epochUnit")).toObject().value(QStringLiteral("detected")).toBool(), false);
    QVERIFY(!formats.value(QStringLiteral("dateForms")).toArray().contains(QStringLiteral("epoch")));
    for (const QJsonValue &w : o.detection.value(QStringLiteral("warnings")).toArray())
        QVERIFY2(!w.toString().contains(QStringLiteral("poch")), qPrintable(w.toString()));
}

// #19: source and metric names with control characters or > 200 characters are rejected.
void TestFormats::namesAreValidated()
{
    const QByteArray longName(201, 'm');
    const QByteArray okName(200, 'm');
    const Outcome o = readBytes("timestamp,value,metric,source\n"
                                "2024-01-01,1,\"a\nb\",shop\n"
                                "2024-01-01,1,orders,\"sh\top\"\n"
                                "2024-01-01,1," + longName + ",shop\n"
                                "2024-01-01,1," + okName + ",shop\n"
                                "2024-01-01,1,caf\xc3\xa9,shop\n"
                                "2024-01-01,1,x\xc2\x85y,shop\n");
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(6));
    QCOMPARE(o.rows[0].rejectReason, QStringLiteral("invalid_name"));
    QCOMPARE(o.rows[0].rejectColumn, QStringLiteral("metric"));
    QCOMPARE(o.rows[1].rejectReason, QStringLiteral("invalid_name"));
    QCOMPARE(o.rows[1].rejectColumn, QStringLiteral("source"));
    QCOMPARE(o.rows[2].rejectReason, QStringLiteral("invalid_name"));
    QVERIFY(o.rows[3].valid);
    QVERIFY(o.rows[4].valid);
    QCOMPARE(o.rows[5].rejectReason, QStringLiteral("invalid_name")); // U+0085, a C1 control
    // NDJSON: a NUL escaped in a string.
    const Outcome j = readBytes("{\"timestamp\":\"2024-01-01\",\"value\":1,\"metric\":\"a\\u0000b\"}\n", {}, QStringLiteral("t.ndjson"));
    QCOMPARE(j.rows.size(), size_t(1));
    QCOMPARE(j.rows[0].rejectReason, QStringLiteral("invalid_name"));

    QVERIFY(Ingest::validateName(QStringLiteral("shop-eu"), QStringLiteral("source")));
    const auto bad = Ingest::validateName(QStringLiteral("a\r\nb"), QStringLiteral("--source"));
    QVERIFY(!bad);
    QCOMPARE(bad.error().code, QStringLiteral("INVALID_NAME"));
    QVERIFY2(bad.error().message.contains(QStringLiteral("a\\r\\nb")), qPrintable(bad.error().message));
    QVERIFY(!Ingest::validateName(QString(201, u'x'), QStringLiteral("--metric")));
    Ingest::ReadOptions options;
    options.defaultMetric = QStringLiteral("a\nb");
    const Outcome d = readBytes("timestamp,value\n2024-01-01,1\n", options);
    QVERIFY(d.openFailed);
    QCOMPARE(d.error->code, QStringLiteral("INVALID_NAME"));
}

// #19: a .gz that is not gzip says so.
void TestFormats::notGzip()
{
    const Outcome text = readBytes("timestamp,value\n2024-01-01,1\n", {}, QStringLiteral("events.csv.gz"));
    QVERIFY(text.openFailed);
    QCOMPARE(text.error->code, QStringLiteral("GZIP_ERROR"));
    QVERIFY2(text.error->message.contains(QStringLiteral("is not a gzip file")), qPrintable(text.error->message));
    QVERIFY2(text.error->message.contains(QStringLiteral("timestamp,value")), qPrintable(text.error->message));
    const Outcome zip = readBytes(QByteArray("PK\x03\x04\x14\x00\x00\x00", 8), {}, QStringLiteral("events.csv.gz"));
    QCOMPARE(zip.error->code, QStringLiteral("GZIP_ERROR"));
    QVERIFY2(zip.error->message.contains(QStringLiteral("ZIP")), qPrintable(zip.error->message));
    // Gzip without the name still works, and so does a real .gz.
    const QByteArray csv = "timestamp,value\n2024-01-01,1\n";
    QCOMPARE(readBytes(gzip(csv), {}, QStringLiteral("events.csv.gz")).rows.size(), size_t(1));
    QCOMPARE(readBytes(gzip(csv), {}, QStringLiteral("events.csv")).rows.size(), size_t(1));
}

// #19: a gzip bomb stops early; the decompressed bytes have a cap.
void TestFormats::gzipBombAndCap()
{
    // A header, then 64 MiB of line breaks: a few dozen KiB compressed, no row at all.
    QByteArray bomb = "timestamp,value\n";
    bomb += QByteArray(64 * 1024 * 1024, '\n');
    const QByteArray packed = gzip(bomb);
    QVERIFY(packed.size() * 100 < bomb.size());
    const Outcome b = readBytes(packed, {}, QStringLiteral("bomb.csv.gz"));
    QVERIFY(b.error);
    QCOMPARE(b.error->code, QStringLiteral("GZIP_BOMB"));
    QVERIFY(b.error->details.value(QStringLiteral("decompressedBytes")).toDouble() < 16 * 1024 * 1024); // stopped early

    // Highly compressible but with rows: read to the end.
    QByteArray rows = "timestamp,value\n";
    for (int i = 0; i < 300000; ++i)
        rows += "2024-01-01T00:00:00Z,1\n";
    const Outcome r = readBytes(gzip(rows), {}, QStringLiteral("rows.csv.gz"));
    QVERIFY2(!r.error, qPrintable(describe(r)));
    QCOMPARE(r.rows.size(), size_t(300000));

    // The cap.
    Ingest::ReadOptions capped;
    capped.maxDecompressedBytes = 1024 * 1024;
    const Outcome c = readBytes(gzip(rows), capped, QStringLiteral("rows.csv.gz"));
    QVERIFY(c.error);
    QCOMPARE(c.error->code, QStringLiteral("DECOMPRESSED_TOO_LARGE"));
    // Plain files are not capped: the setting is about decompression.
    QVERIFY(!readBytes(rows, capped).error);
}

void TestFormats::mixedOffsets()
{
    const Outcome o = readFile(TestData::path("ingest/real/mixed_offsets.csv"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(8));
    for (const auto &row : o.rows)
        QVERIFY(row.valid);
    QCOMPARE(o.rows[0].tsMs, ms("2024-03-30T22:30:00Z"));
    QCOMPARE(o.rows[2].tsMs, ms("2024-03-31T01:30:00Z"));
    QCOMPARE(o.rows[6].tsMs, ms("2024-10-27T00:30:00Z"));
    QCOMPARE(o.rows[7].tsMs, ms("2024-10-27T01:30:00Z"));
    const QJsonObject formats = o.detection.value(QStringLiteral("formats")).toObject();
    QCOMPARE(formats.value(QStringLiteral("offsets")).toArray(), (QJsonArray{QStringLiteral("Z"), QStringLiteral("+01:00"), QStringLiteral("+02:00")}));
    QCOMPARE(formats.value(QStringLiteral("suggestedTimezone")).toString(), QStringLiteral("Europe/Berlin"));
    QCOMPARE(formats.value(QStringLiteral("offsetsSeen")).toArray().size(), 3);

    // A zone off the short list is found by a scan (and kept: a preview asks again on every change).
    const auto nepal = sampleOf({"2024-03-31T10:00:00+05:45", "2024-07-01T10:00:00+05:45"}, {});
    const QString zone = Ingest::detectFormats(nepal, Ingest::ReadOptions()).suggestedTimezone;
    QVERIFY2(zone.startsWith(QLatin1String("Asia/Kat")), qPrintable(zone)); // Kathmandu or its old name
    QCOMPARE(Ingest::detectFormats(nepal, Ingest::ReadOptions()).suggestedTimezone, zone);
    // Only UTC: nothing to suggest.
    QVERIFY(Ingest::detectFormats(sampleOf({"2024-03-31T10:00:00Z"}, {}), Ingest::ReadOptions()).suggestedTimezone.isEmpty());
}

void TestFormats::previewDetectionWithOverrides()
{
    QFile file(TestData::path("ingest/real/german_export.csv"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray head = file.readAll();
    Ingest::ReadOptions options;
    options.mapping.timestamp = QStringLiteral("Datum");
    options.mapping.value = QStringLiteral("Umsatz");
    auto detected = Ingest::detectFormat(head, options, QStringLiteral("german_export.csv"));
    QVERIFY2(detected, qPrintable(detected ? QString() : detected.error().message));
    QCOMPARE(detected->decimalMark, DecimalMark::Comma);
    QCOMPARE(detected->thousandsSeparator, ThousandsSeparator::Point);
    QCOMPARE(detected->dateOrder, DateOrder::DayFirst);
    QVERIFY(detected->decimalMarkDetected);
    // The person overrides: the override is what the detection reports, not detected.
    options.decimalMark = DecimalMark::Point;
    options.thousandsSeparator = ThousandsSeparator::Comma;
    auto overridden = Ingest::detectFormat(head, options, QStringLiteral("german_export.csv"));
    QVERIFY(overridden);
    QCOMPARE(overridden->decimalMark, DecimalMark::Point);
    QVERIFY(!overridden->decimalMarkDetected);
    const QJsonObject json = overridden->toJson();
    QCOMPARE(json.value(QStringLiteral("decimalMark")).toObject().value(QStringLiteral("value")).toString(), QStringLiteral("point"));
    // Errors of the file come back as errors.
    auto missing = Ingest::detectFormat("a,b\n1,2\n", Ingest::ReadOptions());
    QVERIFY(!missing);
    QCOMPARE(missing.error().code, QStringLiteral("MISSING_COLUMNS"));
}

void TestFormats::realFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("map");       // role=column,...
    QTest::addColumn<QString>("dateFormat");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("valid");
    QTest::addColumn<QString>("firstTs");
    QTest::addColumn<double>("firstValue");
    QTest::addColumn<QString>("warning"); // a text one warning contains, or ""
    QTest::newRow("German export") << QStringLiteral("german_export.csv") << QStringLiteral("timestamp=Datum,value=Umsatz,metric=Kategorie")
                                   << QString() << 24 << 24 << QStringLiteral("2024-12-27T09:00:00Z") << 1234.56 << QString();
    QTest::newRow("German export, headers read") << QStringLiteral("german_export.csv") << QStringLiteral("metric=Kategorie")
                                                 << QString() << 24 << 24 << QStringLiteral("2024-12-27T09:00:00Z") << 1234.56 << QString();
    QTest::newRow("French export, headers read") << QStringLiteral("french_export.csv") << QString() << QString()
                                                 << 18 << 18 << QStringLiteral("2024-01-03T00:00:00Z") << 1234.56 << QStringLiteral("currency (€)");
    QTest::newRow("French export") << QStringLiteral("french_export.csv") << QStringLiteral("value=montant") << QString()
                                   << 18 << 18 << QStringLiteral("2024-01-03T00:00:00Z") << 1234.56 << QStringLiteral("currency (€)");
    QTest::newRow("US export") << QStringLiteral("us_export.csv") << QString() << QString() << 15 << 15
                               << QStringLiteral("2024-12-30T23:05:00Z") << 1234.5 << QStringLiteral("parentheses");
    QTest::newRow("day-first slashes") << QStringLiteral("dayfirst_slashes.csv") << QString() << QString() << 20 << 20
                                       << QStringLiteral("2024-02-01T00:00:00Z") << 1.0 << QString();
    QTest::newRow("ambiguous dotted") << QStringLiteral("ambiguous_dotted.csv") << QString() << QString() << 12 << 12
                                      << QStringLiteral("2024-01-01T00:00:00Z") << 10.0 << QStringLiteral("day above 12");
    QTest::newRow("quarterly") << QStringLiteral("quarterly.csv") << QString() << QString() << 40 << 40
                               << QStringLiteral("1960-01-01T00:00:00Z") << 547.6 << QString();
    QTest::newRow("monthly") << QStringLiteral("monthly.csv") << QString() << QString() << 12 << 12
                             << QStringLiteral("2023-01-01T00:00:00Z") << 101.0 << QString();
    QTest::newRow("MovieLens ratings") << QStringLiteral("movielens_ratings.csv") << QStringLiteral("value=rating") << QString()
                                       << 30 << 30 << QStringLiteral("2000-07-30T19:25:14Z") << 0.5 << QStringLiteral("seconds");
    QTest::newRow("NOAA storm events") << QStringLiteral("noaa_storm_events.csv")
                                       << QStringLiteral("timestamp=BEGIN_DATE_TIME,value=INJURIES_DIRECT,metric=EVENT_TYPE,event_id=EVENT_ID")
                                       << QStringLiteral("dd-MMM-yy HH:mm:ss") << 10 << 10 << QStringLiteral("2024-01-02T14:35:00Z") << 0.0 << QString();
    QTest::newRow("NOAA without the format") << QStringLiteral("noaa_storm_events.csv")
                                             << QStringLiteral("timestamp=BEGIN_DATE_TIME,value=INJURIES_DIRECT") << QString()
                                             << 10 << 0 << QString() << 0.0 << QString();
    QTest::newRow("BTS flights") << QStringLiteral("bts_flights.csv") << QStringLiteral("timestamp=FL_DATE,value=DEP_DELAY,metric=OP_UNIQUE_CARRIER")
                                 << QString() << 42 << 42 << QStringLiteral("2024-01-01T00:00:00Z") << 47.0 << QString();
}

void TestFormats::realFiles()
{
    QFETCH(QString, file);
    QFETCH(QString, map);
    QFETCH(QString, dateFormat);
    QFETCH(int, rows);
    QFETCH(int, valid);
    QFETCH(QString, firstTs);
    QFETCH(double, firstValue);
    QFETCH(QString, warning);
    Ingest::ReadOptions options;
    options.dateFormat = dateFormat;
    for (const QString &pair : map.split(u',', Qt::SkipEmptyParts)) {
        const QString role = pair.section(u'=', 0, 0), column = pair.section(u'=', 1);
        if (role == QLatin1String("timestamp")) options.mapping.timestamp = column;
        if (role == QLatin1String("value")) options.mapping.value = column;
        if (role == QLatin1String("metric")) options.mapping.metric = column;
        if (role == QLatin1String("event_id")) options.mapping.eventId = column;
    }
    const Outcome o = readFile(TestData::path(QByteArray("ingest/real/" + file.toUtf8()).constData()), options);
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(int(o.rows.size()), rows);
    int validRows = 0;
    QString firstInvalid;
    for (const auto &row : o.rows) {
        validRows += row.valid;
        if (!row.valid && firstInvalid.isEmpty())
            firstInvalid = row.rejectColumn + QLatin1Char(' ') + row.rejectReason + QLatin1Char(' ') + row.rejectValue;
    }
    QVERIFY2(validRows == valid, qPrintable(firstInvalid));
    const QStringList warnings = [&] {
        QStringList list;
        for (const QJsonValue &w : o.detection.value(QStringLiteral("warnings")).toArray())
            list.append(w.toString());
        return list;
    }();
    if (valid > 0) {
        QCOMPARE(o.rows[0].tsMs, ms(firstTs.toLatin1().constData()));
        SD_COMPARE_NEAR(o.rows[0].value, firstValue, 1e-9);
    }
    if (!warning.isEmpty())
        QVERIFY2(warnings.join(u'|').contains(warning), qPrintable(warnings.join(u'|')));
}

QTEST_GUILESS_MAIN(TestFormats)
#include "tst_formats.moc"
