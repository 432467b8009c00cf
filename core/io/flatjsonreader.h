// SPDX-License-Identifier: MIT
#pragma once

#include "server/httpmessage.h"

#include <QByteArrayView>
#include <QJsonValue>
#include <QLatin1StringView>
#include <QVarLengthArray>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <iterator>

namespace Cors {

/**
 * The pieces of a JSON Lines input line in its common shape, read without a QJsonDocument:
 * printable ASCII strings without escapes, small non-negative integers, true and false, and
 * objects of header names to such strings. Each read returns false for anything else, and the
 * caller then reads the line the general way (QJsonDocument, with its error messages).
 */
class FlatJsonReader
{
public:
    explicit FlatJsonReader(QByteArrayView line)
        : m_p(line.data())
        , m_end(m_p + line.size())
    { }

    /**
     * The whole line as one object whose members are among @p keys, each at most once:
     * @p member(i) reads the value of keys[i] (false stops the reading).
     */
    template<std::size_t N, typename Member>
    bool wholeObject(const QLatin1StringView (&keys)[N], Member &&member)
    {
        static_assert(N <= 32, "one bit per key");
        if (!take('{'))
            return false;
        unsigned seen = 0;
        if (!peek('}')) {
            do {
                QLatin1StringView key;
                if (!string(&key) || !take(':'))
                    return false;
                const auto found = std::find(std::begin(keys), std::end(keys), key);
                if (found == std::end(keys))
                    return false;
                const unsigned bit = 1u << (found - std::begin(keys));
                if ((seen & bit) || !member(int(found - std::begin(keys))))
                    return false;
                seen |= bit;
            } while (take(','));
        }
        return take('}') && atEnd();
    }

    /** Only white space is left. */
    bool atEnd()
    {
        skipSpace();
        return m_p == m_end;
    }
    Q_ALWAYS_INLINE void skipSpace()
    {
        while (m_p != m_end && uchar(*m_p) <= ' '
               && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
            ++m_p;
    }
    bool peek(char c)
    {
        skipSpace();
        return m_p != m_end && *m_p == c;
    }
    bool take(char c)
    {
        if (!peek(c))
            return false;
        ++m_p;
        return true;
    }
    bool word(const char *text)
    {
        skipSpace();
        const qsizetype n = qsizetype(qstrlen(text));
        if (m_end - m_p < n || qstrncmp(m_p, text, size_t(n)) != 0)
            return false;
        m_p += n;
        return true;
    }
    /** A string of printable ASCII without escapes. */
    bool string(QLatin1StringView *text)
    {
        if (!take('"'))
            return false;
        const char *quote = closingQuote(m_p, m_end);
        if (!quote)
            return false;
        *text = QLatin1StringView(m_p, quote - m_p);
        m_p = quote + 1;
        return true;
    }
    /**
     * A string of printable ASCII, with the escapes \" \\ \/ \b \f \n \r \t decoded (a JSON
     * body in a scenario has its quotes escaped); \u escapes are left to QJsonDocument.
     */
    bool text(QString *out)
    {
        const char *start = m_p;
        QLatin1StringView plain;
        if (string(&plain)) {
            *out = QString(plain);
            return true;
        }
        m_p = start;
        if (!take('"'))
            return false;
        QString decoded;
        while (m_p != m_end && *m_p != '"') {
            char c = *m_p++;
            if (uchar(c) < 0x20 || uchar(c) >= 0x7f)
                return false;
            if (c == '\\') {
                if (m_p == m_end)
                    return false;
                // Pairs of the letter after the backslash and what it stands for.
                static const char escapes[] = "\"\"\\\\//b\bf\fn\nr\rt\t";
                const char letter = *m_p++;
                const char *found = letter ? std::strchr(escapes, letter) : nullptr;
                if (!found || (found - escapes) % 2 != 0)
                    return false;
                c = found[1];
            }
            decoded.append(QLatin1Char(c));
        }
        if (m_p == m_end)
            return false;
        ++m_p;
        *out = decoded;
        return true;
    }
    /**
     * A non-negative integer of at most 15 digits. No sign, fraction, exponent or leading zero:
     * those keep their JSON spelling only through QJsonDocument.
     */
    bool integer(qint64 *value)
    {
        skipSpace();
        const char *start = m_p;
        qint64 number = 0;
        while (m_p != m_end && *m_p >= '0' && *m_p <= '9' && m_p - start < 15)
            number = number * 10 + (*m_p++ - '0');
        if (m_p == start || (*start == '0' && m_p - start > 1)
            || (m_p != m_end && (std::isalnum(uchar(*m_p)) || *m_p == '.')))
            return false;
        *value = number;
        return true;
    }
    /** A string() or an integer(), as the line's "id": its JSON text as written. */
    bool idSpelling(QByteArrayView *spelling)
    {
        skipSpace();
        const char *start = m_p;
        QLatin1StringView text;
        qint64 number = 0;
        if (!(peek('"') ? string(&text) : integer(&number)))
            return false;
        *spelling = QByteArrayView(start, m_p - start);
        return true;
    }
    /** idSpelling() as the value to echo. */
    bool id(QJsonValue *value)
    {
        QByteArrayView spelling;
        if (!idSpelling(&spelling))
            return false;
        if (spelling.front() == '"') {
            *value = QString(QLatin1StringView(spelling.sliced(1, spelling.size() - 2)));
        } else {
            qint64 number = 0;
            std::from_chars(spelling.data(), spelling.data() + spelling.size(), number);
            *value = number;
        }
        return true;
    }
    /**
     * An object of header names to strings, appended in the line's order; false also for two
     * names that are the same ignoring case and '-'/'_' (WSGI would merge them).
     */
    bool headers(HttpHeaders *headers)
    {
        if (!take('{'))
            return false;
        QVarLengthArray<QLatin1StringView, 8> names;
        if (!peek('}')) {
            do {
                QLatin1StringView name, value;
                // Past 64 headers the pairwise name check would be quadratic: the general path.
                if (!string(&name) || !take(':') || !string(&value) || names.size() >= 64)
                    return false;
                for (const QLatin1StringView &other : names) {
                    if (sameWsgiName(name, other))
                        return false;
                }
                names.append(name);
                headers->append({QString(name), QString(value)});
            } while (take(','));
        }
        return take('}');
    }

    /**
     * Header names that are one META key (the same ignoring ASCII case and '-'/'_'), as
     * CorsEngine's requestHeader() compares them; these readers see only printable ASCII.
     */
    static bool sameWsgiName(QLatin1StringView a, QLatin1StringView b)
    {
        if (a.size() != b.size())
            return false;
        const auto fold = [](char c) {
            return c >= 'A' && c <= 'Z' ? char(c + ('a' - 'A')) : c == '_' ? '-' : c;
        };
        for (qsizetype i = 0; i < a.size(); ++i) {
            const char x = a.data()[i], y = b.data()[i];
            if (x != y && fold(x) != fold(y))
                return false;
        }
        return true;
    }

private:
    /**
     * The '"' that ends a JSON string starting at @p p, provided that everything before it is
     * printable ASCII other than a backslash; null otherwise. Sixteen bytes at a time where SSE2
     * is there (inline: a call per string showed in respond's figures): request lines are mostly
     * header values the middleware never reads, and checking them byte by byte was a third of
     * a request.
     */
    static const char *closingQuote(const char *p, const char *end)
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

    const char *m_p;
    const char *m_end;
};

} // namespace Cors
