#pragma once
// The main window: the application menu, the dashboard area and the status bar.

#include <QMainWindow>

#include <memory>

namespace Storage {
class Database;
}

class QLabel;

namespace Ui {

class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    explicit MainWindow(std::shared_ptr<Storage::Database> database, QWidget *parent = nullptr);
    ~MainWindow() override;

    void showAbout();

protected:
    void closeEvent(QCloseEvent *event) override;

private:
    void createMenus();
    void refreshStatus();

    std::shared_ptr<Storage::Database> m_database;
    QLabel *m_statusDatabase = nullptr;
};

} // namespace Ui
