#include "filechooser.h"

namespace Ui {

namespace {

FileChooser &override()
{
    static FileChooser chooser;
    return chooser;
}

} // namespace

void setFileChooser(FileChooser chooser)
{
    override() = std::move(chooser);
}

QString chooseOpenFile(QWidget *parent, const QString &caption, const QString &dir, const QString &filter)
{
    if (override())
        return override()(parent, {FileRequest::Kind::Open, caption, dir, filter});
    return QFileDialog::getOpenFileName(parent, caption, dir, filter);
}

QString chooseSaveFile(QWidget *parent, const QString &caption, const QString &path, const QString &filter,
                       QFileDialog::Options options)
{
    if (override())
        return override()(parent, {FileRequest::Kind::Save, caption, path, filter});
    return QFileDialog::getSaveFileName(parent, caption, path, filter, nullptr, options);
}

} // namespace Ui
