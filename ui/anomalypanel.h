#pragma once
// The detector controls beside the KPI chart (method, window, threshold, seasonal, contamination,
// Run) and the table of the anomalous days shown in the chart, each with its kind and why.

#include "anomaly/anomalyservice.h"
#include "common/grain.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace Ui {

class AnomalyPanel final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AnomalyPanel)

public:
    explicit AnomalyPanel(QWidget *parent = nullptr);

    Anomaly::AnomalyParams params() const;
    void setParams(const Anomaly::AnomalyParams &params);
    // The series' grain: the seasonal choice and the explanations speak of it ("same month in
    // earlier years" for monthly KPIs).
    void setGrain(Common::Grain grain);
    // The flagged days shown in the table (those inside the chart's range).
    void setAnomalies(const QList<Anomaly::StoredAnomaly> &anomalies);
    QString stateText() const;
    QCheckBox *seasonalBox() const { return m_seasonal; }

    void setRunning(bool running, const QString &message = {});
    void setRunEnabled(bool enabled);

    QPushButton *runButton() const { return m_run; }
    QTableWidget *table() const { return m_table; }
    QDoubleSpinBox *contaminationBox() const { return m_contamination; }

    // "spike", "dip", "level shift" in the user's language; empty for AnomalyKind::None.
    static QString kindLabel(Anomaly::AnomalyKind kind);

Q_SIGNALS:
    void runRequested(const Anomaly::AnomalyParams &params);
    void daySelected(const QDate &day);

protected:
    void changeEvent(QEvent *event) override;

private:
    void methodChanged();
    void retranslateUi();
    void showState();

    QLabel *m_methodLabel = nullptr;
    QLabel *m_windowLabel = nullptr;
    QLabel *m_thresholdLabel = nullptr;
    QLabel *m_contaminationLabel = nullptr;
    QLabel *m_tableLabel = nullptr;

    QComboBox *m_method = nullptr;
    QSpinBox *m_window = nullptr;
    QDoubleSpinBox *m_threshold = nullptr;
    QCheckBox *m_seasonal = nullptr;
    QDoubleSpinBox *m_contamination = nullptr; // iforest; its minimum shows as "auto"
    QPushButton *m_run = nullptr;
    QLabel *m_state = nullptr;
    QTableWidget *m_table = nullptr;
    bool m_running = false;
    Common::Grain m_grain = Common::Grain::Day;
    qsizetype m_flaggedDays = 0;
};

} // namespace Ui
