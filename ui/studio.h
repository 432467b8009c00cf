// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

class QApplication;

namespace Cors {

/**
 * Runs the desktop application on @p app (identity already set): parses the GUI's command line
 * (an optional policy to open; --screenshot FILE to render the window to a PNG and quit), opens
 * the window (the bundled example on the first start), offers recovery of autosaved work, and
 * enters the event loop. @p commands are the command-line commands, for --help.
 */
int runStudio(QApplication &app, const QStringList &commands);

class MainWindow;

/**
 * The first window of a start: @p file when given and readable, otherwise the bundled example
 * on the first start (or when @p example is set), otherwise an empty policy. With @p openError,
 * a file that cannot be opened gives its reason there instead of a message box.
 */
MainWindow *createStartWindow(const QString &file, bool example = false,
                              QString *openError = nullptr);

} // namespace Cors
