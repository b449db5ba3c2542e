// Benchmark (figures, not a test): exporting the KPI chart of a 3-year daily series (1,096 days) with
// anomalies of three methods, as SVG, PDF and PNG at 1600×900, and its points as CSV. Prints the median
// and the worst of N runs of each (the budget: SVG and PDF under 1 s).
//   QT_QPA_PLATFORM=offscreen build/tests/ui/bench_ui_export [RUNS]

#include "ui/chartexport.h"
#include "ui/chartview.h"
#include "ui/kpichart.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 7;
    QTemporaryDir dir;
    if (!dir.isValid())
        return 1;

    const QDate first(2023, 1, 1);
    QList<Kpi::DailyRow> rows;
    QList<Anomaly::StoredAnomaly> anomalies;
    const QStringList methods{QStringLiteral("zscore"), QStringLiteral("mad"), QStringLiteral("iforest")};
    for (int i = 0; i < 1096; ++i) {
        Kpi::DailyRow row;
        row.day = first.addDays(i);
        const double season = 1000 + 200 * std::sin(i * 2 * M_PI / 7) + 300 * std::sin(i * 2 * M_PI / 365.25);
        const bool spike = i % 37 == 11;
        row.sum = spike ? season * 2.5 : season + (i * 7919 % 97);
        row.count = 40 + i % 11;
        row.avg = *row.sum / double(row.count);
        row.min = 1;
        row.max = *row.sum / 5;
        rows.append(row);
        if (spike) {
            for (int m = 0; m <= i % 3; ++m) {
                Anomaly::StoredAnomaly a;
                a.day = row.day;
                a.method = methods[m];
                a.isOutlier = true;
                a.score = 4;
                anomalies.append(a);
            }
        }
    }
    Ui::KpiChart chart;
    chart.resize(1100, 600);
    chart.show();
    chart.setSource(QStringLiteral("shop"));
    chart.setData(QStringLiteral("orders — sum per day"), rows, Ui::Aggregate::Sum, anomalies);
    QApplication::processEvents();
    std::printf("series: %lld days, %d anomaly markers; %d runs each, 1600x900\n", qlonglong(rows.size()),
                chart.anomalyMarkerCount(), runs);

    for (Ui::ExportFormat format : {Ui::ExportFormat::Svg, Ui::ExportFormat::Pdf, Ui::ExportFormat::Png, Ui::ExportFormat::Csv}) {
        const QString path = dir.filePath(QStringLiteral("chart.") + Ui::ChartExport::suffix(format));
        QList<double> ms;
        for (int run = 0; run < runs; ++run) {
            QElapsedTimer timer;
            timer.start();
            const Common::Status written = Ui::ChartExport::write(chart.view(), {format, path, QSize(1600, 900), chart.exportTitle()});
            ms.append(double(timer.nsecsElapsed()) / 1e6);
            if (!written) {
                std::fprintf(stderr, "%s\n", qPrintable(written.error().message));
                return 1;
            }
        }
        std::sort(ms.begin(), ms.end());
        std::printf("%-4s median %8.1f ms  max %8.1f ms  (%lld bytes)\n", qPrintable(Ui::ChartExport::suffix(format)),
                    ms.at(ms.size() / 2), ms.last(), qlonglong(QFileInfo(path).size()));
    }
    return 0;
}
