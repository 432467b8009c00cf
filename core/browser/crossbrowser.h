// SPDX-License-Identifier: MIT
#pragma once

#include "browser/simulation.h"

#include <QList>
#include <QStringList>

namespace Cors {

/** One request run in every engine ("all browsers"). */
struct CrossBrowserResult
{
    /** One result per engine, in allBrowserEngines() order. */
    QList<SimulationResult> results;
    /**
     * What differs between the engines: "verdict", "preflight", "server_saw",
     * "readable_headers", "status", "preflight_lifetime", "console", "script_error",
     * "error_identifier" (in that order; empty when they agree on everything).
     */
    QStringList differences;
};

/** One aspect of a cross-browser run, as the side-by-side view shows it. */
struct CrossBrowserRow
{
    /** The key used in CrossBrowserResult::differences ("verdict", "console", ...). */
    QString aspect;
    QString title;
    /** One value per engine, in the result's order. */
    QStringList values;
    bool differs = false;
};

/** The rows of the side-by-side view (and of `simulate --browser all`'s table). */
QList<CrossBrowserRow> crossBrowserRows(const CrossBrowserResult &result);

/** The aspects on which @p results (of one request in several engines) differ. */
QStringList crossBrowserDifferences(const QList<SimulationResult> &results);

/** simulate() in every engine, fixes included. */
CrossBrowserResult simulateAllBrowsers(const Policy &policy, const Scenario &scenario,
                                       const Deployment *deployment = nullptr);
/** simulate() in every engine against @p server, fixes included. */
CrossBrowserResult simulateAllBrowsers(const Policy &policy, const Scenario &scenario,
                                       const ServerSide &server);

} // namespace Cors
