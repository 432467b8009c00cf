// SPDX-License-Identifier: MIT
#include "cli/cli.h"

#include "cli/commands.h"

#include <QCoreApplication>

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
    return false;
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
    return 2;
}

} // namespace Cors::Cli
