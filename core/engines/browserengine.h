// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace Cors {

/** The browser engine a simulation speaks for: the same CORS verdicts, its own words and limits. */
enum class BrowserEngine { Chromium, Firefox, Safari };

/** "chromium", "firefox", "safari": the names of --browser, the batch format and scenario files. */
QString browserEngineName(BrowserEngine engine);
/** "Chromium", "Firefox", "Safari (WebKit)". */
QString browserEngineTitle(BrowserEngine engine);
/** Accepts the names above in any case (and "webkit" for Safari). */
std::optional<BrowserEngine> browserEngineFromName(const QString &name);
/** Every engine, Chromium first. */
QList<BrowserEngine> allBrowserEngines();

} // namespace Cors
