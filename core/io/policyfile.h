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
    /** For settings.py: the variant to use (SettingsVariant::name); empty: the chosen one. */
    QString variant;
};

/** One variant of a settings.py (see settingsvariants.h), as the commands check it. */
struct PolicyVariant
{
    QString name;
    Policy policy;
    /** The CORS settings this variant could not read. */
    QList<UnreadSetting> unread;
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
    /**
     * settings.py: every variant (one, unnamed, for a file that decides everything itself;
     * a *.cors.yaml has one too), the one @ref policy is (options.variant, else the reader's
     * choice), and why the reader chose its default.
     */
    QList<PolicyVariant> variants;
    qsizetype variantIndex = 0;
    QString chosenVariantReason;
    /** Decisions past the handful expanded into variants, fixed at their default. */
    QStringList summarisedDecisions;
    /** The variant's name ("" when there is only one). */
    QString variantName() const { return variants.value(variantIndex).name; }
    /** The CORS settings the variant used could not read (also in document.unreadSettings). */
    QList<UnreadSetting> unread() const { return variants.value(variantIndex).unread; }
};

/**
 * Loads a policy from a Django settings module (*.py) or a CORS Studio document (*.yaml,
 * *.yml, including *.cors.yaml), chosen by the file's extension.
 */
PolicyFileResult loadPolicyFile(const QString &path, const PolicyFileOptions &options = {});

/** "file:line:col: severity: text", the form compilers use, for terminals and logs. */
QString formatSettingsMessage(const QString &fileName, const SettingsMessage &message);

} // namespace Cors
