// SPDX-License-Identifier: MIT
#pragma once

#include "policy/profile.h"
#include "python/pyvalue.h"

#include <QList>
#include <QString>

#include <optional>

namespace Cors {

/** Every Django setting CORS Studio models. */
enum class SettingId {
    AllowedOrigins,       ///< CORS_ALLOWED_ORIGINS
    AllowedOriginRegexes, ///< CORS_ALLOWED_ORIGIN_REGEXES
    AllowAllOrigins,      ///< CORS_ALLOW_ALL_ORIGINS
    UrlsRegex,            ///< CORS_URLS_REGEX
    AllowMethods,         ///< CORS_ALLOW_METHODS
    AllowHeaders,         ///< CORS_ALLOW_HEADERS
    ExposeHeaders,        ///< CORS_EXPOSE_HEADERS
    PreflightMaxAge,      ///< CORS_PREFLIGHT_MAX_AGE
    AllowCredentials,     ///< CORS_ALLOW_CREDENTIALS
    AllowPrivateNetwork,  ///< CORS_ALLOW_PRIVATE_NETWORK (4.x only)
    ReplaceHttpsReferer,  ///< CORS_REPLACE_HTTPS_REFERER (3.14 only; an error in 4.x)
    CsrfTrustedOrigins,   ///< Django's CSRF_TRUSTED_ORIGINS
    OriginWhitelist,      ///< legacy CORS_ORIGIN_WHITELIST
    OriginRegexWhitelist, ///< legacy CORS_ORIGIN_REGEX_WHITELIST
    OriginAllowAll,       ///< legacy CORS_ORIGIN_ALLOW_ALL
    Model,                ///< CORS_MODEL, removed in 3.0 (defining it is an error)
};

inline constexpr int SettingCount = int(SettingId::Model) + 1;

/** All settings in catalogue order (the order of the enum). */
const QList<SettingId> &allSettings();

/** "CORS_ALLOWED_ORIGINS" etc. */
QString settingName(SettingId id);
std::optional<SettingId> settingFromName(QStringView name);

/** For a current name with a legacy alias: the alias (AllowedOrigins -> OriginWhitelist). */
std::optional<SettingId> legacyAliasOf(SettingId id);
/** For a legacy alias: the current name it stands for. */
std::optional<SettingId> currentNameOf(SettingId legacy);
inline bool isLegacyAlias(SettingId id)
{
    return currentNameOf(id).has_value();
}

/**
 * Whether django-cors-headers of @p profile reads the setting at all. Legacy aliases and
 * CSRF_TRUSTED_ORIGINS exist in both; CORS_MODEL in neither (it is only checked).
 */
bool isReadBy(SettingId id, Profile profile);

/** The value django-cors-headers (or Django) uses when nothing is defined. */
std::optional<PyValue> defaultValue(SettingId id, Profile profile);

} // namespace Cors
