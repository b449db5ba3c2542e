// The Settings dialog: invalid input is refused with a message naming the field and nothing is
// stored; valid input lands where the rest of SmartData reads it (app_settings for the KPI timezone
// and the schedules, QSettings for the database location, detector defaults and language).

#include "jobs/jobmanager.h"
#include "jobs/standardjobs.h"
#include "scheduler/schedulestore.h"
#include "storage/database.h"
#include "ui/anomalypanel.h"
#include "ui/languagemanager.h"
#include "ui/mainwindow.h"
#include "ui/settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

class TestSettings final : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase();
    void init();
    void cleanup();
    void refusesInvalidInput_data();
    void refusesInvalidInput();
    void storesValidInput();
    void languageSwitchesAtOnce();
    void openDialogFollowsALanguageSwitch();
    void noLabelShowsALiteralAmpersand();
    void mainWindowOpensSettingsAndUsesDetectorDefaults();

private:
    QTemporaryDir m_dir;
    std::shared_ptr<Storage::Database> m_db;
    std::unique_ptr<Jobs::JobManager> m_jobs;
    QString m_job; // a scheduled standard job
};

void TestSettings::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

void TestSettings::init()
{
    QSettings(QCoreApplication::applicationName()).clear();
    auto db = Storage::Database::open(m_dir.filePath(QStringLiteral("settings-%1.db").arg(QLatin1String(QTest::currentTestFunction()))));
    QVERIFY(db.ok());
    m_db = *db;
    Jobs::JobRegistry registry;
    Jobs::registerStandardJobs(registry);
    m_jobs = std::make_unique<Jobs::JobManager>(m_db, std::move(registry));
    const auto entries = Scheduler::ScheduleStore::load(*m_db, m_jobs->registry(), QDateTime::currentDateTimeUtc());
    QVERIFY(!entries.isEmpty());
    m_job = entries.first().job;
}

void TestSettings::cleanup()
{
    m_jobs.reset();
    m_db.reset();
    Ui::LanguageManager::apply(QStringLiteral("en"));
}

void TestSettings::refusesInvalidInput_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("message");
    QTest::newRow("kpi timezone") << "kpi" << "Mars/Olympus_Mons" << "KPI timezone: “Mars/Olympus_Mons” is not a known timezone";
    QTest::newRow("schedule timezone") << "scheduleZone" << "Nowhere" << "Schedule timezone: “Nowhere” is not a known timezone";
    QTest::newRow("schedule rule") << "schedule" << "every tuesday" << "is not a valid rule";
    QTest::newRow("schedule empty") << "schedule" << "" << "empty; write a rule";
    QTest::newRow("window too small") << "window" << "1" << "Anomaly window: 1 is outside 2 to 365 days.";
    QTest::newRow("window too large") << "window" << "400" << "Anomaly window: 400 is outside 2 to 365 days.";
    QTest::newRow("threshold zero") << "threshold" << "0" << "Anomaly threshold: it must be greater than 0.";
    QTest::newRow("relative database") << "database" << "data/my.db" << "give the full path";
    QTest::newRow("missing folder") << "database" << "/nonexistent-folder-xyz/my.db" << "does not exist";
    QTest::newRow("database is a folder") << "database" << "/tmp" << "is a folder";
    QTest::newRow("bad url") << "database" << "mysql://host/db" << "only SQLite files and postgresql:// URLs";
}

void TestSettings::refusesInvalidInput()
{
    QFETCH(QString, field);
    QFETCH(QString, value);
    QFETCH(QString, message);
    Ui::SettingsDialog dialog(m_db, *m_jobs, nullptr);
    QVERIFY2(dialog.validate().isEmpty(), qPrintable(dialog.validate().join(QLatin1Char('\n')))); // the stored state is valid
    if (field == QLatin1String("kpi"))
        dialog.kpiTimeZoneBox()->setCurrentText(value);
    else if (field == QLatin1String("scheduleZone"))
        dialog.scheduleTimeZoneBox()->setCurrentText(value);
    else if (field == QLatin1String("schedule"))
        dialog.scheduleEdit(m_job)->setText(value);
    else if (field == QLatin1String("window"))
        dialog.windowBox()->setValue(value.toInt());
    else if (field == QLatin1String("threshold"))
        dialog.thresholdBox()->setValue(value.toDouble());
    else if (field == QLatin1String("database"))
        dialog.databaseEdit()->setText(value);
    const QStringList problems = dialog.validate();
    QCOMPARE(problems.size(), 1);
    QVERIFY2(problems.first().contains(message), qPrintable(problems.first()));

    QVERIFY(!dialog.apply());
    QVERIFY(dialog.problemsLabel()->isVisibleTo(&dialog));
    QVERIFY(dialog.problems().contains(message.toHtmlEscaped()));
    // Nothing was stored.
    QCOMPARE(m_db->setting(QStringLiteral("kpi.timezone"), QStringLiteral("UTC")), QStringLiteral("UTC"));
    QVERIFY(m_db->setting(Scheduler::ScheduleStore::scheduleKey(m_job)).isEmpty());
    QVERIFY(Ui::SettingsDialog::storedDatabaseLocation().isEmpty());
}

void TestSettings::storesValidInput()
{
    Ui::SettingsDialog dialog(m_db, *m_jobs, nullptr);
    const QString location = m_dir.filePath(QStringLiteral("elsewhere.db"));
    dialog.databaseEdit()->setText(location);
    dialog.kpiTimeZoneBox()->setCurrentText(QStringLiteral("Europe/Berlin"));
    dialog.scheduleTimeZoneBox()->setCurrentText(QStringLiteral("America/New_York"));
    dialog.scheduleEdit(m_job)->setText(QStringLiteral("daily 04:15"));
    dialog.methodBox()->setCurrentIndex(dialog.methodBox()->findData(QStringLiteral("mad")));
    dialog.windowBox()->setValue(21);
    dialog.thresholdBox()->setValue(4.5);
    dialog.seasonalBox()->setChecked(true);
    QVERIFY2(dialog.apply(), qPrintable(dialog.problems()));
    QVERIFY(dialog.problems().isEmpty());

    QCOMPARE(m_db->setting(QStringLiteral("kpi.timezone")), QStringLiteral("Europe/Berlin"));
    QCOMPARE(QString::fromUtf8(Scheduler::ScheduleStore::timeZone(*m_db).id()), QStringLiteral("America/New_York"));
    const auto entries = Scheduler::ScheduleStore::load(*m_db, m_jobs->registry(), QDateTime::currentDateTimeUtc());
    const auto entry = std::find_if(entries.cbegin(), entries.cend(), [&](const auto &e) { return e.job == m_job; });
    QVERIFY(entry != entries.cend());
    QCOMPARE(entry->spec, QStringLiteral("daily 04:15"));
    QVERIFY(entry->enabled());
    QCOMPARE(Ui::SettingsDialog::storedDatabaseLocation(), location);
    const Anomaly::AnomalyParams defaults = Ui::SettingsDialog::anomalyDefaults();
    QCOMPARE(defaults.method, Anomaly::Method::RobustZ);
    QCOMPARE(defaults.window, 21);
    QCOMPARE(defaults.threshold, 4.5);
    QVERIFY(defaults.seasonal);

    // "off" disables the job; a fresh dialog shows what is stored.
    Ui::SettingsDialog again(m_db, *m_jobs, nullptr);
    QCOMPARE(again.kpiTimeZoneBox()->currentText(), QStringLiteral("Europe/Berlin"));
    QCOMPARE(again.scheduleEdit(m_job)->text(), QStringLiteral("daily 04:15"));
    QCOMPARE(again.windowBox()->value(), 21);
    again.scheduleEdit(m_job)->setText(QStringLiteral("off"));
    QVERIFY(again.apply());
    QCOMPARE(m_db->setting(Scheduler::ScheduleStore::scheduleKey(m_job)), QStringLiteral("off"));
}

void TestSettings::languageSwitchesAtOnce()
{
    Ui::LanguageManager::apply(QStringLiteral("en"));
    Ui::SettingsDialog dialog(m_db, *m_jobs, nullptr);
    dialog.languageBox()->setCurrentIndex(dialog.languageBox()->findData(QStringLiteral("fr")));
    QVERIFY2(dialog.apply(), qPrintable(dialog.problems()));
    QCOMPARE(Ui::LanguageManager::current(), QStringLiteral("fr"));
    QCOMPARE(Ui::LanguageManager::storedLanguage(), QStringLiteral("fr"));
    dialog.languageBox()->setCurrentIndex(0); // the system's
    QVERIFY(dialog.apply());
    QVERIFY(Ui::LanguageManager::storedLanguage().isEmpty());
}

void TestSettings::openDialogFollowsALanguageSwitch()
{
    Ui::LanguageManager::apply(QStringLiteral("en"));
    Ui::SettingsDialog dialog(m_db, *m_jobs, nullptr);
    dialog.show();
    auto *database = dialog.findChild<QLabel *>(QStringLiteral("databaseLabel"));
    auto *language = dialog.findChild<QLabel *>(QStringLiteral("languageLabel"));
    QVERIFY(database && language);
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Settings"));
    QCOMPARE(database->text(), QStringLiteral("&Database:"));
    // Switched elsewhere (the main window's menu, another dialog) while this one is open.
    QCOMPARE(Ui::LanguageManager::apply(QStringLiteral("de")), QStringLiteral("de"));
    // (Qt posts the LanguageChange to every widget.)
    QTRY_COMPARE(dialog.windowTitle(), QStringLiteral("Einstellungen"));
    QCOMPARE(database->text(), QStringLiteral("&Datenbank:"));
    QCOMPARE(language->text(), QStringLiteral("&Sprache:"));
    QCOMPARE(Ui::LanguageManager::apply(QStringLiteral("fr")), QStringLiteral("fr"));
    QTRY_COMPARE(dialog.windowTitle(), QStringLiteral("Paramètres"));
    QCOMPARE(database->text(), QStringLiteral("&Base de données :"));
    Ui::LanguageManager::apply(QStringLiteral("en"));
    QTRY_COMPARE(database->text(), QStringLiteral("&Database:"));
}

void TestSettings::noLabelShowsALiteralAmpersand()
{
    // A label shows "&" literally unless it has a buddy (then it marks the shortcut).
    Ui::SettingsDialog dialog(m_db, *m_jobs, nullptr);
    dialog.show();
    const auto labels = dialog.findChildren<QLabel *>();
    QVERIFY(labels.size() > 5);
    for (const QLabel *label : labels) {
        if (label->buddy() || label->textFormat() == Qt::RichText || label->text().startsWith(QLatin1Char('<')))
            continue;
        QString text = label->text();
        text.remove(QStringLiteral("&&")); // an escaped ampersand is meant to be seen
        QVERIFY2(!text.contains(QLatin1Char('&')), qPrintable(label->text()));
    }
    auto *database = dialog.findChild<QLabel *>(QStringLiteral("databaseLabel"));
    QCOMPARE(database->buddy(), dialog.databaseEdit());
}

void TestSettings::mainWindowOpensSettingsAndUsesDetectorDefaults()
{
    Ui::MainWindow window(m_db);
    Ui::SettingsDialog *dialog = window.showSettings();
    QVERIFY(dialog);
    QTRY_VERIFY(dialog->isVisible());
    dialog->methodBox()->setCurrentIndex(dialog->methodBox()->findData(QStringLiteral("zscore")));
    dialog->windowBox()->setValue(28);
    dialog->accept();
    QVERIFY(!dialog->isVisible());
    QCOMPARE(window.anomalyPanel()->params().window, 28);
    QCOMPARE(window.anomalyPanel()->params().method, Anomaly::Method::RollingZ);
}

QTEST_MAIN(TestSettings)
#include "tst_settings.moc"
