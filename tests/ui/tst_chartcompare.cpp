// Compare, roll-up and anomaly markers on the KPI chart: an overlay on its own right-hand axis or on
// the metric's, with a legend entry and a tooltip line; roll-up to weeks and months that adds sums and
// counts, takes least and greatest for min and max, recomputes the average from sum and count, and is
// refused for distinct users; markers of several methods that stay apart (shape, size, outline) and
// that "Clear anomaly markers" removes from the chart without touching the anomalies given.

#include "ui/chartview.h"
#include "ui/dateaxis.h"
#include "ui/kpichart.h"
#include "ui/rollup.h"

#include <QAction>
#include <QChart>
#include <QComboBox>
#include <QGraphicsScene>
#include <QGraphicsTextItem>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QMenu>
#include <QScatterSeries>
#include <QSignalSpy>
#include <QTest>
#include <QToolButton>
#include <QValueAxis>

namespace {

const QDate First(2026, 3, 2); // a Monday

Kpi::DailyRow row(const QDate &day, double sum, qint64 count, double min, double max)
{
    Kpi::DailyRow r;
    r.day = day;
    r.sum = sum;
    r.count = count;
    r.avg = sum / double(count);
    r.min = min;
    r.max = max;
    r.distinct = 1;
    return r;
}

QList<Kpi::DailyRow> days(int n, double scale = 1)
{
    QList<Kpi::DailyRow> list;
    for (int i = 0; i < n; ++i)
        list.append(row(First.addDays(i), scale * (10 + i), 1 + i % 3, i, 20 + i));
    return list;
}

Anomaly::StoredAnomaly anomaly(int dayIndex, const QString &method)
{
    Anomaly::StoredAnomaly a;
    a.day = First.addDays(dayIndex);
    a.method = method;
    a.isOutlier = true;
    a.runAt = QStringLiteral("2026-04-01T00:00:00Z");
    return a;
}

QList<QScatterSeries *> markers(QChart *chart)
{
    QList<QScatterSeries *> list;
    for (QAbstractSeries *series : chart->series()) {
        if (auto *scatter = qobject_cast<QScatterSeries *>(series))
            list.append(scatter);
    }
    return list;
}

QList<QLineSeries *> overlaySeries(QChart *chart)
{
    QList<QLineSeries *> list;
    for (QAbstractSeries *series : chart->series()) {
        if (series->objectName() == QLatin1String("overlaySeries"))
            list.append(qobject_cast<QLineSeries *>(series));
    }
    return list;
}

} // namespace

class TestChartCompare final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom)); // weeks start on Monday
        m_chart = std::make_unique<Ui::KpiChart>();
        m_chart->resize(900, 500);
        m_chart->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_chart.get()));
    }
    void cleanup() { m_chart.reset(); }

    void rollUpAddsUpExactly()
    {
        // 10 days from a Monday: a whole week and three days of the next.
        const QList<Ui::RolledUpRow> weeks = Ui::rollUp(days(10), Ui::Rollup::Week);
        QCOMPARE(weeks.size(), 2);
        QCOMPARE(weeks[0].row.day, First);
        QCOMPARE(weeks[0].days, 7);
        QCOMPARE(weeks[1].days, 3);
        QCOMPARE(weeks[1].lastDay, First.addDays(9));
        double sum = 0, min = 1e9, max = -1e9;
        qint64 count = 0;
        for (const Kpi::DailyRow &r : days(7)) {
            sum += *r.sum;
            count += r.count;
            min = std::min(min, r.min);
            max = std::max(max, r.max);
        }
        QCOMPARE(*weeks[0].row.sum, sum);
        QCOMPARE(weeks[0].row.count, count);
        QCOMPARE(weeks[0].row.min, min);
        QCOMPARE(weeks[0].row.max, max);
        QCOMPARE(weeks[0].row.avg, sum / double(count)); // not the mean of the daily means
        QVERIFY(!weeks[0].row.distinct);                 // cannot be rolled up
        const QList<Ui::RolledUpRow> months = Ui::rollUp(days(40), Ui::Rollup::Month);
        QCOMPARE(months.size(), 2);
        QCOMPARE(months[0].row.day, QDate(2026, 3, 1));
        QCOMPARE(months[0].days, 30); // 2 to 31 March
        QVERIFY(!Ui::rollupSupported(Ui::Aggregate::Distinct));
        for (auto a : {Ui::Aggregate::Sum, Ui::Aggregate::Count, Ui::Aggregate::Average, Ui::Aggregate::Min, Ui::Aggregate::Max})
            QVERIFY(Ui::rollupSupported(a));
    }

    void rollUpOnTheChart()
    {
        QSignalSpy changed(m_chart.get(), &Ui::KpiChart::rollupChanged);
        m_chart->setData(QStringLiteral("orders — sum per day"), days(28), Ui::Aggregate::Sum, {anomaly(3, QStringLiteral("zscore"))});
        QCOMPARE(m_chart->pointCount(), 28);
        QCOMPARE(m_chart->anomalyMarkerCount(), 1);
        m_chart->rollupBox()->setCurrentIndex(m_chart->rollupBox()->findData(int(Ui::Rollup::Week)));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().first().value<Ui::Rollup>(), Ui::Rollup::Week);
        QCOMPARE(m_chart->pointCount(), 4);
        QCOMPARE(m_chart->grain(), Common::Grain::Week);
        QCOMPARE(m_chart->chart()->title(), QStringLiteral("orders — sum per week"));
        QCOMPARE(m_chart->anomalyMarkerCount(), 0); // markers flag days
        // The plotted value of the first week is its sum.
        auto *line = qobject_cast<QLineSeries *>(m_chart->chart()->series().first());
        QVERIFY(line);
        QCOMPARE(line->at(0).y(), 10.0 + 11 + 12 + 13 + 14 + 15 + 16);
        // Distinct users: the roll-up is refused and days are shown.
        m_chart->setData(QStringLiteral("orders — distinct users per day"), days(28), Ui::Aggregate::Distinct, {});
        QVERIFY(!m_chart->rollupBox()->isEnabled());
        QCOMPARE(m_chart->effectiveRollup(), Ui::Rollup::None);
        QCOMPARE(m_chart->pointCount(), 28);
        // Back to a sum: the chosen roll-up applies again.
        m_chart->setData(QStringLiteral("orders — sum per day"), days(28), Ui::Aggregate::Sum, {});
        QCOMPARE(m_chart->pointCount(), 4);
        m_chart->setRollup(Ui::Rollup::None);
        QCOMPARE(m_chart->pointCount(), 28);
        QCOMPARE(m_chart->anomalyMarkerCount(), 0);
    }

    void rolledUpTooltipAndTicks()
    {
        m_chart->resize(480, 400);
        QTest::qWait(50);
        m_chart->setData(QStringLiteral("orders — sum per day"), days(1096), Ui::Aggregate::Sum, {});
        QTest::qWait(50);
        m_chart->setRollup(Ui::Rollup::Week); // redrawn at the same size
        QTest::qWait(50);                       // (QtCharts lays the new series out in a posted event)
        // The date axis fits its ticks to the plot (about one per 90 pixels), also when redrawn.
        Ui::DateAxis *axis = qobject_cast<Ui::DateAxis *>(m_chart->chart()->axes(Qt::Horizontal).first());
        QVERIFY(axis);
        QVERIFY2(axis->ticks().ticks.size() <= std::max(2, int(m_chart->chart()->plotArea().width() / 90)),
                 qPrintable(QString::number(axis->ticks().ticks.size())));
        // The tooltip of a week says which days it adds up.
        auto *line = qobject_cast<QLineSeries *>(m_chart->chart()->series().first());
        Ui::ChartView *view = m_chart->view();
        // (a pixel right of the week's point: a later day of that week)
        const QPointF inChart = m_chart->chart()->mapToPosition(line->at(1), line) + QPointF(1, 0);
        QTest::mouseMove(view->viewport(), view->mapFromScene(m_chart->chart()->mapToScene(inChart)));
        QTRY_VERIFY(!view->hoverText().isEmpty());
        QVERIFY(Ui::xToDay(m_chart->chart()->mapToValue(inChart, line).x()) != First.addDays(7));
        QVERIFY2(view->hoverText().contains(QStringLiteral("Week of")), qPrintable(view->hoverText()));
        QVERIFY2(view->hoverText().contains(QStringLiteral("7 days")), qPrintable(view->hoverText()));
        double sum = 0;
        for (int i = 7; i < 14; ++i)
            sum += 10 + i;
        QVERIFY2(view->hoverText().contains(QLocale().toString(sum, 'f', 0)), qPrintable(view->hoverText()));
    }

    void noDateLabelIsElided_data()
    {
        QTest::addColumn<int>("width");
        QTest::addColumn<int>("days");
        for (int width : {480, 640, 820, 1000, 1300}) {
            for (int n : {40, 120, 400, 1096}) // weeks, months, quarters, years
                QTest::addRow("%d px, %d days", width, n) << width << n;
        }
    }
    void noDateLabelIsElided()
    {
        QFETCH(int, width);
        QFETCH(int, days);
        m_chart->resize(width, 400);
        m_chart->setData(QStringLiteral("orders — sum per day"), ::days(days), Ui::Aggregate::Sum, {});
        QTest::qWait(50);
        m_chart->setRollup(Ui::Rollup::None); // (and once more at this size)
        m_chart->setData(QStringLiteral("orders — sum per day"), ::days(days), Ui::Aggregate::Sum, {});
        QTest::qWait(50);
        int labels = 0;
        const auto items = m_chart->chart()->scene()->items();
        for (QGraphicsItem *item : items) {
            if (auto *text = dynamic_cast<QGraphicsTextItem *>(item); text && text->isVisible()) {
                QVERIFY2(!text->toPlainText().endsWith(QLatin1String("...")), qPrintable(text->toPlainText()));
                ++labels;
            }
        }
        QVERIFY(labels > 3);
    }

    void overlayOnItsOwnAxis()
    {
        m_chart->setData(QStringLiteral("orders — sum per day"), days(20), Ui::Aggregate::Sum, {});
        m_chart->setOverlay(QStringLiteral("refunds"), days(20, 1000), true);
        QVERIFY(m_chart->hasOverlay());
        QCOMPARE(m_chart->overlayPointCount(), 20);
        const auto right = m_chart->chart()->axes(Qt::Vertical);
        QCOMPARE(right.size(), 2);
        QValueAxis *own = nullptr;
        for (QAbstractAxis *axis : right) {
            if (axis->objectName() == QLatin1String("overlayAxis"))
                own = qobject_cast<QValueAxis *>(axis);
        }
        QVERIFY(own);
        QCOMPARE(own->alignment(), Qt::AlignRight);
        QVERIFY(own->max() >= 1000 * 29);
        const auto overlay = overlaySeries(m_chart->chart());
        QCOMPARE(overlay.size(), 1);
        QVERIFY(overlay.first()->attachedAxes().contains(own));
        // A legend entry of its own.
        bool legend = false;
        for (QLegendMarker *marker : m_chart->chart()->legend()->markers())
            legend = legend || (marker->label() == QLatin1String("refunds") && marker->series()->isVisible());
        QVERIFY(legend);
        m_chart->clearOverlay();
        QVERIFY(!m_chart->hasOverlay());
        QCOMPARE(m_chart->chart()->axes(Qt::Vertical).size(), 1);
        QVERIFY(overlaySeries(m_chart->chart()).isEmpty());
    }

    void overlayOnTheSameAxis()
    {
        m_chart->setData(QStringLiteral("orders — sum per day"), days(20), Ui::Aggregate::Sum, {});
        m_chart->setOverlay(QStringLiteral("shop-eu"), days(20, 3), false);
        QCOMPARE(m_chart->chart()->axes(Qt::Vertical).size(), 1);
        auto *axis = qobject_cast<QValueAxis *>(m_chart->chart()->axes(Qt::Vertical).first());
        QVERIFY(axis->max() >= 3 * 29); // the range covers both
        // Rolled up with the chart.
        m_chart->setRollup(Ui::Rollup::Week);
        QCOMPARE(m_chart->overlayPointCount(), 3);
        QCOMPARE(overlaySeries(m_chart->chart()).first()->at(0).y(), 3.0 * (10 + 11 + 12 + 13 + 14 + 15 + 16));
    }

    void overlayTooltip()
    {
        m_chart->setData(QStringLiteral("orders — sum per day"), days(20), Ui::Aggregate::Sum, {});
        m_chart->setOverlay(QStringLiteral("refunds"), days(20, 1000), true);
        auto *line = qobject_cast<QLineSeries *>(m_chart->chart()->series().first());
        Ui::ChartView *view = m_chart->view();
        const QPointF inChart = m_chart->chart()->mapToPosition(line->at(4), line);
        const QPoint at = view->mapFromScene(m_chart->chart()->mapToScene(inChart));
        QTest::mouseMove(view->viewport(), at);
        QTRY_VERIFY(!view->hoverText().isEmpty());
        QVERIFY2(view->hoverText().contains(QStringLiteral("refunds: 14,000")), qPrintable(view->hoverText()));
    }

    void compareMenuRequestsOverlays()
    {
        QSignalSpy requested(m_chart.get(), &Ui::KpiChart::overlayRequested);
        QVERIFY(!m_chart->compareButton()->isVisibleTo(m_chart.get())); // nothing to compare with yet
        m_chart->setCompareChoices(QStringLiteral("shop"), QStringLiteral("orders"),
                                   {{QStringLiteral("shop"), QStringLiteral("orders")}, {QStringLiteral("shop"), QStringLiteral("refunds")},
                                    {QStringLiteral("shop-eu"), QStringLiteral("orders")}, {QStringLiteral("other"), QStringLiteral("visits")}});
        QVERIFY(m_chart->compareButton()->isVisibleTo(m_chart.get()));
        const auto menus = m_chart->compareButton()->menu()->findChildren<QMenu *>();
        QStringList offered;
        for (QMenu *menu : menus) {
            for (QAction *action : menu->actions())
                offered.append(action->text());
        }
        offered.sort();
        QCOMPARE(offered, (QStringList{QStringLiteral("refunds"), QStringLiteral("shop-eu")}));
        for (QMenu *menu : menus) {
            for (QAction *action : menu->actions())
                action->trigger();
        }
        QCOMPARE(requested.count(), 2);
        QList<QVariantList> calls{requested.at(0), requested.at(1)};
        std::sort(calls.begin(), calls.end(), [](const QVariantList &a, const QVariantList &b) { return a[0].toString() < b[0].toString(); });
        QCOMPARE(calls[0], (QVariantList{QStringLiteral("shop"), QStringLiteral("refunds"), true}));
        QCOMPARE(calls[1], (QVariantList{QStringLiteral("shop-eu"), QStringLiteral("orders"), false}));
    }

    void overlappingMarkersStayDistinguishable()
    {
        m_chart->setData(QStringLiteral("orders — sum per day"), days(20), Ui::Aggregate::Sum,
                         {anomaly(5, QStringLiteral("zscore")), anomaly(5, QStringLiteral("mad")), anomaly(5, QStringLiteral("iforest")),
                          anomaly(5, QStringLiteral("stl")), anomaly(5, QStringLiteral("newmethod"))});
        const QList<QScatterSeries *> list = markers(m_chart->chart());
        QCOMPARE(list.size(), 5);
        QSet<int> shapes;
        QSet<qreal> sizes;
        for (QScatterSeries *series : list) {
            shapes.insert(int(series->markerShape()));
            sizes.insert(series->markerSize());
            // Outlined in the background colour, so that a marker over another keeps its edge.
            QCOMPARE(series->pen().color(), m_chart->chart()->backgroundBrush().color());
            QVERIFY(series->pen().widthF() >= 1);
        }
        QCOMPARE(shapes.size(), 5);
        QCOMPARE(sizes.size(), 5);
        QSet<QRgb> colours;
        for (QScatterSeries *series : list)
            colours.insert(series->color().rgb());
        QCOMPARE(colours.size(), 5);
        // Drawn largest first: the smaller on top.
        for (qsizetype i = 1; i < list.size(); ++i)
            QVERIFY(list[i - 1]->markerSize() >= list[i]->markerSize());
    }

    void clearMarkersKeepsTheAnomalies()
    {
        const QList<Anomaly::StoredAnomaly> given{anomaly(5, QStringLiteral("zscore")), anomaly(8, QStringLiteral("mad"))};
        m_chart->setData(QStringLiteral("orders — sum per day"), days(20), Ui::Aggregate::Sum, given);
        QCOMPARE(m_chart->anomalyMarkerCount(), 2);
        QVERIFY(m_chart->view()->contextActions().contains(m_chart->clearMarkersAction()));
        QVERIFY(m_chart->clearMarkersAction()->isEnabled());
        m_chart->clearMarkersAction()->trigger();
        QVERIFY(m_chart->markersCleared());
        QVERIFY(markers(m_chart->chart()).isEmpty());
        QCOMPARE(m_chart->anomalyMarkerCount(), 0);
        QCOMPARE(m_chart->pointCount(), 20); // the line stays
        // The same anomalies again (a range change redraws): still cleared.
        m_chart->setData(QStringLiteral("orders — sum per day"), days(20), Ui::Aggregate::Sum, given);
        QVERIFY(markers(m_chart->chart()).isEmpty());
        // The action brings them back.
        m_chart->clearMarkersAction()->trigger();
        QCOMPARE(markers(m_chart->chart()).size(), 2);
        // Other anomalies (a new run) show even after clearing.
        m_chart->clearMarkers();
        m_chart->setData(QStringLiteral("orders — sum per day"), days(20), Ui::Aggregate::Sum, {anomaly(9, QStringLiteral("zscore"))});
        QCOMPARE(m_chart->anomalyMarkerCount(), 1);
    }

    void hiddenMethodByLegend()
    {
        m_chart->setData(QStringLiteral("orders — sum per day"), days(20), Ui::Aggregate::Sum,
                         {anomaly(5, QStringLiteral("zscore")), anomaly(5, QStringLiteral("mad"))});
        QLegendMarker *mad = nullptr;
        for (QLegendMarker *marker : m_chart->chart()->legend()->markers()) {
            if (marker->label().startsWith(QLatin1String("Anomalies (mad)")))
                mad = marker;
        }
        QVERIFY(mad);
        Q_EMIT mad->clicked();
        for (QScatterSeries *series : markers(m_chart->chart()))
            QCOMPARE(series->isVisible(), !series->name().startsWith(QLatin1String("Anomalies (mad)")));
    }

private:
    std::unique_ptr<Ui::KpiChart> m_chart;
};

QTEST_MAIN(TestChartCompare)
#include "tst_chartcompare.moc"
