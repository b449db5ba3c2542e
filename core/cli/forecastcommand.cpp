// smartdata forecast: a stored metric (--source/--metric) or a plain series from a CSV file (--series).

#include "cli/commands.h"
#include "cli/output.h"
#include "forecast/forecastservice.h"
#include "forecast/seriescommand.h"
#include "jobs/analysisjobs.h"

#include <QJsonArray>

namespace Cli {

namespace {

bool parseInts(const QString &text, int count, QList<int> &values)
{
    const QStringList parts = text.split(QLatin1Char(','));
    if (parts.size() != count)
        return false;
    values.clear();
    for (const QString &part : parts) {
        bool ok = false;
        const int v = part.trimmed().toInt(&ok);
        if (!ok || v < 0)
            return false;
        values.append(v);
    }
    return true;
}

QJsonObject statsmodelsStyle(const Forecast::RunInfo &run)
{
    QJsonObject json = run.details;
    QJsonArray forecast;
    for (const Forecast::StoredPoint &p : run.points) {
        forecast.append(QJsonObject{{QStringLiteral("h"), p.h}, {QStringLiteral("date"), p.day.toString(Qt::ISODate)},
                                    {QStringLiteral("mean"), p.yhat}, {QStringLiteral("se"), p.se},
                                    {QStringLiteral("lower80"), p.lower80}, {QStringLiteral("upper80"), p.upper80},
                                    {QStringLiteral("lower95"), p.lower95}, {QStringLiteral("upper95"), p.upper95}});
    }
    json.insert(QStringLiteral("forecast"), forecast);
    json.insert(QStringLiteral("run_id"), run.id);
    json.insert(QStringLiteral("source"), run.source);
    json.insert(QStringLiteral("metric"), run.metric);
    json.insert(QStringLiteral("train_start"), run.trainStart.toString(Qt::ISODate));
    json.insert(QStringLiteral("train_end"), run.trainEnd.toString(Qt::ISODate));
    json.insert(QStringLiteral("fallback_reason"), run.fallbackReason.isEmpty() ? QJsonValue() : QJsonValue(run.fallbackReason));
    // The score's parts stored with the run (sMAPE, relative MAE, ...) stay beside score and grade.
    QJsonObject reliability = run.details.value(QStringLiteral("reliability")).toObject();
    if (run.reliabilityScore) {
        reliability.insert(QStringLiteral("score"), *run.reliabilityScore);
        reliability.insert(QStringLiteral("grade"), run.reliabilityGrade);
    }
    json.insert(QStringLiteral("reliability"), run.reliabilityScore ? QJsonValue(reliability) : QJsonValue());
    return json;
}

} // namespace

int forecastCommand(Context &context, const QStringList &arguments)
{
    if (arguments.contains(QLatin1String("--series")) || std::any_of(arguments.begin(), arguments.end(), [](const QString &a) { return a.startsWith(QLatin1String("--series=")); })) {
        QStringList seriesArguments = arguments;
        if (context.global.json)
            seriesArguments.append(QStringLiteral("--json"));
        if (context.help)
            seriesArguments.append(QStringLiteral("--help"));
        return Forecast::runSeriesCommand(seriesArguments, context.out, context.err);
    }

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Forecasts a stored metric's daily KPIs with 80% and 95% intervals. A series whose values fall on one weekday or one day "
        "of each month is forecast by week or by month. The model is chosen automatically (--model auto): seasonal ARIMA "
        "(weekly seasonality for daily KPIs, yearly for weekly and monthly series), ETS, Theta or their combination, whichever "
        "backtests best on the series, unless --model or --order says otherwise; a series that cannot be modelled gets a baseline and the reason. "
        "The run and its reliability grade are stored. For a plain series from a CSV file: smartdata forecast --series FILE.csv --help"));
    const QCommandLineOption source(QStringLiteral("source"), QStringLiteral("source name (required)"), QStringLiteral("S"));
    const QCommandLineOption metric(QStringLiteral("metric"), QStringLiteral("metric name (required)"), QStringLiteral("M"));
    const QCommandLineOption horizon(QStringLiteral("horizon"), QStringLiteral("steps to forecast, 1..365 (default 7): days, or weeks or months for a weekly or monthly series"), QStringLiteral("H"));
    const QCommandLineOption order(QStringLiteral("order"), QStringLiteral("a fixed ARIMA order p,d,q instead of automatic selection"), QStringLiteral("p,d,q"));
    const QCommandLineOption seasonal(QStringLiteral("seasonal"), QStringLiteral("seasonal order P,D,Q,s (with --order)"), QStringLiteral("P,D,Q,s"));
    const QCommandLineOption trend(QStringLiteral("trend"), QStringLiteral("n (none) or c (constant; a drift when the model differences once)"), QStringLiteral("n|c"));
    const QCommandLineOption autoSelect(QStringLiteral("auto"), QStringLiteral("choose the model automatically (the default)"));
    const QCommandLineOption period(QStringLiteral("period"), QStringLiteral("seasonal period in steps (default: 7 for daily KPIs, 52 weekly, 12 monthly)"), QStringLiteral("S"));
    const QCommandLineOption field(QStringLiteral("field"), QStringLiteral("value_sum (default), value_count, value_avg or value_distinct"), QStringLiteral("F"));
    const QCommandLineOption noReliability(QStringLiteral("no-reliability"), QStringLiteral("skip the backtest"));
    const QCommandLineOption model(QStringLiteral("model"),
                                   QStringLiteral("model family: auto (default; ARIMA, ETS, Theta or their combination, whichever "
                                                  "backtests best on the series), arima, ets, theta or combo (the mean of their forecasts)"),
                                   QStringLiteral("auto|arima|ets|theta|combo"));
    // The plain-series options, listed here so `forecast --help` shows them; they apply with --series.
    const QCommandLineOption series(QStringLiteral("series"), QStringLiteral("forecast a plain series from a CSV file instead (see "
                                                                             "smartdata forecast --series FILE.csv --help)"), QStringLiteral("FILE.csv"));
    const QCommandLineOption column(QStringLiteral("column"), QStringLiteral("with --series: the value column (name or 1-based index)"), QStringLiteral("C"));
    const QCommandLineOption logScale(QStringLiteral("log"), QStringLiteral("with --series: model log(y), report on the original scale"));
    const QCommandLineOption json(QStringLiteral("json"), QStringLiteral("machine-readable output (the run, or with --series the fit)"));
    parser.addOptions({source, metric, horizon, model, order, seasonal, trend, autoSelect, period, field, noReliability, series, column,
                       logScale, json});
    if (const int code = parseCommandLine(parser, context, QStringLiteral("forecast"), arguments); code >= 0)
        return code;
    auto usage = [&](const QString &message) {
        context.err << "smartdata forecast: " << message << "\n\n" << commandHelp(parser, QStringLiteral("forecast"));
        context.err.flush();
        return int(ExitUsage);
    };
    if (!parser.positionalArguments().isEmpty())
        return usage(QStringLiteral("unexpected argument '%1'.").arg(parser.positionalArguments().first()));
    if (parser.value(source).isEmpty() || parser.value(metric).isEmpty())
        return usage(QStringLiteral("--source and --metric are required (or --series FILE.csv)."));

    Forecast::ServiceRequest request;
    request.source = parser.value(source);
    request.metric = parser.value(metric);
    request.withReliability = !parser.isSet(noReliability);
    bool ok = true;
    if (parser.isSet(horizon)) {
        request.horizon = parser.value(horizon).toInt(&ok);
        if (!ok)
            return usage(QStringLiteral("--horizon expects a whole number of steps, got '%1'.").arg(parser.value(horizon)));
    }
    if (parser.isSet(period)) {
        request.period = parser.value(period).toInt(&ok);
        if (!ok || request.period < 1)
            return usage(QStringLiteral("--period expects a positive whole number, got '%1'.").arg(parser.value(period)));
    }
    request.backtest.period = request.period;
    if (parser.isSet(field))
        request.field = parser.value(field);
    if (parser.isSet(order) && parser.isSet(autoSelect))
        return usage(QStringLiteral("--order and --auto cannot be combined."));
    if (parser.isSet(seasonal) && !parser.isSet(order))
        return usage(QStringLiteral("--seasonal needs --order."));
    if (parser.isSet(column) || parser.isSet(logScale))
        return usage(QStringLiteral("--column and --log apply to a plain series (--series FILE.csv)."));
    if (parser.isSet(model)) {
        const std::optional<Forecast::ModelChoice> choice = Forecast::ModelSelection::parseChoice(parser.value(model));
        if (!choice)
            return usage(QStringLiteral("--model must be auto, arima, ets, theta or combo, got '%1'.").arg(parser.value(model)));
        if (parser.isSet(order))
            return usage(QStringLiteral("--model and --order cannot be combined (--order is a fixed ARIMA)."));
        request.model = *choice;
    }
    if (parser.isSet(order)) {
        QList<int> o;
        if (!parseInts(parser.value(order), 3, o))
            return usage(QStringLiteral("--order expects p,d,q (three non-negative whole numbers), got '%1'.").arg(parser.value(order)));
        Forecast::SarimaxSpec spec;
        spec.p = o[0];
        spec.d = o[1];
        spec.q = o[2];
        if (parser.isSet(seasonal)) {
            QList<int> so;
            if (!parseInts(parser.value(seasonal), 4, so))
                return usage(QStringLiteral("--seasonal expects P,D,Q,s (four non-negative whole numbers), got '%1'.").arg(parser.value(seasonal)));
            spec.P = so[0];
            spec.D = so[1];
            spec.Q = so[2];
            spec.s = so[3];
        }
        if (parser.isSet(trend)) {
            const QString t = parser.value(trend);
            if (t == QLatin1String("c"))
                spec.trend = Forecast::Trend::Constant;
            else if (t != QLatin1String("n"))
                return usage(QStringLiteral("--trend must be n or c, got '%1'.").arg(t));
        }
        request.spec = spec;
    } else if (parser.isSet(trend)) {
        return usage(QStringLiteral("--trend applies to a fixed --order."));
    }

    auto db = context.openDatabase();
    if (!db)
        return reportError(context.err, db.error());
    // The same definition the desktop and the API start, run here without a job_runs row.
    std::optional<Forecast::RunInfo> run;
    const Jobs::JobDefinition job = Jobs::forecastJob(request, [&run](const Forecast::RunInfo &r) { run = r; });
    Common::SilentProgress progress;
    if (auto outcome = Jobs::runUnrecorded(*db, job, progress); !outcome)
        return reportError(context.err, outcome.error());
    if (context.global.json) {
        printJson(context.out, statsmodelsStyle(*run));
        return ExitOk;
    }
    context.out << "Model:       " << run->model << '\n';
    if (const QString why = run->details.value(QStringLiteral("choice_reason")).toString(); !why.isEmpty())
        context.out << "Chosen:      " << why << '\n';
    if (const QString transform = run->details.value(QStringLiteral("auto_transform")).toObject().value(QStringLiteral("reason")).toString();
        !transform.isEmpty())
        context.out << "Transform:   " << transform << '\n';
    if (!run->fallbackReason.isEmpty())
        context.out << "Why:         " << run->fallbackReason << '\n';
    context.out << "History:     " << run->trainStart.toString(Qt::ISODate) << " … " << run->trainEnd.toString(Qt::ISODate)
                << " (" << run->nobs << ' ' << run->unit() << ")\n";
    if (run->reliabilityScore)
        context.out << "Reliability: " << run->reliabilityGrade << " (" << QString::number(*run->reliabilityScore, 'f', 1) << "/100)\n";
    else
        context.out << "Reliability: not graded (too little history for a backtest)\n";
    context.out << "Run:         " << run->id << "\n\n";
    QList<QStringList> rows;
    for (const Forecast::StoredPoint &p : run->points) {
        rows.append({p.day.toString(Qt::ISODate), QString::number(p.yhat, 'g', 8), QString::number(p.lower80, 'g', 8),
                     QString::number(p.upper80, 'g', 8), QString::number(p.lower95, 'g', 8), QString::number(p.upper95, 'g', 8)});
    }
    printTable(context.out, {QStringLiteral("day"), QStringLiteral("forecast"), QStringLiteral("lower 80%"), QStringLiteral("upper 80%"),
                             QStringLiteral("lower 95%"), QStringLiteral("upper 95%")}, rows);
    return ExitOk;
}

} // namespace Cli
