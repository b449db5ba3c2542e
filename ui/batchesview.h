#pragma once
// Import history: the stored batches (file, source, outcome, counts, when) with Delete, which removes a
// batch's events and recomputes the KPIs of its days in a job, after a confirmation, and Rejected Rows
// (or a double-click), which lists every row an import rejected.

#include "ingest/batchservice.h"

#include <QWidget>

#include <memory>

class QPushButton;
class QTableWidget;

namespace Jobs {
class JobManager;
}

namespace Ui {

class ErrorPresenter;

class RejectedRowsDialog;

class BatchesView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(BatchesView)

public:
    BatchesView(std::shared_ptr<Storage::Database> database, Jobs::JobManager &jobs, QWidget *parent = nullptr);

    void reload();
    // Where a refused or failed start is shown (none: it is not shown).
    void setErrorPresenter(ErrorPresenter *presenter) { m_errors = presenter; }
    // Deletes a batch in a job; confirm = ask first.
    bool deleteBatch(qint64 id, bool confirm = true);
    QTableWidget *table() const { return m_table; }
    // Opens the rejected rows of the selected import (nullptr when none is selected).
    RejectedRowsDialog *showRejectedRows();
    RejectedRowsDialog *showRejectedRows(qint64 id);
    int batchCount() const;

Q_SIGNALS:
    void reloaded();

protected:
    void changeEvent(QEvent *event) override;

private:
    void retranslateUi();
    void deleteSelected();
    void updateButtons();

    std::shared_ptr<Storage::Database> m_database;
    Jobs::JobManager &m_jobs;
    QTableWidget *m_table = nullptr;
    QPushButton *m_delete = nullptr;
    QPushButton *m_refresh = nullptr;
    QPushButton *m_showRejected = nullptr;
    QHash<qint64, Ingest::BatchInfo> m_batches;
    ErrorPresenter *m_errors = nullptr;
};

} // namespace Ui
