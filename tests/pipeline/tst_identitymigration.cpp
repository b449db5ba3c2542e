// Schema 6 brings a database to the identity by every column (DESIGN.md): the keys of stored events
// with attributes are recomputed from the stored rows, and the rows the old identity dropped as
// duplicates can be imported by importing their file again.
//
// tests/data/pipeline/identity_v5/schema5.db was written by SmartData at schema version 5 (commit
// 53036d2) with make_schema5.sh: ratings.csv (40 rows, 4 of which differ from an earlier row only in
// movieId) and flights.json (5 events, 2 of which differ only in their origin).

#include "common/eventidentity.h"
#include "ingest/importer.h"
#include "pipelinetesthelpers.h"
#include "storage/migrations.h"
#include "testdatabase.h"

#include <QFile>
#include <QSet>
#include <QSqlError>

using namespace PipelineTest;

namespace {

const QString Fixture = QStringLiteral(SMARTDATA_TEST_DATA_DIR "/pipeline/identity_v5/");

// The key every stored event has under the current identity, recomputed here from its columns.
int eventsWithStaleKeys(const std::shared_ptr<Storage::Database> &db)
{
    QSqlQuery query(db->connection());
    if (!query.exec(QStringLiteral("SELECT ts, value, metric, user_id, event_id, attributes, dedup_key FROM clean_events")))
        return -1;
    int stale = 0;
    while (query.next()) {
        const QByteArray key = Common::eventIdentityKey(query.value(0).toLongLong(), query.value(1).toDouble(),
                                                        query.value(2).toString().toUtf8(), query.value(3).toString().toUtf8(),
                                                        query.value(4).toString().toUtf8(), query.value(5).toString().toUtf8());
        if (key != query.value(6).toByteArray())
            ++stale;
    }
    return stale;
}

Ingest::ImportOptions ratingsOptions()
{
    Ingest::ImportOptions options;
    options.source = QStringLiteral("movielens");
    options.read.mapping.value = QStringLiteral("rating");
    return options;
}

Ingest::ImportOptions flightsOptions()
{
    Ingest::ImportOptions options;
    options.source = QStringLiteral("flights");
    return options;
}

} // namespace

class TestIdentityMigration final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { SD_REQUIRE_ENGINE(); }
    void databaseOfSchema5IsMigrated();
    void keysOfADowngradedDatabaseAreRecomputed();

private:
    QTemporaryDir m_dir;
};

void TestIdentityMigration::databaseOfSchema5IsMigrated()
{
    if (TestDb::isPostgres())
        QSKIP("The schema-5 fixture is a SQLite file; keysOfADowngradedDatabaseAreRecomputed covers PostgreSQL.");
    const QString path = m_dir.filePath(QStringLiteral("schema5.db"));
    QVERIFY(QFile::copy(Fixture + QStringLiteral("schema5.db"), path));
    QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    auto opened = Storage::Database::open(path);
    QVERIFY2(opened.ok(), opened.ok() ? "" : qPrintable(opened.error().message));
    auto db = *opened;
    QCOMPARE(db->schemaVersion(), Storage::Migrations::latestVersion());
    QCOMPARE(rows(db, "clean_events"), 36 + 3);
    QCOMPARE(eventsWithStaleKeys(db), 0);
    // Columns the migration added, with their defaults on old rows.
    QCOMPARE(scalar(db, QStringLiteral("SELECT SUM(duplicates_in_file) FROM ingest_batches")), 0);
    QCOMPARE(scalar(db, QStringLiteral("SELECT COUNT(*) FROM raw_events WHERE reject_value IS NOT NULL")), 0);

    // Importing the files again adds exactly the rows the old identity dropped, and nothing twice.
    auto ratings = Ingest::Importer(db).importFile(Fixture + QStringLiteral("ratings.csv"), ratingsOptions());
    QVERIFY(ratings.ok());
    QCOMPARE(ratings->inserted, 4);
    QCOMPARE(ratings->duplicatesStored, 36);
    QCOMPARE(ratings->duplicatesInFile, 0);
    auto flights = Ingest::Importer(db).importFile(Fixture + QStringLiteral("flights.json"), flightsOptions());
    QVERIFY(flights.ok());
    QCOMPARE(flights->inserted, 2);
    QCOMPARE(flights->duplicatesStored, 3);
    QCOMPARE(rows(db, "clean_events"), 40 + 5);
    // The KPIs followed: the three flights at 10:00 are three events of 12 minutes.
    QCOMPARE(scalar(db, QStringLiteral("SELECT value_count FROM metric_daily WHERE metric = 'dep_delay'")), 5);
    QCOMPARE(scalar(db, QStringLiteral("SELECT value_sum FROM metric_daily WHERE metric = 'dep_delay'")), 12 * 3 + 3 + 7);
    // A third time, everything is stored already.
    auto again = Ingest::Importer(db).importFile(Fixture + QStringLiteral("ratings.csv"), ratingsOptions());
    QVERIFY(again.ok());
    QCOMPARE(again->inserted, 0);
    QCOMPARE(again->duplicatesStored, 40);
}

// Both engines: a current database is put back to schema 5 (old keys, no new columns, version 5
// recorded), then opened again: the migration recomputes what is stale and nothing else.
void TestIdentityMigration::keysOfADowngradedDatabaseAreRecomputed()
{
    const QString location = TestDb::location(m_dir.filePath(QStringLiteral("downgraded.db")));
    {
        auto opened = Storage::Database::open(location);
        QVERIFY(opened.ok());
        auto db = *opened;
        QVERIFY(Ingest::Importer(db).importFile(Fixture + QStringLiteral("ratings.csv"), ratingsOptions()).ok());
        QVERIFY(Ingest::Importer(db).importFile(Fixture + QStringLiteral("flights.json"), flightsOptions()).ok());
        QCOMPARE(rows(db, "clean_events"), 45);

        // Schema 5's key: a hash of (ts, value, metric, user_id) alone; the attribute rows that would
        // collide under it get a distinct stand-in so the unique index holds, as in a real old database
        // (where the second copy was never stored).
        QSqlQuery select(db->connection());
        QVERIFY(select.exec(QStringLiteral("SELECT id, ts, value, metric, user_id FROM clean_events"
                                           " WHERE event_id IS NULL AND attributes IS NOT NULL ORDER BY id")));
        QList<QPair<qint64, QByteArray>> oldKeys;
        QSet<QByteArray> seen;
        while (select.next()) {
            QByteArray key = Common::eventIdentityKey(select.value(1).toLongLong(), select.value(2).toDouble(),
                                                      select.value(3).toString().toUtf8(), select.value(4).toString().toUtf8(), {}, {});
            if (seen.contains(key))
                key = QByteArray("h-stand-in-") + QByteArray::number(select.value(0).toLongLong());
            seen.insert(key);
            oldKeys.append({select.value(0).toLongLong(), key});
        }
        select.finish();
        QSqlQuery update(db->connection());
        update.prepare(QStringLiteral("UPDATE clean_events SET dedup_key = ? WHERE id = ?"));
        for (const auto &[id, key] : std::as_const(oldKeys)) {
            update.addBindValue(key);
            update.addBindValue(id);
            QVERIFY2(update.exec(), qPrintable(update.lastError().text()));
        }
        QCOMPARE(eventsWithStaleKeys(db), int(oldKeys.size()));
        QVERIFY(db->exec(QStringLiteral("ALTER TABLE raw_events DROP COLUMN reject_value")).ok());
        QVERIFY(db->exec(QStringLiteral("ALTER TABLE ingest_batches DROP COLUMN duplicates_in_file")).ok());
        QVERIFY(db->exec(QStringLiteral("DELETE FROM schema_migrations WHERE version >= 6")).ok());
        db->releaseThreadConnection();
    }
    auto reopened = Storage::Database::open(location);
    QVERIFY2(reopened.ok(), reopened.ok() ? "" : qPrintable(reopened.error().message));
    auto db = *reopened;
    QCOMPARE(db->schemaVersion(), Storage::Migrations::latestVersion());
    QCOMPARE(eventsWithStaleKeys(db), 0);
    auto again = Ingest::Importer(db).importFile(Fixture + QStringLiteral("flights.json"), flightsOptions());
    QVERIFY(again.ok());
    QCOMPARE(again->inserted, 0);
    QCOMPARE(again->duplicatesStored, 5);
}

QTEST_GUILESS_MAIN(TestIdentityMigration)
#include "tst_identitymigration.moc"
