// SPDX-License-Identifier: MIT
#include "browser/scenariosuite.h"

#include <QHash>

#include <algorithm>

namespace Cors {

QList<ScenarioOutcome> runScenarios(const Policy &policy, const QList<SavedScenario> &scenarios,
                                    bool withFixes, const Deployment *deployment,
                                    const std::shared_ptr<const StackFront> &front)
{
    return runScenarios(policy, scenarios, withFixes, ServerSide::of(deployment, front));
}

QList<ScenarioOutcome> runScenarios(const Policy &policy, const QList<SavedScenario> &scenarios,
                                    bool withFixes, const ServerSide &server)
{
    const CorsEngine engine(policy);
    const std::optional<DjangoStack> stack = server.stackFor(policy);
    QHash<QString, BrowserSession> sessions;
    QList<ScenarioOutcome> outcomes;
    outcomes.reserve(scenarios.size());
    for (qsizetype i = 0; i < scenarios.size(); ++i) {
        const SavedScenario &saved = scenarios.at(i);
        BrowserSession fresh;
        BrowserSession &session = saved.session.isEmpty() ? fresh : sessions[saved.session];
        session.advanceClock(qint64(saved.advanceSeconds * 1000.0));
        ScenarioOutcome outcome;
        outcome.index = int(i);
        outcome.name = saved.name;
        outcome.expectAllowed = saved.expectAllowed;
        outcome.result = session.run(engine, saved.scenario, stack ? &*stack : nullptr);
        if (withFixes)
            computeFixes(policy, saved.scenario, outcome.result, server);
        outcomes.append(outcome);
    }
    return outcomes;
}

int failureCount(const QList<ScenarioOutcome> &outcomes)
{
    return int(std::count_if(outcomes.begin(), outcomes.end(),
                             [](const ScenarioOutcome &o) { return !o.passed(); }));
}

} // namespace Cors
