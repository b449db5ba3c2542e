#include "paths.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

namespace Common {

LocationOptions &AppPaths::options()
{
    static LocationOptions s_options;
    return s_options;
}

void AppPaths::configure(const LocationOptions &options)
{
    AppPaths::options() = options;
}

bool AppPaths::portable()
{
    return options().portable;
}

QString AppPaths::dataDir()
{
    if (options().portable)
        return QCoreApplication::applicationDirPath();
    // The portable start scripts (packaging/portable) keep everything in a folder beside themselves.
    const QString fromEnvironment = qEnvironmentVariable("SMARTDATA_DATA_DIR");
    if (!fromEnvironment.isEmpty())
        return QDir(fromEnvironment).absolutePath();
    const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
    return dir.isEmpty() ? QDir::homePath() + QStringLiteral("/.smartdata") : dir;
}

QString AppPaths::logDir()
{
    return dataDir() + QStringLiteral("/logs");
}

QString AppPaths::databaseLocation()
{
    if (!options().database.isEmpty())
        return options().database;
    const QString fromEnvironment = qEnvironmentVariable("SMARTDATA_DB");
    if (!fromEnvironment.isEmpty())
        return fromEnvironment;
    return dataDir() + QStringLiteral("/smartdata.db");
}

} // namespace Common
