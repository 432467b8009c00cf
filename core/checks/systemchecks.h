// SPDX-License-Identifier: MIT
#pragma once

#include "policy/policy.h"

#include <QList>
#include <QString>

#include <optional>

namespace Cors {

/** One error of django-cors-headers' system checks (all of them are Django `Error`s). */
struct CheckMessage
{
    QString id;      ///< "corsheaders.E006"
    QString message; ///< exact text, Python-style quoting included
    QString hint;    ///< empty when the check has none
    /** The setting the message is about, under the name it was read from. */
    std::optional<SettingId> setting;
    /** Index of the offending entry in that setting's sequence, or -1. */
    int entry = -1;

    friend bool operator==(const CheckMessage &, const CheckMessage &) = default;
};

struct SystemCheckResult
{
    /** The errors, in the order Django reports them. */
    QList<CheckMessage> errors;
    /**
     * Set when the check function itself raises (an allowed-origins entry that urlsplit
     * rejects): `manage.py check` then crashes with this exception and reports nothing else.
     */
    std::optional<CheckMessage> crash;

    bool hasErrors() const { return !errors.isEmpty() || crash.has_value(); }
};

/** corsheaders.checks.check_settings for the policy's profile (E001-E015). */
SystemCheckResult runSystemChecks(const Policy &policy);

/** Django's rendering of one error: "?: (corsheaders.E013) <message>" plus a HINT line. */
QString formatCheckMessage(const CheckMessage &message);

} // namespace Cors
