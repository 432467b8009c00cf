// SPDX-License-Identifier: MIT
#pragma once

#include "browser/preflightcache.h"
#include "browser/scenario.h"
#include "engines/browserengine.h"

#include <QString>
#include <QStringList>

namespace Cors {

/**
 * How each engine's preflight cache is keyed, consulted and written (docs/browser-engines.md).
 * Chromium (preflight_cache.cc, preflight_controller.cc): one entry per (origin, URL) that a new
 * preflight replaces; `*` covers methods and headers (not Authorization) for entries stored
 * without credentials; cache modes no-cache, reload and no-store skip the lookup, no-store also
 * the write; an entry that does not cover the request is dropped. WebKit
 * (CrossOriginPreflightResultCache.cpp) has the same keys, but real WebKitGTK 2.50.6
 * (browser/webkit_agreement) ignores the cache mode (every mode looks up and writes), lets a
 * non-credentialed `*` entry cover Authorization, and stores what a preflight allowed even when
 * it refused the request's method or a header (a GET with a refused X-Custom, then a PUT the
 * refused preflight's answer allowed: the PUT goes without a preflight). Firefox (nsCORSListenerProxy.cpp
 * nsPreflightCache, checked against Firefox ESR 153): the key includes the credentials flag;
 * cached tokens are compared literally (no `*`; GET and POST need no method token, HEAD does);
 * only reload and no-store (LOAD_BYPASS_CACHE) skip the lookup and every successful preflight is
 * written; tokens of successive preflights are merged; a miss keeps the entry.
 */
bool preflightCacheKeyedByCredentials(BrowserEngine engine);
bool preflightCacheLookupSkipped(BrowserEngine engine, CacheMode mode);
bool preflightCacheWriteSkipped(BrowserEngine engine, CacheMode mode);
bool preflightCacheMergesTokens(BrowserEngine engine);
bool preflightCacheDropsEntryOnMiss(BrowserEngine engine);
/** Whether a preflight that passed the access check but refused the method or a header is stored. */
bool preflightCacheStoresRefusedPreflight(BrowserEngine engine);
/**
 * Whether a failed CORS check (preflight or response) clears the cache entries of its origin and
 * URL: Firefox (nsCORSListenerProxy::OnStartRequest's RemoveEntries; for a failed preflight seen
 * in real Firefox ESR 153: the next identical request preflights again).
 */
bool preflightCacheClearedOnFailure(BrowserEngine engine);

/**
 * Why @p entry does not cover a request with @p method and the lower-case non-safelisted
 * header names @p headers; empty when it does.
 */
QString preflightCacheMiss(BrowserEngine engine, const PreflightCacheEntry &entry,
                           const QString &method, const QStringList &headers,
                           bool credentialsInclude);

} // namespace Cors
