#pragma once
// The users table: creating users (email normalised, password checked against PasswordPolicy and
// stored as an Argon2id hash), listing, finding, changing role / active flag / password, removing,
// and checking credentials at login. Used by `smartdata user`, the admin routes and AuthService.
//
// It never needs the JWT secret. Thread-safe: it holds no state besides the database and runs each
// call on the calling thread's connection. Changes that could leave the installation without an
// active admin are refused with LAST_ADMIN; deactivating a user, removing one or changing a password
// revokes the user's refresh tokens.

#include "auth/role.h"
#include "auth/user.h"
#include "common/result.h"

#include <QList>

#include <memory>
#include <optional>

namespace Storage {
class Database;
}

namespace Auth {

class UserService final
{
public:
    explicit UserService(std::shared_ptr<Storage::Database> database);

    // INVALID_EMAIL, WEAK_PASSWORD, EMAIL_TAKEN.
    Common::Result<User> addUser(const QString &email, const QString &password, Role role);
    // Self-service signup: the first user becomes admin; later ones get othersRole (viewer or
    // analyst; admin is taken as viewer) when othersMaySignUp, else SIGNUP_DISABLED. Also
    // INVALID_EMAIL, WEAK_PASSWORD, EMAIL_TAKEN.
    Common::Result<User> signUp(const QString &email, const QString &password, bool othersMaySignUp,
                                Role othersRole = Role::Viewer);

    // USER_NOT_FOUND when there is none.
    Common::Result<User> find(qint64 id);
    Common::Result<User> findByEmail(const QString &email);
    Common::Result<QList<User>> list();
    Common::Result<qint64> count();

    // USER_NOT_FOUND, LAST_ADMIN.
    Common::Status remove(const QString &email);
    Common::Result<User> setActive(const QString &email, bool active);
    Common::Result<User> setRole(const QString &email, Role role);
    // USER_NOT_FOUND, WEAK_PASSWORD.
    Common::Status setPassword(const QString &email, const QString &password);

    // The user when the password is right: INVALID_CREDENTIALS for an unknown email or a wrong
    // password (same answer, same time), ACCOUNT_DISABLED for a right password of a deactivated user.
    // Records last_login_at and upgrades an outdated hash on success.
    Common::Result<User> authenticate(const QString &email, const QString &password);

private:
    struct Stored;
    Common::Result<std::optional<Stored>> load(const QString &column, const QVariant &value);
    Common::Result<User> insert(const QString &email, const QString &password, std::optional<Role> role, bool othersMaySignUp,
                                Role othersRole = Role::Viewer);
    Common::Result<User> change(const QString &email, std::optional<bool> active, std::optional<Role> role);

    std::shared_ptr<Storage::Database> m_database;
};

} // namespace Auth
