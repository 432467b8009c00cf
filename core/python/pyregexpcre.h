// SPDX-License-Identifier: MIT
#pragma once

#include "python/pyregexast.h"
#include "python/pyregexcharset.h"

#include <QString>

#include <vector>

namespace Cors::Py {

/**
 * What one character position of a Python pattern matches: exactly the code points in
 * codePoints, plus those of unicodeCategories (\d \D \w \W in Python's Unicode meaning, which
 * PCRE2 shares under UCP), the whole complemented when negated. Case-insensitivity is already
 * applied the way sre applies it.
 */
struct ReCharSet
{
    CodePointSet codePoints;
    std::vector<RegexCategory> unicodeCategories;
    bool negated = false;
};

/** A Literal under @p flags (PyReFlag bits). */
ReCharSet literalCharSet(char32_t cp, int flags);
/** A character class (items as parsed) under @p flags. */
ReCharSet classCharSet(const std::vector<RegexClassItem> &items, bool negated, int flags);
/** What a one-character node (Literal, CharClass, merged Alternation) matches. */
ReCharSet charSetOf(const RegexNode &node);

struct PcreTranslation
{
    /** For QRegularExpression with UseUnicodePropertiesOption, anchored at offset 0. */
    QString pattern;
    /** Why the pattern cannot be run faithfully, or empty. */
    QString unsupportedReason;
    int unsupportedPosition = -1;
};

/**
 * Writes a parsed Python pattern as an equivalent PCRE2 pattern. Nothing in the output depends
 * on PCRE2 options other than UCP and UTF: anchors, `.`, case-insensitivity and Python's \s are
 * spelled out, so newline conventions and PCRE2's case folding never come into play.
 */
PcreTranslation translateToPcre(const RegexNode &root);

} // namespace Cors::Py
