// One aggregate everywhere: the dashboard's Show choice drives the chart, the header, the anomaly
// detection (run on the shown aggregate, markers on the plotted values) and the forecast (fitted on
// the shown aggregate; its title says which). Min and max cannot be detected or forecast: the
// buttons say so instead of running on something else.

#include "anomaly/anomalyservice.h"
#include "forecast/forecastservice.h"
#include "ingest/importer.h"
#include "jobs/jobmanager.h"
#include "storage/database.h"
#include "ui/anomalypanel.h"
#include "ui/chartview.h"
#include "ui/forecastchart.h"
#include "ui/kpichart.h"
#include "ui/mainwindow.h"

#include <QChart>
#include <QComboBox>
#include <QLabel>
#include <QMenu>
#include <QTabWidget>
#include <QDateEdit>
#include <QLineSeries>
#include <QPushButton>
#include <QScatterSeries>
#include <QSettings>
#include <QTableWidget>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

Q_DECLARE_METATYPE(Ui::Aggregate)

namespace {

constexpr int JobTimeoutMs = 120000;
const QDate FirstDay(2026, 1, 5);
constexpr int Days = 60;
constexpr int SpikeDay = 45;

// Days of 2 to 4 events from as many users, values 10 + 5k + i % 7; day 45 has 12 events of 100 from
// 12 users: a spike in the sum, the count, the average and the distinct users alike.
QString writeSeries(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("timestamp,metric,value,user_id\n");
    for (int i = 0; i < Days; ++i) {
        const QDate day = FirstDay.addDays(i);
        const int events = i == SpikeDay ? 12 : 2 + i % 3;
        for (int k = 0; k < events; ++k) {
            const int value = i == SpikeDay ? 100 : 10 + 5 * k + i % 7;
            file.write(QStringLiteral("%1T%2:00:00Z,visits,%3,u%4\n")
                           .arg(day.toString(Qt::ISODate)).arg(8 + k, 2, 10, QLatin1Char('0')).arg(value).arg(k).toUtf8());
        }
    }
    return path;
}

void setShown(Ui::MainWindow &window, Ui::Aggregate aggregate)
{
    auto *box = window.findChild<QComboBox *>(QStringLiteral("aggregate"));
    QVERIFY(box);
    box->setCurrentIndex(box->findData(int(aggregate)));
    QCOMPARE(box->currentData().toInt(), int(aggregate));
}

Jobs::Job *runAndWait(Ui::MainWindow &window, QPushButton *button)
{
    QSignalSpy finished(&window.jobManager(), &Jobs::JobManager::jobFinished);
    button->click();
    if (!QTest::qWaitFor([&] { return finished.count() == 1; }, JobTimeoutMs))
        return nullptr;
    if (!QTest::qWaitFor([&] { return window.isSelectionLoaded(); }, JobTimeoutMs))
        return nullptr;
    return finished.at(0).at(0).value<Jobs::Job *>();
}

// The plotted value of every day (all line segments of the chart).
QHash<QDate, double> plotted(QChart *chart)
{
    QHash<QDate, double> values;
    for (QAbstractSeries *series : chart->series()) {
        if (auto *line = qobject_cast<QLineSeries *>(series)) {
            const auto points = line->points();
            for (const QPointF &p : points)
                values.insert(Ui::xToDay(p.x()), p.y());
        }
    }
    return values;
}

QList<QPointF> markers(QChart *chart)
{
    QList<QPointF> points;
    for (QAbstractSeries *series : chart->series()) {
        if (auto *scatter = qobject_cast<QScatterSeries *>(series))
            points += scatter->points();
    }
    return points;
}

} // namespace

class TestAggregate final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void markersSitOnThePlottedValue_data();
    void markersSitOnThePlottedValue();
    void minAndMaxCannotBeDetectedOrForecast_data();
    void minAndMaxCannotBeDetectedOrForecast();
    void headerSummarisesTheShownAggregate_data();
    void headerSummarisesTheShownAggregate();
    void forecastIsFittedOnTheShownAggregate();
    void monthlySeriesSpeaksOfMonths();
    void savedViewRoundTrip();

private:
    std::shared_ptr<Storage::Database> m_db;
    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestAggregate::initTestCase()
{
    QCoreApplication::setApplicationName(QStringLiteral("smartdata-tst-aggregate"));
}

void TestAggregate::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QSettings(QCoreApplication::applicationName()).clear();
    auto db = Storage::Database::open(m_dir->filePath(QStringLiteral("ui.db")));
    QVERIFY2(db.ok(), db.ok() ? "" : qPrintable(db.error().message));
    m_db = *db;
    Ingest::ImportOptions options;
    options.source = QStringLiteral("web");
    auto summary = Ingest::Importer(m_db).importFile(writeSeries(m_dir->filePath(QStringLiteral("visits.csv"))), options);
    QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
}

void TestAggregate::markersSitOnThePlottedValue_data()
{
    QTest::addColumn<Ui::Aggregate>("aggregate");
    QTest::addColumn<QString>("field");
    QTest::newRow("sum") << Ui::Aggregate::Sum << QStringLiteral("value_sum");
    QTest::newRow("count") << Ui::Aggregate::Count << QStringLiteral("value_count");
    QTest::newRow("average") << Ui::Aggregate::Average << QStringLiteral("value_avg");
    QTest::newRow("distinct users") << Ui::Aggregate::Distinct << QStringLiteral("value_distinct");
}

void TestAggregate::markersSitOnThePlottedValue()
{
    QFETCH(Ui::Aggregate, aggregate);
    QFETCH(QString, field);
    Ui::MainWindow window(m_db);
    window.show();
    QTRY_VERIFY(window.isSelectionLoaded());
    window.setRange(Ui::RangePreset::All);
    setShown(window, aggregate);

    Jobs::Job *job = runAndWait(window, window.anomalyPanel()->runButton());
    QVERIFY(job);
    QVERIFY2(job->succeeded(), qPrintable(job->record().message));

    // Detection ran on the shown aggregate and stored it so.
    auto stored = Anomaly::AnomalyService(m_db).stored(QStringLiteral("web"), QStringLiteral("visits"));
    QVERIFY(stored.ok());
    QHash<QDate, double> storedValues;
    for (const Anomaly::StoredAnomaly &anomaly : *stored) {
        QCOMPARE(anomaly.field, field);
        if (anomaly.isOutlier && anomaly.value)
            storedValues.insert(anomaly.day, *anomaly.value);
    }
    QVERIFY(storedValues.contains(FirstDay.addDays(SpikeDay)));

    // Every marker sits on the plotted value of its day, which is the value the detector tested.
    const QHash<QDate, double> values = plotted(window.kpiChart()->chart());
    const QList<QPointF> points = markers(window.kpiChart()->chart());
    QCOMPARE(points.size(), storedValues.size());
    for (const QPointF &p : points) {
        const QDate day = Ui::xToDay(p.x());
        QVERIFY2(values.contains(day), qPrintable(day.toString(Qt::ISODate)));
        QCOMPARE(p.y(), values.value(day));
        QCOMPARE(p.y(), storedValues.value(day));
    }

    // Another aggregate shows none of these markers: they are not its anomalies.
    setShown(window, aggregate == Ui::Aggregate::Sum ? Ui::Aggregate::Count : Ui::Aggregate::Sum);
    QCOMPARE(window.kpiChart()->anomalyMarkerCount(), 0);
    QCOMPARE(window.anomalyPanel()->table()->rowCount(), 0);
    setShown(window, aggregate);
    QCOMPARE(window.kpiChart()->anomalyMarkerCount(), storedValues.size());
}

void TestAggregate::minAndMaxCannotBeDetectedOrForecast_data()
{
    QTest::addColumn<Ui::Aggregate>("aggregate");
    QTest::newRow("min") << Ui::Aggregate::Min;
    QTest::newRow("max") << Ui::Aggregate::Max;
}

void TestAggregate::minAndMaxCannotBeDetectedOrForecast()
{
    QFETCH(Ui::Aggregate, aggregate);
    Ui::MainWindow window(m_db);
    window.show();
    QTRY_VERIFY(window.isSelectionLoaded());
    window.setRange(Ui::RangePreset::All);
    setShown(window, aggregate);
    QVERIFY(!window.anomalyPanel()->runButton()->isEnabled());
    QVERIFY(!window.forecastChart()->runButton()->isEnabled());
    QVERIFY(window.forecastChart()->findChild<QLabel *>(QStringLiteral("forecastState"))->text().contains(QLatin1String("under Show")));
    // The chart plots the days' minimums or maximums.
    const QHash<QDate, double> values = plotted(window.kpiChart()->chart());
    QCOMPARE(values.size(), Days);
    QCOMPARE(values.value(FirstDay.addDays(1)), aggregate == Ui::Aggregate::Min ? 11.0 : 21.0);
    // Back to the sum: both run again.
    setShown(window, Ui::Aggregate::Sum);
    QVERIFY(window.anomalyPanel()->runButton()->isEnabled());
    QVERIFY(window.forecastChart()->runButton()->isEnabled());
    QVERIFY(window.forecastChart()->findChild<QLabel *>(QStringLiteral("forecastState"))->text().isEmpty());
}

void TestAggregate::headerSummarisesTheShownAggregate_data()
{
    // Day i: 2 + i % 3 events of 10 + 5k + i % 7 (k = 0..), day 45: 12 events of 100.
    qint64 events = 0;
    double sum = 0, lowest = 1e9, highest = 0;
    for (int i = 0; i < Days; ++i) {
        const int n = i == SpikeDay ? 12 : 2 + i % 3;
        for (int k = 0; k < n; ++k) {
            const double value = i == SpikeDay ? 100 : 10 + 5 * k + i % 7;
            sum += value;
            lowest = std::min(lowest, value);
            highest = std::max(highest, value);
        }
        events += n;
    }
    const QLocale locale;
    QTest::addColumn<Ui::Aggregate>("aggregate");
    QTest::addColumn<QString>("expected");
    QTest::newRow("sum") << Ui::Aggregate::Sum << QStringLiteral("total: %1").arg(locale.toString(sum, 'f', 0));
    QTest::newRow("count") << Ui::Aggregate::Count << QStringLiteral("events: %1").arg(locale.toString(events));
    QTest::newRow("average") << Ui::Aggregate::Average << QStringLiteral("average: %1").arg(locale.toString(sum / double(events), 'f', 2));
    QTest::newRow("distinct") << Ui::Aggregate::Distinct << QStringLiteral("most users in a day: 12");
    QTest::newRow("min") << Ui::Aggregate::Min << QStringLiteral("lowest: %1").arg(lowest);
    QTest::newRow("max") << Ui::Aggregate::Max << QStringLiteral("highest: %1").arg(highest);
}

void TestAggregate::headerSummarisesTheShownAggregate()
{
    QFETCH(Ui::Aggregate, aggregate);
    QFETCH(QString, expected);
    Ui::MainWindow window(m_db);
    window.show();
    QTRY_VERIFY(window.isSelectionLoaded());
    window.setRange(Ui::RangePreset::All);
    setShown(window, aggregate);
    const QString title = window.findChild<QLabel *>(QStringLiteral("dashboardTitle"))->text();
    QVERIFY2(title.contains(QStringLiteral("days: %1").arg(Days)), qPrintable(title));
    QVERIFY2(title.contains(expected), qPrintable(title + QStringLiteral(" lacks ") + expected));
    QVERIFY(window.kpiChart()->chart()->title().contains(Ui::aggregatePhrase(aggregate) + QStringLiteral(" per day")));
}

void TestAggregate::forecastIsFittedOnTheShownAggregate()
{
    Ui::MainWindow window(m_db);
    window.show();
    QTRY_VERIFY(window.isSelectionLoaded());
    window.setRange(Ui::RangePreset::All);
    setShown(window, Ui::Aggregate::Count);
    Jobs::Job *job = runAndWait(window, window.forecastChart()->runButton());
    QVERIFY(job);
    QVERIFY2(job->succeeded(), qPrintable(job->record().message));
    QCOMPARE(window.forecastChart()->forecastPointCount(), window.forecastChart()->horizon());
    QVERIFY2(window.forecastChart()->chart()->title().contains(QLatin1String("count per day")),
             qPrintable(window.forecastChart()->chart()->title()));
    // The history drawn is the counts: 2 to 4 a day, 12 on the spike day.
    double highest = 0;
    for (QAbstractSeries *series : window.forecastChart()->chart()->series()) {
        if (series->name() == QLatin1String("History")) {
            const auto points = static_cast<QLineSeries *>(series)->points();
            for (const QPointF &p : points)
                highest = std::max(highest, p.y());
        }
    }
    QCOMPARE(highest, 12.0);
    // The stored run was fitted on counts: its forecasts are counts, not sums in the hundreds.
    auto run = Forecast::ForecastService(m_db).latestRun(QStringLiteral("web"), QStringLiteral("visits"));
    QVERIFY(run.ok() && run->has_value());
    QVERIFY((*run)->points.first().yhat < 20);
    // The sum has no forecast of its own yet; the count's shows again when chosen.
    setShown(window, Ui::Aggregate::Sum);
    QCOMPARE(window.forecastChart()->forecastPointCount(), 0);
    setShown(window, Ui::Aggregate::Count);
    QCOMPARE(window.forecastChart()->forecastPointCount(), window.forecastChart()->horizon());
}

void TestAggregate::monthlySeriesSpeaksOfMonths()
{
    // 24 first-of-month values, as AirPassengers: the header counts months, the titles say per month.
    const QString path = m_dir->filePath(QStringLiteral("monthly.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("date,metric,value\n");
    for (int i = 0; i < 24; ++i)
        file.write(QStringLiteral("%1,passengers,%2\n").arg(QDate(1949, 1, 1).addMonths(i).toString(Qt::ISODate)).arg(100 + i).toUtf8());
    file.close();
    Ingest::ImportOptions options;
    options.source = QStringLiteral("airline");
    QVERIFY(Ingest::Importer(m_db).importFile(path, options).ok());
    Ui::MainWindow window(m_db);
    window.show();
    QTRY_VERIFY(window.isSelectionLoaded());
    QVERIFY(window.selectMetric(QStringLiteral("airline"), QStringLiteral("passengers")));
    QTRY_VERIFY(window.isSelectionLoaded());
    window.setRange(Ui::RangePreset::All);
    setShown(window, Ui::Aggregate::Sum);
    const QString title = window.findChild<QLabel *>(QStringLiteral("dashboardTitle"))->text();
    QVERIFY2(title.contains(QLatin1String("months: 24")), qPrintable(title));
    QVERIFY2(window.kpiChart()->chart()->title().contains(QLatin1String("sum per month")), qPrintable(window.kpiChart()->chart()->title()));
    QVERIFY(window.forecastChart()->chart()->title().contains(QLatin1String("sum per month")));
    QCOMPARE(window.kpiChart()->grain(), Common::Grain::Month);
}

void TestAggregate::savedViewRoundTrip()
{
    // One view saved with every choice changed from its default, then everything changed again:
    // opening the view brings each choice back, in this window and in a new one.
    Anomaly::AnomalyParams mad = Anomaly::AnomalyParams::defaults(Anomaly::Method::RobustZ);
    mad.window = 14;
    {
        Ui::MainWindow window(m_db);
        window.show();
        QTRY_VERIFY(window.isSelectionLoaded());
        setShown(window, Ui::Aggregate::Average);
        window.setRange(Ui::RangePreset::Custom, FirstDay.addDays(10), FirstDay.addDays(40));
        window.findChild<QTabWidget *>(QStringLiteral("dashboardTabs"))->setCurrentIndex(1);
        window.anomalyPanel()->setParams(mad);
        window.saveCurrentView(QStringLiteral("averages, 31 days"));

        setShown(window, Ui::Aggregate::Count);
        window.setRange(Ui::RangePreset::Last7);
        window.findChild<QTabWidget *>(QStringLiteral("dashboardTabs"))->setCurrentIndex(0);
        window.anomalyPanel()->setParams(Anomaly::AnomalyParams::defaults(Anomaly::Method::RollingZ));
        // The menu lists it.
        QStringList names;
        for (QAction *action : window.savedViewsMenu()->actions())
            names.append(action->text());
        QVERIFY2(names.contains(QStringLiteral("averages, 31 days")), qPrintable(names.join(QLatin1Char('|'))));
    }
    Ui::MainWindow window(m_db);
    window.show();
    QTRY_VERIFY(window.isSelectionLoaded());
    QVERIFY(window.openView(QStringLiteral("averages, 31 days")));
    QTRY_VERIFY(window.isSelectionLoaded());
    QCOMPARE(window.findChild<QComboBox *>(QStringLiteral("aggregate"))->currentData().toInt(), int(Ui::Aggregate::Average));
    QCOMPARE(window.visibleRange(), qMakePair(FirstDay.addDays(10), FirstDay.addDays(40)));
    QCOMPARE(window.kpiChart()->pointCount(), 31);
    QCOMPARE(window.findChild<QTabWidget *>(QStringLiteral("dashboardTabs"))->currentIndex(), 1);
    QCOMPARE(window.anomalyPanel()->params().paramsKey(), mad.paramsKey());
    QCOMPARE(window.currentView().metric, QStringLiteral("visits"));
    QVERIFY(!window.openView(QStringLiteral("no such view")));
    Ui::SavedViews::remove(QStringLiteral("averages, 31 days"));
    QVERIFY(!window.openView(QStringLiteral("averages, 31 days")));
}

QTEST_MAIN(TestAggregate)
#include "tst_aggregate.moc"
