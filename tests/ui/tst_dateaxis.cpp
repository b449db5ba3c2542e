// The date axis: ticks on whole days, weeks, months or years chosen from the span, each exactly at the
// x of the day it names, none before the first day, month names in the UI language; in dateTicks()
// itself and on the KPI and forecast charts (also after a zoom).

#include "forecast/forecastservice.h"
#include "ui/chartview.h"
#include "ui/dateaxis.h"
#include "ui/forecastchart.h"
#include "ui/kpichart.h"

#include <QChart>
#include <QTest>

Q_DECLARE_METATYPE(Ui::TickUnit)

class TestDateAxis final : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void ticks_data();
    void ticks();
    void labels_data();
    void labels();
    void monthNamesFollowTheUiLanguage();
    void kpiChartTicksSitOnTheirDays_data();
    void kpiChartTicksSitOnTheirDays();
    void zoomRecomputesTicks();
    void forecastChartUsesTheDateAxis();
    void weeklySeriesTicksOnItsWeekday();
};

namespace {

QList<Kpi::DailyRow> dailyRows(const QDate &first, int days, int stepDays = 1)
{
    QList<Kpi::DailyRow> rows;
    for (int i = 0; i < days; ++i) {
        Kpi::DailyRow row;
        row.source = QStringLiteral("s");
        row.metric = QStringLiteral("m");
        row.day = first.addDays(qint64(i) * stepDays);
        row.sum = 10 + i % 5;
        row.count = 2;
        row.avg = *row.sum / 2;
        row.min = 1;
        row.max = *row.sum - 1;
        rows.append(row);
    }
    return rows;
}

Ui::DateAxis *dateAxis(QChart *chart)
{
    const auto axes = chart->axes(Qt::Horizontal);
    return axes.isEmpty() ? nullptr : qobject_cast<Ui::DateAxis *>(axes.first());
}

// Every category of the axis ends exactly at the x of its tick's day, inside the axis range and not
// before `first`; the tick days are whole units of the axis' unit.
void verifyAxis(Ui::DateAxis *axis, const QDate &first, const QDate &last)
{
    QVERIFY(axis);
    const Ui::DateTicks &ticks = axis->ticks();
    QVERIFY(!ticks.ticks.isEmpty());
    QCOMPARE(axis->categoriesLabels().size(), ticks.ticks.size());
    for (qsizetype i = 0; i < ticks.ticks.size(); ++i) {
        const Ui::DateTick &tick = ticks.ticks[i];
        QCOMPARE(axis->categoriesLabels().at(i), tick.label);
        QCOMPARE(axis->endValue(tick.label), Ui::dayToX(tick.day));
        QVERIFY2(tick.day >= first, qPrintable(tick.day.toString(Qt::ISODate)));
        QVERIFY2(tick.day <= last, qPrintable(tick.day.toString(Qt::ISODate)));
        QVERIFY(axis->endValue(tick.label) >= axis->min() && axis->endValue(tick.label) <= axis->max());
        if (ticks.unit == Ui::TickUnit::Month)
            QCOMPARE(tick.day.day(), 1);
        if (ticks.unit == Ui::TickUnit::Year)
            QCOMPARE(tick.day.dayOfYear(), 1);
    }
}

} // namespace

void TestDateAxis::cleanup()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
}

void TestDateAxis::ticks_data()
{
    QTest::addColumn<QDate>("first");
    QTest::addColumn<QDate>("last");
    QTest::addColumn<int>("maxTicks");
    QTest::addColumn<Ui::TickUnit>("unit");
    QTest::addColumn<int>("step");
    QTest::addColumn<QDate>("firstTick");
    QTest::addColumn<int>("count");

    QTest::newRow("1 day") << QDate(2026, 3, 4) << QDate(2026, 3, 4) << 10 << Ui::TickUnit::Day << 1 << QDate(2026, 3, 4) << 1;
    QTest::newRow("3 days over new year") << QDate(2025, 12, 31) << QDate(2026, 1, 2) << 10 << Ui::TickUnit::Day << 1
                                          << QDate(2025, 12, 31) << 3;
    QTest::newRow("10 days") << QDate(2026, 3, 1) << QDate(2026, 3, 10) << 10 << Ui::TickUnit::Day << 1 << QDate(2026, 3, 1) << 10;
    QTest::newRow("16 days: every 2nd") << QDate(2026, 3, 1) << QDate(2026, 3, 16) << 10 << Ui::TickUnit::Day << 2
                                        << QDate(2026, 3, 1) << 8;
    // Wednesday 4 March 2026: the first Monday on or after it is 9 March.
    QTest::newRow("8 weeks, Mondays") << QDate(2026, 3, 4) << QDate(2026, 4, 29) << 10 << Ui::TickUnit::Week << 1
                                      << QDate(2026, 3, 9) << 8;
    // A series starting 1 November: no tick on 31 October.
    QTest::newRow("from 1 Nov, months") << QDate(2025, 11, 1) << QDate(2026, 7, 31) << 10 << Ui::TickUnit::Month << 1
                                        << QDate(2025, 11, 1) << 9;
    QTest::newRow("from 2 Nov, months") << QDate(2025, 11, 2) << QDate(2026, 7, 31) << 10 << Ui::TickUnit::Month << 1
                                        << QDate(2025, 12, 1) << 8;
    QTest::newRow("2 years, quarters") << QDate(2024, 1, 1) << QDate(2025, 12, 31) << 10 << Ui::TickUnit::Month << 3
                                       << QDate(2024, 1, 1) << 8;
    QTest::newRow("3000 days, years") << QDate(2018, 5, 17) << QDate(2018, 5, 17).addDays(2999) << 10 << Ui::TickUnit::Year
                                      << 1 << QDate(2019, 1, 1) << 8;
    QTest::newRow("AirPassengers, 12 years") << QDate(1949, 1, 1) << QDate(1960, 12, 1) << 8 << Ui::TickUnit::Year << 2
                                             << QDate(1950, 1, 1) << 6;
    QTest::newRow("narrow: 3 ticks") << QDate(2026, 1, 1) << QDate(2026, 12, 31) << 3 << Ui::TickUnit::Month << 6
                                     << QDate(2026, 1, 1) << 2;
}

void TestDateAxis::ticks()
{
    QFETCH(QDate, first);
    QFETCH(QDate, last);
    QFETCH(int, maxTicks);
    Ui::DateTickOptions options;
    options.maxTicks = maxTicks;
    options.weekday = 1;
    const Ui::DateTicks ticks = Ui::dateTicks(first, last, options);
    QTEST(ticks.unit, "unit");
    QTEST(ticks.step, "step");
    QTEST(int(ticks.ticks.size()), "count");
    QTEST(ticks.ticks.first().day, "firstTick");
    QVERIFY(ticks.ticks.size() <= maxTicks);
    QSet<QString> labels;
    for (const Ui::DateTick &tick : ticks.ticks) {
        QVERIFY(tick.day >= first && tick.day <= last);
        QVERIFY2(!labels.contains(tick.label), qPrintable(tick.label));
        labels.insert(tick.label);
    }
}

void TestDateAxis::labels_data()
{
    QTest::addColumn<QDate>("first");
    QTest::addColumn<QDate>("last");
    QTest::addColumn<QStringList>("labels");
    QTest::newRow("3 days over new year") << QDate(2025, 12, 31) << QDate(2026, 1, 2)
                                          << QStringList{QStringLiteral("31 Dec 2025"), QStringLiteral("1 Jan 2026"), QStringLiteral("2 Jan")};
    // Saturday 1 November 2025 to 10 February 2026: every second Monday, from 3 November.
    QTest::newRow("weeks over new year") << QDate(2025, 11, 1) << QDate(2026, 2, 10)
                                         << QStringList{QStringLiteral("3 Nov 2025"), QStringLiteral("17 Nov"), QStringLiteral("1 Dec"),
                                                        QStringLiteral("15 Dec"), QStringLiteral("29 Dec"), QStringLiteral("12 Jan 2026"),
                                                        QStringLiteral("26 Jan"), QStringLiteral("9 Feb")};
    QTest::newRow("half years repeat month names") << QDate(2020, 1, 1) << QDate(2021, 12, 31)
                                                   << QStringList{QStringLiteral("Jan 2020"), QStringLiteral("Apr 2020"), QStringLiteral("Jul 2020"),
                                                                  QStringLiteral("Oct 2020"), QStringLiteral("Jan 2021"), QStringLiteral("Apr 2021"),
                                                                  QStringLiteral("Jul 2021"), QStringLiteral("Oct 2021")};
    QTest::newRow("years") << QDate(2018, 5, 17) << QDate(2026, 8, 2)
                           << QStringList{QStringLiteral("2019"), QStringLiteral("2020"), QStringLiteral("2021"), QStringLiteral("2022"),
                                          QStringLiteral("2023"), QStringLiteral("2024"), QStringLiteral("2025"), QStringLiteral("2026")};
}

void TestDateAxis::labels()
{
    QFETCH(QDate, first);
    QFETCH(QDate, last);
    Ui::DateTickOptions options;
    options.locale = QLocale(QLocale::English, QLocale::UnitedKingdom);
    options.weekday = 1;
    QStringList labels;
    for (const Ui::DateTick &tick : Ui::dateTicks(first, last, options).ticks)
        labels.append(tick.label);
    QTEST(labels, "labels");
}

void TestDateAxis::monthNamesFollowTheUiLanguage()
{
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    Ui::KpiChart chart;
    chart.resize(900, 400);
    chart.setData(QStringLiteral("m"), dailyRows(QDate(2026, 1, 1), 200), Ui::Aggregate::Sum, {});
    Ui::DateAxis *axis = dateAxis(chart.chart());
    QVERIFY(axis);
    QCOMPARE(axis->ticks().unit, Ui::TickUnit::Month);
    const QLocale german(QLocale::German, QLocale::Germany);
    // März: the German name, not "Mar".
    QVERIFY2(axis->categoriesLabels().join(QLatin1Char(' ')).contains(german.monthName(3, QLocale::ShortFormat)),
             qPrintable(axis->categoriesLabels().join(QLatin1Char(' '))));
    QVERIFY(!axis->categoriesLabels().join(QLatin1Char(' ')).contains(QLatin1String("Mar ")));
}

void TestDateAxis::kpiChartTicksSitOnTheirDays_data()
{
    QTest::addColumn<QDate>("first");
    QTest::addColumn<int>("days");
    QTest::addColumn<Ui::TickUnit>("unit");
    QTest::newRow("1 day") << QDate(2026, 11, 1) << 1 << Ui::TickUnit::Day;
    QTest::newRow("3 days") << QDate(2025, 12, 31) << 3 << Ui::TickUnit::Day;
    QTest::newRow("10 weeks") << QDate(2026, 3, 4) << 70 << Ui::TickUnit::Week;
    QTest::newRow("from 1 Nov, 8 months") << QDate(2025, 11, 1) << 240 << Ui::TickUnit::Month;
    QTest::newRow("3000 days") << QDate(2018, 5, 17) << 3000 << Ui::TickUnit::Year;
}

void TestDateAxis::kpiChartTicksSitOnTheirDays()
{
    QFETCH(QDate, first);
    QFETCH(int, days);
    Ui::KpiChart chart;
    chart.resize(1000, 400);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setData(QStringLiteral("m"), dailyRows(first, days), Ui::Aggregate::Sum, {});
    Ui::DateAxis *axis = dateAxis(chart.chart());
    QVERIFY(axis);
    QTEST(axis->ticks().unit, "unit");
    const QDate last = first.addDays(days - 1);
    verifyAxis(axis, first, last);
    if (days <= 3) {
        // Every day of a short series is named, once, at its point.
        QCOMPARE(axis->ticks().ticks.size(), qsizetype(days));
        for (int i = 0; i < days; ++i)
            QCOMPARE(axis->ticks().ticks.at(i).day, first.addDays(i));
    }
    // The axis range is half a day beyond the first and last point.
    QCOMPARE(axis->min(), Ui::dayToX(first) - 12 * 3600 * 1000.0);
    QCOMPARE(axis->max(), Ui::dayToX(last) + 12 * 3600 * 1000.0);
}

void TestDateAxis::zoomRecomputesTicks()
{
    Ui::KpiChart chart;
    chart.resize(1000, 400);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const QDate first(2018, 5, 17);
    chart.setData(QStringLiteral("m"), dailyRows(first, 3000), Ui::Aggregate::Sum, {});
    Ui::DateAxis *axis = dateAxis(chart.chart());
    QVERIFY(axis);
    QCOMPARE(axis->ticks().unit, Ui::TickUnit::Year);
    // Zoom to a hundredth of the plot (about a month): whole days or weeks now, still on their days.
    const QRectF area = chart.chart()->plotArea();
    chart.chart()->zoomIn(QRectF(area.left() + area.width() / 2, area.top(), area.width() / 100, area.height()));
    QVERIFY(axis->ticks().unit == Ui::TickUnit::Day || axis->ticks().unit == Ui::TickUnit::Week);
    verifyAxis(axis, first, first.addDays(2999));
    QVERIFY(axis->ticks().ticks.first().day > first.addDays(1000));
    chart.chart()->zoomReset();
    QCOMPARE(axis->ticks().unit, Ui::TickUnit::Year);
}

void TestDateAxis::forecastChartUsesTheDateAxis()
{
    Forecast::DailyHistory history;
    history.first = QDate(1949, 1, 1);
    history.grain = Forecast::Grain::Month;
    for (int i = 0; i < 144; ++i)
        history.values.push_back(100 + i);
    Ui::ForecastChart chart;
    chart.resize(1000, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setData(QStringLiteral("passengers"), history, std::nullopt, 0);
    Ui::DateAxis *axis = dateAxis(chart.chart());
    QVERIFY(axis);
    QCOMPARE(axis->ticks().unit, Ui::TickUnit::Year);
    verifyAxis(axis, QDate(1949, 1, 1), QDate(1960, 12, 1));
}

void TestDateAxis::weeklySeriesTicksOnItsWeekday()
{
    // Sundays: week ticks fall on Sundays, under the points.
    Ui::KpiChart chart;
    chart.resize(1000, 400);
    chart.setData(QStringLiteral("m"), dailyRows(QDate(2026, 3, 1), 8, 7), Ui::Aggregate::Sum, {});
    Ui::DateAxis *axis = dateAxis(chart.chart());
    QVERIFY(axis);
    QCOMPARE(axis->ticks().unit, Ui::TickUnit::Week);
    for (const Ui::DateTick &tick : axis->ticks().ticks)
        QCOMPARE(tick.day.dayOfWeek(), 7);
}

QTEST_MAIN(TestDateAxis)
#include "tst_dateaxis.moc"
