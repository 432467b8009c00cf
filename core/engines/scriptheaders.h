// SPDX-License-Identifier: MIT
#pragma once

#include "engines/browserengine.h"

#include <QString>

namespace Cors {

/**
 * Whether @p engine lets a script set the header @p name although Chromium forbids it
 * (Fetch::isForbiddenRequestHeader). Firefox sends a script's User-Agent (the Fetch standard
 * took it off the forbidden list; Chromium still drops it): it is not safelisted, so the request
 * then needs a preflight. Seen in real Firefox ESR 153 by the Firefox agreement test, and in
 * real WebKitGTK 2.50.6 (fetch() and XHR's setRequestHeader) by the WebKit agreement test.
 */
bool engineSendsForbiddenHeader(BrowserEngine engine, const QString &name);

/**
 * Whether @p engine adds Chromium's safelisted client hints (DPR, Viewport-Width, Save-Data,
 * Device-Memory, Downlink, Width, RTT, ECT, Intervention) to the CORS-safelisted request headers.
 * Only Chromium: real Firefox ESR 153 preflights DPR, Viewport-Width and Save-Data (Firefox
 * agreement test); WebKit implements no client hints (its isCrossOriginSafeRequestHeader was
 * not read: documentation-level).
 */
bool engineSafelistsClientHints(BrowserEngine engine);

} // namespace Cors
