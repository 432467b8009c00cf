// SPDX-License-Identifier: MIT
#include "browser/policyfix.h"

#include "python/pysemantics.h"
#include "text/translation.h"

namespace Cors {

namespace {

const FormatString &tr(const char *text)
{
    return cachedTranslation("PolicyFix", text);
}

// Where an edit of @p id lands: the name the value is read from, else the current name.
SettingId editTarget(const Policy &policy, SettingId id)
{
    return policy.effectiveSource(id).value_or(id);
}

PyValue startingSequence(const Policy &policy, SettingId id)
{
    const SettingId target = editTarget(policy, id);
    if (const PyValue *value = policy.value(target)) {
        switch (value->kind()) {
        case PyValue::Kind::List:
        case PyValue::Kind::Tuple:
            return *value;
        case PyValue::Kind::DefaultHeaders:
        case PyValue::Kind::DefaultMethods: {
            PyValue splat = *value;
            splat.setStarred(true);
            return PyValue::tuple({splat});
        }
        default:
            // A bare string or another non-sequence cannot be extended meaningfully: the fix
            // replaces it with a proper list.
            return PyValue::list();
        }
    }
    const std::optional<PyValue> fallback = defaultValue(id, policy.profile());
    if (fallback
        && (fallback->kind() == PyValue::Kind::DefaultHeaders
            || fallback->kind() == PyValue::Kind::DefaultMethods)) {
        PyValue splat = *fallback;
        splat.setStarred(true);
        return PyValue::tuple({splat});
    }
    return PyValue::list();
}

} // namespace

Policy applyPolicyFix(const Policy &policy, const PolicyFix &fix)
{
    Policy out = policy;
    const SettingId target = editTarget(policy, fix.setting);
    switch (fix.action) {
    case PolicyFix::Action::Set:
        out.setValue(target, fix.value);
        break;
    case PolicyFix::Action::AddToList: {
        PyValue list = startingSequence(policy, fix.setting);
        list.items().append(fix.value);
        out.setValue(target, list);
        break;
    }
    case PolicyFix::Action::RemoveFromList: {
        if (const PyValue *current = policy.value(target); current && current->isContainer()) {
            PyValue list = *current;
            list.items().removeAll(fix.value);
            out.setValue(target, list);
        }
        break;
    }
    }
    return out;
}

PolicyFix describeFix(PolicyFix fix)
{
    const QString name = settingName(fix.setting);
    const QString value = Py::repr(fix.value);
    switch (fix.action) {
    case PolicyFix::Action::AddToList:
        fix.description = tr("add %1 to %2").arg(value, name);
        break;
    case PolicyFix::Action::RemoveFromList:
        fix.description = tr("remove %1 from %2").arg(value, name);
        break;
    case PolicyFix::Action::Set:
        fix.description = tr("set %1 = %2").arg(name, value);
        break;
    }
    return fix;
}

} // namespace Cors
