// Exporting the charts: PNG at the chosen size, SVG that is well-formed XML with the title in it, PDF
// that starts with %PDF, each titled with source and metric; the CSV holds exactly the plotted points
// of the visible series (a hidden series, a zoomed-out range and a drawn boundary are not in it).

#include "forecast/forecastservice.h"
#include "ui/chartexport.h"
#include "ui/chartexportdialog.h"
#include "ui/chartview.h"
#include "ui/filechooser.h"
#include "ui/forecastchart.h"
#include "ui/kpichart.h"

#include <QAction>
#include <QApplication>
#include <QChart>
#include <QComboBox>
#include <QImage>
#include <QLineEdit>
#include <QLineSeries>
#include <QPainter>
#include <QSpinBox>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QXmlStreamReader>

namespace {

const QDate First(2026, 3, 2);

QList<Kpi::DailyRow> rows(int days, int gapDay = -1)
{
    QList<Kpi::DailyRow> list;
    for (int i = 0; i < days; ++i) {
        if (i == gapDay)
            continue;
        Kpi::DailyRow row;
        row.day = First.addDays(i);
        row.sum = 1000 + 10 * i;
        row.count = 4;
        row.avg = *row.sum / 4;
        row.min = 1;
        row.max = *row.sum;
        list.append(row);
    }
    return list;
}

Anomaly::StoredAnomaly anomaly(int dayIndex, const QString &method)
{
    Anomaly::StoredAnomaly a;
    a.day = First.addDays(dayIndex);
    a.method = method;
    a.field = QStringLiteral("value_sum");
    a.score = 4;
    a.isOutlier = true;
    a.params = QJsonObject{{QStringLiteral("window"), 7}, {QStringLiteral("threshold"), 3}};
    return a;
}

QStringList csvLines(const QString &csv)
{
    QStringList lines = csv.split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    return lines;
}

} // namespace

class TestChartExport final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        m_chart = std::make_unique<Ui::KpiChart>();
        m_chart->resize(900, 500);
        m_chart->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_chart.get()));
        m_chart->setSource(QStringLiteral("shop"), QStringLiteral("orders"));
        m_chart->setData(QStringLiteral("orders — sum per day"), rows(30, 20), Ui::Aggregate::Sum,
                         {anomaly(5, QStringLiteral("zscore")), anomaly(5, QStringLiteral("mad"))});
    }
    void cleanup() { m_chart.reset(); }

    void pngHasTheChosenSize()
    {
        const QString path = m_dir.filePath(QStringLiteral("chart.png"));
        const QRectF before = m_chart->chart()->geometry();
        const Common::Status written = Ui::ChartExport::write(
            m_chart->view(), {Ui::ExportFormat::Png, path, QSize(1234, 567), m_chart->exportTitle()});
        QVERIFY2(written.ok(), written.ok() ? "" : qPrintable(written.error().message));
        const QImage image(path);
        QCOMPARE(image.size(), QSize(1234, 567));
        // Not an empty picture: the line's colour is somewhere in it.
        bool blue = false;
        for (int y = 0; y < image.height() && !blue; y += 2) {
            for (int x = 0; x < image.width() && !blue; ++x) {
                const QColor c = image.pixelColor(x, y);
                blue = c.blue() > 150 && c.red() < 80;
            }
        }
        QVERIFY(blue);
        // The chart on screen keeps its title and size.
        QCOMPARE(m_chart->chart()->title(), QStringLiteral("orders — sum per day"));
        QCOMPARE(m_chart->chart()->geometry(), before);
    }

    void svgIsWellFormedXmlWithTheTitle()
    {
        const QString path = m_dir.filePath(QStringLiteral("chart.svg"));
        QCOMPARE(m_chart->exportTitle(), QStringLiteral("shop · orders — sum per day"));
        QVERIFY(Ui::ChartExport::write(m_chart->view(), {Ui::ExportFormat::Svg, path, QSize(1200, 700), m_chart->exportTitle()}).ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        int elements = 0;
        int paths = 0;
        QString title;
        bool inTitle = false;
        QString text;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement()) {
                ++elements;
                paths += xml.name() == QLatin1String("path") || xml.name() == QLatin1String("polyline") ? 1 : 0;
                inTitle = xml.name() == QLatin1String("title");
            } else if (xml.isCharacters()) {
                if (inTitle)
                    title += xml.text();
                text += xml.text();
            } else if (xml.isEndElement()) {
                inTitle = false;
            }
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QVERIFY(elements > 20);
        QVERIFY(paths > 0); // vector lines, not an embedded picture
        QCOMPARE(title, QStringLiteral("shop · orders — sum per day"));
        QVERIFY(text.contains(QStringLiteral("shop · orders — sum per day"))); // drawn as the chart's title
        // And it draws the chart: rendered back, the line's blue is there.
        QSvgRenderer renderer(path);
        QVERIFY(renderer.isValid());
        QCOMPARE(renderer.viewBox(), QRect(0, 0, 1200, 700));
        QImage image(1200, 700, QImage::Format_ARGB32);
        image.fill(Qt::white);
        {
            QPainter painter(&image);
            renderer.render(&painter);
        }
        int blue = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                blue += c.blue() - c.red() > 60 ? 1 : 0;
            }
        }
        QVERIFY2(blue > 50, qPrintable(QString::number(blue)));
    }

    void pdfStartsWithPdf()
    {
        const QString path = m_dir.filePath(QStringLiteral("chart.pdf"));
        QVERIFY(Ui::ChartExport::write(m_chart->view(), {Ui::ExportFormat::Pdf, path, QSize(1200, 700), m_chart->exportTitle()}).ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray data = file.readAll();
        QVERIFY(data.startsWith("%PDF"));
        QVERIFY(data.size() > 1000);
    }

    void csvRowsArePlottedPoints()
    {
        const QStringList lines = csvLines(Ui::ChartExport::csv(m_chart->chart()));
        QCOMPARE(lines.first(), QStringLiteral("date,series,value"));
        // 29 days of the line (one missing) plus two markers.
        QCOMPARE(lines.size() - 1, 29 + 2);
        QCOMPARE(lines.at(1), QStringLiteral("2026-03-02,Sum,1000"));
        QVERIFY(lines.contains(QStringLiteral("2026-03-07,Anomalies (zscore),1050")));
        QVERIFY(lines.contains(QStringLiteral("2026-03-07,Anomalies (mad),1050")));
        QVERIFY(!lines.join(QLatin1Char('\n')).contains(QStringLiteral("2026-03-22"))); // the gap
        // Every plotted point of the line is a row, with its value.
        int linePoints = 0;
        for (QAbstractSeries *series : m_chart->chart()->series()) {
            if (auto *line = qobject_cast<QLineSeries *>(series)) {
                for (const QPointF &p : line->points()) {
                    ++linePoints;
                    QVERIFY(lines.contains(QStringLiteral("%1,Sum,%2").arg(Ui::xToDay(p.x()).toString(Qt::ISODate)).arg(p.y())));
                }
            }
        }
        QCOMPARE(linePoints, 29);
    }

    void csvFollowsTheShownAggregateAndRollup()
    {
        m_chart->setData(QStringLiteral("orders — average per day"), rows(40, 20), Ui::Aggregate::Average, {});
        QStringList lines = csvLines(Ui::ChartExport::csv(m_chart->chart()));
        QCOMPARE(lines.at(1), QStringLiteral("2026-03-02,Average,250"));
        m_chart->setRollup(Ui::Rollup::Month);
        lines = csvLines(Ui::ChartExport::csv(m_chart->chart()));
        QCOMPARE(lines.size() - 1, 2); // March and April
        // The month's average: its sum over its count (days 0..29 of March, minus the gap).
        double sum = 0, count = 0;
        for (const Kpi::DailyRow &row : rows(40, 20)) {
            if (row.day.month() == 3) {
                sum += *row.sum;
                count += double(row.count);
            }
        }
        QCOMPARE(lines.at(1), QStringLiteral("2026-03-01,Average,%1").arg(QString::number(sum / count, 'g', 15)));
    }

    void csvLeavesOutHiddenSeriesAndWhatIsOutOfView()
    {
        for (QAbstractSeries *series : m_chart->chart()->series()) {
            if (series->name().startsWith(QLatin1String("Anomalies")))
                series->setVisible(false);
        }
        QStringList lines = csvLines(Ui::ChartExport::csv(m_chart->chart()));
        QCOMPARE(lines.size() - 1, 29);
        m_chart->focusDay(First.addDays(5)); // zoomed to the weeks around it: the days before the 2nd are not in view
        lines = csvLines(Ui::ChartExport::csv(m_chart->chart()));
        QVERIFY(lines.size() - 1 < 29);
        QVERIFY(lines.size() - 1 > 5);
    }

    void forecastExportsHistoryForecastAndBands()
    {
        Ui::ForecastChart chart;
        chart.resize(900, 500);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        Forecast::DailyHistory history;
        history.first = First;
        for (int i = 0; i < 60; ++i)
            history.values.push_back(100 + i);
        Forecast::RunInfo run;
        run.id = 1;
        run.horizon = 3;
        run.model = QStringLiteral("ets");
        run.trainStart = First;
        run.trainEnd = First.addDays(59);
        run.nobs = 60;
        for (int h = 1; h <= 3; ++h) {
            Forecast::StoredPoint p;
            p.h = h;
            p.day = First.addDays(59 + h);
            p.yhat = 160;
            p.lower80 = 150;
            p.upper80 = 170;
            p.lower95 = 140;
            p.upper95 = 180;
            run.points.append(p);
        }
        chart.setSource(QStringLiteral("shop"));
        chart.setData(QStringLiteral("orders — sum per day: history and forecast"), history, run, 3);
        const QStringList lines = csvLines(Ui::ChartExport::csv(chart.chart()));
        QVERIFY(lines.contains(QStringLiteral("2026-05-02,Forecast,160")));
        QVERIFY(lines.contains(QStringLiteral("2026-05-02,95% interval (lower),140")));
        QVERIFY(lines.contains(QStringLiteral("2026-05-02,80% interval (upper),170")));
        QVERIFY(!lines.join(QLatin1Char('\n')).contains(QStringLiteral("Last observed"))); // a drawn line, not data
        const QString path = m_dir.filePath(QStringLiteral("forecast.svg"));
        QVERIFY(Ui::ChartExport::write(chart.view(), {Ui::ExportFormat::Svg, path, QSize(800, 500), chart.exportTitle()}).ok());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QXmlStreamReader xml(&file);
        while (!xml.atEnd())
            xml.readNext();
        QVERIFY(!xml.hasError());
    }

    void badSizeIsAnError()
    {
        const Common::Status written = Ui::ChartExport::write(
            m_chart->view(), {Ui::ExportFormat::Png, m_dir.filePath(QStringLiteral("x.png")), QSize(10, 10), QString()});
        QVERIFY(!written.ok());
        QCOMPARE(written.error().code, QStringLiteral("EXPORT_BAD_SIZE"));
    }

    void exportChartAsksAndWrites()
    {
        // The chart's own entry point, as the button and the context menu start it.
        QCOMPARE(m_chart->view()->contextActions().first(), m_chart->exportAction());
        const QString path = m_dir.filePath(QStringLiteral("asked.png"));
        Ui::setFileChooser([&](QWidget *, const Ui::FileRequest &request) {
            m_proposed = request.path;
            return path;
        });
        QTimer::singleShot(0, this, [] {
            auto *dialog = qobject_cast<Ui::ChartExportDialog *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->formatBox()->setCurrentIndex(dialog->formatBox()->findData(int(Ui::ExportFormat::Png)));
            dialog->widthBox()->setValue(640);
            dialog->heightBox()->setValue(480);
            QCOMPARE(dialog->titleEdit()->text(), QStringLiteral("shop · orders — sum per day"));
            dialog->accept();
        });
        m_chart->exportAction()->trigger();
        Ui::setFileChooser({});
        QVERIFY2(m_proposed.endsWith(QStringLiteral("/shop-orders.png")), qPrintable(m_proposed));
        QCOMPARE(QImage(path).size(), QSize(640, 480));
    }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Ui::KpiChart> m_chart;
    QString m_proposed;
};

QTEST_MAIN(TestChartExport)
#include "tst_chartexport.moc"
