// SPDX-License-Identifier: MIT
#pragma once

#include "stack/deployment.h"
#include "stack/layerresponse.h"
#include "stack/stackrequest.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace Cors {

struct DrfOutcome
{
    /** The APIView's response (errors included: DRF turns its exceptions into responses). */
    LayerResponse response;
    /** An exception DRF does not handle escapes to Django (a 500). */
    std::optional<Raised> raised;
    /** What decided, in order: one sentence each. */
    QStringList notes;
    /** The setting behind the decision ("REST_FRAMEWORK", "CSRF_TRUSTED_ORIGINS", ...). */
    QString setting;
};

/**
 * Django REST framework 3.14's APIView.dispatch for a route's view: authentication (session,
 * token, basic, in order), SessionAuthentication's CSRF check, permissions (AllowAny,
 * IsAuthenticated, IsAuthenticatedOrReadOnly), 401 vs 403, 405, and finalize_response's Allow
 * and Vary: Accept.
 */
DrfOutcome runDrfView(StackRequest &request, const Route &route, const QStringList &trustedOrigins);

/** The dotted path of a route's authentication scheme ("session" -> SessionAuthentication). */
QString drfAuthenticationClass(const QString &scheme);

} // namespace Cors
