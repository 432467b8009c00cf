// SPDX-License-Identifier: MIT
#pragma once

#include "io/corsdocument.h"
#include "nginx/nginxsite.h"
#include "server/corsengine.h"
#include "stack/djangostack.h"

#include <QList>
#include <QString>

namespace Cors {

/** A problem of the layered stack (nginx in front of Django), where it is and how to fix it. */
struct NginxFinding
{
    QString id;         // "nginx-duplicate-allow-origin", ...
    bool error = false; // else a warning
    QString message;
    QString fix;
    NginxLocation where;
    /** The request that shows it ("GET /api/items/ with Origin: https://evil.example"). */
    QString request;
};

/**
 * The layered-stack rules: duplicate Access-Control-Allow-Origin/-Credentials between nginx
 * and Django (found by sending requests through the model), add_header without `always`,
 * add_header levels that drop inherited CORS headers, proxy_hide_header of CORS headers,
 * $http_origin reflected without a check, unanchored regexes in map and if. @p stack may be
 * null (CorsMiddleware alone behind nginx); @p origin is an origin the policy admits (or any).
 */
QList<NginxFinding> lintNginx(const NginxSite &site, const DjangoStack *stack,
                              const CorsEngine &engine, const QString &origin,
                              const QStringList &paths);

/**
 * The request paths the rules probe: "/", each route's path with sample values
 * (routeSamplePath()), then each saved scenario's URL path, without repeats — so that a
 * CORS_URLS_REGEX narrower than "/" is met.
 */
QStringList nginxLintPaths(const QList<Route> &routes, const QList<SavedScenario> &scenarios);

/**
 * The first of @p candidates CorsMiddleware admits on a GET of one of @p paths (CORS_URLS_REGEX
 * may leave "/" out), else the last candidate.
 */
QString admittedOrigin(const CorsEngine &engine, const QStringList &candidates,
                       const QStringList &paths = {});

/** "file:line: error: message [id]\n  request: ...\n  fix: ...\n" for each finding. */
QString nginxFindingsText(const QList<NginxFinding> &findings);

} // namespace Cors
