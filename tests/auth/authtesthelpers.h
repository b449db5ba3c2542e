#pragma once
// Shared by the auth tests: a settable clock and a fresh database per test.

#include "testdatabase.h"
#include "common/clock.h"
#include "storage/database.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

namespace AuthTest {

class FakeClock final : public Common::Clock
{
public:
    explicit FakeClock(QDateTime start = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC)) : m_now(std::move(start)) {}
    QDateTime now() const override { return m_now; }
    void advance(qint64 seconds) { m_now = m_now.addSecs(seconds); }
    void set(const QDateTime &now) { m_now = now; }

private:
    QDateTime m_now;
};

// Installs the fake clock for the lifetime of the object.
class ClockScope final
{
public:
    explicit ClockScope(const Common::Clock *clock) { Common::Clock::setInstance(clock); }
    ~ClockScope() { Common::Clock::setInstance(nullptr); }
    Q_DISABLE_COPY_MOVE(ClockScope)
};

inline std::shared_ptr<Storage::Database> openDatabase(const QTemporaryDir &dir)
{
    auto db = Storage::Database::open(TestDb::location(dir.filePath(QStringLiteral("smartdata.db"))));
    if (!db) {
        qWarning("%s", qPrintable(db.error().message));
        return {};
    }
    return *db;
}

} // namespace AuthTest
