#include "daybucketer.h"

#include <QDate>
#include <QDateTime>

namespace Ingest {

namespace {
constexpr qint64 MsPerDay = 86400000;
constexpr qint64 MsPerQuarter = 900000;
constexpr qint64 UnixEpochJulianDay = 2440588;

qint64 floorDiv(qint64 a, qint64 b)
{
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
}
} // namespace

DayBucketer::DayBucketer(const QTimeZone &zone)
    : m_zone(zone.isValid() ? zone : QTimeZone::utc())
    , m_utc(m_zone == QTimeZone::utc() || m_zone.id() == "UTC")
{
}

qint64 DayBucketer::dayNumber(qint64 utcMs)
{
    if (m_utc)
        return floorDiv(utcMs, MsPerDay);
    const qint64 quarter = floorDiv(utcMs, MsPerQuarter);
    auto it = m_offsetByQuarter.constFind(quarter);
    if (it == m_offsetByQuarter.constEnd()) {
        if (m_offsetByQuarter.size() > 100000)
            m_offsetByQuarter.clear();
        const qint32 offset = m_zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(quarter * MsPerQuarter, QTimeZone::utc()));
        it = m_offsetByQuarter.insert(quarter, offset);
    }
    return floorDiv(utcMs + qint64(*it) * 1000, MsPerDay);
}

QString DayBucketer::dayTextOf(qint64 dayNumber)
{
    return QDate::fromJulianDay(dayNumber + UnixEpochJulianDay).toString(Qt::ISODate);
}

const QString &DayBucketer::dayText(qint64 dayNumber)
{
    if (dayNumber != m_lastDay) {
        m_lastDay = dayNumber;
        m_lastText = dayTextOf(dayNumber);
    }
    return m_lastText;
}

} // namespace Ingest
