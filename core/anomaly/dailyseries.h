#pragma once
// The input of every anomaly detector: one metric's daily aggregates (a metric_daily slice) in
// date order. A calendar day without a row is a MISSING day (no events), never a zero; a row whose
// chosen field is NULL is treated the same way for that field. See anomalydetector.h for how each
// detector handles gaps.

#include "common/result.h"

#include <QDate>
#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace Anomaly {

// The metric_daily column a detector reads.
enum class ValueField { Sum, Count, Avg, Distinct };

inline constexpr int kValueFieldCount = 4;

// "value_sum", "value_count", "value_avg", "value_distinct" (the API's value_field names).
QString valueFieldName(ValueField field);
// Accepts the names above and the short forms "sum", "count", "avg", "distinct" (case-insensitive).
std::optional<ValueField> valueFieldFromName(QStringView name);

struct DailyPoint final
{
    QDate day;
    std::optional<double> valueSum;
    std::optional<double> valueCount;
    std::optional<double> valueAvg;
    std::optional<double> valueDistinct;

    std::optional<double> value(ValueField field) const;
};

class DailySeries final
{
public:
    DailySeries() = default;

    // Sorts by day. Rejects (BadInput, code INVALID_SERIES, details {"row", "day", "field"}) an
    // invalid date, a day given twice and a non-finite value, naming the row (0-based, input order).
    static Common::Result<DailySeries> fromPoints(QList<DailyPoint> points);

    const QList<DailyPoint> &points() const { return m_points; }
    qsizetype size() const { return m_points.size(); }
    bool isEmpty() const { return m_points.isEmpty(); }

private:
    QList<DailyPoint> m_points;
};

} // namespace Anomaly
