// SPDX-License-Identifier: MIT
#pragma once

#include "browser/scenariosuite.h"
#include "python/settingsreader.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace Cors::Cli {

/** What `cors-studio test` reports under a scenario that did not pass: console, fixes. */
QStringList failureDetails(const ScenarioOutcome &outcome);
/** "expected allowed, got blocked". */
QString failureSummary(const ScenarioOutcome &outcome);

/** "allowed" or "blocked", as the test report words a scenario's outcome. */
QString verdictName(bool allowed);

/**
 * The 1-based line of each scenario's `name:` in the document at @p path, in order (0 where
 * it cannot be told), for annotations that point at the scenario.
 */
QList<int> scenarioLines(const QString &path, qsizetype count);

/**
 * The scenarios run against one variant of the policy (a settings.py whose policy depends on
 * DEBUG or the environment has several; the name is empty when there is only one), with the
 * settings that variant could not read: the scenarios do not cover those.
 */
struct VariantRun
{
    QString variant;
    bool chosen = false;
    QList<ScenarioOutcome> outcomes;
    QList<UnreadSetting> unread;
};

/** Where the policy and the scenarios come from (the same file unless --scenarios). */
struct TestFiles
{
    QString policy;
    QString scenarios;
};

/**
 * JUnit XML (the Jenkins/GitLab dialect: testsuites > testsuite > testcase with failure,
 * error or skipped): one testsuite per variant, one testcase per scenario, and an errored
 * testcase per setting that could not be read.
 */
QByteArray junitReport(const TestFiles &files, const QString &profile,
                       const QList<VariantRun> &runs, double seconds);

/**
 * GitHub Actions workflow commands: an `::error` per failing scenario (file and line of the
 * scenario) and per unread setting (file and line of the assignment), then a `::notice` with
 * the totals.
 */
QByteArray githubAnnotations(const TestFiles &files, const QList<VariantRun> &runs);

} // namespace Cors::Cli
