// SPDX-License-Identifier: MIT
#include "python/pyregexcharset.h"

#include <algorithm>

namespace Cors::Py {

CodePointSet CodePointSet::range(char32_t first, char32_t last)
{
    CodePointSet set;
    set.addRange(first, last);
    return set;
}

CodePointSet CodePointSet::fromRanges(std::vector<CodePointRange> ranges)
{
    std::sort(ranges.begin(), ranges.end(),
              [](const CodePointRange &a, const CodePointRange &b) { return a.first < b.first; });
    CodePointSet set;
    for (const CodePointRange &r : ranges) {
        if (r.first > r.last)
            continue;
        if (!set.m_ranges.empty() && r.first <= set.m_ranges.back().last + 1)
            set.m_ranges.back().last = std::max(set.m_ranges.back().last, r.last);
        else
            set.m_ranges.push_back(r);
    }
    return set;
}

bool CodePointSet::contains(char32_t cp) const
{
    const auto it
            = std::upper_bound(m_ranges.begin(), m_ranges.end(), cp,
                               [](char32_t c, const CodePointRange &r) { return c < r.first; });
    return it != m_ranges.begin() && cp <= std::prev(it)->last;
}

unsigned long long CodePointSet::size() const
{
    unsigned long long n = 0;
    for (const CodePointRange &r : m_ranges)
        n += r.last - r.first + 1;
    return n;
}

void CodePointSet::addRange(char32_t first, char32_t last)
{
    if (first > last)
        return;
    // Appending in order is the common case (building from sorted input) and stays linear.
    if (m_ranges.empty() || first > m_ranges.back().last + 1) {
        m_ranges.push_back({first, last});
        return;
    }
    if (first >= m_ranges.back().first) {
        m_ranges.back().last = std::max(m_ranges.back().last, last);
        return;
    }
    std::vector<CodePointRange> all = m_ranges;
    all.push_back({first, last});
    *this = fromRanges(std::move(all));
}

void CodePointSet::add(const CodePointSet &other)
{
    *this = united(other);
}

CodePointSet CodePointSet::united(const CodePointSet &other) const
{
    std::vector<CodePointRange> all;
    all.reserve(m_ranges.size() + other.m_ranges.size());
    std::merge(m_ranges.begin(), m_ranges.end(), other.m_ranges.begin(), other.m_ranges.end(),
               std::back_inserter(all),
               [](const CodePointRange &a, const CodePointRange &b) { return a.first < b.first; });
    return fromRanges(std::move(all));
}

CodePointSet CodePointSet::complemented() const
{
    CodePointSet out;
    char32_t next = 0;
    for (const CodePointRange &r : m_ranges) {
        if (r.first > next)
            out.m_ranges.push_back({next, char32_t(r.first - 1)});
        next = r.last + 1;
    }
    if (next <= MaxCodePoint)
        out.m_ranges.push_back({next, MaxCodePoint});
    return out;
}

CodePointSet CodePointSet::intersected(const CodePointSet &other) const
{
    CodePointSet out;
    auto a = m_ranges.begin();
    auto b = other.m_ranges.begin();
    while (a != m_ranges.end() && b != other.m_ranges.end()) {
        const char32_t lo = std::max(a->first, b->first);
        const char32_t hi = std::min(a->last, b->last);
        if (lo <= hi)
            out.m_ranges.push_back({lo, hi});
        if (a->last < b->last)
            ++a;
        else
            ++b;
    }
    return out;
}

CodePointSet CodePointSet::subtracted(const CodePointSet &other) const
{
    return intersected(other.complemented());
}

} // namespace Cors::Py
