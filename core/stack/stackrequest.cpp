// SPDX-License-Identifier: MIT
#include "stack/stackrequest.h"

#include "stack/djangohttp.h"

#include <QCoreApplication>

namespace Cors {

namespace {

QString metaKey(const QString &headerName)
{
    QString key = headerName.toUpper();
    key.replace(u'-', u'_');
    if (key == QLatin1String("CONTENT_TYPE") || key == QLatin1String("CONTENT_LENGTH"))
        return key;
    return QStringLiteral("HTTP_") + key;
}

} // namespace

StackRequest::StackRequest(const HttpRequest &http, const Deployment &deployment, Profile profile)
    : m_deployment(&deployment)
    , m_profile(profile)
    , m_http(http)
{
    m_method = http.method.toUpper();
    m_pathInfo = djangoPathInfo(http.path);
    const qsizetype question = http.path.indexOf(u'?');
    if (question >= 0)
        m_query = http.path.mid(question + 1);
    // WSGI servers keep the last of repeated headers in the environ.
    for (const HttpHeader &header : http.headers)
        m_meta.insert(metaKey(header.name), header.value);
    if (const auto cookie = meta(QStringLiteral("HTTP_COOKIE")))
        m_cookies = Dj::parseCookie(*cookie);
    m_referer = meta(QStringLiteral("HTTP_REFERER"));
}

std::optional<QString> StackRequest::meta(const QString &key) const
{
    const auto it = m_meta.constFind(key);
    if (it == m_meta.cend())
        return std::nullopt;
    return it.value();
}

bool StackRequest::replaceReferer()
{
    if (m_originalReferer)
        return false;
    const auto host = meta(QStringLiteral("HTTP_HOST"));
    if (!m_referer || !host)
        return false;
    m_originalReferer = m_referer;
    m_referer = QStringLiteral("https://") + *host + u'/';
    return true;
}

bool StackRequest::restoreReferer()
{
    if (!m_originalReferer)
        return false;
    m_referer = m_originalReferer;
    m_originalReferer.reset();
    return true;
}

QString StackRequest::scheme() const
{
    if (const auto &proxy = settings().secureProxySslHeader) {
        if (auto value = meta(proxy->first)) {
            if (isDjango5()) {
                // Django 4.1+: only the first of comma-separated values counts.
                *value = value->section(u',', 0, 0).trimmed();
            }
            return *value == proxy->second ? QStringLiteral("https") : QStringLiteral("http");
        }
    }
    return m_http.secure ? QStringLiteral("https") : QStringLiteral("http");
}

QString StackRequest::rawHost() const
{
    if (settings().useXForwardedHost) {
        if (const auto forwarded = meta(QStringLiteral("HTTP_X_FORWARDED_HOST")))
            return *forwarded;
    }
    if (const auto host = meta(QStringLiteral("HTTP_HOST")))
        return *host;
    QString host = QStringLiteral("testserver");
    if (port() != (isSecure() ? QLatin1String("443") : QLatin1String("80")))
        host += u':' + port();
    return host;
}

std::optional<QString> StackRequest::host(QString *error) const
{
    const QString raw = rawHost();
    QStringList allowed = settings().allowedHosts;
    if (settings().debug && allowed.isEmpty())
        allowed = {QStringLiteral(".localhost"), QStringLiteral("127.0.0.1"),
                   QStringLiteral("[::1]")};
    const auto [domain, port] = Dj::splitDomainPort(raw);
    if (!domain.isEmpty() && Dj::validateHost(domain, allowed))
        return raw;
    if (error) {
        const QString reprHost = QStringLiteral("'%1'").arg(raw);
        if (!domain.isEmpty())
            *error = QCoreApplication::translate("StackRequest",
                                                 "Invalid HTTP_HOST header: %1. You may need to "
                                                 "add '%2' to ALLOWED_HOSTS.")
                             .arg(reprHost, domain);
        else
            *error = QCoreApplication::translate("StackRequest",
                                                 "Invalid HTTP_HOST header: %1. The domain name "
                                                 "provided is not valid according to RFC "
                                                 "1034/1035.")
                             .arg(reprHost);
    }
    return std::nullopt;
}

QString StackRequest::fullPath(bool forceAppendSlash) const
{
    QString result = Dj::escapeUriPath(m_pathInfo);
    if (forceAppendSlash && !m_pathInfo.endsWith(u'/'))
        result += u'/';
    if (!m_query.isEmpty())
        result += u'?' + Dj::iriToUri(m_query);
    return result;
}

std::optional<QString> StackRequest::sessionKey() const
{
    const auto it = m_cookies.constFind(settings().sessionCookieName);
    if (it == m_cookies.cend() || it.value().size() < 8)
        return std::nullopt;
    return it.value();
}

bool StackRequest::loadSession()
{
    sessionAccessed = true;
    if (!m_sessionLoaded) {
        m_sessionLoaded = true;
        const auto key = sessionKey();
        m_sessionFound = key && deployment().identities.sessions.contains(*key);
    }
    return m_sessionFound;
}

bool StackRequest::sessionIsEmpty() const
{
    if (!m_sessionLoaded)
        return !sessionKey().has_value();
    return !m_sessionFound;
}

bool StackRequest::userIsAuthenticated()
{
    return loadSession();
}

} // namespace Cors
