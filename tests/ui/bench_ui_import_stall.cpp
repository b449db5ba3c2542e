// The event loop during a large import started the way the UI starts one (MainWindow::
// openImportDialog -> the dialog's Import button -> a job): a 10 ms QTimer ticks on the GUI thread and
// the longest gap between ticks is the longest the window could not react. The ticks go on after the
// commit until the window shows the imported data (sidebar, dashboard, import history), which is
// part of what people wait through. Prints the import time, the gap statistics of both phases and
// the longest gaps with when they ended.
//
//   bench_ui_import_stall [--rows N]

#include "ui/batchesview.h"
#include "ui/importdialog.h"
#include "ui/mainwindow.h"
#include "uibenchmark.h"

#include <QApplication>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTimer>

#include <algorithm>

int main(int argc, char **argv)
{
    qint64 rows = 1'000'000;
    for (int i = 1; i + 1 < argc; ++i) {
        if (qstrcmp(argv[i], "--rows") == 0)
            rows = QByteArray(argv[i + 1]).toLongLong();
    }
    QTemporaryDir dir;
    UiBenchmark::usePrivateHome(dir.filePath(QStringLiteral("home")));
    QCoreApplication::setApplicationName(QStringLiteral("smartdata"));
    QApplication app(argc, argv);

    const QString csv = dir.filePath(QStringLiteral("events.csv"));
    {
        QFile file(csv);
        if (!file.open(QIODevice::WriteOnly))
            return 1;
        QByteArray chunk;
        chunk.append("timestamp,metric,value,user_id\n");
        const QDateTime first(QDate(2025, 1, 1), QTime(0, 0), Qt::UTC);
        for (qint64 i = 0; i < rows; ++i) {
            const QDateTime ts = first.addSecs(i * 30);
            chunk.append(ts.toString(Qt::ISODate).toLatin1());
            chunk.append(",metric_");
            chunk.append(QByteArray::number(i % 10));
            chunk.append(',');
            chunk.append(QByteArray::number((i % 97) + 1));
            chunk.append(",u");
            chunk.append(QByteArray::number(i % 5000));
            chunk.append('\n');
            if (chunk.size() > (1 << 20)) {
                file.write(chunk);
                chunk.clear();
            }
        }
        file.write(chunk);
    }

    auto opened = Storage::Database::open(dir.filePath(QStringLiteral("import.db")));
    if (!opened)
        return 1;
    Ui::MainWindow window(*opened);
    window.show();
    Ui::ImportDialog *dialog = window.openImportDialog(csv);
    if (!dialog)
        return 1;
    QElapsedTimer wait;
    wait.start();
    while (!dialog->isPreviewLoaded() && wait.elapsed() < 60000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 10);

    struct Gap
    {
        double ms;
        double at; // seconds since the Import click
        bool afterCommit;
    };
    QList<Gap> gaps;
    QElapsedTimer sinceTick;
    QElapsedTimer importTime;
    bool finished = false;
    bool succeeded = false;
    double finishedAt = 0;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    QObject::connect(&ticker, &QTimer::timeout, &ticker, [&] {
        gaps.append({double(sinceTick.nsecsElapsed()) / 1e6, importTime.elapsed() / 1000.0, finished});
        sinceTick.restart();
    });
    QObject::connect(dialog, &Ui::ImportDialog::importFinished, dialog, [&](bool ok) {
        finished = true;
        succeeded = ok;
        finishedAt = importTime.elapsed() / 1000.0;
    });
    // The window has caught up with the import once it listed the new metrics and loaded the
    // selected one (it picks the first) and the import history shows the batch.
    bool shown = false;
    bool historyShown = false;
    QObject::connect(&window, &Ui::MainWindow::selectionLoaded, &window, [&] { shown = finished; });
    QObject::connect(window.batchesView(), &Ui::BatchesView::reloaded, &window, [&] { historyShown = finished; });
    importTime.start();
    sinceTick.start();
    ticker.start(10);
    auto *button = dialog->findChild<QPushButton *>(QStringLiteral("importButton"));
    if (!button)
        return 1;
    button->click(); // the UI's own path: the dialog starts the import job
    QEventLoop loop;
    QTimer poll;
    QElapsedTimer settle;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (importTime.elapsed() > 600000 || (finished && !succeeded))
            loop.quit();
        if (shown && historyShown && !settle.isValid())
            settle.start();
        if (settle.isValid() && settle.elapsed() > 500) // and the paints that follow
            loop.quit();
    });
    poll.start(5);
    loop.exec();
    ticker.stop();
    const double seconds = finishedAt;
    const double caughtUp = importTime.elapsed() / 1000.0 - 0.5;

    std::printf("bench_ui_import_stall: %lld rows, %s in %.1f s (%.0f rows/s); window showed the data %.2f s after the commit\n",
                static_cast<long long>(rows), succeeded ? "imported" : "FAILED", seconds, double(rows) / seconds,
                caughtUp - seconds);
    const auto report = [&](const char *phase, bool afterCommit) {
        QList<double> ms;
        for (const Gap &gap : std::as_const(gaps)) {
            if (gap.afterCommit == afterCommit)
                ms.append(gap.ms);
        }
        std::sort(ms.begin(), ms.end());
        const auto percentile = [&](double p) { return ms.isEmpty() ? 0.0 : ms.at(qsizetype(p * double(ms.size() - 1))); };
        const qsizetype over50 = std::count_if(ms.cbegin(), ms.cend(), [](double g) { return g > 50; });
        std::printf("  %-13s 10 ms timer gaps: %lld ticks, median %.1f ms, p99 %.1f ms, max %.1f ms, gaps > 50 ms: %lld\n", phase,
                    static_cast<long long>(ms.size()), percentile(0.5), percentile(0.99), ms.isEmpty() ? 0.0 : ms.last(),
                    static_cast<long long>(over50));
    };
    report("import:", false);
    report("after commit:", true);
    QList<Gap> longest = gaps;
    std::sort(longest.begin(), longest.end(), [](const Gap &a, const Gap &b) { return a.ms > b.ms; });
    std::printf("  longest gaps:");
    for (qsizetype i = 0; i < std::min<qsizetype>(5, longest.size()); ++i)
        std::printf(" %.1f ms at %.2f s%s", longest[i].ms, longest[i].at, longest[i].afterCommit ? " (after commit)" : "");
    std::printf("\n");
    return succeeded ? 0 : 1;
}
