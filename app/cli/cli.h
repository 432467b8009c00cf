// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace Cors::Cli {

/** The command names `cors-studio <command> ...` accepts. */
QStringList commandNames();
/** Whether argv names a command, or a bare word that is no file (an unknown command); the GUI starts otherwise. */
bool isCommand(int argc, char *argv[]);
/** Runs the command in argv; returns the process exit code. */
int run(int argc, char *argv[]);

} // namespace Cors::Cli
