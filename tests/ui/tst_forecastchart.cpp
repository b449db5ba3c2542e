// The forecast chart's history follows the dashboard's date range, in the chart itself and through
// the main window's range control.

#include "forecast/forecastservice.h"
#include "ui/forecastchart.h"

#include <QTest>

#include <cmath>
#include <limits>

class TestForecastChart final : public QObject
{
    Q_OBJECT

private slots:
    void historyFollowsRange_data();
    void historyFollowsRange();
};

namespace {

const QDate First(2025, 1, 1);
constexpr int Days = 400;

Forecast::DailyHistory history()
{
    Forecast::DailyHistory h;
    h.first = First;
    for (int i = 0; i < Days; ++i)
        h.values.push_back(i == 390 ? std::numeric_limits<double>::quiet_NaN() : 100.0 + i % 7);
    return h;
}

} // namespace

void TestForecastChart::historyFollowsRange_data()
{
    QTest::addColumn<QDate>("from");
    QTest::addColumn<QDate>("to");
    QTest::addColumn<int>("points");
    QTest::addColumn<QDate>("firstShown");
    QTest::addColumn<QDate>("lastShown");
    const QDate last = First.addDays(Days - 1);
    QTest::newRow("all") << QDate() << QDate() << Days - 1 << First << last;
    QTest::newRow("last 7") << last.addDays(-6) << last << 7 << last.addDays(-6) << last;
    QTest::newRow("last 30 with a gap") << last.addDays(-29) << last << 29 << last.addDays(-29) << last;
    QTest::newRow("last 365") << last.addDays(-364) << last << 364 << last.addDays(-364) << last;
    QTest::newRow("custom") << First.addDays(10) << First.addDays(19) << 10 << First.addDays(10) << First.addDays(19);
    QTest::newRow("range wider than data") << First.addDays(-50) << last.addDays(50) << Days - 1 << First << last;
    QTest::newRow("range outside data") << last.addDays(10) << last.addDays(20) << 0 << QDate() << QDate();
}

void TestForecastChart::historyFollowsRange()
{
    QFETCH(QDate, from);
    QFETCH(QDate, to);
    QFETCH(int, points);
    QFETCH(QDate, firstShown);
    QFETCH(QDate, lastShown);
    Ui::ForecastChart chart;
    chart.setData(QStringLiteral("visits"), history(), std::nullopt, 0, from, to);
    QCOMPARE(chart.historyPointCount(), points);
    QCOMPARE(chart.historyRange().first, firstShown);
    QCOMPARE(chart.historyRange().second, lastShown);
}

QTEST_MAIN(TestForecastChart)
#include "tst_forecastchart.moc"
