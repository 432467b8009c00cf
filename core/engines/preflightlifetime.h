// SPDX-License-Identifier: MIT
#pragma once

#include "engines/browserengine.h"

#include <QString>

#include <optional>

namespace Cors {

/**
 * How long an engine keeps a successful preflight, from Access-Control-Max-Age (absent:
 * std::nullopt). Returns the lifetime in seconds, or std::nullopt when the engine does not store
 * the result at all. Sources (docs/browser-engines.md):
 *  - Chromium (services/network/cors/preflight_result.cc): absent or not an integer -> 5 s,
 *    negative -> 0, capped at 7200 s.
 *  - Firefox (nsCORSListenerProxy.cpp AddResultToCache): absent or empty -> 5 s; any character
 *    other than 0-9 -> not stored; 0 -> not stored; capped at 86400 s.
 *  - WebKit (CrossOriginPreflightResultCache.cpp): parseInteger fails -> 5 s; capped at 600 s;
 *    a negative value expires at once.
 */
std::optional<qint64> preflightLifetimeSeconds(BrowserEngine engine,
                                               const std::optional<QString> &maxAge);

/** "default 5 s, cap 7200 s" and the like, for the trace. */
QString preflightLifetimeRule(BrowserEngine engine);

/**
 * Whether the engine gates requests from public pages to loopback/local addresses (Chromium's
 * Local Network Access, formerly Private Network Access). Firefox's and WebKit's CORS code
 * has no such gate.
 */
bool hasLocalNetworkAccess(BrowserEngine engine);

} // namespace Cors
