#include "metriccatalog.h"

#include "storage/database.h"

#include <QSqlQuery>

namespace Ui {

MetricCatalog MetricCatalog::load(const std::shared_ptr<Storage::Database> &database)
{
    MetricCatalog catalog;
    QSqlQuery query(database->connection());
    if (!query.exec(QStringLiteral("SELECT s.name, m.metric, COUNT(*) FROM metric_daily m "
                                   "JOIN sources s ON s.id = m.source_id GROUP BY s.name, m.metric "
                                   "ORDER BY s.name, m.metric"))) {
        catalog.error = Storage::Database::sqlError(query.lastError(), QStringLiteral("listing the metrics")).message;
        return catalog;
    }
    while (query.next()) {
        const SeriesKey key{query.value(0).toString(), query.value(1).toString()};
        catalog.metrics.append(key);
        catalog.days.insert(key.source + QLatin1Char('/') + key.metric, query.value(2).toLongLong());
    }
    return catalog;
}

DatabaseCounts DatabaseCounts::load(const std::shared_ptr<Storage::Database> &database)
{
    DatabaseCounts counts;
    QSqlQuery query(database->connection());
    if (query.exec(QStringLiteral("SELECT (SELECT COALESCE(SUM(inserted), 0) FROM ingest_batches),"
                                  " (SELECT COUNT(*) FROM metric_daily), (SELECT COUNT(*) FROM ingest_batches)"))
        && query.next()) {
        counts.events = query.value(0).toLongLong();
        counts.dailyRows = query.value(1).toLongLong();
        counts.batches = query.value(2).toLongLong();
        counts.known = true;
    }
    return counts;
}

} // namespace Ui
