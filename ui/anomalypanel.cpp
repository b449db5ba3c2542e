#include "anomalypanel.h"

#include "ui/kpichart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSet>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Ui {

AnomalyPanel::AnomalyPanel(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("anomalyPanel"));
    m_method = new QComboBox(this);
    m_method->setObjectName(QStringLiteral("anomalyMethod"));
    m_method->addItem(QString(), QStringLiteral("stl"));
    m_method->addItem(QString(), QStringLiteral("zscore"));
    m_method->addItem(QString(), QStringLiteral("mad"));
    m_method->addItem(QString(), QStringLiteral("iforest"));
    m_window = new QSpinBox(this);
    m_window->setObjectName(QStringLiteral("anomalyWindow"));
    m_window->setRange(Anomaly::AnomalyParams::kMinWindow, Anomaly::AnomalyParams::kMaxWindow);
    m_window->setValue(Anomaly::AnomalyParams::kDefaultWindow);
    m_threshold = new QDoubleSpinBox(this);
    m_threshold->setObjectName(QStringLiteral("anomalyThreshold"));
    m_threshold->setRange(0.5, 20);
    m_threshold->setSingleStep(0.5);
    m_threshold->setValue(Anomaly::AnomalyParams::kDefaultZThreshold);
    m_seasonal = new QCheckBox(this);
    m_seasonal->setObjectName(QStringLiteral("anomalySeasonal"));
    m_contamination = new QDoubleSpinBox(this);
    m_contamination->setObjectName(QStringLiteral("anomalyContamination"));
    m_contamination->setRange(0.0, Anomaly::AnomalyParams::kMaxContamination);
    m_contamination->setDecimals(3);
    m_contamination->setSingleStep(0.005);
    m_contamination->setValue(Anomaly::AnomalyParams::kDefaultContamination);
    m_run = new QPushButton(this);
    m_run->setObjectName(QStringLiteral("runAnomalies"));
    m_state = new QLabel(this);
    m_state->setObjectName(QStringLiteral("anomalyState"));
    m_state->setWordWrap(true);

    auto *form = new QFormLayout;
    m_methodLabel = new QLabel(this);
    m_methodLabel->setBuddy(m_method);
    m_windowLabel = new QLabel(this);
    m_windowLabel->setBuddy(m_window);
    m_thresholdLabel = new QLabel(this);
    m_thresholdLabel->setBuddy(m_threshold);
    m_contaminationLabel = new QLabel(this);
    m_contaminationLabel->setBuddy(m_contamination);
    form->addRow(m_methodLabel, m_method);
    form->addRow(m_windowLabel, m_window);
    form->addRow(m_thresholdLabel, m_threshold);
    form->addRow(QString(), m_seasonal);
    form->addRow(m_contaminationLabel, m_contamination);

    m_table = new QTableWidget(0, 4, this);
    m_table->setObjectName(QStringLiteral("anomalyTable"));
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    // The Why column takes the room that is left and wraps; its whole text is the tooltip too.
    m_table->setWordWrap(true);
    m_table->setTextElideMode(Qt::ElideNone);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);

    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_run);
    layout->addWidget(m_state);
    m_tableLabel = new QLabel(this);
    layout->addWidget(m_tableLabel);
    layout->addWidget(m_table, 1);

    connect(m_method, &QComboBox::currentIndexChanged, this, &AnomalyPanel::methodChanged);
    connect(m_run, &QPushButton::clicked, this, [this] { Q_EMIT runRequested(params()); });
    connect(m_table, &QTableWidget::cellClicked, this, [this](int row, int) {
        Q_EMIT daySelected(m_table->item(row, 0)->data(Qt::UserRole).toDate());
    });
    m_method->setCurrentIndex(m_method->findData(Anomaly::methodName(Anomaly::AnomalyParams::kDefaultMethod)));
    methodChanged();
    retranslateUi();
}

QString AnomalyPanel::kindLabel(Anomaly::AnomalyKind kind)
{
    switch (kind) {
    case Anomaly::AnomalyKind::Spike: return tr("spike");
    case Anomaly::AnomalyKind::Dip: return tr("dip");
    case Anomaly::AnomalyKind::LevelShift: return tr("level shift");
    case Anomaly::AnomalyKind::None: break;
    }
    return QString();
}

void AnomalyPanel::retranslateUi()
{
    m_method->setItemText(0, tr("Season + level, robust test (default)"));
    m_method->setItemData(0, tr("Separates the weekly (or yearly) season and the level from the noise, reports a level shift once, "
                                "and flags what stands out of the rest (generalized ESD on robust residuals)."),
                          Qt::ToolTipRole);
    m_method->setItemText(1, tr("Rolling z-score"));
    m_method->setItemText(2, tr("Robust z (median/MAD)"));
    m_method->setItemText(3, tr("Isolation Forest"));
    m_contaminationLabel->setText(tr("&Contamination:"));
    m_contamination->setSpecialValueText(tr("auto"));
    m_contamination->setToolTip(tr("The share of days the Isolation Forest expects to be anomalous. \"auto\" flags about a fifth of "
                                   "any series, anomalies or not."));
    switch (m_grain) {
    case Common::Grain::Day:
        m_seasonal->setText(tr("Same weekday"));
        m_seasonal->setToolTip(tr("Compare each day with the same weekday of previous weeks (the window counts weeks)."));
        break;
    case Common::Grain::Week:
        // A weekly series has one value a week: there is no weekday to compare with.
        m_seasonal->setText(tr("Same weekday (daily series only)"));
        m_seasonal->setToolTip(tr("Weekly values have no weekday pattern to compare with."));
        break;
    case Common::Grain::Month:
        m_seasonal->setText(tr("Same month in earlier years"));
        m_seasonal->setToolTip(tr("Compare each month with the same month of previous years (the window counts years)."));
        break;
    case Common::Grain::Quarter:
        m_seasonal->setText(tr("Same quarter in earlier years"));
        m_seasonal->setToolTip(tr("Compare each quarter with the same quarter of previous years (the window counts years)."));
        break;
    }
    m_run->setText(tr("Detect anomalies"));
    m_methodLabel->setText(tr("&Method:"));
    m_windowLabel->setText(tr("&Window:"));
    m_thresholdLabel->setText(tr("&Threshold |z|:"));
    m_table->setHorizontalHeaderLabels({tr("Day"), tr("Method"), tr("Value"), tr("Why")});
    m_tableLabel->setText(tr("<b>Anomalous days</b>"));
    showState();
}

void AnomalyPanel::setGrain(Common::Grain grain)
{
    if (grain == m_grain)
        return;
    m_grain = grain;
    retranslateUi();
    methodChanged();
}

void AnomalyPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        // The boxes show numbers as the table and the chart do: in the language's decimal mark.
        m_threshold->setLocale(QLocale());
        m_contamination->setLocale(QLocale());
        retranslateUi();
    }
    QWidget::changeEvent(event);
}

void AnomalyPanel::methodChanged()
{
    const auto method = Anomaly::methodFromName(m_method->currentData().toString()).value_or(Anomaly::AnomalyParams::kDefaultMethod);
    // Only the settings the method uses can be changed (stl takes its season and level from the series).
    const bool window = method == Anomaly::Method::RollingZ || method == Anomaly::Method::RobustZ;
    m_window->setEnabled(window);
    m_seasonal->setEnabled(window && m_grain != Common::Grain::Week);
    m_threshold->setEnabled(method != Anomaly::Method::IsolationForest);
    m_contamination->setEnabled(method == Anomaly::Method::IsolationForest);
    m_threshold->setValue(Anomaly::AnomalyParams::defaults(method).threshold);
}

Anomaly::AnomalyParams AnomalyPanel::params() const
{
    const auto method = Anomaly::methodFromName(m_method->currentData().toString()).value_or(Anomaly::AnomalyParams::kDefaultMethod);
    Anomaly::AnomalyParams params = Anomaly::AnomalyParams::defaults(method);
    params.window = m_window->value();
    params.threshold = m_threshold->value();
    params.seasonal = m_seasonal->isChecked();
    if (m_contamination->value() > 0.0)
        params.contamination = m_contamination->value();
    else
        params.contamination.reset(); // "auto"
    return params;
}

void AnomalyPanel::setParams(const Anomaly::AnomalyParams &params)
{
    m_method->setCurrentIndex(m_method->findData(Anomaly::methodName(params.method)));
    m_window->setValue(params.window);
    m_threshold->setValue(params.threshold);
    m_seasonal->setChecked(params.seasonal);
    m_contamination->setValue(params.contamination.value_or(0.0));
}

void AnomalyPanel::setAnomalies(const QList<Anomaly::StoredAnomaly> &anomalies)
{
    const QLocale locale;
    m_table->setUpdatesEnabled(false);
    m_table->setRowCount(0);
    m_table->setRowCount(int(anomalies.size()));
    QSet<QDate> days;
    for (int row = 0; row < anomalies.size(); ++row) {
        const Anomaly::StoredAnomaly &anomaly = anomalies[row];
        days.insert(anomaly.day);
        auto *day = new QTableWidgetItem(anomaly.day.toString(Qt::ISODate));
        day->setData(Qt::UserRole, anomaly.day);
        m_table->setItem(row, 0, day);
        const QString kind = kindLabel(anomaly.kind);
        auto *method = new QTableWidgetItem(kind.isEmpty() ? anomaly.method : tr("%1 · %2").arg(anomaly.method, kind));
        method->setForeground(methodColor(anomaly.method));
        m_table->setItem(row, 1, method);
        m_table->setItem(row, 2, new QTableWidgetItem(anomaly.value ? locale.toString(*anomaly.value, 'f', 0) : QString()));
        const QString why = anomalyExplanation(anomaly, m_grain);
        auto *whyItem = new QTableWidgetItem(why);
        whyItem->setToolTip(why);
        m_table->setItem(row, 3, whyItem);
    }
    m_table->setUpdatesEnabled(true);
    // Several methods may flag the same day: the count is of days, as the label says.
    m_flaggedDays = days.size();
    showState();
}

QString AnomalyPanel::stateText() const
{
    return m_state->text();
}

void AnomalyPanel::showState()
{
    if (m_running)
        return;
    m_state->setText(m_flaggedDays == 0 ? tr("No anomalous days stored in this range.")
                                        : tr("Anomalous days in this range: %1.").arg(QLocale().toString(m_flaggedDays)));
}

void AnomalyPanel::setRunning(bool running, const QString &message)
{
    m_running = running;
    m_run->setEnabled(!running);
    m_state->setText(message);
}

void AnomalyPanel::setRunEnabled(bool enabled)
{
    m_run->setEnabled(enabled && !m_running);
}

} // namespace Ui
