// SPDX-License-Identifier: MIT
#include "engines/preflightcacherules.h"

#include "browser/fetchrules.h"
#include "text/translation.h"

namespace Cors {

namespace {

const FormatString &tr(const char *text)
{
    return cachedTranslation("BrowserSimulator", text);
}

} // namespace

bool preflightCacheKeyedByCredentials(BrowserEngine engine)
{
    return engine == BrowserEngine::Firefox;
}

bool preflightCacheLookupSkipped(BrowserEngine engine, CacheMode mode)
{
    if (engine == BrowserEngine::Safari)
        return false;
    if (engine == BrowserEngine::Firefox)
        return mode == CacheMode::Reload || mode == CacheMode::NoStore;
    return mode != CacheMode::Default;
}

bool preflightCacheWriteSkipped(BrowserEngine engine, CacheMode mode)
{
    return engine == BrowserEngine::Chromium && mode == CacheMode::NoStore;
}

bool preflightCacheMergesTokens(BrowserEngine engine)
{
    return engine == BrowserEngine::Firefox;
}

bool preflightCacheDropsEntryOnMiss(BrowserEngine engine)
{
    return engine != BrowserEngine::Firefox;
}

bool preflightCacheStoresRefusedPreflight(BrowserEngine engine)
{
    return engine == BrowserEngine::Safari;
}

bool preflightCacheClearedOnFailure(BrowserEngine engine)
{
    return engine == BrowserEngine::Firefox;
}

QString preflightCacheMiss(BrowserEngine engine, const PreflightCacheEntry &entry,
                           const QString &method, const QStringList &headers,
                           bool credentialsInclude)
{
    if (engine == BrowserEngine::Firefox) {
        // CORSCacheEntry::CheckRequest: literal tokens; the key already holds the credentials.
        if (method != QLatin1String("GET") && method != QLatin1String("POST")
            && !entry.methods.contains(method))
            return tr("the entry does not list the method %1 (Firefox reads cached tokens "
                      "literally)")
                    .arg(method);
        for (const QString &name : headers) {
            if (!entry.headers.contains(name, Qt::CaseInsensitive))
                return tr("the entry does not list the header %1 (Firefox reads cached tokens "
                          "literally, * included)")
                        .arg(name);
        }
        return QString();
    }
    if (!entry.credentials && credentialsInclude)
        return tr("the entry was stored for a request without credentials");
    if (!entry.methods.contains(method) && !Fetch::isSafelistedMethod(method)
        && !(entry.methods.contains(QStringLiteral("*")) && !entry.credentials))
        return tr("the entry does not allow the method %1").arg(method);
    for (const QString &name : headers) {
        const bool listed = entry.headers.contains(name);
        const bool star = entry.headers.contains(QStringLiteral("*")) && !entry.credentials
                && (name != QLatin1String("authorization") || engine == BrowserEngine::Safari);
        if (!listed && !star)
            return tr("the entry does not allow the header %1").arg(name);
    }
    return QString();
}

} // namespace Cors
