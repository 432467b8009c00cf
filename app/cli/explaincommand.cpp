// SPDX-License-Identifier: MIT
#include "cli/clicommon.h"
#include "cli/commands.h"

#include "engines/errorexplainer.h"
#include "io/explanationio.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>

namespace Cors::Cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Cli", text);
}

/** The most of stdin explain reads: console messages are short. */
constexpr qint64 MaxInputBytes = 1024 * 1024;

} // namespace

int runExplain(const QStringList &arguments)
{
    QCommandLineParser p;
    p.setApplicationDescription(
            tr("Reads a CORS console message or script error on stdin, as copied from Chromium, "
               "Firefox or Safari (whole or partial, one message or several), and says which "
               "engine wrote it, what failed in which step, and the request it implies. Exits 0 "
               "when it recognises the text, 1 when it does not (with the closest known "
               "messages), 2 on bad arguments."));
    p.addHelpOption();
    const QCommandLineOption format(QStringLiteral("format"), tr("text (default) or json."),
                                    tr("format"), QStringLiteral("text"));
    p.addOption(format);
    if (!p.parse(arguments)) {
        writeErr(p.errorText());
        return ExitUsage;
    }
    // The usage line names the program and the command, as the other commands' help does.
    static const QRegularExpression usage(QStringLiteral("^Usage: \\S+"));
    p.addPositionalArgument(QStringLiteral("command"), tr("The command."), arguments.value(1));
    const QString help = p.helpText().replace(usage, QStringLiteral("Usage: cors-studio"));
    if (p.isSet(QStringLiteral("help"))) {
        writeOut(help.toUtf8());
        return ExitOk;
    }
    if (p.positionalArguments().size() > 1) {
        writeErr(tr("explain reads the message on stdin and takes no file.\n\n") + help);
        return ExitUsage;
    }
    const QString formatName = p.value(format);
    if (formatName != QLatin1String("text") && formatName != QLatin1String("json")) {
        writeErr(tr("Unknown format \"%1\": use text or json.").arg(formatName));
        return ExitUsage;
    }
    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly)) {
        writeErr(tr("Cannot read stdin: %1").arg(input.errorString()));
        return ExitUsage;
    }
    const QByteArray bytes = input.read(MaxInputBytes);
    const ErrorExplanation e = explainErrorText(QString::fromUtf8(bytes));
    if (formatName == QLatin1String("json"))
        writeOut(explanationToJson(e) + '\n');
    else
        writeOut(explanationToText(e).toUtf8());
    flushOut();
    return e.recognised ? ExitOk : ExitFindings;
}

} // namespace Cors::Cli
