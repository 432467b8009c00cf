// SPDX-License-Identifier: MIT
#include "server/httpmessage.h"

#include <QByteArray>

namespace Cors {

// QString::compare(Qt::CaseInsensitive) folds case one code point at a time without leaving
// the plane, so names of different lengths never match; ASCII names (all header names in
// practice) are compared here without Qt's Unicode case tables, the rest by Qt.
bool sameHeaderNameOfSameLength(QStringView a, QStringView b)
{
    for (qsizetype i = 0; i < a.size(); ++i) {
        char16_t x = a.at(i).unicode();
        char16_t y = b.at(i).unicode();
        if (x >= 0x80 || y >= 0x80)
            return a.compare(b, Qt::CaseInsensitive) == 0;
        if (x >= u'A' && x <= u'Z')
            x += 0x20;
        if (y >= u'A' && y <= u'Z')
            y += 0x20;
        if (x != y)
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
