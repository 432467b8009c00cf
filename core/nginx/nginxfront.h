// SPDX-License-Identifier: MIT
#pragma once

#include "nginx/nginxsite.h"
#include "server/httpmessage.h"

#include <QList>
#include <QString>

#include <functional>
#include <optional>

namespace Cors {

/** A request as a client sends it to nginx. */
struct NginxClientRequest
{
    QString method = QStringLiteral("GET");
    /** The request target as on the wire: path, then "?" and the query, if any. */
    QString target = QStringLiteral("/");
    HttpHeaders headers;
    /** The connection's local port; 0: the first `listen` port of the configuration. */
    int port = 0;
    QString localAddress = QStringLiteral("127.0.0.1");
    QString remoteAddress = QStringLiteral("127.0.0.1");
};

/** What the upstream (the Django stack, or CorsMiddleware alone) answered nginx. */
struct NginxUpstreamResponse
{
    int status = 200;
    HttpHeaders headers;
};

/** One decision of nginx, with the directive that made it. */
struct NginxStep
{
    QString text;
    NginxLocation where; // line 0: no single directive
    int status = 0;
};

/** What nginx sends the client. */
struct NginxResponse
{
    /** 0 when nginx closes the connection without a response (`return 444`). */
    int status = 0;
    /** Every header line in order; a name may repeat (nginx does not merge). */
    HttpHeaders headers;
    /** The request went to the upstream (and the upstream's status). */
    bool proxied = false;
    int upstreamStatus = 0;
    /** The request as the upstream received it. */
    HttpRequest upstreamRequest;
    QList<NginxStep> steps;
    /** The location that served the request last ("/api/", "~ ^/v[0-9]+/"); empty: none did. */
    QString location;
    NginxLocation locationWhere;
    /** Directives this request met that are not modelled. */
    QList<NginxNote> notModelled;
    /** Why no answer can be given (the configuration does not load), or empty. */
    QString error;
};

using NginxUpstream = std::function<NginxUpstreamResponse(const HttpRequest &)>;

/**
 * What nginx does with @p request under @p site: server selection, the rewrite module (set, if,
 * return, rewrite, break) at server and location level, location matching, limit_except,
 * proxy_pass to @p upstream (proxy_set_header, hidden headers, proxy_redirect default,
 * proxy_intercept_errors with error_page), nginx's own answers, and the header filters
 * (add_header with its status list and inheritance, more_set_headers).
 */
NginxResponse nginxRespond(const NginxSite &site, const NginxClientRequest &request,
                           const NginxUpstream &upstream);

/** The port a request arrives on when none is given: the first server's first listen. */
int nginxDefaultPort(const NginxSite &site);

} // namespace Cors
