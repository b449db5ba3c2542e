// Daily KPI recompute on an existing database (e.g. the one bench_ingest leaves in its KEEP_DIR):
//
//   bench_kpi DATABASE [RUNS=3]
//
// Per run: every metric_daily row deleted, then a full recompute from clean_events (all rows
// written); then a second full recompute (nothing changes, nothing written) and one of the last 30
// days by date alone. Prints seconds per step. Not a test: it changes the database's metric_daily
// (to what a recompute gives anyway).

#include "kpi/kpiservice.h"
#include "storage/database.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QSqlQuery>
#include <QVariant>

#include <cstdio>

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 2) {
        std::fprintf(stderr, "usage: bench_kpi DATABASE [RUNS=3]\n");
        return 2;
    }
    const int runs = argc > 2 ? QByteArray(argv[2]).toInt() : 3;
    auto db = Storage::Database::open(QString::fromLocal8Bit(argv[1]));
    if (!db)
        qFatal("%s", qPrintable(db.error().message));
    Kpi::KpiService kpis(*db);
    QSqlQuery last((*db)->connection());
    const QDate lastDay = last.exec(QStringLiteral("SELECT MAX(day) FROM metric_daily")) && last.next()
        ? QDate::fromString(last.value(0).toString(), Qt::ISODate) : QDate();
    last.finish();

    for (int run = 1; run <= runs; ++run) {
        if (!(*db)->exec(QStringLiteral("DELETE FROM metric_daily")))
            qFatal("cannot clear metric_daily");
        QElapsedTimer timer;
        timer.start();
        auto full = kpis.recompute({});
        if (!full)
            qFatal("%s", qPrintable(full.error().message));
        const double fullSeconds = timer.nsecsElapsed() / 1e9;
        timer.restart();
        auto again = kpis.recompute({});
        const double againSeconds = timer.nsecsElapsed() / 1e9;
        timer.restart();
        Kpi::Filter recent;
        recent.from = lastDay.addDays(-29);
        recent.to = lastDay;
        auto dated = kpis.recompute(recent);
        const double datedSeconds = timer.nsecsElapsed() / 1e9;
        std::printf("run %d: full recompute %.3f s (%lld events, %lld rows written)  again %.3f s (%lld written)"
                    "  last 30 days by date %.3f s\n",
                    run, fullSeconds, static_cast<long long>(full->eventsAggregated), static_cast<long long>(full->rowsUpserted),
                    againSeconds, static_cast<long long>(again ? again->rowsUpserted : -1), datedSeconds);
        std::fflush(stdout);
    }
    return 0;
}
