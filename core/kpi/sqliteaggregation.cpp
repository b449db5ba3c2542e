#include "sqliteaggregation.h"

#include "kpi/dailyupsert.h"
#include "storage/database.h"


#include <sqlite3.h>

#include <cstring>
#include <limits>
#include <string>

namespace Kpi {

using Common::Error;
using Common::Result;

namespace {

// Finalises a statement when it goes out of scope.
struct Statement
{
    sqlite3_stmt *handle = nullptr;
    Statement() = default;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement() { sqlite3_finalize(handle); }
};

Error failure(sqlite3 *db, const QString &what)
{
    return Storage::Database::sqliteError(db, what);
}

bool bindNamed(sqlite3_stmt *statement, const QString &name, const QVariant &value)
{
    const int index = sqlite3_bind_parameter_index(statement, name.toUtf8().constData());
    if (index == 0)
        return false;
    switch (value.typeId()) {
    case QMetaType::LongLong:
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::ULongLong:
        return sqlite3_bind_int64(statement, index, value.toLongLong()) == SQLITE_OK;
    case QMetaType::Double:
        return sqlite3_bind_double(statement, index, value.toDouble()) == SQLITE_OK;
    default: {
        const QByteArray text = value.toString().toUtf8();
        return sqlite3_bind_text(statement, index, text.constData(), int(text.size()), SQLITE_TRANSIENT) == SQLITE_OK;
    }
    }
}

// One (source, metric, day) group as it is being accumulated.
struct Group
{
    qint64 sourceId = 0;
    QByteArray metric;
    QByteArray day;
    double sum = 0;
    qint64 count = 0;
    qint64 distinct = 0;
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
    std::string lastUser; // the previous non-NULL user_id of this group
    bool anyUser = false;
};

const QByteArray UpsertSql =
    QByteArray(DailyInsertSql) + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" + DailyOnConflictSql;

} // namespace

std::optional<Result<SqliteUpsertCounts>>
aggregateOnSqlite(const QSqlDatabase &connection, const QString &whereSql,
                  const QList<QPair<QString, QVariant>> &binds, const QString &now,
                  const std::optional<SqliteSeries> &series)
{
    sqlite3 *db = Storage::Database::sqliteHandle(connection);
    if (!db)
        return std::nullopt;

    // Columns: day, user_id, value, then source_id and metric unless the series is known.
    const QByteArray selectSql = series
        ? QStringLiteral("SELECT e.day, e.user_id, e.value FROM clean_events e"
                         " INDEXED BY ix_clean_events_series WHERE (%1) AND e.source_id = :series_source AND e.metric = :series_metric"
                         " ORDER BY e.day, e.user_id").arg(whereSql).toUtf8()
        : QStringLiteral("SELECT e.day, e.user_id, e.value, e.source_id, e.metric FROM clean_events e"
                         " INDEXED BY ix_clean_events_series WHERE %1"
                         " ORDER BY e.source_id, e.metric, e.day, e.user_id").arg(whereSql).toUtf8();
    Statement select;
    if (sqlite3_prepare_v2(db, selectSql.constData(), int(selectSql.size()), &select.handle, nullptr) != SQLITE_OK)
        return Result<SqliteUpsertCounts>(failure(db, QStringLiteral("preparing the KPI aggregation")));
    QList<QPair<QString, QVariant>> allBinds = binds;
    if (series) {
        allBinds.append({QStringLiteral(":series_source"), series->sourceId});
        allBinds.append({QStringLiteral(":series_metric"), series->metric});
    }
    for (const auto &[name, value] : std::as_const(allBinds)) {
        if (!bindNamed(select.handle, name, value))
            return Result<SqliteUpsertCounts>(failure(db, QStringLiteral("binding %1 of the KPI aggregation").arg(name)));
    }
    const QByteArray seriesMetric = series ? series->metric.toUtf8() : QByteArray();
    Statement upsert;
    if (sqlite3_prepare_v2(db, UpsertSql.constData(), int(UpsertSql.size()), &upsert.handle, nullptr) != SQLITE_OK)
        return Result<SqliteUpsertCounts>(failure(db, QStringLiteral("preparing the KPI upsert")));
    const QByteArray nowUtf8 = now.toUtf8();

    SqliteUpsertCounts counts;
    Group group;
    bool open = false;
    auto write = [&]() -> bool {
        sqlite3_stmt *s = upsert.handle;
        sqlite3_bind_int64(s, 1, group.sourceId);
        sqlite3_bind_text(s, 2, group.metric.constData(), int(group.metric.size()), SQLITE_STATIC);
        sqlite3_bind_text(s, 3, group.day.constData(), int(group.day.size()), SQLITE_STATIC);
        sqlite3_bind_double(s, 4, group.sum);
        sqlite3_bind_int64(s, 5, group.count);
        sqlite3_bind_double(s, 6, group.sum / double(group.count));
        if (group.anyUser)
            sqlite3_bind_int64(s, 7, group.distinct);
        else
            sqlite3_bind_null(s, 7);
        sqlite3_bind_double(s, 8, group.min);
        sqlite3_bind_double(s, 9, group.max);
        sqlite3_bind_text(s, 10, nowUtf8.constData(), int(nowUtf8.size()), SQLITE_STATIC);
        const int rc = sqlite3_step(s);
        sqlite3_reset(s);
        if (rc != SQLITE_DONE)
            return false;
        counts.rowsUpserted += sqlite3_changes(db);
        return true;
    };

    // The upsert writes metric_daily while the select reads clean_events: different b-trees, so the
    // open read cursor is unaffected.
    int rc;
    while ((rc = sqlite3_step(select.handle)) == SQLITE_ROW) {
        sqlite3_stmt *s = select.handle;
        const char *day = reinterpret_cast<const char *>(sqlite3_column_text(s, 0));
        const int daySize = sqlite3_column_bytes(s, 0);
        qint64 sourceId = series ? series->sourceId : 0;
        const char *metric = seriesMetric.constData();
        int metricSize = int(seriesMetric.size());
        if (!series) {
            sourceId = sqlite3_column_int64(s, 3);
            metric = reinterpret_cast<const char *>(sqlite3_column_text(s, 4));
            metricSize = sqlite3_column_bytes(s, 4);
        }
        const bool same = open && daySize == group.day.size() && std::memcmp(day, group.day.constData(), size_t(daySize)) == 0
            && sourceId == group.sourceId && metricSize == group.metric.size()
            && std::memcmp(metric, group.metric.constData(), size_t(metricSize)) == 0;
        if (!same) {
            if (open && !write())
                return Result<SqliteUpsertCounts>(failure(db, QStringLiteral("writing daily KPIs")));
            group = Group();
            group.sourceId = sourceId;
            group.metric = QByteArray(metric, metricSize);
            group.day = QByteArray(day, daySize);
            open = true;
        }
        const double value = sqlite3_column_double(s, 2);
        group.sum += value;
        ++group.count;
        group.min = std::min(group.min, value);
        group.max = std::max(group.max, value);
        // NULL user_id: a null pointer (one API call less per row than asking the type first).
        if (const char *user = reinterpret_cast<const char *>(sqlite3_column_text(s, 1))) {
            const int userSize = sqlite3_column_bytes(s, 1);
            // Users arrive sorted (BINARY collation, i.e. byte order) within the group.
            if (!group.anyUser || group.lastUser.compare(0, std::string::npos, user, size_t(userSize)) != 0) {
                ++group.distinct;
                group.lastUser.assign(user, size_t(userSize));
                group.anyUser = true;
            }
        }
    }
    if (rc != SQLITE_DONE)
        return Result<SqliteUpsertCounts>(failure(db, QStringLiteral("aggregating daily KPIs")));
    if (open && !write())
        return Result<SqliteUpsertCounts>(failure(db, QStringLiteral("writing daily KPIs")));
    return Result<SqliteUpsertCounts>(counts);
}

} // namespace Kpi
