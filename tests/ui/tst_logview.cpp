// The log viewer reads the app's log folder (the current and rotated JSON-lines files, a malformed
// line shown as raw text), filters by level, category and text, follows new lines, honours its load
// caps, copies entries, and is a tab of the main window.

#include "common/paths.h"
#include "storage/database.h"
#include "ui/logview.h"
#include "ui/mainwindow.h"

#include <QAction>
#include <QClipboard>
#include <QComboBox>
#include <QGuiApplication>
#include <QItemSelectionModel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

namespace {

QByteArray line(const char *ts, const char *level, const char *category, const char *message, const char *extra = "")
{
    return QByteArray("{\"ts\":\"") + ts + "\",\"level\":\"" + level + "\",\"category\":\"" + category + "\",\"message\":\""
         + message + '"' + extra + "}\n";
}

void writeFile(const QString &path, const QByteArray &bytes, QIODevice::OpenMode mode = QIODevice::WriteOnly)
{
    QFile file(path);
    QVERIFY(file.open(mode));
    QCOMPARE(file.write(bytes), bytes.size());
}

const QByteArray Malformed = "this is {not json\n";

} // namespace

class TestLogView final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void parsesFieldsAndContext();
    void readsCurrentAndRotatedFilesNewestFirst();
    void readsOnlyAppendedLines();
    void filtersByLevel();
    void filtersByCategory();
    void searchesMessagesAndContext();
    void followsNewLinesAndRotation();
    void capsWhatIsLoaded();
    void copiesSelectedEntriesAsWritten();
    void isATabOfTheMainWindow();

private:
    bool showAndLoad(Ui::LogView &view);

    QTemporaryDir m_home;
    QString m_logDir;
};

void TestLogView::initTestCase()
{
    QVERIFY(m_home.isValid());
    // The view finds its folder the way the logger does: <data dir>/logs, the data dir from here.
    qputenv("SMARTDATA_DATA_DIR", m_home.path().toLocal8Bit());
    m_logDir = m_home.filePath(QStringLiteral("logs"));
    QCOMPARE(Common::AppPaths::logDir(), m_logDir);
}

void TestLogView::init()
{
    QDir(m_logDir).removeRecursively();
    QVERIFY(QDir().mkpath(m_logDir));
    // Rotated (older) file first, then the current one with a malformed and a blank line.
    writeFile(m_logDir + QStringLiteral("/smartdata.1.jsonl"),
              line("2025-03-01T08:00:00.000Z", "debug", "smartdata.storage", "opened the database")
                  + line("2025-03-01T08:00:01.000Z", "info", "smartdata.ingest", "import started", ",\"file\":\"a.csv\"")
                  + line("2025-03-01T08:00:02.000Z", "warning", "smartdata.ingest", "rows rejected", ",\"rejected\":3"));
    writeFile(m_logDir + QStringLiteral("/smartdata.jsonl"),
              line("2025-03-01T09:00:00.000Z", "info", "smartdata.api", "request served", ",\"request_id\":\"r-17\",\"status\":200")
                  + Malformed + "\n"
                  + line("2025-03-01T09:00:02.000Z", "critical", "smartdata.storage", "disk full")
                  + line("2025-03-01T09:00:03.000Z", "info", "smartdata.jobs", "job finished", ",\"job\":\"kpi nightly\""));
}

bool TestLogView::showAndLoad(Ui::LogView &view)
{
    QSignalSpy loaded(&view, &Ui::LogView::reloaded);
    view.resize(1000, 500);
    view.show();
    return QTest::qWaitFor([&loaded] { return !loaded.isEmpty(); }, 10000);
}

void TestLogView::parsesFieldsAndContext()
{
    const Ui::LogEntry entry = Ui::parseLogLine(QString::fromUtf8(
        line("2025-03-01T09:00:00.250Z", "warning", "smartdata.api", "slow request", ",\"request_id\":\"r 1\",\"ms\":812").trimmed()));
    QVERIFY(!entry.malformed);
    QCOMPARE(entry.severity, 2);
    QCOMPARE(entry.category, QStringLiteral("smartdata.api"));
    QCOMPARE(entry.message, QStringLiteral("slow request"));
    QCOMPARE(entry.context, QStringLiteral("ms=812 request_id=\"r 1\""));
    QCOMPARE(entry.time, QDateTime(QDate(2025, 3, 1), QTime(9, 0, 0, 250), QTimeZone::utc()));

    const Ui::LogEntry broken = Ui::parseLogLine(QStringLiteral("{\"ts\": truncated"));
    QVERIFY(broken.malformed);
    QCOMPARE(broken.message, QStringLiteral("{\"ts\": truncated"));
    QCOMPARE(broken.severity, -1);
}

void TestLogView::readsCurrentAndRotatedFilesNewestFirst()
{
    Ui::LogView view;
    QCOMPARE(view.logDirectory(), m_logDir);
    QVERIFY(showAndLoad(view));
    Ui::LogModel *model = view.model();
    QCOMPARE(model->rowCount(), 7); // 6 entries and the malformed line; the blank line is no entry
    QCOMPARE(model->malformedCount(), 1);
    QCOMPARE(model->entry(0).message, QStringLiteral("job finished"));
    QCOMPARE(model->entry(1).message, QStringLiteral("disk full"));
    QVERIFY(model->entry(2).malformed);
    QCOMPARE(model->index(2, Ui::LogModel::MessageColumn).data().toString(), QStringLiteral("this is {not json"));
    QCOMPARE(model->entry(6).message, QStringLiteral("opened the database"));
    QCOMPARE(model->index(0, Ui::LogModel::LevelColumn).data().toString(), QStringLiteral("info"));
    QCOMPARE(model->index(0, Ui::LogModel::CategoryColumn).data().toString(), QStringLiteral("smartdata.jobs"));
    QCOMPARE(model->index(0, Ui::LogModel::ContextColumn).data().toString(), QStringLiteral("job=\"kpi nightly\""));
    QCOMPARE(model->index(3, Ui::LogModel::ContextColumn).data().toString(), QStringLiteral("request_id=r-17 status=200"));
    QVERIFY(!model->index(0, Ui::LogModel::TimeColumn).data().toString().isEmpty());
    QCOMPARE(model->headerData(Ui::LogModel::MessageColumn, Qt::Horizontal).toString(), QStringLiteral("Message"));
    QVERIFY(view.statusText().contains(QLatin1String("smartdata.jsonl, smartdata.1.jsonl")));
    QVERIFY(view.statusText().contains(QLatin1String("raw text: 1")));
}

void TestLogView::readsOnlyAppendedLines()
{
    const Ui::LogSnapshot first = Ui::readLogDirectory(m_logDir, Ui::LogView::DefaultMaxBytes, Ui::LogView::DefaultMaxEntries);
    QCOMPARE(first.entries.size(), 7);
    QVERIFY(first.position.valid);
    const QString current = m_logDir + QStringLiteral("/smartdata.jsonl");
    QCOMPARE(first.position.offset, QFileInfo(current).size());

    // Two whole lines and one still being written: only the whole ones come, newest first.
    writeFile(current, line("2025-03-01T09:00:05.000Z", "info", "smartdata.api", "one")
                           + line("2025-03-01T09:00:06.000Z", "info", "smartdata.api", "two") + "{\"ts\":\"2025-03",
              QIODevice::Append);
    const Ui::LogSnapshot appended = Ui::readLogAppended(m_logDir, first.position, Ui::LogView::DefaultMaxBytes, 100);
    QVERIFY(!appended.needsFullRead);
    QCOMPARE(appended.entries.size(), 2);
    QCOMPARE(appended.entries.at(0).message, QStringLiteral("two"));
    QCOMPARE(appended.entries.at(1).message, QStringLiteral("one"));
    QCOMPARE(appended.malformed, 0);
    QVERIFY(appended.position.offset < QFileInfo(current).size());

    // Replaced by rotation: the position no longer fits the file.
    QVERIFY(QFile::remove(current));
    QByteArray fresh;
    for (int i = 0; i < 20; ++i)
        fresh += line("2025-03-01T10:00:00.000Z", "info", "smartdata.api", "a new file, longer than the old offset");
    writeFile(current, fresh);
    QVERIFY(QFileInfo(current).size() > appended.position.offset);
    QVERIFY(Ui::readLogAppended(m_logDir, appended.position, Ui::LogView::DefaultMaxBytes, 100).needsFullRead);
}

void TestLogView::filtersByLevel()
{
    Ui::LogView view;
    QVERIFY(showAndLoad(view));
    auto *level = view.findChild<QComboBox *>(QStringLiteral("logLevel"));
    QVERIFY(level);
    QVERIFY(!level->accessibleName().isEmpty());
    QCOMPARE(view.visibleEntryCount(), 7);
    level->setCurrentIndex(level->findData(1)); // info and above: the debug line goes
    QCOMPARE(view.visibleEntryCount(), 6);
    level->setCurrentIndex(level->findData(2)); // warnings and above, and the unreadable line
    QCOMPARE(view.visibleEntryCount(), 3);
    level->setCurrentIndex(level->findData(3));
    QCOMPARE(view.visibleEntryCount(), 2);
    const QModelIndex first = view.filterModel()->index(0, Ui::LogModel::MessageColumn);
    QCOMPARE(first.data().toString(), QStringLiteral("disk full"));
}

void TestLogView::filtersByCategory()
{
    Ui::LogView view;
    QVERIFY(showAndLoad(view));
    auto *category = view.findChild<QComboBox *>(QStringLiteral("logCategory"));
    QVERIFY(category);
    QStringList offered;
    for (int i = 1; i < category->count(); ++i)
        offered.append(category->itemText(i));
    QCOMPARE(offered, (QStringList{QStringLiteral("smartdata.api"), QStringLiteral("smartdata.ingest"),
                                   QStringLiteral("smartdata.jobs"), QStringLiteral("smartdata.storage")}));
    category->setCurrentIndex(category->findData(QStringLiteral("smartdata.ingest")));
    QCOMPARE(view.visibleEntryCount(), 2);
    category->setCurrentIndex(category->findData(QStringLiteral("smartdata.storage")));
    QCOMPARE(view.visibleEntryCount(), 2);
    auto *level = view.findChild<QComboBox *>(QStringLiteral("logLevel"));
    level->setCurrentIndex(level->findData(1)); // and together with the level: only "disk full"
    QCOMPARE(view.visibleEntryCount(), 1);
    category->setCurrentIndex(0);
    level->setCurrentIndex(0);
    QCOMPARE(view.visibleEntryCount(), 7);
}

void TestLogView::searchesMessagesAndContext()
{
    Ui::LogView view;
    QVERIFY(showAndLoad(view));
    auto *search = view.findChild<QLineEdit *>(QStringLiteral("logSearch"));
    QVERIFY(search);
    const auto firstMessage = [&view] { return view.filterModel()->index(0, Ui::LogModel::MessageColumn).data().toString(); };
    search->setText(QStringLiteral("DISK"));
    QTRY_COMPARE(view.visibleEntryCount(), 1);
    QCOMPARE(firstMessage(), QStringLiteral("disk full"));
    search->setText(QStringLiteral("r-17")); // a context field
    QTRY_COMPARE(firstMessage(), QStringLiteral("request served"));
    QCOMPARE(view.visibleEntryCount(), 1);
    search->setText(QStringLiteral("not json")); // the raw text of the malformed line
    QTRY_COMPARE(firstMessage(), QStringLiteral("this is {not json"));
    QCOMPARE(view.visibleEntryCount(), 1);
    search->setText(QStringLiteral("nothing like this"));
    QTRY_COMPARE(view.visibleEntryCount(), 0);
    search->clear();
    QTRY_COMPARE(view.visibleEntryCount(), 7);
}

void TestLogView::followsNewLinesAndRotation()
{
    Ui::LogView view;
    QVERIFY(showAndLoad(view));
    view.table()->selectRow(1); // "disk full"; stays selected as lines arrive above it
    const QString current = m_logDir + QStringLiteral("/smartdata.jsonl");
    writeFile(current, line("2025-03-01T09:00:04.000Z", "warning", "smartdata.kpi", "recomputed late"), QIODevice::Append);
    QTRY_COMPARE_WITH_TIMEOUT(view.model()->rowCount(), 8, 10000);
    QCOMPARE(view.model()->entry(0).message, QStringLiteral("recomputed late"));
    const QModelIndexList selected = view.table()->selectionModel()->selectedRows(Ui::LogModel::MessageColumn);
    QCOMPARE(selected.size(), 1);
    QCOMPARE(selected.first().data().toString(), QStringLiteral("disk full"));
    QTRY_VERIFY(view.findChild<QComboBox *>(QStringLiteral("logCategory"))->findData(QStringLiteral("smartdata.kpi")) > 0);

    // Rotation as the logger does it: the current file becomes .1, .1 becomes .2, a new file starts.
    QVERIFY(QFile::rename(m_logDir + QStringLiteral("/smartdata.1.jsonl"), m_logDir + QStringLiteral("/smartdata.2.jsonl")));
    QVERIFY(QFile::rename(current, m_logDir + QStringLiteral("/smartdata.1.jsonl")));
    writeFile(current, line("2025-03-01T10:00:00.000Z", "info", "smartdata.api", "after rotation"));
    QTRY_COMPARE_WITH_TIMEOUT(view.model()->rowCount(), 9, 10000);
    QCOMPARE(view.model()->entry(0).message, QStringLiteral("after rotation"));
    QCOMPARE(view.model()->entry(1).message, QStringLiteral("recomputed late"));
    QCOMPARE(view.model()->entry(8).message, QStringLiteral("opened the database"));
}

void TestLogView::capsWhatIsLoaded()
{
    Ui::LogView view;
    QVERIFY(showAndLoad(view));
    QSignalSpy loaded(&view, &Ui::LogView::reloaded);
    view.setLoadLimits(Ui::LogView::DefaultMaxBytes, 3);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(view.model()->rowCount(), 3);
    QCOMPARE(view.model()->entry(0).message, QStringLiteral("job finished"));
    QVERIFY(view.statusText().contains(QLatin1String("Only the newest 3 entries")));

    // A byte cap that falls inside the current file: only its last whole lines are read.
    const QByteArray last = line("2025-03-01T09:00:03.000Z", "info", "smartdata.jobs", "job finished", ",\"job\":\"kpi nightly\"");
    view.setLoadLimits(last.size() + 10, 100);
    QVERIFY(loaded.wait(10000));
    QCOMPARE(view.model()->rowCount(), 1);
    QCOMPARE(view.model()->entry(0).message, QStringLiteral("job finished"));
    QCOMPARE(view.model()->malformedCount(), 0);
}

void TestLogView::copiesSelectedEntriesAsWritten()
{
    Ui::LogView view;
    QVERIFY(showAndLoad(view));
    view.table()->selectionModel()->select(view.filterModel()->index(0, 0),
                                           QItemSelectionModel::Select | QItemSelectionModel::Rows);
    view.table()->selectionModel()->select(view.filterModel()->index(2, 0),
                                           QItemSelectionModel::Select | QItemSelectionModel::Rows);
    view.copySelection();
    const QString copied = QGuiApplication::clipboard()->text();
    QCOMPARE(copied, QString::fromUtf8(line("2025-03-01T09:00:03.000Z", "info", "smartdata.jobs", "job finished",
                                            ",\"job\":\"kpi nightly\"")
                                       + Malformed));
}

void TestLogView::isATabOfTheMainWindow()
{
    auto db = Storage::Database::open(m_home.filePath(QStringLiteral("ui.db")));
    QVERIFY(db.ok());
    Ui::MainWindow window(*db);
    QSignalSpy metricsLoaded(&window, &Ui::MainWindow::metricsLoaded);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY_WITH_TIMEOUT(!metricsLoaded.isEmpty(), 10000);
    Ui::LogView *view = window.logView();
    QVERIFY(view);
    QCOMPARE(view->logDirectory(), m_logDir);
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("dashboardTabs"));
    QVERIFY(tabs);
    const int index = tabs->indexOf(view);
    QVERIFY(index >= 0);
    QCOMPARE(tabs->tabText(index), QStringLiteral("Log"));
    auto *action = window.findChild<QAction *>(QStringLiteral("actionTab%1").arg(index + 1));
    QVERIFY(action);
    QCOMPARE(action->shortcut(), QKeySequence(QStringLiteral("Ctrl+%1").arg(index + 1)));
    QSignalSpy loaded(view, &Ui::LogView::reloaded);
    action->trigger();
    QCOMPARE(tabs->currentWidget(), view);
    QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty(), 10000);
    QCOMPARE(view->model()->rowCount(), 7);
}

QTEST_MAIN(TestLogView)
#include "tst_logview.moc"
