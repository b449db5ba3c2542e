// Smoke test of the main window, offscreen: every action of its menus and every push/tool button a
// person can reach in it is pressed once, on an empty database and on the sample data, so that a
// crash in a rarely used entry (File → Export Data as CSV used to crash every time) cannot land again.
// Modal dialogs are closed by a timer, file dialogs are answered through Ui::setFileChooser, and
// "open folder" links are caught by a URL handler instead of starting a file manager.

#include "jobs/jobmanager.h"
#include "storage/database.h"
#include "ui/filechooser.h"
#include "ui/logview.h"
#include "ui/mainwindow.h"

#include <QAbstractButton>
#include <QApplication>
#include <QDesktopServices>
#include <QDialog>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QUrl>

#include <functional>

namespace {

constexpr int JobTimeoutMs = 180000;

// Closes whatever modal window is up (QDialog::exec, QMessageBox::question, ...): a person pressing Esc.
class ModalCloser final : public QObject
{
    Q_OBJECT

public:
    ModalCloser()
    {
        connect(&m_timer, &QTimer::timeout, this, [this] {
            if (QWidget *modal = QApplication::activeModalWidget()) {
                m_closed.append(QString::fromLatin1(modal->metaObject()->className()));
                modal->close();
            } else if (QWidget *popup = QApplication::activePopupWidget()) {
                // A tool button's menu (the chart's Compare) runs its own loop, as a dialog does.
                m_closed.append(QString::fromLatin1(popup->metaObject()->className()));
                popup->close();
            }
        });
        m_timer.start(20);
    }
    QStringList closed() const { return m_closed; }

private:
    QTimer m_timer;
    QStringList m_closed;
};

class UrlRecorder final : public QObject
{
    Q_OBJECT

public:
    UrlRecorder() { QDesktopServices::setUrlHandler(QStringLiteral("file"), this, "open"); }
    ~UrlRecorder() override { QDesktopServices::unsetUrlHandler(QStringLiteral("file")); }
    QList<QUrl> urls;

public Q_SLOTS:
    void open(const QUrl &url) { urls.append(url); }
};

QList<QAction *> menuActions(const QList<QAction *> &actions)
{
    QList<QAction *> all;
    for (QAction *action : actions) {
        if (action->isSeparator())
            continue;
        if (QMenu *menu = action->menu())
            all += menuActions(menu->actions());
        else
            all.append(action);
    }
    return all;
}

} // namespace

class TestMainWindowSmoke final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void everyActionAndButton_data();
    void everyActionAndButton();

private:
    // Waits until no job runs and the reads they cause are shown, then closes dialogs left open
    // with QDialog::open() (the import and settings dialogs).
    void settle(Ui::MainWindow &window);
    // Presses every visible, enabled push and tool button inside root once; show() brings root back
    // before each search (a finished job may switch the window to its empty page).
    void pressReachableButtons(Ui::MainWindow &window, QWidget *root, const std::function<void()> &show, QStringList &pressed);

    std::unique_ptr<QTemporaryDir> m_dir;
    QList<Ui::FileRequest> m_requests;
    QString m_openAnswer;
};

void TestMainWindowSmoke::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_requests.clear();
    m_openAnswer = m_dir->filePath(QStringLiteral("events.csv"));
    QFile file(m_openAnswer);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("timestamp,metric,value\n2026-01-01T10:00:00Z,visits,3\n2026-01-02T10:00:00Z,visits,4\n");
    file.close();
    Ui::setFileChooser([this](QWidget *, const Ui::FileRequest &request) {
        m_requests.append(request);
        if (request.kind == Ui::FileRequest::Kind::Open)
            return m_openAnswer;
        return m_dir->filePath(QFileInfo(request.path).fileName());
    });
}

void TestMainWindowSmoke::cleanup()
{
    Ui::setFileChooser({});
}

void TestMainWindowSmoke::settle(Ui::MainWindow &window)
{
    QTRY_VERIFY_WITH_TIMEOUT(window.jobManager().runningJobs().isEmpty(), JobTimeoutMs);
    QTest::qWait(30);
    const auto topLevels = QApplication::topLevelWidgets();
    for (QWidget *widget : topLevels) {
        if (auto *dialog = qobject_cast<QDialog *>(widget); dialog && dialog->isVisible())
            dialog->close();
    }
    QTRY_VERIFY_WITH_TIMEOUT(window.jobManager().runningJobs().isEmpty(), JobTimeoutMs);
    QTest::qWait(30);
}

void TestMainWindowSmoke::pressReachableButtons(Ui::MainWindow &window, QWidget *root, const std::function<void()> &show,
                                                QStringList &pressed)
{
    // Views rebuild some buttons when they reload (the jobs' "Run now"): a button is known by its name.
    const auto key = [](QAbstractButton *button) {
        return button->objectName().isEmpty() ? button->text() : button->objectName();
    };
    QList<QPointer<QAbstractButton>> done;
    for (;;) {
        show();
        QAbstractButton *next = nullptr;
        const auto buttons = root->findChildren<QAbstractButton *>();
        for (QAbstractButton *button : buttons) {
            if (!qobject_cast<QPushButton *>(button) && !qobject_cast<QToolButton *>(button))
                continue;
            if (button->window() != &window || !button->isVisible() || !button->isEnabled() || done.contains(button)
                || pressed.contains(key(button)))
                continue;
            next = button;
            break;
        }
        if (!next)
            return;
        done.append(next);
        pressed.append(key(next));
        qInfo("button %s", qPrintable(pressed.last()));
        next->click();
        settle(window);
        if (QTest::currentTestFailed())
            return;
    }
}

void TestMainWindowSmoke::everyActionAndButton_data()
{
    QTest::addColumn<bool>("sample");
    QTest::newRow("empty database") << false;
    QTest::newRow("sample data") << true;
}

void TestMainWindowSmoke::everyActionAndButton()
{
    QFETCH(bool, sample);
    auto db = Storage::Database::open(m_dir->filePath(QStringLiteral("smoke.db")));
    QVERIFY(db.ok());
    UrlRecorder urls;

    Ui::MainWindow window(*db);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // The API server's button starts a server: on any free port, not on the default 8000.
    auto *port = window.findChild<QSpinBox *>(QStringLiteral("apiPort"));
    QVERIFY(port);
    port->setValue(0);
    // The log view opens its folder only when it exists.
    const QString logs = m_dir->filePath(QStringLiteral("logs"));
    QVERIFY(QDir().mkpath(logs));
    window.logView()->setLogDirectory(logs);
    if (sample) {
        QVERIFY(window.loadSampleData());
        settle(window);
        QTRY_VERIFY_WITH_TIMEOUT(window.isSelectionLoaded(), JobTimeoutMs);
        QCOMPARE(window.selection().metric, QStringLiteral("orders"));
        // The Delete button of the import history needs a selected import (it asks first; the
        // closer answers No).
        auto *batches = window.findChild<QTableWidget *>(QStringLiteral("batchesTable"));
        QTRY_VERIFY(batches->rowCount() > 0);
        batches->selectRow(0);
    } else {
        QTRY_COMPARE(window.findChild<QStackedWidget *>(QStringLiteral("pages"))->currentIndex(), 0);
    }

    ModalCloser closer;
    QAction *quit = window.findChild<QAction *>(QStringLiteral("actionQuit"));
    QAction *loadSample = window.findChild<QAction *>(QStringLiteral("actionLoadSample"));
    QVERIFY(quit && loadSample);
    // Nothing to export without a metric.
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("actionExportCsv"))->isEnabled(), sample);
    QCOMPARE(window.findChild<QAction *>(QStringLiteral("actionExportPng"))->isEnabled(), sample);
    // Menus are read again after every action: opening a file rebuilds File → Import Recent.
    QVERIFY(menuActions(window.menuBar()->actions()).size() >= 15);
    QStringList triggered;
    for (;;) {
        QAction *next = nullptr;
        const QList<QAction *> actions = menuActions(window.menuBar()->actions());
        for (QAction *action : actions) {
            const QString key = action->objectName().isEmpty() ? action->text() : action->objectName();
            // On the empty database the sample data comes last, through the empty page's button.
            const bool later = action == quit || (!sample && action == loadSample);
            if (!later && action->isEnabled() && !triggered.contains(key)) {
                next = action;
                triggered.append(key);
                break;
            }
        }
        if (!next)
            break;
        qInfo("action %s", qPrintable(triggered.last()));
        next->trigger();
        settle(window);
        if (QTest::currentTestFailed())
            return;
    }
    QCOMPARE(triggered.contains(QStringLiteral("actionExportCsv")), sample);
    QVERIFY(triggered.contains(QStringLiteral("actionAbout")));
    QVERIFY(closer.closed().contains(QStringLiteral("Ui::AboutDialog")));

    if (sample) {
        // The export that used to crash wrote the orders' days, one line each.
        QFile csv(m_dir->filePath(QStringLiteral("sample-shop-orders.csv")));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QVERIFY(lines.size() > 300);
        QCOMPARE(lines.first(), QByteArray("source,metric,day,value_sum,value_count,value_avg,value_distinct,value_min,value_max"));
        QVERIFY(lines.at(1).startsWith("\"sample-shop\",\"orders\",20"));
        // File > Export Chart opens the chart's export dialog (format, size, title; the closer
        // cancels it; tst_chartexport writes the files).
        QVERIFY(closer.closed().contains(QStringLiteral("Ui::ChartExportDialog")));
    }

    // Buttons: every tab of the dashboard, then (empty database) the empty page's own buttons.
    QStringList pressed;
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("dashboardTabs"));
    auto *pages = window.findChild<QStackedWidget *>(QStringLiteral("pages"));
    QVERIFY(tabs && pages);
    for (int i = 0; i < tabs->count(); ++i) {
        QAction *tab = window.findChild<QAction *>(QStringLiteral("actionTab%1").arg(i + 1));
        const auto show = [&] {
            tab->trigger();
            QCOMPARE(pages->currentIndex(), 1);
            QCOMPARE(tabs->currentIndex(), i);
        };
        pressReachableButtons(window, tabs->widget(i), show, pressed);
        if (QTest::currentTestFailed())
            return;
    }
    for (const char *name : {"deleteBatch", "apiToggle", "addUser", "runAnomalies", "runForecast"}) {
        if (sample || (qstrcmp(name, "deleteBatch") != 0 && qstrcmp(name, "runAnomalies") != 0 && qstrcmp(name, "runForecast") != 0))
            QVERIFY2(pressed.contains(QLatin1String(name)), qPrintable(pressed.join(QStringLiteral(", "))));
    }
    QCOMPARE(urls.urls, QList<QUrl>{QUrl::fromLocalFile(logs)}); // the log view's "Open folder"
    if (!sample) {
        window.refresh();
        QTRY_COMPARE(pages->currentIndex(), 0);
        // Import first: the sample button fills the database and the empty page goes away.
        auto *import = window.findChild<QPushButton *>(QStringLiteral("emptyImportButton"));
        QVERIFY(import->isVisible());
        import->click();
        pressed.append(import->objectName());
        settle(window);
        QVERIFY(m_requests.last().kind == Ui::FileRequest::Kind::Open);
        pressReachableButtons(window, pages->widget(0), [] {}, pressed);
        QVERIFY(pressed.contains(QStringLiteral("loadSampleButton")));
        QVERIFY(pressed.contains(QStringLiteral("emptyImportButton")));
        // The sample button filled the database: the window now shows it, and can export it.
        QTRY_VERIFY_WITH_TIMEOUT(window.isSelectionLoaded(), JobTimeoutMs);
        QVERIFY(window.findChild<QAction *>(QStringLiteral("actionExportCsv"))->isEnabled());
        loadSample->trigger();
        settle(window);
    }

    quit->trigger();
    QVERIFY(!window.isVisible());
}

QTEST_MAIN(TestMainWindowSmoke)
#include "tst_mainwindowsmoke.moc"
