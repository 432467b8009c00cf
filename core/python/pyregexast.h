// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <cstdint>
#include <vector>

namespace Cors::Py {

/**
 * `\d \D \s \S \w \W`. What they match depends on the flags in force where they appear: with
 * re.ASCII only ASCII digits / letters / whitespace, otherwise Python's Unicode definitions
 * (\d = category Nd, \w = str.isalnum() or '_', \s = str.isspace(), which includes \x1c-\x1f).
 */
enum class RegexCategory : std::uint8_t { Digit, NotDigit, Space, NotSpace, Word, NotWord };

/** One member of a character class, in the order Python parsed it. */
struct RegexClassItem
{
    enum class Kind : std::uint8_t {
        Char,     ///< one code point (`a`, `\n`, `\x41`, `\u00e9`); first == last
        Range,    ///< `first-last`, inclusive; `[a-a]` stays a Range (Python keeps it apart)
        Category, ///< `\d`, `\w`, ... in category
    };

    Kind kind = Kind::Char;
    RegexCategory category = RegexCategory::Digit;
    char32_t first = 0;
    char32_t last = 0;

    friend bool operator==(const RegexClassItem &a, const RegexClassItem &b)
    {
        return a.kind == b.kind && a.first == b.first && a.last == b.last
                && (a.kind != Kind::Category || a.category == b.category);
    }
};

/**
 * A node of a parsed Python `re` pattern.
 *
 * The tree follows the source: every construct the user wrote is a node (a non-capturing
 * group stays a Group, `[a]` stays a CharClass), with its code point span in the pattern, so
 * tools can point at it. Python's own parse-time rewrites (merging `a|b` into a set, moving
 * common prefixes out of alternatives) are not applied; they never change what matches except
 * in corners the translator handles itself.
 *
 * Which fields are meaningful depends on kind; the others keep their defaults.
 *
 * Every node carries the re flags in force where it stands (flags): the flags passed to
 * compile(), the global inline flags, scoped flags of enclosing groups, and re.UNICODE unless
 * re.ASCII is in force. So a Literal under `(?i:...)` has PyReFlag::IgnoreCase set, a `$`
 * with PyReFlag::Multiline means "before any \n", a `\b` without PyReFlag::Unicode is ASCII.
 */
struct RegexNode
{
    enum class Kind : std::uint8_t {
        Empty,         ///< matches the empty string: an empty pattern or alternative, `(?:)`
        Sequence,      ///< children matched one after the other (two or more)
        Alternation,   ///< `a|b|c`: children tried left to right (two or more)
        Literal,       ///< codePoint
        CharClass,     ///< `[...]`, `[^...]`, or a category escape like `\d` (items, negated)
        Any,           ///< `.`: any code point but \n, or any at all under PyReFlag::DotAll
        Anchor,        ///< anchor
        Group,         ///< groupKind; children[0] is the content
        Lookaround,    ///< `(?=` `(?!` `(?<=` `(?<!` (lookBehind, negated); children[0]
        Repeat,        ///< children[0] repeated min..max times in repeatMode
        Backreference, ///< `\1`, `(?P=name)`: groupIndex (and groupName if by name)
        Conditional,   ///< `(?(group)yes|no)`: groupIndex; children[0] yes, children[1] no if given
    };

    enum class AnchorKind : std::uint8_t {
        LineStart,    ///< `^`: start of string; after any \n too under PyReFlag::Multiline
        LineEnd,      ///< `$`: end, or before a final \n; before any \n under PyReFlag::Multiline
        StringStart,  ///< `\A`
        StringEnd,    ///< `\Z`: the very end (PCRE's \z)
        WordBoundary, ///< `\b` (never matches in an empty string)
        NotWordBoundary, ///< `\B` (never matches in an empty string either)
    };

    enum class GroupKind : std::uint8_t {
        Capturing,    ///< `(...)`, `(?P<name>...)`: groupIndex >= 1, groupName may be empty
        NonCapturing, ///< `(?:...)`, or `(?flags-flags:...)` with addFlags / removeFlags
        Atomic,       ///< `(?>...)`
    };

    enum class RepeatMode : std::uint8_t {
        Greedy,     ///< `*` `+` `?` `{m,n}`
        Lazy,       ///< followed by `?`
        Possessive, ///< followed by `+` (atomic, never gives back)
    };

    /** Python's MAXREPEAT: a Repeat with max == Unbounded has no upper limit. */
    static constexpr std::uint32_t Unbounded = 4294967295u;

    Kind kind = Kind::Empty;
    AnchorKind anchor = AnchorKind::LineStart;
    GroupKind groupKind = GroupKind::Capturing;
    RepeatMode repeatMode = RepeatMode::Greedy;
    /** CharClass: `[^...]`; Lookaround: `(?!` / `(?<!`. */
    bool negated = false;
    /** Lookaround: `(?<=` / `(?<!`. */
    bool lookBehind = false;

    /** Code point offset and length of the construct in the pattern. */
    int position = 0;
    int length = 0;
    /** PyReFlag bits in force here (see above). */
    int flags = 0;

    /** Literal */
    char32_t codePoint = 0;
    /** Capturing Group, Backreference, Conditional: the group number. */
    int groupIndex = 0;
    /** Repeat bounds; max may be Unbounded. */
    std::uint32_t min = 0;
    std::uint32_t max = 0;
    /** Scoped flags of a NonCapturing Group, e.g. `(?i-s:...)`; both 0 for plain `(?:...)`. */
    int addFlags = 0;
    int removeFlags = 0;
    /** `(?P<name>...)`, `(?P=name)`, `(?(name)...)`. */
    QString groupName;
    /**
     * A Literal written `\N{NAME}`: the name. CORS Studio carries no table of Unicode names,
     * so codePoint is U+FFFD and the pattern is reported as unsupported.
     */
    QString characterName;

    /** CharClass members; a category escape outside brackets is a one-item class. */
    std::vector<RegexClassItem> items;
    std::vector<RegexNode> children;
};

} // namespace Cors::Py
