// SPDX-License-Identifier: MIT
#pragma once

#include "server/httpmessage.h"

#include <QByteArray>
#include <QJsonValue>
#include <QLatin1StringView>
#include <QVarLengthArray>

#include <cctype>
#include <cstring>

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
    explicit FlatJsonReader(const QByteArray &line)
        : m_p(line.constData())
        , m_end(m_p + line.size())
    { }

    /** Only white space is left. */
    bool atEnd()
    {
        skipSpace();
        return m_p == m_end;
    }

    void skipSpace()
    {
        while (m_p != m_end && (*m_p == ' ' || *m_p == '\t' || *m_p == '\n' || *m_p == '\r'))
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
        const char *start = m_p;
        while (m_p != m_end && *m_p != '"') {
            const auto c = uchar(*m_p);
            if (c < 0x20 || c >= 0x7f || c == '\\')
                return false;
            ++m_p;
        }
        if (m_p == m_end)
            return false;
        *text = QLatin1StringView(start, m_p - start);
        ++m_p;
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
    /** A string or a small integer (integer()), as the line's "id" to echo. */
    bool id(QJsonValue *value)
    {
        if (peek('"')) {
            QLatin1StringView text;
            if (!string(&text))
                return false;
            *value = QString(text);
            return true;
        }
        qint64 number = 0;
        if (!integer(&number))
            return false;
        *value = number;
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
    static bool sameHeaderName(QLatin1StringView a, QLatin1StringView b)
    {
        if (a.size() != b.size())
            return false;
        for (qsizetype i = 0; i < a.size(); ++i) {
            char x = char(std::tolower(uchar(a.at(i).toLatin1())));
            char y = char(std::tolower(uchar(b.at(i).toLatin1())));
            if ((x == '_' ? '-' : x) != (y == '_' ? '-' : y))
                return false;
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
                    if (sameHeaderName(name, other))
                        return false;
                }
                names.append(name);
                headers->append({QString(name), QString(value)});
            } while (take(','));
        }
        return take('}');
    }

private:
    const char *m_p;
    const char *m_end;
};

} // namespace Cors
