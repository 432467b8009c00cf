// SPDX-License-Identifier: MIT
#include "cli/cli.h"

#include "cli/clicommon.h"
#include "cli/commands.h"
#include "cli/manpage.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QRegularExpression>

#include <cstring>

namespace Cors::Cli {

namespace {

struct Command
{
    const char *name;
    const char *summary; ///< one line for `cors-studio help`, translated in context "Cli"
    int (*run)(const QStringList &arguments);
};

const Command commands[] = {
        {"respond",
         QT_TRANSLATE_NOOP("Cli", "answer JSON requests (stdin) as the middleware would"),
         &runRespond},
        {"check", QT_TRANSLATE_NOOP("Cli", "run django-cors-headers' system checks"), &runCheck},
        {"simulate", QT_TRANSLATE_NOOP("Cli", "show what Chromium does with one fetch()"),
         &runSimulate},
        {"export", QT_TRANSLATE_NOOP("Cli", "write the policy as settings.py, YAML or nginx"),
         &runExport},
        {"import", QT_TRANSLATE_NOOP("Cli", "read a settings.py into a .cors.yaml document"),
         &runImport},
        {"lint", QT_TRANSLATE_NOOP("Cli", "find what makes the policy unsafe or broken"), &runLint},
        {"serve", QT_TRANSLATE_NOOP("Cli", "answer real HTTP requests on loopback as the policy"),
         &runServe},
        {"probe", QT_TRANSLATE_NOOP("Cli", "compare a real server's CORS answers with the policy"),
         &runProbe},
        {"test",
         QT_TRANSLATE_NOOP("Cli", "run a document's saved scenarios; fail on a wrong verdict"),
         &runTest},
        {"explain", QT_TRANSLATE_NOOP("Cli", "say what a pasted browser CORS error means (stdin)"),
         &runExplain},
};

QString tr(const char *text)
{
    return QCoreApplication::translate("Cli", text);
}

const Command *findCommand(const QString &name)
{
    for (const Command &c : commands) {
        if (name == QLatin1String(c.name))
            return &c;
    }
    return nullptr;
}

bool isHelpOption(const char *argument)
{
    return std::strcmp(argument, "--help") == 0 || std::strcmp(argument, "-h") == 0
            || std::strcmp(argument, "--help-all") == 0;
}

bool isVersionOption(const char *argument)
{
    return std::strcmp(argument, "--version") == 0 || std::strcmp(argument, "-v") == 0;
}

QString unknownCommandText(const QString &name)
{
    return tr("Unknown command \"%1\". Commands: %2.\n"
              "Run \"cors-studio help\" for help, or cors-studio without a command to open\n"
              "the application.")
            .arg(name, commandNames().join(QStringLiteral(", ")));
}

int runHelp(const QStringList &arguments)
{
    // arguments: program, "help", [COMMAND]
    if (arguments.size() > 3) {
        writeErr(tr("help takes at most one command.\nRun \"cors-studio help\" for the list."));
        return ExitUsage;
    }
    if (arguments.size() == 2) {
        writeOut(overviewHelp().toUtf8());
        return ExitOk;
    }
    const QString name = arguments.at(2);
    if (name == QLatin1String("help")) {
        writeOut(overviewHelp().toUtf8());
        return ExitOk;
    }
    const QString help = commandHelp(name);
    if (help.isEmpty()) {
        writeErr(unknownCommandText(name));
        return ExitUsage;
    }
    writeOut(help.toUtf8());
    return ExitOk;
}

} // namespace

QStringList commandNames()
{
    QStringList names;
    for (const Command &c : commands)
        names.append(QString::fromLatin1(c.name));
    return names;
}

QString overviewHelp()
{
    QString text = tr("Usage: cors-studio [FILE]\n"
                      "       cors-studio COMMAND [OPTIONS] POLICY\n"
                      "       cors-studio explain [--format json] < MESSAGE\n"
                      "       cors-studio help [COMMAND]\n"
                      "       cors-studio --version\n"
                      "\n"
                      "Design, simulate and export CORS policies exactly as django-cors-headers\n"
                      "and Chromium behave.\n"
                      "\n"
                      "Without a command, CORS Studio opens its window (on FILE, a settings.py\n"
                      "or a *.cors.yaml document, if given). A command runs headless: no display\n"
                      "is needed. POLICY is a Django settings module (*.py), read without\n"
                      "executing it, or a CORS Studio document (*.cors.yaml).\n"
                      "\n"
                      "Commands:\n");
    qsizetype width = 0;
    for (const Command &c : commands)
        width = qMax(width, qsizetype(std::strlen(c.name)));
    for (const Command &c : commands)
        text += QStringLiteral("  ") + QString::fromLatin1(c.name).leftJustified(width + 2, u' ')
                + tr(c.summary) + u'\n';
    text += tr("\n"
               "Options of every command:\n"
               "  --profile 4.x|3.14   django-cors-headers version to behave as (default 4.x)\n"
               "  --debug-settings     read the `if DEBUG:` branches of settings.py\n"
               "  -q, --quiet          no warnings about the policy file\n"
               "  -h, --help           the command's options\n"
               "\n"
               "Options of the window:\n"
               "  --origin ORIGIN      origin to put in the origin tester\n"
               "  --group N            setting group to show first (1-9)\n"
               "  --simulate N         run saved scenario N in the simulated browser\n"
               "  --screenshot FILE    render the window to FILE (PNG) and quit\n"
               "\n"
               "Exit status: 0 fine, 1 the command found errors (check, lint, test, probe)\n"
               "or did not recognise the message (explain), 2 bad arguments or unreadable\n"
               "input.\n"
               "\n"
               "Run \"cors-studio help COMMAND\" (or \"cors-studio COMMAND --help\") for a\n"
               "command's options.\n");
    return text;
}

QString commandHelp(const QString &name)
{
    const Command *command = findCommand(name);
    if (!command)
        return {};
    OutputCapture capture;
    command->run({QStringLiteral("cors-studio"), name, QStringLiteral("--help")});
    return QString::fromUtf8(capture.bytes());
}

QString versionText()
{
    return QStringLiteral("cors-studio " CORS_STUDIO_VERSION "\n");
}

bool isCommand(int argc, char *argv[])
{
    if (argc < 2)
        return false;
    for (const Command &c : commands) {
        if (std::strcmp(argv[1], c.name) == 0)
            return true;
    }
    if (std::strcmp(argv[1], "help") == 0 || std::strcmp(argv[1], "--man-page") == 0)
        return true;
    // --help and --version are answered here, without a display, wherever they stand among
    // the window's arguments.
    for (int i = 1; i < argc; ++i) {
        if (isHelpOption(argv[i]) || isVersionOption(argv[i]))
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
    QCoreApplication::setApplicationVersion(QStringLiteral(CORS_STUDIO_VERSION));
    const QStringList arguments = QCoreApplication::arguments();
    const QString first = arguments.value(1);
    if (const Command *command = findCommand(first))
        return command->run(arguments);
    if (first == QLatin1String("help"))
        return runHelp(arguments);
    if (first == QLatin1String("--man-page")) {
        writeOut(manPage().toUtf8());
        return ExitOk;
    }
    for (const QString &argument : arguments.mid(1)) {
        const QByteArray bytes = argument.toLocal8Bit();
        if (isHelpOption(bytes.constData())) {
            writeOut(overviewHelp().toUtf8());
            return ExitOk;
        }
        if (isVersionOption(bytes.constData())) {
            writeOut(versionText().toUtf8());
            return ExitOk;
        }
    }
    writeErr(unknownCommandText(first));
    return ExitUsage;
}

} // namespace Cors::Cli
