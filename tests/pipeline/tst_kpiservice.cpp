// Daily KPIs: incremental equals full, re-running changes nothing, filters select what they say.

#include "testdatabase.h"
#include "fuzzy.h"
#include "anomaly/anomalyservice.h"
#include "forecast/forecastservice.h"
#include "ingest/importer.h"
#include "kpi/insertedevents.h"
#include "kpi/kpiservice.h"
#include "pipelinetesthelpers.h"
#include "storage/migrations.h"

#include <QJsonArray>
#include <QRandomGenerator>

#include <cmath>
#include <limits>

using namespace PipelineTest;

namespace {

QByteArray randomEvents(quint32 seed, int count)
{
    QRandomGenerator random(seed);
    QByteArray body = "timestamp,value,metric,user_id\n";
    for (int i = 0; i < count; ++i) {
        const qint64 ts = 1704067200000LL + qint64(random.bounded(60 * 86400)) * 1000; // 60 days of 2024
        body += QDateTime::fromMSecsSinceEpoch(ts, QTimeZone::utc()).toString(Qt::ISODate).toLatin1() + ','
              + QByteArray::number(random.bounded(10000) / 100.0) + ','
              + (random.bounded(2) ? "orders" : "revenue") + ','
              + "u" + QByteArray::number(random.bounded(50)) + '\n';
    }
    return body;
}

QList<QStringList> snapshot(const std::shared_ptr<Storage::Database> &db)
{
    QSqlQuery query(db->connection());
    query.exec(QStringLiteral("SELECT source_id, metric, day, value_sum, value_count, value_avg, value_distinct, value_min, value_max"
                              " FROM metric_daily ORDER BY source_id, metric, day"));
    QList<QStringList> rows;
    while (query.next()) {
        QStringList row;
        for (int i = 0; i < 9; ++i)
            row.append(query.value(i).typeId() == QMetaType::Double ? QString::number(query.value(i).toDouble(), 'g', 12) : query.value(i).toString());
        rows.append(row);
    }
    return rows;
}

// Every metric_daily row against a plain GROUP BY with COUNT(DISTINCT user_id) over clean_events.
void compareWithPlainSql(const std::shared_ptr<Storage::Database> &db, int &groups, int &withoutUsers)
{
    QSqlQuery reference(db->connection());
    QVERIFY(reference.exec(QStringLiteral(
        "SELECT e.source_id, e.metric, e.day, SUM(e.value), COUNT(*), COUNT(DISTINCT e.user_id), COUNT(e.user_id),"
        " MIN(e.value), MAX(e.value), d.value_sum, d.value_count, d.value_distinct, d.value_min, d.value_max, d.value_avg"
        " FROM clean_events e LEFT JOIN metric_daily d ON d.source_id = e.source_id AND d.metric = e.metric AND d.day = e.day"
        " GROUP BY e.source_id, e.metric, e.day, d.value_sum, d.value_count, d.value_distinct, d.value_min, d.value_max, d.value_avg")));
    while (reference.next()) {
        ++groups;
        const QString where = reference.value(1).toString() + QLatin1Char(' ') + reference.value(2).toString();
        QVERIFY2(!reference.value(10).isNull(), qPrintable(where + QStringLiteral(": no metric_daily row")));
        SD_COMPARE_NEAR(reference.value(9).toDouble(), reference.value(3).toDouble(), 1e-9);
        QCOMPARE(reference.value(10).toLongLong(), reference.value(4).toLongLong());
        if (reference.value(6).toLongLong() == 0) {
            ++withoutUsers;
            QVERIFY2(reference.value(11).isNull(), qPrintable(where));
        } else {
            QCOMPARE(reference.value(11).toLongLong(), reference.value(5).toLongLong());
        }
        QCOMPARE(reference.value(12).toDouble(), reference.value(7).toDouble());
        QCOMPARE(reference.value(13).toDouble(), reference.value(8).toDouble());
        SD_COMPARE_NEAR(reference.value(14).toDouble() * reference.value(10).toDouble(), reference.value(9).toDouble(), 1e-9);
    }
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM metric_daily")), qint64(groups)); // and no row more
}

// The rows with their sums and averages as exact bits (hexadecimal floats).
QStringList exactSnapshot(const std::shared_ptr<Storage::Database> &db)
{
    QSqlQuery query(db->connection());
    query.exec(QStringLiteral("SELECT source_id, metric, day, value_sum, value_avg, value_count, value_distinct, value_min, value_max"
                              " FROM metric_daily ORDER BY source_id, metric, day"));
    QStringList rows;
    while (query.next()) {
        rows.append(QString::asprintf("%lld %s %s %a %a %lld %s %a %a", query.value(0).toLongLong(), qPrintable(query.value(1).toString()),
                                      qPrintable(query.value(2).toString()), query.value(3).toDouble(), query.value(4).toDouble(),
                                      query.value(5).toLongLong(), query.value(6).isNull() ? "null" : qPrintable(query.value(6).toString()),
                                      query.value(7).toDouble(), query.value(8).toDouble()));
    }
    return rows;
}

bool isSqlite(const std::shared_ptr<Storage::Database> &db)
{
    return db->engine() == Storage::Engine::Sqlite;
}

// Every column but updated_at and the stored partials (equal sums may be split differently), doubles
// as exact bits on SQLite and to 15 digits on PostgreSQL (which sums in its own order).
QStringList everyColumn(const std::shared_ptr<Storage::Database> &db)
{
    QSqlQuery query(db->connection());
    query.exec(QStringLiteral("SELECT source_id, metric, day, value_sum, value_count, value_avg, value_distinct, value_min,"
                              " value_max, value_sum_overflow, value_sum_parts IS NULL FROM metric_daily ORDER BY source_id, metric, day"));
    QStringList rows;
    while (query.next()) {
        QStringList row;
        for (int i = 0; i < 11; ++i) {
            const QVariant v = query.value(i);
            if (v.isNull())
                row.append(QStringLiteral("null"));
            else if (i == 3 || i == 5 || i == 7 || i == 8)
                row.append(isSqlite(db) ? QString::asprintf("%a", v.toDouble()) : QString::number(v.toDouble(), 'g', 15));
            else
                row.append(v.toString());
        }
        rows.append(row.join(QLatin1Char(' ')));
    }
    return rows;
}

QByteArray eventsCsv(const QList<QPair<QByteArray, double>> &events)
{
    QByteArray body = "timestamp,value,metric,user_id\n";
    int i = 0;
    for (const auto &[day, value] : events) {
        body += day + "T" + QByteArray::number(10 + i % 10) + ":" + QByteArray::number(10 + i / 10 % 50) + ":00Z,"
              + QByteArray::number(value, 'g', 17) + ",load,u" + QByteArray::number(i % 3) + '\n';
        ++i;
    }
    return body;
}

} // namespace

class TestKpiService final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { SD_REQUIRE_ENGINE(); }
    void incrementalEqualsFull();
    void rerunChangesNothing();
    void filters();
    void daysWithoutEventsLoseTheirRow();
    void matchesPlainSqlAggregation();
    void importsAddToStoredDays();
    void sumsAreExact();
    void daysWithoutStoredSumsAreRecomputed();
    void bigImportsRecomputeTheirDays();
    void sumsBeyondRange_data();
    void sumsBeyondRange();
    void sumsBeyondRangeIncrementalEqualsFull();
    void manyDaysBeyondRangeAreCountedInTheNotes();
    void sumsBeyondRangeAreMissingDaysDownstream();
    void infiniteSumsStoredBeforeAreFlagged();

private:
    QTemporaryDir m_dir;
};

void TestKpiService::incrementalEqualsFull()
{
    auto db = freshDatabase(m_dir, QStringLiteral("incremental.db"));
    QVERIFY(db);
    Ingest::ImportOptions options;
    options.source = QStringLiteral("shop");
    for (quint32 seed = 1; seed <= 3; ++seed)
        QVERIFY(Ingest::Importer(db).importData(randomEvents(seed, 3000), QStringLiteral("part%1.csv").arg(seed), options).ok());
    const auto incremental = snapshot(db);
    QVERIFY(incremental.size() > 100);
    QVERIFY(db->exec(QStringLiteral("DELETE FROM metric_daily")).ok());
    auto stats = Kpi::KpiService(db).recompute({});
    QVERIFY(stats.ok());
    QCOMPARE(stats->rowsUpserted, incremental.size());
    QCOMPARE(stats->eventsAggregated, 9000);
    QCOMPARE(stats->metrics, (QStringList{QStringLiteral("orders"), QStringLiteral("revenue")}));
    QCOMPARE(snapshot(db), incremental);
}

void TestKpiService::rerunChangesNothing()
{
    auto db = freshDatabase(m_dir, QStringLiteral("rerun.db"));
    QVERIFY(db);
    Ingest::ImportOptions options;
    options.source = QStringLiteral("shop");
    QVERIFY(Ingest::Importer(db).importData(randomEvents(7, 500), QStringLiteral("a.csv"), options).ok());
    const QString updatedBefore = text(db, QStringLiteral("SELECT MAX(updated_at) FROM metric_daily"));
    const auto before = snapshot(db);
    Kpi::KpiService kpis(db);
    auto stats = kpis.recompute({});
    QVERIFY(stats.ok());
    QCOMPARE(stats->rowsUpserted, 0);
    QCOMPARE(stats->rowsDeleted, 0);
    QCOMPARE(snapshot(db), before);
    QCOMPARE(text(db, QStringLiteral("SELECT MAX(updated_at) FROM metric_daily")), updatedBefore);
}

void TestKpiService::filters()
{
    auto db = freshDatabase(m_dir, QStringLiteral("filters.db"));
    QVERIFY(db);
    Ingest::ImportOptions options;
    options.source = QStringLiteral("shop");
    QVERIFY(Ingest::Importer(db).importData(randomEvents(11, 2000), QStringLiteral("a.csv"), options).ok());
    options.source = QStringLiteral("other");
    QVERIFY(Ingest::Importer(db).importData(randomEvents(12, 200), QStringLiteral("b.csv"), options).ok());
    Kpi::KpiService kpis(db);
    Kpi::Filter filter;
    filter.source = QStringLiteral("shop");
    filter.metric = QStringLiteral("orders");
    filter.from = QDate(2024, 1, 10);
    filter.to = QDate(2024, 1, 20);
    auto rows = kpis.rows(filter);
    QVERIFY(rows.ok());
    QCOMPARE(rows->size(), 11);
    for (const Kpi::DailyRow &row : *rows) {
        QCOMPARE(row.source, QStringLiteral("shop"));
        QCOMPARE(row.metric, QStringLiteral("orders"));
        QVERIFY(row.day >= filter.from && row.day <= filter.to);
        QVERIFY(row.distinct.has_value());
        QVERIFY(row.min <= row.avg && row.avg <= row.max);
        SD_COMPARE_NEAR(row.avg * double(row.count), row.sum.value(), 1e-6);
    }
    const QJsonObject json = rows->first().toJson();
    for (const char *key : {"metric_date", "source_id", "metric", "value_sum", "value_avg", "value_count", "value_distinct", "value", "source", "value_min", "value_max"})
        QVERIFY2(json.contains(QLatin1String(key)), key);
    filter.source = QStringLiteral("nope");
    auto none = kpis.rows(filter);
    QVERIFY(none.ok());
    QVERIFY(none->isEmpty());
}

void TestKpiService::daysWithoutEventsLoseTheirRow()
{
    auto db = freshDatabase(m_dir, QStringLiteral("stale.db"));
    QVERIFY(db);
    Ingest::ImportOptions options;
    options.source = QStringLiteral("shop");
    QVERIFY(Ingest::Importer(db).importData("timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-02T00:00:00Z,2\n", QStringLiteral("a.csv"), options).ok());
    QVERIFY(db->exec(QStringLiteral("DELETE FROM clean_events WHERE day = '2024-01-02'")).ok());
    auto stats = Kpi::KpiService(db).recompute({});
    QVERIFY(stats.ok());
    QCOMPARE(stats->rowsDeleted, 1);
    QCOMPARE(rows(db, "metric_daily"), 1);
}

QTEST_GUILESS_MAIN(TestKpiService)
// Whatever path computes metric_daily (SQL, or SQLite's one pass over the covering index), its
// rows equal a plain GROUP BY with COUNT(DISTINCT user_id): users missing on some rows, days with
// no user at all (value_distinct NULL), several sources and metrics, negative and fractional values.
void TestKpiService::matchesPlainSqlAggregation()
{
    auto db = freshDatabase(m_dir, QStringLiteral("reference.db"));
    QVERIFY(db);
    QRandomGenerator random(99);
    for (const char *source : {"shop", "other"}) {
        QByteArray body = "timestamp,value,metric,user_id\n";
        for (int i = 0; i < 4000; ++i) {
            const qint64 ts = 1704067200000LL + qint64(random.bounded(30 * 86400)) * 1000;
            const int day = int((ts - 1704067200000LL) / 86400000);
            // Days 0-4 carry no user ids at all; elsewhere a quarter of the rows lack one.
            const bool user = day >= 5 && random.bounded(4) != 0;
            body += QDateTime::fromMSecsSinceEpoch(ts, QTimeZone::utc()).toString(Qt::ISODate).toLatin1() + ','
                  + QByteArray::number((int(random.bounded(20001)) - 10000) / 100.0) + ','
                  + (random.bounded(3) == 0 ? "a" : random.bounded(2) ? "orders" : "orders_eu") + ','
                  + (user ? "user-" + QByteArray::number(random.bounded(40)) : QByteArray()) + '\n';
        }
        Ingest::ImportOptions options;
        options.source = QString::fromLatin1(source);
        QVERIFY(Ingest::Importer(db).importData(body, QStringLiteral("%1.csv").arg(options.source), options).ok());
    }
    QVERIFY(db->exec(QStringLiteral("DELETE FROM metric_daily")).ok());
    QVERIFY(Kpi::KpiService(db).recompute({}).ok());

    int groups = 0, withoutUsers = 0;
    compareWithPlainSql(db, groups, withoutUsers);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(groups > 150);
    QVERIFY(withoutUsers >= 20);
}

// An import adds its events to the days it touched: a user the day already had is not counted
// again, a new one is; a day that had no user gains a count; duplicates add nothing. After every
// import the rows equal a plain GROUP BY, and recomputing them from scratch changes nothing (on
// SQLite, where sums are exact, bit for bit).
void TestKpiService::importsAddToStoredDays()
{
    auto db = freshDatabase(m_dir, QStringLiteral("additive.db"));
    QVERIFY(db);
    Ingest::ImportOptions options;
    options.source = QStringLiteral("shop");
    const QByteArray first = "timestamp,value,metric,user_id\n"
                             "2024-03-01T10:00:00Z,1.5,orders,u1\n"
                             "2024-03-01T11:00:00Z,2.25,orders,u2\n"
                             "2024-03-02T10:00:00Z,-4,orders,u1\n"
                             "2024-03-02T12:00:00Z,0.1,orders,\n"
                             "2024-03-04T09:00:00Z,7,orders,\n";
    const QByteArray second = "timestamp,value,metric,user_id\n"
                              "2024-03-01T12:00:00Z,3,orders,u2\n"
                              "2024-03-01T13:00:00Z,0.2,orders,u3\n"
                              "2024-03-02T13:00:00Z,0.3,orders,u9\n"
                              "2024-03-03T08:00:00Z,5,orders,u1\n"
                              "2024-03-04T10:00:00Z,-1,orders,u5\n"
                              "2024-03-04T11:00:00Z,2,orders,u5\n"
                              "2024-03-01T14:00:00Z,100,revenue,u1\n";
    Ingest::Importer importer(db);
    int groups = 0, withoutUsers = 0;
    QVERIFY(importer.importData(first, QStringLiteral("first.csv"), options).ok());
    compareWithPlainSql(db, groups, withoutUsers);
    QCOMPARE(withoutUsers, 1); // 2024-03-04
    auto added = importer.importData(second, QStringLiteral("second.csv"), options);
    QVERIFY(added.ok());
    QCOMPARE(added->inserted, 7);
    groups = withoutUsers = 0;
    compareWithPlainSql(db, groups, withoutUsers);
    QCOMPARE(groups, 5);
    QCOMPARE(withoutUsers, 0);
    QCOMPARE(text(db, QStringLiteral("SELECT value_distinct FROM metric_daily WHERE metric = 'orders' AND day = '2024-03-01'")), QStringLiteral("3"));
    QCOMPARE(text(db, QStringLiteral("SELECT value_distinct FROM metric_daily WHERE metric = 'orders' AND day = '2024-03-02'")), QStringLiteral("2"));
    QCOMPARE(text(db, QStringLiteral("SELECT value_distinct FROM metric_daily WHERE metric = 'orders' AND day = '2024-03-04'")), QStringLiteral("1"));
    QCOMPARE(text(db, QStringLiteral("SELECT value_min FROM metric_daily WHERE metric = 'orders' AND day = '2024-03-04'")), QStringLiteral("-1"));

    // Many more events on the same days, then the same file again: all duplicates, nothing changes.
    const QByteArray more = randomEvents(21, 3000).replace("2024-01-", "2024-03-").replace("2024-02-", "2024-03-");
    QVERIFY(importer.importData(more, QStringLiteral("more.csv"), options).ok());
    const QStringList afterMore = exactSnapshot(db);
    auto again = importer.importData(more, QStringLiteral("more-again.csv"), options);
    QVERIFY(again.ok());
    QCOMPARE(again->inserted, 0);
    QCOMPARE(exactSnapshot(db), afterMore);
    groups = withoutUsers = 0;
    compareWithPlainSql(db, groups, withoutUsers);

    // From scratch: the same rows.
    const auto incremental = snapshot(db);
    QVERIFY(db->exec(QStringLiteral("DELETE FROM metric_daily")).ok());
    QVERIFY(Kpi::KpiService(db).recompute({}).ok());
    QCOMPARE(snapshot(db), incremental);
    if (isSqlite(db))
        QCOMPARE(exactSnapshot(db), afterMore);
}

// Sums are exact on SQLite whatever the order events arrive in, across imports: 1e16 + 1 + 1 - 1e16
// is 2, where adding in that order in doubles gives 0.
void TestKpiService::sumsAreExact()
{
    auto db = freshDatabase(m_dir, QStringLiteral("exact.db"));
    QVERIFY(db);
    if (!isSqlite(db))
        QSKIP("PostgreSQL sums in SQL, in its own order");
    Ingest::ImportOptions options;
    options.source = QStringLiteral("lab");
    Ingest::Importer importer(db);
    QVERIFY(importer.importData("timestamp,value\n2024-05-01T00:00:00Z,1e16\n", QStringLiteral("a.csv"), options).ok());
    QVERIFY(importer.importData("timestamp,value\n2024-05-01T01:00:00Z,1\n2024-05-01T02:00:00Z,1\n", QStringLiteral("b.csv"), options).ok());
    QVERIFY(importer.importData("timestamp,value\n2024-05-01T03:00:00Z,-1e16\n", QStringLiteral("c.csv"), options).ok());
    QCOMPARE(text(db, QStringLiteral("SELECT value_sum FROM metric_daily")), QStringLiteral("2"));
    QCOMPARE(text(db, QStringLiteral("SELECT value_avg FROM metric_daily")), QStringLiteral("0.5"));
    QVERIFY(db->exec(QStringLiteral("DELETE FROM metric_daily")).ok());
    QVERIFY(Kpi::KpiService(db).recompute({}).ok());
    QCOMPARE(text(db, QStringLiteral("SELECT value_sum FROM metric_daily")), QStringLiteral("2"));
}

// A day whose row lacks the stored exact sum (written before it was kept), holds one that cannot be
// read, or has no row although it has events, is recomputed from its events when an import touches it.
void TestKpiService::daysWithoutStoredSumsAreRecomputed()
{
    auto db = freshDatabase(m_dir, QStringLiteral("fallback.db"));
    QVERIFY(db);
    Ingest::ImportOptions options;
    options.source = QStringLiteral("shop");
    Ingest::Importer importer(db);
    QVERIFY(importer.importData(randomEvents(31, 3000), QStringLiteral("a.csv"), options).ok());
    // Wrong counts that only a recompute from the events puts right.
    QVERIFY(db->exec(QStringLiteral("UPDATE metric_daily SET value_sum_parts = NULL, value_count = value_count + 1000 WHERE day = '2024-01-05'")).ok());
    if (isSqlite(db))
        QVERIFY(db->exec(QStringLiteral("UPDATE metric_daily SET value_sum_parts = X'0102', value_count = value_count + 1000 WHERE day = '2024-01-06'")).ok());
    QVERIFY(db->exec(QStringLiteral("DELETE FROM metric_daily WHERE day = '2024-01-07'")).ok());
    QVERIFY(importer.importData(randomEvents(32, 3000), QStringLiteral("b.csv"), options).ok());
    int groups = 0, withoutUsers = 0;
    compareWithPlainSql(db, groups, withoutUsers);
    QVERIFY(groups >= 120);
    if (isSqlite(db))
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM metric_daily WHERE value_sum_parts IS NULL")), 0);
}

// Past its limit the tally keeps only which days were touched, and those are recomputed.
void TestKpiService::bigImportsRecomputeTheirDays()
{
    auto db = freshDatabase(m_dir, QStringLiteral("big.db"));
    QVERIFY(db);
    Ingest::ImportOptions options;
    options.source = QStringLiteral("shop");
    QVERIFY(Ingest::Importer(db).importData(randomEvents(41, 2000), QStringLiteral("a.csv"), options).ok());
    const qint64 shop = scalar(db, QStringLiteral("SELECT id FROM sources WHERE name = 'shop'"));

    QSqlDatabase connection = db->connection();
    Kpi::InsertedEvents inserted(2);
    QVERIFY(inserted.start(connection).ok());
    inserted.add(shop, QStringLiteral("orders"), 19732, QStringLiteral("2024-01-10"), "u1", 1.0);
    inserted.add(shop, QStringLiteral("orders"), 19733, QStringLiteral("2024-01-11"), QByteArray(), 2.0);
    QCOMPARE(inserted.hasTallies(), isSqlite(db)); // the SQL path always recomputes
    inserted.add(shop, QStringLiteral("orders"), 19735, QStringLiteral("2024-01-13"), "u2", 3.0);
    QVERIFY(!inserted.hasTallies());
    const auto &days = inserted.days().value({shop, QStringLiteral("orders")});
    QCOMPARE(days.size(), 3);
    QCOMPARE(days.value(19735).dayText, QStringLiteral("2024-01-13"));
    QCOMPARE(days.value(19735).count, 0);
    const QList<QPair<QString, QString>> runs{{QStringLiteral("2024-01-10"), QStringLiteral("2024-01-11")},
                                              {QStringLiteral("2024-01-13"), QStringLiteral("2024-01-13")}};
    QCOMPARE(Kpi::InsertedEvents::runsOf(days), runs);

    // Rows gone wrong on those days are recomputed from their events; others are left as they are.
    QVERIFY(db->exec(QStringLiteral("UPDATE metric_daily SET value_count = value_count + 1000 WHERE metric = 'orders'"
                                    " AND day IN ('2024-01-10', '2024-01-11', '2024-01-13')")).ok());
    QVERIFY(db->exec(QStringLiteral("UPDATE metric_daily SET value_count = value_count + 1000 WHERE metric = 'orders' AND day = '2024-01-12'")).ok());
    QVERIFY(connection.transaction());
    QVERIFY(Kpi::KpiService::applyInserted(connection, inserted).ok());
    QVERIFY(connection.commit());
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM metric_daily WHERE value_count > 1000")), 1);
    QVERIFY(db->exec(QStringLiteral("UPDATE metric_daily SET value_count = value_count - 1000 WHERE value_count > 1000")).ok());
    int groups = 0, withoutUsers = 0;
    compareWithPlainSql(db, groups, withoutUsers);
}

// A day whose sum is beyond the largest double keeps no sum (never infinity) but its count, average,
// minimum and maximum, is flagged, and the import says so in words. A running sum may overflow on
// its way to a total that is not beyond range: that total is stored (exactly on SQLite).
void TestKpiService::sumsBeyondRange_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<bool>("beyond");
    QTest::addColumn<double>("sum");
    QTest::addColumn<double>("avg");
    const double max = std::numeric_limits<double>::max();
    QTest::newRow("1e308 twice") << QList<double>{1e308, 1e308} << true << 0.0 << 1e308;
    QTest::newRow("-1e308 twice") << QList<double>{-1e308, -1e308} << true << 0.0 << -1e308;
    QTest::newRow("1e308, 1e308, -1e308") << QList<double>{1e308, 1e308, -1e308} << false << 1e308 << 1e308 / 3;
    QTest::newRow("max five times") << QList<double>{max, max, max, max, max} << true << 0.0 << max;
    QTest::newRow("1e308, 1e308, 4e307") << QList<double>{1e308, 1e308, 4e307} << true << 0.0 << 8e307;
}

void TestKpiService::sumsBeyondRange()
{
    QFETCH(QList<double>, values);
    QFETCH(bool, beyond);
    QFETCH(double, sum);
    QFETCH(double, avg);
    auto db = freshDatabase(m_dir, QStringLiteral("beyond-%1.db").arg(QString::fromUtf8(QTest::currentDataTag())).replace(QLatin1Char(' '), QLatin1Char('_')));
    QVERIFY(db);
    QList<QPair<QByteArray, double>> events;
    for (double v : std::as_const(values))
        events.append({"2024-01-01", v});
    events.append({"2024-01-02", 5.0});
    Ingest::ImportOptions options;
    options.source = QStringLiteral("lab");
    auto summary = Ingest::Importer(db).importData(eventsCsv(events), QStringLiteral("big.csv"), options);
    QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
    const QString warning = QStringLiteral("The sum of metric load on 2024-01-01 is beyond \u00b11.8e308 and is not stored;"
                                           " its count, average, minimum and maximum are.");
    QCOMPARE(summary->warnings.contains(warning), beyond);
    // The outcome says so where people look: the status and the notes every summary prints.
    QCOMPARE(summary->notes.contains(warning), beyond);
    QCOMPARE(summary->status, beyond ? QStringLiteral("committed_with_warnings") : QStringLiteral("committed"));
    QCOMPARE(summary->notes.size(), beyond ? 1 : 0); // no "0 rows were rejected" note

    const auto check = [&]() {
        auto rows = Kpi::KpiService(db).rows({});
        QVERIFY(rows.ok());
        QCOMPARE(rows->size(), 2);
        const Kpi::DailyRow &row = rows->first();
        QCOMPARE(row.count, values.size());
        QCOMPARE(row.min, *std::min_element(values.cbegin(), values.cend()));
        QCOMPARE(row.max, *std::max_element(values.cbegin(), values.cend()));
        QCOMPARE(row.distinct, std::optional<qint64>(std::min(qsizetype(3), values.size())));
        QVERIFY(std::isfinite(row.avg));
        QCOMPARE(row.avg, avg); // fuzzy: the last bits depend on the engine's order of summing
        QCOMPARE(row.sumOverflow, beyond);
        QCOMPARE(row.sum.has_value(), !beyond);
        if (!beyond)
            QCOMPARE(*row.sum, sum);
        const QJsonObject json = row.toJson();
        QCOMPARE(json.value(QStringLiteral("value_sum")).isNull(), beyond);
        QCOMPARE(json.value(QStringLiteral("value")).isNull(), beyond);
        QCOMPARE(json.value(QStringLiteral("value_sum_overflow")).toBool(), beyond);
        QCOMPARE(rows->last().sum, std::optional<double>(5.0));
        QCOMPARE(rows->last().sumOverflow, false);
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM metric_daily WHERE value_sum_overflow = 1")), beyond ? 1 : 0);
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM metric_daily WHERE value_sum IS NULL")), beyond ? 1 : 0);
    };
    check();
    if (QTest::currentTestFailed())
        return;
    // A full recompute: the same row, and its stats name the day.
    QVERIFY(db->exec(QStringLiteral("DELETE FROM metric_daily")).ok());
    auto stats = Kpi::KpiService(db).recompute({});
    QVERIFY(stats.ok());
    QCOMPARE(stats->overflowedDays.size(), beyond ? 1 : 0);
    if (beyond) {
        QCOMPARE(stats->overflowedDays.first().metric, QStringLiteral("load"));
        QCOMPARE(stats->overflowedDays.first().day, QStringLiteral("2024-01-01"));
        QCOMPARE(stats->toJson().value(QStringLiteral("sums_beyond_range")).toArray().size(), 1);
    }
    check();
}

// Seven days beyond range: the notes name five and count the rest; the warnings name all seven.
void TestKpiService::manyDaysBeyondRangeAreCountedInTheNotes()
{
    auto db = freshDatabase(m_dir, QStringLiteral("beyond-many.db"));
    QVERIFY(db);
    QList<QPair<QByteArray, double>> events;
    for (int day = 1; day <= 7; ++day) {
        const QByteArray date = "2024-03-0" + QByteArray::number(day);
        events.append({date, 1e308});
        events.append({date, 1e308});
    }
    Ingest::ImportOptions options;
    options.source = QStringLiteral("lab");
    auto summary = Ingest::Importer(db).importData(eventsCsv(events), QStringLiteral("big.csv"), options);
    QVERIFY(summary.ok());
    QCOMPARE(summary->status, QStringLiteral("committed_with_warnings"));
    QCOMPARE(summary->notes.size(), 6);
    QVERIFY(summary->notes.at(4).contains(QLatin1String("2024-03-05")));
    QCOMPARE(summary->notes.at(5), QStringLiteral("The sums of 2 more days are beyond \u00b11.8e308 and are not stored."));
    int named = 0;
    for (const QString &warning : std::as_const(summary->warnings))
        named += warning.startsWith(QLatin1String("The sum of metric load on 2024-03-0")) ? 1 : 0;
    QCOMPARE(named, 7);
}

// Imported in parts, with days that go beyond range, come back, or stay: the rows equal one full
// recompute in every column (bit for bit on SQLite).
void TestKpiService::sumsBeyondRangeIncrementalEqualsFull()
{
    auto db = freshDatabase(m_dir, QStringLiteral("beyond-parts.db"));
    QVERIFY(db);
    const double max = std::numeric_limits<double>::max();
    const QList<QList<QPair<QByteArray, double>>> parts{
        {{"2024-02-01", 1e308}, {"2024-02-02", 1e308}, {"2024-02-02", 1e308}, {"2024-02-03", 2.5}, {"2024-02-04", -max},
         {"2024-02-04", -max}, {"2024-02-05", max}, {"2024-02-07", 0x1p-1074}},
        {{"2024-02-01", 1e308}, {"2024-02-02", -1e308}, {"2024-02-03", 1e-300}, {"2024-02-04", -1.0}, {"2024-02-05", max},
         {"2024-02-05", -max}, {"2024-02-05", 0x1p970}, {"2024-02-07", 0x1p-1074}},
        {{"2024-02-01", -1e308}, {"2024-02-04", -1e300}, {"2024-02-05", -0x1p-1074}, {"2024-02-06", 7.0}},
    };
    // 2024-02-05 is at the very top: the largest double plus half its last place after the second
    // part (a tie, to even: beyond), a hair less after the third. Only exact sums (SQLite) get that
    // right; PostgreSQL's sums are rounded in its own order.
    QList<QList<QPair<QByteArray, double>>> used = parts;
    if (!isSqlite(db)) {
        for (auto &part : used)
            part.removeIf([](const QPair<QByteArray, double> &event) { return event.first == "2024-02-05"; });
    }
    Ingest::ImportOptions options;
    options.source = QStringLiteral("lab");
    Ingest::Importer importer(db);
    QList<QStringList> warnings;
    int offset = 0;
    for (const auto &part : std::as_const(used)) {
        // Distinct timestamps across parts, so no event is a duplicate of another.
        QByteArray csv = eventsCsv(part);
        csv.replace(":00Z", QByteArray(":" + QByteArray::number(10 + offset++) + "Z"));
        auto summary = importer.importData(csv, QStringLiteral("part.csv"), options);
        QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
        QCOMPARE(summary->inserted, part.size());
        QStringList beyond;
        for (const QString &w : summary->warnings) {
            if (w.startsWith(QLatin1String("The sum of metric load on ")))
                beyond.append(w.mid(26, 10));
        }
        warnings.append(beyond);
    }
    QList<QStringList> expectedWarnings{
        {QStringLiteral("2024-02-02"), QStringLiteral("2024-02-04")},
        {QStringLiteral("2024-02-01"), QStringLiteral("2024-02-04")},
        {QStringLiteral("2024-02-04")},
    };
    if (isSqlite(db))
        expectedWarnings[1].append(QStringLiteral("2024-02-05"));
    QCOMPARE(warnings, expectedWarnings);
    const QStringList incremental = everyColumn(db);
    QCOMPARE(incremental.size(), isSqlite(db) ? 7 : 6);
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM metric_daily WHERE value_sum_overflow = 1")), 1); // 2024-02-04
    // 2024-02-01 overflowed after the second part, and came back with the third.
    QCOMPARE(text(db, QStringLiteral("SELECT value_sum FROM metric_daily WHERE day = '2024-02-01'")), QStringLiteral("1e+308"));
    if (isSqlite(db)) {
        // max + max - max + 2^970 is the largest double plus half its last place: a tie, to even: beyond,
        // unless the smallest negative double is added too (the third part).
        QCOMPARE(text(db, QStringLiteral("SELECT value_sum FROM metric_daily WHERE day = '2024-02-05'")), QString::number(max, 'g', 17));
        QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM metric_daily WHERE value_sum_parts IS NULL")), 0);
    }

    QVERIFY(db->exec(QStringLiteral("DELETE FROM metric_daily")).ok());
    auto stats = Kpi::KpiService(db).recompute({});
    QVERIFY(stats.ok());
    QCOMPARE(stats->overflowedDays.size(), 1);
    QCOMPARE(everyColumn(db), incremental);
    // And a re-run writes nothing (comparing rows near the largest and smallest doubles raises no
    // overflow or underflow on PostgreSQL).
    auto again = Kpi::KpiService(db).recompute({});
    QVERIFY2(again.ok(), again.ok() ? "" : qPrintable(again.error().message));
    QCOMPARE(again->rowsUpserted, 0);
}

// Downstream a day without a sum is a missing day for the sum; the other fields are there.
void TestKpiService::sumsBeyondRangeAreMissingDaysDownstream()
{
    auto db = freshDatabase(m_dir, QStringLiteral("beyond-downstream.db"));
    QVERIFY(db);
    QList<QPair<QByteArray, double>> events;
    for (int day = 1; day <= 20; ++day)
        events.append({QStringLiteral("2024-03-%1").arg(day, 2, 10, QLatin1Char('0')).toLatin1(), 10.0 + day % 3});
    events.append({"2024-03-10", 1e308});
    events.append({"2024-03-10", 1e308});
    Ingest::ImportOptions options;
    options.source = QStringLiteral("lab");
    QVERIFY(Ingest::Importer(db).importData(eventsCsv(events), QStringLiteral("d.csv"), options).ok());

    Anomaly::AnomalyService anomalies(db);
    for (const auto field : {Anomaly::ValueField::Sum, Anomaly::ValueField::Avg}) {
        Anomaly::RunRequest request{QStringLiteral("lab"), QStringLiteral("load"), {}, {}, {}};
        request.params.field = field;
        auto result = anomalies.run(request, false);
        QVERIFY2(result.ok(), result.ok() ? "" : qPrintable(result.error().message));
        QCOMPARE(result->points.size(), 20);
        const auto day10 = std::find_if(result->points.cbegin(), result->points.cend(),
                                        [](const Anomaly::AnomalyPoint &p) { return p.day == QDate(2024, 3, 10); });
        QVERIFY(day10 != result->points.cend());
        QCOMPARE(day10->value.has_value(), field != Anomaly::ValueField::Sum);
    }
    Anomaly::RunRequest forest{QStringLiteral("lab"), QStringLiteral("load"), Anomaly::AnomalyParams::defaults(Anomaly::Method::IsolationForest), {}, {}};
    QVERIFY(anomalies.run(forest, false).ok());

    auto history = Forecast::ForecastService(db).history(QStringLiteral("lab"), QStringLiteral("load"));
    QVERIFY(history.ok());
    QCOMPARE(history->values.size(), size_t(20));
    QVERIFY(std::isnan(history->values[9]));
    QCOMPARE(history->values[8], 10.0);
}

// SQLite databases written before schema 7 hold such sums, and their averages, as infinity.
void TestKpiService::infiniteSumsStoredBeforeAreFlagged()
{
    const QString location = m_dir.filePath(QStringLiteral("infinite-before.db"));
    {
        auto db = freshDatabase(m_dir, QStringLiteral("infinite-before.db"));
        QVERIFY(db);
        if (!isSqlite(db))
            QSKIP("PostgreSQL refused to store such sums (value out of range)");
        Ingest::ImportOptions options;
        options.source = QStringLiteral("lab");
        QVERIFY(Ingest::Importer(db).importData(eventsCsv({{"2024-04-01", 1e308}, {"2024-04-01", 1e308}, {"2024-04-02", 1.0}}),
                                                QStringLiteral("a.csv"), options).ok());
        QVERIFY(db->exec(QStringLiteral("UPDATE metric_daily SET value_sum = 9e999, value_avg = 9e999, value_sum_overflow = 0"
                                        " WHERE day = '2024-04-01'")).ok());
        QVERIFY(db->exec(QStringLiteral("DELETE FROM schema_migrations WHERE version >= 7")).ok());
        db->releaseThreadConnection();
    }
    auto reopened = Storage::Database::open(location);
    QVERIFY2(reopened.ok(), reopened.ok() ? "" : qPrintable(reopened.error().message));
    auto db = *reopened;
    QCOMPARE(db->schemaVersion(), Storage::Migrations::latestVersion());
    QCOMPARE(text(db, QStringLiteral("SELECT COALESCE(value_sum, 'null') || ' ' || value_sum_overflow || ' ' || value_avg"
                                     " FROM metric_daily WHERE day = '2024-04-01'")),
             QStringLiteral("null 1 1.0e+308"));
    QCOMPARE(text(db, QStringLiteral("SELECT value_sum || ' ' || value_sum_overflow FROM metric_daily WHERE day = '2024-04-02'")),
             QStringLiteral("1.0 0"));
}

#include "tst_kpiservice.moc"
