#pragma once
// The change-only upsert of metric_daily rows, shared by the SQL aggregation and the SQLite one:
// DailyInsertSql, then the rows (VALUES or a SELECT), then DailyOnConflictSql. A row whose values
// did not change is not written, so a re-run changes nothing (not even updated_at).

namespace Kpi {

inline constexpr char DailyInsertSql[] =
    "INSERT INTO metric_daily (source_id, metric, day, value_sum, value_count, value_avg, value_distinct,"
    " value_min, value_max, value_sum_parts, updated_at)";

inline constexpr char DailyOnConflictSql[] =
    " ON CONFLICT (source_id, metric, day) DO UPDATE SET"
    " value_sum = excluded.value_sum, value_count = excluded.value_count, value_avg = excluded.value_avg,"
    " value_distinct = excluded.value_distinct, value_min = excluded.value_min, value_max = excluded.value_max,"
    " value_sum_parts = excluded.value_sum_parts, updated_at = excluded.updated_at"
    // Sums of doubles depend on the order rows are added in, which PostgreSQL does not fix (its
    // plans sort or hash): a difference in the last bits is not a change.
    " WHERE ABS(metric_daily.value_sum - excluded.value_sum) > 1e-12 * (ABS(metric_daily.value_sum) + ABS(excluded.value_sum))"
    " OR metric_daily.value_count IS DISTINCT FROM excluded.value_count"
    " OR ABS(metric_daily.value_avg - excluded.value_avg) > 1e-12 * (ABS(metric_daily.value_avg) + ABS(excluded.value_avg))"
    " OR metric_daily.value_distinct IS DISTINCT FROM excluded.value_distinct"
    " OR metric_daily.value_min IS DISTINCT FROM excluded.value_min"
    " OR metric_daily.value_max IS DISTINCT FROM excluded.value_max"
    // A row written without the exact sum (before it was kept, or by SQL) gains it when recomputed.
    " OR (metric_daily.value_sum_parts IS NULL) <> (excluded.value_sum_parts IS NULL)";

} // namespace Kpi
