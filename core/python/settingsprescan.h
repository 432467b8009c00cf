// SPDX-License-Identifier: MIT
#pragma once

#include <QSet>
#include <QString>

namespace Cors::Settings {

/**
 * Offsets of the statements `NAME = ...` (chains included) whose names are mentioned nowhere
 * else in the module and are not CORS-related: nothing read later can depend on them, so the
 * reader only tokenizes them. A large settings file is mostly such statements (LOGGING,
 * DATABASES, long data lists), and parsing and evaluating them would be most of the work.
 *
 * Empty when the module has non-ASCII identifiers (NFKC makes different spellings one name)
 * or cannot be tokenized (the reading pass reports that).
 */
QSet<qsizetype> unreferencedAssignments(const QString &text);

} // namespace Cors::Settings
