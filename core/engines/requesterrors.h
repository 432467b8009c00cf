// SPDX-License-Identifier: MIT
#pragma once

#include "engines/browserengine.h"

#include <QString>

#include <optional>

namespace Cors {

/** A fetch() call the engine refuses before sending anything. */
enum class RequestTypeError {
    ForbiddenMethod,   ///< CONNECT, TRACE, TRACK
    BodyWithGetOrHead, ///< a body on a GET or HEAD request
    NoCorsMethod,      ///< a method other than GET, HEAD or POST in no-cors mode
};

/**
 * The TypeError @p engine's fetch() throws for @p error (@p method as the request normalised
 * it), where another engine's words than Chromium's are known: WebKit's, as real WebKitGTK
 * 2.50.6 threw them in browser/webkit_agreement. std::nullopt: only Chromium's words are
 * modelled (Chromium itself, and Firefox, whose agreement test leaves these scenarios out).
 */
std::optional<QString> engineRequestTypeError(BrowserEngine engine, RequestTypeError error,
                                              const QString &method);

} // namespace Cors
