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

void TestValueParser::parse_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<bool>("decimalComma");
    QTest::addColumn<bool>("thousands");
    QTest::addColumn<Status>("status");
    QTest::addColumn<double>("value");
    QTest::newRow("int") << QByteArray("42") << false << false << Status::Ok << 42.0;
    QTest::newRow("neg") << QByteArray("-0.5") << false << false << Status::Ok << -0.5;
    QTest::newRow("plus") << QByteArray("+3") << false << false << Status::Ok << 3.0;
    QTest::newRow("exp") << QByteArray("1.5E3") << false << false << Status::Ok << 1500.0;
    QTest::newRow("dot first") << QByteArray(".25") << false << false << Status::Ok << 0.25;
    QTest::newRow("spaces") << QByteArray("  7\t") << false << false << Status::Ok << 7.0;
    QTest::newRow("underflow") << QByteArray("1e-400") << false << false << Status::Ok << 0.0;
    QTest::newRow("empty") << QByteArray("") << false << false << Status::Missing << 0.0;
    QTest::newRow("blank") << QByteArray("   ") << false << false << Status::Missing << 0.0;
    QTest::newRow("nan") << QByteArray("NaN") << false << false << Status::NonFinite << 0.0;
    QTest::newRow("inf") << QByteArray("inf") << false << false << Status::NonFinite << 0.0;
    QTest::newRow("-Infinity") << QByteArray("-Infinity") << false << false << Status::NonFinite << 0.0;
    QTest::newRow("overflow") << QByteArray("1e309") << false << false << Status::NonFinite << 0.0;
    QTest::newRow("word") << QByteArray("abc") << false << false << Status::NonNumeric << 0.0;
    QTest::newRow("two signs") << QByteArray("+-1") << false << false << Status::NonNumeric << 0.0;
    QTest::newRow("units") << QByteArray("12kg") << false << false << Status::NonNumeric << 0.0;
    QTest::newRow("hex") << QByteArray("0x1A") << false << false << Status::NonNumeric << 0.0;
    QTest::newRow("inner space") << QByteArray("1 000") << false << false << Status::NonNumeric << 0.0;
    QTest::newRow("thousands off") << QByteArray("1,234.5") << false << false << Status::NonNumeric << 0.0;
    QTest::newRow("thousands on") << QByteArray("1,234.5") << false << true << Status::Ok << 1234.5;
    QTest::newRow("thousands millions") << QByteArray("-12,345,678") << false << true << Status::Ok << -12345678.0;
    QTest::newRow("thousands bad group") << QByteArray("1,23") << false << true << Status::NonNumeric << 0.0;
    QTest::newRow("thousands lead group") << QByteArray("1234,567") << false << true << Status::NonNumeric << 0.0;
    QTest::newRow("thousands plain ok") << QByteArray("1234.5") << false << true << Status::Ok << 1234.5;
    QTest::newRow("comma off") << QByteArray("3,5") << false << false << Status::NonNumeric << 0.0;
    QTest::newRow("comma on") << QByteArray("3,5") << true << false << Status::Ok << 3.5;
    QTest::newRow("comma grouped") << QByteArray("1.234.567,89") << true << false << Status::Ok << 1234567.89;
    QTest::newRow("comma integer") << QByteArray("17") << true << false << Status::Ok << 17.0;
    QTest::newRow("comma rejects dot decimal") << QByteArray("1.5") << true << false << Status::NonNumeric << 0.0;
    QTest::newRow("comma trailing") << QByteArray("3,") << true << false << Status::NonNumeric << 0.0;
}

void TestValueParser::parse()
{
    QFETCH(QByteArray, text);
    QFETCH(bool, decimalComma);
    QFETCH(bool, thousands);
    QFETCH(Status, status);
    QFETCH(double, value);
    ValueParser parser(decimalComma, thousands);
    double out = -1;
    QCOMPARE(parser.parse(text.constData(), text.size(), out), status);
    if (status == Status::Ok)
        SD_COMPARE_NEAR(out, value, std::abs(value) * 1e-15);
}

QTEST_GUILESS_MAIN(TestValueParser)
#include "tst_valueparser.moc"
