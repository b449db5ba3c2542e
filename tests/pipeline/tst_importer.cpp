// Imports end to end: file → raw_events, clean_events, ingest_batches and metric_daily.

#include "testdatabase.h"
#include "fuzzy.h"
#include "ingest/batchservice.h"
#include "ingest/importer.h"
#include "pipelinetesthelpers.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QFile>

using namespace PipelineTest;
using Ingest::Importer;
using Ingest::ImportOptions;

namespace {

ImportOptions demo(Ingest::Mode mode = Ingest::Mode::Tolerant)
{
    ImportOptions options;
    options.source = QStringLiteral("demo");
    options.mode = mode;
    return options;
}

// Cancels at the first progress report.
class CancelAtFirstReport final : public Common::ProgressReporter
{
public:
    void progress(int, const QString &) override { m_reports++; }
    bool isCancelled() const override { return m_reports > 0; }
    int m_reports = 0;
};

} // namespace

class TestImporter final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { SD_REQUIRE_ENGINE(); }
    void init();
    void csvSuccess();
    void reimportReportsDuplicates();
    void overlappingFilesStoreOnlyWhatIsNew();
    void strictRejectsTheWholeFile();
    void tolerantKeepsRejectedRows();
    void jsonDefaultsTheMetric();
    void rawJsonWithMetric();
    void twoEventsOnOneDay();
    void kpiGolden();
    void eventIdIsTheIdentity();
    void distinctUsers();
    void rowSourceColumnWhenNoSourceGiven();
    void timezoneDecidesTheDay();
    void cancelStoresNothing();
    void fileLevelErrorStoresNothing();
    void missingColumnsNamesWhatIsThere();
    void deleteBatchRecomputesKpis();
    void apiDataShape();
    void foreignKeysAreOnAfterEveryImport();
    void historicalMonthlySeries();
    void rowsDifferingOnlyInAnAttributeAreDistinct();
    void attributeOrderAndEmptyCellsDoNotMakeADifference();
    void duplicatesAreSplitStoredAndInFile();
    void inFileRepeatsAreSaidInWords();
    void allRejectedIsAFailureKeptForReview();
    void manyRejectedIsAWarning();
    void rejectedRowsAreReviewableAndReimportable();
    void rejectedJsonRowsBecomeNdjson();

private:
    QTemporaryDir m_dir;
    std::shared_ptr<Storage::Database> m_db;
    int m_counter = 0;
};

void TestImporter::init()
{
    m_db = freshDatabase(m_dir, QStringLiteral("import-%1.db").arg(++m_counter));
    QVERIFY(m_db);
}

void TestImporter::csvSuccess()
{
    const QString path = TestData::path("pipeline/ingest_csv_success.csv");
    auto summary = Importer(m_db).importFile(path, demo());
    QVERIFY2(summary.ok(), qPrintable(summary ? QString() : summary.error().message));
    QCOMPARE(summary->received, 2);
    QCOMPARE(summary->inserted, 2);
    QCOMPARE(summary->duplicates, 0);
    QCOMPARE(summary->rejected, 0);
    QCOMPARE(summary->metrics, QStringList{QStringLiteral("events_total")});
    QCOMPARE(summary->format, QStringLiteral("csv"));
    QCOMPARE(rows(m_db, "clean_events"), 2);
    QCOMPARE(rows(m_db, "raw_events"), 2);
    QCOMPARE(rows(m_db, "ingest_batches"), 1);
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString sha = QString::fromLatin1(QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256).toHex());
    QCOMPARE(summary->sha256, sha);
    QCOMPARE(text(m_db, QStringLiteral("SELECT sha256 FROM ingest_batches")), sha);
    QCOMPARE(text(m_db, QStringLiteral("SELECT status FROM ingest_batches")), QStringLiteral("committed"));
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT file_size FROM ingest_batches")), file.size());
    QCOMPARE(text(m_db, QStringLiteral("SELECT day FROM clean_events ORDER BY ts LIMIT 1")), QStringLiteral("2024-01-01"));
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT ts FROM clean_events ORDER BY ts LIMIT 1")), 1704067200000LL);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT value_count FROM metric_daily WHERE day = '2024-01-01'")), 2);
}

void TestImporter::reimportReportsDuplicates()
{
    const QString path = TestData::path("pipeline/ingest_csv_success.csv");
    QVERIFY(Importer(m_db).importFile(path, demo()).ok());
    auto again = Importer(m_db).importFile(path, demo());
    QVERIFY(again.ok());
    QCOMPARE(again->inserted, 0);
    QCOMPARE(again->duplicates, 2);
    QCOMPARE(rows(m_db, "clean_events"), 2);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM raw_events WHERE outcome = 'duplicate'")), 2);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT value_sum FROM metric_daily WHERE day = '2024-01-01'")), 22);
}

void TestImporter::overlappingFilesStoreOnlyWhatIsNew()
{
    const QByteArray a = "timestamp,value\n2024-02-01T00:00:00Z,1\n2024-02-01T01:00:00Z,2\n2024-02-02T00:00:00Z,3\n";
    const QByteArray b = "timestamp,value\n2024-02-01T01:00:00Z,2\n2024-02-02T00:00:00Z,3\n2024-02-03T00:00:00Z,4\n";
    QVERIFY(Importer(m_db).importData(a, QStringLiteral("a.csv"), demo()).ok());
    auto second = Importer(m_db).importData(b, QStringLiteral("b.csv"), demo());
    QVERIFY(second.ok());
    QCOMPARE(second->inserted, 1);
    QCOMPARE(second->duplicates, 2);
    QCOMPARE(rows(m_db, "clean_events"), 4);
    QCOMPARE(rows(m_db, "metric_daily"), 3);
}

void TestImporter::strictRejectsTheWholeFile()
{
    auto result = Importer(m_db).importFile(TestData::path("pipeline/ingest_csv_partial_failure_strict_400.csv"), demo(Ingest::Mode::Strict));
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, QStringLiteral("INVALID_ROWS"));
    QCOMPARE(result.error().kind, Common::ErrorKind::BadInput);
    const QJsonArray faults = result.error().details.value(QStringLiteral("rows")).toArray();
    QCOMPARE(faults.size(), 1);
    QCOMPARE(faults[0].toObject().value(QStringLiteral("line")).toInt(), 3);
    QCOMPARE(faults[0].toObject().value(QStringLiteral("column")).toString(), QStringLiteral("timestamp"));
    QCOMPARE(faults[0].toObject().value(QStringLiteral("value")).toString(), QStringLiteral("not-a-timestamp"));
    QVERIFY(result.error().message.contains(QLatin1String("line 3")));
    for (const char *table : {"sources", "ingest_batches", "raw_events", "clean_events", "metric_daily"})
        QVERIFY2(rows(m_db, table) == 0, table);
}

void TestImporter::tolerantKeepsRejectedRows()
{
    auto summary = Importer(m_db).importFile(TestData::path("pipeline/ingest_csv_partial_failure_strict_400.csv"), demo());
    QVERIFY(summary.ok());
    QCOMPARE(summary->inserted, 1);
    QCOMPARE(summary->rejected, 1);
    QCOMPARE(summary->rejectedByReason.value(QStringLiteral("invalid_timestamp")), 1);
    QCOMPARE(summary->issues.size(), 1);
    QCOMPARE(summary->issues.first().line, 3);
    QCOMPARE(text(m_db, QStringLiteral("SELECT reject_reason FROM raw_events WHERE outcome = 'rejected'")), QStringLiteral("invalid_timestamp"));
    QCOMPARE(text(m_db, QStringLiteral("SELECT payload FROM raw_events WHERE outcome = 'rejected'")), QStringLiteral("not-a-timestamp,11,demo"));
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT line_no FROM raw_events WHERE outcome = 'rejected'")), 3);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT rejected FROM ingest_batches")), 1);
}

void TestImporter::jsonDefaultsTheMetric()
{
    auto summary = Importer(m_db).importFile(TestData::path("pipeline/ingest_json_success.json"), demo());
    QVERIFY(summary.ok());
    QCOMPARE(summary->inserted, 2);
    QCOMPARE(summary->metrics, QStringList{QStringLiteral("events_total")});
    QCOMPARE(summary->format, QStringLiteral("json"));
}

void TestImporter::rawJsonWithMetric()
{
    QFile file(TestData::path("pipeline/ingest_raw_json_with_metric.json"));
    QVERIFY(file.open(QIODevice::ReadOnly));
    ImportOptions options = demo();
    options.read.format = Ingest::Format::Json;
    auto summary = Importer(m_db).importData(file.readAll(), QStringLiteral("body"), options);
    QVERIFY(summary.ok());
    QCOMPARE(summary->inserted, 2);
    QCOMPARE(summary->metrics, QStringList{QStringLiteral("events_total")});
}

void TestImporter::twoEventsOnOneDay()
{
    const QByteArray body = R"([{"timestamp":"2025-03-01T10:00:00Z","value":4},{"timestamp":"2025-03-01T11:00:00Z","value":5}])";
    QVERIFY(Importer(m_db).importData(body, QStringLiteral("body.json"), demo()).ok());
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT value_count FROM metric_daily")), 2);
    QSqlQuery query(m_db->connection());
    QVERIFY(query.exec(QStringLiteral("SELECT value_sum, value_avg, value_min, value_max, value_distinct FROM metric_daily")) && query.next());
    SD_COMPARE_NEAR(query.value(0).toDouble(), 9.0, 1e-12);
    SD_COMPARE_NEAR(query.value(1).toDouble(), 4.5, 1e-12);
    SD_COMPARE_NEAR(query.value(2).toDouble(), 4.0, 1e-12);
    SD_COMPARE_NEAR(query.value(3).toDouble(), 5.0, 1e-12);
    QVERIFY(query.value(4).isNull()); // no user ids: distinct is unknown, not zero
}

void TestImporter::kpiGolden()
{
    QVERIFY(Importer(m_db).importFile(TestData::path("pipeline/clean_events_kpi_daily_input.csv"), demo()).ok());
    QFile expected(TestData::path("pipeline/metric_daily_kpi_daily_expected.csv"));
    QVERIFY(expected.open(QIODevice::ReadOnly | QIODevice::Text));
    expected.readLine(); // metric_date,source_id,metric,value_count,value_sum,value_avg
    int checked = 0;
    while (!expected.atEnd()) {
        const QList<QByteArray> f = expected.readLine().trimmed().split(',');
        if (f.size() < 6)
            continue;
        QSqlQuery query(m_db->connection());
        query.prepare(QStringLiteral("SELECT value_count, value_sum, value_avg FROM metric_daily WHERE day = ? AND metric = ?"));
        query.addBindValue(QString::fromLatin1(f[0]));
        query.addBindValue(QString::fromLatin1(f[2]));
        QVERIFY(query.exec() && query.next());
        QCOMPARE(query.value(0).toLongLong(), f[3].toLongLong());
        SD_COMPARE_NEAR(query.value(1).toDouble(), f[4].toDouble(), 1e-9);
        SD_COMPARE_NEAR(query.value(2).toDouble(), f[5].toDouble(), 1e-9);
        ++checked;
    }
    QCOMPARE(checked, 2);
    QCOMPARE(rows(m_db, "metric_daily"), 2);
}

void TestImporter::eventIdIsTheIdentity()
{
    const QByteArray body = "event_id,timestamp,value\nA1,2024-01-01T00:00:00Z,10\nA1,2024-01-05T00:00:00Z,99\nA2,2024-01-01T00:00:00Z,10\n";
    auto summary = Importer(m_db).importData(body, QStringLiteral("ids.csv"), demo());
    QVERIFY(summary.ok());
    QCOMPARE(summary->inserted, 2);
    QCOMPARE(summary->duplicates, 1);
    QCOMPARE(joined(m_db, QStringLiteral("SELECT event_id FROM clean_events ORDER BY event_id")), QStringLiteral("A1,A2"));
    // Without ids, the same tuple twice is one event; a different user makes it another.
    const QByteArray tuples = "timestamp,value,user_id\n2024-01-01T00:00:00Z,10,u1\n2024-01-01T00:00:00Z,10,u1\n2024-01-01T00:00:00Z,10,u2\n2024-01-01T00:00:00Z,10,\n";
    auto second = Importer(m_db).importData(tuples, QStringLiteral("tuples.csv"), demo());
    QVERIFY(second.ok());
    QCOMPARE(second->inserted, 3);
    QCOMPARE(second->duplicates, 1);
}

void TestImporter::distinctUsers()
{
    const QByteArray body = "timestamp,value,user_id\n2024-01-01T01:00:00Z,1,alice\n2024-01-01T02:00:00Z,1,bob\n2024-01-01T03:00:00Z,1,alice\n2024-01-01T04:00:00Z,1,\n";
    QVERIFY(Importer(m_db).importData(body, QStringLiteral("users.csv"), demo()).ok());
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT value_distinct FROM metric_daily")), 2);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT value_count FROM metric_daily")), 4);
}

void TestImporter::rowSourceColumnWhenNoSourceGiven()
{
    const QByteArray body = "timestamp,value,source\n2024-01-01T00:00:00Z,1,shop-eu\n2024-01-01T00:00:00Z,2,shop-us\n2024-01-01T00:00:00Z,3,\n";
    auto summary = Importer(m_db).importData(body, QStringLiteral("sources.csv"), ImportOptions{});
    QVERIFY(summary.ok());
    QCOMPARE(summary->sources, (QStringList{QStringLiteral("default"), QStringLiteral("shop-eu"), QStringLiteral("shop-us")}));
    QCOMPARE(rows(m_db, "metric_daily"), 3);
    QVERIFY(text(m_db, QStringLiteral("SELECT source_id FROM ingest_batches")).isEmpty()); // several sources
}

void TestImporter::timezoneDecidesTheDay()
{
    QVERIFY(m_db->setSetting(QStringLiteral("kpi.timezone"), QStringLiteral("America/New_York")).ok());
    const QByteArray body = "timestamp,value\n2024-01-02T03:00:00Z,1\n2024-07-02T03:59:00Z,1\n2024-07-02T04:00:00Z,1\n";
    QVERIFY(Importer(m_db).importData(body, QStringLiteral("tz.csv"), demo()).ok());
    QCOMPARE(joined(m_db, QStringLiteral("SELECT day FROM clean_events ORDER BY ts")),
             QStringLiteral("2024-01-01,2024-07-01,2024-07-02"));
}

void TestImporter::cancelStoresNothing()
{
    QByteArray body = "timestamp,value\n";
    for (int i = 0; i < 40000; ++i)
        body += QByteArray("2024-01-01T00:00:00Z,") + QByteArray::number(i) + '\n';
    CancelAtFirstReport cancel;
    auto result = Importer(m_db).importData(body, QStringLiteral("big.csv"), demo(), &cancel);
    QVERIFY(!result.ok());
    QCOMPARE(result.error().kind, Common::ErrorKind::Cancelled);
    for (const char *table : {"sources", "ingest_batches", "raw_events", "clean_events", "metric_daily"})
        QVERIFY2(rows(m_db, table) == 0, table);
}

void TestImporter::fileLevelErrorStoresNothing()
{
    QVERIFY(Importer(m_db).importFile(TestData::path("pipeline/ingest_csv_success.csv"), demo()).ok());
    const QByteArray broken = "[{\"timestamp\":\"2024-05-01T00:00:00Z\",\"value\":1},\n{\"timestamp\": \"2024-05-02T00:00:00Z\", \"value\": }]";
    auto result = Importer(m_db).importData(broken, QStringLiteral("broken.json"), demo());
    QVERIFY(!result.ok());
    QVERIFY2(result.error().message.contains(QLatin1String("line 2")), qPrintable(result.error().message));
    // What was stored before is still there, and nothing of the broken file.
    QCOMPARE(rows(m_db, "ingest_batches"), 1);
    QCOMPARE(rows(m_db, "clean_events"), 2);
    QCOMPARE(rows(m_db, "raw_events"), 2);
}

void TestImporter::missingColumnsNamesWhatIsThere()
{
    auto result = Importer(m_db).importData("when,amount_usd\n2024-01-01,3\n", QStringLiteral("odd.csv"), demo());
    QVERIFY(!result.ok());
    QCOMPARE(result.error().code, QStringLiteral("MISSING_COLUMNS"));
    const QJsonArray present = result.error().details.value(QStringLiteral("present")).toArray();
    QCOMPARE(present.size(), 2);
    QCOMPARE(rows(m_db, "ingest_batches"), 0);
    // An explicit mapping fixes it.
    ImportOptions options = demo();
    options.read.mapping.timestamp = QStringLiteral("when");
    options.read.mapping.value = QStringLiteral("amount_usd");
    auto mapped = Importer(m_db).importData("when,amount_usd\n2024-01-01,3\n", QStringLiteral("odd.csv"), options);
    QVERIFY2(mapped.ok(), qPrintable(mapped ? QString() : mapped.error().message));
    QCOMPARE(mapped->inserted, 1);
}

void TestImporter::deleteBatchRecomputesKpis()
{
    const QByteArray a = "timestamp,value\n2024-03-01T00:00:00Z,1\n2024-03-02T00:00:00Z,2\n";
    const QByteArray b = "timestamp,value\n2024-03-02T05:00:00Z,10\n2024-03-03T00:00:00Z,20\n";
    auto first = Importer(m_db).importData(a, QStringLiteral("a.csv"), demo());
    auto second = Importer(m_db).importData(b, QStringLiteral("b.csv"), demo());
    QVERIFY(first.ok() && second.ok());
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT value_sum FROM metric_daily WHERE day = '2024-03-02'")), 12);
    Ingest::BatchService batches(m_db);
    auto removal = batches.remove(second->batchId);
    QVERIFY(removal.ok());
    QCOMPARE(removal->eventsRemoved, 2);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT value_sum FROM metric_daily WHERE day = '2024-03-02'")), 2);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM metric_daily WHERE day = '2024-03-03'")), 0);
    QCOMPARE(rows(m_db, "clean_events"), 2);
    QCOMPARE(rows(m_db, "raw_events"), 2);
    auto list = batches.list();
    QVERIFY(list.ok());
    QCOMPARE(list->size(), 1);
    QCOMPARE(list->first().id, first->batchId);
    auto missing = batches.remove(9999);
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().kind, Common::ErrorKind::NotFound);
}

void TestImporter::apiDataShape()
{
    auto summary = Importer(m_db).importFile(TestData::path("pipeline/ingest_csv_success.csv"), demo());
    QVERIFY(summary.ok());
    const QJsonObject data = summary->toApiData();
    for (const char *key : {"ingested_rows", "inserted", "skipped_rows", "duplicates", "warnings", "metric", "metrics", "min_ts", "max_ts", "batch_id"})
        QVERIFY2(data.contains(QLatin1String(key)), key);
    QCOMPARE(data.value(QStringLiteral("min_ts")).toString(), QStringLiteral("2024-01-01T00:00:00.000Z"));
    QCOMPARE(data.value(QStringLiteral("max_ts")).toString(), QStringLiteral("2024-01-01T00:05:00.000Z"));
    QCOMPARE(data.value(QStringLiteral("metric")).toString(), QStringLiteral("events_total"));
}

// Identity (DESIGN.md): without event_id, a duplicate equals a stored row in every column. One user
// rating two films in the same second with the same score is two events.
void TestImporter::rowsDifferingOnlyInAnAttributeAreDistinct()
{
    const QByteArray ratings = "userId,movieId,rating,timestamp\n"
                               "1,31,2.5,1260759144\n"
                               "1,1029,2.5,1260759144\n"  // the same but for the film
                               "1,1029,2.5,1260759144\n"; // a true repeat
    ImportOptions options = demo();
    options.read.mapping.value = QStringLiteral("rating");
    auto summary = Importer(m_db).importData(ratings, QStringLiteral("ratings.csv"), options);
    QVERIFY(summary.ok());
    QCOMPARE(summary->inserted, 2);
    QCOMPARE(summary->duplicates, 1);
    QCOMPARE(summary->duplicatesInFile, 1);
    QCOMPARE(rows(m_db, "clean_events"), 2);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT value_count FROM metric_daily")), 2);

    // Flights from two airports with the same delay at the same minute: two events, in JSON too.
    const QByteArray flights = "[{\"ts\":\"2024-03-01T10:00:00Z\",\"value\":12,\"origin\":\"JFK\"},"
                               "{\"ts\":\"2024-03-01T10:00:00Z\",\"value\":12,\"origin\":\"LGA\"}]";
    auto json = Importer(m_db).importData(flights, QStringLiteral("flights.json"), demo());
    QVERIFY(json.ok());
    QCOMPARE(json->inserted, 2);
    QCOMPARE(json->duplicates, 0);
}

void TestImporter::attributeOrderAndEmptyCellsDoNotMakeADifference()
{
    const QByteArray a = "timestamp,value,airport,note\n2024-03-01T10:00:00Z,5,JFK,\n";
    const QByteArray b = "note,airport,value,timestamp\n,JFK,5,2024-03-01T10:00:00Z\n";
    const QByteArray c = "timestamp,value,airport\n2024-03-01T10:00:00Z,5,JFK\n";
    QCOMPARE(Importer(m_db).importData(a, QStringLiteral("a.csv"), demo())->inserted, 1);
    auto second = Importer(m_db).importData(b, QStringLiteral("b.csv"), demo());
    QVERIFY(second.ok());
    QCOMPARE(second->duplicatesStored, 1);
    auto third = Importer(m_db).importData(c, QStringLiteral("c.csv"), demo());
    QVERIFY(third.ok());
    QCOMPARE(third->duplicatesStored, 1);
    QCOMPARE(rows(m_db, "clean_events"), 1);
}

void TestImporter::duplicatesAreSplitStoredAndInFile()
{
    const QByteArray first = "timestamp,value\n2024-02-01T00:00:00Z,1\n2024-02-01T01:00:00Z,2\n";
    const QByteArray second = "timestamp,value\n2024-02-01T00:00:00Z,1\n"  // stored before
                              "2024-02-02T00:00:00Z,3\n"
                              "2024-02-02T00:00:00Z,3\n"                    // repeats the row above
                              "2024-02-01T00:00:00Z,1\n";                   // stored before, again
    QVERIFY(Importer(m_db).importData(first, QStringLiteral("a.csv"), demo()).ok());
    auto summary = Importer(m_db).importData(second, QStringLiteral("b.csv"), demo());
    QVERIFY(summary.ok());
    QCOMPARE(summary->inserted, 1);
    QCOMPARE(summary->duplicatesStored, 2);
    QCOMPARE(summary->duplicatesInFile, 1);
    QCOMPARE(summary->duplicates, 3);
    QCOMPARE(summary->status, QStringLiteral("committed"));
    const QJsonObject json = summary->toJson();
    QCOMPARE(json.value(QStringLiteral("duplicates_stored")).toInt(), 2);
    QCOMPARE(json.value(QStringLiteral("duplicates_in_file")).toInt(), 1);
    auto batch = Ingest::BatchService(m_db).find(summary->batchId);
    QVERIFY(batch.ok());
    QCOMPARE(batch->duplicatesInFile, 1);
    QCOMPARE(batch->duplicatesStored, 2);

    // Across the writer's flushes (a large file): repeats of earlier chunks still count as in-file.
    QByteArray big = "timestamp,value\n";
    for (int i = 0; i < 30000; ++i)
        big += QByteArray("2024-05-01T00:00:00Z,") + QByteArray::number(i % 20000) + '\n';
    auto large = Importer(m_db).importData(big, QStringLiteral("big.csv"), demo());
    QVERIFY(large.ok());
    QCOMPARE(large->inserted, 20000);
    QCOMPARE(large->duplicatesInFile, 10000);
    QCOMPARE(large->duplicatesStored, 0);
}

void TestImporter::inFileRepeatsAreSaidInWords()
{
    QByteArray data = "timestamp,value\n";
    for (int i = 0; i < 98; ++i)
        data += QByteArray("2024-02-01T00:00:") + QByteArray::number(10 + i % 49) + "Z,1\n";
    auto summary = Importer(m_db).importData(data, QStringLiteral("twice.csv"), demo());
    QVERIFY(summary.ok());
    QCOMPARE(summary->duplicatesInFile, 49);
    QCOMPARE(summary->notes.size(), 1);
    QVERIFY2(summary->notes.first().contains(QLatin1String("49 rows (50%) repeat an earlier row of this file")),
             qPrintable(summary->notes.first()));
    QCOMPARE(summary->warnings.first(), summary->notes.first());

    // At most 1%: no note.
    QByteArray few = "timestamp,value\n";
    for (int i = 0; i < 100; ++i)
        few += QByteArray("2024-03-01T00:00:00Z,") + QByteArray::number(i) + '\n';
    few += "2024-03-01T00:00:00Z,0\n";
    auto quiet = Importer(m_db).importData(few, QStringLiteral("few.csv"), demo());
    QVERIFY(quiet.ok());
    QCOMPARE(quiet->duplicatesInFile, 1);
    QVERIFY(quiet->notes.isEmpty());
}

void TestImporter::allRejectedIsAFailureKeptForReview()
{
    const QByteArray data = "timestamp,value\n32.13.2024,1\nyesterday,2\n2024-01-01,abc\n";
    auto summary = Importer(m_db).importData(data, QStringLiteral("bad.csv"), demo());
    QVERIFY(summary.ok());
    QCOMPARE(summary->status, QStringLiteral("failed"));
    QVERIFY(summary->failed());
    QCOMPARE(summary->inserted, 0);
    QCOMPARE(summary->rejected, 3);
    QVERIFY2(summary->notes.value(0).startsWith(QLatin1String("Nothing was imported: all 3 rows were rejected.")),
             qPrintable(summary->notes.value(0)));
    QVERIFY2(summary->notes.value(0).contains(QLatin1String("the value is not a number (1)")), qPrintable(summary->notes.value(0)));
    QCOMPARE(text(m_db, QStringLiteral("SELECT status FROM ingest_batches")), QStringLiteral("failed"));
    QCOMPARE(rows(m_db, "clean_events"), 0);
    QCOMPARE(rows(m_db, "metric_daily"), 0);
    auto batch = Ingest::BatchService(m_db).find(summary->batchId);
    QVERIFY(batch.ok());
    QCOMPARE(batch->status, QStringLiteral("failed"));
    QCOMPARE(batch->notes, summary->notes);
    auto rejected = Ingest::BatchService(m_db).rejectedRows(summary->batchId);
    QVERIFY(rejected.ok());
    QCOMPARE(rejected->size(), 3);

    // A re-import whose valid rows are all stored already is not a failure.
    const QByteArray mixed = "timestamp,value\n2024-01-01T00:00:00Z,1\nnope,2\n";
    QVERIFY(Importer(m_db).importData(mixed, QStringLiteral("m.csv"), demo()).ok());
    auto again = Importer(m_db).importData(mixed, QStringLiteral("m.csv"), demo());
    QVERIFY(again.ok());
    QCOMPARE(again->inserted, 0);
    QCOMPARE(again->status, QStringLiteral("committed_with_warnings"));
}

void TestImporter::manyRejectedIsAWarning()
{
    QByteArray data = "timestamp,value\n";
    for (int i = 0; i < 94; ++i)
        data += QByteArray("2024-02-01T00:00:00Z,") + QByteArray::number(i) + '\n';
    for (int i = 0; i < 6; ++i)
        data += "2024-02-01T00:00:00Z,n/a\n";
    auto summary = Importer(m_db).importData(data, QStringLiteral("six.csv"), demo());
    QVERIFY(summary.ok());
    QCOMPARE(summary->status, QStringLiteral("committed_with_warnings"));
    QVERIFY(summary->hasWarnings());
    QVERIFY2(summary->notes.value(0).startsWith(QLatin1String("6 of 100 rows (6.0%) were rejected.")), qPrintable(summary->notes.value(0)));

    QByteArray fewer = "timestamp,value\n";
    for (int i = 0; i < 95; ++i)
        fewer += QByteArray("2024-03-01T00:00:00Z,") + QByteArray::number(i) + '\n';
    for (int i = 0; i < 5; ++i)
        fewer += "2024-03-01T00:00:00Z,n/a\n";
    auto five = Importer(m_db).importData(fewer, QStringLiteral("five.csv"), demo());
    QVERIFY(five.ok());
    QCOMPARE(five->status, QStringLiteral("committed")); // 5% is not more than 5%
    QVERIFY(five->notes.isEmpty());
}

void TestImporter::rejectedRowsAreReviewableAndReimportable()
{
    const QByteArray data = "Date;Amount;\"Shop; name\"\n"
                            "2024-01-01T00:00:00Z;5;a\n"
                            "2024-01-02T00:00:00Z;1 apple;b\n"
                            "soon;7;c\n";
    ImportOptions options = demo();
    options.read.mapping.timestamp = QStringLiteral("Date");
    options.read.mapping.value = QStringLiteral("Amount");
    auto summary = Importer(m_db).importData(data, QStringLiteral("shop.csv"), options);
    QVERIFY(summary.ok());
    QCOMPARE(summary->rejected, 2);
    Ingest::BatchService batches(m_db);
    auto rejected = batches.rejectedRows(summary->batchId);
    QVERIFY(rejected.ok());
    QCOMPARE(rejected->size(), 2);
    QCOMPARE(rejected->at(0).line, 3);
    QCOMPARE(rejected->at(0).column, QStringLiteral("Amount"));
    QCOMPARE(rejected->at(0).value, QStringLiteral("1 apple"));
    QCOMPARE(Ingest::reasonText(rejected->at(0).reason), QStringLiteral("the value is not a number"));
    QCOMPARE(rejected->at(1).column, QStringLiteral("Date"));
    QCOMPARE(rejected->at(1).value, QStringLiteral("soon"));
    const QJsonObject json = rejected->at(1).toJson();
    QCOMPARE(json.value(QStringLiteral("reason_text")).toString(), QStringLiteral("not a date or time this import can read"));

    auto page = batches.rejectedRows(summary->batchId, 3, 10);
    QVERIFY(page.ok());
    QCOMPARE(page->size(), 1);
    QCOMPARE(page->first().line, 4);

    // Saved with the file's header and delimiter: fixed, it imports.
    auto file = batches.rejectedRowsFile(summary->batchId);
    QVERIFY(file.ok());
    QCOMPARE(*file, QByteArray("Date;Amount;\"Shop; name\"\r\n2024-01-02T00:00:00Z;1 apple;b\r\nsoon;7;c\r\n"));
    QByteArray fixed = *file;
    fixed.replace("1 apple", "1.5").replace("soon", "2024-03-01T00:00:00Z");
    auto again = Importer(m_db).importData(fixed, QStringLiteral("shop-fixed.csv"), options);
    QVERIFY(again.ok());
    QCOMPARE(again->inserted, 2);
    QCOMPARE(again->rejected, 0);
}

void TestImporter::rejectedJsonRowsBecomeNdjson()
{
    const QByteArray data = "[{\"ts\": \"2024-01-01T00:00:00Z\", \"value\": 1},\n"
                            " {\"ts\": \"soon\",\n  \"value\": 2}]";
    auto summary = Importer(m_db).importData(data, QStringLiteral("e.json"), demo());
    QVERIFY(summary.ok());
    QCOMPARE(summary->rejected, 1);
    auto file = Ingest::BatchService(m_db).rejectedRowsFile(summary->batchId);
    QVERIFY(file.ok());
    QCOMPARE(*file, QByteArray("{\"ts\":\"soon\",\"value\":2}\n"));
}

QTEST_GUILESS_MAIN(TestImporter)
// SQLite's import switches its per-row foreign-key checks off for its own transaction: whatever
// way the import ends (committed, rejected, cancelled), the connection enforces them again after.
void TestImporter::foreignKeysAreOnAfterEveryImport()
{
    SD_SQLITE_ONLY();
    auto enforced = [this] {
        QSqlQuery query(m_db->connection());
        if (!query.exec(QStringLiteral("PRAGMA foreign_keys")) || !query.next() || query.value(0).toInt() != 1)
            return false;
        // An orphan row is refused.
        return !query.exec(QStringLiteral("INSERT INTO raw_events (batch_id, line_no, payload, outcome) VALUES (987654, 1, 'x', 'rejected')"));
    };
    QVERIFY(enforced());
    QVERIFY(Importer(m_db).importFile(TestData::path("pipeline/ingest_csv_success.csv"), demo()).ok());
    QVERIFY(enforced());
    QVERIFY(!Importer(m_db).importFile(TestData::path("pipeline/ingest_csv_partial_failure_strict_400.csv"), demo(Ingest::Mode::Strict)).ok());
    QVERIFY(enforced());
    QByteArray body = "timestamp,value\n";
    for (int i = 0; i < 40000; ++i)
        body += QByteArray("2024-01-01T00:00:00Z,") + QByteArray::number(i) + '\n';
    CancelAtFirstReport cancel;
    QCOMPARE(Importer(m_db).importData(body, QStringLiteral("big.csv"), demo(), &cancel).error().kind, Common::ErrorKind::Cancelled);
    QVERIFY(enforced());
    // Deleting the batch still cascades to its events.
    QCOMPARE(rows(m_db, "clean_events"), 2);
    QVERIFY(m_db->exec(QStringLiteral("DELETE FROM ingest_batches")).ok());
    QCOMPARE(rows(m_db, "clean_events"), 0);
    QCOMPARE(rows(m_db, "raw_events"), 0);
}

// AirPassengers: monthly totals 1949-1960, dates before 1970 (a negative epoch). Every row is an
// event on its own day, and the KPIs land on the first of each month.
void TestImporter::historicalMonthlySeries()
{
    auto result = Importer(m_db).importFile(TestData::path("forecast/AirPassengers.csv"), demo());
    QVERIFY2(result.ok(), qPrintable(result ? QString() : result.error().message));
    QCOMPARE(result->received, 144);
    QCOMPARE(result->inserted, 144);
    QCOMPARE(result->rejected, 0);
    QCOMPARE(rows(m_db, "metric_daily"), 144);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT value_sum FROM metric_daily WHERE day = '1949-01-01'")), 112);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT value_sum FROM metric_daily WHERE day = '1960-12-01'")), 432);
    QCOMPARE(scalar(m_db, QStringLiteral("SELECT COUNT(*) FROM metric_daily WHERE day < '1949-01-01' OR day > '1960-12-01'")), 0);
    // Re-importing stores nothing new: the identity of a pre-1970 instant is stable.
    auto again = Importer(m_db).importFile(TestData::path("forecast/AirPassengers.csv"), demo());
    QVERIFY(again.ok());
    QCOMPARE(again->duplicates, 144);
}

#include "tst_importer.moc"
