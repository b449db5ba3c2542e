// Opening databases: what gets migrated, what is refused and left untouched.

#include "storage/database.h"
#include "storage/migrations.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QSemaphore>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>
#include <QtConcurrent>

using Storage::Database;
using Storage::Migrations;

namespace {

QByteArray fileHash(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

QStringList columnsOf(QSqlDatabase db, const QString &table)
{
    QStringList columns;
    const QSqlRecord record = db.record(table);
    for (int i = 0; i < record.count(); ++i)
        columns.append(record.fieldName(i));
    return columns;
}

QStringList indexesOf(QSqlDatabase db, const QString &table)
{
    QSqlQuery query(db);
    query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = '%1' AND sql IS NOT NULL").arg(table));
    QStringList names;
    while (query.next())
        names.append(query.value(0).toString());
    return names;
}

QString pragma(QSqlDatabase db, const QString &name)
{
    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("PRAGMA %1").arg(name)) || !query.next())
        return {};
    return query.value(0).toString();
}

} // namespace

class TestMigrations final : public QObject
{
    Q_OBJECT

private slots:
    void newFileIsMigrated();
    void emptyFileIsMigrated();
    void currentDatabaseIsLeftAlone();
    void newerSchemaIsRefusedUntouched();
    void notSqliteIsRefusedUntouched_data();
    void notSqliteIsRefusedUntouched();
    void foreignSqliteIsRefusedUntouched();
    void tablesHaveTheirColumnsAndIndexes_data();
    void tablesHaveTheirColumnsAndIndexes();
    void connectionSettings();
    void writerWaitsForTheLock();
    void eachThreadHasItsOwnConnection();
    void folderIsRefused();

private:
    QTemporaryDir m_dir;
};

void TestMigrations::newFileIsMigrated()
{
    const QString path = m_dir.filePath(QStringLiteral("sub/dir/new.db"));
    auto db = Database::open(path);
    QVERIFY2(db.ok(), qPrintable(db ? QString() : db.error().message));
    QCOMPARE((*db)->schemaVersion(), Migrations::latestVersion());
    QVERIFY(QFile::exists(path));
    auto info = (*db)->info();
    QVERIFY(info.ok());
    QCOMPARE(info->tables.size(), Migrations::tableNames().size());
    for (const auto &t : info->tables)
        QCOMPARE(t.rows, 0);
}

void TestMigrations::emptyFileIsMigrated()
{
    const QString path = m_dir.filePath(QStringLiteral("empty.db"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    auto db = Database::open(path);
    QVERIFY2(db.ok(), qPrintable(db ? QString() : db.error().message));
    QCOMPARE((*db)->schemaVersion(), Migrations::latestVersion());
}

void TestMigrations::currentDatabaseIsLeftAlone()
{
    const QString path = m_dir.filePath(QStringLiteral("current.db"));
    {
        auto db = Database::open(path);
        QVERIFY(db.ok());
        QVERIFY((*db)->exec(QStringLiteral("INSERT INTO sources (name, created_at) VALUES ('demo', '2026-01-01T00:00:00.000Z')")).ok());
        QVERIFY((*db)->exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")).ok());
    }
    const QByteArray before = fileHash(path);
    auto db = Database::open(path);
    QVERIFY(db.ok());
    QSqlQuery query((*db)->connection());
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM schema_migrations")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), Migrations::all().size());
    QVERIFY(query.exec(QStringLiteral("SELECT name FROM sources")));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("demo"));
    QCOMPARE(fileHash(path), before);
}

void TestMigrations::newerSchemaIsRefusedUntouched()
{
    const QString path = m_dir.filePath(QStringLiteral("newer.db"));
    {
        auto db = Database::open(path);
        QVERIFY(db.ok());
        QVERIFY((*db)->exec(QStringLiteral("INSERT INTO schema_migrations (version, description, applied_at) "
                                           "VALUES (%1, 'from the future', '2030-01-01T00:00:00.000Z')")
                                .arg(Migrations::latestVersion() + 1)).ok());
        QVERIFY((*db)->exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)")).ok());
    }
    const QByteArray before = fileHash(path);
    auto db = Database::open(path);
    QVERIFY(!db.ok());
    QCOMPARE(db.error().code, QStringLiteral("DB_NEWER_SCHEMA"));
    QVERIFY2(db.error().message.contains(QLatin1String("newer version of SmartData")), qPrintable(db.error().message));
    QCOMPARE(db.error().details.value(QStringLiteral("schema_version")).toInt(), Migrations::latestVersion() + 1);
    QCOMPARE(fileHash(path), before);
}

void TestMigrations::notSqliteIsRefusedUntouched_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::newRow("text") << QByteArray("timestamp,value\n2024-01-01,1\n");
    QTest::newRow("random bytes") << QByteArray::fromHex("00ff13a7c0de5eed0000000000000000deadbeef").repeated(300);
    QTest::newRow("truncated header") << QByteArray("SQLite form");
    // A real SQLite header followed by garbage: the header check passes, SQLite must refuse it.
    QByteArray corrupt("SQLite format 3");
    corrupt.append('\0');
    corrupt.append(QByteArray(4080, '\x5a'));
    QTest::newRow("corrupt sqlite") << corrupt;
}

void TestMigrations::notSqliteIsRefusedUntouched()
{
    QFETCH(QByteArray, content);
    const QString path = m_dir.filePath(QStringLiteral("junk-%1.db").arg(QString::fromLatin1(QTest::currentDataTag()).replace(QLatin1Char(' '), QLatin1Char('-'))));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
    file.close();
    auto db = Database::open(path);
    QVERIFY(!db.ok());
    QVERIFY2(db.error().code == QLatin1String("DB_NOT_SQLITE") || db.error().code == QLatin1String("DB_CORRUPT"),
             qPrintable(db.error().code));
    QVERIFY2(db.error().message.contains(QLatin1String("left untouched")), qPrintable(db.error().message));
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), content);
    QVERIFY(!QFile::exists(path + QStringLiteral("-wal")));
}

void TestMigrations::foreignSqliteIsRefusedUntouched()
{
    const QString path = m_dir.filePath(QStringLiteral("foreign.db"));
    {
        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("other"));
        other.setDatabaseName(path);
        QVERIFY(other.open());
        QSqlQuery query(other);
        QVERIFY(query.exec(QStringLiteral("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")));
        QVERIFY(query.exec(QStringLiteral("INSERT INTO invoices (total) VALUES (12.5)")));
        other.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("other"));
    const QByteArray before = fileHash(path);
    auto db = Database::open(path);
    QVERIFY(!db.ok());
    QCOMPARE(db.error().code, QStringLiteral("DB_FOREIGN"));
    QCOMPARE(fileHash(path), before);
}

void TestMigrations::tablesHaveTheirColumnsAndIndexes_data()
{
    QTest::addColumn<QString>("table");
    QTest::addColumn<QStringList>("columns");
    QTest::addColumn<QStringList>("indexes");
    const auto l = [](std::initializer_list<const char *> names) {
        QStringList list;
        for (const char *n : names)
            list.append(QString::fromLatin1(n));
        return list;
    };
    QTest::newRow("sources") << QStringLiteral("sources") << l({"id", "name", "created_at"}) << QStringList{};
    QTest::newRow("ingest_batches") << QStringLiteral("ingest_batches")
        << l({"id", "source_id", "file_name", "file_size", "sha256", "format", "mode", "status", "received",
              "inserted", "duplicates", "rejected", "default_metric", "timezone", "started_at", "finished_at"})
        << l({"ix_ingest_batches_source", "ix_ingest_batches_sha256"});
    QTest::newRow("raw_events") << QStringLiteral("raw_events")
        << l({"id", "batch_id", "line_no", "payload", "outcome", "reject_column", "reject_reason"})
        << l({"ix_raw_events_batch"});
    QTest::newRow("clean_events") << QStringLiteral("clean_events")
        << l({"id", "batch_id", "source_id", "ts", "day", "metric", "value", "user_id", "event_id", "attributes", "dedup_key"})
        << l({"ux_clean_events_identity", "ix_clean_events_series", "ix_clean_events_batch"});
    QTest::newRow("metric_daily") << QStringLiteral("metric_daily")
        << l({"source_id", "metric", "day", "value_sum", "value_count", "value_avg", "value_distinct", "value_min", "value_max", "updated_at"})
        << l({"ix_metric_daily_day"});
    QTest::newRow("anomalies") << QStringLiteral("anomalies")
        << l({"id", "source_id", "metric", "day", "method", "field", "value", "score", "is_outlier", "params", "params_key", "run_at"})
        << l({"ux_anomalies_run", "ix_anomalies_series"});
    QTest::newRow("forecast_runs") << QStringLiteral("forecast_runs")
        << l({"id", "source_id", "metric", "created_at", "model", "spec", "params", "diagnostics", "fallback_reason",
              "horizon", "reliability_score", "reliability_grade"})
        << l({"ix_forecast_runs_series"});
    QTest::newRow("forecast_points") << QStringLiteral("forecast_points")
        << l({"run_id", "h", "day", "yhat", "se", "lower80", "upper80", "lower95", "upper95"})
        << l({"ix_forecast_points_day"});
    QTest::newRow("reliability_runs") << QStringLiteral("reliability_runs")
        << l({"id", "source_id", "metric", "created_at", "folds", "horizon", "window_n", "mae", "rmse", "mape", "smape", "mase", "score", "grade"})
        << l({"ix_reliability_runs_series"});
    QTest::newRow("users") << QStringLiteral("users")
        << l({"id", "email", "password_hash", "role", "is_active", "created_at", "updated_at", "last_login_at"}) << QStringList{};
    QTest::newRow("refresh_tokens") << QStringLiteral("refresh_tokens")
        << l({"id", "user_id", "token_hash", "family_id", "issued_at", "expires_at", "used_at", "revoked_at"})
        << l({"ix_refresh_tokens_family", "ix_refresh_tokens_user", "ix_refresh_tokens_expiry"});
    QTest::newRow("job_runs") << QStringLiteral("job_runs")
        << l({"id", "job", "trigger", "scheduled_for", "started_at", "finished_at", "status", "message", "counts"})
        << l({"ix_job_runs_job"});
}

void TestMigrations::tablesHaveTheirColumnsAndIndexes()
{
    QFETCH(QString, table);
    QFETCH(QStringList, columns);
    QFETCH(QStringList, indexes);
    auto db = Database::open(m_dir.filePath(QStringLiteral("schema.db")));
    QVERIFY(db.ok());
    const QStringList actualColumns = columnsOf((*db)->connection(), table);
    for (const QString &column : columns)
        QVERIFY2(actualColumns.contains(column), qPrintable(QStringLiteral("%1.%2 missing; has %3").arg(table, column, actualColumns.join(u','))));
    const QStringList actualIndexes = indexesOf((*db)->connection(), table);
    for (const QString &index : indexes)
        QVERIFY2(actualIndexes.contains(index), qPrintable(QStringLiteral("index %1 missing on %2").arg(index, table)));
}

void TestMigrations::connectionSettings()
{
    auto db = Database::open(m_dir.filePath(QStringLiteral("settings.db")));
    QVERIFY(db.ok());
    QSqlDatabase connection = (*db)->connection();
    QCOMPARE(pragma(connection, QStringLiteral("journal_mode")), QStringLiteral("wal"));
    QCOMPARE(pragma(connection, QStringLiteral("foreign_keys")), QStringLiteral("1"));
    QCOMPARE(pragma(connection, QStringLiteral("application_id")), QString::number(Database::SqliteApplicationId));
    // Foreign keys are enforced: an event cannot point at a batch that does not exist.
    QVERIFY(!(*db)->exec(QStringLiteral("INSERT INTO raw_events (batch_id, line_no, payload, outcome) VALUES (999, 1, 'x', 'inserted')")).ok());
    // A new database file and its WAL and shared-memory files are the owner's alone (0600).
    const QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadUser | QFileDevice::WriteUser;
    for (const QString &suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-shm")}) {
        const QString path = m_dir.filePath(QStringLiteral("settings.db")) + suffix;
        QVERIFY2(QFileInfo::exists(path), qPrintable(path));
        QCOMPARE(QFile::permissions(path), ownerOnly);
    }
}

// A writer that finds the database locked waits for it (and tries often, so it gets in at the first
// gap) instead of failing; it fails with DATABASE_BUSY only after Database::BusyTimeoutMs.
void TestMigrations::writerWaitsForTheLock()
{
    auto opened = Database::open(m_dir.filePath(QStringLiteral("busy.db")));
    QVERIFY(opened.ok());
    auto db = *opened;
    QSemaphore locked, done;
    std::unique_ptr<QThread> holder(QThread::create([&] {
        QSqlQuery query(db->connection());
        query.exec(QStringLiteral("BEGIN IMMEDIATE"));
        query.exec(QStringLiteral("INSERT INTO app_settings (key, value, updated_at) VALUES ('held', '1', 'now')"));
        locked.release();
        QThread::msleep(300);
        query.exec(QStringLiteral("COMMIT"));
        query.finish();
        done.release();
        db->releaseThreadConnection();
    }));
    holder->start();
    QVERIFY(locked.tryAcquire(1, 10000));
    QElapsedTimer waited;
    waited.start();
    const Common::Status written = db->setSetting(QStringLiteral("after"), QStringLiteral("2"));
    QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
    QVERIFY(waited.elapsed() >= 200);
    QVERIFY(holder->wait(30000));
    QCOMPARE(db->setting(QStringLiteral("held")), QStringLiteral("1"));
}

void TestMigrations::eachThreadHasItsOwnConnection()
{
    auto opened = Database::open(m_dir.filePath(QStringLiteral("threads.db")));
    QVERIFY(opened.ok());
    std::shared_ptr<Database> db = *opened;
    const QString mainName = db->connection().connectionName();
    // A thread of its own: QFuture::result() may run a task that has not started yet in the caller.
    bool ok = false, foreignKeys = false;
    QString workerName;
    std::unique_ptr<QThread> worker(QThread::create([&] {
        QSqlDatabase connection = db->connection();
        QSqlQuery query(connection);
        ok = query.exec(QStringLiteral("SELECT COUNT(*) FROM sources")) && query.next();
        workerName = connection.connectionName();
        foreignKeys = pragma(connection, QStringLiteral("foreign_keys")) == QLatin1String("1");
        query.finish();
        db->releaseThreadConnection();
    }));
    worker->start();
    QVERIFY(worker->wait(30000));
    QVERIFY(ok);
    QVERIFY(foreignKeys);
    QVERIFY(workerName != mainName);
    QCOMPARE(db->connection().connectionName(), mainName);
}

void TestMigrations::folderIsRefused()
{
    auto db = Database::open(m_dir.path());
    QVERIFY(!db.ok());
    QCOMPARE(db.error().code, QStringLiteral("DB_NOT_A_FILE"));
}

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
