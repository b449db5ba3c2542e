#include "apisettings.h"

#include "api/apiserver.h"

#include <QCoreApplication>
#include <QSettings>

namespace Api {

namespace {

const QString CorsOriginsKey = QStringLiteral("api/cors_origins");

} // namespace

ApiSettings ApiSettings::load()
{
    const QSettings settings(QCoreApplication::applicationName());
    ApiSettings out;
    if (settings.contains(CorsOriginsKey))
        out.corsOrigins = settings.value(CorsOriginsKey).toStringList();
    return out;
}

void ApiSettings::save() const
{
    QSettings settings(QCoreApplication::applicationName());
    // An empty list would read back as "no value": store "none" for off.
    settings.setValue(CorsOriginsKey, corsOrigins.isEmpty() ? QStringList{QStringLiteral("none")} : corsOrigins);
}

Common::Status ApiSettings::applyTo(ServerOptions &options) const
{
    auto cors = CorsPolicy::parse(corsOrigins);
    if (!cors)
        return cors.error();
    options.cors = *cors;
    return {};
}

} // namespace Api
