#pragma once
// A QChartView with the interactions every SmartData chart shares: rubber-band zoom (drag a
// rectangle), pan (middle button or Shift + left drag, arrow keys), zoom with +/- and the wheel,
// and reset (Home, Escape, double click or the right button). Helpers build gap-aware line series.

#include <QChartView>
#include <QDate>
#include <QLineSeries>

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

// The x value of a day on a QDateTimeAxis (local midnight, as the axis shows local time).
qreal dayToX(const QDate &day);
// The day nearest to an x value.
QDate xToDay(qreal x);

// One QLineSeries per run of consecutive days: a missing day breaks the line instead of being drawn
// as zero. A run of a single day shows as a marker. Points must be sorted by day.
QList<QLineSeries *> lineSegments(const QList<QPair<QDate, double>> &points, const QString &name, const QColor &color);

} // namespace Ui
