// SPDX-License-Identifier: MIT
#pragma once

#include "browser/corserror.h"

#include <QString>
#include <QStringList>

namespace Cors {

/**
 * The values one engine message quotes. The line builders below are the only place each
 * engine's sentences are written: describeFailure() fills them from a simulation, the error
 * explainer fills them with markers to read pasted text back.
 */
struct MessageFields
{
    RequestInitiator initiator = RequestInitiator::Fetch;
    QString url;
    QString firstUrl; ///< Chromium's "(redirected from ...)" when it differs from url
    QString origin;
    QString parameter; ///< header value, method, header name or token
    QString status;    ///< the response's status code as text
};

/** Firefox's reasons, by MDN's names ("CORSMissingAllowOrigin", "CORSMIssingAllowCredentials"). */
QStringList firefoxReasons();
/**
 * Firefox's console lines for @p reason (security.properties, en-US). With @p preflight, the
 * second line Firefox logs when a preflight fails: "(Reason: CORS request did not succeed).
 * Status code: (null)."
 */
QStringList firefoxConsoleLines(const QString &reason, const MessageFields &fields, bool preflight);
/** Whether the reason's message quotes a value (%2$S other than a status code). */
bool firefoxReasonQuotesValue(const QString &reason);

/** CORS Studio's names for WebKit's sentences ("OriginNotAllowed", ...). */
QStringList webkitErrors();
/** The sentence WebKit's loader reports (CrossOriginAccessControl.cpp and friends). */
QString webkitDescription(const QString &error, const MessageFields &fields);
/**
 * Safari's console lines: the description, "<API> cannot load <url> due to access control
 * checks.", and "Failed to load resource: <description>".
 */
QStringList webkitConsoleLines(const QString &error, const MessageFields &fields);

} // namespace Cors
