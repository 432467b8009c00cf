// SPDX-License-Identifier: MIT
#include "text/translation.h"

#include <QCoreApplication>

#include <bit>
#include <cstdint>
#include <deque>
#include <vector>

namespace Cors {

namespace {

/**
 * Open addressing on the two pointers: a QHash lookup (hashing a pair, its spans) took 115
 * instructions, 53 times a scenario. The texts live in a deque so that the references handed
 * out stay valid while it grows.
 */
class TranslationTable
{
public:
    const FormatString &find(const char *context, const char *text)
    {
        size_t i = slotOf(context, text);
        for (;; i = (i + 1) & (m_slots.size() - 1)) {
            const Slot &slot = m_slots[i];
            if (slot.text == text && slot.context == context)
                return *slot.translated;
            if (!slot.text)
                break;
        }
        m_texts.emplace_back(QCoreApplication::translate(context, text));
        if (2 * (m_texts.size() + 1) > m_slots.size()) {
            grow();
            i = freeSlotOf(context, text);
        }
        m_slots[i] = {context, text, &m_texts.back()};
        return m_texts.back();
    }

private:
    struct Slot
    {
        const char *context = nullptr;
        const char *text = nullptr;
        const FormatString *translated = nullptr;
    };

    size_t slotOf(const char *context, const char *text) const
    {
        const std::uint64_t key = std::uint64_t(reinterpret_cast<std::uintptr_t>(text))
                ^ (std::uint64_t(reinterpret_cast<std::uintptr_t>(context)) << 17);
        return size_t((key * 0x9E3779B97F4A7C15ull) >> m_shift);
    }
    size_t freeSlotOf(const char *context, const char *text) const
    {
        size_t i = slotOf(context, text);
        while (m_slots[i].text)
            i = (i + 1) & (m_slots.size() - 1);
        return i;
    }
    void grow()
    {
        std::vector<Slot> old(m_slots.size() * 2);
        old.swap(m_slots);
        --m_shift;
        for (const Slot &slot : old) {
            if (slot.text)
                m_slots[freeSlotOf(slot.context, slot.text)] = slot;
        }
    }

    std::vector<Slot> m_slots = std::vector<Slot>(256);
    int m_shift = 64 - std::countr_zero(size_t(256));
    std::deque<FormatString> m_texts;
};

} // namespace

const FormatString &cachedTranslation(const char *context, const char *text)
{
    thread_local TranslationTable table;
    return table.find(context, text);
}

} // namespace Cors
