// smartdata anomalies: run a detector over a metric's daily KPIs and store the result.

#include "anomaly/anomalyservice.h"
#include "cli/commands.h"
#include "cli/output.h"

#include <QJsonArray>

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

} // namespace

int anomaliesCommand(Context &context, const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Flags anomalous days of a metric: rolling z-score (zscore), robust median/MAD z-score (mad) or Isolation Forest (iforest). "
        "A day without events is a missing day, not a zero. Results are stored; a re-run with the same parameters replaces them."));
    const QCommandLineOption source(QStringLiteral("source"), QStringLiteral("source name (required)"), QStringLiteral("S"));
    const QCommandLineOption metric(QStringLiteral("metric"), QStringLiteral("metric name (required)"), QStringLiteral("M"));
    const QCommandLineOption method(QStringLiteral("method"), QStringLiteral("zscore (default), mad or iforest"), QStringLiteral("METHOD"));
    const QCommandLineOption window(QStringLiteral("window"), QStringLiteral("trailing window in days, 2..365 (default 7)"), QStringLiteral("N"));
    const QCommandLineOption threshold(QStringLiteral("threshold"), QStringLiteral("|z| at or above which a day is flagged (default 3, mad 3.5)"), QStringLiteral("Z"));
    const QCommandLineOption seasonal(QStringLiteral("seasonal"), QStringLiteral("compare a day with the same weekday of previous weeks"));
    const QCommandLineOption contamination(QStringLiteral("contamination"), QStringLiteral("iforest: expected share of anomalies in (0, 0.5], or auto (default)"), QStringLiteral("C"));
    const QCommandLineOption seed(QStringLiteral("seed"), QStringLiteral("iforest: random seed (default 0)"), QStringLiteral("N"));
    const QCommandLineOption field(QStringLiteral("field"), QStringLiteral("value_sum (default), value_count, value_avg or value_distinct"), QStringLiteral("F"));
    const QCommandLineOption from(QStringLiteral("from"), QStringLiteral("first day to report, YYYY-MM-DD"), QStringLiteral("D"));
    const QCommandLineOption to(QStringLiteral("to"), QStringLiteral("last day to report, YYYY-MM-DD"), QStringLiteral("D"));
    const QCommandLineOption noStore(QStringLiteral("no-store"), QStringLiteral("do not keep the result in the database"));
    parser.addOptions({source, metric, method, window, threshold, seasonal, contamination, seed, field, from, to, noStore});
    if (const int code = parseCommandLine(parser, context, QStringLiteral("anomalies"), arguments); code >= 0)
        return code;
    auto usage = [&](const QString &message) {
        context.err << "smartdata anomalies: " << message << "\n\n" << commandHelp(parser, QStringLiteral("anomalies"));
        context.err.flush();
        return int(ExitUsage);
    };
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument '%1'.").arg(parser.positionalArguments().first()));
    if (parser.value(source).isEmpty() || parser.value(metric).isEmpty())
        return usage(QStringLiteral("--source and --metric are required."));

    Anomaly::Method chosen = Anomaly::Method::RollingZ;
    if (parser.isSet(method)) {
        const auto m = Anomaly::methodFromName(parser.value(method));
        if (!m)
            return usage(QStringLiteral("--method must be zscore, mad or iforest, not '%1'.").arg(parser.value(method)));
        chosen = *m;
    }
    Anomaly::RunRequest request;
    request.source = parser.value(source);
    request.metric = parser.value(metric);
    request.params = Anomaly::AnomalyParams::defaults(chosen);
    bool ok = true;
    if (parser.isSet(window)) {
        request.params.window = parser.value(window).toInt(&ok);
        if (!ok)
            return usage(QStringLiteral("--window expects a whole number of days, got '%1'.").arg(parser.value(window)));
    }
    if (parser.isSet(threshold)) {
        request.params.threshold = parser.value(threshold).toDouble(&ok);
        if (!ok)
            return usage(QStringLiteral("--threshold expects a number, got '%1'.").arg(parser.value(threshold)));
    }
    request.params.seasonal = parser.isSet(seasonal);
    if (parser.isSet(contamination) && parser.value(contamination) != QLatin1String("auto")) {
        request.params.contamination = parser.value(contamination).toDouble(&ok);
        if (!ok)
            return usage(QStringLiteral("--contamination expects auto or a number in (0, 0.5], got '%1'.").arg(parser.value(contamination)));
    }
    if (parser.isSet(seed)) {
        request.params.seed = parser.value(seed).toULongLong(&ok);
        if (!ok)
            return usage(QStringLiteral("--seed expects a non-negative whole number, got '%1'.").arg(parser.value(seed)));
    }
    if (parser.isSet(field)) {
        const auto f = Anomaly::valueFieldFromName(parser.value(field));
        if (!f)
            return usage(QStringLiteral("--field must be value_sum, value_count, value_avg or value_distinct, not '%1'.").arg(parser.value(field)));
        request.params.field = *f;
    }
    if (Common::Status valid = request.params.validate(); !valid)
        return reportError(context.err, valid.error());
    auto fromDay = dayOption(parser, from);
    if (!fromDay)
        return reportError(context.err, fromDay.error());
    auto toDay = dayOption(parser, to);
    if (!toDay)
        return reportError(context.err, toDay.error());
    request.from = *fromDay;
    request.to = *toDay;

    auto db = context.openDatabase();
    if (!db)
        return reportError(context.err, db.error());
    Anomaly::AnomalyService service(*db);
    auto result = service.run(request, !parser.isSet(noStore));
    if (!result)
        return reportError(context.err, result.error());
    if (context.global.json) {
        QJsonObject json = result->toApiJson();
        json.insert(QStringLiteral("params"), result->params.toJson());
        if (result->insufficientData) {
            json.insert(QStringLiteral("insufficient_data"), true);
            json.insert(QStringLiteral("reason"), result->insufficientReason);
        }
        printJson(context.out, json);
        return ExitOk;
    }
    if (result->points.isEmpty()) {
        context.out << "No daily KPIs for metric '" << request.metric << "' of source '" << request.source << "' in that range.\n";
        context.out.flush();
        return ExitOk;
    }
    if (result->insufficientData)
        context.out << "Not enough data: " << result->insufficientReason << '\n';
    const QList<Anomaly::AnomalyPoint> flagged = result->anomalies();
    const bool forest = result->params.method == Anomaly::Method::IsolationForest;
    context.out << Anomaly::methodName(result->params.method) << " over " << result->points.size() << " days ("
                << result->params.paramsKey() << "): " << flagged.size() << " anomalous day" << (flagged.size() == 1 ? "" : "s") << '\n';
    QList<QStringList> rows;
    for (const Anomaly::AnomalyPoint &point : flagged)
        rows.append({point.day.toString(Qt::ISODate), formatScore(point.value), formatScore(point.score)});
    if (!rows.isEmpty())
        printTable(context.out, {QStringLiteral("day"), QStringLiteral("value"), forest ? QStringLiteral("score") : QStringLiteral("z")}, rows);
    context.out.flush();
    return ExitOk;
}

} // namespace Cli
