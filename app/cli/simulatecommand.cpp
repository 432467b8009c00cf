// SPDX-License-Identifier: MIT
#include "cli/clicommon.h"
#include "cli/commands.h"

#include "browser/crossbrowser.h"
#include "browser/parallelrun.h"
#include "browser/weborigin.h"
#include "io/crossbrowserjson.h"
#include "io/jsonwriter.h"
#include "io/requestjson.h"
#include "io/scenariojson.h"
#include "nginx/corslayer.h"
#include "nginx/proxiedstack.h"
#include "stack/djangostack.h"

#include <QCoreApplication>
#include <QFile>

#include <algorithm>
#include <cstdio>
#include <map>
#include <vector>

namespace Cors::Cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Cli", text);
}

/**
 * A result line of one variant of a settings.py: "variant", "chosen" and (when the variant
 * could not read a setting) "unread" come first, then the result's own keys.
 */
QByteArray withVariant(const QByteArray &json, const PolicyVariant &variant, bool chosen)
{
    JsonWriter prefix;
    prefix.beginObject();
    prefix.key("variant").value(variant.name);
    prefix.key("chosen").value(chosen);
    if (!variant.unread.isEmpty())
        writeUnreadJson(prefix, variant.unread);
    prefix.endObject();
    QByteArray head = prefix.data();
    head.chop(1); // the closing brace: the result's keys follow
    return head + ',' + json.mid(1);
}

/** What one variant needs to answer a batch: its engine, stack and browser sessions. */
struct BatchVariant
{
    const PolicyVariant *variant;
    bool chosen;
    CorsEngine engine;
    std::optional<DjangoStack> stack;
    /**
     * Keyed by engine and session name: each engine has its own browser and preflight cache.
     * A std::map, whose entries stay put: sessions are created between chunks and only looked
     * up while a chunk runs.
     */
    std::map<QString, BrowserSession> sessions;
};

/** --browser: one engine, or std::nullopt for "all". */
struct BrowserChoice
{
    std::optional<BrowserEngine> engine = BrowserEngine::Chromium;
};

/** One request in the chosen engine, or in every engine side by side. */
struct Answer
{
    QByteArray json;
    QString text;
};

Answer answerOf(const QList<SimulationResult> &results, const QJsonValue &id)
{
    if (results.size() == 1)
        return {simulationResultToJson(results.first(), id),
                simulationResultToText(results.first())};
    const CrossBrowserResult all {results, crossBrowserDifferences(results)};
    return {crossBrowserToJson(all, id), crossBrowserToText(all)};
}

/** answerOf() without the text, which a batch never prints. */
QByteArray jsonAnswerOf(const QList<SimulationResult> &results, const QJsonValue &id)
{
    if (results.size() == 1)
        return simulationResultToJson(results.first(), id);
    return crossBrowserToJson({results, crossBrowserDifferences(results)}, id);
}

QList<BrowserEngine> enginesOf(BrowserChoice browser)
{
    return browser.engine ? QList<BrowserEngine> {*browser.engine} : allBrowserEngines();
}

/** One input line of a batch, and its output lines once answered. */
struct BatchLine
{
    qint64 lineNumber = 0;
    QByteArray text;
    /** Set when the line cannot be answered: a JSON line too long, or not a scenario. */
    QString error;
    std::optional<ScenarioLine> parsed;
    QList<BrowserEngine> engines;
    QByteArray out;
};

QString sessionKey(BrowserEngine engine, const QString &session)
{
    return browserEngineName(engine) + u'/' + session;
}

/**
 * Lines are read a chunk at a time, parsed and answered on @p jobs threads, and written in input
 * order before the next chunk is read: memory stays bounded by the chunk, whatever the input.
 * Lines that share a session run in order on one thread (they share its preflight cache and
 * clock); everything else the threads share (engines, stacks, the policy) is only read.
 */
int runBatch(const QList<PolicyVariant> &variants, qsizetype chosen, bool tagVariants,
             const QString &path, const ServerSide &server, BrowserChoice browser, int jobs)
{
    QFile input;
    const bool opened = path == QLatin1String("-")
            ? input.open(stdin, QIODevice::ReadOnly)
            : (input.setFileName(path), input.open(QIODevice::ReadOnly));
    if (!opened) {
        writeErr(tr("Cannot read %1: %2").arg(path, input.errorString()));
        return ExitUsage;
    }
    bufferOutputForStreaming();
    std::vector<BatchVariant> runs;
    for (qsizetype i = 0; i < variants.size(); ++i) {
        const PolicyVariant &v = variants.at(i);
        runs.push_back({&v, i == chosen, CorsEngine(v.policy), server.stackFor(v.policy), {}});
    }
    // Per thread and variant: the fixed policies computeFixes() verifies with.
    std::vector<std::vector<FixCache>> fixCaches(size_t(std::max(1, jobs)),
                                                 std::vector<FixCache>(runs.size()));

    const auto answer = [&](BatchLine &line, int worker) {
        for (size_t r = 0; r < runs.size(); ++r) {
            BatchVariant &run = runs[r];
            QList<SimulationResult> results;
            for (BrowserEngine browserEngine : std::as_const(line.engines)) {
                Scenario scenario = line.parsed->scenario;
                scenario.browser = browserEngine;
                BrowserSession fresh;
                BrowserSession &session = line.parsed->session.isEmpty()
                        ? fresh
                        : run.sessions.find(sessionKey(browserEngine, line.parsed->session))
                                  ->second;
                session.advanceClockSeconds(line.parsed->advanceSeconds);
                SimulationResult result
                        = session.run(run.engine, scenario, run.stack ? &*run.stack : nullptr);
                computeFixes(run.variant->policy, scenario, result, server,
                             &fixCaches[size_t(worker)][r]);
                results.append(std::move(result));
            }
            QByteArray json = jsonAnswerOf(results, line.parsed->id);
            if (tagVariants)
                json = withVariant(json, *run.variant, run.chosen);
            // The usual single answer is taken over, not copied: appending the line break to a
            // shared copy duplicated every answer's bytes once more.
            if (line.out.isEmpty())
                line.out = std::move(json);
            else
                line.out += json;
            line.out += '\n';
        }
    };

    // Enough lines per chunk that the threads rarely wait for each other at its end.
    const qsizetype chunkLines = 512 * qsizetype(std::max(1, jobs));
    std::vector<BatchLine> chunk;
    chunk.reserve(size_t(chunkLines));
    BlockLineReader lines(&input);
    bool more = true;
    while (more) {
        chunk.clear();
        QByteArrayView text;
        qint64 tooLong = 0;
        while (qsizetype(chunk.size()) < chunkLines) {
            const JsonLinesReader::Status status = lines.next(&text, &tooLong);
            if (status == JsonLinesReader::Status::End) {
                more = false;
                break;
            }
            BatchLine line;
            line.lineNumber = lines.lineNumber();
            if (status == JsonLinesReader::Status::TooLong)
                line.error = jsonLineTooLongError(tooLong);
            else if (text.trimmed().isEmpty())
                continue;
            else
                line.text = text.toByteArray();
            chunk.push_back(std::move(line));
        }
        parallelFor(qsizetype(chunk.size()), jobs, [&](qsizetype i, int) {
            BatchLine &line = chunk[size_t(i)];
            if (line.error.isEmpty())
                line.parsed = parseScenarioLine(line.text, &line.error);
            if (!line.parsed)
                line.out = inputErrorToJson(line.lineNumber, line.error) + '\n';
        });
        for (BatchLine &line : chunk) {
            if (!line.parsed)
                continue;
            line.engines = line.parsed->browserGiven
                    ? QList<BrowserEngine> {line.parsed->scenario.browser}
                    : enginesOf(browser);
            const QString &session = line.parsed->session;
            if (session.isEmpty())
                continue;
            for (BatchVariant &run : runs) {
                for (BrowserEngine engine : std::as_const(line.engines))
                    run.sessions.try_emplace(sessionKey(engine, session));
            }
        }
        const RunChains chains = sessionChains(qsizetype(chunk.size()),
                                               [&](qsizetype i) -> std::optional<QString> {
                                                   const BatchLine &line = chunk[size_t(i)];
                                                   if (!line.parsed)
                                                       return std::nullopt;
                                                   return line.parsed->session;
                                               });
        parallelFor(qsizetype(chains.size()), jobs, [&](qsizetype chain, int worker) {
            for (const qsizetype i : chains[size_t(chain)])
                answer(chunk[size_t(i)], worker);
        });
        for (const BatchLine &line : chunk)
            writeOut(line.out);
    }
    flushOut();
    return ExitOk;
}

} // namespace

int runSimulate(const QStringList &arguments)
{
    PolicyCommandLine cli(tr("Simulates what Chromium (or Firefox, or Safari) does with a "
                             "cross-origin request to a server running django-cors-headers under "
                             "POLICY: the preflight decision, the exchanges, the checks, what the "
                             "script can read, and the engine's own console lines and script "
                             "error."));
    QCommandLineParser &p = cli.parser();
    const QCommandLineOption origin(QStringLiteral("origin"),
                                    tr("The page's origin (or URL, or null)."), tr("origin"));
    const QCommandLineOption url(QStringLiteral("url"), tr("The URL the script fetches."),
                                 tr("url"));
    const QCommandLineOption method(QStringLiteral("method"),
                                    tr("The method as the script writes it."), tr("method"),
                                    QStringLiteral("GET"));
    const QCommandLineOption header(QStringLiteral("header"),
                                    tr("A request header the script sets (repeatable)."),
                                    tr("'Name: value'"));
    const QCommandLineOption credentials(QStringLiteral("credentials"),
                                         tr("omit, same-origin (default) or include."), tr("mode"),
                                         QStringLiteral("same-origin"));
    const QCommandLineOption mode(QStringLiteral("mode"),
                                  tr("cors (default), no-cors or same-origin."), tr("mode"),
                                  QStringLiteral("cors"));
    const QCommandLineOption body(QStringLiteral("body"), tr("A text body."), tr("text"));
    const QCommandLineOption endpointHeader(
            QStringLiteral("endpoint-header"),
            tr("A header the view's own response carries (repeatable)."), tr("'Name: value'"));
    const QCommandLineOption endpointStatus(QStringLiteral("endpoint-status"),
                                            tr("The status the view answers with (default 200)."),
                                            tr("status"), QStringLiteral("200"));
    const QCommandLineOption format(QStringLiteral("format"), tr("text (default) or json."),
                                    tr("format"), QStringLiteral("text"));
    const QCommandLineOption batch(QStringLiteral("batch"),
                                   tr("Run one scenario per JSON line of FILE ('-' for stdin)."),
                                   tr("file"));
    const QCommandLineOption stack(
            QStringLiteral("stack"),
            tr("Send the requests through the whole Django stack (MIDDLEWARE, APPEND_SLASH, SSL "
               "redirects, ALLOWED_HOSTS, CSRF, login, DRF) and follow redirects as Chromium "
               "does; the routes' views answer instead of --endpoint-*."));
    const QCommandLineOption routes(QStringLiteral("routes"),
                                    tr("With --stack: the routes and identities JSON file."),
                                    tr("file"));
    const QCommandLineOption proxy(
            QStringLiteral("proxy"),
            tr("nginx in front, from an nginx.conf or a site file: every proxy_pass forwards to "
               "the Django stack (--stack) or to CorsMiddleware alone."),
            tr("nginx.conf"));
    const QCommandLineOption browser(
            QStringLiteral("browser"),
            tr("chromium (default), firefox, safari, or all: every engine side by side with "
               "where they differ. With --batch, for lines without their own \"browser\"."),
            tr("engine"), QStringLiteral("chromium"));
    const QCommandLineOption corsLayer = corsLayerOption();
    for (const QCommandLineOption &o :
         {origin, url, method, header, credentials, mode, body, endpointHeader, endpointStatus,
          format, batch, stack, routes, proxy, browser, corsLayer, jobsOption()})
        p.addOption(o);
    if (const auto exit = cli.parse(arguments))
        return *exit;
    const auto jobs = jobCount(p);
    if (!jobs)
        return ExitUsage;
    const QString formatName = p.value(format);
    if (formatName != QLatin1String("text") && formatName != QLatin1String("json")) {
        writeErr(tr("Unknown format \"%1\": use text or json.").arg(formatName));
        return ExitUsage;
    }

    BrowserChoice browserChoice;
    if (p.value(browser).compare(QLatin1String("all"), Qt::CaseInsensitive) == 0) {
        browserChoice.engine = std::nullopt;
    } else {
        browserChoice.engine = browserEngineFromName(p.value(browser));
        if (!browserChoice.engine) {
            writeErr(tr("Unknown --browser \"%1\": use chromium, firefox, safari or all.")
                             .arg(p.value(browser)));
            return ExitUsage;
        }
    }

    Scenario scenario;
    scenario.browser = browserChoice.engine.value_or(BrowserEngine::Chromium);
    if (!p.isSet(batch)) {
        if (!p.isSet(origin) || !p.isSet(url)) {
            writeErr(tr("simulate needs --origin and --url (or --batch FILE)."));
            return ExitUsage;
        }
        scenario.pageOrigin = p.value(origin);
        scenario.url = p.value(url);
        scenario.method = p.value(method);
        for (const QString &h : p.values(header)) {
            if (!parseHeaderOption(h, &scenario.headers))
                return ExitUsage;
        }
        for (const QString &h : p.values(endpointHeader)) {
            if (!parseHeaderOption(h, &scenario.endpoint.headers))
                return ExitUsage;
        }
        if (!WebOrigin::parse(scenario.pageOrigin)) {
            writeErr(tr("--origin \"%1\" is not an origin: use scheme://host[:port], a page URL "
                        "or null.")
                             .arg(scenario.pageOrigin));
            return ExitUsage;
        }
        const auto credentialsMode = credentialsModeFromName(p.value(credentials));
        if (!credentialsMode) {
            writeErr(tr("Unknown --credentials \"%1\": use omit, same-origin or include.")
                             .arg(p.value(credentials)));
            return ExitUsage;
        }
        const auto requestMode = requestModeFromName(p.value(mode));
        if (!requestMode) {
            writeErr(tr("Unknown --mode \"%1\": use cors, no-cors or same-origin.")
                             .arg(p.value(mode)));
            return ExitUsage;
        }
        bool statusOk = false;
        scenario.endpoint.status = p.value(endpointStatus).toInt(&statusOk);
        if (!statusOk || scenario.endpoint.status < 100 || scenario.endpoint.status > 599) {
            writeErr(tr("Invalid --endpoint-status \"%1\": use an HTTP status from 100 to 599.")
                             .arg(p.value(endpointStatus)));
            return ExitUsage;
        }
        scenario.credentials = *credentialsMode;
        scenario.mode = *requestMode;
        if (p.isSet(body)) {
            scenario.body = BodyKind::Text;
            scenario.bodyText = p.value(body);
        }
    }

    if (p.isSet(routes) && !p.isSet(stack)) {
        writeErr(tr("--routes needs --stack."));
        return ExitUsage;
    }
    const auto policy = cli.loadPolicy();
    if (!policy)
        return ExitUsage;
    // --proxy, else the document's `proxy:`; without --stack, in front of CorsMiddleware alone.
    const QString proxyFile = cli.proxyFile(proxy);
    std::shared_ptr<const StackFront> front;
    if (!proxyFile.isEmpty()) {
        const auto site = loadNginxSite(proxyFile, p.isSet(QStringLiteral("q")));
        if (!site)
            return ExitUsage;
        front = nginxStackFront(site);
    }
    std::optional<Deployment> deployment;
    if (p.isSet(stack)) {
        deployment = cli.deployment(p.value(routes));
        if (!deployment)
            return ExitUsage;
        for (const QString &error : DjangoStack(*policy, *deployment).startupErrors())
            writeErr(tr("Django cannot start: %1").arg(error));
    }
    const auto layer = chosenCorsLayer(p, corsLayer, cli.loaded().document);
    if (!layer)
        return ExitUsage;
    const Deployment alone = corsMiddlewareAlone();
    ServerSide server = ServerSide::of(deployment ? &*deployment : front ? &alone : nullptr, front);
    if (*layer == CorsLayer::Nginx) {
        // The nginx export of each policy simulated, in front of Django without CorsMiddleware.
        CorsDocument served = cli.loaded().document;
        served.deployment = deployment;
        served.corsLayer = CorsLayer::Nginx;
        server = documentServerSide(served);
        if (front && !p.isSet(QStringLiteral("q")))
            writeErr(tr("note: nginx answers CORS (the nginx export): %1 is not used.")
                             .arg(proxyFile));
    }
    // A settings.py with variants: the request against each, unless --variant names one.
    const bool allVariants = cli.variants().size() > 1 && !p.isSet(QStringLiteral("variant"));
    if (p.isSet(batch)) {
        const QList<PolicyVariant> used = allVariants
                ? cli.variants()
                : QList<PolicyVariant> {
                        {cli.loaded().variantName(), *policy, cli.loaded().unread()}};
        return runBatch(used, allVariants ? cli.variantIndex() : 0, allVariants, p.value(batch),
                        server, browserChoice, *jobs);
    }
    const auto answer = [&](const Policy &variantPolicy) {
        QList<SimulationResult> results;
        for (BrowserEngine browserEngine : enginesOf(browserChoice)) {
            Scenario s = scenario;
            s.browser = browserEngine;
            results.append(simulate(variantPolicy, s, server));
        }
        return answerOf(results, QJsonValue(QJsonValue::Undefined));
    };
    if (formatName == QLatin1String("json") && allVariants) {
        for (qsizetype i = 0; i < cli.variants().size(); ++i) {
            const PolicyVariant &variant = cli.variants().at(i);
            writeOut(withVariant(answer(variant.policy).json, variant, i == cli.variantIndex())
                     + '\n');
        }
        flushOut();
        return ExitOk;
    }
    if (allVariants) {
        QString out;
        for (const PolicyVariant &variant : cli.variants()) {
            out += tr("Variant \"%1\"%2:\n")
                            .arg(variant.name,
                                 variant.name == cli.loaded().variantName() ? tr(" (chosen)")
                                                                            : QString())
                    + answer(variant.policy).text;
            for (const UnreadSetting &u : variant.unread)
                out += tr("not checked: %1\n").arg(unreadSettingText(u));
            out += u'\n';
        }
        writeOut(out.toUtf8());
        flushOut();
        return ExitOk;
    }
    const Answer result = answer(*policy);
    if (formatName == QLatin1String("json"))
        writeOut(result.json + '\n');
    else {
        QString out = result.text;
        for (const UnreadSetting &u : cli.loaded().unread())
            out += tr("not checked: %1\n").arg(unreadSettingText(u));
        writeOut(out.toUtf8());
    }
    flushOut();
    return ExitOk;
}

} // namespace Cors::Cli
