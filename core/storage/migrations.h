#pragma once
// The versioned schema. Each migration is a list of portable statements (see Dialect), at times
// followed by a step of C++, applied in one transaction and recorded in schema_migrations. Never
// edit a migration that has shipped: add the next one.

#include "common/result.h"
#include "storage/dialect.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace Storage {

struct Migration final
{
    int version = 0;
    QString description;
    QStringList statements;
    // Work SQL alone cannot do (recomputing values in C++), run after the statements in the same
    // transaction; null for most migrations.
    Common::Status (*step)(QSqlDatabase &connection, Engine engine) = nullptr;
};

class Migrations final
{
public:
    static const QList<Migration> &all();
    static int latestVersion();
    // Tables SmartData owns, in the order they are created (for db info and tests).
    static QStringList tableNames();
};

} // namespace Storage
