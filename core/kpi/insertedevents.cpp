#include "insertedevents.h"

#include "storage/database.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace Kpi {

InsertedEvents::InsertedEvents(qint64 tallyLimit)
    : m_tallyLimit(tallyLimit)
{
}

Common::Status InsertedEvents::start(QSqlDatabase connection)
{
    if (!Storage::Database::sqliteHandle(connection)) {
        m_tallying = false; // the SQL path recomputes the touched days
        return {};
    }
    QSqlQuery query(connection);
    if (!query.exec(QStringLiteral("SELECT MAX(id) FROM clean_events")) || !query.next())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading the last event id"));
    m_lastIdBefore = query.value(0).isNull() ? 0 : query.value(0).toLongLong();
    // Beyond the largest id SQLite picks new ids at random: the import's rows are not above it then.
    if (m_lastIdBefore == std::numeric_limits<qint64>::max())
        m_tallying = false;
    return {};
}

void InsertedEvents::add(qint64 sourceId, const QString &metric, qint64 dayNumber, const QString &dayText,
                         const QByteArray &user, double value)
{
    DayTally &day = m_days[SeriesKey(sourceId, metric)][dayNumber];
    if (day.dayText.isEmpty())
        day.dayText = dayText;
    if (!m_tallying)
        return;
    if (++m_events > m_tallyLimit || m_lastIdBefore < 0) {
        // Too many to keep (or no start): drop the tallies, keep the touched days.
        m_tallying = false;
        for (auto &series : m_days) {
            for (DayTally &tally : series) {
                QString text = std::move(tally.dayText);
                tally = DayTally();
                tally.dayText = std::move(text);
            }
        }
        return;
    }
    day.sum.add(value);
    ++day.count;
    day.min = std::min(day.min, value);
    day.max = std::max(day.max, value);
    if (!user.isEmpty())
        day.users.insert(user);
}

QList<QPair<QString, QString>> InsertedEvents::runsOf(const QMap<qint64, DayTally> &days)
{
    QList<QPair<QString, QString>> runs;
    auto day = days.constBegin();
    while (day != days.constEnd()) {
        auto last = day;
        auto next = std::next(day);
        while (next != days.constEnd() && next.key() == last.key() + 1)
            last = next++;
        runs.append({day->dayText, last->dayText});
        day = next;
    }
    return runs;
}

} // namespace Kpi
