// SPDX-License-Identifier: MIT
#pragma once

#include "python/pyregex.h"
#include "stack/deployment.h"

#include <QList>
#include <QString>

#include <optional>

namespace Cors {

/**
 * The project's URLconf as Django resolves it: each route a path() pattern turned into the
 * regular expression django.urls.resolvers._route_to_regex builds (converters int, str, slug,
 * uuid, path), tried in order against path_info without its leading slash.
 */
class UrlResolver
{
public:
    UrlResolver() = default;
    explicit UrlResolver(const QList<Route> &routes);

    /** ImproperlyConfigured messages of routes Django refuses (bad converter, parameter). */
    const QStringList &errors() const { return m_errors; }

    /** The index of the route that serves @p pathInfo, or nullopt: Resolver404. */
    std::optional<int> resolve(const QString &pathInfo) const;

private:
    QList<std::optional<Py::Regex>> m_patterns;
    QStringList m_errors;
};

/** The Python regular expression Django builds for a path() route (endpoint). */
std::optional<QString> routeToRegex(const QString &route, QString *error);

} // namespace Cors
