// PostgreSQL databases: addresses, what is migrated, what is refused and left untouched, and
// passwords that never show. The address tests need no server; the others run in tst_postgres_pg
// on the throw-away cluster (tests/pg/pg-cluster.sh).

#include "testdatabase.h"

#include "storage/database.h"
#include "storage/migrations.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using Storage::Database;
using Storage::Migrations;

class TestPostgres final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { SD_REQUIRE_ENGINE(); }
    void badAddresses_data();
    void badAddresses();
    void unreachableServerSaysWhere();
    void freshDatabaseIsMigratedOnce();
    void foreignDatabaseIsRefusedUntouched();
    void newerSchemaIsRefused();
    void passwordNeverShows();

private:
    static bool needServer();
    static QString adminExec(const QString &database, const QString &sql);

    QTemporaryDir m_dir;
};

bool TestPostgres::needServer()
{
    return TestDb::isPostgres() && !TestDb::serverUrl().isEmpty();
}

void TestPostgres::badAddresses_data()
{
    QTest::addColumn<QString>("location");
    QTest::newRow("no database") << QStringLiteral("postgresql://user@localhost:5432");
    QTest::newRow("empty database") << QStringLiteral("postgresql://user@localhost/");
    QTest::newRow("nested path") << QStringLiteral("postgresql://user@localhost/a/b");
    QTest::newRow("bad option") << QStringLiteral("postgresql://user@localhost/db?ssl%20mode=require");
    QTest::newRow("bad port") << QStringLiteral("postgresql://user@localhost:port/db");
}

void TestPostgres::badAddresses()
{
    QFETCH(QString, location);
    auto db = Database::open(location);
    QVERIFY(!db.ok());
    QCOMPARE(db.error().code, QStringLiteral("DB_LOCATION"));
    QVERIFY2(db.error().message.contains(QLatin1String("postgresql://user[:password]@host[:port]/dbname")), qPrintable(db.error().message));
}

void TestPostgres::unreachableServerSaysWhere()
{
    // Port 1 on loopback: nothing listens there.
    auto db = Database::open(QStringLiteral("postgresql://someone:s3cret-pw@127.0.0.1:1/smartdata?connect_timeout=2"));
    QVERIFY(!db.ok());
    QCOMPARE(db.error().code, QStringLiteral("DB_UNREACHABLE"));
    QVERIFY2(db.error().message.contains(QLatin1String("127.0.0.1:1/smartdata")), qPrintable(db.error().message));
    QVERIFY2(!db.error().message.contains(QLatin1String("s3cret-pw")), qPrintable(db.error().message));
}

QString TestPostgres::adminExec(const QString &location, const QString &sql)
{
    auto db = Database::open(location);
    if (!db)
        return db.error().message;
    QSqlQuery query((*db)->connection());
    return query.exec(sql) ? QString() : query.lastError().text();
}

void TestPostgres::freshDatabaseIsMigratedOnce()
{
    if (!needServer())
        QSKIP("needs the PostgreSQL test server (tst_postgres_pg)");
    const QString location = TestDb::location(m_dir.filePath(QStringLiteral("fresh.db")));
    {
        auto db = Database::open(location);
        QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message));
        QCOMPARE((*db)->engine(), Storage::Engine::Postgres);
        QCOMPARE((*db)->schemaVersion(), Migrations::latestVersion());
        auto info = (*db)->info();
        QVERIFY(info.ok());
        QCOMPARE(info->engine, QStringLiteral("postgresql"));
        QCOMPARE(info->tables.size(), Migrations::tableNames().size());
        QCOMPARE(info->fileSize, -1);
        QVERIFY((*db)->setSetting(QStringLiteral("kpi.timezone"), QStringLiteral("Europe/Berlin")).ok());
    }
    auto again = Database::open(location);
    QVERIFY(again.ok());
    QCOMPARE((*again)->setting(QStringLiteral("kpi.timezone")), QStringLiteral("Europe/Berlin"));
    QSqlQuery query((*again)->connection());
    QVERIFY(query.exec(QStringLiteral("SELECT COUNT(*) FROM schema_migrations")) && query.next());
    QCOMPARE(query.value(0).toInt(), Migrations::latestVersion());
}

void TestPostgres::foreignDatabaseIsRefusedUntouched()
{
    if (!needServer())
        QSKIP("needs the PostgreSQL test server (tst_postgres_pg)");
    const QString location = TestDb::createPostgresDatabase();
    QVERIFY(!location.isEmpty());
    // Someone else's table, created through a plain QPSQL connection.
    {
        const QUrl url(location);
        QSqlDatabase other = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("foreign"));
        other.setHostName(url.host());
        other.setPort(url.port());
        other.setUserName(url.userName());
        other.setDatabaseName(url.path().mid(1));
        QVERIFY(other.open());
        QSqlQuery query(other);
        QVERIFY(query.exec(QStringLiteral("CREATE TABLE invoices (id INTEGER PRIMARY KEY, amount NUMERIC)")));
        other.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
    auto db = Database::open(location);
    QVERIFY(!db.ok());
    QCOMPARE(db.error().code, QStringLiteral("DB_FOREIGN"));
    QVERIFY(db.error().message.contains(QLatin1String("left untouched")));
}

void TestPostgres::newerSchemaIsRefused()
{
    if (!needServer())
        QSKIP("needs the PostgreSQL test server (tst_postgres_pg)");
    const QString location = TestDb::location(m_dir.filePath(QStringLiteral("newer.db")));
    QCOMPARE(adminExec(location, QStringLiteral("INSERT INTO schema_migrations (version, description, applied_at)"
                                                " VALUES (%1, 'from the future', '2030-01-01T00:00:00.000Z')")
                                     .arg(Migrations::latestVersion() + 1)),
             QString());
    auto db = Database::open(location);
    QVERIFY(!db.ok());
    QCOMPARE(db.error().code, QStringLiteral("DB_NEWER_SCHEMA"));
}

void TestPostgres::passwordNeverShows()
{
    if (!needServer())
        QSKIP("needs the PostgreSQL test server (tst_postgres_pg)");
    // The test cluster trusts loopback, so a password is accepted and ignored: only its display matters.
    QUrl url(TestDb::location(m_dir.filePath(QStringLiteral("password.db"))));
    url.setPassword(QStringLiteral("hunter2-secret"));
    auto db = Database::open(url.toString());
    QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message));
    QVERIFY(!(*db)->location().contains(QLatin1String("hunter2")));
    QVERIFY((*db)->location().startsWith(QLatin1String("postgresql://")));
    auto info = (*db)->info();
    QVERIFY(info.ok());
    QVERIFY(!info->location.contains(QLatin1String("hunter2")));
}

QTEST_GUILESS_MAIN(TestPostgres)
#include "tst_postgres.moc"
