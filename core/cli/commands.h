#pragma once
// The sub-commands of `smartdata`. Each one parses its own options and uses the core's services;
// commands.cpp lists them for the dispatcher.

#include "cli/commandline.h"
#include "common/result.h"

#include <QCommandLineParser>
#include <QList>

#include <memory>

namespace Storage {
class Database;
}

namespace Cli {

struct Context
{
    const GlobalOptions &global;
    QTextStream &out;
    QTextStream &err;
    bool help = false; // print the command's help instead of running it

    // Opens the database the global options point at (migrating a new one).
    Common::Result<std::shared_ptr<Storage::Database>> openDatabase() const;
};

struct Command
{
    QString name;
    QString synopsis;
    QString summary;
    int (*handler)(Context &context, const QStringList &arguments);
};

QList<Command> allCommands();

// The command's --help text, naming "smartdata <commandWords>" instead of the executable's path.
QString commandHelp(const QCommandLineParser &parser, const QString &commandWords);

// Parses a command's arguments; on --help prints the help and returns ExitOk, on a usage error
// prints it with the help and returns ExitUsage; returns -1 when the command should go on.
int parseCommandLine(QCommandLineParser &parser, Context &context, const QString &commandWords,
                     const QStringList &arguments);

int dbCommand(Context &context, const QStringList &arguments);
int ingestCommand(Context &context, const QStringList &arguments);
int batchesCommand(Context &context, const QStringList &arguments);
int kpiCommand(Context &context, const QStringList &arguments);
int jobsCommand(Context &context, const QStringList &arguments);
int userCommand(Context &context, const QStringList &arguments);
int anomaliesCommand(Context &context, const QStringList &arguments);
int forecastCommand(Context &context, const QStringList &arguments);
int serveCommand(Context &context, const QStringList &arguments);

} // namespace Cli
