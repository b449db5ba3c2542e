// Words and numbers on the charts: steps in words for weekly, monthly and quarterly series, value
// axes in the UI locale (thousands separators, its decimal mark, decimals for the tick step), anomaly
// explanations in the series' own steps, anomalous days counted as days.

#include "ui/chartformat.h"
#include "ui/kpichart.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QScatterSeries>
#include <QTest>
#include <QValueAxis>

Q_DECLARE_METATYPE(Common::Grain)

class TestChartFormat final : public QObject
{
    Q_OBJECT

private slots:
    void cleanup();
    void stepsInWords_data();
    void stepsInWords();
    void decimalsForStep_data();
    void decimalsForStep();
    void valueAxisUsesTheUiLocale_data();
    void valueAxisUsesTheUiLocale();
    void explanationCountsTheSeriesSteps_data();
    void explanationCountsTheSeriesSteps();
    void anomalousDaysAreCountedOnce();
};

namespace {

QList<Kpi::DailyRow> rows(const QList<double> &values)
{
    QList<Kpi::DailyRow> list;
    for (int i = 0; i < values.size(); ++i) {
        Kpi::DailyRow row;
        row.day = QDate(2026, 1, 1).addDays(i);
        row.sum = values[i];
        row.count = 1;
        row.avg = values[i];
        row.min = row.max = values[i];
        list.append(row);
    }
    return list;
}

QValueAxis *valueAxis(QChart *chart)
{
    const auto axes = chart->axes(Qt::Vertical);
    return axes.isEmpty() ? nullptr : qobject_cast<QValueAxis *>(axes.first());
}

Anomaly::StoredAnomaly anomaly(const QDate &day, const QString &method, bool seasonal = false)
{
    Anomaly::StoredAnomaly a;
    a.day = day;
    a.method = method;
    a.field = QStringLiteral("value_sum");
    a.value = 500;
    a.score = 4.2;
    a.isOutlier = true;
    a.params = QJsonObject{{QStringLiteral("window"), 7}, {QStringLiteral("threshold"), 3}, {QStringLiteral("seasonal"), seasonal}};
    return a;
}

} // namespace

void TestChartFormat::cleanup()
{
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
}

void TestChartFormat::stepsInWords_data()
{
    QTest::addColumn<Common::Grain>("grain");
    QTest::addColumn<QString>("count");
    QTest::addColumn<QString>("per");
    QTest::newRow("day") << Common::Grain::Day << QStringLiteral("days: 1,000") << QStringLiteral("sum per day");
    QTest::newRow("week") << Common::Grain::Week << QStringLiteral("weeks: 1,000") << QStringLiteral("sum per week");
    QTest::newRow("month") << Common::Grain::Month << QStringLiteral("months: 1,000") << QStringLiteral("sum per month");
    QTest::newRow("quarter") << Common::Grain::Quarter << QStringLiteral("quarters: 1,000") << QStringLiteral("sum per quarter");
}

void TestChartFormat::stepsInWords()
{
    QFETCH(Common::Grain, grain);
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    QTEST(Ui::ChartText::stepCount(grain, 1000), "count");
    QTEST(Ui::ChartText::perStep(QStringLiteral("sum"), grain), "per");
    QFETCH(QString, per);
    const QString unit = per.section(QLatin1Char(' '), -1); // "day", "week", ...
    QCOMPARE(Ui::ChartText::steps(grain, 1), QStringLiteral("1 ") + unit);
    QCOMPARE(Ui::ChartText::steps(grain, 1500), QStringLiteral("1,500 ") + unit + QLatin1Char('s'));
}

void TestChartFormat::decimalsForStep_data()
{
    QTest::addColumn<double>("step");
    QTest::addColumn<int>("decimals");
    QTest::newRow("1000") << 1000.0 << 0;
    QTest::newRow("1") << 1.0 << 0;
    QTest::newRow("0.5") << 0.5 << 1;
    QTest::newRow("0.2") << 0.2 << 1;
    QTest::newRow("0.05") << 0.05 << 2;
    QTest::newRow("0.001") << 0.001 << 3;
}

void TestChartFormat::decimalsForStep()
{
    QFETCH(double, step);
    QTEST(Ui::decimalsFor(step), "decimals");
}

void TestChartFormat::valueAxisUsesTheUiLocale_data()
{
    QTest::addColumn<QList<double>>("values");
    QTest::addColumn<QString>("format");
    QTest::addColumn<double>("sample");
    QTest::addColumn<QString>("label");
    QTest::newRow("thousands") << QList<double>{1200, 4800, 2500} << QStringLiteral("%.0f") << 2000.0 << QStringLiteral("2.000");
    QTest::newRow("fractions") << QList<double>{0.2, 1.4, 0.9} << QStringLiteral("%.1f") << 0.2 << QStringLiteral("0,2");
}

void TestChartFormat::valueAxisUsesTheUiLocale()
{
    QFETCH(QList<double>, values);
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    Ui::KpiChart chart;
    chart.setData(QStringLiteral("m"), rows(values), Ui::Aggregate::Sum, {});
    QValueAxis *axis = valueAxis(chart.chart());
    QVERIFY(axis);
    QTEST(axis->labelFormat(), "format");
    // QtCharts formats "%.Nf" labels with the chart's locale when it localizes numbers.
    QVERIFY(chart.chart()->localizeNumbers());
    QCOMPARE(chart.chart()->locale(), QLocale(QLocale::German, QLocale::Germany));
    QFETCH(double, sample);
    const int decimals = axis->labelFormat().mid(2, 1).toInt();
    QTEST(chart.chart()->locale().toString(sample, 'f', decimals), "label");
    QCOMPARE(axis->min(), 0.0);
    QVERIFY(axis->max() >= *std::max_element(values.begin(), values.end()));
}

void TestChartFormat::explanationCountsTheSeriesSteps_data()
{
    QTest::addColumn<Common::Grain>("grain");
    QTest::addColumn<bool>("seasonal");
    QTest::addColumn<QString>("expected");
    QTest::newRow("day") << Common::Grain::Day << false << QStringLiteral("trailing 7-day window");
    QTest::newRow("day, seasonal") << Common::Grain::Day << true << QStringLiteral("same weekday of the last 7 weeks");
    QTest::newRow("week") << Common::Grain::Week << true << QStringLiteral("trailing 7-week window");
    QTest::newRow("month") << Common::Grain::Month << false << QStringLiteral("trailing 7-month window");
    QTest::newRow("month, seasonal") << Common::Grain::Month << true << QStringLiteral("same month of the last 7 years");
    QTest::newRow("quarter, seasonal") << Common::Grain::Quarter << true << QStringLiteral("same quarter of the last 7 years");
}

void TestChartFormat::explanationCountsTheSeriesSteps()
{
    QFETCH(Common::Grain, grain);
    QFETCH(bool, seasonal);
    QFETCH(QString, expected);
    const QString text = Ui::anomalyExplanation(anomaly(QDate(2026, 1, 1), QStringLiteral("zscore"), seasonal), grain);
    QVERIFY2(text.contains(expected), qPrintable(text));
}

void TestChartFormat::anomalousDaysAreCountedOnce()
{
    // Day 5 is flagged by two methods, day 8 by one: two days, three markers.
    QList<double> values(12, 100.0);
    values[5] = 500;
    values[8] = 450;
    const QDate first(2026, 1, 1);
    Ui::KpiChart chart;
    chart.setData(QStringLiteral("m"), rows(values), Ui::Aggregate::Sum,
                  {anomaly(first.addDays(5), QStringLiteral("zscore")), anomaly(first.addDays(5), QStringLiteral("mad")),
                   anomaly(first.addDays(8), QStringLiteral("zscore"))});
    QCOMPARE(chart.anomalyDays(), (QList<QDate>{first.addDays(5), first.addDays(8)}));
    QCOMPARE(chart.anomalyMarkerCount(), 3);
    QStringList names;
    for (QAbstractSeries *series : chart.chart()->series()) {
        if (qobject_cast<QScatterSeries *>(series))
            names.append(series->name());
    }
    names.sort();
    QCOMPARE(names, (QStringList{QStringLiteral("Anomalies (mad): 1 day"), QStringLiteral("Anomalies (zscore): 2 days")}));
}

QTEST_MAIN(TestChartFormat)
#include "tst_chartformat.moc"
