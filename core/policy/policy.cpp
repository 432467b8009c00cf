// SPDX-License-Identifier: MIT
#include "policy/policy.h"

namespace Cors {

const PyValue *Policy::value(SettingId id) const
{
    const auto &slot = m_values[size_t(id)];
    return slot ? &*slot : nullptr;
}

void Policy::setValue(SettingId id, PyValue value)
{
    m_values[size_t(id)] = std::move(value);
}

void Policy::unset(SettingId id)
{
    m_values[size_t(id)].reset();
}

QList<SettingId> Policy::definedSettings() const
{
    QList<SettingId> ids;
    for (SettingId id : allSettings()) {
        if (isSet(id))
            ids.append(id);
    }
    return ids;
}

bool Policy::usesLegacyNames() const
{
    return isSet(SettingId::OriginWhitelist) || isSet(SettingId::OriginRegexWhitelist)
            || isSet(SettingId::OriginAllowAll);
}

std::optional<SettingId> Policy::effectiveSource(SettingId id) const
{
    if (isSet(id))
        return id;
    if (const auto legacy = legacyAliasOf(id); legacy && isSet(*legacy))
        return legacy;
    return std::nullopt;
}

PyValue Policy::effective(SettingId id) const
{
    if (const auto source = effectiveSource(id))
        return value(*source)->resolved(m_profile);
    return defaultValue(id, m_profile).value_or(PyValue::none()).resolved(m_profile);
}

QString Policy::checkName(SettingId id) const
{
    if (isSet(id))
        return settingName(id);
    if (const auto legacy = legacyAliasOf(id))
        return settingName(*legacy);
    return settingName(id);
}

bool operator==(const Policy &a, const Policy &b)
{
    return a.m_profile == b.m_profile && a.m_values == b.m_values;
}

} // namespace Cors
