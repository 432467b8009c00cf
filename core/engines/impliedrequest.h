// SPDX-License-Identifier: MIT
#pragma once

#include "browser/scenario.h"
#include "engines/errorexplainer.h"

#include <QStringList>

#include <optional>

namespace Cors {

/**
 * The request a pasted error implies, as a scenario to run against a policy: the URL (the first
 * one, when the text names a redirect), the page's origin, method, credentials and the headers
 * the script set, in the engine that wrote the text. std::nullopt when the text names no URL.
 * What the text does not tell keeps the scenario's default (GET, same-origin credentials); an
 * origin it does not tell is left empty, so the request form asks for it.
 */
std::optional<Scenario> impliedScenario(const ErrorExplanation &explanation);

/** The `cors-studio simulate` arguments (after POLICY) that build impliedScenario(). */
QStringList impliedSimulateArguments(const ErrorExplanation &explanation);

} // namespace Cors
