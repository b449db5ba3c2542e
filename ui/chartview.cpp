#include "chartview.h"

#include "common/grain.h"
#include "ui/chartpalette.h"

#include <QAbstractAxis>
#include <QChart>
#include <QContextMenuEvent>
#include <QEvent>
#include <QGraphicsLineItem>
#include <QKeyEvent>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QMenu>
#include <QMouseEvent>
#include <QToolTip>
#include <QWheelEvent>

namespace Ui {

namespace {

constexpr char LegendHiddenProperty[] = "smartdataLegendHidden";

} // namespace

ChartView::ChartView(QWidget *parent)
    : QChartView(parent)
    , m_hoverLabel(new QLabel(viewport()))
{
    setRenderHint(QPainter::Antialiasing);
    setRubberBand(QChartView::RectangleRubberBand);
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    viewport()->setMouseTracking(true);
    // A label, not a QToolTip: a tooltip is replaced by the next one (the view's own hint after a
    // second) and hides on its own timer, while this stays as long as the pointer is on its day.
    m_hoverLabel->setObjectName(QStringLiteral("chartHoverTip"));
    m_hoverLabel->setTextFormat(Qt::RichText);
    m_hoverLabel->setAutoFillBackground(true);
    m_hoverLabel->setFrameShape(QFrame::Box);
    m_hoverLabel->setMargin(4);
    m_hoverLabel->setAttribute(Qt::WA_TransparentForMouseEvents);
    m_hoverLabel->hide();
    applyPalette();
    setToolTip(tr("Drag to zoom, Shift+drag or middle button to pan, double click or Home to reset; right click for more."));
}

void ChartView::applyPalette()
{
    m_hoverLabel->setPalette(QToolTip::palette());
    if (m_crosshair) {
        QPen pen = m_crosshair->pen();
        pen.setColor(ChartPalette::forPalette(palette()).crosshair);
        m_crosshair->setPen(pen);
    }
}

void ChartView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        setToolTip(tr("Drag to zoom, Shift+drag or middle button to pan, double click or Home to reset; right click for more."));
    if (event->type() == QEvent::PaletteChange)
        applyPalette();
    QChartView::changeEvent(event);
}

void ChartView::contextMenuEvent(QContextMenuEvent *event)
{
    hideHover();
    QMenu menu(this);
    menu.addAction(tr("Reset &zoom"), this, &ChartView::resetZoom);
    if (!m_contextActions.isEmpty())
        menu.addSeparator();
    for (QAction *action : std::as_const(m_contextActions))
        menu.addAction(action);
    menu.exec(event->globalPos());
    event->accept();
}

void ChartView::resetZoom()
{
    hideHover();
    chart()->zoomReset();
    Q_EMIT zoomReset();
}

void ChartView::setHoverText(HoverText text)
{
    m_hoverText = std::move(text);
    hideHover();
}

QString ChartView::hoverText() const
{
    return m_hoverLabel->isVisible() ? m_hoverLabel->text() : QString();
}

bool ChartView::isCrosshairVisible() const
{
    return m_crosshair && m_crosshairChart == chart() && m_crosshair->isVisible();
}

qreal ChartView::crosshairX() const
{
    return isCrosshairVisible() ? m_crosshair->line().x1() : qreal(-1);
}

void ChartView::hideHover()
{
    m_hoveredDay = {};
    m_hoverLabel->hide();
    if (m_crosshair && m_crosshairChart == chart())
        m_crosshair->hide();
}

void ChartView::updateHover(const QPointF &position)
{
    QChart *chart = this->chart();
    const QPointF at = chart->mapFromScene(mapToScene(position.toPoint()));
    // Any series on the chart's axes maps positions to values (all share the date axis).
    QAbstractSeries *reference = nullptr;
    const auto allSeries = chart->series();
    for (QAbstractSeries *series : allSeries) {
        if (!series->attachedAxes().isEmpty()) {
            reference = series;
            break;
        }
    }
    if (!m_hoverText || !reference || !chart->plotArea().contains(at)) {
        hideHover();
        return;
    }
    QDate day = xToDay(chart->mapToValue(at, reference).x());
    constexpr qreal SnapPixels = 6;
    qreal nearest = SnapPixels;
    for (const QDate &snap : std::as_const(m_snapDays)) {
        const qreal distance = std::abs(chart->mapToPosition(QPointF(dayToX(snap), 0), reference).x() - at.x());
        if (distance <= nearest) {
            nearest = distance;
            day = snap;
        }
    }
    const QString text = m_hoverText(day);
    if (text.isEmpty()) {
        hideHover();
        return;
    }
    if (!m_crosshair || m_crosshairChart != chart) {
        m_crosshair = new QGraphicsLineItem(chart);
        m_crosshairChart = chart;
        QPen pen(ChartPalette::forPalette(palette()).crosshair);
        pen.setStyle(Qt::DashLine);
        pen.setWidthF(1);
        pen.setCosmetic(true);
        m_crosshair->setPen(pen);
        m_crosshair->setOpacity(0.5);
        m_crosshair->setZValue(1000);
    }
    // The crosshair sits on the day's own x (its point), not wherever the pointer is within the day.
    const qreal x = chart->mapToPosition(QPointF(dayToX(day), 0), reference).x();
    const QRectF plot = chart->plotArea();
    m_crosshair->setLine(QLineF(x, plot.top(), x, plot.bottom()));
    m_crosshair->show();
    m_hoveredDay = day;
    if (m_hoverLabel->text() != text)
        m_hoverLabel->setText(text);
    m_hoverLabel->adjustSize();
    // Beside the pointer, flipped to its other side near the viewport's right or bottom edge.
    QPoint topLeft = position.toPoint() + QPoint(16, 16);
    const QSize size = m_hoverLabel->size();
    if (topLeft.x() + size.width() > viewport()->width())
        topLeft.setX(std::max(0, position.toPoint().x() - 16 - size.width()));
    if (topLeft.y() + size.height() > viewport()->height())
        topLeft.setY(std::max(0, position.toPoint().y() - 16 - size.height()));
    m_hoverLabel->move(topLeft);
    m_hoverLabel->show();
    m_hoverLabel->raise();
}

bool ChartView::viewportEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::Leave:
        hideHover();
        break;
    case QEvent::ToolTip:
        // The view's usage hint only where the hover tooltip is not: over the axes and the legend.
        if (m_hoverLabel->isVisible())
            return true;
        break;
    default:
        break;
    }
    return QChartView::viewportEvent(event);
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
        event->accept(); // the context menu follows (contextMenuEvent)
        return;
    }
    QChartView::mousePressEvent(event);
}

void ChartView::mouseMoveEvent(QMouseEvent *event)
{
    if (event->buttons() == Qt::NoButton)
        updateHover(event->position());
    else
        hideHover();
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
        event->accept(); // QChartView would zoom out one step; the right button opens the menu
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
    hideHover();
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

void hideFromLegend(QChart *chart, QAbstractSeries *series)
{
    series->setProperty(LegendHiddenProperty, true);
    const auto markers = chart->legend()->markers(series);
    for (QLegendMarker *marker : markers)
        marker->setVisible(false);
}

void enableLegendToggling(QChart *chart)
{
    const auto markers = chart->legend()->markers();
    for (QLegendMarker *marker : markers) {
        QObject::connect(marker, &QLegendMarker::clicked, chart, [chart, marker] {
            QAbstractSeries *clicked = marker->series();
            const bool show = !clicked->isVisible();
            const auto all = chart->series();
            for (QAbstractSeries *series : all) {
                if (series == clicked || series->name() == clicked->name())
                    series->setVisible(show);
            }
            // Hiding a series hides its legend entry too (QtCharts): bring back the entries that
            // were shown, greying those of hidden series, so that a second click shows them again.
            const auto markers = chart->legend()->markers();
            for (QLegendMarker *m : markers) {
                m->setVisible(!m->series()->property(LegendHiddenProperty).toBool());
                QColor label = chart->legend()->labelColor();
                label.setAlphaF(m->series()->isVisible() ? 1.0 : 0.4);
                m->setLabelBrush(label);
            }
        });
    }
}

} // namespace Ui
