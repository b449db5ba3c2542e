#include "mainwindow.h"

#include "anomaly/anomalyservice.h"
#include "forecast/forecastservice.h"
#include "ingest/importer.h"
#include "jobs/jobmanager.h"
#include "jobs/standardjobs.h"
#include "storage/database.h"
#include "ui/aboutdialog.h"
#include "ui/anomalypanel.h"
#include "ui/apiserverview.h"
#include "ui/backgroundtask.h"
#include "ui/batchesview.h"
#include "ui/chartformat.h"
#include "ui/chartview.h"
#include "ui/dashboardsnapshot.h"
#include "ui/filechooser.h"
#include "ui/forecastchart.h"
#include "ui/importdialog.h"
#include "ui/jobsview.h"
#include "ui/kpichart.h"
#include "ui/logview.h"
#include "ui/metricsidebar.h"
#include "ui/savedviews.h"
#include "ui/settingsdialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QComboBox>
#include <QDateEdit>
#include <QFutureWatcher>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QSplitter>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextStream>
#include <QVBoxLayout>

#include <cmath>

// Outside any namespace, as Q_INIT_RESOURCE requires.
static void initSampleResource()
{
    Q_INIT_RESOURCE(sample);
}

namespace Ui {

namespace {

constexpr int MaxRecentFiles = 8;
const QString SampleSource = QStringLiteral("sample-shop");
const QString SampleResource = QStringLiteral(":/sample/sample-shop.csv");

// No organisation name is set, so QSettings() would write "Unknown Organization/smartdata.conf";
// main.cpp means ~/.config/smartdata.conf.
QString settingsScope()
{
    return QCoreApplication::applicationName();
}

QString seriesJobName(const QString &kind, const SeriesKey &key)
{
    return kind + QLatin1Char(':') + key.source + QLatin1Char('/') + key.metric;
}
} // namespace

struct MainWindow::MetricList final
{
    QList<SeriesKey> metrics;
    QHash<QString, qint64> days; // "source/metric" -> days with data
    QString error;
};

MainWindow::MainWindow(std::shared_ptr<Storage::Database> database, Jobs::JobManager *jobs, QWidget *parent)
    : QMainWindow(parent)
    , m_database(std::move(database))
    , m_data(std::make_unique<DashboardSnapshot>())
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("SmartData"));
    setMinimumSize(800, 500);
    setAcceptDrops(true);
    initSampleResource();

    if (jobs) {
        m_jobs = jobs;
    } else {
        Jobs::JobRegistry registry;
        Jobs::registerStandardJobs(registry);
        m_ownJobs = std::make_unique<Jobs::JobManager>(m_database, std::move(registry));
        m_jobs = m_ownJobs.get();
    }
    connect(m_jobs, &Jobs::JobManager::jobStarted, this, &MainWindow::onJobStarted);
    connect(m_jobs, &Jobs::JobManager::jobFinished, this, &MainWindow::onJobFinished);

    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->addWidget(createEmptyState());
    m_pages->addWidget(createDashboard());

    auto *splitter = new QSplitter(this);
    splitter->setObjectName(QStringLiteral("mainSplitter"));
    m_sidebar = new MetricSidebar(this);
    connect(m_sidebar, &MetricSidebar::metricSelected, this, &MainWindow::sidebarSelectionChanged);
    splitter->addWidget(m_sidebar);
    splitter->addWidget(m_pages);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({230, 970});
    setCentralWidget(splitter);

    createMenus();
    m_statusCounts = new QLabel(this);
    m_statusCounts->setObjectName(QStringLiteral("statusCounts"));
    m_statusDatabase = new QLabel(this);
    m_statusDatabase->setObjectName(QStringLiteral("statusDatabase"));
    statusBar()->addPermanentWidget(m_statusCounts);
    statusBar()->addPermanentWidget(m_statusDatabase);

    QSettings settings(settingsScope());
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    if (!settings.contains(QStringLiteral("mainWindow/geometry")))
        resize(1280, 820);
    splitter->restoreState(settings.value(QStringLiteral("mainWindow/splitter")).toByteArray());
    m_range->setCurrentIndex(std::clamp(settings.value(QStringLiteral("dashboard/range"), int(RangePreset::All)).toInt(), 0,
                                        int(RangePreset::Custom)));
    m_aggregate->setCurrentIndex(std::clamp(settings.value(QStringLiteral("dashboard/aggregate"), 0).toInt(), 0, AggregateCount - 1));
    m_tabs->setCurrentIndex(settings.value(QStringLiteral("dashboard/tab"), 0).toInt());
    if (m_range->currentIndex() == int(RangePreset::Custom)) {
        const QDate from = settings.value(QStringLiteral("dashboard/from")).toDate();
        const QDate to = settings.value(QStringLiteral("dashboard/to")).toDate();
        if (from.isValid() && to.isValid())
            setRange(RangePreset::Custom, from, to);
    }
    applyStoredAnomalyDefaults();
    // The dashboard's choices are stored as they change: a crash or a killed session keeps them too.
    connect(m_range, &QComboBox::currentIndexChanged, this, &MainWindow::saveDashboardSettings);
    connect(m_aggregate, &QComboBox::currentIndexChanged, this, &MainWindow::saveDashboardSettings);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::saveDashboardSettings);
    connect(m_from, &QDateEdit::dateChanged, this, &MainWindow::saveDashboardSettings);
    connect(m_to, &QDateEdit::dateChanged, this, &MainWindow::saveDashboardSettings);
    connect(splitter, &QSplitter::splitterMoved, this, &MainWindow::saveDashboardSettings);

    retranslateUi();
    refreshMetrics();
}

MainWindow::~MainWindow()
{
    // Background reads of this window and its views (runInBackground) finish before the window,
    // and with it whoever holds the database, goes: a read left running at exit would close its
    // connection on a pool thread while the application shuts down.
    const auto watchers = findChildren<QFutureWatcherBase *>();
    for (QFutureWatcherBase *watcher : watchers)
        watcher->waitForFinished();
    // Jobs of an own manager finish (or are cancelled) before the widgets they report to go.
    if (m_ownJobs) {
        disconnect(m_jobs, nullptr, this, nullptr);
        m_ownJobs.reset();
    }
}

// ---------------------------------------------------------------- layout

void MainWindow::createMenus()
{
    // Texts are set in retranslateUi(), so a language switch at run time renames everything.
    m_fileMenu = menuBar()->addMenu(QString());
    m_fileMenu->setObjectName(QStringLiteral("fileMenu"));
    m_actionImport = m_fileMenu->addAction(QString(), this, &MainWindow::importDialogRequested);
    m_actionImport->setShortcut(QKeySequence::Open);
    m_actionImport->setObjectName(QStringLiteral("actionImport"));
    m_recentMenu = m_fileMenu->addMenu(QString());
    m_recentMenu->setObjectName(QStringLiteral("recentMenu"));
    updateRecentMenu();
    m_actionSample = m_fileMenu->addAction(QString(), this, &MainWindow::loadSampleData);
    m_actionSample->setObjectName(QStringLiteral("actionLoadSample"));
    m_fileMenu->addSeparator();
    m_actionExportPng = m_fileMenu->addAction(QString(), this, &MainWindow::exportChartPng);
    m_actionExportPng->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+P")));
    m_actionExportPng->setObjectName(QStringLiteral("actionExportPng"));
    m_actionExportCsv = m_fileMenu->addAction(QString(), this, &MainWindow::exportDataCsv);
    m_actionExportCsv->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+E")));
    m_actionExportCsv->setObjectName(QStringLiteral("actionExportCsv"));
    m_fileMenu->addSeparator();
    m_actionSettings = m_fileMenu->addAction(QString(), this, &MainWindow::showSettings);
    m_actionSettings->setShortcut(QKeySequence(QStringLiteral("Ctrl+,")));
    m_actionSettings->setMenuRole(QAction::PreferencesRole);
    m_actionSettings->setObjectName(QStringLiteral("actionSettings"));
    m_fileMenu->addSeparator();
    m_actionQuit = m_fileMenu->addAction(QString(), this, &QWidget::close);
    m_actionQuit->setShortcut(QKeySequence::Quit);
    m_actionQuit->setObjectName(QStringLiteral("actionQuit"));

    m_viewMenu = menuBar()->addMenu(QString());
    m_viewMenu->setObjectName(QStringLiteral("viewMenu"));
    m_actionRefresh = m_viewMenu->addAction(QString(), this, &MainWindow::refresh);
    m_actionRefresh->setShortcut(QKeySequence::Refresh);
    m_actionRefresh->setObjectName(QStringLiteral("actionRefresh"));
    m_actionFind = m_viewMenu->addAction(QString(), m_sidebar, &MetricSidebar::focusFilter);
    m_actionFind->setShortcut(QKeySequence::Find);
    m_actionFind->setObjectName(QStringLiteral("actionFindMetric"));
    m_viewsMenu = m_viewMenu->addMenu(QString());
    m_viewsMenu->setObjectName(QStringLiteral("savedViewsMenu"));
    updateViewsMenu();
    m_viewMenu->addSeparator();
    for (int i = 0; i < m_tabs->count(); ++i) {
        QAction *tab = m_viewMenu->addAction(QString(), this, [this, i] {
            m_pages->setCurrentIndex(1);
            m_tabs->setCurrentIndex(i);
        });
        tab->setShortcut(QKeySequence(QStringLiteral("Ctrl+%1").arg(i + 1)));
        tab->setObjectName(QStringLiteral("actionTab%1").arg(i + 1));
        m_tabActions.append(tab);
    }

    m_helpMenu = menuBar()->addMenu(QString());
    m_helpMenu->setObjectName(QStringLiteral("helpMenu"));
    m_actionAbout = m_helpMenu->addAction(QString(), this, &MainWindow::showAbout);
    m_actionAbout->setObjectName(QStringLiteral("actionAbout"));
    m_actionAbout->setMenuRole(QAction::AboutRole);
    m_actionAboutQt = m_helpMenu->addAction(QString(), qApp, &QApplication::aboutQt);
    m_actionAboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QMainWindow::changeEvent(event);
}

void MainWindow::retranslateUi()
{
    setWindowTitle(tr("SmartData"));
    m_fileMenu->setTitle(tr("&File"));
    m_actionImport->setText(tr("&Import…"));
    m_recentMenu->setTitle(tr("Import &Recent"));
    m_actionSample->setText(tr("Load &Sample Data"));
    m_actionExportPng->setText(tr("Export Chart as &PNG…"));
    m_actionExportCsv->setText(tr("Export Data as &CSV…"));
    m_actionSettings->setText(tr("&Settings…"));
    m_actionQuit->setText(tr("&Quit"));
    m_viewMenu->setTitle(tr("&View"));
    m_actionRefresh->setText(tr("&Refresh"));
    m_actionFind->setText(tr("&Find Metric"));
    m_viewsMenu->setTitle(tr("Saved &Views"));
    updateViewsMenu();
    const QStringList tabActions{tr("&Trend and Anomalies"), tr("&Forecast"), tr("Import &History"), tr("&Jobs"),
                                 tr("&API Server"), tr("&Log")};
    for (int i = 0; i < m_tabActions.size() && i < tabActions.size(); ++i)
        m_tabActions[i]->setText(tabActions[i]);
    m_helpMenu->setTitle(tr("&Help"));
    m_actionAbout->setText(tr("&About SmartData"));
    m_actionAboutQt->setText(tr("About &Qt"));

    m_emptyState->setText(tr("<h2>No data yet</h2>"
                             "<p>Drop CSV or JSON event files anywhere on this window to import them,<br>"
                             "or choose File → Import (Ctrl+O).</p>"
                             "<p>A file needs a <b>timestamp</b> and a <b>value</b> column; <b>metric</b>, "
                             "<b>user_id</b> and <b>event_id</b> are optional.<br>"
                             "CSV, TSV, JSON and NDJSON are read, also gzip-compressed.</p>"));
    m_emptyState->setAccessibleName(tr("Empty dashboard"));
    m_sampleButton->setText(tr("Load sample data"));
    m_sampleButton->setToolTip(tr("One year of a small web shop's orders, page views and signups."));
    m_importButton->setText(tr("Import a file…"));

    const QStringList ranges{tr("Last 7 days"), tr("Last 30 days"), tr("Last 90 days"), tr("Last 365 days"), tr("All days"),
                             tr("Custom")};
    for (int i = 0; i < ranges.size(); ++i)
        m_range->setItemText(i, ranges[i]);
    m_range->setToolTip(tr("Counted back from the metric's last day with data."));
    m_range->setAccessibleName(tr("Date range"));
    m_from->setAccessibleName(tr("First day"));
    m_to->setAccessibleName(tr("Last day"));
    for (int i = 0; i < m_aggregate->count(); ++i)
        m_aggregate->setItemText(i, aggregateName(Aggregate(m_aggregate->itemData(i).toInt())));
    m_aggregate->setAccessibleName(tr("Value shown"));
    m_rangeLabel->setText(tr("&Range:"));
    m_aggregateLabel->setText(tr("&Show:"));
    const QStringList tabs{tr("Trend and anomalies"), tr("Forecast"), tr("Import history"), tr("Jobs"), tr("API server"),
                           tr("Log")};
    for (int i = 0; i < m_tabs->count() && i < tabs.size(); ++i)
        m_tabs->setTabText(i, tabs[i]);
    m_statusDatabase->setText(tr("Database: %1").arg(QDir::toNativeSeparators(m_database->location())));
    showCounts();
    showSelection();
}

QWidget *MainWindow::createEmptyState()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("emptyPage"));
    m_emptyState = new QLabel(page);
    m_emptyState->setObjectName(QStringLiteral("emptyState"));
    m_emptyState->setAlignment(Qt::AlignCenter);
    m_sampleButton = new QPushButton(page);
    m_sampleButton->setObjectName(QStringLiteral("loadSampleButton"));
    connect(m_sampleButton, &QPushButton::clicked, this, &MainWindow::loadSampleData);
    m_importButton = new QPushButton(page);
    m_importButton->setObjectName(QStringLiteral("emptyImportButton"));
    connect(m_importButton, &QPushButton::clicked, this, &MainWindow::importDialogRequested);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_sampleButton);
    buttons->addWidget(m_importButton);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(page);
    layout->addStretch();
    layout->addWidget(m_emptyState);
    layout->addLayout(buttons);
    layout->addStretch();
    return page;
}

QWidget *MainWindow::createDashboard()
{
    auto *page = new QWidget(this);
    page->setObjectName(QStringLiteral("dashboard"));
    m_title = new QLabel(page);
    m_title->setObjectName(QStringLiteral("dashboardTitle"));
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
    kpiSplitter->addWidget(m_kpiChart);
    kpiSplitter->addWidget(m_anomalyPanel);
    kpiSplitter->setStretchFactor(0, 3);
    kpiSplitter->setStretchFactor(1, 1);
    kpiSplitter->setSizes({700, 330});
    m_forecastChart = new ForecastChart(page);
    m_batchesView = new BatchesView(m_database, *m_jobs, page);
    m_jobsView = new JobsView(m_database, *m_jobs, page);

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

    connect(m_range, &QComboBox::currentIndexChanged, this, &MainWindow::rangeChanged);
    connect(m_from, &QDateEdit::dateChanged, this, [this] {
        if (m_range->currentIndex() == int(RangePreset::Custom))
            showSelection();
    });
    connect(m_to, &QDateEdit::dateChanged, this, [this] {
        if (m_range->currentIndex() == int(RangePreset::Custom))
            showSelection();
    });
    connect(m_aggregate, &QComboBox::currentIndexChanged, this, &MainWindow::showSelection);
    connect(m_anomalyPanel, &AnomalyPanel::runRequested, this, &MainWindow::runAnomalies);
    connect(m_anomalyPanel, &AnomalyPanel::daySelected, m_kpiChart, &KpiChart::focusDay);
    connect(m_forecastChart, &ForecastChart::runRequested, this, &MainWindow::runForecast);
    rangeChanged();
    return page;
}

// ---------------------------------------------------------------- metrics and selection

void MainWindow::refresh()
{
    refreshMetrics();
    m_batchesView->reload();
    m_jobsView->reload();
    m_logView->reload();
}

void MainWindow::refreshMetrics()
{
    runInBackground<MetricList>(
        m_database, this,
        [](const std::shared_ptr<Storage::Database> &database) {
            MetricList list;
            QSqlQuery query(database->connection());
            if (!query.exec(QStringLiteral("SELECT s.name, m.metric, COUNT(*) FROM metric_daily m "
                                           "JOIN sources s ON s.id = m.source_id GROUP BY s.name, m.metric "
                                           "ORDER BY s.name, m.metric"))) {
                list.error = Storage::Database::sqlError(query.lastError(), QStringLiteral("listing the metrics")).message;
                return list;
            }
            while (query.next()) {
                const SeriesKey key{query.value(0).toString(), query.value(1).toString()};
                list.metrics.append(key);
                list.days.insert(key.source + QLatin1Char('/') + key.metric, query.value(2).toLongLong());
            }
            return list;
        },
        [this](const MetricList &list) { showMetrics(list); });
    // The counts come separately and never hold up the sidebar and the charts. COUNT(*) over
    // clean_events scans the whole table (about a second per 10M events, holding one of the pool's
    // few threads); every stored event belongs to exactly one import and an import's row goes with
    // its events, so the imports' inserted counts add up to the same number.
    runInBackground<StatusCounts>(
        m_database, this,
        [](const std::shared_ptr<Storage::Database> &database) {
            StatusCounts counts;
            QSqlQuery query(database->connection());
            if (query.exec(QStringLiteral("SELECT (SELECT COALESCE(SUM(inserted), 0) FROM ingest_batches),"
                                          " (SELECT COUNT(*) FROM metric_daily), (SELECT COUNT(*) FROM ingest_batches)"))
                && query.next()) {
                counts.events = query.value(0).toLongLong();
                counts.dailyRows = query.value(1).toLongLong();
                counts.batches = query.value(2).toLongLong();
                counts.known = true;
            }
            return counts;
        },
        [this](const StatusCounts &counts) {
            m_counts = counts;
            showCounts();
        });
}

void MainWindow::showCounts()
{
    const QLocale locale;
    if (!m_countsError.isEmpty())
        m_statusCounts->setText(m_countsError);
    else if (!m_counts.known)
        m_statusCounts->setText(tr("Counting events…"));
    else
        m_statusCounts->setText(tr("Events: %1 · daily rows: %2 · imports: %3")
                                    .arg(locale.toString(m_counts.events), locale.toString(m_counts.dailyRows),
                                         locale.toString(m_counts.batches)));
}

void MainWindow::showMetrics(const MetricList &list)
{
    m_countsError = list.error;
    showCounts();
    m_metrics = list.metrics;
    const SeriesKey keep = m_selection;
    m_sidebar->setMetrics(m_metrics, list.days);
    m_pages->setCurrentIndex(m_metrics.isEmpty() ? 0 : 1);

    SeriesKey wanted = keep;
    if (!m_restoredSelection) {
        m_restoredSelection = true;
        QSettings settings(settingsScope());
        wanted = {settings.value(QStringLiteral("dashboard/source")).toString(),
                  settings.value(QStringLiteral("dashboard/metric")).toString()};
    }
    if (!m_metrics.contains(wanted))
        wanted = m_metrics.isEmpty() ? SeriesKey{} : m_metrics.first();
    m_selection = {};
    if (!wanted.metric.isEmpty())
        selectMetric(wanted.source, wanted.metric);
    else {
        m_data = std::make_unique<DashboardSnapshot>();
        showSelection();
    }
    Q_EMIT metricsLoaded();
}

bool MainWindow::selectMetric(const QString &source, const QString &metric)
{
    const SeriesKey key{source, metric};
    if (!m_sidebar->select(key))
        return false;
    sidebarSelectionChanged(key); // when it was current already, the sidebar said nothing
    return true;
}

void MainWindow::sidebarSelectionChanged(const SeriesKey &key)
{
    if (key == m_selection)
        return;
    m_selection = key;
    saveDashboardSettings();
    loadSelection();
}

void MainWindow::loadSelection()
{
    m_selectionLoaded = false;
    const int generation = ++m_loadGeneration;
    const SeriesKey key = m_selection;
    m_title->setText(tr("<b>%1</b> · %2 — loading…").arg(key.metric.toHtmlEscaped(), key.source.toHtmlEscaped()));
    runInBackground<DashboardSnapshot>(
        m_database, this,
        [generation, key](const std::shared_ptr<Storage::Database> &database) {
            DashboardSnapshot data = DashboardSnapshot::load(database, key);
            data.generation = generation;
            return data;
        },
        [this](const DashboardSnapshot &data) {
            if (data.generation != m_loadGeneration)
                return;
            m_data = std::make_unique<DashboardSnapshot>(data);
            showSelection();
            m_selectionLoaded = true;
            Q_EMIT selectionLoaded();
        });
}

void MainWindow::setRange(RangePreset preset, const QDate &from, const QDate &to)
{
    if (preset == RangePreset::Custom) {
        const QSignalBlocker a(m_from), b(m_to);
        m_from->setDate(from);
        m_to->setDate(to);
    }
    if (preset == RangePreset::Custom && m_range->currentIndex() == int(preset))
        saveDashboardSettings();
    if (m_range->currentIndex() == int(preset))
        showSelection();
    else
        m_range->setCurrentIndex(int(preset));
}

void MainWindow::rangeChanged()
{
    const bool custom = m_range->currentIndex() == int(RangePreset::Custom);
    m_from->setEnabled(custom);
    m_to->setEnabled(custom);
    showSelection();
}

QPair<QDate, QDate> MainWindow::visibleRange() const
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

QList<Kpi::DailyRow> MainWindow::rowsInRange() const
{
    const auto [from, to] = visibleRange();
    QList<Kpi::DailyRow> rows;
    for (const Kpi::DailyRow &row : std::as_const(m_data->rows)) {
        if ((!from.isValid() || row.day >= from) && (!to.isValid() || row.day <= to))
            rows.append(row);
    }
    return rows;
}

void MainWindow::showSelection()
{
    if (!m_kpiChart || !m_data)
        return;
    const DashboardSnapshot &data = *m_data;
    const bool any = !data.key.metric.isEmpty();
    if (m_actionExportCsv) { // the dashboard is built before the menus
        m_actionExportCsv->setEnabled(any);
        m_actionExportPng->setEnabled(any);
    }
    m_anomalyPanel->setRunEnabled(any && !m_jobs->isRunning(seriesJobName(QStringLiteral("anomaly"), data.key)));
    m_forecastChart->setRunEnabled(any && !m_jobs->isRunning(seriesJobName(QStringLiteral("forecast"), data.key)));
    if (!any) {
        m_title->clear();
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
    m_title->setText(data.error.isEmpty()
                         ? tr("<b>%1</b> · %2 — %3, %4")
                               .arg(data.key.metric.toHtmlEscaped(), data.key.source.toHtmlEscaped(),
                                    ChartText::stepCount(data.grain, rows.size()), aggregateSummary(rows, aggregate))
                         : tr("<b>%1</b>: %2").arg(data.key.metric.toHtmlEscaped(), data.error.toHtmlEscaped()));

    // The anomalies of the shown aggregate only: a day flagged in the sums is no marker on the averages.
    const auto field = anomalyField(aggregate);
    const QString fieldName = field ? Anomaly::valueFieldName(*field) : QString();
    const auto [from, to] = visibleRange();
    const QList<Anomaly::StoredAnomaly> flagged = data.flagged(fieldName, from, to);
    const QString shown = aggregatePhrase(aggregate);
    m_kpiChart->setData(tr("%1 — %2").arg(data.key.metric, ChartText::perStep(shown, data.grain)), rows, aggregate, flagged);
    m_anomalyPanel->setAnomalies(flagged);
    const bool detecting = m_jobs->isRunning(seriesJobName(QStringLiteral("anomaly"), data.key));
    const bool forecasting = m_jobs->isRunning(seriesJobName(QStringLiteral("forecast"), data.key));
    if (!field) {
        if (!detecting) // (setRunning enables the button: first the message, then disable)
            m_anomalyPanel->setRunning(false, tr("Anomaly detection runs on the sum, count, average or distinct users; "
                                                 "choose one of them under Show."));
        m_anomalyPanel->setRunEnabled(false);
    } else if (m_unsupportedAggregateNotice && !detecting) {
        m_anomalyPanel->setRunning(false);
    }

    // The forecast of the shown aggregate: the newest run fitted on it.
    const QString forecastOn = forecastField(aggregate);
    const std::optional<Forecast::RunInfo> run = data.latestRun(forecastOn);
    const Forecast::DailyHistory history = data.histories.value(forecastOn.isEmpty() ? QStringLiteral("value_sum") : forecastOn);
    if (forecastOn.isEmpty()) {
        if (!forecasting)
            m_forecastChart->setRunning(false, tr("Forecasts are fitted on the sum, count, average or distinct users; "
                                                  "choose one of them under Show."));
        m_forecastChart->setRunEnabled(false);
    } else if (m_unsupportedAggregateNotice && !forecasting) {
        m_forecastChart->setRunning(false);
    }
    m_unsupportedAggregateNotice = !field;
    // The forecast's history follows the dashboard's range; the forecast itself always shows.
    m_forecastChart->setData(tr("%1 — %2: history and forecast").arg(data.key.metric, ChartText::perStep(shown, history.grain)),
                             forecastOn.isEmpty() ? Forecast::DailyHistory() : history, run, data.folds, from, to);
}

Aggregate MainWindow::shownAggregate() const
{
    return Aggregate(m_aggregate->currentData().toInt());
}

// ---------------------------------------------------------------- saved views

SavedView MainWindow::currentView() const
{
    SavedView view;
    view.source = m_selection.source;
    view.metric = m_selection.metric;
    view.range = m_range->currentIndex();
    if (view.range == int(RangePreset::Custom)) {
        view.from = m_from->date();
        view.to = m_to->date();
    }
    view.aggregate = m_aggregate->currentIndex();
    view.tab = m_tabs->currentIndex();
    view.detector = m_anomalyPanel->params().toJson();
    return view;
}

void MainWindow::saveCurrentView(const QString &name)
{
    SavedView view = currentView();
    view.name = name.trimmed();
    if (view.name.isEmpty() || view.metric.isEmpty())
        return;
    SavedViews::save(view);
    updateViewsMenu();
    statusBar()->showMessage(tr("View saved as \"%1\"").arg(view.name), 5000);
}

bool MainWindow::openView(const QString &name)
{
    const QList<SavedView> views = SavedViews::all();
    const auto it = std::find_if(views.cbegin(), views.cend(), [&](const SavedView &v) { return v.name == name; });
    if (it == views.cend())
        return false;
    const SavedView &view = *it;
    if (!m_metrics.contains(SeriesKey{view.source, view.metric})) {
        statusBar()->showMessage(tr("The view \"%1\" shows %2/%3, which has no data now.").arg(view.name, view.source, view.metric), 10000);
        return false;
    }
    m_aggregate->setCurrentIndex(std::clamp(view.aggregate, 0, AggregateCount - 1));
    if (auto params = Anomaly::AnomalyService::paramsFromJson(view.detector))
        m_anomalyPanel->setParams(*params);
    m_tabs->setCurrentIndex(view.tab);
    setRange(RangePreset(std::clamp(view.range, 0, int(RangePreset::Custom))), view.from, view.to);
    selectMetric(view.source, view.metric);
    return true;
}

void MainWindow::updateViewsMenu()
{
    m_viewsMenu->clear();
    QAction *save = m_viewsMenu->addAction(tr("&Save Current View…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(this, tr("Save View"), tr("Name of this view:"), QLineEdit::Normal,
                                                   m_selection.metric, &ok);
        if (ok)
            saveCurrentView(name);
    });
    save->setObjectName(QStringLiteral("actionSaveView"));
    const QList<SavedView> views = SavedViews::all();
    if (views.isEmpty())
        return;
    m_viewsMenu->addSeparator();
    for (const SavedView &view : views) {
        const QString name = view.name;
        QAction *open = m_viewsMenu->addAction(name, this, [this, name] { openView(name); });
        open->setToolTip(tr("%1/%2").arg(view.source, view.metric));
    }
    m_viewsMenu->addSeparator();
    QMenu *remove = m_viewsMenu->addMenu(tr("&Delete"));
    remove->setObjectName(QStringLiteral("deleteViewMenu"));
    for (const SavedView &view : views) {
        const QString name = view.name;
        remove->addAction(name, this, [this, name] {
            SavedViews::remove(name);
            updateViewsMenu();
        });
    }
}

// ---------------------------------------------------------------- jobs

void MainWindow::runAnomalies(const Anomaly::AnomalyParams &requested)
{
    if (const Common::Status valid = requested.validate(); !valid) {
        m_anomalyPanel->setRunning(false, valid.error().message);
        return;
    }
    const auto field = anomalyField(shownAggregate());
    if (!field) {
        m_anomalyPanel->setRunning(false, tr("Anomaly detection runs on the sum, count, average or distinct users; "
                                             "choose one of them under Show."));
        return;
    }
    Anomaly::AnomalyParams params = requested;
    params.field = *field;
    const SeriesKey key = m_selection;
    Jobs::JobDefinition definition;
    definition.name = seriesJobName(QStringLiteral("anomaly"), key);
    definition.description = tr("Detect anomalies in %1/%2").arg(key.source, key.metric);
    definition.run = [key, params](Jobs::JobContext &context) -> Common::Result<Jobs::JobOutcome> {
        context.progress.progress(10, tr("Detecting anomalies"));
        auto result = Anomaly::AnomalyService(context.database).run({key.source, key.metric, params, {}, {}});
        if (!result)
            return result.error();
        if (result->insufficientData)
            return Jobs::JobOutcome{result->insufficientReason, {}};
        const qsizetype flagged = result->anomalies().size();
        return Jobs::JobOutcome{tr("%1 anomalous days").arg(flagged),
                                QJsonObject{{QStringLiteral("anomalies"), qint64(flagged)}}};
    };
    auto job = m_jobs->start(std::move(definition));
    if (!job)
        m_anomalyPanel->setRunning(false, job.error().message);
}

void MainWindow::runForecast(int horizon)
{
    const QString field = forecastField(shownAggregate());
    if (field.isEmpty()) {
        m_forecastChart->setRunning(false, tr("Forecasts are fitted on the sum, count, average or distinct users; "
                                              "choose one of them under Show."));
        return;
    }
    const SeriesKey key = m_selection;
    Jobs::JobDefinition definition;
    definition.name = seriesJobName(QStringLiteral("forecast"), key);
    definition.description = tr("Forecast %1/%2").arg(key.source, key.metric);
    definition.run = [key, horizon, field](Jobs::JobContext &context) -> Common::Result<Jobs::JobOutcome> {
        context.progress.progress(5, tr("Fitting the model"));
        Forecast::ServiceRequest request;
        request.source = key.source;
        request.metric = key.metric;
        request.field = field;
        request.horizon = horizon;
        request.backtest.horizon = std::min(horizon, 14);
        auto run = Forecast::ForecastService(context.database).run(request);
        if (!run)
            return run.error();
        noteForecastRunField(context.database->location(), *run, field);
        return Jobs::JobOutcome{tr("%1, grade %2").arg(run->model, run->reliabilityGrade),
                                QJsonObject{{QStringLiteral("run_id"), run->id}}};
    };
    auto job = m_jobs->start(std::move(definition));
    if (!job)
        m_forecastChart->setRunning(false, job.error().message);
}

void MainWindow::onJobStarted(Jobs::Job *job)
{
    const QString name = job->name();
    if (name == seriesJobName(QStringLiteral("anomaly"), m_selection))
        m_anomalyPanel->setRunning(true, tr("Detecting anomalies…"));
    else if (name == seriesJobName(QStringLiteral("forecast"), m_selection))
        m_forecastChart->setRunning(true, tr("Forecasting… (fitting models and backtesting)"));
    statusBar()->showMessage(tr("Started: %1").arg(name));
    m_jobsView->reload();
    connect(job, &Jobs::Job::progressChanged, this, [this, name](int percent, const QString &message) {
        statusBar()->showMessage(tr("%1: %2% %3").arg(name).arg(percent).arg(message));
    });
}

void MainWindow::onJobFinished(Jobs::Job *job)
{
    const Jobs::RunRecord &record = job->record();
    const QString name = job->name();
    const bool ok = record.status == Jobs::RunStatus::Succeeded;
    const QString text = ok ? tr("%1 finished: %2").arg(name, record.message)
                            : tr("%1 %2: %3").arg(name, Jobs::statusName(record.status),
                                                   record.error ? record.error->message : record.message);
    statusBar()->showMessage(text, 10000);
    if (name.startsWith(QLatin1String("anomaly:")) || name.startsWith(QLatin1String("forecast:"))) {
        const bool current = name == seriesJobName(QStringLiteral("anomaly"), m_selection)
                          || name == seriesJobName(QStringLiteral("forecast"), m_selection);
        if (name.startsWith(QLatin1String("anomaly:")))
            m_anomalyPanel->setRunning(false, current ? (ok ? record.message : text) : QString());
        else
            m_forecastChart->setRunning(false, current && !ok ? text : QString());
        if (current)
            loadSelection();
    } else {
        // Imports, the sample data, batch deletions and scheduled jobs change what there is to show.
        refreshMetrics();
        m_batchesView->reload(); // refreshMetrics() reloads the selection too
    }
    m_jobsView->reload();
}

// ---------------------------------------------------------------- import

void MainWindow::importDialogRequested()
{
    QSettings settings(settingsScope());
    const QString dir = settings.value(QStringLiteral("import/lastDir"), QDir::homePath()).toString();
    const QString path = chooseOpenFile(this, tr("Import Events"), dir,
                                        tr("Event files (*.csv *.tsv *.txt *.json *.ndjson *.jsonl *.gz);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("import/lastDir"), QFileInfo(path).absolutePath());
    openImportDialog(path);
}

ImportDialog *MainWindow::openImportDialog(const QString &path)
{
    if (const QString reason = unsupportedReason(path); !reason.isEmpty()) {
        m_lastDropError = reason;
        statusBar()->showMessage(reason, 15000);
        auto *box = new QMessageBox(QMessageBox::Information, tr("Cannot import this file"), reason, QMessageBox::Ok, this);
        box->setObjectName(QStringLiteral("unsupportedFileMessage"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
        return nullptr;
    }
    addRecentFile(path);
    auto *dialog = new ImportDialog(m_database, *m_jobs, path, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
    return dialog;
}

bool MainWindow::loadSampleData()
{
    Jobs::JobDefinition definition;
    definition.name = QStringLiteral("import:sample data");
    definition.description = tr("Load the sample shop data");
    definition.run = [](Jobs::JobContext &context) -> Common::Result<Jobs::JobOutcome> {
        QFile file(SampleResource);
        if (!file.open(QIODevice::ReadOnly))
            return Common::Error::internal(QStringLiteral("SAMPLE_MISSING"), tr("The sample data is missing from this build."));
        Ingest::ImportOptions options;
        options.source = SampleSource;
        options.createdBy = QStringLiteral("desktop");
        auto summary = Ingest::Importer(context.database).importData(file.readAll(), QStringLiteral("sample-shop.csv"), options,
                                                                     &context.progress);
        if (!summary)
            return summary.error();
        // First use should show everything: anomalies for each metric and a forecast of orders.
        for (const QString &metric : std::as_const(summary->metrics)) {
            if (context.progress.isCancelled())
                break;
            context.progress.progress(99, tr("Detecting anomalies in %1").arg(metric));
            auto detected = Anomaly::AnomalyService(context.database)
                                .run({SampleSource, metric, Anomaly::AnomalyParams::defaults(Anomaly::Method::RollingZ), {}, {}});
            if (!detected)
                return detected.error();
        }
        if (!context.progress.isCancelled() && summary->metrics.contains(QStringLiteral("orders"))) {
            context.progress.progress(99, tr("Forecasting orders"));
            Forecast::ServiceRequest request;
            request.source = SampleSource;
            request.metric = QStringLiteral("orders");
            request.horizon = 14;
            if (auto run = Forecast::ForecastService(context.database).run(request); !run)
                return run.error();
        }
        return Jobs::JobOutcome{tr("%1 sample events loaded").arg(summary->inserted),
                                QJsonObject{{QStringLiteral("inserted"), summary->inserted}}};
    };
    auto job = m_jobs->start(std::move(definition));
    if (!job) {
        statusBar()->showMessage(job.error().message, 10000);
        return false;
    }
    QSettings settings(settingsScope());
    settings.setValue(QStringLiteral("dashboard/source"), SampleSource);
    settings.setValue(QStringLiteral("dashboard/metric"), QStringLiteral("orders"));
    m_restoredSelection = false;
    return true;
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls()) {
        const auto urls = event->mimeData()->urls();
        for (const QUrl &url : urls) {
            if (url.isLocalFile()) {
                event->acceptProposedAction();
                return;
            }
        }
    }
    event->ignore();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const auto urls = event->mimeData()->urls();
    bool any = false;
    for (const QUrl &url : urls) {
        if (!url.isLocalFile())
            continue;
        any = true;
        openImportDialog(url.toLocalFile());
    }
    if (any)
        event->acceptProposedAction();
    else
        event->ignore();
}

void MainWindow::addRecentFile(const QString &path)
{
    QSettings settings(settingsScope());
    QStringList files = settings.value(QStringLiteral("import/recentFiles")).toStringList();
    files.removeAll(path);
    files.prepend(path);
    while (files.size() > MaxRecentFiles)
        files.removeLast();
    settings.setValue(QStringLiteral("import/recentFiles"), files);
    updateRecentMenu();
}

void MainWindow::updateRecentMenu()
{
    m_recentMenu->clear();
    const QStringList files = QSettings(settingsScope()).value(QStringLiteral("import/recentFiles")).toStringList();
    for (int i = 0; i < files.size(); ++i) {
        const QString path = files[i];
        m_recentMenu->addAction(QStringLiteral("&%1 %2").arg(i + 1).arg(QFileInfo(path).fileName()), this,
                                [this, path] { openImportDialog(path); })
            ->setToolTip(path);
    }
    m_recentMenu->setEnabled(!files.isEmpty());
}

// ---------------------------------------------------------------- export

void MainWindow::exportChartPng()
{
    ChartView *view = m_tabs->currentWidget() == m_forecastChart ? m_forecastChart->view() : m_kpiChart->view();
    const QString name = m_selection.metric.isEmpty() ? QStringLiteral("chart") : m_selection.source + QLatin1Char('-') + m_selection.metric;
    const QString path = chooseSaveFile(this, tr("Export Chart"), QDir::home().filePath(name + QStringLiteral(".png")),
                                        tr("PNG images (*.png)"));
    if (path.isEmpty())
        return;
    if (!view->grab().save(path, "PNG"))
        QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1.").arg(QDir::toNativeSeparators(path)));
    else
        statusBar()->showMessage(tr("Chart saved to %1").arg(QDir::toNativeSeparators(path)), 8000);
}

void MainWindow::exportDataCsv()
{
    if (m_selection.metric.isEmpty())
        return;
    const QString name = m_selection.source + QLatin1Char('-') + m_selection.metric;
    const QString path = chooseSaveFile(this, tr("Export Data"), QDir::home().filePath(name + QStringLiteral(".csv")),
                                        tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    QSaveFile file(path);
    if (file.open(QIODevice::WriteOnly | QIODevice::Text)) {
        QTextStream out(&file);
        out << "source,metric,day,value_sum,value_count,value_avg,value_distinct,value_min,value_max\n";
        // The return type is spelled out: with QT_USE_QSTRINGBUILDER an `auto` lambda returned a
        // QStringBuilder holding references to its own by-value parameter, read after it was gone.
        const auto quoted = [](QString text) -> QString {
            return QLatin1Char('"') + text.replace(QLatin1Char('"'), QStringLiteral("\"\"")) + QLatin1Char('"');
        };
        const QList<Kpi::DailyRow> rows = rowsInRange();
        for (const Kpi::DailyRow &row : rows) {
            out << quoted(row.source) << ',' << quoted(row.metric) << ',' << row.day.toString(Qt::ISODate) << ','
                << (row.sum ? QString::number(*row.sum, 'g', 17) : QString()) << ',' << row.count << ',' << QString::number(row.avg, 'g', 17) << ','
                << (row.distinct ? QString::number(*row.distinct) : QString()) << ',' << QString::number(row.min, 'g', 17) << ','
                << QString::number(row.max, 'g', 17) << '\n';
        }
        out.flush();
    }
    if (!file.commit())
        QMessageBox::warning(this, tr("Export failed"), tr("Could not write %1.").arg(QDir::toNativeSeparators(path)));
    else
        statusBar()->showMessage(tr("Data saved to %1").arg(QDir::toNativeSeparators(path)), 8000);
}

// ---------------------------------------------------------------- misc

void MainWindow::setScheduler(Scheduler::Scheduler *scheduler)
{
    m_scheduler = scheduler;
    m_jobsView->setScheduler(scheduler);
}

SettingsDialog *MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(m_database, *m_jobs, m_scheduler, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::applied, this, [this] {
        applyStoredAnomalyDefaults();
        m_jobsView->reload();
    });
    dialog->open();
    return dialog;
}

void MainWindow::applyStoredAnomalyDefaults()
{
    m_anomalyPanel->setParams(SettingsDialog::anomalyDefaults());
}

void MainWindow::showAbout()
{
    AboutDialog dialog(m_database->location(), this);
    dialog.exec();
}

void MainWindow::saveDashboardSettings()
{
    QSettings settings(settingsScope());
    if (auto *splitter = qobject_cast<QSplitter *>(centralWidget()))
        settings.setValue(QStringLiteral("mainWindow/splitter"), splitter->saveState());
    settings.setValue(QStringLiteral("dashboard/range"), m_range->currentIndex());
    if (m_range->currentIndex() == int(RangePreset::Custom)) {
        settings.setValue(QStringLiteral("dashboard/from"), m_from->date());
        settings.setValue(QStringLiteral("dashboard/to"), m_to->date());
    }
    settings.setValue(QStringLiteral("dashboard/aggregate"), m_aggregate->currentIndex());
    settings.setValue(QStringLiteral("dashboard/tab"), m_tabs->currentIndex());
    // Before the metric list has arrived the selection is not the person's yet.
    if (m_restoredSelection && !m_selection.metric.isEmpty()) {
        settings.setValue(QStringLiteral("dashboard/source"), m_selection.source);
        settings.setValue(QStringLiteral("dashboard/metric"), m_selection.metric);
    }
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings(settingsScope()).setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    saveDashboardSettings();
    QMainWindow::closeEvent(event);
}

} // namespace Ui
