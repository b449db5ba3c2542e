#include "logview.h"

#include "common/paths.h"
#include "logging/logging.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDesktopServices>
#include <QDir>
#include <QEvent>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QFont>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPalette>
#include <QPushButton>
#include <QScrollBar>
#include <QTableView>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace Ui {

namespace {

const QString CurrentFileName = QStringLiteral("smartdata.jsonl");

// The logger's files: smartdata.jsonl is 0 (the current one), smartdata.N.jsonl is N (older with
// every N); anything else in the folder is not ours (-1).
int rotationIndex(const QString &fileName)
{
    if (fileName == CurrentFileName)
        return 0;
    if (!fileName.startsWith(QLatin1String("smartdata.")) || !fileName.endsWith(QLatin1String(".jsonl")))
        return -1;
    bool ok = false;
    const int index = QStringView(fileName).sliced(10, fileName.size() - 16).toInt(&ok);
    return ok && index > 0 ? index : -1;
}

QString jsonText(const QJsonValue &value)
{
    if (value.isString())
        return value.toString();
    // A bare value is not a JSON document; wrap it in an array and take the brackets off again.
    return QString::fromUtf8(QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact)).mid(1).chopped(1);
}

LogEntry parseLine(const QByteArray &line)
{
    LogEntry entry;
    entry.raw = QString::fromUtf8(line);
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(line, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        entry.malformed = true;
        entry.message = entry.raw;
        return entry;
    }
    QJsonObject fields = document.object();
    entry.time = QDateTime::fromString(fields.take(QStringLiteral("ts")).toString(), Qt::ISODateWithMs);
    entry.level = fields.take(QStringLiteral("level")).toString();
    entry.severity = logSeverity(entry.level);
    entry.category = fields.take(QStringLiteral("category")).toString();
    entry.message = jsonText(fields.take(QStringLiteral("message")));
    QStringList context;
    context.reserve(fields.size());
    for (auto it = fields.constBegin(); it != fields.constEnd(); ++it) {
        QString value = jsonText(it.value());
        if (it.value().isString() && (value.isEmpty() || value.contains(QLatin1Char(' '))))
            value = QLatin1Char('"') + value + QLatin1Char('"');
        context.append(it.key() + QLatin1Char('=') + value);
    }
    entry.context = context.join(QLatin1Char(' '));
    return entry;
}

// Parses the complete lines of `bytes` from the last to the first, appending to `snapshot` until it
// holds `maxEntries`. Returns false when lines were left for want of room.
bool appendNewestFirst(const QByteArray &bytes, int maxEntries, LogSnapshot &snapshot)
{
    qsizetype end = bytes.size();
    while (end > 0) {
        if (snapshot.entries.size() >= maxEntries)
            return false;
        const qsizetype newline = bytes.lastIndexOf('\n', end - 1);
        const qsizetype begin = newline + 1;
        QByteArray line = bytes.mid(begin, end - begin);
        end = std::max<qsizetype>(newline, 0);
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.trimmed().isEmpty())
            continue;
        LogEntry entry = parseLine(line);
        if (entry.malformed)
            ++snapshot.malformed;
        if (!entry.category.isEmpty() && !snapshot.categories.contains(entry.category))
            snapshot.categories.append(entry.category);
        snapshot.entries.append(std::move(entry));
    }
    return true;
}

// The end of the complete lines in `bytes` read from `start`: the position after the last newline,
// and that last line. A line still being written (no newline yet) is left for the next read.
void rememberEnd(const QByteArray &bytes, qint64 start, LogPosition &position)
{
    const qsizetype lastNewline = bytes.lastIndexOf('\n');
    if (lastNewline < 0)
        return;
    const qsizetype lineStart = bytes.lastIndexOf('\n', lastNewline - 1) + 1;
    position.offset = start + lastNewline + 1;
    position.lastLine = bytes.mid(lineStart, lastNewline + 1 - lineStart);
}

} // namespace

int logSeverity(const QString &level)
{
    if (level == QLatin1String("debug"))
        return 0;
    if (level == QLatin1String("info"))
        return 1;
    if (level == QLatin1String("warning"))
        return 2;
    if (level == QLatin1String("critical"))
        return 3;
    if (level == QLatin1String("fatal"))
        return 4;
    return -1;
}

LogEntry parseLogLine(const QString &line)
{
    return parseLine(line.toUtf8());
}

LogSnapshot readLogDirectory(const QString &dir, qint64 maxBytes, int maxEntries)
{
    LogSnapshot snapshot;
    const QDir folder(dir);
    if (!folder.exists()) {
        snapshot.error = LogView::tr("The log folder %1 does not exist yet.").arg(QDir::toNativeSeparators(dir));
        return snapshot;
    }
    QList<QPair<int, QFileInfo>> files;
    const QFileInfoList infos = folder.entryInfoList({QStringLiteral("smartdata*.jsonl")}, QDir::Files);
    for (const QFileInfo &info : infos) {
        if (const int index = rotationIndex(info.fileName()); index >= 0) {
            files.append({index, info});
            snapshot.totalBytes += info.size();
        }
    }
    std::sort(files.begin(), files.end(), [](const auto &a, const auto &b) { return a.first < b.first; });

    qint64 budget = maxBytes;
    for (const auto &[index, info] : std::as_const(files)) {
        if (budget <= 0 || snapshot.entries.size() >= maxEntries) {
            snapshot.truncated = true;
            break;
        }
        QFile file(info.absoluteFilePath());
        if (!file.open(QIODevice::ReadOnly)) {
            snapshot.error = LogView::tr("Cannot read %1: %2").arg(QDir::toNativeSeparators(file.fileName()), file.errorString());
            continue;
        }
        // The file may grow while it is read; what is read is what was there when it was measured.
        const qint64 size = file.size();
        const qint64 start = std::max<qint64>(0, size - budget);
        if (!file.seek(start))
            continue;
        QByteArray bytes = file.read(size - start);
        budget -= bytes.size();
        if (index == 0) {
            rememberEnd(bytes, start, snapshot.position);
            // Without a whole line in what was read there is no place to go on from.
            snapshot.position.valid = start == 0 || snapshot.position.offset > 0;
            // A last line without its newline is still being written: it comes with the next read.
            bytes.truncate(std::max<qint64>(0, snapshot.position.offset - start));
        }
        if (start > 0) {
            // Read from the middle of a line: that line's start is older than the budget allows.
            bytes.remove(0, bytes.indexOf('\n') + 1);
            snapshot.truncated = true;
        }
        snapshot.files.append(info.fileName());
        if (!appendNewestFirst(bytes, maxEntries, snapshot))
            snapshot.truncated = true;
    }
    std::sort(snapshot.categories.begin(), snapshot.categories.end());
    return snapshot;
}

LogSnapshot readLogAppended(const QString &dir, const LogPosition &from, qint64 maxBytes, int maxEntries)
{
    LogSnapshot snapshot;
    snapshot.appended = true;
    QFile file(QDir(dir).filePath(CurrentFileName));
    const qint64 lineLength = from.lastLine.size();
    // More new lines than a full read would take: the full read applies the caps.
    if (!from.valid || !file.open(QIODevice::ReadOnly) || file.size() < from.offset || from.offset < lineLength
        || file.size() - from.offset > maxBytes) {
        snapshot.needsFullRead = true;
        return snapshot;
    }
    // The file is still the one read before (not rotated or replaced) when it still ends the last
    // read with the same line.
    const qint64 size = file.size();
    if (lineLength > 0 && (!file.seek(from.offset - lineLength) || file.read(lineLength) != from.lastLine)) {
        snapshot.needsFullRead = true;
        return snapshot;
    }
    if (!file.seek(from.offset)) {
        snapshot.needsFullRead = true;
        return snapshot;
    }
    QByteArray bytes = file.read(size - from.offset);
    snapshot.totalBytes = bytes.size();
    snapshot.position = from;
    rememberEnd(bytes, from.offset, snapshot.position);
    bytes.truncate(std::max<qint64>(0, snapshot.position.offset - from.offset));
    if (!appendNewestFirst(bytes, maxEntries, snapshot))
        snapshot.truncated = true;
    std::sort(snapshot.categories.begin(), snapshot.categories.end());
    return snapshot;
}

// ---------------------------------------------------------------- model

LogModel::LogModel(QObject *parent)
    : QAbstractTableModel(parent)
    , m_zone(QTimeZone::systemTimeZone())
{
}

void LogModel::setEntries(QList<LogEntry> entries)
{
    // Is the new list the old one with newer entries in front? Find the old newest entry; the
    // entries before it are new, and the rest must be the old ones (checked at a few places; a line
    // carries its time to the millisecond, so equal lines at the same place are the same entry).
    qsizetype fresh = -1;
    if (!m_entries.isEmpty()) {
        const QString &newest = m_entries.first().raw;
        for (qsizetype i = 0; i < entries.size(); ++i) {
            if (entries.at(i).raw == newest) {
                fresh = i;
                break;
            }
        }
    }
    const qsizetype kept = fresh < 0 ? 0 : entries.size() - fresh;
    bool continues = fresh >= 0 && kept <= m_entries.size();
    for (int sample = 0; continues && sample <= 16; ++sample) {
        const qsizetype i = kept * sample / 16 - (sample == 16 ? 1 : 0);
        continues = entries.at(fresh + i).raw == m_entries.at(i).raw;
    }
    if (!continues) {
        beginResetModel();
        m_entries = std::move(entries);
        m_malformed = int(std::count_if(m_entries.cbegin(), m_entries.cend(), [](const LogEntry &e) { return e.malformed; }));
        endResetModel();
        return;
    }
    if (kept < m_entries.size()) {
        beginRemoveRows({}, int(kept), int(m_entries.size() - 1));
        for (qsizetype i = kept; i < m_entries.size(); ++i)
            m_malformed -= m_entries.at(i).malformed ? 1 : 0;
        m_entries.resize(kept);
        endRemoveRows();
    }
    if (fresh > 0) {
        beginInsertRows({}, 0, int(fresh - 1));
        for (qsizetype i = 0; i < fresh; ++i)
            m_malformed += entries.at(i).malformed ? 1 : 0;
        m_entries = std::move(entries);
        endInsertRows();
    }
}

void LogModel::prependEntries(QList<LogEntry> entries, int maxEntries)
{
    if (!entries.isEmpty()) {
        beginInsertRows({}, 0, int(entries.size() - 1));
        for (const LogEntry &entry : std::as_const(entries))
            m_malformed += entry.malformed ? 1 : 0;
        entries.append(std::move(m_entries));
        m_entries = std::move(entries);
        endInsertRows();
    }
    if (m_entries.size() > maxEntries) {
        beginRemoveRows({}, maxEntries, int(m_entries.size() - 1));
        for (qsizetype i = maxEntries; i < m_entries.size(); ++i)
            m_malformed -= m_entries.at(i).malformed ? 1 : 0;
        m_entries.resize(maxEntries);
        endRemoveRows();
    }
}

int LogModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int LogModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant LogModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const LogEntry &entry = m_entries.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            if (!entry.time.isValid())
                return QString();
            return (m_zone.isValid() ? entry.time.toTimeZone(m_zone) : entry.time.toLocalTime())
                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
        case LevelColumn: return entry.malformed ? tr("unreadable") : entry.level;
        case CategoryColumn: return entry.category;
        case MessageColumn: {
            // One line per row; the tooltip has the whole text.
            QString text = entry.message;
            return text.replace(QLatin1Char('\n'), QStringLiteral(" ⏎ "));
        }
        case ContextColumn: return entry.context;
        }
        return {};
    case Qt::ToolTipRole:
        if (entry.malformed)
            return tr("This line is not a log entry; it is shown as it is in the file:\n%1").arg(entry.raw);
        switch (index.column()) {
        case TimeColumn: return entry.time.isValid() ? entry.time.toUTC().toString(Qt::ISODateWithMs) : QString();
        case MessageColumn: return entry.message;
        case ContextColumn: return entry.context;
        }
        return {};
    case Qt::ForegroundRole:
        if (entry.severity >= 3)
            return QColor(0xc6, 0x28, 0x28);
        if (entry.severity == 2)
            return QColor(0xb2, 0x5e, 0x00);
        if (entry.severity == 0 || entry.malformed)
            return QApplication::palette().color(QPalette::PlaceholderText);
        return {};
    case Qt::FontRole:
        if (entry.malformed) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case SeverityRole: return entry.severity;
    case CategoryRole: return entry.category;
    case RawRole: return entry.raw;
    case MalformedRole: return entry.malformed;
    }
    return {};
}

QVariant LogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn: return tr("Time");
    case LevelColumn: return tr("Level");
    case CategoryColumn: return tr("Category");
    case MessageColumn: return tr("Message");
    case ContextColumn: return tr("Context");
    }
    return {};
}

void LogModel::retranslate()
{
    Q_EMIT headerDataChanged(Qt::Horizontal, 0, ColumnCount - 1);
    if (!m_entries.isEmpty())
        Q_EMIT dataChanged(index(0, LevelColumn), index(int(m_entries.size() - 1), LevelColumn), {Qt::DisplayRole, Qt::ToolTipRole});
}

// ---------------------------------------------------------------- filter

LogFilterModel::LogFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
}

void LogFilterModel::setMinimumSeverity(int severity)
{
    if (severity == m_minimumSeverity)
        return;
    m_minimumSeverity = severity;
    invalidateFilter();
}

void LogFilterModel::setCategory(const QString &category)
{
    if (category == m_category)
        return;
    m_category = category;
    invalidateFilter();
}

void LogFilterModel::setSearchText(const QString &text)
{
    if (text == m_search)
        return;
    m_search = text;
    invalidateFilter();
}

bool LogFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const LogEntry &entry = static_cast<const LogModel *>(sourceModel())->entry(sourceRow);
    if (entry.severity >= 0 && entry.severity < m_minimumSeverity)
        return false;
    if (!m_category.isEmpty() && entry.category != m_category)
        return false;
    if (m_search.isEmpty())
        return true;
    return entry.message.contains(m_search, Qt::CaseInsensitive) || entry.context.contains(m_search, Qt::CaseInsensitive)
        || entry.category.contains(m_search, Qt::CaseInsensitive);
}

// ---------------------------------------------------------------- view

LogView::LogView(QWidget *parent)
    : QWidget(parent)
    , m_dir(defaultLogDirectory())
    , m_model(new LogModel(this))
    , m_filter(new LogFilterModel(this))
    , m_watcher(new QFileSystemWatcher(this))
    , m_refreshDelay(new QTimer(this))
    , m_searchDelay(new QTimer(this))
{
    setObjectName(QStringLiteral("logView"));
    m_reader.setMaxThreadCount(1);
    m_filter->setSourceModel(m_model);

    m_levelLabel = new QLabel(this);
    m_level = new QComboBox(this);
    m_level->setObjectName(QStringLiteral("logLevel"));
    for (int severity = 0; severity <= 3; ++severity)
        m_level->addItem(QString(), severity);
    m_levelLabel->setBuddy(m_level);
    m_categoryLabel = new QLabel(this);
    m_category = new QComboBox(this);
    m_category->setObjectName(QStringLiteral("logCategory"));
    m_category->addItem(QString(), QString());
    m_category->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_categoryLabel->setBuddy(m_category);
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("logSearch"));
    m_search->setClearButtonEnabled(true);
    m_autoRefresh = new QCheckBox(this);
    m_autoRefresh->setObjectName(QStringLiteral("logAutoRefresh"));
    m_autoRefresh->setChecked(true);
    m_refresh = new QPushButton(this);
    m_refresh->setObjectName(QStringLiteral("logRefresh"));
    m_copy = new QPushButton(this);
    m_copy->setObjectName(QStringLiteral("logCopy"));
    m_openFolder = new QPushButton(this);
    m_openFolder->setObjectName(QStringLiteral("logOpenFolder"));

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("logTable"));
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(LogModel::TimeColumn, m_table->fontMetrics().horizontalAdvance(QStringLiteral("0000-00-00 00:00:00.000")) + 16);
    m_table->setColumnWidth(LogModel::LevelColumn, m_table->fontMetrics().horizontalAdvance(QStringLiteral("unreadable")) + 16);
    m_table->setColumnWidth(LogModel::CategoryColumn, m_table->fontMetrics().horizontalAdvance(QStringLiteral("smartdata.storage")) + 16);
    m_table->setColumnWidth(LogModel::MessageColumn, 460);
    // Ctrl+C in the table copies whole entries, not the current cell.
    auto *copyAction = new QAction(m_table);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    m_table->addAction(copyAction);
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("logStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto *controls = new QHBoxLayout;
    controls->addWidget(m_levelLabel);
    controls->addWidget(m_level);
    controls->addWidget(m_categoryLabel);
    controls->addWidget(m_category);
    controls->addWidget(m_search, 1);
    controls->addWidget(m_autoRefresh);
    controls->addWidget(m_refresh);
    controls->addWidget(m_copy);
    controls->addWidget(m_openFolder);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);

    // The logger writes a line at a time: wait for a quiet moment, but at most this long.
    m_refreshDelay->setSingleShot(true);
    m_refreshDelay->setInterval(500);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(150);
    connect(m_level, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setMinimumSeverity(m_level->currentData().toInt());
        updateStatus();
    });
    connect(m_category, &QComboBox::currentIndexChanged, this, [this] {
        m_filter->setCategory(m_category->currentData().toString());
        updateStatus();
    });
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_searchDelay, &QTimer::timeout, this, [this] {
        m_filter->setSearchText(m_search->text());
        updateStatus();
    });
    connect(m_refresh, &QPushButton::clicked, this, [this] {
        m_fullRead = true; // also when only the current file grew
        reload();
    });
    connect(m_copy, &QPushButton::clicked, this, &LogView::copySelection);
    connect(copyAction, &QAction::triggered, this, &LogView::copySelection);
    connect(m_openFolder, &QPushButton::clicked, this, &LogView::openLogFolder);
    connect(m_autoRefresh, &QCheckBox::toggled, this, [this](bool on) {
        if (on)
            reload();
    });
    connect(m_watcher, &QFileSystemWatcher::fileChanged, this, [this] { filesChanged(false); });
    connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] { filesChanged(true); });
    connect(m_refreshDelay, &QTimer::timeout, this, &LogView::reload);
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            [this] { m_copy->setEnabled(m_table->selectionModel()->hasSelection()); });
    m_copy->setEnabled(false);
    retranslateUi();
}

LogView::~LogView()
{
    // The reader's task holds no pointer to the view; wait for it so that the pool goes quietly.
    m_reader.waitForDone();
}

QString LogView::defaultLogDirectory()
{
    // The folder the logger writes to, when it writes to a file; it follows the same AppPaths.
    const QString current = Logging::logFilePath();
    return current.isEmpty() ? Common::AppPaths::logDir() : QFileInfo(current).absolutePath();
}

void LogView::setLogDirectory(const QString &dir)
{
    if (dir == m_dir)
        return;
    m_dir = dir;
    m_fullRead = true;
    m_openFolder->setToolTip(QDir::toNativeSeparators(m_dir));
    m_model->setEntries({});
    m_last = {};
    reload();
}

void LogView::setLoadLimits(qint64 maxBytes, int maxEntries)
{
    m_maxBytes = std::max<qint64>(1, maxBytes);
    m_maxEntries = std::max(1, maxEntries);
    m_fullRead = true;
    reload();
}

void LogView::retranslateUi()
{
    m_levelLabel->setText(tr("&Level:"));
    const QStringList levels{tr("All levels"), tr("Info and above"), tr("Warnings and above"), tr("Errors only")};
    for (int i = 0; i < levels.size(); ++i)
        m_level->setItemText(i, levels[i]);
    m_level->setAccessibleName(tr("Minimum level"));
    m_level->setToolTip(tr("Shows entries of this level and above. Unreadable lines are always shown."));
    m_categoryLabel->setText(tr("C&ategory:"));
    m_category->setItemText(0, tr("All categories"));
    m_category->setAccessibleName(tr("Category"));
    m_search->setPlaceholderText(tr("Search messages and context"));
    m_search->setAccessibleName(tr("Search the log"));
    m_autoRefresh->setText(tr("A&uto-refresh"));
    m_autoRefresh->setAccessibleName(tr("Refresh automatically"));
    m_autoRefresh->setToolTip(tr("Shows new entries as they are written while this view is open."));
    m_refresh->setText(tr("R&efresh"));
    m_refresh->setAccessibleName(tr("Refresh the log"));
    m_copy->setText(tr("&Copy"));
    m_copy->setAccessibleName(tr("Copy the selected entries"));
    m_copy->setToolTip(tr("Copies the selected entries as they are in the log file (Ctrl+C)."));
    m_openFolder->setText(tr("&Open Log Folder"));
    m_openFolder->setAccessibleName(tr("Open the log folder"));
    m_openFolder->setToolTip(QDir::toNativeSeparators(m_dir));
    m_table->setAccessibleName(tr("Log entries"));
    m_status->setAccessibleName(tr("Log status"));
    m_model->retranslate();
    updateStatus();
}

void LogView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QWidget::changeEvent(event);
}

void LogView::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        reload();
}

void LogView::reload()
{
    m_refreshDelay->stop();
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    m_stale = false;
    if (m_reading) {
        m_readAgain = true;
        return;
    }
    startRead();
}

void LogView::startRead()
{
    m_reading = true;
    m_readAgain = false;
    if (!m_loaded)
        updateStatus();
    auto *watcher = new QFutureWatcher<LogSnapshot>(this);
    connect(watcher, &QFutureWatcher<LogSnapshot>::finished, this, [this, watcher] {
        watcher->deleteLater();
        m_reading = false;
        LogSnapshot snapshot = watcher->result();
        if (snapshot.needsFullRead) {
            m_fullRead = true;
            startRead();
            return;
        }
        showSnapshot(std::move(snapshot));
        if (m_readAgain && isVisible())
            startRead();
    });
    const QString dir = m_dir;
    const qint64 maxBytes = m_maxBytes;
    const int maxEntries = m_maxEntries;
    // Only the current file's new lines when that is all that changed since the last read.
    const LogPosition position = m_fullRead || !m_loaded ? LogPosition{} : m_position;
    m_fullRead = false;
    watcher->setFuture(QtConcurrent::run(&m_reader, [dir, maxBytes, maxEntries, position] {
        return position.valid ? readLogAppended(dir, position, maxBytes, maxEntries) : readLogDirectory(dir, maxBytes, maxEntries);
    }));
}

void LogView::showSnapshot(LogSnapshot snapshot)
{
    // Stay with what the reader is looking at: at the top the newest entries stay in view, further
    // down the row at the top stays there while newer entries arrive above it.
    QScrollBar *scroll = m_table->verticalScrollBar();
    const bool atTop = scroll->value() == scroll->minimum();
    const QPersistentModelIndex anchor = atTop ? QPersistentModelIndex() : QPersistentModelIndex(m_table->indexAt(QPoint(1, 1)));

    m_position = snapshot.position;
    if (snapshot.appended) {
        for (const QString &category : std::as_const(snapshot.categories)) {
            if (!m_last.categories.contains(category))
                m_last.categories.append(category);
        }
        std::sort(m_last.categories.begin(), m_last.categories.end());
        m_last.totalBytes += snapshot.totalBytes;
        m_last.truncated = m_last.truncated || snapshot.truncated || m_model->rowCount() + snapshot.entries.size() > m_maxEntries;
        m_model->prependEntries(std::move(snapshot.entries), m_maxEntries);
    } else {
        m_model->setEntries(std::move(snapshot.entries));
        snapshot.entries = {};
        m_last = std::move(snapshot);
    }
    m_loaded = true;

    if (atTop)
        scroll->setValue(scroll->minimum());
    else if (anchor.isValid())
        m_table->scrollTo(anchor, QAbstractItemView::PositionAtTop);
    updateCategories();
    watchFiles();
    updateStatus();
    Q_EMIT reloaded();
}

void LogView::updateCategories()
{
    const QString current = m_category->currentData().toString();
    QStringList categories = m_last.categories;
    // A chosen category stays even when the entries that had it are gone, so the filter does not
    // change under the reader's hands.
    if (!current.isEmpty() && !categories.contains(current)) {
        categories.append(current);
        std::sort(categories.begin(), categories.end());
    }
    QStringList shown;
    for (int i = 1; i < m_category->count(); ++i)
        shown.append(m_category->itemData(i).toString());
    if (shown == categories)
        return;
    const QSignalBlocker blocker(m_category);
    while (m_category->count() > 1)
        m_category->removeItem(1);
    for (const QString &category : std::as_const(categories))
        m_category->addItem(category, category);
    m_category->setCurrentIndex(std::max(0, m_category->findData(current)));
}

void LogView::watchFiles()
{
    if (!m_watcher->files().isEmpty())
        m_watcher->removePaths(m_watcher->files());
    if (!m_watcher->directories().isEmpty())
        m_watcher->removePaths(m_watcher->directories());
    if (!QFileInfo::exists(m_dir))
        return;
    m_watcher->addPath(m_dir); // rotation and new files
    const QString current = QDir(m_dir).filePath(CurrentFileName);
    if (QFileInfo::exists(current))
        m_watcher->addPath(current); // new lines
}

void LogView::filesChanged(bool directory)
{
    if (directory)
        m_fullRead = true; // files were rotated, added or removed: read them all again
    if (!m_autoRefresh->isChecked())
        return;
    if (!isVisible()) {
        m_stale = true;
        return;
    }
    if (!m_refreshDelay->isActive())
        m_refreshDelay->start();
}

void LogView::updateStatus()
{
    if (!m_loaded) {
        m_status->setText(m_reading ? tr("Reading the log files…") : QString());
        return;
    }
    const QLocale locale;
    QStringList parts;
    if (!m_last.error.isEmpty())
        parts.append(m_last.error);
    if (m_last.files.isEmpty() && m_last.error.isEmpty())
        parts.append(tr("No log files in %1 yet.").arg(QDir::toNativeSeparators(m_dir)));
    if (m_model->rowCount() > 0 || !m_last.files.isEmpty()) {
        parts.append(tr("Showing %1 of %2 entries (newest first) from %3 in %4.")
                         .arg(locale.toString(m_filter->rowCount()), locale.toString(m_model->rowCount()),
                              m_last.files.join(QStringLiteral(", ")), QDir::toNativeSeparators(m_dir)));
    }
    if (m_last.truncated) {
        parts.append(tr("Only the newest %1 entries or %2 MB are loaded; older entries are in the files in the log folder.")
                         .arg(locale.toString(m_maxEntries), locale.toString(double(m_maxBytes) / (1024 * 1024), 'f', 0)));
    }
    if (m_model->malformedCount() > 0)
        parts.append(tr("Lines that are not log entries, shown as raw text: %1.").arg(locale.toString(m_model->malformedCount())));
    m_status->setText(parts.join(QLatin1Char(' ')));
}

int LogView::visibleEntryCount() const
{
    return m_filter->rowCount();
}

QString LogView::statusText() const
{
    return m_status->text();
}

void LogView::copySelection() const
{
    QModelIndexList rows = m_table->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return;
    std::sort(rows.begin(), rows.end(), [](const QModelIndex &a, const QModelIndex &b) { return a.row() < b.row(); });
    QStringList lines;
    lines.reserve(rows.size());
    for (const QModelIndex &index : std::as_const(rows))
        lines.append(index.data(LogModel::RawRole).toString());
    QApplication::clipboard()->setText(lines.join(QLatin1Char('\n')) + QLatin1Char('\n'));
}

void LogView::openLogFolder()
{
    if (!QFileInfo(m_dir).isDir()) {
        m_status->setText(tr("The log folder %1 does not exist yet.").arg(QDir::toNativeSeparators(m_dir)));
        return;
    }
    if (!QDesktopServices::openUrl(QUrl::fromLocalFile(m_dir)))
        m_status->setText(tr("Could not open %1.").arg(QDir::toNativeSeparators(m_dir)));
}

} // namespace Ui
