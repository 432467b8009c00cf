// SPDX-License-Identifier: MIT
#include "browser/crossbrowser.h"
#include "text/translation.h"

namespace Cors {

namespace {

QString tr(const char *text)
{
    return cachedTranslation("CrossBrowser", text);
}

QString lifetimeText(const SimulationResult &r)
{
    if (!r.preflightSent || r.servedFromPreflightCache)
        return r.servedFromPreflightCache ? tr("served from cache") : tr("-");
    if (!r.allowed && !r.preflightLifetimeSeconds)
        return tr("-");
    return r.preflightLifetimeSeconds ? tr("%1 s").arg(*r.preflightLifetimeSeconds)
                                      : tr("not stored");
}

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

QList<CrossBrowserRow> crossBrowserRows(const CrossBrowserResult &result)
{
    QList<CrossBrowserRow> rows;
    auto row = [&](const char *aspect, const QString &title, auto value) {
        CrossBrowserRow r;
        r.aspect = QLatin1String(aspect);
        r.title = title;
        for (const SimulationResult &s : result.results)
            r.values.append(value(s));
        r.differs = result.differences.contains(r.aspect);
        rows.append(r);
    };
    row("verdict", tr("Verdict"),
        [](const SimulationResult &r) { return r.allowed ? tr("allowed") : tr("blocked"); });
    row("preflight", tr("Preflight"), [](const SimulationResult &r) {
        return r.servedFromPreflightCache ? tr("from cache")
                                          : (r.preflightSent ? tr("sent") : tr("none"));
    });
    row("server_saw", tr("Server saw"), [](const SimulationResult &r) {
        QStringList methods;
        for (const WireRequest &w : r.serverSaw)
            methods.append(w.method);
        return methods.isEmpty() ? tr("nothing") : methods.join(QStringLiteral(", "));
    });
    row("status", tr("Status"),
        [](const SimulationResult &r) { return r.allowed ? QString::number(r.status) : tr("-"); });
    row("readable_headers", tr("Readable headers"), [](const SimulationResult &r) {
        return r.allowed ? r.readableHeaders.join(QStringLiteral(", ")) : tr("-");
    });
    row("preflight_lifetime", tr("Preflight kept"), lifetimeText);
    row("error_identifier", tr("Error"), [](const SimulationResult &r) {
        return r.engineFailure && !r.engineFailure->identifier.isEmpty()
                ? r.engineFailure->identifier
                : tr("-");
    });
    row("script_error", tr("Script gets"),
        [](const SimulationResult &r) { return r.allowed ? tr("a response") : r.scriptError; });
    row("console", tr("Console"),
        [](const SimulationResult &r) { return r.console.isEmpty() ? tr("-") : r.console; });
    return rows;
}

CrossBrowserResult simulateAllBrowsers(const Policy &policy, const Scenario &scenario,
                                       const Deployment *deployment)
{
    return simulateAllBrowsers(policy, scenario, ServerSide::of(deployment));
}

CrossBrowserResult simulateAllBrowsers(const Policy &policy, const Scenario &scenario,
                                       const ServerSide &server)
{
    CrossBrowserResult out;
    for (BrowserEngine engine : allBrowserEngines()) {
        Scenario s = scenario;
        s.browser = engine;
        out.results.append(simulate(policy, s, server));
    }
    out.differences = crossBrowserDifferences(out.results);
    return out;
}

} // namespace Cors
