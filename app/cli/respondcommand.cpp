// SPDX-License-Identifier: MIT
#include "cli/clicommon.h"
#include "cli/commands.h"

#include "io/requestjson.h"
#include "server/corsengine.h"

#include <QCoreApplication>
#include <QFile>

#include <cstdio>
#include <unistd.h>

namespace Cors::Cli {

int runRespond(const QStringList &arguments)
{
    PolicyCommandLine cli(QCoreApplication::translate(
            "Cli",
            "Answers HTTP requests as django-cors-headers would under POLICY.\n"
            "Reads one JSON request per line on stdin, e.g.\n"
            "  {\"method\": \"OPTIONS\", \"path\": \"/api/x\", \"headers\": {\"Origin\": "
            "\"https://a.example\", \"Access-Control-Request-Method\": \"PUT\"}, \"secure\": false}\n"
            "and writes one JSON answer per line on stdout."));
    const QCommandLineOption explain(
            QStringLiteral("explain"),
            QCoreApplication::translate("Cli", "Add the engine's explanation to every answer."));
    cli.parser().addOption(explain);
    if (const auto exit = cli.parse(arguments))
        return *exit;
    const auto policy = cli.loadPolicy();
    if (!policy)
        return ExitUsage;

    const CorsEngine engine(*policy);
    const bool withExplanation = cli.parser().isSet(explain);
    const bool interactive = isatty(fileno(stdin));

    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly)) {
        writeErr(QCoreApplication::translate("Cli", "Cannot read standard input."));
        return ExitUsage;
    }
    qint64 lineNumber = 0;
    while (true) {
        QByteArray line = input.readLine();
        if (line.isEmpty() && input.atEnd())
            break;
        ++lineNumber;
        if (line.trimmed().isEmpty())
            continue;
        QString error;
        const auto request = parseRequestLine(line, &error);
        QByteArray answer;
        if (!request) {
            answer = inputErrorToJson(lineNumber, error);
        } else {
            const EngineResponse response = engine.respond(request->request, {}, withExplanation);
            answer = engineResponseToJson(response, request->id, withExplanation);
        }
        answer += '\n';
        writeOut(answer);
        if (interactive)
            flushOut();
    }
    flushOut();
    return ExitOk;
}

} // namespace Cors::Cli
