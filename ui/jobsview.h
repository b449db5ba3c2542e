#pragma once
// The jobs the app runs: each registered job with its schedule, next run and last run, "Run now",
// and the runs of this session (imports, anomaly runs, forecasts) with their state.

#include <QWidget>

#include <memory>

class QLabel;
class QTableWidget;

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

class ErrorPresenter;

class JobsView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(JobsView)

public:
    JobsView(std::shared_ptr<Storage::Database> database, Jobs::JobManager &jobs, QWidget *parent = nullptr);

    void setScheduler(Scheduler::Scheduler *scheduler);
    void reload();
    // Where a refused or failed start is shown (none: it is not shown).
    void setErrorPresenter(ErrorPresenter *presenter) { m_errors = presenter; }
    QTableWidget *scheduledTable() const { return m_scheduled; }
    QTableWidget *runsTable() const { return m_runs; }

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();

    std::shared_ptr<Storage::Database> m_database;
    Jobs::JobManager &m_jobs;
    Scheduler::Scheduler *m_scheduler = nullptr;
    QTableWidget *m_scheduled = nullptr;
    QTableWidget *m_runs = nullptr;
    QLabel *m_scheduledLabel = nullptr;
    QLabel *m_runsLabel = nullptr;
    ErrorPresenter *m_errors = nullptr;
};

} // namespace Ui
