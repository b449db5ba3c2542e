#include "chartview.h"

#include "common/grain.h"

#include <QAbstractAxis>
#include <QChart>
#include <QEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

namespace Ui {

ChartView::ChartView(QWidget *parent)
    : QChartView(parent)
{
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::RectangleRubberBand);
    setFocusPolicy(Qt::StrongFocus);
    setToolTip(tr("Drag to zoom, Shift+drag or middle button to pan, double click or Home to reset."));
}

void ChartView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        setToolTip(tr("Drag to zoom, Shift+drag or middle button to pan, double click or Home to reset."));
    QChartView::changeEvent(event);
}

void ChartView::resetZoom()
{
    chart()->zoomReset();
    Q_EMIT zoomReset();
}

void ChartView::mousePressEvent(QMouseEvent *event)
{
    const bool pan = event->button() == Qt::MiddleButton
                  || (event->button() == Qt::LeftButton && event->modifiers().testFlag(Qt::ShiftModifier));
    if (pan) {
        m_panning = true;
        m_lastPanPosition = event->position();
        setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    if (event->button() == Qt::RightButton) {
        resetZoom();
        event->accept();
        return;
    }
    QChartView::mousePressEvent(event);
}

void ChartView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const QPointF delta = event->position() - m_lastPanPosition;
        chart()->scroll(-delta.x(), delta.y());
        m_lastPanPosition = event->position();
        event->accept();
        return;
    }
    QChartView::mouseMoveEvent(event);
}

void ChartView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning) {
        m_panning = false;
        unsetCursor();
        event->accept();
        return;
    }
    if (event->button() == Qt::RightButton) {
        event->accept(); // QChartView would zoom out one step; the press already reset
        return;
    }
    QChartView::mouseReleaseEvent(event);
}

void ChartView::mouseDoubleClickEvent(QMouseEvent *event)
{
    resetZoom();
    event->accept();
}

void ChartView::wheelEvent(QWheelEvent *event)
{
    const int steps = event->angleDelta().y();
    if (steps != 0)
        chart()->zoom(steps > 0 ? 1.25 : 0.8);
    event->accept();
}

void ChartView::keyPressEvent(QKeyEvent *event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: chart()->zoomIn(); break;
    case Qt::Key_Minus: chart()->zoomOut(); break;
    case Qt::Key_Left: chart()->scroll(-30, 0); break;
    case Qt::Key_Right: chart()->scroll(30, 0); break;
    case Qt::Key_Up: chart()->scroll(0, 30); break;
    case Qt::Key_Down: chart()->scroll(0, -30); break;
    case Qt::Key_Home:
    case Qt::Key_Escape: resetZoom(); break;
    default: QChartView::keyPressEvent(event); return;
    }
    event->accept();
}

DayScale::DayScale()
    : m_zone(QTimeZone::systemTimeZone())
{
}

qreal DayScale::x(const QDate &day) const
{
    // An unknown system zone leaves the conversion to the C library, as the axis does.
    return qreal((m_zone.isValid() ? day.startOfDay(m_zone) : day.startOfDay()).toMSecsSinceEpoch());
}

qreal dayToX(const QDate &day)
{
    return DayScale().x(day);
}

QDate xToDay(qreal x)
{
    // Half a day later, so that a point anywhere within a day's 24 hours maps to that day.
    return QDateTime::fromMSecsSinceEpoch(qint64(x) + 12 * 3600 * 1000).date();
}

QList<LineSegment> lineSegments(const QList<QPair<QDate, double>> &points, const QString &name, const QColor &color)
{
    const DayScale scale;
    // A line joins points one step of their own grain apart: the next day, or the next week or
    // month for a weekly or monthly series; anything further is a gap.
    QList<QDate> days;
    days.reserve(points.size());
    for (const auto &point : points)
        days.append(point.first);
    const Common::Grain grain = Common::grainOf(days);
    const auto nextStep = [grain](const QDate &a, const QDate &b) {
        return Common::stepIndex(grain, b) - Common::stepIndex(grain, a) == 1;
    };
    QList<LineSegment> segments;
    QDate previous;
    for (const auto &[day, value] : points) {
        if (segments.isEmpty() || !nextStep(previous, day)) {
            auto *series = new QLineSeries;
            series->setName(name);
            series->setColor(color);
            segments.append(LineSegment{series, {}});
        }
        segments.last().points.append(QPointF(scale.x(day), value));
        previous = day;
    }
    for (const LineSegment &segment : std::as_const(segments)) {
        if (segment.points.size() == 1) {
            segment.series->setPointsVisible(true);
            segment.series->setMarkerSize(6);
        }
    }
    return segments;
}

void attachSeries(QChart *chart, QXYSeries *series, const QList<QPointF> &points, QAbstractAxis *xAxis, QAbstractAxis *yAxis)
{
    series->clear();
    chart->addSeries(series);
    series->attachAxis(xAxis);
    series->attachAxis(yAxis);
    series->replace(points);
}

} // namespace Ui
