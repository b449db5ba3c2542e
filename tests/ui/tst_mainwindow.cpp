// The main window opens offscreen with its menus, empty dashboard and About dialog.

#include "storage/database.h"
#include "ui/aboutdialog.h"
#include "ui/mainwindow.h"

#include <QLabel>
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

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
