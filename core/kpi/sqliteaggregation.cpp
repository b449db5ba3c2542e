#include "sqliteaggregation.h"

#include "kpi/dailyupsert.h"
#include "kpi/exactsum.h"
#include "kpi/insertedevents.h"
#include "storage/database.h"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>

namespace Kpi {

using Common::Error;
using Common::Result;

namespace {

// A prepared statement, finalised with its owner; reset() readies it for the next use.
struct Statement
{
    sqlite3_stmt *handle = nullptr;
    Statement() = default;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;
    ~Statement() { sqlite3_finalize(handle); }
    void reset() const
    {
        sqlite3_reset(handle);
        sqlite3_clear_bindings(handle);
    }
};

// Resets a statement when the scope that stepped it ends, however it ends.
struct ResetOnExit
{
    const Statement &statement;
    ~ResetOnExit() { statement.reset(); }
};

void bindText(sqlite3_stmt *statement, int index, const QByteArray &text)
{
    sqlite3_bind_text(statement, index, text.constData(), int(text.size()), SQLITE_STATIC);
}

// One day of one series as it is being accumulated.
struct DayAggregate
{
    ExactSum sum;
    qint64 count = 0;
    std::optional<qint64> distinct; // none while no event of the day has a user
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
};

const QByteArray UpsertSql =
    QByteArray(DailyInsertSql) + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" + DailyOnConflictSqlite;

// Events of one series in (day, user) order, with or without day bounds (?3 from, ?4 to).
QByteArray seriesSelectSql(bool from, bool to)
{
    QByteArray sql = "SELECT day, user_id, value FROM clean_events INDEXED BY ix_clean_events_series"
                     " WHERE source_id = ?1 AND metric = ?2";
    if (from)
        sql += " AND day >= ?3";
    if (to)
        sql += " AND day <= ?4";
    return sql + " ORDER BY day, user_id";
}

} // namespace

struct SqliteAggregation::Statements
{
    std::array<Statement, 4> select; // by (from ? 1 : 0) + (to ? 2 : 0)
    Statement upsert;
    Statement allSources, namedSource, firstMetric, nextMetric, hasMetric;
    Statement readDay, dayHasOlderEvents, userHasOlderEvents;
};

std::unique_ptr<SqliteAggregation> SqliteAggregation::open(const QSqlDatabase &connection, const QString &now)
{
    sqlite3 *db = Storage::Database::sqliteHandle(connection);
    if (!db)
        return nullptr;
    return std::unique_ptr<SqliteAggregation>(new SqliteAggregation(db, now));
}

SqliteAggregation::SqliteAggregation(sqlite3 *db, const QString &now)
    : m_db(db)
    , m_now(now.toUtf8())
    , m_statements(std::make_unique<Statements>())
{
}

SqliteAggregation::~SqliteAggregation() = default;

namespace {

// Prepares on first use; statements are kept for the aggregation's lifetime.
Common::Status prepared(sqlite3 *db, Statement &statement, const QByteArray &sql)
{
    if (statement.handle)
        return {};
    if (sqlite3_prepare_v2(db, sql.constData(), int(sql.size()), &statement.handle, nullptr) != SQLITE_OK)
        return Storage::Database::sqliteError(db, QStringLiteral("preparing a daily KPI statement"));
    return {};
}

// Writes a day's row. A sum beyond the largest double is not stored (never as infinity): value_sum
// NULL, value_sum_overflow 1, the average from the exact sum without overflow (ExactSum::mean),
// within [min, max] as every mean of the day's values is; the day is added to overflowed.
Common::Status writeDay(sqlite3 *db, Statement &upsert, qint64 sourceId, const QByteArray &metric, const QByteArray &day,
                        const DayAggregate &aggregate, const QByteArray &now, qint64 &written,
                        QList<OverflowedDay> &overflowed)
{
    if (Common::Status s = prepared(db, upsert, UpsertSql); !s)
        return s;
    sqlite3_stmt *s = upsert.handle;
    const double sum = aggregate.sum.value();
    const bool beyondRange = !std::isfinite(sum);
    const QByteArray parts = aggregate.sum.serialized();
    sqlite3_bind_int64(s, 1, sourceId);
    bindText(s, 2, metric);
    bindText(s, 3, day);
    if (beyondRange)
        sqlite3_bind_null(s, 4);
    else
        sqlite3_bind_double(s, 4, sum);
    sqlite3_bind_int64(s, 5, aggregate.count);
    sqlite3_bind_double(s, 6, beyondRange ? std::clamp(aggregate.sum.mean(aggregate.count), aggregate.min, aggregate.max)
                                          : sum / double(aggregate.count));
    if (aggregate.distinct)
        sqlite3_bind_int64(s, 7, *aggregate.distinct);
    else
        sqlite3_bind_null(s, 7);
    sqlite3_bind_double(s, 8, aggregate.min);
    sqlite3_bind_double(s, 9, aggregate.max);
    if (parts.isEmpty())
        sqlite3_bind_null(s, 10);
    else
        sqlite3_bind_blob(s, 10, parts.constData(), int(parts.size()), SQLITE_STATIC);
    sqlite3_bind_int(s, 11, beyondRange ? 1 : 0);
    bindText(s, 12, now);
    const int rc = sqlite3_step(s);
    upsert.reset();
    if (rc != SQLITE_DONE)
        return Storage::Database::sqliteError(db, QStringLiteral("writing daily KPIs"));
    written += sqlite3_changes(db);
    if (beyondRange)
        overflowed.append({sourceId, QString::fromUtf8(metric), QString::fromLatin1(day)});
    return {};
}

} // namespace

Result<QList<SqliteSeries>> SqliteAggregation::series(const QString &sourceName, const QString &metric)
{
    Statements &st = *m_statements;
    QList<qint64> sourceIds;
    {
        Statement &sources = sourceName.isEmpty() ? st.allSources : st.namedSource;
        if (Common::Status s = prepared(m_db, sources, sourceName.isEmpty() ? QByteArray("SELECT id FROM sources ORDER BY id")
                                                                             : QByteArray("SELECT id FROM sources WHERE name = ?1"));
            !s)
            return s.error();
        const QByteArray name = sourceName.toUtf8();
        if (!sourceName.isEmpty())
            bindText(sources.handle, 1, name);
        ResetOnExit resetSources{sources};
        int rc;
        while ((rc = sqlite3_step(sources.handle)) == SQLITE_ROW)
            sourceIds.append(sqlite3_column_int64(sources.handle, 0));
        if (rc != SQLITE_DONE)
            return Storage::Database::sqliteError(m_db, QStringLiteral("listing sources"));
    }

    QList<SqliteSeries> list;
    const QByteArray metricUtf8 = metric.toUtf8();
    for (const qint64 sourceId : std::as_const(sourceIds)) {
        if (!metric.isEmpty()) {
            // One metric: a series when it has an event.
            if (Common::Status s = prepared(m_db, st.hasMetric, "SELECT 1 FROM clean_events INDEXED BY ix_clean_events_series"
                                                                " WHERE source_id = ?1 AND metric = ?2 LIMIT 1"); !s)
                return s.error();
            sqlite3_bind_int64(st.hasMetric.handle, 1, sourceId);
            bindText(st.hasMetric.handle, 2, metricUtf8);
            const int rc = sqlite3_step(st.hasMetric.handle);
            st.hasMetric.reset();
            if (rc == SQLITE_ROW)
                list.append({sourceId, metric});
            else if (rc != SQLITE_DONE)
                return Storage::Database::sqliteError(m_db, QStringLiteral("listing metrics"));
            continue;
        }
        // Every metric of the source, one index seek each (a skip scan, not a read of all events).
        if (Common::Status s = prepared(m_db, st.firstMetric, "SELECT metric FROM clean_events INDEXED BY ix_clean_events_series"
                                                              " WHERE source_id = ?1 ORDER BY metric LIMIT 1"); !s)
            return s.error();
        if (Common::Status s = prepared(m_db, st.nextMetric, "SELECT metric FROM clean_events INDEXED BY ix_clean_events_series"
                                                             " WHERE source_id = ?1 AND metric > ?2 ORDER BY metric LIMIT 1"); !s)
            return s.error();
        QByteArray last;
        bool first = true;
        while (true) {
            const Statement &seek = first ? st.firstMetric : st.nextMetric;
            sqlite3_bind_int64(seek.handle, 1, sourceId);
            if (!first)
                bindText(seek.handle, 2, last);
            ResetOnExit resetSeek{seek};
            const int rc = sqlite3_step(seek.handle);
            if (rc == SQLITE_DONE)
                break;
            if (rc != SQLITE_ROW)
                return Storage::Database::sqliteError(m_db, QStringLiteral("listing metrics"));
            last = QByteArray(reinterpret_cast<const char *>(sqlite3_column_blob(seek.handle, 0)), sqlite3_column_bytes(seek.handle, 0));
            list.append({sourceId, QString::fromUtf8(last)});
            first = false;
        }
    }
    return list;
}

Result<qint64> SqliteAggregation::recompute(const SqliteSeries &series, const QString &fromDay, const QString &toDay)
{
    Statement &select = m_statements->select[(fromDay.isEmpty() ? 0 : 1) + (toDay.isEmpty() ? 0 : 2)];
    if (Common::Status s = prepared(m_db, select, seriesSelectSql(!fromDay.isEmpty(), !toDay.isEmpty())); !s)
        return s.error();
    const QByteArray metric = series.metric.toUtf8();
    const QByteArray from = fromDay.toUtf8();
    const QByteArray to = toDay.toUtf8();
    sqlite3_stmt *s = select.handle;
    sqlite3_bind_int64(s, 1, series.sourceId);
    bindText(s, 2, metric);
    if (!fromDay.isEmpty())
        bindText(s, 3, from);
    if (!toDay.isEmpty())
        bindText(s, 4, to);
    ResetOnExit resetSelect{select};

    qint64 written = 0;
    DayAggregate day;
    QByteArray dayText;
    std::string lastUser; // the previous non-NULL user_id of the day
    // The upsert writes metric_daily while the select reads clean_events: different b-trees, so the
    // open read cursor is unaffected.
    int rc;
    while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
        const char *text = reinterpret_cast<const char *>(sqlite3_column_text(s, 0));
        const int textSize = sqlite3_column_bytes(s, 0);
        if (day.count == 0 || textSize != dayText.size() || std::memcmp(text, dayText.constData(), size_t(textSize)) != 0) {
            if (day.count > 0) {
                if (Common::Status w = writeDay(m_db, m_statements->upsert, series.sourceId, metric, dayText, day, m_now, written, m_overflowedDays); !w)
                    return w.error();
            }
            day = DayAggregate();
            dayText = QByteArray(text, textSize);
        }
        const double value = sqlite3_column_double(s, 2);
        day.sum.add(value);
        ++day.count;
        day.min = std::min(day.min, value);
        day.max = std::max(day.max, value);
        // NULL user_id: a null pointer (one API call less per row than asking the type first).
        if (const char *user = reinterpret_cast<const char *>(sqlite3_column_text(s, 1))) {
            const int userSize = sqlite3_column_bytes(s, 1);
            // Users arrive sorted (BINARY collation, i.e. byte order) within the day.
            if (!day.distinct || lastUser.compare(0, std::string::npos, user, size_t(userSize)) != 0) {
                day.distinct = day.distinct.value_or(0) + 1;
                lastUser.assign(user, size_t(userSize));
            }
        }
    }
    if (rc != SQLITE_DONE)
        return Storage::Database::sqliteError(m_db, QStringLiteral("aggregating daily KPIs"));
    if (day.count > 0) {
        if (Common::Status w = writeDay(m_db, m_statements->upsert, series.sourceId, metric, dayText, day, m_now, written, m_overflowedDays); !w)
            return w.error();
    }
    return written;
}

Result<qint64> SqliteAggregation::applyInserted(const InsertedEvents &inserted)
{
    Statements &st = *m_statements;
    qint64 written = 0;
    auto recomputeDays = [&](const SqliteSeries &series, const QString &from, const QString &to) -> Common::Status {
        auto rows = recompute(series, from, to);
        if (!rows)
            return rows.error();
        written += *rows;
        return {};
    };

    for (auto it = inserted.days().constBegin(); it != inserted.days().constEnd(); ++it) {
        const SqliteSeries series{it.key().first, it.key().second};
        const auto &days = it.value();
        if (!inserted.hasTallies()) {
            for (const auto &[from, to] : InsertedEvents::runsOf(days)) {
                if (Common::Status s = recomputeDays(series, from, to); !s)
                    return s.error();
            }
            continue;
        }

        const QByteArray metric = series.metric.toUtf8();
        for (const InsertedEvents::DayTally &tally : days) {
            const QByteArray dayText = tally.dayText.toUtf8();
            if (Common::Status s = prepared(m_db, st.readDay, "SELECT value_count, value_distinct, value_min, value_max, value_sum_parts"
                                                              " FROM metric_daily WHERE source_id = ?1 AND metric = ?2 AND day = ?3"); !s)
                return s.error();
            sqlite3_bind_int64(st.readDay.handle, 1, series.sourceId);
            bindText(st.readDay.handle, 2, metric);
            bindText(st.readDay.handle, 3, dayText);
            std::optional<DayAggregate> stored;
            bool storedIsExact = false;
            {
                ResetOnExit resetRead{st.readDay};
                const int rc = sqlite3_step(st.readDay.handle);
                if (rc == SQLITE_ROW) {
                    sqlite3_stmt *r = st.readDay.handle;
                    DayAggregate old;
                    old.count = sqlite3_column_int64(r, 0);
                    if (sqlite3_column_type(r, 1) != SQLITE_NULL)
                        old.distinct = sqlite3_column_int64(r, 1);
                    old.min = sqlite3_column_double(r, 2);
                    old.max = sqlite3_column_double(r, 3);
                    const char *parts = static_cast<const char *>(sqlite3_column_blob(r, 4));
                    storedIsExact = parts && ExactSum::deserialize(parts, sqlite3_column_bytes(r, 4), old.sum);
                    stored = std::move(old);
                } else if (rc != SQLITE_DONE) {
                    return Storage::Database::sqliteError(m_db, QStringLiteral("reading daily KPIs"));
                }
            }

            if (!stored) {
                // No row: the day had no events before this import, unless the row went missing.
                if (Common::Status s = prepared(m_db, st.dayHasOlderEvents,
                        "SELECT 1 FROM clean_events INDEXED BY ix_clean_events_series"
                        " WHERE source_id = ?1 AND metric = ?2 AND day = ?3 AND id <= ?4 LIMIT 1"); !s)
                    return s.error();
                sqlite3_bind_int64(st.dayHasOlderEvents.handle, 1, series.sourceId);
                bindText(st.dayHasOlderEvents.handle, 2, metric);
                bindText(st.dayHasOlderEvents.handle, 3, dayText);
                sqlite3_bind_int64(st.dayHasOlderEvents.handle, 4, inserted.lastIdBefore());
                const int rc = sqlite3_step(st.dayHasOlderEvents.handle);
                st.dayHasOlderEvents.reset();
                if (rc == SQLITE_ROW) {
                    if (Common::Status s = recomputeDays(series, tally.dayText, tally.dayText); !s)
                        return s.error();
                    continue;
                }
                if (rc != SQLITE_DONE)
                    return Storage::Database::sqliteError(m_db, QStringLiteral("reading a day's events"));
                DayAggregate fresh;
                fresh.sum = tally.sum;
                fresh.count = tally.count;
                fresh.min = tally.min;
                fresh.max = tally.max;
                if (!tally.users.isEmpty())
                    fresh.distinct = tally.users.size();
                if (Common::Status s = writeDay(m_db, st.upsert, series.sourceId, metric, dayText, fresh, m_now, written, m_overflowedDays); !s)
                    return s.error();
                continue;
            }
            if (!storedIsExact) {
                // Written before sums were kept exactly, or too large to be: recompute the day.
                if (Common::Status s = recomputeDays(series, tally.dayText, tally.dayText); !s)
                    return s.error();
                continue;
            }

            DayAggregate day = std::move(*stored);
            day.sum.add(tally.sum);
            day.count += tally.count;
            day.min = std::min(day.min, tally.min);
            day.max = std::max(day.max, tally.max);
            if (!tally.users.isEmpty()) {
                if (!day.distinct) {
                    day.distinct = tally.users.size(); // the older events had no user at all
                } else {
                    if (Common::Status s = prepared(m_db, st.userHasOlderEvents,
                            "SELECT 1 FROM clean_events INDEXED BY ix_clean_events_series"
                            " WHERE source_id = ?1 AND metric = ?2 AND day = ?3 AND user_id = ?4 AND id <= ?5 LIMIT 1"); !s)
                        return s.error();
                    sqlite3_stmt *probe = st.userHasOlderEvents.handle;
                    ResetOnExit resetProbe{st.userHasOlderEvents};
                    sqlite3_bind_int64(probe, 1, series.sourceId);
                    bindText(probe, 2, metric);
                    bindText(probe, 3, dayText);
                    sqlite3_bind_int64(probe, 5, inserted.lastIdBefore());
                    // In index order, so that successive probes walk neighbouring pages.
                    QList<QByteArray> users(tally.users.begin(), tally.users.end());
                    std::sort(users.begin(), users.end());
                    for (const QByteArray &user : std::as_const(users)) {
                        bindText(probe, 4, user);
                        const int rc = sqlite3_step(probe);
                        sqlite3_reset(probe);
                        if (rc == SQLITE_DONE)
                            ++*day.distinct;
                        else if (rc != SQLITE_ROW)
                            return Storage::Database::sqliteError(m_db, QStringLiteral("reading a day's users"));
                    }
                }
            }
            if (Common::Status s = writeDay(m_db, st.upsert, series.sourceId, metric, dayText, day, m_now, written, m_overflowedDays); !s)
                return s.error();
        }
    }
    return written;
}

} // namespace Kpi
