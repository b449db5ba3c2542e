#include "forecastservice.h"

#include "common/clock.h"
#include "forecast/forecastjson.h"
#include "storage/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QVariant>

#include <algorithm>
#include <cmath>

namespace Forecast {

using Common::Error;
using Common::Result;

namespace {

const QStringList AllowedFields{QStringLiteral("value_sum"), QStringLiteral("value_count"), QStringLiteral("value_avg"),
                                QStringLiteral("value_distinct")};

QJsonValue finiteOrNull(double value)
{
    return std::isfinite(value) ? QJsonValue(value) : QJsonValue();
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// The request with its "by the grain" periods (0) made the history's own.
ServiceRequest resolvedFor(ServiceRequest request, const DailyHistory &history)
{
    if (request.period == 0)
        request.period = history.seasonalPeriod();
    if (request.backtest.period == 0)
        request.backtest.period = request.period;
    return request;
}

// request: resolved (resolvedFor).
ForecastRequest forecastRequest(const std::vector<double> &y, const ServiceRequest &request, int horizon, const QString &unit)
{
    ForecastRequest r;
    r.data.y = y;
    r.period = request.period;
    r.horizon = horizon;
    r.autoSelect = !request.spec.has_value();
    r.model = request.model;
    if (request.spec)
        r.spec = *request.spec;
    r.unit = unit;
    return r;
}

// One reliability_runs row; returns its id (0 when the insert failed: query.lastError() says why).
qint64 insertReliability(QSqlQuery &query, qint64 sourceId, const QString &metric, const QString &model, const ReliabilityInfo &info)
{
    query.prepare(QStringLiteral("INSERT INTO reliability_runs (source_id, metric, created_at, model, folds, horizon, window_n, mae, rmse,"
                                 " mape, smape, mase, score, grade, details) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
    const QJsonObject json = info.toJson();
    query.addBindValue(sourceId);
    query.addBindValue(metric);
    query.addBindValue(info.createdAt);
    query.addBindValue(model);
    query.addBindValue(info.folds);
    query.addBindValue(info.horizon);
    query.addBindValue(info.window);
    for (const char *key : {"mae", "rmse", "mape", "smape", "mase"})
        query.addBindValue(json.value(QLatin1String(key)).isNull() ? QVariant(QMetaType(QMetaType::Double)) : QVariant(json.value(QLatin1String(key)).toDouble()));
    query.addBindValue(info.score);
    query.addBindValue(info.grade);
    query.addBindValue(compact(json));
    if (!query.exec() || !query.next())
        return 0;
    const qint64 id = query.value(0).toLongLong();
    query.finish();
    return id;
}

} // namespace

QJsonObject ReliabilityInfo::toJson() const
{
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("folds"), folds},
                       {QStringLiteral("horizon"), horizon},
                       {QStringLiteral("window_n"), window},
                       {QStringLiteral("mae"), finiteOrNull(metrics.mae)},
                       {QStringLiteral("rmse"), finiteOrNull(metrics.rmse)},
                       {QStringLiteral("mape"), metrics.mapeDefined ? finiteOrNull(metrics.mape) : QJsonValue()},
                       {QStringLiteral("smape"), finiteOrNull(metrics.smape)},
                       {QStringLiteral("mase"), metrics.maseDefined ? finiteOrNull(metrics.mase) : QJsonValue()},
                       {QStringLiteral("zero_actuals"), metrics.zeroActuals},
                       {QStringLiteral("score"), score},
                       {QStringLiteral("grade"), grade},
                       {QStringLiteral("model"), model},
                       {QStringLiteral("field"), field},
                       {QStringLiteral("created_at"), createdAt}};
}

QDate DailyHistory::dateAt(qint64 index) const
{
    switch (grain) {
    case Grain::Day:
        return first.addDays(index);
    case Grain::Week:
        return first.addDays(index * 7);
    case Grain::Month:
    case Grain::Quarter: {
        const QDate month = QDate(first.year(), first.month(), 1).addMonths(int(index) * (grain == Grain::Quarter ? 3 : 1));
        return monthEnd ? QDate(month.year(), month.month(), month.daysInMonth()) : month;
    }
    }
    return {};
}

QJsonObject RunInfo::toJson() const
{
    QJsonArray pointArray;
    for (const StoredPoint &p : points) {
        pointArray.append(QJsonObject{{QStringLiteral("h"), p.h},
                                      {QStringLiteral("date"), p.day.toString(Qt::ISODate)},
                                      {QStringLiteral("yhat"), p.yhat},
                                      {QStringLiteral("se"), p.se},
                                      {QStringLiteral("lower80"), p.lower80},
                                      {QStringLiteral("upper80"), p.upper80},
                                      {QStringLiteral("lower95"), p.lower95},
                                      {QStringLiteral("upper95"), p.upper95}});
    }
    return QJsonObject{{QStringLiteral("run_id"), id},
                       {QStringLiteral("source"), source},
                       {QStringLiteral("metric"), metric},
                       {QStringLiteral("created_at"), createdAt},
                       {QStringLiteral("trigger"), trigger},
                       {QStringLiteral("model"), model},
                       {QStringLiteral("fallback_reason"), fallbackReason.isEmpty() ? QJsonValue() : QJsonValue(fallbackReason)},
                       {QStringLiteral("horizon"), horizon},
                       {QStringLiteral("train_start"), trainStart.toString(Qt::ISODate)},
                       {QStringLiteral("train_end"), trainEnd.toString(Qt::ISODate)},
                       {QStringLiteral("nobs"), nobs},
                       {QStringLiteral("fit_seconds"), fitSeconds},
                       {QStringLiteral("reliability_score"), reliabilityScore ? QJsonValue(*reliabilityScore) : QJsonValue()},
                       {QStringLiteral("reliability_grade"), reliabilityGrade.isEmpty() ? QJsonValue() : QJsonValue(reliabilityGrade)},
                       {QStringLiteral("details"), details},
                       {QStringLiteral("points"), pointArray}};
}

ForecastService::ForecastService(std::shared_ptr<Storage::Database> database)
    : m_database(std::move(database))
{
}

Result<qint64> ForecastService::sourceId(const QString &source)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("SELECT id FROM sources WHERE name = ?"));
    query.addBindValue(source);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("looking up source %1").arg(source));
    if (!query.next())
        return Error::notFound(QStringLiteral("NOT_FOUND"), QStringLiteral("There is no source named '%1'.").arg(source));
    return query.value(0).toLongLong();
}

Result<DailyHistory> ForecastService::history(const QString &source, const QString &metric, const QString &field)
{
    if (!AllowedFields.contains(field)) {
        return Error::badInput(QStringLiteral("INVALID_FIELD"),
                               QStringLiteral("The field to forecast must be one of %1, not '%2'.").arg(AllowedFields.join(QStringLiteral(", ")), field));
    }
    auto id = sourceId(source);
    if (!id)
        return id.error();
    QSqlQuery query(m_database->connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT day, %1 FROM metric_daily WHERE source_id = ? AND metric = ? ORDER BY day").arg(field));
    query.addBindValue(*id);
    query.addBindValue(metric);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading the daily KPIs of %1").arg(metric));
    QList<QDate> days;
    QList<double> values;
    while (query.next()) {
        const QDate day = QDate::fromString(query.value(0).toString(), Qt::ISODate);
        if (!day.isValid() || (!days.isEmpty() && day <= days.last()))
            continue;
        days.append(day);
        values.append(query.value(1).isNull() ? std::numeric_limits<double>::quiet_NaN() : query.value(1).toDouble());
    }
    DailyHistory history;
    if (days.isEmpty())
        return history;
    history.grain = Common::grainOf(days, &history.monthEnd);
    history.first = days.first();
    for (qsizetype i = 0; i < days.size(); ++i) {
        const qint64 index = Common::stepIndex(history.grain, days[i]) - Common::stepIndex(history.grain, history.first);
        history.values.resize(size_t(index), std::numeric_limits<double>::quiet_NaN()); // the steps without events
        history.values.push_back(values[i]);
    }
    return history;
}

Result<ReliabilityInfo> ForecastService::backtestHistory(const DailyHistory &history, const ServiceRequest &original,
                                                         std::optional<ModelChoice> foldModel)
{
    ServiceRequest request = resolvedFor(original, history);
    if (foldModel)
        request.model = *foldModel;
    const QString unit = history.unit();
    const BacktestResult result = Reliability::backtest(
        history.values,
        [&request, &unit](const std::vector<double> &training, int horizon) {
            const ForecastOutcome outcome = Forecaster::run(forecastRequest(training, request, horizon, unit));
            std::vector<double> means;
            means.reserve(outcome.points.size());
            for (const ForecastPoint &p : outcome.points)
                means.push_back(p.mean);
            return means;
        },
        request.backtest);
    if (result.folds.empty()) {
        return Error::badInput(QStringLiteral("NO_FOLDS"),
                               QStringLiteral("Not enough history to backtest %1: %2 %5, and %3 folds of %4 %5 need more.")
                                   .arg(request.metric)
                                   .arg(history.values.size())
                                   .arg(request.backtest.folds)
                                   .arg(request.backtest.horizon)
                                   .arg(unit));
    }
    ReliabilityInfo info;
    info.folds = int(result.folds.size());
    info.horizon = request.backtest.horizon;
    info.window = request.backtest.window;
    info.metrics = result.overall;
    info.score = result.score;
    info.relativeMae = result.relativeMae;
    info.grade = QString(result.grade);
    info.model = request.spec ? request.spec->toString() : ModelSelection::choiceName(request.model);
    info.field = request.field;
    info.createdAt = Common::nowIsoUtc();
    return info;
}

Result<ReliabilityInfo> ForecastService::backtest(const ServiceRequest &request, bool store)
{
    auto hist = history(request.source, request.metric, request.field);
    if (!hist)
        return hist.error();
    auto info = backtestHistory(*hist, request);
    if (!info || !store)
        return info;
    auto id = sourceId(request.source);
    if (!id)
        return id.error();
    QSqlQuery query(m_database->connection());
    info->id = insertReliability(query, *id, request.metric, info->model, *info);
    if (info->id == 0)
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("storing the reliability run"));
    return info;
}

Result<RunInfo> ForecastService::run(const ServiceRequest &original)
{
    if (original.horizon < 1 || original.horizon > 365) {
        return Error::badInput(QStringLiteral("INVALID_HORIZON"),
                               QStringLiteral("The horizon must be between 1 and 365 steps (days, or weeks or months for weekly or "
                                              "monthly KPIs); got %1.").arg(original.horizon));
    }
    if (original.period < 0 || original.period > 366) {
        return Error::badInput(QStringLiteral("INVALID_PERIOD"),
                               QStringLiteral("The seasonal period must be between 1 and 366 steps; got %1.").arg(original.period));
    }
    if (original.spec) {
        QString why;
        if (!original.spec->isValid(&why))
            return Error::badInput(QStringLiteral("INVALID_ORDER"), QStringLiteral("The model order is not valid: %1").arg(why));
    }
    auto hist = history(original.source, original.metric, original.field);
    if (!hist)
        return hist.error();
    const ServiceRequest request = resolvedFor(original, *hist);
    if (hist->values.empty()) {
        return Error::notFound(QStringLiteral("NO_DATA"),
                               QStringLiteral("Metric '%1' of source '%2' has no daily KPIs to forecast.").arg(request.metric, request.source));
    }
    auto id = sourceId(request.source);
    if (!id)
        return id.error();

    const ForecastOutcome outcome = Forecaster::run(forecastRequest(hist->values, request, request.horizon, hist->unit()));
    std::optional<ReliabilityInfo> reliability;
    if (request.withReliability) {
        // The folds fit the family the run chose: rerunning the whole choice in each fold costs about
        // five times as much and grades the same forecast (the choice's own backtest already ranks them).
        std::optional<ModelChoice> foldModel;
        if (!request.spec && request.model == ModelChoice::Auto && !outcome.family.isEmpty())
            foldModel = ModelSelection::parseChoice(outcome.family);
        auto r = backtestHistory(*hist, request, foldModel);
        if (r)
            reliability = *r; // too short a history to backtest is not an error for the forecast itself
    }

    QJsonObject details = ForecastJson::toJson(outcome);
    details.remove(QStringLiteral("forecast"));
    details.insert(QStringLiteral("grain"), Common::grainName(hist->grain));
    // Which aggregate the run was fitted on: a forecast of the counts is no forecast of the sums.
    details.insert(QStringLiteral("field"), request.field);
    // The grade's parts, so that a reader (the desktop's grade tooltip) can show how the score came about.
    if (reliability) {
        details.insert(QStringLiteral("reliability"),
                       QJsonObject{{QStringLiteral("score"), reliability->score},
                                   {QStringLiteral("grade"), reliability->grade},
                                   {QStringLiteral("model"), reliability->model},
                                   {QStringLiteral("folds"), reliability->folds},
                                   {QStringLiteral("horizon"), reliability->horizon},
                                   {QStringLiteral("smape"), finiteOrNull(reliability->metrics.smape)},
                                   {QStringLiteral("mase"), finiteOrNull(reliability->metrics.mase)},
                                   {QStringLiteral("mae"), finiteOrNull(reliability->metrics.mae)},
                                   {QStringLiteral("relative_mae"), finiteOrNull(reliability->relativeMae)}});
    }
    const QDate lastDay = hist->lastDay();
    QSqlDatabase connection = m_database->connection();
    QSqlQuery query(connection);
    if (!query.exec(m_database->dialect().beginWrite()))
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("starting to store the forecast"));
    auto fail = [&query](const QString &what) -> Error {
        const Error error = Storage::Database::sqlError(query.lastError(), what);
        query.exec(QStringLiteral("ROLLBACK"));
        return error;
    };
    query.prepare(QStringLiteral("INSERT INTO forecast_runs (source_id, metric, created_at, trigger, model, spec, params, diagnostics,"
                                 " fallback_reason, horizon, train_start, train_end, nobs, fit_seconds, reliability_score, reliability_grade)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id"));
    query.addBindValue(*id);
    query.addBindValue(request.metric);
    query.addBindValue(Common::nowIsoUtc());
    query.addBindValue(request.trigger);
    query.addBindValue(outcome.hasModel ? QStringLiteral("sarimax") : outcome.methodName);
    query.addBindValue(outcome.methodName);
    query.addBindValue(compact(details.value(QStringLiteral("params")).toObject()));
    query.addBindValue(compact(details));
    query.addBindValue(outcome.fallbackReason.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(outcome.fallbackReason));
    query.addBindValue(request.horizon);
    query.addBindValue(hist->first.toString(Qt::ISODate));
    query.addBindValue(lastDay.toString(Qt::ISODate));
    query.addBindValue(int(hist->values.size()));
    query.addBindValue(outcome.fitSeconds);
    query.addBindValue(reliability ? QVariant(reliability->score) : QVariant(QMetaType(QMetaType::Double)));
    query.addBindValue(reliability ? QVariant(reliability->grade) : QVariant(QMetaType(QMetaType::QString)));
    if (!query.exec() || !query.next())
        return fail(QStringLiteral("storing the forecast run"));
    const qint64 runId = query.value(0).toLongLong();
    query.finish();
    query.prepare(QStringLiteral("INSERT INTO forecast_points (run_id, h, day, yhat, se, lower80, upper80, lower95, upper95)"
                                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const ForecastPoint &p : outcome.points) {
        query.addBindValue(runId);
        query.addBindValue(p.h);
        query.addBindValue(hist->dateAt(qint64(hist->values.size()) - 1 + p.h).toString(Qt::ISODate));
        for (double v : {p.mean, p.se, p.lower80, p.upper80, p.lower95, p.upper95})
            query.addBindValue(std::isfinite(v) ? QVariant(v) : QVariant(QMetaType(QMetaType::Double)));
        if (!query.exec())
            return fail(QStringLiteral("storing the forecast points"));
    }
    if (reliability && insertReliability(query, *id, request.metric, outcome.methodName, *reliability) == 0)
        return fail(QStringLiteral("storing the reliability run"));
    if (!query.exec(QStringLiteral("COMMIT")))
        return fail(QStringLiteral("committing the forecast"));
    return readRun(runId);
}

Result<RunInfo> ForecastService::readRun(qint64 runId)
{
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("SELECT r.id, s.name, r.metric, r.created_at, r.trigger, r.spec, r.fallback_reason, r.horizon, r.train_start,"
                                 " r.train_end, r.nobs, r.fit_seconds, r.reliability_score, r.reliability_grade, r.diagnostics"
                                 " FROM forecast_runs r JOIN sources s ON s.id = r.source_id WHERE r.id = ?"));
    query.addBindValue(runId);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading forecast run %1").arg(runId));
    if (!query.next())
        return Error::notFound(QStringLiteral("NOT_FOUND"), QStringLiteral("There is no forecast run %1.").arg(runId));
    RunInfo run;
    run.id = query.value(0).toLongLong();
    run.source = query.value(1).toString();
    run.metric = query.value(2).toString();
    run.createdAt = query.value(3).toString();
    run.trigger = query.value(4).toString();
    run.model = query.value(5).toString();
    run.fallbackReason = query.value(6).toString();
    run.horizon = query.value(7).toInt();
    run.trainStart = QDate::fromString(query.value(8).toString(), Qt::ISODate);
    run.trainEnd = QDate::fromString(query.value(9).toString(), Qt::ISODate);
    run.nobs = query.value(10).toInt();
    run.fitSeconds = query.value(11).toDouble();
    if (!query.value(12).isNull())
        run.reliabilityScore = query.value(12).toDouble();
    run.reliabilityGrade = query.value(13).toString();
    run.details = QJsonDocument::fromJson(query.value(14).toString().toUtf8()).object();
    query.finish();
    query.prepare(QStringLiteral("SELECT h, day, yhat, se, lower80, upper80, lower95, upper95 FROM forecast_points WHERE run_id = ? ORDER BY h"));
    query.addBindValue(runId);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("reading forecast points"));
    while (query.next()) {
        run.points.append(StoredPoint{query.value(0).toInt(), QDate::fromString(query.value(1).toString(), Qt::ISODate),
                                      query.value(2).toDouble(), query.value(3).toDouble(), query.value(4).toDouble(),
                                      query.value(5).toDouble(), query.value(6).toDouble(), query.value(7).toDouble()});
    }
    return run;
}

Result<std::optional<RunInfo>> ForecastService::latestRun(const QString &source, const QString &metric)
{
    auto list = runs(source, metric, 1);
    if (!list)
        return list.error();
    if (list->isEmpty())
        return std::optional<RunInfo>();
    return std::optional<RunInfo>(list->first());
}

Result<QList<RunInfo>> ForecastService::runs(const QString &source, const QString &metric, int limit)
{
    auto id = sourceId(source);
    if (!id)
        return id.error();
    QSqlQuery query(m_database->connection());
    query.prepare(QStringLiteral("SELECT id FROM forecast_runs WHERE source_id = ? AND metric = ? ORDER BY id DESC LIMIT ?"));
    query.addBindValue(*id);
    query.addBindValue(metric);
    query.addBindValue(limit);
    if (!query.exec())
        return Storage::Database::sqlError(query.lastError(), QStringLiteral("listing forecast runs"));
    QList<qint64> ids;
    while (query.next())
        ids.append(query.value(0).toLongLong());
    QList<RunInfo> list;
    for (qint64 runId : std::as_const(ids)) {
        auto run = readRun(runId);
        if (!run)
            return run.error();
        list.append(*run);
    }
    return list;
}

} // namespace Forecast
