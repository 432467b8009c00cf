// SPDX-License-Identifier: MIT
#pragma once

#include "nginx/nginxfront.h"
#include "server/corsengine.h"
#include "stack/djangostack.h"

#include <QByteArray>
#include <QJsonValue>

#include <memory>
#include <optional>

namespace Cors {

/** What the client gets from nginx in front of the Django stack (or CorsMiddleware alone). */
struct ProxiedResponse
{
    NginxResponse nginx;
    /** The Django side's answer when nginx proxied the request. */
    std::optional<StackResponse> stack;
    std::optional<EngineResponse> engine;
};

/** The client request nginx receives for a `respond` request line. */
NginxClientRequest nginxClientRequest(const HttpRequest &request);

/**
 * Sends @p request through nginx; every proxy_pass forwards to @p stack, or, when it is null,
 * to CorsMiddleware alone (@p engine) in front of a view answering 200.
 */
ProxiedResponse respondThroughNginx(const NginxSite &site, const HttpRequest &request,
                                    const DjangoStack *stack, const CorsEngine &engine,
                                    bool explain);

/**
 * nginx as the front of a DjangoStack (DjangoStack::setFront): `simulate --proxy` sends the
 * browser's requests through it. The response carries nginx's headers and status; its steps
 * are nginx's (layer "nginx", the file in `setting`, the line in `line`) around Django's.
 */
std::shared_ptr<const StackFront> nginxStackFront(std::shared_ptr<const NginxSite> site);

/**
 * {"id", "status", "decided_by": "nginx" | the Django layer, "headers": {name: value, or an
 * array of values in order when nginx sends the header more than once}, "upstream": {...},
 * "not_modelled": [...], "explanation": [...]}. Headers: Access-Control-*, Vary, Location.
 */
QByteArray proxiedResponseToJson(const ProxiedResponse &response, const QJsonValue &id,
                                 bool explain);

} // namespace Cors
