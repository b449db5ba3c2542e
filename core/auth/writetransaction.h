#pragma once
// A write transaction on this thread's connection that takes the write lock up front
// (BEGIN IMMEDIATE on SQLite), so that read-check-write sequences such as "is this the first user?"
// or "is this refresh token still unspent?" cannot interleave between HTTP worker threads or
// processes. Rolls back unless commit() was called. Internal to the auth module.

#include "common/result.h"

#include <QSqlDatabase>

namespace Storage {
class Database;
}

namespace Auth {

class WriteTransaction final
{
    Q_DISABLE_COPY_MOVE(WriteTransaction)

public:
    explicit WriteTransaction(Storage::Database &database);
    ~WriteTransaction();

    // Whether BEGIN worked; when it did not, error() says why.
    bool isActive() const { return m_active; }
    const Common::Error &error() const { return m_error; }

    QSqlDatabase connection() const { return m_connection; }
    Common::Status commit();

private:
    QSqlDatabase m_connection;
    Common::Error m_error;
    bool m_active = false;
};

} // namespace Auth
