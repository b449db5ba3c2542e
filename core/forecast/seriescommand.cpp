#include "seriescommand.h"

#include "forecastjson.h"
#include "forecaster.h"

#include <QCommandLineParser>
#include <QDate>
#include <QFile>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cmath>

namespace Forecast {

namespace {

struct CsvTable
{
    QStringList header;
    QList<QStringList> rows;
    QList<int> lineNumbers;
};

QStringList splitCsvLine(const QString &line)
{
    QStringList fields;
    QString current;
    bool quoted = false;
    for (qsizetype i = 0; i < line.size(); ++i) {
        const QChar c = line.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < line.size() && line.at(i + 1) == QLatin1Char('"')) {
                    current += QLatin1Char('"');
                    ++i;
                } else {
                    quoted = false;
                }
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

bool readCsv(const QString &path, CsvTable &table, QString &error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text)) {
        error = QStringLiteral("cannot open %1: %2").arg(path, file.errorString());
        return false;
    }
    QTextStream in(&file);
    int lineNumber = 0;
    while (!in.atEnd()) {
        QString line = in.readLine();
        ++lineNumber;
        if (lineNumber == 1 && line.startsWith(QChar(0xFEFF)))
            line.remove(0, 1);
        if (line.trimmed().isEmpty())
            continue;
        const QStringList fields = splitCsvLine(line);
        if (table.header.isEmpty()) {
            table.header = fields;
            continue;
        }
        table.rows << fields;
        table.lineNumbers << lineNumber;
    }
    if (table.header.isEmpty()) {
        error = QStringLiteral("%1 is empty (a header row is required)").arg(path);
        return false;
    }
    return true;
}

int findColumn(const QStringList &header, const QString &spec)
{
    bool isNumber = false;
    const int index = spec.toInt(&isNumber);
    if (isNumber)
        return (index >= 1 && index <= header.size()) ? index - 1 : -1;
    for (int i = 0; i < header.size(); ++i)
        if (header.at(i).compare(spec, Qt::CaseInsensitive) == 0)
            return i;
    return -1;
}

// Periods inferred from the spacing of a date column; 0 when it cannot be told.
int inferPeriod(const CsvTable &table, int column)
{
    static const QRegularExpression quarter(QStringLiteral("^\\d{4}\\s*-?\\s*Q[1-4]$"),
                                            QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression month(QStringLiteral("^\\d{4}-\\d{2}$"));
    QList<QDate> dates;
    for (const QStringList &row : table.rows) {
        if (column >= row.size())
            continue;
        const QString text = row.at(column);
        if (quarter.match(text).hasMatch())
            return 4;
        if (month.match(text).hasMatch())
            return 12;
        QDate date = QDate::fromString(text.left(10), Qt::ISODate);
        if (date.isValid())
            dates << date;
        if (dates.size() >= 25)
            break;
    }
    if (dates.size() < 3)
        return 0;
    QList<qint64> gaps;
    for (qsizetype i = 1; i < dates.size(); ++i)
        gaps << dates.at(i - 1).daysTo(dates.at(i));
    std::sort(gaps.begin(), gaps.end());
    const qint64 median = gaps.at(gaps.size() / 2);
    if (median == 1)
        return 7;
    if (median >= 28 && median <= 31)
        return 12;
    if (median >= 89 && median <= 92)
        return 4;
    return 0;
}

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
        values << v;
    }
    return true;
}

QString fmt(double v, int precision = 6)
{
    return std::isfinite(v) ? QString::number(v, 'f', precision) : QStringLiteral("n/a");
}

void printTable(const ForecastOutcome &outcome, bool logScale, QTextStream &out)
{
    out << "Model: " << outcome.methodName << (logScale ? " on log(y)" : "") << '\n';
    if (!outcome.choiceReason.isEmpty())
        out << "Why: " << outcome.choiceReason << '\n';
    if (outcome.transform != QLatin1String("none"))
        out << "Transform: " << outcome.transformReason << '\n';
    if (!outcome.fallbackReason.isEmpty())
        out << "Fallback: " << outcome.fallbackReason << '\n';
    if (outcome.hasModel) {
        const SarimaxResult &m = outcome.model;
        out << '\n' << QStringLiteral("%1 %2 %3").arg(QStringLiteral("parameter"), -12).arg(QStringLiteral("estimate"), 14).arg(QStringLiteral("std.err"), 14) << '\n';
        for (const ParameterEstimate &e : m.estimates())
            out << QStringLiteral("%1 %2 %3").arg(e.name, -12).arg(fmt(e.value, 7), 14).arg(fmt(e.se, 7), 14) << '\n';
        out << '\n'
            << "log-likelihood " << fmt(m.llf, 4) << "   AIC " << fmt(m.aic, 4) << "   AICc " << fmt(m.aicc, 4)
            << "   BIC " << fmt(m.bic, 4) << "   HQIC " << fmt(m.hqic, 4) << '\n'
            << "observations " << m.nobs << " (effective " << m.nobsEffective << ")\n"
            << "Ljung-Box Q(" << m.diagnostics.ljungBoxLags << ") " << fmt(m.diagnostics.ljungBoxStat, 3) << "  p "
            << fmt(m.diagnostics.ljungBoxPValue, 4) << "   Jarque-Bera " << fmt(m.diagnostics.jarqueBera, 3) << "  p "
            << fmt(m.diagnostics.jarqueBeraPValue, 4) << "   H " << fmt(m.diagnostics.heteroskedasticity, 3) << "  p "
            << fmt(m.diagnostics.heteroskedasticityPValue, 4) << '\n';
    }
    out << '\n'
        << QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
               .arg(QStringLiteral("h"), 4)
               .arg(QStringLiteral("mean"), 14)
               .arg(QStringLiteral("se"), 12)
               .arg(QStringLiteral("lower80"), 14)
               .arg(QStringLiteral("upper80"), 14)
               .arg(QStringLiteral("lower95"), 14)
               .arg(QStringLiteral("upper95"), 14)
        << '\n';
    for (const ForecastPoint &p : outcome.points)
        out << QStringLiteral("%1 %2 %3 %4 %5 %6 %7")
                   .arg(p.h, 4)
                   .arg(fmt(p.mean), 14)
                   .arg(fmt(p.se), 12)
                   .arg(fmt(p.lower80), 14)
                   .arg(fmt(p.upper80), 14)
                   .arg(fmt(p.lower95), 14)
                   .arg(fmt(p.upper95), 14)
            << '\n';
    out << "fitted in " << fmt(outcome.fitSeconds * 1000.0, 2) << " ms\n";
}

int usageError(QTextStream &err, const QString &message)
{
    err << "smartdata forecast: " << message << '\n';
    err.flush();
    return 2;
}

} // namespace

int runSeriesCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    try {
        QCommandLineParser parser;
        parser.setApplicationDescription(QStringLiteral("Fit a SARIMA(X) model to a CSV series and forecast it."));
        const QCommandLineOption seriesOption(QStringLiteral("series"), QStringLiteral("CSV file with a header row."),
                                              QStringLiteral("file"));
        const QCommandLineOption columnOption(QStringLiteral("column"), QStringLiteral("Value column (name or 1-based index)."),
                                              QStringLiteral("column"));
        const QCommandLineOption logOption(QStringLiteral("log"), QStringLiteral("Model log(y)."));
        const QCommandLineOption exogOption(QStringLiteral("exog"), QStringLiteral("Regressor columns, comma separated."),
                                            QStringLiteral("columns"));
        const QCommandLineOption periodOption(QStringLiteral("period"), QStringLiteral("Seasonal period."),
                                              QStringLiteral("s"));
        const QCommandLineOption orderOption(QStringLiteral("order"), QStringLiteral("ARIMA order p,d,q."),
                                             QStringLiteral("p,d,q"));
        const QCommandLineOption seasonalOption(QStringLiteral("seasonal"), QStringLiteral("Seasonal order P,D,Q,s."),
                                                QStringLiteral("P,D,Q,s"));
        const QCommandLineOption trendOption(QStringLiteral("trend"), QStringLiteral("n (none) or c (intercept/drift)."),
                                             QStringLiteral("n|c"));
        const QCommandLineOption autoOption(QStringLiteral("auto"), QStringLiteral("Select the order automatically (default)."));
        const QCommandLineOption horizonOption(QStringLiteral("horizon"), QStringLiteral("Forecast steps."),
                                               QStringLiteral("h"));
        const QCommandLineOption jsonOption(QStringLiteral("json"), QStringLiteral("Machine-readable output."));
        const QCommandLineOption modelOption(
            QStringLiteral("model"),
            QStringLiteral("Model family: auto (default: ARIMA, ETS, Theta or their combination, whichever backtests best on the "
                           "series), arima, ets, theta or combo (the mean of their forecasts)."),
            QStringLiteral("auto|arima|ets|theta|combo"));
        const QCommandLineOption helpOption(QStringList{QStringLiteral("h"), QStringLiteral("help")}, QStringLiteral("Show this help."));
        parser.addOptions({seriesOption, columnOption, logOption, exogOption, periodOption, orderOption, seasonalOption,
                           trendOption, autoOption, modelOption, horizonOption, jsonOption, helpOption});
        if (arguments.contains(QLatin1String("--help")) || arguments.contains(QLatin1String("-h"))) {
            QString help = parser.helpText();
            if (help.startsWith(QLatin1String("Usage: "))) {
                const qsizetype end = help.indexOf(QLatin1Char(' '), 7);
                help.replace(7, end - 7, QStringLiteral("smartdata forecast --series FILE.csv"));
            }
            out << help;
            out.flush();
            return 0;
        }
        if (!parser.parse(QStringList{QStringLiteral("smartdata forecast")} + arguments))
            return usageError(err, parser.errorText());
        if (!parser.positionalArguments().isEmpty())
            return usageError(err, QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().constFirst()));
        if (!parser.isSet(seriesOption))
            return usageError(err, QStringLiteral("--series FILE.csv is required"));

        CsvTable table;
        QString error;
        const QString path = parser.value(seriesOption);
        if (!readCsv(path, table, error))
            return usageError(err, error);

        int valueColumn = -1;
        if (parser.isSet(columnOption)) {
            valueColumn = findColumn(table.header, parser.value(columnOption));
            if (valueColumn < 0)
                return usageError(err, QStringLiteral("%1: no column '%2' (columns: %3)")
                                           .arg(path, parser.value(columnOption), table.header.join(QStringLiteral(", "))));
        } else {
            for (const char *name : {"value", "amount", "count", "qty", "quantity", "y"}) {
                valueColumn = findColumn(table.header, QLatin1String(name));
                if (valueColumn >= 0)
                    break;
            }
            if (valueColumn < 0)
                valueColumn = int(table.header.size()) - 1;
        }
        QList<int> exogColumns;
        QStringList exogNames;
        if (parser.isSet(exogOption)) {
            for (const QString &name : parser.value(exogOption).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
                const int c = findColumn(table.header, name.trimmed());
                if (c < 0)
                    return usageError(err, QStringLiteral("%1: no regressor column '%2'").arg(path, name.trimmed()));
                exogColumns << c;
                exogNames << table.header.at(c);
            }
        }

        auto parseCell = [&](int row, int column, double &value, QString &why) {
            const QStringList &fields = table.rows.at(row);
            const QString text = column < fields.size() ? fields.at(column) : QString();
            if (text.isEmpty() || text.compare(QLatin1String("NA"), Qt::CaseInsensitive) == 0
                || text.compare(QLatin1String("nan"), Qt::CaseInsensitive) == 0) {
                value = NAN;
                return true;
            }
            bool ok = false;
            value = text.toDouble(&ok);
            if (!ok || !std::isfinite(value)) {
                why = QStringLiteral("%1:%2, column '%3': '%4' is not a number")
                          .arg(path)
                          .arg(table.lineNumbers.at(row))
                          .arg(table.header.value(column), text);
                return false;
            }
            return true;
        };

        // Future regressor rows: trailing rows whose value cell is empty.
        int historyRows = int(table.rows.size());
        if (!exogColumns.isEmpty()) {
            while (historyRows > 0) {
                double v = 0.0;
                QString why;
                if (!parseCell(historyRows - 1, valueColumn, v, why) || std::isfinite(v))
                    break;
                --historyRows;
            }
        }
        ForecastRequest request;
        request.data.exogNames = exogNames;
        request.data.exog.resize(size_t(exogColumns.size()));
        request.futureExog.resize(size_t(exogColumns.size()));
        for (int r = 0; r < int(table.rows.size()); ++r) {
            double v = 0.0;
            QString why;
            if (r < historyRows) {
                if (!parseCell(r, valueColumn, v, why))
                    return usageError(err, why);
                request.data.y.push_back(v);
            }
            for (int j = 0; j < int(exogColumns.size()); ++j) {
                double x = 0.0;
                if (!parseCell(r, exogColumns.at(j), x, why))
                    return usageError(err, why);
                if (!std::isfinite(x))
                    return usageError(err, QStringLiteral("%1:%2, column '%3': a regressor value is missing")
                                               .arg(path)
                                               .arg(table.lineNumbers.at(r))
                                               .arg(table.header.at(exogColumns.at(j))));
                (r < historyRows ? request.data.exog : request.futureExog)[size_t(j)].push_back(x);
            }
        }
        if (request.data.y.empty())
            return usageError(err, QStringLiteral("%1 has no data rows").arg(path));

        const bool logScale = parser.isSet(logOption);
        if (logScale) {
            for (size_t t = 0; t < request.data.y.size(); ++t) {
                double &v = request.data.y[t];
                if (std::isfinite(v) && !(v > 0.0))
                    return usageError(err, QStringLiteral("%1:%2: --log needs positive values, found %3")
                                               .arg(path)
                                               .arg(table.lineNumbers.at(qsizetype(t)))
                                               .arg(v));
                v = std::log(v);
            }
        }

        int period = 1;
        if (parser.isSet(periodOption)) {
            bool ok = false;
            period = parser.value(periodOption).toInt(&ok);
            if (!ok || period < 1 || period > 400)
                return usageError(err, QStringLiteral("--period must be an integer between 1 and 400"));
        } else {
            for (int c = 0; c < int(table.header.size()); ++c) {
                const QString name = table.header.at(c).toLower();
                if (c == valueColumn || !(name.contains(QLatin1String("date")) || name == QLatin1String("ds")
                                          || name == QLatin1String("day") || name.contains(QLatin1String("time"))
                                          || name == QLatin1String("month") || name == QLatin1String("quarter")
                                          || name == QLatin1String("ts")))
                    continue;
                const int inferred = inferPeriod(table, c);
                if (inferred > 0) {
                    period = inferred;
                    break;
                }
            }
        }
        request.period = period;

        if (parser.isSet(orderOption)) {
            QList<int> o;
            if (!parseInts(parser.value(orderOption), 3, o))
                return usageError(err, QStringLiteral("--order expects p,d,q (three non-negative integers), got '%1'")
                                           .arg(parser.value(orderOption)));
            request.autoSelect = parser.isSet(autoOption);
            request.spec.p = o[0];
            request.spec.d = o[1];
            request.spec.q = o[2];
        }
        if (parser.isSet(seasonalOption)) {
            QList<int> o;
            if (!parseInts(parser.value(seasonalOption), 4, o))
                return usageError(err, QStringLiteral("--seasonal expects P,D,Q,s (four non-negative integers), got '%1'")
                                           .arg(parser.value(seasonalOption)));
            request.autoSelect = parser.isSet(autoOption);
            request.spec.P = o[0];
            request.spec.D = o[1];
            request.spec.Q = o[2];
            request.spec.s = o[3];
            if (!parser.isSet(periodOption) && o[3] > 1)
                request.period = o[3];
        }
        if (parser.isSet(trendOption)) {
            const QString t = parser.value(trendOption);
            if (t == QLatin1String("c"))
                request.spec.trend = Trend::Constant;
            else if (t != QLatin1String("n"))
                return usageError(err, QStringLiteral("--trend must be n or c, got '%1'").arg(t));
        }
        if (parser.isSet(modelOption)) {
            const std::optional<ModelChoice> choice = ModelSelection::parseChoice(parser.value(modelOption));
            if (!choice)
                return usageError(err, QStringLiteral("--model must be auto, arima, ets, theta or combo, got '%1'")
                                           .arg(parser.value(modelOption)));
            if (!request.autoSelect)
                return usageError(err, QStringLiteral("--model cannot be combined with --order/--seasonal (a fixed ARIMA)"));
            if (*choice == ModelChoice::Ets && !ModelSelection::etsAvailable())
                return usageError(err, QStringLiteral("--model ets: ETS is not available in this build"));
            if (*choice != ModelChoice::Auto && *choice != ModelChoice::Arima && !exogColumns.isEmpty())
                return usageError(err, QStringLiteral("--model %1 takes no regressors (--exog needs arima or auto)")
                                           .arg(parser.value(modelOption)));
            request.model = *choice;
        }
        if (logScale) // the user's own transform: no automatic Box-Cox on top of it
            request.selection.transform = TransformPolicy::Never;
        QString why;
        if (!request.autoSelect && !request.spec.isValid(&why))
            return usageError(err, why);

        int horizon = !request.futureExog.empty() && !request.futureExog.front().empty()
            ? int(request.futureExog.front().size())
            : (request.period > 1 ? request.period : 10);
        if (parser.isSet(horizonOption)) {
            bool ok = false;
            horizon = parser.value(horizonOption).toInt(&ok);
            if (!ok || horizon < 1 || horizon > 10000)
                return usageError(err, QStringLiteral("--horizon must be an integer between 1 and 10000"));
        }
        if (!request.futureExog.empty() && int(request.futureExog.front().size()) < horizon)
            return usageError(err, QStringLiteral("%1: the regressors need %2 future rows (rows with an empty value "
                                                  "column at the end), found %3")
                                       .arg(path)
                                       .arg(horizon)
                                       .arg(request.futureExog.front().size()));
        request.horizon = horizon;
        request.unit = request.period == 7 ? QStringLiteral("days") : QStringLiteral("observations");

        ForecastOutcome outcome = Forecaster::run(request);
        if (int(outcome.points.size()) != horizon) {
            err << "smartdata forecast: the forecast failed\n";
            err.flush();
            return 1;
        }
        if (logScale) {
            for (ForecastPoint &p : outcome.points) {
                const double m = std::exp(p.mean);
                p.se = m * p.se; // delta method
                p.mean = m;
                p.lower80 = std::exp(p.lower80);
                p.upper80 = std::exp(p.upper80);
                p.lower95 = std::exp(p.lower95);
                p.upper95 = std::exp(p.upper95);
                if (!std::isfinite(p.mean) || !std::isfinite(p.se) || !std::isfinite(p.upper95)) {
                    err << "smartdata forecast: the back-transformed forecast overflows\n";
                    err.flush();
                    return 1;
                }
            }
        }
        if (parser.isSet(jsonOption)) {
            QJsonObject json = ForecastJson::toJson(outcome);
            json.insert(QStringLiteral("transform"), logScale ? QStringLiteral("log") : QStringLiteral("none"));
            out << QJsonDocument(json).toJson(QJsonDocument::Indented);
        } else {
            printTable(outcome, logScale, out);
        }
        out.flush();
        return 0;
    } catch (const std::exception &e) {
        err << "smartdata forecast: internal error: " << e.what() << '\n';
        err.flush();
        return 1;
    } catch (...) {
        err << "smartdata forecast: internal error\n";
        err.flush();
        return 1;
    }
}

} // namespace Forecast
