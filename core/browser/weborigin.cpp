// SPDX-License-Identifier: MIT
#include "browser/weborigin.h"

#include "lint/publicsuffix.h"
#include "text/asciicase.h"

#include <QRegularExpression>

namespace Cors {

namespace {

int defaultPort(const QString &scheme)
{
    if (scheme == QLatin1String("http") || scheme == QLatin1String("ws"))
        return 80;
    if (scheme == QLatin1String("https") || scheme == QLatin1String("wss"))
        return 443;
    if (scheme == QLatin1String("ftp"))
        return 21;
    return -1;
}

bool hasTupleOrigin(const QString &scheme)
{
    return defaultPort(scheme) != -1;
}

QString serializedHost(const QUrl &url)
{
    // QUrl normalises IPv6 literals (compressed, without brackets) and gives IDNA hosts in ACE
    // form when fully encoded.
    const QString host = lowerCased(url.host(QUrl::FullyEncoded));
    if (host.contains(u':'))
        return u'[' + host + u']';
    return host;
}

// QUrl accepts RFC 3986's IPvFuture hosts ("[v1.x]") and gives them without brackets, where
// they look like domain names; the URL Standard (and Chromium) reject every bracketed host
// that is not IPv6. Found by tests/fuzz/fuzz_origin.
bool hasIpvFutureHost(const QUrl &url)
{
    // IPvFuture is "v" HEXDIG... and QUrl keeps that "v": any other host needs no authority
    // built to rule it out (parsing a long allow-list spent a tenth of its time here).
    const QString host = url.host();
    if (!host.startsWith(u'v', Qt::CaseInsensitive) || host.contains(u':'))
        return false;
    return url.adjusted(QUrl::RemoveUserInfo).authority(QUrl::FullyEncoded).contains(u'[');
}

} // namespace

WebOrigin WebOrigin::fromUrl(const QUrl &url)
{
    WebOrigin origin;
    const QString scheme = lowerCased(url.scheme());
    if (!url.isValid() || !hasTupleOrigin(scheme) || url.host().isEmpty() || hasIpvFutureHost(url))
        return origin;
    origin.m_scheme = scheme;
    origin.m_host = serializedHost(url);
    const int port = url.port();
    origin.m_port = (port == defaultPort(scheme)) ? -1 : port;
    return origin;
}

std::optional<WebOrigin> WebOrigin::parse(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == QLatin1String("null"))
        return WebOrigin();
    const QUrl url(trimmed, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty())
        return std::nullopt;
    const QString scheme = lowerCased(url.scheme());
    if (hasTupleOrigin(scheme) && (url.host().isEmpty() || hasIpvFutureHost(url)))
        return std::nullopt;
    return fromUrl(url);
}

bool WebOrigin::isPotentiallyTrustworthy() const
{
    if (isOpaque())
        return false;
    if (m_scheme == QLatin1String("https") || m_scheme == QLatin1String("wss"))
        return true;
    if (m_host == QLatin1String("localhost") || m_host.endsWith(QLatin1String(".localhost")))
        return true;
    static const QRegularExpression loopbackV4(QStringLiteral("^127\\.\\d+\\.\\d+\\.\\d+$"));
    return m_host == QLatin1String("[::1]") || loopbackV4.match(m_host).hasMatch();
}

QString WebOrigin::serialize() const
{
    if (isOpaque())
        return QStringLiteral("null");
    QString out = m_scheme + QStringLiteral("://") + m_host;
    if (m_port != -1)
        out += u':' + QString::number(m_port);
    return out;
}

bool WebOrigin::isSameOrigin(const WebOrigin &other) const
{
    if (isOpaque() || other.isOpaque())
        return false;
    return m_scheme == other.m_scheme && m_host == other.m_host && m_port == other.m_port;
}

bool WebOrigin::isSameSite(const WebOrigin &other) const
{
    if (isOpaque() || other.isOpaque())
        return false;
    // The Public Suffix List decides the site: app.example.com and api.example.com share one,
    // a.github.io and b.github.io do not. Hosts without a registrable domain (IP addresses,
    // localhost, bare public suffixes) stand for themselves.
    if (m_scheme != other.m_scheme)
        return false;
    return m_host == other.m_host || siteOfHost(m_host) == siteOfHost(other.m_host);
}

QString WebOrigin::site() const
{
    return isOpaque() ? QString() : m_scheme + QStringLiteral("://") + siteOfHost(m_host);
}

QString canonicalUrl(const QUrl &url)
{
    QUrl copy = url.adjusted(QUrl::RemoveUserInfo | QUrl::RemoveFragment);
    copy.setScheme(lowerCased(copy.scheme()));
    if (copy.port() == defaultPort(copy.scheme()))
        copy.setPort(-1);
    if (hasTupleOrigin(copy.scheme()) && copy.path().isEmpty())
        copy.setPath(QStringLiteral("/"));
    return copy.toString(QUrl::FullyEncoded);
}

} // namespace Cors
