// A driver for reviewing the import dialog by eye (not a test): opens a file in the dialog on a
// fresh database, applies the given steps one by one as a person would, and saves a PNG of the
// dialog (QWidget::grab) after each. Run it under a real X server, e.g.
//   xvfb-run -a build/tests/ui/ui_screenshots OUT_DIR FILE map:timestamp=Datum decimal-comma import
// Steps: map:ROLE=COLUMN, auto:ROLE, none:ROLE, metric:NAME, source-fixed:NAME, source-column,
// decimal-comma, thousands (point), date-format:FORMAT, epoch:s|ms, zone:ZONE, use-file-zone, import, history (the main window's
// import history, then the rejected rows of the import).

#include "jobs/jobmanager.h"
#include "jobs/standardjobs.h"
#include "storage/database.h"
#include "ui/batchesview.h"
#include "ui/importdialog.h"
#include "ui/rejectedrowsdialog.h"
#include "ui/mainwindow.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileInfo>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QRegularExpression>

#include <cstdio>

namespace {

bool waitFor(const std::function<bool()> &condition, int ms = 60000)
{
    return QTest::qWaitFor(condition, ms);
}

void save(QWidget *widget, const QString &path)
{
    QTest::qWait(150);
    widget->grab().save(path, "PNG");
    std::printf("%s\n", qPrintable(path));
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    const QStringList args = app.arguments().mid(1);
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: ui_screenshots OUT_DIR FILE [STEP...]\n");
        return 2;
    }
    const QDir out(args[0]);
    const QString file = args[1];
    const QString stem = QFileInfo(file).completeBaseName();
    QTemporaryDir dir;
    auto db = Storage::Database::open(dir.filePath(QStringLiteral("shots.db")));
    if (!db) {
        std::fprintf(stderr, "%s\n", qPrintable(db.error().message));
        return 1;
    }
    Ui::MainWindow window(*db);
    window.resize(1280, 820);
    auto *dialog = window.openImportDialog(file);
    if (!dialog)
        return 1;
    if (!waitFor([dialog] { return dialog->isPreviewLoaded(); }))
        return 1;
    int shot = 0;
    save(dialog, out.filePath(QStringLiteral("%1-%2-open.png").arg(stem).arg(shot++)));
    for (const QString &step : args.mid(2)) {
        const QString verb = step.section(QLatin1Char(':'), 0, 0);
        const QString arg = step.section(QLatin1Char(':'), 1);
        QWidget *target = dialog;
        if (verb == QLatin1String("map") || verb == QLatin1String("auto") || verb == QLatin1String("none")) {
            const QString role = arg.section(QLatin1Char('='), 0, 0);
            const auto kind = verb == QLatin1String("map")    ? Ui::ImportDialog::MappingKind::Column
                            : verb == QLatin1String("none") ? Ui::ImportDialog::MappingKind::None
                                                               : Ui::ImportDialog::MappingKind::Automatic;
            dialog->chooseMapping(role, kind, arg.section(QLatin1Char('='), 1));
        } else if (verb == QLatin1String("metric")) {
            auto *metric = dialog->findChild<QLineEdit *>(QStringLiteral("importMetric"));
            metric->setFocus();
            QTest::keyClicks(metric, arg);
            QTest::qWait(400);
        } else if (verb == QLatin1String("source-fixed")) {
            dialog->setSourceName(arg);
        } else if (verb == QLatin1String("source-column")) {
            dialog->setSourceFromColumn(true);
        } else if (verb == QLatin1String("decimal-comma")) {
            auto *box = dialog->findChild<QComboBox *>(QStringLiteral("importDecimalMark"));
            box->setCurrentIndex(box->findData(int(Ingest::DecimalMark::Comma)));
            Q_EMIT box->activated(box->currentIndex());
        } else if (verb == QLatin1String("thousands")) {
            auto *box = dialog->findChild<QComboBox *>(QStringLiteral("importThousands"));
            box->setCurrentIndex(box->findData(int(Ingest::ThousandsSeparator::Point)));
            Q_EMIT box->activated(box->currentIndex());
        } else if (verb == QLatin1String("date-format")) {
            auto *format = dialog->findChild<QLineEdit *>(QStringLiteral("importDateFormat"));
            format->setFocus();
            QTest::keyClicks(format, arg);
            QTest::qWait(400);
        } else if (verb == QLatin1String("epoch")) {
            auto *box = dialog->findChild<QComboBox *>(QStringLiteral("importEpochUnit"));
            box->setCurrentIndex(arg == QLatin1String("ms") ? 2 : 1);
            Q_EMIT box->activated(box->currentIndex());
        } else if (verb == QLatin1String("zone")) {
            auto *box = dialog->findChild<QComboBox *>(QStringLiteral("importTimezone"));
            box->setCurrentIndex(box->findText(arg));
            Q_EMIT box->activated(box->currentIndex());
        } else if (verb == QLatin1String("use-file-zone")) {
            dialog->findChild<QPushButton *>(QStringLiteral("importUseFileZone"))->click();
        } else if (verb == QLatin1String("import")) {
            QSignalSpy finished(dialog, &Ui::ImportDialog::importFinished);
            if (!dialog->startImport() || !waitFor([&] { return finished.count() == 1; }))
                std::fprintf(stderr, "import did not finish\n");
        } else if (verb == QLatin1String("history")) {
            dialog->hide();
            window.show();
            window.findChild<QTabWidget *>(QStringLiteral("dashboardTabs"))->setCurrentWidget(window.batchesView());
            waitFor([&] { return window.batchesView()->batchCount() > 0; });
            window.batchesView()->table()->selectRow(0);
            save(&window, out.filePath(QStringLiteral("%1-%2-history.png").arg(stem).arg(shot++)));
            Ui::RejectedRowsDialog *viewer = window.batchesView()->showRejectedRows();
            if (!viewer || !waitFor([viewer] { return viewer->isLoaded(); }))
                return 1;
            save(viewer, out.filePath(QStringLiteral("%1-%2-rejected.png").arg(stem).arg(shot++)));
            continue;
        } else {
            std::fprintf(stderr, "unknown step %s\n", qPrintable(step));
            return 2;
        }
        waitFor([dialog] { return dialog->isPreviewLoaded(); });
        QString name = step;
        name.replace(QRegularExpression(QStringLiteral("[^A-Za-z0-9_-]+")), QStringLiteral("_"));
        save(target, out.filePath(QStringLiteral("%1-%2-%3.png").arg(stem).arg(shot++).arg(name)));
    }
    window.jobManager().waitForAll();
    return 0;
}
