#include "kpiservice.h"

#include "common/clock.h"
#include "kpi/dailyupsert.h"
#include "kpi/insertedevents.h"
#include "kpi/kpilog.h"
#include "kpi/sqliteaggregation.h"
#include "storage/bulkwritelease.h"
#include "storage/database.h"

#include <QJsonArray>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <limits>

namespace Kpi {

using Common::Error;
using Common::Result;

namespace {

// A WHERE condition over one table alias plus the values it binds.
struct Condition
{
    QString sql = QStringLiteral("1 = 1");
    QList<QPair<QString, QVariant>> binds;

    void add(const QString &clause, const QString &name, const QVariant &value)
    {
        sql += QStringLiteral(" AND ") + clause;
        binds.append({name, value});
    }
    void bindTo(QSqlQuery &query) const
    {
        for (const auto &[name, value] : binds)
            query.bindValue(name, value);
    }
};

Condition conditionFor(const QString &alias, const Filter &filter)
{
    Condition condition;
    const QString a = alias + QLatin1Char('.');
    if (!filter.source.isEmpty())
        condition.add(a + QStringLiteral("source_id = (SELECT id FROM sources WHERE name = :source)"), QStringLiteral(":source"), filter.source);
    if (!filter.metric.isEmpty())
        condition.add(a + QStringLiteral("metric = :metric"), QStringLiteral(":metric"), filter.metric);
    if (filter.from.isValid())
        condition.add(a + QStringLiteral("day >= :from"), QStringLiteral(":from"), filter.from.toString(Qt::ISODate));
    if (filter.to.isValid())
        condition.add(a + QStringLiteral("day <= :to"), QStringLiteral(":to"), filter.to.toString(Qt::ISODate));
    return condition;
}

// A double constant for SQL, exactly (17 digits read back to the same double).
QString exactDouble(double value)
{
    return QStringLiteral("CAST('%1' AS DOUBLE PRECISION)").arg(QString::number(value, 'g', 17));
}

// Upserts the aggregates of the selected events; rows whose values did not change are not written,
// so a re-run changes nothing (not even updated_at).
//
// PostgreSQL raises an error when a float8 sum, or AVG's sum of squares, overflows, and when a
// product underflows to zero. So values from 2^-900 up are summed scaled by 2^-64 (exactly: a power of
// two), smaller ones as they are; a day whose scaled sum is beyond the largest double scaled alike
// gets no value_sum (value_sum_overflow = 1), and its average is the scaled sum's, clamped to
// [min, max]. Otherwise sum and average are what SUM and AVG gave before, except that a mean below the
// smallest double's magnitude is 0 (the division would raise an underflow error).
QString upsertSql()
{
    const QString tiny = exactDouble(0x1p-900);
    const QString down = exactDouble(0x1p-64);
    const QString up = exactDouble(0x1p64);
    const QString limit = exactDouble(std::numeric_limits<double>::max() * 0x1p-64);
    const QString max = exactDouble(std::numeric_limits<double>::max());
    const QString big = QStringLiteral("COALESCE(SUM(CASE WHEN ABS(e.value) >= %1 THEN e.value * %2 END), 0)").arg(tiny, down);
    const QString small = QStringLiteral("COALESCE(SUM(CASE WHEN ABS(e.value) < %1 THEN e.value END), 0)").arg(tiny);
    const QString fits = QStringLiteral("ABS(%1) <= %2").arg(big, limit);
    const QString sum = QStringLiteral("(%1 * %2 + %3)").arg(big, up, small);
    const QString mean = QStringLiteral("CASE WHEN ABS(%1) >= COUNT(*) * %2 THEN %1 / COUNT(*) ELSE 0 END")
                             .arg(sum, exactDouble(std::numeric_limits<double>::denorm_min()));
    const QString scaledMean = QStringLiteral("(%1 / COUNT(*))").arg(big);
    const QString overflowMean = QStringLiteral("LEAST(MAX(e.value), GREATEST(MIN(e.value),"
                                                " CASE WHEN ABS(%1) <= %2 THEN %1 * %3 ELSE SIGN(%1) * %4 END))")
                                     .arg(scaledMean, limit, up, max);
    return QString::fromLatin1(DailyInsertSql)
         + QStringLiteral(" SELECT e.source_id, e.metric, e.day,"
                          " CASE WHEN %1 THEN %2 END, COUNT(*),"
                          " CASE WHEN %1 THEN %5 ELSE %3 END,"
                          " CASE WHEN COUNT(e.user_id) = 0 THEN NULL ELSE COUNT(DISTINCT e.user_id) END,"
                          " MIN(e.value), MAX(e.value), NULL, CASE WHEN %1 THEN 0 ELSE 1 END, :now"
                          " FROM clean_events e WHERE %4"
                          " GROUP BY e.source_id, e.metric, e.day")
               .arg(fits, sum, overflowMean, QStringLiteral("%1"), mean)
         + QString::fromLatin1(DailyOnConflictPostgres);
}

const QString UpsertSql = upsertSql();

const QString DeleteStaleSql = QStringLiteral(
    "DELETE FROM metric_daily WHERE %1 AND NOT EXISTS (SELECT 1 FROM clean_events e"
    " WHERE e.source_id = metric_daily.source_id AND e.metric = metric_daily.metric AND e.day = metric_daily.day)");

// What a recompute covers, for the SQLite path: the series it selects (one known series, or those of
// a source name and/or metric) and its day range ('YYYY-MM-DD', empty = open).
struct Scope
{
    std::optional<SqliteSeries> series;
    QString sourceName;
    QString metric;
    QString from;
    QString to;
};

Result<RecomputeStats> recomputeWhere(QSqlDatabase connection, const Condition &events, const Condition &daily,
                                      const Scope &scope)
{
    RecomputeStats stats;
    QSqlQuery query(connection);
    const auto sqlite = SqliteAggregation::open(connection, Common::nowIsoUtc());
    if (sqlite) {
        QList<SqliteSeries> series;
        if (scope.series) {
            series.append(*scope.series);
        } else {
            auto found = sqlite->series(scope.sourceName, scope.metric);
            if (!found)
                return found.error();
            series = *found;
        }
        for (const SqliteSeries &one : std::as_const(series)) {
            auto written = sqlite->recompute(one, scope.from, scope.to);
            if (!written)
                return written.error();
            stats.rowsUpserted += *written;
        }
        stats.overflowedDays = sqlite->takeOverflowedDays();
    } else {
        if (!query.prepare(UpsertSql.arg(events.sql)))
            return Storage::Database::sqlError(query.lastError(), QStringLiteral("preparing the KPI aggregation"));
        events.bindTo(query);
        query.bindValue(QStringLiteral(":now"), Common::nowIsoUtc());
        if (!query.exec())
            return Storage::Database::sqlError(query.lastError(), QStringLiteral("aggregating daily KPIs"));
        stats.rowsUpserted = query.numRowsAffected();
    }

    if (!query.prepare(DeleteStaleSql.arg(daily.sql)))
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("preparing the KPI clean-up"));
    daily.bindTo(query);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("removing days without events"));
    stats.rowsDeleted = query.numRowsAffected();

    if (!sqlite) {
        // The SQLite pass noted them as it wrote.
        if (!query.prepare(QStringLiteral("SELECT source_id, metric, day FROM metric_daily WHERE %1 AND value_sum_overflow = 1")
                               .arg(daily.sql)))
            return Storage::Database::sqlError(query.lastError(), QStringLiteral("preparing the read of sums beyond range"));
        daily.bindTo(query);
        if (!query.exec())
            return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading sums beyond range"));
        while (query.next())
            stats.overflowedDays.append({query.value(0).toLongLong(), query.value(1).toString(), query.value(2).toString()});
    }
    std::sort(stats.overflowedDays.begin(), stats.overflowedDays.end());

    if (!query.prepare(QStringLiteral("SELECT d.metric, COUNT(DISTINCT d.source_id), SUM(d.value_count) FROM metric_daily d"
                                      " WHERE %1 GROUP BY d.metric ORDER BY d.metric").arg(QString(daily.sql).replace(QLatin1String("metric_daily."), QLatin1String("d."))))
        || (daily.bindTo(query), !query.exec())) {
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("summarising daily KPIs"));
    }
    while (query.next()) {
        stats.metrics.append(query.value(0).toString());
        stats.groups += query.value(1).toLongLong();
        stats.eventsAggregated += query.value(2).toLongLong();
    }
    return stats;
}

} // namespace

QJsonObject DailyRow::toJson() const
{
    const QString date = day.toString(Qt::ISODate);
    const QJsonValue sumValue = sum ? QJsonValue(*sum) : QJsonValue();
    QJsonObject json{{QStringLiteral("metric_date"), date},
                     {QStringLiteral("source_id"), sourceId},
                     {QStringLiteral("source"), source},
                     {QStringLiteral("metric"), metric},
                     {QStringLiteral("value_sum"), sumValue},
                     {QStringLiteral("value_avg"), avg},
                     {QStringLiteral("value_count"), count},
                     {QStringLiteral("value_distinct"), distinct ? QJsonValue(*distinct) : QJsonValue()},
                     {QStringLiteral("value_min"), min},
                     {QStringLiteral("value_max"), max},
                     {QStringLiteral("value"), sumValue}};
    if (sumOverflow)
        json.insert(QStringLiteral("value_sum_overflow"), true);
    return json;
}

QString OverflowedDay::warning() const
{
    return QStringLiteral("The sum of metric %1 on %2 is beyond \u00b11.8e308 and is not stored; its count, average, minimum and maximum are.")
        .arg(metric, day);
}

QJsonObject RecomputeStats::toJson() const
{
    QJsonObject json{{QStringLiteral("rows_upserted"), rowsUpserted},
                     {QStringLiteral("rows_deleted"), rowsDeleted},
                     {QStringLiteral("groups_upserted"), groups},
                     {QStringLiteral("rows_aggregated"), eventsAggregated},
                     {QStringLiteral("metrics"), QJsonArray::fromStringList(metrics)}};
    if (!overflowedDays.isEmpty()) {
        QJsonArray days;
        for (const OverflowedDay &day : overflowedDays)
            days.append(QJsonObject{{QStringLiteral("source_id"), day.sourceId}, {QStringLiteral("metric"), day.metric},
                                    {QStringLiteral("day"), day.day}});
        json.insert(QStringLiteral("sums_beyond_range"), days);
    }
    return json;
}

KpiService::KpiService(std::shared_ptr<Storage::Database> database)
    : m_database(std::move(database))
{
}

Result<RecomputeStats> KpiService::recomputeRange(QSqlDatabase connection, qint64 sourceId, const QString &metric,
                                                  const QString &fromDay, const QString &toDay)
{
    auto build = [&](const QString &alias) {
        Condition c;
        const QString a = alias + QLatin1Char('.');
        c.add(a + QStringLiteral("source_id = :sid"), QStringLiteral(":sid"), sourceId);
        c.add(a + QStringLiteral("metric = :metric"), QStringLiteral(":metric"), metric);
        c.add(a + QStringLiteral("day >= :from"), QStringLiteral(":from"), fromDay);
        c.add(a + QStringLiteral("day <= :to"), QStringLiteral(":to"), toDay);
        return c;
    };
    return recomputeWhere(connection, build(QStringLiteral("e")), build(QStringLiteral("metric_daily")),
                          Scope{SqliteSeries{sourceId, metric}, {}, {}, fromDay, toDay});
}

Result<RecomputeStats> KpiService::applyInserted(QSqlDatabase connection, const InsertedEvents &inserted)
{
    RecomputeStats total;
    if (auto sqlite = SqliteAggregation::open(connection, Common::nowIsoUtc())) {
        auto written = sqlite->applyInserted(inserted);
        if (!written)
            return written.error();
        total.rowsUpserted = *written;
        total.overflowedDays = sqlite->takeOverflowedDays();
    } else {
        // SQL: the touched days, in contiguous runs, recomputed from their events.
        for (auto it = inserted.days().constBegin(); it != inserted.days().constEnd(); ++it) {
            for (const auto &[from, to] : InsertedEvents::runsOf(it.value())) {
                auto stats = recomputeRange(connection, it.key().first, it.key().second, from, to);
                if (!stats)
                    return stats.error();
                total.rowsUpserted += stats->rowsUpserted;
                total.rowsDeleted += stats->rowsDeleted;
                total.overflowedDays += stats->overflowedDays;
            }
        }
    }
    total.groups = inserted.days().size();
    for (auto it = inserted.days().constBegin(); it != inserted.days().constEnd(); ++it) {
        if (!total.metrics.contains(it.key().second))
            total.metrics.append(it.key().second);
    }
    total.metrics.sort();
    std::sort(total.overflowedDays.begin(), total.overflowedDays.end());
    return total;
}

Result<RecomputeStats> KpiService::recompute(const Filter &filter, int leaseWaitMs)
{
    // Not beside an import: on SQLite its rows are stored before its batch is committed.
    Storage::BulkWriteLease lease(m_database, QStringLiteral("a KPI recompute"));
    if (Common::Status s = lease.acquire({}, leaseWaitMs); !s)
        return s.error();
    QSqlDatabase connection = m_database->connection();
    if (!connection.transaction())
        return Storage::Database::sqlError(connection.lastError(), QStringLiteral("starting the KPI recompute"));
    const Scope scope{std::nullopt, filter.source, filter.metric,
                      filter.from.isValid() ? filter.from.toString(Qt::ISODate) : QString(),
                      filter.to.isValid() ? filter.to.toString(Qt::ISODate) : QString()};
    auto result = recomputeWhere(connection, conditionFor(QStringLiteral("e"), filter),
                                 conditionFor(QStringLiteral("metric_daily"), filter), scope);
    if (!result) {
        connection.rollback();
        return result;
    }
    if (!connection.commit())
        return Storage::Database::sqlError(connection.lastError(), QStringLiteral("committing the KPI recompute"));
    qCInfo(lcKpi).noquote() << QStringLiteral("Recomputed daily KPIs: %1 rows written, %2 removed, %3 events")
                                   .arg(result->rowsUpserted).arg(result->rowsDeleted).arg(result->eventsAggregated);
    return result;
}

Result<QList<DailyRow>> KpiService::rows(const Filter &filter)
{
    const Condition condition = conditionFor(QStringLiteral("d"), filter);
    QSqlQuery query(m_database->connection());
    query.setForwardOnly(true);
    if (!query.prepare(QStringLiteral("SELECT d.source_id, s.name, d.metric, d.day, d.value_sum, d.value_count, d.value_avg,"
                                      " d.value_distinct, d.value_min, d.value_max, d.value_sum_overflow"
                                      " FROM metric_daily d JOIN sources s ON s.id = d.source_id"
                                      " WHERE %1 ORDER BY s.name, d.metric, d.day").arg(condition.sql)))
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading daily KPIs"));
    condition.bindTo(query);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading daily KPIs"));
    QList<DailyRow> rows;
    while (query.next()) {
        DailyRow row;
        row.sourceId = query.value(0).toLongLong();
        row.source = query.value(1).toString();
        row.metric = query.value(2).toString();
        row.day = QDate::fromString(query.value(3).toString(), Qt::ISODate);
        if (!query.value(4).isNull())
            row.sum = query.value(4).toDouble();
        row.sumOverflow = query.value(10).toInt() != 0;
        row.count = query.value(5).toLongLong();
        row.avg = query.value(6).toDouble();
        if (!query.value(7).isNull())
            row.distinct = query.value(7).toLongLong();
        row.min = query.value(8).toDouble();
        row.max = query.value(9).toDouble();
        rows.append(row);
    }
    return rows;
}

} // namespace Kpi
