#pragma once
// The change-only upsert of metric_daily rows, shared by the SQL aggregation and the SQLite one:
// DailyInsertSql, then the rows (VALUES or a SELECT), then the engine's ON CONFLICT clause. A row
// whose values did not change is not written, so a re-run changes nothing (not even updated_at).

namespace Kpi {

inline constexpr char DailyInsertSql[] =
    "INSERT INTO metric_daily (source_id, metric, day, value_sum, value_count, value_avg, value_distinct,"
    " value_min, value_max, value_sum_parts, value_sum_overflow, updated_at)";

#define SMARTDATA_DAILY_ON_CONFLICT_SET                                                                            \
    " ON CONFLICT (source_id, metric, day) DO UPDATE SET"                                                          \
    " value_sum = excluded.value_sum, value_count = excluded.value_count, value_avg = excluded.value_avg,"         \
    " value_distinct = excluded.value_distinct, value_min = excluded.value_min, value_max = excluded.value_max,"   \
    " value_sum_parts = excluded.value_sum_parts, value_sum_overflow = excluded.value_sum_overflow,"               \
    " updated_at = excluded.updated_at"

#define SMARTDATA_DAILY_EXACT_CHANGES                                                                              \
    " OR metric_daily.value_count IS DISTINCT FROM excluded.value_count"                                           \
    " OR metric_daily.value_distinct IS DISTINCT FROM excluded.value_distinct"                                     \
    " OR metric_daily.value_min IS DISTINCT FROM excluded.value_min"                                               \
    " OR metric_daily.value_max IS DISTINCT FROM excluded.value_max"                                               \
    /* value_sum is NULL on a day whose sum is beyond the largest double (value_sum_overflow = 1). */              \
    " OR metric_daily.value_sum_overflow <> excluded.value_sum_overflow"                                           \
    " OR (metric_daily.value_sum IS NULL) <> (excluded.value_sum IS NULL)"                                         \
    /* A row written without the exact sum (before it was kept, or by SQL) gains it when recomputed. */            \
    " OR (metric_daily.value_sum_parts IS NULL) <> (excluded.value_sum_parts IS NULL)"

// SQLite: sums are exact and averages computed from them, so equal rows are equal bit for bit.
inline constexpr char DailyOnConflictSqlite[] =
    SMARTDATA_DAILY_ON_CONFLICT_SET
    " WHERE metric_daily.value_sum IS NOT excluded.value_sum"
    " OR metric_daily.value_avg IS NOT excluded.value_avg"
    SMARTDATA_DAILY_EXACT_CHANGES;

// PostgreSQL: sums of doubles depend on the order rows are added in, which PostgreSQL does not fix
// (its plans sort or hash): a difference in the last bits is not a change. Compared as NUMERIC, as
// float8 arithmetic on values near the largest or smallest double raises overflow or underflow.
inline constexpr char DailyOnConflictPostgres[] =
    SMARTDATA_DAILY_ON_CONFLICT_SET
    " WHERE ABS(CAST(metric_daily.value_sum AS NUMERIC) - CAST(excluded.value_sum AS NUMERIC))"
    " > 1e-12 * (ABS(CAST(metric_daily.value_sum AS NUMERIC)) + ABS(CAST(excluded.value_sum AS NUMERIC)))"
    " OR ABS(CAST(metric_daily.value_avg AS NUMERIC) - CAST(excluded.value_avg AS NUMERIC))"
    " > 1e-12 * (ABS(CAST(metric_daily.value_avg AS NUMERIC)) + ABS(CAST(excluded.value_avg AS NUMERIC)))"
    SMARTDATA_DAILY_EXACT_CHANGES;

#undef SMARTDATA_DAILY_ON_CONFLICT_SET
#undef SMARTDATA_DAILY_EXACT_CHANGES

} // namespace Kpi
