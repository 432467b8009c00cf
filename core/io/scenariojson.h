// SPDX-License-Identifier: MIT
#pragma once

#include "browser/simulation.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace Cors {

/** One line of `cors-studio simulate --batch` input. */
struct ScenarioLine
{
    Scenario scenario;
    QJsonValue id = QJsonValue(QJsonValue::Undefined);
    /** Lines with the same session share a browser (its preflight cache); empty: a fresh one. */
    QString session;
    /** Seconds to advance the session's clock before this request. */
    double advanceSeconds = 0;
    /** The line named its "browser" (otherwise the command line's choice applies). */
    bool browserGiven = false;
};

/**
 * Reads a scenario object: origin, url, method, headers, credentials, mode, body (string or
 * null), body_kind, blob_type, cache, api ("fetch" or "xhr"), upload_listeners, cookies,
 * cookie_samesite (lax, strict, none), browser (chromium, firefox, safari),
 * endpoint_status, endpoint_headers, preflight_status, preflight_headers (the view's answer to
 * an OPTIONS the middleware does not intercept), plus id, session and advance. Unknown members and wrong
 * types are errors naming the member.
 */
std::optional<ScenarioLine> scenarioFromJson(const QJsonObject &object, QString *error);
std::optional<ScenarioLine> parseScenarioLine(const QByteArray &line, QString *error);

/** The scenario as a JSON object (the inverse of scenarioFromJson). */
QJsonObject scenarioToJson(const Scenario &scenario);

/**
 * {"id", "verdict": "allowed"|"blocked", "preflight", "server_saw", "console",
 * "readable_headers", "status", "response_type", "cors_error", "firefox_reason", "script_error",
 * "browser", "failure_stage", "engine_error": {"identifier", "parameter", "documentation"} or
 * null, "from_preflight_cache", "warnings", "fixes", "fix_explanation", "steps"}; "console" holds
 * the engine's console lines joined by '\n' as one compact line (keys in this order).
 */
QByteArray simulationResultToJson(const SimulationResult &result, const QJsonValue &id,
                                  bool withSteps = true);

/** A readable multi-line report of the trace, for terminals. */
QString simulationResultToText(const SimulationResult &result);

} // namespace Cors
