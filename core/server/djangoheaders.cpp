// SPDX-License-Identifier: MIT
#include "server/djangoheaders.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "python/pysemantics.h"

#include <QByteArray>

namespace Cors {

const CorsHeaderNames &CorsHeaderNames::forProfile(Profile profile)
{
    static const CorsHeaderNames v4 = {
            QStringLiteral("access-control-allow-origin"),
            QStringLiteral("access-control-allow-credentials"),
            QStringLiteral("access-control-expose-headers"),
            QStringLiteral("access-control-allow-headers"),
            QStringLiteral("access-control-allow-methods"),
            QStringLiteral("access-control-max-age"),
            QStringLiteral("access-control-allow-private-network"),
            QStringLiteral("content-length"),
            QStringLiteral("origin"),
    };
    static const CorsHeaderNames v314 = {
            QStringLiteral("Access-Control-Allow-Origin"),
            QStringLiteral("Access-Control-Allow-Credentials"),
            QStringLiteral("Access-Control-Expose-Headers"),
            QStringLiteral("Access-Control-Allow-Headers"),
            QStringLiteral("Access-Control-Allow-Methods"),
            QStringLiteral("Access-Control-Max-Age"),
            QStringLiteral("Access-Control-Allow-Private-Network"),
            QStringLiteral("Content-Length"),
            QStringLiteral("Origin"),
    };
    return profile == Profile::V3_14 ? v314 : v4;
}

namespace {

bool isQuotedPrintableHeaderSafe(uchar byte)
{
    return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z')
            || (byte >= '0' && byte <= '9') || byte == '-' || byte == '!' || byte == '*'
            || byte == '+' || byte == '/';
}

// email.header.Header(value, 'utf-8', maxlinelen=sys.maxsize).encode(): one encoded word, in
// whichever of base64 and Q encoding is shorter (utf-8's header encoding is SHORTEST).
QString mimeEncodedWord(const QString &value)
{
    const QByteArray bytes = value.toUtf8();
    qsizetype qLength = 0;
    for (const char c : bytes)
        qLength += (isQuotedPrintableHeaderSafe(uchar(c)) || c == ' ') ? 1 : 3;
    const qsizetype base64Length = (bytes.size() + 2) / 3 * 4;
    if (base64Length < qLength)
        return QStringLiteral("=?utf-8?b?") + QString::fromLatin1(bytes.toBase64())
                + QStringLiteral("?=");
    QString encoded;
    for (const char c : bytes) {
        const auto byte = uchar(c);
        if (byte == ' ')
            encoded += u'_';
        else if (isQuotedPrintableHeaderSafe(byte))
            encoded += QLatin1Char(char(byte));
        else
            encoded += QStringLiteral("=%1").arg(uint(byte), 2, 16, QLatin1Char('0')).toUpper();
    }
    return QStringLiteral("=?utf-8?q?") + encoded + QStringLiteral("?=");
}

// re.split(r"\s*,\s*", text) with Python's Unicode notion of whitespace: each comma takes the
// whitespace run right before it and right after it.
QStringList splitOnCommas(const QString &text)
{
    QStringList tokens;
    qsizetype pos = 0;
    for (;;) {
        const qsizetype comma = text.indexOf(u',', pos);
        if (comma < 0)
            break;
        qsizetype left = comma;
        while (left > pos && Py::isSpace(text.at(left - 1).unicode()))
            --left;
        qsizetype right = comma + 1;
        while (right < text.size() && Py::isSpace(text.at(right).unicode()))
            ++right;
        tokens.append(text.mid(pos, left - pos));
        pos = right;
    }
    tokens.append(text.mid(pos));
    return tokens;
}

} // namespace

std::optional<QString> djangoHeaderValue(const QString &value, QString *error)
{
    // One pass for the common case: Latin-1 without line breaks is stored as it is.
    bool latin1 = true;
    bool lineBreak = false;
    const char16_t *units = reinterpret_cast<const char16_t *>(value.constData());
    const qsizetype size = value.size();
    qsizetype i = 0;
#ifdef __SSE2__
    // Eight units at a time: every header of every answer is stored through here.
    for (; i + 8 <= size; i += 8) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(units + i));
        // Above 0xff: what is left after an unsigned saturating subtraction of 0xff.
        if (_mm_movemask_epi8(
                    _mm_cmpeq_epi16(_mm_subs_epu16(v, _mm_set1_epi16(0xff)), _mm_setzero_si128()))
            != 0xffff)
            latin1 = false;
        if (_mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi16(v, _mm_set1_epi16('\n')),
                                           _mm_cmpeq_epi16(v, _mm_set1_epi16('\r')))))
            lineBreak = true;
    }
#endif
    for (; i < size; ++i) {
        const char16_t c = units[i];
        if (c > 0xff)
            latin1 = false;
        else if (c == u'\n' || c == u'\r')
            lineBreak = true;
    }
    if (lineBreak) {
        if (error)
            *error = QStringLiteral("BadHeaderError: Header values can't contain newlines (got ")
                    + Py::reprString(value) + u')';
        return std::nullopt;
    }
    if (latin1)
        return value;
    return mimeEncodedWord(value);
}

void patchVaryHeaders(HttpHeaders &headers, const QString &token)
{
    const auto existing = headers.value(u"Vary");
    if (!existing) {
        // Nothing to merge with (the usual case): the token alone.
        headers.append({QStringLiteral("Vary"), token});
        return;
    }
    QStringList tokens = splitOnCommas(*existing);
    bool present = false;
    for (const QString &t : std::as_const(tokens)) {
        if (t.toLower() == token.toLower()) {
            present = true;
            break;
        }
    }
    if (!present)
        tokens.append(token);
    const QString value = tokens.contains(QStringLiteral("*")) ? QStringLiteral("*")
                                                               : tokens.join(QStringLiteral(", "));
    headers.set(QStringLiteral("Vary"), value);
}

} // namespace Cors
