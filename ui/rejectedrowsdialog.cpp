#include "rejectedrowsdialog.h"

#include "ui/backgroundtask.h"
#include "ui/filechooser.h"
#include "ui/rejectreasons.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QVBoxLayout>


namespace Ui {

namespace {

struct Loaded final
{
    QList<Ingest::RejectedRow> rows;
    QString error;
};

struct SavedFile final
{
    QString path;
    QString error;
};

} // namespace

RejectedRowsModel::RejectedRowsModel(QObject *parent)
    : QAbstractTableModel(parent)
{
}

void RejectedRowsModel::setRows(QList<Ingest::RejectedRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int RejectedRowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int RejectedRowsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant RejectedRowsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Ingest::RejectedRow &row = m_rows[index.row()];
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case LineColumn: return row.line;
        case ColumnColumn: return row.column;
        case ValueColumn: return row.value;
        case ReasonColumn: return rejectReasonText(row.reason);
        case RecordColumn: return row.payload;
        default: return {};
        }
    }
    if (role == Qt::ToolTipRole && index.column() == ReasonColumn)
        return row.reason;
    if (role == Qt::TextAlignmentRole && index.column() == LineColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant RejectedRowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case LineColumn: return tr("Line");
    case ColumnColumn: return tr("Column");
    case ValueColumn: return tr("Value");
    case ReasonColumn: return tr("Reason");
    case RecordColumn: return tr("Record as received");
    default: return {};
    }
}

RejectedRowsDialog::RejectedRowsDialog(std::shared_ptr<Storage::Database> database, qint64 batchId, const QString &fileName,
                                       const QString &format, QWidget *parent)
    : QDialog(parent)
    , m_database(std::move(database))
    , m_batchId(batchId)
    , m_fileName(fileName)
    , m_format(format)
{
    setObjectName(QStringLiteral("rejectedRowsDialog"));
    setWindowTitle(tr("Rejected rows of %1 (import %2)").arg(fileName).arg(batchId));
    resize(900, 520);
    m_status = new QLabel(tr("Reading the rejected rows…"), this);
    m_status->setObjectName(QStringLiteral("rejectedRowsStatus"));
    m_status->setWordWrap(true);
    m_model = new RejectedRowsModel(this);
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("rejectedRowsTable"));
    m_table->setModel(m_model);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_save = buttons->addButton(tr("&Save to Fix and Import Again…"), QDialogButtonBox::ActionRole);
    m_save->setToolTip(tr("Writes the rejected records as they were received (a CSV import's header first), "
                          "ready to be corrected and imported again."));
    m_save->setObjectName(QStringLiteral("saveRejectedRows"));
    m_save->setEnabled(false);
    connect(m_save, &QPushButton::clicked, this, &RejectedRowsDialog::saveAs);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_status);
    layout->addWidget(m_table, 1);
    layout->addWidget(buttons);

    runInBackground<Loaded>(
        m_database, this,
        [batchId](const std::shared_ptr<Storage::Database> &db) {
            Loaded loaded;
            auto rows = Ingest::BatchService(db).rejectedRows(batchId);
            if (rows)
                loaded.rows = *rows;
            else
                loaded.error = rows.error().message;
            return loaded;
        },
        [this](const Loaded &loaded) {
            m_error = loaded.error;
            m_model->setRows(loaded.rows);
            const QLocale locale;
            if (!m_error.isEmpty())
                m_status->setText(m_error);
            else if (loaded.rows.isEmpty())
                m_status->setText(tr("This import rejected no rows."));
            else
                m_status->setText(tr("%1 rejected rows. Save them to a file, correct them there and import that file again.")
                                      .arg(locale.toString(loaded.rows.size())));
            m_save->setEnabled(!loaded.rows.isEmpty());
            m_table->resizeColumnsToContents();
            m_table->horizontalHeader()->setStretchLastSection(true);
            m_loaded = true;
            Q_EMIT this->loaded();
        });
}

void RejectedRowsDialog::saveAs()
{
    const bool json = m_format == QLatin1String("json") || m_format == QLatin1String("ndjson");
    const QString suggested = QFileInfo(m_fileName).completeBaseName() + QStringLiteral("-rejected")
                            + (json ? QStringLiteral(".ndjson") : QStringLiteral(".csv"));
    const QString path = chooseSaveFile(this, tr("Save Rejected Rows"), QDir::home().filePath(suggested),
                                        json ? tr("NDJSON files (*.ndjson)") : tr("CSV files (*.csv)"));
    if (!path.isEmpty())
        save(path);
}

void RejectedRowsDialog::save(const QString &path)
{
    m_save->setEnabled(false);
    runInBackground<SavedFile>(
        m_database, this,
        [batchId = m_batchId, path](const std::shared_ptr<Storage::Database> &db) {
            SavedFile saved{path, {}};
            auto content = Ingest::BatchService(db).rejectedRowsFile(batchId);
            if (!content) {
                saved.error = content.error().message;
                return saved;
            }
            QSaveFile file(path);
            if (!file.open(QIODevice::WriteOnly) || file.write(*content) != content->size() || !file.commit())
                saved.error = file.errorString();
            return saved;
        },
        [this](const SavedFile &saved) {
            m_save->setEnabled(true);
            const QString where = QDir::toNativeSeparators(saved.path);
            m_status->setText(saved.error.isEmpty()
                                  ? tr("Saved %1 rows to %2: fix them there and import that file again.")
                                        .arg(QLocale().toString(m_model->rowCount()), where)
                                  : tr("Could not save %1: %2").arg(where, saved.error));
            Q_EMIT this->saved(saved.error.isEmpty());
        });
}

} // namespace Ui
