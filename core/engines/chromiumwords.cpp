// SPDX-License-Identifier: MIT
// Chromium's words: the console line of cors_error_string.cc (core/browser/corserror.cpp builds
// it) and the DevTools CorsError name.
#include "engines/enginefailure.h"

namespace Cors {

EngineFailure chromiumFailure(const FailureContext &context)
{
    EngineFailure out;
    out.engine = BrowserEngine::Chromium;
    out.identifier = corsErrorName(context.failure.error);
    out.parameter = context.failure.hint;
    out.documentation = engineErrorDocumentation(BrowserEngine::Chromium, out.identifier);
    out.console = {chromiumConsoleMessage(context.initiator, context.url, context.pageOrigin,
                                          context.failure, context.firstUrl)};
    out.scriptError = engineNetworkError(BrowserEngine::Chromium, context.initiator);
    return out;
}

} // namespace Cors
