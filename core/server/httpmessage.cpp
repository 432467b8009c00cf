// SPDX-License-Identifier: MIT
#include "server/httpmessage.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <QByteArray>

namespace Cors {

// QString::compare(Qt::CaseInsensitive) folds case one code point at a time without leaving
// the plane, so names of different lengths never match; ASCII names (all header names in
// practice) are compared here without Qt's Unicode case tables, the rest by Qt.
bool sameHeaderNameOfSameLength(QStringView a, QStringView b)
{
    const char16_t *x = a.utf16();
    const char16_t *y = b.utf16();
    const qsizetype size = a.size();
    qsizetype i = 0;
#ifdef __SSE2__
    // Eight units at a time, ASCII letters folded to lower case by adding 0x20.
    const auto folded = [](__m128i v) {
        const __m128i upper = _mm_and_si128(_mm_cmpgt_epi16(v, _mm_set1_epi16('A' - 1)),
                                            _mm_cmplt_epi16(v, _mm_set1_epi16('Z' + 1)));
        return _mm_add_epi16(v, _mm_and_si128(upper, _mm_set1_epi16(0x20)));
    };
    for (; i + 8 <= size; i += 8) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(x + i));
        const __m128i w = _mm_loadu_si128(reinterpret_cast<const __m128i *>(y + i));
        const __m128i either = _mm_or_si128(v, w);
        // Units from 0x80 (negative as signed from 0x8000): Qt's Unicode comparison decides.
        if (_mm_movemask_epi8(_mm_or_si128(_mm_cmpgt_epi16(either, _mm_set1_epi16(0x7f)),
                                           _mm_cmplt_epi16(either, _mm_setzero_si128()))))
            return a.compare(b, Qt::CaseInsensitive) == 0;
        if (_mm_movemask_epi8(_mm_cmpeq_epi16(folded(v), folded(w))) != 0xffff)
            return false;
    }
#endif
    for (; i < size; ++i) {
        char16_t p = x[i];
        char16_t q = y[i];
        if (p >= 0x80 || q >= 0x80)
            return a.compare(b, Qt::CaseInsensitive) == 0;
        if (p >= u'A' && p <= u'Z')
            p += 0x20;
        if (q >= u'A' && q <= u'Z')
            q += 0x20;
        if (p != q)
            return false;
    }
    return true;
}

std::optional<QString> HttpHeaders::value(QStringView name) const
{
    for (qsizetype i = size() - 1; i >= 0; --i) {
        if (sameHeaderName(at(i).name, name))
            return at(i).value;
    }
    return std::nullopt;
}

qsizetype HttpHeaders::indexOf(QStringView name) const
{
    for (qsizetype i = 0; i < size(); ++i) {
        if (sameHeaderName(at(i).name, name))
            return i;
    }
    return -1;
}

void HttpHeaders::set(const QString &name, const QString &value)
{
    const qsizetype i = indexOf(name);
    if (i >= 0)
        (*this)[i] = {name, value};
    else
        append({name, value});
}

void HttpHeaders::remove(QStringView name)
{
    removeIf([&](const HttpHeader &h) { return sameHeaderName(h.name, name); });
}

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Length of the valid UTF-8 sequence starting at @p i, or 0 if the bytes there are not one.
int utf8SequenceLength(const QByteArray &bytes, qsizetype i)
{
    const auto b = [&](qsizetype k) { return uchar(bytes.at(k)); };
    const uchar lead = b(i);
    int length = 0;
    uchar min2 = 0x80, max2 = 0xbf;
    if (lead < 0x80)
        return 1;
    if (lead >= 0xc2 && lead <= 0xdf) {
        length = 2;
    } else if (lead >= 0xe0 && lead <= 0xef) {
        length = 3;
        if (lead == 0xe0)
            min2 = 0xa0;
        if (lead == 0xed)
            max2 = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
        length = 4;
        if (lead == 0xf0)
            min2 = 0x90;
        if (lead == 0xf4)
            max2 = 0x8f;
    } else {
        return 0;
    }
    if (i + length > bytes.size())
        return 0;
    if (b(i + 1) < min2 || b(i + 1) > max2)
        return 0;
    for (int k = 2; k < length; ++k) {
        if (b(i + k) < 0x80 || b(i + k) > 0xbf)
            return 0;
    }
    return length;
}

} // namespace

QString djangoPathInfo(const QString &requestPath)
{
    // Most paths are plain ASCII without percent-escapes: path_info is then the path itself.
    qsizetype end = 0;
    while (end < requestPath.size()) {
        const char16_t c = requestPath.at(end).unicode();
        if (c == u'?' || c == u'%' || c >= 0x80)
            break;
        ++end;
    }
    if (end == requestPath.size() || requestPath.at(end) == u'?') {
        if (end == 0)
            return QStringLiteral("/");
        return end == requestPath.size() ? requestPath : requestPath.left(end);
    }

    const qsizetype question = requestPath.indexOf(u'?');
    const QByteArray raw = (question >= 0 ? requestPath.left(question) : requestPath).toUtf8();

    QByteArray bytes;
    bytes.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw.at(i) == '%' && i + 2 < raw.size()) {
            const int hi = hexValue(raw.at(i + 1));
            const int lo = hexValue(raw.at(i + 2));
            if (hi >= 0 && lo >= 0) {
                bytes.append(char(hi * 16 + lo));
                i += 2;
                continue;
            }
        }
        bytes.append(raw.at(i));
    }

    // django.utils.encoding.repercent_broken_unicode: undecodable bytes become %XX.
    QByteArray repaired;
    repaired.reserve(bytes.size());
    for (qsizetype i = 0; i < bytes.size();) {
        const int length = utf8SequenceLength(bytes, i);
        if (length == 0) {
            repaired.append('%');
            repaired.append(
                    QByteArray::number(uchar(bytes.at(i)), 16).toUpper().rightJustified(2, '0'));
            ++i;
        } else {
            repaired.append(bytes.mid(i, length));
            i += length;
        }
    }
    const QString pathInfo = QString::fromUtf8(repaired);
    return pathInfo.isEmpty() ? QStringLiteral("/") : pathInfo;
}

} // namespace Cors
