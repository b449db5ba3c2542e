// The forecast chart's history follows the dashboard's date range, in the chart itself and through
// the main window's range control.

#include "forecast/forecastservice.h"
#include "ui/chartview.h"
#include "ui/forecastchart.h"

#include <QLineSeries>
#include <QTest>

#include <cmath>
#include <limits>

class TestForecastChart final : public QObject
{
    Q_OBJECT

private slots:
    void historyFollowsRange_data();
    void historyFollowsRange();
    void monthlyHistory();
    void linesJoinStepsOfTheSeriesGrain_data();
    void linesJoinStepsOfTheSeriesGrain();
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

// A monthly history is shown by month: one point per month, the range selecting them by date.
void TestForecastChart::monthlyHistory()
{
    Forecast::DailyHistory h;
    h.first = QDate(2020, 1, 1);
    h.grain = Forecast::Grain::Month;
    for (int i = 0; i < 36; ++i)
        h.values.push_back(10.0 + i);
    Ui::ForecastChart chart;
    chart.setData(QStringLiteral("sales"), h, std::nullopt, 0, QDate(2021, 6, 15), QDate());
    QCOMPARE(chart.historyPointCount(), 18); // July 2021 to December 2022
    QCOMPARE(chart.historyRange().first, QDate(2021, 7, 1));
    QCOMPARE(chart.historyRange().second, QDate(2022, 12, 1));
}

void TestForecastChart::linesJoinStepsOfTheSeriesGrain_data()
{
    QTest::addColumn<QList<QDate>>("days");
    QTest::addColumn<int>("segments");
    const auto months = [](int n, int skip) {
        QList<QDate> days;
        for (int i = 0; i < n; ++i)
            if (i != skip)
                days.append(QDate(2020, 1, 1).addMonths(i));
        return days;
    };
    const auto every = [](int n, int step, int skip) {
        QList<QDate> days;
        for (int i = 0; i < n; ++i)
            if (i != skip)
                days.append(QDate(2024, 1, 1).addDays(qint64(i) * step));
        return days;
    };
    QTest::newRow("daily") << every(30, 1, -1) << 1;
    QTest::newRow("daily, a day missing") << every(30, 1, 10) << 2;
    QTest::newRow("monthly") << months(24, -1) << 1;
    QTest::newRow("monthly, a month missing") << months(24, 5) << 2;
    QTest::newRow("weekly") << every(20, 7, -1) << 1;
    QTest::newRow("weekly, a week missing") << every(20, 7, 3) << 2;
}

void TestForecastChart::linesJoinStepsOfTheSeriesGrain()
{
    QFETCH(QList<QDate>, days);
    QFETCH(int, segments);
    QList<QPair<QDate, double>> points;
    for (const QDate &day : std::as_const(days))
        points.append({day, 1.0});
    const QList<Ui::LineSegment> lines = Ui::lineSegments(points, QStringLiteral("x"), Qt::blue);
    QCOMPARE(int(lines.size()), segments);
    for (const Ui::LineSegment &line : lines)
        delete line.series;
}

QTEST_MAIN(TestForecastChart)
#include "tst_forecastchart.moc"
