// SPDX-License-Identifier: MIT
#include "text/asciicase.h"

#include <array>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace Cors {

namespace {

/**
 * The lowered copies of the last mixed-case names seen, by content: a simulated fetch lowers
 * the same few response header names ("Content-Type", "Vary", "Date", ...) every time, and the
 * copy cost more than the comparison. The originals are deep copies, so a hit never depends on
 * where the text lives.
 */
class LoweredNames
{
public:
    static constexpr qsizetype MaxSize = 40;

    const QString *find(const char16_t *units, qsizetype size, size_t hash) const
    {
        const Slot &slot = m_slots[hash % m_slots.size()];
        if (slot.original.size() == size
            && std::memcmp(slot.original.constData(), units, size_t(size) * sizeof(char16_t)) == 0)
            return &slot.lower;
        return nullptr;
    }
    void remember(const char16_t *units, qsizetype size, size_t hash, const QString &lower)
    {
        Slot &slot = m_slots[hash % m_slots.size()];
        slot.original = QString(reinterpret_cast<const QChar *>(units), size);
        slot.lower = lower;
    }

private:
    struct Slot
    {
        QString original;
        QString lower;
    };
    std::array<Slot, 64> m_slots;
};

} // namespace

QString lowerCased(const QString &text)
{
    const char16_t *units = reinterpret_cast<const char16_t *>(text.constData());
    const qsizetype size = text.size();
    bool hasUpper = false;
    qsizetype i = 0;
#ifdef __SSE2__
    // Eight units at a time: most names are short, but each is asked several times a request.
    int upperLanes = 0;
    for (; i + 8 <= size; i += 8) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(units + i));
        // Signed compares: units from 0x8000 are negative.
        const __m128i nonAscii = _mm_or_si128(_mm_cmpgt_epi16(v, _mm_set1_epi16(0x7f)),
                                              _mm_cmplt_epi16(v, _mm_setzero_si128()));
        if (_mm_movemask_epi8(nonAscii))
            return text.toLower();
        upperLanes |= _mm_movemask_epi8(_mm_and_si128(_mm_cmpgt_epi16(v, _mm_set1_epi16('A' - 1)),
                                                      _mm_cmplt_epi16(v, _mm_set1_epi16('Z' + 1))));
    }
    hasUpper = upperLanes != 0;
#endif
    for (; i < size; ++i) {
        // Outside ASCII, case mapping is Unicode's (and can change the length): Qt's own.
        if (units[i] >= 0x80)
            return text.toLower();
        hasUpper |= units[i] >= u'A' && units[i] <= u'Z';
    }
    if (!hasUpper)
        return text;
    thread_local LoweredNames remembered;
    const bool memo = size <= LoweredNames::MaxSize;
    size_t hash = size_t(size);
    if (memo) {
        for (qsizetype i = 0; i < size; ++i)
            hash = hash * 31 + units[i];
        if (const QString *lower = remembered.find(units, size, hash))
            return *lower;
    }
    QString lower(size, Qt::Uninitialized);
    char16_t *out = reinterpret_cast<char16_t *>(lower.data());
    for (qsizetype i = 0; i < size; ++i)
        out[i] = units[i] >= u'A' && units[i] <= u'Z' ? char16_t(units[i] | 0x20) : units[i];
    if (memo)
        remembered.remember(units, size, hash, lower);
    return lower;
}

} // namespace Cors
