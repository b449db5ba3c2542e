// The main window opens offscreen with its menus, empty dashboard and About dialog.

#include "ingest/importer.h"
#include "storage/database.h"
#include "ui/aboutdialog.h"
#include "ui/mainwindow.h"

#include <QComboBox>
#include <QLabel>
#include <QSettings>
#include <QTabWidget>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>

class TestMainWindow final : public QObject
{
    Q_OBJECT

private slots:
    void opensWithMenusAndEmptyState();
    void aboutShowsVersionAndDatabase();
    void closingWaitsForBackgroundReads();
    void dashboardChoicesAreSavedWhenTheyChange();

private:
    QTemporaryDir m_dir;
};

void TestMainWindow::opensWithMenusAndEmptyState()
{
    auto db = Storage::Database::open(m_dir.filePath(QStringLiteral("ui.db")));
    QVERIFY(db.ok());
    Ui::MainWindow window(*db);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QStringList menus;
    for (QAction *action : window.menuBar()->actions())
        menus.append(action->text());
    QCOMPARE(menus, (QStringList{QStringLiteral("&File"), QStringLiteral("&View"), QStringLiteral("&Help")}));
    auto *emptyState = window.findChild<QLabel *>(QStringLiteral("emptyState"));
    QVERIFY(emptyState);
    QVERIFY(emptyState->isVisible());
    auto *status = window.findChild<QLabel *>(QStringLiteral("statusDatabase"));
    QVERIFY(status);
    QVERIFY(status->text().contains(QLatin1String("ui.db")));
}

void TestMainWindow::aboutShowsVersionAndDatabase()
{
    Ui::AboutDialog dialog(m_dir.filePath(QStringLiteral("about.db")));
    QVERIFY(dialog.text().contains(QLatin1String(SMARTDATA_VERSION)));
    QVERIFY(dialog.text().contains(QString::fromLatin1(qVersion())));
    QVERIFY(dialog.text().contains(QLatin1String("about.db")));
}

// A window closed while its first reads (metrics, status counts) are still running waits for them,
// and they let go of the database: whoever opened it holds the last reference again, so nothing
// closes connections on a pool thread later, during shutdown.
void TestMainWindow::closingWaitsForBackgroundReads()
{
    auto db = Storage::Database::open(m_dir.filePath(QStringLiteral("closing.db")));
    QVERIFY(db.ok());
    for (int round = 0; round < 20; ++round) {
        {
            Ui::MainWindow window(*db);
            QVERIFY((*db).use_count() > 1);
        }
        QCOMPARE((*db).use_count(), 1L);
    }
}

// Range, aggregate, tab and selection are stored the moment they change (a session that ends in a
// crash or a kill keeps them), and the next window opens with them.
void TestMainWindow::dashboardChoicesAreSavedWhenTheyChange()
{
    const QString path = m_dir.filePath(QStringLiteral("two-metrics.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("timestamp,metric,value\n2026-01-01T10:00:00Z,a,1\n2026-01-02T10:00:00Z,a,2\n"
               "2026-01-01T10:00:00Z,b,3\n2026-01-03T10:00:00Z,b,4\n");
    file.close();
    auto db = Storage::Database::open(m_dir.filePath(QStringLiteral("settings.db")));
    QVERIFY(db.ok());
    Ingest::ImportOptions options;
    options.source = QStringLiteral("shop");
    QVERIFY(Ingest::Importer(*db).importFile(path, options).ok());
    QSettings(QCoreApplication::applicationName()).clear();

    Ui::MainWindow window(*db);
    QTRY_VERIFY(window.isSelectionLoaded());
    QCOMPARE(window.selection().metric, QStringLiteral("a"));
    QVERIFY(window.selectMetric(QStringLiteral("shop"), QStringLiteral("b")));
    window.setRange(Ui::RangePreset::Custom, QDate(2026, 1, 2), QDate(2026, 1, 3));
    window.findChild<QComboBox *>(QStringLiteral("aggregate"))->setCurrentIndex(2);
    window.findChild<QTabWidget *>(QStringLiteral("dashboardTabs"))->setCurrentIndex(1);

    // Read while the window is still open: nothing waits for a close.
    const QSettings settings(QCoreApplication::applicationName());
    QCOMPARE(settings.value(QStringLiteral("dashboard/source")).toString(), QStringLiteral("shop"));
    QCOMPARE(settings.value(QStringLiteral("dashboard/metric")).toString(), QStringLiteral("b"));
    QCOMPARE(settings.value(QStringLiteral("dashboard/range")).toInt(), int(Ui::RangePreset::Custom));
    QCOMPARE(settings.value(QStringLiteral("dashboard/from")).toDate(), QDate(2026, 1, 2));
    QCOMPARE(settings.value(QStringLiteral("dashboard/to")).toDate(), QDate(2026, 1, 3));
    QCOMPARE(settings.value(QStringLiteral("dashboard/aggregate")).toInt(), 2);
    QCOMPARE(settings.value(QStringLiteral("dashboard/tab")).toInt(), 1);

    Ui::MainWindow again(*db);
    QTRY_VERIFY(again.isSelectionLoaded());
    QCOMPARE(again.selection().metric, QStringLiteral("b"));
    QCOMPARE(again.visibleRange(), qMakePair(QDate(2026, 1, 2), QDate(2026, 1, 3)));
    QCOMPARE(again.findChild<QComboBox *>(QStringLiteral("aggregate"))->currentIndex(), 2);
    QCOMPARE(again.findChild<QTabWidget *>(QStringLiteral("dashboardTabs"))->currentIndex(), 1);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
