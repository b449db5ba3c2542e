#include "jobsview.h"

#include "jobs/jobmanager.h"
#include "jobs/jobrunrepository.h"
#include "scheduler/scheduler.h"
#include "ui/backgroundtask.h"
#include "ui/errorpresenter.h"
#include "ui/schedulewords.h"

#include <QEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableWidget>
#include <QTimeZone>
#include <QVBoxLayout>

namespace Ui {

namespace {

struct LastRuns final
{
    QHash<QString, Jobs::RunRecord> last;
};

QTableWidget *makeTable(int columns, QWidget *parent)
{
    auto *table = new QTableWidget(0, columns, parent);
    table->horizontalHeader()->setStretchLastSection(true);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    return table;
}

QString when(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat) : QString();
}

} // namespace

JobsView::JobsView(std::shared_ptr<Storage::Database> database, Jobs::JobManager &jobs, QWidget *parent)
    : QWidget(parent)
    , m_database(std::move(database))
    , m_jobs(jobs)
{
    setObjectName(QStringLiteral("jobsView"));
    m_scheduled = makeTable(6, this);
    m_scheduled->setObjectName(QStringLiteral("scheduledJobs"));
    // Every column fits its contents except the result, which takes (and is cut to) what is left:
    // the Run now buttons in the last column are never pushed out of sight on a small window.
    QHeaderView *header = m_scheduled->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(4, QHeaderView::Stretch);
    header->setMinimumSectionSize(40);
    m_scheduled->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_scheduled->setWordWrap(false);
    m_scheduled->setTextElideMode(Qt::ElideRight);
    m_runs = makeTable(4, this);
    m_runs->setObjectName(QStringLiteral("jobRuns"));
    auto *layout = new QVBoxLayout(this);
    m_scheduledLabel = new QLabel(this);
    m_runsLabel = new QLabel(this);
    layout->addWidget(m_scheduledLabel);
    layout->addWidget(m_scheduled, 1);
    layout->addWidget(m_runsLabel);
    layout->addWidget(m_runs, 2);
    retranslateUi();
    reload();
}

void JobsView::retranslateUi()
{
    m_scheduled->setHorizontalHeaderLabels({tr("Job"), tr("Schedule"), tr("Next run"), tr("Last run"), tr("Result"), QString()});
    m_runs->setHorizontalHeaderLabels({tr("Job"), tr("State"), tr("Started"), tr("Progress / result")});
    m_scheduledLabel->setText(tr("<b>Scheduled jobs</b>"));
    m_runsLabel->setText(tr("<b>Runs in this session</b>"));
}

void JobsView::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        retranslateUi();
        reload(); // the "Run now" buttons and the states
    }
    QWidget::changeEvent(event);
}

void JobsView::setScheduler(Scheduler::Scheduler *scheduler)
{
    m_scheduler = scheduler;
    if (scheduler)
        connect(scheduler, &Scheduler::Scheduler::schedulesChanged, this, &JobsView::reload);
    reload();
}

void JobsView::reload()
{
    // This session's runs, from the manager (in memory).
    const QList<Jobs::Job *> jobs = m_jobs.jobs();
    m_runs->setRowCount(0);
    for (auto it = jobs.crbegin(); it != jobs.crend(); ++it) {
        const Jobs::Job *job = *it;
        const int r = m_runs->rowCount();
        m_runs->insertRow(r);
        const QString state = job->isFinished() ? Jobs::statusName(job->record().status)
                                                : (job->state() == Jobs::JobState::Running ? tr("running") : tr("queued"));
        const QString detail = job->isFinished() ? (job->record().error ? job->record().error->message : job->record().message)
                                                 : QStringLiteral("%1% %2").arg(job->percent()).arg(job->progressMessage());
        const QStringList cells{job->name(), state, when(job->record().startedAt), detail};
        for (int c = 0; c < cells.size(); ++c)
            m_runs->setItem(r, c, new QTableWidgetItem(cells[c]));
    }
    m_runs->resizeColumnsToContents();

    // Registered jobs with schedules and their last stored run.
    const QStringList names = m_jobs.registry().names();
    runInBackground<LastRuns>(
        m_database, this,
        [names](const std::shared_ptr<Storage::Database> &database) {
            LastRuns runs;
            Jobs::JobRunRepository repository(database);
            for (const QString &name : names) {
                if (auto last = repository.lastRun(name); last && last->has_value())
                    runs.last.insert(name, **last);
            }
            return runs;
        },
        [this, names](const LastRuns &runs) {
            m_scheduled->setRowCount(0);
            for (const QString &name : names) {
                const int r = m_scheduled->rowCount();
                m_scheduled->insertRow(r);
                const Jobs::JobDefinition *definition = m_jobs.registry().find(name);
                QString rule = definition ? definition->defaultSchedule : QString();
                QDateTime next;
                QTimeZone zone = QTimeZone::systemTimeZone();
                if (m_scheduler) {
                    zone = m_scheduler->timeZone();
                    if (const auto entry = m_scheduler->entry(name)) {
                        rule = entry->spec;
                        next = entry->nextDue;
                    }
                }
                QString schedule = scheduleInWords(rule, zone);
                if (!m_scheduler)
                    schedule = tr("%1 (scheduler off)").arg(schedule);
                const Jobs::RunRecord last = runs.last.value(name);
                const QStringList cells{name, schedule, when(next), when(last.startedAt),
                                        last.id ? Jobs::statusName(last.status) + QStringLiteral(": ") + last.message : QString()};
                for (int c = 0; c < cells.size(); ++c) {
                    auto *item = new QTableWidgetItem(cells[c]);
                    if (c == 0 && definition)
                        item->setToolTip(definition->description);
                    else if (c == 1)
                        item->setToolTip(rule); // the rule as written
                    else
                        item->setToolTip(cells[c]); // a cut result can be read whole
                    m_scheduled->setItem(r, c, item);
                }
                auto *run = new QPushButton(tr("Run now"), m_scheduled);
                run->setObjectName(QStringLiteral("runNow_") + name);
                run->setEnabled(!m_jobs.isRunning(name));
                connect(run, &QPushButton::clicked, this, [this, name] {
                    auto started = m_jobs.start(name, Jobs::Trigger::Manual);
                    if (started)
                        reload();
                    else if (m_errors) // e.g. already running in another process (JOB_LOCKED)
                        m_errors->showDialog(started.error(), tr("Cannot run %1").arg(name));
                });
                m_scheduled->setCellWidget(r, 5, run);
            }
        });
}

} // namespace Ui
