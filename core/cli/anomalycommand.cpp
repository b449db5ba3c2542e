// smartdata anomalies: run a detector over a metric's daily KPIs and store the result, or over a
// plain series from a CSV file (--series) without a database.

#include "anomaly/anomalyservice.h"
#include "cli/commands.h"
#include "cli/output.h"
#include "jobs/analysisjobs.h"

#include <QFile>
#include <QJsonArray>
#include <QTextStream>

#include <algorithm>
#include <cmath>

namespace Cli {

namespace {

Common::Result<QDate> dayOption(const QCommandLineParser &parser, const QCommandLineOption &option)
{
    const QString text = parser.value(option);
    if (text.isEmpty())
        return QDate();
    const QDate date = QDate::fromString(text, Qt::ISODate);
    if (!date.isValid())
        return Common::Error::badInput(QStringLiteral("BAD_DATE"), QStringLiteral("--%1 expects a date as YYYY-MM-DD, got '%2'.").arg(option.names().first(), text));
    return date;
}

QString formatScore(const std::optional<double> &value)
{
    return value ? QString::number(*value, 'g', 6) : QStringLiteral("-");
}

// One CSV line into fields: commas separate, double quotes quote ("" is a quote inside quotes).
QStringList splitCsvLine(const QString &line)
{
    QStringList fields;
    QString current;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < line.size() && line.at(i + 1) == QLatin1Char('"')) {
                current += QLatin1Char('"');
                ++i;
            } else if (c == QLatin1Char('"')) {
                quoted = false;
            } else {
                current += c;
            }
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            fields << current.trimmed();
            current.clear();
        } else {
            current += c;
        }
    }
    fields << current.trimmed();
    return fields;
}

int columnIndex(const QStringList &header, const QString &spec)
{
    bool isNumber = false;
    const int index = spec.toInt(&isNumber);
    if (isNumber)
        return index >= 1 && index <= header.size() ? index - 1 : -1;
    for (int i = 0; i < header.size(); ++i)
        if (header.at(i).compare(spec, Qt::CaseInsensitive) == 0)
            return i;
    return -1;
}

// A time cell as a day: YYYY-MM-DD, an ISO date-time (its date), YYYY-MM (the month's first day).
QDate dayOf(const QString &text)
{
    QDate day = QDate::fromString(text.left(10), Qt::ISODate);
    if (!day.isValid() && text.size() == 7)
        day = QDate::fromString(text + QStringLiteral("-01"), Qt::ISODate);
    return day;
}

// The plain series of --series FILE.csv: the value column (empty, NA and nan cells are missing
// values), its days from the --time column, or consecutive days from 2000-01-01 without one.
Common::Result<Anomaly::DailySeries> readSeriesFile(const QString &path, const QString &column, const QString &time)
{
    const auto bad = [&path](const QString &message, const QJsonObject &details = {}) {
        QJsonObject d = details;
        d.insert(QStringLiteral("file"), path);
        return Common::Error::badInput(QStringLiteral("INVALID_SERIES_FILE"), message, d);
    };
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return bad(QStringLiteral("Cannot open %1: %2.").arg(path, file.errorString()));
    QTextStream in(&file);
    QStringList header;
    int valueColumn = -1;
    int timeColumn = -1;
    QList<Anomaly::DailyPoint> points;
    int lineNumber = 0;
    while (!in.atEnd()) {
        QString line = in.readLine();
        ++lineNumber;
        if (lineNumber == 1 && line.startsWith(QChar(0xFEFF)))
            line.remove(0, 1);
        if (line.trimmed().isEmpty())
            continue;
        const QStringList fields = splitCsvLine(line);
        if (header.isEmpty()) {
            header = fields;
            valueColumn = columnIndex(header, column);
            if (valueColumn < 0)
                return bad(QStringLiteral("%1 has no column '%2' (columns: %3).").arg(path, column, header.join(QStringLiteral(", "))),
                           {{QStringLiteral("column"), column}});
            if (!time.isEmpty()) {
                timeColumn = columnIndex(header, time);
                if (timeColumn < 0)
                    return bad(QStringLiteral("%1 has no time column '%2' (columns: %3).").arg(path, time, header.join(QStringLiteral(", "))),
                               {{QStringLiteral("column"), time}});
            }
            continue;
        }
        Anomaly::DailyPoint point;
        if (timeColumn >= 0) {
            const QString text = fields.value(timeColumn);
            point.day = dayOf(text);
            if (!point.day.isValid())
                return bad(QStringLiteral("%1:%2, column '%3': '%4' is not a date (YYYY-MM-DD, an ISO date-time or YYYY-MM).")
                               .arg(path).arg(lineNumber).arg(header.at(timeColumn), text),
                           {{QStringLiteral("line"), lineNumber}, {QStringLiteral("column"), header.at(timeColumn)}});
        } else {
            point.day = QDate(2000, 1, 1).addDays(points.size());
        }
        const QString text = fields.value(valueColumn);
        if (!(text.isEmpty() || text.compare(QLatin1String("NA"), Qt::CaseInsensitive) == 0
              || text.compare(QLatin1String("nan"), Qt::CaseInsensitive) == 0)) {
            bool ok = false;
            const double v = text.toDouble(&ok);
            if (!ok || !std::isfinite(v))
                return bad(QStringLiteral("%1:%2, column '%3': '%4' is not a number.").arg(path).arg(lineNumber).arg(header.at(valueColumn), text),
                           {{QStringLiteral("line"), lineNumber}, {QStringLiteral("column"), header.at(valueColumn)}});
            point.valueSum = v;
        }
        points.append(point);
    }
    if (header.isEmpty())
        return bad(QStringLiteral("%1 is empty (a header row is required).").arg(path));
    auto series = Anomaly::DailySeries::fromPoints(points);
    if (!series) {
        Common::Error error = series.error();
        error.message = QStringLiteral("%1: %2").arg(path, error.message);
        return error;
    }
    return series;
}

} // namespace

namespace {

// The table of flagged points (text output), with why each was flagged.
void printFlagged(Context &context, const Anomaly::AnomalyResult &result, const QString &unit)
{
    if (result.insufficientData)
        context.out << "Not enough data: " << result.insufficientReason << '\n';
    const QList<Anomaly::AnomalyPoint> flagged = result.anomalies();
    const bool forest = result.params.method == Anomaly::Method::IsolationForest;
    context.out << Anomaly::methodName(result.params.method) << " over " << result.points.size() << ' ' << unit << " ("
                << result.params.paramsKey() << "): " << flagged.size() << " flagged\n";
    QList<QStringList> rows;
    for (const Anomaly::AnomalyPoint &point : flagged) {
        rows.append({point.day.toString(Qt::ISODate), Anomaly::kindName(point.kind), formatScore(point.value),
                     formatScore(point.score), point.reason});
    }
    if (!rows.isEmpty())
        printTable(context.out, {QStringLiteral("day"), QStringLiteral("kind"), QStringLiteral("value"),
                                 forest ? QStringLiteral("score") : QStringLiteral("z"), QStringLiteral("why")},
                   rows);
    context.out.flush();
}

QJsonObject resultJson(const Anomaly::AnomalyResult &result)
{
    QJsonObject json = result.toApiJson();
    json.insert(QStringLiteral("params"), result.params.toJson());
    if (result.insufficientData) {
        json.insert(QStringLiteral("insufficient_data"), true);
        json.insert(QStringLiteral("reason"), result.insufficientReason);
    }
    return json;
}

} // namespace

int anomaliesCommand(Context &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Flags anomalous days of a metric. The default, stl, separates the weekly (or yearly) season and the level from the noise "
        "and tests what is left (generalized ESD on robust residuals); a level shift is reported once, as a shift. "
        "Also: rolling z-score (zscore), robust median/MAD z-score (mad), Isolation Forest (iforest). "
        "A day without events is a missing day, not a zero. Results are stored; a re-run with the same parameters replaces them. "
        "On a plain series from a CSV file, without a database: --series FILE.csv --column C [--time T]."));
    const QCommandLineOption source(QStringLiteral("source"), QStringLiteral("source name (required unless --series)"), QStringLiteral("S"));
    const QCommandLineOption metric(QStringLiteral("metric"), QStringLiteral("metric name (required unless --series)"), QStringLiteral("M"));
    const QCommandLineOption series(QStringLiteral("series"), QStringLiteral("a CSV file with a header row: detect on its --column instead of a stored metric"), QStringLiteral("FILE.csv"));
    const QCommandLineOption column(QStringLiteral("column"), QStringLiteral("--series: the value column, a name or a 1-based index (default: value)"), QStringLiteral("C"));
    const QCommandLineOption time(QStringLiteral("time"), QStringLiteral("--series: the date column (YYYY-MM-DD, ISO date-time or YYYY-MM); without it rows are consecutive days"), QStringLiteral("T"));
    const QCommandLineOption method(QStringLiteral("method"), QStringLiteral("stl (default), zscore, mad or iforest"), QStringLiteral("METHOD"));
    const QCommandLineOption window(QStringLiteral("window"), QStringLiteral("zscore, mad: trailing window in days, 2..365 (default 7)"), QStringLiteral("N"));
    const QCommandLineOption threshold(QStringLiteral("threshold"), QStringLiteral("|z| at or above which a day is flagged (zscore 3, mad 3.5; stl 3.5: the least robust z, besides the ESD test)"), QStringLiteral("Z"));
    const QCommandLineOption seasonal(QStringLiteral("seasonal"), QStringLiteral("zscore, mad: compare a day with the same weekday of previous weeks"));
    const QCommandLineOption contamination(QStringLiteral("contamination"), QStringLiteral("iforest: expected share of anomalies in (0, 0.5] (default 0.01), or auto"), QStringLiteral("C"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("iforest: random seed (default 0)"), QStringLiteral("N"));
    const QCommandLineOption field(QStringLiteral("field"), QStringLiteral("value_sum (default), value_count, value_avg or value_distinct"), QStringLiteral("F"));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("first day to report, YYYY-MM-DD"), QStringLiteral("D"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("last day to report, YYYY-MM-DD"), QStringLiteral("D"));
    const QCommandLineOption noStore(QStringLiteral("no-store"), QStringLiteral("do not keep the result in the database"));
    parser.addOptions({source, metric, series, column, time, method, window, threshold, seasonal, contamination, seed, field, from, to, noStore});
    if (const int code = parseCommandLine(parser, context, QStringLiteral("anomalies"), arguments); code >= 0)
        return code;
    auto usage = [&](const QString &message) {
        context.err << "smartdata anomalies: " << message << "\n\n" << commandHelp(parser, QStringLiteral("anomalies"));
        context.err.flush();
        return int(ExitUsage);
    };
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument '%1'.").arg(parser.positionalArguments().first()));
    const bool plain = parser.isSet(series);
    if (plain) {
        for (const QCommandLineOption *stored : {&source, &metric, &field, &noStore})
            if (parser.isSet(*stored))
                return usage(QStringLiteral("--%1 applies to a stored metric, not to --series.").arg(stored->names().first()));
    } else {
        if (parser.value(source).isEmpty() || parser.value(metric).isEmpty())
            return usage(QStringLiteral("--source and --metric are required (or --series FILE.csv)."));
        if (parser.isSet(column) || parser.isSet(time))
            return usage(QStringLiteral("--column and --time apply to --series FILE.csv."));
    }

    Anomaly::Method chosen = Anomaly::AnomalyParams::kDefaultMethod;
    if (parser.isSet(method)) {
        const auto m = Anomaly::methodFromName(parser.value(method));
        if (!m)
            return usage(QStringLiteral("--method must be stl, zscore, mad or iforest, not '%1'.").arg(parser.value(method)));
        chosen = *m;
    }
    // Options a method does not use are refused rather than silently ignored and echoed back.
    const QString chosenName = Anomaly::methodName(chosen);
    if (chosen == Anomaly::Method::IsolationForest) {
        for (const QCommandLineOption *unused : {&window, &threshold, &seasonal})
            if (parser.isSet(*unused))
                return usage(QStringLiteral("--%1 does not apply to iforest: it scores each day's level and day-over-day change over the whole "
                                            "series; set --contamination (the share to flag) instead.").arg(unused->names().first()));
    } else {
        if (parser.isSet(contamination) || parser.isSet(seed))
            return usage(QStringLiteral("--contamination and --seed apply to iforest, not to %1.").arg(chosenName));
        if (chosen == Anomaly::Method::SeasonalEsd && (parser.isSet(window) || parser.isSet(seasonal)))
            return usage(QStringLiteral("--window and --seasonal do not apply to stl: it takes its season from the series' grain "
                                        "(weekly for daily data, yearly for monthly) and its level from a running median; "
                                        "use --method zscore or mad for a trailing window."));
    }
    Anomaly::AnomalyParams params = Anomaly::AnomalyParams::defaults(chosen);
    bool ok = true;
    if (parser.isSet(window)) {
        params.window = parser.value(window).toInt(&ok);
        if (!ok)
            return usage(QStringLiteral("--window expects a whole number of days, got '%1'.").arg(parser.value(window)));
    }
    if (parser.isSet(threshold)) {
        params.threshold = parser.value(threshold).toDouble(&ok);
        if (!ok)
            return usage(QStringLiteral("--threshold expects a number, got '%1'.").arg(parser.value(threshold)));
    }
    params.seasonal = parser.isSet(seasonal);
    if (parser.isSet(contamination)) {
        if (parser.value(contamination).compare(QLatin1String("auto"), Qt::CaseInsensitive) == 0) {
            params.contamination.reset();
        } else {
            params.contamination = parser.value(contamination).toDouble(&ok);
            if (!ok)
                return usage(QStringLiteral("--contamination expects auto or a number in (0, 0.5], got '%1'.").arg(parser.value(contamination)));
        }
    }
    if (parser.isSet(seed)) {
        params.seed = parser.value(seed).toULongLong(&ok);
        if (!ok)
            return usage(QStringLiteral("--seed expects a non-negative whole number, got '%1'.").arg(parser.value(seed)));
    }
    if (parser.isSet(field)) {
        const auto f = Anomaly::valueFieldFromName(parser.value(field));
        if (!f)
            return usage(QStringLiteral("--field must be value_sum, value_count, value_avg or value_distinct, not '%1'.").arg(parser.value(field)));
        params.field = *f;
    }
    if (Common::Status valid = params.validate(); !valid)
        return reportError(context.err, valid.error());
    auto fromDay = dayOption(parser, from);
    if (!fromDay)
        return reportError(context.err, fromDay.error());
    auto toDay = dayOption(parser, to);
    if (!toDay)
        return reportError(context.err, toDay.error());

    if (plain) {
        auto data = readSeriesFile(parser.value(series), parser.isSet(column) ? parser.value(column) : QStringLiteral("value"),
                                   parser.value(time));
        if (!data)
            return reportError(context.err, data.error());
        auto result = Anomaly::AnomalyDetector::run(*data, params);
        if (!result)
            return reportError(context.err, result.error());
        result->points.erase(std::remove_if(result->points.begin(), result->points.end(),
                                            [&](const Anomaly::AnomalyPoint &p) {
                                                return (fromDay->isValid() && p.day < *fromDay) || (toDay->isValid() && p.day > *toDay);
                                            }),
                             result->points.end());
        if (context.global.json) {
            QJsonObject json = resultJson(*result);
            json.insert(QStringLiteral("series"), parser.value(series));
            printJson(context.out, json);
            return ExitOk;
        }
        printFlagged(context, *result, QStringLiteral("values"));
        return ExitOk;
    }

    Anomaly::RunRequest request;
    request.source = parser.value(source);
    request.metric = parser.value(metric);
    request.params = params;
    request.from = *fromDay;
    request.to = *toDay;
    auto db = context.openDatabase();
    if (!db)
        return reportError(context.err, db.error());
    // The same definition the desktop and the API start, run here without a job_runs row.
    std::optional<Anomaly::AnomalyResult> result;
    const Jobs::JobDefinition job = Jobs::detectAnomaliesJob(request, !parser.isSet(noStore),
                                                             [&result](const Anomaly::AnomalyResult &r) { result = r; });
    Common::SilentProgress progress;
    if (auto outcome = Jobs::runUnrecorded(*db, job, progress); !outcome)
        return reportError(context.err, outcome.error());
    if (context.global.json) {
        printJson(context.out, resultJson(*result));
        return ExitOk;
    }
    if (result->points.isEmpty()) {
        context.out << "No daily KPIs for metric '" << request.metric << "' of source '" << request.source << "' in that range.\n";
        context.out.flush();
        return ExitOk;
    }
    printFlagged(context, *result, QStringLiteral("days"));
    return ExitOk;
}

} // namespace Cli
