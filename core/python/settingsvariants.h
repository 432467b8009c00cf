// SPDX-License-Identifier: MIT
#pragma once

#include "python/settingsreader.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

namespace Cors {

/**
 * One outcome of a settings module whose policy depends on what the file does not say (DEBUG,
 * an environment variable, a condition on an unread name): a whole reading of the module under
 * one assumption per SettingsDecision.
 */
struct SettingsVariant
{
    /** The outcomes assumed, joined: "DEBUG off, CORS_ORIGINS unset"; empty for a plain file. */
    QString name;
    QHash<QString, bool> assumptions;
    SettingsReadResult result;
};

struct SettingsVariants
{
    /** At least one; a file without undecidable `if` statements has exactly one, unnamed. */
    QList<SettingsVariant> variants;
    /** The variant the policy (and an export) uses unless another is asked for. */
    qsizetype chosen = 0;
    /** Why that one, in words. */
    QString chosenReason;
    /** Decisions past the handful expanded: fixed at their default, listed by name. */
    QStringList summarised;

    const SettingsVariant &chosenVariant() const { return variants.at(chosen); }
    /** The variant named @p name (case and spacing ignored), or -1. */
    qsizetype find(const QString &name) const;
    /** The names, quoted and comma separated, for messages. */
    QString names() const;
};

/**
 * At most 2^3 = 8 variants: decisions met when that many exist are fixed at their default and
 * summarised.
 */
inline constexpr int MaxVariantDecisions = 3;

/**
 * Reads @p source once, then again for each outcome of each decision a read meets (a decision
 * inside another's branch only where that branch is taken). @p options' assumptions (and
 * debug) pick the chosen variant.
 */
SettingsVariants readDjangoSettingsVariants(const QByteArray &source,
                                            const SettingsReadOptions &options = {});

/** readDjangoSettingsVariants() on a file; see readDjangoSettingsFile() for its limits. */
SettingsVariants readDjangoSettingsFileVariants(const QString &path,
                                                const SettingsReadOptions &options = {});

} // namespace Cors
