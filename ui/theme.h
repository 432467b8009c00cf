// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Cors::Theme {

/** The palettes of View › Theme. System follows the desktop (its style and palette). */
enum class Mode { System, Light, Dark };

/** "system", "light", "dark": the value kept in the settings. */
QString modeId(Mode mode);
/** System for an unknown id. */
Mode modeFromId(const QString &id);

/**
 * Applies @p mode to the whole application: System restores the style and palette the
 * application started with; Light and Dark use the Fusion style with a light or a dark
 * palette. The first call remembers the system's style and palette.
 */
void apply(Mode mode);
Mode current();

} // namespace Cors::Theme
