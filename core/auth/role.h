#pragma once
// Who may do what. A user has one Role; every guarded action names the Permission it needs and asks
// allows(role, permission). Roles are cumulative: viewer < analyst < admin.
//
//   viewer   reads (metrics, anomalies, forecasts, batches, jobs, sources)
//   analyst  + ingests data and runs KPI, anomaly and forecast jobs
//   admin    + manages users, deletes import batches and runs scheduler jobs

#include <QString>

#include <optional>

namespace Auth {

enum class Role { Viewer, Analyst, Admin };

enum class Permission {
    ReadData,      // every GET of metrics, anomalies, forecasts, batches, sources, jobs
    Ingest,        // POST /api/ingest, /api/upload
    RunAnalytics,  // KPI, anomaly, forecast and reliability runs
    ManageUsers,   // /api/users
    DeleteBatches, // DELETE /api/batches/{id}
    RunSchedulerJobs, // POST /api/jobs/{name}/run
};

bool allows(Role role, Permission permission);

// "admin", "analyst", "viewer" (what the users.role column stores).
QString roleName(Role role);
// Case-insensitive; nullopt for anything else.
std::optional<Role> parseRole(const QString &name);

QString permissionName(Permission permission);

} // namespace Auth
