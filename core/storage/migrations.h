#pragma once
// The versioned schema. Each migration is a list of portable statements (see Dialect) applied in
// one transaction and recorded in schema_migrations. Never edit a migration that has shipped: add
// the next one.

#include <QList>
#include <QString>
#include <QStringList>

namespace Storage {

struct Migration final
{
    int version = 0;
    QString description;
    QStringList statements;
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
