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

struct SettingsReadOptions
{
    Profile profile = Profile::V4;
    /** Take the `if DEBUG:` branches instead of the non-debug ones. */
    bool debug = false;
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
