#include "chartformat.h"

#include <QChart>
#include <QLocale>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace Ui {

QString ChartText::stepCount(Common::Grain grain, qint64 count)
{
    const QString n = QLocale().toString(count);
    switch (grain) {
    case Common::Grain::Week: return tr("weeks: %1").arg(n);
    case Common::Grain::Month: return tr("months: %1").arg(n);
    case Common::Grain::Quarter: return tr("quarters: %1").arg(n);
    case Common::Grain::Day: break;
    }
    return tr("days: %1").arg(n);
}

QString ChartText::perStep(const QString &what, Common::Grain grain)
{
    switch (grain) {
    case Common::Grain::Week: return tr("%1 per week").arg(what);
    case Common::Grain::Month: return tr("%1 per month").arg(what);
    case Common::Grain::Quarter: return tr("%1 per quarter").arg(what);
    case Common::Grain::Day: break;
    }
    return tr("%1 per day").arg(what);
}

QString ChartText::units(Common::Grain grain)
{
    switch (grain) {
    case Common::Grain::Week: return tr("weeks");
    case Common::Grain::Month: return tr("months");
    case Common::Grain::Quarter: return tr("quarters");
    case Common::Grain::Day: break;
    }
    return tr("days");
}

QString ChartText::steps(Common::Grain grain, qint64 count)
{
    const QString n = QLocale().toString(count);
    switch (grain) {
    case Common::Grain::Week: return count == 1 ? tr("1 week") : tr("%1 weeks").arg(n);
    case Common::Grain::Month: return count == 1 ? tr("1 month") : tr("%1 months").arg(n);
    case Common::Grain::Quarter: return count == 1 ? tr("1 quarter") : tr("%1 quarters").arg(n);
    case Common::Grain::Day: break;
    }
    return count == 1 ? tr("1 day") : tr("%1 days").arg(n);
}

QString ChartText::value(double value, int decimals)
{
    return QLocale().toString(value, 'f', decimals);
}

QString ChartText::value(double value)
{
    const bool whole = value == std::floor(value) || std::abs(value) >= 1000;
    return ChartText::value(value, whole ? 0 : 2);
}

int decimalsFor(double step)
{
    if (!(step > 0) || !std::isfinite(step) || step >= 1)
        return 0;
    return std::clamp(int(std::ceil(-std::log10(step) - 1e-9)), 0, 6);
}

void setValueAxisRange(QChart *chart, QValueAxis *axis, double min, double max)
{
    const double pad = std::max(max - min, std::abs(max)) * 0.08;
    const double lower = min >= 0 ? 0.0 : min - (pad > 0 ? pad : 1);
    double upper = max + (pad > 0 ? pad : 1);
    if (!(upper > lower))
        upper = lower + 1;
    axis->setRange(lower, upper);
    axis->applyNiceNumbers();
    const double step = (axis->max() - axis->min()) / std::max(1, axis->tickCount() - 1);
    // QtCharts formats "%.Nf" with the chart's locale when it localizes numbers: QLocale::toString,
    // thousands separators and the locale's decimal mark included.
    axis->setLabelFormat(QStringLiteral("%.%1f").arg(decimalsFor(step)));
    chart->setLocale(QLocale());
    chart->setLocalizeNumbers(true);
}

} // namespace Ui
