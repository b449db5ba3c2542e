// The dashboard end to end, offscreen: drop-to-import, the KPI chart's points and gaps, anomaly
// markers against the stored anomalies, the forecast's bands and badge, cancelled imports, sample data.

#include "anomaly/anomalyservice.h"
#include "forecast/forecastservice.h"
#include "ingest/importer.h"
#include "jobs/jobmanager.h"
#include "storage/database.h"
#include "ui/anomalypanel.h"
#include "ui/batchesview.h"
#include "ui/chartview.h"
#include "ui/jobsview.h"
#include "ui/forecastchart.h"
#include "ui/importdialog.h"
#include "ui/kpichart.h"
#include "ui/rejectreasons.h"
#include "ui/mainwindow.h"

#include <QAbstractSeries>
#include <QApplication>
#include <QChart>
#include <QLineSeries>
#include <QComboBox>
#include <QLabel>
#include <QMessageBox>
#include <QMimeData>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QStackedWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUrl>

using namespace std::chrono_literals;

namespace {

constexpr int JobTimeoutMs = 120000;
const QDate FirstDay(2026, 1, 1);
constexpr int Days = 90;
// Days without events: the chart must break its line there.
const QList<int> MissingDays{10, 11, 40};
constexpr int SpikeDay = 60;

// A daily "visits" series with weekly seasonality, three missing days and one spike.
QString writeSeries(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write("timestamp,metric,value,user_id\n");
    for (int i = 0; i < Days; ++i) {
        if (MissingDays.contains(i))
            continue;
        const double value = i == SpikeDay ? 700 : 100 + (i % 7) * 5;
        const QDate day = FirstDay.addDays(i);
        // Two events a day, so count = 2 and the sum is the value.
        for (int k = 0; k < 2; ++k)
            file.write(QStringLiteral("%1T1%2:00:00Z,visits,%3,u%4\n")
                           .arg(day.toString(Qt::ISODate)).arg(k).arg(value / 2).arg(k).toUtf8());
    }
    return path;
}

qint64 count(Storage::Database &db, const char *table)
{
    QSqlQuery query(db.connection());
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM ") + QLatin1String(table)) || !query.next())
        return -1;
    return query.value(0).toLongLong();
}

void sendDrop(QWidget *target, const QString &path)
{
    QMimeData mime;
    mime.setUrls({QUrl::fromLocalFile(path)});
    const QPointF at(target->width() / 2.0, target->height() / 2.0);
    QDragEnterEvent enter(at.toPoint(), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QDropEvent drop(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
}

} // namespace

class TestDashboard final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void dropCsvImportsAndListsMetric();
    void droppingUnsupportedFileSaysWhy();
    void importSummaryListsRejectedRows();
    void kpiChartHasOnePointPerDayAndGaps();
    void anomalyMarkersMatchStoredAnomalies();
    void forecastShowsBandsAndStoredGrade();
    void cancellingImportLeavesDatabaseUnchanged();
    void sampleDataLoads();
    void deletingBatchRemovesMetric();
    void jobsViewListsScheduledJobs();

private:
    std::shared_ptr<Storage::Database> openDatabase();
    void importSeries(const std::shared_ptr<Storage::Database> &db);

    std::unique_ptr<QTemporaryDir> m_dir;
};

void TestDashboard::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

std::shared_ptr<Storage::Database> TestDashboard::openDatabase()
{
    auto db = Storage::Database::open(m_dir->filePath(QStringLiteral("ui.db")));
    if (!db)
        qFatal("cannot open the test database: %s", qPrintable(db.error().message));
    return *db;
}

void TestDashboard::importSeries(const std::shared_ptr<Storage::Database> &db)
{
    Ingest::ImportOptions options;
    options.source = QStringLiteral("web");
    auto summary = Ingest::Importer(db).importFile(writeSeries(m_dir->filePath(QStringLiteral("visits.csv"))), options);
    QVERIFY2(summary.ok(), summary.ok() ? "" : qPrintable(summary.error().message));
    QCOMPARE(summary->inserted, qint64(2 * (Days - MissingDays.size())));
}

void TestDashboard::dropCsvImportsAndListsMetric()
{
    auto db = openDatabase();
    Ui::MainWindow window(db);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QTRY_VERIFY(window.findChild<QStackedWidget *>(QStringLiteral("pages"))->currentIndex() == 0);

    const QString path = writeSeries(m_dir->filePath(QStringLiteral("shop-visits.csv")));
    sendDrop(&window, path);
    auto *dialog = window.findChild<Ui::ImportDialog *>();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isPreviewLoaded());
    QCOMPARE(dialog->previewTable()->rowCount(), 20);
    QCOMPARE(dialog->previewTable()->item(0, Ui::ImportDialog::MetricColumn)->text(), QStringLiteral("visits"));
    QCOMPARE(dialog->mappingBox(QStringLiteral("timestamp"))->currentText(), QStringLiteral("(automatic: timestamp)"));
    QCOMPARE(dialog->effectiveColumn(QStringLiteral("timestamp")), QStringLiteral("timestamp"));
    QCOMPARE(dialog->effectiveColumn(QStringLiteral("user_id")), QStringLiteral("user_id"));
    dialog->setSourceName(QStringLiteral("shop"));

    QSignalSpy finished(dialog, &Ui::ImportDialog::importFinished);
    QPushButton *import = dialog->findChild<QPushButton *>(QStringLiteral("importButton"));
    QVERIFY(import && import->isEnabled());
    import->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, JobTimeoutMs);
    QCOMPARE(finished.at(0).at(0).toBool(), true);
    QVERIFY(dialog->summary().has_value());
    QCOMPARE(dialog->summary()->inserted, qint64(2 * (Days - MissingDays.size())));
    QCOMPARE(dialog->summary()->rejected, qint64(0));

    QTRY_VERIFY(window.metrics().contains(Ui::SeriesKey{QStringLiteral("shop"), QStringLiteral("visits")}));
    QTRY_COMPARE(window.findChild<QStackedWidget *>(QStringLiteral("pages"))->currentIndex(), 1);
    QTRY_VERIFY(window.isSelectionLoaded());
    QCOMPARE(window.selection().metric, QStringLiteral("visits"));
    // The counts arrive separately from the metric list.
    QTRY_VERIFY(window.findChild<QLabel *>(QStringLiteral("statusCounts"))->text().contains(QLatin1String("174")));
    dialog->close();
}

void TestDashboard::droppingUnsupportedFileSaysWhy()
{
    auto db = openDatabase();
    Ui::MainWindow window(db);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QString path = m_dir->filePath(QStringLiteral("report.xlsx"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("PK\x03\x04");
    file.close();
    sendDrop(&window, path);
    QVERIFY(!window.findChild<Ui::ImportDialog *>());
    QVERIFY(window.lastDropError().contains(QLatin1String("report.xlsx")));
    QVERIFY(window.lastDropError().contains(QLatin1String("CSV")));
    auto *box = window.findChild<QMessageBox *>(QStringLiteral("unsupportedFileMessage"));
    QVERIFY(box);
    box->close();
}

void TestDashboard::importSummaryListsRejectedRows()
{
    auto db = openDatabase();
    Ui::MainWindow window(db);
    const QString path = m_dir->filePath(QStringLiteral("mixed.csv"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("timestamp,metric,value\n2026-01-01,a,1\nnot-a-date,a,2\n2026-01-02,a,abc\n2026-01-03,a,3\n");
    file.close();
    auto *dialog = window.openImportDialog(path);
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isPreviewLoaded());
    QCOMPARE(dialog->previewTable()->rowCount(), 4);
    QVERIFY(dialog->previewTable()->item(1, Ui::ImportDialog::StatusColumn)->text().contains(Ui::rejectReasonText(QStringLiteral("invalid_timestamp"))));
    QSignalSpy finished(dialog, &Ui::ImportDialog::importFinished);
    QVERIFY(dialog->startImport());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, JobTimeoutMs);
    QVERIFY(dialog->summary().has_value());
    QCOMPARE(dialog->summary()->inserted, qint64(2));
    QCOMPARE(dialog->summary()->rejected, qint64(2));
    QCOMPARE(dialog->rejectedTable()->rowCount(), 2);
    QCOMPARE(dialog->rejectedTable()->item(0, 0)->text(), QStringLiteral("3"));
    QCOMPARE(dialog->rejectedTable()->item(0, 2)->text(), QStringLiteral("not a date or time SmartData can read"));
    QCOMPARE(dialog->rejectedTable()->item(1, 1)->text(), QStringLiteral("value"));
    dialog->close();
}

void TestDashboard::kpiChartHasOnePointPerDayAndGaps()
{
    auto db = openDatabase();
    importSeries(db);
    Ui::MainWindow window(db);
    window.show();
    QTRY_VERIFY(window.isSelectionLoaded());
    window.setRange(Ui::RangePreset::All);
    QCOMPARE(window.kpiChart()->pointCount(), Days - int(MissingDays.size()));
    // Days 10-11 and 40 are missing: three runs of consecutive days, never a zero.
    QCOMPARE(window.kpiChart()->segmentCount(), 3);
    for (QAbstractSeries *series : window.kpiChart()->chart()->series()) {
        if (auto *line = qobject_cast<QLineSeries *>(series)) {
            const auto points = line->points();
            for (const QPointF &p : points)
                QVERIFY(p.y() > 0);
        }
    }
    // Zoom in, then Home resets.
    Ui::ChartView *view = window.kpiChart()->view();
    view->chart()->zoomIn();
    QVERIFY(view->chart()->isZoomed());
    QTest::keyClick(view, Qt::Key_Home);
    QVERIFY(!view->chart()->isZoomed());

    window.setRange(Ui::RangePreset::Last30);
    QCOMPARE(window.kpiChart()->pointCount(), 30);
    QCOMPARE(window.kpiChart()->segmentCount(), 1);
    window.setRange(Ui::RangePreset::Custom, FirstDay.addDays(5), FirstDay.addDays(14));
    QCOMPARE(window.kpiChart()->pointCount(), 8);
    QCOMPARE(window.kpiChart()->segmentCount(), 2);
}

void TestDashboard::anomalyMarkersMatchStoredAnomalies()
{
    auto db = openDatabase();
    importSeries(db);
    Ui::MainWindow window(db);
    window.show();
    QTRY_VERIFY(window.isSelectionLoaded());
    window.setRange(Ui::RangePreset::All);
    QCOMPARE(window.kpiChart()->anomalyMarkerCount(), 0);

    QSignalSpy finished(&window.jobManager(), &Jobs::JobManager::jobFinished);
    window.anomalyPanel()->runButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, JobTimeoutMs);
    auto *job = finished.at(0).at(0).value<Jobs::Job *>();
    QVERIFY2(job->succeeded(), qPrintable(job->record().message));
    QTRY_VERIFY(window.isSelectionLoaded());

    auto stored = Anomaly::AnomalyService(db).stored(QStringLiteral("web"), QStringLiteral("visits"));
    QVERIFY(stored.ok());
    QList<QDate> expected;
    for (const Anomaly::StoredAnomaly &anomaly : *stored) {
        if (anomaly.isOutlier)
            expected.append(anomaly.day);
    }
    QVERIFY(expected.contains(FirstDay.addDays(SpikeDay)));
    QCOMPARE(window.kpiChart()->anomalyDays(), expected);
    QCOMPARE(window.anomalyPanel()->table()->rowCount(), expected.size());
    QVERIFY(window.anomalyPanel()->table()->item(0, 3)->text().contains(QLatin1String(" sd"))); // the default (stl) says why in noise sd
    // Clicking an anomalous day zooms the chart to it.
    QVERIFY(!window.kpiChart()->chart()->isZoomed());
    Q_EMIT window.anomalyPanel()->table()->cellClicked(0, 0);
    QVERIFY(window.kpiChart()->chart()->isZoomed());
}

void TestDashboard::forecastShowsBandsAndStoredGrade()
{
    auto db = openDatabase();
    importSeries(db);
    Ui::MainWindow window(db);
    window.show();
    QTRY_VERIFY(window.isSelectionLoaded());
    QCOMPARE(window.forecastChart()->bandCount(), 0);

    QSignalSpy finished(&window.jobManager(), &Jobs::JobManager::jobFinished);
    window.forecastChart()->runButton()->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, JobTimeoutMs);
    auto *job = finished.at(0).at(0).value<Jobs::Job *>();
    QVERIFY2(job->succeeded(), qPrintable(job->record().message));
    QTRY_VERIFY(window.isSelectionLoaded());

    auto run = Forecast::ForecastService(db).latestRun(QStringLiteral("web"), QStringLiteral("visits"));
    QVERIFY(run.ok() && run->has_value());
    QCOMPARE(window.forecastChart()->bandCount(), 2);
    QCOMPARE(window.forecastChart()->forecastPointCount(), window.forecastChart()->horizon());
    QCOMPARE(window.forecastChart()->forecastPointCount(), (*run)->horizon);
    QVERIFY(!(*run)->reliabilityGrade.isEmpty());
    QCOMPARE(window.forecastChart()->grade(), (*run)->reliabilityGrade);
    QVERIFY(window.forecastChart()->badge()->text().contains((*run)->reliabilityGrade));
    QVERIFY(window.forecastChart()->badge()->text().contains(QLatin1String("5 folds")));
    QVERIFY(window.forecastChart()->modelLabel()->text().contains((*run)->model.toHtmlEscaped()));
    int areas = 0;
    for (QAbstractSeries *series : window.forecastChart()->chart()->series())
        areas += series->type() == QAbstractSeries::SeriesTypeArea;
    QCOMPARE(areas, 2);
}

void TestDashboard::cancellingImportLeavesDatabaseUnchanged()
{
    auto db = openDatabase();
    importSeries(db);
    const qint64 events = count(*db, "clean_events"), raw = count(*db, "raw_events"), batches = count(*db, "ingest_batches"),
                 daily = count(*db, "metric_daily");

    // Large enough that the import is still running when it is cancelled.
    const QString path = m_dir->filePath(QStringLiteral("big.csv"));
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray chunk = "timestamp,metric,value,event_id\n";
        for (int i = 0; i < 300000; ++i) {
            chunk += "2026-02-" + QByteArray::number(1 + i % 28).rightJustified(2, '0') + "T10:00:00Z,big," + QByteArray::number(i % 97)
                   + ",e" + QByteArray::number(i) + '\n';
            if (chunk.size() > (1 << 20)) {
                file.write(chunk);
                chunk.clear();
            }
        }
        file.write(chunk);
    }
    Ui::MainWindow window(db);
    window.show();
    auto *dialog = window.openImportDialog(path);
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isPreviewLoaded());
    QSignalSpy finished(dialog, &Ui::ImportDialog::importFinished);
    QSignalSpy progress(&window.jobManager(), &Jobs::JobManager::jobProgressChanged);
    QVERIFY(dialog->startImport());
    QVERIFY(dialog->isImporting());
    // Cancel mid-way, once rows are being written, so that the rollback is what is tested.
    QTRY_VERIFY_WITH_TIMEOUT(progress.count() > 0, JobTimeoutMs);
    QVERIFY(dialog->isImporting());
    dialog->cancelImport();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, JobTimeoutMs);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QVERIFY(dialog->errorText().contains(QLatin1String("cancelled")));
    QCOMPARE(count(*db, "clean_events"), events);
    QCOMPARE(count(*db, "raw_events"), raw);
    QCOMPARE(count(*db, "ingest_batches"), batches);
    QCOMPARE(count(*db, "metric_daily"), daily);
    QTRY_VERIFY(window.isSelectionLoaded());
    QVERIFY(!window.metrics().contains(Ui::SeriesKey{QStringLiteral("big"), QStringLiteral("big")}));
    dialog->close();
}

void TestDashboard::sampleDataLoads()
{
    auto db = openDatabase();
    Ui::MainWindow window(db);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy finished(&window.jobManager(), &Jobs::JobManager::jobFinished);
    auto *button = window.findChild<QPushButton *>(QStringLiteral("loadSampleButton"));
    QVERIFY(button && button->isVisible());
    button->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, JobTimeoutMs);
    auto *job = finished.at(0).at(0).value<Jobs::Job *>();
    QVERIFY2(job->succeeded(), qPrintable(job->record().error ? job->record().error->message : job->record().message));

    const QString source = QStringLiteral("sample-shop");
    QTRY_VERIFY(window.metrics().size() == 3);
    for (const char *metric : {"orders", "page_views", "signups"})
        QVERIFY(window.metrics().contains(Ui::SeriesKey{source, QLatin1String(metric)}));
    QVERIFY(!button->isVisible());
    QTRY_VERIFY(window.isSelectionLoaded());
    QCOMPARE(window.selection().metric, QStringLiteral("orders"));
    window.setRange(Ui::RangePreset::All);
    // A year of orders with a two-day outage (a gap, not zeros).
    QCOMPARE(window.kpiChart()->pointCount(), 363);
    QCOMPARE(window.kpiChart()->segmentCount(), 2);
    QVERIFY(window.kpiChart()->anomalyMarkerCount() > 0);
    QCOMPARE(window.forecastChart()->bandCount(), 2);
    QVERIFY(!window.forecastChart()->grade().isEmpty());
}

void TestDashboard::deletingBatchRemovesMetric()
{
    auto db = openDatabase();
    importSeries(db);
    Ui::MainWindow window(db);
    window.show();
    QTRY_VERIFY(window.isSelectionLoaded());
    QTRY_COMPARE(window.batchesView()->batchCount(), 1);
    const qint64 id = window.batchesView()->table()->item(0, 0)->data(Qt::UserRole).toLongLong();
    QSignalSpy finished(&window.jobManager(), &Jobs::JobManager::jobFinished);
    QVERIFY(window.batchesView()->deleteBatch(id, false));
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, JobTimeoutMs);
    QVERIFY(finished.at(0).at(0).value<Jobs::Job *>()->succeeded());
    QTRY_VERIFY(window.metrics().isEmpty());
    QTRY_COMPARE(window.batchesView()->batchCount(), 0);
    QCOMPARE(count(*db, "clean_events"), qint64(0));
    QTRY_COMPARE(window.findChild<QStackedWidget *>(QStringLiteral("pages"))->currentIndex(), 0);
}

void TestDashboard::jobsViewListsScheduledJobs()
{
    auto db = openDatabase();
    Ui::MainWindow window(db);
    QTRY_VERIFY(window.jobsView()->scheduledTable()->rowCount() >= 2);
    QStringList names;
    for (int r = 0; r < window.jobsView()->scheduledTable()->rowCount(); ++r)
        names.append(window.jobsView()->scheduledTable()->item(r, 0)->text());
    QVERIFY(names.contains(QStringLiteral("daily-kpis")));
    QVERIFY(names.contains(QStringLiteral("daily-housekeeping")));
    QSignalSpy finished(&window.jobManager(), &Jobs::JobManager::jobFinished);
    auto *runNow = window.jobsView()->findChild<QPushButton *>(QStringLiteral("runNow_daily-kpis"));
    QVERIFY(runNow);
    runNow->click();
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, JobTimeoutMs);
    QVERIFY(finished.at(0).at(0).value<Jobs::Job *>()->succeeded());
    QTRY_COMPARE(window.jobsView()->runsTable()->rowCount(), 1);
    QCOMPARE(window.jobsView()->runsTable()->item(0, 1)->text(), QStringLiteral("succeeded"));
}

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
