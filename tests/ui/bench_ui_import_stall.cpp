// The event loop during a large import started the way the UI starts one (MainWindow::
// openImportDialog -> the dialog's Import button -> a job): a 10 ms QTimer ticks on the GUI thread and
// the longest gap between ticks is the longest the window could not react. Prints the import time
// and the gap statistics.
//
//   bench_ui_import_stall [--rows N]

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

    QList<double> gaps;
    QElapsedTimer sinceTick;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    QObject::connect(&ticker, &QTimer::timeout, &ticker, [&] {
        gaps.append(double(sinceTick.nsecsElapsed()) / 1e6);
        sinceTick.restart();
    });
    bool finished = false;
    bool succeeded = false;
    QObject::connect(dialog, &Ui::ImportDialog::importFinished, dialog, [&](bool ok) {
        finished = true;
        succeeded = ok;
    });
    QElapsedTimer importTime;
    importTime.start();
    sinceTick.start();
    ticker.start(10);
    auto *button = dialog->findChild<QPushButton *>(QStringLiteral("importButton"));
    if (!button)
        return 1;
    button->click(); // the UI's own path: the dialog starts the import job
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (finished || importTime.elapsed() > 600000)
            loop.quit();
    });
    poll.start(5);
    loop.exec();
    ticker.stop();
    const double seconds = importTime.elapsed() / 1000.0;

    std::sort(gaps.begin(), gaps.end());
    const auto percentile = [&](double p) { return gaps.isEmpty() ? 0.0 : gaps.at(qsizetype(p * double(gaps.size() - 1))); };
    const qsizetype over50 = std::count_if(gaps.cbegin(), gaps.cend(), [](double g) { return g > 50; });
    std::printf("bench_ui_import_stall: %lld rows, %s in %.1f s (%.0f rows/s)\n", static_cast<long long>(rows),
                succeeded ? "imported" : "FAILED", seconds, double(rows) / seconds);
    std::printf("  10 ms timer gaps: %lld ticks, median %.1f ms, p99 %.1f ms, max %.1f ms, gaps > 50 ms: %lld\n",
                static_cast<long long>(gaps.size()), percentile(0.5), percentile(0.99), gaps.isEmpty() ? 0.0 : gaps.last(),
                static_cast<long long>(over50));
    return succeeded ? 0 : 1;
}
