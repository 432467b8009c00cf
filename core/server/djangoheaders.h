// SPDX-License-Identifier: MIT
#pragma once

#include "policy/profile.h"
#include "server/httpmessage.h"

#include <QString>

#include <optional>

namespace Cors {

/**
 * The response header names django-cors-headers writes, in the profile's casing: 4.x writes
 * them lower-case, 3.14 in Title-Case.
 */
struct CorsHeaderNames
{
    QString allowOrigin;
    QString allowCredentials;
    QString exposeHeaders;
    QString allowHeaders;
    QString allowMethods;
    QString maxAge;
    QString allowPrivateNetwork;
    QString contentLength;
    /** The token patch_vary_headers adds: "origin" (4.x) or "Origin" (3.14). */
    QString varyToken;

    static const CorsHeaderNames &forProfile(Profile profile);
};

/**
 * What Django stores for `response[name] = value` (ResponseHeaders._convert_to_charset): a
 * value with CR or LF raises BadHeaderError; one that latin-1 cannot encode becomes an RFC 2047
 * encoded word. Returns nullopt and sets @p error on BadHeaderError.
 */
std::optional<QString> djangoHeaderValue(const QString &value, QString *error);

/**
 * django.utils.cache.patch_vary_headers(response, (token,)): splits the existing Vary on
 * commas, appends @p token unless present case-insensitively, and collapses to "*" when any
 * token is "*". The header is written as "Vary", in place if it existed.
 */
void patchVaryHeaders(HttpHeaders &headers, const QString &token);

} // namespace Cors
