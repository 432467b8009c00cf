// SPDX-License-Identifier: MIT
#pragma once

#include <QStringList>

namespace Cors::Cli {

// Each takes the whole argument list (program, command, options...) and returns an exit code.
int runRespond(const QStringList &arguments);
int runCheck(const QStringList &arguments);
int runSimulate(const QStringList &arguments);
int runExport(const QStringList &arguments);
int runImport(const QStringList &arguments);
int runLint(const QStringList &arguments);
int runServe(const QStringList &arguments);
int runProbe(const QStringList &arguments);
int runTest(const QStringList &arguments);
int runExplain(const QStringList &arguments);

} // namespace Cors::Cli
