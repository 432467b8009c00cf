// SPDX-License-Identifier: MIT
#include "python/pyregexpcre.h"

#include "python/pyregexshape.h"
#include "python/pyregexunicode.h"
#include "python/pyvalue.h"

#include <algorithm>

namespace Cors::Py {

namespace {

using Kind = RegexNode::Kind;

// PCRE2's largest repeat count.
constexpr std::uint32_t PcreMaxRepeat = 65535;
constexpr char32_t BmpEnd = 0x10000;

const CodePointSet &surrogates()
{
    static const CodePointSet set = CodePointSet::range(0xD800, 0xDFFF);
    return set;
}

CodePointSet asciiSet(RegexCategory category)
{
    CodePointSet set;
    switch (category) {
    case RegexCategory::Digit:
    case RegexCategory::NotDigit:
        set = CodePointSet::range(U'0', U'9');
        break;
    case RegexCategory::Space:
    case RegexCategory::NotSpace:
        set = CodePointSet::fromRanges({{U'\t', U'\r'}, {U' ', U' '}});
        break;
    case RegexCategory::Word:
    case RegexCategory::NotWord:
        set = CodePointSet::fromRanges({{U'0', U'9'}, {U'A', U'Z'}, {U'_', U'_'}, {U'a', U'z'}});
        break;
    }
    const bool negative = category == RegexCategory::NotDigit || category == RegexCategory::NotSpace
            || category == RegexCategory::NotWord;
    return negative ? set.complemented() : set;
}

/** Adds a category to @p out: as code points where PCRE2's UCP classes differ from Python. */
void addCategory(ReCharSet &out, RegexCategory category, bool unicode)
{
    if (!unicode) {
        out.codePoints.add(asciiSet(category));
    } else if (category == RegexCategory::Space) {
        out.codePoints.add(ReUnicode::spaceSet());
    } else if (category == RegexCategory::NotSpace) {
        out.codePoints.add(ReUnicode::spaceSet().complemented());
    } else if (std::find(out.unicodeCategories.begin(), out.unicodeCategories.end(), category)
               == out.unicodeCategories.end()) {
        out.unicodeCategories.push_back(category);
    }
}

bool isAsciiCased(char32_t cp)
{
    return (cp >= U'a' && cp <= U'z') || (cp >= U'A' && cp <= U'Z');
}

const CodePointSet &asciiLetters()
{
    static const CodePointSet set = CodePointSet::fromRanges({{U'A', U'Z'}, {U'a', U'z'}});
    return set;
}

void appendHex(QString &out, char32_t cp)
{
    out += QStringLiteral("\\x{") + QString::number(uint(cp), 16) + u'}';
}

void appendChar(QString &out, char32_t cp)
{
    if ((cp >= U'0' && cp <= U'9') || isAsciiCased(cp)) {
        out += QChar(char16_t(cp));
    } else if (cp > 0x20 && cp < 0x7f) {
        out += u'\\';
        out += QChar(char16_t(cp));
    } else {
        appendHex(out, cp);
    }
}

void appendRanges(QString &out, const CodePointSet &set)
{
    for (const CodePointRange &r : set.ranges()) {
        appendChar(out, r.first);
        if (r.last == r.first)
            continue;
        if (r.last > r.first + 1)
            out += u'-';
        appendChar(out, r.last);
    }
}

QString pcreCharSet(const ReCharSet &set)
{
    // A valid UTF-16 subject never holds a lone surrogate, and PCRE2 rejects them in patterns.
    const CodePointSet codePoints = set.codePoints.subtracted(surrogates());
    QString escapes;
    for (const RegexCategory category : set.unicodeCategories) {
        switch (category) {
        case RegexCategory::Digit:
            escapes += QStringLiteral("\\d");
            break;
        case RegexCategory::NotDigit:
            escapes += QStringLiteral("\\D");
            break;
        case RegexCategory::Word:
            escapes += QStringLiteral("\\w");
            break;
        case RegexCategory::NotWord:
            escapes += QStringLiteral("\\W");
            break;
        default:
            break;
        }
    }
    QString out;
    if (escapes.isEmpty()) {
        if (codePoints.isEmpty())
            return set.negated ? QStringLiteral("(?s:.)") : QStringLiteral("(?!)");
        if (!set.negated && codePoints.size() == 1) {
            appendChar(out, codePoints.ranges().front().first);
            return out;
        }
    } else if (!set.negated && codePoints.isEmpty() && set.unicodeCategories.size() == 1) {
        return escapes;
    }
    out += set.negated ? QStringLiteral("[^") : QStringLiteral("[");
    appendRanges(out, codePoints);
    out += escapes;
    out += u']';
    return out;
}

/** re._compiler._optimize_charset followed by sre's IN / IN_IGNORE / IN_UNI_IGNORE test. */
ReCharSet ignoreCaseClass(const std::vector<RegexClassItem> &items, bool negated, bool unicode)
{
    const auto fold = [unicode](char32_t cp) {
        return unicode ? ReUnicode::lower(cp) : ReUnicode::asciiLower(cp);
    };
    const auto isCased = [unicode](char32_t cp) {
        return unicode ? ReUnicode::isCased(cp) : isAsciiCased(cp);
    };
    ReCharSet out;
    out.negated = negated;
    CodePointSet charmap;      // the lowered BMP members
    CodePointSet tailLiterals; // astral literals, compared with the lowered subject as they are
    CodePointSet tailRanges;   // ranges reaching past the BMP (RANGE_UNI_IGNORE)
    bool hasCased = false;
    for (const RegexClassItem &item : items) {
        switch (item.kind) {
        case RegexClassItem::Kind::Char: {
            const char32_t lowered = fold(item.first);
            if (lowered < BmpEnd) {
                charmap.add(unicode ? ReUnicode::withExtraCases(CodePointSet::single(lowered))
                                    : CodePointSet::single(lowered));
                hasCased = hasCased || isCased(item.first);
            } else {
                tailLiterals.add(item.first);
                hasCased = true;
            }
            break;
        }
        case RegexClassItem::Kind::Range: {
            const CodePointSet bmpPart
                    = CodePointSet::range(item.first, std::min<char32_t>(item.last, BmpEnd - 1));
            charmap.add(unicode ? ReUnicode::withExtraCases(ReUnicode::lowerImage(bmpPart))
                                : ReUnicode::asciiLowerImage(bmpPart));
            if (item.last >= BmpEnd) {
                tailRanges.addRange(item.first, item.last);
                hasCased = true;
            } else if (!hasCased) {
                const CodePointSet range = CodePointSet::range(item.first, item.last);
                hasCased = unicode ? !range.intersected(ReUnicode::casedSet()).isEmpty()
                                   : !range.intersected(asciiLetters()).isEmpty();
            }
            break;
        }
        case RegexClassItem::Kind::Category:
            addCategory(out, item.category, unicode);
            break;
        }
    }
    if (!hasCased) {
        out.codePoints.add(charmap);
        out.codePoints.add(tailLiterals);
        return out;
    }
    const auto foldPreimage = [unicode](const CodePointSet &set) {
        return unicode ? ReUnicode::lowerPreimage(set) : ReUnicode::asciiLowerPreimage(set);
    };
    out.codePoints.add(foldPreimage(charmap.united(tailLiterals).united(tailRanges)));
    if (!tailRanges.isEmpty())
        out.codePoints.add(foldPreimage(ReUnicode::upperPreimage(tailRanges)));
    return out;
}

/** Formats a PCRE2 quantifier, or returns false if PCRE2 cannot count that far. */
bool appendQuantifier(QString &out, const RegexNode &repeat)
{
    const std::uint32_t min = repeat.min;
    const std::uint32_t max = repeat.max;
    const bool unbounded = max == RegexNode::Unbounded;
    if (min > PcreMaxRepeat || (!unbounded && max > PcreMaxRepeat))
        return false;
    if (min == 0 && max == 1)
        out += u'?';
    else if (min == 0 && unbounded)
        out += u'*';
    else if (min == 1 && unbounded)
        out += u'+';
    else if (min == max)
        out += u'{' + QString::number(min) + u'}';
    else if (unbounded)
        out += u'{' + QString::number(min) + QStringLiteral(",}");
    else
        out += u'{' + QString::number(min) + u',' + QString::number(max) + u'}';
    if (repeat.repeatMode == RegexNode::RepeatMode::Lazy)
        out += u'?';
    else if (repeat.repeatMode == RegexNode::RepeatMode::Possessive)
        out += u'+';
    return true;
}

bool isSimple(const RegexNode &node)
{
    // re._compiler._simple: one character, maybe inside non-capturing groups.
    const std::vector<const RegexNode *> items = ReShape::itemsOf(node);
    if (items.size() != 1)
        return false;
    const RegexNode &item = *items.front();
    if (item.kind == Kind::Group && item.groupKind == RegexNode::GroupKind::NonCapturing)
        return isSimple(item.children.front());
    return item.kind == Kind::Any || ReShape::unitOf(item).kind != ReShape::Unit::Kind::Other;
}

/** Characters, anchors and non-capturing groups only: nothing that touches sre's state. */
bool isPlain(const RegexNode &node)
{
    switch (node.kind) {
    case Kind::Empty:
    case Kind::Sequence:
    case Kind::Literal:
    case Kind::CharClass:
    case Kind::Any:
    case Kind::Anchor:
        break;
    case Kind::Group:
        if (node.groupKind != RegexNode::GroupKind::NonCapturing)
            return false;
        break;
    default:
        return false;
    }
    return std::all_of(node.children.begin(), node.children.end(), isPlain);
}

/**
 * CPython 3.11.2 (Debian 12) has bugs in possessive repeats of groups: after an optional
 * iteration fails, matching resumes where the failed attempt's last repeat, look-around or
 * atomic group left sre's position instead of where the iteration began (`(?:xa*c)*+` matches
 * "x" of "xaab"), and captures inside can end up corrupt (SystemError "The span of capturing
 * group is wrong"). Later 3.11 releases fixed them; PCRE2 behaves like those.
 */
bool hitsPossessiveRepeatBug(const RegexNode &repeat)
{
    const RegexNode &body = repeat.children.front();
    return repeat.repeatMode == RegexNode::RepeatMode::Possessive && repeat.max > repeat.min
            && !isSimple(body) && !isPlain(body);
}

bool dependsOnCaptures(const RegexNode &node)
{
    if (node.kind == Kind::Backreference || node.kind == Kind::Conditional)
        return true;
    return std::any_of(node.children.begin(), node.children.end(), dependsOnCaptures);
}

// sre's ASCII word characters, for \b and \B under re.ASCII (PCRE2's are Unicode under UCP).
const QString asciiWord = QStringLiteral("[0-9A-Z_a-z]");

class Translator
{
public:
    explicit Translator(const RegexNode &root)
        : m_widths(root)
    { }

    PcreTranslation run(const RegexNode &root)
    {
        PcreTranslation result;
        // PCRE2 10.42's optimizations get some patterns wrong: auto-possessification turns
        // `b?(?>(?:A)*?)\b` into `b?+...` and misses the match in "bA"; the start-of-match
        // analysis rejects "b" for `b?(?=b)[Bb]`. Both are off: subjects here are short, and
        // Python has no such shortcuts either.
        result.pattern = QStringLiteral("(*NO_AUTO_POSSESS)(*NO_START_OPT)");
        write(root, result.pattern);
        result.unsupportedReason = m_reason;
        result.unsupportedPosition = m_position;
        return result;
    }

private:
    /** Appends @p node; returns whether the text is one atom a quantifier can follow. */
    bool write(const RegexNode &node, QString &out);
    void writeAnchor(const RegexNode &node, QString &out);
    void unsupported(const RegexNode &node, const QString &reason)
    {
        if (m_reason.isEmpty()) {
            m_reason = reason;
            m_position = node.position;
        }
    }

    /**
     * sre never starts another iteration after one that matched the empty string; PCRE2 does
     * within a bounded repeat, which only shows when the next iteration can behave differently
     * because a group was set meanwhile, e.g. `(?:(?(1)a|())){0,2}`.
     */
    bool iteratesAfterEmpty(const RegexNode &repeat)
    {
        const RegexNode &body = repeat.children.front();
        return repeat.max != RegexNode::Unbounded && repeat.max >= 2 && repeat.max > repeat.min
                && dependsOnCaptures(body) && m_widths.ofNode(body).min == 0;
    }

    ReShape::WidthCalculator m_widths;
    std::vector<int> m_openRepeatedGroups;
    int m_repeats = 0;
    QString m_reason;
    int m_position = -1;
};

bool Translator::write(const RegexNode &node, QString &out)
{
    switch (node.kind) {
    case Kind::Empty:
        return false;
    case Kind::Sequence:
        for (const RegexNode &child : node.children)
            write(child, out);
        return false;
    case Kind::Alternation: {
        const ReShape::AlternationShape shape = ReShape::alternationShape(node);
        if (shape.mergedIntoSet) {
            // Python turned this into one character set; that is not always the same as the
            // alternatives (an astral capital in a case-insensitive set matches nothing).
            for (const RegexNode *item : shape.prefix)
                write(*item, out);
            out += pcreCharSet(classCharSet(shape.setItems, false, node.flags));
            return shape.prefix.empty();
        }
        out += QStringLiteral("(?:");
        for (std::size_t i = 0; i < node.children.size(); ++i) {
            if (i > 0)
                out += u'|';
            write(node.children[i], out);
        }
        out += u')';
        return true;
    }
    case Kind::Literal:
    case Kind::CharClass:
        out += pcreCharSet(charSetOf(node));
        return true;
    case Kind::Any:
        out += (node.flags & PyReFlag::DotAll) ? QStringLiteral("(?s:.)")
                                               : QStringLiteral("[^\\n]");
        return true;
    case Kind::Anchor:
        writeAnchor(node, out);
        return false;
    case Kind::Group:
        switch (node.groupKind) {
        case RegexNode::GroupKind::Capturing:
            out += u'(';
            // Only a group that can be entered again is at issue (see Conditional).
            if (m_repeats > 0)
                m_openRepeatedGroups.push_back(node.groupIndex);
            break;
        case RegexNode::GroupKind::NonCapturing:
            out += QStringLiteral("(?:");
            break;
        case RegexNode::GroupKind::Atomic:
            out += QStringLiteral("(?>");
            break;
        }
        write(node.children.front(), out);
        if (node.groupKind == RegexNode::GroupKind::Capturing && m_repeats > 0)
            m_openRepeatedGroups.pop_back();
        out += u')';
        return true;
    case Kind::Lookaround:
        out += node.lookBehind ? (node.negated ? QStringLiteral("(?<!") : QStringLiteral("(?<="))
                               : (node.negated ? QStringLiteral("(?!") : QStringLiteral("(?="));
        write(node.children.front(), out);
        out += u')';
        return true;
    case Kind::Repeat: {
        QString child;
        const int repeats = node.max >= 2 ? 1 : 0;
        m_repeats += repeats;
        const bool atom = write(node.children.front(), child);
        m_repeats -= repeats;
        if (!atom)
            child = QStringLiteral("(?:") + child + u')';
        out += child;
        if (iteratesAfterEmpty(node))
            unsupported(node,
                        QStringLiteral("a bounded repeat of a group that can match the empty "
                                       "string and holds a backreference or conditional: sre "
                                       "stops after an empty iteration, PCRE2 goes on"));
        if (hitsPossessiveRepeatBug(node))
            unsupported(node,
                        QStringLiteral("a possessive repeat of a group holding more than "
                                       "plain characters: CPython 3.11.2 mishandles failed "
                                       "iterations there (wrong positions, even SystemError; "
                                       "later 3.11 releases fixed it), so the answer depends "
                                       "on the interpreter"));
        if (!appendQuantifier(out, node))
            unsupported(node,
                        QStringLiteral("repeat counts above 65535 (here {%1,%2}) are beyond PCRE2")
                                .arg(node.min)
                                .arg(node.max));
        return false;
    }
    case Kind::Backreference:
        if (node.flags & PyReFlag::IgnoreCase)
            unsupported(node,
                        QStringLiteral("a case-insensitive backreference: Python compares "
                                       "lowercased characters, PCRE2 uses Unicode case "
                                       "folding (they disagree on \u017F, \u212A, \u0130, ...)"));
        out += QStringLiteral("\\g{") + QString::number(node.groupIndex) + u'}';
        return true;
    case Kind::Conditional:
        // Re-entering a group, sre moves its start past its old end and then calls it unset;
        // PCRE2 still sees the previous value. Python allows no backreference there, but this.
        if (std::find(m_openRepeatedGroups.begin(), m_openRepeatedGroups.end(), node.groupIndex)
            != m_openRepeatedGroups.end())
            unsupported(node,
                        QStringLiteral("a conditional on a group from inside that group: "
                                       "sre and PCRE2 disagree on whether it is set when the "
                                       "group repeats"));
        out += QStringLiteral("(?(") + QString::number(node.groupIndex) + u')';
        write(node.children.front(), out);
        if (node.children.size() > 1) {
            out += u'|';
            write(node.children.back(), out);
        }
        out += u')';
        return true;
    }
    return false;
}

void Translator::writeAnchor(const RegexNode &node, QString &out)
{
    const bool multiline = node.flags & PyReFlag::Multiline;
    const bool unicode = node.flags & PyReFlag::Unicode;
    switch (node.anchor) {
    case RegexNode::AnchorKind::LineStart:
        // PCRE2's multiline ^ does not match after a final newline; sre's does.
        out += multiline ? QStringLiteral("(?<![^\\n])") : QStringLiteral("\\A");
        break;
    case RegexNode::AnchorKind::LineEnd:
        out += multiline ? QStringLiteral("(?=\\n|\\z)") : QStringLiteral("(?=\\n?\\z)");
        break;
    case RegexNode::AnchorKind::StringStart:
        out += QStringLiteral("\\A");
        break;
    case RegexNode::AnchorKind::StringEnd:
        out += QStringLiteral("\\z");
        break;
    case RegexNode::AnchorKind::WordBoundary:
        if (unicode)
            out += QStringLiteral("\\b");
        else
            out += QStringLiteral("(?:(?<=%1)(?!%1)|(?<!%1)(?=%1))").arg(asciiWord);
        break;
    case RegexNode::AnchorKind::NotWordBoundary:
        // sre's \B fails in an empty string; PCRE2's matches there.
        if (unicode)
            out += QStringLiteral("(?!\\A\\z)\\B");
        else
            out += QStringLiteral("(?!\\A\\z)(?:(?<=%1)(?=%1)|(?<!%1)(?!%1))").arg(asciiWord);
        break;
    }
}

} // namespace

ReCharSet literalCharSet(char32_t cp, int flags)
{
    ReCharSet out;
    if (!(flags & PyReFlag::IgnoreCase)) {
        out.codePoints = CodePointSet::single(cp);
    } else if (flags & PyReFlag::Unicode) {
        if (!ReUnicode::isCased(cp)) {
            out.codePoints = CodePointSet::single(cp);
        } else {
            // LITERAL_UNI_IGNORE, or IN_UNI_IGNORE with the _EXTRA_CASES fixes.
            const char32_t lowered = ReUnicode::lower(cp);
            CodePointSet targets = CodePointSet::single(lowered);
            for (const char32_t other : ReUnicode::extraCases(lowered))
                targets.add(other);
            out.codePoints = ReUnicode::lowerPreimage(targets);
        }
    } else {
        out.codePoints = isAsciiCased(cp)
                ? ReUnicode::asciiLowerPreimage(CodePointSet::single(ReUnicode::asciiLower(cp)))
                : CodePointSet::single(cp);
    }
    return out;
}

ReCharSet classCharSet(const std::vector<RegexClassItem> &items, bool negated, int flags)
{
    const bool unicode = flags & PyReFlag::Unicode;
    if (flags & PyReFlag::IgnoreCase)
        return ignoreCaseClass(ReShape::uniqueItems(items), negated, unicode);
    ReCharSet out;
    out.negated = negated;
    for (const RegexClassItem &item : items) {
        if (item.kind == RegexClassItem::Kind::Category)
            addCategory(out, item.category, unicode);
        else
            out.codePoints.addRange(item.first, item.last);
    }
    return out;
}

ReCharSet charSetOf(const RegexNode &node)
{
    const ReShape::Unit unit = ReShape::unitOf(node);
    switch (unit.kind) {
    case ReShape::Unit::Kind::Literal:
        return literalCharSet(unit.codePoint, node.flags);
    case ReShape::Unit::Kind::NotLiteral: {
        ReCharSet set = literalCharSet(unit.codePoint, node.flags);
        set.negated = true;
        return set;
    }
    case ReShape::Unit::Kind::In:
    case ReShape::Unit::Kind::NotIn:
        return classCharSet(unit.items, unit.kind == ReShape::Unit::Kind::NotIn, node.flags);
    case ReShape::Unit::Kind::Other:
        break;
    }
    return {};
}

PcreTranslation translateToPcre(const RegexNode &root)
{
    return Translator(root).run(root);
}

} // namespace Cors::Py
