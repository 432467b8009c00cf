// SPDX-License-Identifier: MIT
#pragma once

#include "server/corsengine.h"
#include "server/httpmessage.h"

#include <QList>
#include <QString>

#include <optional>

namespace Cors {

/** A response as a real server sent it: the status and the headers in order. */
struct ObservedResponse
{
    int status = 0;
    /** Duplicate lines may be kept separate or combined with ", ": both compare the same. */
    HttpHeaders headers;
};

/** One way a server's CORS answer differs from what the policy answers to the same request. */
struct ResponseDifference
{
    enum class Kind {
        Status,      ///< the preflight's status (the actual request's status is the view's)
        ServerError, ///< the policy makes django-cors-headers raise (500, no CORS headers)
        AllowOrigin,
        AllowCredentials,
        AllowMethods,
        AllowHeaders,
        ExposeHeaders,
        MaxAge,
        AllowPrivateNetwork,
        Vary,            ///< the Origin token of Vary
        OtherCorsHeader, ///< any other Access-Control-* response header
    };

    Kind kind = Kind::Status;
    /** The response header concerned, in its canonical casing; empty for Status. */
    QString header;
    /** The item the sentence is about (a method, a header name), when it is about one. */
    QString item;
    /** The whole value on each side (combined lines); nullopt when that side does not send it. */
    std::optional<QString> serverValue;
    std::optional<QString> policyValue;
    /** The difference in plain words, e.g. "The server omits Vary: Origin, your policy sends it." */
    QString text;

    friend bool operator==(const ResponseDifference &, const ResponseDifference &) = default;
};

/** "status", "server-error", "allow-origin", ... "other" (stable keys for JSON output). */
QString responseDifferenceKindName(ResponseDifference::Kind kind);

/** The request is a CORS preflight: OPTIONS (any case) with Access-Control-Request-Method. */
bool isPreflightRequest(const HttpRequest &request);

/**
 * The view's own response behind the CORS layer, reconstructed from what a server sent: its
 * status and its headers without any Access-Control-* header and without the Origin token in
 * Vary (a Vary left empty is dropped). Feeding it to CorsEngine::respond() gives what the server
 * would answer if the policy ran in front of the same view.
 */
EndpointResponse endpointFromObserved(const ObservedResponse &observed);

/**
 * The differences between a server's CORS-relevant answer and the policy's answer to the same
 * request, in a fixed order: server error, status (preflights only), Allow-Origin,
 * Allow-Credentials, Allow-Methods, Allow-Headers, Expose-Headers, Max-Age,
 * Allow-Private-Network, other Access-Control-* headers, Vary: Origin. Header names compare
 * case-insensitively; list headers compare as sets of items (methods case-sensitively, header
 * names case-insensitively), so order and spacing never count as differences.
 */
QList<ResponseDifference> compareCorsResponses(const HttpRequest &request,
                                               const ObservedResponse &server,
                                               const EngineResponse &policy);

struct ResponseComparison
{
    /** The policy's answer, with the view's response taken from the server's (see above). */
    EngineResponse policy;
    QList<ResponseDifference> differences;
};

/** endpointFromObserved(), CorsEngine::respond() and compareCorsResponses() in one call. */
ResponseComparison compareWithPolicy(const CorsEngine &engine, const HttpRequest &request,
                                     const ObservedResponse &server);

} // namespace Cors
