// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

class QWidget;

namespace Cors::SplitterState {

/**
 * Writes the state (sizes, orientation, collapsed children) of every named QSplitter in @p root
 * to the settings of @p workspace, under "splitter/<objectName>". Splitters without an
 * objectName are not kept.
 */
void save(QWidget *root, const QString &workspace);

/**
 * Gives every named QSplitter in @p root the state saved for @p workspace; a splitter with no
 * saved state (or one Qt rejects) keeps its sizes. Returns how many were restored. Sizes are
 * proportional: a layout saved in a larger window is scaled to the current one.
 */
int restore(QWidget *root, const QString &workspace);

} // namespace Cors::SplitterState
