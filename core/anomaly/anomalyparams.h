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
    SeasonalEsd,     // "stl": STL season + robust level, generalized ESD on the residuals (the default)
};

// "zscore", "mad", "iforest", "stl" (the CLI's --method values and the JSON "method").
QString methodName(Method method);
// Accepts the names above plus "rolling", "robust", "isolation_forest", "esd" and "shesd"
// (case-insensitive).
std::optional<Method> methodFromName(QStringView name);

struct AnomalyParams final
{
    static constexpr int kDefaultWindow = 7;
    static constexpr int kMinWindow = 2;
    static constexpr int kMaxWindow = 365;
    static constexpr double kDefaultZThreshold = 3.0;
    static constexpr double kDefaultRobustThreshold = 3.5;
    static constexpr double kMaxContamination = 0.5; // scikit-learn's limit
    // iforest: the default expected share of anomalies. 'auto' (scikit-learn's offset -0.5) flags
    // about a fifth of any series, anomalies or not; it stays selectable.
    static constexpr double kDefaultContamination = 0.01;
    // stl: a residual must also be this many robust sd from its baseline (besides passing the ESD test).
    static constexpr double kDefaultEsdThreshold = 3.5;
    // The method the CLI and the desktop use when none is chosen.
    static constexpr Method kDefaultMethod = Method::SeasonalEsd;

    Method method = Method::RollingZ;
    int window = kDefaultWindow;          // z methods: trailing window (calendar days, or weeks if seasonal)
    double threshold = kDefaultZThreshold; // z methods: |z| >= threshold flags a day
    bool seasonal = false;                 // z methods: compare with the same weekday of previous weeks
    std::optional<double> contamination;   // iforest: nullopt = 'auto' (offset -0.5), else (0, 0.5]
    quint64 seed = 0;                      // iforest: PRNG seed
    ValueField field = ValueField::Sum;    // the series the z methods test and every method reports
    // The predecessor's exact behaviour: z methods keep its rules (a z from 2 prior values; zero
    // spread gives |z| = 1e9), and every method its JSON (no kind/baseline/reason). Off by default:
    // a window then needs min(window, max(7, ceil(window / 2))) values (warm-up), its spread is
    // floored (scalefloor.h), and flags are explained. The REST routes its clients call set it.
    bool predecessorCompatible = false;

    // The defaults of a method (threshold 3.5 for the robust z and stl, 3.0 otherwise; contamination 0.01).
    static AnomalyParams defaults(Method method);
    // The predecessor's defaults, for its REST routes: predecessorCompatible, iforest contamination 'auto'.
    static AnomalyParams predecessorDefaults(Method method);

    // How many values a trailing window needs before a day gets a z: 2 when predecessorCompatible,
    // else min(window, max(7, ceil(window / 2))).
    int minWindowValues() const;

    // BadInput errors: INVALID_WINDOW (2..365), INVALID_THRESHOLD (finite, > 0),
    // INVALID_CONTAMINATION ((0, 0.5]); details carry "parameter", "value" and the allowed range.
    // Only the parameters the method uses are checked.
    Common::Status validate() const;

    // Canonical text of the parameters the method uses, in a fixed order, numbers in their shortest
    // round-trip form, e.g. "method=zscore;field=value_sum;window=7;threshold=3;seasonal=false" or
    // "method=iforest;field=value_sum;contamination=auto;seed=0" or "method=stl;field=value_sum;threshold=3";
    // z methods append ";compat=predecessor" when predecessorCompatible. Parameters a method ignores
    // are left out so they cannot split equal runs.
    QString paramsKey() const;

    // {"method","window","threshold","seasonal","contamination","seed","field"} (+ "predecessor_compatible"
    // when set); contamination is "auto" or a number, seed a decimal string (a quint64 does not fit a
    // JSON double).
    QJsonObject toJson() const;
};

} // namespace Anomaly
