#include "desktop.h"

#include "common/paths.h"
#include "logging/logging.h"
#include "storage/database.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QMessageBox>

namespace Ui {

bool displayAvailable()
{
#if defined(Q_OS_LINUX) || defined(Q_OS_FREEBSD)
    return !qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM") || !qEnvironmentVariableIsEmpty("DISPLAY")
        || !qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY");
#else
    return true;
#endif
}

int runDesktop(int &argc, char **argv, const Cli::GlobalOptions &options)
{
    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("SmartData"));
    QApplication::setDesktopFileName(QStringLiteral("smartdata"));
    Common::AppPaths::configure({options.database, options.portable});
    Logging::install({.logDir = Common::AppPaths::logDir(),
                      .stderrLevel = options.verbose ? QtInfoMsg : QtWarningMsg,
                      .verbose = options.verbose});

    const QString location = Common::AppPaths::databaseLocation();
    auto database = Storage::Database::open(location);
    if (!database) {
        QMessageBox::critical(nullptr, QObject::tr("SmartData cannot open its database"),
                              database.error().message);
        return Cli::ExitFailure;
    }
    MainWindow window(*database);
    window.show();
    return QApplication::exec();
}

} // namespace Ui
