// SPDX-License-Identifier: MIT
#include "lint/linter.h"

#include "lint/lintsupport.h"

#include <algorithm>

namespace Cors {

LintContext LintContext::fromDocument(const CorsDocument &document)
{
    LintContext context;
    context.scenarios = document.scenarios;
    context.deployment = document.deployment;
    return context;
}

QString findingSettingName(const Finding &finding)
{
    return finding.djangoSetting.isEmpty() ? settingName(finding.setting) : finding.djangoSetting;
}

QList<Finding> lintPolicy(const Policy &policy, const LintContext &context)
{
    Lint::LintRun run(policy, context);
    Lint::lintDjangoChecks(run);
    Lint::lintOrigins(run);
    Lint::lintRegexes(run);
    Lint::lintHeaders(run);
    Lint::lintPreflight(run);
    Lint::lintScope(run);
    Lint::lintStack(run);

    QList<Finding> findings = run.findings();
    // Errors first; within a severity, in the order of the settings and their entries, so the
    // list reads top to bottom like the settings file. Stable: a family's own order stays.
    std::stable_sort(findings.begin(), findings.end(), [](const Finding &a, const Finding &b) {
        if (a.severity != b.severity)
            return int(a.severity) < int(b.severity);
        if (a.setting != b.setting)
            return int(a.setting) < int(b.setting);
        return a.entry < b.entry;
    });
    return findings;
}

Policy applyFixes(const Policy &policy, const QList<PolicyFix> &fixes)
{
    Policy out = policy;
    for (const PolicyFix &fix : fixes)
        out = applyPolicyFix(out, fix);
    return out;
}

bool hasErrors(const QList<Finding> &findings)
{
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding &f) { return f.severity == Finding::Severity::Error; });
}

} // namespace Cors
