// SPDX-License-Identifier: MIT
#pragma once

#include "python/pyvalue.h"

#include <QString>

namespace Cors::Settings {

/**
 * A settings value as the import report shows it: Python's repr, with the symbolic
 * corsheaders defaults named (`(*default_headers, 'x-custom')`), cut after about
 * @p maxLength characters so that a huge list does not make a huge message.
 */
QString displayValue(const PyValue &value, int maxLength = 200);

} // namespace Cors::Settings
