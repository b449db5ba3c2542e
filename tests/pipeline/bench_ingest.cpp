// End-to-end ingest benchmark: file on disk -> committed batch (raw_events, clean_events with
// duplicate detection, metric_daily), then a full and an incremental KPI recompute.
//
//   bench_ingest [ROWS=1000000] [csv|ndjson|both] [KEEP_DIR] [DATABASE]
//
// DATABASE: another database than a fresh SQLite file in KEEP_DIR, e.g. postgresql://user@host/db
// (its SmartData tables are emptied first).
//
// Prints events/s, peak RSS, and the same CSV loaded by the sqlite3 shell's .import into a plain
// table for comparison (when the sqlite3 shell is installed).

#include "ingest/importer.h"
#include "kpi/kpiservice.h"
#include "storage/database.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTemporaryDir>

#include <sys/resource.h>

#include <cstdio>

namespace {

long peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

// event_id, timestamp, user_id, metric, value, source: 6 columns, 3 metrics, ~1 year.
void writeFile(const QString &path, qint64 rows, bool ndjson, qint64 firstId = 0)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    QByteArray chunk;
    if (!ndjson)
        chunk = "event_id,timestamp,user_id,metric,value,source\n";
    const char *metrics[] = {"orders", "page_views", "signups"};
    const qint64 start = 1735689600; // 2025-01-01
    for (qint64 i = firstId; i < firstId + rows; ++i) {
        const qint64 ts = start + (i * 31) % (365 * 86400);
        const QByteArray iso = QDateTime::fromSecsSinceEpoch(ts, Qt::UTC).toString(Qt::ISODate).toLatin1();
        const QByteArray id = "e" + QByteArray::number(i);
        const QByteArray user = "u" + QByteArray::number(i % 5000);
        const QByteArray value = QByteArray::number((i % 1000) / 10.0);
        const char *metric = metrics[i % 3];
        if (ndjson) {
            chunk += "{\"event_id\":\"" + id + "\",\"timestamp\":\"" + iso + "\",\"user_id\":\"" + user + "\",\"metric\":\"" + metric
                   + "\",\"value\":" + value + ",\"source\":\"bench\"}\n";
        } else {
            chunk += id + ',' + iso + ',' + user + ',' + metric + ',' + value + ",bench\n";
        }
        if (chunk.size() > (1 << 20)) {
            file.write(chunk);
            chunk.clear();
        }
    }
    file.write(chunk);
}

double seconds(const QElapsedTimer &timer)
{
    return timer.nsecsElapsed() / 1e9;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const qint64 rows = argc > 1 ? QByteArray(argv[1]).toLongLong() : 1000000;
    const QString formats = argc > 2 ? QString::fromLatin1(argv[2]) : QStringLiteral("both");
    QTemporaryDir tmp;
    const QString dir = argc > 3 ? QString::fromLocal8Bit(argv[3]) : tmp.path();
    QDir().mkpath(dir);

    for (const QString &format : {QStringLiteral("csv"), QStringLiteral("ndjson")}) {
        if (formats != QLatin1String("both") && formats != format)
            continue;
        const QString file = dir + QStringLiteral("/events.") + format;
        writeFile(file, rows, format == QLatin1String("ndjson"));
        // argv[4]: another database, e.g. postgresql://user@host/db (emptied first).
        const QString dbPath = argc > 4 ? QString::fromLocal8Bit(argv[4]) : dir + QStringLiteral("/bench-") + format + QStringLiteral(".db");
        for (const char *suffix : {"", "-wal", "-shm"}) {
            if (!Storage::Database::isPostgresUrl(dbPath))
                QFile::remove(dbPath + QLatin1String(suffix));
        }
        auto db = Storage::Database::open(dbPath);
        if (!db)
            qFatal("%s", qPrintable(db.error().message));
        if ((*db)->engine() == Storage::Engine::Postgres
            && !(*db)->exec(QStringLiteral("TRUNCATE sources, ingest_batches, metric_daily CASCADE")))
            qFatal("cannot empty %s", qPrintable(dbPath));
        std::printf("database: %s (%s)\n", qPrintable((*db)->location()), qPrintable((*db)->dialect().name()));
        Ingest::Importer importer(*db);
        QElapsedTimer timer;
        timer.start();
        auto summary = importer.importFile(file, {});
        const double importSeconds = seconds(timer);
        if (!summary)
            qFatal("%s", qPrintable(summary.error().message));
        std::printf("%-6s %9lld rows  %.1f MB  import %.2f s  %.0f events/s  inserted %lld  peak RSS %ld MB\n",
                    qPrintable(format), static_cast<long long>(rows), QFileInfo(file).size() / 1e6, importSeconds,
                    rows / importSeconds, static_cast<long long>(summary->inserted), peakRssMb());

        // Re-import: everything is a duplicate.
        timer.restart();
        auto again = importer.importFile(file, {});
        std::printf("%-6s re-import (all duplicates) %.2f s  %.0f events/s  duplicates %lld\n", qPrintable(format),
                    seconds(timer), rows / seconds(timer), static_cast<long long>(again ? again->duplicates : -1));

        Kpi::KpiService kpis(*db);
        if (!(*db)->exec(QStringLiteral("DELETE FROM metric_daily")))
            qFatal("cannot clear metric_daily");
        timer.restart();
        auto full = kpis.recompute({});
        std::printf("%-6s full KPI recompute %.3f s (%lld rows)\n", qPrintable(format), seconds(timer),
                    static_cast<long long>(full ? full->rowsUpserted : -1));

        const QString extra = dir + QStringLiteral("/extra.") + format;
        writeFile(extra, 10000, format == QLatin1String("ndjson"), rows + 1);
        timer.restart();
        auto incremental = importer.importFile(extra, {});
        std::printf("%-6s import of 10k new events incl. incremental KPI update %.3f s\n", qPrintable(format), seconds(timer));
        if (incremental && incremental->inserted > 0) {
            std::printf("%-6s incremental KPI update inside that import (new events added to the stored days) %.1f ms\n",
                        qPrintable(format), incremental->kpiSeconds * 1e3);
            // For comparison: the same days recomputed from all their events, per (source, metric),
            // in one write transaction.
            const QString from = QDateTime::fromMSecsSinceEpoch(incremental->minTs, Qt::UTC).date().toString(Qt::ISODate);
            const QString to = QDateTime::fromMSecsSinceEpoch(incremental->maxTs, Qt::UTC).date().toString(Qt::ISODate);
            QSqlDatabase connection = (*db)->connection();
            QSqlQuery source(connection);
            source.prepare(QStringLiteral("SELECT id FROM sources WHERE name = ?"));
            source.addBindValue(incremental->sources.value(0));
            const qint64 sourceId = source.exec() && source.next() ? source.value(0).toLongLong() : -1;
            timer.restart();
            qint64 upserted = 0;
            connection.transaction();
            for (const QString &metric : std::as_const(incremental->metrics)) {
                auto stats = Kpi::KpiService::recomputeRange(connection, sourceId, metric, from, to);
                upserted += stats ? stats->rowsUpserted : 0;
            }
            connection.commit();
            std::printf("%-6s recompute of the days they touched from all their events (%s..%s, %lld metrics) %.1f ms\n",
                        qPrintable(format), qPrintable(from), qPrintable(to),
                        static_cast<long long>(incremental->metrics.size()), timer.nsecsElapsed() / 1e6);
        }

        if (format == QLatin1String("csv") && !QStandardPaths::findExecutable(QStringLiteral("sqlite3")).isEmpty()) {
            const QString plain = dir + QStringLiteral("/plain.db");
            QFile::remove(plain);
            QProcess sqlite;
            timer.restart();
            sqlite.start(QStringLiteral("sqlite3"), {plain, QStringLiteral(".mode csv"), QStringLiteral(".import %1 events").arg(file)});
            sqlite.waitForFinished(-1);
            std::printf("csv    sqlite3 shell .import into a plain table %.2f s  %.0f rows/s\n", seconds(timer), rows / seconds(timer));
        }
    }
    return 0;
}
