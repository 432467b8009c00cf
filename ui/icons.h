// SPDX-License-Identifier: MIT
#pragma once

#include "checks/entryvalidation.h"

#include <QColor>
#include <QIcon>

class QPalette;

namespace Cors::Icons {

/** Severity marks, painted at any size (HiDPI) in colours that suit the palette. */
QIcon severity(EntryIssue::Severity severity);
/** The origin tester's verdicts. */
QIcon admits();
QIcon refuses();
QIcon raises();
/** The marker of a value the form shows as Python. */
QIcon python();

/** A theme icon with the style's standard icon as fallback. */
QIcon themed(const char *name, int standardPixmap);

/** Text colour for a severity on @p palette (darker on light palettes, lighter on dark ones). */
QColor severityColor(EntryIssue::Severity severity, const QPalette &palette);
QColor admitColor(const QPalette &palette);
/** Whether @p palette is a dark one. */
bool isDark(const QPalette &palette);

} // namespace Cors::Icons
