// The sidebar on its own: sources with their metrics, the filter, selecting a metric by code and by
// clicking, and the tooltips with the days of data.

#include "ui/metricsidebar.h"

#include <QAbstractItemModel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>
#include <QTreeView>

Q_DECLARE_METATYPE(Ui::SeriesKey)

class TestMetricSidebar final : public QObject
{
    Q_OBJECT

private slots:
    void listsMetricsUnderTheirSources();
    void selectEmitsOnceAndRefusesUnknown();
    void filterHidesOtherMetrics();
    void clickingAMetricSelectsIt();
};

namespace {

const QList<Ui::SeriesKey> Metrics{{QStringLiteral("shop"), QStringLiteral("orders")},
                                   {QStringLiteral("shop"), QStringLiteral("refunds")},
                                   {QStringLiteral("web"), QStringLiteral("visits")}};
const QHash<QString, qint64> Days{{QStringLiteral("shop/orders"), 997}, {QStringLiteral("web/visits"), 90}};

} // namespace

void TestMetricSidebar::listsMetricsUnderTheirSources()
{
    Ui::MetricSidebar sidebar;
    sidebar.setMetrics(Metrics, Days);
    QAbstractItemModel *model = sidebar.tree()->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(0, 0).data().toString(), QStringLiteral("shop"));
    QCOMPARE(model->rowCount(model->index(0, 0)), 2);
    QCOMPARE(model->index(1, 0, model->index(0, 0)).data().toString(), QStringLiteral("refunds"));
    QCOMPARE(model->index(0, 0, model->index(1, 0)).data(Qt::ToolTipRole).toString(), QStringLiteral("Days with data: 90"));
}

void TestMetricSidebar::selectEmitsOnceAndRefusesUnknown()
{
    Ui::MetricSidebar sidebar;
    sidebar.setMetrics(Metrics, Days);
    QSignalSpy selected(&sidebar, &Ui::MetricSidebar::metricSelected);
    QVERIFY(sidebar.select(Metrics[2]));
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.at(0).at(0).value<Ui::SeriesKey>(), Metrics[2]);
    QVERIFY(sidebar.select(Metrics[2])); // already current: nothing new to say
    QCOMPARE(selected.count(), 1);
    QVERIFY(!sidebar.select({QStringLiteral("web"), QStringLiteral("orders")}));
    QCOMPARE(selected.count(), 1);
    // A new list keeps quiet.
    sidebar.setMetrics(Metrics, Days);
    QCOMPARE(selected.count(), 1);
}

void TestMetricSidebar::filterHidesOtherMetrics()
{
    Ui::MetricSidebar sidebar;
    sidebar.setMetrics(Metrics, Days);
    sidebar.filter()->setText(QStringLiteral("REF"));
    QAbstractItemModel *model = sidebar.tree()->model();
    QCOMPARE(model->rowCount(), 1);
    QCOMPARE(model->rowCount(model->index(0, 0)), 1);
    QCOMPARE(model->index(0, 0, model->index(0, 0)).data().toString(), QStringLiteral("refunds"));
    QVERIFY(!sidebar.select(Metrics[0])); // filtered out
    QVERIFY(sidebar.select(Metrics[1]));
}

void TestMetricSidebar::clickingAMetricSelectsIt()
{
    Ui::MetricSidebar sidebar;
    sidebar.resize(250, 400);
    sidebar.setMetrics(Metrics, Days);
    sidebar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&sidebar));
    QSignalSpy selected(&sidebar, &Ui::MetricSidebar::metricSelected);
    QTreeView *tree = sidebar.tree();
    // A source's row is no metric.
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(tree->model()->index(1, 0)).center());
    QCOMPARE(selected.count(), 0);
    const QModelIndex visits = tree->model()->index(0, 0, tree->model()->index(1, 0));
    QTest::mouseClick(tree->viewport(), Qt::LeftButton, {}, tree->visualRect(visits).center());
    QCOMPARE(selected.count(), 1);
    QCOMPARE(selected.at(0).at(0).value<Ui::SeriesKey>(), Metrics[2]);
}

QTEST_MAIN(TestMetricSidebar)
#include "tst_metricsidebar.moc"
