// Switching the dashboard's metric on a database of 10M events: from selecting another metric in
// the sidebar to the KPI chart painted with its data (the forecast chart and anomaly table are
// filled in the same step). Prints each switch and the median and maximum.
//
//   bench_ui_switch_metric [--db PATH] [--events N] [--switches N]

#include "ui/chartview.h"
#include "ui/kpichart.h"
#include "ui/mainwindow.h"
#include "uibenchmark.h"

#include <QApplication>
#include <QTimer>

#include <algorithm>

namespace {

bool waitFor(const std::function<bool()> &condition, int timeoutMs = 60000)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
    }
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    qint64 events = 10'000'000;
    int switches = 20;
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--events") == 0)
            events = QByteArray(argv[i + 1]).toLongLong();
        if (qstrcmp(argv[i], "--switches") == 0)
            switches = QByteArray(argv[i + 1]).toInt();
    }
    UiBenchmark::usePrivateHome(QDir::temp().filePath(QStringLiteral("smartdata-bench-home")));
    QCoreApplication::setApplicationName(QStringLiteral("smartdata"));
    QApplication app(argc, argv);
    auto database = UiBenchmark::openBenchDatabase(UiBenchmark::benchDatabasePath(argc, argv), events);
    if (!database)
        return 1;
    Ui::MainWindow window(database);
    window.resize(1280, 820);
    window.show();
    bool metricsLoaded = false;
    QObject::connect(&window, &Ui::MainWindow::metricsLoaded, &window, [&] { metricsLoaded = true; });
    if (!waitFor([&] { return metricsLoaded && window.isSelectionLoaded(); })) {
        std::fprintf(stderr, "the dashboard did not load\n");
        return 1;
    }
    const QList<Ui::SeriesKey> metrics = window.metrics();
    if (metrics.size() < 2) {
        std::fprintf(stderr, "need at least two metrics\n");
        return 1;
    }

    // Paint completion: a flag set by a zero-timer queued from the paint event, i.e. right after it.
    QWidget *viewport = window.kpiChart()->view()->viewport();
    struct Probe final : QObject
    {
        bool painted = false;
        bool eventFilter(QObject *watched, QEvent *event) override
        {
            if (event->type() == QEvent::Paint)
                QTimer::singleShot(0, this, [this] { painted = true; });
            return QObject::eventFilter(watched, event);
        }
    } probe;
    viewport->installEventFilter(&probe);

    QList<double> times;
    std::printf("bench_ui_switch_metric: %lld events, %lld series\n", static_cast<long long>(events),
                static_cast<long long>(metrics.size()));
    for (int i = 0; i < switches; ++i) {
        const Ui::SeriesKey next = metrics.at((i + 1) % metrics.size());
        QElapsedTimer timer;
        timer.start();
        probe.painted = false;
        window.selectMetric(next.source, next.metric);
        if (!waitFor([&] { return window.isSelectionLoaded(); })) {
            std::fprintf(stderr, "%s/%s did not load\n", qPrintable(next.source), qPrintable(next.metric));
            return 1;
        }
        const double loaded = double(timer.nsecsElapsed()) / 1e6;
        // Not reset here: when the rows arrive from the worker and are drawn in one pass of the event
        // loop, the chart's paint can come before the load flag is seen, and no later paint follows.
        if (!waitFor([&] { return probe.painted; }, 5000)) {
            std::fprintf(stderr, "%s/%s loaded but the chart was not repainted within 5 s\n", qPrintable(next.source),
                         qPrintable(next.metric));
            return 1;
        }
        const double drawn = double(timer.nsecsElapsed()) / 1e6;
        times.append(drawn);
        std::printf("  %-8s %-10s loaded %7.1f ms, drawn %7.1f ms\n", qPrintable(next.source), qPrintable(next.metric), loaded, drawn);
    }
    std::sort(times.begin(), times.end());
    std::printf("  switch to redrawn: median %.1f ms, max %.1f ms (%lld switches)\n", times.at(times.size() / 2), times.last(),
                static_cast<long long>(times.size()));
    return 0;
}
