#pragma once
// The SmartData database: where it is, which engine, and one QtSql connection per thread.
//
// Database::open() checks what is at the location before it writes anything: an empty or new file
// is migrated to the current schema; a current one is left alone; a database written by a newer
// SmartData, a SQLite database of another program, or a file that is not a SQLite database at all
// is refused with a clear error and left byte-for-byte untouched.
//
// SQLite runs in WAL mode with foreign keys on and a busy timeout. QSqlDatabase connections may
// only be used by the thread that opened them, so connection() hands each thread its own.

#include "common/result.h"
#include "storage/dialect.h"

#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

#include <memory>

struct sqlite3;

namespace Storage {

struct TableCount final
{
    QString table;
    qint64 rows = 0;
};

struct DatabaseInfo final
{
    QString location;
    QString engine;
    int schemaVersion = 0;
    int latestSchemaVersion = 0;
    qint64 fileSize = -1;
    QList<TableCount> tables;

    QJsonObject toJson() const;
};

class Database final
{
    Q_DISABLE_COPY_MOVE(Database)

public:
    static constexpr int BusyTimeoutMs = 10000;
    // PRAGMA application_id of a SmartData SQLite file ("SDAT").
    static constexpr int SqliteApplicationId = 0x53444154;

    // Opens the database at location, creating and migrating it when it is new: a SQLite file path,
    // or postgresql://user[:password]@host[:port]/dbname[?sslmode=...] for a PostgreSQL server
    // (no password in the URL: libpq's PGPASSFILE/~/.pgpass and PG* variables apply).
    static Common::Result<std::shared_ptr<Database>> open(const QString &location);
    static bool isPostgresUrl(const QString &location);
    // A file location someone typed (--db, SMARTDATA_DB, or the desktop's Settings), named by
    // `origin` in the message, whose folder does not exist is most likely a typo or an unmounted
    // drive: BadInput DB_FOLDER_MISSING instead of a new folder tree with an empty database in it.
    // PostgreSQL URLs always pass.
    static Common::Status checkGivenLocation(const QString &location, const QString &origin);
    ~Database();

    // This thread's connection, opened on first use. Check isOpen() on the result only if you must:
    // a failure to open is logged and the queries on it then fail with a clear QSqlError.
    QSqlDatabase connection();
    // Closes this thread's connection (worker threads call it when they finish their job).
    void releaseThreadConnection();

    const Dialect &dialect() const { return m_dialect; }
    Engine engine() const { return m_dialect.engine(); }
    // Where the database is, safe to show and log: the file path, or the URL without its password.
    QString location() const { return m_location; }

    int schemaVersion();
    Common::Result<DatabaseInfo> info();

    // app_settings: small settings that travel with the database (the KPI timezone, schedules, ...).
    QString setting(const QString &key, const QString &defaultValue = {});
    Common::Status setSetting(const QString &key, const QString &value);

    // Runs one statement on this thread's connection.
    Common::Status exec(const QString &sql);

    // A Common::Error for a failed statement, naming what was being done.
    static Common::Error sqlError(const QSqlError &error, const QString &what);

    // The SQLite driver's own sqlite3 handle of a connection, for prepared statements on hot paths
    // (the QtSql driver and SmartData link the same SQLite library); null for any other engine.
    static sqlite3 *sqliteHandle(const QSqlDatabase &connection);
    // sqlError() for a statement that failed on a native SQLite handle.
    static Common::Error sqliteError(sqlite3 *handle, const QString &what);

private:
    struct PostgresTarget final
    {
        QString host;
        int port = -1;
        QString user;
        QString password;
        QString database;
        QString options; // libpq connect options: sslmode=..., connect_timeout=...
    };

    Database(Engine engine, QString location);
    static Common::Result<PostgresTarget> parsePostgresUrl(const QString &url);
    Common::Status prepare();
    Common::Status preparePostgres();
    Common::Status migrate();
    Common::Result<QSqlDatabase> openConnection(const QString &name);

    Dialect m_dialect;
    QString m_location;
    PostgresTarget m_postgres;
    Common::Error m_lastOpenError; // guarded by m_mutex
    QString m_id;
    QMutex m_mutex;
    QHash<Qt::HANDLE, QString> m_connections;
};

} // namespace Storage
