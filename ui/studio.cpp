// SPDX-License-Identifier: MIT
#include "studio.h"

#include "editor/origintester.h"
#include "export/exportpane.h"
#include "editor/policyeditor.h"
#include "mainwindow.h"
#include "scriptrunner.h"
#include "settings.h"
#include "simulator/simulatorpanel.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QImageWriter>
#include <QTimer>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

// Renders the window headlessly (xvfb-run or QT_QPA_PLATFORM=offscreen) for the docs.
int screenshot(QApplication &app, MainWindow &window, const QString &path, const QSize &size)
{
    window.resize(size);
    window.show();
    // The docks take their sizes once the window is laid out at its final size.
    QTimer::singleShot(100, &window, [&window] { window.applyDefaultLayout(); });
    QTimer::singleShot(600, &window, [&] {
        const QImage image = window.grab().toImage();
        QImageWriter writer(path, "png");
        if (!writer.write(image)) {
            std::fprintf(stderr, "cors-studio: cannot write %s: %s\n", qPrintable(path),
                         qPrintable(writer.errorString()));
            app.exit(2);
            return;
        }
        app.exit(0);
    });
    return app.exec();
}

} // namespace

MainWindow *createStartWindow(const QString &file, bool example)
{
    auto *window = new MainWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    bool opened = false;
    if (!file.isEmpty())
        opened = window->openFile(file);
    if (!opened && (example || !Settings().hasStartedBefore()))
        window->openExample();
    return window;
}

int runStudio(QApplication &app, const QStringList &commands)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
            QApplication::translate("main",
                                    "Design, simulate and export CORS policies.\n\n"
                                    "Commands: %1")
                    .arg(commands.join(u", "_s)));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
            u"file"_s,
            QApplication::translate("main",
                                    "Policy to open (*.cors.yaml, or a settings.py to "
                                    "import)."),
            u"[file]"_s);
    const QCommandLineOption shot(u"screenshot"_s,
                                  QApplication::translate("main",
                                                          "Render the window to FILE "
                                                          "(PNG) and quit."),
                                  u"FILE"_s);
    const QCommandLineOption shotSize(u"screenshot-size"_s,
                                      QApplication::translate("main",
                                                              "Window size for "
                                                              "--screenshot, WxH."),
                                      u"WxH"_s, u"1440x900"_s);
    const QCommandLineOption origin(u"origin"_s,
                                    QApplication::translate("main",
                                                            "Origin to put in the origin "
                                                            "tester."),
                                    u"ORIGIN"_s);
    const QCommandLineOption group(u"group"_s,
                                   QApplication::translate("main",
                                                           "Setting group to show "
                                                           "first (1-9)."),
                                   u"N"_s);
    const QCommandLineOption simulate(u"simulate"_s,
                                      QApplication::translate("main",
                                                              "Run saved scenario N in the "
                                                              "simulated browser."),
                                      u"N"_s);
    QCommandLineOption script(u"script"_s, u"Test only: drive the window from FILE."_s, u"FILE"_s);
    script.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({shot, shotSize, origin, group, simulate, script});
    parser.process(app);

    const QStringList files = parser.positionalArguments();
    const bool screenshotMode = parser.isSet(shot);
    MainWindow *window = createStartWindow(files.value(0), screenshotMode);
    if (parser.isSet(origin)) {
        window->originTester()->setOrigin(parser.value(origin));
        QTimer::singleShot(200, window, [window] { window->editor()->showOriginTester(); });
    }
    if (parser.isSet(group)) {
        const int g = parser.value(group).toInt() - 1;
        if (g >= 0 && g < PolicyEditor::GroupCount)
            window->editor()->showGroup(PolicyEditor::Group(g));
    }

    if (parser.isSet(simulate)) {
        window->simulatorPanel()->loadScenario(parser.value(simulate).toInt() - 1);
        window->simulatorPanel()->run();
        window->simulatorDock()->raise();
        // The simulator needs room: most of the window's height, once the window has its size.
        QTimer::singleShot(200, window, [window] {
            window->resizeDocks({window->simulatorDock()}, {int(window->height() * 0.66)}, Qt::Vertical);
            if (auto *exportDock = qobject_cast<QDockWidget *>(window->exportPane()->parentWidget()))
                window->resizeDocks({exportDock}, {int(window->width() * 0.27)}, Qt::Horizontal);
        });
    }

    if (screenshotMode) {
        const QStringList wh = parser.value(shotSize).split(u'x');
        const QSize size(wh.value(0).toInt(), wh.value(1).toInt());
        return screenshot(app, *window, parser.value(shot),
                          size.isValid() ? size : QSize(1440, 900));
    }

    window->restoreLayout();
    window->show();
    QTimer::singleShot(0, window, [window] { window->offerRecovery(); });
    if (parser.isSet(script)) {
        QStringList lines;
        if (!ScriptRunner::load(parser.value(script), &lines))
            return 2;
        (new ScriptRunner(window, lines, window))->start();
    }
    return app.exec();
}

} // namespace Cors
