// SPDX-License-Identifier: MIT
#include "live/policyserver.h"

#include <QLocale>

#include <deque>

namespace Cors::Live {

namespace {

const QString htmlContentType = QStringLiteral("text/html; charset=utf-8");

bool isOptions(const QString &method)
{
    return method.compare(QLatin1String("OPTIONS"), Qt::CaseInsensitive) == 0;
}

bool isHead(const QString &method)
{
    // Only the exact token: "head" is an unknown method to HTTP, whatever Django makes of it.
    return method == QLatin1String("HEAD");
}

} // namespace

struct PolicyServer::Private
{
    Policy policy;
    CorsEngine engine {Policy()};
    EndpointResponse endpoint;
    std::optional<EndpointResponse> preflightEndpoint;
    QByteArray serverName = "CORS-Studio";
    HttpServerAdapter adapter;

    bool bound = false;
    Binding binding;
    int bindingCount = 0;

    std::deque<LiveExchange> log;
    int logLimit = 2000;
    qint64 sequence = 0;
};

PolicyServer::PolicyServer(QObject *parent)
    : QObject(parent)
    , d(new Private)
{
    d->adapter.setHandler([this](const RawHttpRequest &raw) { return handle(raw); });
}

PolicyServer::~PolicyServer()
{
    d->adapter.close();
}

void PolicyServer::setPolicy(const Policy &policy)
{
    d->policy = policy;
    d->engine = CorsEngine(policy);
    emit policyChanged();
}

const Policy &PolicyServer::policy() const
{
    return d->policy;
}

const CorsEngine &PolicyServer::engine() const
{
    return d->engine;
}

void PolicyServer::setEndpoint(const EndpointResponse &endpoint)
{
    d->endpoint = sanitizedEndpoint(endpoint);
}

EndpointResponse PolicyServer::endpoint() const
{
    return d->endpoint;
}

void PolicyServer::setPreflightEndpoint(const std::optional<EndpointResponse> &endpoint)
{
    d->preflightEndpoint = endpoint ? std::optional(sanitizedEndpoint(*endpoint)) : std::nullopt;
}

std::optional<EndpointResponse> PolicyServer::preflightEndpoint() const
{
    return d->preflightEndpoint;
}

void PolicyServer::setServerName(const QByteArray &name)
{
    d->serverName = name;
}

bool PolicyServer::listen(const QHostAddress &address, quint16 port)
{
    return d->adapter.listen(address, port);
}

void PolicyServer::close()
{
    d->adapter.close();
}

bool PolicyServer::isListening() const
{
    return d->adapter.isListening();
}

QHostAddress PolicyServer::address() const
{
    return d->adapter.serverAddress();
}

quint16 PolicyServer::port() const
{
    return d->adapter.serverPort();
}

QUrl PolicyServer::url() const
{
    if (!isListening())
        return QUrl();
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(address().toString());
    url.setPort(port());
    url.setPath(QStringLiteral("/"));
    return url;
}

QString PolicyServer::errorString() const
{
    return d->adapter.errorString();
}

void PolicyServer::bind(const Binding &binding)
{
    d->bound = true;
    d->binding = binding;
    d->binding.endpoint = sanitizedEndpoint(binding.endpoint);
    if (binding.preflightEndpoint)
        d->binding.preflightEndpoint = sanitizedEndpoint(*binding.preflightEndpoint);
    d->bindingCount = 0;
}

void PolicyServer::unbind()
{
    d->bound = false;
    d->binding = Binding();
    d->bindingCount = 0;
}

QString PolicyServer::currentBinding() const
{
    return d->bound ? d->binding.id : QString();
}

QList<LiveExchange> PolicyServer::exchanges() const
{
    return QList<LiveExchange>(d->log.begin(), d->log.end());
}

QList<LiveExchange> PolicyServer::exchanges(const QString &binding) const
{
    QList<LiveExchange> out;
    for (const LiveExchange &e : d->log) {
        if (e.binding == binding)
            out.append(e);
    }
    return out;
}

void PolicyServer::clearLog()
{
    d->log.clear();
}

qint64 PolicyServer::requestCount() const
{
    return d->sequence;
}

void PolicyServer::setLogLimit(int limit)
{
    d->logLimit = qMax(1, limit);
    while (int(d->log.size()) > d->logLimit)
        d->log.pop_front();
}

int PolicyServer::logLimit() const
{
    return d->logLimit;
}

HttpRequest PolicyServer::engineRequest(const RawHttpRequest &raw)
{
    HttpRequest request;
    request.method = QString::fromLatin1(raw.method);
    QString path;
    path.reserve(raw.target.size());
    static const char hex[] = "0123456789ABCDEF";
    for (const char c : raw.target) {
        const auto byte = uchar(c);
        if (byte < 0x80) {
            path.append(QLatin1Char(c));
        } else {
            path.append(u'%');
            path.append(QLatin1Char(hex[byte >> 4]));
            path.append(QLatin1Char(hex[byte & 0xf]));
        }
    }
    request.path = path.isEmpty() ? QStringLiteral("/") : path;
    for (const auto &h : raw.headers)
        request.headers.append({QString::fromLatin1(h.first), QString::fromLatin1(h.second)});
    request.secure = false;
    return request;
}

QByteArray PolicyServer::httpDate(const QDateTime &time)
{
    return QLocale::c()
            .toString(time.toUTC(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"))
            .toLatin1();
}

RawHttpResponse PolicyServer::wireResponse(const EngineResponse &response, bool head,
                                           const QDateTime &now, const QByteArray &serverName)
{
    RawHttpResponse out;
    out.sendBody = !head;
    HttpHeaders headers;
    if (!response.error.isEmpty()) {
        // Django's handler turns the exception into its bare 500 page (DEBUG = False).
        out.status = 500;
        out.body = "<h1>Server Error (500)</h1>";
        headers.append({QStringLiteral("Content-Type"), htmlContentType});
    } else {
        out.status = response.status;
        headers = response.headers;
        if (!headers.contains(u"Content-Type"))
            headers.prepend({QStringLiteral("Content-Type"), htmlContentType});
    }
    if (!headers.contains(u"Content-Length"))
        headers.append({QStringLiteral("Content-Length"), QString::number(out.body.size())});
    headers.append({QStringLiteral("Date"), QString::fromLatin1(httpDate(now))});
    headers.append({QStringLiteral("Server"), QString::fromLatin1(serverName)});
    for (const HttpHeader &h : headers)
        out.headers.append({h.name.toLatin1(), h.value.toLatin1()});
    return out;
}

EndpointResponse PolicyServer::sanitizedEndpoint(const EndpointResponse &endpoint,
                                                 QStringList *dropped)
{
    static const QStringList framing
            = {QStringLiteral("Content-Length"), QStringLiteral("Transfer-Encoding"),
               QStringLiteral("Connection"), QStringLiteral("Keep-Alive")};
    EndpointResponse out;
    out.status = endpoint.status;
    for (const HttpHeader &h : endpoint.headers) {
        if (framing.contains(h.name, Qt::CaseInsensitive)) {
            if (dropped)
                dropped->append(h.name);
            continue;
        }
        out.headers.append(h);
    }
    return out;
}

RawHttpResponse PolicyServer::handle(const RawHttpRequest &raw)
{
    LiveExchange exchange;
    exchange.sequence = ++d->sequence;
    exchange.received = QDateTime::currentDateTimeUtc();
    exchange.peerAddress = raw.peerAddress;
    exchange.peerPort = raw.peerPort;
    exchange.wireMethod = raw.method;
    exchange.wireTarget = raw.target;
    exchange.wireVersion = raw.version;
    exchange.request = engineRequest(raw);

    const bool options = isOptions(exchange.request.method);
    if (d->bound) {
        exchange.binding = d->binding.id;
        exchange.bindingIndex = d->bindingCount++;
        if (exchange.bindingIndex < d->binding.predicted.size())
            exchange.predicted = d->binding.predicted.at(exchange.bindingIndex);
        exchange.endpoint = options && d->binding.preflightEndpoint ? *d->binding.preflightEndpoint
                                                                    : d->binding.endpoint;
    } else {
        exchange.endpoint = options && d->preflightEndpoint ? *d->preflightEndpoint : d->endpoint;
    }
    exchange.engine = d->engine.respond(exchange.request, exchange.endpoint, true);

    const RawHttpResponse out = wireResponse(exchange.engine, isHead(exchange.request.method),
                                             exchange.received, d->serverName);
    exchange.status = out.status;
    for (const auto &h : out.headers)
        exchange.sentHeaders.append({QString::fromLatin1(h.first), QString::fromLatin1(h.second)});
    exchange.bodyLength = out.sendBody ? out.body.size() : 0;

    d->log.push_back(exchange);
    while (int(d->log.size()) > d->logLimit)
        d->log.pop_front();
    emit exchangeLogged(exchange);
    return out;
}

} // namespace Cors::Live
