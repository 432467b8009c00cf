// SPDX-License-Identifier: MIT
#include "io/jsonwriter.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace Cors {

void JsonWriter::separate()
{
    if (m_afterKey) {
        m_afterKey = false;
        return;
    }
    if (m_needComma)
        m_out += ',';
}

JsonWriter &JsonWriter::beginObject()
{
    separate();
    m_out += '{';
    m_needComma = false;
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    m_out += '}';
    m_needComma = true;
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separate();
    m_out += '[';
    m_needComma = false;
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    m_out += ']';
    m_needComma = true;
    return *this;
}

JsonWriter &JsonWriter::key(QStringView name)
{
    separate();
    appendString(m_out, name);
    m_out += ':';
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::value(QStringView text)
{
    separate();
    appendString(m_out, text);
    m_needComma = true;
    return *this;
}

JsonWriter &JsonWriter::value(qint64 number)
{
    separate();
    m_out += QByteArray::number(number);
    m_needComma = true;
    return *this;
}

JsonWriter &JsonWriter::value(bool flag)
{
    separate();
    m_out += flag ? "true" : "false";
    m_needComma = true;
    return *this;
}

JsonWriter &JsonWriter::null()
{
    separate();
    m_out += "null";
    m_needComma = true;
    return *this;
}

JsonWriter &JsonWriter::raw(const QByteArray &json)
{
    separate();
    m_out += json;
    m_needComma = true;
    return *this;
}

void JsonWriter::appendString(QByteArray &out, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    // Written through a pointer into room for the worst case (6 bytes per UTF-16 unit, for
    // \uXXXX), then cut to size: appending byte by byte dominated the answers' cost.
    const qsizetype start = out.size();
    out.resize(start + 6 * text.size() + 2);
    char *p = out.data() + start;
    *p++ = '"';
    const qsizetype size = text.size();
    const char16_t *units = reinterpret_cast<const char16_t *>(text.data());
    for (qsizetype i = 0; i < size; ++i) {
#ifdef __SSE2__
        // Eight units at a time while they are printable ASCII other than '"' and '\\' (most of
        // a trace's text), narrowed to bytes in one store.
        while (i + 8 <= size) {
            const __m128i chunk = _mm_loadu_si128(reinterpret_cast<const __m128i *>(units + i));
            // Signed compares: units of 0x8000 and above are negative, hence "below 0x20" too.
            const __m128i special
                    = _mm_or_si128(_mm_or_si128(_mm_cmplt_epi16(chunk, _mm_set1_epi16(0x20)),
                                                _mm_cmpgt_epi16(chunk, _mm_set1_epi16(0x7f))),
                                   _mm_or_si128(_mm_cmpeq_epi16(chunk, _mm_set1_epi16('"')),
                                                _mm_cmpeq_epi16(chunk, _mm_set1_epi16('\\'))));
            if (_mm_movemask_epi8(special) != 0)
                break;
            _mm_storel_epi64(reinterpret_cast<__m128i *>(p), _mm_packus_epi16(chunk, chunk));
            p += 8;
            i += 8;
        }
        if (i == size)
            break;
#endif
        const char16_t c = units[i];
        if (c >= 0x20 && c < 0x80 && c != u'"' && c != u'\\') {
            *p++ = char(c);
            continue;
        }
        switch (c) {
        case u'"':
            *p++ = '\\';
            *p++ = '"';
            break;
        case u'\\':
            *p++ = '\\';
            *p++ = '\\';
            break;
        case u'\n':
            *p++ = '\\';
            *p++ = 'n';
            break;
        case u'\r':
            *p++ = '\\';
            *p++ = 'r';
            break;
        case u'\t':
            *p++ = '\\';
            *p++ = 't';
            break;
        case u'\b':
            *p++ = '\\';
            *p++ = 'b';
            break;
        case u'\f':
            *p++ = '\\';
            *p++ = 'f';
            break;
        default:
            if (c < 0x20 || (c >= 0xd800 && c <= 0xdfff)) {
                const bool pairedSurrogate = c >= 0xd800 && c <= 0xdbff && i + 1 < size
                        && text.at(i + 1).isLowSurrogate();
                if (pairedSurrogate) {
                    const char32_t cp = QChar::surrogateToUcs4(c, text.at(i + 1).unicode());
                    *p++ = char(0xf0 | (cp >> 18));
                    *p++ = char(0x80 | ((cp >> 12) & 0x3f));
                    *p++ = char(0x80 | ((cp >> 6) & 0x3f));
                    *p++ = char(0x80 | (cp & 0x3f));
                    ++i;
                    break;
                }
                // Control characters and lone surrogates (not valid UTF-8) as \u escapes.
                *p++ = '\\';
                *p++ = 'u';
                *p++ = hex[(c >> 12) & 0xf];
                *p++ = hex[(c >> 8) & 0xf];
                *p++ = hex[(c >> 4) & 0xf];
                *p++ = hex[c & 0xf];
            } else if (c < 0x800) {
                *p++ = char(0xc0 | (c >> 6));
                *p++ = char(0x80 | (c & 0x3f));
            } else {
                *p++ = char(0xe0 | (c >> 12));
                *p++ = char(0x80 | ((c >> 6) & 0x3f));
                *p++ = char(0x80 | (c & 0x3f));
            }
        }
    }
    *p++ = '"';
    out.resize(p - out.constData());
}

} // namespace Cors
