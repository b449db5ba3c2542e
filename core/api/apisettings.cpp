#include "apisettings.h"

#include "api/apiserver.h"

#include <QCoreApplication>
#include <QSettings>

namespace Api {

namespace {

const QString CorsOriginsKey = QStringLiteral("api/cors_origins");
const QString SignupRoleKey = QStringLiteral("api/signup_role");

} // namespace

ApiSettings ApiSettings::load()
{
    const QSettings settings(QCoreApplication::applicationName());
    ApiSettings out;
    if (settings.contains(CorsOriginsKey))
        out.corsOrigins = settings.value(CorsOriginsKey).toStringList();
    if (settings.contains(SignupRoleKey)) {
        if (auto role = parseSignupRole(settings.value(SignupRoleKey).toString()))
            out.signupRole = *role;
    }
    return out;
}

void ApiSettings::save() const
{
    QSettings settings(QCoreApplication::applicationName());
    // An empty list would read back as "no value": store "none" for off.
    settings.setValue(CorsOriginsKey, corsOrigins.isEmpty() ? QStringList{QStringLiteral("none")} : corsOrigins);
    settings.setValue(SignupRoleKey, signupRoleName(signupRole));
}

Common::Result<std::optional<Auth::Role>> ApiSettings::parseSignupRole(const QString &text)
{
    const QString name = text.trimmed().toLower();
    if (name == QLatin1String("none"))
        return std::optional<Auth::Role>();
    const std::optional<Auth::Role> role = Auth::parseRole(name);
    if (!role || *role == Auth::Role::Admin)
        return Common::Error::badInput(QStringLiteral("INVALID_SIGNUP_ROLE"),
                                       QStringLiteral("'%1' is not a signup role: use viewer or analyst (admins are made by an admin), or none to close signup.")
                                           .arg(text),
                                       QJsonObject{{QStringLiteral("role"), text}});
    return std::optional<Auth::Role>(role);
}

QString ApiSettings::signupRoleName(std::optional<Auth::Role> role)
{
    return role ? Auth::roleName(*role) : QStringLiteral("none");
}

Common::Status ApiSettings::applyTo(ServerOptions &options) const
{
    auto cors = CorsPolicy::parse(corsOrigins);
    if (!cors)
        return cors.error();
    options.cors = *cors;
    options.allowSignup = signupRole.has_value();
    options.signupRole = signupRole.value_or(Auth::Role::Viewer);
    return {};
}

} // namespace Api
