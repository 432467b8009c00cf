// SPDX-License-Identifier: MIT
// The browser simulator: one full trace (preflight, then the actual request, each answered by
// the engine, with every Chromium check and the explanation), reported as a median over
// repetitions; plus the same for a blocked request, whose fixes are each verified by
// simulating again.

#include "benchdata.h"

#include "browser/simulation.h"
#include "io/policyfile.h"
#include "io/scenariojson.h"

#include <QJsonDocument>

#include <benchmark/benchmark.h>

using namespace Cors;

namespace {

Policy examplePolicy()
{
    const PolicyFileResult loaded = loadPolicyFile(
            QStringLiteral(CORS_SOURCE_DIR "/resources/examples/example_settings.py"));
    if (!loaded.ok)
        qFatal("cannot load the example policy: %s", qPrintable(loaded.errorString));
    return loaded.policy;
}

/** A credentialed JSON PUT from the SPA: preflight + actual, allowed. */
Scenario preflightedScenario()
{
    Scenario s;
    s.pageOrigin = QStringLiteral("https://app.example.com");
    s.url = QStringLiteral("https://api.example.com/api/orders/7");
    s.method = QStringLiteral("PUT");
    s.headers.append({QStringLiteral("Content-Type"), QStringLiteral("application/json")});
    s.headers.append({QStringLiteral("X-Request-Id"), QStringLiteral("42")});
    s.credentials = CredentialsMode::Include;
    s.body = BodyKind::Text;
    s.bodyText = QStringLiteral("{\"qty\": 2}");
    return s;
}

/** The same from an origin the policy does not list: blocked, fixes proposed and verified. */
Scenario blockedScenario()
{
    Scenario s = preflightedScenario();
    s.pageOrigin = QStringLiteral("https://shop.example.com");
    s.headers.append({QStringLiteral("X-Tenant"), QStringLiteral("a")});
    return s;
}

void BM_FullTrace(benchmark::State &state)
{
    const CorsEngine engine(examplePolicy());
    const Scenario scenario = preflightedScenario();
    for (auto _ : state) {
        BrowserSession session; // a fresh tab: the preflight is not cached
        const SimulationResult result = session.run(engine, scenario);
        if (!result.preflightSent || !result.allowed)
            state.SkipWithError("the scenario should be preflighted and allowed");
        benchmark::DoNotOptimize(result.steps.size());
    }
}
BENCHMARK(BM_FullTrace)->Repetitions(15)->ReportAggregatesOnly(true)->Unit(benchmark::kMicrosecond);

// simulate(): what the GUI's simulator and `simulate` run, engine construction and fixes included.
void BM_Simulate(benchmark::State &state)
{
    const Policy policy = examplePolicy();
    const Scenario scenario = state.range(0) ? blockedScenario() : preflightedScenario();
    for (auto _ : state) {
        const SimulationResult result = simulate(policy, scenario);
        benchmark::DoNotOptimize(result.fixes.size());
    }
}
BENCHMARK(BM_Simulate)
        ->ArgName("blocked")
        ->Arg(0)
        ->Arg(1)
        ->Repetitions(15)
        ->ReportAggregatesOnly(true)
        ->Unit(benchmark::kMicrosecond);

// One `simulate --batch` line: parse, run in a fresh session, fixes, serialise with the steps.
void BM_BatchLine(benchmark::State &state)
{
    const Policy policy = examplePolicy();
    const CorsEngine engine(policy);
    const QByteArray line
            = QJsonDocument(scenarioToJson(preflightedScenario())).toJson(QJsonDocument::Compact);
    for (auto _ : state) {
        QString error;
        const auto parsed = parseScenarioLine(line, &error);
        BrowserSession session;
        SimulationResult result = session.run(engine, parsed->scenario);
        computeFixes(policy, parsed->scenario, result);
        const QByteArray out = simulationResultToJson(result, parsed->id);
        benchmark::DoNotOptimize(out.size());
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_BatchLine)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
