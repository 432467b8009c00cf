// SPDX-License-Identifier: MIT
#pragma once

#include "browser/simulation.h"
#include "io/corsdocument.h"

#include <QList>

#include <memory>
#include <optional>

namespace Cors {

/** One saved scenario run against a policy. */
struct ScenarioOutcome
{
    int index = 0;
    QString name;
    std::optional<bool> expectAllowed;
    SimulationResult result;

    bool checked() const { return expectAllowed.has_value(); }
    /** Unchecked scenarios pass. */
    bool passed() const { return !expectAllowed || *expectAllowed == result.allowed; }
};

/**
 * Runs @p scenarios in order under @p policy (through the Django stack of @p deployment when
 * given, with @p front, such as nginx, in front of that stack when given): scenarios with the
 * same session share one browser (its preflight cache and clock, advanced by each one's
 * advanceSeconds first); the others get a fresh one. With @p withFixes, blocked results carry
 * their verified fixes. On up to @p jobs threads: a session's scenarios run in order on one
 * thread, and the outcomes are the same as on one thread, in the same order.
 */
QList<ScenarioOutcome> runScenarios(const Policy &policy, const QList<SavedScenario> &scenarios,
                                    bool withFixes = false, const Deployment *deployment = nullptr,
                                    const std::shared_ptr<const StackFront> &front = nullptr,
                                    int jobs = 1);
/** runScenarios() against @p server (fixes verified through its stack and front). */
QList<ScenarioOutcome> runScenarios(const Policy &policy, const QList<SavedScenario> &scenarios,
                                    bool withFixes, const ServerSide &server, int jobs = 1);

/** How many checked scenarios fail. */
int failureCount(const QList<ScenarioOutcome> &outcomes);

} // namespace Cors
