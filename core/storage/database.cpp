#include "database.h"

#include "common/clock.h"
#include "storage/migrations.h"
#include "storage/storagelog.h"

#include <QAtomicInteger>
#include <QRegularExpression>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlQuery>
#include <QThread>
#include <QUrl>
#include <QUrlQuery>

#include <sqlite3.h>

#ifdef Q_OS_UNIX
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>
#endif

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
    if (Database::isPostgresUrl(path))
        return path; // already without its password (see open())
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

namespace {

// SQLITE_BUSY and SQLITE_LOCKED with their extended codes: another writer kept the database past the
// busy timeout. Not a fault of the data or of SmartData: the caller may try again (the API says 503).
bool isBusyCode(int code)
{
    const int primary = code & 0xff;
    return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

Error busyError(const QString &what, int code)
{
    return Error::refused(QStringLiteral("DATABASE_BUSY"),
                          QStringLiteral("The database is busy with another writer while %1; try again in a moment.").arg(what),
                          QJsonObject{{QStringLiteral("native_code"), code}, {QStringLiteral("retry_after_seconds"), 1}});
}

// SQLite's own busy handler sleeps up to 100 ms between tries, so a writer that waits behind an
// import's short transactions could sleep through every gap between them. Trying every millisecond
// lets it in at the next gap; the wait still ends after BusyTimeoutMs.
int waitForWriter(void *, int tries)
{
    if (tries >= Database::BusyTimeoutMs)
        return 0;
    sqlite3_sleep(1);
    return 1;
}

// A new database file is created readable and writable by its owner only (0600): it holds
// password hashes and everything imported. SQLite gives its -wal and -shm files the same mode.
Status createPrivateFile(const QString &path)
{
#ifdef Q_OS_UNIX
    if (QFileInfo::exists(path))
        return {};
    const int fd = ::open(QFile::encodeName(path).constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EEXIST)
            return {};
        return Error::refused(QStringLiteral("DB_UNWRITABLE"),
                              QStringLiteral("Cannot create %1: %2").arg(describe(path), QString::fromLocal8Bit(std::strerror(errno))));
    }
    ::close(fd);
#else
    Q_UNUSED(path);
#endif
    return {};
}

} // namespace

Error Database::sqlError(const QSqlError &error, const QString &what)
{
    QString text = error.databaseText().trimmed();
    if (text.isEmpty())
        text = error.text().trimmed();
    // SQLite's codes are short numbers ("5", "517"); PostgreSQL's are five-character SQLSTATEs, of
    // which 55P03 (lock_timeout reached) and 40P01 (deadlock) mean the same: try again.
    const QString native = error.nativeErrorCode();
    bool numeric = false;
    const int code = native.toInt(&numeric);
    if ((numeric && native.size() <= 4 && isBusyCode(code)) || native == QLatin1String("55P03") || native == QLatin1String("40P01"))
        return busyError(what, numeric ? code : 0);
    return Error::internal(QStringLiteral("DB_ERROR"),
                           QStringLiteral("Database error while %1: %2").arg(what, text),
                           QJsonObject{{QStringLiteral("native_code"), error.nativeErrorCode()}});
}

sqlite3 *Database::sqliteHandle(const QSqlDatabase &connection)
{
    const QVariant handle = connection.driver() ? connection.driver()->handle() : QVariant();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

Error Database::sqliteError(sqlite3 *handle, const QString &what)
{
    if (isBusyCode(sqlite3_extended_errcode(handle)))
        return busyError(what, sqlite3_extended_errcode(handle));
    return Error::internal(QStringLiteral("DB_ERROR"),
                           QStringLiteral("Database error while %1: %2").arg(what, QString::fromUtf8(sqlite3_errmsg(handle))),
                           QJsonObject{{QStringLiteral("native_code"), sqlite3_extended_errcode(handle)}});
}

Status Database::checkGivenLocation(const QString &location, const QString &origin)
{
    if (isPostgresUrl(location))
        return {};
    const QString folder = QFileInfo(location).absolutePath();
    if (QFileInfo(folder).isDir())
        return {};
    return Error::badInput(QStringLiteral("DB_FOLDER_MISSING"),
                           QStringLiteral("The folder %1 of %2 %3 does not exist; create it first.")
                               .arg(QDir::toNativeSeparators(folder), origin, QDir::toNativeSeparators(location)));
}

bool Database::isPostgresUrl(const QString &location)
{
    return location.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive)
        || location.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive);
}

Result<Database::PostgresTarget> Database::parsePostgresUrl(const QString &location)
{
    const QUrl url(location, QUrl::StrictMode);
    auto invalid = [&location](const QString &why) {
        QString shown = location;
        const QUrl parsed(location);
        if (parsed.isValid() && !parsed.password().isEmpty())
            shown = parsed.toString(QUrl::RemovePassword);
        return Error::badInput(QStringLiteral("DB_LOCATION"),
                               QStringLiteral("%1 is not a usable PostgreSQL address: %2. "
                                              "Write it as postgresql://user[:password]@host[:port]/dbname.")
                                   .arg(shown, why));
    };
    if (!url.isValid())
        return invalid(url.errorString());
    PostgresTarget target;
    target.host = url.host();
    target.port = url.port(-1);
    target.user = url.userName();
    target.password = url.password();
    target.database = url.path().mid(1);
    if (target.database.isEmpty() || target.database.contains(QLatin1Char('/')))
        return invalid(QStringLiteral("it names no database"));
    QStringList options;
    const QUrlQuery query(url);
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        // libpq's own keywords (sslmode, sslrootcert, connect_timeout, application_name, host for a socket folder, ...).
        static const QRegularExpression keyword(QStringLiteral("^[a-z_]+$"));
        if (!keyword.match(key).hasMatch())
            return invalid(QStringLiteral("the option '%1' is not a connection keyword").arg(key));
        if (key == QLatin1String("host") && target.host.isEmpty()) {
            target.host = value;
            continue;
        }
        if (value.contains(QLatin1Char(';')))
            return invalid(QStringLiteral("the value of '%1' contains a ';'").arg(key));
        options.append(key + QLatin1Char('=') + value);
    }
    if (std::none_of(options.cbegin(), options.cend(), [](const QString &o) { return o.startsWith(QLatin1String("connect_timeout=")); }))
        options.append(QStringLiteral("connect_timeout=10"));
    target.options = options.join(QLatin1Char(';'));
    return target;
}

Result<std::shared_ptr<Database>> Database::open(const QString &location)
{
    if (isPostgresUrl(location)) {
        auto target = parsePostgresUrl(location.trimmed());
        if (!target)
            return target.error();
        // What logs and windows show: never the password.
        const QString shown = QUrl(location.trimmed()).toString(QUrl::RemovePassword);
        std::shared_ptr<Database> db(new Database(Engine::Postgres, shown));
        db->m_postgres = *target;
        if (Status prepared = db->prepare(); !prepared)
            return prepared.error();
        return db;
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
                               QStringLiteral("The Qt SQL driver %1 is not installed (Debian package %2).")
                                   .arg(m_dialect.qtDriver(),
                                        m_dialect.engine() == Engine::Sqlite ? QStringLiteral("libqt6sql6-sqlite")
                                                                             : QStringLiteral("libqt6sql6-psql")));
    }
    if (m_dialect.engine() == Engine::Postgres) {
        db.setHostName(m_postgres.host);
        if (m_postgres.port > 0)
            db.setPort(m_postgres.port);
        db.setUserName(m_postgres.user);
        db.setPassword(m_postgres.password); // empty: libpq reads PGPASSFILE / ~/.pgpass
        db.setDatabaseName(m_postgres.database);
        db.setConnectOptions(m_postgres.options);
        if (!db.open()) {
            return Error::refused(QStringLiteral("DB_UNREACHABLE"),
                                  QStringLiteral("Cannot connect to the PostgreSQL database %1: %2")
                                      .arg(m_location, db.lastError().databaseText().trimmed().isEmpty()
                                                           ? db.lastError().text().trimmed()
                                                           : db.lastError().databaseText().trimmed()));
        }
        QSqlQuery query(db);
        // Timestamps are written by SmartData as text; keep the session predictable whatever the server's defaults.
        for (const QString &statement : {QStringLiteral("SET TIME ZONE 'UTC'"), QStringLiteral("SET client_min_messages = warning"),
                                         QStringLiteral("SET lock_timeout = '%1ms'").arg(BusyTimeoutMs * 6)}) {
            if (!query.exec(statement))
                return sqlError(query.lastError(), statement);
        }
        return db;
    }
    db.setDatabaseName(m_location);
    db.setConnectOptions(QStringLiteral("QSQLITE_BUSY_TIMEOUT=%1").arg(BusyTimeoutMs));
    if (Status created = createPrivateFile(m_location); !created)
        return created.error();
    if (!db.open())
        return sqlError(db.lastError(), QStringLiteral("opening %1").arg(describe(m_location)));
    if (sqlite3 *handle = sqliteHandle(db))
        sqlite3_busy_handler(handle, waitForWriter, nullptr);
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
    QMutexLocker locker(&m_mutex);
    if (!opened) {
        qCWarning(lcStorage).noquote() << opened.error().message;
        m_lastOpenError = opened.error();
    }
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
    if (m_dialect.engine() == Engine::Postgres)
        return preparePostgres();
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

// A PostgreSQL database is ours when it is empty or holds schema_migrations; anything else is refused.
Status Database::preparePostgres()
{
    {
        QSqlDatabase db = connection();
        if (!db.isOpen()) {
            QMutexLocker locker(&m_mutex);
            return m_lastOpenError;
        }
        QSqlQuery query(db);
        if (!query.exec(QStringLiteral("SELECT table_name FROM information_schema.tables"
                                       " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'")))
            return sqlError(query.lastError(), QStringLiteral("listing the tables of %1").arg(m_location));
        QStringList tables;
        while (query.next())
            tables.append(query.value(0).toString());
        const bool hasOurBookkeeping = tables.contains(QLatin1String("schema_migrations"));
        if (!tables.isEmpty() && !hasOurBookkeeping) {
            return Error::refused(QStringLiteral("DB_FOREIGN"),
                                  QStringLiteral("The PostgreSQL database %1 holds tables of another program, not SmartData's. "
                                                 "It was left untouched; give SmartData a database of its own.")
                                      .arg(m_location));
        }
        if (hasOurBookkeeping) {
            int version = 0;
            if (query.exec(QStringLiteral("SELECT MAX(version) FROM schema_migrations")) && query.next())
                version = query.value(0).toInt();
            if (version > Migrations::latestVersion()) {
                return Error::refused(QStringLiteral("DB_NEWER_SCHEMA"),
                                      QStringLiteral("%1 was written by a newer version of SmartData (schema version %2; "
                                                     "this version knows up to %3). It was left untouched; "
                                                     "update SmartData to open it.")
                                          .arg(m_location)
                                          .arg(version)
                                          .arg(Migrations::latestVersion()),
                                      QJsonObject{{QStringLiteral("schema_version"), version},
                                                  {QStringLiteral("supported_version"), Migrations::latestVersion()}});
            }
            if (version == Migrations::latestVersion())
                return {};
        }
    }
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
    // BEGIN IMMEDIATE (SQLite) or an advisory lock (PostgreSQL) serialises migrations, so two
    // processes opening a new database at once migrate it once: the second waits, then finds the work done.
    const bool postgres = m_dialect.engine() == Engine::Postgres;
    if (!query.exec(postgres ? QStringLiteral("BEGIN") : QStringLiteral("BEGIN IMMEDIATE")))
        return sqlError(query.lastError(), QStringLiteral("starting the schema migration"));
    if (postgres && !query.exec(QStringLiteral("SELECT pg_advisory_xact_lock(%1)").arg(SqliteApplicationId))) {
        const Error error = sqlError(query.lastError(), QStringLiteral("locking the schema for the migration"));
        query.exec(QStringLiteral("ROLLBACK"));
        return error;
    }
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
        if (migration.step) {
            if (Status s = migration.step(db, m_dialect.engine()); !s)
                return rollback(s.error());
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
    if (!postgres && !query.exec(QStringLiteral("PRAGMA application_id = %1").arg(SqliteApplicationId)))
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
