// SPDX-License-Identifier: MIT
#pragma once

#include <vector>

namespace Cors::Py {

/** An inclusive range of code points. */
struct CodePointRange
{
    char32_t first = 0;
    char32_t last = 0;

    friend bool operator==(const CodePointRange &a, const CodePointRange &b)
    {
        return a.first == b.first && a.last == b.last;
    }
};

/**
 * A set of code points (0..0x10FFFF) as sorted, disjoint, non-adjacent ranges. Used to work
 * out exactly which characters a Python character class matches before writing it for PCRE2.
 */
class CodePointSet
{
public:
    static constexpr char32_t MaxCodePoint = 0x10FFFF;

    CodePointSet() = default;
    static CodePointSet range(char32_t first, char32_t last);
    static CodePointSet single(char32_t cp) { return range(cp, cp); }
    static CodePointSet fromRanges(std::vector<CodePointRange> ranges);

    bool isEmpty() const { return m_ranges.empty(); }
    bool contains(char32_t cp) const;
    const std::vector<CodePointRange> &ranges() const { return m_ranges; }
    /** Number of code points. */
    unsigned long long size() const;

    void add(char32_t cp) { addRange(cp, cp); }
    void addRange(char32_t first, char32_t last);
    void add(const CodePointSet &other);

    CodePointSet united(const CodePointSet &other) const;
    CodePointSet subtracted(const CodePointSet &other) const;
    CodePointSet intersected(const CodePointSet &other) const;
    CodePointSet complemented() const;

    friend bool operator==(const CodePointSet &a, const CodePointSet &b)
    {
        return a.m_ranges == b.m_ranges;
    }

private:
    std::vector<CodePointRange> m_ranges;
};

} // namespace Cors::Py
