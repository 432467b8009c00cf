// SPDX-License-Identifier: MIT
#include "engines/enginefailure.h"

#include <QCoreApplication>

namespace Cors {

QString failureStageName(FailureStage stage)
{
    switch (stage) {
    case FailureStage::Request:
        return QStringLiteral("request");
    case FailureStage::Redirect:
        return QStringLiteral("redirect");
    case FailureStage::Preflight:
        return QStringLiteral("preflight");
    case FailureStage::Actual:
        return QStringLiteral("actual");
    }
    return QString();
}

EngineFailure describeFailure(BrowserEngine engine, const FailureContext &context)
{
    switch (engine) {
    case BrowserEngine::Chromium:
        return chromiumFailure(context);
    case BrowserEngine::Firefox:
        return firefoxFailure(context);
    case BrowserEngine::Safari:
        return webkitFailure(context);
    }
    return chromiumFailure(context);
}

QString engineNetworkError(BrowserEngine engine, RequestInitiator initiator)
{
    if (initiator == RequestInitiator::XmlHttpRequest)
        return QCoreApplication::translate("BrowserSimulator",
                                           "XMLHttpRequest error event, status 0");
    switch (engine) {
    case BrowserEngine::Chromium:
        return QStringLiteral("TypeError: Failed to fetch");
    case BrowserEngine::Firefox:
        return QStringLiteral("TypeError: NetworkError when attempting to fetch resource.");
    case BrowserEngine::Safari:
        return QStringLiteral("TypeError: Load failed");
    }
    return QString();
}

QString firefoxReasonUrl(const QString &reason)
{
    return QStringLiteral("https://developer.mozilla.org/docs/Web/HTTP/CORS/Errors/") + reason;
}

QString engineErrorDocumentation(BrowserEngine engine, const QString &identifier)
{
    if (identifier.isEmpty())
        return QString();
    switch (engine) {
    case BrowserEngine::Chromium:
        return QStringLiteral(
                "https://chromedevtools.github.io/devtools-protocol/tot/Network/#type-CorsError");
    case BrowserEngine::Firefox:
        return firefoxReasonUrl(identifier);
    case BrowserEngine::Safari:
        return QStringLiteral("https://github.com/WebKit/WebKit/blob/main/Source/WebCore/loader/"
                              "CrossOriginAccessControl.cpp");
    }
    return QString();
}

} // namespace Cors
