// SPDX-License-Identifier: MIT
#pragma once

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace Cors::Dj {

/** urllib.parse.quote(text, safe): UTF-8 bytes outside [A-Za-z0-9_.~-] and @p safe as %XX. */
QString quote(const QString &text, QStringView safe);
/** django.utils.encoding.escape_uri_path(path). */
QString escapeUriPath(const QString &path);
/** django.utils.encoding.iri_to_uri(iri). */
QString iriToUri(const QString &iri);
/** django.utils.http.escape_leading_slashes(url): "//x" becomes "/%2Fx". */
QString escapeLeadingSlashes(const QString &url);

/** urllib.parse.urlunsplit() of a split URL (what SplitResult.geturl() gives). */
QString urlunsplit(const QString &scheme, const QString &netloc, QString path, const QString &query,
                   const QString &fragment);

/** django.utils.http.is_same_domain(host, pattern). */
bool isSameDomain(const QString &host, const QString &pattern);
/** django.http.request.split_domain_port(host): ("", "") for a malformed host. */
std::pair<QString, QString> splitDomainPort(const QString &host);
/** django.http.request.validate_host(domain, allowed_hosts). */
bool validateHost(const QString &domain, const QStringList &allowedHosts);

/** django.http.cookie.parse_cookie(header): later names win. */
QHash<QString, QString> parseCookie(const QString &header);

/**
 * urllib.parse.parse_qsl(query, keep_blank_values=True) then QueryDict's `[key] = value` and
 * urlencode(safe='/'), as django.contrib.auth.views.redirect_to_login does with "next".
 */
QString queryWithNext(const QString &query, const QString &next);

/** Whether @p token is Django's CSRF alphabet only ([A-Za-z0-9]). */
bool isCsrfAlphabet(const QString &token);
/** django.middleware.csrf._unmask_cipher_token: the 32-character secret of a 64-character token. */
QString unmaskCsrfToken(const QString &token);

} // namespace Cors::Dj
