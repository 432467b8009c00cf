// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Cors {

/**
 * The three workspaces of the main window, each using the whole window: Policy (the groups, the
 * form, Problems), Simulate (the simulated browser) and Live (serve and probe over real HTTP).
 * Their order is the order of the switcher and of Ctrl+1, Ctrl+2, Ctrl+3.
 */
enum class Workspace { Policy, Simulate, Live };

inline constexpr int WorkspaceCount = 3;

/** The id kept in the settings ("policy", "simulate", "live"): never an index. */
QString workspaceId(Workspace workspace);
/** The workspace of @p id; Policy for an unknown one. */
Workspace workspaceFromId(const QString &id, bool *ok = nullptr);
/** The switcher's label ("&Policy"). */
QString workspaceTitle(Workspace workspace);
/** One sentence for the switcher's tooltip. */
QString workspaceDescription(Workspace workspace);

} // namespace Cors
