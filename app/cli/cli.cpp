// SPDX-License-Identifier: MIT
#include "cli/cli.h"

#include "cli/clicommon.h"
#include "cli/commands.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>

#include <cstring>

namespace Cors::Cli {

namespace {

struct Command
{
    const char *name;
    int (*run)(const QStringList &arguments);
};

const Command commands[] = {
    { "respond", &runRespond },
    { "check", &runCheck },
    { "simulate", &runSimulate },
    { "export", &runExport },
    { "import", &runImport },
    { "lint", &runLint },
    { "serve", &runServe },
    { "probe", &runProbe },
    { "test", &runTest },
};

} // namespace

QStringList commandNames()
{
    QStringList names;
    for (const Command &c : commands)
        names.append(QString::fromLatin1(c.name));
    return names;
}

bool isCommand(int argc, char *argv[])
{
    if (argc < 2)
        return false;
    for (const Command &c : commands) {
        if (std::strcmp(argv[1], c.name) == 0)
            return true;
    }
    // A bare word that names no file is a mistyped command: answered here, with the list of
    // commands, instead of by a window (or an abort where there is no display).
    const QString first = QString::fromLocal8Bit(argv[1]);
    static const QRegularExpression word(QStringLiteral("^[a-z][a-z0-9-]*$"));
    return word.match(first).hasMatch() && !QFileInfo::exists(first);
}

int run(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("cors-studio"));
    const QStringList arguments = QCoreApplication::arguments();
    for (const Command &c : commands) {
        if (arguments.value(1) == QLatin1String(c.name))
            return c.run(arguments);
    }
    writeErr(QCoreApplication::translate(
                     "Cli",
                     "Unknown command \"%1\". Commands: %2.\n"
                     "Run cors-studio without a command to open the application.")
                     .arg(arguments.value(1), commandNames().join(QStringLiteral(", "))));
    return ExitUsage;
}

} // namespace Cors::Cli
