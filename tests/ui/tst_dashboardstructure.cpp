// The dashboard's structure and polish (issue 16): errors through one presenter, the anomaly panel
// (days counted as days, the seasonal choice in the series' grain, a readable Why), schedules in
// words, Run now buttons and status messages that fit a 1024×700 window, the metric switch served
// from the snapshot cache, and the sample data detected with the default method.

#include "ingest/importer.h"
#include "jobs/jobmanager.h"
#include "storage/database.h"
#include "ui/anomalypanel.h"
#include "ui/dashboardcontroller.h"
#include "ui/errorpresenter.h"
#include "ui/jobsview.h"
#include "ui/kpichart.h"
#include "ui/mainwindow.h"
#include "ui/savedviews.h"
#include "ui/schedulewords.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QLocale>
#include <QTest>
#include <QThread>

#include <atomic>

namespace {

constexpr int JobTimeoutMs = 120000;

Anomaly::StoredAnomaly flaggedDay(const QDate &day, const QString &method, const QString &reason = {})
{
    Anomaly::StoredAnomaly anomaly;
    anomaly.day = day;
    anomaly.method = method;
    anomaly.field = QStringLiteral("value_sum");
    anomaly.value = 700;
    anomaly.score = 5.25;
    anomaly.isOutlier = true;
    anomaly.params = QJsonObject{{QStringLiteral("threshold"), 3.5}};
    anomaly.reason = reason;
    return anomaly;
}

} // namespace

class TestDashboardStructure final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void presenterWordsErrorsByKind();
    void presenterShowsOneDialog();
    void longStatusMessagesStopBeforeTheCounters();
    void anomalousDaysAreCountedAsDays();
    void seasonalChoiceFollowsTheGrain();
    void whyIsReadableAndNeverAZeroDayWindow();
    void schedulesReadAsWords();
    void runNowButtonsStayVisibleAt1024();
    void switchingBackIsServedFromTheCache();
    void detectButtonStartsTheSharedJob();
    void sampleDataUsesTheDefaultDetector();
    void nothingIsCutAt1024();
    void refusedRunNowIsShownByThePresenter();
    void thresholdFollowsTheLanguage();
    void savedViewsMenuOpensAndDeletes();

private:
    std::shared_ptr<Storage::Database> openWithTwoMetrics();

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestDashboardStructure::initTestCase()
{
    QCoreApplication::setApplicationName(QStringLiteral("smartdata-tst-structure"));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestDashboardStructure::init()
{
    QSettings(QCoreApplication::applicationName()).clear();
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

std::shared_ptr<Storage::Database> TestDashboardStructure::openWithTwoMetrics()
{
    auto db = Storage::Database::open(m_dir->filePath(QStringLiteral("s.db")));
    if (!db)
        qFatal("cannot open the test database: %s", qPrintable(db.error().message));
    QByteArray csv = "timestamp,metric,value\n";
    for (int i = 0; i < 120; ++i) {
        const QString day = QDate(2026, 1, 1).addDays(i).toString(Qt::ISODate);
        csv += QStringLiteral("%1T10:00:00Z,visits,%2\n").arg(day).arg(i == 80 ? 900 : 100 + i % 7).toUtf8();
        csv += QStringLiteral("%1T11:00:00Z,orders,%2\n").arg(day).arg(10 + i % 5).toUtf8();
    }
    Ingest::ImportOptions options;
    options.source = QStringLiteral("web");
    if (!Ingest::Importer(*db).importData(csv, QStringLiteral("s.csv"), options).ok())
        qFatal("cannot import the test data");
    return *db;
}

void TestDashboardStructure::presenterWordsErrorsByKind()
{
    QCOMPARE(Ui::ErrorPresenter::title(Common::ErrorKind::NotFound), QStringLiteral("Not found"));
    QCOMPARE(Ui::ErrorPresenter::title(Common::ErrorKind::Internal), QStringLiteral("Something went wrong"));
    const Common::Error error = Common::Error::notFound(QStringLiteral("NO_DATA"), QStringLiteral("Metric 'x' has no days."));
    QCOMPARE(Ui::ErrorPresenter::text(error), QStringLiteral("Metric 'x' has no days. (code NO_DATA)"));
    QCOMPARE(Ui::ErrorPresenter::text(Common::Error::cancelled()), QStringLiteral("Cancelled."));
    QCOMPARE(Ui::ErrorPresenter::text(Common::Error::badInput(QString(), QStringLiteral("Plain."))), QStringLiteral("Plain."));
}

void TestDashboardStructure::presenterShowsOneDialog()
{
    QWidget window;
    window.show();
    Ui::ErrorPresenter presenter(&window, nullptr);
    QMessageBox *box = presenter.showDialog(Common::Error::internal(QStringLiteral("DB_LOCKED"), QStringLiteral("The database is locked.")));
    QVERIFY(box);
    QCOMPARE(box->objectName(), QStringLiteral("errorMessage"));
    QCOMPARE(box->windowTitle(), QStringLiteral("Something went wrong"));
    QCOMPARE(box->text(), QStringLiteral("The database is locked. (code DB_LOCKED)"));
    QCOMPARE(box->icon(), QMessageBox::Critical);
    QVERIFY(box->isVisible()); // open(), not exec(): the window goes on
    QCOMPARE(presenter.lastDialog(), box);
    QTest::keyClick(box, Qt::Key_Return);
    QTRY_VERIFY(!presenter.lastDialog()); // deleted when closed
    QMessageBox *titled = presenter.showDialog(Common::Error::badInput(QString(), QStringLiteral("No.")), QStringLiteral("Export failed"));
    QCOMPARE(titled->windowTitle(), QStringLiteral("Export failed"));
    QCOMPARE(titled->icon(), QMessageBox::Warning);
    titled->close();
}

void TestDashboardStructure::longStatusMessagesStopBeforeTheCounters()
{
    auto db = openWithTwoMetrics();
    Ui::MainWindow window(db);
    window.resize(1024, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.isSelectionLoaded());
    auto *counts = window.findChild<QLabel *>(QStringLiteral("statusCounts"));
    QTRY_VERIFY(counts->text().contains(QLatin1String("240")));
    QCoreApplication::processEvents();
    const QString longMessage = QStringLiteral("anomaly:web/visits failed: ") + QString(300, QLatin1Char('x'));
    window.errorPresenter()->showInfo(longMessage);
    const QString shown = window.statusBar()->currentMessage();
    QVERIFY(shown.size() < longMessage.size());
    QVERIFY(shown.endsWith(QChar(0x2026)));
    QVERIFY(window.statusBar()->fontMetrics().horizontalAdvance(shown) < counts->geometry().left());
    QCOMPARE(window.statusBar()->toolTip(), longMessage); // the whole text is still there
    // Short ones are shown as they are.
    window.errorPresenter()->showInfo(QStringLiteral("Saved."));
    QCOMPARE(window.statusBar()->currentMessage(), QStringLiteral("Saved."));
}

void TestDashboardStructure::anomalousDaysAreCountedAsDays()
{
    Ui::AnomalyPanel panel;
    const QDate day(2026, 3, 1);
    // Two methods flag the same day, a third flags another: three rows, two days.
    panel.setAnomalies({flaggedDay(day, QStringLiteral("stl")), flaggedDay(day, QStringLiteral("zscore")),
                        flaggedDay(day.addDays(3), QStringLiteral("stl"))});
    QCOMPARE(panel.table()->rowCount(), 3);
    QCOMPARE(panel.stateText(), QStringLiteral("Anomalous days in this range: 2."));
    panel.setAnomalies({});
    QCOMPARE(panel.stateText(), QStringLiteral("No anomalous days stored in this range."));
}

void TestDashboardStructure::seasonalChoiceFollowsTheGrain()
{
    Ui::AnomalyPanel panel;
    panel.show();
    auto *method = panel.findChild<QComboBox *>(QStringLiteral("anomalyMethod"));
    method->setCurrentIndex(method->findData(QStringLiteral("zscore")));
    QCOMPARE(panel.seasonalBox()->text(), QStringLiteral("Same weekday"));
    QVERIFY(panel.seasonalBox()->isEnabled());
    panel.setGrain(Common::Grain::Month);
    QCOMPARE(panel.seasonalBox()->text(), QStringLiteral("Same month in earlier years"));
    QTest::mouseClick(panel.seasonalBox(), Qt::LeftButton);
    QVERIFY(panel.params().seasonal);
    panel.setGrain(Common::Grain::Quarter);
    QCOMPARE(panel.seasonalBox()->text(), QStringLiteral("Same quarter in earlier years"));
    panel.setGrain(Common::Grain::Week);
    QVERIFY(!panel.seasonalBox()->isEnabled()); // a weekly value has no weekday to compare with
    panel.setGrain(Common::Grain::Day);
    QCOMPARE(panel.seasonalBox()->text(), QStringLiteral("Same weekday"));
    QVERIFY(panel.seasonalBox()->isEnabled());
}

void TestDashboardStructure::whyIsReadableAndNeverAZeroDayWindow()
{
    // A stl day stored without a reason (before schema 8) is explained without a window it never had.
    // The table and the chart's tooltip say it with the same function.
    const QString stl = Ui::anomalyExplanation(flaggedDay(QDate(2026, 3, 1), QStringLiteral("stl")), Common::Grain::Day);
    QVERIFY2(!stl.contains(QLatin1String("0-day")), qPrintable(stl));
    QCOMPARE(stl, QStringLiteral("robust z = 5.25 against the expected season and level (|z| ≥ 3.5)"));
    // A stored reason is shown as stored.
    const QString reason = QStringLiteral("spike: 700 is 12.0 robust sd above the expected 105 (season and level; flagged from 3.5 sd)");
    QCOMPARE(Ui::anomalyExplanation(flaggedDay(QDate(2026, 3, 1), QStringLiteral("stl"), reason), Common::Grain::Day), reason);
    QCOMPARE(Ui::anomalyExplanation(flaggedDay(QDate(2026, 3, 1), QStringLiteral("zscore"), reason), Common::Grain::Day), reason);
    // A stl day with its kind and baseline is worded by the UI, in its number format, not the core's English.
    Anomaly::StoredAnomaly spike = flaggedDay(QDate(2026, 3, 1), QStringLiteral("stl"), reason);
    spike.value = 1282.69;
    spike.score = 10.0573;
    spike.baseline = 386.008;
    spike.threshold = 3.5;
    spike.kind = Anomaly::AnomalyKind::Spike;
    QCOMPARE(Ui::anomalyExplanation(spike, Common::Grain::Day),
             QStringLiteral("Spike: %1 is %2 robust sd above the expected 386 (season and level; flagged from %3 sd)")
                 .arg(QLocale().toString(1282.69, 'f', 0), QLocale().toString(10.1, 'f', 1), QLocale().toString(3.5)));
    spike.kind = Anomaly::AnomalyKind::Dip;
    spike.value = 12.5;
    spike.score = -4.0;
    QCOMPARE(Ui::anomalyExplanation(spike, Common::Grain::Day),
             QStringLiteral("Dip: %1 is %2 robust sd below the expected 386 (season and level; flagged from %3 sd)")
                 .arg(QLocale().toString(12.5, 'f', 2), QLocale().toString(4.0, 'f', 1), QLocale().toString(3.5)));
    spike.kind = Anomaly::AnomalyKind::LevelShift;
    QVERIFY(Ui::anomalyExplanation(spike, Common::Grain::Day).startsWith(QLatin1String("Level shift: the level moved away from 386")));

    Ui::AnomalyPanel panel;
    panel.resize(330, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setAnomalies({flaggedDay(QDate(2026, 3, 1), QStringLiteral("stl"), reason)});
    QTableWidget *table = panel.table();
    QVERIFY(table->wordWrap());
    QCOMPARE(table->item(0, 3)->toolTip(), reason);
    QCOMPARE(table->horizontalHeader()->sectionResizeMode(3), QHeaderView::Stretch);
    QCoreApplication::processEvents();
    // The row grew to show the wrapped text: taller than one line.
    QVERIFY(table->rowHeight(0) > table->fontMetrics().height() * 2);
}

void TestDashboardStructure::schedulesReadAsWords()
{
    const QTimeZone berlin("Europe/Berlin");
    QCOMPARE(Ui::scheduleInWords(QStringLiteral("15 2 * * *"), berlin), QStringLiteral("daily at 02:15, Europe/Berlin"));
    QCOMPARE(Ui::scheduleInWords(QStringLiteral("daily 02:15"), berlin), QStringLiteral("daily at 02:15, Europe/Berlin"));
    QCOMPARE(Ui::scheduleInWords(QStringLiteral("30 3 * * 0"), berlin), QStringLiteral("every Sunday at 03:30, Europe/Berlin"));
    QCOMPARE(Ui::scheduleInWords(QStringLiteral("weekly Mon 06:00"), berlin), QStringLiteral("every Monday at 06:00, Europe/Berlin"));
    QCOMPARE(Ui::scheduleInWords(QStringLiteral("0 4 1 * *"), berlin), QStringLiteral("monthly on day 1 at 04:00, Europe/Berlin"));
    QCOMPARE(Ui::scheduleInWords(QStringLiteral("off"), berlin), QStringLiteral("off"));
    QCOMPARE(Ui::scheduleInWords(QStringLiteral("0 8-18/2 * * 1-5"), berlin), QStringLiteral("0 8-18/2 * * 1-5 (cron), Europe/Berlin"));
}

void TestDashboardStructure::runNowButtonsStayVisibleAt1024()
{
    auto db = openWithTwoMetrics();
    Ui::MainWindow window(db);
    window.resize(1024, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.isSelectionLoaded());
    window.dashboard()->tabs()->setCurrentWidget(window.jobsView());
    QTableWidget *table = window.jobsView()->scheduledTable();
    QTRY_VERIFY(table->rowCount() == 3 && table->cellWidget(0, 5));
    QCoreApplication::processEvents();
    QVERIFY(table->item(0, 1)->text().contains(QLatin1String(" at ")));
    for (int row = 0; row < table->rowCount(); ++row) {
        auto *button = qobject_cast<QPushButton *>(table->cellWidget(row, 5));
        QVERIFY(button);
        const QRect inViewport(button->mapTo(table->viewport(), QPoint(0, 0)), button->size());
        QVERIFY2(table->viewport()->rect().contains(inViewport), qPrintable(button->objectName()));
    }
    // Pressing one starts the job.
    auto *runNow = table->findChild<QPushButton *>(QStringLiteral("runNow_daily-housekeeping"));
    QVERIFY(runNow);
    QSignalSpy finished(&window.jobManager(), &Jobs::JobManager::jobFinished);
    QTest::mouseClick(runNow, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() >= 1, JobTimeoutMs);
}

void TestDashboardStructure::switchingBackIsServedFromTheCache()
{
    auto db = openWithTwoMetrics();
    Ui::MainWindow window(db);
    window.show();
    QTRY_VERIFY(window.isSelectionLoaded());
    const Ui::SeriesKey first = window.selection();
    const Ui::SeriesKey other = first.metric == QLatin1String("orders") ? Ui::SeriesKey{QStringLiteral("web"), QStringLiteral("visits")}
                                                                       : Ui::SeriesKey{QStringLiteral("web"), QStringLiteral("orders")};
    auto *title = window.findChild<QLabel *>(QStringLiteral("dashboardTitle"));
    QVERIFY(window.selectMetric(other.source, other.metric));
    QVERIFY(title->text().contains(QLatin1String("loading"))); // not seen yet: read
    QTRY_VERIFY(window.isSelectionLoaded());
    QSignalSpy loaded(&window, &Ui::MainWindow::selectionLoaded);
    QVERIFY(window.selectMetric(first.source, first.metric));
    // Seen before: on screen at once, nothing read; "loaded" still comes from the event loop.
    QVERIFY(!title->text().contains(QLatin1String("loading")));
    QVERIFY(title->text().contains(first.metric));
    QVERIFY(loaded.wait(5000));
    QCOMPARE(window.selection(), first);
}

void TestDashboardStructure::detectButtonStartsTheSharedJob()
{
    auto db = openWithTwoMetrics();
    Ui::MainWindow window(db);
    window.show();
    QTRY_COMPARE(window.metrics().size(), qsizetype(2));
    QVERIFY(window.selectMetric(QStringLiteral("web"), QStringLiteral("visits")));
    QTRY_VERIFY(window.isSelectionLoaded() && window.selection().metric == QLatin1String("visits"));
    QSignalSpy finished(&window.jobManager(), &Jobs::JobManager::jobFinished);
    QTest::mouseClick(window.anomalyPanel()->runButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, JobTimeoutMs);
    auto *job = finished.at(0).at(0).value<Jobs::Job *>();
    QCOMPARE(job->name(), QStringLiteral("anomaly:web/visits"));
    QVERIFY(job->succeeded());
    QTRY_VERIFY(window.isSelectionLoaded());
    QTRY_VERIFY(window.anomalyPanel()->table()->rowCount() > 0);
}

void TestDashboardStructure::sampleDataUsesTheDefaultDetector()
{
    auto db = Storage::Database::open(m_dir->filePath(QStringLiteral("sample.db")));
    QVERIFY(db.ok());
    Ui::MainWindow window(*db);
    window.show();
    auto *button = window.findChild<QPushButton *>(QStringLiteral("loadSampleButton"));
    QTRY_VERIFY(button->isVisible());
    QSignalSpy finished(&window.jobManager(), &Jobs::JobManager::jobFinished);
    QTest::mouseClick(button, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(finished.count() == 1, JobTimeoutMs);
    QVERIFY(finished.at(0).at(0).value<Jobs::Job *>()->succeeded());
    QSqlQuery query((*db)->connection());
    QVERIFY(query.exec(QStringLiteral("SELECT DISTINCT method FROM anomalies")));
    QStringList methods;
    while (query.next())
        methods.append(query.value(0).toString());
    QCOMPARE(methods, QStringList{Anomaly::methodName(Anomaly::AnomalyParams::kDefaultMethod)});
}

void TestDashboardStructure::nothingIsCutAt1024()
{
    auto db = openWithTwoMetrics();
    Ui::MainWindow window(db);
    window.resize(1024, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.isSelectionLoaded());
    QCoreApplication::processEvents();
    // The title wraps rather than cutting the total: all of it fits the room it has.
    auto *title = window.findChild<QLabel *>(QStringLiteral("dashboardTitle"));
    QVERIFY(title->wordWrap());
    QVERIFY(title->height() >= title->heightForWidth(title->width()));
    // The database label is the file's name (the path is in its tooltip) and fits its room.
    auto *database = window.findChild<QLabel *>(QStringLiteral("statusDatabase"));
    QCOMPARE(database->text(), QStringLiteral("Database: s.db"));
    QCOMPARE(database->toolTip(), QDir::toNativeSeparators(db->location()));
    QVERIFY(database->width() >= database->sizeHint().width());
    QVERIFY(database->geometry().right() <= window.statusBar()->width());
}

void TestDashboardStructure::refusedRunNowIsShownByThePresenter()
{
    auto db = openWithTwoMetrics();
    std::atomic_bool release{false};
    Jobs::JobRegistry registry;
    Jobs::JobDefinition slow;
    slow.name = QStringLiteral("slow");
    slow.defaultSchedule = QStringLiteral("0 1 * * *");
    slow.run = [&release](Jobs::JobContext &) -> Common::Result<Jobs::JobOutcome> {
        while (!release.load())
            QThread::msleep(5);
        return Jobs::JobOutcome{QStringLiteral("done"), {}};
    };
    registry.add(slow);
    Jobs::JobManager manager(db, std::move(registry));
    QWidget window;
    Ui::ErrorPresenter presenter(&window, nullptr);
    auto *view = new Ui::JobsView(db, manager, &window);
    view->setErrorPresenter(&presenter);
    window.resize(900, 500);
    window.show();
    QTRY_VERIFY(view->findChild<QPushButton *>(QStringLiteral("runNow_slow")));
    QVERIFY(manager.start(QStringLiteral("slow")).ok());
    // The list is not reloaded yet: its button still says it can run; pressing it is refused.
    auto *runNow = view->findChild<QPushButton *>(QStringLiteral("runNow_slow"));
    runNow->setEnabled(true);
    QTest::mouseClick(runNow, Qt::LeftButton);
    QVERIFY(presenter.lastDialog());
    QCOMPARE(presenter.lastDialog()->windowTitle(), QStringLiteral("Cannot run slow"));
    QVERIFY(presenter.lastDialog()->text().contains(QLatin1String("JOB_ALREADY_RUNNING")));
    presenter.lastDialog()->close();
    release = true;
    manager.waitForAll();
}

void TestDashboardStructure::thresholdFollowsTheLanguage()
{
    Ui::AnomalyPanel panel;
    auto *threshold = panel.findChild<QDoubleSpinBox *>(QStringLiteral("anomalyThreshold"));
    QVERIFY(threshold);
    threshold->setValue(3.5);
    QCOMPARE(threshold->text(), QStringLiteral("3.50"));
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    QEvent change(QEvent::LanguageChange);
    QApplication::sendEvent(&panel, &change);
    QCOMPARE(threshold->text(), QStringLiteral("3,50"));
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QApplication::sendEvent(&panel, &change);
    QCOMPARE(threshold->text(), QStringLiteral("3.50"));
}

void TestDashboardStructure::savedViewsMenuOpensAndDeletes()
{
    auto db = openWithTwoMetrics();
    Ui::MainWindow window(db);
    window.show();
    QTRY_COMPARE(window.metrics().size(), qsizetype(2));
    QVERIFY(window.selectMetric(QStringLiteral("web"), QStringLiteral("orders")));
    QTRY_VERIFY(window.isSelectionLoaded());
    window.saveCurrentView(QStringLiteral("Orders view"));
    QVERIFY(window.selectMetric(QStringLiteral("web"), QStringLiteral("visits")));
    QTRY_VERIFY(window.isSelectionLoaded());
    QAction *open = nullptr;
    for (QAction *action : window.savedViewsMenu()->actions()) {
        if (action->text() == QLatin1String("Orders view"))
            open = action;
    }
    QVERIFY(open);
    open->trigger();
    QCOMPARE(window.selection().metric, QStringLiteral("orders"));
    auto *remove = window.savedViewsMenu()->findChild<QMenu *>(QStringLiteral("deleteViewMenu"));
    QVERIFY(remove);
    QCOMPARE(remove->actions().size(), 1);
    remove->actions().first()->trigger();
    QVERIFY(Ui::SavedViews::all().isEmpty());
    for (QAction *action : window.savedViewsMenu()->actions())
        QVERIFY(action->text() != QLatin1String("Orders view"));
}

QTEST_MAIN(TestDashboardStructure)
#include "tst_dashboardstructure.moc"
