#include "commandline.h"

#include "cli/commands.h"
#include "cli/output.h"
#include "common/paths.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QUrl>

namespace Cli {

namespace {

const QList<Command> &commands()
{
    static const QList<Command> s_commands = allCommands();
    return s_commands;
}

const Command *findCommand(const QString &name)
{
    for (const Command &command : commands()) {
        if (command.name == name)
            return &command;
    }
    return nullptr;
}

} // namespace

QString versionText()
{
    return QStringLiteral("smartdata %1 (Qt %2)").arg(QStringLiteral(SMARTDATA_VERSION), QString::fromLatin1(qVersion()));
}

QString usage()
{
    QString text = QStringLiteral(
        "Usage: smartdata [global options] [command [options]]\n"
        "\n"
        "SmartData turns raw event files (CSV, JSON) into daily KPIs, anomaly alerts and forecasts.\n"
        "Without a command it opens the desktop app.\n"
        "\n"
        "Commands:\n");
    qsizetype width = 0;
    for (const Command &command : commands())
        width = std::max(width, command.synopsis.size());
    for (const Command &command : commands())
        text += QStringLiteral("  %1  %2\n").arg(command.synopsis.leftJustified(width), command.summary);
    text += QStringLiteral(
        "\n"
        "Global options:\n"
        "  --db PATH       the database file (default: $SMARTDATA_DB, else smartdata.db in the data folder)\n"
        "  --portable      keep the database and logs beside the executable\n"
        "  --json          machine-readable output on stdout\n"
        "  --verbose       more messages on stderr\n"
        "  -h, --help      this help, or a command's help: smartdata COMMAND --help\n"
        "  --version       the version\n"
        "\n"
        "Exit codes: 0 success, 1 the work failed, 2 bad usage or bad input.\n");
    return text;
}

namespace {

// An existing file (or a file: URL) that is not the name of a sub-command.
bool isFileToOpen(const QString &arg)
{
    if (findCommand(arg) || arg == QLatin1String("help"))
        return false;
    if (arg.startsWith(QLatin1String("file:")))
        return QUrl(arg).isLocalFile();
    const QFileInfo info(arg);
    return info.exists() && info.isFile();
}

} // namespace

Invocation parseInvocation(const QStringList &arguments)
{
    Invocation invocation;
    bool passThrough = false;
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString &arg = arguments.at(i);
        if (passThrough) {
            if (invocation.command.isEmpty() && isFileToOpen(arg))
                invocation.files.append(arg.startsWith(QLatin1String("file:")) ? QUrl(arg).toLocalFile()
                                                                               : QFileInfo(arg).absoluteFilePath());
            else
                invocation.arguments.append(arg);
            continue;
        }
        if (arg == QLatin1String("--")) {
            passThrough = true;
            if (!invocation.command.isEmpty())
                invocation.arguments.append(arg);
            continue;
        }
        if (arg == QLatin1String("--db")) {
            if (i + 1 >= arguments.size()) {
                invocation.usageError = QStringLiteral("--db needs a value (a database file path).");
                return invocation;
            }
            invocation.global.database = arguments.at(++i);
        } else if (arg.startsWith(QLatin1String("--db="))) {
            invocation.global.database = arg.mid(5);
        } else if (arg == QLatin1String("--portable")) {
            invocation.global.portable = true;
        } else if (arg == QLatin1String("--json")) {
            invocation.global.json = true;
        } else if (arg == QLatin1String("--verbose")) {
            invocation.global.verbose = true;
        } else if (arg == QLatin1String("--help") || arg == QLatin1String("-h")) {
            invocation.help = true;
        } else if (invocation.command.isEmpty()) {
            if (arg == QLatin1String("--version")) {
                invocation.version = true;
            } else if (arg.startsWith(QLatin1Char('-'))) {
                invocation.usageError = QStringLiteral("unknown option '%1'.").arg(arg);
                return invocation;
            } else if (isFileToOpen(arg)) {
                // `smartdata orders.csv` (a file manager's "Open with", the desktop entry's %F):
                // the desktop app opens with the file in its import dialog.
                invocation.files.append(arg.startsWith(QLatin1String("file:")) ? QUrl(arg).toLocalFile()
                                                                               : QFileInfo(arg).absoluteFilePath());
            } else {
                invocation.command = arg;
            }
        } else {
            invocation.arguments.append(arg);
        }
    }
    if (invocation.global.database.isEmpty() && arguments.contains(QLatin1String("--db=")))
        invocation.usageError = QStringLiteral("--db needs a value (a database file path).");
    return invocation;
}

int run(const Invocation &invocation, QTextStream &out, QTextStream &err)
{
    if (!invocation.usageError.isEmpty()) {
        err << "smartdata: " << invocation.usageError << "\n\n" << usage();
        err.flush();
        return ExitUsage;
    }
    if (invocation.version) {
        out << versionText() << '\n';
        out.flush();
        return ExitOk;
    }
    if (invocation.command.isEmpty() || invocation.command == QLatin1String("help")) {
        const Command *command = invocation.arguments.isEmpty() ? nullptr : findCommand(invocation.arguments.first());
        if (command) {
            Context context{invocation.global, out, err, /*help=*/true};
            return command->handler(context, {});
        }
        out << usage();
        out.flush();
        return ExitOk;
    }
    const Command *command = findCommand(invocation.command);
    if (!command) {
        err << "smartdata: unknown command '" << invocation.command << "'.\n\n" << usage();
        err.flush();
        return ExitUsage;
    }
    Common::AppPaths::configure({invocation.global.database, invocation.global.portable});
    Context context{invocation.global, out, err, invocation.help};
    return command->handler(context, invocation.arguments);
}

} // namespace Cli
