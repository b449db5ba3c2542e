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

// Upserts the aggregates of the selected events; rows whose values did not change are not written,
// so a re-run changes nothing (not even updated_at).
const QString UpsertSql = QString::fromLatin1(
    QByteArray(DailyInsertSql)
    + " SELECT e.source_id, e.metric, e.day, SUM(e.value), COUNT(*), AVG(e.value),"
      " CASE WHEN COUNT(e.user_id) = 0 THEN NULL ELSE COUNT(DISTINCT e.user_id) END,"
      " MIN(e.value), MAX(e.value), NULL, :now"
      " FROM clean_events e WHERE %1"
      " GROUP BY e.source_id, e.metric, e.day"
    + DailyOnConflictSql);

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
    if (auto sqlite = SqliteAggregation::open(connection, Common::nowIsoUtc())) {
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
    return QJsonObject{{QStringLiteral("metric_date"), date},
                       {QStringLiteral("source_id"), sourceId},
                       {QStringLiteral("source"), source},
                       {QStringLiteral("metric"), metric},
                       {QStringLiteral("value_sum"), sum},
                       {QStringLiteral("value_avg"), avg},
                       {QStringLiteral("value_count"), count},
                       {QStringLiteral("value_distinct"), distinct ? QJsonValue(*distinct) : QJsonValue()},
                       {QStringLiteral("value_min"), min},
                       {QStringLiteral("value_max"), max},
                       {QStringLiteral("value"), sum}};
}

QJsonObject RecomputeStats::toJson() const
{
    return QJsonObject{{QStringLiteral("rows_upserted"), rowsUpserted},
                       {QStringLiteral("rows_deleted"), rowsDeleted},
                       {QStringLiteral("groups_upserted"), groups},
                       {QStringLiteral("rows_aggregated"), eventsAggregated},
                       {QStringLiteral("metrics"), QJsonArray::fromStringList(metrics)}};
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
    } else {
        // SQL: the touched days, in contiguous runs, recomputed from their events.
        for (auto it = inserted.days().constBegin(); it != inserted.days().constEnd(); ++it) {
            for (const auto &[from, to] : InsertedEvents::runsOf(it.value())) {
                auto stats = recomputeRange(connection, it.key().first, it.key().second, from, to);
                if (!stats)
                    return stats.error();
                total.rowsUpserted += stats->rowsUpserted;
                total.rowsDeleted += stats->rowsDeleted;
            }
        }
    }
    total.groups = inserted.days().size();
    for (auto it = inserted.days().constBegin(); it != inserted.days().constEnd(); ++it) {
        if (!total.metrics.contains(it.key().second))
            total.metrics.append(it.key().second);
    }
    total.metrics.sort();
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
                                      " d.value_distinct, d.value_min, d.value_max"
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
        row.sum = query.value(4).toDouble();
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
