// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <optional>

namespace Cors {

/**
 * nginx's $uri for a request path (ngx_http_parse_complex_uri): %XX decoded, runs of slashes
 * merged (merge_slashes on), "." and ".." segments resolved. nullopt when nginx answers 400
 * (a ".." above the root, a bad %-escape, a path not starting with "/").
 */
std::optional<QString> nginxNormalizeUri(const QString &path);

/** ngx_escape_uri(NGX_ESCAPE_URI) as proxy_pass applies it to a changed $uri. */
QString nginxEscapeUri(const QString &uri);

} // namespace Cors
