#pragma once
// Help → About: what this SmartData is and where its data lives.

#include <QDialog>

namespace Ui {

class AboutDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(AboutDialog)

public:
    AboutDialog(const QString &databaseLocation, QWidget *parent = nullptr);

    QString text() const { return m_text; }

private:
    QString m_text;
};

} // namespace Ui
