// SPDX-License-Identifier: MIT
#pragma once

#include "policy/profile.h"
#include "stack/djangostack.h"

#include <QString>
#include <QStringList>

namespace Cors {

/**
 * Whether MIDDLEWARE[@p index] of @p settings can answer a request itself before the view
 * runs, so that its answer never passes through a CorsMiddleware placed below it (no CORS
 * headers): SecurityMiddleware with SECURE_SSL_REDIRECT (its 301 to https; without it,
 * SecurityMiddleware only adds headers), CommonMiddleware (APPEND_SLASH and PREPEND_WWW 301s,
 * ALLOWED_HOSTS 400, DISALLOWED_USER_AGENTS 403), WhiteNoise (static files), and
 * AuthenticationMiddleware, MessageMiddleware and (with CSRF_USE_SESSIONS)
 * CsrfViewMiddleware without SessionMiddleware above them (they raise: a 500). Otherwise
 * CsrfViewMiddleware is not one: its 403 is made in process_view, at the innermost point, and
 * passes back up through CorsMiddleware wherever CorsMiddleware stands. Middleware that is not
 * modelled is not assumed to answer. The reason, for the explanations, goes to @p why.
 */
bool middlewareAnswersBeforeView(const StackSettings &settings, qsizetype index,
                                 QString *why = nullptr);

/**
 * The MIDDLEWARE of @p settings as it works for CORS under @p profile, the one rule the Django export and the
 * linter share: CorsMiddleware present (added when missing) and above every middleware that
 * can answer before the view (middlewareAnswersBeforeView), moved just above the first of them
 * and no higher; corsheaders.middleware.CorsPostCsrfMiddleware dropped under 4.x (removed in
 * django-cors-headers 4.0: Django would not start); everything else in its order. Each change
 * is one sentence in @p changes (what moved and why). Unchanged input gives no changes.
 */
QStringList workingMiddleware(const StackSettings &settings, Profile profile,
                              QStringList *changes = nullptr);

} // namespace Cors
