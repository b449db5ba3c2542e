#include "kpichart.h"

#include "common/grain.h"
#include "ui/chartformat.h"
#include "ui/chartview.h"
#include "ui/dateaxis.h"

#include <QChart>
#include <QCursor>
#include <QLegendMarker>
#include <QLocale>
#include <QScatterSeries>
#include <QToolTip>
#include <QValueAxis>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace Ui {

QString aggregateName(Aggregate aggregate)
{
    switch (aggregate) {
    case Aggregate::Sum: return KpiChart::tr("Sum");
    case Aggregate::Count: return KpiChart::tr("Count");
    case Aggregate::Average: return KpiChart::tr("Average");
    case Aggregate::Distinct: return KpiChart::tr("Distinct users");
    case Aggregate::Min: return KpiChart::tr("Minimum");
    case Aggregate::Max: return KpiChart::tr("Maximum");
    }
    return {};
}

QString aggregatePhrase(Aggregate aggregate)
{
    switch (aggregate) {
    case Aggregate::Sum: return KpiChart::tr("sum", "inside a sentence: sum per day");
    case Aggregate::Count: return KpiChart::tr("count", "inside a sentence: count per day");
    case Aggregate::Average: return KpiChart::tr("average", "inside a sentence: average per day");
    case Aggregate::Distinct: return KpiChart::tr("distinct users", "inside a sentence: distinct users per day");
    case Aggregate::Min: return KpiChart::tr("minimum", "inside a sentence: minimum per day");
    case Aggregate::Max: return KpiChart::tr("maximum", "inside a sentence: maximum per day");
    }
    return {};
}

std::optional<double> aggregateValue(const Kpi::DailyRow &row, Aggregate aggregate)
{
    switch (aggregate) {
    case Aggregate::Sum: return row.sum;
    case Aggregate::Count: return double(row.count);
    case Aggregate::Average: return row.avg;
    case Aggregate::Distinct:
        if (row.distinct)
            return double(*row.distinct);
        return std::nullopt;
    case Aggregate::Min: return row.min;
    case Aggregate::Max: return row.max;
    }
    return std::nullopt;
}

std::optional<Anomaly::ValueField> anomalyField(Aggregate aggregate)
{
    switch (aggregate) {
    case Aggregate::Sum: return Anomaly::ValueField::Sum;
    case Aggregate::Count: return Anomaly::ValueField::Count;
    case Aggregate::Average: return Anomaly::ValueField::Avg;
    case Aggregate::Distinct: return Anomaly::ValueField::Distinct;
    case Aggregate::Min:
    case Aggregate::Max: break;
    }
    return std::nullopt;
}

QString forecastField(Aggregate aggregate)
{
    // The forecast service reads the same columns as the detectors.
    const auto field = anomalyField(aggregate);
    return field ? Anomaly::valueFieldName(*field) : QString();
}

QColor methodColor(const QString &method)
{
    if (method == QLatin1String("zscore"))
        return QColor(0xd6, 0x27, 0x28);
    if (method == QLatin1String("mad"))
        return QColor(0xff, 0x7f, 0x0e);
    if (method == QLatin1String("iforest"))
        return QColor(0x94, 0x67, 0xbd);
    return QColor(Qt::darkGray);
}

QScatterSeries::MarkerShape methodShape(const QString &method)
{
    if (method == QLatin1String("mad"))
        return QScatterSeries::MarkerShapeRectangle;
    if (method == QLatin1String("iforest"))
        return QScatterSeries::MarkerShapeTriangle;
    return QScatterSeries::MarkerShapeCircle;
}

qreal methodMarkerSize(const QString &method)
{
    if (method == QLatin1String("mad"))
        return 8;
    if (method == QLatin1String("iforest"))
        return 11;
    return 14;
}

QString anomalyExplanation(const Anomaly::StoredAnomaly &anomaly, Common::Grain grain)
{
    const QLocale locale;
    const QJsonObject &p = anomaly.params;
    const QString score = anomaly.score ? locale.toString(*anomaly.score, 'f', 2) : KpiChart::tr("n/a");
    if (anomaly.method == QLatin1String("iforest")) {
        const QJsonValue contamination = p.value(QStringLiteral("contamination"));
        return KpiChart::tr("score = %1 (below 0 = outlier; contamination %2)")
            .arg(score, contamination.isString() ? contamination.toString() : locale.toString(contamination.toDouble()));
    }
    const QString kind = anomaly.method == QLatin1String("mad") ? KpiChart::tr("robust z") : KpiChart::tr("z");
    const int window = p.value(QStringLiteral("window")).toInt();
    // Seasonal windows compare like with like: a weekday with that weekday of earlier weeks, a month
    // or quarter with itself in earlier years; a weekly series has a single weekday already.
    const bool seasonal = p.value(QStringLiteral("seasonal")).toBool() && grain != Common::Grain::Week;
    QString pattern;
    switch (grain) {
    case Common::Grain::Day:
        pattern = seasonal ? KpiChart::tr("%1 = %2 (|z| ≥ %3; same weekday of the last %4 weeks)")
                           : KpiChart::tr("%1 = %2 (|z| ≥ %3; trailing %4-day window)");
        break;
    case Common::Grain::Week:
        pattern = KpiChart::tr("%1 = %2 (|z| ≥ %3; trailing %4-week window)");
        break;
    case Common::Grain::Month:
        pattern = seasonal ? KpiChart::tr("%1 = %2 (|z| ≥ %3; same month of the last %4 years)")
                           : KpiChart::tr("%1 = %2 (|z| ≥ %3; trailing %4-month window)");
        break;
    case Common::Grain::Quarter:
        pattern = seasonal ? KpiChart::tr("%1 = %2 (|z| ≥ %3; same quarter of the last %4 years)")
                           : KpiChart::tr("%1 = %2 (|z| ≥ %3; trailing %4-quarter window)");
        break;
    }
    return pattern.arg(kind, score, locale.toString(p.value(QStringLiteral("threshold")).toDouble())).arg(window);
}

KpiChart::KpiChart(QWidget *parent)
    : QWidget(parent)
    , m_view(new ChartView(this))
{
    setObjectName(QStringLiteral("kpiChart"));
    m_view->setObjectName(QStringLiteral("kpiChartView"));
    m_view->setChart(new QChart);
    m_view->chart()->legend()->setAlignment(Qt::AlignBottom);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    setMinimumHeight(260);
    m_view->setHoverText([this](const QDate &day) { return hoverText(day); });
}

QChart *KpiChart::chart() const
{
    return m_view->chart();
}

void KpiChart::clear()
{
    setData({}, {}, m_aggregate, {});
}

void KpiChart::setData(const QString &title, const QList<Kpi::DailyRow> &rows, Aggregate aggregate,
                       const QList<Anomaly::StoredAnomaly> &anomalies)
{
    m_rows = rows;
    m_rowIndex.clear();
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        m_rowIndex.insert(m_rows.at(i).day, int(i));
    m_aggregate = aggregate;
    m_view->hideHover();
    QChart *chart = m_view->chart();
    chart->removeAllSeries();
    const auto axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        chart->removeAxis(axis);
        delete axis;
    }
    chart->setTitle(title);

    QList<QPair<QDate, double>> points;
    QHash<QDate, double> valueOfDay;
    for (const Kpi::DailyRow &row : rows) {
        if (const auto value = aggregateValue(row, aggregate)) {
            points.append({row.day, *value});
            valueOfDay.insert(row.day, *value);
        }
    }
    m_points = int(points.size());
    if (points.isEmpty()) {
        m_segments = 0;
        m_anomalies.clear();
        m_anomalyDays.clear();
        m_anomalyMarkers = 0;
        chart->setTitle(title.isEmpty() ? QString() : tr("%1 — no days in this range").arg(title));
        return;
    }

    // The axes get their final ranges before any series is attached: a series attached to an axis
    // with a range takes it, while a range set afterwards re-lays out every series' path again.
    double minY = points.first().second, maxY = minY;
    for (const auto &point : std::as_const(points)) {
        minY = std::min(minY, point.second);
        maxY = std::max(maxY, point.second);
    }
    auto *xAxis = new DateAxis;
    {
        QList<QDate> days;
        days.reserve(points.size());
        for (const auto &point : std::as_const(points))
            days.append(point.first);
        bool monthEnd = false;
        m_grain = Common::grainOf(days, &monthEnd);
        xAxis->setTickOptions(m_grain == Common::Grain::Week ? days.first().dayOfWeek() : 0, monthEnd);
    }
    xAxis->setDays(points.first().first, points.last().first);
    xAxis->follow(chart);
    auto *yAxis = new QValueAxis;
    setValueAxisRange(chart, yAxis, minY, maxY);
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);

    const QList<LineSegment> segments = lineSegments(points, aggregateName(aggregate), QColor(0x1f, 0x77, 0xb4));
    m_segments = int(segments.size());
    for (const LineSegment &segment : segments) {
        attachSeries(chart, segment.series, segment.points, xAxis, yAxis);
        if (&segment != &segments.first())
            hideFromLegend(chart, segment.series);
    }

    // Anomaly markers: flagged days inside the range, one scatter series per method.
    m_anomalies.clear();
    m_anomalyDays.clear();
    m_anomalyMarkers = 0;
    QMap<QString, QScatterSeries *> byMethod;
    const DayScale scale;
    for (const Anomaly::StoredAnomaly &anomaly : anomalies) {
        if (!anomaly.isOutlier || !valueOfDay.contains(anomaly.day))
            continue;
        QScatterSeries *&series = byMethod[anomaly.method];
        if (!series) {
            series = new QScatterSeries;
            series->setName(anomaly.method);
            series->setColor(methodColor(anomaly.method));
            series->setBorderColor(Qt::white);
            // Methods that flag the same day stay distinguishable: a shape and size of their own,
            // the smaller drawn over the larger.
            series->setMarkerShape(methodShape(anomaly.method));
            series->setMarkerSize(methodMarkerSize(anomaly.method));
        }
        series->append(scale.x(anomaly.day), valueOfDay.value(anomaly.day));
        m_anomalies.append(anomaly);
        m_anomalyDays.append(anomaly.day);
        ++m_anomalyMarkers;
    }
    std::sort(m_anomalyDays.begin(), m_anomalyDays.end());
    m_anomalyDays.erase(std::unique(m_anomalyDays.begin(), m_anomalyDays.end()), m_anomalyDays.end());
    m_view->setHoverSnapDays(m_anomalyDays);
    for (QScatterSeries *series : std::as_const(byMethod)) {
        // Days, not markers: a method flags a day once.
        series->setName(tr("Anomalies (%1): %2").arg(series->name(), ChartText::steps(m_grain, series->count())));
    }
    QList<QScatterSeries *> largestFirst = byMethod.values();
    std::stable_sort(largestFirst.begin(), largestFirst.end(),
                     [](const QScatterSeries *a, const QScatterSeries *b) { return a->markerSize() > b->markerSize(); });
    for (QScatterSeries *series : std::as_const(largestFirst)) {
        chart->addSeries(series);
        series->attachAxis(xAxis);
        series->attachAxis(yAxis);
    }
    enableLegendToggling(chart);
    chart->zoomReset();
}

void KpiChart::focusDay(const QDate &day)
{
    QChart *chart = m_view->chart();
    if (m_points == 0 || chart->series().isEmpty())
        return;
    chart->zoomReset();
    QAbstractSeries *series = chart->series().first();
    const auto yAxes = chart->axes(Qt::Vertical);
    const auto *yAxis = yAxes.isEmpty() ? nullptr : qobject_cast<QValueAxis *>(yAxes.first());
    if (!yAxis)
        return;
    const QPointF topLeft = chart->mapToPosition(QPointF(dayToX(day.addDays(-14)), yAxis->max()), series);
    const QPointF bottomRight = chart->mapToPosition(QPointF(dayToX(day.addDays(14)), yAxis->min()), series);
    const QRectF area = QRectF(topLeft, bottomRight).normalized().intersected(chart->plotArea());
    if (area.isValid())
        chart->zoomIn(area);
}

int KpiChart::pointCount() const
{
    return m_points;
}

int KpiChart::segmentCount() const
{
    return m_segments;
}

QList<QDate> KpiChart::anomalyDays() const
{
    return m_anomalyDays;
}

int KpiChart::anomalyMarkerCount() const
{
    return m_anomalyMarkers;
}

QString KpiChart::hoverText(const QDate &day) const
{
    const auto it = m_rowIndex.constFind(day);
    if (it == m_rowIndex.cend())
        return {};
    const Kpi::DailyRow &row = m_rows.at(*it);
    const auto value = aggregateValue(row, m_aggregate);
    if (!value)
        return {};
    const QLocale locale;
    QString text = tr("<b>%1</b><br>%2: %3<br>Events: %4")
                       .arg(locale.toString(day, QLocale::LongFormat), aggregateName(m_aggregate), ChartText::value(*value),
                            locale.toString(row.count));
    for (const Anomaly::StoredAnomaly &anomaly : m_anomalies) {
        if (anomaly.day == day) {
            text += QStringLiteral("<br><span style='color:%1'>").arg(methodColor(anomaly.method).name())
                  + tr("Anomaly (%1): %2").arg(anomaly.method, anomalyExplanation(anomaly, m_grain).toHtmlEscaped())
                  + QStringLiteral("</span>");
        }
    }
    return text;
}

} // namespace Ui
