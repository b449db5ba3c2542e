// CsvReader: RFC 4180 parsing, column mapping, per-row reasons and file-level errors.

#include "fuzzy.h"
#include "readertesthelpers.h"

#include <QBuffer>
#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace ReaderTest;
using Ingest::ParsedRow;
using Ingest::ReadOptions;

namespace {

// A sequential device that produces one endless line: the reader must give up at its record limit
// instead of buffering without bound.
class EndlessLineDevice final : public QIODevice
{
public:
    explicit EndlessLineDevice(QByteArray header) : m_header(std::move(header)) { open(QIODevice::ReadOnly); }
    bool isSequential() const override { return true; }
    qint64 produced() const { return m_produced; }

protected:
    qint64 readData(char *data, qint64 maxSize) override
    {
        qint64 n = 0;
        while (n < maxSize && m_produced < m_header.size())
            data[n++] = m_header[m_produced++];
        for (; n < maxSize; ++n)
            data[n] = 'x';
        m_produced += n;
        return maxSize;
    }
    qint64 writeData(const char *, qint64) override { return -1; }

private:
    QByteArray m_header;
    qint64 m_produced = 0;
};

} // namespace

class TestCsvReader final : public QObject
{
    Q_OBJECT

private slots:
    void predecessorSuccess();
    void predecessorPartialFailure();
    void predecessorDataCsvDefaultsMetric();
    void dialects_data();
    void dialects();
    void quotedFields();
    void synonymsAndAttributes();
    void europeanHeaders_data();
    void europeanHeaders();
    void explicitMapping();
    void rowReasons_data();
    void rowReasons();
    void fileErrors_data();
    void fileErrors();
    void headerOnly();
    void unbalancedQuoteNamesLine();
    void endlessLineStopsAtLimit();
    void gzip_data();
    void gzip();
    void gzipErrors();
    void chunkBoundaries();
    void invalidUtf8Row();
    void separatorsOnlyWhenAsked();
    void epochDetection();
    void timezoneForLocalTimes();
    void rowBuffersAreReset();
    void wideRecords();
    void progress();
};

void TestCsvReader::predecessorSuccess()
{
    const Outcome o = readFile(TestData::path("ingest/ingest_csv_success.csv"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(2));
    QVERIFY(o.rows[0].valid && o.rows[1].valid);
    QCOMPARE(o.rows[0].line, 2);
    QCOMPARE(o.rows[1].line, 3);
    QCOMPARE(o.rows[0].tsMs, ms("2024-01-01T00:00:00Z"));
    QCOMPARE(o.rows[1].tsMs, ms("2024-01-01T00:05:00Z"));
    SD_COMPARE_NEAR(o.rows[0].value, 10, 0);
    SD_COMPARE_NEAR(o.rows[1].value, 12, 0);
    QCOMPARE(o.rows[0].source, QStringLiteral("demo"));
    QCOMPARE(o.rows[0].metric, QStringLiteral("events_total"));
    QCOMPARE(o.rows[0].raw, QByteArray("2024-01-01T00:00:00Z,10,demo"));
    QVERIFY(o.rows[0].attributesJson.isEmpty());
    QCOMPARE(o.format, Ingest::Format::Csv);
    QCOMPARE(o.columns, (QStringList{QStringLiteral("timestamp"), QStringLiteral("value"), QStringLiteral("source")}));
}

void TestCsvReader::predecessorPartialFailure()
{
    const Outcome o = readFile(TestData::path("ingest/ingest_csv_partial_failure_strict_400.csv"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(2));
    QVERIFY(o.rows[0].valid);
    QVERIFY(!o.rows[1].valid);
    QCOMPARE(o.rows[1].line, 3);
    QCOMPARE(o.rows[1].rejectReason, QStringLiteral("invalid_timestamp"));
    QCOMPARE(o.rows[1].rejectColumn, QStringLiteral("timestamp"));
    QCOMPARE(o.rows[1].rejectValue, QStringLiteral("not-a-timestamp"));
    QCOMPARE(o.rows[1].raw, QByteArray("not-a-timestamp,11,demo"));
    QCOMPARE(o.detection.value(QStringLiteral("invalidRows")).toInt(), 1);
}

void TestCsvReader::predecessorDataCsvDefaultsMetric()
{
    const Outcome o = readFile(TestData::path("ingest/data.csv"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(2));
    QCOMPARE(o.rows[0].metric, QStringLiteral("sales"));
    QCOMPARE(o.rows[0].tsMs, ms("2025-09-01T00:00:00Z")); // date only = midnight
    SD_COMPARE_NEAR(o.rows[1].value, 200, 0);

    const Outcome kpi = readFile(TestData::path("ingest/clean_events_kpi_daily_input.csv"));
    QVERIFY2(!kpi.error, qPrintable(describe(kpi)));
    QCOMPARE(kpi.rows.size(), size_t(4));
    QCOMPARE(kpi.rows[2].tsMs, ms("2025-09-06T09:30:00Z"));
    SD_COMPARE_NEAR(kpi.rows[2].value, 8.5, 0);
    QCOMPARE(kpi.rows[2].attributesJson, QByteArray(R"({"source_id":"101"})"));
}

void TestCsvReader::dialects_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("delimiter");
    QTest::addColumn<int>("rows");
    QTest::addColumn<bool>("bom");
    QTest::newRow("crlf") << QStringLiteral("ingest/crlf.csv") << QStringLiteral(",") << 2 << false;
    QTest::newRow("bom+semicolon") << QStringLiteral("ingest/bom_semicolon.csv") << QStringLiteral(";") << 2 << true;
    QTest::newRow("tsv") << QStringLiteral("ingest/epoch.tsv") << QStringLiteral("\t") << 2 << false;
    QTest::newRow("pipe") << QStringLiteral("ingest/pipe.csv") << QStringLiteral("|") << 1 << false;
}

void TestCsvReader::dialects()
{
    QFETCH(QString, file);
    QFETCH(QString, delimiter);
    QFETCH(int, rows);
    QFETCH(bool, bom);
    const Outcome o = readFile(TestData::path(file.toUtf8().constData()));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(int(o.rows.size()), rows);
    for (const ParsedRow &r : o.rows)
        QVERIFY2(r.valid, qPrintable(r.rejectReason + QLatin1Char(' ') + r.rejectValue));
    QCOMPARE(o.detection.value(QStringLiteral("delimiter")).toString(), delimiter);
    QCOMPARE(o.detection.value(QStringLiteral("bom")).toBool(), bom);
    QVERIFY(!o.rows.front().raw.endsWith('\r'));
}

void TestCsvReader::quotedFields()
{
    const Outcome o = readFile(TestData::path("ingest/quoted.csv"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(2));
    QCOMPARE(o.rows[0].line, 2);
    QCOMPARE(o.rows[1].line, 4); // the first record spans lines 2-3
    QCOMPARE(o.rows[0].eventId, QStringLiteral("1"));
    QCOMPARE(o.rows[0].attributesJson, QByteArray(R"({"comment":"multi\nline, with \"quotes\""})"));
    QCOMPARE(o.rows[0].raw, QByteArray("1,2024-01-01T00:00:00Z,1,\"multi\nline, with \"\"quotes\"\"\""));
    const QJsonDocument doc = QJsonDocument::fromJson(o.rows[0].attributesJson);
    QCOMPARE(doc.object().value(QStringLiteral("comment")).toString(), QStringLiteral("multi\nline, with \"quotes\""));

    // Quoted typed fields, an empty last field, a quoted delimiter in the header.
    const Outcome q = readBytes("\"time\",\"val\"\"ue\",\"a,b\"\n\"2024-01-01\",\"7\",\n");
    QVERIFY2(q.error && q.error->code == QStringLiteral("MISSING_COLUMNS"), qPrintable(describe(q)));
    const Outcome r = readBytes("\"time\",\"value\",\"a,b\"\n\"2024-01-01\",\" 7 \",\n");
    QVERIFY2(!r.error, qPrintable(describe(r)));
    QCOMPARE(r.rows.size(), size_t(1));
    QVERIFY(r.rows[0].valid);
    SD_COMPARE_NEAR(r.rows[0].value, 7, 0);
    QCOMPARE(r.rows[0].attributesJson, QByteArray(R"({"a,b":""})"));
}

void TestCsvReader::synonymsAndAttributes()
{
    const Outcome o = readBytes("EVENT_ID,Date,Customer_ID,Event,Quantity,Source_Name,color\n"
                                "x1,2024-02-29T23:59:59.999Z,c1,orders,3,shop,red\n");
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(1));
    const ParsedRow &r = o.rows[0];
    QVERIFY(r.valid);
    QCOMPARE(r.eventId, QStringLiteral("x1"));
    QCOMPARE(r.userId, QStringLiteral("c1"));
    QCOMPARE(r.metric, QStringLiteral("orders"));
    QCOMPARE(r.source, QStringLiteral("shop"));
    QCOMPARE(r.tsMs, ms("2024-02-29T23:59:59.999Z"));
    QCOMPARE(r.attributesJson, QByteArray(R"({"color":"red"})"));
    const QJsonObject mapping = o.detection.value(QStringLiteral("mapping")).toObject();
    QCOMPARE(mapping.value(QStringLiteral("timestamp")).toString(), QStringLiteral("Date"));
    QCOMPARE(mapping.value(QStringLiteral("value")).toString(), QStringLiteral("Quantity"));

    // Two synonyms of one role: the earlier synonym in the list wins, the other is an attribute.
    const Outcome two = readBytes("date,timestamp,value\n2020-01-01,2024-01-01T00:00:00Z,1\n");
    QVERIFY2(!two.error, qPrintable(describe(two)));
    QCOMPARE(two.rows[0].tsMs, ms("2024-01-01T00:00:00Z"));
    QCOMPARE(two.rows[0].attributesJson, QByteArray(R"({"date":"2020-01-01"})"));
    QVERIFY(!two.detection.value(QStringLiteral("warnings")).toArray().isEmpty());
}

// The headers of German, French, Spanish, Italian and Dutch exports are read without --map; spaces,
// '-', '.' and case do not matter ("User ID" = "user_id").
void TestCsvReader::europeanHeaders_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("user");
    QTest::newRow("de") << QByteArray("Datum;Umsatz;Kennzahl;Kunden-ID;Quelle") << QStringLiteral("k1");
    QTest::newRow("fr") << QByteArray("Horodatage;Montant;Indicateur;ID client;Source") << QStringLiteral("k1");
    QTest::newRow("fr accents") << QByteArray("Date;Quantité;Métrique;Utilisateur;Source") << QStringLiteral("k1");
    QTest::newRow("es") << QByteArray("Fecha;Importe;Métrica;ID Usuario;Fuente") << QStringLiteral("k1");
    QTest::newRow("it") << QByteArray("Data Ora;Importo;Metrica;Utente;Fonte") << QStringLiteral("k1");
    QTest::newRow("nl") << QByteArray("Datum;Bedrag;Metriek;Klant.ID;Bron") << QStringLiteral("k1");
    QTest::newRow("en spaced") << QByteArray(" Date Time ;AMOUNT;Metric Name;User ID;Source-Name") << QStringLiteral("k1");
}

void TestCsvReader::europeanHeaders()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, user);
    const Outcome o = readBytes(header + "\n2024-03-01T10:00:00Z;7;orders;k1;shop\n");
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(1));
    const ParsedRow &r = o.rows[0];
    QVERIFY2(r.valid, qPrintable(r.rejectReason));
    QCOMPARE(r.tsMs, ms("2024-03-01T10:00:00Z"));
    SD_COMPARE_NEAR(r.value, 7, 0);
    QCOMPARE(r.metric, QStringLiteral("orders"));
    QCOMPARE(r.userId, user);
    QCOMPARE(r.source, QStringLiteral("shop"));
    QVERIFY(r.attributesJson.isEmpty());
}

void TestCsvReader::explicitMapping()
{
    ReadOptions options;
    options.mapping.timestamp = QStringLiteral("When");
    options.mapping.value = QStringLiteral("reading");
    options.mapping.metric = QStringLiteral("sensor");
    options.defaultMetric = QStringLiteral("ignored");
    const Outcome o = readBytes("when,reading,sensor,value\n2024-01-01T00:00:00Z,1.5,t1,99\n", options);
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(1));
    SD_COMPARE_NEAR(o.rows[0].value, 1.5, 0);
    QCOMPARE(o.rows[0].metric, QStringLiteral("t1"));
    QCOMPARE(o.rows[0].attributesJson, QByteArray(R"({"value":"99"})")); // the synonym is switched off

    options.mapping.userId = QStringLiteral("nope");
    const Outcome missing = readBytes("when,reading,sensor\n2024-01-01T00:00:00Z,1.5,t1\n", options);
    QVERIFY(missing.error);
    QCOMPARE(missing.error->code, QStringLiteral("MISSING_COLUMNS"));
    QVERIFY(missing.error->details.value(QStringLiteral("missing")).toArray().contains(QStringLiteral("nope")));
}

void TestCsvReader::rowReasons_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("reason");
    QTest::addColumn<QString>("column");
    QTest::newRow("ok") << QByteArray("2024-01-01T00:00:00Z,1") << true << QString() << QString();
    QTest::newRow("bad ts") << QByteArray("yesterday,1") << false << QStringLiteral("invalid_timestamp") << QStringLiteral("timestamp");
    QTest::newRow("empty ts") << QByteArray(",1") << false << QStringLiteral("missing_timestamp") << QStringLiteral("timestamp");
    QTest::newRow("feb 30") << QByteArray("2023-02-30,1") << false << QStringLiteral("invalid_timestamp") << QStringLiteral("timestamp");
    QTest::newRow("after 9999") << QByteArray("9999-12-31T23:59:59-01:00,1") << false << QStringLiteral("timestamp_out_of_range") << QStringLiteral("timestamp");
    QTest::newRow("epoch huge") << QByteArray("99999999999999999,1") << false << QStringLiteral("timestamp_out_of_range") << QStringLiteral("timestamp");
    QTest::newRow("negative epoch") << QByteArray("-5,1") << false << QStringLiteral("timestamp_out_of_range") << QStringLiteral("timestamp");
    QTest::newRow("empty value") << QByteArray("2024-01-01,") << false << QStringLiteral("missing_value") << QStringLiteral("value");
    QTest::newRow("NaN") << QByteArray("2024-01-01,NaN") << false << QStringLiteral("non_finite_value") << QStringLiteral("value");
    QTest::newRow("inf") << QByteArray("2024-01-01,-inf") << false << QStringLiteral("non_finite_value") << QStringLiteral("value");
    QTest::newRow("1e999") << QByteArray("2024-01-01,1e999") << false << QStringLiteral("non_finite_value") << QStringLiteral("value");
    QTest::newRow("text") << QByteArray("2024-01-01,ten") << false << QStringLiteral("non_numeric_value") << QStringLiteral("value");
    QTest::newRow("hex") << QByteArray("2024-01-01,0x10") << false << QStringLiteral("non_numeric_value") << QStringLiteral("value");
    QTest::newRow("bool") << QByteArray("2024-01-01,true") << false << QStringLiteral("non_numeric_value") << QStringLiteral("value");
    QTest::newRow("thousands detected") << QByteArray("2024-01-01,\"1,234.5\"") << true << QString() << QString();
    QTest::newRow("decimal comma detected") << QByteArray("2024-01-01,\"3,5\"") << true << QString() << QString();
    QTest::newRow("misgrouped") << QByteArray("2024-01-01,\"1,23,4\"") << false << QStringLiteral("non_numeric_value") << QStringLiteral("value");
    QTest::newRow("too few") << QByteArray("2024-01-01") << false << QStringLiteral("field_count_mismatch") << QString();
    QTest::newRow("too many") << QByteArray("2024-01-01,1,2") << false << QStringLiteral("field_count_mismatch") << QString();
    QTest::newRow("spaces ok") << QByteArray(" 2024-01-01 , +4 ") << true << QString() << QString();
}

void TestCsvReader::rowReasons()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, valid);
    QFETCH(QString, reason);
    QFETCH(QString, column);
    const Outcome o = readBytes("timestamp,value\n" + line + "\n");
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(1));
    const ParsedRow &r = o.rows[0];
    QCOMPARE(r.valid, valid);
    QCOMPARE(r.rejectReason, reason);
    QCOMPARE(r.rejectColumn, column);
    QCOMPARE(r.line, 2);
    QCOMPARE(r.raw, line);
    if (!valid)
        QVERIFY(!r.rejectValue.isNull() || reason.startsWith(QLatin1String("missing")));
}

void TestCsvReader::fileErrors_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QString>("code");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("EMPTY_FILE");
    QTest::newRow("blank lines") << QByteArray("\n\r\n\n") << QStringLiteral("EMPTY_FILE");
    QTest::newRow("bom only") << QByteArray("\xEF\xBB\xBF") << QStringLiteral("EMPTY_FILE");
    QTest::newRow("no value column") << QByteArray("timestamp,foo\n2024-01-01,1\n") << QStringLiteral("MISSING_COLUMNS");
    QTest::newRow("no columns we know") << QByteArray("a,b,c\n1,2,3\n") << QStringLiteral("MISSING_COLUMNS");
    QTest::newRow("duplicate") << QByteArray("timestamp,value,Value\n") << QStringLiteral("DUPLICATE_COLUMNS");
    QTest::newRow("NUL in header") << QByteArray("timestamp,val\0ue\n", 17) << QStringLiteral("BINARY_FILE");
    QTest::newRow("binary junk") << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16) << QStringLiteral("BINARY_FILE");
    QTest::newRow("header not utf8") << QByteArray("timestamp,v\xe9lue\n") << QStringLiteral("CSV_DECODE_ERROR");
}

void TestCsvReader::fileErrors()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QString, code);
    const Outcome o = readBytes(bytes);
    QVERIFY2(o.error, "expected an error");
    QCOMPARE(o.error->code, code);
    QCOMPARE(o.error->kind, Common::ErrorKind::BadInput);
    QVERIFY(!o.error->message.isEmpty());
    if (code == QStringLiteral("MISSING_COLUMNS")) {
        const QJsonArray present = o.error->details.value(QStringLiteral("present")).toArray();
        QVERIFY(!present.isEmpty());
        QVERIFY(o.error->message.contains(present.first().toString()));
    }
}

void TestCsvReader::headerOnly()
{
    const Outcome o = readFile(TestData::path("ingest/header_only.csv"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QVERIFY(o.rows.empty());
    QVERIFY(o.detection.value(QStringLiteral("headerOnly")).toBool());
    QCOMPARE(o.columns.size(), 3);

    const Outcome e = readFile(TestData::path("ingest/empty.csv"));
    QVERIFY(e.error && e.openFailed);
    QCOMPARE(e.error->code, QStringLiteral("EMPTY_FILE"));
}

void TestCsvReader::unbalancedQuoteNamesLine()
{
    const Outcome o = readFile(TestData::path("ingest/unbalanced_quote.csv"));
    QVERIFY(o.error);
    QCOMPARE(o.error->code, QStringLiteral("CSV_UNBALANCED_QUOTE"));
    QCOMPARE(o.error->details.value(QStringLiteral("line")).toInt(), 3);
    QVERIFY2(o.error->message.contains(QLatin1String("line 3")), qPrintable(o.error->message));
    QCOMPARE(o.rows.size(), size_t(1)); // the good row before it was delivered

    // An unclosed quote in a big file hits the record limit and still names the line.
    ReadOptions small;
    small.maxRecordBytes = 64 * 1024;
    QByteArray big = "timestamp,value\n2024-01-01,\"1\n";
    for (int i = 0; i < 200000; ++i)
        big += "2024-01-01,1\n";
    const Outcome b = readBytes(big, small);
    QVERIFY(b.error);
    QCOMPARE(b.error->code, QStringLiteral("RECORD_TOO_LARGE"));
    QVERIFY2(b.error->message.contains(QLatin1String("line 2")), qPrintable(b.error->message));
}

void TestCsvReader::endlessLineStopsAtLimit()
{
    // A 100 MB line would do; an endless one shows that the reader stops at its limit.
    auto device = std::make_unique<EndlessLineDevice>(QByteArray("timestamp,value\n2024-01-01,1\n"));
    EndlessLineDevice *raw = device.get();
    auto opened = Ingest::EventReader::fromDevice(std::move(device), {}, QStringLiteral("endless.csv"));
    QVERIFY(opened.ok());
    ParsedRow row;
    auto first = (*opened)->next(row);
    QVERIFY(first.ok() && *first);
    auto second = (*opened)->next(row);
    QVERIFY(!second.ok());
    QCOMPARE(second.error().code, QStringLiteral("RECORD_TOO_LARGE"));
    QCOMPARE(second.error().details.value(QStringLiteral("line")).toInt(), 3);
    QVERIFY(raw->produced() < 40 * 1024 * 1024);
    auto third = (*opened)->next(row); // the error sticks
    QVERIFY(!third.ok());
}

void TestCsvReader::gzip_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("rows");
    QTest::newRow("csv.gz") << QStringLiteral("ingest/success_gz.csv.gz") << 2;
    QTest::newRow("json.gz") << QStringLiteral("ingest/success_gz.json.gz") << 2;
    QTest::newRow("ndjson.gz") << QStringLiteral("ingest/events_gz.ndjson.gz") << 3;
    QTest::newRow("two members") << QStringLiteral("ingest/two_members.csv.gz") << 2;
}

void TestCsvReader::gzip()
{
    QFETCH(QString, file);
    QFETCH(int, rows);
    const QString path = TestData::path(file.toUtf8().constData());
    const Outcome o = readFile(path);
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(int(o.rows.size()), rows);
    QVERIFY(o.rows[0].valid);
    QVERIFY(o.detection.value(QStringLiteral("compressed")).toBool());
    auto reader = Ingest::EventReader::open(path, {});
    QVERIFY(reader.ok());
    QCOMPARE((*reader)->totalBytes(), QFileInfo(path).size());
    ParsedRow row;
    while (true) {
        auto got = (*reader)->next(row);
        QVERIFY(got.ok());
        if (!*got)
            break;
    }
    QCOMPARE((*reader)->bytesRead(), QFileInfo(path).size());

}

void TestCsvReader::gzipErrors()
{
    const Outcome broken = readFile(TestData::path("ingest/broken.csv.gz"));
    QVERIFY(broken.error);
    QCOMPARE(broken.error->code, QStringLiteral("GZIP_ERROR"));
    const Outcome truncated = readFile(TestData::path("ingest/truncated.csv.gz"));
    QVERIFY(truncated.error);
    QCOMPARE(truncated.error->code, QStringLiteral("GZIP_ERROR"));
}

void TestCsvReader::chunkBoundaries()
{
    // Records (some with quoted line breaks) straddle the 1 MiB chunk boundaries: nothing is lost or split.
    QByteArray bytes = "id,timestamp,value,note\n";
    const int n = 60000;
    for (int i = 0; i < n; ++i) {
        bytes += QByteArray::number(i) + ",2024-01-01T00:00:00Z," + QByteArray::number(i);
        bytes += (i % 7 == 0) ? ",\"a\nb,\"\"c\"\"\"\n" : ",plain text here\n";
    }
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("big.csv"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
    f.close();
    QVERIFY(bytes.size() > 2 * 1024 * 1024);
    const Outcome o = readFile(path);
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(int(o.rows.size()), n);
    qint64 line = 2;
    for (int i = 0; i < n; ++i) {
        const ParsedRow &r = o.rows[size_t(i)];
        QVERIFY2(r.valid, qPrintable(QString::number(i)));
        QCOMPARE(r.eventId, QString::number(i));
        SD_COMPARE_NEAR(r.value, i, 0);
        QCOMPARE(r.line, line);
        line += (i % 7 == 0) ? 2 : 1;
    }
    QCOMPARE(o.rows[7].attributesJson, QByteArray(R"({"note":"a\nb,\"c\""})"));
}

void TestCsvReader::invalidUtf8Row()
{
    const Outcome o = readBytes("timestamp,value,user\n2024-01-01,1,caf\xc3\xa9\n2024-01-01,2,caf\xe9\n2024-01-01,3,\xed\xa0\x80\n");
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(3));
    QVERIFY(o.rows[0].valid);
    QCOMPARE(o.rows[0].userId, QStringLiteral("café"));
    QVERIFY(!o.rows[1].valid);
    QCOMPARE(o.rows[1].rejectReason, QStringLiteral("invalid_utf8"));
    QCOMPARE(o.rows[1].rejectColumn, QStringLiteral("user"));
    QCOMPARE(o.rows[2].rejectReason, QStringLiteral("invalid_utf8")); // an encoded surrogate
}

void TestCsvReader::separatorsOnlyWhenAsked()
{
    ReadOptions thousands;
    thousands.thousandsSeparator = Ingest::ThousandsSeparator::Comma;
    const Outcome t = readBytes("timestamp,value\n2024-01-01,\"1,234.5\"\n2024-01-01,\"12,34\"\n", thousands);
    QVERIFY(t.rows[0].valid);
    SD_COMPARE_NEAR(t.rows[0].value, 1234.5, 1e-9);
    QVERIFY(!t.rows[1].valid); // misplaced group separator

    ReadOptions comma;
    comma.decimalMark = Ingest::DecimalMark::Comma;
    const Outcome c = readBytes("timestamp;value\n2024-01-01;3,5\n2024-01-01;1.234,5\n2024-01-01;-0,25\n", comma);
    QVERIFY2(!c.error, qPrintable(describe(c)));
    QCOMPARE(c.rows.size(), size_t(3));
    SD_COMPARE_NEAR(c.rows[0].value, 3.5, 1e-12);
    SD_COMPARE_NEAR(c.rows[1].value, 1234.5, 1e-9);
    SD_COMPARE_NEAR(c.rows[2].value, -0.25, 1e-12);

    ReadOptions quote;
    quote.delimiter = '"';
    const Outcome q = readBytes("timestamp\"value\n", quote);
    QVERIFY(q.error);
    QCOMPARE(q.error->code, QStringLiteral("INVALID_DELIMITER"));

    // Detected from the sample when nothing is set; refused when a decimal point is set.
    const Outcome detected = readBytes("timestamp;value\n2024-01-01;3,5\n");
    QVERIFY(detected.rows[0].valid);
    SD_COMPARE_NEAR(detected.rows[0].value, 3.5, 1e-12);
    ReadOptions point;
    point.decimalMark = Ingest::DecimalMark::Point;
    point.thousandsSeparator = Ingest::ThousandsSeparator::None;
    const Outcome plain = readBytes("timestamp;value\n2024-01-01;3,5\n", point);
    QVERIFY(!plain.rows[0].valid);
    QCOMPARE(plain.detection.value(QStringLiteral("valuesRejectedForComma")).toInt(), 1);
}

void TestCsvReader::epochDetection()
{
    const Outcome o = readFile(TestData::path("ingest/epoch.tsv"));
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows[0].tsMs, qint64(1704067200000));
    QCOMPARE(o.rows[1].tsMs, qint64(1704067260000));
    QCOMPARE(o.detection.value(QStringLiteral("inferredEpochSeconds")).toInt(), 2);
    QCOMPARE(o.detection.value(QStringLiteral("inferredEpochMilliseconds")).toInt(), 0);
    QCOMPARE(o.rows[0].attributesJson, QByteArray(R"({"note":"hello"})"));

    // The unit is decided once from the sample: a millisecond number among seconds is not re-read (#19).
    const QByteArray mixed = "ts\tqty\n1704067200\t5\n1704067200000\t6\n";
    const Outcome m = readBytes(mixed, {}, QStringLiteral("mixed.tsv"));
    QVERIFY(m.rows[0].valid);
    QCOMPARE(m.rows[1].rejectReason, QStringLiteral("timestamp_out_of_range"));

    ReadOptions milliseconds;
    milliseconds.epochUnit = Ingest::EpochUnit::Milliseconds;
    const Outcome ms = readBytes(mixed, milliseconds, QStringLiteral("mixed.tsv"));
    QVERIFY(ms.rows[0].valid && ms.rows[1].valid);
    QCOMPARE(ms.rows[0].tsMs, qint64(1704067200));

    ReadOptions seconds;
    seconds.epochUnit = Ingest::EpochUnit::Seconds;
    const Outcome s = readBytes(mixed, seconds, QStringLiteral("mixed.tsv"));
    QVERIFY(s.rows[0].valid);
    QCOMPARE(s.rows[1].rejectReason, QStringLiteral("timestamp_out_of_range")); // 1.7e12 s is after 9999
    QCOMPARE(s.detection.value(QStringLiteral("inferredEpochSeconds")).toInt(), 0);
}

void TestCsvReader::timezoneForLocalTimes()
{
    ReadOptions berlin;
    berlin.timezone = QTimeZone("Europe/Berlin");
    QVERIFY(berlin.timezone.isValid());
    const Outcome o = readBytes("timestamp,value\n2024-01-15 12:00:00,1\n2024-07-15T12:00:00,1\n2024-07-15T12:00:00Z,1\n", berlin);
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows[0].tsMs, ms("2024-01-15T11:00:00Z"));
    QCOMPARE(o.rows[1].tsMs, ms("2024-07-15T10:00:00Z"));
    QCOMPARE(o.rows[2].tsMs, ms("2024-07-15T12:00:00Z"));
    QCOMPARE(o.detection.value(QStringLiteral("localTimestamps")).toInt(), 2);
}

void TestCsvReader::rowBuffersAreReset()
{
    // One ParsedRow is reused for every record: nothing of a previous row may leak into the next.
    auto opened = Ingest::EventReader::fromDevice(
        [] {
            auto b = std::make_unique<QBuffer>();
            b->setData("timestamp,value,user,metric,source,extra\n"
                       "2024-01-01,1,u1,m1,s1,x\n"
                       "2024-01-01,2,,,,\n"
                       "bad,3,u3,m3,s3,y\n"
                       "2024-01-01,4,u4\n"
                       "2024-01-01,5,u5,m5,s5,z\n");
            return b;
        }(),
        {}, QStringLiteral("reuse.csv"));
    QVERIFY(opened.ok());
    ParsedRow row;
    QVERIFY((*opened)->next(row).value());
    QCOMPARE(row.userId, QStringLiteral("u1"));
    QCOMPARE(row.attributesJson, QByteArray(R"({"extra":"x"})"));
    QVERIFY((*opened)->next(row).value());
    QVERIFY(row.valid);
    QVERIFY(row.userId.isEmpty());
    QCOMPARE(row.metric, QStringLiteral("events_total"));
    QVERIFY(row.source.isEmpty());
    QCOMPARE(row.attributesJson, QByteArray(R"({"extra":""})"));
    QVERIFY((*opened)->next(row).value());
    QVERIFY(!row.valid);
    QCOMPARE(row.rejectReason, QStringLiteral("invalid_timestamp"));
    QCOMPARE(row.tsMs, 0);
    QVERIFY(row.attributesJson.isEmpty());
    QVERIFY((*opened)->next(row).value());
    QCOMPARE(row.rejectReason, QStringLiteral("field_count_mismatch"));
    QCOMPARE(row.metric, QStringLiteral("events_total"));
    QVERIFY(row.source.isEmpty());
    QVERIFY(row.userId.isEmpty());
    QVERIFY((*opened)->next(row).value());
    QVERIFY(row.valid);
    QVERIFY(row.rejectReason.isEmpty() && row.rejectColumn.isEmpty() && row.rejectValue.isEmpty());
    QCOMPARE(row.metric, QStringLiteral("m5"));
    QCOMPARE(row.source, QStringLiteral("s5"));
    QVERIFY(!(*opened)->next(row).value());
}

void TestCsvReader::wideRecords()
{
    // A record of a million delimiters is one field_count_mismatch, cheaply.
    QByteArray bytes = "timestamp,value\n" + QByteArray(1'000'000, ',') + "\n2024-01-01,1\n";
    const Outcome o = readBytes(bytes);
    QVERIFY2(!o.error, qPrintable(describe(o)));
    QCOMPARE(o.rows.size(), size_t(2));
    QCOMPARE(o.rows[0].rejectReason, QStringLiteral("field_count_mismatch"));
    QCOMPARE(o.rows[0].rejectValue, QStringLiteral("1000001 fields, expected 2"));
    QVERIFY(o.rows[1].valid);

    const Outcome header = readBytes("timestamp,value" + QByteArray(20000, ',') + "\n");
    QVERIFY(header.error);
    QCOMPARE(header.error->code, QStringLiteral("TOO_MANY_COLUMNS"));
}

void TestCsvReader::progress()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("p.csv"));
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write("timestamp,value\n");
    for (int i = 0; i < 300000; ++i)
        f.write("2024-01-01T00:00:00Z,1\n");
    f.close();
    auto reader = Ingest::EventReader::open(path, {});
    QVERIFY(reader.ok());
    QCOMPARE((*reader)->totalBytes(), QFileInfo(path).size());
    ParsedRow row;
    qint64 last = -1;
    int increases = 0;
    while ((*reader)->next(row).value()) {
        const qint64 now = (*reader)->bytesRead();
        QVERIFY(now >= last);
        increases += now > last;
        last = now;
    }
    QVERIFY(increases > 3);
    QCOMPARE(last, QFileInfo(path).size());
}

QTEST_GUILESS_MAIN(TestCsvReader)
#include "tst_csvreader.moc"
