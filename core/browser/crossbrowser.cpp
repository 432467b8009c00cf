// SPDX-License-Identifier: MIT
#include "browser/crossbrowser.h"

namespace Cors {

namespace {

QStringList requestsSeen(const SimulationResult &r)
{
    QStringList out;
    for (const WireRequest &w : r.serverSaw)
        out.append(w.method + u' ' + w.url);
    return out;
}

QString identifier(const SimulationResult &r)
{
    return r.engineFailure ? r.engineFailure->identifier : QString();
}

} // namespace

QStringList crossBrowserDifferences(const QList<SimulationResult> &results)
{
    QStringList out;
    if (results.size() < 2)
        return out;
    auto differs = [&](auto key) {
        for (const SimulationResult &r : results) {
            if (key(r) != key(results.first()))
                return true;
        }
        return false;
    };
    if (differs([](const SimulationResult &r) { return r.allowed; }))
        out.append(QStringLiteral("verdict"));
    if (differs([](const SimulationResult &r) { return r.preflightSent; }))
        out.append(QStringLiteral("preflight"));
    if (differs(requestsSeen))
        out.append(QStringLiteral("server_saw"));
    if (differs([](const SimulationResult &r) { return r.readableHeaders; }))
        out.append(QStringLiteral("readable_headers"));
    if (differs([](const SimulationResult &r) { return r.status; }))
        out.append(QStringLiteral("status"));
    if (differs([](const SimulationResult &r) { return r.preflightLifetimeSeconds; }))
        out.append(QStringLiteral("preflight_lifetime"));
    if (differs([](const SimulationResult &r) { return r.console; }))
        out.append(QStringLiteral("console"));
    if (differs([](const SimulationResult &r) { return r.scriptError; }))
        out.append(QStringLiteral("script_error"));
    if (differs(identifier))
        out.append(QStringLiteral("error_identifier"));
    return out;
}

CrossBrowserResult simulateAllBrowsers(const Policy &policy, const Scenario &scenario,
                                       const Deployment *deployment)
{
    CrossBrowserResult out;
    for (BrowserEngine engine : allBrowserEngines()) {
        Scenario s = scenario;
        s.browser = engine;
        out.results.append(simulate(policy, s, deployment));
    }
    out.differences = crossBrowserDifferences(out.results);
    return out;
}

} // namespace Cors
