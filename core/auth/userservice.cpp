#include "userservice.h"

#include "auth/autherrors.h"
#include "auth/authlog.h"
#include "auth/emailaddress.h"
#include "auth/passwordhasher.h"
#include "auth/passwordpolicy.h"
#include "auth/writetransaction.h"
#include "common/clock.h"
#include "logging/logging.h"
#include "storage/database.h"

#include <QSqlQuery>

namespace Auth {

using Common::Error;
using Common::Result;
using Common::Status;

struct UserService::Stored
{
    User user;
    QString passwordHash;
};

namespace {

const QString s_columns = QStringLiteral("id, email, role, is_active, created_at, updated_at, last_login_at, password_hash");

Error notFound(const QString &email)
{
    return Error::notFound(QString::fromLatin1(Errors::UserNotFound), QStringLiteral("There is no user %1.").arg(email),
                           QJsonObject{{QStringLiteral("email"), email}});
}

Error invalidCredentials()
{
    return Error::refused(QString::fromLatin1(Errors::InvalidCredentials), QStringLiteral("The email or the password is wrong."));
}

Error dbError(const QSqlQuery &query, const QString &what)
{
    return Storage::Database::sqlError(query.lastError(), what);
}

// Counts the active admins other than userId, inside the caller's transaction.
Result<qint64> otherActiveAdmins(const QSqlDatabase &db, qint64 userId)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM users WHERE role = 'admin' AND is_active = 1 AND id <> ?"));
    query.addBindValue(userId);
    if (!query.exec() || !query.next())
        return dbError(query, QStringLiteral("counting the admins"));
    const qint64 n = query.value(0).toLongLong();
    query.finish();
    return n;
}

Error lastAdmin(const QString &email, const QString &what)
{
    return Error::conflict(QString::fromLatin1(Errors::LastAdmin),
                           QStringLiteral("%1 is the last active admin; %2 would leave nobody to manage users. "
                                          "Make another user admin first.").arg(email, what),
                           QJsonObject{{QStringLiteral("email"), email}});
}

Status revokeTokensOf(const QSqlDatabase &db, qint64 userId, const QString &now)
{
    QSqlQuery query(db);
    query.prepare(QStringLiteral("UPDATE refresh_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL"));
    query.addBindValue(now);
    query.addBindValue(userId);
    if (!query.exec())
        return dbError(query, QStringLiteral("revoking the refresh tokens of a user"));
    return {};
}

} // namespace

UserService::UserService(std::shared_ptr<Storage::Database> database)
    : m_database(std::move(database))
{
}

Result<std::optional<UserService::Stored>> UserService::load(const QString &column, const QVariant &value)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("SELECT %1 FROM users WHERE %2 = ?").arg(s_columns, column));
    query.addBindValue(value);
    if (!query.exec())
        return dbError(query, QStringLiteral("reading a user"));
    if (!query.next())
        return std::optional<Stored>();
    Stored s;
    s.user.id = query.value(0).toLongLong();
    s.user.email = query.value(1).toString();
    s.user.role = parseRole(query.value(2).toString()).value_or(Role::Viewer);
    s.user.active = query.value(3).toInt() != 0;
    s.user.createdAt = query.value(4).toString();
    s.user.updatedAt = query.value(5).toString();
    s.user.lastLoginAt = query.value(6).toString();
    s.passwordHash = query.value(7).toString();
    return std::optional<Stored>(std::move(s));
}

Result<User> UserService::find(qint64 id)
{
    auto stored = load(QStringLiteral("id"), id);
    if (!stored)
        return stored.error();
    if (!stored->has_value())
        return Error::notFound(QString::fromLatin1(Errors::UserNotFound), QStringLiteral("There is no user with id %1.").arg(id),
                               QJsonObject{{QStringLiteral("id"), id}});
    return (*stored)->user;
}

Result<User> UserService::findByEmail(const QString &email)
{
    auto normalized = EmailAddress::normalize(email);
    if (!normalized)
        return notFound(email.trimmed());
    auto stored = load(QStringLiteral("email"), *normalized);
    if (!stored)
        return stored.error();
    if (!stored->has_value())
        return notFound(*normalized);
    return (*stored)->user;
}

Result<QList<User>> UserService::list()
{
    QSqlQuery query(m_database->connection());
    if (!query.exec(QStringLiteral("SELECT %1 FROM users ORDER BY email").arg(s_columns)))
        return dbError(query, QStringLiteral("listing the users"));
    QList<User> users;
    while (query.next()) {
        User u;
        u.id = query.value(0).toLongLong();
        u.email = query.value(1).toString();
        u.role = parseRole(query.value(2).toString()).value_or(Role::Viewer);
        u.active = query.value(3).toInt() != 0;
        u.createdAt = query.value(4).toString();
        u.updatedAt = query.value(5).toString();
        u.lastLoginAt = query.value(6).toString();
        users.append(u);
    }
    return users;
}

Result<qint64> UserService::count()
{
    QSqlQuery query(m_database->connection());
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM users")) || !query.next())
        return dbError(query, QStringLiteral("counting the users"));
    const qint64 n = query.value(0).toLongLong();
    query.finish();
    return n;
}

Result<User> UserService::addUser(const QString &email, const QString &password, Role role)
{
    return insert(email, password, role, true);
}

Result<User> UserService::signUp(const QString &email, const QString &password, bool othersMaySignUp, Role othersRole)
{
    return insert(email, password, std::nullopt, othersMaySignUp, othersRole);
}

Result<User> UserService::insert(const QString &email, const QString &password, std::optional<Role> role, bool othersMaySignUp,
                                 Role othersRole)
{
    const bool signup = !role.has_value();
    auto signupDisabled = [] {
        return Error::refused(QString::fromLatin1(Errors::SignupDisabled),
                              QStringLiteral("Signup is disabled on this server; ask an admin to create your account."));
    };
    if (signup && !othersMaySignUp) {
        // Cheap early answer; the transaction below decides for good.
        auto n = count();
        if (!n)
            return n.error();
        if (*n > 0)
            return signupDisabled();
    }
    auto normalized = EmailAddress::normalize(email);
    if (!normalized)
        return normalized.error();
    if (Status policy = PasswordPolicy::check(password, *normalized); !policy)
        return policy.error();
    auto taken = [&] {
        return Error::conflict(QString::fromLatin1(Errors::EmailTaken), QStringLiteral("A user %1 exists already.").arg(*normalized),
                               QJsonObject{{QStringLiteral("email"), *normalized}});
    };
    auto existing = load(QStringLiteral("email"), *normalized);
    if (!existing)
        return existing.error();
    if (existing->has_value())
        return taken(); // before spending time on the hash
    auto hash = PasswordHasher::hash(password);
    if (!hash)
        return hash.error();

    WriteTransaction transaction(*m_database);
    if (!transaction.isActive())
        return transaction.error();
    QSqlQuery query(transaction.connection());
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM users")) || !query.next())
        return dbError(query, QStringLiteral("counting the users"));
    const qint64 users = query.value(0).toLongLong();
    query.finish();
    if (signup) {
        if (users > 0 && !othersMaySignUp)
            return signupDisabled();
        // Only an admin makes admins: a signup setting of admin would hand the server to anyone.
        role = users == 0 ? Role::Admin : othersRole == Role::Admin ? Role::Viewer : othersRole;
    }
    query.prepare(QStringLiteral("SELECT id FROM users WHERE email = ?"));
    query.addBindValue(*normalized);
    if (!query.exec())
        return dbError(query, QStringLiteral("looking up a user"));
    if (query.next())
        return taken();
    query.finish();
    const QString now = Common::nowIsoUtc();
    query.prepare(QStringLiteral("INSERT INTO users (email, password_hash, role, is_active, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?) RETURNING id"));
    query.addBindValue(*normalized);
    query.addBindValue(*hash);
    query.addBindValue(roleName(*role));
    query.addBindValue(now);
    query.addBindValue(now);
    if (!query.exec() || !query.next())
        return dbError(query, QStringLiteral("adding the user %1").arg(*normalized));
    User user;
    user.id = query.value(0).toLongLong(); // RETURNING: QPSQL has no lastInsertId() for tables without OIDs
    query.finish();
    user.email = *normalized;
    user.role = *role;
    user.active = true;
    user.createdAt = now;
    user.updatedAt = now;
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    Logging::event(lcAuth(), QtInfoMsg, QStringLiteral("User added"),
                   QJsonObject{{QStringLiteral("user_id"), user.id}, {QStringLiteral("role"), roleName(user.role)},
                               {QStringLiteral("via"), signup ? QStringLiteral("signup") : QStringLiteral("admin")}});
    return user;
}

Status UserService::remove(const QString &email)
{
    auto user = findByEmail(email);
    if (!user)
        return user.error();
    WriteTransaction transaction(*m_database);
    if (!transaction.isActive())
        return transaction.error();
    if (user->role == Role::Admin && user->active) {
        auto others = otherActiveAdmins(transaction.connection(), user->id);
        if (!others)
            return others.error();
        if (*others == 0)
            return lastAdmin(user->email, QStringLiteral("removing them"));
    }
    QSqlQuery query(transaction.connection());
    // refresh_tokens go with the user (ON DELETE CASCADE); delete them explicitly too, in case
    // the connection runs without foreign keys.
    query.prepare(QStringLiteral("DELETE FROM refresh_tokens WHERE user_id = ?"));
    query.addBindValue(user->id);
    if (!query.exec())
        return dbError(query, QStringLiteral("removing the tokens of %1").arg(user->email));
    query.prepare(QStringLiteral("DELETE FROM users WHERE id = ?"));
    query.addBindValue(user->id);
    if (!query.exec())
        return dbError(query, QStringLiteral("removing the user %1").arg(user->email));
    if (query.numRowsAffected() != 1)
        return notFound(user->email);
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    Logging::event(lcAuth(), QtInfoMsg, QStringLiteral("User removed"), QJsonObject{{QStringLiteral("user_id"), user->id}});
    return {};
}

Result<User> UserService::setActive(const QString &email, bool active)
{
    return change(email, active, std::nullopt);
}

Result<User> UserService::setRole(const QString &email, Role role)
{
    return change(email, std::nullopt, role);
}

Result<User> UserService::change(const QString &email, std::optional<bool> active, std::optional<Role> role)
{
    auto found = findByEmail(email);
    if (!found)
        return found.error();
    User user = *found;
    const bool losesAdmin = user.role == Role::Admin && user.active
                            && ((active.has_value() && !*active) || (role.has_value() && *role != Role::Admin));
    WriteTransaction transaction(*m_database);
    if (!transaction.isActive())
        return transaction.error();
    if (losesAdmin) {
        auto others = otherActiveAdmins(transaction.connection(), user.id);
        if (!others)
            return others.error();
        if (*others == 0)
            return lastAdmin(user.email, active.has_value() ? QStringLiteral("deactivating them") : QStringLiteral("changing their role"));
    }
    const QString now = Common::nowIsoUtc();
    if (active)
        user.active = *active;
    if (role)
        user.role = *role;
    user.updatedAt = now;
    QSqlQuery query(transaction.connection());
    query.prepare(QStringLiteral("UPDATE users SET is_active = ?, role = ?, updated_at = ? WHERE id = ?"));
    query.addBindValue(user.active ? 1 : 0);
    query.addBindValue(roleName(user.role));
    query.addBindValue(now);
    query.addBindValue(user.id);
    if (!query.exec())
        return dbError(query, QStringLiteral("changing the user %1").arg(user.email));
    if (!user.active) {
        if (Status revoked = revokeTokensOf(transaction.connection(), user.id, now); !revoked)
            return revoked.error();
    }
    if (Status committed = transaction.commit(); !committed)
        return committed.error();
    Logging::event(lcAuth(), QtInfoMsg, QStringLiteral("User changed"),
                   QJsonObject{{QStringLiteral("user_id"), user.id}, {QStringLiteral("role"), roleName(user.role)},
                               {QStringLiteral("is_active"), user.active}});
    return user;
}

Status UserService::setPassword(const QString &email, const QString &password)
{
    auto user = findByEmail(email);
    if (!user)
        return user.error();
    if (Status policy = PasswordPolicy::check(password, user->email); !policy)
        return policy.error();
    auto hash = PasswordHasher::hash(password);
    if (!hash)
        return hash.error();
    WriteTransaction transaction(*m_database);
    if (!transaction.isActive())
        return transaction.error();
    const QString now = Common::nowIsoUtc();
    QSqlQuery query(transaction.connection());
    query.prepare(QStringLiteral("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?"));
    query.addBindValue(*hash);
    query.addBindValue(now);
    query.addBindValue(user->id);
    if (!query.exec())
        return dbError(query, QStringLiteral("changing the password of %1").arg(user->email));
    // A new password signs the user out everywhere (a stolen session should not survive it).
    if (Status revoked = revokeTokensOf(transaction.connection(), user->id, now); !revoked)
        return revoked;
    return transaction.commit();
}

Result<User> UserService::authenticate(const QString &email, const QString &password)
{
    auto normalized = EmailAddress::normalize(email);
    if (!normalized) {
        PasswordHasher::burnVerifyTime(password);
        return invalidCredentials();
    }
    auto stored = load(QStringLiteral("email"), *normalized);
    if (!stored)
        return stored.error();
    if (!stored->has_value()) {
        PasswordHasher::burnVerifyTime(password);
        return invalidCredentials();
    }
    Stored &s = **stored;
    if (!PasswordHasher::verify(s.passwordHash, password))
        return invalidCredentials();
    if (!s.user.active)
        return Error::refused(QString::fromLatin1(Errors::AccountDisabled),
                              QStringLiteral("The account %1 is deactivated; ask an admin.").arg(s.user.email));

    const QString now = Common::nowIsoUtc();
    QSqlQuery query(m_database->connection());
    if (PasswordHasher::needsRehash(s.passwordHash)) {
        if (auto rehashed = PasswordHasher::hash(password)) {
            query.prepare(QStringLiteral("UPDATE users SET password_hash = ? WHERE id = ?"));
            query.addBindValue(*rehashed);
            query.addBindValue(s.user.id);
            if (!query.exec())
                qCWarning(lcAuth).noquote() << dbError(query, QStringLiteral("upgrading a password hash")).message;
        }
    }
    query.prepare(QStringLiteral("UPDATE users SET last_login_at = ? WHERE id = ?"));
    query.addBindValue(now);
    query.addBindValue(s.user.id);
    if (!query.exec())
        return dbError(query, QStringLiteral("recording a login"));
    s.user.lastLoginAt = now;
    return s.user;
}

} // namespace Auth
