// SPDX-License-Identifier: MIT
#include "cli/clicommon.h"
#include "cli/commands.h"

#include "io/jsonwriter.h"
#include "io/policyfile.h"
#include "io/scenariojson.h"
#include "live/policyserver.h"
#include "live/testpage.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QFileSystemWatcher>
#include <QSocketNotifier>
#include <QTimer>

#include <csignal>
#include <fcntl.h>
#include <unistd.h>

namespace Cors::Cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Cli", text);
}

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    if (::write(signalPipe[1], &byte, 1) < 0) {
        // Nothing to do: the pipe is full, so a wake-up is already pending.
    }
}

/** "127.0.0.1:8000", "[::1]:8000", "localhost:8000", "127.0.0.1" (any free port), ":8000". */
bool parseListen(const QString &text, QHostAddress *address, quint16 *port, QString *error)
{
    QString host = text;
    QString portText;
    if (text.startsWith(u'[')) {
        const qsizetype close = text.indexOf(u']');
        if (close < 0) {
            *error = tr("missing ] in \"%1\"").arg(text);
            return false;
        }
        host = text.mid(1, close - 1);
        const QString rest = text.mid(close + 1);
        if (!rest.isEmpty()) {
            if (!rest.startsWith(u':')) {
                *error = tr("expected :PORT after ] in \"%1\"").arg(text);
                return false;
            }
            portText = rest.mid(1);
        }
    } else if (text.count(u':') == 1) {
        const qsizetype colon = text.indexOf(u':');
        host = text.left(colon);
        portText = text.mid(colon + 1);
    }
    if (host.isEmpty() || host == QLatin1String("localhost"))
        host = QStringLiteral("127.0.0.1");
    if (!address->setAddress(host)) {
        *error = tr("\"%1\" is not an IP address (or localhost)").arg(host);
        return false;
    }
    *port = 0;
    if (!portText.isEmpty()) {
        bool ok = false;
        const uint value = portText.toUInt(&ok);
        if (!ok || value > 65535) {
            *error = tr("\"%1\" is not a port number").arg(portText);
            return false;
        }
        *port = quint16(value);
    }
    return true;
}

void writeHeaderPairs(JsonWriter &json, const HttpHeaders &headers)
{
    json.beginArray();
    for (const HttpHeader &h : headers)
        json.beginArray().value(h.name).value(h.value).endArray();
    json.endArray();
}

void writeLine(const QByteArray &json)
{
    writeOut(json + '\n');
    flushOut();
}

QByteArray exchangeJson(const Live::LiveExchange &e)
{
    JsonWriter json;
    json.beginObject();
    json.key("event").value("request");
    json.key("seq").value(e.sequence);
    json.key("time").value(e.received.toString(Qt::ISODateWithMs));
    json.key("peer").value(QString(e.peerAddress.toString() + u':' + QString::number(e.peerPort)));
    json.key("method").value(QString::fromLatin1(e.wireMethod));
    json.key("target").value(QString::fromLatin1(e.wireTarget));
    json.key("version").value(QString::fromLatin1(e.wireVersion));
    json.key("headers");
    writeHeaderPairs(json, e.request.headers);
    json.key("endpoint_status").value(e.endpoint.status);
    json.key("status").value(e.status);
    json.key("short_circuit").value(e.engine.shortCircuit);
    json.key("error");
    if (e.engine.error.isEmpty())
        json.null();
    else
        json.value(e.engine.error);
    json.key("response_headers");
    writeHeaderPairs(json, e.sentHeaders);
    json.key("body_length").value(e.bodyLength);
    json.key("binding");
    if (e.binding.isEmpty())
        json.null();
    else
        json.value(e.binding);
    json.endObject();
    return json.data();
}

QByteArray runJson(const Live::ScenarioRun &run)
{
    JsonWriter json;
    json.beginObject();
    json.key("event").value("scenario");
    json.key("id").value(run.id);
    json.key("name").value(run.name);
    json.key("origin").value(run.scenario.pageOrigin);
    json.key("url").value(run.scenario.url);
    json.key("browser").value(run.browser.allowed ? "allowed" : "blocked");
    json.key("simulator").value(run.prediction.allowed ? "allowed" : "blocked");
    json.key("agrees").value(run.disagreements.isEmpty());
    json.key("disagreements").beginArray();
    for (const QString &text : run.disagreements)
        json.value(text);
    json.endArray();
    json.endObject();
    return json.data();
}

/** Scenario lines in `simulate --batch` form, as saved scenarios for the test page. */
std::optional<QList<SavedScenario>> readScenarioFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        writeErr(tr("Cannot read %1: %2").arg(path, file.errorString()));
        return std::nullopt;
    }
    QList<SavedScenario> out;
    qint64 lineNumber = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        ++lineNumber;
        const QByteArray trimmed = line.trimmed();
        if (trimmed.isEmpty() || trimmed.startsWith("//"))
            continue;
        QString error;
        const auto parsed = parseScenarioLine(line, &error);
        if (!parsed) {
            writeErr(tr("%1:%2: %3").arg(path).arg(lineNumber).arg(error));
            return std::nullopt;
        }
        SavedScenario saved;
        saved.name = parsed->id.isUndefined() ? QString() : parsed->id.toVariant().toString();
        saved.scenario = parsed->scenario;
        saved.session = parsed->session;
        saved.advanceSeconds = parsed->advanceSeconds;
        out.append(saved);
    }
    return out;
}

} // namespace

int runServe(const QStringList &arguments)
{
    PolicyCommandLine cli(tr(
            "Serves POLICY over real HTTP: every request gets the response django-cors-headers "
            "would give under POLICY (as `respond` computes it), so that a real browser or client "
            "can be tried against it. A second port serves a test page that runs the document's "
            "scenarios in the browser next to the simulator's predictions.\n"
            "Binds loopback only unless --allow-remote. Logs one JSON line per request on stdout "
            "(the first line says where it listens). Reloads POLICY when the file changes. Runs "
            "until SIGINT or SIGTERM."));
    QCommandLineParser &p = cli.parser();
    const QCommandLineOption listen(QStringLiteral("listen"),
                                    tr("Address and port for the policy (default 127.0.0.1 and "
                                       "any free port)."),
                                    tr("address:port"), QStringLiteral("127.0.0.1:0"));
    const QCommandLineOption pageListen(QStringLiteral("page-listen"),
                                        tr("Address and port for the test page (default: the "
                                           "policy's address, any free port)."),
                                        tr("address:port"));
    const QCommandLineOption allowRemote(QStringLiteral("allow-remote"),
                                         tr("Allow addresses other than loopback (anyone who can "
                                            "reach them can use the server)."));
    const QCommandLineOption endpointStatus(QStringLiteral("endpoint-status"),
                                            tr("The status the view answers with (default 200)."),
                                            tr("status"), QStringLiteral("200"));
    const QCommandLineOption endpointHeader(
            QStringLiteral("endpoint-header"),
            tr("A header the view's own response carries (repeatable)."), tr("'Name: value'"));
    const QCommandLineOption scenarios(
            QStringLiteral("scenarios"),
            tr("Scenario lines (simulate --batch form) for the test page, "
               "in addition to the document's."),
            tr("file"));
    for (const QCommandLineOption &o :
         {listen, pageListen, allowRemote, endpointStatus, endpointHeader, scenarios})
        p.addOption(o);
    if (const auto exit = cli.parse(arguments))
        return *exit;

    QHostAddress address;
    quint16 port = 0;
    QString error;
    if (!parseListen(p.value(listen), &address, &port, &error)) {
        writeErr(tr("Invalid --listen: %1.").arg(error));
        return ExitUsage;
    }
    QHostAddress pageAddress = address;
    quint16 pagePort = 0;
    if (p.isSet(pageListen) && !parseListen(p.value(pageListen), &pageAddress, &pagePort, &error)) {
        writeErr(tr("Invalid --page-listen: %1.").arg(error));
        return ExitUsage;
    }
    for (const QHostAddress &a : {address, pageAddress}) {
        if (!a.isLoopback() && !p.isSet(allowRemote)) {
            writeErr(tr("Refusing to listen on %1, which is not a loopback address: pass "
                        "--allow-remote to allow it.")
                             .arg(a.toString()));
            return ExitUsage;
        }
    }

    EndpointResponse endpoint;
    bool statusOk = false;
    endpoint.status = p.value(endpointStatus).toInt(&statusOk);
    if (!statusOk || endpoint.status < 200 || endpoint.status > 599) {
        writeErr(tr("Invalid --endpoint-status \"%1\": use 200 to 599.")
                         .arg(p.value(endpointStatus)));
        return ExitUsage;
    }
    for (const QString &h : p.values(endpointHeader)) {
        if (!parseHeaderOption(h, &endpoint.headers))
            return ExitUsage;
    }
    QStringList dropped;
    endpoint = Live::PolicyServer::sanitizedEndpoint(endpoint, &dropped);
    if (!dropped.isEmpty()) {
        writeErr(tr("--endpoint-header cannot set %1: the server frames its responses itself.")
                         .arg(dropped.join(QStringLiteral(", "))));
        return ExitUsage;
    }

    const auto document = cli.loadDocument();
    if (!document)
        return ExitUsage;
    QList<SavedScenario> pageScenarios = document->scenarios;
    if (p.isSet(scenarios)) {
        const auto extra = readScenarioFile(p.value(scenarios));
        if (!extra)
            return ExitUsage;
        pageScenarios.append(*extra);
    }

    Live::PolicyServer server;
    server.setPolicy(document->policy);
    server.setEndpoint(endpoint);
    if (!server.listen(address, port)) {
        writeErr(tr("Cannot listen on %1:%2: %3")
                         .arg(address.toString())
                         .arg(port)
                         .arg(server.errorString()));
        return ExitUsage;
    }
    Live::TestPageServer page(&server);
    page.setScenarios(pageScenarios);
    if (!page.listen(pageAddress, pagePort)) {
        writeErr(tr("Cannot listen on %1:%2 for the test page: %3")
                         .arg(pageAddress.toString())
                         .arg(pagePort)
                         .arg(page.errorString()));
        return ExitUsage;
    }

    // SIGINT / SIGTERM end the event loop through a pipe (the only async-signal-safe way).
    if (::pipe(signalPipe) != 0) {
        writeErr(tr("Cannot create a pipe for signal handling."));
        return ExitUsage;
    }
    // Both ends non-blocking: the handler must never block, and the notifier drains the pipe.
    for (const int fd : signalPipe) {
        ::fcntl(fd, F_SETFD, FD_CLOEXEC);
        ::fcntl(fd, F_SETFL, O_NONBLOCK);
    }
    struct sigaction action = {};
    action.sa_handler = onSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESTART;
    struct sigaction oldInt = {};
    struct sigaction oldTerm = {};
    sigaction(SIGINT, &action, &oldInt);
    sigaction(SIGTERM, &action, &oldTerm);
    QSocketNotifier notifier(signalPipe[0], QSocketNotifier::Read);
    QObject::connect(&notifier, &QSocketNotifier::activated, &notifier, [] {
        char byte = 0;
        while (::read(signalPipe[0], &byte, 1) > 0) { }
        QCoreApplication::quit();
    });

    QObject::connect(&server, &Live::PolicyServer::exchangeLogged, &server,
                     [](const Live::LiveExchange &e) { writeLine(exchangeJson(e)); });
    QObject::connect(&page, &Live::TestPageServer::scenarioFinished, &page,
                     [](const Live::ScenarioRun &run) { writeLine(runJson(run)); });

    // Reload the policy when its file changes (editors often replace the file: re-watch it).
    const QString policyPath = QFileInfo(p.positionalArguments().at(1)).absoluteFilePath();
    PolicyFileOptions options;
    if (p.isSet(QStringLiteral("profile")))
        options.profile = profileFromName(p.value(QStringLiteral("profile")));
    options.debug = p.isSet(QStringLiteral("debug-settings"));
    QFileSystemWatcher watcher({policyPath});
    QTimer reloadTimer;
    reloadTimer.setSingleShot(true);
    reloadTimer.setInterval(200);
    QObject::connect(&watcher, &QFileSystemWatcher::fileChanged, &reloadTimer,
                     [&reloadTimer] { reloadTimer.start(); });
    QObject::connect(&reloadTimer, &QTimer::timeout, &server, [&] {
        if (!watcher.files().contains(policyPath) && QFileInfo::exists(policyPath))
            watcher.addPath(policyPath);
        const PolicyFileResult loaded = loadPolicyFile(policyPath, options);
        JsonWriter json;
        json.beginObject();
        if (loaded.ok) {
            server.setPolicy(loaded.policy);
            json.key("event").value("reloaded");
            writeErr(tr("Reloaded %1.").arg(policyPath));
        } else {
            json.key("event").value("reload-failed").key("error").value(loaded.errorString);
            writeErr(tr("Cannot reload %1, still serving the previous policy: %2")
                             .arg(policyPath, loaded.errorString));
        }
        json.endObject();
        writeLine(json.data());
    });

    const QString policyUrl = server.url().toString();
    const QString pageUrl = page.url().toString();
    {
        JsonWriter json;
        json.beginObject();
        json.key("event").value("listening");
        json.key("policy").value(policyPath);
        json.key("profile").value(profileName(document->policy.profile()));
        json.key("url").value(policyUrl);
        json.key("port").value(int(server.port()));
        json.key("page_url").value(pageUrl);
        json.key("page_port").value(int(page.port()));
        json.key("scenarios").value(int(pageScenarios.size()));
        json.endObject();
        writeLine(json.data());
    }
    if (!address.isLoopback() || !pageAddress.isLoopback())
        writeErr(tr("Warning: listening on a non-loopback address; anyone who can reach it can use "
                    "this server."));
    writeErr(tr("Serving %1 at %2\nTest page (%3 scenarios) at %4\nPress Ctrl+C to stop.")
                     .arg(policyPath, policyUrl)
                     .arg(pageScenarios.size())
                     .arg(pageUrl));

    QCoreApplication::exec();

    page.close();
    server.close();
    sigaction(SIGINT, &oldInt, nullptr);
    sigaction(SIGTERM, &oldTerm, nullptr);
    ::close(signalPipe[0]);
    ::close(signalPipe[1]);
    {
        JsonWriter json;
        json.beginObject();
        json.key("event").value("stopped");
        json.key("requests").value(server.requestCount());
        json.endObject();
        writeLine(json.data());
    }
    writeErr(tr("Stopped."));
    return ExitOk;
}

} // namespace Cors::Cli
