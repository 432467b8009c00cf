// SPDX-License-Identifier: MIT
#pragma once

#include "browser/simulation.h"

#include <QString>

namespace Cors {

/** Text forms of what the simulator computed, for display: nothing here decides anything. */

/** "OPTIONS /api/items/42" */
QString requestLine(const WireRequest &request);
/** "200 OK · 5 CORS headers", "500 · server error", "200 OK · no CORS headers" */
QString responseLine(const EngineResponse &response);
/** The request as it went over the wire (HTTP/1.1 form with Host). */
QString rawRequest(const WireRequest &request);
/** The response's status line and headers, as Django answered. */
QString rawResponse(const EngineResponse &response);
/** The standard reason phrase, or empty. */
QString reasonPhrase(int status);

/**
 * The detail view of one step: its summary, the raw message (request and response steps), the
 * middleware's explanation with the setting behind each line, the browser's facts, and for the
 * step that failed the console message.
 */
QString stepDetailsHtml(const TraceStep &step, const SimulationResult &result, bool failingStep);

} // namespace Cors
