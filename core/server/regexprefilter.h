// SPDX-License-Identifier: MIT
#pragma once

#include "python/pyregexliterals.h"

#include <QString>
#include <QStringView>

#include <cstdint>
#include <vector>

namespace Cors {

/**
 * Which of a list of origin regexes can match a given origin, found with one pass over the
 * origin instead of one match per regex: each regex is keyed by its rarest required text
 * (Py::requiredTexts), an Aho–Corasick automaton finds the keys the origin contains, and the
 * regexes so found are kept only if the origin contains all their other texts too.
 *
 * A regex the prefilter cannot rule out exactly (no required text, or an origin longer than
 * its backtracking bound allows) is never filtered: filters() says so and the caller matches it.
 */
class RegexPrefilter
{
public:
    /** One entry per regex of the list, in order; an entry without texts is never filtered. */
    explicit RegexPrefilter(const std::vector<Py::RequiredTexts> &regexes);

    /** No regex is filtered at all. */
    bool isEmpty() const { return m_states == 0; }
    /** Whether regex @p index is ruled in or out by candidates() for a subject this long. */
    bool filters(int index, qsizetype subjectLength) const
    {
        return index < int(m_maxLength.size()) && subjectLength <= m_maxLength[size_t(index)];
    }
    /**
     * The filtered regexes that @p subject contains every required text of, ascending, in
     * @p out (cleared first). Regexes filters() is false for are not judged here.
     */
    void candidates(QStringView subject, std::vector<int> &out) const;

private:
    // Per regex: its required texts (the key is one of them, perhaps cut) and the longest
    // subject it is filtered for (-1: never).
    std::vector<std::vector<QString>> m_texts;
    std::vector<qsizetype> m_maxLength;

    // The automaton over the keys: ASCII units mapped to columns (0: a unit no key has),
    // a dense transition table, and per state the regexes whose key ends there. A transition
    // holds the target state's row (state times columns), with OutputBit set when keys end
    // there: the scan then reads one table per unit.
    static constexpr std::uint32_t OutputBit = 0x80000000u;
    std::uint8_t m_column[128] = {};
    int m_columns = 1;
    int m_states = 0;
    std::vector<std::uint32_t> m_next;
    std::vector<std::uint32_t> m_outputStart; // m_states + 1 offsets into m_outputs
    std::vector<int> m_outputs;
};

} // namespace Cors
