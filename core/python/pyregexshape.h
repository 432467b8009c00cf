// SPDX-License-Identifier: MIT
#pragma once

#include "python/pyregexast.h"

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace Cors::Py::ReShape {

/*
 * Python's parser rewrites the pattern while parsing: flag-free non-capturing groups are
 * spliced into the enclosing item list, common leading items of alternatives move in front of
 * the alternation, and alternatives of single characters become one character set. The tree
 * (RegexNode) keeps the source shape; these helpers recover Python's shape where it matters:
 * for look-behind widths (checked on Python's lists, with its caps) and for the few character
 * sets whose case-insensitive meaning differs from their parts (astral capitals).
 */

/** How Python represents a one-character node. */
struct Unit
{
    enum class Kind : std::uint8_t { Literal, NotLiteral, In, NotIn, Other };
    Kind kind = Kind::Other;
    char32_t codePoint = 0;            ///< Literal, NotLiteral
    std::vector<RegexClassItem> items; ///< In, NotIn: deduplicated, in Python's order
};

/** The items of Python's SubPattern list for @p node, appended to @p out. */
void appendItems(const RegexNode &node, std::vector<const RegexNode *> &out);
std::vector<const RegexNode *> itemsOf(const RegexNode &node);

/** `_uniq`: first occurrences, in order. */
std::vector<RegexClassItem> uniqueItems(const std::vector<RegexClassItem> &items);

/** What Python made of an Alternation node. */
struct AlternationShape
{
    /** Items moved in front (taken from the first alternative). */
    std::vector<const RegexNode *> prefix;
    /** True when the rest became one character set (setItems), e.g. `a|b|[cd]`. */
    bool mergedIntoSet = false;
    std::vector<RegexClassItem> setItems;
    /** Otherwise the remaining items of each alternative (a BRANCH). */
    std::vector<std::vector<const RegexNode *>> branches;
};

AlternationShape alternationShape(const RegexNode &alternation);

/**
 * The unit @p node is to Python: `[a]` is a Literal, `[^a]` a NotLiteral, `\d` an In, and an
 * alternation merged into a set an In as well.
 */
Unit unitOf(const RegexNode &node);

/** Python's tuple equality of two items (only units, anchors and backreferences can be equal). */
bool sameItem(const RegexNode &a, const RegexNode &b);

/** `SubPattern.getwidth()`: (min, max) code points, capped as Python caps them. */
struct Width
{
    std::uint64_t min = 0;
    std::uint64_t max = 0;
};

class WidthCalculator
{
public:
    /** @p root is the whole pattern (to find the groups backreferences use). */
    explicit WidthCalculator(const RegexNode &root);

    /** Width of a SubPattern holding @p items. */
    Width of(const std::vector<const RegexNode *> &items);
    Width ofNode(const RegexNode &node) { return of(itemsOf(node)); }

private:
    Width groupWidth(int index);
    Width repeatedWidth(const RegexNode &repeat);

    std::vector<const RegexNode *> m_groups;
    std::unordered_map<int, Width> m_groupWidths;
};

} // namespace Cors::Py::ReShape
