// SPDX-License-Identifier: MIT
#pragma once

#include "server/httpmessage.h"

#include <QString>

#include <optional>

namespace Cors {

/** Chromium's network::mojom::CorsError (DevTools Network.CorsError names without the k). */
enum class CorsError {
    DisallowedByMode,
    WildcardOriginNotAllowed,
    MissingAllowOriginHeader,
    MultipleAllowOriginValues,
    InvalidAllowOriginValue,
    AllowOriginMismatch,
    InvalidAllowCredentials,
    CorsDisabledScheme,
    PreflightInvalidStatus,
    PreflightDisallowedRedirect,
    PreflightWildcardOriginNotAllowed,
    PreflightMissingAllowOriginHeader,
    PreflightMultipleAllowOriginValues,
    PreflightInvalidAllowOriginValue,
    PreflightAllowOriginMismatch,
    PreflightInvalidAllowCredentials,
    InvalidAllowMethodsPreflightResponse,
    InvalidAllowHeadersPreflightResponse,
    MethodDisallowedByPreflightResponse,
    HeaderDisallowedByPreflightResponse,
    RedirectContainsCredentials,
};

/** Which API started the request: it changes the console wording. */
enum class RequestInitiator { Fetch, XmlHttpRequest };

/** A failed check: Chromium's error and the value it reports (failed_parameter). */
struct CorsFailure
{
    CorsError error;
    QString hint;
};

/** "MissingAllowOriginHeader" */
QString corsErrorName(CorsError error);

/**
 * The CORS check (Fetch §cors-check) with Chromium's classification of failures, on the
 * response headers (duplicate lines are combined with ", "). @p origin is the serialised
 * request origin ("null" when opaque); @p preflight picks the kPreflight* variants.
 */
std::optional<CorsFailure> corsCheck(const HttpHeaders &responseHeaders, const QString &origin,
                                     bool credentialsInclude, bool preflight);

/**
 * Chromium's console line: "Access to fetch at '<url>' from origin '<origin>' has been blocked
 * by CORS policy: [Response to preflight request doesn't pass access control check: ]<detail>".
 * After redirects, @p url is the URL whose response failed and @p redirectedFrom the first one:
 * "Access to fetch at '<url>' (redirected from '<first>') from origin ...".
 */
QString chromiumConsoleMessage(RequestInitiator initiator, const QString &url,
                               const QString &origin, const CorsFailure &failure,
                               const QString &redirectedFrom = QString());

} // namespace Cors
