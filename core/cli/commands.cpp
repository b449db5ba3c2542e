#include "commands.h"

#include "cli/output.h"
#include "common/paths.h"
#include "storage/database.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace Cli {

QList<Command> allCommands()
{
    return {
        {QStringLiteral("db"), QStringLiteral("db info [--json]"),
         QStringLiteral("where the database is, its engine, schema version and row counts"), &dbCommand},
        {QStringLiteral("ingest"), QStringLiteral("ingest FILE... [--source S] [--strict] [--map ...]"),
         QStringLiteral("import CSV, JSON or NDJSON event files (each stored whole or not at all)"), &ingestCommand},
        {QStringLiteral("batches"), QStringLiteral("batches list|show ID|delete ID"),
         QStringLiteral("the import history; delete an import and recompute its KPIs"), &batchesCommand},
        {QStringLiteral("kpi"), QStringLiteral("kpi [--source S] [--metric M] [--from D] [--to D]"),
         QStringLiteral("recompute and print the daily KPIs"), &kpiCommand},
        {QStringLiteral("jobs"), QStringLiteral("jobs list|run NAME|schedule NAME RULE|timezone [TZ]"),
         QStringLiteral("the scheduled jobs: schedules, last runs; run one now"), &jobsCommand},
        {QStringLiteral("user"), QStringLiteral("user add EMAIL --role R|list|remove EMAIL|set-active|set-role|set-password"),
         QStringLiteral("the users of the REST API"), &userCommand},
        {QStringLiteral("anomalies"), QStringLiteral("anomalies --source S --metric M | --series FILE.csv [--method stl|zscore|mad|iforest]"),
         QStringLiteral("flag anomalous days of a metric and store the result"), &anomaliesCommand},
        {QStringLiteral("forecast"), QStringLiteral("forecast --source S --metric M [--horizon H] | --series FILE.csv"),
         QStringLiteral("forecast a metric (or a CSV series) with 80%/95% intervals and a reliability grade"), &forecastCommand},
        {QStringLiteral("serve"), QStringLiteral("serve [--host 127.0.0.1] [--port 8000] [--tls-cert F --tls-key F]"),
         QStringLiteral("serve the REST API without a window"), &serveCommand},
    };
}

Common::Result<std::shared_ptr<Storage::Database>> Context::openDatabase() const
{
    const QString location = Common::AppPaths::databaseLocation();
    // A path someone typed (--db or SMARTDATA_DB) whose folder is missing is most likely a typo: say
    // so instead of creating a folder tree and an empty database there. The default location's
    // folder is created as usual.
    const bool given = !global.database.isEmpty() || !qEnvironmentVariable("SMARTDATA_DB").isEmpty();
    if (given) {
        const Common::Status checked = Storage::Database::checkGivenLocation(
            location, global.database.isEmpty() ? QStringLiteral("SMARTDATA_DB") : QStringLiteral("--db"));
        if (!checked)
            return checked.error();
    }
    return Storage::Database::open(location);
}

QString commandHelp(const QCommandLineParser &parser, const QString &commandWords)
{
    // QCommandLineParser names the executable's path; say what people type instead.
    QString helpText = parser.helpText();
    if (helpText.startsWith(QLatin1String("Usage: "))) {
        const qsizetype end = helpText.indexOf(QLatin1Char(' '), 7);
        helpText.replace(7, end - 7, QStringLiteral("smartdata ") + commandWords);
    }
    return helpText;
}

int parseCommandLine(QCommandLineParser &parser, Context &context, const QString &commandWords,
                     const QStringList &arguments)
{
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QString helpText = commandHelp(parser, commandWords);
    if (context.help) {
        context.out << helpText;
        context.out.flush();
        return ExitOk;
    }
    QStringList argv{QStringLiteral("smartdata")};
    argv += arguments;
    if (!parser.parse(argv)) {
        context.err << "smartdata " << commandWords << ": " << parser.errorText() << "\n\n" << helpText;
        context.err.flush();
        return ExitUsage;
    }
    return -1;
}

int dbCommand(Context &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Shows where the database is, its engine, schema version and the rows per table."));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("info: where the database is and what it holds"), QStringLiteral("info"));
    if (const int code = parseCommandLine(parser, context, QStringLiteral("db"), arguments); code >= 0)
        return code;
    const QStringList positional = parser.positionalArguments();
    if (positional != QStringList{QStringLiteral("info")}) {
        context.err << "smartdata db: expected 'info', got '" << positional.join(QLatin1Char(' ')) << "'.\n\n"
                    << commandHelp(parser, QStringLiteral("db"));
        context.err.flush();
        return ExitUsage;
    }
    auto db = context.openDatabase();
    if (!db)
        return reportError(context.err, db.error());
    auto info = (*db)->info();
    if (!info)
        return reportError(context.err, info.error());
    if (context.global.json) {
        printJson(context.out, info->toJson());
        return ExitOk;
    }
    context.out << "Database:        " << info->location << '\n'
                << "Engine:          " << info->engine << '\n'
                << "Schema version:  " << info->schemaVersion << " (this SmartData: " << info->latestSchemaVersion << ")\n";
    if (info->fileSize >= 0)
        context.out << "File size:       " << info->fileSize << " bytes\n";
    context.out << '\n';
    QList<QStringList> rows;
    for (const Storage::TableCount &t : info->tables)
        rows.append({t.table, QString::number(t.rows)});
    printTable(context.out, {QStringLiteral("table"), QStringLiteral("rows")}, rows);
    return ExitOk;
}

} // namespace Cli
