// SPDX-License-Identifier: MIT
#pragma once

#include "lint/finding.h"

#include <QList>
#include <QString>

namespace Cors {

/** One rule of the linter's catalogue (docs/linter.md lists them with examples). */
struct LintRule
{
    QString id;
    /** The usual severity; some findings of the rule are reported lower (see the docs). */
    Finding::Severity severity = Finding::Severity::Warning;
    /** One line: what is wrong. */
    QString title;
    /** Why it matters and what to do. */
    QString help;
};

/** Every rule, in catalogue order (by setting family). */
const QList<LintRule> &lintRules();

/** The rule with @p id, or nullptr. */
const LintRule *lintRule(QStringView id);

} // namespace Cors
