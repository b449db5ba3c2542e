#pragma once
// Every row an import rejected (from Import history: double-click or "Rejected Rows…"): line,
// column, the value at fault and the reason in words, with the record as it was received, and a
// Save button that writes them as a file to fix and import again (a CSV import's header and records,
// NDJSON for JSON imports). Rows are read and written off the UI thread.

#include "ingest/batchservice.h"

#include <QAbstractTableModel>
#include <QDialog>

#include <memory>

class QLabel;
class QPushButton;
class QTableView;

namespace Ui {

class RejectedRowsModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RejectedRowsModel)

public:
    enum Column { LineColumn, ColumnColumn, ValueColumn, ReasonColumn, RecordColumn, ColumnCount };

    explicit RejectedRowsModel(QObject *parent = nullptr);
    void setRows(QList<Ingest::RejectedRow> rows);
    const QList<Ingest::RejectedRow> &rows() const { return m_rows; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Ingest::RejectedRow> m_rows;
};

class RejectedRowsDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RejectedRowsDialog)

public:
    // format: the import's ("csv", "json", "ndjson"): what kind of file Save writes.
    RejectedRowsDialog(std::shared_ptr<Storage::Database> database, qint64 batchId, const QString &fileName,
                       const QString &format, QWidget *parent = nullptr);

    bool isLoaded() const { return m_loaded; }
    QString errorText() const { return m_error; }
    RejectedRowsModel *model() const { return m_model; }
    QTableView *table() const { return m_table; }
    // Writes the rejected records to path in the background; saved() tells how it went.
    void save(const QString &path);
    // Asks where (file dialog), then saves.
    void saveAs();

Q_SIGNALS:
    void loaded();
    void saved(bool ok);

private:
    std::shared_ptr<Storage::Database> m_database;
    qint64 m_batchId = 0;
    QString m_fileName;
    QString m_format;
    bool m_loaded = false;
    QString m_error;
    RejectedRowsModel *m_model = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_status = nullptr;
    QPushButton *m_save = nullptr;
};

} // namespace Ui
