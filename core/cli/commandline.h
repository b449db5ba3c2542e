#pragma once
// The `smartdata` command line: global options, sub-command dispatch and the mapping of core
// errors to exit codes (0 success, 1 the work failed, 2 bad usage or bad input), all in one place.
// app/main.cpp only decides between this and the desktop window.

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace Cli {

struct GlobalOptions final
{
    QString database;      // --db PATH|URL
    bool portable = false; // --portable
    bool json = false;     // --json
    bool verbose = false;  // --verbose
};

struct Invocation final
{
    GlobalOptions global;
    QString command;       // empty: no sub-command (open the desktop app)
    QStringList arguments; // what follows the sub-command, global options removed
    QStringList files;     // no sub-command: files to open in the desktop app (absolute paths)
    bool help = false;
    bool version = false;
    QString usageError;    // set when the global options themselves are wrong
};

enum ExitCode { ExitOk = 0, ExitFailure = 1, ExitUsage = 2 };

// Splits argv (without argv[0]) into global options, the sub-command and its arguments.
Invocation parseInvocation(const QStringList &arguments);

// Runs a sub-command (or --help / --version). Output for people or machines goes to out, errors
// and warnings to err.
int run(const Invocation &invocation, QTextStream &out, QTextStream &err);

QString usage();
QString versionText();

} // namespace Cli
