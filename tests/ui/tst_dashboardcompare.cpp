// The dashboard's wiring of the chart features (issue 16): Compare reads the other series' rows of
// the range shown and draws them (checked against the imported values), follows a range change and
// goes with another metric; File → Export Chart opens the chart's export dialog; a saved view keeps
// the roll-up and the compared series.

#include "ingest/importer.h"
#include "storage/database.h"
#include "ui/chartexportdialog.h"
#include "ui/dashboardcontroller.h"
#include "ui/forecastchart.h"
#include "ui/kpichart.h"
#include "ui/mainwindow.h"
#include "ui/savedviews.h"

#include <QAbstractAxis>
#include <QAction>
#include <QApplication>
#include <QChart>
#include <QLineEdit>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMenu>
#include <QSettings>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>

#include <algorithm>
#include <numeric>

namespace {

const QDate FirstDay(2026, 1, 1);
constexpr int Days = 120;

// One event a day per series, so that the day's sum is the value imported.
double visits(int i)
{
    return i == 80 ? 900 : 100 + i % 7;
}
double orders(int i)
{
    return 10 + i % 5;
}
double shopVisits(int i)
{
    return 1000 + 3 * (i % 11);
}

QList<double> overlayValues(QChart *chart)
{
    QList<double> values;
    for (QAbstractSeries *series : chart->series()) {
        if (series->objectName() != QLatin1String("overlaySeries"))
            continue;
        for (const QPointF &point : qobject_cast<QLineSeries *>(series)->points())
            values.append(point.y());
    }
    return values;
}

bool hasOverlayAxis(QChart *chart)
{
    const auto axes = chart->axes();
    return std::any_of(axes.cbegin(), axes.cend(),
                       [](QAbstractAxis *axis) { return axis->objectName() == QLatin1String("overlayAxis"); });
}

QAction *compareAction(Ui::KpiChart *chart, const QString &text)
{
    for (QAction *action : chart->compareButton()->menu()->findChildren<QAction *>()) {
        if (action->text() == text && !action->menu())
            return action;
    }
    return nullptr;
}

} // namespace

class TestDashboardCompare final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QCoreApplication::setApplicationName(QStringLiteral("smartdata-tst-compare"));
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    }

    void init()
    {
        QSettings(QCoreApplication::applicationName()).clear();
        m_dir = std::make_unique<QTemporaryDir>();
        QVERIFY(m_dir->isValid());
        auto db = Storage::Database::open(m_dir->filePath(QStringLiteral("c.db")));
        QVERIFY(db);
        m_db = *db;
        QByteArray web = "timestamp,metric,value\n";
        QByteArray shop = "timestamp,metric,value\n";
        for (int i = 0; i < Days; ++i) {
            const QString day = FirstDay.addDays(i).toString(Qt::ISODate);
            web += QStringLiteral("%1T10:00:00Z,visits,%2\n").arg(day).arg(visits(i)).toUtf8();
            web += QStringLiteral("%1T11:00:00Z,orders,%2\n").arg(day).arg(orders(i)).toUtf8();
            shop += QStringLiteral("%1T10:00:00Z,visits,%2\n").arg(day).arg(shopVisits(i)).toUtf8();
        }
        Ingest::ImportOptions options;
        options.source = QStringLiteral("web");
        QVERIFY(Ingest::Importer(m_db).importData(web, QStringLiteral("web.csv"), options).ok());
        options.source = QStringLiteral("shop");
        QVERIFY(Ingest::Importer(m_db).importData(shop, QStringLiteral("shop.csv"), options).ok());
        m_window = std::make_unique<Ui::MainWindow>(m_db);
        m_window->resize(1024, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        QTRY_COMPARE(m_window->metrics().size(), 3);
        QVERIFY(m_window->selectMetric(QStringLiteral("web"), QStringLiteral("visits")));
        QTRY_VERIFY(m_window->isSelectionLoaded());
        m_window->setRange(Ui::RangePreset::All);
    }

    void cleanup()
    {
        m_window.reset();
        m_db.reset();
    }

    void anotherMetricIsDrawnOnItsOwnAxis()
    {
        Ui::KpiChart *chart = m_window->kpiChart();
        QVERIFY(chart->compareButton()->isVisibleTo(chart)); // the catalogue gave it something to offer
        QCOMPARE(chart->exportTitle(), QStringLiteral("web · visits — sum per day")); // the source is known
        QAction *ordersAction = compareAction(chart, QStringLiteral("orders"));
        QVERIFY(ordersAction);
        QSignalSpy loaded(m_window->dashboard(), &Ui::DashboardController::overlayLoaded);
        ordersAction->trigger();
        QTRY_COMPARE(loaded.size(), 1);
        QVERIFY(chart->hasOverlay());
        QList<double> expected;
        for (int i = 0; i < Days; ++i)
            expected.append(orders(i));
        QCOMPARE(overlayValues(chart->chart()), expected);
        QVERIFY(hasOverlayAxis(chart->chart()));

        // Another range: the overlay's rows are read again for it.
        m_window->setRange(Ui::RangePreset::Last7);
        QTRY_COMPARE(loaded.size(), 2);
        expected = expected.mid(Days - 7);
        QCOMPARE(overlayValues(chart->chart()), expected);

        // Another metric: the comparison belonged to visits.
        QVERIFY(m_window->selectMetric(QStringLiteral("web"), QStringLiteral("orders")));
        QTRY_VERIFY(m_window->isSelectionLoaded());
        QVERIFY(!chart->hasOverlay());
        QVERIFY(overlayValues(chart->chart()).isEmpty());
        QVERIFY(!m_window->dashboard()->overlay());
    }

    void theMetricOfAnotherSourceSharesTheAxis()
    {
        Ui::KpiChart *chart = m_window->kpiChart();
        QAction *shopAction = compareAction(chart, QStringLiteral("shop"));
        QVERIFY(shopAction);
        QSignalSpy loaded(m_window->dashboard(), &Ui::DashboardController::overlayLoaded);
        shopAction->trigger();
        QTRY_COMPARE(loaded.size(), 1);
        const QList<double> values = overlayValues(chart->chart());
        QCOMPARE(values.size(), Days);
        for (int i = 0; i < Days; ++i)
            QCOMPARE(values[i], shopVisits(i));
        QVERIFY(!hasOverlayAxis(chart->chart()));
        // Removing it from the menu forgets it: a range change reads nothing.
        compareAction(chart, QStringLiteral("Remove comparison"))->trigger();
        QVERIFY(!chart->hasOverlay());
        m_window->setRange(Ui::RangePreset::Last30);
        QTest::qWait(50);
        QCOMPARE(loaded.size(), 1);
        QVERIFY(!chart->hasOverlay());
    }

    void savedViewKeepsRollupAndOverlay()
    {
        Ui::KpiChart *chart = m_window->kpiChart();
        QSignalSpy loaded(m_window->dashboard(), &Ui::DashboardController::overlayLoaded);
        compareAction(chart, QStringLiteral("orders"))->trigger();
        QTRY_COMPARE(loaded.size(), 1);
        chart->setRollup(Ui::Rollup::Week);
        m_window->saveCurrentView(QStringLiteral("weekly with orders"));
        const QList<Ui::SavedView> views = Ui::SavedViews::all();
        QCOMPARE(views.size(), 1);
        QCOMPARE(views.first().rollup, int(Ui::Rollup::Week));
        QCOMPARE(views.first().overlaySource, QStringLiteral("web"));
        QCOMPARE(views.first().overlayMetric, QStringLiteral("orders"));
        QVERIFY(views.first().overlayOwnAxis);

        // Elsewhere, plain: then the view brings back both.
        QVERIFY(m_window->selectMetric(QStringLiteral("shop"), QStringLiteral("visits")));
        QTRY_VERIFY(m_window->isSelectionLoaded());
        chart->setRollup(Ui::Rollup::None);
        QVERIFY(!chart->hasOverlay());
        QVERIFY(m_window->openView(QStringLiteral("weekly with orders")));
        QTRY_VERIFY(m_window->isSelectionLoaded());
        QTRY_VERIFY(chart->hasOverlay());
        QCOMPARE(m_window->selection().metric, QStringLiteral("visits"));
        QCOMPARE(m_window->selection().source, QStringLiteral("web"));
        QCOMPARE(chart->rollup(), Ui::Rollup::Week);
        // Weeks of orders: each drawn value is a week's sum of the imported values.
        const QList<double> values = overlayValues(chart->chart());
        QVERIFY(!values.isEmpty());
        double total = 0;
        for (int i = 0; i < Days; ++i)
            total += orders(i);
        QCOMPARE(std::accumulate(values.cbegin(), values.cend(), 0.0), total);
        QCOMPARE(m_window->currentView().overlayMetric, QStringLiteral("orders"));
        // And stored as it was (the round trip).
        Ui::SavedView reopened = m_window->currentView();
        reopened.name = views.first().name;
        QCOMPARE(reopened, views.first());
    }

    void fileMenuExportOpensTheChartsDialog()
    {
        auto *action = m_window->findChild<QAction *>(QStringLiteral("actionExportPng"));
        QVERIFY(action);
        QVERIFY(action->isEnabled());
        QString title;
        const auto answer = [&title] {
            auto *dialog = qobject_cast<Ui::ChartExportDialog *>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            title = dialog->titleEdit()->text();
            dialog->reject();
        };
        QTimer::singleShot(0, this, answer);
        action->trigger();
        QCOMPARE(title, QStringLiteral("web · visits — sum per day"));

        // On the forecast tab it is the forecast chart's.
        m_window->dashboard()->tabs()->setCurrentWidget(m_window->forecastChart());
        title.clear();
        QTimer::singleShot(0, this, answer);
        action->trigger();
        QCOMPARE(title, m_window->forecastChart()->exportTitle());
        QVERIFY2(title.startsWith(QLatin1String("web")), qPrintable(title));
    }

    void legendFitsBesideTheAnomalyPanel()
    {
        // Four methods and an overlay in a chart as wide as it is at 1024×700: the legend names the
        // methods alone rather than letting Qt elide every entry; wide, it names them in full.
        Ui::KpiChart chart;
        QList<Kpi::DailyRow> rows;
        QList<Anomaly::StoredAnomaly> anomalies;
        for (int i = 0; i < 60; ++i) {
            Kpi::DailyRow row;
            row.day = FirstDay.addDays(i);
            row.sum = visits(i);
            row.count = 1;
            row.avg = visits(i);
            rows.append(row);
        }
        for (const char *method : {"stl", "zscore", "mad", "iforest"}) {
            Anomaly::StoredAnomaly anomaly;
            anomaly.day = FirstDay.addDays(10);
            anomaly.method = QString::fromLatin1(method);
            anomaly.field = QStringLiteral("value_sum");
            anomaly.isOutlier = true;
            anomalies.append(anomaly);
        }
        chart.setData(QStringLiteral("visits"), rows, Ui::Aggregate::Sum, anomalies);
        chart.setOverlay(QStringLiteral("page_views"), rows, true);
        const auto labels = [&chart] {
            QStringList list;
            for (QLegendMarker *marker : chart.chart()->legend()->markers()) {
                if (!list.contains(marker->label()))
                    list.append(marker->label());
            }
            list.sort();
            return list;
        };
        chart.resize(450, 500);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        QCOMPARE(labels(), (QStringList{QStringLiteral("Sum"), QStringLiteral("iforest"), QStringLiteral("mad"),
                                        QStringLiteral("page_views"), QStringLiteral("stl"), QStringLiteral("zscore")}));
        chart.resize(1400, 700);
        QTRY_VERIFY(labels().contains(QStringLiteral("Anomalies (zscore)")));
        QVERIFY(labels().contains(QStringLiteral("Anomalies (iforest)")));
        // The counts stay in the series' names (hover, export).
        bool counted = false;
        for (QAbstractSeries *series : chart.chart()->series())
            counted = counted || series->name() == QLatin1String("Anomalies (stl): 1 day");
        QVERIFY(counted);
    }

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Storage::Database> m_db;
    std::unique_ptr<Ui::MainWindow> m_window;
};

QTEST_MAIN(TestDashboardCompare)
#include "tst_dashboardcompare.moc"
