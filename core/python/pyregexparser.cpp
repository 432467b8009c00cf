// SPDX-License-Identifier: MIT
#include "python/pyregexparser.h"

#include "python/pyregexshape.h"
#include "python/pyregexunicode.h"
#include "python/pyvalue.h"

#include <QHash>

#include <optional>
#include <utility>

namespace Cors::Py {

namespace {

using Kind = RegexNode::Kind;

constexpr std::uint32_t MaxRepeat = RegexNode::Unbounded;
constexpr qint64 MaxGroups = 1073741823; // _sre.MAXGROUPS on 64-bit builds
constexpr int TypeFlags = PyReFlag::Ascii | PyReFlag::Locale | PyReFlag::Unicode;
constexpr int GlobalFlags = PyReFlag::Debug | PyReFlag::Template;

/**
 * An exception re.compile() raises. The parser throws it from wherever Python raises, so the
 * first error found is the one Python reports; parseRegex() catches it.
 */
struct PyException
{
    QString type;
    QString message;
    int position = -1;
};

[[noreturn]] void raise(const QString &type, const QString &message, int position = -1)
{
    throw PyException {type, message, position};
}

QString reError()
{
    return QStringLiteral("re.error");
}

/** A token of re._parser.Tokenizer: one character, or a backslash and the next one. */
struct Token
{
    char32_t ch = 0;
    int size = 0; // 0 at the end of the pattern

    bool isEnd() const { return size == 0; }
    bool isEscape() const { return size == 2; }
    bool is(char32_t c) const { return size == 1 && ch == c; }
    std::u32string text() const
    {
        return size == 2 ? std::u32string {U'\\', ch} : std::u32string(std::size_t(size), ch);
    }
};

bool isDigit(char32_t c)
{
    return c >= U'0' && c <= U'9';
}

bool isOctDigit(char32_t c)
{
    return c >= U'0' && c <= U'7';
}

bool isHexDigit(char32_t c)
{
    return isDigit(c) || (c >= U'a' && c <= U'f') || (c >= U'A' && c <= U'F');
}

bool isAsciiLetter(char32_t c)
{
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z');
}

bool isVerboseSpace(char32_t c)
{
    return c == U' ' || c == U'\t' || c == U'\n' || c == U'\r' || c == U'\v' || c == U'\f';
}

/** re._parser.FLAGS */
int flagOf(const Token &t)
{
    if (t.size != 1)
        return 0;
    switch (t.ch) {
    case U'i':
        return PyReFlag::IgnoreCase;
    case U'L':
        return PyReFlag::Locale;
    case U'm':
        return PyReFlag::Multiline;
    case U's':
        return PyReFlag::DotAll;
    case U'x':
        return PyReFlag::Verbose;
    case U'a':
        return PyReFlag::Ascii;
    case U't':
        return PyReFlag::Template;
    case U'u':
        return PyReFlag::Unicode;
    default:
        return 0;
    }
}

bool isAlphaToken(const Token &t)
{
    return t.size == 1 && ReUnicode::isAlpha(t.ch);
}

std::uint32_t digitsValue(const std::u32string &digits, int base)
{
    std::uint32_t value = 0;
    for (const char32_t c : digits) {
        const std::uint32_t d = isDigit(c) ? c - U'0' : (c | 0x20) - U'a' + 10;
        value = value * std::uint32_t(base) + d;
    }
    return value;
}

QString str(const std::u32string &text)
{
    return ReUnicode::toQString(text);
}

/** Unicode names only use letters, digits, single spaces and hyphens (any case for lookup). */
bool isPlausibleCharacterName(const std::u32string &name)
{
    const auto alnum = [](char32_t c) { return isDigit(c) || isAsciiLetter(c); };
    if (name.empty() || !alnum(name.front()) || !alnum(name.back()))
        return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char32_t c = name[i];
        if (!(alnum(c) || c == U'-' || c == U' ') || (c == U' ' && name[i + 1] == U' '))
            return false;
    }
    return true;
}

RegexNode leaf(Kind kind, int position)
{
    RegexNode node;
    node.kind = kind;
    node.position = position;
    return node;
}

int combineFlags(int flags, int add, int remove)
{
    if (add & TypeFlags)
        flags &= ~TypeFlags;
    return (flags | add) & ~remove;
}

void annotateFlags(RegexNode &node, int flags)
{
    node.flags = flags;
    const bool scoped
            = node.kind == Kind::Group && node.groupKind == RegexNode::GroupKind::NonCapturing;
    const int inner = scoped ? combineFlags(flags, node.addFlags, node.removeFlags) : flags;
    for (RegexNode &child : node.children)
        annotateFlags(child, inner);
}

/** re._compiler._compile's own errors, in the order it meets them (pre-order). */
void checkCompile(const RegexNode &node, ReShape::WidthCalculator &widths)
{
    if (node.kind == Kind::Repeat && (node.flags & PyReFlag::Template)) {
        const char *op = node.repeatMode == RegexNode::RepeatMode::Greedy ? "MAX_REPEAT"
                : node.repeatMode == RegexNode::RepeatMode::Lazy          ? "MIN_REPEAT"
                                                                          : "POSSESSIVE_REPEAT";
        raise(reError(),
              QStringLiteral("internal: unsupported template operator ") + QLatin1String(op));
    }
    if (node.kind == Kind::Lookaround && node.lookBehind) {
        const ReShape::Width width = widths.ofNode(node.children.front());
        if (width.min != width.max)
            raise(reError(), QStringLiteral("look-behind requires fixed-width pattern"));
    }
    for (const RegexNode &child : node.children)
        checkCompile(child, widths);
}

/** _sre.compile's validation of the code re._compiler produced. */
void checkCode(const RegexNode &node, ReShape::WidthCalculator &widths)
{
    // The look-behind width is a signed 32-bit jump back in sre's code.
    if (node.kind == Kind::Lookaround && node.lookBehind
        && widths.ofNode(node.children.front()).min >= 0x80000000u)
        raise(QStringLiteral("RuntimeError"), QStringLiteral("invalid SRE code"));
    for (const RegexNode &child : node.children)
        checkCode(child, widths);
}

/** What an escape inside a character class stands for. */
struct ClassCode
{
    bool isCategory = false;
    RegexCategory category = RegexCategory::Digit;
    char32_t codePoint = 0;
    bool unresolvedName = false;

    RegexClassItem item() const
    {
        RegexClassItem item;
        if (isCategory) {
            item.kind = RegexClassItem::Kind::Category;
            item.category = category;
        } else {
            item.first = item.last = codePoint;
        }
        return item;
    }
};

std::optional<RegexCategory> categoryOf(char32_t c)
{
    switch (c) {
    case U'd':
        return RegexCategory::Digit;
    case U'D':
        return RegexCategory::NotDigit;
    case U's':
        return RegexCategory::Space;
    case U'S':
        return RegexCategory::NotSpace;
    case U'w':
        return RegexCategory::Word;
    case U'W':
        return RegexCategory::NotWord;
    default:
        return std::nullopt;
    }
}

/** re._parser.ESCAPES, without \b (a backspace in classes, a boundary outside). */
std::optional<char32_t> simpleEscape(char32_t c)
{
    switch (c) {
    case U'a':
        return 0x07;
    case U'f':
        return 0x0c;
    case U'n':
        return 0x0a;
    case U'r':
        return 0x0d;
    case U't':
        return 0x09;
    case U'v':
        return 0x0b;
    case U'\\':
        return U'\\';
    default:
        return std::nullopt;
    }
}

class Parser
{
public:
    Parser(std::u32string_view pattern, int flags)
        : m_pattern(pattern)
        , m_flags(flags)
    { }

    RegexParseResult run();

private:
    /** Python's recursion: each _parse_sub / _parse call is a frame. */
    class Frame
    {
    public:
        explicit Frame(Parser &parser)
            : m_parser(parser)
        {
            m_parser.m_maxFrames = std::max(m_parser.m_maxFrames, ++m_parser.m_frames);
            if (m_parser.m_frames >= RegexParserFrameLimit)
                raise(QStringLiteral("RecursionError"),
                      QStringLiteral("maximum recursion depth exceeded"));
        }
        ~Frame() { --m_parser.m_frames; }
        Frame(const Frame &) = delete;
        Frame &operator=(const Frame &) = delete;

    private:
        Parser &m_parser;
    };

    // re._parser.Tokenizer
    void advance();
    Token get()
    {
        const Token t = m_next;
        advance();
        return t;
    }
    bool match(char32_t c)
    {
        if (!m_next.is(c))
            return false;
        advance();
        return true;
    }
    int tell() const { return int(m_index) - m_next.size; }
    void seek(int index)
    {
        m_index = std::size_t(index);
        advance();
    }
    std::u32string getWhile(int count, bool (*accept)(char32_t));
    std::u32string getUntil(char32_t terminator, const QString &name);
    [[noreturn]] void fail(const QString &message, qsizetype offset = 0) const
    {
        raise(reError(), message, tell() - int(offset));
    }

    // re._parser.State
    int groups() const { return int(m_groupClosed.size()); }
    bool checkGroup(qint64 gid) const
    {
        return gid >= 0 && gid < groups() && m_groupClosed[std::size_t(gid)];
    }
    void checkLookbehindGroup(qint64 gid) const;
    void checkGroupName(const std::u32string &name, int offset) const;

    RegexNode parseSub(bool verbose, int nested);
    RegexNode parseSequence(bool verbose, int nested, bool first);
    void parseRepeat(char32_t repeatChar, int start, std::vector<RegexNode> &items);
    void parseGroup(int start, bool &verbose, int nested, bool first,
                    std::vector<RegexNode> &items);
    RegexNode parseConditional(int start, bool verbose, int nested);
    RegexNode parseLookaround(int start, const Token &kind, bool verbose, int nested);
    std::optional<std::pair<int, int>> parseFlags(Token c);
    RegexNode parseClass(int start);
    RegexNode parseEscape(const Token &escape, int start);
    ClassCode parseClassEscape(const Token &escape);
    std::optional<ClassCode> parseCodeEscape(char32_t c, std::u32string &escape, int start);
    std::uint32_t repeatCount(const std::u32string &digits) const;

    RegexNode finished(RegexNode node) const
    {
        node.length = tell() - node.position;
        return node;
    }
    RegexNode literal(char32_t cp, int start) const
    {
        RegexNode node = leaf(Kind::Literal, start);
        node.codePoint = cp;
        return finished(std::move(node));
    }

    std::u32string_view m_pattern;
    std::size_t m_index = 0;
    Token m_next;
    int m_flags;
    std::vector<bool> m_groupClosed {false}; // group 0, the whole match, never counts as closed
    QHash<QString, int> m_groupDict;
    std::optional<int> m_lookbehindGroups;
    std::vector<std::pair<qint64, int>> m_groupRefPositions;
    int m_frames = 0;
    int m_maxFrames = 0;
    int m_namedCharacterPosition = -1;
};

void Parser::advance()
{
    std::size_t index = m_index;
    if (index >= m_pattern.size()) {
        m_next = Token {};
        return;
    }
    if (m_pattern[index] == U'\\') {
        ++index;
        if (index >= m_pattern.size())
            raise(reError(), QStringLiteral("bad escape (end of pattern)"),
                  int(m_pattern.size()) - 1);
        m_next = Token {m_pattern[index], 2};
    } else {
        m_next = Token {m_pattern[index], 1};
    }
    m_index = index + 1;
}

std::u32string Parser::getWhile(int count, bool (*accept)(char32_t))
{
    std::u32string result;
    for (int i = 0; i < count && m_next.size == 1 && accept(m_next.ch); ++i)
        result += get().ch;
    return result;
}

std::u32string Parser::getUntil(char32_t terminator, const QString &name)
{
    std::u32string result;
    for (;;) {
        const Token c = get();
        if (c.isEnd()) {
            if (result.empty())
                fail(QStringLiteral("missing ") + name);
            fail(QStringLiteral("missing ") + str(std::u32string(1, terminator))
                         + QStringLiteral(", unterminated name"),
                 qsizetype(result.size()));
        }
        if (c.is(terminator)) {
            if (result.empty())
                fail(QStringLiteral("missing ") + name, 1);
            return result;
        }
        result += c.text();
    }
}

void Parser::checkLookbehindGroup(qint64 gid) const
{
    if (!m_lookbehindGroups)
        return;
    if (!checkGroup(gid))
        fail(QStringLiteral("cannot refer to an open group"));
    if (gid >= *m_lookbehindGroups)
        fail(QStringLiteral("cannot refer to group defined in the same lookbehind subpattern"));
}

void Parser::checkGroupName(const std::u32string &name, int offset) const
{
    if (!ReUnicode::isIdentifier(name))
        fail(QStringLiteral("bad character in group name ") + ReUnicode::repr(name),
             qsizetype(name.size()) + offset);
}

RegexParseResult Parser::run()
{
    RegexParseResult result;
    try {
        advance();
        RegexNode root = parseSub(m_flags & PyReFlag::Verbose, 0);

        // re._parser.fix_flags
        int flags = m_flags;
        if (flags & PyReFlag::Locale)
            raise(QStringLiteral("ValueError"),
                  QStringLiteral("cannot use LOCALE flag with a str pattern"));
        if (!(flags & PyReFlag::Ascii))
            flags |= PyReFlag::Unicode;
        else if (flags & PyReFlag::Unicode)
            raise(QStringLiteral("ValueError"),
                  QStringLiteral("ASCII and UNICODE flags are incompatible"));

        if (!m_next.isEnd())
            fail(QStringLiteral("unbalanced parenthesis"));
        for (const auto &[group, position] : m_groupRefPositions) {
            if (group >= groups())
                raise(reError(), QStringLiteral("invalid group reference %1").arg(group), position);
        }

        annotateFlags(root, flags);
        ReShape::WidthCalculator widths(root);
        checkCompile(root, widths);
        checkCode(root, widths);

        result.ok = true;
        result.root = std::move(root);
        result.flags = flags;
        result.groupCount = groups() - 1;
    } catch (const PyException &e) {
        result.errorType = e.type;
        result.errorMessage = e.message;
        result.errorPosition = e.position;
        result.flags = m_flags;
    }
    result.parserFrames = m_maxFrames;
    result.namedCharacterPosition = m_namedCharacterPosition;
    return result;
}

RegexNode Parser::parseSub(bool verbose, int nested)
{
    Frame frame(*this);
    const int start = tell();
    std::vector<RegexNode> alternatives;
    for (;;) {
        alternatives.push_back(
                parseSequence(verbose, nested + 1, nested == 0 && alternatives.empty()));
        if (!match(U'|'))
            break;
        if (nested == 0)
            verbose = m_flags & PyReFlag::Verbose;
    }
    if (alternatives.size() == 1)
        return std::move(alternatives.front());
    RegexNode node = leaf(Kind::Alternation, start);
    node.children = std::move(alternatives);
    return finished(std::move(node));
}

RegexNode Parser::parseSequence(bool verbose, int nested, bool first)
{
    Frame frame(*this);
    const int begin = tell();
    std::vector<RegexNode> items;
    while (!m_next.isEnd() && !m_next.is(U'|') && !m_next.is(U')')) {
        const int start = tell();
        const Token t = get();
        if (verbose) {
            if (t.size == 1 && isVerboseSpace(t.ch))
                continue;
            if (t.is(U'#')) {
                for (Token c = get(); !c.isEnd() && !c.is(U'\n'); c = get()) { }
                continue;
            }
        }
        if (t.isEscape()) {
            items.push_back(parseEscape(t, start));
            continue;
        }
        switch (t.ch) {
        case U'[':
            items.push_back(parseClass(start));
            break;
        case U'*':
        case U'+':
        case U'?':
        case U'{':
            parseRepeat(t.ch, start, items);
            break;
        case U'.':
            items.push_back(finished(leaf(Kind::Any, start)));
            break;
        case U'(':
            parseGroup(start, verbose, nested, first, items);
            break;
        case U'^':
        case U'$': {
            RegexNode node = leaf(Kind::Anchor, start);
            node.anchor = t.ch == U'^' ? RegexNode::AnchorKind::LineStart
                                       : RegexNode::AnchorKind::LineEnd;
            items.push_back(finished(std::move(node)));
            break;
        }
        default:
            items.push_back(literal(t.ch, start));
            break;
        }
    }
    if (items.empty())
        return leaf(Kind::Empty, begin);
    if (items.size() == 1)
        return std::move(items.front());
    RegexNode node = leaf(Kind::Sequence, items.front().position);
    node.length = items.back().position + items.back().length - node.position;
    node.children = std::move(items);
    return node;
}

std::uint32_t Parser::repeatCount(const std::u32string &digits) const
{
    // int() refuses more than sys.get_int_max_str_digits() (4300) digits before any range check.
    if (digits.size() > 4300)
        raise(QStringLiteral("ValueError"),
              QStringLiteral(
                      "Exceeds the limit (4300 digits) for integer string conversion: value "
                      "has %1 digits; use sys.set_int_max_str_digits() to increase the limit")
                      .arg(digits.size()));
    const std::size_t nonZero = std::min(digits.find_first_not_of(U'0'), digits.size());
    const std::u32string significant = digits.substr(nonZero);
    if (significant.size() > 10
        || (significant.size() == 10 && significant >= std::u32string(U"4294967295")))
        raise(QStringLiteral("OverflowError"),
              QStringLiteral("the repetition number is too large"));
    return digitsValue(significant, 10);
}

void Parser::parseRepeat(char32_t repeatChar, int start, std::vector<RegexNode> &items)
{
    const int here = tell();
    std::uint32_t min = 0;
    std::uint32_t max = MaxRepeat;
    if (repeatChar == U'?') {
        max = 1;
    } else if (repeatChar == U'+') {
        min = 1;
    } else if (repeatChar == U'{') {
        if (m_next.is(U'}')) {
            items.push_back(literal(U'{', start));
            return;
        }
        std::u32string lo;
        std::u32string hi;
        while (m_next.size == 1 && isDigit(m_next.ch))
            lo += get().ch;
        if (match(U',')) {
            while (m_next.size == 1 && isDigit(m_next.ch))
                hi += get().ch;
        } else {
            hi = lo;
        }
        if (!match(U'}')) {
            items.push_back(literal(U'{', start));
            seek(here);
            return;
        }
        if (!lo.empty())
            min = repeatCount(lo);
        if (!hi.empty()) {
            max = repeatCount(hi);
            if (max < min)
                fail(QStringLiteral("min repeat greater than max repeat"), tell() - here);
        }
    }
    if (items.empty() || items.back().kind == Kind::Anchor)
        fail(QStringLiteral("nothing to repeat"), tell() - start);
    if (items.back().kind == Kind::Repeat)
        fail(QStringLiteral("multiple repeat"), tell() - start);

    RegexNode node = leaf(Kind::Repeat, items.back().position);
    node.min = min;
    node.max = max;
    if (match(U'?'))
        node.repeatMode = RegexNode::RepeatMode::Lazy;
    else if (match(U'+'))
        node.repeatMode = RegexNode::RepeatMode::Possessive;
    node.children.push_back(std::move(items.back()));
    items.back() = finished(std::move(node));
}

void Parser::parseGroup(int start, bool &verbose, int nested, bool first,
                        std::vector<RegexNode> &items)
{
    bool capture = true;
    bool atomic = false;
    std::optional<std::u32string> name;
    int addFlags = 0;
    int removeFlags = 0;
    if (match(U'?')) {
        const Token c = get();
        if (c.isEnd())
            fail(QStringLiteral("unexpected end of pattern"));
        if (c.is(U'P')) {
            if (match(U'<')) {
                name = getUntil(U'>', QStringLiteral("group name"));
                checkGroupName(*name, 1);
            } else if (match(U'=')) {
                const std::u32string ref = getUntil(U')', QStringLiteral("group name"));
                checkGroupName(ref, 1);
                const auto gid = m_groupDict.constFind(str(ref));
                if (gid == m_groupDict.constEnd())
                    fail(QStringLiteral("unknown group name ") + ReUnicode::repr(ref),
                         qsizetype(ref.size()) + 1);
                if (!checkGroup(*gid))
                    fail(QStringLiteral("cannot refer to an open group"),
                         qsizetype(ref.size()) + 1);
                checkLookbehindGroup(*gid);
                RegexNode node = leaf(Kind::Backreference, start);
                node.groupIndex = *gid;
                node.groupName = str(ref);
                items.push_back(finished(std::move(node)));
                return;
            } else {
                const Token d = get();
                if (d.isEnd())
                    fail(QStringLiteral("unexpected end of pattern"));
                fail(QStringLiteral("unknown extension ?P") + str(d.text()), d.size + 2);
            }
        } else if (c.is(U':')) {
            capture = false;
        } else if (c.is(U'#')) {
            for (;;) {
                if (m_next.isEnd())
                    fail(QStringLiteral("missing ), unterminated comment"), tell() - start);
                if (get().is(U')'))
                    return;
            }
        } else if (c.is(U'=') || c.is(U'!') || c.is(U'<')) {
            items.push_back(parseLookaround(start, c, verbose, nested));
            return;
        } else if (c.is(U'(')) {
            items.push_back(parseConditional(start, verbose, nested));
            return;
        } else if (c.is(U'>')) {
            capture = false;
            atomic = true;
        } else if (flagOf(c) || c.is(U'-')) {
            const auto scoped = parseFlags(c);
            if (!scoped) {
                if (!first || !items.empty())
                    fail(QStringLiteral("global flags not at the start of the expression"),
                         tell() - start);
                verbose = m_flags & PyReFlag::Verbose;
                return;
            }
            std::tie(addFlags, removeFlags) = *scoped;
            capture = false;
        } else {
            fail(QStringLiteral("unknown extension ?") + str(c.text()), c.size + 1);
        }
    }

    int gid = 0;
    if (capture) {
        gid = groups();
        m_groupClosed.push_back(false);
        if (name) {
            const QString key = str(*name);
            const auto previous = m_groupDict.constFind(key);
            if (previous != m_groupDict.constEnd())
                fail(QStringLiteral("redefinition of group name %1 as group %2; was group %3")
                             .arg(ReUnicode::repr(*name))
                             .arg(gid)
                             .arg(*previous),
                     qsizetype(name->size()) + 1);
            m_groupDict.insert(key, gid);
        }
    }
    const bool subVerbose
            = (verbose || (addFlags & PyReFlag::Verbose)) && !(removeFlags & PyReFlag::Verbose);
    RegexNode content = parseSub(subVerbose, nested + 1);
    if (!match(U')'))
        fail(QStringLiteral("missing ), unterminated subpattern"), tell() - start);
    if (capture)
        m_groupClosed[std::size_t(gid)] = true;

    RegexNode node = leaf(Kind::Group, start);
    node.groupKind = capture ? RegexNode::GroupKind::Capturing
            : atomic         ? RegexNode::GroupKind::Atomic
                             : RegexNode::GroupKind::NonCapturing;
    node.groupIndex = gid;
    if (name)
        node.groupName = str(*name);
    node.addFlags = addFlags;
    node.removeFlags = removeFlags;
    node.children.push_back(std::move(content));
    items.push_back(finished(std::move(node)));
}

RegexNode Parser::parseLookaround(int start, const Token &kind, bool verbose, int nested)
{
    RegexNode node = leaf(Kind::Lookaround, start);
    node.negated = kind.is(U'!');
    std::optional<int> outerLookbehind = m_lookbehindGroups;
    if (kind.is(U'<')) {
        const Token c = get();
        if (c.isEnd())
            fail(QStringLiteral("unexpected end of pattern"));
        if (!c.is(U'=') && !c.is(U'!'))
            fail(QStringLiteral("unknown extension ?<") + str(c.text()), c.size + 2);
        node.lookBehind = true;
        node.negated = c.is(U'!');
        if (!outerLookbehind)
            m_lookbehindGroups = groups();
    }
    node.children.push_back(parseSub(verbose, nested + 1));
    if (node.lookBehind && !outerLookbehind)
        m_lookbehindGroups.reset();
    if (!match(U')'))
        fail(QStringLiteral("missing ), unterminated subpattern"), tell() - start);
    return finished(std::move(node));
}

RegexNode Parser::parseConditional(int start, bool verbose, int nested)
{
    RegexNode node = leaf(Kind::Conditional, start);
    const std::u32string condName = getUntil(U')', QStringLiteral("group name"));
    const qsizetype offset = qsizetype(condName.size()) + 1;
    qint64 condGroup = 0;
    if (ReUnicode::isIdentifier(condName)) {
        const auto gid = m_groupDict.constFind(str(condName));
        if (gid == m_groupDict.constEnd())
            fail(QStringLiteral("unknown group name ") + ReUnicode::repr(condName), offset);
        condGroup = *gid;
        node.groupName = str(condName);
    } else {
        const std::optional<QString> number = ReUnicode::parseInt(condName);
        if (!number || number->startsWith(u'-'))
            fail(QStringLiteral("bad character in group name ") + ReUnicode::repr(condName),
                 offset);
        if (*number == u"0")
            fail(QStringLiteral("bad group number"), offset);
        bool fits = false;
        condGroup = number->size() <= 12 ? number->toLongLong(&fits) : 0;
        if (!fits || condGroup >= MaxGroups)
            fail(QStringLiteral("invalid group reference ") + *number, offset);
        const bool known = std::any_of(m_groupRefPositions.begin(), m_groupRefPositions.end(),
                                       [&](const auto &ref) { return ref.first == condGroup; });
        if (!known)
            m_groupRefPositions.emplace_back(condGroup, tell() - int(offset));
    }
    checkLookbehindGroup(condGroup);
    node.groupIndex = int(condGroup);
    node.children.push_back(parseSequence(verbose, nested + 1, false));
    if (match(U'|')) {
        node.children.push_back(parseSequence(verbose, nested + 1, false));
        if (m_next.is(U'|'))
            fail(QStringLiteral("conditional backref with more than two branches"));
    }
    if (!match(U')'))
        fail(QStringLiteral("missing ), unterminated subpattern"), tell() - start);
    return finished(std::move(node));
}

std::optional<std::pair<int, int>> Parser::parseFlags(Token c)
{
    int add = 0;
    int remove = 0;
    if (!c.is(U'-')) {
        for (;;) {
            const int flag = flagOf(c);
            if (c.is(U'L'))
                fail(QStringLiteral("bad inline flags: cannot use 'L' flag with a str pattern"));
            add |= flag;
            if ((flag & TypeFlags) && (add & TypeFlags) != flag)
                fail(QStringLiteral("bad inline flags: flags 'a', 'u' and 'L' are incompatible"));
            c = get();
            if (c.isEnd())
                fail(QStringLiteral("missing -, : or )"));
            if (c.is(U')') || c.is(U'-') || c.is(U':'))
                break;
            if (!flagOf(c))
                fail(isAlphaToken(c) ? QStringLiteral("unknown flag")
                                     : QStringLiteral("missing -, : or )"),
                     c.size);
        }
    }
    if (c.is(U')')) {
        m_flags |= add;
        return std::nullopt;
    }
    if (add & GlobalFlags)
        fail(QStringLiteral("bad inline flags: cannot turn on global flag"), 1);
    if (c.is(U'-')) {
        c = get();
        if (c.isEnd())
            fail(QStringLiteral("missing flag"));
        if (!flagOf(c))
            fail(isAlphaToken(c) ? QStringLiteral("unknown flag") : QStringLiteral("missing flag"),
                 c.size);
        for (;;) {
            const int flag = flagOf(c);
            if (flag & TypeFlags)
                fail(QStringLiteral("bad inline flags: cannot turn off flags 'a', 'u' and 'L'"));
            remove |= flag;
            c = get();
            if (c.isEnd())
                fail(QStringLiteral("missing :"));
            if (c.is(U':'))
                break;
            if (!flagOf(c))
                fail(isAlphaToken(c) ? QStringLiteral("unknown flag") : QStringLiteral("missing :"),
                     c.size);
        }
    }
    if (remove & GlobalFlags)
        fail(QStringLiteral("bad inline flags: cannot turn off global flag"), 1);
    if (add & remove)
        fail(QStringLiteral("bad inline flags: flag turned on and off"), 1);
    return std::make_pair(add, remove);
}

RegexNode Parser::parseClass(int start)
{
    RegexNode node = leaf(Kind::CharClass, start);
    node.negated = match(U'^');
    std::vector<RegexClassItem> &set = node.items;
    for (;;) {
        const Token t = get();
        if (t.isEnd())
            fail(QStringLiteral("unterminated character set"), tell() - start);
        if (t.is(U']') && !set.empty())
            break;
        const ClassCode code1
                = t.isEscape() ? parseClassEscape(t) : ClassCode {false, {}, t.ch, false};
        if (!match(U'-')) {
            set.push_back(code1.item());
            continue;
        }
        const Token that = get();
        if (that.isEnd())
            fail(QStringLiteral("unterminated character set"), tell() - start);
        if (that.is(U']')) {
            set.push_back(code1.item());
            set.push_back(ClassCode {false, {}, U'-', false}.item());
            break;
        }
        const ClassCode code2
                = that.isEscape() ? parseClassEscape(that) : ClassCode {false, {}, that.ch, false};
        const QString rangeError
                = QStringLiteral("bad character range ") + str(t.text()) + u'-' + str(that.text());
        if (code1.isCategory || code2.isCategory)
            fail(rangeError, t.size + 1 + that.size);
        // An unresolved \N{...} has no value to compare; the pattern is unsupported anyway.
        if (code2.codePoint < code1.codePoint && !code1.unresolvedName && !code2.unresolvedName)
            fail(rangeError, t.size + 1 + that.size);
        RegexClassItem range;
        range.kind = RegexClassItem::Kind::Range;
        range.first = code1.codePoint;
        range.last = std::max(code1.codePoint, code2.codePoint);
        set.push_back(range);
    }
    return finished(std::move(node));
}

std::optional<ClassCode> Parser::parseCodeEscape(char32_t c, std::u32string &escape, int start)
{
    const auto hexEscape = [&](int digits) {
        escape += getWhile(digits, isHexDigit);
        if (escape.size() != std::size_t(digits) + 2)
            fail(QStringLiteral("incomplete escape ") + str(escape), qsizetype(escape.size()));
        return digitsValue(escape.substr(2), 16);
    };
    ClassCode code;
    switch (c) {
    case U'x':
        code.codePoint = hexEscape(2);
        return code;
    case U'u':
        code.codePoint = hexEscape(4);
        return code;
    case U'U':
        code.codePoint = hexEscape(8);
        if (code.codePoint > CodePointSet::MaxCodePoint) // chr() raises ValueError
            fail(QStringLiteral("bad escape ") + str(escape), qsizetype(escape.size()));
        return code;
    case U'N': {
        if (!match(U'{'))
            fail(QStringLiteral("missing {"));
        const std::u32string name = getUntil(U'}', QStringLiteral("character name"));
        if (!isPlausibleCharacterName(name))
            fail(QStringLiteral("undefined character name ") + ReUnicode::repr(name),
                 qsizetype(name.size()) + 4);
        if (m_namedCharacterPosition < 0)
            m_namedCharacterPosition = start;
        code.codePoint = 0xFFFD;
        code.unresolvedName = true;
        return code;
    }
    default:
        return std::nullopt;
    }
}

ClassCode Parser::parseClassEscape(const Token &t)
{
    const int start = tell() - 2;
    if (t.ch == U'b')
        return ClassCode {false, {}, 0x08, false};
    if (const auto cp = simpleEscape(t.ch))
        return ClassCode {false, {}, *cp, false};
    if (const auto category = categoryOf(t.ch))
        return ClassCode {true, *category, 0, false};
    std::u32string escape = t.text();
    if (const auto code = parseCodeEscape(t.ch, escape, start))
        return *code;
    if (isOctDigit(t.ch)) {
        escape += getWhile(2, isOctDigit);
        const std::uint32_t value = digitsValue(escape.substr(1), 8);
        if (value > 0377)
            fail(QStringLiteral("octal escape value ") + str(escape)
                         + QStringLiteral(" outside of range 0-0o377"),
                 qsizetype(escape.size()));
        return ClassCode {false, {}, value, false};
    }
    if (isDigit(t.ch) || isAsciiLetter(t.ch))
        fail(QStringLiteral("bad escape ") + str(escape), qsizetype(escape.size()));
    return ClassCode {false, {}, t.ch, false};
}

RegexNode Parser::parseEscape(const Token &t, int start)
{
    const char32_t c = t.ch;
    const auto anchor = [&](RegexNode::AnchorKind kind) {
        RegexNode node = leaf(Kind::Anchor, start);
        node.anchor = kind;
        return finished(std::move(node));
    };
    switch (c) {
    case U'A':
        return anchor(RegexNode::AnchorKind::StringStart);
    case U'Z':
        return anchor(RegexNode::AnchorKind::StringEnd);
    case U'b':
        return anchor(RegexNode::AnchorKind::WordBoundary);
    case U'B':
        return anchor(RegexNode::AnchorKind::NotWordBoundary);
    default:
        break;
    }
    if (const auto category = categoryOf(c)) {
        RegexNode node = leaf(Kind::CharClass, start);
        RegexClassItem item;
        item.kind = RegexClassItem::Kind::Category;
        item.category = *category;
        node.items.push_back(item);
        return finished(std::move(node));
    }
    if (const auto cp = simpleEscape(c))
        return literal(*cp, start);

    std::u32string escape = t.text();
    if (const auto code = parseCodeEscape(c, escape, start)) {
        RegexNode node = literal(code->codePoint, start);
        if (code->unresolvedName)
            node.characterName = str(std::u32string(
                    m_pattern.substr(std::size_t(start) + 3, std::size_t(tell() - start) - 4)));
        return node;
    }
    if (c == U'0') {
        escape += getWhile(2, isOctDigit);
        return literal(digitsValue(escape.substr(1), 8), start);
    }
    if (isDigit(c)) {
        // An octal escape or a group reference (sigh, says Python).
        if (m_next.size == 1 && isDigit(m_next.ch)) {
            escape += get().ch;
            if (isOctDigit(escape[1]) && isOctDigit(escape[2]) && m_next.size == 1
                && isOctDigit(m_next.ch)) {
                escape += get().ch;
                const std::uint32_t value = digitsValue(escape.substr(1), 8);
                if (value > 0377)
                    fail(QStringLiteral("octal escape value ") + str(escape)
                                 + QStringLiteral(" outside of range 0-0o377"),
                         qsizetype(escape.size()));
                return literal(value, start);
            }
        }
        const int group = int(digitsValue(escape.substr(1), 10));
        if (group < groups()) {
            if (!checkGroup(group))
                fail(QStringLiteral("cannot refer to an open group"), qsizetype(escape.size()));
            checkLookbehindGroup(group);
            RegexNode node = leaf(Kind::Backreference, start);
            node.groupIndex = group;
            return finished(std::move(node));
        }
        fail(QStringLiteral("invalid group reference %1").arg(group), qsizetype(escape.size()) - 1);
    }
    if (isAsciiLetter(c))
        fail(QStringLiteral("bad escape ") + str(escape), qsizetype(escape.size()));
    return literal(c, start);
}

} // namespace

RegexParseResult parseRegex(std::u32string_view pattern, int flags)
{
    return Parser(pattern, flags).run();
}

} // namespace Cors::Py
