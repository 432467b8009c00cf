// SPDX-License-Identifier: MIT
#pragma once

#include "python/settingsreader.h"

#include <QString>

namespace Cors::Settings {

/** Reads a decoded settings module (see Py::decodeSource): the work of readDjangoSettings(). */
SettingsReadResult readModule(const QString &text, const SettingsReadOptions &options);

} // namespace Cors::Settings
