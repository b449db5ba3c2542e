#pragma once
// Starting the desktop app: checks for a display, opens the database, shows the main window.

#include "cli/commandline.h"

namespace Ui {

// True when Qt can open a window: a platform was forced (QT_QPA_PLATFORM) or an X11 or Wayland
// display is set. Checked before QApplication exists, because Qt aborts without a display.
bool displayAvailable();

// Runs the desktop app until its window closes; returns the exit code.
// files: opened one after the other in the import dialog once the window shows.
int runDesktop(int &argc, char **argv, const Cli::GlobalOptions &options, const QStringList &files = {});

} // namespace Ui
