#pragma once
// Shared set-up for the job and scheduler tests: a clock the test moves by hand, a fresh database,
// and small query helpers.

#include "testdatabase.h"
#include "common/clock.h"
#include "storage/database.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <QVariant>

#include <atomic>

namespace JobTest {

class FakeClock final : public Common::Clock
{
public:
    explicit FakeClock(const QDateTime &start) { set(start); }
    QDateTime now() const override { return QDateTime::fromMSecsSinceEpoch(m_ms.load(), Qt::UTC); }
    void set(const QDateTime &dateTime) { m_ms.store(dateTime.toMSecsSinceEpoch()); }
    void set(const char *iso) { set(utc(iso)); }
    void advanceSecs(qint64 seconds) { m_ms.fetch_add(seconds * 1000); }

    static QDateTime utc(const char *iso) { return QDateTime::fromString(QString::fromLatin1(iso), Qt::ISODateWithMs).toUTC(); }

private:
    std::atomic<qint64> m_ms{0};
};

// Installs a fake clock for the lifetime of a test function.
class ClockGuard final
{
public:
    explicit ClockGuard(FakeClock &clock) { Common::Clock::setInstance(&clock); }
    ~ClockGuard() { Common::Clock::setInstance(nullptr); }
    Q_DISABLE_COPY_MOVE(ClockGuard)
};

inline std::shared_ptr<Storage::Database> freshDatabase(const QTemporaryDir &dir, const QString &name)
{
    auto db = Storage::Database::open(TestDb::location(dir.filePath(name)));
    if (!db) {
        qWarning("%s", qPrintable(db.error().message));
        return nullptr;
    }
    return *db;
}

inline qint64 scalar(const std::shared_ptr<Storage::Database> &db, const QString &sql)
{
    QSqlQuery query(db->connection());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

// The first column of every row, joined with commas (GROUP_CONCAT is SQLite's own).
inline QString joined(const std::shared_ptr<Storage::Database> &db, const QString &sql)
{
    QSqlQuery query(db->connection());
    if (!query.exec(sql))
        return QStringLiteral("<error>");
    QStringList values;
    while (query.next())
        values.append(query.value(0).toString());
    return values.join(QLatin1Char(','));
}

inline QString text(const std::shared_ptr<Storage::Database> &db, const QString &sql)
{
    QSqlQuery query(db->connection());
    if (!query.exec(sql) || !query.next())
        return QStringLiteral("<no row>");
    return query.value(0).toString();
}

inline bool exec(const std::shared_ptr<Storage::Database> &db, const QString &sql)
{
    QSqlQuery query(db->connection());
    if (!query.exec(sql)) {
        qWarning("%s: %s", qPrintable(sql), qPrintable(query.lastError().text()));
        return false;
    }
    return true;
}

} // namespace JobTest
