// Dark mode: forcing the dark theme gives the charts a dark background and light axis labels, the
// series colours of the dark palette, and switching back to light restores the light look; the
// Settings dialog stores and applies the choice.

#include "forecast/forecastservice.h"
#include "jobs/jobmanager.h"
#include "jobs/standardjobs.h"
#include "storage/database.h"
#include "ui/chartpalette.h"
#include "ui/chartview.h"
#include "ui/forecastchart.h"
#include "ui/kpichart.h"
#include "ui/settingsdialog.h"
#include "ui/thememanager.h"

#include <QAbstractAxis>
#include <QComboBox>
#include <QTemporaryDir>
#include <QApplication>
#include <QChart>
#include <QLegend>
#include <QLineSeries>
#include <QScatterSeries>
#include <QStyle>
#include <QTest>

namespace {

QList<Kpi::DailyRow> rows()
{
    QList<Kpi::DailyRow> list;
    for (int i = 0; i < 20; ++i) {
        Kpi::DailyRow row;
        row.day = QDate(2026, 1, 1).addDays(i);
        row.sum = 100 + i;
        row.count = 1;
        row.avg = *row.sum;
        row.min = row.max = *row.sum;
        list.append(row);
    }
    return list;
}

Anomaly::StoredAnomaly anomaly()
{
    Anomaly::StoredAnomaly a;
    a.day = QDate(2026, 1, 5);
    a.method = QStringLiteral("zscore");
    a.isOutlier = true;
    return a;
}

QColor lineColor(QChart *chart)
{
    for (QAbstractSeries *series : chart->series()) {
        if (auto *line = qobject_cast<QLineSeries *>(series); line && !qobject_cast<QScatterSeries *>(series))
            return line->color();
    }
    return {};
}

} // namespace

class TestChartTheme final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QCoreApplication::setApplicationName(QStringLiteral("smartdata-test-charttheme"));
        m_startStyle = QApplication::style()->name();
    }
    void cleanup() { Ui::ThemeManager::apply(Ui::Theme::System); }

    void paletteDarkness()
    {
        QVERIFY(Ui::ChartPalette::forPalette(Ui::ThemeManager::darkPalette()).dark);
        QVERIFY(!Ui::ChartPalette::forPalette(Ui::ThemeManager::lightPalette()).dark);
        // The data colours differ between the two, and stand out from either background.
        const auto dark = Ui::ChartPalette::forPalette(Ui::ThemeManager::darkPalette());
        const auto light = Ui::ChartPalette::forPalette(Ui::ThemeManager::lightPalette());
        QVERIFY(dark.series != light.series);
        for (const auto &p : {dark, light}) {
            for (const QColor &c : {p.series, p.overlay, p.forecast, p.method(QStringLiteral("zscore")),
                                    p.method(QStringLiteral("mad")), p.method(QStringLiteral("iforest"))})
                QVERIFY2(std::abs(c.lightnessF() - p.background.lightnessF()) > 0.2, qPrintable(c.name()));
        }
    }

    void forcedDarkGivesDarkChartsAndBackRestores()
    {
        Ui::KpiChart chart;
        chart.resize(700, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setData(QStringLiteral("orders — sum per day"), rows(), Ui::Aggregate::Sum, {anomaly()});
        const QColor lightBackground = chart.chart()->backgroundBrush().color();
        QVERIFY(lightBackground.lightnessF() > 0.5);
        const QColor lightLine = lineColor(chart.chart());

        Ui::ThemeManager::apply(Ui::Theme::Dark);
        QCOMPARE(QApplication::style()->name().toLower(), QStringLiteral("fusion"));
        // (a window's palette follows the application's through a posted event)
        QTRY_VERIFY(chart.chart()->backgroundBrush().color().lightnessF() < 0.3);
        const auto axes = chart.chart()->axes();
        QVERIFY(axes.size() >= 2);
        for (QAbstractAxis *axis : axes)
            QVERIFY2(axis->labelsColor().lightnessF() > 0.7, qPrintable(axis->labelsColor().name()));
        QVERIFY(chart.chart()->titleBrush().color().lightnessF() > 0.7);
        QVERIFY(chart.chart()->legend()->labelColor().lightnessF() > 0.7);
        QCOMPARE(lineColor(chart.chart()), Ui::ChartPalette::forPalette(Ui::ThemeManager::darkPalette()).series);
        QVERIFY(lineColor(chart.chart()) != lightLine);
        QCOMPARE(chart.anomalyMarkerCount(), 1); // redrawn, data kept

        Ui::ThemeManager::apply(Ui::Theme::Light);
        QTRY_VERIFY(chart.chart()->backgroundBrush().color().lightnessF() > 0.8);
        for (QAbstractAxis *axis : chart.chart()->axes())
            QVERIFY(axis->labelsColor().lightnessF() < 0.4);
        QCOMPARE(lineColor(chart.chart()), lightLine);

        Ui::ThemeManager::apply(Ui::Theme::System);
        QCOMPARE(QApplication::style()->name(), m_startStyle);
        QTRY_COMPARE(chart.chart()->backgroundBrush().color(), lightBackground);
    }

    void forecastChartFollowsToo()
    {
        Ui::ForecastChart chart;
        chart.resize(700, 400);
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        Forecast::DailyHistory history;
        history.first = QDate(2026, 1, 1);
        for (int i = 0; i < 30; ++i)
            history.values.push_back(10 + i);
        chart.setData(QStringLiteral("history"), history, std::nullopt, 0);
        Ui::ThemeManager::apply(Ui::Theme::Dark);
        // (a window's palette follows the application's through a posted event)
        QTRY_VERIFY(chart.chart()->backgroundBrush().color().lightnessF() < 0.3);
        for (QAbstractAxis *axis : chart.chart()->axes())
            QVERIFY(axis->labelsColor().lightnessF() > 0.7);
        Ui::ThemeManager::apply(Ui::Theme::System);
        QTRY_VERIFY(chart.chart()->backgroundBrush().color().lightnessF() > 0.5);
    }

    void storedThemeRoundTrip()
    {
        Ui::ThemeManager::storeTheme(Ui::Theme::Dark);
        QCOMPARE(Ui::ThemeManager::storedTheme(), Ui::Theme::Dark);
        Ui::ThemeManager::storeTheme(Ui::Theme::System);
        QCOMPARE(Ui::ThemeManager::storedTheme(), Ui::Theme::System);
        QCOMPARE(Ui::ThemeManager::fromKey(QStringLiteral("nonsense")), Ui::Theme::System);
    }

    void settingsDialogStoresAndApplies()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto db = Storage::Database::open(dir.filePath(QStringLiteral("theme.db")));
        QVERIFY(db.ok());
        Jobs::JobRegistry registry;
        Jobs::registerStandardJobs(registry);
        Jobs::JobManager jobs(*db, std::move(registry));
        Ui::KpiChart chart;
        chart.show();
        QVERIFY(QTest::qWaitForWindowExposed(&chart));
        chart.setData(QStringLiteral("orders — sum per day"), rows(), Ui::Aggregate::Sum, {});
        {
            Ui::SettingsDialog dialog(*db, jobs, nullptr);
            QCOMPARE(dialog.themeBox()->currentData().toInt(), int(Ui::Theme::System));
            dialog.themeBox()->setCurrentIndex(dialog.themeBox()->findData(int(Ui::Theme::Dark)));
            QVERIFY2(dialog.apply(), qPrintable(dialog.problems()));
        }
        QCOMPARE(Ui::ThemeManager::storedTheme(), Ui::Theme::Dark);
        QVERIFY(Ui::ChartPalette::current().dark);
        QTRY_VERIFY(chart.chart()->backgroundBrush().color().lightnessF() < 0.3);
        {
            Ui::SettingsDialog dialog(*db, jobs, nullptr);
            QCOMPARE(dialog.themeBox()->currentData().toInt(), int(Ui::Theme::Dark));
            dialog.themeBox()->setCurrentIndex(dialog.themeBox()->findData(int(Ui::Theme::System)));
            QVERIFY(dialog.apply());
        }
        QCOMPARE(Ui::ThemeManager::storedTheme(), Ui::Theme::System);
        QTRY_VERIFY(chart.chart()->backgroundBrush().color().lightnessF() > 0.5);
    }

private:
    QString m_startStyle;
};

QTEST_MAIN(TestChartTheme)
#include "tst_charttheme.moc"
