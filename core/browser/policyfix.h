// SPDX-License-Identifier: MIT
#pragma once

#include "policy/policy.h"

#include <QString>

namespace Cors {

/** A change to a policy that a simulation or a finding proposes; applicable as one edit. */
struct PolicyFix
{
    enum class Action {
        AddToList,      ///< append value to the sequence setting (starting from its default)
        RemoveFromList, ///< remove every item equal to value
        Set,            ///< set the setting to value
    };
    Action action = Action::Set;
    SettingId setting = SettingId::AllowedOrigins;
    PyValue value;
    /** "add 'http://app.test:8001' to CORS_ALLOWED_ORIGINS" */
    QString description;

    friend bool operator==(const PolicyFix &a, const PolicyFix &b)
    {
        return a.action == b.action && a.setting == b.setting && a.value == b.value;
    }
};

/**
 * The policy with @p fix applied. A list setting that is not defined starts from its default
 * (`(*default_headers, "x-custom")`); one defined under a legacy name is edited under that name.
 */
Policy applyPolicyFix(const Policy &policy, const PolicyFix &fix);

/** The fix's description with the setting name as the policy spells it. */
PolicyFix describeFix(PolicyFix fix);

} // namespace Cors
