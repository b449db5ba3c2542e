#pragma once
// Every file dialog of the desktop app goes through here, so that tests (and the offscreen smoke test
// that presses every menu entry) can answer them without a modal dialog blocking the event loop.

#include <QFileDialog>
#include <QString>

#include <functional>

namespace Ui {

struct FileRequest final
{
    enum class Kind { Open, Save };
    Kind kind = Kind::Open;
    QString caption;
    QString path;   // the folder (Open) or the proposed file (Save)
    QString filter; // QFileDialog's "Name (*.ext);;..." filter
};

// Returns the chosen path, or an empty string when the person cancelled.
using FileChooser = std::function<QString(QWidget *parent, const FileRequest &request)>;

QString chooseOpenFile(QWidget *parent, const QString &caption, const QString &dir, const QString &filter);
QString chooseSaveFile(QWidget *parent, const QString &caption, const QString &path, const QString &filter,
                       QFileDialog::Options options = {});

// Replaces the dialogs by chooser (tests); an empty function restores QFileDialog.
void setFileChooser(FileChooser chooser);

} // namespace Ui
