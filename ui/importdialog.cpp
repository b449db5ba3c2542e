#include "importdialog.h"

#include "jobs/jobmanager.h"
#include "ui/backgroundtask.h"

#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFileInfo>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSplitter>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimeZone>
#include <QVBoxLayout>

namespace Ui {

namespace {

constexpr int PreviewRows = 20;

const QStringList &roles()
{
    static const QStringList names{QStringLiteral("timestamp"), QStringLiteral("value"), QStringLiteral("metric"),
                                   QStringLiteral("user_id"), QStringLiteral("event_id"), QStringLiteral("source")};
    return names;
}

} // namespace

QString unsupportedReason(const QString &path)
{
    const QFileInfo info(path);
    if (!info.exists())
        return ImportDialog::tr("%1 does not exist.").arg(info.fileName());
    if (info.isDir())
        return ImportDialog::tr("%1 is a folder; drop the event files inside it.").arg(info.fileName());
    QString suffix = info.fileName().toLower();
    if (suffix.endsWith(QLatin1String(".gz")))
        suffix.chop(3);
    static const QStringList supported{QStringLiteral(".csv"), QStringLiteral(".tsv"), QStringLiteral(".txt"),
                                       QStringLiteral(".json"), QStringLiteral(".ndjson"), QStringLiteral(".jsonl")};
    for (const QString &extension : supported) {
        if (suffix.endsWith(extension))
            return {};
    }
    return ImportDialog::tr("%1 is not an event file SmartData reads. Drop CSV/TSV (.csv, .tsv, .txt), JSON (.json) "
                            "or NDJSON (.ndjson, .jsonl) files, optionally gzip-compressed (.gz).")
        .arg(info.fileName());
}

struct ImportDialog::Preview final
{
    int generation = 0;
    QString error;
    QStringList columns;
    QJsonObject detection;
    QList<Ingest::ParsedRow> rows;
};

ImportDialog::ImportDialog(std::shared_ptr<Storage::Database> database, Jobs::JobManager &jobs, const QString &path,
                           QWidget *parent)
    : QDialog(parent)
    , m_database(std::move(database))
    , m_jobs(jobs)
    , m_path(path)
    , m_result(std::make_shared<std::optional<Ingest::ImportSummary>>())
{
    setObjectName(QStringLiteral("importDialog"));
    setWindowTitle(tr("Import %1").arg(QFileInfo(path).fileName()));
    resize(900, 640);

    m_detection = new QLabel(tr("Reading %1…").arg(QFileInfo(path).fileName()), this);
    m_detection->setObjectName(QStringLiteral("importDetection"));
    m_detection->setWordWrap(true);

    m_preview = new QTableWidget(0, 8, this);
    m_preview->setObjectName(QStringLiteral("importPreview"));
    m_preview->setHorizontalHeaderLabels({tr("Line"), tr("Timestamp (UTC)"), tr("Metric"), tr("Value"), tr("User"),
                                          tr("Event id"), tr("Source"), tr("Status")});
    m_preview->horizontalHeader()->setStretchLastSection(true);
    m_preview->verticalHeader()->hide();
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto *mappingForm = new QFormLayout;
    const QStringList roleLabels{tr("Timestamp:"), tr("Value:"), tr("Metric:"), tr("User id:"), tr("Event id:"), tr("Source:")};
    for (int i = 0; i < roles().size(); ++i) {
        auto *box = new QComboBox(this);
        box->setObjectName(QStringLiteral("mapping_") + roles()[i]);
        box->addItem(tr("(automatic)"), QString());
        connect(box, &QComboBox::activated, this, &ImportDialog::loadPreview);
        m_mapping.append({roles()[i], box});
        mappingForm->addRow(roleLabels[i], box);
    }

    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("importFormat"));
    m_format->addItem(tr("Detect"), int(Ingest::Format::Auto));
    m_format->addItem(tr("CSV"), int(Ingest::Format::Csv));
    m_format->addItem(tr("JSON"), int(Ingest::Format::Json));
    m_format->addItem(tr("NDJSON"), int(Ingest::Format::Ndjson));
    connect(m_format, &QComboBox::activated, this, &ImportDialog::loadPreview);
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("importMode"));
    m_mode->addItem(tr("Tolerant: keep valid rows, report the others"), int(Ingest::Mode::Tolerant));
    m_mode->addItem(tr("Strict: one invalid row rejects the file"), int(Ingest::Mode::Strict));
    m_timezone = new QComboBox(this);
    m_timezone->setObjectName(QStringLiteral("importTimezone"));
    m_timezone->setEditable(true);
    m_timezone->addItem(QStringLiteral("UTC"));
    const QByteArray systemZone = QTimeZone::systemTimeZoneId();
    if (!systemZone.isEmpty() && systemZone != "UTC")
        m_timezone->addItem(QString::fromUtf8(systemZone));
    for (const QByteArray &id : QTimeZone::availableTimeZoneIds())
        m_timezone->addItem(QString::fromUtf8(id));
    m_timezone->setCurrentIndex(0);
    m_timezone->setToolTip(tr("The zone of timestamps that carry no offset."));
    connect(m_timezone, &QComboBox::activated, this, &ImportDialog::loadPreview);
    m_source = new QLineEdit(QFileInfo(path).baseName().section(QLatin1Char('.'), 0, 0), this);
    m_source->setObjectName(QStringLiteral("importSource"));
    m_source->setToolTip(tr("Every row goes to this source. Leave empty to use the file's own source column."));

    auto *optionsForm = new QFormLayout;
    optionsForm->addRow(tr("&Source name:"), m_source);
    optionsForm->addRow(tr("&Format:"), m_format);
    optionsForm->addRow(tr("&Mode:"), m_mode);
    optionsForm->addRow(tr("&Timezone:"), m_timezone);
    auto *settings = new QHBoxLayout;
    settings->addLayout(optionsForm, 1);
    settings->addLayout(mappingForm, 1);

    m_progress = new QProgressBar(this);
    m_progress->setObjectName(QStringLiteral("importProgress"));
    m_progress->setRange(0, 100);
    m_progress->hide();
    m_resultText = new QTextBrowser(this);
    m_resultText->setObjectName(QStringLiteral("importResult"));
    m_resultText->hide();
    m_rejected = new QTableWidget(0, 4, this);
    m_rejected->setObjectName(QStringLiteral("importRejected"));
    m_rejected->setHorizontalHeaderLabels({tr("Line"), tr("Column"), tr("Reason"), tr("Value")});
    m_rejected->horizontalHeader()->setStretchLastSection(true);
    m_rejected->verticalHeader()->hide();
    m_rejected->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_rejected->hide();

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_import = m_buttons->addButton(tr("&Import"), QDialogButtonBox::AcceptRole);
    m_import->setObjectName(QStringLiteral("importButton"));
    m_import->setEnabled(false);
    connect(m_import, &QPushButton::clicked, this, &ImportDialog::startImport);
    connect(m_buttons, &QDialogButtonBox::rejected, this, [this] {
        if (m_job)
            cancelImport();
        else
            reject();
    });

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_detection);
    layout->addWidget(m_preview, 2);
    layout->addLayout(settings);
    layout->addWidget(m_progress);
    layout->addWidget(m_resultText, 1);
    layout->addWidget(m_rejected, 1);
    layout->addWidget(m_buttons);

    loadPreview();
}

ImportDialog::~ImportDialog()
{
    if (m_job)
        m_job->kill();
}

void ImportDialog::setInputsEnabled(bool enabled)
{
    for (QWidget *w : std::initializer_list<QWidget *>{m_source, m_format, m_mode, m_timezone})
        w->setEnabled(enabled);
    for (const auto &[role, box] : std::as_const(m_mapping))
        box->setEnabled(enabled);
}

bool ImportDialog::isImporting() const
{
    return !m_job.isNull();
}

QComboBox *ImportDialog::mappingBox(const QString &role) const
{
    for (const auto &[name, box] : m_mapping) {
        if (name == role)
            return box;
    }
    return nullptr;
}

void ImportDialog::setSourceName(const QString &source)
{
    m_source->setText(source);
}

void ImportDialog::setMode(Ingest::Mode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(int(mode)));
}

Ingest::ImportOptions ImportDialog::options() const
{
    Ingest::ImportOptions options;
    options.source = m_source->text().trimmed();
    options.mode = Ingest::Mode(m_mode->currentData().toInt());
    options.createdBy = QStringLiteral("desktop");
    options.read.format = Ingest::Format(m_format->currentData().toInt());
    const QTimeZone zone(m_timezone->currentText().trimmed().toUtf8());
    options.read.timezone = zone.isValid() ? zone : QTimeZone::utc();
    Ingest::ColumnMapping &m = options.read.mapping;
    QString *targets[] = {&m.timestamp, &m.value, &m.metric, &m.userId, &m.eventId, &m.source};
    for (int i = 0; i < m_mapping.size(); ++i)
        *targets[i] = m_mapping[i].second->currentData().toString();
    return options;
}

void ImportDialog::loadPreview()
{
    m_previewLoaded = false;
    m_import->setEnabled(false);
    const int generation = ++m_previewGeneration;
    const Ingest::ReadOptions read = options().read;
    const QString path = m_path;
    runInBackground<Preview>(
        m_database, this,
        [generation, read, path](const std::shared_ptr<Storage::Database> &) {
            Preview preview;
            preview.generation = generation;
            auto reader = Ingest::EventReader::open(path, read);
            if (!reader) {
                preview.error = reader.error().message;
                return preview;
            }
            Ingest::ParsedRow row;
            while (preview.rows.size() < PreviewRows) {
                auto more = (*reader)->next(row);
                if (!more) {
                    preview.error = more.error().message;
                    break;
                }
                if (!*more)
                    break;
                preview.rows.append(row);
            }
            preview.columns = (*reader)->columns();
            preview.detection = (*reader)->detection();
            return preview;
        },
        [this](const Preview &preview) {
            if (preview.generation == m_previewGeneration)
                showPreview(preview);
        });
}

void ImportDialog::showPreview(const Preview &preview)
{
    // Mapping combo boxes: the file's columns, the detected one selected.
    const QJsonObject mapping = preview.detection.value(QStringLiteral("mapping")).toObject();
    for (const auto &[role, box] : std::as_const(m_mapping)) {
        const QString chosen = box->currentData().toString();
        const QSignalBlocker blocker(box);
        box->clear();
        box->addItem(tr("(automatic)"), QString());
        for (const QString &column : preview.columns)
            box->addItem(column, column);
        const QString selected = chosen.isEmpty() ? mapping.value(role).toString() : chosen;
        const int index = box->findData(selected);
        box->setCurrentIndex(index >= 0 ? index : 0);
    }

    QStringList facts;
    if (const QString format = preview.detection.value(QStringLiteral("format")).toString(); !format.isEmpty())
        facts.append(tr("Format: %1").arg(format.toUpper()));
    if (const QString delimiter = preview.detection.value(QStringLiteral("delimiterName")).toString(); !delimiter.isEmpty())
        facts.append(tr("delimiter: %1").arg(delimiter));
    facts.append(tr("columns: %1").arg(preview.columns.size()));
    QString text = facts.join(QStringLiteral(" · "));
    const QJsonArray warnings = preview.detection.value(QStringLiteral("warnings")).toArray();
    for (const QJsonValue &warning : warnings)
        text += QStringLiteral("<br>") + warning.toString().toHtmlEscaped();
    if (!preview.error.isEmpty())
        text += QStringLiteral("<br><span style='color:#c62828'>%1</span>").arg(preview.error.toHtmlEscaped());
    m_detection->setText(text);

    const QLocale locale;
    m_preview->setRowCount(0);
    for (const Ingest::ParsedRow &row : preview.rows) {
        const int r = m_preview->rowCount();
        m_preview->insertRow(r);
        const QStringList cells{QString::number(row.line),
                                row.valid ? QDateTime::fromMSecsSinceEpoch(row.tsMs, QTimeZone::utc()).toString(Qt::ISODateWithMs) : QString(),
                                row.metric,
                                row.valid ? locale.toString(row.value) : QString(),
                                row.userId,
                                row.eventId,
                                row.source,
                                row.valid ? tr("ok") : tr("%1 in %2 (%3)").arg(row.rejectReason, row.rejectColumn, row.rejectValue)};
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (!row.valid)
                item->setForeground(QColor(0xc6, 0x28, 0x28));
            m_preview->setItem(r, c, item);
        }
    }
    m_preview->resizeColumnsToContents();
    m_previewLoaded = true;
    m_import->setEnabled(preview.error.isEmpty() || !preview.rows.isEmpty());
    Q_EMIT previewLoaded();
}

bool ImportDialog::startImport()
{
    if (m_job)
        return false;
    Jobs::JobDefinition definition;
    definition.name = QStringLiteral("import:") + QFileInfo(m_path).fileName();
    definition.description = tr("Import %1").arg(QFileInfo(m_path).fileName());
    *m_result = std::nullopt;
    definition.run = [path = m_path, options = options(), result = m_result](Jobs::JobContext &context)
        -> Common::Result<Jobs::JobOutcome> {
        Ingest::Importer importer(context.database);
        auto summary = importer.importFile(path, options, &context.progress);
        if (!summary)
            return summary.error();
        *result = *summary;
        return Jobs::JobOutcome{tr("%1 rows inserted").arg(summary->inserted), summary->toApiData()};
    };
    auto job = m_jobs.start(std::move(definition));
    if (!job) {
        m_errorText = job.error().message;
        m_resultText->setText(m_errorText.toHtmlEscaped());
        m_resultText->show();
        return false;
    }
    m_job = *job;
    connect(m_job, &Jobs::Job::progressChanged, this, [this](int percent, const QString &message) {
        m_progress->setValue(percent);
        m_progress->setFormat(message.isEmpty() ? QStringLiteral("%p%") : QStringLiteral("%p% — ") + message);
    });
    connect(m_job, &Jobs::Job::finished, this, &ImportDialog::onJobFinished);
    m_progress->setValue(0);
    m_progress->show();
    m_import->setEnabled(false);
    setInputsEnabled(false);
    return true;
}

void ImportDialog::cancelImport()
{
    if (m_job)
        m_job->kill();
}

void ImportDialog::onJobFinished(Jobs::Job *job)
{
    const Jobs::RunRecord record = job->record();
    m_job = nullptr;
    m_progress->hide();
    m_buttons->button(QDialogButtonBox::Cancel)->setText(tr("Close"));
    m_resultText->show();
    if (record.status == Jobs::RunStatus::Succeeded && m_result->has_value()) {
        m_summary = **m_result;
        showSummary(*m_summary);
        Q_EMIT importFinished(true);
        return;
    }
    if (record.status == Jobs::RunStatus::Cancelled)
        m_errorText = tr("Import cancelled. Nothing was stored.");
    else
        m_errorText = tr("Import failed: %1 Nothing was stored.").arg(record.error ? record.error->message : record.message);
    m_resultText->setHtml(QStringLiteral("<p style='color:#c62828'>%1</p>").arg(m_errorText.toHtmlEscaped()));
    m_import->setEnabled(true);
    setInputsEnabled(true);
    Q_EMIT importFinished(false);
}

void ImportDialog::showSummary(const Ingest::ImportSummary &summary)
{
    const QLocale l;
    QString html = tr("<h3>Imported %1</h3><p>%2 rows read · <b>%3 inserted</b> · %4 duplicates · %5 rejected</p>")
                       .arg(summary.fileName.toHtmlEscaped(), l.toString(summary.received), l.toString(summary.inserted),
                            l.toString(summary.duplicates), l.toString(summary.rejected));
    if (!summary.metrics.isEmpty())
        html += tr("<p>Metrics: %1 · Sources: %2</p>")
                    .arg(summary.metrics.join(QStringLiteral(", ")).toHtmlEscaped(),
                         summary.sources.join(QStringLiteral(", ")).toHtmlEscaped());
    if (!summary.rejectedByReason.isEmpty()) {
        html += tr("<p>Rejected by reason:</p><ul>");
        for (auto it = summary.rejectedByReason.cbegin(); it != summary.rejectedByReason.cend(); ++it)
            html += QStringLiteral("<li>%1: %2</li>").arg(it.key().toHtmlEscaped(), l.toString(it.value()));
        html += QStringLiteral("</ul>");
    }
    m_resultText->setHtml(html);
    m_rejected->setRowCount(0);
    for (const Ingest::RowIssue &issue : summary.issues) {
        const int r = m_rejected->rowCount();
        m_rejected->insertRow(r);
        m_rejected->setItem(r, 0, new QTableWidgetItem(QString::number(issue.line)));
        m_rejected->setItem(r, 1, new QTableWidgetItem(issue.column));
        m_rejected->setItem(r, 2, new QTableWidgetItem(issue.reason));
        m_rejected->setItem(r, 3, new QTableWidgetItem(issue.value));
    }
    m_rejected->setVisible(!summary.issues.isEmpty());
}

} // namespace Ui
