// SPDX-License-Identifier: MIT
#pragma once

#include "server/httpmessage.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace Cors::Fetch {

/**
 * The Fetch standard's request classification as Chromium implements it (reference
 * browser-cors.md §3): method normalisation, forbidden names, the CORS-safelist with its value
 * rules and size limits, and the CORS-unsafe request-header names.
 */

/** fetch() upper-cases DELETE, GET, HEAD, OPTIONS, POST and PUT only; others keep their case. */
QString normalizeMethod(const QString &method);
/** CONNECT, TRACE, TRACK in any case: fetch() throws. */
bool isForbiddenMethod(const QString &method);
/** GET, HEAD, POST (on the normalised method). */
bool isSafelistedMethod(const QString &method);

/** Chromium's forbidden request-header names (the standard's plus User-Agent). */
bool isForbiddenRequestHeader(const QString &name, const QString &value);
/** Accept, Accept-Language, Content-Language, Content-Type with a safelisted value (no-cors). */
bool isNoCorsSafelistedHeader(const QString &name, const QString &value);
/**
 * Whether lower-case @p lowerName is a CORS-safelisted request header name (Accept,
 * Accept-Language, Content-Language, Content-Type); the value decides whether it stays so.
 */
bool isSafelistedRequestHeaderName(QStringView lowerName);

/** Why one request header is or is not CORS-safelisted. */
struct SafelistVerdict
{
    bool safelisted = false;
    QString reason;
};
SafelistVerdict safelistVerdict(const QString &name, const QString &value,
                                bool chromiumAdditions = true);

/** One header that makes the request need a preflight, and why. */
struct UnsafeHeader
{
    QString name; ///< lower-case
    QString reason;
};

/**
 * The CORS-unsafe request-header names of @p headers (forbidden names already removed):
 * lower-case, de-duplicated, byte-sorted, with the reason for each, including the 1024-byte total
 * rule for safelisted values.
 */
QList<UnsafeHeader> corsUnsafeRequestHeaders(const HttpHeaders &headers,
                                             bool chromiumAdditions = true);

/** WHATWG "parse a MIME type": the essence ("type/subtype", lower-case) or nullopt. */
std::optional<QString> mimeEssence(const QString &value);
/** "parse a single range header value" without whitespace; nullopt on failure. */
std::optional<std::pair<std::optional<quint64>, std::optional<quint64>>>
parseRange(const QString &value);

/** RFC 7230 token (Chromium's net::HttpUtil::IsToken). */
bool isToken(QStringView text);

/**
 * Chromium's parser for Access-Control-Allow-Methods / -Allow-Headers / -Expose-Headers:
 * comma-separated, surrounding whitespace trimmed, empty items ignored, every item a token;
 * nullopt (with the first bad item in @p badItem) when an item is not a token. The last few
 * answers are remembered per thread.
 */
std::optional<QStringList> parseHeaderList(const QString &value, QString *badItem = nullptr);

/** Chromium's cap on Access-Control-Max-Age (kMaxTimeout): 2 hours. */
inline constexpr qint64 ChromiumMaxAgeCapSeconds = 7200;

/** Access-Control-Max-Age as Chromium applies it: absent or non-integer 5 s, negative 0, cap 7200. */
qint64 preflightMaxAgeSeconds(const std::optional<QString> &value);

/** Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified, Pragma. */
bool isSafelistedResponseHeader(const QString &name);
/** Set-Cookie, Set-Cookie2: never readable by script. */
bool isForbiddenResponseHeader(const QString &name);

/** The value every combined header line has in Chromium: duplicates joined with ", ". */
std::optional<QString> combinedValue(const HttpHeaders &headers, QStringView name);

} // namespace Cors::Fetch
