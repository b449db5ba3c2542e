#pragma once
// Which detector to run and with which settings. The same parameters always give the same result
// (the Isolation Forest is seeded), so paramsKey() identifies a stored run: re-running with an equal
// key replaces the stored anomalies.

#include "dailyseries.h"

#include "common/result.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace Anomaly {

enum class Method {
    RollingZ,        // "zscore": mean and sample sd of the trailing window
    RobustZ,         // "mad": median and 1.4826·MAD of the trailing window
    IsolationForest, // "iforest": scikit-learn's IsolationForest on per-day features
};

// "zscore", "mad", "iforest" (the CLI's --method values and the JSON "method").
QString methodName(Method method);
// Accepts the names above plus "rolling", "robust" and "isolation_forest" (case-insensitive).
std::optional<Method> methodFromName(QStringView name);

struct AnomalyParams final
{
    static constexpr int kDefaultWindow = 7;
    static constexpr int kMinWindow = 2;
    static constexpr int kMaxWindow = 365;
    static constexpr double kDefaultZThreshold = 3.0;
    static constexpr double kDefaultRobustThreshold = 3.5;
    static constexpr double kMaxContamination = 0.5; // scikit-learn's limit

    Method method = Method::RollingZ;
    int window = kDefaultWindow;          // z methods: trailing window (calendar days, or weeks if seasonal)
    double threshold = kDefaultZThreshold; // z methods: |z| >= threshold flags a day
    bool seasonal = false;                 // z methods: compare with the same weekday of previous weeks
    std::optional<double> contamination;   // iforest: nullopt = 'auto' (offset -0.5), else (0, 0.5]
    quint64 seed = 0;                      // iforest: PRNG seed
    ValueField field = ValueField::Sum;    // the series the z methods test and every method reports

    // The defaults of a method (threshold 3.5 for the robust z, 3.0 otherwise).
    static AnomalyParams defaults(Method method);

    // BadInput errors: INVALID_WINDOW (2..365), INVALID_THRESHOLD (finite, > 0),
    // INVALID_CONTAMINATION ((0, 0.5]); details carry "parameter", "value" and the allowed range.
    // Only the parameters the method uses are checked.
    Common::Status validate() const;

    // Canonical text of the parameters the method uses, in a fixed order, numbers in their shortest
    // round-trip form, e.g. "method=zscore;field=value_sum;window=7;threshold=3;seasonal=false" or
    // "method=iforest;field=value_sum;contamination=auto;seed=0". Parameters a method ignores are
    // left out so they cannot split equal runs.
    QString paramsKey() const;

    // {"method","window","threshold","seasonal","contamination","seed","field"}; contamination is
    // "auto" or a number, seed a decimal string (a quint64 does not fit a JSON double).
    QJsonObject toJson() const;
};

} // namespace Anomaly
