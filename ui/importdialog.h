#pragma once
// File → Import: previews the first rows of a file as they will be parsed, lets people correct the
// detected column mapping, mode, timezone and source, runs the import as a job with a progress bar
// and Cancel, and ends with a summary (inserted, duplicates, rejected by reason, rejected rows).

#include "ingest/importer.h"

#include <QDialog>
#include <QPointer>

#include <memory>
#include <optional>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;
class QTextBrowser;

namespace Jobs {
class Job;
class JobManager;
} // namespace Jobs

namespace Ui {

// Extensions EventReader reads (before an optional .gz); empty when the file is supported, else why not.
QString unsupportedReason(const QString &path);

class ImportDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ImportDialog)

public:
    ImportDialog(std::shared_ptr<Storage::Database> database, Jobs::JobManager &jobs, const QString &path,
                 QWidget *parent = nullptr);
    ~ImportDialog() override;

    Ingest::ImportOptions options() const;
    void setSourceName(const QString &source);
    void setMode(Ingest::Mode mode);

    // Starts the import job; false (with the reason shown) when it could not start.
    bool startImport();
    void cancelImport();

    bool isPreviewLoaded() const { return m_previewLoaded; }
    bool isImporting() const;
    const std::optional<Ingest::ImportSummary> &summary() const { return m_summary; }
    QString errorText() const { return m_errorText; }
    QTableWidget *previewTable() const { return m_preview; }
    QTableWidget *rejectedTable() const { return m_rejected; }
    QComboBox *mappingBox(const QString &role) const;

Q_SIGNALS:
    void previewLoaded();
    void importFinished(bool succeeded);

private:
    struct Preview;
    void loadPreview();
    void showPreview(const Preview &preview);
    void onJobFinished(Jobs::Job *job);
    void showSummary(const Ingest::ImportSummary &summary);
    void setInputsEnabled(bool enabled);

    std::shared_ptr<Storage::Database> m_database;
    Jobs::JobManager &m_jobs;
    QString m_path;
    QPointer<Jobs::Job> m_job;
    std::shared_ptr<std::optional<Ingest::ImportSummary>> m_result;
    std::optional<Ingest::ImportSummary> m_summary;
    QString m_errorText;
    bool m_previewLoaded = false;
    int m_previewGeneration = 0;

    QLabel *m_detection = nullptr;
    QTableWidget *m_preview = nullptr;
    QList<QPair<QString, QComboBox *>> m_mapping;
    QComboBox *m_format = nullptr;
    QComboBox *m_mode = nullptr;
    QComboBox *m_timezone = nullptr;
    QLineEdit *m_source = nullptr;
    QProgressBar *m_progress = nullptr;
    QTextBrowser *m_resultText = nullptr;
    QTableWidget *m_rejected = nullptr;
    QPushButton *m_import = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace Ui
