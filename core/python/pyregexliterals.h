// SPDX-License-Identifier: MIT
#pragma once

#include "python/pyregexast.h"

#include <QString>

#include <vector>

namespace Cors::Py {

/**
 * What a prefilter may assume about a pattern used with `re.match(pattern, s)`: texts that every
 * match contains, so that a subject lacking one of them cannot match, and the longest subject
 * for which that shortcut is also what the matcher itself concludes.
 *
 * The second half matters because a matcher that backtracks catastrophically does not answer
 * "no match" quickly: Python would not finish, and CORS Studio reports that (Regex::MatchLimit).
 * Skipping such a pattern because a text is missing would turn "Python never answers" into
 * "refused". So a pattern is only prefiltered on subjects short enough that its backtracking is
 * provably bounded well inside the match limit.
 */
struct RequiredTexts
{
    /** ASCII texts, case-sensitive, each in every match; empty when none can be named. */
    std::vector<QString> texts;
    /**
     * Subjects of at most this many UTF-16 units can be prefiltered; -1 when none can (the
     * pattern may backtrack without bound, or refers to groups).
     */
    qsizetype maxSubjectLength = -1;
};

/**
 * RequiredTexts of a parsed pattern (Regex::syntaxTree()) of @p patternLength code points.
 * Only the literal characters the top-level sequence matches one after the other count
 * (groups are entered, alternations, repeats, classes and anything under IGNORECASE end a
 * text), so every text is required; the backtracking bound multiplies the choices every
 * construct offers at one position, with unbounded repeats of one character counting the
 * subject's length, and gives up on anything that can loop on more.
 */
RequiredTexts requiredTexts(const RegexNode &root, int patternLength);

} // namespace Cors::Py
