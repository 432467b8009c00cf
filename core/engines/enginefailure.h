// SPDX-License-Identifier: MIT
#pragma once

#include "browser/corserror.h"
#include "engines/browserengine.h"
#include "server/httpmessage.h"

#include <QString>
#include <QStringList>

namespace Cors {

/** Where a CORS request failed. */
enum class FailureStage {
    Request,   ///< before anything is sent (a scheme without CORS)
    Redirect,  ///< a redirect response, or the redirect's new URL
    Preflight, ///< the OPTIONS response
    Actual,    ///< the response to the request itself
};

QString failureStageName(FailureStage stage); ///< "request", "redirect", "preflight", "actual"

/**
 * Everything an engine's error wording may use about one blocked request. The simulator's
 * verdict and Chromium's classification come in @ref failure; the other engines classify the
 * failing response again the way their own code does (their order of checks differs).
 */
struct FailureContext
{
    CorsFailure failure {CorsError::MissingAllowOriginHeader, QString()};
    FailureStage stage = FailureStage::Actual;
    RequestInitiator initiator = RequestInitiator::Fetch;
    /** The URL whose response failed (after redirects). */
    QString url;
    /** The URL the request started with. */
    QString firstUrl;
    /** The document's serialised origin ("null" when opaque). */
    QString pageOrigin;
    /** The Origin header's value ("null" once a redirect tainted the request). */
    QString requestOrigin;
    /** The request's method after normalisation. */
    QString method;
    bool credentialsInclude = false;
    /** The failing response's status, 0 when there is no response. */
    int status = 0;
    /** The failing response's header lines, in order. */
    HttpHeaders responseHeaders;
    /** The non-safelisted request headers, as the script wrote their names, sorted by lower-case name. */
    QStringList unsafeHeaders;
};

/** One engine's account of a blocked request: what its console and the script show. */
struct EngineFailure
{
    BrowserEngine engine = BrowserEngine::Chromium;
    /**
     * Chromium: the network::mojom::CorsError name ("MissingAllowOriginHeader"). Firefox: the
     * reason MDN documents ("CORSMissingAllowOrigin"). WebKit has no codes: CORS Studio's name
     * for the sentence ("OriginNotAllowed", see docs/browser-engines.md).
     */
    QString identifier;
    /** The value the message quotes (a header value, method, header name or status), if any. */
    QString parameter;
    /** Where the engine (or MDN for Firefox) documents the error. */
    QString documentation;
    /** The console lines, in the order the engine logs them. */
    QStringList console;
    /** What the script observes. */
    QString scriptError;
};

/** The engine's wording for a blocked request. */
EngineFailure describeFailure(BrowserEngine engine, const FailureContext &context);

EngineFailure chromiumFailure(const FailureContext &context);
EngineFailure firefoxFailure(const FailureContext &context);
/** firefoxFailure(@p context).identifier, without the console lines. */
QString firefoxReason(const FailureContext &context);
EngineFailure webkitFailure(const FailureContext &context);

/**
 * What fetch() rejects with (or the XHR error event) when the engine blocks a request or the
 * network fails: "TypeError: Failed to fetch", "TypeError: NetworkError when attempting to fetch
 * resource.", "TypeError: Load failed".
 */
QString engineNetworkError(BrowserEngine engine, RequestInitiator initiator);

/** Firefox's MDN page for a reason: https://developer.mozilla.org/docs/Web/HTTP/CORS/Errors/ID */
QString firefoxReasonUrl(const QString &reason);

/** Where @p engine documents @p identifier (empty identifier: nothing). */
QString engineErrorDocumentation(BrowserEngine engine, const QString &identifier);

} // namespace Cors
