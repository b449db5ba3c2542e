// Cold start of the desktop app on a database of 10M events: from the process start to the main
// window's first paint, and on to the dashboard showing the selected metric's charts. Does what
// Ui::runDesktop does (language, database, job manager, scheduler, main window), with a private
// settings home. The first run creates the database and exits; run again to measure.
//
//   bench_ui_startup [--db PATH] [--events N]

#include "jobs/jobmanager.h"
#include "jobs/standardjobs.h"
#include "scheduler/scheduler.h"
#include "ui/kpichart.h"
#include "ui/chartview.h"
#include "ui/languagemanager.h"
#include "ui/mainwindow.h"
#include "uibenchmark.h"

#include <QApplication>
#include <QSettings>
#include <QTimer>

namespace {

// Notes when a widget is painted for the first time after arm().
class PaintProbe final : public QObject
{
public:
    using QObject::QObject;
    void arm() { m_painted = -1; }
    double painted() const { return m_painted; }
    std::function<double()> clock;

protected:
    bool eventFilter(QObject *watched, QEvent *event) override
    {
        if (event->type() == QEvent::Paint && m_painted < 0) {
            // The time once this paint is done: the filter runs first, so finish it right after.
            QTimer::singleShot(0, this, [this] {
                if (m_painted < 0)
                    m_painted = clock();
            });
        }
        return QObject::eventFilter(watched, event);
    }

private:
    double m_painted = -1;
};

} // namespace

int main(int argc, char **argv)
{
    const double atMain = UiBenchmark::msSinceProcessStart();
    QElapsedTimer sinceMain;
    sinceMain.start();
    qint64 events = 10'000'000;
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--events") == 0)
            events = QByteArray(argv[i + 1]).toLongLong();
    }
    const QString path = UiBenchmark::benchDatabasePath(argc, argv);
    UiBenchmark::usePrivateHome(QDir::temp().filePath(QStringLiteral("smartdata-bench-home")));
    QCoreApplication::setApplicationName(QStringLiteral("smartdata"));

    if (!QFileInfo::exists(path)) {
        QCoreApplication app(argc, argv);
        if (!UiBenchmark::openBenchDatabase(path, events))
            return 1;
        std::printf("Created %s; run again to measure a start-up.\n", qPrintable(path));
        return 0;
    }

    auto clock = [&] { return atMain + double(sinceMain.nsecsElapsed()) / 1e6; };
    QApplication app(argc, argv);
    const double appReady = clock();
    Ui::LanguageManager::apply(Ui::LanguageManager::storedLanguage());
    auto database = UiBenchmark::openBenchDatabase(path, events);
    if (!database)
        return 1;
    const double databaseOpen = clock();
    Jobs::JobRegistry registry;
    Jobs::registerStandardJobs(registry);
    Jobs::JobManager jobs(database, std::move(registry));
    Scheduler::Scheduler scheduler(jobs);
    if (const Common::Status started = scheduler.start(); !started)
        std::fprintf(stderr, "scheduler: %s\n", qPrintable(started.error().message));
    Ui::MainWindow window(database, &jobs);
    window.setScheduler(&scheduler);
    const double constructed = clock();

    PaintProbe windowProbe;
    windowProbe.clock = clock;
    window.installEventFilter(&windowProbe);
    PaintProbe chartProbe;
    chartProbe.clock = clock;
    double selectionLoaded = -1;
    QObject::connect(&window, &Ui::MainWindow::selectionLoaded, &window, [&] {
        selectionLoaded = clock();
        chartProbe.arm();
        window.kpiChart()->view()->viewport()->installEventFilter(&chartProbe);
    });
    window.show();
    QTimer timeout;
    timeout.setSingleShot(true);
    timeout.start(60000);
    while (timeout.isActive() && (windowProbe.painted() < 0 || chartProbe.painted() < 0 || selectionLoaded < 0))
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);

    std::printf("bench_ui_startup: %s (%lld events)\n", qPrintable(path), static_cast<long long>(events));
    std::printf("  process start -> main()               %8.1f ms\n", atMain);
    std::printf("  -> QApplication ready                 %8.1f ms\n", appReady);
    std::printf("  -> database open (migrations checked) %8.1f ms\n", databaseOpen);
    std::printf("  -> main window constructed            %8.1f ms\n", constructed);
    std::printf("  -> main window first painted          %8.1f ms\n", windowProbe.painted());
    std::printf("  -> selected metric loaded             %8.1f ms\n", selectionLoaded);
    std::printf("  -> KPI chart painted with its data    %8.1f ms\n", chartProbe.painted());
    std::printf("  selection: %s/%s\n", qPrintable(window.selection().source), qPrintable(window.selection().metric));
    // The next start restores this selection, as a user's would.
    window.close();
    scheduler.stop();
    return 0;
}
