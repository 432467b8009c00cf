// SPDX-License-Identifier: MIT
#include "engines/browserengine.h"

namespace Cors {

QString browserEngineName(BrowserEngine engine)
{
    switch (engine) {
    case BrowserEngine::Chromium:
        return QStringLiteral("chromium");
    case BrowserEngine::Firefox:
        return QStringLiteral("firefox");
    case BrowserEngine::Safari:
        return QStringLiteral("safari");
    }
    return QString();
}

QString browserEngineTitle(BrowserEngine engine)
{
    switch (engine) {
    case BrowserEngine::Chromium:
        return QStringLiteral("Chromium");
    case BrowserEngine::Firefox:
        return QStringLiteral("Firefox");
    case BrowserEngine::Safari:
        return QStringLiteral("Safari (WebKit)");
    }
    return QString();
}

std::optional<BrowserEngine> browserEngineFromName(const QString &name)
{
    const QString lower = name.trimmed().toLower();
    if (lower == QLatin1String("chromium") || lower == QLatin1String("chrome"))
        return BrowserEngine::Chromium;
    if (lower == QLatin1String("firefox"))
        return BrowserEngine::Firefox;
    if (lower == QLatin1String("safari") || lower == QLatin1String("webkit"))
        return BrowserEngine::Safari;
    return std::nullopt;
}

QList<BrowserEngine> allBrowserEngines()
{
    return {BrowserEngine::Chromium, BrowserEngine::Firefox, BrowserEngine::Safari};
}

} // namespace Cors
