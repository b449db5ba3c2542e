#include "role.h"

namespace Auth {

bool allows(Role role, Permission permission)
{
    switch (permission) {
    case Permission::ReadData:
        return true;
    case Permission::Ingest:
    case Permission::RunAnalytics:
        return role == Role::Analyst || role == Role::Admin;
    case Permission::ManageUsers:
    case Permission::DeleteBatches:
    case Permission::RunSchedulerJobs:
        return role == Role::Admin;
    }
    return false; // an unknown permission is never granted
}

QString roleName(Role role)
{
    switch (role) {
    case Role::Viewer: return QStringLiteral("viewer");
    case Role::Analyst: return QStringLiteral("analyst");
    case Role::Admin: return QStringLiteral("admin");
    }
    return QStringLiteral("viewer");
}

std::optional<Role> parseRole(const QString &name)
{
    const QString n = name.trimmed().toLower();
    if (n == QLatin1String("viewer"))
        return Role::Viewer;
    if (n == QLatin1String("analyst"))
        return Role::Analyst;
    if (n == QLatin1String("admin"))
        return Role::Admin;
    return std::nullopt;
}

QString permissionName(Permission permission)
{
    switch (permission) {
    case Permission::ReadData: return QStringLiteral("read_data");
    case Permission::Ingest: return QStringLiteral("ingest");
    case Permission::RunAnalytics: return QStringLiteral("run_analytics");
    case Permission::ManageUsers: return QStringLiteral("manage_users");
    case Permission::DeleteBatches: return QStringLiteral("delete_batches");
    case Permission::RunSchedulerJobs: return QStringLiteral("run_scheduler_jobs");
    }
    return QStringLiteral("unknown");
}

} // namespace Auth
