// SPDX-License-Identifier: MIT
#pragma once

#include <QIcon>

namespace Cors::WorkspaceIcons {

/**
 * The switcher's icons, painted as vectors in the palette's text colour at paint time: sharp at
 * every scale factor, and visible on light and dark palettes alike.
 */
QIcon policy();
QIcon simulate();
QIcon live();
QIcon sidePanel();

} // namespace Cors::WorkspaceIcons
