// SPDX-License-Identifier: MIT
#pragma once

#include "browser/scenariosuite.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Cors::Cli {

/** What `cors-studio test` reports under a scenario that did not pass: console, fixes. */
QStringList failureDetails(const ScenarioOutcome &outcome);
/** "expected allowed, got blocked". */
QString failureSummary(const ScenarioOutcome &outcome);

/**
 * The 1-based line of each scenario's `name:` in the document at @p path, in order (0 where
 * it cannot be told), for annotations that point at the scenario.
 */
QList<int> scenarioLines(const QString &path, qsizetype count);

/**
 * JUnit XML (the Jenkins/GitLab dialect: testsuites > testsuite > testcase with failure or
 * skipped): one testsuite for the document @p path, one testcase per scenario.
 */
QByteArray junitReport(const QString &path, const QString &profile,
                       const QList<ScenarioOutcome> &outcomes, double seconds);

/**
 * GitHub Actions workflow commands: an `::error` per failing scenario (file and line of the
 * scenario), then a `::notice` with the totals.
 */
QByteArray githubAnnotations(const QString &path, const QList<ScenarioOutcome> &outcomes);

} // namespace Cors::Cli
