// SPDX-License-Identifier: MIT
#pragma once

#include "lint/finding.h"
#include "lint/lintrules.h"
#include "policy/policy.h"

#include <QList>

namespace Cors {

/**
 * The security linter: every finding about @p policy, errors first, then by setting and entry.
 *
 * Includes django-cors-headers' own system checks (ids "corsheaders.E0xx") and the per-entry
 * validation of the editor, so one call gives the whole Problems list. Deterministic: the same
 * policy and context always give the same findings in the same order.
 */
QList<Finding> lintPolicy(const Policy &policy, const LintContext &context = {});

/**
 * lintPolicy() on every variant (with its unread settings), merged: a finding every variant
 * has is reported once with Finding::variant "every variant", the others once with the names
 * of the variants they hold in ("DEBUG on, X set | DEBUG on, X unset"). Errors first, then in
 * the variants' order.
 */
QList<Finding> lintVariants(const QList<LintVariant> &variants, const LintContext &context);

/** @p policy with all of @p fixes applied, in order: what the editor pushes as one undo step. */
Policy applyFixes(const Policy &policy, const QList<PolicyFix> &fixes);

/** Whether any finding is an error (the CLI then exits 1). */
bool hasErrors(const QList<Finding> &findings);

} // namespace Cors
