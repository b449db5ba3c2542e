#include "user.h"

namespace Auth {

QJsonObject User::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("email"), email},
                       {QStringLiteral("role"), roleName(role)},
                       {QStringLiteral("is_active"), active},
                       {QStringLiteral("created_at"), createdAt},
                       {QStringLiteral("updated_at"), updatedAt},
                       {QStringLiteral("last_login_at"), lastLoginAt.isEmpty() ? QJsonValue() : QJsonValue(lastLoginAt)}};
}

} // namespace Auth
