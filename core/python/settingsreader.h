// SPDX-License-Identifier: MIT
#pragma once

#include "policy/policy.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace Cors {

/**
 * Limits on what the reader takes (docs/limits.md). Real settings modules are a few kilobytes
 * with lists of tens of entries; these bound the time and memory hostile input can cost.
 */
namespace SettingsReadLimits {
/** Bytes of the file (readDjangoSettingsFile). */
inline constexpr qint64 MaxFileBytes = 4 * 1024 * 1024;
/** Items of any value the reader builds (a list, tuple, set or dict), or characters of a str. */
inline constexpr qsizetype MaxValueLength = 1'000'000;
/** Entries of one CORS setting (a list, tuple, set or dict): more make the file unreadable. */
inline constexpr qsizetype MaxSettingEntries = 100'000;
} // namespace SettingsReadLimits

/** One line of the import report. */
struct SettingsMessage
{
    enum class Severity {
        Info,    ///< a setting read, or a statement ignored because it is not about CORS
        Warning, ///< something read with a caveat, or a CORS statement skipped
        Error,   ///< the file cannot be imported (Python would raise SyntaxError)
    };
    Severity severity = Severity::Info;
    int line = 0;   ///< 1-based
    int column = 0; ///< 1-based, 0 when unknown
    QString text;
    std::optional<SettingId> setting;
};

/** A setting the reader took a value for. */
struct ReadSetting
{
    SettingId id;
    int line = 0;
    /** The value is the literal default of an environment read (os.environ.get, env(...)). */
    bool dynamic = false;
    /** The value comes from the `if DEBUG:` branch. */
    bool debugBranch = false;
};

/**
 * A CORS setting the module assigns that the reader could not read (a value it does not
 * evaluate, an assignment inside code it does not run): whatever is checked about the policy
 * does not cover it, so it is a finding of its own (see unreadSettingText()).
 */
struct UnreadSetting
{
    SettingId id;
    int line = 0;
    /** Why, in words ("os.environ[...] has no default: ..."). */
    QString reason;

    friend bool operator==(const UnreadSetting &, const UnreadSetting &) = default;
};

/** "CORS_ALLOWED_ORIGINS on line 164 could not be read: the findings do not cover it (why)". */
QString unreadSettingText(const UnreadSetting &unread);

/**
 * An `if` whose condition the reader cannot decide from the file alone: it depends on DEBUG
 * (undefined, or read from the environment), on an environment variable, or on a name the
 * reader could not read. Each outcome is a variant of the policy (see settingsvariants.h).
 */
struct SettingsDecision
{
    /** "DEBUG", "env:CORS_ORIGINS", or "if:<condition text>": what the variants assume. */
    QString key;
    /** The variant names for the two outcomes: "DEBUG on" / "DEBUG off", "X set" / "X unset". */
    QString onLabel;
    QString offLabel;
    int line = 0;
    /** The outcome this read assumed (SettingsReadOptions::assumptions, else off). */
    bool assumed = false;
};

struct SettingsReadOptions
{
    Profile profile = Profile::V4;
    /** Take the `if DEBUG:` branches instead of the non-debug ones (when DEBUG is not known). */
    bool debug = false;
    /**
     * The outcome to assume for each SettingsDecision::key; a key not listed is off (DEBUG:
     * the debug member above).
     */
    QHash<QString, bool> assumptions = {};
};

struct SettingsReadResult
{
    /** False when Python could not import the file at all (the policy is then empty). */
    bool ok = false;
    Policy policy;
    /** Everything read, skipped or warned about, in line order. */
    QList<SettingsMessage> messages;
    QList<ReadSetting> read;
    /**
     * The Django settings around CorsMiddleware (stackSettingNames(): MIDDLEWARE, APPEND_SLASH,
     * ...) the module defines with a readable value, and the lines they were read from.
     */
    QHash<QString, PyValue> djangoSettings;
    QHash<QString, int> djangoSettingLines;
    /** Those the module assigns but that could not be read: name -> why. */
    QHash<QString, QString> unreadDjangoSettings;
    /** CORS settings assigned but not read, in line order: the policy does not show them. */
    QList<UnreadSetting> unread;
    /** The undecidable `if` statements met on the way, in line order (see SettingsDecision). */
    QList<SettingsDecision> decisions;
};

/**
 * Reads the CORS-related settings of a Django settings module without executing it: module-level
 * assignments whose values are Python literals and the common idioms around them; anything else
 * is skipped with a message naming its line. Never executes code, never crashes on hostile input.
 */
SettingsReadResult readDjangoSettings(const QByteArray &source,
                                      const SettingsReadOptions &options = {});

/** readDjangoSettings() on a file; a file that cannot be read gives ok == false and a message. */
SettingsReadResult readDjangoSettingsFile(const QString &path,
                                          const SettingsReadOptions &options = {});

} // namespace Cors
