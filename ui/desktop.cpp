#include "desktop.h"

#include "common/paths.h"
#include "jobs/jobmanager.h"
#include "jobs/standardjobs.h"
#include "logging/logging.h"
#include "scheduler/scheduler.h"
#include "storage/database.h"
#include "ui/languagemanager.h"
#include "ui/mainwindow.h"
#include "ui/settingsdialog.h"
#include "ui/thememanager.h"

#include <QApplication>
#include <QFileOpenEvent>
#include <QMessageBox>
#include <QTimer>
#include <QUrl>

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

namespace {

// macOS hands files opened from the Finder to the running app as QFileOpenEvents.
class FileOpenFilter final : public QObject
{
public:
    explicit FileOpenFilter(MainWindow *window) : m_window(window) {}

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::FileOpen) {
            const QString file = static_cast<QFileOpenEvent *>(event)->file();
            if (!file.isEmpty())
                m_window->openImportDialog(file);
            return true;
        }
        return QObject::eventFilter(watched, event);
    }

private:
    MainWindow *m_window;
};

} // namespace

int runDesktop(int &argc, char **argv, const Cli::GlobalOptions &options, const QStringList &files)
{
    QApplication app(argc, argv);
    QApplication::setApplicationDisplayName(QStringLiteral("SmartData"));
    // The name of the installed desktop entry and AppStream id (packaging/io.smartdata.SmartData.desktop).
    QApplication::setDesktopFileName(QStringLiteral("io.smartdata.SmartData"));
    LanguageManager::apply(LanguageManager::storedLanguage());
    ThemeManager::apply(ThemeManager::storedTheme());
    // --db and SMARTDATA_DB win over the location chosen in Settings.
    QString database = options.database;
    if (database.isEmpty() && qEnvironmentVariableIsEmpty("SMARTDATA_DB"))
        database = SettingsDialog::storedDatabaseLocation();
    Common::AppPaths::configure({database, options.portable});
    Logging::install({.logDir = Common::AppPaths::logDir(),
                      .stderrLevel = options.verbose ? QtInfoMsg : QtWarningMsg,
                      .verbose = options.verbose});

    const QString location = Common::AppPaths::databaseLocation();
    // As on the command line: a location someone chose whose folder is missing (a typo, an unmounted
    // drive) is reported, not silently created with an empty database in it.
    QString origin;
    if (!options.database.isEmpty())
        origin = QStringLiteral("--db");
    else if (!qEnvironmentVariableIsEmpty("SMARTDATA_DB"))
        origin = QStringLiteral("SMARTDATA_DB");
    else if (!database.isEmpty())
        origin = MainWindow::tr("the database location chosen in Settings");
    auto opened = [&]() -> Common::Result<std::shared_ptr<Storage::Database>> {
        if (!origin.isEmpty()) {
            if (const Common::Status checked = Storage::Database::checkGivenLocation(location, origin); !checked)
                return checked.error();
        }
        return Storage::Database::open(location);
    }();
    if (!opened) {
        const QString shown = Storage::Database::isPostgresUrl(location) ? QUrl(location).toString(QUrl::RemovePassword) : location;
        QString text = MainWindow::tr("%1\n\nDatabase: %2").arg(opened.error().message, shown);
        if (database != options.database)
            text += MainWindow::tr("\n\nThis location was chosen in Settings. Start SmartData with --db PATH to open "
                                   "another database and change the setting there.");
        // Also on stderr and in the log, for whoever started SmartData from a terminal or a script.
        qCritical("Cannot open the database: %s", qPrintable(opened.error().message));
        QMessageBox::critical(nullptr, MainWindow::tr("SmartData cannot open its database"), text);
        return opened.error().kind == Common::ErrorKind::BadInput ? Cli::ExitUsage : Cli::ExitFailure;
    }
    // The scheduler runs the standard jobs (nightly KPIs, housekeeping) while the window is open,
    // through the same job manager the window observes.
    Jobs::JobRegistry registry;
    Jobs::registerStandardJobs(registry);
    Jobs::JobManager jobs(*opened, std::move(registry));
    Scheduler::Scheduler scheduler(jobs);
    if (const Common::Status started = scheduler.start(); !started)
        qWarning("Scheduler not started: %s", qPrintable(started.error().message));
    MainWindow window(*opened, &jobs);
    window.setScheduler(&scheduler);
    window.show();
    FileOpenFilter fileOpen(&window);
    app.installEventFilter(&fileOpen);
    // Files given on the command line (a file manager's "Open with"): each in the import dialog.
    if (!files.isEmpty()) {
        QTimer::singleShot(0, &window, [&window, files] {
            for (const QString &file : files)
                window.openImportDialog(file);
        });
    }
    const int code = QApplication::exec();
    scheduler.stop();
    return code;
}

} // namespace Ui
