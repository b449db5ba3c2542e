// ValueParser: finite numbers only; separators only when the import allows them.

#include "fuzzy.h"
#include "ingest/valueparser.h"

#include <QTest>

using Ingest::ValueParser;
using Status = ValueParser::Status;

Q_DECLARE_METATYPE(ValueParser::Status)

class TestValueParser final : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
};

namespace {
constexpr auto P = Ingest::DecimalMark::Point;
constexpr auto C = Ingest::DecimalMark::Comma;
constexpr auto G0 = Ingest::ThousandsSeparator::None;
constexpr auto Gc = Ingest::ThousandsSeparator::Comma;
constexpr auto Gp = Ingest::ThousandsSeparator::Point;
constexpr auto Gs = Ingest::ThousandsSeparator::Space;
constexpr auto Ga = Ingest::ThousandsSeparator::Apostrophe;
} // namespace

void TestValueParser::parse_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<Ingest::DecimalMark>("mark");
    QTest::addColumn<Ingest::ThousandsSeparator>("thousands");
    QTest::addColumn<Status>("status");
    QTest::addColumn<double>("value");
    QTest::newRow("int") << QByteArray("42") << P << G0 << Status::Ok << 42.0;
    QTest::newRow("neg") << QByteArray("-0.5") << P << G0 << Status::Ok << -0.5;
    QTest::newRow("plus") << QByteArray("+3") << P << G0 << Status::Ok << 3.0;
    QTest::newRow("exp") << QByteArray("1.5E3") << P << G0 << Status::Ok << 1500.0;
    QTest::newRow("dot first") << QByteArray(".25") << P << G0 << Status::Ok << 0.25;
    QTest::newRow("spaces") << QByteArray("  7\t") << P << G0 << Status::Ok << 7.0;
    QTest::newRow("underflow") << QByteArray("1e-400") << P << G0 << Status::Ok << 0.0;
    QTest::newRow("empty") << QByteArray("") << P << G0 << Status::Missing << 0.0;
    QTest::newRow("blank") << QByteArray("   ") << P << G0 << Status::Missing << 0.0;
    QTest::newRow("nan") << QByteArray("NaN") << P << G0 << Status::NonFinite << 0.0;
    QTest::newRow("inf") << QByteArray("inf") << P << G0 << Status::NonFinite << 0.0;
    QTest::newRow("-Infinity") << QByteArray("-Infinity") << P << G0 << Status::NonFinite << 0.0;
    QTest::newRow("overflow") << QByteArray("1e309") << P << G0 << Status::NonFinite << 0.0;
    QTest::newRow("word") << QByteArray("abc") << P << G0 << Status::NonNumeric << 0.0;
    QTest::newRow("two signs") << QByteArray("+-1") << P << G0 << Status::NonNumeric << 0.0;
    QTest::newRow("units") << QByteArray("12kg") << P << G0 << Status::NonNumeric << 0.0;
    QTest::newRow("hex") << QByteArray("0x1A") << P << G0 << Status::NonNumeric << 0.0;
    QTest::newRow("inner space") << QByteArray("1 000") << P << G0 << Status::NonNumeric << 0.0;
    QTest::newRow("thousands off") << QByteArray("1,234.5") << P << G0 << Status::NonNumeric << 0.0;
    QTest::newRow("thousands on") << QByteArray("1,234.5") << P << Gc << Status::Ok << 1234.5;
    QTest::newRow("thousands millions") << QByteArray("-12,345,678") << P << Gc << Status::Ok << -12345678.0;
    QTest::newRow("thousands bad group") << QByteArray("1,23") << P << Gc << Status::NonNumeric << 0.0;
    QTest::newRow("thousands lead group") << QByteArray("1234,567") << P << Gc << Status::NonNumeric << 0.0;
    QTest::newRow("thousands plain ok") << QByteArray("1234.5") << P << Gc << Status::Ok << 1234.5;
    QTest::newRow("comma off") << QByteArray("3,5") << P << G0 << Status::NonNumeric << 0.0;
    QTest::newRow("comma on") << QByteArray("3,5") << C << Gp << Status::Ok << 3.5;
    QTest::newRow("comma grouped") << QByteArray("1.234.567,89") << C << Gp << Status::Ok << 1234567.89;
    QTest::newRow("comma integer") << QByteArray("17") << C << Gp << Status::Ok << 17.0;
    QTest::newRow("comma rejects dot decimal") << QByteArray("1.5") << C << Gp << Status::NonNumeric << 0.0;
    QTest::newRow("comma trailing") << QByteArray("3,") << C << Gp << Status::NonNumeric << 0.0;
    // Thousands separators of every kind, groups of three only.
    QTest::newRow("space group") << QByteArray("1 234 567,5") << C << Gs << Status::Ok << 1234567.5;
    QTest::newRow("nbsp group") << QByteArray("1\xc2\xa0" "234,5") << C << Gs << Status::Ok << 1234.5;
    QTest::newRow("narrow nbsp group") << QByteArray("12\xe2\x80\xaf" "345") << C << Gs << Status::Ok << 12345.0;
    QTest::newRow("thin space group") << QByteArray("1\xe2\x80\x89" "000.25") << P << Gs << Status::Ok << 1000.25;
    QTest::newRow("space bad group") << QByteArray("1 23") << C << Gs << Status::NonNumeric << 0.0;
    QTest::newRow("apostrophe group") << QByteArray("1'234'567.80") << P << Ga << Status::Ok << 1234567.8;
    QTest::newRow("right quote group") << QByteArray("1\xe2\x80\x99" "234") << P << Ga << Status::Ok << 1234.0;
    QTest::newRow("point group integer") << QByteArray("1.234") << C << Gp << Status::Ok << 1234.0;
    QTest::newRow("point decimal 1.234") << QByteArray("1.234") << P << G0 << Status::Ok << 1.234;
    QTest::newRow("comma group, point decimal") << QByteArray("1,234") << P << Gc << Status::Ok << 1234.0;
    QTest::newRow("group after decimal") << QByteArray("1.234,567.8") << P << Gc << Status::NonNumeric << 0.0;
    QTest::newRow("decimal same as group ignored") << QByteArray("1,5") << C << Gc << Status::Ok << 1.5;
    // Currencies, percent, negatives.
    QTest::newRow("euro after") << QByteArray("1.234,56 \xe2\x82\xac") << C << Gp << Status::Ok << 1234.56;
    QTest::newRow("euro before nbsp") << QByteArray("\xe2\x82\xac\xc2\xa0" "12,5") << C << Gp << Status::Ok << 12.5;
    QTest::newRow("dollar") << QByteArray("$1,234.50") << P << Gc << Status::Ok << 1234.5;
    QTest::newRow("minus dollar") << QByteArray("-$5.25") << P << G0 << Status::Ok << -5.25;
    QTest::newRow("dollar minus") << QByteArray("$-5.25") << P << G0 << Status::Ok << -5.25;
    QTest::newRow("pound") << QByteArray("\xc2\xa3" "99") << P << G0 << Status::Ok << 99.0;
    QTest::newRow("yen") << QByteArray("\xc2\xa5" "1,000") << P << Gc << Status::Ok << 1000.0;
    QTest::newRow("CHF code") << QByteArray("CHF 1'250.00") << P << Ga << Status::Ok << 1250.0;
    QTest::newRow("EUR code after") << QByteArray("3,50 EUR") << C << Gp << Status::Ok << 3.5;
    QTest::newRow("percent") << QByteArray("12,5 %") << C << Gp << Status::Ok << 12.5;
    QTest::newRow("percent tight") << QByteArray("-3.5%") << P << G0 << Status::Ok << -3.5;
    QTest::newRow("parentheses") << QByteArray("(1.234,50)") << C << Gp << Status::Ok << -1234.5;
    QTest::newRow("parentheses dollar") << QByteArray("($12.00)") << P << G0 << Status::Ok << -12.0;
    QTest::newRow("parentheses and minus") << QByteArray("(-1)") << P << G0 << Status::NonNumeric << 0.0;
    QTest::newRow("unclosed parenthesis") << QByteArray("(12") << P << G0 << Status::NonNumeric << 0.0;
    QTest::newRow("trailing minus") << QByteArray("1.234,50-") << C << Gp << Status::Ok << -1234.5;
    QTest::newRow("unicode minus") << QByteArray("\xe2\x88\x92" "7,5") << C << Gp << Status::Ok << -7.5;
    QTest::newRow("two currencies") << QByteArray("$5 \xe2\x82\xac") << P << G0 << Status::NonNumeric << 0.0;
    QTest::newRow("currency alone") << QByteArray("\xe2\x82\xac") << P << G0 << Status::NonNumeric << 0.0;
    QTest::newRow("comma decimal nan") << QByteArray("nan") << C << Gp << Status::NonFinite << 0.0;
    QTest::newRow("comma decimal exp") << QByteArray("1e3") << C << Gp << Status::Ok << 1000.0;
}

void TestValueParser::parse()
{
    QFETCH(QByteArray, text);
    QFETCH(Ingest::DecimalMark, mark);
    QFETCH(Ingest::ThousandsSeparator, thousands);
    QFETCH(Status, status);
    QFETCH(double, value);
    ValueParser parser(mark, thousands);
    double out = -1;
    QCOMPARE(parser.parse(text.constData(), text.size(), out), status);
    if (status == Status::Ok)
        SD_COMPARE_NEAR(out, value, std::abs(value) * 1e-15);
}

QTEST_GUILESS_MAIN(TestValueParser)
#include "tst_valueparser.moc"
