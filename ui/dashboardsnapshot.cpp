#include "dashboardsnapshot.h"

#include "storage/database.h"
#include "ui/chartformat.h"

#include <QJsonDocument>
#include <QLocale>
#include <QSettings>
#include <QSqlQuery>

#include <cmath>
#include <limits>

namespace Ui {

namespace {

// No organisation name is set: QCoreApplication::applicationName() is the scope main.cpp means.
QString runFieldKey(const QString &database, qint64 runId)
{
    return QStringLiteral("forecastRunFields/%1-%2").arg(qHash(database), 0, 16).arg(runId);
}

} // namespace

Forecast::DailyHistory historyOf(const QList<Kpi::DailyRow> &rows, const QString &field)
{
    // As Forecast::ForecastService::history() builds it from metric_daily: one value per step of
    // the series' grain from its first day, NaN for a step without events.
    const double nan = std::numeric_limits<double>::quiet_NaN();
    QList<QDate> days;
    QList<double> values;
    days.reserve(rows.size());
    values.reserve(rows.size());
    for (const Kpi::DailyRow &row : rows) {
        if (!row.day.isValid() || (!days.isEmpty() && row.day <= days.last()))
            continue;
        days.append(row.day);
        if (field == QLatin1String("value_sum"))
            values.append(row.sum ? *row.sum : nan);
        else if (field == QLatin1String("value_count"))
            values.append(double(row.count));
        else if (field == QLatin1String("value_avg"))
            values.append(row.avg);
        else if (field == QLatin1String("value_distinct"))
            values.append(row.distinct ? double(*row.distinct) : nan);
        else
            values.append(nan);
    }
    Forecast::DailyHistory history;
    if (days.isEmpty())
        return history;
    history.grain = Common::grainOf(days, &history.monthEnd);
    history.first = days.first();
    const qint64 firstStep = Common::stepIndex(history.grain, history.first);
    history.values.reserve(size_t(days.size()));
    for (qsizetype i = 0; i < days.size(); ++i) {
        const qint64 index = Common::stepIndex(history.grain, days[i]) - firstStep;
        history.values.resize(size_t(index), nan);
        history.values.push_back(values[i]);
    }
    return history;
}

void noteForecastRunField(const QString &database, const Forecast::RunInfo &run, const QString &field)
{
    QSettings(QCoreApplication::applicationName()).setValue(runFieldKey(database, run.id), QStringList{field, run.createdAt});
}

QString forecastRunField(const QString &database, const Forecast::RunInfo &run)
{
    if (const QString field = run.details.value(QStringLiteral("field")).toString(); !field.isEmpty())
        return field;
    const QStringList noted = QSettings(QCoreApplication::applicationName()).value(runFieldKey(database, run.id)).toStringList();
    if (noted.size() == 2 && noted[1] == run.createdAt)
        return noted[0];
    return QStringLiteral("value_sum");
}

DashboardSnapshot DashboardSnapshot::load(const std::shared_ptr<Storage::Database> &database, const SeriesKey &key)
{
    DashboardSnapshot data;
    data.key = key;
    auto rows = Kpi::KpiService(database).rows({key.source, key.metric, {}, {}});
    if (!rows) {
        data.error = rows.error().message;
        return data;
    }
    data.rows = *rows;
    QList<QDate> days;
    days.reserve(data.rows.size());
    for (const Kpi::DailyRow &row : std::as_const(data.rows))
        days.append(row.day);
    data.grain = Common::grainOf(days);
    if (auto anomalies = Anomaly::AnomalyService(database).stored(key.source, key.metric))
        data.anomalies = *anomalies;
    // Every field a forecast can be fitted on, so that switching Show needs no reload: taken from
    // the rows just read rather than read four more times.
    for (int a = 0; a < AggregateCount; ++a) {
        const QString field = forecastField(Aggregate(a));
        if (!field.isEmpty())
            data.histories.insert(field, historyOf(data.rows, field));
    }
    Forecast::ForecastService forecasts(database);
    if (auto runs = forecasts.runs(key.source, key.metric, 12)) {
        data.runs = *runs;
        for (const Forecast::RunInfo &run : std::as_const(data.runs))
            data.runFields.insert(run.id, forecastRunField(database->location(), run));
    }
    // The folds of each field's latest backtest (details' "field"; runs before it was recorded are
    // of the sum).
    QSqlQuery query(database->connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT r.folds, r.details FROM reliability_runs r JOIN sources s ON s.id = r.source_id "
                                 "WHERE s.name = ? AND r.metric = ? ORDER BY r.id DESC LIMIT 24"));
    query.addBindValue(key.source);
    query.addBindValue(key.metric);
    if (query.exec()) {
        while (query.next()) {
            QString field = QJsonDocument::fromJson(query.value(1).toString().toUtf8()).object().value(QStringLiteral("field")).toString();
            if (field.isEmpty())
                field = QStringLiteral("value_sum");
            if (!data.folds.contains(field))
                data.folds.insert(field, query.value(0).toInt());
        }
    }
    return data;
}

std::optional<Forecast::RunInfo> DashboardSnapshot::latestRun(const QString &field) const
{
    if (field.isEmpty())
        return std::nullopt;
    for (const Forecast::RunInfo &run : runs) {
        if (runFields.value(run.id) == field)
            return run;
    }
    return std::nullopt;
}

QList<Anomaly::StoredAnomaly> DashboardSnapshot::flagged(const QString &field, const QDate &from, const QDate &to) const
{
    QList<Anomaly::StoredAnomaly> list;
    for (const Anomaly::StoredAnomaly &anomaly : anomalies) {
        if (anomaly.isOutlier && anomaly.field == field && (!from.isValid() || anomaly.day >= from)
            && (!to.isValid() || anomaly.day <= to))
            list.append(anomaly);
    }
    return list;
}

QString aggregateSummary(const QList<Kpi::DailyRow> &rows, Aggregate aggregate)
{
    // A total of sums or counts, the mean of all the events, the extremes of the days' minimums or
    // maximums, the busiest day's distinct users (distinct users of several days cannot be added up
    // from daily rows).
    double total = 0, weighted = 0;
    qint64 events = 0;
    bool beyondRange = false;
    std::optional<double> extreme;
    for (const Kpi::DailyRow &row : rows) {
        events += row.count;
        weighted += row.avg * double(row.count);
        if (row.sum)
            total += *row.sum;
        else
            beyondRange = true;
        if (const auto value = aggregateValue(row, aggregate)) {
            if (!extreme || (aggregate == Aggregate::Min ? *value < *extreme : *value > *extreme))
                extreme = *value;
        }
    }
    const auto number = [](double value) {
        return std::isfinite(value) ? ChartText::value(value, value == std::floor(value) ? 0 : 2)
                                    : DashboardSnapshot::tr("beyond range");
    };
    const QString none = DashboardSnapshot::tr("n/a");
    switch (aggregate) {
    case Aggregate::Sum: return DashboardSnapshot::tr("total: %1").arg(beyondRange ? DashboardSnapshot::tr("beyond range") : number(total));
    case Aggregate::Count: return DashboardSnapshot::tr("events: %1").arg(QLocale().toString(events));
    case Aggregate::Average: return DashboardSnapshot::tr("average: %1").arg(events > 0 ? number(weighted / double(events)) : none);
    case Aggregate::Distinct: return DashboardSnapshot::tr("most users in a day: %1").arg(extreme ? number(*extreme) : none);
    case Aggregate::Min: return DashboardSnapshot::tr("lowest: %1").arg(extreme ? number(*extreme) : none);
    case Aggregate::Max: return DashboardSnapshot::tr("highest: %1").arg(extreme ? number(*extreme) : none);
    }
    return {};
}

} // namespace Ui
