// SPDX-License-Identifier: MIT
#pragma once

#include "python/pyvalue.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Cors {

/**
 * The Django settings around CorsMiddleware that decide what a request gets: the middleware
 * list and what the built-in middleware, the host check, CSRF, sessions, login and Django REST
 * framework read. Settings a project does not define hold Django's defaults.
 */
struct StackSettings
{
    /** MIDDLEWARE, in order as written (Django's default is empty). */
    QStringList middleware;
    bool debug = false;
    QStringList allowedHosts;
    bool appendSlash = true;
    bool prependWww = false;
    bool secureSslRedirect = false;
    QString secureSslHost; ///< empty: None
    QStringList secureRedirectExempt;
    /** SECURE_PROXY_SSL_HEADER as (META key, value); unset: None. */
    std::optional<std::pair<QString, QString>> secureProxySslHeader;
    bool useXForwardedHost = false;
    QString loginUrl = QStringLiteral("/accounts/login/");
    QString csrfCookieName = QStringLiteral("csrftoken");
    /** A META key, e.g. "HTTP_X_CSRFTOKEN". */
    QString csrfHeaderName = QStringLiteral("HTTP_X_CSRFTOKEN");
    std::optional<QString> csrfCookieDomain;
    bool csrfUseSessions = false;
    QString sessionCookieName = QStringLiteral("sessionid");
    std::optional<QString> sessionCookieDomain;
    /** REST_FRAMEWORK's defaults, as dotted class paths (DRF's own defaults when absent). */
    QStringList drfAuthenticationClasses = {
            QStringLiteral("rest_framework.authentication.SessionAuthentication"),
            QStringLiteral("rest_framework.authentication.BasicAuthentication"),
    };
    QStringList drfPermissionClasses = {QStringLiteral("rest_framework.permissions.AllowAny")};
    /** len(DEFAULT_RENDERER_CLASSES): more than one makes DRF send Vary: Accept. */
    int drfRendererCount = 2;

    /** Line in the settings module each setting was read from (for explanations). */
    QHash<QString, int> lines;

    friend bool operator==(const StackSettings &, const StackSettings &) = default;
};

/** What a route's view does (the view kinds of the routes file). */
enum class ViewKind {
    Ok,            ///< a function view answering 200 to every method; CSRF applies
    CsrfExempt,    ///< the same, @csrf_exempt
    LoginRequired, ///< the same, @login_required
    Error,         ///< raises: a 500
    Drf,           ///< a Django REST framework APIView
};

QString viewKindName(ViewKind kind);
std::optional<ViewKind> viewKindFromName(const QString &name);

/** One entry of the URLconf: a Django path() pattern and its view. */
struct Route
{
    QString path;
    ViewKind view = ViewKind::Ok;
    /** DRF: "session", "token", "basic" in order; unset: REST_FRAMEWORK's default. */
    std::optional<QStringList> authentication;
    /** DRF: "allow_any" or "is_authenticated"; unset: REST_FRAMEWORK's default. */
    std::optional<QString> permission;

    friend bool operator==(const Route &, const Route &) = default;
};

/** Who is logged in: credentials that belong to an active user. Anything else is anonymous. */
struct Identities
{
    QStringList sessions; ///< session keys
    QStringList tokens;   ///< DRF token keys
    QStringList basic;    ///< "user:password"

    friend bool operator==(const Identities &, const Identities &) = default;
};

/** The server side of a policy: Django's settings around CorsMiddleware, routes and users. */
struct Deployment
{
    StackSettings settings;
    QList<Route> routes;
    Identities identities;

    friend bool operator==(const Deployment &, const Deployment &) = default;
};

/**
 * The deployment of a new project: `django-admin startproject`'s MIDDLEWARE with CorsMiddleware
 * where django-cors-headers' README puts it (as high as possible, above CommonMiddleware), one
 * `ok` route for api/, nobody logged in.
 */
Deployment startprojectDeployment();

/** The Django setting names StackSettings reads (besides CSRF_TRUSTED_ORIGINS in the policy). */
const QStringList &stackSettingNames();

/**
 * StackSettings from the values a settings module defines (name -> value, as read without
 * executing it) and the lines they were read from. A value Django could not use (a string
 * where a list belongs) is not guessed: it is reported in @p problems, naming the setting, and
 * the setting keeps its default.
 */
StackSettings stackSettingsFromValues(const QHash<QString, PyValue> &values,
                                      const QHash<QString, int> &lines, QStringList *problems);

/** Routes and identities as JSON ({"routes": [...], "identities": {...}}), the routes file. */
struct RoutesFile
{
    QList<Route> routes;
    Identities identities;
};

/** Parses a routes file; on error returns nullopt with a message naming the member. */
std::optional<RoutesFile> parseRoutesJson(const QByteArray &json, QString *error);

} // namespace Cors
