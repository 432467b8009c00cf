// SPDX-License-Identifier: MIT
#include "server/regexprefilter.h"

#include <QHash>

#include <algorithm>
#include <queue>
#include <string_view>

namespace Cors {

namespace {

// Keys longer than this are cut: a prefix of a required text is required too, and the table
// grows with the keys' length.
constexpr qsizetype MaxKeyLength = 16;
// States times columns bounds the table; past this the list is left unfiltered.
constexpr qsizetype MaxTableSize = qsizetype(1) << 20; // 4 MiB

} // namespace

RegexPrefilter::RegexPrefilter(const std::vector<Py::RequiredTexts> &regexes)
{
    m_texts.resize(regexes.size());
    m_maxLength.assign(regexes.size(), -1);

    // A text shared by many regexes finds them all; the rarest one keys each regex.
    QHash<QString, int> sharing;
    for (const Py::RequiredTexts &regex : regexes) {
        if (regex.maxSubjectLength > 0)
            for (const QString &text : regex.texts)
                ++sharing[text];
    }
    std::vector<QString> keys(regexes.size());
    for (size_t i = 0; i < regexes.size(); ++i) {
        const Py::RequiredTexts &regex = regexes[i];
        if (regex.maxSubjectLength <= 0 || regex.texts.empty())
            continue;
        const auto rarest = std::min_element(regex.texts.begin(), regex.texts.end(),
                                             [&](const QString &a, const QString &b) {
                                                 const int sa = sharing.value(a);
                                                 const int sb = sharing.value(b);
                                                 return sa != sb ? sa < sb : a.size() > b.size();
                                             });
        keys[i] = rarest->left(MaxKeyLength);
        m_texts[i] = regex.texts;
    }

    // The trie of the keys, then its columns.
    bool used[128] = {};
    for (const QString &key : keys) {
        for (QChar c : key)
            used[c.unicode()] = true;
    }
    for (int c = 0; c < 128; ++c) {
        if (used[c])
            m_column[c] = std::uint8_t(m_columns++);
    }
    constexpr std::uint32_t None = ~std::uint32_t(0);
    std::vector<std::uint32_t> trie(size_t(m_columns), None);
    std::vector<std::vector<int>> ends(1);
    int states = 1;
    for (size_t i = 0; i < keys.size(); ++i) {
        if (keys[i].isEmpty())
            continue;
        std::uint32_t s = 0;
        for (QChar c : keys[i]) {
            std::uint32_t &next = trie[size_t(s) * size_t(m_columns) + m_column[c.unicode()]];
            if (next == None) {
                if (qsizetype(states + 1) * m_columns > MaxTableSize)
                    return; // too large to be worth it: nothing is filtered
                next = std::uint32_t(states++);
                trie.resize(size_t(states) * size_t(m_columns), None);
                ends.emplace_back();
            }
            s = trie[size_t(s) * size_t(m_columns) + m_column[c.unicode()]];
        }
        ends[s].push_back(int(i));
    }
    if (states == 1)
        return;

    // Aho–Corasick: complete the transitions breadth first through the failure links, and
    // give each state the outputs of its failure state too.
    std::vector<std::uint32_t> fail(size_t(states), 0);
    std::queue<std::uint32_t> queue;
    for (int c = 0; c < m_columns; ++c) {
        std::uint32_t &next = trie[size_t(c)];
        if (next == None) {
            next = 0;
        } else {
            fail[next] = 0;
            queue.push(next);
        }
    }
    while (!queue.empty()) {
        const std::uint32_t s = queue.front();
        queue.pop();
        const std::vector<int> &inherited = ends[fail[s]];
        ends[s].insert(ends[s].end(), inherited.begin(), inherited.end());
        for (int c = 0; c < m_columns; ++c) {
            std::uint32_t &next = trie[size_t(s) * size_t(m_columns) + size_t(c)];
            const std::uint32_t viaFail = trie[size_t(fail[s]) * size_t(m_columns) + size_t(c)];
            if (next == None) {
                next = viaFail;
            } else {
                fail[next] = viaFail;
                queue.push(next);
            }
        }
    }
    for (std::uint32_t &next : trie)
        next = next * std::uint32_t(m_columns) | (ends[next].empty() ? 0 : OutputBit);
    m_next = std::move(trie);
    m_outputStart.reserve(size_t(states) + 1);
    for (const std::vector<int> &e : ends) {
        m_outputStart.push_back(std::uint32_t(m_outputs.size()));
        m_outputs.insert(m_outputs.end(), e.begin(), e.end());
    }
    m_outputStart.push_back(std::uint32_t(m_outputs.size()));
    m_states = states;
    for (size_t i = 0; i < regexes.size(); ++i) {
        if (!keys[i].isEmpty())
            m_maxLength[i] = regexes[i].maxSubjectLength;
    }
}

void RegexPrefilter::candidates(QStringView subject, std::vector<int> &out) const
{
    out.clear();
    if (m_states == 0)
        return;
    const std::uint32_t columns = std::uint32_t(m_columns);
    std::uint32_t row = 0;
    for (const QChar c : subject) {
        const char16_t u = c.unicode();
        row = m_next[row + (u < 128 ? m_column[u] : 0)];
        if (row & OutputBit) {
            row &= ~OutputBit;
            const std::uint32_t s = row / columns;
            for (std::uint32_t k = m_outputStart[s]; k < m_outputStart[s + 1]; ++k)
                out.push_back(m_outputs[k]);
        }
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    out.erase(std::remove_if(
                      out.begin(), out.end(),
                      [&](int regex) {
                          const std::vector<QString> &texts = m_texts[size_t(regex)];
                          // std::u16string_view::find: QStringView::contains went
                          // through Qt's general search, 200 instructions a call for
                          // a few units in an origin.
                          const std::u16string_view haystack(subject.utf16(),
                                                             size_t(subject.size()));
                          return std::any_of(texts.begin(), texts.end(), [&](const QString &text) {
                              return haystack.find(std::u16string_view(
                                             reinterpret_cast<const char16_t *>(text.constData()),
                                             size_t(text.size())))
                                      == std::u16string_view::npos;
                          });
                      }),
              out.end());
}

} // namespace Cors
