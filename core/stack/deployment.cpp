// SPDX-License-Identifier: MIT
#include "stack/deployment.h"

#include "python/pysemantics.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Deployment", text);
}

struct KindName
{
    ViewKind kind;
    const char *name;
};

constexpr KindName kindNames[] = {
        {ViewKind::Ok, "ok"},
        {ViewKind::CsrfExempt, "csrf_exempt"},
        {ViewKind::LoginRequired, "login_required"},
        {ViewKind::Error, "error"},
        {ViewKind::Drf, "drf"},
};

/** A list or tuple of str; nullopt (and a problem) for anything else. */
std::optional<QStringList> strings(const QString &name, const PyValue &value, QStringList *problems)
{
    if (value.kind() == PyValue::Kind::List || value.kind() == PyValue::Kind::Tuple) {
        QStringList result;
        bool ok = true;
        for (const PyValue &item : value.items())
            ok = ok && item.isStr() && (result.append(item.text()), true);
        if (ok)
            return result;
    }
    problems->append(tr("%1 = %2 is not a list of strings; Django's default is used instead")
                             .arg(name, Py::repr(value)));
    return std::nullopt;
}

std::optional<QString> string(const QString &name, const PyValue &value, QStringList *problems)
{
    if (value.isStr())
        return value.text();
    problems->append(tr("%1 = %2 is not a string; Django's default is used instead")
                             .arg(name, Py::repr(value)));
    return std::nullopt;
}

/** A str, or None (nullopt inside). */
std::optional<std::optional<QString>> optionalString(const QString &name, const PyValue &value,
                                                     QStringList *problems)
{
    if (value.isNone())
        return std::optional<QString>();
    if (const auto text = string(name, value, problems))
        return std::optional<QString>(*text);
    return std::nullopt;
}

const PyValue *dictItem(const PyValue &dict, const QString &key)
{
    for (const PyValue &pair : dict.items()) {
        if (pair.items().size() == 2 && pair.items().at(0).isStr()
            && pair.items().at(0).text() == key)
            return &pair.items().at(1);
    }
    return nullptr;
}

} // namespace

QString viewKindName(ViewKind kind)
{
    for (const KindName &k : kindNames) {
        if (k.kind == kind)
            return QString::fromLatin1(k.name);
    }
    return QString();
}

std::optional<ViewKind> viewKindFromName(const QString &name)
{
    for (const KindName &k : kindNames) {
        if (name == QLatin1String(k.name))
            return k.kind;
    }
    return std::nullopt;
}

Deployment startprojectDeployment()
{
    Deployment d;
    d.settings.middleware = {
            u"django.middleware.security.SecurityMiddleware"_s,
            u"django.contrib.sessions.middleware.SessionMiddleware"_s,
            u"corsheaders.middleware.CorsMiddleware"_s,
            u"django.middleware.common.CommonMiddleware"_s,
            u"django.middleware.csrf.CsrfViewMiddleware"_s,
            u"django.contrib.auth.middleware.AuthenticationMiddleware"_s,
            u"django.contrib.messages.middleware.MessageMiddleware"_s,
            u"django.middleware.clickjacking.XFrameOptionsMiddleware"_s,
    };
    d.routes.append(Route {u"api/"_s, ViewKind::Ok, std::nullopt, std::nullopt});
    return d;
}

const QStringList &stackSettingNames()
{
    static const QStringList names = {
            QStringLiteral("MIDDLEWARE"),
            QStringLiteral("DEBUG"),
            QStringLiteral("ALLOWED_HOSTS"),
            QStringLiteral("APPEND_SLASH"),
            QStringLiteral("PREPEND_WWW"),
            QStringLiteral("SECURE_SSL_REDIRECT"),
            QStringLiteral("SECURE_SSL_HOST"),
            QStringLiteral("SECURE_REDIRECT_EXEMPT"),
            QStringLiteral("SECURE_PROXY_SSL_HEADER"),
            QStringLiteral("USE_X_FORWARDED_HOST"),
            QStringLiteral("LOGIN_URL"),
            QStringLiteral("CSRF_COOKIE_NAME"),
            QStringLiteral("CSRF_HEADER_NAME"),
            QStringLiteral("CSRF_COOKIE_DOMAIN"),
            QStringLiteral("CSRF_USE_SESSIONS"),
            QStringLiteral("SESSION_COOKIE_NAME"),
            QStringLiteral("SESSION_COOKIE_DOMAIN"),
            QStringLiteral("REST_FRAMEWORK"),
    };
    return names;
}

StackSettings stackSettingsFromValues(const QHash<QString, PyValue> &values,
                                      const QHash<QString, int> &lines, QStringList *problems)
{
    StackSettings s;
    s.lines = lines;
    QStringList ignored;
    if (!problems)
        problems = &ignored;
    auto get = [&](const char *name) -> const PyValue * {
        const auto it = values.constFind(QString::fromLatin1(name));
        return it == values.cend() ? nullptr : &it.value();
    };
    auto list = [&](const char *name, QStringList &target) {
        if (const PyValue *v = get(name)) {
            if (const auto items = strings(QString::fromLatin1(name), *v, problems))
                target = *items;
        }
    };
    auto flag = [&](const char *name, bool &target) {
        if (const PyValue *v = get(name))
            target = Py::truthy(*v);
    };
    auto text = [&](const char *name, QString &target) {
        if (const PyValue *v = get(name)) {
            if (const auto t = string(QString::fromLatin1(name), *v, problems))
                target = *t;
        }
    };
    auto optionalText = [&](const char *name, std::optional<QString> &target) {
        if (const PyValue *v = get(name)) {
            if (const auto t = optionalString(QString::fromLatin1(name), *v, problems))
                target = *t;
        }
    };

    list("MIDDLEWARE", s.middleware);
    flag("DEBUG", s.debug);
    list("ALLOWED_HOSTS", s.allowedHosts);
    flag("APPEND_SLASH", s.appendSlash);
    flag("PREPEND_WWW", s.prependWww);
    flag("SECURE_SSL_REDIRECT", s.secureSslRedirect);
    if (const PyValue *v = get("SECURE_SSL_HOST")) {
        if (const auto host = optionalString(QStringLiteral("SECURE_SSL_HOST"), *v, problems))
            s.secureSslHost = host->value_or(QString());
    }
    list("SECURE_REDIRECT_EXEMPT", s.secureRedirectExempt);
    if (const PyValue *v = get("SECURE_PROXY_SSL_HEADER"); v && !v->isNone()) {
        const auto pair = strings(QStringLiteral("SECURE_PROXY_SSL_HEADER"), *v, problems);
        if (pair && pair->size() == 2)
            s.secureProxySslHeader = std::make_pair(pair->at(0), pair->at(1));
        else if (pair)
            problems->append(tr("SECURE_PROXY_SSL_HEADER must be a 2-tuple (header, value)"));
    }
    flag("USE_X_FORWARDED_HOST", s.useXForwardedHost);
    text("LOGIN_URL", s.loginUrl);
    text("CSRF_COOKIE_NAME", s.csrfCookieName);
    text("CSRF_HEADER_NAME", s.csrfHeaderName);
    optionalText("CSRF_COOKIE_DOMAIN", s.csrfCookieDomain);
    flag("CSRF_USE_SESSIONS", s.csrfUseSessions);
    text("SESSION_COOKIE_NAME", s.sessionCookieName);
    optionalText("SESSION_COOKIE_DOMAIN", s.sessionCookieDomain);

    if (const PyValue *rest = get("REST_FRAMEWORK")) {
        if (rest->kind() != PyValue::Kind::Dict) {
            problems->append(tr("REST_FRAMEWORK = %1 is not a dict; DRF's defaults are used "
                                "instead")
                                     .arg(Py::repr(*rest)));
        } else {
            if (const PyValue *v
                = dictItem(*rest, QStringLiteral("DEFAULT_AUTHENTICATION_CLASSES"))) {
                if (const auto items
                    = strings(QStringLiteral("REST_FRAMEWORK['DEFAULT_AUTHENTICATION_CLASSES']"),
                              *v, problems))
                    s.drfAuthenticationClasses = *items;
            }
            if (const PyValue *v = dictItem(*rest, QStringLiteral("DEFAULT_PERMISSION_CLASSES"))) {
                if (const auto items
                    = strings(QStringLiteral("REST_FRAMEWORK['DEFAULT_PERMISSION_CLASSES']"), *v,
                              problems))
                    s.drfPermissionClasses = *items;
            }
            if (const PyValue *v = dictItem(*rest, QStringLiteral("DEFAULT_RENDERER_CLASSES"))) {
                if (const auto items
                    = strings(QStringLiteral("REST_FRAMEWORK['DEFAULT_RENDERER_CLASSES']"), *v,
                              problems))
                    s.drfRendererCount = int(items->size());
            }
        }
    }
    return s;
}

namespace {

std::optional<QStringList> jsonStrings(const QJsonValue &value, const QString &member,
                                       QString *error)
{
    if (value.isUndefined())
        return QStringList();
    if (!value.isArray()) {
        *error = tr("\"%1\" must be an array of strings").arg(member);
        return std::nullopt;
    }
    QStringList result;
    for (const QJsonValue &item : value.toArray()) {
        if (!item.isString()) {
            *error = tr("\"%1\" must be an array of strings").arg(member);
            return std::nullopt;
        }
        result.append(item.toString());
    }
    return result;
}

} // namespace

std::optional<RoutesFile> parseRoutesJson(const QByteArray &json, QString *error)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = tr("not valid JSON at offset %1: %2")
                         .arg(parseError.offset)
                         .arg(parseError.errorString());
        return std::nullopt;
    }
    if (!document.isObject()) {
        *error = tr("the routes file must hold a JSON object with \"routes\" and \"identities\"");
        return std::nullopt;
    }
    const QJsonObject root = document.object();
    for (auto it = root.begin(); it != root.end(); ++it) {
        if (it.key() != QLatin1String("routes") && it.key() != QLatin1String("identities")) {
            *error = tr("unknown member \"%1\" (expected \"routes\" and \"identities\")")
                             .arg(it.key());
            return std::nullopt;
        }
    }
    RoutesFile file;
    const QJsonValue routes = root.value(QLatin1String("routes"));
    if (!routes.isUndefined() && !routes.isArray()) {
        *error = tr("\"routes\" must be an array");
        return std::nullopt;
    }
    const QJsonArray routeArray = routes.toArray();
    for (qsizetype i = 0; i < routeArray.size(); ++i) {
        const QString where = QStringLiteral("routes[%1]").arg(i);
        if (!routeArray.at(i).isObject()) {
            *error = tr("\"%1\" must be an object").arg(where);
            return std::nullopt;
        }
        const QJsonObject object = routeArray.at(i).toObject();
        Route route;
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString &key = it.key();
            if (key == QLatin1String("path")) {
                if (!it->isString()) {
                    *error = tr("\"%1.path\" must be a string").arg(where);
                    return std::nullopt;
                }
                route.path = it->toString();
            } else if (key == QLatin1String("view")) {
                const auto kind = viewKindFromName(it->toString());
                if (!it->isString() || !kind) {
                    *error = tr("\"%1.view\" must be one of ok, csrf_exempt, login_required, "
                                "error, drf")
                                     .arg(where);
                    return std::nullopt;
                }
                route.view = *kind;
            } else if (key == QLatin1String("authentication")) {
                const auto list
                        = jsonStrings(*it, where + QStringLiteral(".authentication"), error);
                if (!list)
                    return std::nullopt;
                for (const QString &scheme : *list) {
                    if (scheme != QLatin1String("session") && scheme != QLatin1String("token")
                        && scheme != QLatin1String("basic")) {
                        *error = tr("\"%1.authentication\" holds \"%2\"; use session, token or "
                                    "basic")
                                         .arg(where, scheme);
                        return std::nullopt;
                    }
                }
                route.authentication = *list;
            } else if (key == QLatin1String("permission")) {
                const QString permission = it->toString();
                if (permission != QLatin1String("allow_any")
                    && permission != QLatin1String("is_authenticated")) {
                    *error = tr("\"%1.permission\" must be allow_any or is_authenticated")
                                     .arg(where);
                    return std::nullopt;
                }
                route.permission = permission;
            } else {
                *error = tr("unknown member \"%1.%2\"").arg(where, key);
                return std::nullopt;
            }
        }
        if (!object.contains(QLatin1String("path"))) {
            *error = tr("\"%1\" has no \"path\"").arg(where);
            return std::nullopt;
        }
        if (route.view != ViewKind::Drf && (route.authentication || route.permission)) {
            *error = tr("\"%1\": authentication and permission apply to \"drf\" views only")
                             .arg(where);
            return std::nullopt;
        }
        file.routes.append(route);
    }
    const QJsonValue identities = root.value(QLatin1String("identities"));
    if (!identities.isUndefined()) {
        if (!identities.isObject()) {
            *error = tr("\"identities\" must be an object");
            return std::nullopt;
        }
        const QJsonObject object = identities.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString member = QStringLiteral("identities.") + it.key();
            const auto list = jsonStrings(*it, member, error);
            if (!list)
                return std::nullopt;
            if (it.key() == QLatin1String("sessions"))
                file.identities.sessions = *list;
            else if (it.key() == QLatin1String("tokens"))
                file.identities.tokens = *list;
            else if (it.key() == QLatin1String("basic"))
                file.identities.basic = *list;
            else {
                *error = tr("unknown member \"%1\" (expected sessions, tokens, basic)").arg(member);
                return std::nullopt;
            }
        }
    }
    return file;
}

} // namespace Cors
