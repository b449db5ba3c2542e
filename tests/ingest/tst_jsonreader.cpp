// JsonReader: arrays, single objects, NDJSON, typed fields, syntax errors with positions, limits.

#include "fuzzy.h"
#include "readertesthelpers.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace ReaderTest;
using Ingest::ParsedRow;
using Ingest::ReadOptions;

class TestJsonReader final : public QObject
{
    Q_OBJECT

private slots:
    void predecessorArray();
    void predecessorWithMetric();
    void singleObject();
    void ndjson();
    void ndjsonSniffedFromContent();
    void ndjsonBadLinesAreRows();
    void typedFields_data();
    void typedFields();
    void attributesKeepJson();
    void syntaxErrors_data();
    void syntaxErrors();
    void syntaxErrorPosition();
    void deepNesting();
    void nonObjectElements();
    void emptyInputs_data();
    void emptyInputs();
    void bigArrayAcrossChunks();
    void recordLimit();
    void escapesAndUtf8();
    void formatOption();
};

void TestJsonReader::predecessorArray()
{
    const Outcome o = readFile(TestData::path("ingest/ingest_json_success.json"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(2));
    QCOMPARE(o.format, Ingest::Format::Json);
    QCOMPARE(o.rows[0].line, 2);
    QCOMPARE(o.rows[1].line, 3);
    QCOMPARE(o.rows[0].tsMs, ms("2024-01-02T00:00:00Z"));
    SD_COMPARE_NEAR(o.rows[0].value, 5, 0);
    SD_COMPARE_NEAR(o.rows[1].value, 7, 0);
    QCOMPARE(o.rows[0].metric, QStringLiteral("events_total"));
    QCOMPARE(o.rows[0].source, QStringLiteral("demo"));
    QCOMPARE(o.rows[0].raw, QByteArray(R"({"timestamp": "2024-01-02T00:00:00Z", "value": 5, "source": "demo"})"));
    QVERIFY(o.rows[0].attributesJson.isEmpty());
    QCOMPARE(o.detection.value(QStringLiteral("structure")).toString(), QStringLiteral("array"));
}

void TestJsonReader::predecessorWithMetric()
{
    ReadOptions options;
    options.defaultMetric = QStringLiteral("other");
    const Outcome o = readFile(TestData::path("ingest/ingest_raw_json_with_metric.json"), options);
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(2));
    QCOMPARE(o.rows[1].metric, QStringLiteral("events_total"));
    QCOMPARE(o.rows[1].tsMs, ms("2025-09-21T00:00:00Z"));
}

void TestJsonReader::singleObject()
{
    const Outcome o = readFile(TestData::path("ingest/single_object.json"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(1));
    QCOMPARE(o.rows[0].line, 1);
    QCOMPARE(o.rows[0].source, QStringLiteral("single"));
    SD_COMPARE_NEAR(o.rows[0].value, 42, 0);
    QCOMPARE(o.format, Ingest::Format::Json);
}

void TestJsonReader::ndjson()
{
    const Outcome o = readFile(TestData::path("ingest/events.ndjson"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.format, Ingest::Format::Ndjson);
    QCOMPARE(o.rows.size(), size_t(3));
    QCOMPARE(o.rows[0].line, 1);
    QCOMPARE(o.rows[0].userId, QStringLiteral("u1"));
    QCOMPARE(o.rows[0].attributesJson, QByteArray(R"({"extra":{"a":[1,2]}})"));
    QCOMPARE(o.rows[1].line, 2);
    QCOMPARE(o.rows[1].tsMs, qint64(1704067201000));
    SD_COMPARE_NEAR(o.rows[1].value, 2.5, 0);
    QCOMPARE(o.rows[1].metric, QStringLiteral("m"));
    QCOMPARE(o.rows[2].line, 4); // the blank line is skipped but counted
    QVERIFY(!o.rows[2].valid);
    QCOMPARE(o.rows[2].rejectReason, QStringLiteral("missing_value"));
    QCOMPARE(o.detection.value(QStringLiteral("inferredEpochSeconds")).toInt(), 1);
    QVERIFY(o.columns.contains(QStringLiteral("extra")));
}

void TestJsonReader::ndjsonSniffedFromContent()
{
    const QByteArray body = "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1}\r\n{\"ts\":\"2024-01-01T00:00:01Z\",\"value\":2}";
    const Outcome o = readBytes(body, {}, QStringLiteral("body"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.format, Ingest::Format::Ndjson);
    QCOMPARE(o.rows.size(), size_t(2));
    QCOMPARE(o.rows[1].tsMs, ms("2024-01-01T00:00:01Z"));
    QCOMPARE(o.rows[0].raw, QByteArray("{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1}"));
}

void TestJsonReader::ndjsonBadLinesAreRows()
{
    const QByteArray body = "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":1}\n"
                            "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":}\n"
                            "[1,2]\n"
                            "garbage\n"
                            "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":4} trailing\n"
                            "{\"ts\":\"2024-01-01T00:00:00Z\",\"value\":5}\n";
    const Outcome o = readBytes(body, {}, QStringLiteral("x.ndjson"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(6));
    QVERIFY(o.rows[0].valid);
    QCOMPARE(o.rows[1].rejectReason, QStringLiteral("invalid_json"));
    QVERIFY2(o.rows[1].rejectValue.contains(QLatin1String("column 38")), qPrintable(o.rows[1].rejectValue));
    QCOMPARE(o.rows[2].rejectReason, QStringLiteral("not_an_object"));
    QCOMPARE(o.rows[3].rejectReason, QStringLiteral("invalid_json"));
    QCOMPARE(o.rows[4].rejectReason, QStringLiteral("invalid_json"));
    QVERIFY(o.rows[5].valid);
    QCOMPARE(o.rows[5].line, 6);
}

void TestJsonReader::typedFields_data()
{
    QTest::addColumn<QByteArray>("object");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<double>("value");
    QTest::newRow("number") << QByteArray(R"({"ts":"2024-01-01","value":-1.5e2})") << true << QString() << -150.0;
    QTest::newRow("numeric string") << QByteArray(R"({"ts":"2024-01-01","value":" 12.25 "})") << true << QString() << 12.25;
    QTest::newRow("bool value") << QByteArray(R"({"ts":"2024-01-01","value":true})") << false << QStringLiteral("non_numeric_value") << 0.0;
    QTest::newRow("null value") << QByteArray(R"({"ts":"2024-01-01","value":null})") << false << QStringLiteral("missing_value") << 0.0;
    QTest::newRow("no value") << QByteArray(R"({"ts":"2024-01-01"})") << false << QStringLiteral("missing_value") << 0.0;
    QTest::newRow("no ts") << QByteArray(R"({"value":1})") << false << QStringLiteral("missing_timestamp") << 0.0;
    QTest::newRow("object value") << QByteArray(R"({"ts":"2024-01-01","value":{"a":1}})") << false << QStringLiteral("non_numeric_value") << 0.0;
    QTest::newRow("NaN string") << QByteArray(R"({"ts":"2024-01-01","value":"NaN"})") << false << QStringLiteral("non_finite_value") << 0.0;
    QTest::newRow("huge number") << QByteArray(R"({"ts":"2024-01-01","value":1e400})") << false << QStringLiteral("non_finite_value") << 0.0;
    QTest::newRow("epoch ms number") << QByteArray(R"({"ts":1704067200123,"value":1})") << true << QString() << 1.0;
    QTest::newRow("bool ts") << QByteArray(R"({"ts":false,"value":1})") << false << QStringLiteral("invalid_timestamp") << 0.0;
    QTest::newRow("ts out of range") << QByteArray(R"({"ts":"0001-01-01T00:00:00+00:01","value":1})") << false << QStringLiteral("timestamp_out_of_range") << 0.0;
    QTest::newRow("comma string detected") << QByteArray(R"({"ts":"2024-01-01","value":"3,5"})") << true << QString() << 3.5;
    QTest::newRow("misgrouped string") << QByteArray(R"({"ts":"2024-01-01","value":"1,2,3"})") << false << QStringLiteral("non_numeric_value") << 0.0;
}

void TestJsonReader::typedFields()
{
    QFETCH(QByteArray, object);
    QFETCH(bool, valid);
    QFETCH(QString, reason);
    QFETCH(double, value);
    const Outcome o = readBytes("[" + object + "]", {}, QStringLiteral("x.json"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(1));
    QCOMPARE(o.rows[0].valid, valid);
    QCOMPARE(o.rows[0].rejectReason, reason);
    if (valid)
        SD_COMPARE_NEAR(o.rows[0].value, value, 1e-12);
    QCOMPARE(o.rows[0].raw, object);
}

void TestJsonReader::attributesKeepJson()
{
    const QByteArray body = R"([{"id": 17, "time": "2024-01-01T00:00:00Z", "amount": 2, "user": 99, "tags": [ "a", "b" ],
        "ok": true, "n": null, "s": "x\"y"}])";
    const Outcome o = readBytes(body, {}, QStringLiteral("x.json"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(1));
    const ParsedRow &r = o.rows[0];
    QVERIFY(r.valid);
    QCOMPARE(r.eventId, QStringLiteral("17")); // a number as an identifier keeps its text
    QCOMPARE(r.userId, QStringLiteral("99"));
    QCOMPARE(r.attributesJson, QByteArray(R"({"tags":["a","b"],"ok":true,"n":null,"s":"x\"y"})"));
    QJsonParseError err;
    QJsonDocument::fromJson(r.attributesJson, &err);
    QCOMPARE(err.error, QJsonParseError::NoError);
}

void TestJsonReader::syntaxErrors_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::newRow("missing comma") << QByteArray(R"([{"ts":"2024-01-01","value":1} {"ts":"2024-01-01","value":1}])") << QStringLiteral("JSON_SYNTAX_ERROR");
    QTest::newRow("unclosed array") << QByteArray(R"([{"ts":"2024-01-01","value":1})") << QStringLiteral("JSON_SYNTAX_ERROR");
    QTest::newRow("unclosed object") << QByteArray(R"([{"ts":"2024-01-01","value":1)") << QStringLiteral("JSON_SYNTAX_ERROR");
    QTest::newRow("trailing comma") << QByteArray(R"([{"ts":"2024-01-01","value":1},])") << QStringLiteral("JSON_SYNTAX_ERROR");
    QTest::newRow("after array") << QByteArray(R"([] x)") << QStringLiteral("JSON_SYNTAX_ERROR");
    QTest::newRow("single quotes") << QByteArray(R"({'ts':1})") << QStringLiteral("JSON_SYNTAX_ERROR");
    QTest::newRow("scalar") << QByteArray("42") << QStringLiteral("JSON_SYNTAX_ERROR");
    QTest::newRow("bad escape") << QByteArray(R"([{"ts":"\x"}])") << QStringLiteral("JSON_SYNTAX_ERROR");
    QTest::newRow("leading zero") << QByteArray(R"([{"value":01}])") << QStringLiteral("JSON_SYNTAX_ERROR");
    QTest::newRow("NaN literal") << QByteArray(R"([{"value":NaN}])") << QStringLiteral("JSON_SYNTAX_ERROR");
    QTest::newRow("raw newline in string") << QByteArray("[{\"ts\":\"a\nb\"}]") << QStringLiteral("JSON_SYNTAX_ERROR");
    QTest::newRow("NUL") << QByteArray("[{\"ts\":\0}]", 10) << QStringLiteral("BINARY_FILE");
    QTest::newRow("utf16") << QByteArray("\xff\xfe[\x00", 4) << QStringLiteral("BINARY_FILE");
    QTest::newRow("utf16 no nul") << QByteArray("\xff\xfe[") << QStringLiteral("UNSUPPORTED_ENCODING");
}

void TestJsonReader::syntaxErrors()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    const Outcome o = readBytes(body, {}, QStringLiteral("x.json"));
    QVERIFY2(o.error, "expected an error");
    QCOMPARE(o.error->code, code);
    if (code == QStringLiteral("JSON_SYNTAX_ERROR")) {
        QVERIFY(o.error->details.contains(QStringLiteral("line")));
        QVERIFY(o.error->details.contains(QStringLiteral("column")));
        QVERIFY(o.error->details.contains(QStringLiteral("byte")));
    }
}

void TestJsonReader::syntaxErrorPosition()
{
    const Outcome o = readFile(TestData::path("ingest/syntax_error.json"));
    QVERIFY(o.error);
    QCOMPARE(o.error->code, QStringLiteral("JSON_SYNTAX_ERROR"));
    QCOMPARE(o.rows.size(), size_t(1)); // the object before the error
    // Line 3 is `  {"timestamp": "2024-01-02T00:05:00Z" "value": 7}`: the error is at the second '"'-run.
    QCOMPARE(o.error->details.value(QStringLiteral("line")).toInt(), 3);
    QCOMPARE(o.error->details.value(QStringLiteral("column")).toInt(), 40);
    const QByteArray file = [] {
        QFile f(TestData::path("ingest/syntax_error.json"));
        return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
    }();
    const int byte = o.error->details.value(QStringLiteral("byte")).toInt();
    QCOMPARE(file.at(byte), '"');
    QCOMPARE(file.lastIndexOf('\n', byte) + 1 + 40 - 1, byte);
    QVERIFY2(o.error->message.contains(QLatin1String("line 3, column 40 (byte ")), qPrintable(o.error->message));
}

void TestJsonReader::deepNesting()
{
    QByteArray deep = R"([{"ts":"2024-01-01","value":1,"x":)";
    for (int i = 0; i < 100000; ++i)
        deep += '[';
    const Outcome o = readBytes(deep, {}, QStringLiteral("x.json"));
    QVERIFY(o.error);
    QCOMPARE(o.error->code, QStringLiteral("JSON_TOO_DEEP"));

    QByteArray ok = R"([{"ts":"2024-01-01","value":1,"x":)";
    for (int i = 0; i < 60; ++i)
        ok += '[';
    for (int i = 0; i < 60; ++i)
        ok += ']';
    ok += "}]";
    const Outcome fine = readBytes(ok, {}, QStringLiteral("x.json"));
    QVERIFY2(!fine.error, qPrintable(describe(fine)));
    QVERIFY(fine.rows[0].valid);

    const Outcome line = readBytes(deep.mid(1), {}, QStringLiteral("x.ndjson"));
    QVERIFY(line.error);
    QCOMPARE(line.error->code, QStringLiteral("JSON_TOO_DEEP"));
}

void TestJsonReader::nonObjectElements()
{
    const Outcome o = readBytes(R"([1, "two", {"ts":"2024-01-01","value":3}, [4]])", {}, QStringLiteral("x.json"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(4));
    QCOMPARE(o.rows[0].rejectReason, QStringLiteral("not_an_object"));
    QCOMPARE(o.rows[1].raw, QByteArray(R"("two")"));
    QVERIFY(o.rows[2].valid);
    QCOMPARE(o.rows[3].rejectReason, QStringLiteral("not_an_object"));
}

void TestJsonReader::emptyInputs_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<int>("rows");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("EMPTY_FILE") << 0;
    QTest::newRow("whitespace") << QByteArray(" \n\t ") << QStringLiteral("EMPTY_FILE") << 0;
    QTest::newRow("empty array") << QByteArray("[ ]") << QString() << 0;
    QTest::newRow("empty object") << QByteArray("{}") << QString() << 1;
}

void TestJsonReader::emptyInputs()
{
    QFETCH(QByteArray, body);
    QFETCH(QString, code);
    QFETCH(int, rows);
    const Outcome o = readBytes(body, {}, QStringLiteral("x.json"));
    QCOMPARE(o.error ? o.error->code : QString(), code);
    QCOMPARE(int(o.rows.size()), rows);
    if (rows == 1)
        QCOMPARE(o.rows[0].rejectReason, QStringLiteral("missing_timestamp"));
}

void TestJsonReader::bigArrayAcrossChunks()
{
    QByteArray body = "[\n";
    const int n = 40000;
    for (int i = 0; i < n; ++i) {
        body += R"(  {"event_id": "e)" + QByteArray::number(i) + R"(", "timestamp": "2024-01-01T00:00:00.)"
            + QByteArray::number(i % 1000).rightJustified(3, '0') + R"(Z", "value": )" + QByteArray::number(i)
            + R"(, "payload": "0123456789012345678901234567890123456789"})";
        body += i + 1 < n ? ",\n" : "\n";
    }
    body += "]\n";
    QVERIFY(body.size() > 3 * 1024 * 1024);
    const Outcome o = readBytes(body, {}, QStringLiteral("big.json"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(int(o.rows.size()), n);
    for (int i = 0; i < n; i += 997) {
        const ParsedRow &r = o.rows[size_t(i)];
        QVERIFY(r.valid);
        QCOMPARE(r.line, qint64(i + 2));
        QCOMPARE(r.eventId, QStringLiteral("e%1").arg(i));
        QCOMPARE(r.tsMs, ms("2024-01-01T00:00:00Z") + i % 1000);
        SD_COMPARE_NEAR(r.value, i, 0);
    }
}

void TestJsonReader::recordLimit()
{
    ReadOptions small;
    small.maxRecordBytes = 100 * 1024;
    QByteArray body = R"([{"ts":"2024-01-01","value":1},)" "\n" R"({"ts":"2024-01-01","value":1,"big":")";
    body += QByteArray(3 * 1024 * 1024, 'x');
    body += "\"}]";
    const Outcome o = readBytes(body, small, QStringLiteral("x.json"));
    QVERIFY(o.error);
    QCOMPARE(o.error->code, QStringLiteral("RECORD_TOO_LARGE"));
    QCOMPARE(o.error->details.value(QStringLiteral("line")).toInt(), 2);
    QCOMPARE(o.rows.size(), size_t(1));

    QByteArray lines = "{\"ts\":\"2024-01-01\",\"value\":1}\n" + QByteArray(3 * 1024 * 1024, ' ') + "x\n";
    const Outcome l = readBytes(lines, small, QStringLiteral("x.ndjson"));
    QVERIFY(l.error);
    QCOMPARE(l.error->code, QStringLiteral("RECORD_TOO_LARGE"));
    QCOMPARE(l.error->details.value(QStringLiteral("line")).toInt(), 2);
}

void TestJsonReader::escapesAndUtf8()
{
    const QByteArray body = "[{\"ts\":\"2024-01-01\",\"value\":1,\"metric\":\"caf\\u00e9 \\ud83d\\ude00\",\"source\":\"s\\/1\"},\n"
                            " {\"ts\":\"2024-01-01\",\"value\":2,\"user\":\"bad \xff\"},\n"
                            " {\"t\\u0073\":\"2024-01-01\",\"value\":3,\"user\":\"\xe2\x82\xac\"},\n"
                            // Not UTF-8 deep inside an attribute (a value, a key): the attribute would be invalid JSON.
                            " {\"ts\":\"2024-01-01\",\"value\":4,\"extra\":{\"a\":[1,\"x\xf8\"]}},\n"
                            " {\"ts\":\"2024-01-01\",\"value\":5,\"extra\":[{\"\xc3\x28\":null}],\"more\":{}},\n"
                            " {\"ts\":\"2024-01-01\",\"value\":6,\"extra\":{\"\xe2\x82\xac\":[\"\xc3\xa9\"]}}]";
    const Outcome o = readBytes(body, {}, QStringLiteral("x.json"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(6));
    QCOMPARE(o.rows[0].metric, QString::fromUtf8("café \xf0\x9f\x98\x80"));
    QCOMPARE(o.rows[0].source, QStringLiteral("s/1"));
    QCOMPARE(o.rows[1].rejectReason, QStringLiteral("invalid_utf8"));
    QCOMPARE(o.rows[1].rejectColumn, QStringLiteral("user"));
    QVERIFY(o.rows[2].valid); // an escaped key still maps
    QCOMPARE(o.rows[2].userId, QString::fromUtf8("\xe2\x82\xac"));
    for (size_t i : {3, 4}) {
        QCOMPARE(o.rows[i].rejectReason, QStringLiteral("invalid_utf8"));
        QCOMPARE(o.rows[i].rejectColumn, QStringLiteral("extra"));
    }
    QVERIFY(o.rows[5].valid);
    QCOMPARE(o.rows[5].attributesJson, QByteArray("{\"extra\":{\"\xe2\x82\xac\":[\"\xc3\xa9\"]}}"));
}

void TestJsonReader::formatOption()
{
    ReadOptions asJson;
    asJson.format = Ingest::Format::Json;
    const Outcome o = readBytes(R"([{"ts":"2024-01-01","value":1}])", asJson, QStringLiteral("upload.bin"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(1));

    // No extension, content sniffing: CSV.
    const Outcome csv = readBytes("ts,value\n2024-01-01,1\n", {}, QStringLiteral("body"));
    QVERIFY2(!csv.error, qPrintable(describe(csv)));
    QCOMPARE(csv.format, Ingest::Format::Csv);
}

QTEST_GUILESS_MAIN(TestJsonReader)
#include "tst_jsonreader.moc"
