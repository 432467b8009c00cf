// SPDX-License-Identifier: MIT
#pragma once

#include "nginx/nginxsite.h"

#include <QString>

namespace Cors {

/** Where nginx sends a GET for one route of the URLconf. */
struct NginxRouteServing
{
    /** The request path tried: the route with a sample value per converter. */
    QString path;
    /** The location that served it as written ("/api/", "~ ^/v1/"); empty: the server level. */
    QString location;
    /** The directive that chose: the location, or the server. */
    NginxLocation where;
    /** nginx passed the request to Django (proxy_pass). */
    bool toDjango = false;
    /** What nginx answered without Django (0: closed the connection). */
    int status = 0;
    /** Why no answer: the configuration does not load, no server listens. */
    QString error;
};

/**
 * A request path a Django path() pattern matches: "/" + the pattern with each converter given
 * a value its regex accepts (<int:pk> 1, <slug:s> a-slug, <uuid:u> a UUID, <path:p> a/b, any
 * other a word).
 */
QString routeSamplePath(const QString &pattern);

/** What nginx does with a GET of routeSamplePath(@p pattern) under @p site. */
NginxRouteServing nginxServing(const NginxSite &site, const QString &pattern);

/**
 * "location /api/ (nginx.conf:12) → Django", "location = /health (…): nginx answers 204". File
 * names under @p directory (the main file's, for a table) are shown relative to it.
 */
QString nginxServingText(const NginxRouteServing &serving, const QString &directory = {});

} // namespace Cors
