// SPDX-License-Identifier: MIT
#include "io/jsonwriter.h"

#include <QJsonArray>
#include <QJsonDocument>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <charconv>
#include <cstring>

namespace Cors {

const QByteArray &JsonWriter::data() const
{
    if (m_cursor) {
        m_out.truncate(m_cursor - m_out.constData());
        // The caller may share m_out now: the next write goes through grow(), which detaches.
        m_cursor = m_limit = const_cast<char *>(m_out.constData()) + m_out.size();
    }
    return m_out;
}

char *JsonWriter::grow(qsizetype bytes)
{
    const qsizetype written = m_cursor ? m_cursor - m_out.constData() : 0;
    // A simulated answer with its trace is about 5 KB: start there rather than double up to it.
    m_out.resize(std::max({2 * m_out.size(), written + bytes + 1024, qsizetype(8192)}));
    m_cursor = m_out.data() + written;
    m_limit = m_out.data() + m_out.size();
    return m_cursor;
}

void JsonWriter::put(const char *bytes, qsizetype size)
{
    char *p = room(size);
    std::memcpy(p, bytes, size_t(size));
    m_cursor = p + size;
}

JsonWriter &JsonWriter::beginObject()
{
    separate();
    put('{');
    m_needComma = false;
    return *this;
}

JsonWriter &JsonWriter::endObject()
{
    put('}');
    m_needComma = true;
    return *this;
}

JsonWriter &JsonWriter::beginArray()
{
    separate();
    put('[');
    m_needComma = false;
    return *this;
}

JsonWriter &JsonWriter::endArray()
{
    put(']');
    m_needComma = true;
    return *this;
}

JsonWriter &JsonWriter::key(QStringView name)
{
    separate();
    putString(name);
    put(':');
    m_afterKey = true;
    return *this;
}

JsonWriter &JsonWriter::value(qint64 number)
{
    separate();
    // Into the buffer: QByteArray::number() built and inserted a temporary (360 instructions).
    constexpr qsizetype MaxDigits = 20; // with the sign
    char *p = room(MaxDigits);
    m_cursor = std::to_chars(p, p + MaxDigits, number).ptr;
    m_needComma = true;
    return *this;
}

JsonWriter &JsonWriter::value(bool flag)
{
    separate();
    if (flag)
        put("true", 4);
    else
        put("false", 5);
    m_needComma = true;
    return *this;
}

JsonWriter &JsonWriter::null()
{
    separate();
    put("null", 4);
    m_needComma = true;
    return *this;
}

JsonWriter &JsonWriter::raw(const QByteArray &json)
{
    separate();
    put(json.constData(), json.size());
    m_needComma = true;
    return *this;
}

QByteArray JsonWriter::valueText(const QJsonValue &value)
{
    // QJsonDocument serialises only containers: wrap the value and strip the brackets.
    const QByteArray array = QJsonDocument(QJsonArray {value}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

void JsonWriter::appendString(QByteArray &out, QStringView text)
{
    const qsizetype start = out.size();
    out.resize(start + 6 * text.size() + 2);
    char *end = writeString(out.data() + start, text);
    out.resize(end - out.constData());
}

namespace {

#ifdef __SSE2__
/**
 * The lanes of @p bytes that are not printable ASCII, '"' or '\\', where @p bytes are UTF-16
 * units narrowed by _mm_packus_epi16: units from 0x100 to 0x7fff become 0xff and those from
 * 0x8000 (negative as signed) become 0, so with a signed compare every unit that is not plain
 * ASCII lands below 0x20.
 */
inline int specialBytes(__m128i bytes)
{
    const __m128i special = _mm_or_si128(_mm_cmplt_epi8(bytes, _mm_set1_epi8(0x20)),
                                         _mm_or_si128(_mm_cmpeq_epi8(bytes, _mm_set1_epi8('"')),
                                                      _mm_cmpeq_epi8(bytes, _mm_set1_epi8('\\'))));
    return _mm_movemask_epi8(special);
}

inline __m128i loadUnits(const char16_t *units)
{
    return _mm_loadu_si128(reinterpret_cast<const __m128i *>(units));
}
#endif

} // namespace

char *JsonWriter::writeString(char *p, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    // Written through a pointer into room for the worst case (6 bytes per UTF-16 unit, for
    // \uXXXX): appending byte by byte dominated the answers' cost.
    *p++ = '"';
    const qsizetype size = text.size();
    const char16_t *units = reinterpret_cast<const char16_t *>(text.data());
#ifdef __SSE2__
    // Four to seven plain units (a status, a verdict, a header name): the first four and the
    // last four, which overlap, in two loads narrowed together (bytes 0-3 and 8-11).
    if (size >= 4 && size < 8) {
        const __m128i head = _mm_loadl_epi64(reinterpret_cast<const __m128i *>(units));
        const __m128i tail = _mm_loadl_epi64(reinterpret_cast<const __m128i *>(units + size - 4));
        const __m128i bytes = _mm_packus_epi16(head, tail);
        if ((specialBytes(bytes) & 0x0f0f) == 0) {
            const int headBytes = _mm_cvtsi128_si32(bytes);
            const int tailBytes = _mm_cvtsi128_si32(_mm_srli_si128(bytes, 8));
            std::memcpy(p, &headBytes, 4);
            std::memcpy(p + size - 4, &tailBytes, 4);
            p += size;
            *p++ = '"';
            return p;
        }
    }
#endif
    for (qsizetype i = 0; i < size; ++i) {
#ifdef __SSE2__
        // Sixteen units at a time while they are printable ASCII other than '"' and '\\' (most
        // of a trace's text), narrowed to bytes and checked as bytes; then eight.
        while (i + 16 <= size) {
            const __m128i bytes = _mm_packus_epi16(loadUnits(units + i), loadUnits(units + i + 8));
            if (specialBytes(bytes) != 0)
                break;
            _mm_storeu_si128(reinterpret_cast<__m128i *>(p), bytes);
            p += 16;
            i += 16;
        }
        while (i + 8 <= size) {
            const __m128i chunk = loadUnits(units + i);
            const __m128i bytes = _mm_packus_epi16(chunk, chunk);
            if ((specialBytes(bytes) & 0xff) != 0)
                break;
            _mm_storel_epi64(reinterpret_cast<__m128i *>(p), bytes);
            p += 8;
            i += 8;
        }
        if (i == size)
            break;
        // Fewer than eight left: the last eight units of the text, when all of them are plain.
        // The ones before i among them were written as they are, one byte each, so the store
        // that ends at the text's end rewrites those bytes unchanged.
        if (i + 8 > size && size >= 8) {
            const __m128i last = loadUnits(units + size - 8);
            const __m128i bytes = _mm_packus_epi16(last, last);
            if ((specialBytes(bytes) & 0xff) == 0) {
                const qsizetype left = size - i;
                _mm_storel_epi64(reinterpret_cast<__m128i *>(p - (8 - left)), bytes);
                p += left;
                break;
            }
        }
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
    return p;
}

} // namespace Cors
