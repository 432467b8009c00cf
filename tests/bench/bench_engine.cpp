// SPDX-License-Identifier: MIT
// The server engine in-process: ns per request for allow-lists of growing size (the exact-origin
// cost must not grow), for growing regex lists, and for the example policy's traffic with and
// without the JSON Lines work `cors-studio respond` does around it.

#include "benchdata.h"

#include "io/policyfile.h"
#include "io/requestjson.h"
#include "server/corsengine.h"

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <benchmark/benchmark.h>

using namespace Cors;

namespace {

constexpr int RequestPool = 4096;

void runRequests(benchmark::State &state, const CorsEngine &engine,
                 const QList<HttpRequest> &requests, bool explain = false)
{
    qsizetype i = 0;
    std::int64_t allowed = 0;
    for (auto _ : state) {
        const EngineResponse response = engine.respond(requests.at(i), {}, explain);
        allowed += response.originAllowed;
        benchmark::DoNotOptimize(response.corsHeaders.size());
        if (++i == requests.size())
            i = 0;
    }
    state.counters[QStringLiteral("allowed%").toStdString()]
            = 100.0 * double(allowed) / double(std::max<std::int64_t>(1, state.iterations()));
    state.SetItemsProcessed(state.iterations());
}

void BM_ExactOrigins(benchmark::State &state)
{
    const int listed = int(state.range(0));
    const CorsEngine engine(Bench::exactOriginsPolicy(listed));
    runRequests(state, engine, Bench::exactOriginRequests(listed, RequestPool));
}
BENCHMARK(BM_ExactOrigins)->Arg(10)->Arg(1000)->Arg(100000)->Unit(benchmark::kNanosecond);

void BM_Regexes(benchmark::State &state)
{
    const int listed = int(state.range(0));
    const CorsEngine engine(Bench::regexPolicy(listed));
    runRequests(state, engine, Bench::regexRequests(listed, RequestPool));
}
BENCHMARK(BM_Regexes)->Arg(10)->Arg(1000)->Unit(benchmark::kNanosecond);

// Construction is once per policy (CLI start, every GUI edit): parse and compile every entry.
void BM_EngineConstruction(benchmark::State &state)
{
    const int listed = int(state.range(0));
    const Policy policy
            = state.range(1) ? Bench::regexPolicy(listed) : Bench::exactOriginsPolicy(listed);
    for (auto _ : state) {
        const CorsEngine engine(policy);
        benchmark::DoNotOptimize(&engine);
    }
}
BENCHMARK(BM_EngineConstruction)
        ->ArgNames({"entries", "regex"})
        ->Args({10000, 0})
        ->Args({100000, 0})
        ->Args({1000, 1})
        ->Unit(benchmark::kMillisecond);

Policy examplePolicy()
{
    PolicyFileOptions options;
    options.profile = Profile::V4;
    const PolicyFileResult loaded = loadPolicyFile(
            QStringLiteral(CORS_SOURCE_DIR "/resources/examples/example_settings.py"), options);
    if (!loaded.ok)
        qFatal("cannot load the example policy: %s", qPrintable(loaded.errorString));
    return loaded.policy;
}

void BM_ExampleTraffic(benchmark::State &state)
{
    const CorsEngine engine(examplePolicy());
    runRequests(state, engine, Bench::exampleRequests(RequestPool), state.range(0) != 0);
}
BENCHMARK(BM_ExampleTraffic)->ArgName("explain")->Arg(0)->Arg(1)->Unit(benchmark::kNanosecond);

QByteArray requestLine(const HttpRequest &request)
{
    QJsonObject headers;
    for (const HttpHeader &h : request.headers)
        headers.insert(h.name, h.value);
    QJsonObject object {{QStringLiteral("method"), request.method},
                        {QStringLiteral("path"), request.path},
                        {QStringLiteral("headers"), headers}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

// What `respond` does per line: parse the JSON request, answer it, serialise the answer.
void BM_ExampleJsonLine(benchmark::State &state)
{
    const CorsEngine engine(examplePolicy());
    QList<QByteArray> lines;
    for (const HttpRequest &r : Bench::exampleRequests(RequestPool))
        lines.append(requestLine(r));
    qsizetype i = 0;
    for (auto _ : state) {
        QString error;
        const auto parsed = parseRequestLine(lines.at(i), &error);
        const EngineResponse response = engine.respond(parsed->request, {}, false);
        const QByteArray answer = engineResponseToJson(response, parsed->id, false);
        benchmark::DoNotOptimize(answer.size());
        if (++i == lines.size())
            i = 0;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExampleJsonLine)->Unit(benchmark::kNanosecond);

// The same lines on respond's byte-level path (readRawRequestLine, respondRaw,
// appendRawAnswer), falling back to the general path where respond does.
void BM_ExampleJsonLineRaw(benchmark::State &state)
{
    const CorsEngine engine(examplePolicy());
    QList<QByteArray> lines;
    for (const HttpRequest &r : Bench::exampleRequests(RequestPool))
        lines.append(requestLine(r));
    qsizetype i = 0;
    QByteArray answer;
    RawRequestLine parsed;
    RawResponse raw;
    for (auto _ : state) {
        answer.resize(0);
        if (readRawRequestLine(lines.at(i), &parsed) && engine.respondRaw(parsed.request, &raw)) {
            appendRawAnswer(answer, raw, parsed.id);
        } else {
            QString error;
            const auto general = parseRequestLine(lines.at(i), &error);
            answer = engineResponseToJson(engine.respond(general->request, {}, false), general->id,
                                          false);
        }
        benchmark::DoNotOptimize(answer.size());
        if (++i == lines.size())
            i = 0;
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ExampleJsonLineRaw)->Unit(benchmark::kNanosecond);

} // namespace

BENCHMARK_MAIN();
