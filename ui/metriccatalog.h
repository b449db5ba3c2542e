#pragma once
// What the sidebar and the status bar list, read on a pool thread: every (source, metric) with its
// number of days, and the database's counters. Kept out of the window, which never holds SQL.

#include "ui/metricsidebar.h"

#include <QHash>

#include <memory>

namespace Storage {
class Database;
}

namespace Ui {

struct MetricCatalog final
{
    QList<SeriesKey> metrics;    // by source, then metric
    QHash<QString, qint64> days; // "source/metric" -> days with data
    QString error;

    static MetricCatalog load(const std::shared_ptr<Storage::Database> &database);
};

struct DatabaseCounts final
{
    qint64 events = 0;
    qint64 dailyRows = 0;
    qint64 batches = 0;
    bool known = false;

    // COUNT(*) over clean_events scans the whole table (about a second per 10M events); every stored
    // event belongs to exactly one import and an import's row goes with its events, so the imports'
    // inserted counts add up to the same number at the cost of one row per import.
    static DatabaseCounts load(const std::shared_ptr<Storage::Database> &database);
};

} // namespace Ui
