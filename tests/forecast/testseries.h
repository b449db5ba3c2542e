#pragma once
// Reads the forecast test data sets (tests/data/forecast) for the forecast test suites.

#include "fuzzy.h"

#include <QFile>
#include <QStringList>
#include <QTextStream>

#include <cmath>
#include <vector>

namespace TestSeries {

// Column `column` (0-based) of a CSV file with a header; empty cells become NaN.
inline std::vector<double> csvColumn(const char *relative, int column)
{
    std::vector<double> values;
    QFile file(TestData::path(relative));
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return values;
    QTextStream in(&file);
    in.readLine();
    while (!in.atEnd()) {
        const QStringList parts = in.readLine().split(QLatin1Char(','));
        if (parts.size() <= column)
            continue;
        QString cell = parts.at(column);
        cell.remove(QLatin1Char('"'));
        bool ok = false;
        const double v = cell.toDouble(&ok);
        values.push_back(ok ? v : NAN);
    }
    return values;
}

inline std::vector<double> logAirPassengers()
{
    std::vector<double> y = csvColumn("forecast/AirPassengers.csv", 3);
    for (double &v : y)
        v = std::log(v);
    return y;
}

inline std::vector<double> wpi()
{
    return csvColumn("forecast/wpi1.csv", 1);
}

} // namespace TestSeries
