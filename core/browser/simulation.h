// SPDX-License-Identifier: MIT
#pragma once

#include "browser/corserror.h"
#include "browser/policyfix.h"
#include "browser/preflightcache.h"
#include "browser/scenario.h"
#include "engines/enginefailure.h"
#include "server/corsengine.h"
#include "stack/djangostack.h"
#include "stack/serverside.h"

#include <QHash>
#include <QList>
#include <QString>

#include <algorithm>
#include <limits>
#include <memory>
#include <optional>

namespace Cors {

/** A request as it left the browser. */
struct WireRequest
{
    QString method;
    QString url;
    HttpHeaders headers;
};

struct TraceFact
{
    QString name;
    QString value;
};

/** One step of the walk-through: what the browser (or the server) did, and on which facts. */
struct TraceStep
{
    /** "origins", "preflight-needed", "preflight-cache", "preflight-request",
     *  "preflight-response", "preflight-checks", "actual-request", "actual-response",
     *  "actual-check", "script". */
    QString id;
    QString title;
    Verdict verdict = Verdict::Pass;
    QString summary;
    QList<TraceFact> facts;
    /** The request on the wire (request steps). */
    std::optional<WireRequest> request;
    /** The server's answer with the engine's explanation (response steps). */
    std::optional<EngineResponse> response;
    /** With a Django stack: the stack's answer, layer by layer (response steps). */
    std::optional<StackResponse> stack;
};

/** The outcome of one scenario, with the trace that led to it. */
struct SimulationResult
{
    /** The script got a response (fetch resolved; opaque responses count). */
    bool allowed = false;
    bool preflightSent = false;
    bool servedFromPreflightCache = false;
    /**
     * After a successful preflight: how long the engine keeps it (Access-Control-Max-Age under
     * the engine's default and cap); std::nullopt when it is not stored.
     */
    std::optional<qint64> preflightLifetimeSeconds;
    /** Every request that reached the server, in order. */
    QList<WireRequest> serverSaw;
    /** The URLs the request went through: the first, then every redirect followed. */
    QStringList urlList;

    /** What script sees: "cors", "basic", "opaque", or "error". */
    QString responseType;
    int status = 0;
    /** Lower-case, sorted names script can read through response.headers. */
    QStringList readableHeaders;

    /** The engine simulated (the scenario's). */
    BrowserEngine browser = BrowserEngine::Chromium;
    /** Chromium's CORS failure, when the block is a CORS error (whatever the engine). */
    std::optional<CorsFailure> failure;
    /** With a CORS failure: where it happened, and the engine's own account of it. */
    std::optional<FailureStage> failureStage;
    std::optional<EngineFailure> engineFailure;
    /**
     * The engine's console lines (CORS messages, renderer messages) joined by '\n', empty when
     * there are none.
     */
    QString console;
    /**
     * What script observes on failure: the engine's network error ("TypeError: Failed to
     * fetch" in Chromium), or the thrown TypeError.
     */
    QString scriptError;
    /** Firefox's reason (MDN's name) for the same failure, whatever the engine simulated. */
    QString firefoxReason;
    /** DevTools deprecation issues and other warnings (e.g. Authorization covered by `*`). */
    QStringList warnings;

    /**
     * Policy changes that make the request pass, verified by simulating again; empty with
     * fixExplanation saying why when no policy change can.
     */
    QList<PolicyFix> fixes;
    QString fixExplanation;

    QList<TraceStep> steps;
};

/**
 * A browser tab's CORS state across requests: Chromium's preflight cache and a clock that can
 * be advanced. Requests are answered by the engine (django-cors-headers under the policy).
 */
class BrowserSession
{
public:
    /**
     * Runs @p scenario. With @p stack, requests go through the whole Django stack (the
     * scenario's endpoint is then not used: the routes' views answer) and redirects are
     * followed as Chromium follows them.
     */
    SimulationResult run(const CorsEngine &engine, const Scenario &scenario,
                         const DjangoStack *stack = nullptr);
    /**
     * run() for the outcome only: the verdict, the failure and the steps with their requests
     * and responses, but the engine's answers come without their explanation and the common
     * steps without their summaries and facts. Verifying a fix needs no more.
     */
    SimulationResult runUnexplained(const CorsEngine &engine, const Scenario &scenario,
                                    const DjangoStack *stack = nullptr);

    qint64 nowMs() const { return m_nowMs; }
    /** Saturates instead of overflowing. */
    void advanceClock(qint64 ms)
    {
        if (__builtin_add_overflow(m_nowMs, ms, &m_nowMs))
            m_nowMs = ms > 0 ? std::numeric_limits<qint64>::max()
                             : std::numeric_limits<qint64>::min();
    }
    /** advanceClock() in seconds, clamped to 0..MaxClockAdvanceSeconds (NaN counts as 0). */
    void advanceClockSeconds(double seconds)
    {
        if (seconds > 0)
            advanceClock(qint64(std::min(seconds, MaxClockAdvanceSeconds) * 1000.0));
    }
    const PreflightCache &preflightCache() const { return m_cache; }
    void clearPreflightCache() { m_cache.clear(); }

private:
    qint64 m_nowMs = 0;
    PreflightCache m_cache;
};

/**
 * The policies computeFixes() builds by applying fixes to one base policy, with their engines
 * (and stacks), kept for the next blocked scenario: building an engine compiles its regexes, which
 * cost more than the verifying simulation itself. Valid for one base policy and server only.
 * Not thread-safe: one per thread. Holds at most a few hundred policies (then starts again).
 */
class FixCache
{
public:
    struct Fixed
    {
        Fixed(const Policy &fixedPolicy, const ServerSide &server);
        Policy policy;
        CorsEngine engine;
        std::optional<DjangoStack> stack;
    };
    /** @p base with @p fix applied; @p key names the fixes applied to the base so far. */
    const Fixed &fixed(const QString &key, const Policy &base, const PolicyFix &fix,
                       const ServerSide &server);

private:
    QHash<QString, std::shared_ptr<const Fixed>> m_fixed;
};

/**
 * Fills result.fixes (or fixExplanation) for a blocked result: policy changes proposed one at a
 * time and each verified by simulating the scenario again with it applied. @p cache, when given,
 * must belong to @p policy and @p deployment (or server).
 */
void computeFixes(const Policy &policy, const Scenario &scenario, SimulationResult &result,
                  const Deployment *deployment = nullptr, FixCache *cache = nullptr);
/** computeFixes() against @p server: each fix is verified through its stack and front. */
void computeFixes(const Policy &policy, const Scenario &scenario, SimulationResult &result,
                  const ServerSide &server, FixCache *cache = nullptr);

/**
 * One scenario in a fresh browser session, with fixes computed; through the Django stack of
 * @p deployment when given.
 */
SimulationResult simulate(const Policy &policy, const Scenario &scenario,
                          const Deployment *deployment = nullptr);
/** One scenario in a fresh browser session against @p server, with fixes computed. */
SimulationResult simulate(const Policy &policy, const Scenario &scenario, const ServerSide &server);

} // namespace Cors
