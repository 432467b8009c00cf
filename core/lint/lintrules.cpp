// SPDX-License-Identifier: MIT
#include "lint/lintrules.h"

#include <QCoreApplication>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("LintRules", text);
}

using S = Finding::Severity;

QList<LintRule> buildRules()
{
    QList<LintRule> r;
    auto add = [&](const char *id, S severity, const char *title, const char *help) {
        r.append({QString::fromLatin1(id), severity, tr(title), tr(help)});
    };

    // ---- Origins ----------------------------------------------------------------------------
    add("allow-all-with-credentials", S::Error,
        "All origins are allowed with credentials: every origin is reflected",
        "With CORS_ALLOW_ALL_ORIGINS and CORS_ALLOW_CREDENTIALS, django-cors-headers echoes any "
        "Origin together with Access-Control-Allow-Credentials: true, so any website can read "
        "the API with the visitor's cookies. List the origins you trust instead.");
    add("allow-all-ignores-lists", S::Info,
        "Origin lists are ignored while all origins are allowed",
        "CORS_ALLOW_ALL_ORIGINS makes CORS_ALLOWED_ORIGINS and CORS_ALLOWED_ORIGIN_REGEXES dead "
        "configuration.");
    add("origin-null", S::Warning, "The null origin is trusted",
        "Any page can send Origin: null (a sandboxed iframe, a data: document, some redirects), "
        "so trusting null trusts everyone. A \"null\" entry also admits every scheme-less Origin "
        "a non-browser client sends. An error with credentials.");
    add("origin-file", S::Warning, "A file:// entry",
        "Browsers send Origin: null for file: pages, never file://, so the entry does not help "
        "local pages; it only admits file: strings from non-browser clients.");
    add("origin-insecure-scheme", S::Warning, "A plain-http origin is trusted with credentials",
        "A network attacker (open Wi-Fi) can inject script into an http:// page and read the "
        "API with the visitor's cookies through it. Use https://; loopback origins are exempt.");
    add("origin-local-network", S::Warning, "A localhost or private-network origin is trusted",
        "Whatever runs on that address in the visitor's machine or network (another dev server, "
        "a router page, a local app) can read the API. Keep development origins out of "
        "production settings. Info without credentials.");
    add("origin-never-matches", S::Warning, "An origin that no browser ever sends",
        "Browsers serialize origins in lower case, without default port, path, user info or "
        "spaces, and Django compares the text exactly: the entry silently never matches.");
    add("origin-unparseable", S::Error, "An origin entry Python's urlsplit rejects",
        "Every request that reaches the allow-list fails with a server error, and manage.py "
        "check crashes.");
    add("entry-not-a-string", S::Error, "An entry that is not a string",
        "django-cors-headers expects strings here (or compiled patterns for the regexes).");
    add("duplicate-entry", S::Info, "A duplicate entry", "The second copy changes nothing.");

    // ---- Origin regexes ---------------------------------------------------------------------
    add("regex-unanchored-end", S::Error, "An origin regex is not anchored at the end",
        "re.match anchors only the start: ^https://app\\.example\\.com also admits "
        "https://app.example.com.evil.test, which anyone can register. End the pattern with $ "
        "(or \\Z).");
    add("regex-ungrouped-alternation", S::Error,
        "Alternatives are not grouped, so the anchors bind to one side only",
        "In ^https://a\\.com|b\\.com$ the ^ belongs to the first alternative and the $ to the "
        "last: the first is not anchored at the end. Group them: ^(?:...|...)$.");
    add("regex-unescaped-dot", S::Error, "An unescaped dot in an origin regex",
        "A bare . matches any character: ^https://api.example.com$ admits "
        "https://apixexample.com. Write \\. (a warning when no registrable domain gets "
        "through).");
    add("regex-wide-wildcard", S::Error, "A wildcard spans labels, ports or the domain boundary",
        ".*, .+ and classes with . or - match across labels: ^https://.*example\\.com$ admits "
        "https://evilexample.com. Match one label with [a-z0-9-]+ and keep the domain's dot.");
    add("regex-public-suffix-wildcard", S::Error, "A wildcard right on a public suffix",
        "The wildcard label sits on a public suffix (github.io, herokuapp.com, com), where "
        "anyone can get a subdomain: [a-z]+\\.github\\.io admits https://evil.github.io. List "
        "the exact origins.");
    add("regex-subdomain-wildcard", S::Warning,
        "Every subdomain of your domain is trusted with credentials",
        "A dangling DNS record (subdomain takeover) or an XSS on any subdomain then reads the "
        "API with the visitor's cookies. Prefer an explicit list of origins.");
    add("regex-ignorecase", S::Info, "A case-insensitive origin regex",
        "Browsers send scheme and host in lower case, so IGNORECASE only widens classes "
        "(under Unicode rules) and hides mistakes. Drop the flag.");
    add("regex-exact-origin", S::Info, "A regex that is really an exact origin",
        "A regex that matches a fixed origin is harder to read and easier to get wrong than an "
        "entry of CORS_ALLOWED_ORIGINS. Move it there.");
    add("regex-never-matches", S::Warning, "An origin regex no browser Origin can match",
        "The pattern only matches strings browsers never send (no scheme, upper case, a path, "
        "a trailing slash), so it silently admits nothing.");
    add("regex-syntax", S::Error, "An origin regex Python rejects",
        "re.error is raised when a request reaches the pattern: a server error.");
    add("regex-unsupported", S::Info, "A regex CORS Studio cannot analyse",
        "The pattern is valid Python but cannot be run faithfully here; it is not analysed.");

    // ---- Methods and headers ----------------------------------------------------------------
    add("header-forbidden", S::Warning, "A forbidden request header is allowed",
        "Scripts can never set forbidden request headers (Cookie, Host, Origin, Sec-*, ...; "
        "Chromium adds User-Agent), so listing them has no effect.");
    add("header-misplaced", S::Warning, "A header name on the wrong side",
        "Access-Control-Allow-* are response headers (listing them in CORS_ALLOW_HEADERS is a "
        "common misunderstanding); Origin and Access-Control-Request-* never appear in "
        "responses, so exposing them does nothing.");
    add("header-not-a-token", S::Error, "A header name that is not an HTTP token",
        "Browsers cannot parse the list: every preflight fails (allow headers) or the whole "
        "expose list is ignored (Chromium).");
    add("header-safelisted", S::Info, "A CORS-safelisted request header is listed",
        "Accept, Accept-Language and Content-Language never need a preflight (within their "
        "value rules); Content-Type does, for JSON.");
    add("wildcard-with-credentials", S::Warning, "\"*\" with credentials is a literal name",
        "For credentialed requests browsers read * in Access-Control-Allow-Headers, -Methods "
        "and -Expose-Headers as a name, not a wildcard: credentialed requests fail.");
    add("header-wildcard-authorization", S::Warning, "\"*\" is relied on to cover Authorization",
        "The Fetch standard never lets * cover Authorization; Chromium and Firefox still do, with "
        "a deprecation warning. List authorization explicitly.");
    add("expose-safelisted", S::Info, "A safelisted response header is exposed",
        "Cache-Control, Content-Language, Content-Length, Content-Type, Expires, Last-Modified "
        "and Pragma are always readable.");
    add("expose-forbidden", S::Warning, "Set-Cookie is exposed",
        "Scripts can never read Set-Cookie or Set-Cookie2, exposed or not.");
    add("method-not-a-token", S::Error, "A method that is not an HTTP token",
        "Browsers cannot parse Access-Control-Allow-Methods: every preflight fails.");
    add("method-forbidden", S::Warning, "A forbidden method is allowed",
        "fetch() refuses CONNECT, TRACE and TRACK, so they are never requested.");
    add("method-case", S::Warning, "A method in the wrong case",
        "fetch() upper-cases delete, get, head, options, post and put, and methods are compared "
        "case-sensitively: write them in upper case.");
    add("method-unneeded", S::Info, "A method that never needs to be allowed",
        "GET, HEAD and POST are CORS-safelisted and never checked against the list; OPTIONS is "
        "the preflight itself.");

    // ---- Preflight ----------------------------------------------------------------------------
    add("max-age-above-cap", S::Warning, "CORS_PREFLIGHT_MAX_AGE above what browsers use",
        "Chromium caps Access-Control-Max-Age at 7200 seconds and Firefox at 86400; anything "
        "longer only delays tightening the policy where it is honoured (info between the two "
        "caps).");
    add("max-age-zero", S::Info, "CORS_PREFLIGHT_MAX_AGE = 0 does not disable caching",
        "Django omits the header when the value is 0, and browsers then cache preflights for 5 "
        "seconds.");
    add("private-network-with-allow-all", S::Warning, "Private network access for every origin",
        "With CORS_ALLOW_ALL_ORIGINS, any public website may reach this service on the visitor's "
        "private network.");

    // ---- Scope and neighbours ----------------------------------------------------------------
    add("urls-regex-unanchored", S::Warning, "CORS_URLS_REGEX enables more paths than intended",
        "re.match anchors only the start: ^/api also enables /api-internal/, and a leading .* "
        "enables the prefix anywhere. End the prefix with / or $.");
    add("urls-regex-never-matches", S::Warning, "CORS_URLS_REGEX matches no path",
        "path_info always starts with /, so the pattern never enables the middleware.");
    add("urls-regex-no-scenario", S::Warning,
        "CORS_URLS_REGEX matches none of the saved scenarios' paths",
        "The middleware is disabled for every request the document's scenarios make.");
    add("csrf-untrusted-origin", S::Warning,
        "A credentialed origin is missing from CSRF_TRUSTED_ORIGINS",
        "Django's CSRF protection is configured separately: cross-origin POST, PUT, PATCH and "
        "DELETE with the session cookie fail with 403 until the origin is trusted there too.");
    add("csrf-trusted-origin-form", S::Warning, "A CSRF_TRUSTED_ORIGINS entry in the wrong form",
        "Django 4.0 and later need a scheme (https://app.example.com, an error there); Django "
        "3.2 compares host names (app.example.com).");
    add("session-cookie-samesite", S::Info,
        "SameSite session cookies do not travel with cross-site requests",
        "With SESSION_COOKIE_SAMESITE = \"Lax\" (Django's default) or \"Strict\", credentialed "
        "fetch() from another site arrives without the session cookie; cross-site credentialed "
        "CORS needs \"None\" (with SESSION_COOKIE_SECURE).");

    // ---- The Django stack around CorsMiddleware ----------------------------------------------
    add("stack-cors-missing", S::Error, "CorsMiddleware is not in MIDDLEWARE",
        "Without corsheaders.middleware.CorsMiddleware no response carries CORS headers, whatever "
        "the CORS_* settings say. Add it near the top of MIDDLEWARE, above CommonMiddleware.");
    add("stack-cors-below", S::Error,
        "CorsMiddleware is below a middleware that answers requests itself",
        "A middleware above CorsMiddleware that answers a request (CommonMiddleware's "
        "APPEND_SLASH, PREPEND_WWW and ALLOWED_HOSTS answers, SecurityMiddleware's SSL redirect) "
        "sends its "
        "response past CorsMiddleware, without CORS headers: the browser reports a CORS error "
        "instead of the redirect or the 400. Move CorsMiddleware above it.");
    add("stack-session-missing", S::Error,
        "AuthenticationMiddleware or MessageMiddleware without SessionMiddleware above it",
        "Both need request.session: without SessionMiddleware above them every request that "
        "reaches them ends in a 500.");
    add("stack-corspostcsrf-removed", S::Error,
        "CorsPostCsrfMiddleware under django-cors-headers 4.x",
        "corsheaders.middleware.CorsPostCsrfMiddleware was removed in 4.0: Django cannot import "
        "it and does not start. Remove it (and CORS_REPLACE_HTTPS_REFERER); list the front-end "
        "origins in CSRF_TRUSTED_ORIGINS instead.");
    add("stack-ssl-redirect-http", S::Warning,
        "SECURE_SSL_REDIRECT redirects plain-HTTP preflights",
        "With SECURE_SSL_REDIRECT, a request to the API over http:// is answered with a 301 to "
        "https://; a preflight never follows a redirect, so pages that call the API over http "
        "fail with a CORS error. Call the API over https, or exempt its paths with "
        "SECURE_REDIRECT_EXEMPT.");
    add("stack-csrf-untrusted-origin", S::Warning,
        "CSRF refuses a credentialed origin's unsafe requests",
        "With CsrfViewMiddleware and CORS_ALLOW_CREDENTIALS, a credentialed POST, PUT, PATCH or "
        "DELETE from an allowed origin is refused with 403 unless Django's CSRF check trusts "
        "the origin (Django 5.2: the Origin against CSRF_TRUSTED_ORIGINS, with schemes; Django "
        "3.2: on HTTPS only, the Referer's host against CSRF_TRUSTED_ORIGINS' host names). Add "
        "the origin to CSRF_TRUSTED_ORIGINS.");
    add("stack-not-modelled", S::Info, "A middleware CORS Studio does not model",
        "Requests and responses are taken to pass through it unchanged; if it answers requests "
        "itself (redirects, authentication), place CorsMiddleware above it.");

    // ---- What the settings reader could not read --------------------------------------------
    add("setting-unread", S::Error, "A CORS setting that could not be read",
        "The settings module assigns it in a way the reader does not evaluate (a value from the "
        "environment without default, code it does not run), so the policy checked lacks it and "
        "no finding covers it. A report is never clean by omission: check the setting by hand or "
        "write it in a form the reader reads.");

    // ---- django-cors-headers' own system checks ---------------------------------------------
    const char *checks[][2] = {
            {"corsheaders.E001", "CORS_ALLOW_HEADERS is not a sequence of strings"},
            {"corsheaders.E002", "CORS_ALLOW_METHODS is not a sequence of strings"},
            {"corsheaders.E003", "CORS_ALLOW_CREDENTIALS is not a bool"},
            {"corsheaders.E004", "CORS_PREFLIGHT_MAX_AGE is not an integer >= 0"},
            {"corsheaders.E005", "CORS_ALLOW_ALL_ORIGINS is not a bool"},
            {"corsheaders.E006", "CORS_ALLOWED_ORIGINS is not a sequence of strings"},
            {"corsheaders.E007",
             "CORS_ALLOWED_ORIGIN_REGEXES is not a sequence of strings or patterns"},
            {"corsheaders.E008", "CORS_EXPOSE_HEADERS is not a sequence of strings"},
            {"corsheaders.E009", "CORS_URLS_REGEX is not a string or pattern"},
            {"corsheaders.E011", "CORS_REPLACE_HTTPS_REFERER is not a bool"},
            {"corsheaders.E012", "CORS_MODEL is defined (removed in 3.0)"},
            {"corsheaders.E013",
             "An origin is missing its scheme or netloc (or a removed setting is used)"},
            {"corsheaders.E014", "An origin has a path, query or fragment"},
            {"corsheaders.E015", "CORS_ALLOW_PRIVATE_NETWORK is not a bool"},
    };
    for (const auto &check : checks)
        add(check[0], S::Error, check[1],
            "django-cors-headers' system check (manage.py check) reports this as an error.");
    return r;
}

} // namespace

const QList<LintRule> &lintRules()
{
    static const QList<LintRule> rules = buildRules();
    return rules;
}

const LintRule *lintRule(QStringView id)
{
    for (const LintRule &rule : lintRules()) {
        if (rule.id == id)
            return &rule;
    }
    return nullptr;
}

QString severityName(Finding::Severity severity)
{
    switch (severity) {
    case Finding::Severity::Error:
        return QStringLiteral("error");
    case Finding::Severity::Warning:
        return QStringLiteral("warning");
    case Finding::Severity::Info:
        return QStringLiteral("info");
    }
    return QString();
}

} // namespace Cors
