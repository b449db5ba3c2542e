#pragma once
// The log viewer: the structured log the app writes (Logging, one JSON object per line in
// smartdata.jsonl and its rotated predecessors smartdata.1.jsonl, smartdata.2.jsonl, ...) as a table
// of time, level, category, message and context, newest first. Filters by minimum level, category
// and text; copies the selected entries as they are in the file; opens the log folder. The files are
// read on a thread of the view's own, capped to the newest DefaultMaxBytes / DefaultMaxEntries (the
// view says when older entries were left out); while the view is visible, new lines are read as they
// are written. A line that is not a log entry is shown as raw text, never dropped.

#include <QAbstractTableModel>
#include <QDateTime>
#include <QSortFilterProxyModel>
#include <QThreadPool>
#include <QTimeZone>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QFileSystemWatcher;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace Ui {

struct LogEntry final
{
    QDateTime time;    // UTC; invalid when the line has none
    int severity = -1; // 0 debug, 1 info, 2 warning, 3 critical, 4 fatal; -1 unknown
    QString level;     // as written
    QString category;
    QString message;   // for a malformed line: the line itself
    QString context;   // the other fields, "key=value key=value"
    QString raw;       // the line as in the file
    bool malformed = false;
};

// Where the last read of the current file ended: after its last complete line, which is kept to
// tell the same file grown from a rotated or replaced one.
struct LogPosition final
{
    bool valid = false;
    qint64 offset = 0;
    QByteArray lastLine; // with its newline
};

// What one read of the log folder found.
struct LogSnapshot final
{
    QList<LogEntry> entries; // newest first
    QStringList categories;  // sorted
    QStringList files;       // the files read, newest first
    qint64 totalBytes = 0;   // of all the log files (of the new lines for an appended read)
    bool truncated = false;  // older entries were left out by the caps
    int malformed = 0;
    QString error;
    LogPosition position;        // the end of the current file's complete lines
    bool appended = false;       // only the current file's new lines (readLogAppended)
    bool needsFullRead = false;  // readLogAppended found the files rotated or replaced
};

// Reads the newest entries of the log files in `dir`, at most `maxBytes` of them and `maxEntries`
// entries. Thread-safe (touches nothing but the files).
LogSnapshot readLogDirectory(const QString &dir, qint64 maxBytes, int maxEntries);
// Reads the lines written to the current file since `from` (newest first, at most `maxEntries`);
// needsFullRead when the file is no longer the one read before or more than `maxBytes` were added.
LogSnapshot readLogAppended(const QString &dir, const LogPosition &from, qint64 maxBytes, int maxEntries);
// The severity of a level name ("warning" -> 2); -1 for an unknown name.
int logSeverity(const QString &level);
// One line of the log file as an entry (malformed when it is not a JSON object).
LogEntry parseLogLine(const QString &line);

class LogModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogModel)

public:
    enum Column { TimeColumn, LevelColumn, CategoryColumn, MessageColumn, ContextColumn, ColumnCount };
    enum Role { SeverityRole = Qt::UserRole + 1, CategoryRole, RawRole, MalformedRole };

    explicit LogModel(QObject *parent = nullptr);

    // Replaces the entries (newest first). When the new list is the old one with newer entries in
    // front (and perhaps the oldest gone), rows are inserted and removed instead of a reset, so the
    // selection and the scroll position survive a refresh.
    void setEntries(QList<LogEntry> entries);
    // Adds newer entries in front and drops the oldest beyond maxEntries.
    void prependEntries(QList<LogEntry> entries, int maxEntries);
    const LogEntry &entry(int row) const { return m_entries.at(row); }
    int malformedCount() const { return m_malformed; }
    void retranslate();

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<LogEntry> m_entries;
    int m_malformed = 0;
    QTimeZone m_zone; // the times are shown in local time
};

// Minimum level, category and case-insensitive text. Entries without a known level (malformed
// lines) pass the level filter: there is nothing to judge them by, and hiding them could hide the
// trace of a crash.
class LogFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogFilterModel)

public:
    explicit LogFilterModel(QObject *parent = nullptr);

    void setMinimumSeverity(int severity);
    void setCategory(const QString &category); // empty = all
    void setSearchText(const QString &text);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_minimumSeverity = 0;
    QString m_category;
    QString m_search;
};

class LogView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LogView)

public:
    static constexpr qint64 DefaultMaxBytes = 8 * 1024 * 1024;
    static constexpr int DefaultMaxEntries = 50'000;

    // Shows the app's log folder: the one the logger writes to, else Common::AppPaths::logDir().
    explicit LogView(QWidget *parent = nullptr);
    ~LogView() override;

    static QString defaultLogDirectory();
    void setLogDirectory(const QString &dir);
    QString logDirectory() const { return m_dir; }
    void setLoadLimits(qint64 maxBytes, int maxEntries);

    // Re-reads the files now when the view is visible, else when it is next shown.
    void reload();
    void copySelection() const;
    void openLogFolder();

    LogModel *model() const { return m_model; }
    LogFilterModel *filterModel() const { return m_filter; }
    QTableView *table() const { return m_table; }
    int visibleEntryCount() const;
    QString statusText() const;

Q_SIGNALS:
    void reloaded();

protected:
    void changeEvent(QEvent *event) override;
    void showEvent(QShowEvent *event) override;

private:
    void retranslateUi();
    void startRead();
    void showSnapshot(LogSnapshot snapshot);
    void updateCategories();
    void updateStatus();
    void watchFiles();
    void filesChanged(bool directory);

    QString m_dir;
    qint64 m_maxBytes = DefaultMaxBytes;
    int m_maxEntries = DefaultMaxEntries;
    QThreadPool m_reader; // one thread: reading never holds up the dashboard's queries
    bool m_reading = false;
    bool m_readAgain = false;
    bool m_stale = true;
    bool m_loaded = false;
    LogSnapshot m_last; // without its entries (they are in the model)
    LogPosition m_position;
    bool m_fullRead = true;

    LogModel *m_model = nullptr;
    LogFilterModel *m_filter = nullptr;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer *m_refreshDelay = nullptr;
    QTimer *m_searchDelay = nullptr;
    QLabel *m_levelLabel = nullptr;
    QComboBox *m_level = nullptr;
    QLabel *m_categoryLabel = nullptr;
    QComboBox *m_category = nullptr;
    QLineEdit *m_search = nullptr;
    QCheckBox *m_autoRefresh = nullptr;
    QPushButton *m_refresh = nullptr;
    QPushButton *m_copy = nullptr;
    QPushButton *m_openFolder = nullptr;
    QTableView *m_table = nullptr;
    QLabel *m_status = nullptr;
};

} // namespace Ui
