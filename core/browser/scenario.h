// SPDX-License-Identifier: MIT
#pragma once

#include "browser/corserror.h"
#include "engines/browserengine.h"
#include "server/httpmessage.h"

#include <QString>

#include <optional>

namespace Cors {

/**
 * The most a session's clock may be advanced at once (docs/limits.md): far beyond any cache
 * lifetime (Chromium keeps preflight results 2 hours at most), and small enough to count in
 * milliseconds without overflow.
 */
inline constexpr double MaxClockAdvanceSeconds = 1e9;

enum class CredentialsMode { Omit, SameOrigin, Include };
enum class RequestMode { Cors, NoCors, SameOrigin };
enum class BodyKind { None, Text, UrlSearchParams, FormData, Blob, ArrayBuffer, ReadableStream };

/** Chromium's fetch cache modes that matter for CORS: the rest behave like Default. */
enum class CacheMode { Default, NoCache, Reload, NoStore };

/**
 * The SameSite attribute of the cookies the browser holds for the target. Lax (also what no
 * attribute means in Chromium) and Strict are sent only from same-site pages; None requires
 * Secure, so such cookies exist only for https (or localhost) targets.
 */
enum class CookieSameSite { Lax, Strict, None };

/**
 * One request a page's script makes, and what the endpoint behind django-cors-headers answers:
 * the input of the browser simulator.
 */
struct Scenario
{
    /** The page: an origin, a page URL, or "null" for an opaque document (sandboxed iframe). */
    QString pageOrigin = QStringLiteral("https://app.example");
    /** The URL passed to fetch() / XMLHttpRequest.open(). */
    QString url = QStringLiteral("https://api.example/");
    /** As the script wrote it; fetch() normalises only DELETE/GET/HEAD/OPTIONS/POST/PUT. */
    QString method = QStringLiteral("GET");
    /** As the script set them (duplicates are combined with ", ", as Blink does). */
    HttpHeaders headers;
    CredentialsMode credentials = CredentialsMode::SameOrigin;
    RequestMode mode = RequestMode::Cors;
    CacheMode cacheMode = CacheMode::Default;
    BodyKind body = BodyKind::None;
    QString bodyText;       ///< for Text (and URLSearchParams, as serialised)
    QString blobType;       ///< Blob: its `type`, which becomes the Content-Type
    bool duplexHalf = true; ///< ReadableStream bodies need `duplex: "half"`
    /** XMLHttpRequest only: listeners registered on xhr.upload before send() force a preflight. */
    bool uploadListeners = false;
    RequestInitiator initiator = RequestInitiator::Fetch;
    /** The engine whose words and limits the simulation uses; the verdicts are the same. */
    BrowserEngine browser = BrowserEngine::Chromium;
    /** Cookies the browser holds for the target, sent only with credentials. */
    QString cookies;
    CookieSameSite cookieSameSite = CookieSameSite::Lax;
    /** The view's own response behind the middleware. */
    EndpointResponse endpoint;
    /**
     * The view's answer to an OPTIONS request that the middleware does not intercept (a URL
     * outside CORS_URLS_REGEX); the same as @ref endpoint when not set.
     */
    std::optional<EndpointResponse> preflightEndpoint;

    friend bool operator==(const Scenario &, const Scenario &) = default;
};

QString credentialsModeName(CredentialsMode mode);
std::optional<CredentialsMode> credentialsModeFromName(const QString &name);
QString requestModeName(RequestMode mode);
std::optional<RequestMode> requestModeFromName(const QString &name);
QString bodyKindName(BodyKind kind);
std::optional<BodyKind> bodyKindFromName(const QString &name);

} // namespace Cors
