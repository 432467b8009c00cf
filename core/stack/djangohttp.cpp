// SPDX-License-Identifier: MIT
#include "stack/djangohttp.h"

#include "python/pyregex.h"

#include <QByteArray>

namespace Cors::Dj {

namespace {

bool alwaysSafe(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'
            || c == '.' || c == '-' || c == '~';
}

// string.ascii_letters + string.digits, Django's CSRF_ALLOWED_CHARS, in that order.
const QString &csrfChars()
{
    static const QString chars
            = QStringLiteral("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789");
    return chars;
}

QString unquotePlus(QString text)
{
    text.replace(u'+', u' ');
    return QString::fromUtf8(QByteArray::fromPercentEncoding(text.toUtf8()));
}

} // namespace

QString quote(const QString &text, QStringView safe)
{
    static const char hex[] = "0123456789ABCDEF";
    const QByteArray bytes = text.toUtf8();
    QString result;
    result.reserve(bytes.size());
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x80 && (alwaysSafe(c) || safe.contains(QLatin1Char(c)))) {
            result.append(QLatin1Char(c));
        } else {
            result.append(u'%');
            result.append(QLatin1Char(hex[u >> 4]));
            result.append(QLatin1Char(hex[u & 15]));
        }
    }
    return result;
}

QString escapeUriPath(const QString &path)
{
    return quote(path, u"/:@&+$,-_.!~*'()");
}

QString iriToUri(const QString &iri)
{
    return quote(iri, u"/#%[]=:;$&()+,!?*@'~");
}

QString escapeLeadingSlashes(const QString &url)
{
    if (url.startsWith(QLatin1String("//")))
        return QStringLiteral("/%2F") + url.mid(2);
    return url;
}

QString urlunsplit(const QString &scheme, const QString &netloc, QString path, const QString &query,
                   const QString &fragment)
{
    static const QStringList usesNetloc = {
            QString(),
            QStringLiteral("ftp"),
            QStringLiteral("http"),
            QStringLiteral("gopher"),
            QStringLiteral("nntp"),
            QStringLiteral("telnet"),
            QStringLiteral("imap"),
            QStringLiteral("wais"),
            QStringLiteral("file"),
            QStringLiteral("mms"),
            QStringLiteral("https"),
            QStringLiteral("shttp"),
            QStringLiteral("snews"),
            QStringLiteral("prospero"),
            QStringLiteral("rtsp"),
            QStringLiteral("rtspu"),
            QStringLiteral("sftp"),
            QStringLiteral("svn"),
            QStringLiteral("svn+ssh"),
            QStringLiteral("ws"),
            QStringLiteral("wss"),
    };
    if (!netloc.isEmpty()
        || (!scheme.isEmpty() && usesNetloc.contains(scheme)
            && !path.startsWith(QLatin1String("//")))) {
        if (!path.isEmpty() && !path.startsWith(u'/'))
            path.prepend(u'/');
        path = QStringLiteral("//") + netloc + path;
    }
    if (!scheme.isEmpty())
        path = scheme + u':' + path;
    if (!query.isEmpty())
        path += u'?' + query;
    if (!fragment.isEmpty())
        path += u'#' + fragment;
    return path;
}

bool isSameDomain(const QString &host, const QString &pattern)
{
    if (pattern.isEmpty())
        return false;
    const QString p = pattern.toLower();
    return (p.at(0) == u'.' && (host.endsWith(p) || host == p.mid(1))) || p == host;
}

std::pair<QString, QString> splitDomainPort(const QString &host)
{
    // Compiled as Python compiles it: \d takes any Unicode digit, $ also matches before a
    // final newline.
    static const Py::Regex valid = Py::Regex::compile(
            QStringLiteral(R"(^([a-z0-9.-]+|\[[a-f0-9]*:[a-f0-9\.:]+\])(:\d+)?$)"));
    const QString lower = host.toLower();
    if (!valid.matches(lower))
        return {};
    if (lower.endsWith(u']'))
        return {lower, QString()};
    const qsizetype colon = lower.lastIndexOf(u':');
    QString domain = colon < 0 ? lower : lower.left(colon);
    const QString port = colon < 0 ? QString() : lower.mid(colon + 1);
    if (domain.endsWith(u'.'))
        domain.chop(1);
    return {domain, port};
}

bool validateHost(const QString &domain, const QStringList &allowedHosts)
{
    for (const QString &pattern : allowedHosts) {
        if (pattern == QLatin1String("*") || isSameDomain(domain, pattern))
            return true;
    }
    return false;
}

QHash<QString, QString> parseCookie(const QString &header)
{
    QHash<QString, QString> cookies;
    const QStringList chunks = header.split(u';');
    for (const QString &chunk : chunks) {
        QString key;
        QString value;
        const qsizetype eq = chunk.indexOf(u'=');
        if (eq >= 0) {
            key = chunk.left(eq);
            value = chunk.mid(eq + 1);
        } else {
            value = chunk;
        }
        key = key.trimmed();
        value = value.trimmed();
        if (key.isEmpty() && value.isEmpty())
            continue;
        // http.cookies._unquote: only a value wrapped in double quotes changes.
        if (value.size() >= 2 && value.startsWith(u'"') && value.endsWith(u'"')) {
            const QString inner = value.mid(1, value.size() - 2);
            QString unquoted;
            for (qsizetype i = 0; i < inner.size(); ++i) {
                if (inner.at(i) == u'\\' && i + 3 < inner.size() && inner.at(i + 1).isDigit()
                    && inner.at(i + 2).isDigit() && inner.at(i + 3).isDigit()) {
                    unquoted.append(QChar(inner.mid(i + 1, 3).toInt(nullptr, 8)));
                    i += 3;
                } else if (inner.at(i) == u'\\' && i + 1 < inner.size()) {
                    unquoted.append(inner.at(++i));
                } else {
                    unquoted.append(inner.at(i));
                }
            }
            value = unquoted;
        }
        cookies.insert(key, value);
    }
    return cookies;
}

QString queryWithNext(const QString &query, const QString &next)
{
    QList<std::pair<QString, QStringList>> items;
    auto find = [&](const QString &key) -> QStringList * {
        for (auto &item : items) {
            if (item.first == key)
                return &item.second;
        }
        return nullptr;
    };
    if (!query.isEmpty()) {
        const QStringList fields = query.split(u'&');
        for (const QString &field : fields) {
            if (field.isEmpty())
                continue;
            const qsizetype eq = field.indexOf(u'=');
            const QString name = unquotePlus(eq < 0 ? field : field.left(eq));
            const QString value = eq < 0 ? QString() : unquotePlus(field.mid(eq + 1));
            if (QStringList *values = find(name))
                values->append(value);
            else
                items.append({name, {value}});
        }
    }
    const QString key = QStringLiteral("next");
    if (QStringList *values = find(key))
        *values = {next};
    else
        items.append({key, {next}});
    QStringList output;
    for (const auto &item : std::as_const(items)) {
        for (const QString &value : item.second)
            output.append(quote(item.first, u"/") + u'=' + quote(value, u"/"));
    }
    return output.join(u'&');
}

bool isCsrfAlphabet(const QString &token)
{
    for (const QChar c : token) {
        const char16_t u = c.unicode();
        if (!((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9')))
            return false;
    }
    return true;
}

QString unmaskCsrfToken(const QString &token)
{
    const QString &chars = csrfChars();
    const qsizetype n = chars.size();
    const QString mask = token.left(32);
    const QString cipher = token.mid(32);
    QString secret;
    for (qsizetype i = 0; i < cipher.size() && i < mask.size(); ++i) {
        const qsizetype x = chars.indexOf(cipher.at(i));
        const qsizetype y = chars.indexOf(mask.at(i));
        secret.append(chars.at(((x - y) % n + n) % n));
    }
    return secret;
}

} // namespace Cors::Dj
