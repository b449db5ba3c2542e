#include "chartpalette.h"

#include <QAbstractAxis>
#include <QApplication>
#include <QChart>
#include <QLegend>

namespace Ui {

namespace {

QColor mix(const QColor &a, const QColor &b, qreal towardsB)
{
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * towardsB),
                            float(a.greenF() + (b.greenF() - a.greenF()) * towardsB),
                            float(a.blueF() + (b.blueF() - a.blueF()) * towardsB));
}

} // namespace

QColor ChartPalette::method(const QString &method) const
{
    // Dark variants are lighter and a little less saturated: the light ones vibrate on a dark grey.
    if (method == QLatin1String("zscore"))
        return dark ? QColor(0xff, 0x6b, 0x6b) : QColor(0xd6, 0x27, 0x28);
    if (method == QLatin1String("mad"))
        return dark ? QColor(0xff, 0xb3, 0x47) : QColor(0xff, 0x7f, 0x0e);
    if (method == QLatin1String("iforest"))
        return dark ? QColor(0xc3, 0x9b, 0xf0) : QColor(0x94, 0x67, 0xbd);
    if (method == QLatin1String("stl"))
        return dark ? QColor(0x4d, 0xd0, 0xe1) : QColor(0x11, 0x8a, 0x9c);
    return dark ? QColor(0xbd, 0xbd, 0xbd) : QColor(Qt::darkGray);
}

ChartPalette ChartPalette::forPalette(const QPalette &palette)
{
    ChartPalette p;
    const QColor window = palette.color(QPalette::Window);
    const QColor text = palette.color(QPalette::WindowText);
    p.dark = window.lightnessF() < text.lightnessF();
    p.background = palette.color(QPalette::Base);
    p.text = palette.color(QPalette::Text);
    p.grid = mix(p.background, p.text, p.dark ? 0.22 : 0.15);
    p.axisLine = mix(p.background, p.text, 0.45);
    p.crosshair = mix(p.background, p.text, 0.6);
    p.markerOutline = p.background;
    if (p.dark) {
        p.series = QColor(0x5d, 0xad, 0xec);
        p.overlay = QColor(0x6f, 0xd0, 0x8c);
        p.forecast = QColor(0xff, 0x9f, 0x43);
        p.band95 = QColor(255, 159, 67, 60);
        p.band80 = QColor(255, 159, 67, 110);
        p.boundary = QColor(0xb0, 0xb0, 0xb0);
    } else {
        p.series = QColor(0x1f, 0x77, 0xb4);
        p.overlay = QColor(0x2c, 0xa0, 0x2c);
        p.forecast = QColor(0xe6, 0x55, 0x0d);
        p.band95 = QColor(255, 127, 14, 55);
        p.band80 = QColor(255, 127, 14, 100);
        p.boundary = QColor(0x55, 0x55, 0x55);
    }
    return p;
}

ChartPalette ChartPalette::current()
{
    return forPalette(QApplication::palette());
}

void ChartPalette::apply(QChart *chart) const
{
    chart->setBackgroundBrush(background);
    chart->setBackgroundPen(Qt::NoPen);
    chart->setPlotAreaBackgroundVisible(false);
    chart->setTitleBrush(text);
    chart->legend()->setLabelColor(text);
    chart->legend()->setBrush(Qt::NoBrush);
    chart->legend()->setPen(Qt::NoPen);
    const auto axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        axis->setLabelsColor(text);
        axis->setTitleBrush(text);
        axis->setGridLineColor(grid);
        axis->setMinorGridLineColor(grid);
        axis->setLinePenColor(axisLine);
    }
}

} // namespace Ui
