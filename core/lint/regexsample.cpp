// SPDX-License-Identifier: MIT
#include "lint/regexsample.h"

#include "python/pyregexpcre.h"
#include "python/pyregexunicode.h"
#include "python/pyvalue.h"

#include <algorithm>
#include <functional>

namespace Cors::Lint {

using Py::RegexNode;
using Kind = Py::RegexNode::Kind;

namespace {

// Long enough for any origin or path, short enough that `a{100000}` gives up at once.
constexpr int MaxSampleLength = 2048;

bool categoryHas(Py::RegexCategory category, char32_t c)
{
    const bool digit = c >= U'0' && c <= U'9';
    const bool word = digit || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || c == U'_';
    const bool space = c == U' ' || (c >= U'\t' && c <= U'\r') || (c >= 0x1c && c <= 0x1f);
    switch (category) {
    case Py::RegexCategory::Digit:
        return digit;
    case Py::RegexCategory::NotDigit:
        return !digit;
    case Py::RegexCategory::Word:
        return word;
    case Py::RegexCategory::NotWord:
        return !word;
    case Py::RegexCategory::Space:
        return space;
    case Py::RegexCategory::NotSpace:
        return !space;
    }
    return false;
}

// Only ASCII candidates are asked: the categories are exact there in both meanings.
bool charSetHas(const Py::ReCharSet &set, char32_t c)
{
    bool in = set.codePoints.contains(c);
    for (const Py::RegexCategory category : set.unicodeCategories)
        in = in || categoryHas(category, c);
    return in != set.negated;
}

std::optional<char32_t> representative(const Py::ReCharSet &set)
{
    // Host-name characters first, so that witnesses look like the origins the pattern is for.
    static const char preferred[] = "abcdefghijklmnopqrstuvwxyz1234567890-.";
    for (const char *p = preferred; *p; ++p) {
        if (charSetHas(set, char32_t(*p)))
            return char32_t(*p);
    }
    for (char32_t c = 0x21; c < 0x7f; ++c) {
        if (charSetHas(set, c))
            return c;
    }
    if (charSetHas(set, U' '))
        return U' ';
    if (!set.negated && !set.codePoints.isEmpty())
        return set.codePoints.ranges().front().first;
    return std::nullopt;
}

void appendCodePoint(QString &out, char32_t cp)
{
    if (cp > 0xFFFF) {
        const char16_t high = char16_t(0xD800 + ((cp - 0x10000) >> 10));
        const char16_t low = char16_t(0xDC00 + ((cp - 0x10000) & 0x3FF));
        out += QChar(high);
        out += QChar(low);
    } else {
        out += QChar(char16_t(cp));
    }
}

class Sampler
{
public:
    Sampler(const SampleOptions &options, RegexSample &sample)
        : m_o(options)
        , m_s(sample)
    { }

    void produce(const RegexNode &node, bool repeated)
    {
        if (!m_s.ok)
            return;
        const int begin = int(m_s.text.size());
        if (const auto it = m_o.overrides.find(&node); it != m_o.overrides.end()) {
            m_s.text += it->second;
        } else {
            produceOwn(node, repeated, begin);
        }
        m_s.spans[&node] = {begin, int(m_s.text.size())};
        if (m_s.text.size() > MaxSampleLength)
            m_s.ok = false;
    }

private:
    void produceOwn(const RegexNode &node, bool repeated, int begin)
    {
        switch (node.kind) {
        case Kind::Empty:
        case Kind::Anchor:
        case Kind::Lookaround:
            break;
        case Kind::Sequence:
            for (const RegexNode &child : node.children)
                produce(child, false);
            break;
        case Kind::Alternation: {
            int index = 0;
            if (const auto it = m_o.choices.find(&node); it != m_o.choices.end())
                index = std::clamp(it->second, 0, int(node.children.size()) - 1);
            m_s.chosen[&node] = index;
            produce(node.children.at(size_t(index)), false);
            break;
        }
        case Kind::Literal: {
            char32_t cp = node.codePoint;
            // Browsers send scheme and host in lower case: that is the witness worth having.
            if ((node.flags & PyReFlag::IgnoreCase) && cp >= U'A' && cp <= U'Z')
                cp += 32;
            appendCodePoint(m_s.text, cp);
            break;
        }
        case Kind::CharClass:
            if (const auto c = representative(Py::charSetOf(node)))
                appendCodePoint(m_s.text, *c);
            else
                m_s.ok = false;
            break;
        case Kind::Any:
            // A bare `.` almost always stands for a dot the author forgot to escape; under a
            // repeat (`.*`, `.+`) it stands for "anything", best shown as a letter.
            if (repeated) {
                m_s.text += u'a';
            } else {
                m_s.text += u'.';
                m_s.bareDots.push_back(&node);
            }
            break;
        case Kind::Group:
            produce(node.children.front(), false);
            if (node.groupKind == RegexNode::GroupKind::Capturing)
                m_groups[node.groupIndex] = m_s.text.mid(begin);
            break;
        case Kind::Repeat: {
            std::uint32_t count = node.min;
            if (count == 0 && m_o.atLeastOne && node.max >= 1)
                count = 1;
            if (count > std::uint32_t(MaxSampleLength)) {
                m_s.ok = false;
                break;
            }
            for (std::uint32_t i = 0; i < count && m_s.ok; ++i)
                produce(node.children.front(), true);
            break;
        }
        case Kind::Backreference:
            if (const auto it = m_groups.find(node.groupIndex); it != m_groups.end())
                m_s.text += it->second;
            break;
        case Kind::Conditional:
            if (m_groups.count(node.groupIndex))
                produce(node.children.front(), false);
            else if (node.children.size() > 1)
                produce(node.children.at(1), false);
            break;
        }
    }

    const SampleOptions &m_o;
    RegexSample &m_s;
    std::unordered_map<int, QString> m_groups;
};

bool isEndAnchor(const RegexNode &node)
{
    return node.kind == Kind::Anchor
            && (node.anchor == RegexNode::AnchorKind::LineEnd
                || node.anchor == RegexNode::AnchorKind::StringEnd);
}

bool isStartAnchor(const RegexNode &node)
{
    return node.kind == Kind::Anchor
            && (node.anchor == RegexNode::AnchorKind::LineStart
                || node.anchor == RegexNode::AnchorKind::StringStart);
}

bool isCasedLiteral(char32_t cp, int flags)
{
    return (flags & PyReFlag::IgnoreCase) && Py::ReUnicode::isCased(cp);
}

using Strings = std::optional<QStringList>;

Strings product(const Strings &a, const Strings &b, int cap)
{
    if (!a || !b)
        return std::nullopt;
    QStringList out;
    for (const QString &x : *a) {
        for (const QString &y : *b) {
            out.append(x + y);
            if (out.size() > cap)
                return std::nullopt;
        }
    }
    return out;
}

Strings enumerate(const RegexNode &node, int cap)
{
    switch (node.kind) {
    case Kind::Empty:
        return QStringList {QString()};
    case Kind::Literal: {
        if (isCasedLiteral(node.codePoint, node.flags))
            return std::nullopt;
        QString s;
        appendCodePoint(s, node.codePoint);
        return QStringList {s};
    }
    case Kind::CharClass: {
        const Py::ReCharSet set = Py::charSetOf(node);
        if (set.negated || !set.unicodeCategories.empty() || set.codePoints.size() != 1)
            return std::nullopt;
        QString s;
        appendCodePoint(s, set.codePoints.ranges().front().first);
        return QStringList {s};
    }
    case Kind::Sequence: {
        Strings out = QStringList {QString()};
        for (const RegexNode &child : node.children)
            out = product(out, enumerate(child, cap), cap);
        return out;
    }
    case Kind::Alternation: {
        QStringList out;
        for (const RegexNode &child : node.children) {
            const Strings part = enumerate(child, cap);
            if (!part)
                return std::nullopt;
            out += *part;
            if (out.size() > cap)
                return std::nullopt;
        }
        return out;
    }
    case Kind::Group:
        return enumerate(node.children.front(), cap);
    case Kind::Repeat: {
        if (node.max == RegexNode::Unbounded || node.max > 8 || node.max - node.min > 3)
            return std::nullopt;
        const Strings once = enumerate(node.children.front(), cap);
        QStringList out;
        for (std::uint32_t k = node.min; k <= node.max; ++k) {
            Strings times = QStringList {QString()};
            for (std::uint32_t i = 0; i < k; ++i)
                times = product(times, once, cap);
            if (!times)
                return std::nullopt;
            out += *times;
            if (out.size() > cap)
                return std::nullopt;
        }
        return out;
    }
    default:
        return std::nullopt;
    }
}

} // namespace

RegexSample sampleRegex(const RegexNode &root, const SampleOptions &options)
{
    RegexSample sample;
    Sampler(options, sample).produce(root, false);
    return sample;
}

std::vector<std::unordered_map<const RegexNode *, int>> alternativeChoices(const RegexNode &root,
                                                                           int cap)
{
    std::vector<std::unordered_map<const RegexNode *, int>> out;
    out.emplace_back();
    // path: the alternation choices that lead to the node being visited.
    std::unordered_map<const RegexNode *, int> path;
    std::function<void(const RegexNode &)> visit = [&](const RegexNode &node) {
        if (node.kind == Kind::Alternation) {
            for (int k = 0; k < int(node.children.size()); ++k) {
                auto choice = path;
                choice[&node] = k;
                const bool isDefault = std::all_of(choice.begin(), choice.end(),
                                                   [](const auto &c) { return c.second == 0; });
                if (!isDefault && int(out.size()) < cap)
                    out.push_back(choice);
                path[&node] = k;
                visit(node.children.at(size_t(k)));
            }
            path.erase(&node);
            return;
        }
        for (const RegexNode &child : node.children)
            visit(child);
    };
    visit(root);
    return out;
}

std::vector<const RegexNode *> topLevelAlternatives(const RegexNode &root)
{
    std::vector<const RegexNode *> out;
    if (root.kind == Kind::Alternation) {
        for (const RegexNode &child : root.children)
            out.push_back(&child);
    } else {
        out.push_back(&root);
    }
    return out;
}

bool forcesEnd(const RegexNode &node)
{
    switch (node.kind) {
    case Kind::Anchor:
        return isEndAnchor(node);
    case Kind::Sequence:
        for (auto it = node.children.rbegin(); it != node.children.rend(); ++it) {
            const bool zeroWidth = it->kind == Kind::Empty || it->kind == Kind::Lookaround
                    || (it->kind == Kind::Anchor && !isEndAnchor(*it));
            if (!zeroWidth)
                return forcesEnd(*it);
        }
        return false;
    case Kind::Alternation:
        return std::all_of(node.children.begin(), node.children.end(),
                           [](const RegexNode &c) { return forcesEnd(c); });
    case Kind::Group:
        return forcesEnd(node.children.front());
    case Kind::Repeat:
        return node.min >= 1 && forcesEnd(node.children.front());
    case Kind::Conditional:
        return node.children.size() == 2 && forcesEnd(node.children.at(0))
                && forcesEnd(node.children.at(1));
    default:
        return false;
    }
}

bool usesIgnoreCase(const RegexNode &root)
{
    if (root.flags & PyReFlag::IgnoreCase)
        return true;
    return std::any_of(root.children.begin(), root.children.end(),
                       [](const RegexNode &c) { return usesIgnoreCase(c); });
}

std::optional<std::vector<ExactString>> finiteLanguage(const RegexNode &root, int cap)
{
    std::vector<ExactString> out;
    for (const RegexNode *alternative : topLevelAlternatives(root)) {
        std::vector<const RegexNode *> items;
        if (alternative->kind == Kind::Sequence) {
            for (const RegexNode &child : alternative->children)
                items.push_back(&child);
        } else {
            items.push_back(alternative);
        }
        while (!items.empty() && isStartAnchor(*items.front()))
            items.erase(items.begin());
        bool endAnchored = false;
        while (!items.empty() && isEndAnchor(*items.back())) {
            items.pop_back();
            endAnchored = true;
        }
        Strings strings = QStringList {QString()};
        for (const RegexNode *item : items)
            strings = product(strings, enumerate(*item, cap), cap);
        if (!strings)
            return std::nullopt;
        for (const QString &s : *strings)
            out.push_back({s, endAnchored});
        if (int(out.size()) > cap)
            return std::nullopt;
    }
    return out;
}

int utf16Index(const QString &text, int codePoint)
{
    int index = 0;
    for (int cp = 0; cp < codePoint && index < text.size(); ++cp)
        index += (text.at(index).isHighSurrogate() && index + 1 < text.size()) ? 2 : 1;
    return index;
}

QString replaceSpan(const QString &pattern, int position, int length, const QString &with)
{
    const int begin = utf16Index(pattern, position);
    const int end = utf16Index(pattern, position + length);
    return pattern.left(begin) + with + pattern.mid(end);
}

QString nodeSource(const QString &pattern, const RegexNode &node)
{
    const int begin = utf16Index(pattern, node.position);
    const int end = utf16Index(pattern, node.position + node.length);
    return pattern.mid(begin, end - begin);
}

} // namespace Cors::Lint
