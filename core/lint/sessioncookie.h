// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace Cors {

/**
 * Django's SESSION_COOKIE_SAMESITE as a settings module assigns it at module level (the last
 * plain assignment of a string literal, None or False wins, as Python keeps it): "Lax", "Strict"
 * or "None" as written, or "" for None / False (Django then sets no SameSite attribute).
 * nullopt when the module does not assign it that way, so Django's default ("Lax") applies.
 *
 * SESSION_COOKIE_SAMESITE is no CORS setting, so the policy does not hold it; the linter only
 * needs it to say whether credentialed cross-site requests carry the session cookie.
 */
std::optional<QString> readSessionCookieSameSite(const QByteArray &source);

} // namespace Cors
