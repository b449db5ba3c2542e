#pragma once
// Anomaly detection on stored data: loads a metric's daily KPIs, runs a detector, and keeps the
// result in the anomalies table (one row per day and run; a re-run with the same parameters
// replaces the previous one over the days it covers).

#include "anomaly/anomalydetector.h"

#include "common/result.h"

#include <QDate>

#include <memory>

namespace Storage {
class Database;
}

namespace Anomaly {

struct RunRequest final
{
    QString source;
    QString metric;
    AnomalyParams params;
    QDate from; // invalid = from the first day
    QDate to;   // invalid = to the last day
};

struct StoredAnomaly final
{
    QString source;
    QString metric;
    QDate day;
    QString method;
    QString field;
    std::optional<double> value;
    std::optional<double> score;
    bool isOutlier = false;
    QJsonObject params;
    QString runAt;
    // Why it was flagged (flagged days of runs stored since schema 8; empty/nullopt otherwise).
    AnomalyKind kind = AnomalyKind::None;
    std::optional<double> baseline;
    std::optional<double> threshold;
    QString reason;

    // {"source","metric","metric_date","method","field","value","score","is_outlier","params","run_at"},
    // plus "kind", "baseline", "threshold" and "reason" when the day was flagged with an explanation.
    QJsonObject toJson() const;
};

class AnomalyService final
{
public:
    explicit AnomalyService(std::shared_ptr<Storage::Database> database);

    // The metric's daily KPIs up to `to` (earlier days feed the trailing windows). NotFound when the
    // source does not exist; an empty series when the metric has no days.
    Common::Result<DailySeries> loadSeries(const QString &source, const QString &metric, const QDate &to = {});

    // Runs the detector; the points cover [from, to]. Stores them when store is true.
    Common::Result<AnomalyResult> run(const RunRequest &request, bool store = true);

    // Stored results, flagged days only unless allDays.
    Common::Result<QList<StoredAnomaly>> stored(const QString &source, const QString &metric,
                                                const QDate &from = {}, const QDate &to = {},
                                                bool allDays = false);

    // Re-runs every stored (source, metric, parameters) combination over all days: the nightly job
    // calls it after new data arrived. Returns how many runs were refreshed.
    Common::Result<int> refreshStored();

    static Common::Result<AnomalyParams> paramsFromJson(const QJsonObject &json);

private:
    Common::Status store(qint64 sourceId, const QString &metric, const AnomalyResult &result);

    std::shared_ptr<Storage::Database> m_database;
};

} // namespace Anomaly
