#include "errorpresenter.h"

#include <QMessageBox>
#include <QStatusBar>
#include <QWidget>

#include <algorithm>

namespace Ui {

ErrorPresenter::ErrorPresenter(QWidget *window, QStatusBar *statusBar, QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_statusBar(statusBar)
{
    setObjectName(QStringLiteral("errorPresenter"));
}

QString ErrorPresenter::title(Common::ErrorKind kind)
{
    switch (kind) {
    case Common::ErrorKind::BadInput: return tr("Cannot use this input");
    case Common::ErrorKind::NotFound: return tr("Not found");
    case Common::ErrorKind::Conflict: return tr("Already in progress");
    case Common::ErrorKind::Refused: return tr("Refused");
    case Common::ErrorKind::Cancelled: return tr("Cancelled");
    case Common::ErrorKind::Internal: break;
    }
    return tr("Something went wrong");
}

QString ErrorPresenter::text(const Common::Error &error)
{
    if (error.kind == Common::ErrorKind::Cancelled)
        return error.message.isEmpty() ? tr("Cancelled.") : error.message;
    // The code is for bug reports and the documentation; the sentence is for the person.
    if (error.code.isEmpty())
        return error.message;
    return tr("%1 (code %2)").arg(error.message, error.code);
}

QMessageBox *ErrorPresenter::showDialog(const Common::Error &error, const QString &title)
{
    const QMessageBox::Icon icon = error.kind == Common::ErrorKind::Internal ? QMessageBox::Critical
                                 : error.kind == Common::ErrorKind::Cancelled ? QMessageBox::Information
                                                                               : QMessageBox::Warning;
    auto *box = new QMessageBox(icon, title.isEmpty() ? this->title(error.kind) : title, text(error), QMessageBox::Ok, m_window);
    box->setObjectName(QStringLiteral("errorMessage"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
    m_lastDialog = box;
    if (m_statusBar)
        m_statusBar->clearMessage();
    return box;
}

void ErrorPresenter::showStatus(const Common::Error &error, int timeoutMs)
{
    showInfo(error.kind == Common::ErrorKind::Cancelled ? text(error) : tr("Error: %1").arg(text(error)), timeoutMs);
}

void ErrorPresenter::showInfo(const QString &message, int timeoutMs)
{
    if (!m_statusBar)
        return;
    // The status bar's temporary message shares its row with the permanent counters: a long one is
    // cut with an ellipsis (the whole text goes to the tooltip), so it never runs under them.
    const QString shown = fitted(message);
    m_statusBar->setToolTip(shown == message ? QString() : message);
    m_statusBar->showMessage(shown, timeoutMs);
}

QString ErrorPresenter::fitted(const QString &message) const
{
    if (!m_statusBar || !m_statusBar->isVisible())
        return message;
    // One line: a multi-line core message would be cut at its first break by the status bar anyway.
    QString line = message;
    line.replace(QLatin1Char('\n'), QLatin1Char(' '));
    int right = m_statusBar->width();
    for (const QWidget *widget : m_permanent) {
        if (widget && widget->isVisible())
            right = std::min(right, widget->geometry().left());
    }
    const int room = right - 16; // the bar's margins and the message's indent
    if (room <= 0)
        return QString();
    return m_statusBar->fontMetrics().elidedText(line, Qt::ElideRight, room);
}

} // namespace Ui
