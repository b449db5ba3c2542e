#pragma once
// One API user as the rest of SmartData sees it (the password hash never leaves UserService).

#include "auth/role.h"

#include <QJsonObject>
#include <QString>

namespace Auth {

struct User final
{
    qint64 id = 0;
    QString email; // normalised: trimmed, lower case
    Role role = Role::Viewer;
    bool active = true;
    QString createdAt;   // ISO 8601 UTC
    QString updatedAt;
    QString lastLoginAt; // empty: never logged in

    // {"id","email","role","is_active","created_at","updated_at","last_login_at"|null}
    QJsonObject toJson() const;
};

} // namespace Auth
