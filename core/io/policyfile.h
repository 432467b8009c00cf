// SPDX-License-Identifier: MIT
#pragma once

#include "python/settingsreader.h"

#include <QString>

#include <optional>

namespace Cors {

struct PolicyFileOptions
{
    /** Overrides the profile the file names (or the default 4.x). */
    std::optional<Profile> profile;
    /** For settings.py: take the `if DEBUG:` branches. */
    bool debug = false;
};

struct PolicyFileResult
{
    bool ok = false;
    Policy policy;
    /** Why the file could not be loaded, naming the file and, where known, line and column. */
    QString errorString;
    /** The import report (settings.py: what was read and skipped). */
    QList<SettingsMessage> messages;
};

/** Loads a policy from a Django settings module (by its .py extension). */
PolicyFileResult loadPolicyFile(const QString &path, const PolicyFileOptions &options = {});

/** "file:line:col: severity: text", the form compilers use, for terminals and logs. */
QString formatSettingsMessage(const QString &fileName, const SettingsMessage &message);

} // namespace Cors
