// SPDX-License-Identifier: MIT
#include "browser/preflightcache.h"

namespace Cors {

std::optional<PreflightCacheEntry> PreflightCache::lookup(const QString &origin, const QString &url,
                                                          qint64 nowMs,
                                                          std::optional<bool> credentials)
{
    for (qsizetype i = 0; i < m_entries.size(); ++i) {
        const PreflightCacheEntry &entry = m_entries.at(i);
        if (entry.origin != origin || entry.url != url)
            continue;
        if (credentials && entry.credentials != *credentials)
            continue;
        if (entry.expiresAtMs <= nowMs) {
            m_entries.removeAt(i);
            return std::nullopt;
        }
        return entry;
    }
    return std::nullopt;
}

void PreflightCache::store(const PreflightCacheEntry &entry, bool byCredentials)
{
    m_entries.removeIf([&](const PreflightCacheEntry &e) {
        return e.origin == entry.origin && e.url == entry.url
                && (!byCredentials || e.credentials == entry.credentials);
    });
    m_entries.append(entry);
}

void PreflightCache::remove(const QString &origin, const QString &url)
{
    m_entries.removeIf(
            [&](const PreflightCacheEntry &e) { return e.origin == origin && e.url == url; });
}

} // namespace Cors
