#pragma once
// SQLite: daily KPIs aggregated from the covering series index on the connection's own sqlite3 handle.
//
// The index orders events by (source, metric, day, user_id), so one pass gives every aggregate,
// distinct users included (a user counts when it differs from its neighbour), with no temporary
// b-tree per group as COUNT(DISTINCT ...) builds in SQL. Sums are added in the same order as SQL's
// SUM over that index, and rows are written by the same change-only upsert as the SQL path.

#include "common/result.h"

#include <QList>
#include <QPair>
#include <QSqlDatabase>
#include <QString>
#include <QVariant>

#include <optional>

namespace Kpi {

struct SqliteUpsertCounts final
{
    qint64 rowsUpserted = 0;
};

// One (source id, metric) series.
struct SqliteSeries final
{
    qint64 sourceId = 0;
    QString metric;
};

// Aggregates the clean_events matching whereSql (over alias e, with its named binds) and upserts
// metric_daily. When whereSql selects a single series and the caller says which, only day, user_id
// and value are read per event (an import's recompute of the days it touched). Returns nullopt when
// the connection is not SQLite (the caller uses SQL).
std::optional<Common::Result<SqliteUpsertCounts>>
aggregateOnSqlite(const QSqlDatabase &connection, const QString &whereSql,
                  const QList<QPair<QString, QVariant>> &binds, const QString &now,
                  const std::optional<SqliteSeries> &series = std::nullopt);

} // namespace Kpi
