// smartdata: the desktop app when started plainly, the command line when given a sub-command.

#include "cli/commandline.h"
#include "common/paths.h"
#include "logging/logging.h"
#include "ui/desktop.h"
#include "ui/languagemanager.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace {

void setApplicationNames()
{
    // No organisation: data lives in ~/.local/share/smartdata, settings in ~/.config/smartdata.conf.
    QCoreApplication::setApplicationName(QStringLiteral("smartdata"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SMARTDATA_VERSION));
}

} // namespace

int main(int argc, char **argv)
{
    setApplicationNames();
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const Cli::Invocation invocation = Cli::parseInvocation(arguments);

    const bool desktop = invocation.command.isEmpty() && !invocation.help && !invocation.version
                      && invocation.usageError.isEmpty();
    if (desktop) {
        if (!Ui::displayAvailable()) {
            // No QApplication without a display; a core application is enough to speak the user's language.
            QCoreApplication app(argc, argv);
            Ui::LanguageManager::apply(Ui::LanguageManager::storedLanguage());
            const QString message = QCoreApplication::translate(
                "main", "smartdata: no display available (DISPLAY and WAYLAND_DISPLAY are not set); "
                        "run a command instead, see 'smartdata --help'.");
            std::fprintf(stderr, "%s\n", qPrintable(message));
            return Cli::ExitFailure;
        }
        return Ui::runDesktop(argc, argv, invocation.global, invocation.files);
    }

    QCoreApplication app(argc, argv);
    Common::AppPaths::configure({invocation.global.database, invocation.global.portable});
    Logging::install({.logDir = Common::AppPaths::logDir(),
                      .stderrLevel = invocation.global.verbose ? QtInfoMsg : QtWarningMsg,
                      .verbose = invocation.global.verbose});
    QTextStream out(stdout);
    QTextStream err(stderr);
    const int code = Cli::run(invocation, out, err);
    out.flush();
    err.flush();
    Logging::uninstall();
    return code;
}
