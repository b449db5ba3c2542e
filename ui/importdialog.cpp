#include "importdialog.h"

#include "jobs/jobmanager.h"
#include "storage/database.h"
#include "ui/backgroundtask.h"
#include "ui/rejectedrowsdialog.h"
#include "ui/rejectreasons.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QDialogButtonBox>
#include <QFile>
#include <QFileInfo>
#include <QFormLayout>
#include <QGridLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QRegularExpression>
#include <QTableWidget>
#include <QTextBrowser>
#include <QTimeZone>
#include <QTimer>
#include <QVBoxLayout>

namespace Ui {

namespace {

constexpr int PreviewRows = 20;
const QString KpiZoneKey = QStringLiteral("kpi.timezone");
const QColor ErrorColor(0xc6, 0x28, 0x28);

const QStringList &roles()
{
    static const QStringList names{QStringLiteral("timestamp"), QStringLiteral("value"), QStringLiteral("metric"),
                                   QStringLiteral("user_id"), QStringLiteral("event_id"), QStringLiteral("source")};
    return names;
}

bool isRequired(const QString &role)
{
    return role == QLatin1String("timestamp") || role == QLatin1String("value");
}

QString roleTitle(const QString &role)
{
    if (role == QLatin1String("timestamp"))
        return ImportDialog::tr("Timestamp");
    if (role == QLatin1String("value"))
        return ImportDialog::tr("Value");
    if (role == QLatin1String("metric"))
        return ImportDialog::tr("Metric");
    if (role == QLatin1String("user_id"))
        return ImportDialog::tr("User id");
    if (role == QLatin1String("event_id"))
        return ImportDialog::tr("Event id");
    return ImportDialog::tr("Source");
}

QString offsetText(int seconds)
{
    const int minutes = std::abs(seconds) / 60;
    return QStringLiteral("UTC%1%2:%3")
        .arg(seconds < 0 ? QLatin1Char('-') : QLatin1Char('+'))
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

// A timestamp with an explicit offset somewhere in a row's text: "2024-12-31T23:30:00+01:00".
struct OffsetSample final
{
    qint64 line = 0;
    qint64 utcMs = 0;
    int offset = 0; // seconds east of UTC
    QString text;
};

QList<OffsetSample> offsetSamples(const QList<Ingest::ParsedRow> &rows)
{
    static const QRegularExpression stamp(QStringLiteral(
        R"((\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?)\s?(Z|[+-]\d{2}(?::?\d{2})?)(?![\d:]))"));
    QList<OffsetSample> samples;
    for (const Ingest::ParsedRow &row : rows) {
        if (!row.valid)
            continue;
        const QRegularExpressionMatch match = stamp.match(QString::fromUtf8(row.raw));
        if (!match.hasMatch())
            continue;
        const QString zone = match.captured(2);
        int offset = 0;
        if (zone != QLatin1String("Z")) {
            const QString digits = QString(zone).remove(QLatin1Char(':'));
            offset = (digits.mid(1, 2).toInt() * 3600 + digits.mid(3, 2).toInt() * 60) * (zone.startsWith(QLatin1Char('-')) ? -1 : 1);
        }
        samples.append({row.line, row.tsMs, offset, match.captured(0)});
    }
    return samples;
}

bool zoneFits(const QTimeZone &zone, const QList<OffsetSample> &samples)
{
    if (!zone.isValid())
        return false;
    for (const OffsetSample &sample : samples) {
        if (zone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(sample.utcMs, QTimeZone::utc())) != sample.offset)
            return false;
    }
    return true;
}

// The zone the file's timestamps were written in: the import's zone or the system's when they fit;
// else, when every sample has the same offset, that offset ("UTC+01:00": a named zone would be a
// guess); else the first named zone whose offsets match every sample (daylight saving time).
QString fileZone(const QList<OffsetSample> &samples, const QString &importZone)
{
    for (const QByteArray &id : {importZone.toUtf8(), QTimeZone::systemTimeZoneId()}) {
        if (!id.isEmpty() && id != "UTC" && zoneFits(QTimeZone(id), samples))
            return QString::fromUtf8(id);
    }
    const QString fixed = offsetText(samples.first().offset);
    if (zoneFits(QTimeZone(fixed.toUtf8()), samples))
        return fixed;
    const auto ids = QTimeZone::availableTimeZoneIds();
    for (const QByteArray &id : ids) {
        if (id.contains('/') && !id.startsWith("Etc/") && zoneFits(QTimeZone(id), samples))
            return QString::fromUtf8(id);
    }
    return {};
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
    QString error;         // the file cannot be read with these choices
    QString errorCode;
    QJsonObject errorDetails;
    QStringList columns;
    QJsonObject detection;
    QList<Ingest::ParsedRow> rows;
    QStringList rawLines; // the file's first lines when it cannot be read with these choices
    QString kpiZone;
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
    resize(1040, 760);

    m_detection = new QLabel(tr("Reading %1…").arg(QFileInfo(path).fileName()), this);
    m_detection->setObjectName(QStringLiteral("importDetection"));
    m_detection->setWordWrap(true);
    m_useDecimalComma = new QPushButton(tr("Read “,” as the decimal mark"), this);
    m_useDecimalComma->setObjectName(QStringLiteral("importUseDecimalComma"));
    m_useDecimalComma->hide();
    auto *detectionRow = new QHBoxLayout;
    detectionRow->addWidget(m_detection, 1);
    detectionRow->addWidget(m_useDecimalComma, 0, Qt::AlignTop);

    m_preview = new QTableWidget(0, PreviewColumnCount, this);
    m_preview->setObjectName(QStringLiteral("importPreview"));
    m_preview->setHorizontalHeaderLabels({tr("Line"), tr("Timestamp (UTC)"), tr("Day"), tr("Metric"), tr("Value"), tr("User"),
                                          tr("Event id"), tr("Source"), tr("Status")});
    m_preview->horizontalHeaderItem(DayColumn)->setToolTip(tr("The day the row's value counts on in the daily KPIs."));
    m_preview->horizontalHeader()->setStretchLastSection(true);
    m_preview->verticalHeader()->hide();
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);

    m_dayNote = new QLabel(this);
    m_dayNote->setObjectName(QStringLiteral("importDayNote"));
    m_dayNote->setWordWrap(true);
    m_dayNote->hide();
    m_useFileZone = new QPushButton(this);
    m_useFileZone->setObjectName(QStringLiteral("importUseFileZone"));
    m_useFileZone->hide();
    connect(m_useFileZone, &QPushButton::clicked, this, &ImportDialog::useSuggestedDayZone);
    auto *dayRow = new QHBoxLayout;
    dayRow->addWidget(m_dayNote, 1);
    dayRow->addWidget(m_useFileZone, 0, Qt::AlignTop);

    // Columns: which column feeds which role, and the metric of rows without one.
    auto *columnsBox = new QGroupBox(tr("Columns"), this);
    auto *mappingForm = new QFormLayout(columnsBox);
    for (const QString &role : roles()) {
        auto *box = new QComboBox(this);
        box->setObjectName(QStringLiteral("mapping_") + role);
        box->setAccessibleName(tr("Column for %1").arg(roleTitle(role)));
        box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
        box->setMinimumContentsLength(22);
        connect(box, &QComboBox::activated, this, [this, role](int index) { mappingActivated(role, index); });
        m_mapping.append({role, box});
        if (role != QLatin1String("source"))
            mappingForm->addRow(roleTitle(role) + QLatin1Char(':'), box);
    }
    m_metric = new QLineEdit(this);
    m_metric->setObjectName(QStringLiteral("importMetric"));
    m_metric->setPlaceholderText(QStringLiteral("events_total"));
    m_metric->setToolTip(tr("The metric of rows without a metric column or with an empty metric."));
    mappingForm->addRow(tr("Metric &name:"), m_metric);
    m_mappingMessage = new QLabel(this);
    m_mappingMessage->setObjectName(QStringLiteral("importMappingProblem"));
    m_mappingMessage->setWordWrap(true);
    m_mappingMessage->setStyleSheet(QStringLiteral("color: #c62828"));
    m_mappingMessage->hide();
    mappingForm->addRow(m_mappingMessage);

    // Source: the file's own column or one name for every row.
    auto *sourceBox = new QGroupBox(tr("Source"), this);
    m_sourceColumn = new QRadioButton(tr("Use the file's source &column:"), this);
    m_sourceColumn->setObjectName(QStringLiteral("importSourceFromColumn"));
    m_sourceFixed = new QRadioButton(tr("&One source for all rows:"), this);
    m_sourceFixed->setObjectName(QStringLiteral("importSourceFixed"));
    m_sourceFixed->setChecked(true);
    m_source = new QLineEdit(QFileInfo(path).baseName().section(QLatin1Char('.'), 0, 0), this);
    m_source->setObjectName(QStringLiteral("importSource"));
    m_source->setAccessibleName(tr("Source name"));
    m_sourceNote = new QLabel(this);
    m_sourceNote->setObjectName(QStringLiteral("importSourceNote"));
    m_sourceNote->setWordWrap(true);
    auto *sourceLayout = new QGridLayout(sourceBox);
    sourceLayout->addWidget(m_sourceColumn, 0, 0);
    sourceLayout->addWidget(mappingBox(QStringLiteral("source")), 0, 1);
    sourceLayout->addWidget(m_sourceFixed, 1, 0);
    sourceLayout->addWidget(m_source, 1, 1);
    sourceLayout->addWidget(m_sourceNote, 2, 0, 1, 2);
    sourceLayout->setRowStretch(3, 1);
    connect(m_sourceColumn, &QRadioButton::toggled, this, [this] {
        m_sourceModeChosen = true;
        updateSourceMode();
    });
    connect(m_source, &QLineEdit::textChanged, this, [this] {
        updateSourceCells();
        updateImportEnabled();
    });

    // Reading: how the text becomes numbers and instants.
    auto *readingBox = new QGroupBox(tr("Reading"), this);
    m_format = new QComboBox(this);
    m_format->setObjectName(QStringLiteral("importFormat"));
    m_format->addItem(tr("Detect"), int(Ingest::Format::Auto));
    m_format->addItem(tr("CSV"), int(Ingest::Format::Csv));
    m_format->addItem(tr("JSON"), int(Ingest::Format::Json));
    m_format->addItem(tr("NDJSON"), int(Ingest::Format::Ndjson));
    m_decimal = new QComboBox(this);
    m_decimal->setObjectName(QStringLiteral("importDecimalMark"));
    m_decimal->addItem(tr("Detect from the file"), int(Ingest::DecimalMark::Auto));
    m_decimal->addItem(tr("Point: 1234.56"), int(Ingest::DecimalMark::Point));
    m_decimal->addItem(tr("Comma: 1234,56"), int(Ingest::DecimalMark::Comma));
    m_thousands = new QComboBox(this);
    m_thousands->setObjectName(QStringLiteral("importThousands"));
    m_thousands->addItem(tr("Detect from the file"), int(Ingest::ThousandsSeparator::Auto));
    m_thousands->addItem(tr("None: 1234567"), int(Ingest::ThousandsSeparator::None));
    m_thousands->addItem(tr("Comma: 1,234,567"), int(Ingest::ThousandsSeparator::Comma));
    m_thousands->addItem(tr("Point: 1.234.567"), int(Ingest::ThousandsSeparator::Point));
    m_thousands->addItem(tr("Space: 1 234 567"), int(Ingest::ThousandsSeparator::Space));
    m_thousands->addItem(tr("Apostrophe: 1'234'567"), int(Ingest::ThousandsSeparator::Apostrophe));
    m_dateOrder = new QComboBox(this);
    m_dateOrder->setObjectName(QStringLiteral("importDateOrder"));
    m_dateOrder->addItem(tr("Detect from the file"), int(Ingest::DateOrder::Auto));
    m_dateOrder->addItem(tr("Year first: 2024/12/31"), int(Ingest::DateOrder::YearFirst));
    m_dateOrder->addItem(tr("Day first: 31.12.2024"), int(Ingest::DateOrder::DayFirst));
    m_dateOrder->addItem(tr("Month first: 12/31/2024"), int(Ingest::DateOrder::MonthFirst));
    m_dateOrder->setToolTip(tr("ISO 8601 dates (2024-12-31) are read in every setting."));
    m_dateFormat = new QLineEdit(this);
    m_dateFormat->setObjectName(QStringLiteral("importDateFormat"));
    m_dateFormat->setPlaceholderText(tr("e.g. dd.MM.yyyy HH:mm (optional)"));
    m_dateFormat->setToolTip(tr("An exact date format; it wins over the date order. Qt style (dd.MM.yyyy) or strftime "
                                "style (%d.%m.%Y)."));
    m_epochUnit = new QComboBox(this);
    m_epochUnit->setObjectName(QStringLiteral("importEpochUnit"));
    m_epochUnit->addItem(tr("Infer from the size"), int(Ingest::EpochUnit::Auto));
    m_epochUnit->addItem(tr("Seconds"), int(Ingest::EpochUnit::Seconds));
    m_epochUnit->addItem(tr("Milliseconds"), int(Ingest::EpochUnit::Milliseconds));
    m_epochUnit->setToolTip(tr("The unit of timestamps written as numbers since 1970."));
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
    m_mode = new QComboBox(this);
    m_mode->setObjectName(QStringLiteral("importMode"));
    m_mode->addItem(tr("Tolerant: keep valid rows, report the others"), int(Ingest::Mode::Tolerant));
    m_mode->addItem(tr("Strict: one invalid row rejects the file"), int(Ingest::Mode::Strict));
    auto *readingForm = new QFormLayout(readingBox);
    readingForm->addRow(tr("&Format:"), m_format);
    readingForm->addRow(tr("&Decimal mark:"), m_decimal);
    readingForm->addRow(tr("T&housands:"), m_thousands);
    readingForm->addRow(tr("Date &order:"), m_dateOrder);
    readingForm->addRow(tr("Date for&mat:"), m_dateFormat);
    readingForm->addRow(tr("&Epoch unit:"), m_epochUnit);
    readingForm->addRow(tr("&Timezone:"), m_timezone);
    readingForm->addRow(tr("&Mode:"), m_mode);

    // Every choice that changes how rows are read shows in the preview at once.
    m_previewTimer = new QTimer(this);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(250);
    connect(m_previewTimer, &QTimer::timeout, this, &ImportDialog::loadPreview);
    for (QComboBox *box : {m_format, m_decimal, m_thousands, m_dateOrder, m_epochUnit, m_timezone})
        connect(box, &QComboBox::activated, this, &ImportDialog::loadPreview);
    connect(m_metric, &QLineEdit::textEdited, this, &ImportDialog::schedulePreview);
    connect(m_dateFormat, &QLineEdit::textEdited, this, &ImportDialog::schedulePreview);
    connect(m_timezone->lineEdit(), &QLineEdit::editingFinished, this, &ImportDialog::loadPreview);
    connect(m_useDecimalComma, &QPushButton::clicked, this, [this] {
        m_decimal->setCurrentIndex(m_decimal->findData(int(Ingest::DecimalMark::Comma)));
        loadPreview();
    });

    auto *settings = new QHBoxLayout;
    settings->addWidget(columnsBox, 1);
    settings->addWidget(sourceBox, 1);
    settings->addWidget(readingBox, 1);

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
    // Beside the button box, not in it: QDialogButtonBox shows its buttons when it lays them out.
    m_showRejected = new QPushButton(this);
    m_showRejected->setObjectName(QStringLiteral("importShowRejected"));
    m_showRejected->hide();
    connect(m_showRejected, &QPushButton::clicked, this, &ImportDialog::showRejectedRows);
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
    layout->addLayout(detectionRow);
    layout->addWidget(m_preview, 2);
    layout->addLayout(dayRow);
    layout->addLayout(settings);
    layout->addWidget(m_progress);
    layout->addWidget(m_resultText, 1);
    layout->addWidget(m_rejected, 1);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_showRejected);
    bottom->addWidget(m_buttons, 1);
    layout->addLayout(bottom);

    fillMappingBoxes();
    updateSourceMode();
    loadPreview();
}

ImportDialog::~ImportDialog()
{
    if (m_job)
        m_job->kill();
}

void ImportDialog::setInputsEnabled(bool enabled)
{
    for (QWidget *w : std::initializer_list<QWidget *>{m_metric, m_sourceColumn, m_sourceFixed, m_format, m_decimal,
                                                        m_thousands, m_dateOrder, m_dateFormat, m_epochUnit, m_mode,
                                                        m_timezone, m_useFileZone, m_useDecimalComma})
        w->setEnabled(enabled);
    for (const auto &[role, box] : std::as_const(m_mapping))
        box->setEnabled(enabled);
    if (enabled)
        updateSourceMode();
    else
        m_source->setEnabled(false);
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

QString ImportDialog::mappingProblem() const
{
    return m_mappingProblem;
}

QString ImportDialog::dayBoundaryNote() const
{
    return m_dayNote->isHidden() ? QString() : m_dayNote->text();
}

void ImportDialog::setSourceName(const QString &source)
{
    m_source->setText(source);
    setSourceFromColumn(false);
}

void ImportDialog::setSourceFromColumn(bool fromColumn)
{
    m_sourceModeChosen = true;
    (fromColumn ? m_sourceColumn : m_sourceFixed)->setChecked(true);
    updateSourceMode();
}

bool ImportDialog::isSourceFromColumn() const
{
    return m_sourceColumn->isChecked();
}

void ImportDialog::setMode(Ingest::Mode mode)
{
    m_mode->setCurrentIndex(m_mode->findData(int(mode)));
}

Ingest::ImportOptions ImportDialog::options() const
{
    Ingest::ImportOptions options;
    options.source = m_sourceFixed->isChecked() ? m_source->text().trimmed() : QString();
    options.mode = Ingest::Mode(m_mode->currentData().toInt());
    options.createdBy = QStringLiteral("desktop");
    Ingest::ReadOptions &read = options.read;
    read.format = Ingest::Format(m_format->currentData().toInt());
    const QTimeZone zone(m_timezone->currentText().trimmed().toUtf8());
    read.timezone = zone.isValid() ? zone : QTimeZone::utc();
    read.decimalMark = Ingest::DecimalMark(m_decimal->currentData().toInt());
    read.thousandsSeparator = Ingest::ThousandsSeparator(m_thousands->currentData().toInt());
    read.dateOrder = Ingest::DateOrder(m_dateOrder->currentData().toInt());
    read.dateFormat = m_dateFormat->text().trimmed();
    read.epochUnit = Ingest::EpochUnit(m_epochUnit->currentData().toInt());
    if (const QString metric = m_metric->text().trimmed(); !metric.isEmpty())
        read.defaultMetric = metric;

    Ingest::ColumnMapping &m = read.mapping;
    QString *targets[] = {&m.timestamp, &m.value, &m.metric, &m.userId, &m.eventId, &m.source};
    QList<QString *> none;
    for (int i = 0; i < m_mapping.size(); ++i) {
        QComboBox *box = m_mapping[i].second;
        switch (MappingKind(box->currentData(MappingKindRole).toInt())) {
        case MappingKind::Column:
            *targets[i] = box->currentData().toString();
            break;
        case MappingKind::None:
            none.append(targets[i]);
            break;
        case MappingKind::Automatic:
            break;
        }
    }
    // "(none)": ColumnMapping has no word for "no column even if one looks like it". An explicit
    // name switches the synonyms of its role off, and the timestamp, checked first, keeps a column
    // named for two roles; so a role pointed at the timestamp's column reads nothing. Without a
    // timestamp column there is nothing to point at and the role stays automatic.
    const QString timestamp = m.timestamp.isEmpty() ? m_effective.value(QStringLiteral("timestamp")) : m.timestamp;
    if (!none.isEmpty() && !timestamp.isEmpty()) {
        m.timestamp = timestamp;
        for (QString *target : std::as_const(none))
            *target = timestamp;
    }
    return options;
}

void ImportDialog::schedulePreview()
{
    m_previewTimer->start();
}

void ImportDialog::loadPreview()
{
    m_previewTimer->stop();
    m_previewLoaded = false;
    updateImportEnabled();
    const int generation = ++m_previewGeneration;
    const Ingest::ReadOptions read = options().read;
    const QString path = m_path;
    runInBackground<Preview>(
        m_database, this,
        [generation, read, path](const std::shared_ptr<Storage::Database> &database) {
            Preview preview;
            preview.generation = generation;
            preview.kpiZone = database->setting(KpiZoneKey, QStringLiteral("UTC"));
            auto reader = Ingest::EventReader::open(path, read);
            if (!reader) {
                preview.error = reader.error().message;
                preview.errorCode = reader.error().code;
                preview.errorDetails = reader.error().details;
                // The file as text, so that the columns can be chosen looking at the data.
                QFile file(path);
                if (!path.endsWith(QLatin1String(".gz"), Qt::CaseInsensitive) && file.open(QIODevice::ReadOnly)) {
                    for (int line = 1; line <= PreviewRows + 1 && !file.atEnd(); ++line)
                        preview.rawLines.append(QString::fromUtf8(file.readLine(4096)).trimmed());
                }
                return preview;
            }
            Ingest::ParsedRow row;
            while (preview.rows.size() < PreviewRows) {
                auto more = (*reader)->next(row);
                if (!more) {
                    preview.error = more.error().message;
                    preview.errorCode = more.error().code;
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

void ImportDialog::fillMappingBoxes()
{
    for (const auto &[role, box] : std::as_const(m_mapping)) {
        const auto kind = box->count() ? MappingKind(box->currentData(MappingKindRole).toInt()) : MappingKind::Automatic;
        const QString chosen = box->currentData().toString();
        const QSignalBlocker blocker(box);
        box->clear();
        const QString automatic = m_effective.value(role);
        box->addItem(m_previewLoaded && kind == MappingKind::Automatic
                         ? (automatic.isEmpty() ? tr("(automatic: no column found)") : tr("(automatic: %1)").arg(automatic))
                         : tr("(automatic)"),
                     QString());
        box->setItemData(0, int(MappingKind::Automatic), MappingKindRole);
        if (!isRequired(role)) {
            box->addItem(tr("(none)"), QString());
            box->setItemData(1, int(MappingKind::None), MappingKindRole);
        }
        for (const QString &column : std::as_const(m_columns)) {
            box->addItem(column, column);
            box->setItemData(box->count() - 1, int(MappingKind::Column), MappingKindRole);
        }
        int index = 0;
        if (kind == MappingKind::None && !isRequired(role))
            index = 1;
        else if (kind == MappingKind::Column)
            index = std::max(0, box->findData(chosen));
        box->setCurrentIndex(index);
    }
}

bool ImportDialog::chooseMapping(const QString &role, MappingKind kind, const QString &column)
{
    QComboBox *box = mappingBox(role);
    if (!box)
        return false;
    for (int i = 0; i < box->count(); ++i) {
        if (MappingKind(box->itemData(i, MappingKindRole).toInt()) == kind
            && (kind != MappingKind::Column || box->itemData(i).toString() == column)) {
            box->setCurrentIndex(i);
            mappingActivated(role, i);
            return true;
        }
    }
    return false;
}

void ImportDialog::mappingActivated(const QString &role, int index)
{
    QComboBox *box = mappingBox(role);
    const auto kind = MappingKind(box->itemData(index, MappingKindRole).toInt());
    const QString column = box->itemData(index).toString();
    const QString previous = m_effective.value(role);
    if (kind == MappingKind::Column) {
        // The role that read this column gets the one this role read: swapping two columns is one choice.
        for (const auto &[other, otherBox] : std::as_const(m_mapping)) {
            if (other == role || m_effective.value(other).compare(column, Qt::CaseInsensitive) != 0)
                continue;
            int replacement = 0; // (automatic)
            if (!previous.isEmpty())
                replacement = std::max(0, otherBox->findData(previous));
            else if (!isRequired(other))
                replacement = 1; // (none)
            otherBox->setCurrentIndex(replacement);
            m_effective.insert(other, previous);
        }
        m_effective.insert(role, column);
    } else if (kind == MappingKind::None) {
        m_effective.insert(role, QString());
    }
    if (role == QLatin1String("source") && kind == MappingKind::Column && !isSourceFromColumn())
        setSourceFromColumn(true);
    loadPreview();
}

void ImportDialog::updateSourceMode()
{
    const bool fromColumn = m_sourceColumn->isChecked();
    mappingBox(QStringLiteral("source"))->setEnabled(fromColumn && !m_job);
    m_source->setEnabled(!fromColumn && !m_job);
    const QString column = m_effective.value(QStringLiteral("source"));
    if (fromColumn)
        m_sourceNote->setText(column.isEmpty()
                                  ? tr("The file has no source column: every row goes to “%1”.").arg(Ingest::DefaultSource)
                                  : tr("Each row goes to the source named in its “%1” column; rows with an empty one go to “%2”.")
                                        .arg(column, Ingest::DefaultSource));
    else
        m_sourceNote->setText(column.isEmpty()
                                  ? tr("Every row goes to this source.")
                                  : tr("Every row goes to this source; the file's “%1” column is not used.").arg(column));
    updateSourceCells();
    updateImportEnabled();
}

void ImportDialog::updateSourceCells()
{
    const bool fixed = m_sourceFixed->isChecked();
    const QString name = m_source->text().trimmed();
    for (int r = 0; r < m_preview->rowCount() && r < m_previewSources.size(); ++r) {
        QTableWidgetItem *item = m_preview->item(r, SourceColumn);
        if (!item)
            continue;
        const QString own = m_previewSources[r];
        item->setText(fixed ? name : own.isEmpty() ? Ingest::DefaultSource : own);
    }
}

void ImportDialog::updateImportEnabled()
{
    const bool namedSource = !m_sourceFixed->isChecked() || !m_source->text().trimmed().isEmpty();
    m_import->setEnabled(m_previewLoaded && m_previewUsable && m_mappingProblem.isEmpty() && namedSource && !m_job);
}

void ImportDialog::showPreview(const Preview &preview)
{
    // The columns: as read, or as the error names them, or else the last ones known, so that no
    // choice ever empties the boxes.
    if (!preview.columns.isEmpty())
        m_columns = preview.columns;
    else if (const QJsonArray present = preview.errorDetails.value(QStringLiteral("present")).toArray(); !present.isEmpty()) {
        m_columns.clear();
        for (const QJsonValue &column : present)
            m_columns.append(column.toString());
    }
    m_kpiZone = preview.kpiZone;
    const bool detected = !preview.detection.isEmpty();
    const QJsonObject mapping = preview.detection.value(QStringLiteral("mapping")).toObject();
    for (const auto &[role, box] : std::as_const(m_mapping)) {
        const auto kind = MappingKind(box->currentData(MappingKindRole).toInt());
        if (detected)
            m_effective.insert(role, mapping.value(role).toString());
        else if (kind == MappingKind::Column)
            m_effective.insert(role, box->currentData().toString());
        else
            m_effective.insert(role, QString());
    }
    m_previewLoaded = true;
    fillMappingBoxes();

    // Mapping problems stay beside the boxes, with every choice still there.
    QStringList problems;
    if (preview.errorCode == QLatin1String("MISSING_COLUMNS")) {
        QStringList missing;
        for (const QJsonValue &name : preview.errorDetails.value(QStringLiteral("missing")).toArray())
            missing.append(name.toString());
        for (const auto &[role, box] : std::as_const(m_mapping)) {
            const auto kind = MappingKind(box->currentData(MappingKindRole).toInt());
            const QString column = box->currentData().toString();
            if (kind == MappingKind::Column && missing.contains(column))
                problems.append(tr("%1: the file has no column “%2”.").arg(roleTitle(role), column));
            else if (kind != MappingKind::Column && isRequired(role) && missing.contains(role))
                problems.append(tr("%1: no column is chosen and none is named like one. Choose the column that holds it.")
                                    .arg(roleTitle(role)));
        }
        if (problems.isEmpty())
            problems.append(preview.error);
    }
    m_mappingProblem = problems.join(QLatin1Char('\n'));
    m_mappingMessage->setText(m_mappingProblem);
    m_mappingMessage->setVisible(!m_mappingProblem.isEmpty());
    m_previewUsable = preview.error.isEmpty() || !preview.rows.isEmpty();

    QStringList facts;
    if (const QString format = preview.detection.value(QStringLiteral("format")).toString(); !format.isEmpty())
        facts.append(tr("Format: %1").arg(format.toUpper()));
    if (const QString delimiter = preview.detection.value(QStringLiteral("delimiterName")).toString(); !delimiter.isEmpty())
        facts.append(tr("delimiter: %1").arg(delimiter));
    facts.append(tr("columns: %1").arg(m_columns.size()));
    QString text = facts.join(QStringLiteral(" · "));
    const QJsonArray warnings = preview.detection.value(QStringLiteral("warnings")).toArray();
    for (const QJsonValue &warning : warnings)
        text += QStringLiteral("<br>") + warning.toString().toHtmlEscaped();
    if (!preview.error.isEmpty() && m_mappingProblem.isEmpty())
        text += QStringLiteral("<br><span style='color:#c62828'>%1</span>").arg(preview.error.toHtmlEscaped());
    m_detection->setText(text);
    const bool commaRejected = preview.detection.value(QStringLiteral("valuesRejectedForComma")).toInteger() > 0;
    m_useDecimalComma->setVisible(commaRejected && Ingest::DecimalMark(m_decimal->currentData().toInt()) != Ingest::DecimalMark::Comma);

    const QLocale locale;
    const QTimeZone dayZone(preview.kpiZone.toUtf8());
    m_preview->setRowCount(0);
    m_previewSources.clear();
    for (const Ingest::ParsedRow &row : preview.rows) {
        const int r = m_preview->rowCount();
        m_preview->insertRow(r);
        const QDateTime instant = QDateTime::fromMSecsSinceEpoch(row.tsMs, QTimeZone::utc());
        const QStringList cells{
            QString::number(row.line),
            row.valid ? instant.toString(QStringLiteral("yyyy-MM-dd'T'HH:mm:ss.zzz'Z'")) : QString(),
            row.valid ? instant.toTimeZone(dayZone.isValid() ? dayZone : QTimeZone::utc()).date().toString(Qt::ISODate) : QString(),
            row.valid ? row.metric : QString(),
            row.valid ? locale.toString(row.value, 'g', 15) : QString(),
            row.userId,
            row.eventId,
            QString(),
            row.valid ? tr("ok")
                      : tr("%1 (%2: “%3”)").arg(rejectReasonText(row.rejectReason),
                                                 row.rejectColumn.isEmpty() ? tr("row") : row.rejectColumn, row.rejectValue)};
        m_previewSources.append(row.source);
        for (int c = 0; c < cells.size(); ++c) {
            auto *item = new QTableWidgetItem(cells[c]);
            if (!row.valid)
                item->setForeground(ErrorColor);
            m_preview->setItem(r, c, item);
        }
    }
    // Lines after the header, not read yet: shown as text, greyed.
    for (int i = 1; preview.rows.isEmpty() && i < preview.rawLines.size(); ++i) {
        const int r = m_preview->rowCount();
        m_preview->insertRow(r);
        m_previewSources.append(QString());
        for (int c = 0; c < PreviewColumnCount; ++c) {
            auto *item = new QTableWidgetItem(c == LineColumn ? QString::number(i + 1)
                                              : c == StatusColumn ? tr("not read yet: %1").arg(preview.rawLines[i])
                                                                  : QString());
            item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
            m_preview->setItem(r, c, item);
        }
    }
    updateSourceCells();
    m_preview->resizeColumnsToContents();

    // The first time the file is understood: a file that names its sources keeps them.
    if (!m_sourceModeChosen && detected) {
        m_sourceModeChosen = true;
        const QSignalBlocker blocker(m_sourceColumn);
        (m_effective.value(QStringLiteral("source")).isEmpty() ? m_sourceFixed : m_sourceColumn)->setChecked(true);
    }
    updateSourceMode();
    describeDayBoundary(preview);
    updateImportEnabled();
    Q_EMIT previewLoaded();
}

void ImportDialog::describeDayBoundary(const Preview &preview)
{
    m_suggestedZone.clear();
    m_dayNote->hide();
    m_useFileZone->hide();
    const QList<OffsetSample> samples = offsetSamples(preview.rows);
    const QTimeZone kpiZone(preview.kpiZone.toUtf8());
    if (samples.isEmpty() || zoneFits(kpiZone, samples))
        return;
    const OffsetSample &first = samples.first();
    const int kpiOffset = kpiZone.isValid() ? kpiZone.offsetFromUtc(QDateTime::fromMSecsSinceEpoch(first.utcMs, QTimeZone::utc())) : 0;
    const QString cut = QTime(0, 0).addSecs(first.offset - kpiOffset).toString(QStringLiteral("HH:mm"));
    QString note = tr("Timestamps in this file carry the offset %1. Days are counted in %2 (the database's KPI timezone), "
                      "so each day is cut at %3 of the file's time.")
                       .arg(offsetText(first.offset), preview.kpiZone, cut);
    for (const OffsetSample &sample : samples) {
        const QDate local = QDateTime::fromMSecsSinceEpoch(sample.utcMs, QTimeZone(sample.offset)).date();
        const QDate counted = QDateTime::fromMSecsSinceEpoch(sample.utcMs, kpiZone.isValid() ? kpiZone : QTimeZone::utc()).date();
        if (local != counted) {
            note += QLatin1Char(' ')
                  + tr("Line %1 (%2) counts on %3.").arg(sample.line).arg(sample.text, counted.toString(Qt::ISODate));
            break;
        }
    }
    m_suggestedZone = fileZone(samples, m_timezone->currentText().trimmed());
    m_dayNote->setText(note);
    m_dayNote->show();
    if (!m_suggestedZone.isEmpty()) {
        m_useFileZone->setText(tr("Count days in %1").arg(m_suggestedZone));
        m_useFileZone->setToolTip(tr("Makes %1 the database's KPI timezone: the days of this and later imports are "
                                     "cut at midnight there. Days already stored keep theirs.")
                                      .arg(m_suggestedZone));
        m_useFileZone->show();
    }
}

bool ImportDialog::useSuggestedDayZone()
{
    if (m_suggestedZone.isEmpty())
        return false;
    if (const Common::Status stored = m_database->setSetting(KpiZoneKey, m_suggestedZone); !stored) {
        m_dayNote->setText(stored.error().message);
        return false;
    }
    loadPreview();
    return true;
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
    setInputsEnabled(false);
    updateImportEnabled();
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
        // A failed import keeps its batch and rejected rows for review; nothing else was stored.
        if (m_summary->failed()) {
            m_errorText = tr("No row of %1 could be stored.").arg(m_summary->fileName);
            setInputsEnabled(true);
            updateImportEnabled();
        }
        Q_EMIT importFinished(!m_summary->failed());
        return;
    }
    if (record.status == Jobs::RunStatus::Cancelled)
        m_errorText = tr("Import cancelled. Nothing was stored.");
    else
        m_errorText = tr("Import failed: %1 Nothing was stored.").arg(record.error ? record.error->message : record.message);
    m_resultText->setHtml(QStringLiteral("<p style='color:#c62828'>%1</p>").arg(m_errorText.toHtmlEscaped()));
    setInputsEnabled(true);
    updateImportEnabled();
    Q_EMIT importFinished(false);
}

QString ImportDialog::outcomeText() const
{
    return m_resultText->toPlainText();
}

ImportDialog::Outcome ImportDialog::outcome() const
{
    if (!m_summary)
        return Outcome::None;
    return m_summary->failed() ? Outcome::Failed : m_summary->hasWarnings() ? Outcome::Warnings : Outcome::Succeeded;
}

void ImportDialog::showSummary(const Ingest::ImportSummary &summary)
{
    const QLocale l;
    const auto share = [&l](qint64 part, qint64 whole) {
        return l.toString(whole > 0 ? 100.0 * double(part) / double(whole) : 0.0, 'f', 1);
    };
    const QString file = summary.fileName.toHtmlEscaped();
    QString html;
    if (summary.failed())
        html = QStringLiteral("<h3 style='color:#c62828'>%1</h3>").arg(tr("Import of %1 failed").arg(file));
    else if (summary.hasWarnings())
        html = QStringLiteral("<h3 style='color:#b26a00'>%1</h3>").arg(tr("Imported %1 with warnings").arg(file));
    else
        html = QStringLiteral("<h3>%1</h3>").arg(tr("Imported %1").arg(file));
    html += tr("<p>%1 rows read · <b>%2 inserted</b> · %3 already stored · %4 repeated inside this file · %5 rejected</p>")
                .arg(l.toString(summary.received), l.toString(summary.inserted), l.toString(summary.duplicatesStored),
                     l.toString(summary.duplicatesInFile), l.toString(summary.rejected));
    QStringList words;
    if (summary.failed())
        words.append(tr("Every row was rejected, so nothing was stored. The rejected rows are kept: review them in "
                        "Import history, fix them and import them again."));
    else if (summary.received > 0 && double(summary.rejected) > Ingest::RejectedWarningShare * double(summary.received))
        words.append(tr("%1 of %2 rows (%3%) were rejected: more than %4% of the file. Check the mapping and the "
                        "number and date settings before relying on these numbers.")
                         .arg(l.toString(summary.rejected), l.toString(summary.received), share(summary.rejected, summary.received),
                              l.toString(Ingest::RejectedWarningShare * 100, 'f', 0)));
    if (summary.received > 0 && double(summary.duplicatesInFile) > Ingest::InFileRepeatNoticeShare * double(summary.received))
        words.append(tr("%1 rows (%2% of the file) repeat an earlier row of this file in every column; each was stored "
                        "once. If they are separate events, give the file an event id column.")
                         .arg(l.toString(summary.duplicatesInFile), share(summary.duplicatesInFile, summary.received)));
    for (const Kpi::OverflowedDay &day : summary.overflowedDays.mid(0, 5))
        words.append(tr("The sum of %1 on %2 is beyond ±1.8e308 and is not stored; its count, average, minimum and "
                        "maximum are.").arg(day.metric, l.toString(QDate::fromString(day.day, Qt::ISODate), QLocale::ShortFormat)));
    if (summary.overflowedDays.size() > 5)
        words.append(tr("The sums of %n more days are beyond ±1.8e308 and are not stored.", nullptr,
                        int(summary.overflowedDays.size() - 5)));
    for (const QString &sentence : std::as_const(words))
        html += QStringLiteral("<p>%1</p>").arg(sentence.toHtmlEscaped());
    if (!summary.metrics.isEmpty())
        html += tr("<p>Metrics: %1 · Sources: %2</p>")
                    .arg(summary.metrics.join(QStringLiteral(", ")).toHtmlEscaped(),
                         summary.sources.join(QStringLiteral(", ")).toHtmlEscaped());
    if (!summary.rejectedByReason.isEmpty()) {
        html += tr("<p>Rejected by reason:</p><ul>");
        for (auto it = summary.rejectedByReason.cbegin(); it != summary.rejectedByReason.cend(); ++it)
            html += QStringLiteral("<li>%1: %2</li>").arg(rejectReasonText(it.key()).toHtmlEscaped(), l.toString(it.value()));
        html += QStringLiteral("</ul>");
    }
    m_resultText->setHtml(html);
    m_rejected->setRowCount(0);
    for (const Ingest::RowIssue &issue : summary.issues) {
        const int r = m_rejected->rowCount();
        m_rejected->insertRow(r);
        m_rejected->setItem(r, 0, new QTableWidgetItem(QString::number(issue.line)));
        m_rejected->setItem(r, 1, new QTableWidgetItem(issue.column));
        m_rejected->setItem(r, 2, new QTableWidgetItem(rejectReasonText(issue.reason)));
        m_rejected->setItem(r, 3, new QTableWidgetItem(issue.value));
    }
    m_rejected->resizeColumnsToContents();
    m_rejected->setVisible(!summary.issues.isEmpty());
    m_showRejected->setVisible(summary.rejected > 0);
    m_showRejected->setText(tr("All %1 &Rejected Rows…").arg(l.toString(summary.rejected)));
}

void ImportDialog::showRejectedRows()
{
    if (!m_summary)
        return;
    auto *viewer = new RejectedRowsDialog(m_database, m_summary->batchId, m_summary->fileName, m_summary->format, this);
    viewer->setAttribute(Qt::WA_DeleteOnClose);
    viewer->show();
}

} // namespace Ui
