// SPDX-License-Identifier: MIT
#pragma once

#include "browser/simulation.h"
#include "live/httpserveradapter.h"
#include "policy/policy.h"
#include "server/corsengine.h"

#include <QDateTime>
#include <QHostAddress>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QUrl>

#include <memory>
#include <optional>

namespace Cors::Live {

/** One request the policy server answered: what came in, what the policy said, what went out. */
struct LiveExchange
{
    qint64 sequence = 0;
    QDateTime received; ///< UTC
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    /** The request line as sent (see RawHttpRequest). */
    QByteArray wireMethod;
    QByteArray wireTarget;
    QByteArray wireVersion;
    /** The request as the engine got it: headers decoded as Latin-1 (as WSGI does), not secure. */
    HttpRequest request;
    /** The view's own response behind the middleware for this request. */
    EndpointResponse endpoint;
    /** The policy's answer with the engine's explanation: the engine's view. */
    EngineResponse engine;
    /** What was sent: status, headers in order (with Date, Server, Content-Length), body size. */
    int status = 0;
    HttpHeaders sentHeaders;
    qint64 bodyLength = 0;
    /** The test-page scenario bound when the request arrived (empty: none). */
    QString binding;
    /** The request's position among those of its binding (0 first), or -1. */
    int bindingIndex = -1;
    /** The simulator's view: the request it predicted at that position, if it predicted one. */
    std::optional<WireRequest> predicted;
};

/**
 * The policy served over HTTP: every request, whatever its method and path, is answered with
 * CorsEngine::respond() for the current policy in front of a configurable view (the endpoint),
 * as django-cors-headers behind Django and a WSGI server would answer it. setPolicy() takes
 * effect from the next request on.
 *
 * On the wire (wireResponse()): the engine's headers, names, values and order exactly, with
 * what Django and the WSGI server add and the simulator models (simulation.cpp
 * browserVisibleHeaders): Content-Type: text/html; charset=utf-8 in front when the view set
 * none, Content-Length after the headers when absent, then Date and Server. A request that
 * makes the engine raise gets Django's bare 500: "<h1>Server Error (500)</h1>", no CORS
 * headers. HEAD gets the headers of GET and no body. Requests are plain HTTP, so
 * request.is_secure() is always false.
 *
 * Thread affinity: the server, its adapter and its signals live in the thread that owns the
 * object (Qt HttpServer 6.4 handles requests in that thread); call every method from there.
 */
class PolicyServer : public QObject
{
    Q_OBJECT

public:
    explicit PolicyServer(QObject *parent = nullptr);
    ~PolicyServer() override;

    /** The policy to serve; requests from now on are answered under it. Emits policyChanged(). */
    void setPolicy(const Policy &policy);
    const Policy &policy() const;
    const CorsEngine &engine() const;

    /**
     * The view's response for requests that reach it (status and headers; the body is empty).
     * Framing headers (Content-Length, Transfer-Encoding, Connection, Keep-Alive) are dropped:
     * see sanitizedEndpoint().
     */
    void setEndpoint(const EndpointResponse &endpoint);
    EndpointResponse endpoint() const;
    /** The view's answer to an OPTIONS the middleware does not intercept (nullopt: endpoint()). */
    void setPreflightEndpoint(const std::optional<EndpointResponse> &endpoint);
    std::optional<EndpointResponse> preflightEndpoint() const;
    /** The Server header's value (default "CORS-Studio"). */
    void setServerName(const QByteArray &name);

    bool listen(const QHostAddress &address, quint16 port = 0);
    void close();
    bool isListening() const;
    QHostAddress address() const;
    quint16 port() const;
    /** http://ADDRESS:PORT (IPv6 in brackets); empty when not listening. */
    QUrl url() const;
    QString errorString() const;

    /** Attributes the requests that arrive next to one scenario of the test page. */
    struct Binding
    {
        QString id;
        EndpointResponse endpoint;
        std::optional<EndpointResponse> preflightEndpoint;
        /** The simulator's predicted requests (SimulationResult::serverSaw), in order. */
        QList<WireRequest> predicted;
    };
    /** Until the next bind() or unbind(), requests belong to @p binding and use its endpoint. */
    void bind(const Binding &binding);
    void unbind();
    QString currentBinding() const;

    /** The most recent exchanges, oldest first (at most logLimit()). */
    QList<LiveExchange> exchanges() const;
    QList<LiveExchange> exchanges(const QString &binding) const;
    void clearLog();
    /** Requests answered since construction (the log may hold fewer). */
    qint64 requestCount() const;
    void setLogLimit(int limit);
    int logLimit() const;

    /** The request as the engine gets it: method and header bytes as Latin-1, non-ASCII path
     *  bytes percent-encoded (Django decodes them as UTF-8 either way), not secure. */
    static HttpRequest engineRequest(const RawHttpRequest &raw);
    /** The response serve writes for @p response (see the class comment). */
    static RawHttpResponse wireResponse(const EngineResponse &response, bool head,
                                        const QDateTime &now, const QByteArray &serverName);
    /** "Fri, 20 Nov 2026 12:00:00 GMT" */
    static QByteArray httpDate(const QDateTime &time);
    /** @p endpoint without framing headers; their names go to @p dropped. */
    static EndpointResponse sanitizedEndpoint(const EndpointResponse &endpoint,
                                              QStringList *dropped = nullptr);

signals:
    /** After every answered request, with the engine's and (when bound) the simulator's view. */
    void exchangeLogged(const Cors::Live::LiveExchange &exchange);
    void policyChanged();

private:
    RawHttpResponse handle(const RawHttpRequest &raw);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace Cors::Live

Q_DECLARE_METATYPE(Cors::Live::LiveExchange)
