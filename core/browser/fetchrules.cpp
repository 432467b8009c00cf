// SPDX-License-Identifier: MIT
#include "browser/fetchrules.h"
#include "text/asciicase.h"
#include "text/translation.h"

#include <algorithm>
#include <array>

namespace Cors::Fetch {

namespace {

const FormatString &tr(const char *text)
{
    return cachedTranslation("FetchRules", text);
}

bool isHttpWhitespace(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\n' || c == u'\r';
}

bool isTokenChar(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= 0x7f || u <= 0x20)
        return false;
    switch (u) {
    case u'(':
    case u')':
    case u'<':
    case u'>':
    case u'@':
    case u',':
    case u';':
    case u':':
    case u'\\':
    case u'"':
    case u'/':
    case u'[':
    case u']':
    case u'?':
    case u'=':
    case u'{':
    case u'}':
        return false;
    default:
        return true;
    }
}

// Fetch's "CORS-unsafe request-header byte".
bool isUnsafeByte(QChar c)
{
    const char16_t u = c.unicode();
    if (u < 0x20)
        return u != 0x09;
    switch (u) {
    case u'"':
    case u'(':
    case u')':
    case u':':
    case u'<':
    case u'>':
    case u'?':
    case u'@':
    case u'[':
    case u'\\':
    case u']':
    case u'{':
    case u'}':
    case 0x7f:
        return true;
    default:
        return false;
    }
}

bool isDigits(QStringView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), [](QChar c) {
        return c >= u'0' && c <= u'9';
    });
}

// 1*DIGIT [ "." 1*DIGIT ] (Chromium's IsSimilarToDoubleABNF).
bool isSimpleDecimal(QStringView text)
{
    const qsizetype dot = text.indexOf(u'.');
    if (dot < 0)
        return isDigits(text);
    return isDigits(text.left(dot)) && isDigits(text.mid(dot + 1));
}

bool isLanguageChar(QChar c)
{
    const char16_t u = c.unicode();
    if ((u >= '0' && u <= '9') || (u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z'))
        return true;
    switch (u) {
    case u' ':
    case u'*':
    case u',':
    case u'-':
    case u'.':
    case u';':
    case u'=':
        return true;
    default:
        return false;
    }
}

QString firstUnsafeByte(const QString &value)
{
    for (QChar c : value) {
        if (isUnsafeByte(c))
            return c.unicode() < 0x20 || c.unicode() == 0x7f
                    ? QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'))
                    : QString(c);
    }
    return QString();
}

} // namespace

QString normalizeMethod(const QString &method)
{
    static const QStringList normalized
            = {QStringLiteral("DELETE"),  QStringLiteral("GET"),  QStringLiteral("HEAD"),
               QStringLiteral("OPTIONS"), QStringLiteral("POST"), QStringLiteral("PUT")};
    for (const QString &m : normalized) {
        if (method.compare(m, Qt::CaseInsensitive) == 0)
            return m;
    }
    return method;
}

bool isForbiddenMethod(const QString &method)
{
    return method.compare(QLatin1String("CONNECT"), Qt::CaseInsensitive) == 0
            || method.compare(QLatin1String("TRACE"), Qt::CaseInsensitive) == 0
            || method.compare(QLatin1String("TRACK"), Qt::CaseInsensitive) == 0;
}

bool isSafelistedMethod(const QString &method)
{
    return method == QLatin1String("GET") || method == QLatin1String("HEAD")
            || method == QLatin1String("POST");
}

bool isForbiddenRequestHeader(const QString &name, const QString &value)
{
    static const QStringList forbidden = {
            QStringLiteral("accept-charset"),
            QStringLiteral("accept-encoding"),
            QStringLiteral("access-control-request-headers"),
            QStringLiteral("access-control-request-method"),
            QStringLiteral("access-control-request-private-network"),
            QStringLiteral("connection"),
            QStringLiteral("content-length"),
            QStringLiteral("cookie"),
            QStringLiteral("cookie2"),
            QStringLiteral("date"),
            QStringLiteral("dnt"),
            QStringLiteral("expect"),
            QStringLiteral("host"),
            QStringLiteral("keep-alive"),
            QStringLiteral("origin"),
            QStringLiteral("referer"),
            QStringLiteral("set-cookie"),
            QStringLiteral("te"),
            QStringLiteral("trailer"),
            QStringLiteral("transfer-encoding"),
            QStringLiteral("upgrade"),
            QStringLiteral("user-agent"),
            QStringLiteral("via"),
    };
    const QString lower = lowerCased(name);
    if (forbidden.contains(lower) || lower.startsWith(QLatin1String("proxy-"))
        || lower.startsWith(QLatin1String("sec-")))
        return true;
    if (lower == QLatin1String("x-http-method") || lower == QLatin1String("x-http-method-override")
        || lower == QLatin1String("x-method-override")) {
        for (const QString &part : value.split(u',')) {
            if (isForbiddenMethod(part.trimmed()))
                return true;
        }
    }
    return false;
}

std::optional<QString> mimeEssence(const QString &input)
{
    qsizetype begin = 0;
    qsizetype end = input.size();
    while (begin < end && isHttpWhitespace(input.at(begin)))
        ++begin;
    while (end > begin && isHttpWhitespace(input.at(end - 1)))
        --end;
    const QStringView text = QStringView(input).mid(begin, end - begin);
    const qsizetype slash = text.indexOf(u'/');
    if (slash <= 0)
        return std::nullopt;
    const QStringView type = text.left(slash);
    QStringView subtype = text.mid(slash + 1);
    const qsizetype semicolon = subtype.indexOf(u';');
    if (semicolon >= 0)
        subtype = subtype.left(semicolon);
    while (!subtype.isEmpty() && isHttpWhitespace(subtype.back()))
        subtype.chop(1);
    if (!isToken(type) || !isToken(subtype))
        return std::nullopt;
    // Parameters never make the parse fail, so the essence is known at this point.
    return (type.toString() + u'/' + subtype.toString()).toLower();
}

std::optional<std::pair<std::optional<quint64>, std::optional<quint64>>>
parseRange(const QString &value)
{
    const qsizetype equals = value.indexOf(u'=');
    if (equals < 0 || value.left(equals).compare(QLatin1String("bytes"), Qt::CaseInsensitive) != 0)
        return std::nullopt;
    qsizetype pos = equals + 1;
    auto digits = [&]() -> std::optional<std::optional<quint64>> {
        const qsizetype start = pos;
        while (pos < value.size() && value.at(pos) >= u'0' && value.at(pos) <= u'9')
            ++pos;
        if (pos == start)
            return std::optional<quint64>();
        bool ok = false;
        const quint64 number = QStringView(value).mid(start, pos - start).toULongLong(&ok);
        // Chromium parses into int64: anything larger fails.
        if (!ok || number > quint64(std::numeric_limits<qint64>::max()))
            return std::nullopt;
        return std::optional<quint64>(number);
    };
    const auto start = digits();
    if (!start || pos >= value.size() || value.at(pos) != u'-')
        return std::nullopt;
    ++pos;
    const auto last = digits();
    if (!last || pos != value.size())
        return std::nullopt;
    if (!*start && !*last)
        return std::nullopt;
    if (*start && *last && **start > **last)
        return std::nullopt;
    return std::make_pair(*start, *last);
}

SafelistVerdict safelistVerdict(const QString &name, const QString &value, bool chromiumAdditions)
{
    const QString lower = lowerCased(name);
    // The value as the browser sends it, one byte per UTF-16 unit (QString::toLatin1's size).
    if (value.size() > 128)
        return {false,
                tr("its value is %1 bytes long; safelisted values are at most 128 bytes")
                        .arg(value.size())};
    if (lower == QLatin1String("accept")) {
        const QString bad = firstUnsafeByte(value);
        if (!bad.isEmpty())
            return {false, tr("its value contains the CORS-unsafe byte %1").arg(bad)};
        return {true, tr("Accept without unsafe bytes is safelisted")};
    }
    if (lower == QLatin1String("accept-language") || lower == QLatin1String("content-language")) {
        for (QChar c : value) {
            if (!isLanguageChar(c))
                return {false,
                        tr("its value contains %1; only letters, digits, space and *,-.;= are "
                           "allowed")
                                .arg(c.unicode() < 0x20 ? QStringLiteral("\\x%1").arg(
                                             c.unicode(), 2, 16, QLatin1Char('0'))
                                                        : QString(c))};
        }
        return {true, tr("a language list is safelisted")};
    }
    if (lower == QLatin1String("content-type")) {
        const QString bad = firstUnsafeByte(value);
        if (!bad.isEmpty())
            return {false, tr("its value contains the CORS-unsafe byte %1").arg(bad)};
        const auto essence = mimeEssence(value);
        if (!essence)
            return {false, tr("%1 is not a valid MIME type").arg(value)};
        if (*essence == QLatin1String("application/x-www-form-urlencoded")
            || *essence == QLatin1String("multipart/form-data")
            || *essence == QLatin1String("text/plain"))
            return {true, tr("the MIME type %1 is safelisted").arg(*essence)};
        return {false,
                tr("the MIME type %1 is not one of application/x-www-form-urlencoded, "
                   "multipart/form-data, text/plain")
                        .arg(*essence)};
    }
    if (lower == QLatin1String("range")) {
        const auto range = parseRange(value);
        if (!range)
            return {false, tr("%1 is not a single bytes=start-[end] range").arg(value)};
        if (!range->first)
            return {false, tr("suffix ranges (bytes=-N) are not safelisted")};
        return {true, tr("a single bytes range with a start is safelisted")};
    }
    // Chromium's own additions (client hints and friends); the standard requires a preflight.
    if (!chromiumAdditions)
        return {false,
                tr("not a CORS-safelisted request header name (client hints and friends are "
                   "safelisted by Chromium only)")};
    if (lower == QLatin1String("intervention"))
        return {true, tr("Chromium safelists Intervention")};
    if (lower == QLatin1String("device-memory") || lower == QLatin1String("dpr")
        || lower == QLatin1String("downlink")) {
        if (isSimpleDecimal(value))
            return {true, tr("Chromium safelists %1 with a decimal value").arg(lower)};
        return {false, tr("Chromium safelists %1 only with a decimal value").arg(lower)};
    }
    if (lower == QLatin1String("width") || lower == QLatin1String("viewport-width")
        || lower == QLatin1String("rtt")) {
        if (isDigits(value))
            return {true, tr("Chromium safelists %1 with an integer value").arg(lower)};
        return {false, tr("Chromium safelists %1 only with an integer value").arg(lower)};
    }
    if (lower == QLatin1String("ect")) {
        static const QStringList types = {QStringLiteral("slow-2g"), QStringLiteral("2g"),
                                          QStringLiteral("3g"), QStringLiteral("4g")};
        if (types.contains(value))
            return {true, tr("Chromium safelists ECT with a connection type")};
        return {false, tr("Chromium safelists ECT only with slow-2g, 2g, 3g or 4g")};
    }
    if (lower == QLatin1String("save-data")) {
        if (value.compare(QLatin1String("on"), Qt::CaseInsensitive) == 0)
            return {true, tr("Chromium safelists Save-Data: on")};
        return {false, tr("Chromium safelists Save-Data only with the value on")};
    }
    return {false, tr("not a CORS-safelisted request header name")};
}

bool isSafelistedRequestHeaderName(QStringView lowerName)
{
    return lowerName == QLatin1String("accept") || lowerName == QLatin1String("accept-language")
            || lowerName == QLatin1String("content-language")
            || lowerName == QLatin1String("content-type");
}

bool isNoCorsSafelistedHeader(const QString &name, const QString &value)
{
    if (!isSafelistedRequestHeaderName(lowerCased(name)))
        return false;
    return safelistVerdict(name, value).safelisted;
}

QList<UnsafeHeader> corsUnsafeRequestHeaders(const HttpHeaders &headers, bool chromiumAdditions)
{
    QList<UnsafeHeader> unsafe;
    QList<UnsafeHeader> potentiallyUnsafe;
    qsizetype safelistedBytes = 0;
    for (const HttpHeader &h : headers) {
        const SafelistVerdict verdict = safelistVerdict(h.name, h.value, chromiumAdditions);
        if (verdict.safelisted) {
            potentiallyUnsafe.append({lowerCased(h.name), verdict.reason});
            safelistedBytes += h.value.size(); // one byte a UTF-16 unit, as toLatin1() makes it
        } else {
            unsafe.append({lowerCased(h.name), verdict.reason});
        }
    }
    if (safelistedBytes > 1024) {
        for (UnsafeHeader &h : potentiallyUnsafe) {
            h.reason = tr("the safelisted header values add up to %1 bytes, more than 1024")
                               .arg(safelistedBytes);
            unsafe.append(h);
        }
    }
    std::sort(unsafe.begin(), unsafe.end(), [](const UnsafeHeader &a, const UnsafeHeader &b) {
        return a.name.toLatin1() < b.name.toLatin1();
    });
    unsafe.erase(std::unique(unsafe.begin(), unsafe.end(),
                             [](const UnsafeHeader &a, const UnsafeHeader &b) {
                                 return a.name == b.name;
                             }),
                 unsafe.end());
    return unsafe;
}

bool isToken(QStringView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isTokenChar);
}

namespace {

std::optional<QStringList> parsedHeaderList(const QString &value, QString *badItem)
{
    // Views until an item is kept: splitting into strings and trimming copies of them cost
    // 5,000 instructions for a typical Access-Control-Allow-Headers value.
    QStringList items;
    items.reserve(value.count(u',') + 1); // appended one by one, the list regrew 4 times a value
    for (const QStringView raw : QStringView(value).tokenize(u',')) {
        const QStringView item = raw.trimmed();
        if (item.isEmpty())
            continue;
        if (!isToken(item)) {
            *badItem = item.toString();
            return std::nullopt;
        }
        items.append(item.toString());
    }
    return items;
}

} // namespace

std::optional<QStringList> parseHeaderList(const QString &value, QString *badItem)
{
    // The same few values come again and again (a policy's Allow-Methods and Allow-Headers on
    // every preflight it answers): the last parses are remembered per thread, as comparing a
    // value costs a tenth of parsing it.
    struct Parsed
    {
        bool used = false;
        QString value;
        std::optional<QStringList> items;
        QString badItem;
    };
    thread_local std::array<Parsed, 4> recent;
    thread_local size_t oldest = 0;
    for (const Parsed &parsed : recent) {
        if (parsed.used && parsed.value == value) {
            if (!parsed.items && badItem)
                *badItem = parsed.badItem;
            return parsed.items;
        }
    }
    Parsed &parsed = recent[oldest];
    oldest = (oldest + 1) % recent.size();
    parsed.badItem.clear();
    parsed.items = parsedHeaderList(value, &parsed.badItem);
    parsed.value = value;
    parsed.used = true;
    if (!parsed.items && badItem)
        *badItem = parsed.badItem;
    return parsed.items;
}

qint64 preflightMaxAgeSeconds(const std::optional<QString> &value)
{
    constexpr qint64 defaultSeconds = 5;
    constexpr qint64 cap = ChromiumMaxAgeCapSeconds;
    if (!value)
        return defaultSeconds;
    bool ok = false;
    const qint64 seconds = value->trimmed().toLongLong(&ok);
    if (!ok)
        return defaultSeconds;
    return std::clamp<qint64>(seconds, 0, cap);
}

namespace {

/** The Fetch standard's byte-case-insensitive match, against a lower-case name. */
bool equalsByteCaseInsensitive(QStringView name, QLatin1StringView lower)
{
    if (name.size() != lower.size())
        return false;
    for (qsizetype i = 0; i < name.size(); ++i) {
        char16_t c = name.at(i).unicode();
        if (c >= u'A' && c <= u'Z')
            c += u'a' - u'A';
        if (c != lower.at(i).unicode())
            return false;
    }
    return true;
}

} // namespace

bool isSafelistedResponseHeader(const QString &name)
{
    // Compared without lowering a copy: every response header of every simulated fetch is
    // asked.
    static constexpr QLatin1StringView names[] = {
            QLatin1StringView("cache-control"),  QLatin1StringView("content-language"),
            QLatin1StringView("content-length"), QLatin1StringView("content-type"),
            QLatin1StringView("expires"),        QLatin1StringView("last-modified"),
            QLatin1StringView("pragma"),
    };
    return std::any_of(std::begin(names), std::end(names), [&name](QLatin1StringView safe) {
        return equalsByteCaseInsensitive(name, safe);
    });
}

bool isForbiddenResponseHeader(const QString &name)
{
    return equalsByteCaseInsensitive(name, QLatin1StringView("set-cookie"))
            || equalsByteCaseInsensitive(name, QLatin1StringView("set-cookie2"));
}

std::optional<QString> combinedValue(const HttpHeaders &headers, QStringView name)
{
    std::optional<QString> combined;
    for (const HttpHeader &h : headers) {
        if (!sameHeaderName(h.name, name))
            continue;
        combined = combined ? *combined + QStringLiteral(", ") + h.value.trimmed()
                            : h.value.trimmed();
    }
    return combined;
}

} // namespace Cors::Fetch
