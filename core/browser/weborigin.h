// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QUrl>

#include <optional>

namespace Cors {

/**
 * A browser origin (HTML "origin"): opaque, or a (scheme, host, port) tuple with the default
 * port elided. Serialises the way Chromium's url::Origin does: lower-case scheme and host,
 * IDNA hosts in ASCII, "null" for opaque origins.
 */
class WebOrigin
{
public:
    WebOrigin() = default; // opaque

    /** The origin of a URL: http(s)/ws(s)/ftp give tuples, file:, data: and the rest opaque. */
    static WebOrigin fromUrl(const QUrl &url);
    /**
     * Reads what a user types as a page origin or page URL: "null" (an opaque document such as
     * a sandboxed iframe), "https://app.example", "https://app.example/page.html".
     * Returns nullopt for text that is not a URL.
     */
    static std::optional<WebOrigin> parse(const QString &text);

    bool isOpaque() const { return m_scheme.isEmpty(); }
    const QString &scheme() const { return m_scheme; }
    const QString &host() const { return m_host; }
    /** -1 when the port is the scheme's default. */
    int port() const { return m_port; }
    /** Origins served over https or from loopback count as secure contexts. */
    bool isPotentiallyTrustworthy() const;

    /** ASCII serialisation: "null" or scheme://host[:port]. */
    QString serialize() const;

    /**
     * Schemeful same site: same scheme and the same registrable domain by the Public Suffix List
     * (or the same host when it has none: IP addresses, single labels such as localhost, public
     * suffixes themselves).
     */
    bool isSameSite(const WebOrigin &other) const;
    /**
     * The schemeful site isSameSite() compares, as "scheme://registrable-domain" (or the host
     * when it has none); empty for an opaque origin, which is same site with nothing.
     */
    QString site() const;

    /** Same origin: equal tuples (an opaque origin is equal to no other, not even "null"). */
    bool isSameOrigin(const WebOrigin &other) const;

private:
    QString m_scheme;
    QString m_host;
    int m_port = -1;
};

/** The URL as Chromium prints it in console messages (canonical form, path at least "/"). */
QString canonicalUrl(const QUrl &url);

} // namespace Cors
