// smartdata ingest, batches and kpi: files in, import history, daily KPIs out.

#include "cli/commands.h"
#include "cli/output.h"
#include "ingest/batchservice.h"
#include "ingest/dateparser.h"
#include "ingest/importer.h"
#include "kpi/kpiservice.h"
#include "storage/database.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QLocale>
#include <QSaveFile>

#include <limits>

namespace Cli {

namespace {

QString number(double value)
{
    return QString::number(value, 'g', 12);
}

// "timestamp=Order Date,value=Amount" (repeatable) into a column mapping.
Common::Result<Ingest::ColumnMapping> parseMapping(const QStringList &specs)
{
    Ingest::ColumnMapping mapping;
    for (const QString &spec : specs) {
        for (const QString &pair : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
            const qsizetype eq = pair.indexOf(QLatin1Char('='));
            const QString role = pair.left(eq).trimmed().toLower();
            const QString column = eq < 0 ? QString() : pair.mid(eq + 1).trimmed();
            if (eq < 0 || column.isEmpty()) {
                return Common::Error::badInput(QStringLiteral("BAD_MAPPING"),
                                               QStringLiteral("--map expects ROLE=COLUMN pairs, got '%1'.").arg(pair));
            }
            if (role == QLatin1String("timestamp") || role == QLatin1String("ts"))
                mapping.timestamp = column;
            else if (role == QLatin1String("value"))
                mapping.value = column;
            else if (role == QLatin1String("metric"))
                mapping.metric = column;
            else if (role == QLatin1String("user_id") || role == QLatin1String("user"))
                mapping.userId = column;
            else if (role == QLatin1String("event_id") || role == QLatin1String("id"))
                mapping.eventId = column;
            else if (role == QLatin1String("source"))
                mapping.source = column;
            else
                return Common::Error::badInput(QStringLiteral("BAD_MAPPING"),
                                               QStringLiteral("--map: unknown role '%1' (use timestamp, value, metric, user_id, event_id or source).").arg(role));
        }
    }
    return mapping;
}

Common::Result<QDate> parseDay(const QString &text, const QString &option)
{
    if (text.isEmpty())
        return QDate();
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (!date.isValid())
        return Common::Error::badInput(QStringLiteral("BAD_DATE"), QStringLiteral("%1 expects a date as YYYY-MM-DD, got '%2'.").arg(option, text));
    return date;
}

void printSummary(QTextStream &out, const QString &path, const Ingest::ImportSummary &s)
{
    const QString outcome = s.failed() ? QStringLiteral("FAILED, nothing imported")
                            : s.hasWarnings() ? QStringLiteral("imported with warnings")
                                              : QStringLiteral("imported");
    out << path << ": " << outcome << " (import " << s.batchId << ", " << s.format << ", " << s.mode << "): "
        << s.received << " received, " << s.inserted << " inserted, " << s.duplicates << " duplicates";
    if (s.duplicates > 0)
        out << " (" << s.duplicatesStored << " already stored, " << s.duplicatesInFile << " repeated inside the file)";
    out << ", " << s.rejected << " rejected in " << QString::number(s.seconds, 'f', 2) << " s\n";
    for (const QString &note : s.notes)
        out << "  " << note << '\n';
    if (!s.metrics.isEmpty()) {
        out << "  metrics: " << s.metrics.join(QStringLiteral(", "));
        if (!s.sources.isEmpty())
            out << "; sources: " << s.sources.join(QStringLiteral(", "));
        out << '\n';
    }
    for (auto it = s.rejectedByReason.begin(); it != s.rejectedByReason.end(); ++it)
        out << "  rejected " << it.value() << " × " << Ingest::reasonText(it.key()) << '\n';
    for (const Ingest::RowIssue &issue : s.issues.mid(0, 20))
        out << "    " << issue.toText() << '\n';
    if (s.rejected > 0)
        out << "    (every rejected row is kept: smartdata batches show " << s.batchId << " --rejected [--save FILE])\n";
    const QJsonArray warnings = s.detection.value(QStringLiteral("warnings")).toArray();
    for (const QJsonValue &warning : warnings)
        out << "  note: " << warning.toString() << '\n';
    out.flush();
}

} // namespace

int ingestCommand(Context &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Imports CSV, JSON or NDJSON event files (optionally .gz). Each file is one import: stored whole or not at all."));
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("event files to import"), QStringLiteral("FILE..."));
    const QCommandLineOption source(QStringLiteral("source"), QStringLiteral("source name for every row (default: the file's source column, else 'default')"), QStringLiteral("S"));
    const QCommandLineOption strict(QStringLiteral("strict"), QStringLiteral("reject the whole file when any row is invalid"));
    const QCommandLineOption format(QStringLiteral("format"), QStringLiteral("csv, json or ndjson (default: from the name or content)"), QStringLiteral("F"));
    const QCommandLineOption metric(QStringLiteral("metric"), QStringLiteral("metric for rows without one (default events_total)"), QStringLiteral("M"));
    const QCommandLineOption map(QStringLiteral("map"), QStringLiteral("column mapping, e.g. timestamp=Order Date,value=Amount,metric=Category"), QStringLiteral("ROLE=COLUMN,..."));
    const QCommandLineOption timezone(QStringLiteral("timezone"), QStringLiteral("IANA timezone of timestamps without an offset (default UTC)"), QStringLiteral("TZ"));
    const QCommandLineOption delimiter(QStringLiteral("delimiter"), QStringLiteral("CSV delimiter: , ; tab or | (default: detected)"), QStringLiteral("C"));
    const QCommandLineOption decimalComma(QStringLiteral("decimal-comma"), QStringLiteral("values use a decimal comma (3,5 and 1.234,5); default: detected from the first rows"));
    const QCommandLineOption decimalPoint(QStringLiteral("decimal-point"), QStringLiteral("values use a decimal point (3.5); default: detected"));
    const QCommandLineOption thousands(QStringLiteral("thousands-separator"), QStringLiteral("what groups thousands in values: , . space nbsp ' or none (default: detected)"), QStringLiteral("C"));
    const QCommandLineOption dateFormat(QStringLiteral("date-format"), QStringLiteral("timestamp format, Qt style (dd.MM.yyyy HH:mm) or strftime style (%d.%m.%Y %H:%M); needed for two-digit years"), QStringLiteral("FMT"));
    const QCommandLineOption dateOrder(QStringLiteral("date-order"), QStringLiteral("order of numeric dates such as 01/02/2024: dmy, mdy or ymd (default: detected)"), QStringLiteral("ORDER"));
    const QCommandLineOption epochUnit(QStringLiteral("epoch-unit"), QStringLiteral("unit of numeric timestamps: s or ms (default: detected from the first rows)"), QStringLiteral("UNIT"));
    const QCommandLineOption maxDecompressed(QStringLiteral("max-decompressed"), QStringLiteral("stop a .gz import past this many decompressed bytes (suffix K, M or G; default: no limit)"), QStringLiteral("BYTES"));
    parser.addOptions({source, strict, format, metric, map, timezone, delimiter, decimalComma, decimalPoint, thousands, dateFormat,
                       dateOrder, epochUnit, maxDecompressed});
    if (const int code = parseCommandLine(parser, context, QStringLiteral("ingest"), arguments); code >= 0)
        return code;
    QStringList files = parser.positionalArguments();
    // --thousands-separator took no value before: "--thousands-separator data.csv" still means commas.
    bool legacyThousands = false;
    if (parser.isSet(thousands)) {
        const QString c = parser.value(thousands);
        static const QStringList known{QStringLiteral(","), QStringLiteral("."), QStringLiteral("'"), QStringLiteral(" "),
                                       QStringLiteral("space"), QStringLiteral("nbsp"), QStringLiteral("none"), QStringLiteral("comma"),
                                       QStringLiteral("point"), QStringLiteral("apostrophe"), QStringLiteral("auto"), QString(QChar(0x00A0)),
                                       QString(QChar(0x202F))};
        if (!known.contains(c.toLower()) && QFileInfo::exists(c)) {
            legacyThousands = true;
            files.prepend(c);
        }
    }
    if (files.isEmpty()) {
        context.err << "smartdata ingest: name at least one file.\n\n" << commandHelp(parser, QStringLiteral("ingest"));
        context.err.flush();
        return ExitUsage;
    }

    Ingest::ImportOptions options;
    options.source = parser.value(source);
    if (!options.source.isEmpty()) {
        if (auto valid = Ingest::validateName(options.source, QStringLiteral("--source")); !valid)
            return reportError(context.err, valid.error());
    }
    options.mode = parser.isSet(strict) ? Ingest::Mode::Strict : Ingest::Mode::Tolerant;
    if (parser.isSet(format)) {
        const QString f = parser.value(format).toLower();
        if (f == QLatin1String("csv"))
            options.read.format = Ingest::Format::Csv;
        else if (f == QLatin1String("json"))
            options.read.format = Ingest::Format::Json;
        else if (f == QLatin1String("ndjson") || f == QLatin1String("jsonl"))
            options.read.format = Ingest::Format::Ndjson;
        else
            return reportError(context.err, Common::Error::badInput(QStringLiteral("BAD_FORMAT"), QStringLiteral("--format must be csv, json or ndjson, not '%1'.").arg(f)));
    }
    if (parser.isSet(metric)) {
        if (parser.value(metric).trimmed().isEmpty())
            return reportError(context.err, Common::Error::badInput(QStringLiteral("BAD_METRIC"), QStringLiteral("--metric is empty.")));
        options.read.defaultMetric = parser.value(metric).trimmed();
        if (auto valid = Ingest::validateName(options.read.defaultMetric, QStringLiteral("--metric")); !valid)
            return reportError(context.err, valid.error());
    }
    auto mapping = parseMapping(parser.values(map));
    if (!mapping)
        return reportError(context.err, mapping.error());
    options.read.mapping = *mapping;
    if (parser.isSet(timezone)) {
        const QTimeZone zone(parser.value(timezone).toUtf8());
        if (!zone.isValid())
            return reportError(context.err, Common::Error::badInput(QStringLiteral("BAD_TIMEZONE"), QStringLiteral("Unknown timezone '%1' (use an IANA name such as Europe/Berlin).").arg(parser.value(timezone))));
        options.read.timezone = zone;
    }
    if (parser.isSet(delimiter)) {
        const QString d = parser.value(delimiter);
        if (d == QLatin1String("tab") || d == QLatin1String("\\t") || d == QLatin1String("\t"))
            options.read.delimiter = '\t';
        else if (d == QLatin1String(",") || d == QLatin1String(";") || d == QLatin1String("|"))
            options.read.delimiter = d.at(0).toLatin1();
        else
            return reportError(context.err, Common::Error::badInput(QStringLiteral("BAD_DELIMITER"), QStringLiteral("--delimiter must be , ; tab or |, not '%1'.").arg(d)));
    }
    if (parser.isSet(decimalComma) && parser.isSet(decimalPoint))
        return reportError(context.err, Common::Error::badInput(QStringLiteral("BAD_OPTIONS"), QStringLiteral("--decimal-comma and --decimal-point cannot be combined.")));
    if (parser.isSet(decimalComma))
        options.read.decimalMark = Ingest::DecimalMark::Comma;
    if (parser.isSet(decimalPoint))
        options.read.decimalMark = Ingest::DecimalMark::Point;
    if (legacyThousands) {
        options.read.thousandsSeparator = Ingest::ThousandsSeparator::Comma;
    } else if (parser.isSet(thousands)) {
        const QString c = parser.value(thousands);
        const QString l = c.toLower();
        if (l == QLatin1String(",") || l == QLatin1String("comma"))
            options.read.thousandsSeparator = Ingest::ThousandsSeparator::Comma;
        else if (l == QLatin1String(".") || l == QLatin1String("point"))
            options.read.thousandsSeparator = Ingest::ThousandsSeparator::Point;
        else if (l == QLatin1String(" ") || l == QLatin1String("space") || l == QLatin1String("nbsp") || c == QChar(0x00A0) || c == QChar(0x202F))
            options.read.thousandsSeparator = Ingest::ThousandsSeparator::Space;
        else if (l == QLatin1String("'") || l == QLatin1String("apostrophe"))
            options.read.thousandsSeparator = Ingest::ThousandsSeparator::Apostrophe;
        else if (l == QLatin1String("none"))
            options.read.thousandsSeparator = Ingest::ThousandsSeparator::None;
        else if (l != QLatin1String("auto"))
            return reportError(context.err, Common::Error::badInput(QStringLiteral("BAD_THOUSANDS_SEPARATOR"), QStringLiteral("--thousands-separator must be , . space nbsp ' or none, not '%1'.").arg(c)));
    }
    if ((options.read.decimalMark == Ingest::DecimalMark::Comma && options.read.thousandsSeparator == Ingest::ThousandsSeparator::Comma)
        || (options.read.decimalMark == Ingest::DecimalMark::Point && options.read.thousandsSeparator == Ingest::ThousandsSeparator::Point))
        return reportError(context.err, Common::Error::badInput(QStringLiteral("BAD_OPTIONS"), QStringLiteral("The thousands separator cannot be the decimal mark.")));
    if (parser.isSet(dateFormat)) {
        options.read.dateFormat = parser.value(dateFormat);
        if (auto compiled = Ingest::ExplicitDateFormat::compile(options.read.dateFormat); !compiled)
            return reportError(context.err, compiled.error());
    }
    if (parser.isSet(dateOrder)) {
        const QString o = parser.value(dateOrder).toLower();
        if (o == QLatin1String("dmy") || o == QLatin1String("day-first"))
            options.read.dateOrder = Ingest::DateOrder::DayFirst;
        else if (o == QLatin1String("mdy") || o == QLatin1String("month-first"))
            options.read.dateOrder = Ingest::DateOrder::MonthFirst;
        else if (o == QLatin1String("ymd") || o == QLatin1String("year-first"))
            options.read.dateOrder = Ingest::DateOrder::YearFirst;
        else if (o != QLatin1String("auto"))
            return reportError(context.err, Common::Error::badInput(QStringLiteral("BAD_DATE_ORDER"), QStringLiteral("--date-order must be dmy, mdy or ymd, not '%1'.").arg(o)));
    }
    if (parser.isSet(maxDecompressed)) {
        QString b = parser.value(maxDecompressed).trimmed().toUpper();
        qint64 factor = 1;
        if (b.endsWith(QLatin1Char('K')) || b.endsWith(QLatin1Char('M')) || b.endsWith(QLatin1Char('G'))) {
            factor = b.endsWith(QLatin1Char('K')) ? 1024 : b.endsWith(QLatin1Char('M')) ? 1024 * 1024 : 1024LL * 1024 * 1024;
            b.chop(1);
        }
        bool ok = false;
        const qint64 n = b.toLongLong(&ok);
        if (!ok || n <= 0 || n > std::numeric_limits<qint64>::max() / factor)
            return reportError(context.err, Common::Error::badInput(QStringLiteral("BAD_MAX_DECOMPRESSED"), QStringLiteral("--max-decompressed must be a positive number of bytes (e.g. 500M), not '%1'.").arg(parser.value(maxDecompressed))));
        options.read.maxDecompressedBytes = n * factor;
    }
    if (parser.isSet(epochUnit)) {
        const QString u = parser.value(epochUnit).toLower();
        if (u == QLatin1String("s"))
            options.read.epochUnit = Ingest::EpochUnit::Seconds;
        else if (u == QLatin1String("ms"))
            options.read.epochUnit = Ingest::EpochUnit::Milliseconds;
        else
            return reportError(context.err, Common::Error::badInput(QStringLiteral("BAD_EPOCH_UNIT"), QStringLiteral("--epoch-unit must be s or ms, not '%1'.").arg(u)));
    }

    auto db = context.openDatabase();
    if (!db)
        return reportError(context.err, db.error());
    Ingest::Importer importer(*db);
    options.onWait = [&context](const QString &holder) {
        context.err << "Waiting for another import to finish: " << holder << " ...\n";
        context.err.flush();
    };
    int exitCode = ExitOk;
    QJsonArray results;
    for (const QString &file : files) {
        auto summary = importer.importFile(file, options);
        if (!summary) {
            exitCode = std::max(exitCode, reportError(context.err, summary.error()));
            if (summary.error().code == QLatin1String("MISSING_COLUMNS")) {
                // Column names SmartData does not know (Datum, Umsatz, montant, rating): say how to name them.
                const QJsonArray present = summary.error().details.value(QStringLiteral("present")).toArray();
                context.err << "  Name the columns to use, e.g. --map timestamp=" << (present.isEmpty() ? QStringLiteral("COLUMN") : present.at(0).toString())
                            << ",value=COLUMN (roles: timestamp, value, metric, user_id, event_id, source).\n";
                context.err.flush();
            }
            QJsonObject failed{{QStringLiteral("file"), file}, {QStringLiteral("ok"), false}, {QStringLiteral("error"), summary.error().toJson()}};
            results.append(failed);
            continue;
        }
        if (summary->failed()) // every row rejected: bad input, though the rows are kept for review
            exitCode = std::max<int>(exitCode, ExitUsage);
        if (context.global.json)
            results.append(summary->toJson());
        else
            printSummary(context.out, file, *summary);
    }
    if (context.global.json)
        printJson(context.out, results.size() == 1 ? results.first() : QJsonValue(results));
    return exitCode;
}

int batchesCommand(Context &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("The import history: list imports, show one with its rejected rows, delete one "
                                                    "(its events go and the KPIs of its days are recomputed)."));
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, show ID or delete ID"), QStringLiteral("list|show ID|delete ID"));
    const QCommandLineOption source(QStringLiteral("source"), QStringLiteral("only imports of this source (list)"), QStringLiteral("S"));
    const QCommandLineOption rejectedOption(QStringLiteral("rejected"), QStringLiteral("show: list every rejected row (line, column, value, reason)"));
    const QCommandLineOption save(QStringLiteral("save"), QStringLiteral("show: save the rejected rows as a file to fix and import again "
                                                                     "(a CSV import: its header and the rows as received; JSON: NDJSON)"),
                                  QStringLiteral("FILE"));
    parser.addOptions({source, rejectedOption, save});
    if (const int code = parseCommandLine(parser, context, QStringLiteral("batches"), arguments); code >= 0)
        return code;
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    auto usageError = [&](const QString &message) {
        context.err << "smartdata batches: " << message << "\n\n" << commandHelp(parser, QStringLiteral("batches"));
        context.err.flush();
        return int(ExitUsage);
    };
    bool idOk = false;
    const qint64 id = positional.value(1).toLongLong(&idOk);
    if (action == QLatin1String("list")) {
        if (positional.size() != 1)
            return usageError(QStringLiteral("'list' takes no further arguments."));
    } else if (action == QLatin1String("show") || action == QLatin1String("delete")) {
        if (positional.size() != 2 || !idOk || id <= 0)
            return usageError(QStringLiteral("'%1' needs one import id (a positive number).").arg(action));
    } else {
        return usageError(action.isEmpty() ? QStringLiteral("say list, show ID or delete ID.")
                                           : QStringLiteral("unknown action '%1'.").arg(action));
    }

    auto db = context.openDatabase();
    if (!db)
        return reportError(context.err, db.error());
    Ingest::BatchService batches(*db);
    if (action == QLatin1String("list")) {
        auto list = batches.list(parser.value(source));
        if (!list)
            return reportError(context.err, list.error());
        if (context.global.json) {
            QJsonArray array;
            for (const Ingest::BatchInfo &b : *list)
                array.append(b.toJson());
            printJson(context.out, array);
            return ExitOk;
        }
        QList<QStringList> rows;
        for (const Ingest::BatchInfo &b : *list)
            rows.append({QString::number(b.id), b.startedAt.left(19).replace(QLatin1Char('T'), QLatin1Char(' ')), b.source.isEmpty() ? QStringLiteral("(several)") : b.source,
                         b.fileName, b.mode, QString::number(b.received), QString::number(b.inserted), QString::number(b.duplicates), QString::number(b.rejected)});
        printTable(context.out, {QStringLiteral("id"), QStringLiteral("started (UTC)"), QStringLiteral("source"), QStringLiteral("file"), QStringLiteral("mode"),
                                 QStringLiteral("received"), QStringLiteral("inserted"), QStringLiteral("duplicates"), QStringLiteral("rejected")}, rows);
        return ExitOk;
    }
    if (action == QLatin1String("show")) {
        auto batch = batches.find(id);
        if (!batch)
            return reportError(context.err, batch.error());
        const bool listRejected = parser.isSet(rejectedOption);
        if (parser.isSet(save)) {
            auto file = batches.rejectedRowsFile(id);
            if (!file)
                return reportError(context.err, file.error());
            QSaveFile out(parser.value(save));
            if (!out.open(QIODevice::WriteOnly) || out.write(*file) != file->size() || !out.commit()) {
                return reportError(context.err, Common::Error::badInput(QStringLiteral("WRITE_ERROR"),
                    QStringLiteral("Cannot write %1: %2").arg(parser.value(save), out.errorString())));
            }
            context.err << "Saved " << batch->rejected << " rejected row(s) of import " << id << " to " << parser.value(save) << '\n';
            context.err.flush();
        }
        QList<Ingest::RejectedRow> rejected;
        if (listRejected) {
            auto rows = batches.rejectedRows(id);
            if (!rows)
                return reportError(context.err, rows.error());
            rejected = std::move(*rows);
        }
        if (context.global.json) {
            QJsonObject json = batch->toJson();
            if (listRejected) {
                QJsonArray rows;
                for (const Ingest::RejectedRow &r : std::as_const(rejected))
                    rows.append(r.toJson());
                json.insert(QStringLiteral("rejected_rows"), rows);
            }
            printJson(context.out, json);
            return ExitOk;
        }
        const QJsonObject json = batch->toJson();
        for (auto it = json.begin(); it != json.end(); ++it) {
            QString text;
            if (it.value().isString())
                text = it.value().toString();
            else if (it.value().isArray())
                text = it.value().toVariant().toStringList().join(QStringLiteral(" "));
            else if (!it.value().isNull())
                text = QString::number(it.value().toDouble(), 'g', 15);
            context.out << QStringLiteral("%1 %2\n").arg(it.key() + QLatin1Char(':'), -19).arg(text);
        }
        if (listRejected && !rejected.isEmpty()) {
            QList<QStringList> rows;
            for (const Ingest::RejectedRow &r : std::as_const(rejected))
                rows.append({QString::number(r.line), r.column, r.value.left(60), Ingest::reasonText(r.reason)});
            context.out << '\n';
            printTable(context.out, {QStringLiteral("line"), QStringLiteral("column"), QStringLiteral("value"), QStringLiteral("reason")}, rows);
        } else if (batch->rejected > 0 && !listRejected) {
            context.out << "\n" << batch->rejected << " rejected row(s): smartdata batches show " << id
                        << " --rejected lists them, --save FILE saves them to fix and import again.\n";
        }
        context.out.flush();
        return ExitOk;
    }
    auto removal = batches.remove(id);
    if (!removal)
        return reportError(context.err, removal.error());
    if (context.global.json)
        printJson(context.out, removal->toJson());
    else
        context.out << "Deleted import " << id << ": " << removal->eventsRemoved << " events removed, "
                    << removal->kpiRowsChanged << " daily KPI rows recomputed.\n";
    context.out.flush();
    return ExitOk;
}

int kpiCommand(Context &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Recomputes the daily KPIs (sum, count, average, distinct users, min, max) "
                                                    "from the stored events and prints them."));
    const QCommandLineOption source(QStringLiteral("source"), QStringLiteral("only this source"), QStringLiteral("S"));
    const QCommandLineOption metric(QStringLiteral("metric"), QStringLiteral("only this metric"), QStringLiteral("M"));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("first day, YYYY-MM-DD"), QStringLiteral("D"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("last day, YYYY-MM-DD"), QStringLiteral("D"));
    parser.addOptions({source, metric, from, to});
    if (const int code = parseCommandLine(parser, context, QStringLiteral("kpi"), arguments); code >= 0)
        return code;
    if (!parser.positionalArguments().isEmpty()) {
        context.err << "smartdata kpi: unexpected argument '" << parser.positionalArguments().first() << "'.\n\n" << commandHelp(parser, QStringLiteral("kpi"));
        context.err.flush();
        return ExitUsage;
    }
    Kpi::Filter filter;
    filter.source = parser.value(source);
    filter.metric = parser.value(metric);
    auto fromDay = parseDay(parser.value(from), QStringLiteral("--from"));
    if (!fromDay)
        return reportError(context.err, fromDay.error());
    auto toDay = parseDay(parser.value(to), QStringLiteral("--to"));
    if (!toDay)
        return reportError(context.err, toDay.error());
    filter.from = *fromDay;
    filter.to = *toDay;
    if (filter.from.isValid() && filter.to.isValid() && filter.from > filter.to)
        std::swap(filter.from, filter.to);

    auto db = context.openDatabase();
    if (!db)
        return reportError(context.err, db.error());
    Kpi::KpiService kpis(*db);
    auto stats = kpis.recompute(filter);
    if (!stats)
        return reportError(context.err, stats.error());
    auto rows = kpis.rows(filter);
    if (!rows)
        return reportError(context.err, rows.error());
    if (context.global.json) {
        QJsonArray array;
        for (const Kpi::DailyRow &row : *rows)
            array.append(row.toJson());
        printJson(context.out, array);
        return ExitOk;
    }
    QList<QStringList> table;
    for (const Kpi::DailyRow &row : *rows)
        table.append({row.source, row.metric, row.day.toString(Qt::ISODate), row.sum ? number(*row.sum) : QStringLiteral("beyond range"), QString::number(row.count), number(row.avg),
                      row.distinct ? QString::number(*row.distinct) : QStringLiteral("-"), number(row.min), number(row.max)});
    printTable(context.out, {QStringLiteral("source"), QStringLiteral("metric"), QStringLiteral("day"), QStringLiteral("sum"), QStringLiteral("count"),
                             QStringLiteral("avg"), QStringLiteral("distinct"), QStringLiteral("min"), QStringLiteral("max")}, table);
    context.err << rows->size() << " rows; " << stats->rowsUpserted << " written, " << stats->rowsDeleted << " removed by this recompute.\n";
    context.err.flush();
    return ExitOk;
}

} // namespace Cli
