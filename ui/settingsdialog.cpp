#include "settingsdialog.h"

#include "common/paths.h"
#include "jobs/jobmanager.h"
#include "scheduler/cronschedule.h"
#include "scheduler/scheduler.h"
#include "scheduler/schedulestore.h"
#include "storage/database.h"
#include "ui/filechooser.h"
#include "ui/languagemanager.h"
#include "ui/thememanager.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QTabWidget>
#include <QTimeZone>
#include <QUrl>
#include <QVBoxLayout>

#include <cmath>

namespace Ui {

namespace {

const QString KpiTimeZoneKey = QStringLiteral("kpi.timezone");
const QString DatabaseLocationKey = QStringLiteral("database/location");
const QString AnomalyMethodKey = QStringLiteral("anomaly/method");
const QString AnomalyWindowKey = QStringLiteral("anomaly/window");
const QString AnomalyThresholdKey = QStringLiteral("anomaly/threshold");
const QString AnomalySeasonalKey = QStringLiteral("anomaly/seasonal");

QSettings appSettings()
{
    return QSettings(QCoreApplication::applicationName());
}

QComboBox *makeTimeZoneBox(const QString &current, QWidget *parent)
{
    auto *box = new QComboBox(parent);
    box->setEditable(true);
    box->setInsertPolicy(QComboBox::NoInsert);
    // The tz database's list leaves out UTC and the Etc/ zones, which are valid all the same.
    QList<QByteArray> ids = QTimeZone::availableTimeZoneIds();
    if (!ids.contains("UTC"))
        ids.prepend("UTC");
    for (const QByteArray &id : std::as_const(ids))
        box->addItem(QString::fromUtf8(id));
    box->setCurrentText(current);
    return box;
}

// An IANA zone name. QTimeZone::isTimeZoneIdAvailable() alone refuses "UTC" and the Etc/ zones (the
// tz backend lists zone.tab's names only), and QTimeZone(id).isValid() alone accepts any word as a
// POSIX TZ rule ("Nowhere" is a zone at UTC+0), so: a listed name, or UTC/GMT/Etc/ that Qt can load.
bool isKnownZone(const QString &id)
{
    if (id.isEmpty())
        return false;
    if (QTimeZone::isTimeZoneIdAvailable(id.toUtf8()))
        return true;
    const bool utcLike = id.startsWith(QLatin1String("UTC")) || id.startsWith(QLatin1String("GMT"))
                      || id.startsWith(QLatin1String("Etc/"));
    return utcLike && QTimeZone(id.toUtf8()).isValid();
}

bool isPostgresUrl(const QString &location)
{
    return location.startsWith(QLatin1String("postgres://"), Qt::CaseInsensitive)
        || location.startsWith(QLatin1String("postgresql://"), Qt::CaseInsensitive);
}

} // namespace

QString SettingsDialog::storedDatabaseLocation()
{
    return appSettings().value(DatabaseLocationKey).toString().trimmed();
}

Anomaly::AnomalyParams SettingsDialog::anomalyDefaults()
{
    QSettings settings = appSettings();
    const auto method = Anomaly::methodFromName(settings.value(AnomalyMethodKey).toString()).value_or(Anomaly::AnomalyParams::kDefaultMethod);
    Anomaly::AnomalyParams params = Anomaly::AnomalyParams::defaults(method);
    params.window = settings.value(AnomalyWindowKey, params.window).toInt();
    params.threshold = settings.value(AnomalyThresholdKey, params.threshold).toDouble();
    params.seasonal = settings.value(AnomalySeasonalKey, params.seasonal).toBool();
    if (!params.validate())
        return Anomaly::AnomalyParams::defaults(method); // hand-edited nonsense in the settings file
    return params;
}

SettingsDialog::SettingsDialog(std::shared_ptr<Storage::Database> database, Jobs::JobManager &jobs,
                               Scheduler::Scheduler *scheduler, QWidget *parent)
    : QDialog(parent)
    , m_db(std::move(database))
    , m_jobs(jobs)
    , m_scheduler(scheduler)
{
    setObjectName(QStringLiteral("settingsDialog"));
    m_tabs = new QTabWidget(this);

    // ---- General
    auto *general = new QWidget(m_tabs);
    m_initialDatabase = storedDatabaseLocation();
    m_database = new QLineEdit(m_initialDatabase, general);
    m_database->setObjectName(QStringLiteral("databaseLocation"));
    m_database->setPlaceholderText(QDir::toNativeSeparators(QDir(Common::AppPaths::dataDir()).filePath(QStringLiteral("smartdata.db"))));
    m_browse = new QPushButton(general);
    connect(m_browse, &QPushButton::clicked, this, &SettingsDialog::browseDatabase);
    auto *databaseRow = new QHBoxLayout;
    databaseRow->addWidget(m_database, 1);
    databaseRow->addWidget(m_browse);
    m_databaseNote = new QLabel(general);
    m_databaseNote->setObjectName(QStringLiteral("databaseNote"));
    m_databaseNote->setWordWrap(true);
    m_databaseNote->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_language = new QComboBox(general);
    m_language->setObjectName(QStringLiteral("language"));
    m_language->addItem(QString(), QString()); // "System default (…)"
    const QStringList languages = LanguageManager::languages();
    for (const QString &language : languages)
        m_language->addItem(LanguageManager::nativeName(language), language);
    m_language->setCurrentIndex(std::max(0, m_language->findData(LanguageManager::storedLanguage())));

    m_theme = new QComboBox(general);
    m_theme->setObjectName(QStringLiteral("theme"));
    for (Theme theme : {Theme::System, Theme::Light, Theme::Dark})
        m_theme->addItem(QString(), int(theme));
    m_theme->setCurrentIndex(std::max(0, m_theme->findData(int(ThemeManager::storedTheme()))));
    m_kpiZone = makeTimeZoneBox(m_db->setting(KpiTimeZoneKey, QStringLiteral("UTC")), general);
    m_kpiZone->setObjectName(QStringLiteral("kpiTimeZone"));
    m_kpiNote = new QLabel(general);
    m_kpiNote->setWordWrap(true);

    // The row labels are kept for retranslateUi(); each has its field as buddy, so that its "&" is
    // a shortcut (a label given as text to a row whose field is a layout would show it literally).
    const auto rowLabel = [](QWidget *buddy, QWidget *parent) {
        auto *label = new QLabel(parent);
        label->setBuddy(buddy);
        return label;
    };
    m_databaseLabel = rowLabel(m_database, general);
    m_databaseLabel->setObjectName(QStringLiteral("databaseLabel"));
    m_kpiZoneLabel = rowLabel(m_kpiZone, general);
    m_languageLabel = rowLabel(m_language, general);
    m_languageLabel->setObjectName(QStringLiteral("languageLabel"));
    m_themeLabel = rowLabel(m_theme, general);
    auto *generalForm = new QFormLayout(general);
    generalForm->addRow(m_databaseLabel, databaseRow);
    generalForm->addRow(QString(), m_databaseNote);
    generalForm->addRow(m_kpiZoneLabel, m_kpiZone);
    generalForm->addRow(QString(), m_kpiNote);
    generalForm->addRow(m_languageLabel, m_language);
    generalForm->addRow(m_themeLabel, m_theme);
    m_tabs->addTab(general, QString());

    // ---- Schedules
    auto *schedules = new QWidget(m_tabs);
    auto *scheduleForm = new QFormLayout(schedules);
    m_scheduleZone = makeTimeZoneBox(QString::fromUtf8(Scheduler::ScheduleStore::timeZone(*m_db).id()), schedules);
    m_scheduleZone->setObjectName(QStringLiteral("scheduleTimeZone"));
    m_scheduleZoneLabel = rowLabel(m_scheduleZone, schedules);
    scheduleForm->addRow(m_scheduleZoneLabel, m_scheduleZone);
    const QList<Scheduler::ScheduleEntry> entries =
        Scheduler::ScheduleStore::load(*m_db, m_jobs.registry(), QDateTime::currentDateTimeUtc());
    for (const Scheduler::ScheduleEntry &entry : entries) {
        auto *edit = new QLineEdit(entry.spec, schedules);
        edit->setObjectName(QStringLiteral("schedule_") + entry.job);
        scheduleForm->addRow(entry.job + QLatin1Char(':'), edit);
        m_schedules.append({entry.job, edit});
    }
    m_scheduleHelp = new QLabel(schedules);
    m_scheduleHelp->setWordWrap(true);
    scheduleForm->addRow(m_scheduleHelp);
    m_tabs->addTab(schedules, QString());

    // ---- Anomaly detection
    auto *anomaly = new QWidget(m_tabs);
    const Anomaly::AnomalyParams defaults = anomalyDefaults();
    m_method = new QComboBox(anomaly);
    m_method->setObjectName(QStringLiteral("defaultMethod"));
    for (const char *method : {"stl", "zscore", "mad", "iforest"})
        m_method->addItem(QString(), QString::fromLatin1(method));
    m_method->setCurrentIndex(std::max(0, m_method->findData(Anomaly::methodName(defaults.method))));
    m_window = new QSpinBox(anomaly);
    m_window->setObjectName(QStringLiteral("defaultWindow"));
    // Wider than allowed on purpose: an out-of-range value gets a message instead of being clamped silently.
    m_window->setRange(0, 10000);
    m_window->setValue(defaults.window);
    m_threshold = new QDoubleSpinBox(anomaly);
    m_threshold->setObjectName(QStringLiteral("defaultThreshold"));
    m_threshold->setRange(0, 1000);
    m_threshold->setSingleStep(0.5);
    m_threshold->setValue(defaults.threshold);
    m_seasonal = new QCheckBox(anomaly);
    m_seasonal->setObjectName(QStringLiteral("defaultSeasonal"));
    m_seasonal->setChecked(defaults.seasonal);
    auto *anomalyForm = new QFormLayout(anomaly);
    m_methodLabel = rowLabel(m_method, anomaly);
    m_windowLabel = rowLabel(m_window, anomaly);
    m_thresholdLabel = rowLabel(m_threshold, anomaly);
    anomalyForm->addRow(m_methodLabel, m_method);
    anomalyForm->addRow(m_windowLabel, m_window);
    anomalyForm->addRow(m_thresholdLabel, m_threshold);
    anomalyForm->addRow(QString(), m_seasonal);
    m_anomalyNote = new QLabel(anomaly);
    anomalyForm->addRow(m_anomalyNote);
    m_tabs->addTab(anomaly, QString());

    m_problems = new QLabel(this);
    m_problems->setObjectName(QStringLiteral("settingsProblems"));
    m_problems->setWordWrap(true);
    m_problems->setStyleSheet(QStringLiteral("color: #c62828"));
    m_problems->hide();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Apply, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(buttons->button(QDialogButtonBox::Apply), &QPushButton::clicked, this, &SettingsDialog::apply);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addWidget(m_problems);
    layout->addWidget(buttons);
    resize(620, 460);
    retranslateUi();
}

void SettingsDialog::retranslateUi()
{
    setWindowTitle(tr("Settings"));
    m_databaseLabel->setText(tr("&Database:"));
    m_database->setAccessibleName(tr("Database location"));
    m_database->setToolTip(tr("A SQLite file, or a postgresql://user@host/dbname URL. Empty: the default location."));
    m_browse->setText(tr("&Browse…"));
    m_databaseNote->setText(tr("Now in use: %1<br><i>A new location takes effect the next time SmartData starts.</i>")
                                .arg(QDir::toNativeSeparators(m_db->location()).toHtmlEscaped()));
    m_kpiZoneLabel->setText(tr("&KPI timezone:"));
    m_kpiZone->setAccessibleName(tr("KPI timezone"));
    m_kpiNote->setText(tr("<i>The zone whose midnight starts a day. It applies to events imported from now on; "
                          "days already stored keep the zone they were imported with.</i>"));
    m_languageLabel->setText(tr("&Language:"));
    m_language->setAccessibleName(tr("Language"));
    m_language->setItemText(0, tr("System default (%1)").arg(LanguageManager::nativeName(LanguageManager::resolve({}))));
    m_themeLabel->setText(tr("&Appearance:"));
    m_theme->setAccessibleName(tr("Appearance"));
    for (int i = 0; i < m_theme->count(); ++i)
        m_theme->setItemText(i, ThemeManager::name(Theme(m_theme->itemData(i).toInt())));
    m_tabs->setTabText(0, tr("General"));

    m_scheduleZoneLabel->setText(tr("&Timezone of the times:"));
    m_scheduleZone->setAccessibleName(tr("Schedule timezone"));
    for (const auto &[job, edit] : std::as_const(m_schedules)) {
        edit->setAccessibleName(tr("Schedule of %1").arg(job));
        const Jobs::JobDefinition *definition = m_jobs.registry().find(job);
        edit->setToolTip(definition ? tr("%1. Default: %2").arg(definition->description, definition->defaultSchedule) : QString());
    }
    m_scheduleHelp->setText(tr("<i>A rule such as <b>daily 02:30</b>, <b>weekly sun 03:30</b> or a cron line "
                               "(<b>minute hour day month weekday</b>, e.g. <b>15 2 * * *</b>); "
                               "<b>off</b> disables the job, <b>default</b> restores its own rule.</i>"));
    m_tabs->setTabText(1, tr("Schedules"));

    m_methodLabel->setText(tr("&Method:"));
    const QStringList methods{tr("Season + level, robust test (default)"), tr("Rolling z-score"), tr("Robust z (median/MAD)"),
                              tr("Isolation Forest")};
    for (int i = 0; i < m_method->count() && i < methods.size(); ++i)
        m_method->setItemText(i, methods[i]);
    m_windowLabel->setText(tr("&Window:"));
    m_window->setSuffix(tr(" days"));
    m_thresholdLabel->setText(tr("&Threshold |z|:"));
    m_seasonal->setText(tr("Compare with the same weekday"));
    m_anomalyNote->setText(tr("<i>The detector settings the dashboard starts with.</i>"));
    m_tabs->setTabText(2, tr("Anomaly detection"));
    // Problems listed are said again in the new language.
    if (!m_problems->isHidden())
        showProblems(validate());
}

void SettingsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        retranslateUi();
    QDialog::changeEvent(event);
}

QLineEdit *SettingsDialog::scheduleEdit(const QString &job) const
{
    for (const auto &[name, edit] : m_schedules) {
        if (name == job)
            return edit;
    }
    return nullptr;
}

void SettingsDialog::browseDatabase()
{
    const QString current = m_database->text().trimmed();
    const QString path = chooseSaveFile(this, tr("Database Location"),
                                       current.isEmpty() || isPostgresUrl(current) ? m_database->placeholderText() : current,
                                       tr("SQLite databases (*.db *.sqlite);;All files (*)"), QFileDialog::DontConfirmOverwrite);
    if (!path.isEmpty())
        m_database->setText(QDir::toNativeSeparators(path));
}

QStringList SettingsDialog::validate() const
{
    QStringList problems;
    const QString location = m_database->text().trimmed();
    if (!location.isEmpty()) {
        if (isPostgresUrl(location)) {
            const QUrl url(location, QUrl::StrictMode);
            if (!url.isValid() || url.host().isEmpty() || url.path().size() < 2)
                problems.append(tr("Database: “%1” is not a valid URL; write it as postgresql://user@host[:port]/dbname.").arg(location));
        } else if (location.contains(QLatin1String("://"))) {
            problems.append(tr("Database: only SQLite files and postgresql:// URLs are supported, not “%1”.").arg(location));
        } else {
            const QFileInfo file(QDir::fromNativeSeparators(location));
            const QFileInfo folder(file.absolutePath());
            if (!file.isAbsolute())
                problems.append(tr("Database: give the full path of the file (it starts with /), not “%1”.").arg(location));
            else if (file.isDir())
                problems.append(tr("Database: “%1” is a folder; choose a file name inside it.").arg(location));
            else if (!folder.isDir())
                problems.append(tr("Database: the folder “%1” does not exist.").arg(QDir::toNativeSeparators(folder.filePath())));
            else if (!folder.isWritable())
                problems.append(tr("Database: the folder “%1” is not writable.").arg(QDir::toNativeSeparators(folder.filePath())));
        }
    }

    const QString kpiZone = m_kpiZone->currentText().trimmed();
    if (!isKnownZone(kpiZone))
        problems.append(tr("KPI timezone: “%1” is not a known timezone; use an IANA name such as Europe/Berlin or UTC.").arg(kpiZone));
    const QString scheduleZone = m_scheduleZone->currentText().trimmed();
    if (!isKnownZone(scheduleZone))
        problems.append(tr("Schedule timezone: “%1” is not a known timezone; use an IANA name such as Europe/Berlin or UTC.")
                            .arg(scheduleZone));
    for (const auto &[job, edit] : m_schedules) {
        const QString spec = edit->text().simplified();
        if (spec.isEmpty()) {
            problems.append(tr("Schedule of %1: empty; write a rule, “off” or “default”.").arg(job));
            continue;
        }
        if (spec.compare(QLatin1String("off"), Qt::CaseInsensitive) == 0 || spec.compare(QLatin1String("default"), Qt::CaseInsensitive) == 0)
            continue;
        if (auto rule = Scheduler::CronSchedule::parse(spec); !rule)
            problems.append(tr("Schedule of %1: “%2” is not a valid rule (%3).").arg(job, spec, rule.error().message));
    }

    if (m_window->value() < Anomaly::AnomalyParams::kMinWindow || m_window->value() > Anomaly::AnomalyParams::kMaxWindow)
        problems.append(tr("Anomaly window: %1 is outside %2 to %3 days.")
                            .arg(m_window->value())
                            .arg(Anomaly::AnomalyParams::kMinWindow)
                            .arg(Anomaly::AnomalyParams::kMaxWindow));
    if (!(m_threshold->value() > 0) || !std::isfinite(m_threshold->value()))
        problems.append(tr("Anomaly threshold: it must be greater than 0."));
    return problems;
}

void SettingsDialog::showProblems(const QStringList &problems)
{
    if (problems.isEmpty()) {
        m_problems->clear();
        m_problems->hide();
        return;
    }
    QString html = tr("<b>Please correct:</b>") + QStringLiteral("<ul>");
    for (const QString &problem : problems)
        html += QStringLiteral("<li>") + problem.toHtmlEscaped() + QStringLiteral("</li>");
    html += QStringLiteral("</ul>");
    m_problems->setText(html);
    m_problems->show();
}

QString SettingsDialog::problems() const
{
    return m_problems->text();
}

bool SettingsDialog::apply()
{
    const QStringList invalid = validate();
    showProblems(invalid);
    if (!invalid.isEmpty())
        return false;

    QStringList failed;
    QSettings settings = appSettings();
    const QString location = m_database->text().trimmed();
    if (location.isEmpty())
        settings.remove(DatabaseLocationKey);
    else
        settings.setValue(DatabaseLocationKey, isPostgresUrl(location) ? location : QDir::fromNativeSeparators(location));

    const QString kpiZone = m_kpiZone->currentText().trimmed();
    if (kpiZone != m_db->setting(KpiTimeZoneKey, QStringLiteral("UTC"))) {
        if (const Common::Status stored = m_db->setSetting(KpiTimeZoneKey, kpiZone); !stored)
            failed.append(tr("KPI timezone not stored: %1").arg(stored.error().message));
    }

    const QString scheduleZone = m_scheduleZone->currentText().trimmed();
    if (scheduleZone != QString::fromUtf8(Scheduler::ScheduleStore::timeZone(*m_db).id())) {
        const Common::Status stored = m_scheduler ? m_scheduler->setTimeZone(scheduleZone)
                                                  : Scheduler::ScheduleStore::setTimeZone(*m_db, scheduleZone);
        if (!stored)
            failed.append(tr("Schedule timezone not stored: %1").arg(stored.error().message));
    }
    const QList<Scheduler::ScheduleEntry> entries =
        Scheduler::ScheduleStore::load(*m_db, m_jobs.registry(), QDateTime::currentDateTimeUtc());
    for (const auto &[job, edit] : std::as_const(m_schedules)) {
        const QString spec = edit->text().simplified();
        const auto entry = std::find_if(entries.cbegin(), entries.cend(), [&](const Scheduler::ScheduleEntry &e) { return e.job == job; });
        if (entry != entries.cend() && entry->spec == spec)
            continue;
        const Common::Status stored = m_scheduler ? m_scheduler->setSchedule(job, spec)
                                                  : Scheduler::ScheduleStore::setSchedule(*m_db, m_jobs.registry(), job, spec);
        if (!stored)
            failed.append(tr("Schedule of %1 not stored: %2").arg(job, stored.error().message));
    }

    settings.setValue(AnomalyMethodKey, m_method->currentData().toString());
    settings.setValue(AnomalyWindowKey, m_window->value());
    settings.setValue(AnomalyThresholdKey, m_threshold->value());
    settings.setValue(AnomalySeasonalKey, m_seasonal->isChecked());

    const QString language = m_language->currentData().toString();
    if (language != LanguageManager::storedLanguage() || LanguageManager::resolve(language) != LanguageManager::current()) {
        LanguageManager::storeLanguage(language);
        LanguageManager::apply(language);
    }

    const auto theme = Theme(m_theme->currentData().toInt());
    if (theme != ThemeManager::storedTheme()) {
        ThemeManager::storeTheme(theme);
        ThemeManager::apply(theme);
    }

    showProblems(failed);
    Q_EMIT applied();
    return failed.isEmpty();
}

void SettingsDialog::accept()
{
    if (apply())
        QDialog::accept();
}

} // namespace Ui
