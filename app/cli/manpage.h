// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace Cors::Cli {

/**
 * cors-studio(1) in man(7) markup, made from the texts `cors-studio --help` and
 * `cors-studio COMMAND --help` print, so that the two never disagree. The build writes it
 * with `cors-studio --man-page`.
 */
QString manPage();

/** @p help (a --help text: paragraphs, "Heading:" blocks of "  name  description" rows) as man(7). */
QString helpToMan(const QString &help);

} // namespace Cors::Cli
