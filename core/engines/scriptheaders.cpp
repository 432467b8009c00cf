// SPDX-License-Identifier: MIT
#include "engines/scriptheaders.h"

namespace Cors {

bool engineSendsForbiddenHeader(BrowserEngine engine, const QString &name)
{
    return (engine == BrowserEngine::Firefox || engine == BrowserEngine::Safari)
            && name.compare(QLatin1String("User-Agent"), Qt::CaseInsensitive) == 0;
}

bool engineSafelistsClientHints(BrowserEngine engine)
{
    return engine == BrowserEngine::Chromium;
}

} // namespace Cors
