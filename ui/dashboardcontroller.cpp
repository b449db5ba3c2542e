#include "dashboardcontroller.h"

#include "forecast/forecastservice.h"
#include "jobs/analysisjobs.h"
#include "jobs/jobmanager.h"
#include "ui/anomalypanel.h"
#include "ui/apiserverview.h"
#include "ui/backgroundtask.h"
#include "ui/batchesview.h"
#include "ui/chartformat.h"
#include "ui/dashboardsnapshot.h"
#include "ui/errorpresenter.h"
#include "ui/forecastchart.h"
#include "ui/jobsview.h"
#include "ui/kpichart.h"
#include "ui/logview.h"

#include <QComboBox>
#include <QCoreApplication>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

namespace Ui {

// The dashboard's texts were the main window's until it moved here: they keep that translation
// context (Ui::MainWindow in translations/*.ts), so no language loses them.

namespace {

// Switching between a handful of metrics is the common case; each snapshot is a few years of
// daily rows and some forecast runs, a few hundred kilobytes at most.
constexpr int CachedSnapshots = 8;

QString cacheKey(const SeriesKey &key)
{
    return key.source + QChar(0x1f) + key.metric;
}

QString settingsScope()
{
    return QCoreApplication::applicationName();
}

// A compared series' rows as read on a pool thread (an error instead when the read failed).
struct OverlayRows final
{
    QList<Kpi::DailyRow> rows;
    std::optional<Common::Error> error;
};

} // namespace

DashboardController::DashboardController(std::shared_ptr<Storage::Database> database, Jobs::JobManager &jobs,
                                         ErrorPresenter &presenter, QWidget *pageParent)
    : QObject(pageParent)
    , m_database(std::move(database))
    , m_jobs(jobs)
    , m_presenter(presenter)
    , m_data(std::make_shared<DashboardSnapshot>())
{
    setObjectName(QStringLiteral("dashboardController"));
    m_page = createPage(pageParent);
}

DashboardController::~DashboardController() = default;

QWidget *DashboardController::createPage(QWidget *parent)
{
    auto *page = new QWidget(parent);
    page->setObjectName(QStringLiteral("dashboard"));
    m_title = new QLabel(page);
    m_title->setObjectName(QStringLiteral("dashboardTitle"));
    // On a small window the title wraps onto a second line rather than pushing the range and Show
    // choices off it (or cutting a total in the middle of its digits).
    m_title->setWordWrap(true);
    m_title->setMinimumWidth(120);
    m_title->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    m_range = new QComboBox(page);
    m_range->setObjectName(QStringLiteral("rangePreset"));
    for (int i = 0; i <= int(RangePreset::Custom); ++i)
        m_range->addItem(QString());
    m_from = new QDateEdit(page);
    m_from->setObjectName(QStringLiteral("rangeFrom"));
    m_from->setCalendarPopup(true);
    m_from->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_to = new QDateEdit(page);
    m_to->setObjectName(QStringLiteral("rangeTo"));
    m_to->setCalendarPopup(true);
    m_to->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_aggregate = new QComboBox(page);
    m_aggregate->setObjectName(QStringLiteral("aggregate"));
    for (int a = 0; a < AggregateCount; ++a)
        m_aggregate->addItem(aggregateName(Aggregate(a)), a);

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_title, 1);
    m_rangeLabel = new QLabel(page);
    m_rangeLabel->setBuddy(m_range);
    controls->addWidget(m_rangeLabel);
    controls->addWidget(m_range);
    controls->addWidget(m_from);
    controls->addWidget(new QLabel(QStringLiteral("–"), page));
    controls->addWidget(m_to);
    m_aggregateLabel = new QLabel(page);
    m_aggregateLabel->setBuddy(m_aggregate);
    controls->addWidget(m_aggregateLabel);
    controls->addWidget(m_aggregate);

    m_kpiChart = new KpiChart(page);
    m_anomalyPanel = new AnomalyPanel(page);
    auto *kpiSplitter = new QSplitter(page);
    kpiSplitter->setObjectName(QStringLiteral("kpiSplitter"));
    kpiSplitter->addWidget(m_kpiChart);
    kpiSplitter->addWidget(m_anomalyPanel);
    kpiSplitter->setStretchFactor(0, 3);
    kpiSplitter->setStretchFactor(1, 1);
    kpiSplitter->setSizes({700, 330});
    m_forecastChart = new ForecastChart(page);
    m_batchesView = new BatchesView(m_database, m_jobs, page);
    m_jobsView = new JobsView(m_database, m_jobs, page);
    m_batchesView->setErrorPresenter(&m_presenter);
    m_jobsView->setErrorPresenter(&m_presenter);

    m_tabs = new QTabWidget(page);
    m_tabs->setObjectName(QStringLiteral("dashboardTabs"));
    m_apiServerView = new ApiServerView(m_database, page);
    m_logView = new LogView(page);
    // Tab texts come from retranslateUi().
    m_tabs->addTab(kpiSplitter, QString());
    m_tabs->addTab(m_forecastChart, QString());
    m_tabs->addTab(m_batchesView, QString());
    m_tabs->addTab(m_jobsView, QString());
    m_tabs->addTab(m_apiServerView, QString());
    m_tabs->addTab(m_logView, QString());

    auto *layout = new QVBoxLayout(page);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addLayout(controls);
    layout->addWidget(m_tabs, 1);

    connect(m_range, &QComboBox::currentIndexChanged, this, &DashboardController::rangeChanged);
    const auto customDayChanged = [this] {
        if (m_range->currentIndex() == int(RangePreset::Custom))
            showSelection();
        Q_EMIT settingsChanged();
    };
    connect(m_from, &QDateEdit::dateChanged, this, customDayChanged);
    connect(m_to, &QDateEdit::dateChanged, this, customDayChanged);
    connect(m_aggregate, &QComboBox::currentIndexChanged, this, [this] {
        showSelection();
        Q_EMIT settingsChanged();
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        // The forecast is drawn when it is looked at: a hidden chart rebuilt on every switch of
        // metric would cost the switch a few milliseconds for nothing.
        if (m_forecastStale && m_tabs->currentWidget() == m_forecastChart)
            showForecast();
        Q_EMIT settingsChanged();
    });
    connect(m_anomalyPanel, &AnomalyPanel::runRequested, this, &DashboardController::runAnomalies);
    connect(m_anomalyPanel, &AnomalyPanel::daySelected, m_kpiChart, &KpiChart::focusDay);
    connect(m_forecastChart, &ForecastChart::runRequested, this, &DashboardController::runForecast);
    connect(m_kpiChart, &KpiChart::overlayRequested, this, &DashboardController::overlayRequested);
    connect(m_kpiChart, &KpiChart::overlayCleared, this, [this] {
        m_overlay.reset();
        m_overlayShown = false;
        ++m_overlayGeneration; // a read under way is of no use any more
    });
    rangeChanged();
    return page;
}

void DashboardController::retranslateUi()
{
    const QStringList ranges{QCoreApplication::translate("Ui::MainWindow", "Last 7 days"), QCoreApplication::translate("Ui::MainWindow", "Last 30 days"), QCoreApplication::translate("Ui::MainWindow", "Last 90 days"), QCoreApplication::translate("Ui::MainWindow", "Last 365 days"), QCoreApplication::translate("Ui::MainWindow", "All days"),
                             QCoreApplication::translate("Ui::MainWindow", "Custom")};
    for (int i = 0; i < ranges.size(); ++i)
        m_range->setItemText(i, ranges[i]);
    m_range->setToolTip(QCoreApplication::translate("Ui::MainWindow", "Counted back from the metric's last day with data."));
    m_range->setAccessibleName(QCoreApplication::translate("Ui::MainWindow", "Date range"));
    m_from->setAccessibleName(QCoreApplication::translate("Ui::MainWindow", "First day"));
    m_to->setAccessibleName(QCoreApplication::translate("Ui::MainWindow", "Last day"));
    for (int i = 0; i < m_aggregate->count(); ++i)
        m_aggregate->setItemText(i, aggregateName(Aggregate(m_aggregate->itemData(i).toInt())));
    m_aggregate->setAccessibleName(QCoreApplication::translate("Ui::MainWindow", "Value shown"));
    m_rangeLabel->setText(QCoreApplication::translate("Ui::MainWindow", "&Range:"));
    m_aggregateLabel->setText(QCoreApplication::translate("Ui::MainWindow", "&Show:"));
    const QStringList tabs{QCoreApplication::translate("Ui::MainWindow", "Trend and anomalies"), QCoreApplication::translate("Ui::MainWindow", "Forecast"), QCoreApplication::translate("Ui::MainWindow", "Import history"), QCoreApplication::translate("Ui::MainWindow", "Jobs"), QCoreApplication::translate("Ui::MainWindow", "API server"),
                           QCoreApplication::translate("Ui::MainWindow", "Log")};
    for (int i = 0; i < m_tabs->count() && i < tabs.size(); ++i)
        m_tabs->setTabText(i, tabs[i]);
    showSelection();
}

// ---------------------------------------------------------------- settings and views

void DashboardController::restoreSettings()
{
    const QSignalBlocker blockRange(m_range), blockAggregate(m_aggregate), blockTabs(m_tabs);
    QSettings settings(settingsScope());
    m_range->setCurrentIndex(std::clamp(settings.value(QStringLiteral("dashboard/range"), int(RangePreset::All)).toInt(), 0,
                                        int(RangePreset::Custom)));
    m_aggregate->setCurrentIndex(std::clamp(settings.value(QStringLiteral("dashboard/aggregate"), 0).toInt(), 0, AggregateCount - 1));
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("dashboard/tab"), 0).toInt());
    if (m_range->currentIndex() == int(RangePreset::Custom)) {
        const QDate from = settings.value(QStringLiteral("dashboard/from")).toDate();
        const QDate to = settings.value(QStringLiteral("dashboard/to")).toDate();
        if (from.isValid() && to.isValid()) {
            const QSignalBlocker a(m_from), b(m_to);
            m_from->setDate(from);
            m_to->setDate(to);
        }
    }
    rangeChanged();
}

void DashboardController::saveSettings(QSettings &settings) const
{
    settings.setValue(QStringLiteral("dashboard/range"), m_range->currentIndex());
    if (m_range->currentIndex() == int(RangePreset::Custom)) {
        settings.setValue(QStringLiteral("dashboard/from"), m_from->date());
        settings.setValue(QStringLiteral("dashboard/to"), m_to->date());
    }
    settings.setValue(QStringLiteral("dashboard/aggregate"), m_aggregate->currentIndex());
    settings.setValue(QStringLiteral("dashboard/tab"), m_tabs->currentIndex());
}

void DashboardController::fillView(SavedView &view) const
{
    view.range = m_range->currentIndex();
    if (view.range == int(RangePreset::Custom)) {
        view.from = m_from->date();
        view.to = m_to->date();
    }
    view.aggregate = m_aggregate->currentIndex();
    view.tab = m_tabs->currentIndex();
    view.detector = m_anomalyPanel->params().toJson();
    view.rollup = int(m_kpiChart->rollup());
    if (m_overlay && m_overlay->owner == m_selection) {
        view.overlaySource = m_overlay->series.source;
        view.overlayMetric = m_overlay->series.metric;
        view.overlayOwnAxis = m_overlay->ownAxis;
    }
}

void DashboardController::applyView(const SavedView &view)
{
    m_aggregate->setCurrentIndex(std::clamp(view.aggregate, 0, AggregateCount - 1));
    if (auto params = Anomaly::AnomalyService::paramsFromJson(view.detector))
        m_anomalyPanel->setParams(*params);
    m_tabs->setCurrentIndex(view.tab);
    m_kpiChart->setRollup(Rollup(std::clamp(view.rollup, int(Rollup::None), int(Rollup::Month))));
    // The overlay belongs to the view's series, which the window selects next (or shows already).
    m_overlayShown = false;
    ++m_overlayGeneration;
    if (!view.overlayMetric.isEmpty())
        m_overlay = Overlay{{view.source, view.metric}, {view.overlaySource, view.overlayMetric}, view.overlayOwnAxis};
    else
        m_overlay.reset();
    setRange(RangePreset(std::clamp(view.range, 0, int(RangePreset::Custom))), view.from, view.to);
}

void DashboardController::setDetectorParams(const Anomaly::AnomalyParams &params)
{
    m_anomalyPanel->setParams(params);
}

// ---------------------------------------------------------------- selection

void DashboardController::setSelection(const SeriesKey &key)
{
    // The shown (or loading) series again is nothing to do; invalidate() forgets it to force a read.
    if (!key.metric.isEmpty() && key == m_selection)
        return;
    m_selection = key;
    if (m_overlay && m_overlay->owner != key)
        m_overlay.reset(); // compared with the series shown before
    if (key.metric.isEmpty()) {
        ++m_loadGeneration;
        m_data = std::make_shared<DashboardSnapshot>();
        showSelection();
        m_selectionLoaded = true;
        return;
    }
    const auto cached = m_cache.constFind(cacheKey(key));
    if (cached == m_cache.constEnd()) {
        load();
        return;
    }
    // Shown at once; "loaded" is said from the event loop, as it is after a read, so that whoever
    // starts waiting for it right after asking is not too late.
    ++m_loadGeneration;
    m_selectionLoaded = false;
    show(**cached);
    const int generation = m_loadGeneration;
    QTimer::singleShot(0, this, [this, generation] {
        if (generation != m_loadGeneration)
            return;
        m_selectionLoaded = true;
        Q_EMIT selectionLoaded();
    });
}

void DashboardController::reload()
{
    const SeriesKey shown = m_selection;
    invalidate();
    setSelection(shown);
}

void DashboardController::invalidate()
{
    m_cache.clear();
    m_cacheOrder.clear();
    m_selection = {};
    m_selectionLoaded = false;
    m_overlayShown = false; // the compared series may have new days too
}

void DashboardController::load()
{
    m_selectionLoaded = false;
    const int generation = ++m_loadGeneration;
    const SeriesKey key = m_selection;
    m_title->setText(QCoreApplication::translate("Ui::MainWindow", "<b>%1</b> · %2 — loading…").arg(key.metric.toHtmlEscaped(), key.source.toHtmlEscaped()));
    runInBackground<std::shared_ptr<const DashboardSnapshot>>(
        m_database, this,
        [generation, key](const std::shared_ptr<Storage::Database> &database) {
            auto data = std::make_shared<DashboardSnapshot>(DashboardSnapshot::load(database, key));
            data->generation = generation;
            return std::shared_ptr<const DashboardSnapshot>(std::move(data));
        },
        [this](const std::shared_ptr<const DashboardSnapshot> &data) {
            if (data->generation != m_loadGeneration)
                return;
            if (data->error.isEmpty()) {
                const QString key = cacheKey(data->key);
                m_cacheOrder.removeAll(key);
                m_cacheOrder.append(key);
                m_cache.insert(key, data);
                while (m_cacheOrder.size() > CachedSnapshots)
                    m_cache.remove(m_cacheOrder.takeFirst());
            }
            show(*data);
            m_selectionLoaded = true;
            Q_EMIT selectionLoaded();
        });
}

void DashboardController::show(const DashboardSnapshot &snapshot)
{
    // The cache holds the same snapshot: shared, never copied.
    const auto cached = m_cache.constFind(cacheKey(snapshot.key));
    m_data = cached != m_cache.constEnd() && cached->get() == &snapshot ? *cached : std::make_shared<DashboardSnapshot>(snapshot);
    const QString key = cacheKey(snapshot.key);
    if (m_cacheOrder.removeAll(key) > 0)
        m_cacheOrder.append(key);
    showSelection();
}

void DashboardController::setRange(RangePreset preset, const QDate &from, const QDate &to)
{
    if (preset == RangePreset::Custom) {
        const QSignalBlocker a(m_from), b(m_to);
        m_from->setDate(from);
        m_to->setDate(to);
    }
    if (preset == RangePreset::Custom && m_range->currentIndex() == int(preset))
        Q_EMIT settingsChanged();
    if (m_range->currentIndex() == int(preset))
        showSelection();
    else
        m_range->setCurrentIndex(int(preset));
}

void DashboardController::rangeChanged()
{
    const bool custom = m_range->currentIndex() == int(RangePreset::Custom);
    m_from->setEnabled(custom);
    m_to->setEnabled(custom);
    showSelection();
    Q_EMIT settingsChanged();
}

QPair<QDate, QDate> DashboardController::visibleRange() const
{
    const auto preset = RangePreset(m_range->currentIndex());
    if (preset == RangePreset::Custom)
        return {m_from->date(), m_to->date()};
    if (preset == RangePreset::All || !m_data || m_data->rows.isEmpty())
        return {};
    const QDate last = m_data->rows.last().day;
    const int days = preset == RangePreset::Last7 ? 7 : preset == RangePreset::Last30 ? 30 : preset == RangePreset::Last90 ? 90 : 365;
    return {last.addDays(1 - days), last};
}

QList<Kpi::DailyRow> DashboardController::rowsInRange() const
{
    const auto [from, to] = visibleRange();
    if (!from.isValid() && !to.isValid())
        return m_data->rows; // implicitly shared: "All days" copies nothing
    const auto begin = std::lower_bound(m_data->rows.cbegin(), m_data->rows.cend(), from,
                                        [](const Kpi::DailyRow &row, const QDate &day) { return day.isValid() && row.day < day; });
    QList<Kpi::DailyRow> rows;
    for (auto it = begin; it != m_data->rows.cend() && (!to.isValid() || it->day <= to); ++it)
        rows.append(*it);
    return rows;
}

Aggregate DashboardController::shownAggregate() const
{
    return Aggregate(m_aggregate->currentData().toInt());
}

void DashboardController::showSelection()
{
    if (!m_kpiChart || !m_data || !m_forecastChart)
        return;
    const DashboardSnapshot &data = *m_data;
    const bool any = !data.key.metric.isEmpty();
    Q_EMIT seriesShown(any);
    const QString anomalyJob = Jobs::anomalyJobName(data.key.source, data.key.metric);
    const QString forecastJob = Jobs::forecastJobName(data.key.source, data.key.metric);
    const bool detecting = any && m_jobs.isRunning(anomalyJob);
    const bool forecasting = any && m_jobs.isRunning(forecastJob);
    m_anomalyPanel->setRunEnabled(any && !detecting);
    m_forecastChart->setRunEnabled(any && !forecasting);
    if (!any) {
        m_title->clear();
        m_kpiChart->clearOverlay();
        m_overlayShown = false;
        m_kpiChart->clear();
        m_anomalyPanel->setAnomalies({});
        m_forecastChart->setData({}, {}, std::nullopt, 0, {}, {});
        return;
    }
    if (!data.rows.isEmpty() && m_range->currentIndex() != int(RangePreset::Custom)) {
        const QSignalBlocker a(m_from), b(m_to);
        const auto [from, to] = visibleRange();
        m_from->setDate(from.isValid() ? from : data.rows.first().day);
        m_to->setDate(to.isValid() ? to : data.rows.last().day);
    }
    const QList<Kpi::DailyRow> rows = rowsInRange();
    const Aggregate aggregate = shownAggregate();
    const QString title = data.error.isEmpty()
                              ? QCoreApplication::translate("Ui::MainWindow", "<b>%1</b> · %2 — %3, %4")
                                    .arg(data.key.metric.toHtmlEscaped(), data.key.source.toHtmlEscaped(),
                                         ChartText::stepCount(data.grain, rows.size()), aggregateSummary(rows, aggregate))
                              : QCoreApplication::translate("Ui::MainWindow", "<b>%1</b>: %2").arg(data.key.metric.toHtmlEscaped(), data.error.toHtmlEscaped());
    m_title->setText(title);
    m_title->setToolTip(title);

    // The anomalies of the shown aggregate only: a day flagged in the sums is no marker on the averages.
    const auto field = anomalyField(aggregate);
    const QString fieldName = field ? Anomaly::valueFieldName(*field) : QString();
    const auto [from, to] = visibleRange();
    const QList<Anomaly::StoredAnomaly> flagged = data.flagged(fieldName, from, to);
    const QString shown = aggregatePhrase(aggregate);
    // The export's title and file name say which series it is; Compare offers the others.
    m_kpiChart->setSource(data.key.source, data.key.metric);
    m_forecastChart->setSource(data.key.source);
    QList<QPair<QString, QString>> series;
    series.reserve(m_catalog.size());
    for (const SeriesKey &key : std::as_const(m_catalog))
        series.append({key.source, key.metric});
    m_kpiChart->setCompareChoices(data.key.source, data.key.metric, series);
    if (!m_overlay || m_overlay->owner != data.key) {
        // Before the new rows are drawn, so that the chart is drawn once.
        m_kpiChart->clearOverlay();
        m_overlayShown = false;
    }
    m_kpiChart->setData(QCoreApplication::translate("Ui::MainWindow", "%1 — %2").arg(data.key.metric, ChartText::perStep(shown, data.grain)), rows, aggregate, flagged);
    m_anomalyPanel->setGrain(data.grain);
    m_anomalyPanel->setAnomalies(flagged);
    const QString unsupported = QCoreApplication::translate("Ui::MainWindow", "Anomaly detection runs on the sum, count, average or distinct users; "
                                   "choose one of them under Show.");
    if (!field) {
        if (!detecting) // (setRunning enables the button: first the message, then disable)
            m_anomalyPanel->setRunning(false, unsupported);
        m_anomalyPanel->setRunEnabled(false);
    } else if (m_unsupportedAggregateNotice && !detecting) {
        m_anomalyPanel->setRunning(false);
    }

    m_unsupportedAggregateNotice = !field;
    updateOverlay();
    m_forecastStale = true;
    if (m_tabs->currentWidget() == m_forecastChart)
        showForecast();
}

ForecastChart *DashboardController::forecastChart() const
{
    // Whoever looks at the chart sees it up to date, shown or not.
    if (m_forecastStale)
        const_cast<DashboardController *>(this)->showForecast();
    return m_forecastChart;
}

void DashboardController::showForecast()
{
    m_forecastStale = false;
    if (!m_data || m_data->key.metric.isEmpty())
        return;
    const DashboardSnapshot &data = *m_data;
    const Aggregate aggregate = shownAggregate();
    const QString shown = aggregatePhrase(aggregate);
    const auto [from, to] = visibleRange();
    const bool forecasting = m_jobs.isRunning(Jobs::forecastJobName(data.key.source, data.key.metric));
    // The forecast of the shown aggregate: the newest run fitted on it.
    const QString forecastOn = forecastField(aggregate);
    const std::optional<Forecast::RunInfo> run = data.latestRun(forecastOn);
    const Forecast::DailyHistory history = data.histories.value(forecastOn.isEmpty() ? QStringLiteral("value_sum") : forecastOn);
    if (forecastOn.isEmpty()) {
        if (!forecasting)
            m_forecastChart->setRunning(false, QCoreApplication::translate("Ui::MainWindow", "Forecasts are fitted on the sum, count, average or distinct users; "
                                                  "choose one of them under Show."));
        m_forecastChart->setRunEnabled(false);
    } else if (m_forecastNotice && !forecasting) {
        m_forecastChart->setRunning(false);
    }
    m_forecastNotice = forecastOn.isEmpty();
    // The forecast's history follows the dashboard's range; the forecast itself always shows.
    m_forecastChart->setData(QCoreApplication::translate("Ui::MainWindow", "%1 — %2: history and forecast").arg(data.key.metric, ChartText::perStep(shown, history.grain)),
                             forecastOn.isEmpty() ? Forecast::DailyHistory() : history, run, data.foldsOf(forecastOn), from, to);
}

// ---------------------------------------------------------------- compare

void DashboardController::setCatalog(const QList<SeriesKey> &metrics)
{
    m_catalog = metrics;
}

void DashboardController::overlayRequested(const QString &source, const QString &metric, bool ownAxis)
{
    if (!m_data || m_data->key.metric.isEmpty())
        return;
    m_overlay = Overlay{m_data->key, {source, metric}, ownAxis};
    m_overlayShown = false;
    updateOverlay();
}

void DashboardController::updateOverlay()
{
    if (!m_overlay || !m_data || m_overlay->owner != m_data->key) {
        m_kpiChart->clearOverlay();
        m_overlayShown = false;
        return;
    }
    // The chart keeps the overlay's rows over a change of Show or roll-up (they hold every
    // aggregate); only another range needs other days.
    if (m_overlayShown && m_overlayRange == visibleRange())
        return;
    loadOverlay();
}

void DashboardController::loadOverlay()
{
    const int generation = ++m_overlayGeneration;
    m_overlayRange = visibleRange();
    m_overlayShown = false;
    // "All days" are the shown series' days: the other series' days beyond them would stretch the
    // time axis past the metric the person chose.
    auto [from, to] = m_overlayRange;
    if (!m_data->rows.isEmpty()) {
        if (!from.isValid())
            from = m_data->rows.first().day;
        if (!to.isValid())
            to = m_data->rows.last().day;
    }
    const Overlay overlay = *m_overlay;
    const Kpi::Filter filter{overlay.series.source, overlay.series.metric, from, to};
    runInBackground<OverlayRows>(
        m_database, this,
        [filter](const std::shared_ptr<Storage::Database> &database) {
            auto rows = Kpi::KpiService(database).rows(filter);
            return rows ? OverlayRows{*rows, std::nullopt} : OverlayRows{{}, rows.error()};
        },
        [this, generation, overlay](const OverlayRows &read) {
            if (generation != m_overlayGeneration)
                return;
            if (read.error) {
                m_presenter.showStatus(*read.error);
                return;
            }
            m_overlayShown = true;
            m_kpiChart->setOverlay(overlay.ownAxis ? overlay.series.metric : overlay.series.source, read.rows,
                                   overlay.ownAxis);
            Q_EMIT overlayLoaded();
        });
}

// ---------------------------------------------------------------- jobs

void DashboardController::runAnomalies(const Anomaly::AnomalyParams &requested)
{
    if (const Common::Status valid = requested.validate(); !valid) {
        m_anomalyPanel->setRunning(false, ErrorPresenter::text(valid.error()));
        return;
    }
    const auto field = anomalyField(shownAggregate());
    if (!field) {
        m_anomalyPanel->setRunning(false, QCoreApplication::translate("Ui::MainWindow", "Anomaly detection runs on the sum, count, average or distinct users; "
                                             "choose one of them under Show."));
        return;
    }
    Anomaly::AnomalyParams params = requested;
    params.field = *field;
    auto job = m_jobs.start(Jobs::detectAnomaliesJob({m_selection.source, m_selection.metric, params, {}, {}}));
    if (!job)
        m_anomalyPanel->setRunning(false, ErrorPresenter::text(job.error()));
}

void DashboardController::runForecast(int horizon)
{
    const QString field = forecastField(shownAggregate());
    if (field.isEmpty()) {
        m_forecastChart->setRunning(false, QCoreApplication::translate("Ui::MainWindow", "Forecasts are fitted on the sum, count, average or distinct users; "
                                              "choose one of them under Show."));
        return;
    }
    Forecast::ServiceRequest request;
    request.source = m_selection.source;
    request.metric = m_selection.metric;
    request.field = field;
    request.horizon = horizon;
    request.model = m_forecastChart->modelChoice();
    request.backtest.horizon = std::min(horizon, 14);
    auto job = m_jobs.start(Jobs::forecastJob(request));
    if (!job)
        m_forecastChart->setRunning(false, ErrorPresenter::text(job.error()));
}

void DashboardController::jobStarted(Jobs::Job *job)
{
    const QString name = job->name();
    if (name == Jobs::anomalyJobName(m_selection.source, m_selection.metric))
        m_anomalyPanel->setRunning(true, QCoreApplication::translate("Ui::MainWindow", "Detecting anomalies…"));
    else if (name == Jobs::forecastJobName(m_selection.source, m_selection.metric))
        m_forecastChart->setRunning(true, QCoreApplication::translate("Ui::MainWindow", "Forecasting… (fitting models and backtesting)"));
    m_jobsView->reload();
}

bool DashboardController::jobFinished(Jobs::Job *job)
{
    const Jobs::RunRecord &record = job->record();
    const QString name = job->name();
    const bool ok = record.status == Jobs::RunStatus::Succeeded;
    const bool anomaly = name.startsWith(QLatin1String("anomaly:"));
    const bool forecast = name.startsWith(QLatin1String("forecast:"));
    m_jobsView->reload();
    if (!anomaly && !forecast) {
        // Imports, the sample data, batch deletions and scheduled jobs change what there is to show.
        m_batchesView->reload();
        return false;
    }
    const bool current = name == Jobs::anomalyJobName(m_selection.source, m_selection.metric)
                      || name == Jobs::forecastJobName(m_selection.source, m_selection.metric);
    const QString failure = record.error ? ErrorPresenter::text(*record.error) : record.message;
    if (anomaly) {
        QString message;
        if (current && ok) {
            const QJsonObject &counts = record.counts;
            message = counts.value(QStringLiteral("insufficient_data")).toBool()
                          ? record.message
                          : QCoreApplication::translate("Ui::MainWindow", "Anomalous days found: %1.").arg(QLocale().toString(counts.value(QStringLiteral("anomalies")).toInteger()));
        } else if (current) {
            message = failure;
        }
        m_anomalyPanel->setRunning(false, message);
    } else {
        m_forecastChart->setRunning(false, current && !ok ? failure : QString());
    }
    // The series' stored runs changed: its cached snapshot is out of date, shown or not.
    const QString prefix = anomaly ? QStringLiteral("anomaly:") : QStringLiteral("forecast:");
    for (auto it = m_cache.begin(); it != m_cache.end();) {
        const SeriesKey &key = it.value()->key;
        if (name == prefix + key.source + QLatin1Char('/') + key.metric) {
            m_cacheOrder.removeAll(it.key());
            it = m_cache.erase(it);
        } else {
            ++it;
        }
    }
    if (current)
        load();
    return true;
}

} // namespace Ui
