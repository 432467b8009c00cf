// SPDX-License-Identifier: MIT
#include "stack/djangostack.h"

#include <QCoreApplication>

namespace Cors {

namespace {

struct Known
{
    const char *path;
    MiddlewareKind kind;
};

constexpr Known known[] = {
        {"django.middleware.security.SecurityMiddleware", MiddlewareKind::Security},
        {"django.contrib.sessions.middleware.SessionMiddleware", MiddlewareKind::Session},
        {"django.middleware.common.CommonMiddleware", MiddlewareKind::Common},
        {"django.middleware.csrf.CsrfViewMiddleware", MiddlewareKind::Csrf},
        {"django.contrib.auth.middleware.AuthenticationMiddleware", MiddlewareKind::Authentication},
        {"django.contrib.messages.middleware.MessageMiddleware", MiddlewareKind::Messages},
        {"django.middleware.clickjacking.XFrameOptionsMiddleware", MiddlewareKind::XFrameOptions},
        {"corsheaders.middleware.CorsMiddleware", MiddlewareKind::Cors},
        {"corsheaders.middleware.CorsPostCsrfMiddleware", MiddlewareKind::CorsPostCsrf},
        {"whitenoise.middleware.WhiteNoiseMiddleware", MiddlewareKind::WhiteNoise},
};

} // namespace

bool isStackReportedHeader(QStringView name)
{
    return name.startsWith(u"access-control-", Qt::CaseInsensitive)
            || name.compare(u"vary", Qt::CaseInsensitive) == 0
            || name.compare(u"location", Qt::CaseInsensitive) == 0;
}

MiddlewareKind middlewareKind(const QString &dottedPath)
{
    for (const Known &k : known) {
        if (dottedPath == QLatin1String(k.path))
            return k.kind;
    }
    return MiddlewareKind::Unknown;
}

QStringList knownMiddlewarePaths()
{
    QStringList paths;
    for (const Known &k : known)
        paths.append(QLatin1String(k.path));
    return paths;
}

QString middlewareClassName(const QString &dottedPath)
{
    return dottedPath.section(u'.', -1);
}

QString middlewareDescription(MiddlewareKind kind, Profile profile)
{
    auto tr = [](const char *text) { return QCoreApplication::translate("Middleware", text); };
    const bool django5 = profile == Profile::V4;
    switch (kind) {
    case MiddlewareKind::Security:
        return tr("With SECURE_SSL_REDIRECT, answers plain-HTTP requests (preflights too) with a "
                  "301 to https before anything below it runs; above CorsMiddleware that 301 "
                  "has no CORS headers.");
    case MiddlewareKind::Session:
        return tr("Loads the session from its cookie; adds Vary: Cookie when something read "
                  "the session.");
    case MiddlewareKind::Common:
        return django5 ? tr("Checks ALLOWED_HOSTS (400), PREPEND_WWW (301), and turns a 404 "
                            "into a 301 to the URL with a slash (APPEND_SLASH). Above "
                            "CorsMiddleware its answers carry no CORS headers.")
                       : tr("Checks ALLOWED_HOSTS (400), PREPEND_WWW and APPEND_SLASH (301 "
                            "before the view runs, preflights too). Above CorsMiddleware its "
                            "answers carry no CORS headers.");
    case MiddlewareKind::Csrf:
        return django5 ? tr("Refuses unsafe methods (POST, PUT, PATCH, DELETE) with 403 unless "
                            "the Origin is trusted (CSRF_TRUSTED_ORIGINS) and the CSRF cookie "
                            "and header match. Its 403 passes through CorsMiddleware wherever "
                            "it stands.")
                       : tr("Refuses unsafe methods (POST, PUT, PATCH, DELETE) with 403 unless "
                            "the CSRF cookie and header match (and, on HTTPS, the Referer is "
                            "trusted). Its 403 passes through CorsMiddleware wherever it stands.");
    case MiddlewareKind::Authentication:
        return tr("Attaches request.user from the session; needs SessionMiddleware above it.");
    case MiddlewareKind::Messages:
        return tr("Message storage; needs SessionMiddleware above it. No effect on CORS.");
    case MiddlewareKind::XFrameOptions:
        return tr("Adds X-Frame-Options: DENY. No effect on CORS.");
    case MiddlewareKind::Cors:
        return tr("django-cors-headers: answers preflights itself and adds the CORS headers to "
                  "every response that comes back up through it. Place it above every "
                  "middleware that can answer a request (CommonMiddleware, "
                  "SecurityMiddleware's SSL redirect).");
    case MiddlewareKind::CorsPostCsrf:
        return django5 ? tr("Removed in django-cors-headers 4.0: Django fails to start.")
                       : tr("Restores the Referer CORS_REPLACE_HTTPS_REFERER replaced, after "
                            "CsrfViewMiddleware has checked it.");
    case MiddlewareKind::WhiteNoise:
        return tr("Serves static files under STATIC_URL; other requests pass through (the "
                  "files themselves are not modelled).");
    case MiddlewareKind::Unknown:
        return tr("Not modelled: requests and responses are passed through unchanged.");
    }
    return {};
}

} // namespace Cors
