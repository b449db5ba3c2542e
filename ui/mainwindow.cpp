#include "mainwindow.h"

#include "storage/database.h"
#include "ui/aboutdialog.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QKeySequence>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QVBoxLayout>

namespace Ui {

MainWindow::MainWindow(std::shared_ptr<Storage::Database> database, QWidget *parent)
    : QMainWindow(parent)
    , m_database(std::move(database))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("SmartData"));
    setMinimumSize(800, 500);

    // The dashboard area. Until there is data it says what to do.
    auto *dashboard = new QWidget(this);
    dashboard->setObjectName(QStringLiteral("dashboard"));
    auto *layout = new QVBoxLayout(dashboard);
    auto *emptyState = new QLabel(tr("<h2>No data yet</h2>"
                                     "<p>Drop CSV or JSON event files on this window to import them.</p>"),
                                  dashboard);
    emptyState->setObjectName(QStringLiteral("emptyState"));
    emptyState->setAlignment(Qt::AlignCenter);
    emptyState->setAccessibleName(tr("Empty dashboard"));
    layout->addWidget(emptyState);
    setCentralWidget(dashboard);

    createMenus();
    m_statusDatabase = new QLabel(this);
    m_statusDatabase->setObjectName(QStringLiteral("statusDatabase"));
    statusBar()->addPermanentWidget(m_statusDatabase);
    refreshStatus();

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    if (!settings.contains(QStringLiteral("mainWindow/geometry")))
        resize(1200, 800);
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus()
{
    QMenu *fileMenu = menuBar()->addMenu(tr("&File"));
    fileMenu->setObjectName(QStringLiteral("fileMenu"));
    QAction *quit = fileMenu->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setObjectName(QStringLiteral("actionQuit"));

    QMenu *helpMenu = menuBar()->addMenu(tr("&Help"));
    helpMenu->setObjectName(QStringLiteral("helpMenu"));
    QAction *about = helpMenu->addAction(tr("&About SmartData"), this, &MainWindow::showAbout);
    about->setObjectName(QStringLiteral("actionAbout"));
    about->setMenuRole(QAction::AboutRole);
    QAction *aboutQt = helpMenu->addAction(tr("About &Qt"), qApp, &QApplication::aboutQt);
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainWindow::showAbout()
{
    AboutDialog dialog(m_database->location(), this);
    dialog.exec();
}

void MainWindow::refreshStatus()
{
    m_statusDatabase->setText(tr("Database: %1").arg(QDir::toNativeSeparators(m_database->location())));
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    QMainWindow::closeEvent(event);
}

} // namespace Ui
