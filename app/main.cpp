// SPDX-License-Identifier: MIT
#include "cli/cli.h"
#include "studio.h"

#include <QApplication>

int main(int argc, char *argv[])
{
    // Commands run headless: no QApplication, so they work without a display (CI, ssh).
    if (Cors::Cli::isCommand(argc, argv))
        return Cors::Cli::run(argc, argv);

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CORS Studio"));
    QApplication::setApplicationName(QStringLiteral("CORS Studio"));
    QApplication::setApplicationVersion(QStringLiteral(CORS_STUDIO_VERSION));
    return Cors::runStudio(app, Cors::Cli::commandNames());
}
