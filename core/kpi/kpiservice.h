#pragma once
// Daily KPIs: metric_daily rows (sum, count, average, distinct users, min, max per source, metric and
// day) computed from clean_events where the data is: in SQL on PostgreSQL, and on SQLite in one pass
// over the covering series index through the native handle (kpi/sqliteaggregation.h).
//
// Recomputing is idempotent: a row is written only when its values change, and a day whose events
// are all gone loses its row. An import updates just the days it touched (on SQLite by adding its
// new events to the stored rows, with exact sums); a full recompute gives the same rows.

#include "common/result.h"

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QSqlDatabase>
#include <QString>

#include <memory>
#include <optional>
#include <tuple>

namespace Storage {
class Database;
}

namespace Kpi {

struct DailyRow final
{
    qint64 sourceId = 0;
    QString source;
    QString metric;
    QDate day;
    std::optional<double> sum; // none when the day's sum is beyond the largest double (sumOverflow)
    bool sumOverflow = false;
    qint64 count = 0;
    double avg = 0;
    std::optional<qint64> distinct; // none when the day's events carry no user id
    double min = 0;
    double max = 0;

    // The /api/metrics/daily row ("value" is the sum) plus source, value_min and value_max; a sum
    // beyond range is null there, with "value_sum_overflow": true.
    QJsonObject toJson() const;
};

// A day of a series whose sum is beyond the largest double: its row has no value_sum
// (value_sum_overflow = 1), only its count, average, distinct users, minimum and maximum.
struct OverflowedDay final
{
    qint64 sourceId = 0;
    QString metric;
    QString day; // 'YYYY-MM-DD'

    // For an import's summary: what is and is not stored of that day.
    QString warning() const;

    friend bool operator==(const OverflowedDay &, const OverflowedDay &) = default;
    friend bool operator<(const OverflowedDay &a, const OverflowedDay &b)
    {
        return std::tie(a.sourceId, a.metric, a.day) < std::tie(b.sourceId, b.metric, b.day);
    }
};

struct Filter final
{
    QString source; // empty = every source
    QString metric; // empty = every metric
    QDate from;     // invalid = open
    QDate to;       // invalid = open
};

struct RecomputeStats final
{
    qint64 rowsUpserted = 0;    // metric_daily rows written (new or changed)
    qint64 rowsDeleted = 0;     // days that lost all their events
    qint64 groups = 0;          // (source, metric) series touched
    qint64 eventsAggregated = 0;
    QStringList metrics;        // sorted
    // The days written or touched whose sum is beyond the largest double, sorted; an import warns
    // of each.
    QList<OverflowedDay> overflowedDays;

    // "sums_beyond_range" is there only when some are.
    QJsonObject toJson() const;
};

class InsertedEvents;

class KpiService final
{
public:
    explicit KpiService(std::shared_ptr<Storage::Database> database);

    // Recomputes the days [fromDay, toDay] ('YYYY-MM-DD') of one series on the given connection,
    // inside the caller's transaction. Used by imports and batch deletion.
    static Common::Result<RecomputeStats> recomputeRange(QSqlDatabase connection, qint64 sourceId, const QString &metric,
                                                         const QString &fromDay, const QString &toDay);

    // Brings the days an import inserted events into up to date, on the given connection inside the
    // import's transaction: on SQLite by adding the new events to the stored rows (kpi/insertedevents.h),
    // otherwise by recomputing those days.
    static Common::Result<RecomputeStats> applyInserted(QSqlDatabase connection, const InsertedEvents &inserted);

    // Recomputes everything the filter selects, in one transaction.
    // Waits for an import that is running (leaseWaitMs < 0: as long as it takes; then BULK_WRITE_BUSY).
    Common::Result<RecomputeStats> recompute(const Filter &filter, int leaseWaitMs = -1);

    Common::Result<QList<DailyRow>> rows(const Filter &filter);

private:
    std::shared_ptr<Storage::Database> m_database;
};

} // namespace Kpi
