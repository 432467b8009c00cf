// SPDX-License-Identifier: MIT
#pragma once

#include "stack/stackrequest.h"

#include <QString>
#include <QStringList>

namespace Cors {

/** How CsrfViewMiddleware (or DRF's CSRFCheck) judged a request. */
struct CsrfOutcome
{
    enum class Kind {
        Skipped,  ///< csrf_exempt view, or already checked: no decision
        Accepted, ///< safe method, or the checks passed
        Rejected, ///< 403 with reason
        Raised,   ///< Django raised (ImproperlyConfigured, ValueError): a 500
    };
    Kind kind = Kind::Skipped;
    /** The rejection reason (Django's REASON_* text) or the exception. */
    QString text;
    /** The setting that decided, for the explanation ("CSRF_TRUSTED_ORIGINS", ...). */
    QString setting;
};

/**
 * CsrfViewMiddleware.process_request for the profile's Django: reads the token (cookie or
 * session). Returns the exception text when Django raises there (CSRF_USE_SESSIONS without a
 * session), else empty. Django 5.2 schedules a fresh cookie for a malformed one (@p
 * needsNewCookie), which its process_response then sets with Vary: Cookie.
 */
QString csrfProcessRequest(StackRequest &request, bool *needsNewCookie);

/**
 * CsrfViewMiddleware.process_view (Django 3.2 or 5.2 rules): @p exempt for a @csrf_exempt view.
 * @p trustedOrigins is CSRF_TRUSTED_ORIGINS.
 */
CsrfOutcome csrfProcessView(StackRequest &request, const QStringList &trustedOrigins, bool exempt);

} // namespace Cors
