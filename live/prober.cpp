// SPDX-License-Identifier: MIT
#include "live/prober.h"

#include "browser/fetchrules.h"
#include "io/jsonwriter.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslError>
#include <QTimer>

namespace Cors::Live {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Prober", text);
}

constexpr qsizetype bodyPreviewLimit = 2048;

/** What Chromium with an en-US locale sends along; Qt would otherwise put its own. */
const QByteArray acceptLanguage = "en-US,en;q=0.9";

bool isPreflight(const WireRequest &wire)
{
    return wire.method == QLatin1String("OPTIONS")
            && wire.headers.contains(u"Access-Control-Request-Method");
}

/** A policy that lets @p request through, so that the simulator reaches the actual request. */
Policy permissivePolicy(const ProbeRequest &request, Profile profile)
{
    Policy policy(profile);
    policy.setValue(SettingId::AllowAllOrigins, PyValue::boolean(true));
    policy.setValue(SettingId::AllowCredentials, PyValue::boolean(true));
    QStringList methods
            = {QStringLiteral("DELETE"), QStringLiteral("GET"),  QStringLiteral("OPTIONS"),
               QStringLiteral("PATCH"),  QStringLiteral("POST"), QStringLiteral("PUT")};
    methods.append(Fetch::normalizeMethod(request.method));
    policy.setValue(SettingId::AllowMethods, PyValue::strList(methods));
    QStringList headers;
    for (const HttpHeader &h : request.headers)
        headers.append(h.name.toLower());
    headers.append(QStringLiteral("content-type"));
    policy.setValue(SettingId::AllowHeaders, PyValue::strList(headers));
    policy.setValue(SettingId::UrlsRegex, PyValue::str(QStringLiteral("^.*$")));
    return policy;
}

QString hostHeader(const QUrl &url)
{
    QString host = url.host(QUrl::FullyEncoded);
    if (host.contains(u':'))
        host = u'[' + host + u']';
    const int port = url.port();
    const bool https = url.scheme() == QLatin1String("https");
    if (port >= 0 && port != (https ? 443 : 80))
        host += u':' + QString::number(port);
    return host;
}

QString requestTarget(const QUrl &url)
{
    QString target = url.path(QUrl::FullyEncoded);
    if (target.isEmpty())
        target = QStringLiteral("/");
    if (url.hasQuery())
        target += u'?' + url.query(QUrl::FullyEncoded);
    return target;
}

void writePairs(JsonWriter &json, const HttpHeaders &headers)
{
    json.beginArray();
    for (const HttpHeader &h : headers)
        json.beginArray().value(h.name).value(h.value).endArray();
    json.endArray();
}

} // namespace

int ProbeReport::differenceCount() const
{
    int count = 0;
    for (const ProbeExchange &e : exchanges)
        count += int(e.differences.size());
    return count;
}

bool ProbeReport::complete() const
{
    if (!error.isEmpty() || cancelled || exchanges.isEmpty())
        return false;
    for (const ProbeExchange &e : exchanges) {
        if (!e.answered())
            return false;
    }
    return true;
}

struct Prober::Private
{
    QNetworkAccessManager own;
    QPointer<QNetworkAccessManager> manager;
    std::optional<CorsEngine> engine;
    ProbeReport report;
    QList<WireRequest> plan;
    int next = 0;
    bool running = false;
    bool timedOut = false;
    bool cancelled = false;
    QPointer<QNetworkReply> reply;
    QTimer timer;
    QElapsedTimer clock;
    ProbeExchange current;
};

Prober::Prober(QObject *parent)
    : QObject(parent)
    , d(new Private)
{
    d->manager = &d->own;
    d->timer.setSingleShot(true);
    connect(&d->timer, &QTimer::timeout, this, &Prober::onTimeout);
}

Prober::~Prober()
{
    if (d->reply) {
        d->reply->disconnect(this);
        d->reply->abort();
        d->reply->deleteLater();
    }
}

void Prober::setNetworkAccessManager(QNetworkAccessManager *manager)
{
    d->manager = manager ? manager : &d->own;
}

bool Prober::isRunning() const
{
    return d->running;
}

ProbeReport Prober::report() const
{
    return d->report;
}

std::optional<QList<WireRequest>> Prober::browserRequests(const ProbeRequest &request,
                                                          Profile profile, QString *error)
{
    Scenario scenario;
    scenario.pageOrigin = request.origin;
    scenario.url = request.url.toString(QUrl::FullyEncoded);
    scenario.method = request.method;
    scenario.headers = request.headers;
    scenario.credentials = request.credentials;
    if (request.body) {
        scenario.body = BodyKind::Text;
        scenario.bodyText = *request.body;
    }
    BrowserSession session;
    const SimulationResult result
            = session.run(CorsEngine(permissivePolicy(request, profile)), scenario);
    if (result.serverSaw.isEmpty()) {
        *error = !result.console.isEmpty() ? result.console : result.scriptError;
        if (error->isEmpty())
            *error = tr("a browser would send no request");
        return std::nullopt;
    }
    return result.serverSaw;
}

bool Prober::start(const Policy &policy, const ProbeRequest &request)
{
    if (d->running)
        return false;
    d->report = ProbeReport();
    d->report.request = request;
    d->engine.emplace(policy);
    d->plan.clear();
    d->next = 0;
    d->timedOut = false;
    d->cancelled = false;
    d->running = true;

    QString error;
    const auto plan = browserRequests(request, policy.profile(), &error);
    if (!plan) {
        d->report.error = error;
        QMetaObject::invokeMethod(this, &Prober::finish, Qt::QueuedConnection);
        return true;
    }
    d->plan = *plan;
    d->report.preflightNeeded = !d->plan.isEmpty() && isPreflight(d->plan.first());
    if (request.preflightOnly) {
        if (d->report.preflightNeeded) {
            d->plan = {d->plan.first()};
        } else {
            d->plan.clear();
            d->report.notes.append(tr("A browser sends no preflight for this request, and only the "
                                      "preflight was asked for: nothing was sent."));
        }
    }
    QMetaObject::invokeMethod(this, &Prober::sendNext, Qt::QueuedConnection);
    return true;
}

void Prober::cancel()
{
    if (!d->running || d->cancelled)
        return;
    d->cancelled = true;
    d->report.cancelled = true;
    if (d->reply)
        d->reply->abort(); // finished() arrives synchronously and ends the probe
}

void Prober::sendNext()
{
    if (d->cancelled || d->next >= d->plan.size()) {
        finish();
        return;
    }
    const WireRequest &wire = d->plan.at(d->next);
    const ProbeRequest &spec = d->report.request;
    d->current = ProbeExchange();
    d->current.kind
            = isPreflight(wire) ? ProbeExchange::Kind::Preflight : ProbeExchange::Kind::Actual;
    d->current.sent = wire;
    const bool withBody = d->current.kind == ProbeExchange::Kind::Actual && spec.body
            && wire.method != QLatin1String("GET") && wire.method != QLatin1String("HEAD");
    if (withBody)
        d->current.sentBody = spec.body->toUtf8();

    const QUrl url(wire.url);
    emit progress(d->next, int(d->plan.size()),
                  d->current.kind == ProbeExchange::Kind::Preflight
                          ? tr("Sending the preflight (OPTIONS) to %1…").arg(hostHeader(url))
                          : tr("Sending the actual request (%1) to %2…")
                                    .arg(wire.method, hostHeader(url)));

    QNetworkRequest request(url);
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    request.setAttribute(QNetworkRequest::CacheLoadControlAttribute,
                         QNetworkRequest::AlwaysNetwork);
    request.setAttribute(QNetworkRequest::CacheSaveControlAttribute, false);
    request.setAttribute(QNetworkRequest::CookieLoadControlAttribute, QNetworkRequest::Manual);
    request.setAttribute(QNetworkRequest::CookieSaveControlAttribute, QNetworkRequest::Manual);
    for (const HttpHeader &h : wire.headers)
        request.setRawHeader(h.name.toLatin1(), h.value.toLatin1());
    request.setRawHeader("Accept-Language", acceptLanguage);

    // What QNetworkAccessManager itself puts on the wire besides these (Qt 6.4, HTTP/1.1):
    // Host first, then Content-Length for a body, Connection and Accept-Encoding.
    d->current.stackHeaders.append({QStringLiteral("Host"), hostHeader(url)});
    if (withBody)
        d->current.stackHeaders.append(
                {QStringLiteral("Content-Length"), QString::number(d->current.sentBody.size())});
    d->current.stackHeaders.append(
            {QStringLiteral("Accept-Language"), QString::fromLatin1(acceptLanguage)});
    d->current.stackHeaders.append({QStringLiteral("Connection"), QStringLiteral("Keep-Alive")});
    d->current.stackHeaders.append(
            {QStringLiteral("Accept-Encoding"), QStringLiteral("gzip, deflate")});

    QNetworkReply *reply = nullptr;
    if (wire.method == QLatin1String("GET"))
        reply = d->manager->get(request);
    else if (wire.method == QLatin1String("HEAD"))
        reply = d->manager->head(request);
    else
        reply = d->manager->sendCustomRequest(request, wire.method.toLatin1(), d->current.sentBody);
    d->reply = reply;
    connect(reply, &QNetworkReply::finished, this, &Prober::onReplyFinished);
    connect(reply, &QNetworkReply::sslErrors, this, [this](const QList<QSslError> &errors) {
        for (const QSslError &e : errors)
            d->current.tlsErrors.append(e.errorString());
    });
    d->timedOut = false;
    d->clock.start();
    d->timer.start(qMax(1, spec.timeoutMs));
}

void Prober::onTimeout()
{
    if (!d->reply)
        return;
    d->timedOut = true;
    d->reply->abort();
}

void Prober::onReplyFinished()
{
    auto *reply = qobject_cast<QNetworkReply *>(sender());
    if (!reply || reply != d->reply)
        return;
    d->timer.stop();
    d->reply = nullptr;
    reply->deleteLater();

    ProbeExchange &e = d->current;
    e.elapsedMs = d->clock.elapsed();
    const QUrl url = reply->request().url();
    const QVariant statusAttribute = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (statusAttribute.isValid() && !d->timedOut && !d->cancelled) {
        e.status = statusAttribute.toInt();
        e.reason = QString::fromLatin1(
                reply->attribute(QNetworkRequest::HttpReasonPhraseAttribute).toByteArray());
        for (const auto &pair : reply->rawHeaderPairs())
            e.responseHeaders.append(
                    {QString::fromLatin1(pair.first), QString::fromLatin1(pair.second)});
        const QByteArray body = reply->readAll();
        e.bodySize = body.size();
        e.bodyPreview = body.left(bodyPreviewLimit);
        e.outcome = ProbeExchange::Outcome::Answered;
        const auto location = e.responseHeaders.value(u"Location");
        if (e.status >= 300 && e.status <= 399 && location) {
            e.outcome = ProbeExchange::Outcome::Redirected;
            e.redirectTarget = url.resolved(QUrl(*location));
            e.errorText = e.kind == ProbeExchange::Kind::Preflight
                    ? tr("The server redirects the preflight to %1. Chromium fails every preflight "
                         "that redirects (PreflightDisallowedRedirect); the probe does not follow "
                         "it.")
                              .arg(e.redirectTarget.toString())
                    : tr("The server redirects the request to %1. A browser would follow it and "
                         "check "
                         "CORS again there; the probe does not follow redirects.")
                              .arg(e.redirectTarget.toString());
            d->report.notes.append(e.errorText);
        }
    } else if (d->cancelled) {
        e.outcome = ProbeExchange::Outcome::Cancelled;
        e.errorText = tr("Cancelled before the server answered.");
    } else if (d->timedOut) {
        e.outcome = ProbeExchange::Outcome::Timeout;
        e.errorText = tr("No complete answer from %1 within %2 s.")
                              .arg(hostHeader(url))
                              .arg(d->report.request.timeoutMs / 1000.0);
    } else {
        switch (reply->error()) {
        case QNetworkReply::ConnectionRefusedError:
            e.outcome = ProbeExchange::Outcome::Refused;
            e.errorText
                    = tr("Connection refused: nothing is listening on %1.").arg(hostHeader(url));
            if (url.port() < 0)
                e.errorText
                        = tr("Connection refused: nothing is listening on %1 port %2.")
                                  .arg(url.host())
                                  .arg(url.port(url.scheme() == QLatin1String("https") ? 443 : 80));
            break;
        case QNetworkReply::HostNotFoundError:
            e.outcome = ProbeExchange::Outcome::HostNotFound;
            e.errorText = tr("The host %1 cannot be resolved.").arg(url.host());
            break;
        case QNetworkReply::SslHandshakeFailedError:
            e.outcome = ProbeExchange::Outcome::TlsError;
            e.errorText
                    = tr("The TLS handshake with %1 failed: %2.")
                              .arg(hostHeader(url),
                                   e.tlsErrors.isEmpty() ? reply->errorString()
                                                         : e.tlsErrors.join(QStringLiteral("; ")));
            break;
        case QNetworkReply::RemoteHostClosedError:
            e.outcome = ProbeExchange::Outcome::Closed;
            e.errorText = tr("The server at %1 closed the connection without answering.")
                                  .arg(hostHeader(url));
            break;
        default:
            e.outcome = e.tlsErrors.isEmpty() ? ProbeExchange::Outcome::NetworkError
                                              : ProbeExchange::Outcome::TlsError;
            e.errorText = e.tlsErrors.isEmpty()
                    ? tr("The request to %1 failed: %2.").arg(hostHeader(url), reply->errorString())
                    : tr("The TLS handshake with %1 failed: %2.")
                              .arg(hostHeader(url), e.tlsErrors.join(QStringLiteral("; ")));
            break;
        }
    }

    if (e.answered()) {
        e.serverRequest.method = e.sent.method;
        e.serverRequest.path = requestTarget(url);
        e.serverRequest.headers.append({QStringLiteral("Host"), hostHeader(url)});
        e.serverRequest.headers.append(e.sent.headers);
        e.serverRequest.secure = url.scheme() == QLatin1String("https");
        const ResponseComparison comparison = compareWithPolicy(
                *d->engine, e.serverRequest, ObservedResponse {e.status, e.responseHeaders});
        e.policy = comparison.policy;
        e.differences = comparison.differences;
    }

    d->report.exchanges.append(e);
    emit exchangeFinished(e);
    ++d->next;
    if (!e.answered()) {
        if (d->next < d->plan.size() && !d->cancelled)
            d->report.notes.append(
                    tr("The actual request was not sent: the preflight got no answer."));
        finish();
        return;
    }
    QMetaObject::invokeMethod(this, &Prober::sendNext, Qt::QueuedConnection);
}

void Prober::finish()
{
    if (!d->running)
        return;
    d->running = false;
    emit progress(int(d->plan.size()), int(d->plan.size()),
                  d->report.cancelled ? tr("Cancelled.") : tr("Done."));
    emit finished(d->report);
}

QString probeKindName(ProbeExchange::Kind kind)
{
    return kind == ProbeExchange::Kind::Preflight ? QStringLiteral("preflight")
                                                  : QStringLiteral("actual");
}

QString probeOutcomeName(ProbeExchange::Outcome outcome)
{
    switch (outcome) {
    case ProbeExchange::Outcome::Answered:
        return QStringLiteral("answered");
    case ProbeExchange::Outcome::Redirected:
        return QStringLiteral("redirected");
    case ProbeExchange::Outcome::Refused:
        return QStringLiteral("refused");
    case ProbeExchange::Outcome::HostNotFound:
        return QStringLiteral("host-not-found");
    case ProbeExchange::Outcome::Timeout:
        return QStringLiteral("timeout");
    case ProbeExchange::Outcome::TlsError:
        return QStringLiteral("tls-error");
    case ProbeExchange::Outcome::Closed:
        return QStringLiteral("closed");
    case ProbeExchange::Outcome::NetworkError:
        return QStringLiteral("network-error");
    case ProbeExchange::Outcome::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QString();
}

QString probeReportToText(const ProbeReport &report)
{
    const ProbeRequest &r = report.request;
    QString out;
    out += tr("Probe: %1 %2 from origin %3 (credentials: %4)\n")
                   .arg(r.method, r.url.toString(), r.origin, credentialsModeName(r.credentials));
    if (!report.error.isEmpty()) {
        out += tr("Nothing sent: %1\n").arg(report.error);
        return out;
    }
    out += report.preflightNeeded ? tr("A browser sends a preflight first.\n")
                                  : tr("A browser sends no preflight for this request.\n");
    int number = 0;
    for (const ProbeExchange &e : report.exchanges) {
        ++number;
        const QUrl url(e.sent.url);
        out += u'\n';
        out += tr("%1. %2: %3 %4\n")
                       .arg(number)
                       .arg(e.kind == ProbeExchange::Kind::Preflight ? tr("Preflight")
                                                                     : tr("Actual request"),
                            e.sent.method, e.sent.url);
        out += QStringLiteral("> %1 %2\n").arg(e.sent.method, requestTarget(url));
        for (const HttpHeader &h : e.stackHeaders) {
            if (h.name == QLatin1String("Host"))
                out += QStringLiteral("> %1: %2   [added on the wire]\n").arg(h.name, h.value);
        }
        for (const HttpHeader &h : e.sent.headers)
            out += QStringLiteral("> %1: %2\n").arg(h.name, h.value);
        for (const HttpHeader &h : e.stackHeaders) {
            if (h.name != QLatin1String("Host"))
                out += QStringLiteral("> %1: %2   [added on the wire]\n").arg(h.name, h.value);
        }
        if (!e.sentBody.isEmpty())
            out += QStringLiteral(">\n> %1\n").arg(QString::fromUtf8(e.sentBody));
        if (!e.answered()) {
            out += tr("! %1\n").arg(e.errorText);
            continue;
        }
        out += QStringLiteral("< %1 %2   (%3 ms)\n").arg(e.status).arg(e.reason).arg(e.elapsedMs);
        for (const HttpHeader &h : e.responseHeaders)
            out += QStringLiteral("< %1: %2\n").arg(h.name, h.value);
        if (e.bodySize > 0)
            out += tr("< (%1 bytes of body)\n").arg(e.bodySize);
        if (e.outcome == ProbeExchange::Outcome::Redirected)
            out += tr("! %1\n").arg(e.errorText);
        out += tr("Your policy answers: %1").arg(e.policy.error.isEmpty() ? e.policy.status : 500);
        if (!e.policy.error.isEmpty())
            out += tr(" (server error: %1)").arg(e.policy.error);
        out += u'\n';
        for (const HttpHeader &h : e.policy.headers) {
            if (h.name.startsWith(QLatin1String("access-control-"), Qt::CaseInsensitive)
                || h.name.compare(QLatin1String("Vary"), Qt::CaseInsensitive) == 0)
                out += QStringLiteral("  %1: %2\n").arg(h.name, h.value);
        }
        if (e.differences.isEmpty()) {
            out += tr("No differences: the server answers as your policy would.\n");
        } else {
            out += tr("Differences:\n");
            for (const ResponseDifference &diff : e.differences)
                out += QStringLiteral("  - %1\n").arg(diff.text);
        }
    }
    for (const QString &note : report.notes)
        out += QStringLiteral("\n%1").arg(note);
    if (!report.notes.isEmpty())
        out += u'\n';
    out += u'\n';
    if (report.cancelled)
        out += tr("Cancelled.\n");
    else if (report.differenceCount() > 0)
        out += report.differenceCount() == 1
                ? tr("1 difference between the server and your policy.\n")
                : tr("%1 differences between the server and your policy.\n")
                          .arg(report.differenceCount());
    else if (report.complete())
        out += tr("The server answers every request as your policy would.\n");
    else
        out += tr("The probe could not complete: see above.\n");
    return out;
}

QByteArray probeReportToJson(const ProbeReport &report)
{
    const ProbeRequest &r = report.request;
    JsonWriter json;
    json.beginObject();
    json.key(u"url").value(r.url.toString());
    json.key(u"origin").value(r.origin);
    json.key(u"method").value(r.method);
    json.key(u"credentials").value(credentialsModeName(r.credentials));
    json.key(u"error");
    if (report.error.isEmpty())
        json.null();
    else
        json.value(report.error);
    json.key(u"preflight_needed").value(report.preflightNeeded);
    json.key(u"exchanges").beginArray();
    for (const ProbeExchange &e : report.exchanges) {
        json.beginObject();
        json.key(u"kind").value(probeKindName(e.kind));
        json.key(u"outcome").value(probeOutcomeName(e.outcome));
        json.key(u"error").value(e.errorText);
        json.key(u"ms").value(e.elapsedMs);
        json.key(u"request").beginObject();
        json.key(u"method").value(e.sent.method);
        json.key(u"url").value(e.sent.url);
        json.key(u"headers");
        writePairs(json, e.sent.headers);
        json.key(u"added_on_wire");
        writePairs(json, e.stackHeaders);
        json.key(u"body").value(QString::fromUtf8(e.sentBody));
        json.endObject();
        json.key(u"response");
        if (e.answered()) {
            json.beginObject();
            json.key(u"status").value(e.status);
            json.key(u"reason").value(e.reason);
            json.key(u"headers");
            writePairs(json, e.responseHeaders);
            json.key(u"body_size").value(e.bodySize);
            json.key(u"redirect");
            if (e.redirectTarget.isValid())
                json.value(e.redirectTarget.toString());
            else
                json.null();
            json.endObject();
            json.key(u"policy").beginObject();
            json.key(u"status").value(e.policy.error.isEmpty() ? e.policy.status : 500);
            json.key(u"headers");
            writePairs(json, e.policy.headers);
            json.key(u"error").value(e.policy.error);
            json.endObject();
        } else {
            json.null();
            json.key(u"policy").null();
        }
        if (!e.tlsErrors.isEmpty()) {
            json.key(u"tls_errors").beginArray();
            for (const QString &t : e.tlsErrors)
                json.value(t);
            json.endArray();
        }
        json.key(u"differences").beginArray();
        for (const ResponseDifference &diff : e.differences) {
            json.beginObject();
            json.key(u"kind").value(responseDifferenceKindName(diff.kind));
            json.key(u"header").value(diff.header);
            json.key(u"item").value(diff.item);
            json.key(u"server");
            if (diff.serverValue)
                json.value(*diff.serverValue);
            else
                json.null();
            json.key(u"policy");
            if (diff.policyValue)
                json.value(*diff.policyValue);
            else
                json.null();
            json.key(u"text").value(diff.text);
            json.endObject();
        }
        json.endArray();
        json.endObject();
    }
    json.endArray();
    json.key(u"notes").beginArray();
    for (const QString &note : report.notes)
        json.value(note);
    json.endArray();
    json.key(u"differences").value(report.differenceCount());
    json.key(u"complete").value(report.complete());
    json.key(u"cancelled").value(report.cancelled);
    json.endObject();
    return json.data();
}

} // namespace Cors::Live
