// SPDX-License-Identifier: MIT
#include "policy/setting.h"

#include <array>

namespace Cors {

namespace {

struct Entry
{
    SettingId id;
    const char *name;
};

constexpr std::array<Entry, SettingCount> catalogue = {{
        {SettingId::AllowedOrigins, "CORS_ALLOWED_ORIGINS"},
        {SettingId::AllowedOriginRegexes, "CORS_ALLOWED_ORIGIN_REGEXES"},
        {SettingId::AllowAllOrigins, "CORS_ALLOW_ALL_ORIGINS"},
        {SettingId::UrlsRegex, "CORS_URLS_REGEX"},
        {SettingId::AllowMethods, "CORS_ALLOW_METHODS"},
        {SettingId::AllowHeaders, "CORS_ALLOW_HEADERS"},
        {SettingId::ExposeHeaders, "CORS_EXPOSE_HEADERS"},
        {SettingId::PreflightMaxAge, "CORS_PREFLIGHT_MAX_AGE"},
        {SettingId::AllowCredentials, "CORS_ALLOW_CREDENTIALS"},
        {SettingId::AllowPrivateNetwork, "CORS_ALLOW_PRIVATE_NETWORK"},
        {SettingId::ReplaceHttpsReferer, "CORS_REPLACE_HTTPS_REFERER"},
        {SettingId::CsrfTrustedOrigins, "CSRF_TRUSTED_ORIGINS"},
        {SettingId::OriginWhitelist, "CORS_ORIGIN_WHITELIST"},
        {SettingId::OriginRegexWhitelist, "CORS_ORIGIN_REGEX_WHITELIST"},
        {SettingId::OriginAllowAll, "CORS_ORIGIN_ALLOW_ALL"},
        {SettingId::Model, "CORS_MODEL"},
}};

} // namespace

const QList<SettingId> &allSettings()
{
    static const QList<SettingId> all = [] {
        QList<SettingId> ids;
        for (const Entry &e : catalogue)
            ids.append(e.id);
        return ids;
    }();
    return all;
}

QString settingName(SettingId id)
{
    // Converted once: the engine's explanation names a setting in most answers, and a copy of
    // a shared string costs a reference count, not a conversion and an allocation.
    static const std::array<QString, SettingCount> names = [] {
        std::array<QString, SettingCount> all;
        for (size_t i = 0; i < all.size(); ++i)
            all[i] = QString::fromLatin1(catalogue[i].name);
        return all;
    }();
    return names[size_t(id)];
}

std::optional<SettingId> settingFromName(QStringView name)
{
    for (const Entry &e : catalogue) {
        if (name == QLatin1StringView(e.name))
            return e.id;
    }
    return std::nullopt;
}

std::optional<SettingId> legacyAliasOf(SettingId id)
{
    switch (id) {
    case SettingId::AllowedOrigins:
        return SettingId::OriginWhitelist;
    case SettingId::AllowedOriginRegexes:
        return SettingId::OriginRegexWhitelist;
    case SettingId::AllowAllOrigins:
        return SettingId::OriginAllowAll;
    default:
        return std::nullopt;
    }
}

std::optional<SettingId> currentNameOf(SettingId legacy)
{
    switch (legacy) {
    case SettingId::OriginWhitelist:
        return SettingId::AllowedOrigins;
    case SettingId::OriginRegexWhitelist:
        return SettingId::AllowedOriginRegexes;
    case SettingId::OriginAllowAll:
        return SettingId::AllowAllOrigins;
    default:
        return std::nullopt;
    }
}

bool isReadBy(SettingId id, Profile profile)
{
    switch (id) {
    case SettingId::AllowPrivateNetwork:
        return profile == Profile::V4;
    case SettingId::ReplaceHttpsReferer:
        return profile == Profile::V3_14;
    case SettingId::Model:
        return false;
    default:
        return true;
    }
}

std::optional<PyValue> defaultValue(SettingId id, Profile profile)
{
    switch (id) {
    case SettingId::AllowedOrigins:
    case SettingId::AllowedOriginRegexes:
    case SettingId::ExposeHeaders:
    case SettingId::OriginWhitelist:
    case SettingId::OriginRegexWhitelist:
        return PyValue::tuple();
    case SettingId::AllowAllOrigins:
    case SettingId::OriginAllowAll:
    case SettingId::AllowCredentials:
        return PyValue::boolean(false);
    case SettingId::UrlsRegex:
        return PyValue::str(QStringLiteral("^.*$"));
    case SettingId::AllowMethods:
        return PyValue::defaultMethods();
    case SettingId::AllowHeaders:
        return PyValue::defaultHeaders();
    case SettingId::PreflightMaxAge:
        return PyValue::integer(86400);
    case SettingId::AllowPrivateNetwork:
        if (profile != Profile::V4)
            return std::nullopt;
        return PyValue::boolean(false);
    case SettingId::ReplaceHttpsReferer:
        if (profile != Profile::V3_14)
            return std::nullopt;
        return PyValue::boolean(false);
    case SettingId::CsrfTrustedOrigins:
        return PyValue::list();
    case SettingId::Model:
        return std::nullopt;
    }
    return std::nullopt;
}

} // namespace Cors
