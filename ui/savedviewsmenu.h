#pragma once
// View → Saved Views: "Save Current View…" (asks for a name), one entry per saved view (opens it),
// and Delete. It lists what SavedViews holds and asks the window, through its signals, to save the
// current view or open one; deleting needs no window.

#include <QMenu>

namespace Ui {

class SavedViewsMenu final : public QMenu
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SavedViewsMenu)

public:
    explicit SavedViewsMenu(QWidget *parent = nullptr);

    // Lists the saved views again (after one was saved, deleted or the language changed).
    void rebuild();
    // The name the save dialog suggests (the shown metric's).
    void setSuggestedName(const QString &name) { m_suggestedName = name; }

Q_SIGNALS:
    void saveRequested(const QString &name);
    void openRequested(const QString &name);

protected:
    void changeEvent(QEvent *event) override;

private:
    QString m_suggestedName;
};

} // namespace Ui
