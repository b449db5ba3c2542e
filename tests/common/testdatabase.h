#pragma once
// The database engine a test runs on. ctest runs each database test twice: as NAME on SQLite files,
// and as NAME_pg (SMARTDATA_TEST_ENGINE=postgresql) on fresh databases of the throw-away PostgreSQL
// cluster that tests/pg/pg-cluster.sh started for the run (its URL in $SMARTDATA_TEST_PG_URL_FILE).
//
//   const QString location = TestDb::location(dir.filePath("smartdata.db"));
//
// gives the SQLite path unchanged, or the URL of a new, empty PostgreSQL database; the same path
// always maps to the same database, so a test can close and reopen "its file". Call
// SD_REQUIRE_ENGINE() in initTestCase(): it skips the PostgreSQL half, saying why, when there is no
// server.

#include <QAtomicInteger>
#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>
#include <QTest>
#include <QUrl>

namespace TestDb {

inline bool isPostgres()
{
    return qgetenv("SMARTDATA_TEST_ENGINE") == "postgresql";
}

// postgresql://user@127.0.0.1:PORT of the cluster, or empty when none runs.
inline QString serverUrl()
{
    QFile file(QString::fromLocal8Bit(qgetenv("SMARTDATA_TEST_PG_URL_FILE")));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).trimmed();
}

// Why this test cannot run here, or empty when it can.
inline QString skipReason()
{
    if (!isPostgres())
        return {};
    if (serverUrl().isEmpty()) {
        return QStringLiteral("No PostgreSQL test server (tests/pg/pg-cluster.sh found no server binaries; "
                              "install postgresql-15): the PostgreSQL half is skipped.");
    }
    return {};
}

// Creates an empty database on the test server and returns its URL (empty, with a warning, on failure).
inline QString createPostgresDatabase()
{
    static QAtomicInteger<int> counter{0};
    const QString name = QStringLiteral("sd_%1_%2_%3")
                             .arg(QCoreApplication::applicationName().toLower().remove(QLatin1Char('-')))
                             .arg(QCoreApplication::applicationPid())
                             .arg(counter.fetchAndAddRelaxed(1));
    const QUrl url(serverUrl());
    const QString connectionName = QStringLiteral("testdb-admin-") + name;
    bool ok = false;
    {
        QSqlDatabase admin = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), connectionName);
        admin.setHostName(url.host());
        admin.setPort(url.port(5432));
        admin.setUserName(url.userName());
        admin.setDatabaseName(QStringLiteral("postgres"));
        if (admin.open()) {
            QSqlQuery query(admin);
            ok = query.exec(QStringLiteral("CREATE DATABASE %1").arg(name));
            if (!ok)
                qWarning() << "CREATE DATABASE failed:" << query.lastError().text();
        } else {
            qWarning() << "cannot reach the PostgreSQL test server:" << admin.lastError().text();
        }
        admin.close();
    }
    QSqlDatabase::removeDatabase(connectionName);
    return ok ? serverUrl() + QLatin1Char('/') + name : QString();
}

// The location of the test database that sqlitePath stands for on the engine under test.
inline QString location(const QString &sqlitePath)
{
    if (!isPostgres())
        return sqlitePath;
    static QHash<QString, QString> databases;
    auto it = databases.find(sqlitePath);
    if (it == databases.end())
        it = databases.insert(sqlitePath, createPostgresDatabase());
    return *it;
}

} // namespace TestDb

#define SD_REQUIRE_ENGINE()                                                                                  \
    do {                                                                                                     \
        const QString sdSkipReason = TestDb::skipReason();                                                   \
        if (!sdSkipReason.isEmpty())                                                                         \
            QSKIP(qPrintable(sdSkipReason));                                                                 \
    } while (false)

// For the tests of what only SQLite files have (file headers, WAL, foreign files).
#define SD_SQLITE_ONLY()                                                                                     \
    do {                                                                                                     \
        if (TestDb::isPostgres())                                                                            \
            QSKIP("SQLite files only");                                                                      \
    } while (false)
