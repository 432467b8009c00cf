// SPDX-License-Identifier: MIT
#include "engines/requesterrors.h"

namespace Cors {

std::optional<QString> engineRequestTypeError(BrowserEngine engine, RequestTypeError error,
                                              const QString &method)
{
    if (engine != BrowserEngine::Safari)
        return std::nullopt;
    switch (error) {
    case RequestTypeError::ForbiddenMethod:
        return QStringLiteral("TypeError: Method is forbidden.");
    case RequestTypeError::BodyWithGetOrHead:
        // WebKit's sentence has no full stop.
        return QStringLiteral("TypeError: Request has method '%1' and cannot have a body")
                .arg(method);
    case RequestTypeError::NoCorsMethod:
        return QStringLiteral("TypeError: Method must be GET, POST or HEAD in no-cors mode.");
    }
    return std::nullopt;
}

} // namespace Cors
