#pragma once
// The API server's settings that the desktop app's "API server" view and `smartdata serve` share,
// kept in the application's QSettings (the command line of `serve` overrides them for one run):
//   api/cors_origins   the web origins whose pages may call the API (CorsPolicy entries; "none" = off);
//                      default http://localhost:* and http://127.0.0.1:*
//   api/signup_role    the role of a self-signup after the first user (who becomes admin):
//                      viewer (default) or analyst; none closes signup (admins add users)

#include "api/corspolicy.h"
#include "auth/role.h"
#include "common/result.h"

#include <QStringList>

#include <optional>

namespace Api {

struct ServerOptions;

struct ApiSettings final
{
    QStringList corsOrigins = CorsPolicy::defaultEntries();
    std::optional<Auth::Role> signupRole = Auth::Role::Viewer; // nullopt: signup closed

    // "viewer", "analyst" or "none" (nullopt); INVALID_SIGNUP_ROLE for anything else, admin included.
    static Common::Result<std::optional<Auth::Role>> parseSignupRole(const QString &text);
    static QString signupRoleName(std::optional<Auth::Role> role);

    // From the application's settings (QSettings(applicationName)); defaults where none is stored.
    static ApiSettings load();
    void save() const;

    // Into the server's options: INVALID_CORS_ORIGIN naming the entry. (A stored signup role that is
    // not viewer, analyst or none counts as viewer.)
    Common::Status applyTo(ServerOptions &options) const;
};

} // namespace Api
