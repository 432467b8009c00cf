// SPDX-License-Identifier: MIT
#include "cli/clicommon.h"
#include "cli/commands.h"

#include "io/requestjson.h"
#include "io/stackjson.h"
#include "nginx/proxiedstack.h"
#include "server/corsengine.h"
#include "stack/djangostack.h"

#include <QCoreApplication>
#include <QFile>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace Cors::Cli {

namespace {
// Answers are handed to stdout a mebibyte at a time: the kernel's share of writing a million
// answers to a file fell by half from 64 KiB writes (docs/performance.md, ninth round).
constexpr qsizetype OutputChunk = qsizetype(1) << 20;
} // namespace

int runRespond(const QStringList &arguments)
{
    PolicyCommandLine cli(QCoreApplication::translate(
            "Cli",
            "Answers HTTP requests as django-cors-headers would under POLICY.\n"
            "Reads one JSON request per line on stdin, e.g.\n"
            "  {\"method\": \"OPTIONS\", \"path\": \"/api/x\", \"headers\": {\"Origin\": "
            "\"https://a.example\", \"Access-Control-Request-Method\": \"PUT\"}, \"secure\": "
            "false}\n"
            "and writes one JSON answer per line on stdout."));
    const QCommandLineOption explain(
            QStringLiteral("explain"),
            QCoreApplication::translate("Cli", "Add the engine's explanation to every answer."));
    cli.parser().addOption(explain);
    const QCommandLineOption stack(
            QStringLiteral("stack"),
            QCoreApplication::translate(
                    "Cli",
                    "Answer as the whole Django stack: MIDDLEWARE in order (Django 3.2 "
                    "for --profile 3.14, 5.2 for 4.x), APPEND_SLASH, SSL redirects, "
                    "ALLOWED_HOSTS, CSRF, login and DRF views, with CorsMiddleware in its "
                    "place. Headers then hold Access-Control-*, Vary and Location."));
    cli.parser().addOption(stack);
    const QCommandLineOption routes(
            QStringLiteral("routes"),
            QCoreApplication::translate(
                    "Cli",
                    "With --stack: a JSON file of routes and identities, "
                    "{\"routes\": [{\"path\": \"api/items/\", \"view\": \"ok\"}], "
                    "\"identities\": {\"sessions\": [], \"tokens\": [], \"basic\": []}}."),
            QCoreApplication::translate("Cli", "file"));
    cli.parser().addOption(routes);
    const QCommandLineOption proxy(
            QStringLiteral("proxy"),
            QCoreApplication::translate(
                    "Cli",
                    "Put nginx in front: an nginx.conf or a site file (includes relative to "
                    "it). Every proxy_pass forwards to the Django stack (--stack) or to "
                    "CorsMiddleware alone; answers are what nginx sends the client, a header "
                    "sent more than once as an array of its values in order."),
            QCoreApplication::translate("Cli", "nginx.conf"));
    cli.parser().addOption(proxy);
    if (const auto exit = cli.parse(arguments))
        return *exit;
    if (cli.parser().isSet(routes) && !cli.parser().isSet(stack)) {
        writeErr(QCoreApplication::translate("Cli", "--routes needs --stack."));
        return ExitUsage;
    }
    const auto policy = cli.loadPolicy();
    if (!policy)
        return ExitUsage;
    std::optional<DjangoStack> djangoStack;
    if (cli.parser().isSet(stack)) {
        const auto deployment = cli.deployment(cli.parser().value(routes));
        if (!deployment)
            return ExitUsage;
        djangoStack.emplace(*policy, *deployment);
        for (const QString &error : djangoStack->startupErrors())
            writeErr(QCoreApplication::translate("Cli", "Django cannot start: %1").arg(error));
    }

    std::shared_ptr<const NginxSite> nginx;
    if (const QString proxyFile = cli.proxyFile(proxy); !proxyFile.isEmpty()) {
        nginx = loadNginxSite(proxyFile, cli.parser().isSet(QStringLiteral("q")));
        if (!nginx)
            return ExitUsage;
    }

    const CorsEngine engine(*policy);
    const bool withExplanation = cli.parser().isSet(explain);
    const bool interactive = isatty(fileno(stdin));

    QFile input;
    if (!input.open(stdin, QIODevice::ReadOnly)) {
        writeErr(QCoreApplication::translate("Cli", "Cannot read standard input."));
        return ExitUsage;
    }
    // The answer to one line the general way: QJsonDocument where needed, HttpRequest, the
    // full EngineResponse; null for a blank line.
    auto answerLine = [&](JsonLinesReader::Status status, const QByteArray &line, qint64 tooLong,
                          qint64 lineNumber) -> QByteArray {
        QString error;
        if (status == JsonLinesReader::Status::TooLong)
            error = jsonLineTooLongError(tooLong);
        else if (line.trimmed().isEmpty())
            return QByteArray();
        const auto request = error.isEmpty() ? parseRequestLine(line, &error) : std::nullopt;
        QByteArray answer;
        if (!request) {
            answer = inputErrorToJson(lineNumber, error);
        } else if (nginx) {
            const ProxiedResponse response = respondThroughNginx(
                    *nginx, request->request, djangoStack ? &*djangoStack : nullptr, engine,
                    withExplanation);
            answer = proxiedResponseToJson(response, request->id, withExplanation);
        } else if (djangoStack) {
            const StackResponse response = djangoStack->respond(request->request, withExplanation);
            answer = stackResponseToJson(response, request->id, withExplanation);
        } else {
            const EngineResponse response = engine.respond(request->request, {}, withExplanation);
            answer = engineResponseToJson(response, request->id, withExplanation);
        }
        answer += '\n';
        return answer;
    };

    if (interactive || nginx || djangoStack || withExplanation) {
        JsonLinesReader lines(&input);
        QByteArray line;
        qint64 tooLong = 0;
        JsonLinesReader::Status status;
        while ((status = lines.next(&line, &tooLong)) != JsonLinesReader::Status::End) {
            const QByteArray answer = answerLine(status, line, tooLong, lines.lineNumber());
            if (answer.isNull())
                continue;
            writeOut(answer);
            if (interactive)
                flushOut();
        }
        flushOut();
        return ExitOk;
    }

    // The middleware alone, read from a file or a pipe: requests in the common shape take the
    // byte-level path (no QString, no DOM), the others the general one, in input order.
    bufferOutputForStreaming();
    BlockLineReader lines(&input);
    QByteArrayView line;
    qint64 tooLong = 0;
    JsonLinesReader::Status status;
    QByteArray out;
    out.reserve(OutputChunk + 64 * 1024);
    RawRequestLine parsed;
    RawResponse raw;
    while ((status = lines.next(&line, &tooLong)) != JsonLinesReader::Status::End) {
        if (status == JsonLinesReader::Status::Line && readRawRequestLine(line, &parsed)
            && engine.respondRaw(parsed.request, &raw)) {
            appendRawAnswer(out, raw, parsed.id);
            out += '\n';
        } else {
            out += answerLine(status, line.toByteArray(), tooLong, lines.lineNumber());
        }
        if (out.size() >= OutputChunk) {
            // Whole mebibytes keep a file's writes aligned to its pages.
            writeOut(QByteArray::fromRawData(out.constData(), OutputChunk));
            out.remove(0, OutputChunk);
        }
    }
    writeOut(out);
    flushOut();
    return ExitOk;
}

} // namespace Cors::Cli
