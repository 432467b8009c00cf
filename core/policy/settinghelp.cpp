// SPDX-License-Identifier: MIT
#include "policy/settinghelp.h"

#include "python/pysemantics.h"

#include <QCoreApplication>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SettingHelp", text);
}

QString mdn(const char *header)
{
    return QStringLiteral("https://developer.mozilla.org/en-US/docs/Web/HTTP/Headers/")
            + QLatin1String(header);
}

} // namespace

SettingHelp settingHelp(SettingId id)
{
    SettingHelp h;
    switch (id) {
    case SettingId::AllowedOrigins:
    case SettingId::OriginWhitelist:
        h.title = tr("Allowed origins");
        h.summary = tr("The origins (scheme://host[:port]) allowed to read responses.");
        h.description = tr(
                "Each entry is compared with the request's Origin header after both are split "
                "with Python's urlsplit: the scheme and the host:port must be equal, "
                "case-sensitively for the host. A path, a trailing slash or an explicit default "
                "port makes an entry that no browser ever matches (and Django's checks "
                "complain). The special entries \"null\" and \"file://\" admit opaque and file: "
                "origins.");
        h.browser = tr("Browsers send Origin: scheme://host[:port] (lower-case host, no default "
                       "port, no path) and let a script read a cross-origin response only when "
                       "Access-Control-Allow-Origin names that exact origin (or is *).");
        h.link = mdn("Access-Control-Allow-Origin");
        h.linkText = tr("MDN: Access-Control-Allow-Origin");
        break;
    case SettingId::AllowedOriginRegexes:
    case SettingId::OriginRegexWhitelist:
        h.title = tr("Allowed origin patterns");
        h.summary = tr("Python regular expressions an Origin may match instead.");
        h.description = tr(
                "Tried in order with Python's re.match on the raw Origin header: anchored at the "
                "start only, so end every pattern with $ and escape the dots (\\.). A pattern "
                "Python rejects makes every request that reaches it fail with a server error.");
        h.browser = tr("The browser compares Access-Control-Allow-Origin with its own origin; a "
                       "pattern that is too loose (a missing $ or an unescaped dot) lets other "
                       "sites read your responses.");
        h.link = mdn("Access-Control-Allow-Origin");
        h.linkText = tr("MDN: Access-Control-Allow-Origin");
        break;
    case SettingId::AllowAllOrigins:
    case SettingId::OriginAllowAll:
        h.title = tr("Allow every origin");
        h.summary = tr("Admit any Origin; the origin lists are then not consulted.");
        h.description = tr(
                "When true, every parseable, non-empty Origin is allowed. Without credentials the "
                "answer is Access-Control-Allow-Origin: *; with credentials the Origin is "
                "echoed back, which lets any site make authenticated requests.");
        h.browser = tr("A * answer lets any page read the response, but never with cookies: "
                       "browsers refuse * for credentialed requests.");
        h.link = mdn("Access-Control-Allow-Origin");
        h.linkText = tr("MDN: Access-Control-Allow-Origin");
        break;
    case SettingId::UrlsRegex:
        h.title = tr("Paths with CORS");
        h.summary = tr("A regular expression for the paths the middleware handles.");
        h.description = tr(
                "Matched with Python's re.match against request.path_info (decoded, without the "
                "query string): anchored at the start only. Paths that do not match get no "
                "CORS headers at all, not even Vary: Origin, and preflights to them reach your "
                "views.");
        h.browser = tr("A cross-origin request to a path outside this pattern fails in the browser "
                       "with \"No 'Access-Control-Allow-Origin' header is present\".");
        h.link = QStringLiteral("https://developer.mozilla.org/en-US/docs/Web/HTTP/CORS");
        h.linkText = tr("MDN: Cross-Origin Resource Sharing");
        break;
    case SettingId::AllowMethods:
        h.title = tr("Allowed methods");
        h.summary = tr("The methods a preflight answer allows.");
        h.description
                = tr("Sent verbatim, joined with \", \", as Access-Control-Allow-Methods on every "
                     "OPTIONS response for an allowed origin. django-cors-headers never compares "
                     "them with the request: the browser does.");
        h.browser = tr("Before a non-simple request (PUT, DELETE, PATCH, or custom headers) the "
                       "browser sends a preflight and goes on only if the method is listed, "
                       "compared case-sensitively (GET, HEAD and POST are always allowed).");
        h.link = mdn("Access-Control-Allow-Methods");
        h.linkText = tr("MDN: Access-Control-Allow-Methods");
        break;
    case SettingId::AllowHeaders:
        h.title = tr("Allowed request headers");
        h.summary = tr("The request headers a preflight answer allows.");
        h.description = tr(
                "Sent verbatim as Access-Control-Allow-Headers on every OPTIONS response for an "
                "allowed origin. Start from default_headers and add your own, e.g. "
                "(*default_headers, \"x-request-id\").");
        h.browser
                = tr("A script that sets a header outside the CORS-safelist triggers a preflight; "
                     "the request is sent only if every such header is listed "
                     "(case-insensitively). \"*\" counts as a wildcard only without credentials.");
        h.link = mdn("Access-Control-Allow-Headers");
        h.linkText = tr("MDN: Access-Control-Allow-Headers");
        break;
    case SettingId::ExposeHeaders:
        h.title = tr("Exposed response headers");
        h.summary = tr("Response headers scripts may read.");
        h.description = tr("Sent as Access-Control-Expose-Headers on responses to allowed origins "
                           "when the list is not empty.");
        h.browser = tr("A cross-origin script can read only the CORS-safelisted response headers "
                       "(Cache-Control, Content-Language, Content-Length, Content-Type, Expires, "
                       "Last-Modified, Pragma) plus the ones exposed here.");
        h.link = mdn("Access-Control-Expose-Headers");
        h.linkText = tr("MDN: Access-Control-Expose-Headers");
        break;
    case SettingId::PreflightMaxAge:
        h.title = tr("Preflight cache lifetime");
        h.summary = tr("How many seconds a browser may reuse a preflight answer.");
        h.description
                = tr("Sent as Access-Control-Max-Age on OPTIONS responses for allowed origins; "
                     "0 leaves the header out.");
        h.browser = tr("Without the header browsers keep a preflight for 5 seconds. Chromium caps "
                       "the lifetime at 7200 seconds (2 hours), Firefox at 86400.");
        h.link = mdn("Access-Control-Max-Age");
        h.linkText = tr("MDN: Access-Control-Max-Age");
        break;
    case SettingId::AllowCredentials:
        h.title = tr("Allow credentials");
        h.summary = tr("Let cross-origin requests carry cookies and HTTP authentication.");
        h.description = tr(
                "When true, responses to allowed origins carry Access-Control-Allow-Credentials: "
                "true, and allow-all echoes the Origin instead of answering *. Session and CSRF "
                "cookies then need SameSite=None; Secure to be sent cross-site.");
        h.browser
                = tr("fetch(..., {credentials: \"include\"}) and XMLHttpRequest.withCredentials "
                     "responses are readable only with Access-Control-Allow-Credentials: true and "
                     "an exact (never *) Access-Control-Allow-Origin.");
        h.link = mdn("Access-Control-Allow-Credentials");
        h.linkText = tr("MDN: Access-Control-Allow-Credentials");
        break;
    case SettingId::AllowPrivateNetwork:
        h.title = tr("Allow private network access");
        h.summary = tr("Answer Private Network Access preflights (django-cors-headers 4.x).");
        h.description = tr(
                "When true, a request from an allowed origin carrying "
                "Access-Control-Request-Private-Network: true gets "
                "Access-Control-Allow-Private-Network: true. django-cors-headers 3.14 does not "
                "have this setting.");
        h.browser = tr("Chromium used to preflight requests from public pages to private or local "
                       "addresses (Private Network Access); current Chrome asks the user for "
                       "permission instead (Local Network Access) and no longer sends the header.");
        h.link = QStringLiteral("https://wicg.github.io/private-network-access/");
        h.linkText = tr("WICG: Private Network Access");
        break;
    case SettingId::ReplaceHttpsReferer:
        h.title = tr("Replace the HTTPS Referer");
        h.summary = tr("Rewrite the Referer for Django's old CSRF check (3.14 only).");
        h.description
                = tr("django-cors-headers 3.14 rewrites the Referer of HTTPS requests from allowed "
                     "origins so that Django's CSRF Referer check passes, together with "
                     "CorsPostCsrfMiddleware. Removed in 4.0: defining it there is an error "
                     "(corsheaders.E013). Use CSRF_TRUSTED_ORIGINS instead.");
        h.browser = tr("Browsers send a Referer (often only the origin) with cross-origin HTTPS "
                       "requests; Django's CSRF protection compares it with the host.");
        h.link = mdn("Referer");
        h.linkText = tr("MDN: Referer");
        break;
    case SettingId::CsrfTrustedOrigins:
        h.title = tr("CSRF trusted origins");
        h.summary = tr("Django's own list of origins allowed to make unsafe requests.");
        h.description = tr(
                "Not a django-cors-headers setting: Django's CSRF middleware checks the Origin "
                "(and, over HTTPS, the Referer) of POST, PUT, PATCH and DELETE requests against "
                "it. Django 4.0 and later need schemes (https://app.example.com); Django 3.2 "
                "lists host names.");
        h.browser
                = tr("Browsers send Origin on every cross-origin request and on same-origin "
                     "unsafe requests; a cross-origin form or fetch POST is refused with \"Origin "
                     "checking failed\" unless its origin is trusted here.");
        h.link = QStringLiteral(
                "https://docs.djangoproject.com/en/stable/ref/settings/#csrf-trusted-origins");
        h.linkText = tr("Django: CSRF_TRUSTED_ORIGINS");
        break;
    case SettingId::Model:
        h.title = tr("CORS model (removed)");
        h.summary = tr("Removed in django-cors-headers 3.0; defining it is an error.");
        h.description
                = tr("Defining CORS_MODEL, whatever its value, gives corsheaders.E012. Use the "
                     "check_request_enabled signal for per-request decisions.");
        h.browser = tr("No browser behaviour: the setting is not read.");
        h.link = QStringLiteral(
                "https://github.com/adamchainz/django-cors-headers/blob/main/CHANGELOG.rst");
        h.linkText = tr("django-cors-headers changelog");
        break;
    }
    if (isLegacyAlias(id)) {
        h.summary += u' '
                + tr("Legacy name of %1: used only when %1 is not defined.")
                          .arg(settingName(*currentNameOf(id)));
    }
    return h;
}

QString settingDefaultText(SettingId id, Profile profile)
{
    if (id == SettingId::Model)
        return tr("none (removed in django-cors-headers 3.0; defining it is an error)");
    if (!isReadBy(id, profile)) {
        return id == SettingId::ReplaceHttpsReferer
                ? tr("none (removed in django-cors-headers 4.0; defining it is an error)")
                : tr("none (django-cors-headers %1 does not read it)").arg(profileName(profile));
    }
    const std::optional<PyValue> value = defaultValue(id, profile);
    if (!value)
        return tr("none");
    switch (value->kind()) {
    case PyValue::Kind::DefaultHeaders:
        return QStringLiteral("default_headers (%1)")
                .arg(defaultHeaders(profile).join(QStringLiteral(", ")));
    case PyValue::Kind::DefaultMethods:
        return QStringLiteral("default_methods (%1)")
                .arg(defaultMethods(profile).join(QStringLiteral(", ")));
    case PyValue::Kind::Tuple:
    case PyValue::Kind::List:
        if (value->items().isEmpty())
            return tr("%1 (empty)").arg(Py::repr(*value));
        break;
    default:
        break;
    }
    return Py::repr(*value);
}

QString profileDescription(Profile profile)
{
    switch (profile) {
    case Profile::V4:
        return tr("django-cors-headers 4.x: lower-case header names and Vary: origin; "
                  "default_headers has 6 names; CORS_ALLOW_PRIVATE_NETWORK exists; defining "
                  "CORS_REPLACE_HTTPS_REFERER is an error; a bare string where a list belongs "
                  "fails the checks.");
    case Profile::V3_14:
        return tr("django-cors-headers 3.14 (Debian 12, Django 3.2): Title-Case header names; "
                  "default_headers has 9 names; Access-Control-Allow-Credentials is sent even for "
                  "refused origins; a bare string where a list belongs passes the checks and is "
                  "read character by character.");
    }
    return {};
}

QString settingHelpHtml(SettingId id, Profile profile)
{
    const SettingHelp h = settingHelp(id);
    auto esc = [](const QString &text) { return text.toHtmlEscaped(); };
    QString html;
    html += QStringLiteral("<p><b>%1</b> &mdash; <code>%2</code></p>")
                    .arg(esc(h.title), esc(settingName(id)));
    html += QStringLiteral("<p>%1</p>").arg(esc(h.summary));
    html += QStringLiteral("<p>%1</p>").arg(esc(h.description));
    html += QStringLiteral("<p><b>%1</b> <code>%2</code></p>")
                    .arg(esc(tr("Default for django-cors-headers %1:").arg(profileName(profile))),
                         esc(settingDefaultText(id, profile)));
    html += QStringLiteral("<p><b>%1</b> %2</p>").arg(esc(tr("In the browser:")), esc(h.browser));
    if (!h.link.isEmpty())
        html += QStringLiteral("<p><a href=\"%1\">%2</a></p>").arg(esc(h.link), esc(h.linkText));
    return html;
}

} // namespace Cors
