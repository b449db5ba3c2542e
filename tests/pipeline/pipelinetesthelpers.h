#pragma once
// Shared set-up for the pipeline tests: a fresh database per test and small query helpers.

#include "testdatabase.h"
#include "storage/database.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QVariant>

namespace PipelineTest {

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

inline QString text(const std::shared_ptr<Storage::Database> &db, const QString &sql)
{
    QSqlQuery query(db->connection());
    if (!query.exec(sql) || !query.next())
        return QStringLiteral("<no row>");
    return query.value(0).isNull() ? QString() : query.value(0).toString();
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

inline qint64 rows(const std::shared_ptr<Storage::Database> &db, const char *table)
{
    return scalar(db, QStringLiteral("SELECT COUNT(*) FROM ") + QLatin1String(table));
}

} // namespace PipelineTest
