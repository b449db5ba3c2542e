#pragma once
// A QChartView with the interactions every SmartData chart shares: rubber-band zoom (drag a
// rectangle), pan (middle button or Shift + left drag, arrow keys), zoom with +/- and the wheel,
// and reset (Home, Escape, double click or the right button). Helpers build gap-aware line series.

#include <QChartView>
#include <QDate>
#include <QLineSeries>
#include <QTimeZone>

namespace Ui {

class ChartView final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartView)

public:
    explicit ChartView(QWidget *parent = nullptr);

    void resetZoom();

Q_SIGNALS:
    void zoomReset();

protected:
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    bool m_panning = false;
    QPointF m_lastPanPosition;
};

// Maps days to x values on a chart's date axis (ui/dateaxis.h): local midnight in milliseconds. Make one
// per chart update and use it for all its points: QDate::startOfDay() in local time goes through
// mktime(), which re-reads the system time zone file (a stat() per call) unless TZ is set, and a
// redraw converts thousands of days.
class DayScale final
{
public:
    DayScale();
    qreal x(const QDate &day) const;

private:
    QTimeZone m_zone;
};

// The x value of a single day (see DayScale for many).
qreal dayToX(const QDate &day);
// The day nearest to an x value.
QDate xToDay(qreal x);

// A run of consecutive steps: its series (named and coloured, still empty) and its points.
struct LineSegment final
{
    QLineSeries *series = nullptr;
    QList<QPointF> points;
};

// One QLineSeries per run of consecutive steps (days; or weeks or months when the points fall on one
// weekday or one day of each month, common/grain.h): a missing step breaks the line
// instead of being drawn as zero. A run of a single step shows as a marker. Points must be sorted by
// day. The series come empty; give them their points with attachSeries().
QList<LineSegment> lineSegments(const QList<QPair<QDate, double>> &points, const QString &name, const QColor &color);

// Adds a series to a chart on two axes and only then gives it its points. QtCharts lays out a
// series that has points (its whole path and hover shape, the costly part of a redraw) when it is
// added and again for each axis it is attached to; an empty series is laid out once, when its
// points arrive. Give the axes their ranges first.
void attachSeries(QChart *chart, QXYSeries *series, const QList<QPointF> &points, QAbstractAxis *xAxis, QAbstractAxis *yAxis);

} // namespace Ui
