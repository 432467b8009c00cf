// SPDX-License-Identifier: MIT
#include "cli/cli.h"
#include "mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>

using namespace Cors;

int main(int argc, char *argv[])
{
    // Commands run headless: no QApplication, so they work without a display (CI, ssh).
    if (Cli::isCommand(argc, argv))
        return Cli::run(argc, argv);

    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("CORS Studio"));
    QApplication::setApplicationName(QStringLiteral("CORS Studio"));
    QApplication::setApplicationVersion(QStringLiteral(CORS_STUDIO_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
            "main", "Design, simulate and export CORS policies.\n\nCommands: %1")
                                             .arg(Cli::commandNames().join(QStringLiteral(", "))));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QApplication::translate("main", "Policy to open (settings.py)."),
                                 QStringLiteral("[file]"));
    parser.process(app);

    MainWindow window;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty() || !window.openFile(files.first()))
        window.openExample();
    window.show();
    return app.exec();
}
