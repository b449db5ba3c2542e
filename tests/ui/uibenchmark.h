#pragma once
// Shared by the desktop benchmarks: a private settings/data home (so a benchmark never touches the
// user's ~/.config/smartdata.conf), the large benchmark database (made once, by SQL, then reused),
// and timing helpers. Benchmarks print figures; they are not pass/fail tests.

#include "kpi/kpiservice.h"
#include "storage/database.h"

#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTextStream>

#include <unistd.h>

#include <cstdio>
#include <memory>
#include <optional>

namespace UiBenchmark {

// Call before the Q*Application exists: settings and data go below `home`.
inline void usePrivateHome(const QString &home)
{
    QDir().mkpath(home + QStringLiteral("/config"));
    QDir().mkpath(home + QStringLiteral("/data"));
    qputenv("XDG_CONFIG_HOME", (home + QStringLiteral("/config")).toLocal8Bit());
    qputenv("XDG_DATA_HOME", (home + QStringLiteral("/data")).toLocal8Bit());
    qputenv("SMARTDATA_DB", QByteArray());
}

// Milliseconds since this process was started by the kernel (includes dynamic linking and static
// initialisation, which a timer started in main() misses). -1 when /proc is not there.
inline double msSinceProcessStart()
{
    QFile stat(QStringLiteral("/proc/self/stat"));
    QFile uptime(QStringLiteral("/proc/uptime"));
    if (!stat.open(QIODevice::ReadOnly) || !uptime.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray line = stat.readAll();
    // Field 22 (starttime, in clock ticks since boot) counted after the ")" that ends the command name.
    const QList<QByteArray> fields = line.mid(line.lastIndexOf(')') + 2).split(' ');
    if (fields.size() < 20)
        return -1;
    const double startTicks = fields.at(19).toDouble();
    const double uptimeSeconds = uptime.readAll().split(' ').value(0).toDouble();
    return (uptimeSeconds - startTicks / double(sysconf(_SC_CLK_TCK))) * 1000.0;
}

// The benchmark database: `events` clean events over three years, 2 sources × 20 metrics, 5,000
// users, one import batch, and the daily KPIs computed from them. Made by SQL (minutes, once) and
// reused while it has the expected number of events.
inline std::shared_ptr<Storage::Database> openBenchDatabase(const QString &path, qint64 events)
{
    auto opened = Storage::Database::open(path);
    if (!opened) {
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(path), qPrintable(opened.error().message));
        return {};
    }
    std::shared_ptr<Storage::Database> db = *opened;
    QSqlQuery query(db->connection());
    if (query.exec(QStringLiteral("SELECT COALESCE(SUM(inserted), 0) FROM ingest_batches")) && query.next()
        && query.value(0).toLongLong() == events) {
        query.finish();
        return db;
    }
    query.finish();
    std::fprintf(stderr, "Creating the benchmark database %s with %lld events (once; takes minutes)…\n", qPrintable(path),
                 static_cast<long long>(events));
    QElapsedTimer timer;
    timer.start();
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    const qint64 firstMs = QDateTime(QDate(2023, 1, 1), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch();
    const qint64 stepMs = 3LL * 365 * 86400 * 1000 / events;
    const QStringList statements{
        QStringLiteral("DELETE FROM metric_daily"),
        QStringLiteral("DELETE FROM clean_events"),
        QStringLiteral("DELETE FROM ingest_batches"),
        QStringLiteral("DELETE FROM sources"),
        QStringLiteral("INSERT INTO sources (id, name, created_at) VALUES (1, 'web', '%1'), (2, 'shop', '%1')").arg(now),
        QStringLiteral("INSERT INTO ingest_batches (id, source_id, file_name, format, mode, status, received, inserted,"
                       " started_at, finished_at) VALUES (1, NULL, 'benchmark.csv', 'csv', 'tolerant', 'committed', %1, %1, '%2', '%2')")
            .arg(events)
            .arg(now),
        // Named placeholders, not arg(): arg() takes printf's '%02d' and '%012d' for its %2 and %12.
        QStringLiteral("WITH RECURSIVE n(x) AS (SELECT 0 UNION ALL SELECT x + 1 FROM n WHERE x < {last})"
                       " INSERT INTO clean_events (batch_id, source_id, ts, day, metric, value, user_id, dedup_key)"
                       " SELECT 1, 1 + (x % 2), {first} + x * {step}, date(({first} + x * {step}) / 1000, 'unixepoch'),"
                       " 'metric_' || printf('%02d', (x / 2) % 20), (x % 97) + 1, 'u' || (x % 5000),"
                       " CAST(printf('%012d', x) AS BLOB) FROM n")
            .replace(QStringLiteral("{last}"), QString::number(events - 1))
            .replace(QStringLiteral("{first}"), QString::number(firstMs))
            .replace(QStringLiteral("{step}"), QString::number(stepMs)),
    };
    if (!query.exec(QStringLiteral("BEGIN")))
        return {};
    for (const QString &statement : statements) {
        if (!query.exec(statement)) {
            std::fprintf(stderr, "failed: %s\n%s\n", qPrintable(statement), qPrintable(query.lastError().text()));
            query.exec(QStringLiteral("ROLLBACK"));
            return {};
        }
    }
    if (!query.exec(QStringLiteral("COMMIT")))
        return {};
    std::fprintf(stderr, "  events inserted in %.1f s\n", timer.elapsed() / 1000.0);
    auto stats = Kpi::KpiService(db).recompute({});
    if (!stats) {
        std::fprintf(stderr, "KPI recompute failed: %s\n", qPrintable(stats.error().message));
        return {};
    }
    std::fprintf(stderr, "  daily KPIs (%lld rows) after %.1f s\n", static_cast<long long>(stats->rowsUpserted),
                 timer.elapsed() / 1000.0);
    return db;
}

inline QString benchDatabasePath(int argc, char **argv)
{
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--db") == 0)
            return QString::fromLocal8Bit(argv[i + 1]);
    }
    return QDir::temp().filePath(QStringLiteral("smartdata-bench-10m.db"));
}

} // namespace UiBenchmark
