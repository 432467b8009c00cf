// SPDX-License-Identifier: MIT
#pragma once

#include "policy/profile.h"
#include "policy/setting.h"
#include "python/pyvalue.h"

#include <array>
#include <optional>

namespace Cors {

/**
 * A CORS policy: the django-cors-headers settings a project defines, each either set (holding
 * exactly what was written) or left to its default, plus the target profile.
 *
 * Legacy names are stored under their own SettingId. Reading follows django-cors-headers' rule:
 * a current name that is defined wins, whatever its value (even [] or None); only an undefined
 * current name falls back to the legacy name, then to the default.
 */
class Policy
{
public:
    Policy() = default;
    explicit Policy(Profile profile)
        : m_profile(profile)
    { }

    Profile profile() const { return m_profile; }
    void setProfile(Profile profile) { m_profile = profile; }

    bool isSet(SettingId id) const { return m_values[size_t(id)].has_value(); }
    /** The value as written, or nullptr when the setting is not defined. */
    const PyValue *value(SettingId id) const;
    void setValue(SettingId id, PyValue value);
    void unset(SettingId id);

    /** The defined settings, in catalogue order. */
    QList<SettingId> definedSettings() const;
    bool usesLegacyNames() const;

    /**
     * Which defined name supplies `conf.<id>`: @p id itself, its legacy alias, or nullopt when
     * the default applies. @p id must be a current name.
     */
    std::optional<SettingId> effectiveSource(SettingId id) const;
    /** `conf.<id>` as django-cors-headers reads it, resolved for the profile. */
    PyValue effective(SettingId id) const;
    /**
     * The name Django's checks put in their messages for @p id: the current name if it is
     * defined, otherwise the legacy one.
     */
    QString checkName(SettingId id) const;

    friend bool operator==(const Policy &a, const Policy &b);
    friend bool operator!=(const Policy &a, const Policy &b) { return !(a == b); }

private:
    Profile m_profile = Profile::V4;
    std::array<std::optional<PyValue>, SettingCount> m_values;
};

} // namespace Cors
