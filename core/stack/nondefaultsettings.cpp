// SPDX-License-Identifier: MIT
#include "stack/nondefaultsettings.h"

namespace Cors {

QList<StackSettingValue> nonDefaultStackSettings(const StackSettings &s)
{
    const StackSettings defaults;
    QList<StackSettingValue> out;
    auto flag = [&](const char *name, bool value, bool byDefault) {
        if (value != byDefault)
            out.append({QString::fromLatin1(name), PyValue::boolean(value)});
    };
    auto text = [&](const char *name, const QString &value, const QString &byDefault) {
        if (value != byDefault)
            out.append({QString::fromLatin1(name), PyValue::str(value)});
    };
    auto optionalText = [&](const char *name, const std::optional<QString> &value) {
        if (value)
            out.append({QString::fromLatin1(name), PyValue::str(*value)});
    };
    auto list = [&](const char *name, const QStringList &value, const QStringList &byDefault,
                    bool restFramework = false) {
        if (value != byDefault)
            out.append({QString::fromLatin1(name), PyValue::strList(value), restFramework});
    };
    flag("DEBUG", s.debug, defaults.debug);
    list("ALLOWED_HOSTS", s.allowedHosts, defaults.allowedHosts);
    flag("APPEND_SLASH", s.appendSlash, defaults.appendSlash);
    flag("PREPEND_WWW", s.prependWww, defaults.prependWww);
    flag("SECURE_SSL_REDIRECT", s.secureSslRedirect, defaults.secureSslRedirect);
    text("SECURE_SSL_HOST", s.secureSslHost, defaults.secureSslHost);
    list("SECURE_REDIRECT_EXEMPT", s.secureRedirectExempt, defaults.secureRedirectExempt);
    if (s.secureProxySslHeader)
        out.append({QStringLiteral("SECURE_PROXY_SSL_HEADER"),
                    PyValue::strTuple(
                            {s.secureProxySslHeader->first, s.secureProxySslHeader->second})});
    flag("USE_X_FORWARDED_HOST", s.useXForwardedHost, defaults.useXForwardedHost);
    text("LOGIN_URL", s.loginUrl, defaults.loginUrl);
    text("CSRF_COOKIE_NAME", s.csrfCookieName, defaults.csrfCookieName);
    text("CSRF_HEADER_NAME", s.csrfHeaderName, defaults.csrfHeaderName);
    optionalText("CSRF_COOKIE_DOMAIN", s.csrfCookieDomain);
    flag("CSRF_USE_SESSIONS", s.csrfUseSessions, defaults.csrfUseSessions);
    text("SESSION_COOKIE_NAME", s.sessionCookieName, defaults.sessionCookieName);
    optionalText("SESSION_COOKIE_DOMAIN", s.sessionCookieDomain);
    list("DEFAULT_AUTHENTICATION_CLASSES", s.drfAuthenticationClasses,
         defaults.drfAuthenticationClasses, true);
    list("DEFAULT_PERMISSION_CLASSES", s.drfPermissionClasses, defaults.drfPermissionClasses, true);
    if (s.drfRendererCount != defaults.drfRendererCount)
        out.append({QStringLiteral("DEFAULT_RENDERER_COUNT"), PyValue::integer(s.drfRendererCount),
                    true});
    return out;
}

} // namespace Cors
