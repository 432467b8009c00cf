// SPDX-License-Identifier: MIT
#pragma once

#include "policy/setting.h"

#include <QString>

#include <optional>

namespace Cors::Settings {

/** A module-level name that looks like a CORS setting django-cors-headers does not read. */
struct Lookalike
{
    /** The setting it was probably meant to be; empty when none is close. */
    QString suggestion;
};

/**
 * Whether @p name looks like a CORS setting without being one: a CORS_ name django-cors-headers
 * does not know (CORS_ALLOWED_ORIGIN, CORS_ORIGINS_WHITELIST, CORS_ALLOW_HEADER), a setting
 * name in the wrong case (Django reads upper-case settings only), or a near miss of
 * CSRF_TRUSTED_ORIGINS. django-cors-headers silently ignores all of them.
 */
std::optional<Lookalike> lookalikeSetting(const QString &name);

/** A name the reader reports about: a setting it models or a lookalike. */
bool isCorsRelatedName(const QString &name);

} // namespace Cors::Settings
