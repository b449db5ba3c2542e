#include "batchesview.h"

#include "jobs/batchjobs.h"
#include "jobs/jobmanager.h"
#include "ui/backgroundtask.h"
#include "ui/errorpresenter.h"
#include "ui/rejectedrowsdialog.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace Ui {

namespace {

struct BatchList final
{
    QList<Ingest::BatchInfo> batches;
    QString error;
};

} // namespace

BatchesView::BatchesView(std::shared_ptr<Storage::Database> database, Jobs::JobManager &jobs, QWidget *parent)
    : QWidget(parent)
    , m_database(std::move(database))
    , m_jobs(jobs)
{
    setObjectName(QStringLiteral("batchesView"));
    m_table = new QTableWidget(0, 10, this);
    m_table->setObjectName(QStringLiteral("batchesTable"));
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_delete = new QPushButton(this);
    m_delete->setObjectName(QStringLiteral("deleteBatch"));
    m_refresh = new QPushButton(this);
    m_refresh->setObjectName(QStringLiteral("refreshBatches"));
    m_showRejected = new QPushButton(this);
    m_showRejected->setObjectName(QStringLiteral("showRejectedRows"));
    m_showRejected->setEnabled(false);
    connect(m_delete, &QPushButton::clicked, this, &BatchesView::deleteSelected);
    connect(m_refresh, &QPushButton::clicked, this, &BatchesView::reload);
    connect(m_showRejected, &QPushButton::clicked, this, qOverload<>(&BatchesView::showRejectedRows));
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &BatchesView::updateButtons);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row) {
        if (QTableWidgetItem *item = m_table->item(row, 0))
            showRejectedRows(item->data(Qt::UserRole).toLongLong());
    });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_showRejected);
    buttons->addWidget(m_delete);
    buttons->addWidget(m_refresh);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addLayout(buttons);
    retranslateUi();
    reload();
}

void BatchesView::retranslateUi()
{
    m_table->setHorizontalHeaderLabels({tr("Id"), tr("File"), tr("Source"), tr("Outcome"), tr("Format"), tr("Mode"),
                                        tr("Inserted"), tr("Duplicates"), tr("Rejected"), tr("Finished")});
    m_showRejected->setText(tr("&Rejected Rows…"));
    m_showRejected->setToolTip(tr("Every row the selected import rejected, with the reason (or double-click the import)."));
    m_delete->setText(tr("&Delete Import…"));
    m_delete->setToolTip(tr("Removes the events of this import and recomputes the daily KPIs of its days."));
    m_refresh->setText(tr("Refresh"));
}

void BatchesView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

int BatchesView::batchCount() const
{
    return m_table->rowCount();
}

void BatchesView::reload()
{
    runInBackground<BatchList>(
        m_database, this,
        [](const std::shared_ptr<Storage::Database> &database) {
            BatchList list;
            auto batches = Ingest::BatchService(database).list();
            if (batches)
                list.batches = *batches;
            else
                list.error = batches.error().message;
            return list;
        },
        [this](const BatchList &list) {
            const QLocale l;
            m_table->setRowCount(0);
            m_batches.clear();
            for (const Ingest::BatchInfo &b : list.batches) {
                m_batches.insert(b.id, b);
                const int r = m_table->rowCount();
                m_table->insertRow(r);
                const bool failed = b.status == QLatin1String("failed");
                const bool warnings = b.status == QLatin1String("committed_with_warnings");
                const QString outcome = failed ? tr("failed") : warnings ? tr("with warnings") : tr("stored");
                const QString duplicates = b.duplicates == 0 ? l.toString(0)
                                                             : tr("%1 (%2 already stored, %3 repeated in the file)")
                                                                   .arg(l.toString(b.duplicates), l.toString(b.duplicatesStored),
                                                                        l.toString(b.duplicatesInFile));
                const QStringList cells{QString::number(b.id), b.fileName, b.source, outcome, b.format, b.mode,
                                        l.toString(b.inserted), duplicates, l.toString(b.rejected), b.finishedAt};
                for (int c = 0; c < cells.size(); ++c) {
                    auto *item = new QTableWidgetItem(cells[c]);
                    item->setData(Qt::UserRole, b.id);
                    if (failed)
                        item->setForeground(QColor(0xc6, 0x28, 0x28));
                    else if (warnings && c == 3)
                        item->setForeground(QColor(0xb2, 0x6a, 0x00));
                    if (!b.notes.isEmpty())
                        item->setToolTip(b.notes.join(QLatin1Char('\n')));
                    m_table->setItem(r, c, item);
                }
            }
            m_table->resizeColumnsToContents();
            m_delete->setEnabled(!list.batches.isEmpty());
            updateButtons();
            Q_EMIT reloaded();
        });
}

void BatchesView::updateButtons()
{
    const int row = m_table->currentRow();
    const qint64 id = row >= 0 && m_table->item(row, 0) ? m_table->item(row, 0)->data(Qt::UserRole).toLongLong() : 0;
    m_showRejected->setEnabled(m_batches.value(id).rejected > 0);
}

RejectedRowsDialog *BatchesView::showRejectedRows()
{
    const int row = m_table->currentRow();
    if (row < 0 || !m_table->item(row, 0))
        return nullptr;
    return showRejectedRows(m_table->item(row, 0)->data(Qt::UserRole).toLongLong());
}

RejectedRowsDialog *BatchesView::showRejectedRows(qint64 id)
{
    const Ingest::BatchInfo batch = m_batches.value(id);
    auto *viewer = new RejectedRowsDialog(m_database, id, batch.fileName, batch.format, this);
    viewer->setAttribute(Qt::WA_DeleteOnClose);
    viewer->show();
    return viewer;
}

void BatchesView::deleteSelected()
{
    const int row = m_table->currentRow();
    if (row < 0)
        return;
    deleteBatch(m_table->item(row, 0)->data(Qt::UserRole).toLongLong());
}

bool BatchesView::deleteBatch(qint64 id, bool confirm)
{
    if (confirm) {
        const auto answer = QMessageBox::question(this, tr("Delete Import"),
                                                  tr("Delete import %1 and all the events it stored? The daily KPIs of "
                                                     "its days are recomputed. This cannot be undone.").arg(id),
                                                  QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return false;
    }
    auto started = m_jobs.start(Jobs::deleteBatchJob(id));
    if (!started && m_errors)
        m_errors->showDialog(started.error(), tr("Cannot delete import %1").arg(id));
    return started.ok();
}

} // namespace Ui
