#pragma once
// What an import inserted into clean_events, per (source, metric, day), kept while the import runs so
// that its KPI update need not read the touched days' older events again (KpiService::applyInserted):
// the new events' exact sum, count, minimum, maximum and users are added to the stored day rows.
//
// Up to a limit of events it keeps those tallies; past it (a big first import, say) it keeps only
// which days were touched, and those days are recomputed from their events as before.

#include "common/result.h"
#include "kpi/exactsum.h"

#include <QByteArray>
#include <QHash>
#include <QMap>
#include <QPair>
#include <QSet>
#include <QSqlDatabase>
#include <QString>

#include <limits>

namespace Kpi {

class InsertedEvents final
{
public:
    // Tallies cost memory per event (its user id); 200k events is a few MB.
    static constexpr qint64 DefaultTallyLimit = 200000;

    explicit InsertedEvents(qint64 tallyLimit = DefaultTallyLimit);

    // Remembers the largest clean_events id before the import, inside its write transaction: every
    // row above it is the import's own (SQLite gives a new row the largest id plus one).
    Common::Status start(QSqlDatabase connection);

    // One inserted event. dayText is the day's 'YYYY-MM-DD'; an empty user means none.
    void add(qint64 sourceId, const QString &metric, qint64 dayNumber, const QString &dayText,
             const QByteArray &user, double value);

    struct DayTally
    {
        QString dayText;
        ExactSum sum;
        qint64 count = 0;
        double min = std::numeric_limits<double>::infinity();
        double max = -std::numeric_limits<double>::infinity();
        QSet<QByteArray> users;
    };
    using SeriesKey = QPair<qint64, QString>; // source id, metric

    bool isEmpty() const { return m_days.isEmpty(); }
    bool hasTallies() const { return m_tallying; }
    qint64 lastIdBefore() const { return m_lastIdBefore; }
    qint64 events() const { return m_events; }
    // Days touched per series, by day number (days since 1970-01-01).
    const QHash<SeriesKey, QMap<qint64, DayTally>> &days() const { return m_days; }
    // A series' touched days as contiguous runs: ('YYYY-MM-DD' first, last) each.
    static QList<QPair<QString, QString>> runsOf(const QMap<qint64, DayTally> &days);

private:
    qint64 m_tallyLimit;
    qint64 m_lastIdBefore = -1;
    qint64 m_events = 0;
    bool m_tallying = true;
    QHash<SeriesKey, QMap<qint64, DayTally>> m_days;
};

} // namespace Kpi
