#include "savedviewsmenu.h"

#include "ui/savedviews.h"

#include <QCoreApplication>
#include <QEvent>
#include <QInputDialog>
#include <QLineEdit>

namespace Ui {

SavedViewsMenu::SavedViewsMenu(QWidget *parent)
    : QMenu(parent)
{
    setObjectName(QStringLiteral("savedViewsMenu"));
    rebuild();
}

void SavedViewsMenu::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        rebuild();
    QMenu::changeEvent(event);
}

void SavedViewsMenu::rebuild()
{
    // Texts keep the main window's translation context, where they were translated first.
    setTitle(QCoreApplication::translate("Ui::MainWindow", "Saved &Views"));
    clear();
    QAction *save = addAction(QCoreApplication::translate("Ui::MainWindow", "&Save Current View…"), this, [this] {
        bool ok = false;
        const QString name = QInputDialog::getText(parentWidget(), QCoreApplication::translate("Ui::MainWindow", "Save View"),
                                                   QCoreApplication::translate("Ui::MainWindow", "Name of this view:"),
                                                   QLineEdit::Normal, m_suggestedName, &ok);
        if (ok)
            Q_EMIT saveRequested(name);
    });
    save->setObjectName(QStringLiteral("actionSaveView"));
    const QList<SavedView> views = SavedViews::all();
    if (views.isEmpty())
        return;
    addSeparator();
    for (const SavedView &view : views) {
        const QString name = view.name;
        QAction *open = addAction(name, this, [this, name] { Q_EMIT openRequested(name); });
        open->setToolTip(QCoreApplication::translate("Ui::MainWindow", "%1/%2").arg(view.source, view.metric));
    }
    addSeparator();
    QMenu *remove = addMenu(QCoreApplication::translate("Ui::MainWindow", "&Delete"));
    remove->setObjectName(QStringLiteral("deleteViewMenu"));
    for (const SavedView &view : views) {
        const QString name = view.name;
        remove->addAction(name, this, [this, name] {
            SavedViews::remove(name);
            rebuild();
        });
    }
}

} // namespace Ui
