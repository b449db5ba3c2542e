// What SQLite itself allows on this machine, without SmartData's parsing, validation or Qt: rows
// per second for one transaction of prepared INSERTs through the C API (WAL, synchronous=NORMAL),
// on the event shape bench_ingest uses (event_id, timestamp, user_id, metric, value, source):
//
//   1. a plain 6-column table, no index: the floor of any row-per-event design;
//   2. SmartData's real schema (made by its migrations), clean_events only;
//   3. the real schema, clean_events and raw_events (what an import writes per valid row).
//
//   bench_sqlite_floor [ROWS=1000000] [DIR] [PRAGMAS]
//   bench_sqlite_floor --read DATABASE
//
// PRAGMAS: extra statements run on each connection first, e.g. "PRAGMA cache_size = -65536".
// --read: the floor of a KPI recompute instead: seconds to step through a SmartData database's whole
// series index (day, user_id and value of every event, series by series), doing nothing with them but
// a plain sum of the values.
//
// Not a test: it prints figures, to read beside bench_ingest's end-to-end events/s.

#include "storage/database.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QSqlDriver>
#include <QTemporaryDir>
#include <QVariant>

#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>

namespace {

void check(int rc, sqlite3 *db, const char *what)
{
    if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
        qFatal("%s: %s", what, sqlite3_errmsg(db));
}

// Inserts `rows` events; returns rows per second.
const char *g_extraPragmas = "";

double run(sqlite3 *db, qint64 rows, bool realSchema, bool withRaw)
{
    check(sqlite3_exec(db, g_extraPragmas, nullptr, nullptr, nullptr), db, "extra pragmas");
    check(sqlite3_exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF", nullptr, nullptr, nullptr), db, "pragmas");
    sqlite3_stmt *event = nullptr;
    sqlite3_stmt *raw = nullptr;
    if (realSchema) {
        check(sqlite3_exec(db, "INSERT INTO sources (id, name, created_at) VALUES (1, 'bench', '2025-01-01');"
                               "INSERT INTO ingest_batches (id, file_name, format, mode, status, started_at)"
                               " VALUES (1, 'bench.csv', 'csv', 'tolerant', 'running', '2025-01-01')", nullptr, nullptr, nullptr), db, "parents");
        check(sqlite3_prepare_v2(db, "INSERT INTO clean_events (batch_id, source_id, ts, day, metric, value, user_id, event_id, attributes, dedup_key)"
                                     " VALUES (1, 1, ?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT DO NOTHING", -1, &event, nullptr), db, "prepare");
        check(sqlite3_prepare_v2(db, "INSERT INTO raw_events (batch_id, line_no, payload, outcome) VALUES (1, ?, ?, 'inserted')", -1, &raw, nullptr), db, "prepare");
    } else {
        check(sqlite3_exec(db, "CREATE TABLE events (event_id TEXT, ts TEXT, user_id TEXT, metric TEXT, value REAL, source TEXT)", nullptr, nullptr, nullptr), db, "create");
        check(sqlite3_prepare_v2(db, "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?)", -1, &event, nullptr), db, "prepare");
    }
    const char *metrics[] = {"orders", "page_views", "signups"};
    char id[32], key[32], user[32], iso[32], day[16], line[160];
    QElapsedTimer timer;
    timer.start();
    check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db, "begin");
    for (qint64 i = 0; i < rows; ++i) {
        const qint64 ts = 1735689600 + (i * 31) % (365 * 86400);
        const int idSize = std::snprintf(id, sizeof id, "e%lld", static_cast<long long>(i));
        const int userSize = std::snprintf(user, sizeof user, "u%lld", static_cast<long long>(i % 5000));
        const double value = double(i % 1000) / 10.0;
        const char *metric = metrics[i % 3];
        if (realSchema) {
            const int keySize = std::snprintf(key, sizeof key, "ee%lld", static_cast<long long>(i));
            std::snprintf(day, sizeof day, "2025-%02lld-%02lld", static_cast<long long>(1 + ts / 86400 / 31 % 12),
                          static_cast<long long>(1 + ts / 86400 % 28));
            sqlite3_bind_int64(event, 1, ts * 1000);
            sqlite3_bind_text(event, 2, day, 10, SQLITE_STATIC);
            sqlite3_bind_text(event, 3, metric, -1, SQLITE_STATIC);
            sqlite3_bind_double(event, 4, value);
            sqlite3_bind_text(event, 5, user, userSize, SQLITE_STATIC);
            sqlite3_bind_text(event, 6, id, idSize, SQLITE_STATIC);
            sqlite3_bind_blob(event, 7, key, keySize, SQLITE_STATIC);
        } else {
            const int isoSize = std::snprintf(iso, sizeof iso, "%lld", static_cast<long long>(ts));
            sqlite3_bind_text(event, 1, id, idSize, SQLITE_STATIC);
            sqlite3_bind_text(event, 2, iso, isoSize, SQLITE_STATIC);
            sqlite3_bind_text(event, 3, user, userSize, SQLITE_STATIC);
            sqlite3_bind_text(event, 4, metric, -1, SQLITE_STATIC);
            sqlite3_bind_double(event, 5, value);
            sqlite3_bind_text(event, 6, "bench", 5, SQLITE_STATIC);
        }
        check(sqlite3_step(event), db, "insert");
        sqlite3_reset(event);
        if (withRaw) {
            const int lineSize = std::snprintf(line, sizeof line, "%s,2025-03-04T22:13:20Z,%s,%s,%g,bench", id, user, metric, value);
            sqlite3_bind_int64(raw, 1, i + 2);
            sqlite3_bind_text(raw, 2, line, lineSize, SQLITE_STATIC);
            check(sqlite3_step(raw), db, "raw insert");
            sqlite3_reset(raw);
        }
    }
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
    const double seconds = timer.nsecsElapsed() / 1e9;
    sqlite3_finalize(event);
    sqlite3_finalize(raw);
    return rows / seconds;
}

sqlite3 *handleOf(Storage::Database &database)
{
    const QVariant handle = database.connection().driver()->handle();
    return *static_cast<sqlite3 *const *>(handle.constData());
}

// Steps through every series of the covering series index; returns seconds, counts events.
double readFloor(sqlite3 *db, qint64 &events, double &total)
{
    sqlite3_stmt *series = nullptr;
    sqlite3_stmt *read = nullptr;
    check(sqlite3_prepare_v2(db, "SELECT DISTINCT source_id, metric FROM metric_daily", -1, &series, nullptr), db, "prepare");
    check(sqlite3_prepare_v2(db, "SELECT day, user_id, value FROM clean_events INDEXED BY ix_clean_events_series"
                                 " WHERE source_id = ? AND metric = ? ORDER BY day, user_id", -1, &read, nullptr), db, "prepare");
    QList<QPair<qint64, QByteArray>> list;
    while (sqlite3_step(series) == SQLITE_ROW)
        list.append({sqlite3_column_int64(series, 0), QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(series, 1)))});
    sqlite3_finalize(series);
    QElapsedTimer timer;
    timer.start();
    check(sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr), db, "begin");
    for (const auto &[sourceId, metric] : std::as_const(list)) {
        sqlite3_bind_int64(read, 1, sourceId);
        sqlite3_bind_text(read, 2, metric.constData(), int(metric.size()), SQLITE_STATIC);
        while (sqlite3_step(read) == SQLITE_ROW) {
            // The three columns a recompute needs (day to group, user to count, value to add), read
            // and thrown away.
            const unsigned char *day = sqlite3_column_text(read, 0);
            const unsigned char *user = sqlite3_column_text(read, 1);
            total += sqlite3_column_double(read, 2) + (day ? day[0] : 0) * 0.0 + (user ? sqlite3_column_bytes(read, 1) : 0) * 0.0;
            ++events;
        }
        sqlite3_reset(read);
    }
    check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
    sqlite3_finalize(read);
    return timer.nsecsElapsed() / 1e9;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc > 2 && QByteArray(argv[1]) == "--read") {
        sqlite3 *db = nullptr;
        check(sqlite3_open_v2(argv[2], &db, SQLITE_OPEN_READWRITE, nullptr), db, "open");
        for (int run = 1; run <= 3; ++run) {
            qint64 events = 0;
            double total = 0;
            const double seconds = readFloor(db, events, total);
            std::printf("run %d: stepped through %lld events of the series index in %.3f s (sum %g)\n", run,
                        static_cast<long long>(events), seconds, total);
        }
        sqlite3_close(db);
        return 0;
    }
    const qint64 rows = argc > 1 ? std::atoll(argv[1]) : 1000000;
    QTemporaryDir temporary;
    const QString dir = argc > 2 ? QString::fromLocal8Bit(argv[2]) : temporary.path();
    QDir().mkpath(dir);
    if (argc > 3)
        g_extraPragmas = argv[3];

    const QString plainPath = dir + QStringLiteral("/floor-plain.db");
    QFile::remove(plainPath);
    QFile::remove(plainPath + QStringLiteral("-wal"));
    sqlite3 *plain = nullptr;
    check(sqlite3_open(plainPath.toLocal8Bit().constData(), &plain), plain, "open");
    std::printf("%lld rows, one transaction, prepared INSERTs through the SQLite C API (SQLite %s)\n",
                static_cast<long long>(rows), sqlite3_libversion());
    std::printf("  plain 6-column table, no index:            %9.0f rows/s\n", run(plain, rows, false, false));
    sqlite3_close(plain);

    for (const bool withRaw : {false, true}) {
        const QString path = dir + (withRaw ? QStringLiteral("/floor-full.db") : QStringLiteral("/floor-clean.db"));
        QFile::remove(path);
        QFile::remove(path + QStringLiteral("-wal"));
        auto database = Storage::Database::open(path);
        if (!database)
            qFatal("%s", qPrintable(database.error().message));
        std::printf("  SmartData schema, clean_events%s %9.0f rows/s\n",
                    withRaw ? " + raw_events:" : " only:       ", run(handleOf(**database), rows, true, withRaw));
    }
    return 0;
}
