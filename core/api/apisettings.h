#pragma once
// The API server's settings that the desktop app's "API server" view and `smartdata serve` share,
// kept in the application's QSettings (the command line of `serve` overrides them for one run):
//   api/cors_origins   the web origins whose pages may call the API (CorsPolicy entries; "none" = off);
//                      default http://localhost:* and http://127.0.0.1:*

#include "api/corspolicy.h"
#include "common/result.h"

#include <QStringList>

namespace Api {

struct ServerOptions;

struct ApiSettings final
{
    QStringList corsOrigins = CorsPolicy::defaultEntries();

    // From the application's settings (QSettings(applicationName)); defaults where none is stored.
    static ApiSettings load();
    void save() const;

    // Into the server's options: INVALID_CORS_ORIGIN naming the entry.
    Common::Status applyTo(ServerOptions &options) const;
};

} // namespace Api
