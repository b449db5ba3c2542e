// Daily KPIs: incremental equals full, re-running changes nothing, filters select what they say.

#include "testdatabase.h"
#include "fuzzy.h"
#include "ingest/importer.h"
#include "kpi/kpiservice.h"
#include "pipelinetesthelpers.h"

#include <QRandomGenerator>

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
        SD_COMPARE_NEAR(row.avg * double(row.count), row.sum, 1e-6);
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

    QSqlQuery reference(db->connection());
    QVERIFY(reference.exec(QStringLiteral(
        "SELECT e.source_id, e.metric, e.day, SUM(e.value), COUNT(*), COUNT(DISTINCT e.user_id), COUNT(e.user_id),"
        " MIN(e.value), MAX(e.value), d.value_sum, d.value_count, d.value_distinct, d.value_min, d.value_max, d.value_avg"
        " FROM clean_events e LEFT JOIN metric_daily d ON d.source_id = e.source_id AND d.metric = e.metric AND d.day = e.day"
        " GROUP BY e.source_id, e.metric, e.day, d.value_sum, d.value_count, d.value_distinct, d.value_min, d.value_max, d.value_avg")));
    int groups = 0, withoutUsers = 0;
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
    QVERIFY(groups > 150);
    QVERIFY(withoutUsers >= 20);
    QCOMPARE(text(db, QStringLiteral("SELECT COUNT(*) FROM metric_daily")), QString::number(groups));
}

#include "tst_kpiservice.moc"
