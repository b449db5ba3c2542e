#pragma once
// Words and numbers the dashboard shows, in one place so that every view says the same: a series'
// steps in words ("months: 144", "sum per month"), and values in the UI locale (thousands
// separators, its decimal mark) with as many decimals as their scale needs.

#include "common/grain.h"

#include <QCoreApplication>
#include <QString>

class QChart;
class QValueAxis;

namespace Ui {

class ChartText final
{
    Q_DECLARE_TR_FUNCTIONS(Ui::ChartText)

public:
    // "days: 997", "weeks: 52", "months: 144", "quarters: 8" (count in the UI locale).
    static QString stepCount(Common::Grain grain, qint64 count);
    // "Sum per day", "average per month": `what` is the aggregate's name, as it should appear.
    static QString perStep(const QString &what, Common::Grain grain);
    // "days", "weeks", "months", "quarters" (translated).
    static QString units(Common::Grain grain);
    // "1 day", "12 days", "1 month", "11 months" (count in the UI locale).
    static QString steps(Common::Grain grain, qint64 count);
    // A value in the UI locale with `decimals` decimals and thousands separators.
    static QString value(double value, int decimals);
    // A value with the decimals it needs: none for whole numbers and values of 1,000 or more, else 2.
    static QString value(double value);
};

// The decimals that tell apart values `step` apart (0 for steps of 1 and more).
int decimalsFor(double step);

// Gives a value axis a nice range covering [min, max] (from 0 when all values are non-negative)
// and labels in the UI locale: thousands separators, its decimal mark, decimals for the tick step.
void setValueAxisRange(QChart *chart, QValueAxis *axis, double min, double max);

} // namespace Ui
