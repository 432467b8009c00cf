// SPDX-License-Identifier: MIT
#pragma once

#include "policy/policy.h"
#include "server/explanation.h"
#include "server/httpmessage.h"

#include <QByteArrayView>
#include <QLatin1StringView>

#include <array>
#include <memory>
#include <optional>

namespace Cors {

class OriginLists;

/** What django-cors-headers' middleware (and the view behind it) answers. */
struct EngineResponse
{
    int status = 200;
    /** The middleware answered a preflight itself; the view never ran. */
    bool shortCircuit = false;
    /** The whole response header list, in Django's order. */
    HttpHeaders headers;
    /** Only the headers the middleware set or changed, in the order it set them. */
    HttpHeaders corsHeaders;
    /**
     * Non-empty when Django raised inside the middleware (status 500, no CORS headers): the
     * Python exception, e.g. "re.error: missing ), unterminated subpattern at position 0".
     */
    QString error;
    /** CORS_URLS_REGEX matched path_info: the middleware touched the response at all. */
    bool enabled = false;
    /** The Origin was present, parseable and admitted. */
    bool originAllowed = false;
    /**
     * 3.14's CORS_REPLACE_HTTPS_REFERER applies: CSRF then sees https://<Host>/ as the Referer
     * (when the request has a Referer and a Host).
     */
    bool replacesReferer = false;
    /** The error (if any) was raised in the request phase (process_request), before the view. */
    bool requestPhaseError = false;
    Explanation explanation;
};

/** How one entry of the origin settings judges an origin (for the editor's origin tester). */
struct OriginEntryVerdict
{
    SettingId setting = SettingId::AllowedOrigins;
    int index = -1;
    QString entry;
    bool admits = false;
    /** Python raises on this entry when it is reached (unparseable origin, invalid regex). */
    bool raises = false;
    QString reason;
};

struct OriginReport
{
    QString origin;
    /** What the middleware decides for a request with this Origin on an enabled URL. */
    bool allowed = false;
    /** The request would end in a server error. */
    QString error;
    /** Every entry's verdict, including entries the middleware never reaches. */
    QList<OriginEntryVerdict> entries;
    Explanation explanation;
};

/**
 * A request as the byte-level path of `respond` reads it: only what the middleware looks at,
 * as views of printable ASCII (the JSON line's own bytes). Header values are those of the last
 * header of that name; the reader hands over only requests where that is unambiguous.
 */
struct RawRequest
{
    // readRawRequestLine() resets these one by one: a new member needs its line there.
    QLatin1StringView method;
    QLatin1StringView path;
    std::optional<QLatin1StringView> origin;
    bool hasRequestMethod = false;
    std::optional<QLatin1StringView> privateNetwork;
    bool secure = false;
};

/** respondRaw()'s answer: EngineResponse's status, shortCircuit and corsHeaders, as bytes. */
struct RawResponse
{
    struct Header
    {
        /** UTF-8, views into the engine or the request: valid while both are. */
        QByteArrayView name;
        QByteArrayView value;
        /** Both are printable ASCII without '"' or '\\' (JSON needs no escapes). */
        bool plain = false;
    };
    int status = 200;
    bool shortCircuit = false;
    std::array<Header, 10> headers;
    int headerCount = 0;
};

/**
 * django-cors-headers' CorsMiddleware for one policy, header for header, for the policy's
 * profile (4.x or 3.14). Construction does the work that does not depend on the request
 * (parsing allow-list entries, compiling regexes); errors found there surface only on the
 * requests that reach them, as in Django.
 */
class CorsEngine
{
public:
    explicit CorsEngine(const Policy &policy);
    ~CorsEngine();
    CorsEngine(const CorsEngine &);
    CorsEngine &operator=(const CorsEngine &);

    const Policy &policy() const;

    /**
     * The response for @p request, with @p endpoint as the view's own response for requests
     * that reach the view. With @p explain false the explanation is left empty (faster).
     */
    EngineResponse respond(const HttpRequest &request, const EndpointResponse &endpoint = {},
                           bool explain = true) const;

    /**
     * respond(request, {}, false) for a request read as bytes, without building the response's
     * QStrings: false when this request needs the general path (an error, a regex that gives
     * up, an origin that is not plainly scheme://host[:port], a percent-escaped path, ...),
     * which then gives the answer. Safe to call from several threads at once.
     */
    bool respondRaw(const RawRequest &request, RawResponse *response) const;

    /** Every origin-setting entry's verdict on @p origin, and the middleware's decision. */
    OriginReport examineOrigin(const QString &origin) const;
    /** The origin lists the engine decides with (one build per policy, shared by readers). */
    const OriginLists &originLists() const;

private:
    struct Compiled;
    std::shared_ptr<const Compiled> d;
};

} // namespace Cors
