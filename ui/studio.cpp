// SPDX-License-Identifier: MIT
#include "studio.h"

#include "document/backgroundjob.h"
#include "editor/origintester.h"
#include "editor/policyeditor.h"
#include "export/exportpane.h"
#include "mainwindow.h"
#include "scriptrunner.h"
#include "settings.h"
#include "simulator/explainpanel.h"
#include "simulator/simulatorpanel.h"
#include "theme.h"
#include "workspaces/workspace.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QImageWriter>
#include <QPlainTextEdit>
#include <QTabWidget>
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
    // Each workspace takes its default sizes when it is first shown at the window's size; the
    // problems, the export and the scenarios land from their threads (no "Updating…" mark).
    const auto grab = [&] {
        const QImage image = window.grab().toImage();
        QImageWriter writer(path, "png");
        if (!writer.write(image)) {
            std::fprintf(stderr, "cors-studio: cannot write %s: %s\n", qPrintable(path),
                         qPrintable(writer.errorString()));
            app.exit(2);
            return;
        }
        app.exit(0);
    };
    QTimer::singleShot(800, &window, [&] {
        if (!BackgroundJob::anyBusy()) {
            grab();
            return;
        }
        QObject::connect(BackgroundJob::activity(), &BackgroundJob::busyChanged, &window,
                         [&window, grab](bool busy) {
                             if (!busy)
                                 QTimer::singleShot(0, &window, grab);
                         });
    });
    return app.exec();
}

} // namespace

MainWindow *createStartWindow(const QString &file, bool example, QString *openError)
{
    auto *window = new MainWindow;
    window->setAttribute(Qt::WA_DeleteOnClose);
    bool opened = false;
    if (!file.isEmpty())
        opened = window->openFile(file, openError);
    if (!opened && openError && !openError->isEmpty())
        return window;
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
    const QCommandLineOption workspace(
            u"workspace"_s,
            QApplication::translate("main", "Workspace to show: policy, simulate or live."),
            u"NAME"_s);
    const QCommandLineOption theme(
            u"theme"_s,
            QApplication::translate("main",
                                    "Palette for this run: system, light or dark (View › "
                                    "Theme is not changed)."),
            u"NAME"_s);
    QCommandLineOption script(u"script"_s, u"Test only: drive the window from FILE."_s, u"FILE"_s);
    script.setFlags(QCommandLineOption::HiddenFromHelp);
    // For the docs' screenshots: a simulator tab, and a pasted error explained.
    QCommandLineOption simulatorTab(u"simulator-tab"_s, u"Show simulator tab N (1-5)."_s, u"N"_s);
    simulatorTab.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption pasteError(u"paste-error"_s, u"Paste FILE's text as an error, explain it."_s,
                                  u"FILE"_s);
    pasteError.setFlags(QCommandLineOption::HiddenFromHelp);
    QCommandLineOption djangoSetting(u"django-setting"_s,
                                     u"Show the Deployment field NAME (MIDDLEWARE, ROUTES, ...)."_s,
                                     u"NAME"_s);
    djangoSetting.setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({shot, shotSize, origin, group, simulate, workspace, theme, script,
                       simulatorTab, pasteError, djangoSetting});
    parser.process(app);

    // The palette before the first window: View › Theme's, or --theme's for this run.
    Theme::apply(Theme::modeFromId(parser.isSet(theme) ? parser.value(theme) : Settings().theme()));

    const QStringList files = parser.positionalArguments();
    const bool screenshotMode = parser.isSet(shot);
    // A screenshot is taken by a script: a file it cannot open ends the run, no box waits.
    QString openError;
    MainWindow *window = createStartWindow(files.value(0), screenshotMode,
                                           screenshotMode ? &openError : nullptr);
    if (!openError.isEmpty()) {
        // The reason names the file (and the line, for a document).
        std::fprintf(stderr, "cors-studio: %s\n", qPrintable(openError));
        delete window;
        return 2;
    }
    if (parser.isSet(origin)) {
        window->originTester()->setOrigin(parser.value(origin));
        QTimer::singleShot(200, window, [window] { window->editor()->showOriginTester(); });
    }
    if (parser.isSet(group)) {
        const int g = parser.value(group).toInt() - 1;
        if (g >= 0 && g < PolicyEditor::GroupCount)
            window->editor()->showGroup(PolicyEditor::Group(g));
    }
    if (parser.isSet(djangoSetting)) {
        // After the first layout, so that the page can scroll to the field.
        QTimer::singleShot(200, window, [window, name = parser.value(djangoSetting)] {
            window->editor()->showDjangoSetting(name);
        });
    }

    if (parser.isSet(simulate)) {
        window->simulatorPanel()->loadScenario(parser.value(simulate).toInt() - 1);
        window->simulatorPanel()->run();
        window->setCurrentWorkspace(Workspace::Simulate);
    }
    if (parser.isSet(simulatorTab)) {
        window->simulatorPanel()->tabs()->setCurrentIndex(parser.value(simulatorTab).toInt() - 1);
        window->setCurrentWorkspace(Workspace::Simulate);
    }
    if (parser.isSet(pasteError)) {
        QFile file(parser.value(pasteError));
        if (!QFileInfo(file).isFile() || !file.open(QIODevice::ReadOnly)) {
            std::fprintf(stderr, "cors-studio: cannot read %s\n",
                         qPrintable(parser.value(pasteError)));
            return 2;
        }
        ExplainPanel *explain = window->simulatorPanel()->explainPanel();
        explain->inputEdit()->setPlainText(
                QString::fromUtf8(file.read(ExplainPanel::MaxInputChars * 4)));
        explain->explain();
        window->simulatorPanel()->tabs()->setCurrentWidget(explain);
        window->setCurrentWorkspace(Workspace::Simulate);
    }
    if (parser.isSet(workspace)) {
        bool known = false;
        const Workspace chosen = workspaceFromId(parser.value(workspace), &known);
        if (!known) {
            std::fprintf(stderr, "cors-studio: unknown workspace %s (policy, simulate, live)\n",
                         qPrintable(parser.value(workspace)));
            return 2;
        }
        window->setCurrentWorkspace(chosen);
    }

    if (screenshotMode) {
        const QStringList wh = parser.value(shotSize).split(u'x');
        const QSize size(wh.value(0).toInt(), wh.value(1).toInt());
        return screenshot(app, *window, parser.value(shot),
                          size.isValid() ? size : QSize(1440, 900));
    }

    window->restoreLayout();
    // A workspace asked for on the command line wins over the one shown last.
    if (parser.isSet(workspace) || parser.isSet(simulate))
        window->setCurrentWorkspace(parser.isSet(workspace)
                                            ? workspaceFromId(parser.value(workspace))
                                            : Workspace::Simulate);
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
