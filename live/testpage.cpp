// SPDX-License-Identifier: MIT
#include "live/testpage.h"

#include "io/jsonwriter.h"
#include "io/scenariojson.h"

#include <QCoreApplication>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <deque>

namespace Cors::Live {

namespace {

RawHttpResponse reply(int status, const QByteArray &contentType, const QByteArray &body,
                      bool head = false)
{
    RawHttpResponse out;
    out.status = status;
    out.body = body;
    out.sendBody = !head;
    out.headers = {{"Content-Type", contentType},
                   {"Content-Length", QByteArray::number(body.size())},
                   {"Cache-Control", "no-store"},
                   {"Date", PolicyServer::httpDate(QDateTime::currentDateTimeUtc())},
                   {"Server", "CORS-Studio"}};
    return out;
}

RawHttpResponse jsonReply(const QByteArray &json, int status = 200)
{
    return reply(status, "application/json", json);
}

RawHttpResponse jsonError(int status, const QString &error)
{
    JsonWriter json;
    json.beginObject().key(u"ok").value(false).key(u"error").value(error).endObject();
    return jsonReply(json.data(), status);
}

QByteArray resource(const QString &name)
{
    QFile file(QStringLiteral(":/cors/live/") + name);
    if (!file.open(QIODevice::ReadOnly))
        return QByteArray();
    return file.readAll();
}

void writeHeaderPairs(JsonWriter &json, const HttpHeaders &headers)
{
    json.beginArray();
    for (const HttpHeader &h : headers)
        json.beginArray().value(h.name).value(h.value).endArray();
    json.endArray();
}

void writeExchanges(JsonWriter &json, const QList<LiveExchange> &exchanges)
{
    json.beginArray();
    for (const LiveExchange &e : exchanges) {
        json.beginObject();
        json.key(u"method").value(QString::fromLatin1(e.wireMethod));
        json.key(u"path").value(QString::fromLatin1(e.wireTarget));
        json.key(u"headers");
        writeHeaderPairs(json, e.request.headers);
        json.key(u"status").value(e.status);
        json.key(u"response_headers");
        writeHeaderPairs(json, e.sentHeaders);
        json.endObject();
    }
    json.endArray();
}

bool isPreflightExchange(const LiveExchange &e)
{
    return e.request.method == QLatin1String("OPTIONS")
            && e.request.headers.contains(u"Access-Control-Request-Method");
}

QString bindingKey(const QString &run, const QString &id)
{
    return run.isEmpty() ? id : run + u'/' + id;
}

} // namespace

struct TestPageServer::Private
{
    PolicyServer *policyServer = nullptr;
    HttpServerAdapter adapter;
    QList<SavedScenario> scenarios;
    QHash<QString, BrowserSession> sessions; // by run and session name
    QHash<QString, ScenarioRun> pending;     // by binding key
    std::deque<ScenarioRun> runs;
};

TestPageServer::TestPageServer(PolicyServer *policyServer, QObject *parent)
    : QObject(parent)
    , d(new Private)
{
    d->policyServer = policyServer;
    d->adapter.setHandler([this](const RawHttpRequest &raw) { return handle(raw); });
}

TestPageServer::~TestPageServer()
{
    d->adapter.close();
}

void TestPageServer::setScenarios(const QList<SavedScenario> &scenarios)
{
    d->scenarios = scenarios;
}

QList<SavedScenario> TestPageServer::scenarios() const
{
    return d->scenarios;
}

bool TestPageServer::listen(const QHostAddress &address, quint16 port)
{
    return d->adapter.listen(address, port);
}

void TestPageServer::close()
{
    d->adapter.close();
}

bool TestPageServer::isListening() const
{
    return d->adapter.isListening();
}

quint16 TestPageServer::port() const
{
    return d->adapter.serverPort();
}

QUrl TestPageServer::url() const
{
    if (!isListening())
        return QUrl();
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(d->adapter.serverAddress().toString());
    url.setPort(d->adapter.serverPort());
    url.setPath(QStringLiteral("/"));
    return url;
}

QString TestPageServer::errorString() const
{
    return d->adapter.errorString();
}

QList<ScenarioRun> TestPageServer::runs() const
{
    return QList<ScenarioRun>(d->runs.begin(), d->runs.end());
}

QStringList TestPageServer::disagreements(const ScenarioRun &run)
{
    QStringList out;
    const SimulationResult &p = run.prediction;
    const BrowserOutcome &b = run.browser;
    if (p.allowed != b.allowed) {
        if (b.allowed)
            out.append(
                    tr("The browser allowed the request; the simulator predicted it blocked (%1).")
                            .arg(p.console.isEmpty() ? p.scriptError : p.console));
        else
            out.append(
                    tr("The browser blocked the request (%1); the simulator predicted it allowed.")
                            .arg(b.error));
    }
    bool preflight = false;
    QStringList seen;
    for (const LiveExchange &e : run.exchanges) {
        preflight = preflight || isPreflightExchange(e);
        seen.append(QString::fromLatin1(e.wireMethod));
    }
    if (preflight != p.preflightSent)
        out.append(preflight ? tr("The browser sent a preflight; the simulator predicted none.")
                             : tr("The browser sent no preflight; the simulator predicted one."));
    QStringList predicted;
    for (const WireRequest &w : p.serverSaw)
        predicted.append(w.method);
    if (seen != predicted) {
        const QString none = tr("nothing");
        out.append(tr("The server saw %1; the simulator predicted %2.")
                           .arg(seen.isEmpty() ? none : seen.join(QStringLiteral(", ")),
                                predicted.isEmpty() ? none : predicted.join(QStringLiteral(", "))));
    }
    if (p.allowed && b.allowed) {
        QStringList readable = b.readableHeaders;
        for (QString &name : readable)
            name = name.toLower();
        readable.sort();
        readable.removeDuplicates();
        if (readable != p.readableHeaders)
            out.append(tr("The script could read %1; the simulator predicted %2.")
                               .arg(readable.join(QStringLiteral(", ")),
                                    p.readableHeaders.join(QStringLiteral(", "))));
        if (b.status != p.status)
            out.append(tr("The script got status %1; the simulator predicted %2.")
                               .arg(b.status)
                               .arg(p.status));
    }
    return out;
}

RawHttpResponse TestPageServer::handle(const RawHttpRequest &raw)
{
    const qsizetype question = raw.target.indexOf('?');
    const QByteArray path = question < 0 ? raw.target : raw.target.left(question);
    const QUrlQuery query(
            QString::fromLatin1(question < 0 ? QByteArray() : raw.target.mid(question + 1)));
    const bool get = raw.method == "GET" || raw.method == "HEAD";
    const bool head = raw.method == "HEAD";

    if (get && (path == "/" || path == "/index.html"))
        return reply(200, "text/html; charset=utf-8", resource(QStringLiteral("index.html")), head);
    if (get && path == "/testpage.js")
        return reply(200, "text/javascript; charset=utf-8", resource(QStringLiteral("testpage.js")),
                     head);

    if (get && path == "/__cs/scenarios") {
        JsonWriter json;
        json.beginObject();
        json.key(u"policy_url").value(d->policyServer->url().toString());
        json.key(u"scenarios").beginArray();
        for (qsizetype i = 0; i < d->scenarios.size(); ++i) {
            const SavedScenario &s = d->scenarios.at(i);
            json.beginObject();
            json.key(u"id").value(QString::number(i + 1));
            json.key(u"name").value(s.name);
            json.key(u"session").value(s.session);
            json.key(u"advance").raw(QByteArray::number(s.advanceSeconds));
            json.key(u"expect");
            if (s.expectAllowed)
                json.value(*s.expectAllowed);
            else
                json.null();
            json.key(u"scenario")
                    .raw(QJsonDocument(scenarioToJson(s.scenario)).toJson(QJsonDocument::Compact));
            json.endObject();
        }
        json.endArray();
        json.endObject();
        return jsonReply(json.data());
    }

    if (get && path == "/__cs/log") {
        const QString key
                = bindingKey(query.queryItemValue(QStringLiteral("run"), QUrl::FullyDecoded),
                             query.queryItemValue(QStringLiteral("id"), QUrl::FullyDecoded));
        JsonWriter json;
        writeExchanges(json, d->policyServer->exchanges(key));
        return jsonReply(json.data());
    }

    if (raw.method == "POST" && (path == "/__cs/bind" || path == "/__cs/result")) {
        bool isJson = false;
        for (const auto &h : raw.headers) {
            if (h.first.compare("Content-Type", Qt::CaseInsensitive) == 0)
                isJson = h.second.startsWith("application/json");
        }
        if (!isJson)
            return jsonError(415, tr("control requests must be application/json"));
        QJsonParseError parseError;
        const QJsonDocument doc = QJsonDocument::fromJson(raw.body, &parseError);
        if (!doc.isObject())
            return jsonError(400, tr("expected a JSON object: %1").arg(parseError.errorString()));
        const QJsonObject payload = doc.object();
        const QString id = payload.value(QStringLiteral("id")).toVariant().toString();
        const QString runName = payload.value(QStringLiteral("run")).toString();
        const QString key = bindingKey(runName, id);

        if (path == "/__cs/bind") {
            QString error;
            const auto line = scenarioFromJson(payload.value(QStringLiteral("scenario")).toObject(),
                                               &error);
            if (!line)
                return jsonError(400, error);
            ScenarioRun run;
            run.id = id;
            const int index = id.toInt() - 1;
            if (index >= 0 && index < d->scenarios.size())
                run.name = d->scenarios.at(index).name;
            run.scenario = line->scenario;
            run.session = payload.value(QStringLiteral("session")).toString();
            BrowserSession fresh;
            BrowserSession &session = run.session.isEmpty()
                    ? fresh
                    : d->sessions[runName + QChar(0x1f) + run.session];
            session.advanceClock(
                    qint64(payload.value(QStringLiteral("advance")).toDouble() * 1000.0));
            run.prediction = session.run(d->policyServer->engine(), run.scenario);
            if (!run.prediction.allowed)
                computeFixes(d->policyServer->policy(), run.scenario, run.prediction);
            d->policyServer->bind({key, run.scenario.endpoint, run.scenario.preflightEndpoint,
                                   run.prediction.serverSaw});
            d->pending.insert(key, run);
            emit scenarioStarted(run);
            JsonWriter json;
            json.beginObject().key(u"ok").value(true).key(u"binding").value(key);
            json.key(u"prediction")
                    .raw(simulationResultToJson(run.prediction, QJsonValue(id), false));
            json.endObject();
            return jsonReply(json.data());
        }

        // /__cs/result
        if (!d->pending.contains(key))
            return jsonError(404, tr("no scenario %1 is bound").arg(key));
        ScenarioRun run = d->pending.take(key);
        if (d->policyServer->currentBinding() == key)
            d->policyServer->unbind();
        run.reported = true;
        run.browser.allowed
                = payload.value(QStringLiteral("verdict")).toString() == QLatin1String("allowed");
        run.browser.status = payload.value(QStringLiteral("status")).toInt();
        run.browser.responseType = payload.value(QStringLiteral("response_type")).toString();
        for (const QJsonValue &v : payload.value(QStringLiteral("readable_headers")).toArray())
            run.browser.readableHeaders.append(v.toString());
        run.browser.error = payload.value(QStringLiteral("error")).toString();
        run.exchanges = d->policyServer->exchanges(key);
        run.disagreements = disagreements(run);
        d->runs.push_back(run);
        while (d->runs.size() > 500)
            d->runs.pop_front();
        emit scenarioFinished(run);
        JsonWriter json;
        json.beginObject().key(u"ok").value(true);
        json.key(u"agrees").value(run.disagreements.isEmpty());
        json.key(u"disagreements").beginArray();
        for (const QString &text : std::as_const(run.disagreements))
            json.value(text);
        json.endArray();
        json.key(u"server_saw");
        writeExchanges(json, run.exchanges);
        json.endObject();
        return jsonReply(json.data());
    }

    return reply(404, "text/plain; charset=utf-8", "Not Found\n", head);
}

} // namespace Cors::Live
