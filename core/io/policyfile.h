// SPDX-License-Identifier: MIT
#pragma once

#include "io/corsdocument.h"
#include "python/settingsreader.h"
#include "stack/deployment.h"

#include <QString>

#include <optional>

namespace Cors {

struct PolicyFileOptions
{
    /** Overrides the profile the file names (or the default 4.x); for *.cors.yaml, its profile. */
    std::optional<Profile> profile;
    /** For settings.py: take the `if DEBUG:` branches. */
    bool debug = false;
};

struct PolicyFileResult
{
    bool ok = false;
    Policy policy;
    /** The whole document: for *.cors.yaml with its saved scenarios, for settings.py the policy alone. */
    CorsDocument document;
    /** Why the file could not be loaded, naming the file and, where known, line and column. */
    QString errorString;
    /** The import report (settings.py: what was read and skipped; YAML: its errors). */
    QList<SettingsMessage> messages;
    /**
     * For settings.py: the Django stack settings around CorsMiddleware the module defines (no
     * routes: urls.py is not settings).
     */
    std::optional<Deployment> deployment;
    /** Django stack settings that could not be used (only relevant with --stack). */
    QStringList deploymentProblems;
};

/**
 * Loads a policy from a Django settings module (*.py) or a CORS Studio document (*.yaml,
 * *.yml, including *.cors.yaml), chosen by the file's extension.
 */
PolicyFileResult loadPolicyFile(const QString &path, const PolicyFileOptions &options = {});

/** "file:line:col: severity: text", the form compilers use, for terminals and logs. */
QString formatSettingsMessage(const QString &fileName, const SettingsMessage &message);

} // namespace Cors
