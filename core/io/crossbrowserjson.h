// SPDX-License-Identifier: MIT
#pragma once

#include "browser/crossbrowser.h"

#include <QByteArray>
#include <QJsonValue>
#include <QString>

namespace Cors {

/**
 * {"id", "browsers": {"chromium": RESULT, "firefox": RESULT, "safari": RESULT},
 * "differences": [...]} as one compact line; RESULT is simulationResultToJson() without steps.
 */
QByteArray crossBrowserToJson(const CrossBrowserResult &result, const QJsonValue &id);

/** The engines side by side, then each engine's console, then what differs. */
QString crossBrowserToText(const CrossBrowserResult &result);

} // namespace Cors
