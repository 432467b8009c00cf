// SPDX-License-Identifier: MIT
#include "python/pyregexshape.h"

#include <algorithm>

namespace Cors::Py::ReShape {

namespace {

using Kind = RegexNode::Kind;

constexpr std::uint64_t MaxRepeat = RegexNode::Unbounded;
// Python's integers do not overflow; anything past this is capped to MAXREPEAT anyway.
constexpr std::uint64_t Saturation = std::uint64_t(1) << 62;

std::uint64_t addSaturated(std::uint64_t a, std::uint64_t b)
{
    return std::min(a + b, Saturation);
}

std::uint64_t multiplySaturated(std::uint64_t a, std::uint64_t b)
{
    if (a == 0 || b == 0)
        return 0;
    return a > Saturation / b ? Saturation : std::min(a * b, Saturation);
}

bool isFlagFreeGroup(const RegexNode &node)
{
    return node.kind == Kind::Group && node.groupKind == RegexNode::GroupKind::NonCapturing
            && node.addFlags == 0 && node.removeFlags == 0;
}

void collectGroups(const RegexNode &node, std::vector<const RegexNode *> &groups)
{
    if (node.kind == Kind::Group && node.groupKind == RegexNode::GroupKind::Capturing) {
        if (groups.size() <= std::size_t(node.groupIndex))
            groups.resize(std::size_t(node.groupIndex) + 1, nullptr);
        groups[std::size_t(node.groupIndex)] = &node;
    }
    for (const RegexNode &child : node.children)
        collectGroups(child, groups);
}

} // namespace

void appendItems(const RegexNode &node, std::vector<const RegexNode *> &out)
{
    switch (node.kind) {
    case Kind::Empty:
        return;
    case Kind::Sequence:
        for (const RegexNode &child : node.children)
            appendItems(child, out);
        return;
    case Kind::Alternation: {
        const AlternationShape shape = alternationShape(node);
        out.insert(out.end(), shape.prefix.begin(), shape.prefix.end());
        out.push_back(&node); // stands for the merged set or the BRANCH
        return;
    }
    case Kind::Group:
        if (isFlagFreeGroup(node)) {
            appendItems(node.children.front(), out);
            return;
        }
        break;
    default:
        break;
    }
    out.push_back(&node);
}

std::vector<const RegexNode *> itemsOf(const RegexNode &node)
{
    std::vector<const RegexNode *> out;
    appendItems(node, out);
    return out;
}

std::vector<RegexClassItem> uniqueItems(const std::vector<RegexClassItem> &items)
{
    std::vector<RegexClassItem> out;
    out.reserve(items.size());
    for (const RegexClassItem &item : items) {
        if (std::find(out.begin(), out.end(), item) == out.end())
            out.push_back(item);
    }
    return out;
}

AlternationShape alternationShape(const RegexNode &alternation)
{
    AlternationShape shape;
    std::vector<std::vector<const RegexNode *>> alternatives;
    alternatives.reserve(alternation.children.size());
    for (const RegexNode &child : alternation.children)
        alternatives.push_back(itemsOf(child));

    std::size_t prefixLength = 0;
    for (;;) {
        const bool allHaveOne = std::all_of(alternatives.begin(), alternatives.end(),
                                            [&](const auto &a) { return a.size() > prefixLength; });
        if (!allHaveOne)
            break;
        const RegexNode *first = alternatives.front()[prefixLength];
        const bool allSame
                = std::all_of(alternatives.begin() + 1, alternatives.end(),
                              [&](const auto &a) { return sameItem(*first, *a[prefixLength]); });
        if (!allSame)
            break;
        shape.prefix.push_back(first);
        ++prefixLength;
    }

    std::vector<RegexClassItem> set;
    bool merge = true;
    for (const auto &alternative : alternatives) {
        if (alternative.size() != prefixLength + 1) {
            merge = false;
            break;
        }
        const Unit unit = unitOf(*alternative.back());
        if (unit.kind == Unit::Kind::Literal) {
            set.push_back({RegexClassItem::Kind::Char, RegexCategory::Digit, unit.codePoint,
                           unit.codePoint});
        } else if (unit.kind == Unit::Kind::In) {
            set.insert(set.end(), unit.items.begin(), unit.items.end());
        } else {
            merge = false;
            break;
        }
    }
    if (merge) {
        shape.mergedIntoSet = true;
        shape.setItems = uniqueItems(set);
        return shape;
    }
    for (const auto &alternative : alternatives)
        shape.branches.emplace_back(alternative.begin() + std::ptrdiff_t(prefixLength),
                                    alternative.end());
    return shape;
}

Unit unitOf(const RegexNode &node)
{
    Unit unit;
    switch (node.kind) {
    case Kind::Literal:
        unit.kind = Unit::Kind::Literal;
        unit.codePoint = node.codePoint;
        break;
    case Kind::CharClass:
        unit.items = uniqueItems(node.items);
        // Python turns a set of exactly one character into a plain (NOT_)LITERAL.
        if (unit.items.size() == 1 && unit.items.front().kind == RegexClassItem::Kind::Char) {
            unit.kind = node.negated ? Unit::Kind::NotLiteral : Unit::Kind::Literal;
            unit.codePoint = unit.items.front().first;
            unit.items.clear();
        } else {
            unit.kind = node.negated ? Unit::Kind::NotIn : Unit::Kind::In;
        }
        break;
    case Kind::Alternation: {
        AlternationShape shape = alternationShape(node);
        if (shape.mergedIntoSet) {
            unit.kind = Unit::Kind::In;
            unit.items = std::move(shape.setItems);
        }
        break;
    }
    default:
        break;
    }
    return unit;
}

bool sameItem(const RegexNode &a, const RegexNode &b)
{
    const Unit ua = unitOf(a);
    const Unit ub = unitOf(b);
    if (ua.kind != Unit::Kind::Other || ub.kind != Unit::Kind::Other) {
        if (ua.kind != ub.kind)
            return false;
        if (ua.kind == Unit::Kind::Literal || ua.kind == Unit::Kind::NotLiteral)
            return ua.codePoint == ub.codePoint;
        return ua.items == ub.items;
    }
    if (a.kind != b.kind)
        return false;
    switch (a.kind) {
    case Kind::Anchor:
        return a.anchor == b.anchor;
    case Kind::Any:
        return true;
    case Kind::Backreference:
        return a.groupIndex == b.groupIndex;
    default:
        return false; // items holding subpatterns compare by identity in Python
    }
}

WidthCalculator::WidthCalculator(const RegexNode &root)
{
    collectGroups(root, m_groups);
}

Width WidthCalculator::of(const std::vector<const RegexNode *> &items)
{
    std::uint64_t lo = 0;
    std::uint64_t hi = 0;
    const auto add = [&](const Width &w) {
        lo = addSaturated(lo, w.min);
        hi = addSaturated(hi, w.max);
    };
    for (const RegexNode *item : items) {
        switch (item->kind) {
        case Kind::Alternation: {
            const AlternationShape shape = alternationShape(*item);
            if (shape.mergedIntoSet) {
                add({1, 1});
                break;
            }
            Width branch {MaxRepeat - 1, 0};
            for (const auto &alternative : shape.branches) {
                const Width w = of(alternative);
                branch.min = std::min(branch.min, w.min);
                branch.max = std::max(branch.max, w.max);
            }
            add(branch);
            break;
        }
        case Kind::Group:
            add(ofNode(item->children.front()));
            break;
        case Kind::Repeat: {
            const Width w = repeatedWidth(*item);
            lo = addSaturated(lo, multiplySaturated(w.min, item->min));
            hi = addSaturated(hi, multiplySaturated(w.max, item->max));
            break;
        }
        case Kind::Literal:
        case Kind::CharClass:
        case Kind::Any:
            add({1, 1});
            break;
        case Kind::Backreference:
            add(groupWidth(item->groupIndex));
            break;
        case Kind::Conditional: {
            Width w = ofNode(item->children.front());
            if (item->children.size() > 1) {
                const Width no = ofNode(item->children.back());
                w.min = std::min(w.min, no.min);
                w.max = std::max(w.max, no.max);
            } else {
                w.min = 0;
            }
            add(w);
            break;
        }
        default:
            break; // anchors and look-arounds take no room
        }
    }
    return {std::min(lo, MaxRepeat - 1), std::min(hi, MaxRepeat)};
}

Width WidthCalculator::groupWidth(int index)
{
    const auto cached = m_groupWidths.find(index);
    if (cached != m_groupWidths.end())
        return cached->second;
    Width w;
    if (index >= 0 && std::size_t(index) < m_groups.size() && m_groups[std::size_t(index)])
        w = ofNode(m_groups[std::size_t(index)]->children.front());
    m_groupWidths.emplace(index, w);
    return w;
}

Width WidthCalculator::repeatedWidth(const RegexNode &repeat)
{
    // Python repeats the content of a flag-free (?:...) directly, anything else as a one-item
    // subpattern; both are capped on their own.
    const RegexNode &child = repeat.children.front();
    if (isFlagFreeGroup(child))
        return ofNode(child.children.front());
    return of({&child});
}

} // namespace Cors::Py::ReShape
