#pragma once
// The forecast chart: recent history, the stored forecast line with its 80% and 95% bands as shaded
// ribbons, a marked boundary at the last observed day, a reliability badge (grade, score, folds) and
// the model used or why the forecast fell back to a baseline. Horizon and "Run forecast" start a new run.

#include "forecast/forecastservice.h"

#include <QWidget>

#include <optional>

class QChart;
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
    static constexpr int HistoryDaysShown = 90;

    explicit ForecastChart(QWidget *parent = nullptr);

    // folds: the backtest folds behind the run's reliability grade (0 = unknown).
    void setData(const QString &title, const Forecast::DailyHistory &history,
                 const std::optional<Forecast::RunInfo> &run, int folds);
    void setRunning(bool running, const QString &message = {});
    void setRunEnabled(bool enabled);

    int horizon() const;
    ChartView *view() const { return m_view; }
    QChart *chart() const;
    int bandCount() const { return m_bands; }
    int forecastPointCount() const { return m_forecastPoints; }
    QString grade() const { return m_grade; }
    QLabel *badge() const { return m_badge; }
    QLabel *modelLabel() const { return m_model; }
    QPushButton *runButton() const { return m_run; }

Q_SIGNALS:
    void runRequested(int horizon);

private:
    ChartView *m_view = nullptr;
    QLabel *m_badge = nullptr;
    QLabel *m_model = nullptr;
    QLabel *m_state = nullptr;
    QSpinBox *m_horizon = nullptr;
    QPushButton *m_run = nullptr;
    int m_bands = 0;
    int m_forecastPoints = 0;
    QString m_grade;
    bool m_running = false;
};

} // namespace Ui
