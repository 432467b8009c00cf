// SPDX-License-Identifier: MIT
#include "browser/scenariosuite.h"

#include "browser/parallelrun.h"

#include <QHash>

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
    // A session's scenarios form one chain, run in order with the session's browser; every
    // other scenario is a chain of its own. Chains share nothing but read-only engine and stack.
    std::vector<std::vector<qsizetype>> chains;
    QHash<QString, qsizetype> chainOfSession;
    for (qsizetype i = 0; i < scenarios.size(); ++i) {
        const QString &session = scenarios.at(i).session;
        if (session.isEmpty()) {
            chains.push_back({i});
            continue;
        }
        const auto found = chainOfSession.constFind(session);
        if (found != chainOfSession.cend()) {
            chains[size_t(*found)].push_back(i);
        } else {
            chainOfSession.insert(session, qsizetype(chains.size()));
            chains.push_back({i});
        }
    }
    // Long chains first, so no thread is left running one alone at the end.
    std::stable_sort(chains.begin(), chains.end(),
                     [](const auto &a, const auto &b) { return a.size() > b.size(); });
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
