#pragma once
// File → Import: previews the first rows of a file exactly as they will be stored (timestamp, the day
// they count on, metric, value, source), lets people correct the column mapping, the metric of rows
// without one, where the source comes from and how numbers, dates and times are read, runs the import
// as a job with a progress bar and Cancel, and ends with a summary (inserted, duplicates, rejected by
// reason, rejected rows).
//
// No dead ends: every mapping box always lists every column of the file (the last ones known when the
// file cannot be read with the current choices), "(automatic)" and, for optional roles, "(none)".
// Choosing a column another role uses gives that role this role's previous column (a swap in two
// clicks). A choice that leaves the timestamp or the value without a column says so beside the boxes.

#include "ingest/importer.h"

#include <QDialog>
#include <QJsonObject>
#include <QPointer>

#include <memory>
#include <optional>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;
class QTableWidget;
class QTextBrowser;
class QTimer;

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
    // The preview table's columns.
    enum PreviewColumn { LineColumn, TimestampColumn, DayColumn, MetricColumn, ValueColumn, UserColumn, EventColumn,
                         SourceColumn, StatusColumn, PreviewColumnCount };
    // What a mapping box item stands for (its data under MappingKindRole; a column's name is its data).
    enum class MappingKind { Automatic, None, Column };
    static constexpr int MappingKindRole = Qt::UserRole + 1;
    // How the last import ended: stored without remarks, stored with warnings (more than 5% of the rows
    // rejected), or failed (rows rejected and none stored).
    enum class Outcome { None, Succeeded, Warnings, Failed };

    ImportDialog(std::shared_ptr<Storage::Database> database, Jobs::JobManager &jobs, const QString &path,
                 QWidget *parent = nullptr);
    ~ImportDialog() override;

    Ingest::ImportOptions options() const;
    // One source for all rows, named source.
    void setSourceName(const QString &source);
    // true: each row's source column (else "default"); false: the name in the source field.
    void setSourceFromColumn(bool fromColumn);
    bool isSourceFromColumn() const;
    void setMode(Ingest::Mode mode);
    // As a person choosing in the box: the role takes that column (kind Column), "(automatic)" or
    // "(none)"; a role that had the column gets this role's previous one. false when the box has no such entry.
    bool chooseMapping(const QString &role, MappingKind kind, const QString &column = {});

    // Starts the import job; false (with the reason shown) when it could not start.
    bool startImport();
    void cancelImport();

    bool isPreviewLoaded() const { return m_previewLoaded; }
    bool isImporting() const;
    const std::optional<Ingest::ImportSummary> &summary() const { return m_summary; }
    QString errorText() const { return m_errorText; }
    Outcome outcome() const;
    QString outcomeText() const; // the summary as plain text
    // Opens the viewer of every row the last import rejected.
    void showRejectedRows();
    // The message beside the mapping boxes (empty when every required role has a column).
    QString mappingProblem() const;
    // The file's columns as last read.
    QStringList columns() const { return m_columns; }
    // The column each role reads after the last preview ("" = none).
    QString effectiveColumn(const QString &role) const { return m_effective.value(role); }
    QTableWidget *previewTable() const { return m_preview; }
    QTableWidget *rejectedTable() const { return m_rejected; }
    QComboBox *mappingBox(const QString &role) const;
    QPushButton *importButton() const { return m_import; }
    // Where days are cut for this file's rows, when its timestamps carry an offset other than the
    // database's KPI timezone (empty otherwise), and the zone offered instead ("" = none).
    QString dayBoundaryNote() const;
    QString suggestedDayZone() const { return m_suggestedZone; }
    // Stores the suggested zone as the database's KPI timezone (the day boundary of imports from now on).
    bool useSuggestedDayZone();

Q_SIGNALS:
    void previewLoaded();
    void importFinished(bool succeeded);

private:
    struct Preview;
    void loadPreview();
    void schedulePreview();
    void showPreview(const Preview &preview);
    void fillMappingBoxes();
    void mappingActivated(const QString &role, int index);
    void updateSourceMode();
    void updateSourceCells();
    void onJobFinished(Jobs::Job *job);
    void showSummary(const Ingest::ImportSummary &summary);
    void setInputsEnabled(bool enabled);
    void updateImportEnabled();
    void describeDayBoundary(const Preview &preview);

    std::shared_ptr<Storage::Database> m_database;
    Jobs::JobManager &m_jobs;
    QString m_path;
    QPointer<Jobs::Job> m_job;
    std::shared_ptr<std::optional<Ingest::ImportSummary>> m_result;
    std::optional<Ingest::ImportSummary> m_summary;
    QString m_errorText;
    bool m_previewLoaded = false;
    bool m_previewUsable = false;
    bool m_sourceModeChosen = false;
    int m_previewGeneration = 0;
    QStringList m_columns;
    QHash<QString, QString> m_effective; // role -> column read for it ("" = none)
    QStringList m_previewSources;        // each preview row's own source (column mode)
    QString m_mappingProblem;
    QString m_kpiZone = QStringLiteral("UTC");
    QString m_suggestedZone;

    QLabel *m_detection = nullptr;
    QTableWidget *m_preview = nullptr;
    QList<QPair<QString, QComboBox *>> m_mapping;
    QLabel *m_mappingMessage = nullptr;
    QLineEdit *m_metric = nullptr;
    QRadioButton *m_sourceColumn = nullptr;
    QRadioButton *m_sourceFixed = nullptr;
    QLineEdit *m_source = nullptr;
    QLabel *m_sourceNote = nullptr;
    QComboBox *m_format = nullptr;
    QComboBox *m_decimal = nullptr;
    QComboBox *m_thousands = nullptr;
    QComboBox *m_dateOrder = nullptr;
    QLineEdit *m_dateFormat = nullptr;
    QComboBox *m_epochUnit = nullptr;
    QComboBox *m_mode = nullptr;
    QComboBox *m_timezone = nullptr;
    QLabel *m_dayNote = nullptr;
    QPushButton *m_useFileZone = nullptr;
    QPushButton *m_useDecimalComma = nullptr;
    QTimer *m_previewTimer = nullptr;
    QProgressBar *m_progress = nullptr;
    QTextBrowser *m_resultText = nullptr;
    QTableWidget *m_rejected = nullptr;
    QPushButton *m_import = nullptr;
    QPushButton *m_showRejected = nullptr;
    QDialogButtonBox *m_buttons = nullptr;
};

} // namespace Ui
