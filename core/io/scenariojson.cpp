// SPDX-License-Identifier: MIT
#include "io/scenariojson.h"

#include "io/flatjsonreader.h"
#include "io/jsonwriter.h"
#include "io/requestjson.h"
#include "python/pysemantics.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <algorithm>
#include <iterator>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ScenarioJson", text);
}

bool readHeaders(const QJsonValue &value, const QString &member, HttpHeaders *out, QString *error)
{
    if (!value.isObject()) {
        *error = tr("\"%1\" must be an object of header names to string values").arg(member);
        return false;
    }
    const QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it.value().isString()) {
            *error = tr("header \"%1\" in \"%2\" must have a string value").arg(it.key(), member);
            return false;
        }
        out->append({it.key(), it.value().toString()});
    }
    return true;
}

void writeHeaders(JsonWriter &json, const HttpHeaders &headers)
{
    json.beginObject();
    for (const HttpHeader &h : headers)
        json.key(h.name).value(h.value);
    json.endObject();
}

/**
 * The common scenario line (FlatJsonReader's shape; members id, session, advance, origin, url,
 * method, headers, credentials, mode, body, browser, api and cookies, each at most once, with
 * valid values and origin and url given) read without a QJsonDocument: a third of parsing a
 * batch line went to building and walking the document. nullopt for anything else, which
 * scenarioFromJson() then reads (with its error messages). The result is the one
 * scenarioFromJson() gives: headers in QJsonObject's order (sorted by name).
 */
class SimpleScenarioReader : private FlatJsonReader
{
public:
    using FlatJsonReader::FlatJsonReader;

    std::optional<ScenarioLine> read()
    {
        ScenarioLine line;
        Scenario &s = line.scenario;
        s.pageOrigin.clear();
        s.url.clear();
        const bool read = wholeObject(members, [&](int member) {
            const QLatin1StringView key = members[member];
            if (key == QLatin1String("id"))
                return id(&line.id);
            if (key == QLatin1String("advance")) {
                qint64 seconds = 0;
                if (!integer(&seconds) || double(seconds) > MaxClockAdvanceSeconds)
                    return false;
                line.advanceSeconds = double(seconds);
                return true;
            }
            if (key == QLatin1String("headers")) {
                if (!headers(&s.headers))
                    return false;
                std::sort(s.headers.begin(), s.headers.end(),
                          [](const HttpHeader &a, const HttpHeader &b) { return a.name < b.name; });
                return true;
            }
            QString value;
            return text(&value) && setText(key, value, line);
        });
        if (!read || s.pageOrigin.isEmpty() || s.url.isEmpty())
            return std::nullopt;
        return line;
    }

private:
    static constexpr QLatin1StringView members[]
            = {QLatin1StringView("id"),      QLatin1StringView("session"),
               QLatin1StringView("advance"), QLatin1StringView("origin"),
               QLatin1StringView("url"),     QLatin1StringView("method"),
               QLatin1StringView("headers"), QLatin1StringView("credentials"),
               QLatin1StringView("mode"),    QLatin1StringView("body"),
               QLatin1StringView("browser"), QLatin1StringView("api"),
               QLatin1StringView("cookies")};

    /** The string member @p key; false for a value scenarioFromJson() refuses. */
    static bool setText(QLatin1StringView key, const QString &text, ScenarioLine &line)
    {
        Scenario &s = line.scenario;
        if (key == QLatin1String("session")) {
            line.session = text;
        } else if (key == QLatin1String("origin")) {
            s.pageOrigin = text;
        } else if (key == QLatin1String("url")) {
            s.url = text;
        } else if (key == QLatin1String("method")) {
            s.method = text;
        } else if (key == QLatin1String("cookies")) {
            s.cookies = text;
        } else if (key == QLatin1String("body")) {
            s.bodyText = text;
            s.body = BodyKind::Text;
        } else if (key == QLatin1String("credentials")) {
            const auto mode = credentialsModeFromName(text);
            if (!mode)
                return false;
            s.credentials = *mode;
        } else if (key == QLatin1String("mode")) {
            const auto mode = requestModeFromName(text);
            if (!mode)
                return false;
            s.mode = *mode;
        } else if (key == QLatin1String("browser")) {
            const auto engine = browserEngineFromName(text);
            if (!engine)
                return false;
            s.browser = *engine;
            line.browserGiven = true;
        } else if (key == QLatin1String("api")) {
            if (text == QLatin1String("fetch"))
                s.initiator = RequestInitiator::Fetch;
            else if (text == QLatin1String("xhr"))
                s.initiator = RequestInitiator::XmlHttpRequest;
            else
                return false;
        } else {
            return false;
        }
        return true;
    }
};

} // namespace

std::optional<ScenarioLine> scenarioFromJson(const QJsonObject &object, QString *error)
{
    ScenarioLine line;
    Scenario &s = line.scenario;
    s.pageOrigin.clear();
    s.url.clear();
    auto requireString = [&](const QJsonValue &value, const QString &member, QString *out) {
        if (!value.isString()) {
            *error = tr("\"%1\" must be a string").arg(member);
            return false;
        }
        *out = value.toString();
        return true;
    };
    bool bodyKindGiven = false;
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue value = it.value();
        QString text;
        if (key == QLatin1String("id")) {
            line.id = value;
        } else if (key == QLatin1String("session")) {
            if (!requireString(value, key, &line.session))
                return std::nullopt;
        } else if (key == QLatin1String("advance")) {
            if (!value.isDouble() || !(value.toDouble() >= 0)
                || value.toDouble() > MaxClockAdvanceSeconds) {
                *error = tr("\"advance\" must be a number of seconds from 0 to %1")
                                 .arg(MaxClockAdvanceSeconds, 0, 'f', 0);
                return std::nullopt;
            }
            line.advanceSeconds = value.toDouble();
        } else if (key == QLatin1String("origin")) {
            if (!requireString(value, key, &s.pageOrigin))
                return std::nullopt;
        } else if (key == QLatin1String("url")) {
            if (!requireString(value, key, &s.url))
                return std::nullopt;
        } else if (key == QLatin1String("method")) {
            if (!requireString(value, key, &s.method))
                return std::nullopt;
        } else if (key == QLatin1String("headers")) {
            if (!readHeaders(value, key, &s.headers, error))
                return std::nullopt;
        } else if (key == QLatin1String("endpoint_headers")) {
            if (!readHeaders(value, key, &s.endpoint.headers, error))
                return std::nullopt;
        } else if (key == QLatin1String("endpoint_status")) {
            if (!value.isDouble() || value.toInt() < 100 || value.toInt() > 599) {
                *error = tr("\"endpoint_status\" must be an HTTP status code (100-599)");
                return std::nullopt;
            }
            s.endpoint.status = value.toInt();
        } else if (key == QLatin1String("preflight_headers")) {
            if (!s.preflightEndpoint)
                s.preflightEndpoint = EndpointResponse();
            if (!readHeaders(value, key, &s.preflightEndpoint->headers, error))
                return std::nullopt;
        } else if (key == QLatin1String("preflight_status")) {
            if (!value.isDouble() || value.toInt() < 100 || value.toInt() > 599) {
                *error = tr("\"preflight_status\" must be an HTTP status code (100-599)");
                return std::nullopt;
            }
            if (!s.preflightEndpoint)
                s.preflightEndpoint = EndpointResponse();
            s.preflightEndpoint->status = value.toInt();
        } else if (key == QLatin1String("credentials")) {
            if (!requireString(value, key, &text))
                return std::nullopt;
            const auto mode = credentialsModeFromName(text);
            if (!mode) {
                *error = tr("\"credentials\" must be omit, same-origin or include");
                return std::nullopt;
            }
            s.credentials = *mode;
        } else if (key == QLatin1String("mode")) {
            if (!requireString(value, key, &text))
                return std::nullopt;
            const auto mode = requestModeFromName(text);
            if (!mode) {
                *error = tr("\"mode\" must be cors, no-cors or same-origin");
                return std::nullopt;
            }
            s.mode = *mode;
        } else if (key == QLatin1String("body")) {
            if (value.isNull())
                continue;
            if (!requireString(value, key, &s.bodyText))
                return std::nullopt;
            if (!bodyKindGiven)
                s.body = BodyKind::Text;
        } else if (key == QLatin1String("body_kind")) {
            if (!requireString(value, key, &text))
                return std::nullopt;
            const auto kind = bodyKindFromName(text);
            if (!kind) {
                *error = tr("\"body_kind\" must be none, text, urlsearchparams, formdata, blob, "
                            "arraybuffer or stream");
                return std::nullopt;
            }
            s.body = *kind;
            bodyKindGiven = true;
        } else if (key == QLatin1String("blob_type")) {
            if (!requireString(value, key, &s.blobType))
                return std::nullopt;
        } else if (key == QLatin1String("cookies")) {
            if (!requireString(value, key, &s.cookies))
                return std::nullopt;
        } else if (key == QLatin1String("cookie_samesite")) {
            if (!requireString(value, key, &text))
                return std::nullopt;
            if (text == QLatin1String("lax"))
                s.cookieSameSite = CookieSameSite::Lax;
            else if (text == QLatin1String("strict"))
                s.cookieSameSite = CookieSameSite::Strict;
            else if (text == QLatin1String("none"))
                s.cookieSameSite = CookieSameSite::None;
            else {
                *error = tr("\"cookie_samesite\" must be lax, strict or none");
                return std::nullopt;
            }
        } else if (key == QLatin1String("cache")) {
            if (!requireString(value, key, &text))
                return std::nullopt;
            if (text == QLatin1String("default"))
                s.cacheMode = CacheMode::Default;
            else if (text == QLatin1String("no-cache"))
                s.cacheMode = CacheMode::NoCache;
            else if (text == QLatin1String("reload"))
                s.cacheMode = CacheMode::Reload;
            else if (text == QLatin1String("no-store"))
                s.cacheMode = CacheMode::NoStore;
            else {
                *error = tr("\"cache\" must be default, no-cache, reload or no-store");
                return std::nullopt;
            }
        } else if (key == QLatin1String("api")) {
            if (!requireString(value, key, &text))
                return std::nullopt;
            if (text == QLatin1String("fetch"))
                s.initiator = RequestInitiator::Fetch;
            else if (text == QLatin1String("xhr"))
                s.initiator = RequestInitiator::XmlHttpRequest;
            else {
                *error = tr("\"api\" must be fetch or xhr");
                return std::nullopt;
            }
        } else if (key == QLatin1String("browser")) {
            if (!requireString(value, key, &text))
                return std::nullopt;
            const auto engine = browserEngineFromName(text);
            if (!engine) {
                *error = tr("\"browser\" must be chromium, firefox or safari");
                return std::nullopt;
            }
            s.browser = *engine;
            line.browserGiven = true;
        } else if (key == QLatin1String("upload_listeners")) {
            if (!value.isBool()) {
                *error = tr("\"upload_listeners\" must be true or false");
                return std::nullopt;
            }
            s.uploadListeners = value.toBool();
        } else if (key == QLatin1String("duplex")) {
            if (!value.isBool()) {
                *error = tr("\"duplex\" must be true or false");
                return std::nullopt;
            }
            s.duplexHalf = value.toBool();
        } else {
            *error = tr("unknown member \"%1\"").arg(key);
            return std::nullopt;
        }
    }
    if (s.pageOrigin.isEmpty() || s.url.isEmpty()) {
        *error = tr("\"origin\" and \"url\" are required");
        return std::nullopt;
    }
    return line;
}

std::optional<ScenarioLine> parseScenarioLine(const QByteArray &line, QString *error)
{
    if (line.size() > MaxJsonLineBytes) {
        *error = jsonLineTooLongError(line.size());
        return std::nullopt;
    }
    if (auto simple = SimpleScenarioReader(line).read())
        return simple;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = tr("invalid JSON at offset %1: %2")
                         .arg(parseError.offset)
                         .arg(parseError.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = tr("expected a JSON object");
        return std::nullopt;
    }
    return scenarioFromJson(doc.object(), error);
}

QJsonObject scenarioToJson(const Scenario &s)
{
    QJsonObject o;
    o.insert(QStringLiteral("origin"), s.pageOrigin);
    o.insert(QStringLiteral("url"), s.url);
    o.insert(QStringLiteral("method"), s.method);
    QJsonObject headers;
    for (const HttpHeader &h : s.headers)
        headers.insert(h.name, h.value);
    o.insert(QStringLiteral("headers"), headers);
    o.insert(QStringLiteral("credentials"), credentialsModeName(s.credentials));
    if (s.mode != RequestMode::Cors)
        o.insert(QStringLiteral("mode"), requestModeName(s.mode));
    if (s.body != BodyKind::None) {
        o.insert(QStringLiteral("body_kind"), bodyKindName(s.body));
        o.insert(QStringLiteral("body"), s.bodyText);
    }
    if (!s.blobType.isEmpty())
        o.insert(QStringLiteral("blob_type"), s.blobType);
    if (s.initiator == RequestInitiator::XmlHttpRequest)
        o.insert(QStringLiteral("api"), QStringLiteral("xhr"));
    if (s.browser != BrowserEngine::Chromium)
        o.insert(QStringLiteral("browser"), browserEngineName(s.browser));
    if (s.uploadListeners)
        o.insert(QStringLiteral("upload_listeners"), true);
    if (!s.duplexHalf)
        o.insert(QStringLiteral("duplex"), false);
    if (!s.cookies.isEmpty())
        o.insert(QStringLiteral("cookies"), s.cookies);
    if (s.cookieSameSite == CookieSameSite::Strict)
        o.insert(QStringLiteral("cookie_samesite"), QStringLiteral("strict"));
    else if (s.cookieSameSite == CookieSameSite::None)
        o.insert(QStringLiteral("cookie_samesite"), QStringLiteral("none"));
    switch (s.cacheMode) {
    case CacheMode::Default:
        break;
    case CacheMode::NoCache:
        o.insert(QStringLiteral("cache"), QStringLiteral("no-cache"));
        break;
    case CacheMode::Reload:
        o.insert(QStringLiteral("cache"), QStringLiteral("reload"));
        break;
    case CacheMode::NoStore:
        o.insert(QStringLiteral("cache"), QStringLiteral("no-store"));
        break;
    }
    if (s.endpoint.status != 200)
        o.insert(QStringLiteral("endpoint_status"), s.endpoint.status);
    QJsonObject endpointHeaders;
    for (const HttpHeader &h : s.endpoint.headers)
        endpointHeaders.insert(h.name, h.value);
    if (!endpointHeaders.isEmpty())
        o.insert(QStringLiteral("endpoint_headers"), endpointHeaders);
    if (s.preflightEndpoint) {
        o.insert(QStringLiteral("preflight_status"), s.preflightEndpoint->status);
        QJsonObject preflightHeaders;
        for (const HttpHeader &h : s.preflightEndpoint->headers)
            preflightHeaders.insert(h.name, h.value);
        o.insert(QStringLiteral("preflight_headers"), preflightHeaders);
    }
    return o;
}

QByteArray simulationResultToJson(const SimulationResult &r, const QJsonValue &id, bool withSteps)
{
    JsonWriter json;
    json.beginObject();
    if (!id.isUndefined())
        json.key("id").raw(JsonWriter::valueText(id));
    json.key("verdict").value(r.allowed ? "allowed" : "blocked");
    json.key("preflight").value(r.preflightSent);
    json.key("server_saw").beginArray();
    for (const WireRequest &w : r.serverSaw) {
        json.beginObject();
        json.key("method").value(w.method);
        json.key("url").value(w.url);
        json.key("headers");
        writeHeaders(json, w.headers);
        json.endObject();
    }
    json.endArray();
    json.key("console").value(r.console);
    json.key("readable_headers").beginArray();
    for (const QString &name : r.readableHeaders)
        json.value(name);
    json.endArray();
    json.key("status").value(r.status);
    json.key("response_type").value(r.responseType);
    json.key("cors_error");
    if (r.failure)
        json.value(corsErrorName(r.failure->error));
    else
        json.null();
    json.key("firefox_reason").value(r.firefoxReason);
    json.key("script_error").value(r.scriptError);
    json.key("browser").value(browserEngineName(r.browser));
    json.key("failure_stage");
    if (r.failureStage)
        json.value(failureStageName(*r.failureStage));
    else
        json.null();
    json.key("engine_error");
    if (r.engineFailure && !r.engineFailure->identifier.isEmpty()) {
        json.beginObject();
        json.key("identifier").value(r.engineFailure->identifier);
        json.key("parameter").value(r.engineFailure->parameter);
        json.key("documentation").value(r.engineFailure->documentation);
        json.endObject();
    } else {
        json.null();
    }
    json.key("from_preflight_cache").value(r.servedFromPreflightCache);
    json.key("warnings").beginArray();
    for (const QString &w : r.warnings)
        json.value(w);
    json.endArray();
    json.key("fixes").beginArray();
    for (const PolicyFix &fix : r.fixes)
        json.value(fix.description);
    json.endArray();
    json.key("fix_explanation").value(r.fixExplanation);
    if (withSteps) {
        json.key("steps").beginArray();
        for (const TraceStep &step : r.steps) {
            json.beginObject();
            json.key("id").value(step.id);
            json.key("title").value(step.title);
            json.key("verdict").value(verdictName(step.verdict));
            json.key("summary").value(step.summary);
            json.key("facts").beginArray();
            for (const TraceFact &fact : step.facts)
                json.beginArray().value(fact.name).value(fact.value).endArray();
            json.endArray();
            if (step.request) {
                json.key("request").beginObject();
                json.key("method").value(step.request->method);
                json.key("url").value(step.request->url);
                json.key("headers");
                writeHeaders(json, step.request->headers);
                json.endObject();
            }
            if (step.response) {
                json.key("response").beginObject();
                json.key("status").value(step.response->error.isEmpty() ? step.response->status
                                                                        : 500);
                json.key("headers");
                writeHeaders(json, step.response->headers);
                if (!step.response->error.isEmpty())
                    json.key("error").value(step.response->error);
                json.key("explanation").beginArray();
                for (const ExplanationStep &e : step.response->explanation)
                    json.value(e.text);
                json.endArray();
                json.endObject();
            }
            json.endObject();
        }
        json.endArray();
    }
    json.endObject();
    return json.data();
}

QString simulationResultToText(const SimulationResult &r)
{
    QString out;
    int n = 0;
    for (const TraceStep &step : r.steps) {
        QString mark;
        switch (step.verdict) {
        case Verdict::Pass:
            mark = QStringLiteral("ok  ");
            break;
        case Verdict::Fail:
            mark = QStringLiteral("FAIL");
            break;
        case Verdict::Skip:
            mark = QStringLiteral("--  ");
            break;
        case Verdict::Error:
            mark = QStringLiteral("ERR ");
            break;
        }
        out += QStringLiteral("%1. [%2] %3: %4\n").arg(++n).arg(mark, step.title, step.summary);
        if (step.request) {
            out += QStringLiteral("     > %1 %2\n").arg(step.request->method, step.request->url);
            for (const HttpHeader &h : step.request->headers)
                out += QStringLiteral("     > %1: %2\n").arg(h.name, h.value);
        }
        if (step.response) {
            out += QStringLiteral("     < %1\n")
                           .arg(step.response->error.isEmpty() ? step.response->status : 500);
            for (const HttpHeader &h : step.response->headers)
                out += QStringLiteral("     < %1: %2\n").arg(h.name, h.value);
            for (const ExplanationStep &e : step.response->explanation)
                out += QStringLiteral("       - %1\n").arg(e.text);
        }
        for (const TraceFact &fact : step.facts)
            out += QStringLiteral("     %1: %2\n").arg(fact.name, fact.value);
    }
    out += u'\n';
    if (r.browser != BrowserEngine::Chromium)
        out += tr("Browser: %1\n").arg(browserEngineTitle(r.browser));
    out += r.allowed ? tr("Verdict: allowed\n") : tr("Verdict: blocked\n");
    if (!r.console.isEmpty()) {
        for (const QString &line : r.console.split(u'\n'))
            out += tr("Console: %1\n").arg(line);
    }
    if (!r.allowed && !r.scriptError.isEmpty() && r.browser != BrowserEngine::Chromium)
        out += tr("Script: %1\n").arg(r.scriptError);
    if (r.engineFailure && !r.engineFailure->documentation.isEmpty()
        && r.browser == BrowserEngine::Firefox)
        out += tr("Reason: %1 (%2)\n")
                       .arg(r.engineFailure->identifier, r.engineFailure->documentation);
    for (const QString &w : r.warnings)
        out += tr("Warning: %1\n").arg(w);
    if (!r.fixes.isEmpty()) {
        out += tr("Fix:\n");
        for (const PolicyFix &fix : r.fixes)
            out += QStringLiteral("  - %1\n").arg(fix.description);
    } else if (!r.fixExplanation.isEmpty()) {
        out += tr("Fix: %1\n").arg(r.fixExplanation);
    }
    return out;
}

} // namespace Cors
