#pragma once
// The one place where the window turns a core error (Common::Error) into something on screen: a
// title by its kind, the core's sentence, and the code for a bug report; shown as a window-modal
// message box (never blocking: open(), not exec()) or as a status bar message. Views hand errors
// here instead of building their own QMessageBoxes, so every failure reads the same way.

#include "common/error.h"

#include <QObject>
#include <QList>
#include <QMessageBox>
#include <QPointer>

class QStatusBar;
class QWidget;

namespace Ui {

class ErrorPresenter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ErrorPresenter)

public:
    // Dialogs open over `window`; status messages go to `statusBar` (may be null: dialogs only).
    ErrorPresenter(QWidget *window, QStatusBar *statusBar, QObject *parent = nullptr);

    // "Cannot read the input", "Not found", ... in the user's language.
    static QString title(Common::ErrorKind kind);
    // The core's sentence, followed by its code when there is one ("… (code NO_DATA)").
    static QString text(const Common::Error &error);

    // A message box over the window (deleted when closed); `title` replaces the kind's title.
    QMessageBox *showDialog(const Common::Error &error, const QString &title = {});
    // A status bar message for `timeoutMs` (0 = until replaced). Cancelled work is said plainly.
    void showStatus(const Common::Error &error, int timeoutMs = 10000);
    // A status message that is not an error (progress, "saved to …"), through the same place so
    // that its length is managed the same way (the counters beside it are never covered).
    void showInfo(const QString &message, int timeoutMs = 10000);

    // The status bar's permanent widgets (the counters): temporary messages are cut to the room
    // left of them, with the whole text in the status bar's tooltip.
    void setPermanentWidgets(const QList<QWidget *> &widgets) { m_permanent = widgets; }
    // The text showInfo() would show in `width` pixels (tests).
    QString fitted(const QString &message) const;

    // The last dialog shown (tests look at it); null once it was closed.
    QMessageBox *lastDialog() const { return m_lastDialog; }

private:
    QWidget *m_window;
    QStatusBar *m_statusBar;
    QList<QWidget *> m_permanent;
    QPointer<QMessageBox> m_lastDialog;
};

} // namespace Ui
