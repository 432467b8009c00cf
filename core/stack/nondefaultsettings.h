// SPDX-License-Identifier: MIT
#pragma once

#include "python/pyvalue.h"
#include "stack/deployment.h"

#include <QList>
#include <QString>

namespace Cors {

/** A setting of the Django stack whose value differs from Django's (or DRF's) default. */
struct StackSettingValue
{
    /** "APPEND_SLASH"; for a key of the REST_FRAMEWORK dict, the key. */
    QString name;
    /** As settings.py holds it: bool, str, list of str, SECURE_PROXY_SSL_HEADER's tuple, int. */
    PyValue value;
    /** A key of REST_FRAMEWORK rather than a setting of its own. */
    bool restFramework = false;
};

/**
 * The stack settings of @p settings that differ from the defaults, in the order settings.py
 * lists them (MIDDLEWARE, always written, is not among them). REST_FRAMEWORK's renderers are
 * DEFAULT_RENDERER_COUNT, an int: the document keeps how many, not which.
 */
QList<StackSettingValue> nonDefaultStackSettings(const StackSettings &settings);

} // namespace Cors
