#pragma once
// SQLite: daily KPIs written through the connection's own sqlite3 handle.
//
// Recomputing a series reads the covering series index, which orders its events by (day, user_id):
// one pass gives every aggregate, distinct users included (a user counts when it differs from its
// neighbour), with no temporary b-tree per group as COUNT(DISTINCT ...) builds in SQL. Series are
// found by seeking that index, so a recompute of a few days or one source reads only those.
//
// An import's new events are added to the stored day rows instead (applyInserted): their exact sum,
// count, minimum and maximum, and each new user that the day's older events do not have, found by one
// index probe. A day whose row lacks the stored exact sum, or whose events have no row, is recomputed.
//
// Rows are written by the same change-only upsert as the SQL path (kpi/dailyupsert.h).

#include "common/result.h"
#include "kpi/kpiservice.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <utility>

struct sqlite3;

namespace Kpi {

class InsertedEvents;

// One (source id, metric) series.
struct SqliteSeries final
{
    qint64 sourceId = 0;
    QString metric;
};

class SqliteAggregation final
{
public:
    // nullptr when the connection is not SQLite (the caller uses SQL).
    static std::unique_ptr<SqliteAggregation> open(const QSqlDatabase &connection, const QString &now);
    ~SqliteAggregation();
    SqliteAggregation(const SqliteAggregation &) = delete;
    SqliteAggregation &operator=(const SqliteAggregation &) = delete;

    // The series that have events: all, one source's (by name), and/or one metric's.
    Common::Result<QList<SqliteSeries>> series(const QString &sourceName, const QString &metric);

    // Recomputes the days [fromDay, toDay] of a series ('YYYY-MM-DD'; empty = open); returns the
    // metric_daily rows written. Days left without events are not removed here.
    Common::Result<qint64> recompute(const SqliteSeries &series, const QString &fromDay, const QString &toDay);

    // Adds an import's tallies to the stored rows; returns the rows written.
    Common::Result<qint64> applyInserted(const InsertedEvents &inserted);

    // The days written (or left unchanged) by recompute() and applyInserted() whose sum is beyond
    // the largest double, in the order they were written; emptied by the call.
    QList<OverflowedDay> takeOverflowedDays() { return std::exchange(m_overflowedDays, {}); }

private:
    struct Statements;
    SqliteAggregation(sqlite3 *db, const QString &now);

    sqlite3 *m_db;
    QByteArray m_now;
    QList<OverflowedDay> m_overflowedDays;
    std::unique_ptr<Statements> m_statements;
};

} // namespace Kpi
