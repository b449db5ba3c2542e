#pragma once
// The forecast chart: the history of the dashboard's date range, the stored forecast line with its 80% and 95% bands as shaded
// ribbons, a marked boundary at the last observed day, a reliability badge (grade, score, folds) and
// the model used (the chosen family, why, the candidates' backtest and the transform) or why the
// forecast fell back to a baseline. Horizon, model family and "Run forecast" start a new run;
// Export (a button and the context menu) saves the chart or its points. Colours: ChartPalette.

#include "forecast/forecastservice.h"

#include <QWidget>

#include <optional>

class QAction;
class QChart;
class QToolButton;
class QCheckBox;
class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace Ui {

class ChartView;

class ForecastChart final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ForecastChart)

public:
    explicit ForecastChart(QWidget *parent = nullptr);

    // folds: the backtest folds behind the run's reliability grade (0 = unknown). The history is
    // shown from `from` to `to` (both inclusive; an invalid date leaves that end open).
    void setData(const QString &title, const Forecast::DailyHistory &history,
                 const std::optional<Forecast::RunInfo> &run, int folds, const QDate &from = {}, const QDate &to = {});
    // The days of history drawn (those with a value).
    int historyPointCount() const { return m_historyPoints; }
    QPair<QDate, QDate> historyRange() const { return {m_historyFirst, m_historyLast}; }
    void setRunning(bool running, const QString &message = {});
    void setRunEnabled(bool enabled);

    int horizon() const;
    // The model family asked for by the combo next to the horizon (Auto by default).
    Forecast::ModelChoice modelChoice() const;
    QComboBox *modelChoiceBox() const { return m_modelChoice; }
    ChartView *view() const { return m_view; }
    QChart *chart() const;
    int bandCount() const { return m_bands; }
    int forecastPointCount() const { return m_forecastPoints; }
    QString grade() const { return m_grade; }
    QLabel *badge() const { return m_badge; }
    QLabel *modelLabel() const { return m_model; }
    QPushButton *runButton() const { return m_run; }
    QCheckBox *wholeHistoryBox() const { return m_wholeHistory; }
    // Whether interval bounds below zero were cut at zero (a metric that has never been negative).
    bool isTruncated() const { return m_truncated; }
    // The forecast as drawn (after truncation).
    QList<Forecast::StoredPoint> shownPoints() const { return m_shownPoints; }
    // The source of the metric shown: it titles exports and names their files (see KpiChart).
    void setSource(const QString &source) { m_source = source; }
    QString exportTitle() const;
    QAction *exportAction() const { return m_exportAction; }
    QToolButton *exportButton() const { return m_exportButton; }

public Q_SLOTS:
    // Asks for a format, size and title and a file, and exports the chart (ChartExportDialog).
    void exportChart();

Q_SIGNALS:
    void runRequested(int horizon);

protected:
    void changeEvent(QEvent *event) override;

private:
    struct LastData final
    {
        QString title;
        Forecast::DailyHistory history;
        std::optional<Forecast::RunInfo> run;
        int folds = 0;
        QDate from, to;
    };

    void retranslateUi();
    QString hoverText(const QDate &day) const;
    // The run's model choice from its details: the chosen family and why, the backtest MASE of the
    // candidates and the transform; empty lines are left out (a fixed order or a fallback has none).
    QString choiceText(const Forecast::RunInfo &run) const;
    // The grade's tooltip: the formula and, when the run stored them, its score's parts.
    QString gradeToolTip(const Forecast::RunInfo &run) const;

    QLabel *m_horizonLabel = nullptr;
    ChartView *m_view = nullptr;
    QLabel *m_badge = nullptr;
    QLabel *m_model = nullptr;
    QLabel *m_state = nullptr;
    QSpinBox *m_horizon = nullptr;
    QLabel *m_modelChoiceLabel = nullptr;
    QComboBox *m_modelChoice = nullptr;
    QPushButton *m_run = nullptr;
    QToolButton *m_exportButton = nullptr;
    QAction *m_exportAction = nullptr;
    QString m_source;
    int m_bands = 0;
    int m_forecastPoints = 0;
    int m_historyPoints = 0;
    Forecast::Grain m_grain = Forecast::Grain::Day; // the history's: the horizon counts its steps
    QDate m_historyFirst;
    QDate m_historyLast;
    QString m_grade;
    bool m_running = false;
    QCheckBox *m_wholeHistory = nullptr;
    std::optional<LastData> m_lastData; // to redraw when "Whole history" changes
    std::optional<Forecast::RunInfo> m_shownRun;
    qint64 m_runId = 0;
    QHash<QDate, double> m_observed;
    QList<Forecast::StoredPoint> m_shownPoints;
    bool m_truncated = false;
};

} // namespace Ui
