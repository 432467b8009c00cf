// SPDX-License-Identifier: MIT
#pragma once

#include "stack/djangostack.h"

#include <QByteArray>
#include <QJsonValue>

namespace Cors {

/**
 * One answer of `respond --stack`: {"status", "decided_by", "short_circuit", "headers"} with
 * the headers that matter for CORS (Access-Control-*, Vary, Location, and Content-Length on a
 * preflight CorsMiddleware answered), "error" for an exception, and "explanation" (one entry
 * per step of each layer) when @p explain.
 */
QByteArray stackResponseToJson(const StackResponse &response, const QJsonValue &id, bool explain);

} // namespace Cors
