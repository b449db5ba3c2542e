// The import dialog offscreen: mapping boxes that never empty, swaps in two clicks, "(none)", the
// Metric field, the source choice shown per row, number and zone controls reflected live in the
// preview, the day-boundary note for timestamps with an offset, the outcome of an import (failed,
// with warnings, duplicates split), and the rejected rows reviewed and saved from Import history.

#include "ingest/importer.h"
#include "jobs/jobmanager.h"
#include "jobs/standardjobs.h"
#include "storage/database.h"
#include "ui/batchesview.h"
#include "ui/filechooser.h"
#include "ui/importdialog.h"
#include "ui/rejectedrowsdialog.h"

#include <QAbstractItemView>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QRadioButton>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>

namespace {

constexpr int JobTimeoutMs = 60000;
using Kind = Ui::ImportDialog::MappingKind;

QStringList names(std::initializer_list<const char *> list)
{
    QStringList out;
    for (const char *name : list)
        out.append(QString::fromUtf8(name));
    return out;
}

QStringList boxEntries(QComboBox *box)
{
    QStringList entries;
    for (int i = 0; i < box->count(); ++i) {
        const auto kind = Kind(box->itemData(i, Ui::ImportDialog::MappingKindRole).toInt());
        entries.append(kind == Kind::Automatic ? QStringLiteral("(automatic)")
                       : kind == Kind::None    ? QStringLiteral("(none)")
                                               : box->itemText(i));
    }
    return entries;
}

QStringList column(QTableWidget *table, int c)
{
    QStringList cells;
    for (int r = 0; r < table->rowCount(); ++r)
        cells.append(table->item(r, c) ? table->item(r, c)->text() : QString());
    return cells;
}

// A person's two clicks: one opens the box, one picks the entry.
void clickEntry(QComboBox *box, const QString &text)
{
    QTest::mouseClick(box, Qt::LeftButton);
    QAbstractItemView *view = box->view();
    QTRY_VERIFY(view->isVisible());
    // The popup ignores a release that comes right after it opened (it would be the opening click's).
    QTest::qWait(QApplication::doubleClickInterval() + 100);
    const int row = box->findText(text);
    QVERIFY2(row >= 0, qPrintable(text));
    const QRect rect = view->visualRect(view->model()->index(row, 0));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, rect.center());
    QTRY_VERIFY(!view->isVisible());
}

} // namespace

class TestImportDialog final : public QObject
{
    Q_OBJECT

private slots:
    void init();
    void cleanup();
    void boxesListEveryColumn_data();
    void boxesListEveryColumn();
    void unmappedTimestampKeepsEveryChoice();
    void undetectedFileCanBeMapped();
    void swapTakesTwoClicks();
    void noneLeavesALookalikeColumnAlone();
    void metricFieldNamesRowsWithoutMetric();
    void sourceColumnOrOneSource();
    void decimalCommaAndThousandsInPreview();
    void epochUnitAndTimezoneInPreview();
    void offsetSaysWhereDaysAreCut();
    void everyRowRejectedIsAFailure();
    void manyRejectedIsAWarning();
    void sumBeyondRangeIsAWarning();
    void duplicatesAreSplit();
    void rejectedRowsAreReviewableAndSaved();

private:
    QString write(const QString &name, const QByteArray &content);
    Ui::ImportDialog *open(const QString &path);
    Ingest::ImportSummary runImport(Ui::ImportDialog *dialog);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::shared_ptr<Storage::Database> m_db;
    std::unique_ptr<Jobs::JobManager> m_jobs;
    std::unique_ptr<Ui::ImportDialog> m_dialog;
};

void TestImportDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    auto db = Storage::Database::open(m_dir->filePath(QStringLiteral("import.db")));
    QVERIFY(db.ok());
    m_db = *db;
    Jobs::JobRegistry registry;
    Jobs::registerStandardJobs(registry);
    m_jobs = std::make_unique<Jobs::JobManager>(m_db, std::move(registry));
}

void TestImportDialog::cleanup()
{
    m_dialog.reset();
    m_jobs.reset();
    m_db.reset();
}

QString TestImportDialog::write(const QString &name, const QByteArray &content)
{
    const QString path = m_dir->filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(content);
    return path;
}

Ui::ImportDialog *TestImportDialog::open(const QString &path)
{
    m_dialog = std::make_unique<Ui::ImportDialog>(m_db, *m_jobs, path);
    m_dialog->show();
    if (!QTest::qWaitForWindowExposed(m_dialog.get()))
        return nullptr;
    if (!QTest::qWaitFor([this] { return m_dialog->isPreviewLoaded(); }, 10000))
        return nullptr;
    return m_dialog.get();
}

Ingest::ImportSummary TestImportDialog::runImport(Ui::ImportDialog *dialog)
{
    QSignalSpy finished(dialog, &Ui::ImportDialog::importFinished);
    if (!dialog->importButton()->isEnabled() || !dialog->startImport())
        return {};
    if (!QTest::qWaitFor([&] { return finished.count() == 1; }, JobTimeoutMs) || !finished.at(0).at(0).toBool())
        return {};
    return *dialog->summary();
}

void TestImportDialog::boxesListEveryColumn_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QStringList>("columns");
    QTest::newRow("plain csv") << "plain.csv" << QByteArray("timestamp,metric,value\n2026-01-01T00:00:00Z,a,1\n")
                               << names({"timestamp", "metric", "value"});
    QTest::newRow("german export, nothing detected")
        << "export.csv" << QByteArray("Datum;Umsatz;Filiale\n2024-12-31;1.234,56;Köln\n")
        << names({"Datum", "Umsatz", "Filiale"});
    QTest::newRow("ndjson") << "events.ndjson" << QByteArray("{\"ts\":\"2026-01-01\",\"amount\":2,\"shop\":\"x\"}\n")
                            << names({"ts", "amount", "shop"});
}

void TestImportDialog::boxesListEveryColumn()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QStringList, columns);
    Ui::ImportDialog *dialog = open(write(name, content));
    QVERIFY(dialog);
    QCOMPARE(dialog->columns(), columns);
    for (const char *role : {"timestamp", "value", "metric", "user_id", "event_id", "source"}) {
        QComboBox *box = dialog->mappingBox(QLatin1String(role));
        QVERIFY(box);
        const bool required = qstrcmp(role, "timestamp") == 0 || qstrcmp(role, "value") == 0;
        const QStringList expected = (required ? QStringList{QStringLiteral("(automatic)")}
                                               : QStringList{QStringLiteral("(automatic)"), QStringLiteral("(none)")})
                                   + columns;
        QCOMPARE(boxEntries(box), expected);
        QVERIFY(box->isEnabled() || qstrcmp(role, "source") == 0);
    }
}

// Taking the timestamp's column for another role leaves the timestamp without one: the dialog says
// so beside the boxes, keeps every column in every box, and one choice puts it right again.
void TestImportDialog::unmappedTimestampKeepsEveryChoice()
{
    Ui::ImportDialog *dialog = open(write(QStringLiteral("shop.csv"), "time,amount,kind\n2026-01-01T10:00:00Z,3,orders\n"));
    QVERIFY(dialog);
    QVERIFY(dialog->mappingProblem().isEmpty());
    QVERIFY(dialog->importButton()->isEnabled());
    QCOMPARE(dialog->effectiveColumn(QStringLiteral("timestamp")), QStringLiteral("time"));

    QVERIFY(dialog->chooseMapping(QStringLiteral("metric"), Kind::Column, QStringLiteral("time")));
    QTRY_VERIFY(dialog->isPreviewLoaded());
    QVERIFY(dialog->mappingProblem().contains(QLatin1String("Timestamp")));
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("importMappingProblem"))->isVisible());
    QVERIFY(!dialog->importButton()->isEnabled());
    for (const char *role : {"timestamp", "value", "metric", "user_id", "event_id", "source"}) {
        const QStringList entries = boxEntries(dialog->mappingBox(QLatin1String(role)));
        for (const char *c : {"time", "amount", "kind"})
            QVERIFY2(entries.contains(QLatin1String(c)), role);
    }

    QVERIFY(dialog->chooseMapping(QStringLiteral("timestamp"), Kind::Column, QStringLiteral("time")));
    QTRY_VERIFY(dialog->isPreviewLoaded());
    QVERIFY(dialog->mappingProblem().isEmpty());
    QVERIFY(dialog->importButton()->isEnabled());
    // The metric had no column before: it gets none now.
    QCOMPARE(dialog->mappingBox(QStringLiteral("metric"))->currentText(), QStringLiteral("(none)"));
    QCOMPARE(column(dialog->previewTable(), Ui::ImportDialog::TimestampColumn),
             QStringList{QStringLiteral("2026-01-01T10:00:00.000Z")});
}

// A file whose columns match no synonym opens with every column listed and a message, not a dead
// end; choosing the two columns imports it.
void TestImportDialog::undetectedFileCanBeMapped()
{
    Ui::ImportDialog *dialog = open(write(QStringLiteral("export.csv"), "Stichtag;Erlös;Filiale\n2024-12-30;12;Köln\n2024-12-31;7;Bonn\n"));
    QVERIFY(dialog);
    QVERIFY(!dialog->mappingProblem().isEmpty());
    QVERIFY(!dialog->importButton()->isEnabled());
    // The rows show as text meanwhile, to choose by.
    QCOMPARE(column(dialog->previewTable(), Ui::ImportDialog::StatusColumn),
             (QStringList{QStringLiteral("not read yet: 2024-12-30;12;Köln"), QStringLiteral("not read yet: 2024-12-31;7;Bonn")}));
    QVERIFY(dialog->chooseMapping(QStringLiteral("timestamp"), Kind::Column, QStringLiteral("Stichtag")));
    QTRY_VERIFY(dialog->isPreviewLoaded());
    QVERIFY(dialog->mappingProblem().contains(QLatin1String("Value")));
    QVERIFY(!dialog->mappingProblem().contains(QLatin1String("Timestamp")));
    QVERIFY(dialog->chooseMapping(QStringLiteral("value"), Kind::Column, QStringLiteral("Erlös")));
    QTRY_VERIFY(dialog->isPreviewLoaded());
    QVERIFY(dialog->mappingProblem().isEmpty());
    QCOMPARE(column(dialog->previewTable(), Ui::ImportDialog::StatusColumn), (QStringList{QStringLiteral("ok"), QStringLiteral("ok")}));
    const Ingest::ImportSummary summary = runImport(dialog);
    QCOMPARE(summary.inserted, qint64(2));
}

void TestImportDialog::swapTakesTwoClicks()
{
    Ui::ImportDialog *dialog = open(write(QStringLiteral("users.csv"), "timestamp,value,user,id\n2026-01-01,1,alice,e1\n"));
    QVERIFY(dialog);
    QCOMPARE(dialog->effectiveColumn(QStringLiteral("user_id")), QStringLiteral("user"));
    QCOMPARE(dialog->effectiveColumn(QStringLiteral("event_id")), QStringLiteral("id"));
    clickEntry(dialog->mappingBox(QStringLiteral("user_id")), QStringLiteral("id"));
    QTRY_VERIFY(dialog->isPreviewLoaded());
    QCOMPARE(dialog->mappingBox(QStringLiteral("user_id"))->currentText(), QStringLiteral("id"));
    QCOMPARE(dialog->mappingBox(QStringLiteral("event_id"))->currentText(), QStringLiteral("user"));
    QCOMPARE(dialog->previewTable()->item(0, Ui::ImportDialog::UserColumn)->text(), QStringLiteral("e1"));
    QCOMPARE(dialog->previewTable()->item(0, Ui::ImportDialog::EventColumn)->text(), QStringLiteral("alice"));
    QVERIFY(dialog->mappingProblem().isEmpty());
}

// "name" looks like a metric column; "(none)" keeps it an attribute and the rows get the Metric field.
void TestImportDialog::noneLeavesALookalikeColumnAlone()
{
    Ui::ImportDialog *dialog = open(write(QStringLiteral("people.csv"), "timestamp,value,name\n2026-01-01T08:00:00Z,5,Ada\n"));
    QVERIFY(dialog);
    QCOMPARE(dialog->previewTable()->item(0, Ui::ImportDialog::MetricColumn)->text(), QStringLiteral("Ada"));
    QVERIFY(dialog->chooseMapping(QStringLiteral("metric"), Kind::None));
    QTRY_VERIFY(dialog->isPreviewLoaded());
    QCOMPARE(dialog->effectiveColumn(QStringLiteral("metric")), QString());
    QCOMPARE(dialog->effectiveColumn(QStringLiteral("timestamp")), QStringLiteral("timestamp"));
    QCOMPARE(dialog->previewTable()->item(0, Ui::ImportDialog::MetricColumn)->text(), QStringLiteral("events_total"));
    QCOMPARE(dialog->previewTable()->item(0, Ui::ImportDialog::StatusColumn)->text(), QStringLiteral("ok"));
    const Ingest::ImportSummary summary = runImport(dialog);
    QCOMPARE(summary.inserted, qint64(1));
    QCOMPARE(summary.metrics, QStringList{QStringLiteral("events_total")});
}

void TestImportDialog::metricFieldNamesRowsWithoutMetric()
{
    Ui::ImportDialog *dialog = open(write(QStringLiteral("revenue.csv"), "date,amount\n2026-01-01,10\n2026-01-02,11\n"));
    QVERIFY(dialog);
    QCOMPARE(column(dialog->previewTable(), Ui::ImportDialog::MetricColumn),
             (QStringList{QStringLiteral("events_total"), QStringLiteral("events_total")}));
    auto *metric = dialog->findChild<QLineEdit *>(QStringLiteral("importMetric"));
    QVERIFY(metric && metric->isEnabled());
    metric->setFocus();
    QTest::keyClicks(metric, QStringLiteral("revenue"));
    QTRY_COMPARE(column(dialog->previewTable(), Ui::ImportDialog::MetricColumn),
                 (QStringList{QStringLiteral("revenue"), QStringLiteral("revenue")}));
    QTRY_VERIFY(dialog->isPreviewLoaded());
    const Ingest::ImportSummary summary = runImport(dialog);
    QCOMPARE(summary.metrics, QStringList{QStringLiteral("revenue")});
}

// A file with a source column keeps its sources (shown per row); "one source for all rows" names
// every row, in the preview and in the database.
void TestImportDialog::sourceColumnOrOneSource()
{
    const QByteArray content("timestamp,value,source\n2026-01-01,1,shop-eu\n2026-01-01,2,shop-us\n2026-01-02,3,\n");
    Ui::ImportDialog *dialog = open(write(QStringLiteral("multi.csv"), content));
    QVERIFY(dialog);
    QVERIFY(dialog->isSourceFromColumn());
    auto *note = dialog->findChild<QLabel *>(QStringLiteral("importSourceNote"));
    QVERIFY(note->text().contains(QLatin1String("source")));
    QCOMPARE(column(dialog->previewTable(), Ui::ImportDialog::SourceColumn),
             (QStringList{QStringLiteral("shop-eu"), QStringLiteral("shop-us"), QStringLiteral("default")}));
    QVERIFY(!dialog->findChild<QLineEdit *>(QStringLiteral("importSource"))->isEnabled());

    dialog->findChild<QRadioButton *>(QStringLiteral("importSourceFixed"))->click();
    auto *name = dialog->findChild<QLineEdit *>(QStringLiteral("importSource"));
    QVERIFY(name->isEnabled());
    name->setText(QStringLiteral("shop"));
    QCOMPARE(column(dialog->previewTable(), Ui::ImportDialog::SourceColumn),
             (QStringList{QStringLiteral("shop"), QStringLiteral("shop"), QStringLiteral("shop")}));
    QVERIFY(note->text().contains(QLatin1String("not used")));
    name->clear();
    QVERIFY(!dialog->importButton()->isEnabled()); // a source needs a name
    name->setText(QStringLiteral("shop"));
    QCOMPARE(runImport(dialog).sources, QStringList{QStringLiteral("shop")});

    Ui::ImportDialog *again = open(write(QStringLiteral("multi2.csv"), content));
    QVERIFY(again->isSourceFromColumn());
    QCOMPARE(runImport(again).sources, (QStringList{QStringLiteral("default"), QStringLiteral("shop-eu"), QStringLiteral("shop-us")}));

    Ui::ImportDialog *plain = open(write(QStringLiteral("plain-file.csv"), "timestamp,value\n2026-01-01,1\n"));
    QVERIFY(!plain->isSourceFromColumn());
    QCOMPARE(plain->previewTable()->item(0, Ui::ImportDialog::SourceColumn)->text(), QStringLiteral("plain-file"));
}

void TestImportDialog::decimalCommaAndThousandsInPreview()
{
    const auto choose = [](QComboBox *box, int value) {
        box->setCurrentIndex(box->findData(value));
        Q_EMIT box->activated(box->currentIndex());
    };
    const QLocale locale;
    Ui::ImportDialog *dialog = open(write(QStringLiteral("umsatz.csv"), "timestamp;value\n2024-12-30;1.234,56\n2024-12-31;7,5\n"));
    QVERIFY(dialog);
    // Detected from the file: a decimal comma and a point between thousands.
    QCOMPARE(column(dialog->previewTable(), Ui::ImportDialog::ValueColumn),
             (QStringList{locale.toString(1234.56, 'g', 15), locale.toString(7.5, 'g', 15)}));
    auto *decimal = dialog->findChild<QComboBox *>(QStringLiteral("importDecimalMark"));
    choose(decimal, int(Ingest::DecimalMark::Point));
    QTRY_VERIFY(dialog->isPreviewLoaded());
    QVERIFY(dialog->previewTable()->item(1, Ui::ImportDialog::StatusColumn)->text().contains(QLatin1String("not a number")));
    auto *useComma = dialog->findChild<QPushButton *>(QStringLiteral("importUseDecimalComma"));
    QVERIFY(useComma->isVisible());
    useComma->click();
    QTRY_VERIFY(dialog->isPreviewLoaded());
    QCOMPARE(decimal->currentData().toInt(), int(Ingest::DecimalMark::Comma));
    QVERIFY(!useComma->isVisible());
    QCOMPARE(column(dialog->previewTable(), Ui::ImportDialog::ValueColumn),
             (QStringList{locale.toString(1234.56, 'g', 15), locale.toString(7.5, 'g', 15)}));
    QCOMPARE(runImport(dialog).inserted, qint64(2));

    Ui::ImportDialog *us = open(write(QStringLiteral("sales.csv"), "timestamp,value\n2024-12-30,\"1,234.5\"\n"));
    auto *thousands = us->findChild<QComboBox *>(QStringLiteral("importThousands"));
    choose(thousands, int(Ingest::ThousandsSeparator::None));
    QTRY_VERIFY(us->isPreviewLoaded());
    QVERIFY(us->previewTable()->item(0, Ui::ImportDialog::StatusColumn)->text() != QLatin1String("ok"));
    choose(thousands, int(Ingest::ThousandsSeparator::Comma));
    QTRY_VERIFY(us->isPreviewLoaded());
    QCOMPARE(us->previewTable()->item(0, Ui::ImportDialog::ValueColumn)->text(), locale.toString(1234.5, 'g', 15));

    // Day-first dates, by order and by an exact format.
    Ui::ImportDialog *dates = open(write(QStringLiteral("dates.csv"), "timestamp;value\n03.04.2024;1\n"));
    auto *order = dates->findChild<QComboBox *>(QStringLiteral("importDateOrder"));
    choose(order, int(Ingest::DateOrder::MonthFirst));
    QTRY_VERIFY(dates->isPreviewLoaded());
    QCOMPARE(dates->previewTable()->item(0, Ui::ImportDialog::DayColumn)->text(), QStringLiteral("2024-03-04"));
    choose(order, int(Ingest::DateOrder::DayFirst));
    QTRY_VERIFY(dates->isPreviewLoaded());
    QCOMPARE(dates->previewTable()->item(0, Ui::ImportDialog::DayColumn)->text(), QStringLiteral("2024-04-03"));
    auto *format = dates->findChild<QLineEdit *>(QStringLiteral("importDateFormat"));
    format->setFocus();
    QTest::keyClicks(format, QStringLiteral("MM.dd.yyyy"));
    QTRY_COMPARE(dates->previewTable()->item(0, Ui::ImportDialog::DayColumn)->text(), QStringLiteral("2024-03-04"));
}

void TestImportDialog::epochUnitAndTimezoneInPreview()
{
    Ui::ImportDialog *dialog = open(write(QStringLiteral("epoch.csv"), "timestamp,value,note\n1700000000,1,a\n2024-07-01 12:00,2,b\n"));
    QVERIFY(dialog);
    QCOMPARE(dialog->previewTable()->item(0, Ui::ImportDialog::TimestampColumn)->text(), QStringLiteral("2023-11-14T22:13:20.000Z"));
    auto *unit = dialog->findChild<QComboBox *>(QStringLiteral("importEpochUnit"));
    unit->setCurrentIndex(unit->findData(int(Ingest::EpochUnit::Milliseconds)));
    Q_EMIT unit->activated(unit->currentIndex());
    QTRY_VERIFY(dialog->isPreviewLoaded());
    QCOMPARE(dialog->previewTable()->item(0, Ui::ImportDialog::TimestampColumn)->text(), QStringLiteral("1970-01-20T16:13:20.000Z"));
    auto *zone = dialog->findChild<QComboBox *>(QStringLiteral("importTimezone"));
    zone->setCurrentIndex(zone->findText(QStringLiteral("Europe/Berlin")));
    Q_EMIT zone->activated(zone->currentIndex());
    QTRY_VERIFY(dialog->isPreviewLoaded());
    QCOMPARE(dialog->previewTable()->item(1, Ui::ImportDialog::TimestampColumn)->text(), QStringLiteral("2024-07-01T10:00:00.000Z"));
}

// Timestamps at +01:00 while days are cut in UTC: the dialog says where, shows the day each row
// counts on, and offers the file's zone, which then moves the rows to their local day.
void TestImportDialog::offsetSaysWhereDaysAreCut()
{
    Ui::ImportDialog *dialog = open(write(QStringLiteral("late.csv"),
                                          "timestamp,value\n2024-12-31T00:30:00+01:00,1\n2024-12-31T12:00:00+01:00,2\n"));
    QVERIFY(dialog);
    QCOMPARE(column(dialog->previewTable(), Ui::ImportDialog::DayColumn),
             (QStringList{QStringLiteral("2024-12-30"), QStringLiteral("2024-12-31")}));
    const QString note = dialog->dayBoundaryNote();
    QVERIFY2(note.contains(QLatin1String("UTC+01:00")) && note.contains(QLatin1String("01:00")), qPrintable(note));
    QVERIFY2(note.contains(QLatin1String("Line 2")) && note.contains(QLatin1String("2024-12-30")), qPrintable(note));
    QCOMPARE(dialog->suggestedDayZone(), QStringLiteral("UTC+01:00"));
    auto *use = dialog->findChild<QPushButton *>(QStringLiteral("importUseFileZone"));
    QVERIFY(use->isVisible());
    use->click();
    QTRY_VERIFY(dialog->isPreviewLoaded());
    QCOMPARE(m_db->setting(QStringLiteral("kpi.timezone")), QStringLiteral("UTC+01:00"));
    QCOMPARE(column(dialog->previewTable(), Ui::ImportDialog::DayColumn),
             (QStringList{QStringLiteral("2024-12-31"), QStringLiteral("2024-12-31")}));
    QVERIFY(dialog->dayBoundaryNote().isEmpty());
    QVERIFY(!use->isVisible());
}

void TestImportDialog::everyRowRejectedIsAFailure()
{
    Ui::ImportDialog *dialog = open(write(QStringLiteral("bad.csv"), "timestamp,value\nsoon,1\nlater,2\n"));
    QVERIFY(dialog);
    QVERIFY(!dialog->findChild<QPushButton *>(QStringLiteral("importShowRejected"))->isVisible());
    QSignalSpy finished(dialog, &Ui::ImportDialog::importFinished);
    QVERIFY(dialog->startImport());
    QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, JobTimeoutMs);
    QCOMPARE(finished.at(0).at(0).toBool(), false);
    QCOMPARE(dialog->outcome(), Ui::ImportDialog::Outcome::Failed);
    QVERIFY(dialog->outcomeText().contains(QLatin1String("Import of bad.csv failed")));
    QVERIFY(dialog->findChild<QTextBrowser *>(QStringLiteral("importResult"))->toHtml().contains(QLatin1String("#c62828")));
    auto *all = dialog->findChild<QPushButton *>(QStringLiteral("importShowRejected"));
    QVERIFY(all->isVisible());
    QVERIFY(dialog->importButton()->isEnabled()); // change the settings and try again
}

void TestImportDialog::manyRejectedIsAWarning()
{
    QByteArray content("timestamp,value\n");
    for (int i = 1; i <= 18; ++i)
        content += QStringLiteral("2026-01-%1,%2\n").arg(i, 2, 10, QLatin1Char('0')).arg(i).toUtf8();
    content += "2026-01-19,n/a\n2026-01-20,n/a\n"; // 2 of 20 rows: 10%
    Ui::ImportDialog *dialog = open(write(QStringLiteral("some-bad.csv"), content));
    QCOMPARE(runImport(dialog).inserted, qint64(18));
    QCOMPARE(dialog->outcome(), Ui::ImportDialog::Outcome::Warnings);
    QVERIFY(dialog->outcomeText().contains(QLatin1String("with warnings")));
    QVERIFY2(dialog->outcomeText().contains(QLatin1String("2 of 20 rows")), qPrintable(dialog->outcomeText()));
}

// A day whose sum is beyond the largest double: imported with warnings, and the dialog says which.
void TestImportDialog::sumBeyondRangeIsAWarning()
{
    Ui::ImportDialog *dialog = open(write(QStringLiteral("huge.csv"), "timestamp,metric,value\n2026-01-01T10:00:00,load,1e308\n"
                                                                       "2026-01-01T11:00:00,load,1e308\n2026-01-02,load,5\n"));
    QCOMPARE(runImport(dialog).inserted, qint64(3));
    QCOMPARE(dialog->outcome(), Ui::ImportDialog::Outcome::Warnings);
    QVERIFY2(dialog->outcomeText().contains(QLatin1String("The sum of load on")), qPrintable(dialog->outcomeText()));
    QVERIFY2(dialog->outcomeText().contains(QLatin1String("is not stored")), qPrintable(dialog->outcomeText()));
    QVERIFY(!dialog->outcomeText().contains(QLatin1String("rows were rejected")));
}

void TestImportDialog::duplicatesAreSplit()
{
    QByteArray content("timestamp,value\n");
    for (int i = 1; i <= 28; ++i)
        content += QStringLiteral("2026-02-%1,%2\n").arg(i, 2, 10, QLatin1Char('0')).arg(i).toUtf8();
    content += "2026-02-01,1\n2026-02-02,2\n"; // 2 of 30 rows repeat inside the file: over 1%
    const QString path = write(QStringLiteral("repeats.csv"), content);
    Ui::ImportDialog *dialog = open(path);
    const Ingest::ImportSummary first = runImport(dialog);
    QCOMPARE(first.inserted, qint64(28));
    QCOMPARE(first.duplicatesInFile, qint64(2));
    QVERIFY2(dialog->outcomeText().contains(QStringLiteral("0 already stored · 2 repeated inside this file")),
             qPrintable(dialog->outcomeText()));
    QVERIFY2(dialog->outcomeText().contains(QLatin1String("repeat an earlier row of this file")), qPrintable(dialog->outcomeText()));

    Ui::ImportDialog *again = open(path);
    const Ingest::ImportSummary second = runImport(again);
    QCOMPARE(second.inserted, qint64(0));
    // Every row, the repeats too, is already stored now.
    QCOMPARE(second.duplicatesStored, qint64(30));
    QVERIFY(again->outcomeText().contains(QStringLiteral("30 already stored · 0 repeated inside this file")));
    QVERIFY(!again->outcomeText().contains(QLatin1String("repeat an earlier row")));
}

// Import history → Rejected Rows lists every rejected row (not only the summary's first hundred),
// in words, and saves them as the file's own CSV, which imports once fixed.
void TestImportDialog::rejectedRowsAreReviewableAndSaved()
{
    QByteArray content("timestamp;value;shop\n");
    for (int i = 0; i < 150; ++i)
        content += QStringLiteral("2026-03-01T%1:%2:00Z;%3;bonn\n")
                       .arg(i / 60, 2, 10, QLatin1Char('0'))
                       .arg(i % 60, 2, 10, QLatin1Char('0'))
                       .arg(i % 2 ? QStringLiteral("n/a") : QString::number(i))
                       .toUtf8();
    Ui::ImportDialog *dialog = open(write(QStringLiteral("half-bad.csv"), content));
    const Ingest::ImportSummary summary = runImport(dialog);
    QCOMPARE(summary.rejected, qint64(75));

    Ui::BatchesView history(m_db, *m_jobs);
    QSignalSpy reloaded(&history, &Ui::BatchesView::reloaded);
    QTRY_VERIFY(reloaded.count() > 0);
    QCOMPARE(history.batchCount(), 1);
    auto *button = history.findChild<QPushButton *>(QStringLiteral("showRejectedRows"));
    QVERIFY(!button->isEnabled());
    history.table()->selectRow(0);
    QVERIFY(button->isEnabled());
    // A double-click opens it as well.
    Q_EMIT history.table()->cellDoubleClicked(0, 1);
    auto *viewer = history.findChild<Ui::RejectedRowsDialog *>();
    QVERIFY(viewer);
    QTRY_VERIFY(viewer->isLoaded());
    QCOMPARE(viewer->model()->rowCount(), 75);
    const auto cell = [viewer](int row, int column) { return viewer->model()->index(row, column).data().toString(); };
    QCOMPARE(cell(0, Ui::RejectedRowsModel::LineColumn), QStringLiteral("3"));
    QCOMPARE(cell(0, Ui::RejectedRowsModel::ColumnColumn), QStringLiteral("value"));
    QCOMPARE(cell(0, Ui::RejectedRowsModel::ValueColumn), QStringLiteral("n/a"));
    QCOMPARE(cell(0, Ui::RejectedRowsModel::ReasonColumn), QStringLiteral("the value is not a number"));
    QCOMPARE(cell(74, Ui::RejectedRowsModel::LineColumn), QStringLiteral("151"));
    delete viewer;

    const QString saved = m_dir->filePath(QStringLiteral("to-fix.csv"));
    Ui::setFileChooser([saved](QWidget *, const Ui::FileRequest &request) {
        return request.kind == Ui::FileRequest::Kind::Save ? saved : QString();
    });
    button->click();
    viewer = history.findChild<Ui::RejectedRowsDialog *>();
    QTRY_VERIFY(viewer && viewer->isLoaded());
    QSignalSpy written(viewer, &Ui::RejectedRowsDialog::saved);
    viewer->findChild<QPushButton *>(QStringLiteral("saveRejectedRows"))->click();
    QTRY_COMPARE(written.count(), 1);
    Ui::setFileChooser({});
    QCOMPARE(written.at(0).at(0).toBool(), true);
    QFile file(saved);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray fixed = file.readAll();
    QVERIFY(fixed.startsWith("timestamp;value;shop\r\n"));
    QCOMPARE(fixed.count('\n'), 76);
    fixed.replace(";n/a;", ";1;");
    QCOMPARE(runImport(open(write(QStringLiteral("fixed.csv"), fixed))).inserted, qint64(75));
}

QTEST_MAIN(TestImportDialog)
#include "tst_importdialog.moc"
