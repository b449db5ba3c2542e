#include "dailyseries.h"

#include <QJsonObject>

#include <algorithm>
#include <cmath>

namespace Anomaly {

QString valueFieldName(ValueField field)
{
    switch (field) {
    case ValueField::Sum: return QStringLiteral("value_sum");
    case ValueField::Count: return QStringLiteral("value_count");
    case ValueField::Avg: return QStringLiteral("value_avg");
    case ValueField::Distinct: return QStringLiteral("value_distinct");
    }
    return QStringLiteral("value_sum");
}

std::optional<ValueField> valueFieldFromName(QStringView name)
{
    const QString n = name.trimmed().toString().toLower();
    if (n == QLatin1String("value_sum") || n == QLatin1String("sum"))
        return ValueField::Sum;
    if (n == QLatin1String("value_count") || n == QLatin1String("count"))
        return ValueField::Count;
    if (n == QLatin1String("value_avg") || n == QLatin1String("avg"))
        return ValueField::Avg;
    if (n == QLatin1String("value_distinct") || n == QLatin1String("distinct"))
        return ValueField::Distinct;
    return std::nullopt;
}

std::optional<double> DailyPoint::value(ValueField field) const
{
    switch (field) {
    case ValueField::Sum: return valueSum;
    case ValueField::Count: return valueCount;
    case ValueField::Avg: return valueAvg;
    case ValueField::Distinct: return valueDistinct;
    }
    return std::nullopt;
}

Common::Result<DailySeries> DailySeries::fromPoints(QList<DailyPoint> points)
{
    static constexpr ValueField kFields[] = {ValueField::Sum, ValueField::Count, ValueField::Avg,
                                             ValueField::Distinct};
    for (qsizetype row = 0; row < points.size(); ++row) {
        const DailyPoint &p = points.at(row);
        if (!p.day.isValid()) {
            return Common::Error::badInput(
                QStringLiteral("INVALID_SERIES"),
                QStringLiteral("Row %1 of the daily series has no valid date.").arg(row),
                QJsonObject{{QStringLiteral("row"), double(row)}});
        }
        for (ValueField f : kFields) {
            const std::optional<double> v = p.value(f);
            if (v && !std::isfinite(*v)) {
                return Common::Error::badInput(
                    QStringLiteral("INVALID_SERIES"),
                    QStringLiteral("Row %1 (%2) has a non-finite %3.")
                        .arg(row)
                        .arg(p.day.toString(Qt::ISODate), valueFieldName(f)),
                    QJsonObject{{QStringLiteral("row"), double(row)},
                                {QStringLiteral("day"), p.day.toString(Qt::ISODate)},
                                {QStringLiteral("field"), valueFieldName(f)}});
            }
        }
    }
    // Remember input rows so a duplicate can be reported by its position in the caller's data.
    QList<qsizetype> order(points.size());
    for (qsizetype i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&points](qsizetype a, qsizetype b) {
        return points.at(a).day < points.at(b).day;
    });
    DailySeries series;
    series.m_points.reserve(points.size());
    for (qsizetype i = 0; i < order.size(); ++i) {
        if (i > 0 && points.at(order[i]).day == points.at(order[i - 1]).day) {
            const QDate day = points.at(order[i]).day;
            return Common::Error::badInput(
                QStringLiteral("INVALID_SERIES"),
                QStringLiteral("Rows %1 and %2 are both for %3; a daily series has one row per day.")
                    .arg(order[i - 1])
                    .arg(order[i])
                    .arg(day.toString(Qt::ISODate)),
                QJsonObject{{QStringLiteral("row"), double(order[i])},
                            {QStringLiteral("day"), day.toString(Qt::ISODate)}});
        }
        series.m_points.append(std::move(points[order[i]]));
    }
    return series;
}

} // namespace Anomaly
