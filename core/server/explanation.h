// SPDX-License-Identifier: MIT
#pragma once

#include "policy/setting.h"

#include <QList>
#include <QString>

#include <optional>

namespace Cors {

/** How one step of the middleware went. */
enum class Verdict {
    Pass,  ///< the step applied (URL enabled, origin allowed, header added)
    Fail,  ///< the step refused (origin not allowed, URL not enabled)
    Skip,  ///< the step did not apply (not an OPTIONS request, list empty)
    Error, ///< Django raised an exception here: the request ends in a server error
};

/** One sentence of the engine's explanation, tied to the setting (and entry) that decided it. */
struct ExplanationStep
{
    /** Stable key: "enabled", "referer", "preflight", "vary", "origin", "credentials",
     *  "allow-origin", "expose-headers", "allow-headers", "allow-methods", "max-age",
     *  "private-network". */
    QString topic;
    Verdict verdict = Verdict::Pass;
    QString text;
    /** The setting whose value decided, under the name it was read from (may be legacy). */
    std::optional<SettingId> setting;
    /** Index of the deciding entry within that setting's sequence, or -1. */
    int entry = -1;
};

using Explanation = QList<ExplanationStep>;

} // namespace Cors
