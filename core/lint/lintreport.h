// SPDX-License-Identifier: MIT
#pragma once

#include "lint/finding.h"
#include "policy/setting.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace Cors {

/** What the renderers know about where the findings come from. */
struct LintReportOptions
{
    /** The policy file as the user named it (SARIF's artifact, the text report's prefix). */
    QString policyPath;
    /** 1-based line where each setting is assigned, when the reader knows it. */
    QHash<SettingId, int> settingLines;
    /** The tool version for SARIF (omitted when empty). */
    QString toolVersion;
};

/**
 * Compiler-style lines, "file:line: severity: SETTING[entry]: message [rule-id]", each followed
 * by the attacker origin and the fix, and a closing count.
 */
QByteArray lintReportText(const QList<Finding> &findings, const LintReportOptions &options);

/**
 * `{"findings": [{"id", "severity", "setting", "entry", "message", "fix", "attacker_origin"}]}`,
 * exactly these keys in that order (docs/linter.md); absent values are null. The
 * entry's index and the request an attacker origin was checked with are in the SARIF form.
 */
QByteArray lintReportJson(const QList<Finding> &findings);

/**
 * lintReportJson() for a settings.py with variants: each finding also has "variant", and the
 * object "variants" (the names, in order) and "chosen_variant" (the one an export uses).
 */
QByteArray lintReportJson(const QList<Finding> &findings, const QStringList &variants,
                          const QString &chosenVariant);

/** A SARIF 2.1.0 log with one run: every rule of the catalogue and one result per finding. */
QByteArray lintReportSarif(const QList<Finding> &findings, const LintReportOptions &options);

} // namespace Cors
