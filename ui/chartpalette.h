#pragma once
// Every colour a SmartData chart draws with, in one place and derived from the widget palette, so that
// a chart reads as well on a dark desktop as on a light one: background and text follow the palette,
// the data colours (the metric's line, the compared series, the forecast and its bands, the anomaly
// methods) come in a light and a dark variant chosen for contrast against that background.

#include <QColor>
#include <QPalette>
#include <QString>

class QChart;

namespace Ui {

struct ChartPalette final
{
    bool dark = false;
    QColor background;    // the chart's and its plot area's
    QColor text;          // title, axis labels, legend
    QColor grid;          // gridlines: a faint step from the background
    QColor axisLine;
    QColor crosshair;
    QColor series;        // the metric's line
    QColor overlay;       // a compared series
    QColor forecast;      // the forecast line
    QColor band95;        // translucent forecast bands
    QColor band80;
    QColor boundary;      // the last observed day
    QColor markerOutline; // around anomaly markers, so that overlapping ones stay apart

    // The colour of an anomaly detection method's markers (and its name in the anomaly table).
    QColor method(const QString &method) const;

    // The chart palette for a widget palette: dark when its window colour is darker than its text.
    static ChartPalette forPalette(const QPalette &palette);
    // The chart palette of the application's palette now.
    static ChartPalette current();

    // Background, title, legend and every axis' labels, lines and grid in this palette (series keep
    // the colours they were created with: the charts create them from the same palette).
    void apply(QChart *chart) const;
};

} // namespace Ui
