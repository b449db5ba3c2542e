#pragma once
// Which calendar day an event belongs to: the day of its UTC instant in the KPI timezone (UTC unless
// configured). Fast for millions of rows: UTC is arithmetic, other zones cache their UTC offset per
// quarter hour (offsets only change at transitions, which fall on quarter hours).

#include <QHash>
#include <QString>
#include <QTimeZone>

namespace Ingest {

class DayBucketer final
{
public:
    explicit DayBucketer(const QTimeZone &zone = QTimeZone::utc());

    // Days since 1970-01-01 in the zone.
    qint64 dayNumber(qint64 utcMs);
    // 'YYYY-MM-DD' of a day number (the last one is cached: events come in runs of one day).
    const QString &dayText(qint64 dayNumber);
    static QString dayTextOf(qint64 dayNumber);

    QTimeZone zone() const { return m_zone; }

private:
    QTimeZone m_zone;
    bool m_utc = true;
    QHash<qint64, qint32> m_offsetByQuarter; // quarter-hour index -> offset in seconds
    qint64 m_lastDay = std::numeric_limits<qint64>::min();
    QString m_lastText;
};

} // namespace Ingest
