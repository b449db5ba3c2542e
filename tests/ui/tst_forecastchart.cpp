// The forecast chart's history follows the dashboard's date range, in the chart itself and through
// the main window's range control.

#include "forecast/forecastservice.h"
#include "ui/chartview.h"
#include "ui/forecastchart.h"

#include <QAreaSeries>
#include <QCheckBox>
#include <QChart>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonObject>
#include <QLabel>
#include <QLineSeries>
#include <QSpinBox>
#include <QTest>

#include "ui/dateaxis.h"

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
    void recentHistoryAndTheHorizonByDefault();
    void intervalsOfANonNegativeMetricStopAtZero_data();
    void intervalsOfANonNegativeMetricStopAtZero();
    void horizonBoxShowsTheStoredRunsHorizon();
    void fittedOnCountsTheStepsWithData();
    void noBoundaryWithoutHistoryAndForecast();
    void modelChoiceFromTheRunsDetails();
    void gradeToolTipShowsTheFormula();
    void modelChoiceBox();
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

// A run of `horizon` days after the history's last day, forecasting `mean` with intervals of ± spread
// (80%) and ± 1.5 spread (95%).
Forecast::RunInfo runAfter(const Forecast::DailyHistory &h, int horizon, double mean, double spread, qint64 id = 1)
{
    Forecast::RunInfo run;
    run.id = id;
    run.createdAt = QStringLiteral("2026-01-01T00:00:00Z");
    run.model = QStringLiteral("naive");
    run.horizon = horizon;
    run.trainStart = h.first;
    run.trainEnd = h.lastDay();
    run.nobs = int(h.values.size());
    for (int step = 1; step <= horizon; ++step)
        run.points.append(Forecast::StoredPoint{step, h.dateAt(qint64(h.values.size()) - 1 + step), mean, spread, mean - spread,
                                                mean + spread, mean - 1.5 * spread, mean + 1.5 * spread});
    return run;
}

Ui::DateAxis *dateAxis(QChart *chart)
{
    const auto axes = chart->axes(Qt::Horizontal);
    return axes.isEmpty() ? nullptr : qobject_cast<Ui::DateAxis *>(axes.first());
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

void TestForecastChart::recentHistoryAndTheHorizonByDefault()
{
    // 400 days of history and 14 days of forecast: the view starts 42 days (three horizons) before
    // the end of the history, not 400, so that the forecast is not a sliver at the right edge.
    const Forecast::DailyHistory h = history();
    Ui::ForecastChart chart;
    chart.setData(QStringLiteral("visits"), h, runAfter(h, 14, 100, 5), 5);
    Ui::DateAxis *axis = dateAxis(chart.chart());
    QVERIFY(axis);
    QCOMPARE(axis->firstDay(), h.lastDay().addDays(-41));
    QCOMPARE(axis->lastDay(), h.lastDay().addDays(14));
    QCOMPARE(chart.historyPointCount(), Days - 1); // all of it is there to pan to
    // Whole history: from the first day.
    chart.wholeHistoryBox()->setChecked(true);
    axis = dateAxis(chart.chart());
    QCOMPARE(axis->firstDay(), First);
    QCOMPARE(axis->lastDay(), h.lastDay().addDays(14));
    chart.wholeHistoryBox()->setChecked(false);
    QCOMPARE(dateAxis(chart.chart())->firstDay(), h.lastDay().addDays(-41));
    // A monthly series with a 24-month horizon: three horizons back.
    Forecast::DailyHistory monthly;
    monthly.first = QDate(1949, 1, 1);
    monthly.grain = Forecast::Grain::Month;
    for (int i = 0; i < 144; ++i)
        monthly.values.push_back(100 + i);
    chart.setData(QStringLiteral("passengers"), monthly, runAfter(monthly, 24, 400, 30), 5);
    QCOMPARE(dateAxis(chart.chart())->firstDay(), QDate(1955, 1, 1));
    QCOMPARE(dateAxis(chart.chart())->lastDay(), QDate(1962, 12, 1));
}

void TestForecastChart::intervalsOfANonNegativeMetricStopAtZero_data()
{
    QTest::addColumn<bool>("negativeHistory");
    QTest::newRow("never negative: cut") << false;
    QTest::newRow("has been negative: kept") << true;
}

void TestForecastChart::intervalsOfANonNegativeMetricStopAtZero()
{
    QFETCH(bool, negativeHistory);
    Forecast::DailyHistory h;
    h.first = First;
    for (int i = 0; i < 60; ++i)
        h.values.push_back(i % 7 == 0 ? (negativeHistory ? -1.0 : 0.0) : 3.0);
    Ui::ForecastChart chart;
    chart.setData(QStringLiteral("refunds"), h, runAfter(h, 7, 2, 4), 0); // 80%: -2 to 6, 95%: -4 to 8
    QCOMPARE(chart.isTruncated(), !negativeHistory);
    double lowest = 0;
    for (const Forecast::StoredPoint &p : chart.shownPoints())
        lowest = std::min({lowest, p.lower80, p.lower95, p.yhat});
    QCOMPARE(lowest, negativeHistory ? -4.0 : 0.0);
    // The bands drawn follow the points shown.
    for (QAbstractSeries *series : chart.chart()->series()) {
        if (auto *band = qobject_cast<QAreaSeries *>(series)) {
            for (const QPointF &p : band->lowerSeries()->points())
                QVERIFY(negativeHistory || p.y() >= 0);
        }
    }
    QCOMPARE(chart.modelLabel()->text().contains(QLatin1String("cut at 0")), !negativeHistory);
}

void TestForecastChart::horizonBoxShowsTheStoredRunsHorizon()
{
    const Forecast::DailyHistory h = history();
    Ui::ForecastChart chart;
    QCOMPARE(chart.horizon(), 14);
    chart.setData(QStringLiteral("visits"), h, runAfter(h, 30, 100, 5, 7), 5);
    QCOMPARE(chart.horizon(), 30);
    // A horizon typed since stays when the same run is shown again (another range, say).
    chart.findChild<QSpinBox *>(QStringLiteral("forecastHorizon"))->setValue(21);
    chart.setData(QStringLiteral("visits"), h, runAfter(h, 30, 100, 5, 7), 5, First.addDays(100));
    QCOMPARE(chart.horizon(), 21);
    // A new run brings its own.
    chart.setData(QStringLiteral("visits"), h, runAfter(h, 120, 100, 5, 8), 5);
    QCOMPARE(chart.horizon(), 120);
}

void TestForecastChart::fittedOnCountsTheStepsWithData()
{
    // 400 days, one without events: fitted on 399 days, as the dashboard's header counts them.
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
    const Forecast::DailyHistory h = history();
    Ui::ForecastChart chart;
    chart.setData(QStringLiteral("visits"), h, runAfter(h, 14, 100, 5), 5);
    QVERIFY2(chart.modelLabel()->text().contains(QLatin1String("fitted on 399 days")), qPrintable(chart.modelLabel()->text()));
}

void TestForecastChart::noBoundaryWithoutHistoryAndForecast()
{
    const Forecast::DailyHistory h = history();
    const auto boundaries = [](QChart *chart) {
        int n = 0;
        for (QAbstractSeries *series : chart->series())
            n += series->name().startsWith(QLatin1String("Last observed day"));
        return n;
    };
    Ui::ForecastChart chart;
    chart.setData(QStringLiteral("visits"), h, std::nullopt, 0);
    QCOMPARE(boundaries(chart.chart()), 0); // no forecast: nothing to separate
    chart.setData(QStringLiteral("visits"), h, runAfter(h, 14, 100, 5), 5);
    QCOMPARE(boundaries(chart.chart()), 1);
    // A range that ends before the last day: the boundary would stand alone in an empty stretch.
    chart.setData(QStringLiteral("visits"), h, runAfter(h, 14, 100, 5), 5, First, First.addDays(100));
    QCOMPARE(boundaries(chart.chart()), 0);
}

namespace {

// The details the forecast service stores for an automatic choice that kept ETS on a Box-Cox scale.
QJsonObject choiceDetails()
{
    const auto candidate = [](const char *family, double mase) {
        return QJsonObject{{QStringLiteral("family"), QLatin1String(family)}, {QStringLiteral("name"), QLatin1String(family)},
                           {QStringLiteral("mase"), mase}, {QStringLiteral("smape"), 10.0}};
    };
    return QJsonObject{
        {QStringLiteral("grain"), QStringLiteral("day")},
        {QStringLiteral("model_family"), QStringLiteral("ets")},
        {QStringLiteral("model_requested"), QStringLiteral("auto")},
        {QStringLiteral("choice_reason"), QStringLiteral("ets: backtest MASE 0.71 vs combo 0.80")},
        {QStringLiteral("backtest"), QJsonObject{{QStringLiteral("origins"), 5}, {QStringLiteral("horizon"), 14},
                                                 {QStringLiteral("candidates"), QJsonArray{candidate("arima", 0.93), candidate("ets", 0.71),
                                                                                           candidate("theta", 1.02), candidate("combo", 0.8)}}}},
        {QStringLiteral("auto_transform"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("box-cox")}, {QStringLiteral("lambda"), 0.3},
                                                       {QStringLiteral("reason"), QStringLiteral("Box-Cox (lambda 0.30): the series is never negative")}}},
        {QStringLiteral("reliability"), QJsonObject{{QStringLiteral("score"), 78.0}, {QStringLiteral("smape"), 8.0},
                                                    {QStringLiteral("relative_mae"), 0.5}}}};
}

} // namespace

void TestForecastChart::modelChoiceFromTheRunsDetails()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
    const Forecast::DailyHistory h = history();
    Forecast::RunInfo run = runAfter(h, 14, 100, 5);
    run.model = QStringLiteral("ETS(A,N,A)");
    run.details = choiceDetails();
    Ui::ForecastChart chart;
    chart.setData(QStringLiteral("visits"), h, run, 5);
    const QString text = chart.modelLabel()->text();
    QVERIFY2(text.contains(QStringLiteral("Chosen: <b>ETS</b>")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("ets: backtest MASE 0.71 vs combo 0.80")), qPrintable(text));
    // The candidates best first, with their MASE.
    QVERIFY2(text.contains(QStringLiteral("Backtest MASE: ETS 0.71 · Combination 0.80 · ARIMA 0.93 · Theta 1.02")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("Transform: Box-Cox (lambda 0.30): the series is never negative")), qPrintable(text));

    // A fixed order (no family in the details): none of these lines.
    chart.setData(QStringLiteral("visits"), h, runAfter(h, 14, 100, 5, 2), 5);
    QVERIFY(!chart.modelLabel()->text().contains(QStringLiteral("Chosen")));
    QVERIFY(!chart.modelLabel()->text().contains(QStringLiteral("Backtest MASE")));
}

void TestForecastChart::gradeToolTipShowsTheFormula()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
    const Forecast::DailyHistory h = history();
    Forecast::RunInfo run = runAfter(h, 14, 100, 5);
    run.details = choiceDetails();
    run.reliabilityScore = 78.0;
    run.reliabilityGrade = QStringLiteral("B");
    Ui::ForecastChart chart;
    chart.setData(QStringLiteral("visits"), h, run, 5);
    const QString tip = chart.badge()->toolTip();
    QVERIFY2(tip.contains(Forecast::Reliability::formulaText()), qPrintable(tip));
    // The run's parts: sMAPE 8% → accuracy 84; r = 0.5 → skill 75; 0.6·84 + 0.4·75 = 80.4 (stored: 78).
    QVERIFY2(tip.contains(QStringLiteral("sMAPE 8.0% → accuracy 84")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("r = 0.50 → skill 75")), qPrintable(tip));
    QVERIFY2(tip.contains(QStringLiteral("score 78.0")), qPrintable(tip));

    // A run without stored parts still explains the formula; an ungraded one has no tooltip.
    Forecast::RunInfo bare = runAfter(h, 14, 100, 5, 2);
    bare.reliabilityScore = 60.0;
    bare.reliabilityGrade = QStringLiteral("C");
    chart.setData(QStringLiteral("visits"), h, bare, 5);
    QVERIFY(chart.badge()->toolTip().contains(Forecast::Reliability::formulaText()));
    QVERIFY(!chart.badge()->toolTip().contains(QStringLiteral("This run")));
    chart.setData(QStringLiteral("visits"), h, runAfter(h, 14, 100, 5, 3), 5);
    QVERIFY(chart.badge()->toolTip().isEmpty());
}

void TestForecastChart::modelChoiceBox()
{
    Ui::ForecastChart chart;
    QCOMPARE(chart.modelChoice(), Forecast::ModelChoice::Auto);
    QCOMPARE(chart.modelChoiceBox()->count(), 5);
    chart.modelChoiceBox()->setCurrentIndex(3);
    QCOMPARE(chart.modelChoice(), Forecast::ModelChoice::Theta);
    chart.modelChoiceBox()->setCurrentIndex(4);
    QCOMPARE(chart.modelChoice(), Forecast::ModelChoice::Combo);
}

QTEST_MAIN(TestForecastChart)
#include "tst_forecastchart.moc"
