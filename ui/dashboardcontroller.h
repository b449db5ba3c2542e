#pragma once
// The dashboard of one metric: the page with the range and Show choices, the KPI chart with its
// anomaly panel, the forecast and the other tabs, and everything that keeps them in step: loading a
// metric's snapshot off the GUI thread (and keeping the recent ones, so switching back costs no
// query), picking what the range and Show ask for, and starting the detection and forecast jobs
// (core/jobs' definitions) of the shown series. The main window owns it and keeps the menus, the
// sidebar, imports and the status bar.

#include "anomaly/anomalyservice.h"
#include "kpi/kpiservice.h"
#include "ui/metricsidebar.h"
#include "ui/savedviews.h"

#include <QHash>
#include <QObject>

#include <memory>
#include <optional>

namespace Storage {
class Database;
}
namespace Jobs {
class Job;
class JobManager;
} // namespace Jobs

class QComboBox;
class QDateEdit;
class QLabel;
class QSettings;
class QTabWidget;
class QWidget;

namespace Ui {

class AnomalyPanel;
class ApiServerView;
class BatchesView;
class ErrorPresenter;
class ForecastChart;
class JobsView;
class KpiChart;
class LogView;
struct DashboardSnapshot;

enum class Aggregate;
enum class RangePreset { Last7, Last30, Last90, Last365, All, Custom };

class DashboardController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DashboardController)

public:
    // Builds the page (a child of `pageParent`); errors and job news go through `presenter`.
    DashboardController(std::shared_ptr<Storage::Database> database, Jobs::JobManager &jobs, ErrorPresenter &presenter,
                        QWidget *pageParent);
    ~DashboardController() override;

    QWidget *page() const { return m_page; }
    QTabWidget *tabs() const { return m_tabs; }
    KpiChart *kpiChart() const { return m_kpiChart; }
    AnomalyPanel *anomalyPanel() const { return m_anomalyPanel; }
    // Brought up to date first: the dashboard draws the forecast only when its tab is shown.
    ForecastChart *forecastChart() const;
    BatchesView *batchesView() const { return m_batchesView; }
    JobsView *jobsView() const { return m_jobsView; }
    ApiServerView *apiServerView() const { return m_apiServerView; }
    LogView *logView() const { return m_logView; }

    // The shown series; setting another loads it (from the cache when it was shown recently).
    SeriesKey selection() const { return m_selection; }
    void setSelection(const SeriesKey &key);
    bool isSelectionLoaded() const { return m_selectionLoaded; }
    // Forgets every cached snapshot and reloads the shown one (new data arrived).
    void reload();
    // Forgets every cached snapshot and the selection: the next setSelection() reads.
    void invalidate();

    void setRange(RangePreset preset, const QDate &from = {}, const QDate &to = {});
    QPair<QDate, QDate> visibleRange() const; // both inclusive; invalid = open
    QList<Kpi::DailyRow> rowsInRange() const;
    Aggregate shownAggregate() const;

    // Every (source, metric) there is: what Compare offers beside the shown series.
    void setCatalog(const QList<SeriesKey> &metrics);
    // The series drawn with the shown one (Compare), if any: asked for, or reopened with a view.
    struct Overlay final
    {
        SeriesKey owner; // the shown series it belongs to; another metric shown drops it
        SeriesKey series;
        bool ownAxis = false;
    };
    std::optional<Overlay> overlay() const { return m_overlay; }

    // The dashboard's part of a saved view, and reopening it (the selection is the window's).
    void fillView(SavedView &view) const;
    void applyView(const SavedView &view);
    void setDetectorParams(const Anomaly::AnomalyParams &params);

    // QSettings: the range, Show and tab are restored at start and stored as they change.
    void restoreSettings();
    void saveSettings(QSettings &settings) const;

    // The window passes every job's news; the dashboard takes those of its series' jobs.
    // Returns true when the job was a detection or a forecast (no data changed elsewhere).
    void jobStarted(Jobs::Job *job);
    bool jobFinished(Jobs::Job *job);

    void retranslateUi();

Q_SIGNALS:
    void selectionLoaded();
    // Whether there is a series on show (the window enables its export actions).
    void seriesShown(bool any);
    // Something the person chose on the page that the window stores (range, Show, tab).
    void settingsChanged();
    // The chart got the compared series' rows (of the range shown).
    void overlayLoaded();

private:
    QWidget *createPage(QWidget *parent);
    void load();
    void show(const DashboardSnapshot &snapshot);
    void showSelection();
    void showForecast();
    void rangeChanged();
    void runAnomalies(const Anomaly::AnomalyParams &requested);
    void runForecast(int horizon);
    void overlayRequested(const QString &source, const QString &metric, bool ownAxis);
    // Keeps the chart's overlay in step with the shown series and range (reads its rows when needed).
    void updateOverlay();
    void loadOverlay();

    std::shared_ptr<Storage::Database> m_database;
    Jobs::JobManager &m_jobs;
    ErrorPresenter &m_presenter;

    QWidget *m_page = nullptr;
    QLabel *m_title = nullptr;
    QLabel *m_rangeLabel = nullptr;
    QLabel *m_aggregateLabel = nullptr;
    QComboBox *m_range = nullptr;
    QDateEdit *m_from = nullptr;
    QDateEdit *m_to = nullptr;
    QComboBox *m_aggregate = nullptr;
    QTabWidget *m_tabs = nullptr;
    KpiChart *m_kpiChart = nullptr;
    AnomalyPanel *m_anomalyPanel = nullptr;
    ForecastChart *m_forecastChart = nullptr;
    BatchesView *m_batchesView = nullptr;
    JobsView *m_jobsView = nullptr;
    ApiServerView *m_apiServerView = nullptr;
    LogView *m_logView = nullptr;

    SeriesKey m_selection;
    QList<SeriesKey> m_catalog;
    std::optional<Overlay> m_overlay;
    QPair<QDate, QDate> m_overlayRange; // the range the chart's overlay rows cover
    bool m_overlayShown = false;        // the chart has the overlay's rows of m_overlayRange
    int m_overlayGeneration = 0;
    std::shared_ptr<const DashboardSnapshot> m_data;
    // Recently shown series, so that switching back and forth reads nothing; emptied by reload().
    QHash<QString, std::shared_ptr<const DashboardSnapshot>> m_cache;
    QList<QString> m_cacheOrder; // least recently shown first
    bool m_selectionLoaded = false;
    bool m_unsupportedAggregateNotice = false; // the anomaly panel says that Show's min or max cannot be detected
    bool m_forecastNotice = false;             // the forecast chart says so
    bool m_forecastStale = false;              // the forecast chart awaits the current selection
    int m_loadGeneration = 0;
};

} // namespace Ui
