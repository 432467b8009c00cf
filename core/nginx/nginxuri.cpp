// SPDX-License-Identifier: MIT
#include "nginx/nginxuri.h"

#include <QByteArray>
#include <QList>

namespace Cors {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = char(c | 0x20);
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

} // namespace

std::optional<QString> nginxNormalizeUri(const QString &path)
{
    const QByteArray raw = path.toUtf8();
    if (!raw.startsWith('/'))
        return std::nullopt;
    QByteArray decoded;
    decoded.reserve(raw.size());
    for (qsizetype i = 0; i < raw.size(); ++i) {
        const char c = raw.at(i);
        if (c == '%') {
            if (i + 2 >= raw.size())
                return std::nullopt;
            const int hi = hexValue(raw.at(i + 1)), lo = hexValue(raw.at(i + 2));
            if (hi < 0 || lo < 0)
                return std::nullopt;
            const char byte = char(hi * 16 + lo);
            if (byte == '\0')
                return std::nullopt;
            decoded.append(byte);
            i += 2;
            continue;
        }
        decoded.append(c);
    }
    // Segments: merge slashes, resolve dot segments.
    QList<QByteArray> out;
    const QList<QByteArray> parts = decoded.split('/');
    bool trailingSlash = decoded.endsWith('/');
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray &seg = parts.at(i);
        const bool last = i == parts.size() - 1;
        if (seg.isEmpty())
            continue;
        if (seg == ".") {
            if (last)
                trailingSlash = true;
            continue;
        }
        if (seg == "..") {
            if (out.isEmpty())
                return std::nullopt;
            out.removeLast();
            if (last)
                trailingSlash = true;
            continue;
        }
        out.append(seg);
    }
    QByteArray result = "/" + out.join('/');
    if (trailingSlash && !out.isEmpty())
        result += '/';
    return QString::fromUtf8(result);
}

QString nginxEscapeUri(const QString &uri)
{
    const QByteArray bytes = uri.toUtf8();
    QByteArray out;
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f || c == '"' || c == '#' || c == '%' || c == '?')
            out += '%' + QByteArray::number(u, 16).toUpper().rightJustified(2, '0');
        else
            out += c;
    }
    return QString::fromLatin1(out);
}

} // namespace Cors
