// Hover and legend on the charts, pressed as a person would: the pointer on a day shows a crosshair
// on that day and a tooltip (date, value, events; for an anomaly method, score and threshold) that
// stays while the pointer does; clicking a legend entry hides and shows its series.

#include "forecast/forecastservice.h"
#include "ui/chartview.h"
#include "ui/forecastchart.h"
#include "ui/kpichart.h"

#include <QChart>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QTest>

namespace {

const QDate First(2026, 3, 2);
constexpr int Days = 30;
constexpr int AnomalyDay = 10;
constexpr int GapDay = 20; // no events: the line has two segments

QList<Kpi::DailyRow> rows()
{
    QList<Kpi::DailyRow> list;
    for (int i = 0; i < Days; ++i) {
        if (i == GapDay)
            continue;
        Kpi::DailyRow row;
        row.day = First.addDays(i);
        row.sum = i == AnomalyDay ? 4000 : 1000 + 10 * i;
        row.count = 2;
        row.avg = *row.sum / 2;
        row.min = 1;
        row.max = *row.sum;
        list.append(row);
    }
    return list;
}

Anomaly::StoredAnomaly anomaly()
{
    Anomaly::StoredAnomaly a;
    a.day = First.addDays(AnomalyDay);
    a.method = QStringLiteral("zscore");
    a.field = QStringLiteral("value_sum");
    a.value = 4000;
    a.score = 4.2;
    a.isOutlier = true;
    a.params = QJsonObject{{QStringLiteral("window"), 7}, {QStringLiteral("threshold"), 3}, {QStringLiteral("seasonal"), false}};
    return a;
}

// The viewport position of a value on a chart.
QPoint viewportPosition(Ui::ChartView *view, const QPointF &value)
{
    QChart *chart = view->chart();
    QAbstractSeries *series = chart->series().first();
    const QPointF inChart = chart->mapToPosition(value, series);
    return view->mapFromScene(chart->mapToScene(inChart));
}

QLegendMarker *legendMarker(QChart *chart, const QString &prefix)
{
    const auto markers = chart->legend()->markers();
    for (QLegendMarker *marker : markers) {
        if (marker->isVisible() && marker->label().startsWith(prefix))
            return marker;
    }
    return nullptr;
}

QList<QAbstractSeries *> seriesNamed(QChart *chart, const QString &prefix)
{
    QList<QAbstractSeries *> list;
    const auto all = chart->series();
    for (QAbstractSeries *series : all) {
        if (series->name().startsWith(prefix))
            list.append(series);
    }
    return list;
}

} // namespace

class TestChartInteraction final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void hoverShowsDayValueEventsAndCrosshair();
    void hoverOnAnomalySaysWhy();
    void hoverTipStaysWhileThePointerDoes();
    void hoverSnapsToAnAnomalyNearby();
    void hoverEndsOutsideThePlot();
    void legendClickHidesAndShowsSeries();
    void forecastHoverShowsIntervals();

private:
    std::unique_ptr<Ui::KpiChart> m_chart;
};

void TestChartInteraction::init()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
    m_chart = std::make_unique<Ui::KpiChart>();
    m_chart->resize(900, 500);
    m_chart->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_chart.get()));
    m_chart->setData(QStringLiteral("visits"), rows(), Ui::Aggregate::Sum, {anomaly()});
    QTest::qWait(50); // the layout settles
}

void TestChartInteraction::hoverShowsDayValueEventsAndCrosshair()
{
    Ui::ChartView *view = m_chart->view();
    const QDate day = First.addDays(5);
    const QPoint at = viewportPosition(view, QPointF(Ui::dayToX(day), 1050));
    QTest::mouseMove(view->viewport(), at);
    QTRY_COMPARE(view->hoveredDay(), day);
    const QString text = view->hoverText();
    QVERIFY2(text.contains(QLocale().toString(day, QLocale::LongFormat)), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Sum: 1,050")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Events: 2")), qPrintable(text));
    QVERIFY(!text.contains(QLatin1String("zscore")));
    QVERIFY(view->hoverLabel()->isVisible());
    // The crosshair stands on the day's point, not wherever in the day the pointer is.
    QVERIFY(view->isCrosshairVisible());
    const QPointF point = view->chart()->mapToPosition(QPointF(Ui::dayToX(day), 1050), view->chart()->series().first());
    QVERIFY(qAbs(view->crosshairX() - point.x()) < 0.5);
    QTest::mouseMove(view->viewport(), at + QPoint(3, -40)); // same day, higher up
    QTRY_COMPARE(view->hoveredDay(), day);
    QVERIFY(qAbs(view->crosshairX() - point.x()) < 0.5);
}

void TestChartInteraction::hoverOnAnomalySaysWhy()
{
    Ui::ChartView *view = m_chart->view();
    const QDate day = First.addDays(AnomalyDay);
    QTest::mouseMove(view->viewport(), viewportPosition(view, QPointF(Ui::dayToX(day), 4000)));
    QTRY_COMPARE(view->hoveredDay(), day);
    const QString text = view->hoverText();
    QVERIFY2(text.contains(QLatin1String("Sum: 4,000")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("zscore")), qPrintable(text));     // method
    QVERIFY2(text.contains(QLatin1String("z = 4.20")), qPrintable(text));   // score
    QVERIFY2(text.contains(QStringLiteral("|z| ≥ 3")), qPrintable(text));   // threshold
}

void TestChartInteraction::hoverSnapsToAnAnomalyNearby()
{
    // 3,000 days in 900 pixels: a day is a third of a pixel. Two pixels beside the marker is still
    // the marker's day.
    QList<Kpi::DailyRow> many;
    for (int i = 0; i < 3000; ++i) {
        Kpi::DailyRow row;
        row.day = First.addDays(i);
        row.sum = i == 1500 ? 5000 : 1000;
        row.count = 1;
        many.append(row);
    }
    Anomaly::StoredAnomaly flagged = anomaly();
    flagged.day = First.addDays(1500);
    m_chart->setData(QStringLiteral("visits"), many, Ui::Aggregate::Sum, {flagged});
    QTest::qWait(50);
    Ui::ChartView *view = m_chart->view();
    QTest::mouseMove(view->viewport(), viewportPosition(view, QPointF(Ui::dayToX(flagged.day), 5000)) + QPoint(2, 0));
    QTRY_COMPARE(view->hoveredDay(), flagged.day);
    QVERIFY(view->hoverText().contains(QLatin1String("zscore")));
    // Far from it: the day under the pointer.
    QTest::mouseMove(view->viewport(), viewportPosition(view, QPointF(Ui::dayToX(First.addDays(600)), 1000)));
    QTRY_VERIFY(view->hoveredDay().isValid() && qAbs(view->hoveredDay().daysTo(First.addDays(600))) <= 2);
}

void TestChartInteraction::hoverTipStaysWhileThePointerDoes()
{
    Ui::ChartView *view = m_chart->view();
    const QDate day = First.addDays(3);
    QTest::mouseMove(view->viewport(), viewportPosition(view, QPointF(Ui::dayToX(day), 1030)));
    QTRY_VERIFY(view->hoverLabel()->isVisible());
    const QString text = view->hoverText();
    // Longer than a tooltip's wake-up delay and the view's own hint: still there, unchanged.
    QTest::qWait(1500);
    QVERIFY(view->hoverLabel()->isVisible());
    QCOMPARE(view->hoverText(), text);
    QVERIFY(view->isCrosshairVisible());
}

void TestChartInteraction::hoverEndsOutsideThePlot()
{
    Ui::ChartView *view = m_chart->view();
    QTest::mouseMove(view->viewport(), viewportPosition(view, QPointF(Ui::dayToX(First.addDays(4)), 1040)));
    QTRY_VERIFY(view->hoverLabel()->isVisible());
    QTest::mouseMove(view->viewport(), QPoint(2, 2)); // the margin, outside the plot
    QTRY_VERIFY(!view->hoverLabel()->isVisible());
    QVERIFY(!view->isCrosshairVisible());
    QVERIFY(!view->hoveredDay().isValid());
    // A day without events has nothing to say.
    QTest::mouseMove(view->viewport(), viewportPosition(view, QPointF(Ui::dayToX(First.addDays(GapDay)), 1200)));
    QTest::qWait(50);
    QVERIFY(!view->hoverLabel()->isVisible());
}

void TestChartInteraction::legendClickHidesAndShowsSeries()
{
    QChart *chart = m_chart->chart();
    // The line has two segments (the gap) and one legend entry; the anomalies one.
    const QList<QAbstractSeries *> line = seriesNamed(chart, QStringLiteral("Sum"));
    QCOMPARE(line.size(), 2);
    QLegendMarker *lineMarker = legendMarker(chart, QStringLiteral("Sum"));
    QLegendMarker *anomalyMarker = legendMarker(chart, QStringLiteral("Anomalies (zscore)"));
    QVERIFY(lineMarker && anomalyMarker);
    int visibleMarkers = 0;
    for (QLegendMarker *marker : chart->legend()->markers())
        visibleMarkers += marker->isVisible();
    QCOMPARE(visibleMarkers, 2);

    Q_EMIT lineMarker->clicked();
    for (QAbstractSeries *series : line)
        QVERIFY(!series->isVisible());
    QVERIFY(lineMarker->isVisible()); // the entry stays, to show it again
    QVERIFY(lineMarker->labelBrush().color().alphaF() < 1.0);
    QVERIFY(seriesNamed(chart, QStringLiteral("Anomalies")).first()->isVisible());

    Q_EMIT anomalyMarker->clicked();
    QVERIFY(!seriesNamed(chart, QStringLiteral("Anomalies")).first()->isVisible());

    Q_EMIT lineMarker->clicked();
    for (QAbstractSeries *series : line)
        QVERIFY(series->isVisible());
    QCOMPARE(lineMarker->labelBrush().color().alphaF(), 1.0);
    // The second segment's entry stays hidden: still one entry per line.
    visibleMarkers = 0;
    for (QLegendMarker *marker : chart->legend()->markers())
        visibleMarkers += marker->isVisible();
    QCOMPARE(visibleMarkers, 2);
}

void TestChartInteraction::forecastHoverShowsIntervals()
{
    m_chart.reset(); // one window under the pointer
    Forecast::DailyHistory history;
    history.first = First;
    for (int i = 0; i < Days; ++i)
        history.values.push_back(100 + i);
    Forecast::RunInfo run;
    run.id = 1;
    run.horizon = 5;
    run.trainStart = First;
    run.trainEnd = history.lastDay();
    run.nobs = Days;
    run.model = QStringLiteral("naive");
    for (int h = 1; h <= 5; ++h)
        run.points.append(Forecast::StoredPoint{h, history.lastDay().addDays(h), 130, 5, 120, 140, 110, 150});
    Ui::ForecastChart chart;
    chart.resize(900, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setData(QStringLiteral("m"), history, run, 0);
    QTest::qWait(50);
    Ui::ChartView *view = chart.view();
    const QDate day = history.lastDay().addDays(2);
    const QPoint at = viewportPosition(view, QPointF(Ui::dayToX(day), 130));
    QTest::mouseMove(view->viewport(), at);
    QTRY_COMPARE(view->hoveredDay(), day);
    const QString text = view->hoverText();
    QVERIFY2(text.contains(QLatin1String("(day +2)")), qPrintable(text));
    QVERIFY2(text.contains(QLatin1String("Forecast: 130")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("80%: 120 – 140")), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("95%: 110 – 150")), qPrintable(text));
    const QDate observed = history.lastDay().addDays(-3);
    QTest::mouseMove(view->viewport(), viewportPosition(view, QPointF(Ui::dayToX(observed), 126)));
    QTRY_COMPARE(view->hoveredDay(), observed);
    QVERIFY2(view->hoverText().contains(QLatin1String("Observed: 126")), qPrintable(view->hoverText()));
}

QTEST_MAIN(TestChartInteraction)
#include "tst_chartinteraction.moc"
