// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Cors {

/**
 * QString::toLower(), the same text, without the copy and the Unicode table lookups when
 * @p text is ASCII: header names, schemes and hosts, lowered many times per simulated request
 * (4% of a batch went to QString::toLower). Text already lower-case comes back shared.
 */
QString lowerCased(const QString &text);

} // namespace Cors
