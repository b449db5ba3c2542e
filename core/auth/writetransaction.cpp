#include "writetransaction.h"

#include "storage/database.h"

#include <QSqlQuery>

namespace Auth {

WriteTransaction::WriteTransaction(Storage::Database &database)
    : m_connection(database.connection())
{
    QSqlQuery query(m_connection);
    const QString begin = database.dialect().engine() == Storage::Engine::Sqlite ? QStringLiteral("BEGIN IMMEDIATE")
                                                                                 : QStringLiteral("BEGIN");
    m_active = query.exec(begin);
    if (!m_active)
        m_error = Storage::Database::sqlError(query.lastError(), QStringLiteral("starting a transaction"));
}

WriteTransaction::~WriteTransaction()
{
    if (m_active) {
        QSqlQuery query(m_connection);
        query.exec(QStringLiteral("ROLLBACK"));
    }
}

Common::Status WriteTransaction::commit()
{
    QSqlQuery query(m_connection);
    if (!query.exec(QStringLiteral("COMMIT")))
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("committing a transaction"));
    m_active = false;
    return {};
}

} // namespace Auth
