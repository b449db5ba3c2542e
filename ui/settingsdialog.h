#pragma once
// The Settings dialog: where the database lives (read at start-up, so a change applies after a
// restart), the KPI timezone (app_settings "kpi.timezone", the zone imports bucket events into days),
// the scheduled jobs' rules and their timezone (ScheduleStore), the anomaly detector's defaults,
// the language and the appearance (follow the desktop, or force light or dark: ThemeManager). Every
// field is checked before anything is stored; problems are listed in the dialog
// and the dialog stays open.

#include "anomaly/anomalyparams.h"

#include <QDialog>

#include <memory>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTabWidget;

namespace Jobs {
class JobManager;
}
namespace Scheduler {
class Scheduler;
}
namespace Storage {
class Database;
}

namespace Ui {

class SettingsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SettingsDialog)

public:
    // Without a scheduler the schedules are stored directly (they are read when one starts).
    SettingsDialog(std::shared_ptr<Storage::Database> database, Jobs::JobManager &jobs, Scheduler::Scheduler *scheduler,
                   QWidget *parent = nullptr);

    // The database location chosen in Settings ("" = the default); --db and SMARTDATA_DB win over it.
    static QString storedDatabaseLocation();
    // The anomaly detector's defaults chosen in Settings (the detector's own defaults when none).
    static Anomaly::AnomalyParams anomalyDefaults();

    // What is wrong with the fields, one sentence per problem (empty = all valid).
    QStringList validate() const;
    // Validates, then stores everything and switches the language. False (and the problems shown)
    // when something is invalid or could not be stored.
    bool apply();
    QString problems() const;

    QLineEdit *databaseEdit() const { return m_database; }
    QComboBox *kpiTimeZoneBox() const { return m_kpiZone; }
    QComboBox *scheduleTimeZoneBox() const { return m_scheduleZone; }
    QLineEdit *scheduleEdit(const QString &job) const;
    QComboBox *languageBox() const { return m_language; }
    QComboBox *themeBox() const { return m_theme; }
    QComboBox *methodBox() const { return m_method; }
    QSpinBox *windowBox() const { return m_window; }
    QDoubleSpinBox *thresholdBox() const { return m_threshold; }
    QCheckBox *seasonalBox() const { return m_seasonal; }
    QLabel *problemsLabel() const { return m_problems; }

    void accept() override;

Q_SIGNALS:
    void applied();

protected:
    // A language switched while the dialog is open (LanguageManager) re-translates it at once.
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void browseDatabase();
    void showProblems(const QStringList &problems);

    std::shared_ptr<Storage::Database> m_db;
    Jobs::JobManager &m_jobs;
    Scheduler::Scheduler *m_scheduler = nullptr;
    QString m_initialDatabase;

    QTabWidget *m_tabs = nullptr;
    QLineEdit *m_database = nullptr;
    QComboBox *m_language = nullptr;
    QComboBox *m_theme = nullptr;
    QComboBox *m_kpiZone = nullptr;
    QComboBox *m_scheduleZone = nullptr;
    QList<QPair<QString, QLineEdit *>> m_schedules;
    QComboBox *m_method = nullptr;
    QSpinBox *m_window = nullptr;
    QDoubleSpinBox *m_threshold = nullptr;
    QCheckBox *m_seasonal = nullptr;
    QLabel *m_problems = nullptr;
    QPushButton *m_browse = nullptr;
    QLabel *m_databaseNote = nullptr;
    QLabel *m_kpiNote = nullptr;
    QLabel *m_scheduleHelp = nullptr;
    QLabel *m_anomalyNote = nullptr;
    // The form's row labels (each with its field as buddy).
    QLabel *m_databaseLabel = nullptr;
    QLabel *m_kpiZoneLabel = nullptr;
    QLabel *m_languageLabel = nullptr;
    QLabel *m_themeLabel = nullptr;
    QLabel *m_scheduleZoneLabel = nullptr;
    QLabel *m_methodLabel = nullptr;
    QLabel *m_windowLabel = nullptr;
    QLabel *m_thresholdLabel = nullptr;
};

} // namespace Ui
