// SPDX-License-Identifier: MIT
#include "python/pyregexliterals.h"

#include "python/pyregex.h"
#include "python/pyvalue.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace Cors::Py {

namespace {

constexpr double Unbounded = std::numeric_limits<double>::infinity();

void collectTexts(const RegexNode &node, QString &run, std::vector<QString> &texts)
{
    auto endRun = [&] {
        if (!run.isEmpty())
            texts.push_back(std::exchange(run, QString()));
    };
    switch (node.kind) {
    case RegexNode::Kind::Literal:
        // A literal matches exactly its code point unless case is ignored; only ASCII is kept
        // so that texts compare as UTF-16 units without any folding question.
        if (node.codePoint < 0x80 && !(node.flags & PyReFlag::IgnoreCase)) {
            run.append(QChar(char16_t(node.codePoint)));
            return;
        }
        endRun();
        return;
    case RegexNode::Kind::Sequence:
        for (const RegexNode &child : node.children)
            collectTexts(child, run, texts);
        return;
    case RegexNode::Kind::Group:
        // A group matches its content in place, exactly once.
        collectTexts(node.children.front(), run, texts);
        return;
    case RegexNode::Kind::Empty:
        return;
    default:
        // Alternations, repeats, classes, anchors and lookarounds: what stands before and after
        // is still required, but not as one text.
        endRun();
        return;
    }
}

/**
 * An upper bound on the ways @p node can match at one position of a subject of @p n units:
 * the paths a backtracking matcher explores through it. Infinite when it can loop on more than
 * one character per iteration, or refers to groups.
 */
double ways(const RegexNode &node, double n)
{
    switch (node.kind) {
    case RegexNode::Kind::Empty:
    case RegexNode::Kind::Literal:
    case RegexNode::Kind::CharClass:
    case RegexNode::Kind::Any:
    case RegexNode::Kind::Anchor:
        return 1;
    case RegexNode::Kind::Sequence: {
        double product = 1;
        for (const RegexNode &child : node.children)
            product *= ways(child, n);
        return product;
    }
    case RegexNode::Kind::Alternation: {
        double sum = 0;
        for (const RegexNode &child : node.children)
            sum += ways(child, n);
        return sum;
    }
    case RegexNode::Kind::Group:
    case RegexNode::Kind::Lookaround:
        return ways(node.children.front(), n);
    case RegexNode::Kind::Repeat: {
        const double child = ways(node.children.front(), n);
        if (!std::isfinite(child))
            return Unbounded;
        // No iteration can consume less than nothing, and the matchers stop an iteration
        // that consumed nothing, so at most n + 1 iterations are ever tried.
        const double most = std::min<double>(node.max, n + 1);
        const double least = std::min<double>(node.min, most);
        if (child <= 1)
            return most - least + 1;
        if (node.max == RegexNode::Unbounded)
            return Unbounded; // (a|b)*, (a+)+: exponential in the subject
        double sum = 0;
        for (double k = least; k <= most && std::isfinite(sum); ++k)
            sum += std::pow(child, k);
        return sum;
    }
    case RegexNode::Kind::Backreference:
    case RegexNode::Kind::Conditional:
        return Unbounded;
    }
    return Unbounded;
}

} // namespace

RequiredTexts requiredTexts(const RegexNode &root, int patternLength)
{
    RequiredTexts result;
    QString run;
    collectTexts(root, run, result.texts);
    if (!run.isEmpty())
        result.texts.push_back(run);
    std::sort(result.texts.begin(), result.texts.end());
    result.texts.erase(std::unique(result.texts.begin(), result.texts.end()), result.texts.end());
    if (result.texts.empty())
        return result;

    // Every path visits at most each construct once plus each unit of the subject; the PCRE2
    // translation adds a few constructs per Python one, hence the factor of 4.
    auto steps = [&](double n) { return ways(root, n) * (patternLength + n + 2) * 4; };
    constexpr double Limit = Regex::MatchLimit;
    if (!(steps(0) <= Limit))
        return result;
    // The bound grows with n, so the longest subject within the limit is found by bisection.
    qsizetype good = 0;
    qsizetype bad = 1;
    while (bad <= (1 << 20) && steps(double(bad)) <= Limit) {
        good = bad;
        bad *= 2;
    }
    if (bad > (1 << 20)) {
        result.maxSubjectLength = good;
        return result;
    }
    while (bad - good > 1) {
        const qsizetype mid = good + (bad - good) / 2;
        (steps(double(mid)) <= Limit ? good : bad) = mid;
    }
    result.maxSubjectLength = good;
    return result;
}

} // namespace Cors::Py
