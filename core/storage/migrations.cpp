#include "migrations.h"

#include "common/eventidentity.h"
#include "storage/database.h"
#include "storage/storagelog.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <sodium.h>

namespace Storage {

namespace {

// Schema 6: an event without event_id is identified by every column, attributes included
// (Common::eventIdentityKey). Keys of rows without attributes do not change; the others are
// recomputed from the stored, normalised values, a slice of ids at a time.
Common::Status recomputeEventIdentity(QSqlDatabase &connection, Engine)
{
    if (sodium_init() < 0)
        return Common::Error::internal(QStringLiteral("SODIUM_INIT"), QStringLiteral("libsodium could not be initialised."));
    constexpr int Slice = 20000;
    QSqlQuery select(connection);
    select.setForwardOnly(true);
    select.prepare(QStringLiteral("SELECT id, ts, value, metric, user_id, attributes, dedup_key FROM clean_events"
                                  " WHERE id > ? AND event_id IS NULL AND attributes IS NOT NULL ORDER BY id LIMIT ?"));
    QSqlQuery update(connection);
    update.prepare(QStringLiteral("UPDATE clean_events SET dedup_key = ? WHERE id = ?"));
    qint64 after = 0;
    qint64 changed = 0;
    while (true) {
        select.addBindValue(after);
        select.addBindValue(Slice);
        if (!select.exec())
            return Database::sqlError(select.lastError(), QStringLiteral("reading events to recompute their identity"));
        QList<QPair<qint64, QByteArray>> keys;
        int rows = 0;
        while (select.next()) {
            ++rows;
            after = select.value(0).toLongLong();
            const QByteArray metric = select.value(3).toString().toUtf8();
            const QByteArray user = select.value(4).toString().toUtf8();
            const QByteArray attributes = select.value(5).toString().toUtf8();
            QByteArray key = Common::eventIdentityKey(select.value(1).toLongLong(), select.value(2).toDouble(), metric,
                                                      user, {}, attributes);
            if (key != select.value(6).toByteArray())
                keys.append({after, std::move(key)});
        }
        select.finish();
        for (const auto &[id, key] : std::as_const(keys)) {
            update.addBindValue(key);
            update.addBindValue(id);
            if (!update.exec())
                return Database::sqlError(update.lastError(), QStringLiteral("storing a recomputed event identity"));
        }
        changed += keys.size();
        if (rows < Slice)
            break;
    }
    if (changed > 0)
        qCInfo(lcStorage).noquote() << QStringLiteral("Recomputed the identity of %1 events with attributes").arg(changed);
    return {};
}

// Schema 7: metric_daily.value_sum may be NULL, for a day whose sum is beyond the largest double
// (value_sum_overflow = 1; its count, average, minimum and maximum are kept). PostgreSQL drops the
// NOT NULL; SQLite cannot, so the table is rebuilt with the same rows (it holds one row per day and
// metric, small beside the events). Infinite sums stored before are flagged.
Common::Status allowMissingDailySums(QSqlDatabase &connection, Engine engine)
{
    // Idempotent, as tests re-run migrations from an earlier version on a current schema.
    QSqlQuery query(connection);
    QStringList statements;
    if (engine == Engine::Postgres) {
        statements = {QStringLiteral("ALTER TABLE metric_daily ALTER COLUMN value_sum DROP NOT NULL"),
                      QStringLiteral("ALTER TABLE metric_daily ADD COLUMN IF NOT EXISTS value_sum_overflow INTEGER NOT NULL DEFAULT 0")};
    } else {
        if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM pragma_table_info('metric_daily') WHERE name = 'value_sum_overflow'"))
            || !query.next())
            return Database::sqlError(query.lastError(), QStringLiteral("reading the columns of metric_daily"));
        const bool rebuilt = query.value(0).toInt() > 0;
        query.finish();
        if (rebuilt)
            statements.clear();
        statements = {
            QStringLiteral("CREATE TABLE metric_daily_v7 ("
                           " source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,"
                           " metric TEXT NOT NULL,"
                           " day TEXT NOT NULL,"
                           " value_sum DOUBLE PRECISION,"
                           " value_count BIGINT NOT NULL,"
                           " value_avg DOUBLE PRECISION NOT NULL,"
                           " value_distinct BIGINT,"
                           " value_min DOUBLE PRECISION NOT NULL,"
                           " value_max DOUBLE PRECISION NOT NULL,"
                           " updated_at TEXT NOT NULL,"
                           " value_sum_parts BLOB,"
                           " value_sum_overflow INTEGER NOT NULL DEFAULT 0,"
                           " PRIMARY KEY (source_id, metric, day))"),
            QStringLiteral("INSERT INTO metric_daily_v7 (source_id, metric, day, value_sum, value_count, value_avg, value_distinct,"
                           " value_min, value_max, updated_at, value_sum_parts)"
                           " SELECT source_id, metric, day, value_sum, value_count, value_avg, value_distinct,"
                           " value_min, value_max, updated_at, value_sum_parts FROM metric_daily"),
            QStringLiteral("DROP TABLE metric_daily"),
            QStringLiteral("ALTER TABLE metric_daily_v7 RENAME TO metric_daily"),
            QStringLiteral("CREATE INDEX ix_metric_daily_day ON metric_daily (day)"),
        };
    }
    // SQLite rows written before stored the overflowed sum as infinity, and its average too: flagged
    // now, with the mean of value / count (finite, a few last places off until a recompute writes
    // the exact one) and no stored partials, so the next import that touches the day recomputes it.
    statements.append(QStringLiteral(
        "UPDATE metric_daily SET value_sum = NULL, value_sum_overflow = 1, value_sum_parts = NULL,"
        " value_avg = (SELECT SUM(e.value / metric_daily.value_count) FROM clean_events e WHERE e.source_id = metric_daily.source_id"
        " AND e.metric = metric_daily.metric AND e.day = metric_daily.day)"
        " WHERE value_sum IS NOT NULL AND ABS(value_sum) > 1.7976931348623157e308"));
    for (const QString &statement : std::as_const(statements)) {
        if (!query.exec(statement))
            return Database::sqlError(query.lastError(), QStringLiteral("letting daily sums be missing"));
    }
    if (query.numRowsAffected() > 0)
        qCInfo(lcStorage).noquote() << QStringLiteral("Flagged %1 daily sums beyond the largest double").arg(query.numRowsAffected());
    return {};
}

// Schema 8: anomalies.kind, baseline, threshold, reason. Idempotent (tests re-run migrations from an
// earlier version on a current schema): PostgreSQL has ADD COLUMN IF NOT EXISTS, SQLite is asked.
Common::Status addAnomalyExplanation(QSqlDatabase &connection, Engine engine)
{
    const QList<QPair<QString, QString>> columns{{QStringLiteral("kind"), QStringLiteral("TEXT")},
                                                 {QStringLiteral("baseline"), QStringLiteral("DOUBLE PRECISION")},
                                                 {QStringLiteral("threshold"), QStringLiteral("DOUBLE PRECISION")},
                                                 {QStringLiteral("reason"), QStringLiteral("TEXT")}};
    QSqlQuery query(connection);
    for (const auto &[name, type] : columns) {
        if (engine == Engine::Postgres) {
            if (!query.exec(QStringLiteral("ALTER TABLE anomalies ADD COLUMN IF NOT EXISTS %1 %2").arg(name, type)))
                return Database::sqlError(query.lastError(), QStringLiteral("adding anomalies.%1").arg(name));
            continue;
        }
        if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM pragma_table_info('anomalies') WHERE name = '%1'").arg(name))
            || !query.next())
            return Database::sqlError(query.lastError(), QStringLiteral("reading the columns of anomalies"));
        const bool present = query.value(0).toInt() > 0;
        query.finish();
        if (!present && !query.exec(QStringLiteral("ALTER TABLE anomalies ADD COLUMN %1 %2").arg(name, type)))
            return Database::sqlError(query.lastError(), QStringLiteral("adding anomalies.%1").arg(name));
    }
    return {};
}

// Conventions: instants are TEXT in ISO 8601 UTC with milliseconds and 'Z' (they sort as text),
// except event timestamps, which are BIGINT milliseconds since the epoch (compact, fast to range
// over). Calendar days are TEXT 'YYYY-MM-DD'. Booleans are INTEGER 0/1. JSON is TEXT.
QList<Migration> buildMigrations()
{
    QList<Migration> list;

    list.append(Migration{1, QStringLiteral("initial schema"), {
        QStringLiteral(
            "CREATE TABLE sources ("
            " id {{PK}},"
            " name TEXT NOT NULL UNIQUE,"
            " created_at TEXT NOT NULL)"),

        QStringLiteral(
            "CREATE TABLE ingest_batches ("
            " id {{PK}},"
            " source_id BIGINT REFERENCES sources(id) ON DELETE CASCADE,"
            " file_name TEXT NOT NULL,"
            " file_size BIGINT,"
            " sha256 TEXT,"
            " format TEXT NOT NULL,"
            " mode TEXT NOT NULL CHECK (mode IN ('strict', 'tolerant')),"
            " status TEXT NOT NULL,"
            " received BIGINT NOT NULL DEFAULT 0,"
            " inserted BIGINT NOT NULL DEFAULT 0,"
            " duplicates BIGINT NOT NULL DEFAULT 0,"
            " rejected BIGINT NOT NULL DEFAULT 0,"
            " default_metric TEXT,"
            " timezone TEXT,"
            " options TEXT,"
            " message TEXT,"
            " min_ts BIGINT,"
            " max_ts BIGINT,"
            " created_by TEXT,"
            " started_at TEXT NOT NULL,"
            " finished_at TEXT)"),
        QStringLiteral("CREATE INDEX ix_ingest_batches_source ON ingest_batches (source_id, started_at)"),
        QStringLiteral("CREATE INDEX ix_ingest_batches_sha256 ON ingest_batches (sha256)"),

        // Every row received, valid or not: the audit trail of an import.
        QStringLiteral(
            "CREATE TABLE raw_events ("
            " id {{PK}},"
            " batch_id BIGINT NOT NULL REFERENCES ingest_batches(id) ON DELETE CASCADE,"
            " line_no BIGINT NOT NULL,"
            " payload TEXT NOT NULL,"
            // Comparisons, not IN (...): SQLite builds a temporary b-tree for an IN list on every row.
            " outcome TEXT NOT NULL CHECK (outcome = 'inserted' OR outcome = 'duplicate' OR outcome = 'rejected'),"
            " reject_column TEXT,"
            " reject_reason TEXT)"),
        QStringLiteral("CREATE INDEX ix_raw_events_batch ON raw_events (batch_id, line_no)"),

        // dedup_key: the event's identity (DESIGN.md): its event_id when it has one, else a hash of
        // the normalised (ts, metric, value, user_id). Unique per source.
        QStringLiteral(
            "CREATE TABLE clean_events ("
            " id {{PK}},"
            " batch_id BIGINT NOT NULL REFERENCES ingest_batches(id) ON DELETE CASCADE,"
            " source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,"
            " ts BIGINT NOT NULL,"
            " day TEXT NOT NULL,"
            " metric TEXT NOT NULL,"
            " value DOUBLE PRECISION NOT NULL,"
            " user_id TEXT,"
            " event_id TEXT,"
            " attributes TEXT,"
            " dedup_key {{BLOB}} NOT NULL)"),
        QStringLiteral("CREATE UNIQUE INDEX ux_clean_events_identity ON clean_events (source_id, dedup_key)"),
        QStringLiteral("CREATE INDEX ix_clean_events_series ON clean_events (source_id, metric, day)"),
        QStringLiteral("CREATE INDEX ix_clean_events_batch ON clean_events (batch_id)"),

        QStringLiteral(
            "CREATE TABLE metric_daily ("
            " source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,"
            " metric TEXT NOT NULL,"
            " day TEXT NOT NULL,"
            " value_sum DOUBLE PRECISION NOT NULL,"
            " value_count BIGINT NOT NULL,"
            " value_avg DOUBLE PRECISION NOT NULL,"
            " value_distinct BIGINT,"
            " value_min DOUBLE PRECISION NOT NULL,"
            " value_max DOUBLE PRECISION NOT NULL,"
            " updated_at TEXT NOT NULL,"
            " PRIMARY KEY (source_id, metric, day))"),
        QStringLiteral("CREATE INDEX ix_metric_daily_day ON metric_daily (day)"),

        QStringLiteral(
            "CREATE TABLE anomalies ("
            " id {{PK}},"
            " source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,"
            " metric TEXT NOT NULL,"
            " day TEXT NOT NULL,"
            " method TEXT NOT NULL,"
            " field TEXT NOT NULL,"
            " value DOUBLE PRECISION,"
            " score DOUBLE PRECISION,"
            " is_outlier INTEGER NOT NULL,"
            " params TEXT NOT NULL,"
            " params_key TEXT NOT NULL,"
            " run_at TEXT NOT NULL)"),
        QStringLiteral("CREATE UNIQUE INDEX ux_anomalies_run ON anomalies (source_id, metric, method, params_key, day)"),
        QStringLiteral("CREATE INDEX ix_anomalies_series ON anomalies (source_id, metric, day)"),

        QStringLiteral(
            "CREATE TABLE forecast_runs ("
            " id {{PK}},"
            " source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,"
            " metric TEXT NOT NULL,"
            " created_at TEXT NOT NULL,"
            " trigger TEXT NOT NULL,"
            " model TEXT NOT NULL,"
            " spec TEXT NOT NULL,"
            " params TEXT,"
            " diagnostics TEXT,"
            " fallback_reason TEXT,"
            " horizon INTEGER NOT NULL,"
            " train_start TEXT,"
            " train_end TEXT,"
            " nobs INTEGER,"
            " fit_seconds DOUBLE PRECISION,"
            " reliability_score DOUBLE PRECISION,"
            " reliability_grade TEXT)"),
        QStringLiteral("CREATE INDEX ix_forecast_runs_series ON forecast_runs (source_id, metric, created_at)"),

        QStringLiteral(
            "CREATE TABLE forecast_points ("
            " run_id BIGINT NOT NULL REFERENCES forecast_runs(id) ON DELETE CASCADE,"
            " h INTEGER NOT NULL,"
            " day TEXT NOT NULL,"
            " yhat DOUBLE PRECISION NOT NULL,"
            " se DOUBLE PRECISION,"
            " lower80 DOUBLE PRECISION,"
            " upper80 DOUBLE PRECISION,"
            " lower95 DOUBLE PRECISION,"
            " upper95 DOUBLE PRECISION,"
            " PRIMARY KEY (run_id, h))"),
        QStringLiteral("CREATE INDEX ix_forecast_points_day ON forecast_points (day)"),

        QStringLiteral(
            "CREATE TABLE reliability_runs ("
            " id {{PK}},"
            " source_id BIGINT NOT NULL REFERENCES sources(id) ON DELETE CASCADE,"
            " metric TEXT NOT NULL,"
            " created_at TEXT NOT NULL,"
            " model TEXT,"
            " folds INTEGER NOT NULL,"
            " horizon INTEGER NOT NULL,"
            " window_n INTEGER,"
            " mae DOUBLE PRECISION,"
            " rmse DOUBLE PRECISION,"
            " mape DOUBLE PRECISION,"
            " smape DOUBLE PRECISION,"
            " mase DOUBLE PRECISION,"
            " score DOUBLE PRECISION NOT NULL,"
            " grade TEXT NOT NULL,"
            " details TEXT)"),
        QStringLiteral("CREATE INDEX ix_reliability_runs_series ON reliability_runs (source_id, metric, created_at)"),

        QStringLiteral(
            "CREATE TABLE users ("
            " id {{PK}},"
            " email TEXT NOT NULL UNIQUE,"
            " password_hash TEXT NOT NULL,"
            " role TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),"
            " is_active INTEGER NOT NULL DEFAULT 1,"
            " created_at TEXT NOT NULL,"
            " updated_at TEXT NOT NULL,"
            " last_login_at TEXT)"),

        // Only a hash of each refresh token is stored; a family is one login's chain of rotations.
        QStringLiteral(
            "CREATE TABLE refresh_tokens ("
            " id {{PK}},"
            " user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,"
            " token_hash TEXT NOT NULL UNIQUE,"
            " family_id TEXT NOT NULL,"
            " issued_at TEXT NOT NULL,"
            " expires_at TEXT NOT NULL,"
            " used_at TEXT,"
            " revoked_at TEXT,"
            " client TEXT)"),
        QStringLiteral("CREATE INDEX ix_refresh_tokens_family ON refresh_tokens (family_id)"),
        QStringLiteral("CREATE INDEX ix_refresh_tokens_user ON refresh_tokens (user_id)"),
        QStringLiteral("CREATE INDEX ix_refresh_tokens_expiry ON refresh_tokens (expires_at)"),

        QStringLiteral(
            "CREATE TABLE job_runs ("
            " id {{PK}},"
            " job TEXT NOT NULL,"
            " trigger TEXT NOT NULL,"
            " scheduled_for TEXT,"
            " started_at TEXT,"
            " finished_at TEXT,"
            " status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'failed', 'skipped', 'cancelled')),"
            " message TEXT,"
            " counts TEXT,"
            " host TEXT)"),
        QStringLiteral("CREATE INDEX ix_job_runs_job ON job_runs (job, started_at)"),

        // Small key/value settings that must travel with the database (not with the user's QSettings).
        QStringLiteral(
            "CREATE TABLE app_settings ("
            " key TEXT PRIMARY KEY,"
            " value TEXT NOT NULL,"
            " updated_at TEXT NOT NULL)"),
    }});

    // Failed logins, for throttling password guessing across threads and processes (Auth::LoginThrottle).
    list.append(Migration{2, QStringLiteral("login failures"), {
        QStringLiteral(
            "CREATE TABLE login_failures ("
            " id {{PK}},"
            " email TEXT NOT NULL,"
            " client TEXT,"
            " failed_at TEXT NOT NULL)"),
        QStringLiteral("CREATE INDEX ix_login_failures_email ON login_failures (email, failed_at)"),
        QStringLiteral("CREATE INDEX ix_login_failures_client ON login_failures (client, failed_at)"),
    }});

    // Leases on job names, so a job runs once at a time across processes (Jobs::JobLock).
    list.append(Migration{3, QStringLiteral("job locks"), {
        QStringLiteral(
            "CREATE TABLE job_locks ("
            " job TEXT PRIMARY KEY,"
            " holder TEXT NOT NULL,"
            " token TEXT NOT NULL,"
            " acquired_at TEXT NOT NULL,"
            " expires_at TEXT NOT NULL)"),
    }});

    // The series index carries user_id and value, so daily KPIs aggregate from the index alone, in
    // (day, user) order: distinct users are counted by comparing neighbours, with no sort or hash.
    list.append(Migration{4, QStringLiteral("covering series index for daily KPIs"), {
        QStringLiteral("DROP INDEX ix_clean_events_series"),
        QStringLiteral("CREATE INDEX ix_clean_events_series ON clean_events (source_id, metric, day, user_id, value)"),
    }});

    // A day's exact sum as partial sums (Kpi::ExactSum), so an import adds its new events to it without
    // reading the day's older events again; NULL where it is not kept (PostgreSQL, rows from before).
    list.append(Migration{5, QStringLiteral("exact daily sums for incremental KPIs"), {
        QStringLiteral("ALTER TABLE metric_daily ADD COLUMN value_sum_parts {{BLOB}}"),
    }});

    // Identity by every column (DESIGN.md): rows that differ only in an attribute are distinct events.
    // raw_events keeps the rejected value beside the column and reason, so rejected rows can be
    // reviewed and fixed; ingest_batches counts duplicates repeated inside the file apart from those
    // already stored.
    list.append(Migration{6, QStringLiteral("event identity by every column; rejected values; in-file duplicates"), {
        QStringLiteral("ALTER TABLE raw_events ADD COLUMN reject_value TEXT"),
        QStringLiteral("ALTER TABLE ingest_batches ADD COLUMN duplicates_in_file BIGINT NOT NULL DEFAULT 0"),
    }, recomputeEventIdentity});

    // A day's sum beyond the largest double is not stored (never as infinity): value_sum NULL and
    // value_sum_overflow 1; the engine-specific statements are in allowMissingDailySums.
    list.append(Migration{7, QStringLiteral("daily sums beyond the largest double are flagged, not stored"), {},
                          allowMissingDailySums});

    // Why a day was flagged (issue 18): its kind (spike, dip, level_shift), the value the detector
    // expected, the |score| it had to reach, and the reason in words. NULL for rows stored before and
    // for days that are not flagged.
    list.append(Migration{8, QStringLiteral("anomaly kind, baseline, threshold and reason"), {}, addAnomalyExplanation});
    return list;
}

} // namespace

const QList<Migration> &Migrations::all()
{
    static const QList<Migration> s_all = buildMigrations();
    return s_all;
}

int Migrations::latestVersion()
{
    return all().constLast().version;
}

QStringList Migrations::tableNames()
{
    return {QStringLiteral("sources"), QStringLiteral("ingest_batches"), QStringLiteral("raw_events"),
            QStringLiteral("clean_events"), QStringLiteral("metric_daily"), QStringLiteral("anomalies"),
            QStringLiteral("forecast_runs"), QStringLiteral("forecast_points"),
            QStringLiteral("reliability_runs"), QStringLiteral("users"), QStringLiteral("refresh_tokens"),
            QStringLiteral("job_runs"), QStringLiteral("app_settings"), QStringLiteral("login_failures"),
            QStringLiteral("job_locks")};
}

} // namespace Storage
