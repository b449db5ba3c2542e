#pragma once
// The main window: a filterable sidebar of sources and their metrics, the dashboard of the selected
// metric (DashboardController: date range, aggregate, KPI chart with anomalies, forecast), the menus,
// import by drag and drop or File → Import, and the status bar. Everything long runs as a job; the
// window only observes jobs through the JobManager's queued signals, reads the database on pool
// threads (MetricCatalog) and shows errors through one ErrorPresenter.

#include "ui/dashboardcontroller.h"
#include "ui/metriccatalog.h"
#include "ui/metricsidebar.h"
#include "ui/savedviews.h"

#include <QMainWindow>
#include <QThreadPool>

#include <memory>
#include <optional>

namespace Storage {
class Database;
}
namespace Jobs {
class Job;
class JobManager;
} // namespace Jobs
namespace Scheduler {
class Scheduler;
}

class QAction;
class QComboBox;
class QDateEdit;
class QLabel;
class QMenu;
class QPushButton;
class QSettings;
class QStackedWidget;
class QTabWidget;

namespace Ui {

class ErrorPresenter;
class SavedViewsMenu;
class ImportDialog;
class SettingsDialog;

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    // Without a job manager the window makes its own (tests); the desktop passes the one its
    // scheduler uses.
    explicit MainWindow(std::shared_ptr<Storage::Database> database, Jobs::JobManager *jobs = nullptr,
                        QWidget *parent = nullptr);
    ~MainWindow() override;

    Jobs::JobManager &jobManager() const { return *m_jobs; }

    // The (source, metric) pairs listed in the sidebar, in order.
    QList<SeriesKey> metrics() const { return m_metrics; }
    SeriesKey selection() const { return m_dashboard->selection(); }
    bool selectMetric(const QString &source, const QString &metric);
    bool isSelectionLoaded() const { return m_dashboard->isSelectionLoaded(); }
    void setRange(RangePreset preset, const QDate &from = {}, const QDate &to = {});
    // The days the dashboard shows (both inclusive; invalid = open).
    QPair<QDate, QDate> visibleRange() const;

    // Opens the import dialog for a file (after checking it is a file SmartData reads).
    ImportDialog *openImportDialog(const QString &path);
    // Imports the sample shop data shipped with the app, then detects anomalies and forecasts it.
    bool loadSampleData();
    QString lastDropError() const { return m_lastDropError; }

    DashboardController *dashboard() const { return m_dashboard; }
    ErrorPresenter *errorPresenter() const { return m_errors; }
    KpiChart *kpiChart() const { return m_dashboard->kpiChart(); }
    AnomalyPanel *anomalyPanel() const { return m_dashboard->anomalyPanel(); }
    ForecastChart *forecastChart() const { return m_dashboard->forecastChart(); }
    BatchesView *batchesView() const { return m_dashboard->batchesView(); }
    JobsView *jobsView() const { return m_dashboard->jobsView(); }
    ApiServerView *apiServerView() const { return m_dashboard->apiServerView(); }
    LogView *logView() const { return m_dashboard->logView(); }

    // The scheduler the jobs view shows and the Settings dialog edits (the desktop's; none in tests).
    void setScheduler(Scheduler::Scheduler *scheduler);
    // Opens the Settings dialog (non-modal for tests: returns it; it deletes itself when closed).
    SettingsDialog *showSettings();

    void showAbout();
    void refresh();

    // Saved views (View → Saved Views): the current one under a name (replacing one of that name),
    // and reopening one; false when there is no such view or its metric has no data now.
    SavedView currentView() const;
    void saveCurrentView(const QString &name);
    bool openView(const QString &name);
    QMenu *savedViewsMenu() const;

Q_SIGNALS:
    void metricsLoaded();
    void selectionLoaded();

protected:
    void changeEvent(QEvent *event) override;
    void closeEvent(QCloseEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void createMenus();
    void createStatusBar();
    void retranslateUi();
    void showCounts();
    void applyStoredAnomalyDefaults();
    QWidget *createEmptyState();
    void refreshMetrics();
    void showMetrics(const MetricCatalog &catalog);
    void sidebarSelectionChanged(const SeriesKey &key);
    void onJobStarted(Jobs::Job *job);
    void onJobFinished(Jobs::Job *job);
    void importDialogRequested();
    void addRecentFile(const QString &path);
    void updateRecentMenu();
    void exportChart();
    void exportDataCsv();
    void saveDashboardSettings();

    std::shared_ptr<Storage::Database> m_database;
    std::unique_ptr<Jobs::JobManager> m_ownJobs;
    Jobs::JobManager *m_jobs = nullptr;

    ErrorPresenter *m_errors = nullptr;
    DashboardController *m_dashboard = nullptr;
    MetricSidebar *m_sidebar = nullptr;
    QStackedWidget *m_pages = nullptr;
    QLabel *m_statusDatabase = nullptr;
    QLabel *m_statusCounts = nullptr;
    QMenu *m_recentMenu = nullptr;
    QMenu *m_fileMenu = nullptr;
    QMenu *m_viewMenu = nullptr;
    QMenu *m_helpMenu = nullptr;
    SavedViewsMenu *m_viewsMenu = nullptr;
    QAction *m_actionImport = nullptr;
    QAction *m_actionSample = nullptr;
    QAction *m_actionExportChart = nullptr;
    QAction *m_actionExportCsv = nullptr;
    QAction *m_actionSettings = nullptr;
    QAction *m_actionQuit = nullptr;
    QAction *m_actionRefresh = nullptr;
    QAction *m_actionFind = nullptr;
    QAction *m_actionAbout = nullptr;
    QAction *m_actionAboutQt = nullptr;
    QList<QAction *> m_tabActions;
    QLabel *m_emptyState = nullptr;
    QPushButton *m_sampleButton = nullptr;
    QPushButton *m_importButton = nullptr;
    Scheduler::Scheduler *m_scheduler = nullptr;
    DatabaseCounts m_counts;
    QString m_countsError;

    // The dashboard's choices are written as they change, through one QSettings whose writes reach
    // the disk on m_settingsWriter's thread: a sync ends in an fsync (20-50 ms on a busy disk), more
    // than a whole metric switch may take on the GUI thread.
    std::unique_ptr<QSettings> m_settings;
    QThreadPool m_settingsWriter;

    QList<SeriesKey> m_metrics;
    bool m_restoredSelection = false;
    QString m_lastDropError;
};

} // namespace Ui
