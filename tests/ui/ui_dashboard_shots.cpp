// A driver for reviewing the dashboard by eye (not a test): opens the main window on an existing
// database, applies the given steps in order as a person would, and saves PNGs (QWidget::grab) where
// asked. Run it under a real X server, e.g.
//   xvfb-run -a build/tests/ui/ui_dashboard_shots DB OUT_DIR select:shop/orders show:avg shot:orders-avg
// Steps: size:W,H  lang:de|fr|en  select:SOURCE/METRIC  show:sum|count|avg|distinct|min|max
//        range:7|30|90|365|all  tab:N  detect (run the anomaly detector and wait)  forecast (run and wait)
//        hover:YYYY-MM-DD (the pointer over that day's point)  legend:N (click the N-th legend entry)
//        shot:NAME (the window)  chart:NAME (the current chart only)  wait:MS
//        menu:NAME (the chart's context menu, the screen grabbed)  sample (load the sample data)  theme:light|dark|system  rollup:day|week|month  overlay:SOURCE/METRIC[:own] (compare on the KPI
//        chart, over the days it shows)  markers:clear|show  export:NAME.png|svg|pdf|csv (the current
//        chart, 1600×900)
// Settings go to a scratch scope ("smartdata-shots"), not the person's.

#include "jobs/jobmanager.h"
#include "storage/database.h"
#include "kpi/kpiservice.h"
#include "ui/anomalypanel.h"
#include "ui/chartexport.h"
#include "ui/chartview.h"
#include "ui/dateaxis.h"
#include "ui/forecastchart.h"
#include "ui/kpichart.h"
#include "ui/languagemanager.h"
#include "ui/mainwindow.h"
#include "ui/thememanager.h"

#include <QApplication>
#include <QContextMenuEvent>
#include <QScreen>
#include <QTimer>
#include <QChart>
#include <QComboBox>
#include <QDir>
#include <QLegend>
#include <QLegendMarker>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTest>
#include <QValueAxis>

#include <cstdio>

namespace {

void save(QWidget *widget, const QString &path)
{
    QTest::qWait(200);
    widget->grab().save(path, "PNG");
    std::printf("%s\n", qPrintable(path));
}

Ui::ChartView *currentChart(Ui::MainWindow &window)
{
    auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("dashboardTabs"));
    return tabs && tabs->currentWidget() == window.forecastChart() ? window.forecastChart()->view() : window.kpiChart()->view();
}

bool waitLoaded(Ui::MainWindow &window)
{
    if (QTest::qWaitFor([&] { return window.isSelectionLoaded(); }, 30000))
        return true;
    std::fprintf(stderr, "the selection did not load\n");
    return false;
}

bool runJob(Ui::MainWindow &window, QPushButton *button)
{
    QSignalSpy finished(&window.jobManager(), &Jobs::JobManager::jobFinished);
    button->click();
    if (!QTest::qWaitFor([&] { return finished.count() > 0; }, 120000))
        return false;
    return QTest::qWaitFor([&] { return window.isSelectionLoaded(); }, 60000);
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("smartdata-shots"));
    const QStringList args = app.arguments().mid(1);
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: ui_dashboard_shots DB OUT_DIR [STEP...]\n");
        return 2;
    }
    const QDir out(args[1]);
    auto db = Storage::Database::open(args[0]);
    if (!db) {
        std::fprintf(stderr, "%s\n", qPrintable(db.error().message));
        return 1;
    }
    Ui::MainWindow window(*db);
    window.resize(1280, 820);
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return 1;
    // An empty database has nothing to load until a "sample" step.
    if (!args.mid(2).contains(QStringLiteral("sample")) && !waitLoaded(window))
        return 1;
    for (const QString &step : args.mid(2)) {
        const QString verb = step.section(QLatin1Char(':'), 0, 0);
        const QString arg = step.section(QLatin1Char(':'), 1);
        if (verb == QLatin1String("size")) {
            window.resize(arg.section(QLatin1Char(','), 0, 0).toInt(), arg.section(QLatin1Char(','), 1, 1).toInt());
        } else if (verb == QLatin1String("lang")) {
            Ui::LanguageManager::apply(arg);
        } else if (verb == QLatin1String("select")) {
            if (!window.selectMetric(arg.section(QLatin1Char('/'), 0, 0), arg.section(QLatin1Char('/'), 1))) {
                std::fprintf(stderr, "no metric %s\n", qPrintable(arg));
                return 1;
            }
            window.kpiChart()->setSource(arg.section(QLatin1Char('/'), 0, 0), arg.section(QLatin1Char('/'), 1));
            window.forecastChart()->setSource(arg.section(QLatin1Char('/'), 0, 0));
            if (!waitLoaded(window))
        return 1;
        } else if (verb == QLatin1String("show")) {
            auto *box = window.findChild<QComboBox *>(QStringLiteral("aggregate"));
            const QStringList names{QStringLiteral("sum"), QStringLiteral("count"), QStringLiteral("avg"),
                                    QStringLiteral("distinct"), QStringLiteral("min"), QStringLiteral("max")};
            box->setCurrentIndex(int(names.indexOf(arg)));
            if (!waitLoaded(window))
        return 1;
        } else if (verb == QLatin1String("range")) {
            const QStringList names{QStringLiteral("7"), QStringLiteral("30"), QStringLiteral("90"), QStringLiteral("365"),
                                    QStringLiteral("all")};
            window.setRange(Ui::RangePreset(names.indexOf(arg)));
        } else if (verb == QLatin1String("tab")) {
            window.findChild<QTabWidget *>(QStringLiteral("dashboardTabs"))->setCurrentIndex(arg.toInt());
        } else if (verb == QLatin1String("detect")) {
            if (!runJob(window, window.anomalyPanel()->runButton()))
                return 1;
        } else if (verb == QLatin1String("forecast")) {
            if (!runJob(window, window.forecastChart()->runButton()))
                return 1;
        } else if (verb == QLatin1String("hover")) {
            Ui::ChartView *view = currentChart(window);
            const QDate day = QDate::fromString(arg, Qt::ISODate);
            QPointF at;
            for (QAbstractSeries *series : view->chart()->series()) {
                auto *xy = qobject_cast<QXYSeries *>(series);
                if (!xy || !xy->isVisible())
                    continue;
                for (const QPointF &p : xy->points()) {
                    if (Ui::xToDay(p.x()) == day)
                        at = view->chart()->mapToPosition(p, xy);
                }
            }
            const QPoint pos = view->mapFromScene(at);
            QTest::mouseMove(view->viewport(), pos);
            QTest::qWait(300);
            QTest::mouseMove(view->viewport(), pos + QPoint(1, 0));
            QTest::qWait(600);
        } else if (verb == QLatin1String("legend")) {
            Ui::ChartView *view = currentChart(window);
            const auto markers = view->chart()->legend()->markers();
            const int n = arg.toInt();
            if (n < markers.size())
                Q_EMIT markers[n]->clicked();
        } else if (verb == QLatin1String("shot")) {
            save(&window, out.filePath(arg + QStringLiteral(".png")));
        } else if (verb == QLatin1String("chart")) {
            save(currentChart(window), out.filePath(arg + QStringLiteral(".png")));
        } else if (verb == QLatin1String("sample")) {
            if (!window.loadSampleData() || !QTest::qWaitFor([&] { return window.jobManager().runningJobs().isEmpty(); }, 120000)
                || !waitLoaded(window))
                return 1;
        } else if (verb == QLatin1String("menu")) {
            // The current chart's context menu, opened at its centre: the window with the menu on it.
            Ui::ChartView *view = currentChart(window);
            const QString name = arg;
            QTimer::singleShot(400, &window, [&window, name, out] {
                QWidget *popup = QApplication::activePopupWidget();
                const QPixmap shot = window.screen()->grabWindow(0);
                shot.save(out.filePath(name + QStringLiteral(".png")), "PNG");
                std::printf("%s\n", qPrintable(out.filePath(name + QStringLiteral(".png"))));
                if (popup)
                    popup->close();
            });
            const QPoint centre = view->viewport()->rect().center();
            QContextMenuEvent event(QContextMenuEvent::Mouse, centre, view->viewport()->mapToGlobal(centre));
            QApplication::sendEvent(view->viewport(), &event);
        } else if (verb == QLatin1String("theme")) {
            Ui::ThemeManager::apply(Ui::ThemeManager::fromKey(arg));
        } else if (verb == QLatin1String("rollup")) {
            window.kpiChart()->setRollup(arg == QLatin1String("week")    ? Ui::Rollup::Week
                                         : arg == QLatin1String("month") ? Ui::Rollup::Month
                                                                         : Ui::Rollup::None);
        } else if (verb == QLatin1String("overlay")) {
            const QString series = arg.section(QLatin1Char(':'), 0, 0);
            const bool own = arg.section(QLatin1Char(':'), 1) == QLatin1String("own");
            const QString source = series.section(QLatin1Char('/'), 0, 0), metric = series.section(QLatin1Char('/'), 1);
            auto rows = Kpi::KpiService(*db).rows({source, metric, {}, {}});
            if (!rows) {
                std::fprintf(stderr, "%s\n", qPrintable(rows.error().message));
                return 1;
            }
            // The days the chart shows (its date axis).
            QDate first, last;
            for (QAbstractAxis *axis : window.kpiChart()->chart()->axes(Qt::Horizontal)) {
                if (auto *dates = qobject_cast<Ui::DateAxis *>(axis)) {
                    first = dates->firstDay();
                    last = dates->lastDay();
                }
            }
            QList<Kpi::DailyRow> shown;
            for (const Kpi::DailyRow &row : std::as_const(*rows)) {
                if ((!first.isValid() || row.day >= first) && (!last.isValid() || row.day <= last))
                    shown.append(row);
            }
            window.kpiChart()->setOverlay(own ? metric : source, shown, own);
        } else if (verb == QLatin1String("markers")) {
            if (arg == QLatin1String("clear"))
                window.kpiChart()->clearMarkers();
            else
                window.kpiChart()->showMarkers();
        } else if (verb == QLatin1String("export")) {
            const QString path = out.filePath(arg);
            const auto format = Ui::ChartExport::formatOf(path);
            const bool forecast = currentChart(window) == window.forecastChart()->view();
            const QString title = forecast ? window.forecastChart()->exportTitle() : window.kpiChart()->exportTitle();
            const Common::Status written =
                format ? Ui::ChartExport::write(currentChart(window), {*format, path, QSize(1600, 900), title})
                       : Common::Status(Common::Error::badInput(QStringLiteral("FORMAT"), QStringLiteral("unknown format")));
            if (!written) {
                std::fprintf(stderr, "%s\n", qPrintable(written.error().message));
                return 1;
            }
            std::printf("%s\n", qPrintable(path));
        } else if (verb == QLatin1String("wait")) {
            QTest::qWait(arg.toInt());
        } else {
            std::fprintf(stderr, "unknown step %s\n", qPrintable(step));
            return 2;
        }
    }
    return 0;
}
