#include "kpichart.h"

#include "common/grain.h"
#include "ui/chartexport.h"
#include "ui/chartexportdialog.h"
#include "ui/chartformat.h"
#include "ui/chartpalette.h"
#include "ui/chartview.h"
#include "ui/dateaxis.h"

#include <QAction>
#include <QChart>
#include <QComboBox>
#include <QCursor>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QFontMetricsF>
#include <QLegend>
#include <QLegendMarker>
#include <QLocale>
#include <QMenu>
#include <QScatterSeries>
#include <QSet>
#include <QToolButton>
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
    return ChartPalette::current().method(method);
}

QScatterSeries::MarkerShape methodShape(const QString &method)
{
    if (method == QLatin1String("mad"))
        return QScatterSeries::MarkerShapeRectangle;
    if (method == QLatin1String("iforest"))
        return QScatterSeries::MarkerShapeTriangle;
    if (method == QLatin1String("zscore"))
        return QScatterSeries::MarkerShapeCircle;
    if (method == QLatin1String("stl"))
        return QScatterSeries::MarkerShapeRotatedRectangle;
    return QScatterSeries::MarkerShapeStar; // a method added later still differs from the three

}

qreal methodMarkerSize(const QString &method)
{
    if (method == QLatin1String("mad"))
        return 8;
    if (method == QLatin1String("iforest"))
        return 11;
    if (method == QLatin1String("zscore"))
        return 14;
    if (method == QLatin1String("stl"))
        return 10; // drawn over a zscore circle of the same day, inside it
    return 16;
}

namespace {
// The legend labels of a marker series, in full and short (KpiChart::fitLegend()).
constexpr char LegendLongLabel[] = "smartdataLegendLong";
constexpr char LegendShortLabel[] = "smartdataLegendShort";
} // namespace

QString anomalyExplanation(const Anomaly::StoredAnomaly &anomaly, Common::Grain grain)
{
    const QLocale locale;
    // The seasonal test stores what a sentence needs (kind, baseline, threshold): say it in the UI's
    // language and number format rather than the core's English, 6-digit reason.
    if (anomaly.method == QLatin1String("stl") && anomaly.value && anomaly.score && anomaly.baseline
        && anomaly.threshold) {
        const auto number = [&locale](double v) {
            return locale.toString(v, 'f', std::abs(v) >= 100 ? 0 : 2);
        };
        const QString sd = locale.toString(std::abs(*anomaly.score), 'f', 1);
        const QString threshold = locale.toString(*anomaly.threshold);
        switch (anomaly.kind) {
        case Anomaly::AnomalyKind::Spike:
            return KpiChart::tr("Spike: %1 is %2 robust sd above the expected %3 (season and level; flagged from %4 sd)")
                .arg(number(*anomaly.value), sd, number(*anomaly.baseline), threshold);
        case Anomaly::AnomalyKind::Dip:
            return KpiChart::tr("Dip: %1 is %2 robust sd below the expected %3 (season and level; flagged from %4 sd)")
                .arg(number(*anomaly.value), sd, number(*anomaly.baseline), threshold);
        case Anomaly::AnomalyKind::LevelShift:
            return KpiChart::tr("Level shift: the level moved away from %1 by %2 noise sd (a shift needs %3) and "
                                "stayed there; later days are judged against the new level")
                .arg(number(*anomaly.baseline), sd, threshold);
        case Anomaly::AnomalyKind::None:
            break;
        }
    }
    // Runs stored since schema 8 say why in their own words; older ones are explained from their score.
    if (!anomaly.reason.isEmpty())
        return anomaly.reason;
    const QJsonObject &p = anomaly.params;
    const QString score = anomaly.score ? locale.toString(*anomaly.score, 'f', 2) : KpiChart::tr("n/a");
    if (anomaly.method == QLatin1String("stl")) {
        // The seasonal test has no trailing window: it measures the residual after season and level.
        return KpiChart::tr("robust z = %1 against the expected season and level (|z| ≥ %2)")
            .arg(score, locale.toString(p.value(QStringLiteral("threshold")).toDouble()));
    }
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

    m_rollupLabel = new QLabel(this);
    m_rollupBox = new QComboBox(this);
    m_rollupBox->setObjectName(QStringLiteral("chartRollup"));
    m_rollupLabel->setBuddy(m_rollupBox);
    for (Rollup rollup : {Rollup::None, Rollup::Week, Rollup::Month})
        m_rollupBox->addItem(QString(), int(rollup));
    m_compareButton = new QToolButton(this);
    m_compareButton->setObjectName(QStringLiteral("chartCompare"));
    m_compareButton->setPopupMode(QToolButton::InstantPopup);
    m_compareButton->setMenu(new QMenu(m_compareButton));
    m_exportButton = new QToolButton(this);
    m_exportButton->setObjectName(QStringLiteral("chartExport"));
    m_exportAction = new QAction(this);
    m_exportAction->setObjectName(QStringLiteral("chartExportAction"));
    m_exportButton->setDefaultAction(m_exportAction);
    m_clearMarkersAction = new QAction(this);
    m_clearMarkersAction->setObjectName(QStringLiteral("chartClearMarkers"));
    m_view->setContextActions({m_exportAction, m_clearMarkersAction});

    auto *tools = new QHBoxLayout;
    tools->setContentsMargins(0, 0, 0, 0);
    tools->addStretch(1);
    tools->addWidget(m_rollupLabel);
    tools->addWidget(m_rollupBox);
    tools->addWidget(m_compareButton);
    tools->addWidget(m_exportButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(tools);
    layout->addWidget(m_view, 1);
    setMinimumHeight(260);
    m_view->setHoverText([this](const QDate &day) { return hoverText(day); });

    connect(m_exportAction, &QAction::triggered, this, &KpiChart::exportChart);
    connect(m_clearMarkersAction, &QAction::triggered, this, [this] {
        if (m_markersCleared)
            showMarkers();
        else
            clearMarkers();
    });
    connect(m_rollupBox, &QComboBox::currentIndexChanged, this,
            [this] { setRollup(Rollup(m_rollupBox->currentData().toInt())); });
    retranslateUi();
    render();
}

void KpiChart::retranslateUi()
{
    m_rollupLabel->setText(tr("&Roll up:"));
    for (int i = 0; i < m_rollupBox->count(); ++i)
        m_rollupBox->setItemText(i, RollupText::name(Rollup(m_rollupBox->itemData(i).toInt())));
    m_compareButton->setText(tr("Compare"));
    m_compareButton->setToolTip(tr("Draw a second series with this one: another metric on its own axis, or this metric "
                                   "in another source."));
    m_exportAction->setText(tr("Export chart…"));
    m_exportAction->setIconText(tr("Export…"));
    m_exportAction->setToolTip(tr("Save the chart as PNG, SVG or PDF, or its plotted points as CSV."));
    rebuildCompareMenu();
    updateControls();
}

void KpiChart::changeEvent(QEvent *event)
{
    switch (event->type()) {
    case QEvent::LanguageChange:
        retranslateUi();
        break;
    case QEvent::PaletteChange:
        render(); // every colour comes from the palette
        break;
    default:
        break;
    }
    QWidget::changeEvent(event);
}

void KpiChart::updateControls()
{
    m_clearMarkersAction->setText(m_markersCleared ? tr("Show anomaly markers") : tr("Clear anomaly markers"));
    m_clearMarkersAction->setEnabled(m_markersCleared || m_anomalyMarkers > 0);
    const bool available = isRollupAvailable();
    m_rollupBox->setEnabled(available);
    if (m_aggregate == Aggregate::Distinct)
        m_rollupBox->setToolTip(tr("Distinct users do not add up over days (a user of two days counts once in the week); "
                                   "choose another aggregate to roll up."));
    else if (m_dataGrain != Common::Grain::Day)
        m_rollupBox->setToolTip(tr("The series is not daily."));
    else
        m_rollupBox->setToolTip(tr("Show weeks or months: sums and counts add up, the average is the period's sum over "
                                   "its count, minimum and maximum those of its days. Anomaly markers flag days and are "
                                   "not drawn on a rolled-up chart."));
    m_exportAction->setEnabled(m_points > 0);
}

void KpiChart::rebuildCompareMenu()
{
    QMenu *menu = m_compareButton->menu();
    qDeleteAll(menu->findChildren<QMenu *>(Qt::FindDirectChildrenOnly));
    menu->clear();
    QMenu *metrics = menu->addMenu(m_source.isEmpty() ? tr("Another metric (own axis)")
                                                      : tr("Another metric of %1 (own axis)").arg(m_source));
    QMenu *sources = menu->addMenu(m_metric.isEmpty() ? tr("This metric in another source")
                                                      : tr("%1 in another source").arg(m_metric));
    for (const auto &[source, metric] : std::as_const(m_compareSeries)) {
        if (source == m_source && metric != m_metric) {
            metrics->addAction(metric, this, [this, source, metric] { Q_EMIT overlayRequested(source, metric, true); });
        } else if (metric == m_metric && source != m_source) {
            sources->addAction(source, this, [this, source, metric] { Q_EMIT overlayRequested(source, metric, false); });
        }
    }
    metrics->setEnabled(!metrics->isEmpty());
    sources->setEnabled(!sources->isEmpty());
    menu->addSeparator();
    QAction *remove = menu->addAction(tr("Remove comparison"), this, [this] {
        clearOverlay();
        Q_EMIT overlayCleared();
    });
    remove->setEnabled(m_overlay.has_value());
    // Until someone says what there is to compare with, the button would offer nothing.
    m_compareButton->setVisible(!m_compareSeries.isEmpty() || m_overlay.has_value());
}

QChart *KpiChart::chart() const
{
    return m_view->chart();
}

void KpiChart::clear()
{
    setData({}, {}, m_aggregate, {});
}

void KpiChart::setSource(const QString &source, const QString &metric)
{
    m_source = source;
    if (!metric.isEmpty())
        m_metric = metric;
}

QString KpiChart::exportTitle() const
{
    const QString title = chart()->title();
    return m_source.isEmpty() ? title : tr("%1 · %2", "source · chart title").arg(m_source, title);
}

void KpiChart::exportChart()
{
    QStringList parts{m_source, m_metric};
    parts.removeAll(QString());
    const QString stem = parts.isEmpty() ? QStringLiteral("chart") : parts.join(QLatin1Char('-'));
    ChartExportDialog::exportChart(this, m_view, exportTitle(), stem);
}

void KpiChart::setCompareChoices(const QString &source, const QString &metric, const QList<QPair<QString, QString>> &series)
{
    m_source = source;
    m_metric = metric;
    m_compareSeries = series;
    rebuildCompareMenu();
}

void KpiChart::setOverlay(const QString &name, const QList<Kpi::DailyRow> &rows, bool ownAxis)
{
    m_overlay = ChartOverlay{name, rows, ownAxis};
    rebuildCompareMenu();
    render();
}

void KpiChart::clearOverlay()
{
    if (!m_overlay)
        return;
    m_overlay.reset();
    rebuildCompareMenu();
    render();
}

bool KpiChart::isRollupAvailable() const
{
    return rollupSupported(m_aggregate) && m_dataGrain == Common::Grain::Day;
}

Rollup KpiChart::effectiveRollup() const
{
    return isRollupAvailable() ? m_rollup : Rollup::None;
}

void KpiChart::setRollup(Rollup rollup)
{
    if (rollup == m_rollup)
        return;
    m_rollup = rollup;
    {
        const QSignalBlocker blocker(m_rollupBox);
        m_rollupBox->setCurrentIndex(m_rollupBox->findData(int(rollup)));
    }
    render();
    Q_EMIT rollupChanged(rollup);
}

void KpiChart::clearMarkers()
{
    m_markersCleared = true;
    render();
}

void KpiChart::showMarkers()
{
    m_markersCleared = false;
    render();
}

void KpiChart::setData(const QString &title, const QList<Kpi::DailyRow> &rows, Aggregate aggregate,
                       const QList<Anomaly::StoredAnomaly> &anomalies)
{
    // Cleared markers stay cleared while the chart shows the same anomalies (a range or aggregate
    // change redraws them); other anomalies (a new detection run, another metric) show again.
    const auto sameAnomalies = [&] {
        if (anomalies.size() != m_givenAnomalies.size())
            return false;
        for (qsizetype i = 0; i < anomalies.size(); ++i) {
            if (anomalies[i].day != m_givenAnomalies[i].day || anomalies[i].method != m_givenAnomalies[i].method
                || anomalies[i].runAt != m_givenAnomalies[i].runAt)
                return false;
        }
        return true;
    };
    if (m_markersCleared && !sameAnomalies())
        m_markersCleared = false;
    m_title = title;
    m_rows = rows;
    m_aggregate = aggregate;
    m_givenAnomalies = anomalies;
    render();
}

void KpiChart::render()
{
    const ChartPalette palette = ChartPalette::forPalette(this->palette());
    m_view->hideHover();
    QChart *chart = m_view->chart();
    chart->removeAllSeries();
    const auto axes = chart->axes();
    for (QAbstractAxis *axis : axes) {
        chart->removeAxis(axis);
        delete axis;
    }
    m_anomalies.clear();
    m_anomalyDays.clear();
    m_anomalyMarkers = 0;
    m_overlayValues.clear();
    m_overlayPoints = 0;
    m_view->setHoverSnapDays({});

    {
        QList<QDate> days;
        days.reserve(m_rows.size());
        for (const Kpi::DailyRow &row : std::as_const(m_rows)) {
            if (aggregateValue(row, m_aggregate))
                days.append(row.day);
        }
        m_dataGrain = days.isEmpty() ? Common::Grain::Day : Common::grainOf(days);
    }
    const Rollup rollup = effectiveRollup();
    m_shown = rollUp(m_rows, rollup);
    m_shownIndex.clear();
    for (qsizetype i = 0; i < m_shown.size(); ++i)
        m_shownIndex.insert(m_shown.at(i).row.day, int(i));

    QList<QPair<QDate, double>> points;
    QHash<QDate, double> valueOfDay;
    for (const RolledUpRow &period : std::as_const(m_shown)) {
        if (const auto value = aggregateValue(period.row, m_aggregate)) {
            points.append({period.row.day, *value});
            valueOfDay.insert(period.row.day, *value);
        }
    }
    QList<QPair<QDate, double>> overlayPoints;
    if (m_overlay) {
        const QList<RolledUpRow> overlay = rollUp(m_overlay->rows, rollup);
        for (const RolledUpRow &period : overlay) {
            if (const auto value = aggregateValue(period.row, m_aggregate)) {
                overlayPoints.append({period.row.day, *value});
                m_overlayValues.insert(period.row.day, *value);
            }
        }
    }
    m_points = int(points.size());
    m_overlayPoints = int(overlayPoints.size());

    // The title says the steps drawn: "sum per day" becomes "sum per week" when rolled up.
    QString title = m_title;
    if (rollup != Rollup::None) {
        const QString phrase = aggregatePhrase(m_aggregate);
        const QString daily = ChartText::perStep(phrase, Common::Grain::Day);
        const QString rolled = ChartText::perStep(phrase, rollup == Rollup::Week ? Common::Grain::Week : Common::Grain::Month);
        if (title.endsWith(daily))
            title = title.left(title.size() - daily.size()) + rolled;
        else if (!title.isEmpty())
            title += QStringLiteral(" (%1)").arg(rolled);
    }
    chart->setTitle(title);
    if (points.isEmpty()) {
        m_segments = 0;
        chart->setTitle(m_title.isEmpty() ? QString() : tr("%1 — no days in this range").arg(m_title));
        palette.apply(chart);
        updateControls();
        return;
    }

    // The axes get their final ranges before any series is attached: a series attached to an axis
    // with a range takes it, while a range set afterwards re-lays out every series' path again.
    const auto extent = [](const QList<QPair<QDate, double>> &values, double &min, double &max) {
        for (const auto &point : values) {
            min = std::min(min, point.second);
            max = std::max(max, point.second);
        }
    };
    double minY = points.first().second, maxY = minY;
    extent(points, minY, maxY);
    const bool overlayOwnAxis = m_overlay && m_overlay->ownAxis && !overlayPoints.isEmpty();
    if (m_overlay && !m_overlay->ownAxis)
        extent(overlayPoints, minY, maxY);
    QList<QDate> allDays;
    allDays.reserve(points.size() + overlayPoints.size());
    for (const auto &point : std::as_const(points))
        allDays.append(point.first);
    auto *xAxis = new DateAxis;
    {
        bool monthEnd = false;
        m_grain = Common::grainOf(allDays, &monthEnd);
        xAxis->setTickOptions(m_grain == Common::Grain::Week ? allDays.first().dayOfWeek() : 0, monthEnd);
    }
    QDate firstDay = points.first().first, lastDay = points.last().first;
    if (!overlayPoints.isEmpty()) {
        firstDay = std::min(firstDay, overlayPoints.first().first);
        lastDay = std::max(lastDay, overlayPoints.last().first);
    }
    xAxis->setDays(firstDay, lastDay);
    xAxis->follow(chart);
    auto *yAxis = new QValueAxis;
    setValueAxisRange(chart, yAxis, minY, maxY);
    chart->addAxis(xAxis, Qt::AlignBottom);
    chart->addAxis(yAxis, Qt::AlignLeft);
    QValueAxis *overlayAxis = yAxis;
    if (overlayOwnAxis) {
        double min = overlayPoints.first().second, max = min;
        extent(overlayPoints, min, max);
        overlayAxis = new QValueAxis;
        overlayAxis->setObjectName(QStringLiteral("overlayAxis"));
        setValueAxisRange(chart, overlayAxis, min, max);
        overlayAxis->setTitleText(m_overlay->name);
        overlayAxis->setGridLineVisible(false); // the metric's gridlines are the chart's
        chart->addAxis(overlayAxis, Qt::AlignRight);
    }

    const QList<LineSegment> segments = lineSegments(points, aggregateName(m_aggregate), palette.series);
    m_segments = int(segments.size());
    for (const LineSegment &segment : segments) {
        attachSeries(chart, segment.series, segment.points, xAxis, yAxis);
        if (&segment != &segments.first())
            hideFromLegend(chart, segment.series);
    }
    if (m_overlay && !overlayPoints.isEmpty()) {
        const QList<LineSegment> overlaySegments = lineSegments(overlayPoints, m_overlay->name, palette.overlay);
        for (const LineSegment &segment : overlaySegments) {
            QPen pen(palette.overlay);
            pen.setWidthF(1.5);
            // Dashed on its own axis: its heights are not comparable with the metric's.
            pen.setStyle(m_overlay->ownAxis ? Qt::DashLine : Qt::SolidLine);
            segment.series->setPen(pen);
            segment.series->setObjectName(QStringLiteral("overlaySeries"));
            attachSeries(chart, segment.series, segment.points, xAxis, overlayAxis);
            if (&segment != &overlaySegments.first())
                hideFromLegend(chart, segment.series);
        }
    }

    // Anomaly markers: flagged days inside the range, one scatter series per method; none on a
    // rolled-up chart (they flag days, not weeks) or after "Clear anomaly markers".
    QMap<QString, QScatterSeries *> byMethod;
    const DayScale scale;
    if (rollup == Rollup::None && !m_markersCleared) {
        for (const Anomaly::StoredAnomaly &anomaly : std::as_const(m_givenAnomalies)) {
            if (!anomaly.isOutlier || !valueOfDay.contains(anomaly.day))
                continue;
            QScatterSeries *&series = byMethod[anomaly.method];
            if (!series) {
                series = new QScatterSeries;
                series->setName(anomaly.method);
                series->setColor(palette.method(anomaly.method));
                // Methods that flag the same day stay distinguishable: a shape and size of their
                // own, the smaller drawn over the larger, each outlined in the background colour.
                QPen outline(palette.markerOutline);
                outline.setWidthF(1.5);
                series->setPen(outline);
                series->setMarkerShape(methodShape(anomaly.method));
                series->setMarkerSize(methodMarkerSize(anomaly.method));
                ChartExport::setExportName(series, tr("Anomalies (%1)").arg(anomaly.method));
            }
            series->append(scale.x(anomaly.day), valueOfDay.value(anomaly.day));
            m_anomalies.append(anomaly);
            m_anomalyDays.append(anomaly.day);
            ++m_anomalyMarkers;
        }
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
    // The counts ("…: 14 days") stay in the series' names (the hover, exports) and the anomaly
    // panel; the legend says which method, as briefly as the chart's width asks (fitLegend()).
    for (auto it = byMethod.cbegin(); it != byMethod.cend(); ++it) {
        it.value()->setProperty(LegendLongLabel, tr("Anomalies (%1)").arg(it.key()));
        it.value()->setProperty(LegendShortLabel, it.key());
    }
    palette.apply(chart);
    enableLegendToggling(chart);
    fitLegend();
    chart->zoomReset();
    updateControls();
}

void KpiChart::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    fitLegend();
}

void KpiChart::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    fitLegend(); // resized while hidden, it could not tell
}

void KpiChart::fitLegend()
{
    // Qt elides every legend entry alike once they do not fit in a row: at 1024×700, beside the
    // anomaly panel, "Anomalies (zscore)" of four methods and an overlay become "Ano…". The
    // markers are named in full where they fit and by their method alone where not.
    QChart *chart = m_view->chart();
    const auto markers = chart->legend()->markers();
    const QFontMetricsF metrics(chart->legend()->font());
    // An entry is its label plus the marker square and the spacing around it (about two lines' height).
    const qreal overhead = 2.5 * metrics.height();
    const qreal available = m_view->width() - 2 * metrics.height();
    const auto labelOf = [](QLegendMarker *marker, bool full) {
        const QVariant label = marker->series()->property(full ? LegendLongLabel : LegendShortLabel);
        return label.isValid() ? label.toString() : marker->series()->name();
    };
    // A line broken where days are missing is several series of one name with one entry (the
    // others are hidden from the legend): entries are counted by name.
    QSet<QString> entries;
    qreal needed = 0;
    for (QLegendMarker *marker : markers) {
        const QString label = labelOf(marker, true);
        if (!entries.contains(label)) {
            entries.insert(label);
            needed += metrics.horizontalAdvance(label) + overhead;
        }
    }
    // Not laid out yet (never shown): its width says nothing; showing it resizes it and fits again.
    const bool full = !m_view->isVisible() || needed <= available;
    for (QLegendMarker *marker : markers) {
        if (marker->series()->property(LegendLongLabel).isValid())
            marker->setLabel(labelOf(marker, full));
    }
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

QString KpiChart::hoverText(const QDate &pointed) const
{
    const QLocale locale;
    // Rolled up, any day of a week or month names it (its point sits on the period's first day, a
    // few pixels from most of its days).
    const QDate day = periodStart(effectiveRollup(), pointed);
    const auto it = m_shownIndex.constFind(day);
    const RolledUpRow *period = it == m_shownIndex.cend() ? nullptr : &m_shown.at(*it);
    const auto value = period ? aggregateValue(period->row, m_aggregate) : std::nullopt;
    const auto overlay = m_overlayValues.constFind(day);
    if (!value && overlay == m_overlayValues.cend())
        return {};
    QString heading;
    switch (effectiveRollup()) {
    case Rollup::None: heading = locale.toString(day, QLocale::LongFormat); break;
    case Rollup::Week:
        heading = tr("Week of %1").arg(locale.toString(day, QLocale::ShortFormat));
        break;
    case Rollup::Month: heading = locale.toString(day, QStringLiteral("MMMM yyyy")); break;
    }
    QString text = QStringLiteral("<b>%1</b>").arg(heading.toHtmlEscaped());
    if (period && effectiveRollup() != Rollup::None) {
        text += QStringLiteral("<br>") + tr("%1 to %2 (%3 with data)")
                                             .arg(locale.toString(period->row.day, QLocale::ShortFormat),
                                                  locale.toString(period->lastDay, QLocale::ShortFormat),
                                                  ChartText::steps(Common::Grain::Day, period->days));
    }
    if (value) {
        text += QStringLiteral("<br>") + tr("%1: %2<br>Events: %3")
                                             .arg(aggregateName(m_aggregate), ChartText::value(*value), locale.toString(period->row.count));
    }
    if (overlay != m_overlayValues.cend()) {
        text += QStringLiteral("<br><span style='color:%1'>%2: %3</span>")
                    .arg(ChartPalette::forPalette(palette()).overlay.name(), m_overlay->name.toHtmlEscaped(), ChartText::value(*overlay));
    }
    const ChartPalette colours = ChartPalette::forPalette(palette());
    for (const Anomaly::StoredAnomaly &anomaly : m_anomalies) {
        if (anomaly.day == day) {
            text += QStringLiteral("<br><span style='color:%1'>").arg(colours.method(anomaly.method).name())
                  + tr("Anomaly (%1): %2").arg(anomaly.method, anomalyExplanation(anomaly, m_grain).toHtmlEscaped())
                  + QStringLiteral("</span>");
        }
    }
    return text;
}

} // namespace Ui
