#include "desktop.h"

#include "common/paths.h"
#include "jobs/jobmanager.h"
#include "jobs/standardjobs.h"
#include "logging/logging.h"
#include "scheduler/scheduler.h"
#include "storage/database.h"
#include "ui/jobsview.h"
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
    // The scheduler runs the standard jobs (nightly KPIs, housekeeping) while the window is open,
    // through the same job manager the window observes.
    Jobs::JobRegistry registry;
    Jobs::registerStandardJobs(registry);
    Jobs::JobManager jobs(*database, std::move(registry));
    Scheduler::Scheduler scheduler(jobs);
    if (const Common::Status started = scheduler.start(); !started)
        qWarning("Scheduler not started: %s", qPrintable(started.error().message));
    MainWindow window(*database, &jobs);
    window.jobsView()->setScheduler(&scheduler);
    window.show();
    const int code = QApplication::exec();
    scheduler.stop();
    return code;
}

} // namespace Ui
