// The `smartdata` command line without the desktop app: main() of app/main.cpp minus the window, so
// bench_api_load.sh can run `serve` from a build that does not build the UI (the figures are the
// same: the server, its options and its logging are those of `smartdata serve`).
//   bench_api_server serve --db /tmp/bench.db --port 18573

#include "cli/commandline.h"
#include "common/paths.h"
#include "logging/logging.h"

#include <QCoreApplication>
#include <QTextStream>

int main(int argc, char **argv)
{
    QCoreApplication::setApplicationName(QStringLiteral("smartdata"));
    QCoreApplication::setApplicationVersion(QStringLiteral(SMARTDATA_VERSION));
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const Cli::Invocation invocation = Cli::parseInvocation(arguments);
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
