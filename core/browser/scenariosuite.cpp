// SPDX-License-Identifier: MIT
#include "browser/scenariosuite.h"

#include "browser/parallelrun.h"

#include <algorithm>
#include <vector>

namespace Cors {

QList<ScenarioOutcome> runScenarios(const Policy &policy, const QList<SavedScenario> &scenarios,
                                    bool withFixes, const Deployment *deployment,
                                    const std::shared_ptr<const StackFront> &front, int jobs)
{
    return runScenarios(policy, scenarios, withFixes, ServerSide::of(deployment, front), jobs);
}

QList<ScenarioOutcome> runScenarios(const Policy &policy, const QList<SavedScenario> &scenarios,
                                    bool withFixes, const ServerSide &server, int jobs)
{
    const CorsEngine engine(policy);
    const std::optional<DjangoStack> stack = server.stackFor(policy);
    // Chains share nothing but the read-only engine and stack.
    const RunChains chains = sessionChains(
            scenarios.size(), [&](qsizetype i) { return std::optional(scenarios.at(i).session); });
    QList<ScenarioOutcome> outcomes(scenarios.size());
    // Written through a pointer taken once: QList's non-const operator[] would check for
    // sharing from every thread.
    ScenarioOutcome *const written = outcomes.data();
    std::vector<FixCache> caches(size_t(std::max(1, jobs)));
    parallelFor(qsizetype(chains.size()), jobs, [&](qsizetype chain, int worker) {
        BrowserSession session;
        for (const qsizetype i : chains[size_t(chain)]) {
            const SavedScenario &saved = scenarios.at(i);
            BrowserSession fresh;
            BrowserSession &used = saved.session.isEmpty() ? fresh : session;
            used.advanceClock(qint64(saved.advanceSeconds * 1000.0));
            ScenarioOutcome &outcome = written[i];
            outcome.index = int(i);
            outcome.name = saved.name;
            outcome.expectAllowed = saved.expectAllowed;
            outcome.result = used.run(engine, saved.scenario, stack ? &*stack : nullptr);
            if (withFixes)
                computeFixes(policy, saved.scenario, outcome.result, server,
                             &caches[size_t(worker)]);
        }
    });
    return outcomes;
}

int failureCount(const QList<ScenarioOutcome> &outcomes)
{
    return int(std::count_if(outcomes.begin(), outcomes.end(),
                             [](const ScenarioOutcome &o) { return !o.passed(); }));
}

} // namespace Cors
