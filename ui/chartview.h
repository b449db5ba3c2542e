#pragma once
// A QChartView with the interactions every SmartData chart shares: rubber-band zoom (drag a
// rectangle), pan (middle button or Shift + left drag, arrow keys), zoom with +/- and the wheel,
// reset (Home, Escape or double click), a context menu on the right button (reset zoom plus the
// actions the chart adds: export, clearing markers...), and hover: a vertical crosshair on the day
// under the pointer with a tooltip that stays as long as the pointer does (the chart says what it
// shows for a day through setHoverText). Helpers build gap-aware line series and let legend clicks
// hide and show series.

#include <QChartView>
#include <QDate>
#include <QLineSeries>
#include <QPointer>
#include <QTimeZone>

#include <functional>

class QAction;
class QGraphicsLineItem;
class QLabel;

namespace Ui {

class ChartView final : public QChartView
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChartView)

public:
    explicit ChartView(QWidget *parent = nullptr);

    void resetZoom();

    // The hover tooltip's rich text for a day (empty: nothing to say about that day, no tooltip).
    using HoverText = std::function<QString(const QDate &day)>;
    void setHoverText(HoverText text);
    // Days the pointer snaps to within a few pixels (anomalies: on a dense chart a day is less than
    // a pixel wide, and the marker is what the person points at).
    void setHoverSnapDays(const QList<QDate> &days) { m_snapDays = days; }
    // The day under the pointer and what the tooltip says (both empty while there is no tooltip).
    QDate hoveredDay() const { return m_hoveredDay; }
    QString hoverText() const;
    QLabel *hoverLabel() const { return m_hoverLabel; }
    bool isCrosshairVisible() const;
    // The crosshair's x in the chart's coordinates.
    qreal crosshairX() const;
    void hideHover();
    // Actions of the chart that owns the view, listed in its context menu after "Reset zoom".
    void setContextActions(const QList<QAction *> &actions) { m_contextActions = actions; }
    QList<QAction *> contextActions() const { return m_contextActions; }

Q_SIGNALS:
    void zoomReset();

protected:
    bool viewportEvent(QEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void changeEvent(QEvent *event) override;
    void contextMenuEvent(QContextMenuEvent *event) override;

private:
    void applyPalette();
    void updateHover(const QPointF &position);

    bool m_panning = false;
    QPointF m_lastPanPosition;
    HoverText m_hoverText;
    QLabel *m_hoverLabel = nullptr;
    QGraphicsLineItem *m_crosshair = nullptr; // a child of m_crosshairChart, which deletes it
    QPointer<QChart> m_crosshairChart;
    QDate m_hoveredDay;
    QList<QDate> m_snapDays;
    QList<QAction *> m_contextActions;
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

// Hides a series' entry from the legend (the second and later segments of a line broken by gaps)
// for good: legend clicks show again only the entries that were not hidden so.
void hideFromLegend(QChart *chart, QAbstractSeries *series);
// Clicking a legend entry hides or shows its series, with every series of the same name (a line's
// segments); a hidden series' entry stays, greyed. Call after the chart's series are added.
void enableLegendToggling(QChart *chart);

} // namespace Ui
