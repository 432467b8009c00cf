// SPDX-License-Identifier: MIT
#include "lint/linter.h"

#include "lint/lintsupport.h"

#include <QCoreApplication>

#include <algorithm>

namespace Cors {

LintContext LintContext::fromDocument(const CorsDocument &document)
{
    LintContext context;
    context.scenarios = document.scenarios;
    context.deployment = document.deployment;
    context.unreadSettings = document.unreadSettings;
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

    QList<Finding> findings = run.takeFindings();
    for (const UnreadSetting &unread : context.unreadSettings) {
        Finding f;
        f.id = QStringLiteral("setting-unread");
        f.severity = Finding::Severity::Error;
        f.setting = unread.id;
        f.line = unread.line;
        f.message = unreadSettingText(unread);
        f.fixText = QCoreApplication::translate(
                "Linter",
                "Check this setting by hand, or write it in a form the reader reads "
                "(docs/settings-reader.md): a literal, an environment read with a default, a "
                "condition on DEBUG or an environment variable.");
        findings.append(f);
    }
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

QList<Finding> lintVariants(const QList<LintVariant> &variants, const LintContext &context)
{
    QList<QList<Finding>> each;
    for (const LintVariant &variant : variants) {
        LintContext c = context;
        c.unreadSettings = variant.unread;
        each.append(lintPolicy(variant.policy, c));
    }
    // Each distinct finding once, naming the variants it holds in.
    QList<Finding> merged;
    QList<QStringList> holdsIn;
    for (qsizetype i = 0; i < each.size(); ++i) {
        for (const Finding &f : std::as_const(each.at(i))) {
            const qsizetype at = merged.indexOf(f);
            if (at >= 0) {
                holdsIn[at].append(variants.at(i).name);
                continue;
            }
            merged.append(f);
            holdsIn.append({variants.at(i).name});
        }
    }
    for (qsizetype k = 0; k < merged.size(); ++k)
        merged[k].variant = holdsIn.at(k).size() == variants.size()
                ? QCoreApplication::translate("Linter", "every variant")
                : holdsIn.at(k).join(QStringLiteral(" | "));
    std::stable_sort(merged.begin(), merged.end(), [](const Finding &a, const Finding &b) {
        return int(a.severity) < int(b.severity);
    });
    return merged;
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
