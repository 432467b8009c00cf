// SPDX-License-Identifier: MIT
#include "io/flatjsonreader.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace Cors {

// Sixteen bytes at a time where SSE2 is there: request lines are mostly header values the
// middleware never reads, and checking them byte by byte was a third of a request.
const char *FlatJsonReader::closingQuote(const char *p, const char *end)
{
#ifdef __SSE2__
    const __m128i quote = _mm_set1_epi8('"');
    const __m128i backslash = _mm_set1_epi8('\\');
    const __m128i del = _mm_set1_epi8(0x7f);
    const __m128i space = _mm_set1_epi8(0x20);
    while (end - p >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(p));
        // Signed: bytes from 0x80 up are negative, so "less than a space" catches them too.
        const __m128i bad
                = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi8(v, space), _mm_cmpeq_epi8(v, del)),
                               _mm_cmpeq_epi8(v, backslash));
        const unsigned quotes = unsigned(_mm_movemask_epi8(_mm_cmpeq_epi8(v, quote)));
        const unsigned bads = unsigned(_mm_movemask_epi8(bad));
        if (quotes) {
            const unsigned at = unsigned(__builtin_ctz(quotes));
            return bads & ((1u << at) - 1) ? nullptr : p + at;
        }
        if (bads)
            return nullptr;
        p += 16;
    }
#endif
    for (; p != end; ++p) {
        const auto c = uchar(*p);
        if (c == '"')
            return p;
        if (c < 0x20 || c >= 0x7f || c == '\\')
            return nullptr;
    }
    return nullptr;
}

} // namespace Cors
