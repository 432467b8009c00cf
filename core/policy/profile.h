// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace Cors {

/**
 * Which django-cors-headers release the policy is meant for.
 *
 * V4 follows the 4.x line at its newest (4.9.0 plus the stricter "bare string is not a sequence"
 * checks merged after it); V3_14 is 3.14.0, the version Debian 12 ships.
 */
enum class Profile {
    V4,
    V3_14,
};

/** "4.x" or "3.14", as the CLI and the document format spell them. */
QString profileName(Profile profile);
/** Parses "4.x" / "4" / "4.9" / "3.14"; nullopt otherwise. */
std::optional<Profile> profileFromName(const QString &name);

/** corsheaders.defaults.default_headers for the profile, in order. */
const QStringList &defaultHeaders(Profile profile);
/** corsheaders.defaults.default_methods (identical in both profiles). */
const QStringList &defaultMethods(Profile profile);

} // namespace Cors
