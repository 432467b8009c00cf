// SPDX-License-Identifier: MIT
#include "python/urlsplit.h"

#include <array>

#include "python/pysemantics.h"

#include <QStringList>

namespace Cors::Py {

namespace {

bool isAsciiLetter(QChar c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z');
}

bool isAsciiDigit(QChar c)
{
    return c >= u'0' && c <= u'9';
}

bool isHexDigit(QChar c)
{
    return isAsciiDigit(c) || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

bool isSchemeChar(QChar c)
{
    return isAsciiLetter(c) || isAsciiDigit(c) || c == u'+' || c == u'-' || c == u'.';
}

QString asciiLower(const QString &text)
{
    QString out = text;
    for (QChar &c : out) {
        if (c >= u'A' && c <= u'Z')
            c = QChar(c.unicode() + 32);
    }
    return out;
}

bool isOctet(const QString &octet)
{
    if (octet.isEmpty() || octet.size() > 3)
        return false;
    for (QChar c : octet) {
        if (!isAsciiDigit(c))
            return false;
    }
    if (octet != QLatin1String("0") && octet.at(0) == u'0')
        return false;
    return octet.toInt() <= 255;
}

bool isHextet(const QString &hextet)
{
    // Python checks the digits before the length, but both reject; an empty hextet parses as
    // int('', 16) and raises too.
    if (hextet.isEmpty() || hextet.size() > 4)
        return false;
    for (QChar c : hextet) {
        if (!isHexDigit(c))
            return false;
    }
    return true;
}

bool isIPv6WithoutScope(const QString &ip)
{
    constexpr int hextetCount = 8;
    if (ip.isEmpty())
        return false;
    QStringList parts = ip.split(u':');
    if (parts.size() < 3)
        return false;
    if (parts.last().contains(u'.')) {
        if (!isPythonIPv4Address(parts.takeLast()))
            return false;
        // Two hextets stand in for the dotted quad; their digits are valid by construction.
        parts.append(QStringLiteral("0"));
        parts.append(QStringLiteral("0"));
    }
    if (parts.size() > hextetCount + 1)
        return false;

    int skipIndex = -1;
    for (qsizetype i = 1; i < parts.size() - 1; ++i) {
        if (parts.at(i).isEmpty()) {
            if (skipIndex != -1)
                return false;
            skipIndex = int(i);
        }
    }
    qsizetype partsHi = 0;
    qsizetype partsLo = 0;
    if (skipIndex != -1) {
        partsHi = skipIndex;
        partsLo = parts.size() - skipIndex - 1;
        if (parts.first().isEmpty()) {
            if (--partsHi)
                return false;
        }
        if (parts.last().isEmpty()) {
            if (--partsLo)
                return false;
        }
        if (hextetCount - (partsHi + partsLo) < 1)
            return false;
    } else {
        if (parts.size() != hextetCount || parts.first().isEmpty() || parts.last().isEmpty())
            return false;
        partsHi = parts.size();
    }
    for (qsizetype i = 0; i < partsHi; ++i) {
        if (!isHextet(parts.at(i)))
            return false;
    }
    for (qsizetype i = parts.size() - partsLo; i < parts.size(); ++i) {
        if (!isHextet(parts.at(i)))
            return false;
    }
    return true;
}

bool isIPvFuture(const QString &host)
{
    // re.match(r"\Av[a-fA-F0-9]+\..+\Z", host)
    qsizetype i = 1;
    if (!host.startsWith(u'v'))
        return false;
    while (i < host.size() && isHexDigit(host.at(i)))
        ++i;
    if (i == 1 || i >= host.size() || host.at(i) != u'.')
        return false;
    ++i;
    if (i >= host.size())
        return false;
    for (; i < host.size(); ++i) {
        if (host.at(i) == u'\n')
            return false;
    }
    return true;
}

bool checkBracketedHost(const QString &hostname, QString *error)
{
    if (hostname.startsWith(u'v')) {
        if (!isIPvFuture(hostname)) {
            *error = QStringLiteral("IPvFuture address is invalid");
            return false;
        }
        return true;
    }
    if (isPythonIPv4Address(hostname)) {
        *error = QStringLiteral("An IPv4 address cannot be in brackets");
        return false;
    }
    if (!isPythonIPv6Address(hostname)) {
        *error = reprString(hostname)
                + QStringLiteral(" does not appear to be an IPv4 or IPv6 address");
        return false;
    }
    return true;
}

bool checkBracketedNetloc(const QString &netloc, QString *error)
{
    const QString hostAndPort = netloc.mid(netloc.lastIndexOf(u'@') + 1);
    const qsizetype open = hostAndPort.indexOf(u'[');
    QString hostname;
    if (open >= 0) {
        if (open > 0) {
            *error = QStringLiteral("Invalid IPv6 URL");
            return false;
        }
        const QString bracketed = hostAndPort.mid(open + 1);
        const qsizetype close = bracketed.indexOf(u']');
        hostname = close >= 0 ? bracketed.left(close) : bracketed;
        const QString port = close >= 0 ? bracketed.mid(close + 1) : QString();
        if (!port.isEmpty() && !port.startsWith(u':')) {
            *error = QStringLiteral("Invalid IPv6 URL");
            return false;
        }
    } else {
        const qsizetype colon = hostAndPort.indexOf(u':');
        hostname = colon >= 0 ? hostAndPort.left(colon) : hostAndPort;
    }
    return checkBracketedHost(hostname, error);
}

bool isAscii(const QString &text)
{
    for (QChar c : text) {
        if (c.unicode() > 0x7f)
            return false;
    }
    return true;
}

bool checkNetloc(const QString &netloc, QString *error)
{
    if (netloc.isEmpty() || isAscii(netloc))
        return true;
    QString n = netloc;
    n.remove(u'@');
    n.remove(u':');
    n.remove(u'#');
    n.remove(u'?');
    const QString normalized = n.normalized(QString::NormalizationForm_KC);
    if (n == normalized)
        return true;
    for (QChar c : QStringLiteral("/?#@:")) {
        if (normalized.contains(c)) {
            *error = QStringLiteral("netloc '") + netloc
                    + QStringLiteral("' contains invalid characters under NFKC normalization");
            return false;
        }
    }
    return true;
}

} // namespace

bool isPythonIPv4Address(const QString &text)
{
    if (text.contains(u'/'))
        return false;
    const QStringList octets = text.split(u'.');
    if (octets.size() != 4)
        return false;
    for (const QString &octet : octets) {
        if (!isOctet(octet))
            return false;
    }
    return true;
}

bool isPythonIPv6Address(const QString &text)
{
    if (text.contains(u'/'))
        return false;
    const qsizetype percent = text.indexOf(u'%');
    if (percent >= 0) {
        const QString scope = text.mid(percent + 1);
        if (scope.isEmpty() || scope.contains(u'%'))
            return false;
        return isIPv6WithoutScope(text.left(percent));
    }
    return isIPv6WithoutScope(text);
}

static std::optional<SplitResult> splitUncached(const QString &input, QString *error)
{
    QString scratch;
    QString *errorOut = error ? error : &scratch;

    qsizetype start = 0;
    while (start < input.size() && input.at(start).unicode() <= 0x20)
        ++start;
    QString url = input.mid(start);
    url.remove(u'\t');
    url.remove(u'\r');
    url.remove(u'\n');

    SplitResult result;
    const qsizetype colon = url.indexOf(u':');
    if (colon > 0 && isAsciiLetter(url.at(0))) {
        bool allSchemeChars = true;
        for (qsizetype i = 0; i < colon; ++i) {
            if (!isSchemeChar(url.at(i))) {
                allSchemeChars = false;
                break;
            }
        }
        if (allSchemeChars) {
            result.scheme = asciiLower(url.left(colon));
            url = url.mid(colon + 1);
        }
    }

    if (url.startsWith(QLatin1String("//"))) {
        qsizetype delim = url.size();
        for (QChar c : {u'/', u'?', u'#'}) {
            const qsizetype at = url.indexOf(c, 2);
            if (at >= 0)
                delim = std::min(delim, at);
        }
        result.netloc = url.mid(2, delim - 2);
        url = url.mid(delim);
        const bool open = result.netloc.contains(u'[');
        const bool close = result.netloc.contains(u']');
        if (open != close) {
            *errorOut = QStringLiteral("Invalid IPv6 URL");
            return std::nullopt;
        }
        if (open && close && !checkBracketedNetloc(result.netloc, errorOut))
            return std::nullopt;
    }

    if (const qsizetype hash = url.indexOf(u'#'); hash >= 0) {
        result.fragment = url.mid(hash + 1);
        url.truncate(hash);
    }
    if (const qsizetype question = url.indexOf(u'?'); question >= 0) {
        result.query = url.mid(question + 1);
        url.truncate(question);
    }
    if (!checkNetloc(result.netloc, errorOut))
        return std::nullopt;
    result.path = url;
    return result;
}

namespace {

/**
 * The last answers by input, per thread: the engine splits the request's Origin (and each
 * origin list entry it explains against) for every request, the same few origins over and over,
 * and a split cost 2,000 instructions. Keys are shallow copies: a QString's text cannot change
 * while a copy of it exists.
 */
class RecentSplits
{
public:
    struct Answer
    {
        bool filled = false;
        QString input;
        std::optional<SplitResult> result;
        QString error;
    };

    Answer &slotFor(const QString &input)
    {
        size_t hash = size_t(input.size());
        for (const QChar c : input)
            hash = hash * 31 + c.unicode();
        return m_slots[hash % m_slots.size()];
    }

private:
    std::array<Answer, 64> m_slots;
};

} // namespace

std::optional<SplitResult> urlsplit(const QString &input, QString *error)
{
    // Long texts (whole settings values) are split once: not worth keeping.
    if (input.size() > 256)
        return splitUncached(input, error);
    thread_local RecentSplits recent;
    RecentSplits::Answer &slot = recent.slotFor(input);
    if (!slot.filled || slot.input != input || slot.input.isNull() != input.isNull()) {
        slot.filled = true;
        slot.input = input;
        slot.error.clear();
        slot.result = splitUncached(input, &slot.error);
    }
    if (!slot.result && error)
        *error = slot.error;
    return slot.result;
}

} // namespace Cors::Py
