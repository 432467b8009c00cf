// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace Cors::Cli {

/** The command names `cors-studio <command> ...` accepts. */
QStringList commandNames();
/** The text of `cors-studio --help` / `cors-studio help`: usage, commands, exit status. */
QString overviewHelp();
/** The text of `cors-studio COMMAND --help`, taken from the command itself; empty if unknown. */
QString commandHelp(const QString &name);
/** The text of `cors-studio --version`. */
QString versionText();
/** Whether argv names a command, or a bare word that is no file (an unknown command), or asks for help or the version; the GUI starts otherwise. */
bool isCommand(int argc, char *argv[]);
/** Runs the command in argv; returns the process exit code. */
int run(int argc, char *argv[]);

} // namespace Cors::Cli
