#include "database.h"

#include "common/clock.h"
#include "storage/migrations.h"
#include "storage/storagelog.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QThread>

namespace Storage {

using Common::Error;
using Common::Result;
using Common::Status;

namespace {

QAtomicInteger<quint64> s_nextId{1};

// What a SQLite file starts with (https://www.sqlite.org/fileformat.html, "Magic Header String").
constexpr char SqliteMagic[] = "SQLite format 3";

QString describe(const QString &path)
{
    return QDir::toNativeSeparators(QFileInfo(path).absoluteFilePath());
}

} // namespace

QJsonObject DatabaseInfo::toJson() const
{
    QJsonObject tableObject;
    for (const TableCount &t : tables)
        tableObject.insert(t.table, t.rows);
    QJsonObject json{{QStringLiteral("location"), location},
                     {QStringLiteral("engine"), engine},
                     {QStringLiteral("schema_version"), schemaVersion},
                     {QStringLiteral("latest_schema_version"), latestSchemaVersion},
                     {QStringLiteral("tables"), tableObject}};
    if (fileSize >= 0)
        json.insert(QStringLiteral("file_size"), fileSize);
    return json;
}

Database::Database(Engine engine, QString location)
    : m_dialect(engine)
    , m_location(std::move(location))
    , m_id(QString::number(s_nextId.fetchAndAddRelaxed(1)))
{
}

Database::~Database()
{
    QStringList names;
    {
        QMutexLocker locker(&m_mutex);
        names = m_connections.values();
        m_connections.clear();
    }
    for (const QString &name : std::as_const(names)) {
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            if (db.isValid())
                db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
}

Error Database::sqlError(const QSqlError &error, const QString &what)
{
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.text().trimmed();
    return Error::internal(QStringLiteral("DB_ERROR"),
                           QStringLiteral("Database error while %1: %2").arg(what, text),
                           QJsonObject{{QStringLiteral("native_code"), error.nativeErrorCode()}});
}

Result<std::shared_ptr<Database>> Database::open(const QString &location)
{
    if (location.startsWith(QLatin1String("postgres://")) || location.startsWith(QLatin1String("postgresql://"))) {
        return Error::badInput(QStringLiteral("DB_ENGINE_UNSUPPORTED"),
                               QStringLiteral("PostgreSQL databases are not supported by this build of SmartData yet; "
                                              "use a SQLite file path with --db."));
    }
    if (location.trimmed().isEmpty())
        return Error::badInput(QStringLiteral("DB_LOCATION"), QStringLiteral("No database location was given."));

    const QString path = QFileInfo(location).absoluteFilePath();
    const QFileInfo fileInfo(path);
    if (fileInfo.exists() && fileInfo.isDir()) {
        return Error::badInput(QStringLiteral("DB_NOT_A_FILE"),
                               QStringLiteral("%1 is a folder, not a database file.").arg(describe(path)));
    }
    if (fileInfo.exists() && fileInfo.size() > 0) {
        // Look before SQLite touches it: opening a foreign file must never modify it.
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            return Error::refused(QStringLiteral("DB_UNREADABLE"),
                                  QStringLiteral("Cannot read %1: %2").arg(describe(path), file.errorString()));
        }
        const QByteArray header = file.read(16);
        if (header.size() < 16 || !header.startsWith(SqliteMagic) || header.at(15) != '\0') {
            return Error::refused(QStringLiteral("DB_NOT_SQLITE"),
                                  QStringLiteral("%1 is not a SmartData database (it is not a SQLite file). "
                                                 "It was left untouched; choose another file with --db.")
                                      .arg(describe(path)));
        }
    } else if (!fileInfo.exists()) {
        if (!QDir().mkpath(fileInfo.absolutePath())) {
            return Error::refused(QStringLiteral("DB_UNWRITABLE"),
                                  QStringLiteral("Cannot create the folder %1 for the database.")
                                      .arg(QDir::toNativeSeparators(fileInfo.absolutePath())));
        }
    }

    std::shared_ptr<Database> db(new Database(Engine::Sqlite, path));
    if (Status prepared = db->prepare(); !prepared)
        return prepared.error();
    return db;
}

Result<QSqlDatabase> Database::openConnection(const QString &name)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(m_dialect.qtDriver(), name);
    if (!db.isValid()) {
        return Error::internal(QStringLiteral("DB_DRIVER_MISSING"),
                               QStringLiteral("The Qt SQL driver %1 is not installed (Debian package libqt6sql6-sqlite).")
                                   .arg(m_dialect.qtDriver()));
    }
    db.setDatabaseName(m_location);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
    if (!db.open())
        return sqlError(db.lastError(), QStringLiteral("opening %1").arg(describe(m_location)));
    QSqlQuery query(db);
    // Per-connection settings: foreign keys are off by default in SQLite; NORMAL is durable in WAL mode.
    // journal_size_limit: a big import grows the WAL; give the space back after checkpoints.
    for (const QString &pragma : {QStringLiteral("PRAGMA foreign_keys = ON"), QStringLiteral("PRAGMA synchronous = NORMAL"),
                                  QStringLiteral("PRAGMA journal_size_limit = 67108864")}) {
        if (!query.exec(pragma))
            return sqlError(query.lastError(), pragma);
    }
    return db;
}

QSqlDatabase Database::connection()
{
    const Qt::HANDLE thread = QThread::currentThreadId();
    {
        QMutexLocker locker(&m_mutex);
        const auto it = m_connections.constFind(thread);
        if (it != m_connections.constEnd())
            return QSqlDatabase::database(*it, false);
    }
    const QString name = QStringLiteral("smartdata-%1-%2").arg(m_id).arg(quintptr(thread), 0, 16);
    Result<QSqlDatabase> opened = openConnection(name);
    if (!opened)
        qCWarning(lcStorage).noquote() << opened.error().message;
    QMutexLocker locker(&m_mutex);
    m_connections.insert(thread, name);
    return QSqlDatabase::database(name, false);
}

void Database::releaseThreadConnection()
{
    QString name;
    {
        QMutexLocker locker(&m_mutex);
        name = m_connections.take(QThread::currentThreadId());
    }
    if (name.isEmpty())
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
}

Status Database::exec(const QString &sql)
{
    QSqlQuery query(connection());
    if (!query.exec(sql))
        return sqlError(query.lastError(), sql.left(60));
    return {};
}

// Reads what the file holds (read-only statements), refuses what is not ours, then migrates.
Status Database::prepare()
{
    QSqlDatabase db = connection();
    if (!db.isOpen())
        return sqlError(db.lastError(), QStringLiteral("opening %1").arg(describe(m_location)));

    QSqlQuery query(db);
    if (!query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table'"))) {
        return Error::refused(QStringLiteral("DB_CORRUPT"),
                              QStringLiteral("%1 cannot be read as a SQLite database (%2). It was left untouched.")
                                  .arg(describe(m_location), query.lastError().databaseText()));
    }
    QStringList tables;
    while (query.next())
        tables.append(query.value(0).toString());

    int applicationId = 0;
    if (query.exec(QStringLiteral("PRAGMA application_id")) && query.next())
        applicationId = query.value(0).toInt();
    query.finish();

    const bool hasOurBookkeeping = tables.contains(QLatin1String("schema_migrations"));
    if ((applicationId != 0 && applicationId != SqliteApplicationId) || (!tables.isEmpty() && !hasOurBookkeeping)) {
        return Error::refused(QStringLiteral("DB_FOREIGN"),
                              QStringLiteral("%1 is a SQLite database of another program, not a SmartData database. "
                                             "It was left untouched; choose another file with --db.")
                                  .arg(describe(m_location)));
    }
    if (hasOurBookkeeping) {
        const int version = schemaVersion();
        if (version > Migrations::latestVersion()) {
            return Error::refused(QStringLiteral("DB_NEWER_SCHEMA"),
                                  QStringLiteral("%1 was written by a newer version of SmartData (schema version %2; "
                                                 "this version knows up to %3). It was left untouched; "
                                                 "update SmartData to open it.")
                                      .arg(describe(m_location))
                                      .arg(version)
                                      .arg(Migrations::latestVersion()),
                                  QJsonObject{{QStringLiteral("schema_version"), version},
                                              {QStringLiteral("supported_version"), Migrations::latestVersion()}});
        }
        if (version == Migrations::latestVersion())
            return {}; // current: nothing to write
    }

    if (!query.exec(QStringLiteral("PRAGMA journal_mode = WAL")))
        return sqlError(query.lastError(), QStringLiteral("switching to WAL mode"));
    query.finish();
    return migrate();
}

int Database::schemaVersion()
{
    QSqlQuery query(connection());
    if (!query.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")) || !query.next())
        return 0;
    const int version = query.value(0).toInt();
    query.finish();
    return version;
}

Status Database::migrate()
{
    QSqlDatabase db = connection();
    QSqlQuery query(db);
    // BEGIN IMMEDIATE takes the write lock first, so two processes opening a new file at once
    // migrate it once: the second waits, then finds the work done.
    if (!query.exec(QStringLiteral("BEGIN IMMEDIATE")))
        return sqlError(query.lastError(), QStringLiteral("starting the schema migration"));
    auto rollback = [&query](Error error) -> Status {
        query.exec(QStringLiteral("ROLLBACK"));
        return error;
    };
    if (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS schema_migrations ("
                                   " version INTEGER PRIMARY KEY,"
                                   " description TEXT NOT NULL,"
                                   " applied_at TEXT NOT NULL)")))
        return rollback(sqlError(query.lastError(), QStringLiteral("creating schema_migrations")));
    int current = 0;
    if (query.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")) && query.next())
        current = query.value(0).toInt();
    query.finish(); // an open SELECT would block the COMMIT

    for (const Migration &migration : Migrations::all()) {
        if (migration.version <= current)
            continue;
        for (const QString &statement : migration.statements) {
            if (!query.exec(m_dialect.expand(statement))) {
                return rollback(sqlError(query.lastError(),
                                         QStringLiteral("migrating the schema to version %1").arg(migration.version)));
            }
        }
        query.prepare(QStringLiteral("INSERT INTO schema_migrations (version, description, applied_at) VALUES (?, ?, ?)"));
        query.addBindValue(migration.version);
        query.addBindValue(migration.description);
        query.addBindValue(Common::nowIsoUtc());
        if (!query.exec())
            return rollback(sqlError(query.lastError(), QStringLiteral("recording schema version %1").arg(migration.version)));
        qCInfo(lcStorage).noquote() << QStringLiteral("Migrated %1 to schema version %2 (%3)")
                                           .arg(describe(m_location))
                                           .arg(migration.version)
                                           .arg(migration.description);
    }
    if (!query.exec(QStringLiteral("PRAGMA application_id = %1").arg(SqliteApplicationId)))
        return rollback(sqlError(query.lastError(), QStringLiteral("marking the file as a SmartData database")));
    if (!query.exec(QStringLiteral("COMMIT")))
        return rollback(sqlError(query.lastError(), QStringLiteral("committing the schema migration")));
    return {};
}

QString Database::setting(const QString &key, const QString &defaultValue)
{
    QSqlQuery query(connection());
    query.prepare(QStringLiteral("SELECT value FROM app_settings WHERE key = ?"));
    query.addBindValue(key);
    if (query.exec() && query.next())
        return query.value(0).toString();
    return defaultValue;
}

Status Database::setSetting(const QString &key, const QString &value)
{
    QSqlQuery query(connection());
    query.prepare(QStringLiteral("INSERT INTO app_settings (key, value, updated_at) VALUES (?, ?, ?)"
                                 " ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"));
    query.addBindValue(key);
    query.addBindValue(value);
    query.addBindValue(Common::nowIsoUtc());
    if (!query.exec())
        return sqlError(query.lastError(), QStringLiteral("saving the setting %1").arg(key));
    return {};
}

Result<DatabaseInfo> Database::info()
{
    DatabaseInfo info;
    info.location = m_location;
    info.engine = m_dialect.name();
    info.schemaVersion = schemaVersion();
    info.latestSchemaVersion = Migrations::latestVersion();
    if (m_dialect.engine() == Engine::Sqlite)
        info.fileSize = QFileInfo(m_location).size();
    QSqlQuery query(connection());
    for (const QString &table : Migrations::tableNames()) {
        if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM %1").arg(table)) || !query.next())
            return sqlError(query.lastError(), QStringLiteral("counting the rows of %1").arg(table));
        info.tables.append(TableCount{table, query.value(0).toLongLong()});
    }
    return info;
}

} // namespace Storage
