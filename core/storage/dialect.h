#pragma once
// What differs between the SQL engines SmartData runs on. Schema and queries are written once in
// portable SQL with a few placeholders; the dialect fills them in, so adding PostgreSQL needs no
// second copy of the schema.
//
// Placeholders: {{PK}} an auto-numbered 64-bit primary key, {{BLOB}} a byte string.
// Both engines accept TEXT, BIGINT, INTEGER, DOUBLE PRECISION, ON CONFLICT ... DO NOTHING/UPDATE and
// RETURNING, which the rest of the code relies on.

#include <QString>

namespace Storage {

enum class Engine { Sqlite, Postgres };

class Dialect final
{
public:
    explicit Dialect(Engine engine) : m_engine(engine) {}

    Engine engine() const { return m_engine; }
    QString name() const; // "sqlite", "postgresql"
    QString qtDriver() const; // "QSQLITE", "QPSQL"

    // Starts a transaction that will write: SQLite takes its write lock at once (BEGIN IMMEDIATE), so
    // two writers wait for each other instead of failing at their first write.
    QString beginWrite() const;

    // Replaces the placeholders of a portable statement.
    QString expand(QString statement) const;

private:
    Engine m_engine;
};

} // namespace Storage
