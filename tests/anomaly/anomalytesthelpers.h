#pragma once
// Small helpers shared by the anomaly tests: build daily series by hand and read the CSV fixtures.

#include "anomaly/dailyseries.h"

#include <QFile>
#include <QStringList>
#include <QTest>

#include <optional>
#include <vector>

namespace AnomalyTest {

// Consecutive days from `first`, value_sum = values[i] (and count 1, avg = value).
inline Anomaly::DailySeries sumSeries(const QDate &first, const std::vector<double> &values)
{
    QList<Anomaly::DailyPoint> points;
    for (size_t i = 0; i < values.size(); ++i)
        points.append(Anomaly::DailyPoint{first.addDays(qint64(i)), values[i], 1.0, values[i], std::nullopt});
    return *Anomaly::DailySeries::fromPoints(points);
}

// Days given explicitly (gaps allowed).
inline Anomaly::DailySeries sumSeries(const QList<QDate> &days, const std::vector<double> &values)
{
    QList<Anomaly::DailyPoint> points;
    for (qsizetype i = 0; i < days.size(); ++i)
        points.append(Anomaly::DailyPoint{days.at(i), values[size_t(i)], 1.0, values[size_t(i)], std::nullopt});
    return *Anomaly::DailySeries::fromPoints(points);
}

// A metric_daily CSV (header with metric_date and any of value_sum, value_count, value_avg,
// value_distinct; empty cell = NULL).
inline Anomaly::DailySeries readMetricDailyCsv(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        qFatal("cannot open %s", qPrintable(path));
    const QStringList header = QString::fromUtf8(file.readLine()).trimmed().split(QLatin1Char(','));
    QList<Anomaly::DailyPoint> points;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty())
            continue;
        const QStringList cells = line.split(QLatin1Char(','));
        Anomaly::DailyPoint p;
        for (qsizetype c = 0; c < header.size() && c < cells.size(); ++c) {
            const QString &name = header.at(c);
            if (name == QLatin1String("metric_date")) {
                p.day = QDate::fromString(cells.at(c), Qt::ISODate);
                continue;
            }
            const std::optional<Anomaly::ValueField> field = Anomaly::valueFieldFromName(name);
            if (!field || cells.at(c).isEmpty() || !name.startsWith(QLatin1String("value_")))
                continue;
            const double v = cells.at(c).toDouble();
            switch (*field) {
            case Anomaly::ValueField::Sum: p.valueSum = v; break;
            case Anomaly::ValueField::Count: p.valueCount = v; break;
            case Anomaly::ValueField::Avg: p.valueAvg = v; break;
            case Anomaly::ValueField::Distinct: p.valueDistinct = v; break;
            }
        }
        points.append(p);
    }
    auto series = Anomaly::DailySeries::fromPoints(points);
    if (!series)
        qFatal("bad fixture %s: %s", qPrintable(path), qPrintable(series.error().message));
    return *series;
}

// A plain numeric CSV with a header line: rows of doubles.
inline std::vector<std::vector<double>> readNumericCsv(const QString &path, QStringList *header = nullptr)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        qFatal("cannot open %s", qPrintable(path));
    const QStringList names = QString::fromUtf8(file.readLine()).trimmed().split(QLatin1Char(','));
    if (header)
        *header = names;
    std::vector<std::vector<double>> rows;
    while (!file.atEnd()) {
        const QString line = QString::fromUtf8(file.readLine()).trimmed();
        if (line.isEmpty())
            continue;
        std::vector<double> row;
        for (const QString &cell : line.split(QLatin1Char(',')))
            row.push_back(cell.toDouble());
        rows.push_back(std::move(row));
    }
    return rows;
}

} // namespace AnomalyTest
