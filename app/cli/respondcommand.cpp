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
    JsonLinesReader lines(&input);
    QByteArray line;
    qint64 tooLong = 0;
    JsonLinesReader::Status status;
    while ((status = lines.next(&line, &tooLong)) != JsonLinesReader::Status::End) {
        const qint64 lineNumber = lines.lineNumber();
        QString error;
        if (status == JsonLinesReader::Status::TooLong)
            error = jsonLineTooLongError(tooLong);
        else if (line.trimmed().isEmpty())
            continue;
        const auto request = error.isEmpty() ? parseRequestLine(line, &error) : std::nullopt;
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
