// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace Cors {

/** One stored preflight result (Chromium's PreflightResult). */
struct PreflightCacheEntry
{
    QString origin; ///< initiator origin, serialised (not the tainted "null")
    QString url;
    QStringList methods;      ///< as the server wrote them (case kept)
    QStringList headers;      ///< lower-case
    bool credentials = false; ///< stored for a credentialed request
    qint64 storedAtMs = 0;
    qint64 expiresAtMs = 0;
};

/**
 * Chromium's CORS preflight cache: one entry per (initiator origin, URL); a new preflight replaces
 * the entry, an entry expires when the clock reaches its expiry (Max-Age 0 is never reused).
 */
class PreflightCache
{
public:
    /**
     * The entry for the key, if stored; expired entries are removed and not returned. With
     * @p credentials (Firefox keys its cache by the credentials flag too), only the entry stored
     * with that flag.
     */
    std::optional<PreflightCacheEntry> lookup(const QString &origin, const QString &url,
                                              qint64 nowMs,
                                              std::optional<bool> credentials = std::nullopt);
    /** Replaces the entry of the key (with @p byCredentials, of the key and credentials flag). */
    void store(const PreflightCacheEntry &entry, bool byCredentials = false);
    void remove(const QString &origin, const QString &url);
    void clear() { m_entries.clear(); }
    const QList<PreflightCacheEntry> &entries() const { return m_entries; }

private:
    QList<PreflightCacheEntry> m_entries;
};

} // namespace Cors
