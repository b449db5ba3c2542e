#include "mainwindow.h"

#include "jobs/analysisjobs.h"
#include "jobs/jobmanager.h"
#include "jobs/standardjobs.h"
#include "storage/database.h"
#include "ui/aboutdialog.h"
#include "ui/anomalypanel.h"
#include "ui/backgroundtask.h"
#include "ui/batchesview.h"
#include "ui/dailyrowscsv.h"
#include "ui/errorpresenter.h"
#include "ui/filechooser.h"
#include "ui/forecastchart.h"
#include "ui/importdialog.h"
#include "ui/jobsview.h"
#include "ui/kpichart.h"
#include "ui/logview.h"
#include "ui/metricsidebar.h"
#include "ui/savedviews.h"
#include "ui/savedviewsmenu.h"
#include "ui/settingsdialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLocale>
#include <QMenuBar>
#include <QMimeData>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QVBoxLayout>

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

// Keeps a QSettings from syncing itself from the GUI thread's event loop (it posts itself an
// UpdateRequest after every change): MainWindow::flushSettings() has the writer thread do it.
class DeferredSync final : public QObject
{
public:
    using QObject::QObject;
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        return event->type() == QEvent::UpdateRequest || QObject::eventFilter(watched, event);
    }
};

} // namespace

MainWindow::MainWindow(std::shared_ptr<Storage::Database> database, Jobs::JobManager *jobs, QWidget *parent)
    : QMainWindow(parent)
    , m_database(std::move(database))
    , m_settings(std::make_unique<QSettings>(settingsScope()))
{
    setObjectName(QStringLiteral("mainWindow"));
    m_settings->installEventFilter(new DeferredSync(this));
    m_settingsWriter.setMaxThreadCount(1);
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

    m_errors = new ErrorPresenter(this, statusBar(), this);
    m_pages = new QStackedWidget(this);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->addWidget(createEmptyState());
    m_dashboard = new DashboardController(m_database, *m_jobs, *m_errors, m_pages);
    m_pages->addWidget(m_dashboard->page());
    connect(m_dashboard, &DashboardController::selectionLoaded, this, &MainWindow::selectionLoaded);
    connect(m_dashboard, &DashboardController::settingsChanged, this, &MainWindow::saveDashboardSettings);

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
    createStatusBar();
    connect(m_dashboard, &DashboardController::seriesShown, this, [this](bool any) {
        m_actionExportCsv->setEnabled(any);
        m_actionExportChart->setEnabled(any);
    });

    QSettings settings(settingsScope());
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    if (!settings.contains(QStringLiteral("mainWindow/geometry")))
        resize(1280, 820);
    splitter->restoreState(settings.value(QStringLiteral("mainWindow/splitter")).toByteArray());
    m_dashboard->restoreSettings();
    applyStoredAnomalyDefaults();
    // The dashboard's choices are stored as they change: a crash or a killed session keeps them too.
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
    m_settingsWriter.waitForDone();
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
    m_actionExportChart = m_fileMenu->addAction(QString(), this, &MainWindow::exportChart);
    m_actionExportChart->setShortcut(QKeySequence(QStringLiteral("Ctrl+Shift+P")));
    m_actionExportChart->setObjectName(QStringLiteral("actionExportPng"));
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
    m_viewsMenu = new SavedViewsMenu(this);
    m_viewMenu->addMenu(m_viewsMenu);
    connect(m_viewsMenu, &SavedViewsMenu::saveRequested, this, &MainWindow::saveCurrentView);
    connect(m_viewsMenu, &SavedViewsMenu::openRequested, this, &MainWindow::openView);
    m_viewMenu->addSeparator();
    for (int i = 0; i < m_dashboard->tabs()->count(); ++i) {
        QAction *tab = m_viewMenu->addAction(QString(), this, [this, i] {
            m_pages->setCurrentIndex(1);
            m_dashboard->tabs()->setCurrentIndex(i);
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
    m_actionExportChart->setText(tr("Export &Chart…"));
    m_actionExportCsv->setText(tr("Export Data as &CSV…"));
    m_actionSettings->setText(tr("&Settings…"));
    m_actionQuit->setText(tr("&Quit"));
    m_viewMenu->setTitle(tr("&View"));
    m_actionRefresh->setText(tr("&Refresh"));
    m_actionFind->setText(tr("&Find Metric"));
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

    // The file's name; its whole path (or the server's URL) in the tooltip: a long path would crowd
    // the counters and the status messages out of a small window.
    const QString location = QDir::toNativeSeparators(m_database->location());
    const QFileInfo file(m_database->location());
    const bool isFile = !m_database->location().contains(QLatin1String("://"));
    m_statusDatabase->setText(tr("Database: %1").arg(isFile ? file.fileName() : location));
    m_statusDatabase->setToolTip(location);
    showCounts();
    m_dashboard->retranslateUi();
}

void MainWindow::createStatusBar()
{
    m_statusCounts = new QLabel(this);
    m_statusCounts->setObjectName(QStringLiteral("statusCounts"));
    m_statusDatabase = new QLabel(this);
    m_statusDatabase->setObjectName(QStringLiteral("statusDatabase"));
    statusBar()->addPermanentWidget(m_statusCounts);
    statusBar()->addPermanentWidget(m_statusDatabase);
    m_errors->setPermanentWidgets({m_statusCounts, m_statusDatabase});
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

// ---------------------------------------------------------------- metrics and selection

void MainWindow::refresh()
{
    refreshMetrics();
    m_dashboard->batchesView()->reload();
    m_dashboard->jobsView()->reload();
    m_dashboard->logView()->reload();
}

void MainWindow::refreshMetrics()
{
    runInBackground<MetricCatalog>(m_database, this, &MetricCatalog::load,
                                   [this](const MetricCatalog &catalog) { showMetrics(catalog); });
    // The counts come separately and never hold up the sidebar and the charts.
    runInBackground<DatabaseCounts>(m_database, this, &DatabaseCounts::load, [this](const DatabaseCounts &counts) {
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

void MainWindow::showMetrics(const MetricCatalog &catalog)
{
    m_countsError = catalog.error;
    showCounts();
    m_metrics = catalog.metrics;
    m_dashboard->setCatalog(m_metrics);
    const SeriesKey keep = m_dashboard->selection();
    m_sidebar->setMetrics(m_metrics, catalog.days);
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
    // New data may have arrived: what the dashboard keeps of earlier loads is read again.
    m_dashboard->invalidate();
    if (!wanted.metric.isEmpty())
        selectMetric(wanted.source, wanted.metric);
    else
        m_dashboard->setSelection({});
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
    if (key == m_dashboard->selection() && !key.metric.isEmpty())
        return;
    m_dashboard->setSelection(key);
    m_viewsMenu->setSuggestedName(key.metric);
    saveDashboardSettings();
}

void MainWindow::setRange(RangePreset preset, const QDate &from, const QDate &to)
{
    m_dashboard->setRange(preset, from, to);
}

QPair<QDate, QDate> MainWindow::visibleRange() const
{
    return m_dashboard->visibleRange();
}

// ---------------------------------------------------------------- saved views

SavedView MainWindow::currentView() const
{
    SavedView view;
    view.source = selection().source;
    view.metric = selection().metric;
    m_dashboard->fillView(view);
    return view;
}

QMenu *MainWindow::savedViewsMenu() const
{
    return m_viewsMenu;
}

void MainWindow::saveCurrentView(const QString &name)
{
    SavedView view = currentView();
    view.name = name.trimmed();
    if (view.name.isEmpty() || view.metric.isEmpty())
        return;
    SavedViews::save(view);
    m_viewsMenu->rebuild();
    m_errors->showInfo(tr("View saved as \"%1\"").arg(view.name), 5000);
}

bool MainWindow::openView(const QString &name)
{
    const QList<SavedView> views = SavedViews::all();
    const auto it = std::find_if(views.cbegin(), views.cend(), [&](const SavedView &v) { return v.name == name; });
    if (it == views.cend())
        return false;
    const SavedView &view = *it;
    if (!m_metrics.contains(SeriesKey{view.source, view.metric})) {
        m_errors->showStatus(Common::Error::notFound(QStringLiteral("VIEW_WITHOUT_DATA"),
                                                     tr("The view \"%1\" shows %2/%3, which has no data now.")
                                                         .arg(view.name, view.source, view.metric)));
        return false;
    }
    m_dashboard->applyView(view);
    selectMetric(view.source, view.metric);
    return true;
}

// ---------------------------------------------------------------- jobs

void MainWindow::onJobStarted(Jobs::Job *job)
{
    const QString name = job->name();
    m_dashboard->jobStarted(job);
    m_errors->showInfo(tr("Started: %1").arg(name), 0);
    connect(job, &Jobs::Job::progressChanged, this, [this, name](int percent, const QString &message) {
        m_errors->showInfo(tr("%1: %2% %3").arg(name).arg(percent).arg(message), 0);
    });
}

void MainWindow::onJobFinished(Jobs::Job *job)
{
    const Jobs::RunRecord &record = job->record();
    if (record.status == Jobs::RunStatus::Succeeded)
        m_errors->showInfo(tr("%1 finished: %2").arg(job->name(), record.message));
    else
        m_errors->showInfo(tr("%1 %2: %3").arg(job->name(), Jobs::statusName(record.status),
                                               record.error ? ErrorPresenter::text(*record.error) : record.message));
    // A detection or a forecast reloads its own series; anything else may have changed what there is.
    if (!m_dashboard->jobFinished(job))
        refreshMetrics();
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
        const Common::Error error = Common::Error::badInput(QString(), reason);
        m_errors->showInfo(reason, 15000);
        m_errors->showDialog(error, tr("Cannot import this file"))->setObjectName(QStringLiteral("unsupportedFileMessage"));
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
    QFile file(SampleResource);
    if (!file.open(QIODevice::ReadOnly)) {
        m_errors->showDialog(Common::Error::internal(QStringLiteral("SAMPLE_MISSING"), tr("The sample data is missing from this build.")));
        return false;
    }
    // First use should show everything: anomalies of each metric (the default detector) and a
    // forecast of orders, by the same definition the command line and the API could start.
    Jobs::ImportAnalysisRequest request;
    request.name = QStringLiteral("import:sample data");
    request.data = file.readAll();
    request.fileName = QStringLiteral("sample-shop.csv");
    request.source = SampleSource;
    request.forecastMetric = QStringLiteral("orders");
    auto job = m_jobs->start(Jobs::importAndAnalyseJob(request));
    if (!job) {
        m_errors->showStatus(job.error());
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

void MainWindow::exportChart()
{
    // The chart of the tab shown asks for the format (PNG at a size, SVG, PDF or the plotted points
    // as CSV) and titles the file with the source and metric; the dashboard keeps both charts' sources.
    if (m_dashboard->tabs()->currentWidget() == forecastChart())
        forecastChart()->exportChart();
    else
        kpiChart()->exportChart();
}

void MainWindow::exportDataCsv()
{
    const SeriesKey shown = selection();
    if (shown.metric.isEmpty())
        return;
    const QString name = shown.source + QLatin1Char('-') + shown.metric;
    const QString path = chooseSaveFile(this, tr("Export Data"), QDir::home().filePath(name + QStringLiteral(".csv")),
                                        tr("CSV files (*.csv)"));
    if (path.isEmpty())
        return;
    if (const Common::Status written = writeDailyRowsCsv(path, m_dashboard->rowsInRange()); !written)
        m_errors->showDialog(written.error(), tr("Export failed"));
    else
        m_errors->showInfo(tr("Data saved to %1").arg(QDir::toNativeSeparators(path)), 8000);
}

// ---------------------------------------------------------------- misc

void MainWindow::setScheduler(Scheduler::Scheduler *scheduler)
{
    m_scheduler = scheduler;
    jobsView()->setScheduler(scheduler);
}

SettingsDialog *MainWindow::showSettings()
{
    auto *dialog = new SettingsDialog(m_database, *m_jobs, m_scheduler, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &SettingsDialog::applied, this, [this] {
        applyStoredAnomalyDefaults();
        jobsView()->reload();
    });
    dialog->open();
    return dialog;
}

void MainWindow::applyStoredAnomalyDefaults()
{
    m_dashboard->setDetectorParams(SettingsDialog::anomalyDefaults());
}

void MainWindow::showAbout()
{
    AboutDialog dialog(m_database->location(), this);
    dialog.exec();
}

void MainWindow::saveDashboardSettings()
{
    // In memory at once (every QSettings of this process sees it: they share the file's state);
    // on disk from the writer thread, whose QSettings syncs the pending changes when it opens.
    QSettings &settings = *m_settings;
    if (auto *splitter = qobject_cast<QSplitter *>(centralWidget()))
        settings.setValue(QStringLiteral("mainWindow/splitter"), splitter->saveState());
    m_dashboard->saveSettings(settings);
    // Before the metric list has arrived the selection is not the person's yet.
    if (m_restoredSelection && !selection().metric.isEmpty()) {
        settings.setValue(QStringLiteral("dashboard/source"), selection().source);
        settings.setValue(QStringLiteral("dashboard/metric"), selection().metric);
    }
    m_settingsWriter.start([scope = settingsScope()] { QSettings(scope).sync(); }); // cheap when nothing is pending
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings(settingsScope()).setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    saveDashboardSettings();
    QMainWindow::closeEvent(event);
}

} // namespace Ui
