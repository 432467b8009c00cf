// SPDX-License-Identifier: MIT
#include "io/corsyaml.h"

#include "stack/nondefaultsettings.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QSet>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <istream>
#include <limits>
#include <new>
#include <streambuf>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("CorsYaml", text);
}

// ---- Tags and names ---------------------------------------------------------------------------

constexpr std::string_view TagTuple = "!tuple";
constexpr std::string_view TagSet = "!set";
constexpr std::string_view TagDict = "!dict";
constexpr std::string_view TagRe = "!re";
constexpr std::string_view TagDefault = "!default";
constexpr std::string_view TagSplat = "!splat";
constexpr std::string_view TagEnv = "!env";
constexpr std::string_view TagUtf16 = "!utf16";
constexpr std::string_view TagNan = "!nan";
// yaml-cpp reports an untagged plain scalar (and an untagged collection) as "?", an untagged
// quoted or block scalar as "!".
constexpr std::string_view TagPlain = "?";
constexpr std::string_view TagNonPlain = "!";
constexpr std::string_view TagStr = "tag:yaml.org,2002:str";

constexpr std::array<std::pair<int, const char *>, 9> reFlagNames = {{
        {PyReFlag::Template, "TEMPLATE"},
        {PyReFlag::IgnoreCase, "IGNORECASE"},
        {PyReFlag::Locale, "LOCALE"},
        {PyReFlag::Multiline, "MULTILINE"},
        {PyReFlag::DotAll, "DOTALL"},
        {PyReFlag::Unicode, "UNICODE"},
        {PyReFlag::Verbose, "VERBOSE"},
        {PyReFlag::Debug, "DEBUG"},
        {PyReFlag::Ascii, "ASCII"},
}};
// Python's one-letter aliases (re.I ...), accepted on input only.
constexpr std::array<std::pair<int, const char *>, 8> reFlagLetters = {{
        {PyReFlag::Template, "T"},
        {PyReFlag::IgnoreCase, "I"},
        {PyReFlag::Locale, "L"},
        {PyReFlag::Multiline, "M"},
        {PyReFlag::DotAll, "S"},
        {PyReFlag::Unicode, "U"},
        {PyReFlag::Verbose, "X"},
        {PyReFlag::Ascii, "A"},
}};
constexpr int knownReFlags = 0x1ff;

const QStringList &requestKeys()
{
    static const QStringList keys = {
            QStringLiteral("origin"),
            QStringLiteral("url"),
            QStringLiteral("method"),
            QStringLiteral("headers"),
            QStringLiteral("credentials"),
            QStringLiteral("mode"),
            QStringLiteral("cache"),
            QStringLiteral("api"),
            QStringLiteral("browser"),
            QStringLiteral("body_kind"),
            QStringLiteral("body"),
            QStringLiteral("blob_type"),
            QStringLiteral("duplex"),
            QStringLiteral("upload_listeners"),
            QStringLiteral("cookies"),
            QStringLiteral("cookie_samesite"),
            QStringLiteral("endpoint_status"),
            QStringLiteral("endpoint_headers"),
            QStringLiteral("preflight_status"),
            QStringLiteral("preflight_headers"),
    };
    return keys;
}

constexpr std::array<std::pair<CacheMode, const char *>, 4> cacheNames = {{
        {CacheMode::Default, "default"},
        {CacheMode::NoCache, "no-cache"},
        {CacheMode::Reload, "reload"},
        {CacheMode::NoStore, "no-store"},
}};
constexpr std::array<std::pair<CookieSameSite, const char *>, 3> sameSiteNames = {{
        {CookieSameSite::Lax, "lax"},
        {CookieSameSite::Strict, "strict"},
        {CookieSameSite::None, "none"},
}};
constexpr std::array<std::pair<RequestInitiator, const char *>, 2> apiNames = {{
        {RequestInitiator::Fetch, "fetch"},
        {RequestInitiator::XmlHttpRequest, "xhr"},
}};
constexpr std::array<std::pair<BrowserEngine, const char *>, 3> browserNames = {{
        {BrowserEngine::Chromium, "chromium"},
        {BrowserEngine::Firefox, "firefox"},
        {BrowserEngine::Safari, "safari"},
}};

template<typename Enum, size_t N>
const char *enumName(const std::array<std::pair<Enum, const char *>, N> &names, Enum value)
{
    for (const auto &[v, text] : names) {
        if (v == value)
            return text;
    }
    return names[0].second;
}

template<typename Enum, size_t N>
std::optional<Enum> enumFromName(const std::array<std::pair<Enum, const char *>, N> &names,
                                 const QString &name)
{
    for (const auto &[v, text] : names) {
        if (name == QLatin1String(text))
            return v;
    }
    return std::nullopt;
}

template<typename Enum, size_t N>
QString enumChoices(const std::array<std::pair<Enum, const char *>, N> &names)
{
    QStringList out;
    for (const auto &entry : names)
        out.append(QString::fromLatin1(entry.second));
    return out.join(QStringLiteral(", "));
}

// ---- Writing scalars --------------------------------------------------------------------------

// Characters that are printable for YAML but invisible or misleading to a reader (format and
// bidi controls, separators, noncharacters): written as escapes so a reviewer sees them.
bool escapedForReaders(char32_t cp)
{
    return cp == 0x00ad || cp == 0x061c || cp == 0x180e || (cp >= 0x200b && cp <= 0x200f)
            || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff
            || (cp >= 0xfff9 && cp <= 0xfffb) || (cp & 0xfffe) == 0xfffe
            || (cp >= 0xe0000 && cp <= 0xe007f);
}

void appendHex(QByteArray &out, const char *prefix, char32_t value, int digits)
{
    out += prefix;
    out += QByteArray::number(uint(value), 16).toUpper().rightJustified(digits, '0');
}

void appendUtf8(QByteArray &out, char32_t cp)
{
    if (cp < 0x80) {
        out += char(cp);
    } else if (cp < 0x800) {
        out += char(0xc0 | (cp >> 6));
        out += char(0x80 | (cp & 0x3f));
    } else if (cp < 0x10000) {
        out += char(0xe0 | (cp >> 12));
        out += char(0x80 | ((cp >> 6) & 0x3f));
        out += char(0x80 | (cp & 0x3f));
    } else {
        out += char(0xf0 | (cp >> 18));
        out += char(0x80 | ((cp >> 12) & 0x3f));
        out += char(0x80 | ((cp >> 6) & 0x3f));
        out += char(0x80 | (cp & 0x3f));
    }
}

void appendEscaped(QByteArray &out, char32_t cp)
{
    switch (cp) {
    case 0x00:
        out += "\\0";
        return;
    case 0x07:
        out += "\\a";
        return;
    case 0x08:
        out += "\\b";
        return;
    case 0x09:
        out += "\\t";
        return;
    case 0x0a:
        out += "\\n";
        return;
    case 0x0b:
        out += "\\v";
        return;
    case 0x0c:
        out += "\\f";
        return;
    case 0x0d:
        out += "\\r";
        return;
    case 0x1b:
        out += "\\e";
        return;
    case u'"':
        out += "\\\"";
        return;
    case u'\\':
        out += "\\\\";
        return;
    // Not \N and \_: yaml-cpp 0.7 decodes those to Latin-1 bytes (see repairEscapes).
    case 0x2028:
        out += "\\L";
        return;
    case 0x2029:
        out += "\\P";
        return;
    default:
        break;
    }
    if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
        appendHex(out, "\\x", cp, 2);
    else if (escapedForReaders(cp))
        appendHex(out, cp > 0xffff ? "\\U" : "\\u", cp, cp > 0xffff ? 8 : 4);
    else
        appendUtf8(out, cp);
}

/** A double-quoted scalar of @p text, which must be valid UTF-16 (or lone surrogates become U+FFFD). */
QByteArray doubleQuoted(QStringView text)
{
    QByteArray out;
    out.reserve(text.size() + 2);
    out += '"';
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        char32_t cp = c;
        if (QChar::isHighSurrogate(c) && i + 1 < text.size()
            && QChar::isLowSurrogate(text[i + 1].unicode())) {
            cp = QChar::surrogateToUcs4(c, text[i + 1].unicode());
            ++i;
        } else if (QChar::isSurrogate(c)) {
            cp = 0xfffd;
        }
        appendEscaped(out, cp);
    }
    out += '"';
    return out;
}

/** Any str, lone surrogates included: `"..."`, or `!utf16 ["...", 0xD800, "..."]`. */
QByteArray stringScalar(const QString &text)
{
    if (QStringView(text).isValidUtf16())
        return doubleQuoted(text);
    QByteArray out = "!utf16 [";
    qsizetype runStart = 0;
    bool first = true;
    auto flush = [&](qsizetype end) {
        if (end > runStart) {
            out += first ? "" : ", ";
            out += doubleQuoted(QStringView(text).mid(runStart, end - runStart));
            first = false;
        }
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < text.size()
            && QChar::isLowSurrogate(text[i + 1].unicode())) {
            ++i;
            continue;
        }
        if (!QChar::isSurrogate(c))
            continue;
        flush(i);
        out += first ? "" : ", ";
        appendHex(out, "0x", c, 4);
        first = false;
        runStart = i + 1;
    }
    flush(text.size());
    out += ']';
    return out;
}

constexpr quint64 canonicalNanBits = 0x7ff8000000000000ULL;

quint64 bitsOf(double value)
{
    quint64 bits = 0;
    std::memcpy(&bits, &value, sizeof bits);
    return bits;
}

// Shortest text that reads back bit for bit, with a '.' and a signed exponent so that YAML 1.1
// readers (PyYAML) read a float too.
QByteArray floatScalar(double value)
{
    if (std::isnan(value)) {
        if (bitsOf(value) == canonicalNanBits)
            return ".nan";
        QByteArray out = "!nan ";
        out += "0x" + QByteArray::number(bitsOf(value), 16).rightJustified(16, '0');
        return out;
    }
    if (std::isinf(value))
        return value > 0 ? ".inf" : "-.inf";
    char buffer[64];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    const std::string_view text(buffer, size_t(result.ptr - buffer));
    const size_t e = text.find('e');
    const std::string_view mantissa = text.substr(0, e);
    QByteArray out(mantissa.data(), qsizetype(mantissa.size()));
    if (mantissa.find('.') == std::string_view::npos)
        out += ".0";
    if (e != std::string_view::npos)
        out += QByteArray(text.data() + e, qsizetype(text.size() - e));
    return out;
}

QByteArray numberScalar(double value)
{
    if (std::floor(value) == value && std::fabs(value) < 1e15)
        return QByteArray::number(qint64(value));
    return floatScalar(value);
}

QByteArray flagsScalar(int flags)
{
    QByteArrayList parts;
    for (const auto &[bit, name] : reFlagNames) {
        if (flags & bit)
            parts.append(name);
    }
    if (const int rest = flags & ~knownReFlags)
        parts.append(QByteArray::number(rest));
    return '[' + parts.join(", ") + ']';
}

QByteArray indentation(int columns)
{
    return QByteArray(columns, ' ');
}

// ---- Writing values ---------------------------------------------------------------------------

QByteArray flowValue(const PyValue &value);

QByteArray flowItems(const QList<PyValue> &items)
{
    QByteArray out = "[";
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            out += ", ";
        out += flowValue(items.at(i));
    }
    return out + ']';
}

QByteArray dictPair(const PyValue &pair)
{
    return flowItems(pair.items());
}

/** The value on one line, in YAML flow style. */
QByteArray flowValue(const PyValue &value)
{
    if (value.isStarred()) {
        PyValue inner = value;
        inner.setStarred(false);
        if (inner.dynamicSource().isEmpty() && inner.kind() == PyValue::Kind::DefaultHeaders)
            return "!splat default_headers";
        if (inner.dynamicSource().isEmpty() && inner.kind() == PyValue::Kind::DefaultMethods)
            return "!splat default_methods";
        return "!splat [" + flowValue(inner) + ']';
    }
    if (!value.dynamicSource().isEmpty()) {
        PyValue inner = value;
        inner.setDynamicSource(QString());
        return "!env {source: " + stringScalar(value.dynamicSource())
                + ", value: " + flowValue(inner) + '}';
    }
    switch (value.kind()) {
    case PyValue::Kind::None:
        return "null";
    case PyValue::Kind::Bool:
        return value.boolValue() ? "true" : "false";
    case PyValue::Kind::Int:
        return value.intText().toLatin1();
    case PyValue::Kind::Float:
        return floatScalar(value.floatValue());
    case PyValue::Kind::Str:
        return stringScalar(value.text());
    case PyValue::Kind::List:
        return flowItems(value.items());
    case PyValue::Kind::Tuple:
        return "!tuple " + flowItems(value.items());
    case PyValue::Kind::Set:
        return "!set " + flowItems(value.items());
    case PyValue::Kind::Dict: {
        QByteArray out = "!dict [";
        for (qsizetype i = 0; i < value.items().size(); ++i) {
            if (i > 0)
                out += ", ";
            out += dictPair(value.items().at(i));
        }
        return out + ']';
    }
    case PyValue::Kind::Pattern: {
        QByteArray out = "!re {pattern: " + stringScalar(value.text());
        if (value.patternFlags() != 0)
            out += ", flags: " + flagsScalar(value.patternFlags());
        return out + '}';
    }
    case PyValue::Kind::DefaultHeaders:
        return "!default default_headers";
    case PyValue::Kind::DefaultMethods:
        return "!default default_methods";
    }
    return "null";
}

/**
 * The value after "key:" at @p indent: containers of a setting as block sequences (one item a
 * line, so a diff shows which origin changed), everything nested in flow style.
 */
void writeValueAfterKey(QByteArray &out, const PyValue &value, int indent)
{
    if (!value.isStarred() && !value.dynamicSource().isEmpty()) {
        PyValue inner = value;
        inner.setDynamicSource(QString());
        out += " !env\n";
        out += indentation(indent + 2) + "source: " + stringScalar(value.dynamicSource()) + '\n';
        out += indentation(indent + 2) + "value:";
        writeValueAfterKey(out, inner, indent + 2);
        return;
    }
    const bool sequence = value.kind() == PyValue::Kind::List
            || value.kind() == PyValue::Kind::Tuple || value.kind() == PyValue::Kind::Set;
    const bool dict = value.kind() == PyValue::Kind::Dict;
    if (value.isStarred() || (!sequence && !dict) || value.items().isEmpty()) {
        out += ' ' + flowValue(value) + '\n';
        return;
    }
    if (value.kind() == PyValue::Kind::Tuple)
        out += " !tuple";
    else if (value.kind() == PyValue::Kind::Set)
        out += " !set";
    else if (dict)
        out += " !dict";
    out += '\n';
    for (const PyValue &item : value.items())
        out += indentation(indent + 2) + "- " + (dict ? dictPair(item) : flowValue(item)) + '\n';
}

bool headersAsMapping(const HttpHeaders &headers)
{
    QSet<QString> seen;
    for (const HttpHeader &h : headers) {
        // YAML limits implicit keys to 1024 characters; the pair form has no such limit.
        if (seen.contains(h.name) || !QStringView(h.name).isValidUtf16() || h.name.size() > 200)
            return false;
        seen.insert(h.name);
    }
    return true;
}

void writeHeaders(QByteArray &out, const char *key, const HttpHeaders &headers, int indent)
{
    if (headers.isEmpty())
        return;
    out += indentation(indent) + key + ":\n";
    const bool mapping = headersAsMapping(headers);
    for (const HttpHeader &h : headers) {
        out += indentation(indent + 2);
        if (mapping)
            out += stringScalar(h.name) + ": " + stringScalar(h.value) + '\n';
        else
            out += "- [" + stringScalar(h.name) + ", " + stringScalar(h.value) + "]\n";
    }
}

void writeRequest(QByteArray &out, const Scenario &s, int indent)
{
    const QByteArray pad = indentation(indent);
    out += pad + "origin: " + stringScalar(s.pageOrigin) + '\n';
    out += pad + "url: " + stringScalar(s.url) + '\n';
    out += pad + "method: " + stringScalar(s.method) + '\n';
    writeHeaders(out, "headers", s.headers, indent);
    out += pad + "credentials: " + credentialsModeName(s.credentials).toLatin1() + '\n';
    if (s.mode != RequestMode::Cors)
        out += pad + "mode: " + requestModeName(s.mode).toLatin1() + '\n';
    if (s.cacheMode != CacheMode::Default)
        out += pad + "cache: " + enumName(cacheNames, s.cacheMode) + '\n';
    if (s.initiator != RequestInitiator::Fetch)
        out += pad + "api: " + enumName(apiNames, s.initiator) + '\n';
    if (s.browser != BrowserEngine::Chromium)
        out += pad + "browser: " + enumName(browserNames, s.browser) + '\n';
    // body alone means a text body, so a kind of none with text still says so.
    if (s.body != BodyKind::None || !s.bodyText.isEmpty())
        out += pad + "body_kind: " + bodyKindName(s.body).toLatin1() + '\n';
    if (!s.bodyText.isEmpty())
        out += pad + "body: " + stringScalar(s.bodyText) + '\n';
    if (!s.blobType.isEmpty())
        out += pad + "blob_type: " + stringScalar(s.blobType) + '\n';
    if (!s.duplexHalf)
        out += pad + "duplex: false\n";
    if (s.uploadListeners)
        out += pad + "upload_listeners: true\n";
    if (!s.cookies.isEmpty())
        out += pad + "cookies: " + stringScalar(s.cookies) + '\n';
    if (s.cookieSameSite != CookieSameSite::Lax)
        out += pad + "cookie_samesite: " + enumName(sameSiteNames, s.cookieSameSite) + '\n';
    if (s.endpoint.status != 200)
        out += pad + "endpoint_status: " + QByteArray::number(s.endpoint.status) + '\n';
    writeHeaders(out, "endpoint_headers", s.endpoint.headers, indent);
    if (s.preflightEndpoint) {
        out += pad + "preflight_status: " + QByteArray::number(s.preflightEndpoint->status) + '\n';
        writeHeaders(out, "preflight_headers", s.preflightEndpoint->headers, indent);
    }
}

// ---- Writing the deployment --------------------------------------------------------------------

/** "key: []" or "key:" and one "- item" a line, at @p indent. */
void writeStringList(QByteArray &out, const char *key, const QStringList &items, int indent)
{
    out += indentation(indent) + key + ':';
    if (items.isEmpty()) {
        out += " []\n";
        return;
    }
    out += '\n';
    for (const QString &item : items)
        out += indentation(indent + 2) + "- " + stringScalar(item) + '\n';
}

QByteArray flowStrings(const QStringList &items)
{
    QByteArrayList parts;
    for (const QString &item : items)
        parts.append(stringScalar(item));
    return '[' + parts.join(", ") + ']';
}

/** A name of the format's vocabulary (session, is_authenticated) plain; anything else quoted. */
QByteArray nameScalar(const QString &name)
{
    const bool plain = !name.isEmpty() && std::all_of(name.cbegin(), name.cend(), [](QChar c) {
        return (c >= u'a' && c <= u'z') || c == u'_';
    });
    return plain ? name.toLatin1() : stringScalar(name);
}

/** The StackSettings that differ from Django's (and DRF's) defaults, at indent 4. */
QByteArray stackSettingsLines(const StackSettings &s)
{
    QByteArray out;
    QByteArray rest;
    for (const StackSettingValue &setting : nonDefaultStackSettings(s)) {
        const int indent = setting.restFramework ? 6 : 4;
        QByteArray &to = setting.restFramework ? rest : out;
        const QByteArray name = setting.name.toLatin1();
        const PyValue &v = setting.value;
        switch (v.kind()) {
        case PyValue::Kind::Bool:
            to += indentation(indent) + name + ": " + (v.boolValue() ? "true" : "false") + '\n';
            break;
        case PyValue::Kind::Str:
            to += indentation(indent) + name + ": " + stringScalar(v.text()) + '\n';
            break;
        case PyValue::Kind::Int:
            to += indentation(indent) + name + ": " + v.intText().toLatin1() + '\n';
            break;
        case PyValue::Kind::Tuple: // SECURE_PROXY_SSL_HEADER: a pair, on one line
        case PyValue::Kind::List: {
            QStringList items;
            for (const PyValue &item : v.items())
                items.append(item.text());
            if (v.kind() == PyValue::Kind::Tuple)
                to += indentation(indent) + name + ": " + flowStrings(items) + '\n';
            else
                writeStringList(to, name.constData(), items, indent);
            break;
        }
        default:
            break;
        }
    }
    if (!rest.isEmpty())
        out += indentation(4) + "REST_FRAMEWORK:\n" + rest;
    return out;
}

void writeDeployment(QByteArray &out, const Deployment &d)
{
    out += "deployment:\n";
    writeStringList(out, "middleware", d.settings.middleware, 2);
    const QByteArray settings = stackSettingsLines(d.settings);
    if (!settings.isEmpty())
        out += "  settings:\n" + settings;
    if (!d.routes.isEmpty()) {
        out += "  routes:\n";
        for (const Route &route : d.routes) {
            out += "    - path: " + stringScalar(route.path) + '\n';
            out += "      view: " + nameScalar(viewKindName(route.view)) + '\n';
            if (route.authentication) {
                QByteArrayList schemes;
                for (const QString &scheme : *route.authentication)
                    schemes.append(nameScalar(scheme));
                out += "      authentication: [" + schemes.join(", ") + "]\n";
            }
            if (route.permission)
                out += "      permission: " + nameScalar(*route.permission) + '\n';
        }
    }
    const Identities &ids = d.identities;
    if (!ids.sessions.isEmpty() || !ids.tokens.isEmpty() || !ids.basic.isEmpty()) {
        out += "  identities:\n";
        if (!ids.sessions.isEmpty())
            writeStringList(out, "sessions", ids.sessions, 4);
        if (!ids.tokens.isEmpty())
            writeStringList(out, "tokens", ids.tokens, 4);
        if (!ids.basic.isEmpty())
            writeStringList(out, "basic", ids.basic, 4);
    }
}

// ---- Locating positions -----------------------------------------------------------------------

/** An error at a byte offset of the parsed text (-1 when yaml-cpp gives none). */
struct Problem
{
    qsizetype pos = -1;
    QString text;
};

/** Turns byte offsets into 1-based lines (\n, \r\n or \r end one) and code point columns. */
class Locator
{
public:
    explicit Locator(const QByteArray &text)
        : m_text(text)
    {
        m_lineStarts.push_back(0);
        for (qsizetype i = 0; i < text.size(); ++i) {
            const char c = text.at(i);
            if (c == '\r' && i + 1 < text.size() && text.at(i + 1) == '\n')
                ++i;
            if (c == '\n' || c == '\r')
                m_lineStarts.push_back(i + 1);
        }
    }

    CorsYamlMessage message(const Problem &problem) const
    {
        CorsYamlMessage m;
        m.text = problem.text;
        if (problem.pos < 0)
            return m;
        const qsizetype pos = std::min(problem.pos, m_text.size());
        const auto after = std::upper_bound(m_lineStarts.begin(), m_lineStarts.end(), pos);
        const qsizetype lineStart = *(after - 1);
        m.line = int(after - m_lineStarts.begin());
        m.column = 1;
        for (qsizetype i = lineStart; i < pos; ++i) {
            if ((uchar(m_text.at(i)) & 0xc0) != 0x80)
                ++m.column;
        }
        return m;
    }

private:
    const QByteArray &m_text;
    std::vector<qsizetype> m_lineStarts;
};

// ---- Checks before yaml-cpp -------------------------------------------------------------------

bool isIndicator(char c)
{
    switch (c) {
    case '[':
    case ']':
    case '{':
    case '}':
    case ',':
    case ':':
    case '?':
    case '!':
    case '&':
    case '*':
    case '"':
    case '\'':
    case '#':
    case '%':
    case '|':
    case '>':
        return true;
    default:
        return false;
    }
}

QString notAllowed(char32_t cp)
{
    return tr("the character U+%1 is not allowed in YAML text; write it as an escape in a "
              "double-quoted string")
            .arg(QString::number(uint(cp), 16).toUpper().rightJustified(4, QLatin1Char('0')));
}

/**
 * Refuses what yaml-cpp must not see: invalid UTF-8 and characters YAML does not allow (yaml-cpp
 * would take a NUL or a stray 0xFE as the start of UTF-16 or UTF-32 text), and more indicator
 * characters than CorsYamlLimits::MaxIndicators, counted wherever they are, so that the
 * tokens yaml-cpp buffers for flow collections stay bounded without trusting a lexer of ours.
 */
std::optional<Problem> prescan(const QByteArray &text)
{
    const auto *data = reinterpret_cast<const uchar *>(text.constData());
    const qsizetype n = text.size();
    qsizetype indicators = 0;
    for (qsizetype i = 0; i < n;) {
        const uchar b = data[i];
        if (b < 0x80) {
            if ((b < 0x20 && b != '\t' && b != '\n' && b != '\r') || b == 0x7f)
                return Problem {i, notAllowed(b)};
            if (isIndicator(char(b)))
                ++indicators;
            else if ((i == 0 || data[i - 1] == '\n' || data[i - 1] == '\r') && i + 2 < n
                     && (b == '-' || b == '.') && data[i + 1] == b && data[i + 2] == b)
                ++indicators; // a document marker, which yaml-cpp turns into a token
            if (indicators > CorsYamlLimits::MaxIndicators) {
                return Problem {i,
                                tr("more than %1 YAML indicator characters; CORS Studio documents "
                                   "are far smaller")
                                        .arg(CorsYamlLimits::MaxIndicators)};
            }
            ++i;
            continue;
        }
        int length = 0;
        char32_t cp = 0;
        uchar low = 0x80, high = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) {
            length = 2;
            cp = b & 0x1f;
        } else if (b >= 0xe0 && b <= 0xef) {
            length = 3;
            cp = b & 0x0f;
            if (b == 0xe0)
                low = 0xa0;
            else if (b == 0xed)
                high = 0x9f; // no encoded surrogates
        } else if (b >= 0xf0 && b <= 0xf4) {
            length = 4;
            cp = b & 0x07;
            if (b == 0xf0)
                low = 0x90;
            else if (b == 0xf4)
                high = 0x8f;
        }
        bool valid = length > 0 && i + length <= n;
        for (int k = 1; valid && k < length; ++k) {
            const uchar c = data[i + k];
            if (c < (k == 1 ? low : 0x80) || c > (k == 1 ? high : 0xbf))
                valid = false;
            cp = (cp << 6) | (c & 0x3f);
        }
        if (!valid)
            return Problem {i, tr("the text is not valid UTF-8")};
        const bool printable = cp == 0x85 || (cp >= 0xa0 && cp <= 0xd7ff)
                || (cp >= 0xe000 && cp <= 0xfffd && cp != 0xfeff) || cp >= 0x10000;
        if (!printable)
            return Problem {i, notAllowed(cp)};
        i += length;
    }
    return std::nullopt;
}

// ---- The YAML tree ----------------------------------------------------------------------------

struct Node
{
    enum class Kind : quint8 { Null, Scalar, Sequence, Mapping };
    Kind kind = Kind::Null;
    bool open = false; // a collection whose end has not been seen
    int pos = 0;
    int height = 1;
    int size = 1;
    std::string tag;
    std::string text;
    std::vector<int> children; // mappings: key, value, key, value, ...
};

/**
 * yaml-cpp 0.7 decodes the escapes \N and \_ to the single bytes 0x85 and 0xA0 instead of
 * UTF-8. Its input is valid UTF-8 and every other escape yields UTF-8, so such a byte where no
 * sequence can hold it can only come from them, and is put right. False for anything else.
 */
bool repairEscapes(std::string &value)
{
    std::string out;
    bool repaired = false;
    for (size_t i = 0; i < value.size();) {
        const uchar b = uchar(value[i]);
        size_t length = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 ? 2 : 0;
        for (size_t k = 1; k < length; ++k) {
            if (i + k >= value.size() || (uchar(value[i + k]) & 0xc0) != 0x80)
                length = 0;
        }
        if (length == 0) {
            if (b != 0x85 && b != 0xa0)
                return false;
            if (!repaired)
                out.assign(value, 0, i);
            repaired = true;
            out += char(0xc2);
            out += char(b);
            ++i;
            continue;
        }
        if (repaired)
            out.append(value, i, length);
        i += length;
    }
    if (repaired)
        value = std::move(out);
    return true;
}

/** Thrown from the event handler to stop yaml-cpp at once. */
struct Abort
{
    qsizetype pos;
    QString text;
};

/**
 * Builds the tree from yaml-cpp's events (its Node API would give no positions for aliases and
 * would need walking a shared graph). Aliases are copied, so the nodes, counted with copies,
 * and the nesting stay within CorsYamlLimits; an alias to a node still open would be a cycle.
 */
class TreeBuilder : public YAML::EventHandler
{
public:
    explicit TreeBuilder(const QByteArray &source)
        : m_source(source)
    { }

    std::vector<Node> nodes;
    int root = -1;

    void OnDocumentStart(const YAML::Mark &mark) override
    {
        if (++m_documents == 1)
            return;
        const qsizetype pos = std::max(0, mark.pos);
        if (m_source.mid(pos, 3) == "---")
            throw Abort {pos, tr("a second YAML document; a CORS Studio file holds one")};
        qsizetype end = pos + 1;
        while (end < m_source.size() && (uchar(m_source.at(end)) & 0xc0) == 0x80)
            ++end;
        throw Abort {pos,
                     tr("YAML syntax error: unexpected \"%1\" after the document")
                             .arg(QString::fromUtf8(m_source.mid(pos, end - pos)))};
    }
    void OnDocumentEnd() override { }

    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        Node node;
        node.pos = mark.pos;
        add(std::move(node), anchor);
    }

    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        const auto it = m_anchors.find(anchor);
        if (it == m_anchors.end())
            throw Abort {mark.pos, tr("YAML syntax error: an alias to an unknown anchor")};
        const int target = it->second;
        if (nodes[size_t(target)].open)
            throw Abort {mark.pos, tr("an alias inside the node it refers to (a cycle)")};
        if (int(nodes.size()) + nodes[size_t(target)].size > CorsYamlLimits::MaxNodes)
            throw tooManyNodes(mark.pos);
        if (int(m_stack.size()) + nodes[size_t(target)].height > CorsYamlLimits::MaxDepth)
            throw tooDeep(mark.pos);
        const int copy = copySubtree(target);
        nodes[size_t(copy)].pos = mark.pos; // errors about the value point at its use
        attach(copy);
    }

    void OnScalar(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                  const std::string &value) override
    {
        if (tag != TagPlain)
            checkQuotedScalarEnds(mark.pos);
        Node node;
        node.kind = Node::Kind::Scalar;
        node.pos = mark.pos;
        node.tag = tag;
        node.text = value;
        if (!repairEscapes(node.text))
            throw Abort {mark.pos, tr("the YAML reader decoded this scalar to invalid UTF-8")};
        add(std::move(node), anchor);
    }

    void OnSequenceStart(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override
    {
        open(Node::Kind::Sequence, mark, tag, anchor);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override
    {
        open(Node::Kind::Mapping, mark, tag, anchor);
    }
    void OnMapEnd() override { close(); }

private:
    const QByteArray &m_source;
    int m_documents = 0;
    std::vector<int> m_stack;
    std::unordered_map<YAML::anchor_t, int> m_anchors;

    static Abort tooManyNodes(qsizetype pos)
    {
        return Abort {pos,
                      tr("more than %1 YAML values (each use of an alias counts as a copy); "
                         "CORS Studio documents are far smaller")
                              .arg(CorsYamlLimits::MaxNodes)};
    }
    static Abort tooDeep(qsizetype pos)
    {
        return Abort {pos,
                      tr("collections nested more than %1 deep").arg(CorsYamlLimits::MaxDepth)};
    }

    int add(Node node, YAML::anchor_t anchor)
    {
        if (int(nodes.size()) >= CorsYamlLimits::MaxNodes)
            throw tooManyNodes(node.pos);
        const int index = int(nodes.size());
        nodes.push_back(std::move(node));
        if (anchor != YAML::NullAnchor)
            m_anchors[anchor] = index;
        attach(index);
        return index;
    }

    void attach(int index)
    {
        if (!m_stack.empty())
            nodes[size_t(m_stack.back())].children.push_back(index);
        else if (root < 0)
            root = index;
    }

    void open(Node::Kind kind, const YAML::Mark &mark, const std::string &tag,
              YAML::anchor_t anchor)
    {
        if (int(m_stack.size()) >= CorsYamlLimits::MaxDepth)
            throw tooDeep(mark.pos);
        Node node;
        node.kind = kind;
        node.open = true;
        node.pos = mark.pos;
        node.tag = tag;
        m_stack.push_back(add(std::move(node), anchor));
    }

    void close()
    {
        if (m_stack.empty())
            return;
        Node &node = nodes[size_t(m_stack.back())];
        m_stack.pop_back();
        node.open = false;
        for (int child : node.children) {
            node.height = std::max(node.height, nodes[size_t(child)].height + 1);
            node.size += nodes[size_t(child)].size;
        }
    }

    // Recursion depth is the copied node's height, at most CorsYamlLimits::MaxDepth.
    int copySubtree(int source)
    {
        Node copy = nodes[size_t(source)];
        copy.children.clear();
        const int index = int(nodes.size());
        nodes.push_back(std::move(copy));
        const std::vector<int> children = nodes[size_t(source)].children;
        for (int child : children) {
            const int copied = copySubtree(child);
            nodes[size_t(index)].children.push_back(copied);
        }
        return index;
    }

    /**
     * yaml-cpp 0.7 takes a quoted scalar that is never closed to run to the end of the text,
     * silently swallowing the rest of the document.
     */
    void checkQuotedScalarEnds(qsizetype pos)
    {
        const qsizetype n = m_source.size();
        qsizetype i = pos;
        // Skip the node's properties (tag, anchor), spaces and comments before the scalar.
        while (i < n) {
            const char c = m_source.at(i);
            if (c == '!' || c == '&') {
                while (i < n && m_source.at(i) != ' ' && m_source.at(i) != '\t'
                       && m_source.at(i) != '\n' && m_source.at(i) != '\r')
                    ++i;
            } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                ++i;
            } else if (c == '#') {
                while (i < n && m_source.at(i) != '\n' && m_source.at(i) != '\r')
                    ++i;
            } else {
                break;
            }
        }
        if (i >= n || (m_source.at(i) != '"' && m_source.at(i) != '\''))
            return;
        const char quote = m_source.at(i);
        for (qsizetype k = i + 1; k < n; ++k) {
            const char c = m_source.at(k);
            if (quote == '"' && c == '\\') {
                ++k;
            } else if (c == quote) {
                if (quote == '\'' && k + 1 < n && m_source.at(k + 1) == '\'')
                    ++k;
                else
                    return;
            }
        }
        throw Abort {i, tr("YAML syntax error: a quoted string that is never closed")};
    }
};

class ByteArrayBuffer : public std::streambuf
{
public:
    explicit ByteArrayBuffer(const QByteArray &data)
    {
        // std::streambuf wants char *; yaml-cpp only reads.
        char *begin = const_cast<char *>(data.constData());
        setg(begin, begin, begin + data.size());
    }
};

struct Tree
{
    std::vector<Node> nodes;
    int root = -1;
};

/** Runs yaml-cpp over @p text (valid UTF-8, no BOM), catching everything it may throw. */
std::optional<Problem> parseTree(const QByteArray &text, Tree *tree)
{
    TreeBuilder builder(text);
    ByteArrayBuffer buffer(text);
    std::istream stream(&buffer);
    try {
        YAML::Parser parser(stream);
        // A second call sees a second document, which the builder refuses: yaml-cpp 0.7 would
        // also loop forever over some malformed input (a lone ",") producing empty documents.
        if (parser.HandleNextDocument(builder))
            parser.HandleNextDocument(builder);
    } catch (const Abort &abort) {
        return Problem {abort.pos, abort.text};
    } catch (const YAML::Exception &e) {
        return Problem {e.mark.is_null() ? -1 : e.mark.pos,
                        tr("YAML syntax error: %1").arg(QString::fromStdString(e.msg))};
    } catch (const std::bad_alloc &) {
        return Problem {-1, tr("not enough memory to read the document")};
    } catch (const std::exception &e) {
        return Problem {-1, tr("the YAML reader failed: %1").arg(QString::fromLocal8Bit(e.what()))};
    } catch (...) {
        return Problem {-1, tr("the YAML reader failed")};
    }
    tree->nodes = std::move(builder.nodes);
    tree->root = builder.root;
    return std::nullopt;
}

// ---- Plain scalars ----------------------------------------------------------------------------

struct Plain
{
    enum class Kind { Str, Bool, Int, Float, Ambiguous, OutOfRange };
    Kind kind = Kind::Str;
    bool boolValue = false;
    QString intText;
    double floatValue = 0;
};

bool allDigits(std::string_view s)
{
    return !s.empty()
            && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool isOneOf(std::string_view s, std::initializer_list<std::string_view> choices)
{
    return std::find(choices.begin(), choices.end(), s) != choices.end();
}

/**
 * The YAML 1.2 core schema, minus what YAML 1.1 readers (PyYAML, many tools) read otherwise:
 * those forms are Ambiguous, so a file never means one thing here and another elsewhere.
 */
Plain resolvePlain(std::string_view s)
{
    Plain p;
    if (isOneOf(s, {"true", "True", "TRUE", "false", "False", "FALSE"})) {
        p.kind = Plain::Kind::Bool;
        p.boolValue = s.front() == 't' || s.front() == 'T';
        return p;
    }
    if (isOneOf(s,
                {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off",
                 "Off", "OFF"})) {
        p.kind = Plain::Kind::Ambiguous;
        return p;
    }
    const bool negative = !s.empty() && s.front() == '-';
    const std::string_view body
            = (!s.empty() && (s.front() == '-' || s.front() == '+')) ? s.substr(1) : s;
    if (isOneOf(body, {".inf", ".Inf", ".INF"})) {
        p.kind = Plain::Kind::Float;
        p.floatValue = negative ? -std::numeric_limits<double>::infinity()
                                : std::numeric_limits<double>::infinity();
        return p;
    }
    if (isOneOf(s, {".nan", ".NaN", ".NAN"})) {
        p.kind = Plain::Kind::Float;
        p.floatValue = std::numeric_limits<double>::quiet_NaN();
        return p;
    }
    if (allDigits(body)) {
        if (body.size() > 1 && body.front() == '0') {
            p.kind = Plain::Kind::Ambiguous; // octal for YAML 1.1
            return p;
        }
        p.kind = Plain::Kind::Int;
        p.intText = QString::fromLatin1(negative ? "-" : "")
                + QLatin1String(body.data(), qsizetype(body.size()));
        return p;
    }
    // [digits][.digits][e[sign]digits]
    size_t i = 0;
    size_t digits = 0;
    while (i < body.size() && body[i] >= '0' && body[i] <= '9')
        ++i, ++digits;
    const bool dot = i < body.size() && body[i] == '.';
    if (dot) {
        ++i;
        while (i < body.size() && body[i] >= '0' && body[i] <= '9')
            ++i, ++digits;
    }
    bool exponent = false, exponentSigned = false, validExponent = true;
    if (digits > 0 && i < body.size() && (body[i] == 'e' || body[i] == 'E')) {
        exponent = true;
        ++i;
        if (i < body.size() && (body[i] == '+' || body[i] == '-'))
            ++i, exponentSigned = true;
        validExponent = allDigits(body.substr(i));
        i = body.size();
    }
    if (digits > 0 && i == body.size() && validExponent && (dot || exponent)) {
        // YAML 1.1 wants a '.' and a signed exponent; without them it reads a string.
        if (!dot || (exponent && !exponentSigned)) {
            p.kind = Plain::Kind::Ambiguous;
            return p;
        }
        const std::string text = (negative ? "-" : "") + std::string(body);
        double value = 0;
        const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
        if (result.ec != std::errc() || result.ptr != text.data() + text.size()) {
            p.kind = Plain::Kind::OutOfRange;
            return p;
        }
        p.kind = Plain::Kind::Float;
        p.floatValue = value;
        return p;
    }
    // Anything else that starts like a number (0x1F, 1_000, 1:30, 1.2.3, 127.0.0.1) is read
    // differently by YAML 1.1 and 1.2 readers, or not as the number it looks like.
    if (!body.empty()
        && ((body.front() >= '0' && body.front() <= '9')
            || (body.front() == '.' && body.size() > 1 && body[1] >= '0' && body[1] <= '9'))) {
        p.kind = Plain::Kind::Ambiguous;
        return p;
    }
    return p;
}

QString ambiguousText(const QString &scalar)
{
    return tr("the unquoted value %1 means different things to different YAML readers: quote it "
              "for a string, or write true, false, a decimal integer or a float like 1.5")
            .arg(scalar);
}

// ---- Reading ----------------------------------------------------------------------------------

QString fromStd(const std::string &text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString tagDisplay(const std::string &tag)
{
    if (tag.rfind("tag:yaml.org,2002:", 0) == 0)
        return QStringLiteral("!!") + fromStd(tag.substr(18));
    if (!tag.empty() && tag.front() != '!')
        return QStringLiteral("!<") + fromStd(tag) + u'>';
    return fromStd(tag);
}

class Reader
{
public:
    explicit Reader(const Tree &tree)
        : m_nodes(tree.nodes)
    { }

    QList<Problem> problems;

    bool full() const { return problems.size() >= CorsYamlLimits::MaxMessages; }

    const Node &node(int index) const { return m_nodes[size_t(index)]; }

    void error(int index, const QString &text)
    {
        if (full())
            return;
        const QString where = path();
        problems.append({index >= 0 ? node(index).pos : -1,
                         where.isEmpty() ? text : where + QStringLiteral(": ") + text});
        if (full())
            problems.append({-1, tr("too many errors; stopped reading")});
    }

    /** Key path for messages: "scenarios[2].request.headers". */
    void push(const QString &segment) { m_path.append(segment); }
    void pushIndex(qsizetype index) { m_path.last() += u'[' + QString::number(index) + u']'; }
    void popIndex()
    {
        QString &last = m_path.last();
        last.truncate(last.lastIndexOf(u'['));
    }
    void pop() { m_path.removeLast(); }
    QString path() const { return m_path.join(u'.'); }

    bool isPlain(int index) const
    {
        return node(index).kind == Node::Kind::Scalar && node(index).tag == TagPlain;
    }
    bool isUntaggedCollection(int index) const
    {
        return node(index).tag == TagPlain || node(index).tag == TagNonPlain;
    }

    struct Entry
    {
        QString key;
        int keyNode;
        int valueNode;
    };

    /**
     * The entries of a mapping whose keys are names; unknown keys (when @p allowed is not
     * empty), duplicates and non-name keys are errors, and those entries are left out.
     */
    std::optional<QList<Entry>> entries(int index, const QStringList &allowed, const QString &what,
                                        bool tagged = false)
    {
        const Node &n = node(index);
        if (n.kind != Node::Kind::Mapping || (!tagged && !isUntaggedCollection(index))) {
            error(index, tr("must be a mapping (%1)").arg(what));
            return std::nullopt;
        }
        QList<Entry> out;
        QSet<QString> seen;
        for (size_t i = 0; i + 1 < n.children.size(); i += 2) {
            const int keyNode = n.children[i];
            const Node &k = node(keyNode);
            if (k.kind != Node::Kind::Scalar || (k.tag != TagPlain && k.tag != TagNonPlain)) {
                error(keyNode, tr("a key must be a name"));
                continue;
            }
            const QString key = fromStd(k.text);
            if (seen.contains(key)) {
                error(keyNode, tr("duplicate key \"%1\"").arg(key));
                continue;
            }
            seen.insert(key);
            if (!allowed.isEmpty() && !allowed.contains(key)) {
                error(keyNode,
                      tr("unknown key \"%1\" (expected %2)")
                              .arg(key, allowed.join(QStringLiteral(", "))));
                continue;
            }
            out.append({key, keyNode, n.children[i + 1]});
        }
        return out;
    }

    std::optional<QString> string(int index, const QString &what)
    {
        const Node &n = node(index);
        if (n.kind == Node::Kind::Scalar
            && (n.tag == TagPlain || n.tag == TagNonPlain || n.tag == TagStr))
            return fromStd(n.text);
        if (n.kind == Node::Kind::Sequence && n.tag == TagUtf16)
            return utf16(index);
        error(index, tr("must be %1").arg(what));
        return std::nullopt;
    }

    std::optional<bool> boolean(int index)
    {
        if (isPlain(index)) {
            const Plain p = resolvePlain(node(index).text);
            if (p.kind == Plain::Kind::Bool)
                return p.boolValue;
        }
        error(index, tr("must be true or false"));
        return std::nullopt;
    }

    /** A plain decimal integer within [min, max]. */
    std::optional<qint64> integer(int index, qint64 min, qint64 max, const QString &what)
    {
        if (isPlain(index)) {
            const Plain p = resolvePlain(node(index).text);
            bool ok = false;
            const qint64 value = p.intText.toLongLong(&ok);
            if (p.kind == Plain::Kind::Int && ok && value >= min && value <= max)
                return value;
        }
        error(index, tr("must be %1").arg(what));
        return std::nullopt;
    }

    std::optional<double> seconds(int index)
    {
        if (isPlain(index)) {
            const Plain p = resolvePlain(node(index).text);
            double value = -1;
            if (p.kind == Plain::Kind::Int)
                value = p.intText.toDouble();
            else if (p.kind == Plain::Kind::Float)
                value = p.floatValue;
            if (std::isfinite(value) && value >= 0 && value <= MaxClockAdvanceSeconds)
                return value;
        }
        error(index,
              tr("must be a number of seconds from 0 to %1")
                      .arg(MaxClockAdvanceSeconds, 0, 'f', 0));
        return std::nullopt;
    }

    template<typename Enum, size_t N>
    std::optional<Enum> choice(int index, const std::array<std::pair<Enum, const char *>, N> &names)
    {
        const Node &n = node(index);
        if (n.kind == Node::Kind::Scalar && (n.tag == TagPlain || n.tag == TagNonPlain)) {
            if (const auto value = enumFromName(names, fromStd(n.text)))
                return value;
        }
        error(index, tr("must be one of %1").arg(enumChoices(names)));
        return std::nullopt;
    }

    std::optional<PyValue> value(int index);
    std::optional<HttpHeaders> headers(int index);

private:
    const std::vector<Node> &m_nodes;
    QStringList m_path;

    std::optional<QString> utf16(int index);
    std::optional<PyValue> plainValue(int index);
    std::optional<PyValue> taggedScalar(int index);
    std::optional<PyValue> sequenceValue(int index);
    std::optional<PyValue> mappingValue(int index);
    std::optional<PyValue> symbolic(int index, bool starred);
    std::optional<int> reFlags(int index);
    void wrongKind(int index, const QString &example);
};

void Reader::wrongKind(int index, const QString &example)
{
    error(index, tr("%1 takes %2").arg(tagDisplay(node(index).tag), example));
}

std::optional<QString> Reader::utf16(int index)
{
    QString out;
    for (int part : node(index).children) {
        const Node &p = node(part);
        if (p.kind == Node::Kind::Scalar && p.tag == TagPlain && p.text.size() == 6
            && p.text.rfind("0x", 0) == 0) {
            bool ok = false;
            const uint unit = fromStd(p.text).mid(2).toUInt(&ok, 16);
            if (ok && unit >= 0xd800 && unit <= 0xdfff) {
                out += QChar(char16_t(unit));
                continue;
            }
        } else if (p.kind == Node::Kind::Scalar && p.tag == TagNonPlain) {
            out += fromStd(p.text);
            continue;
        }
        error(part, tr("!utf16 parts are quoted strings and surrogate code units 0xD800-0xDFFF"));
        return std::nullopt;
    }
    return out;
}

std::optional<PyValue> Reader::value(int index)
{
    const Node &n = node(index);
    switch (n.kind) {
    case Node::Kind::Null:
        return PyValue::none();
    case Node::Kind::Scalar:
        if (n.tag == TagPlain)
            return plainValue(index);
        if (n.tag == TagNonPlain || n.tag == TagStr)
            return PyValue::str(fromStd(n.text));
        return taggedScalar(index);
    case Node::Kind::Sequence:
        return sequenceValue(index);
    case Node::Kind::Mapping:
        return mappingValue(index);
    }
    return std::nullopt;
}

std::optional<PyValue> Reader::plainValue(int index)
{
    const Plain p = resolvePlain(node(index).text);
    switch (p.kind) {
    case Plain::Kind::Str:
        return PyValue::str(fromStd(node(index).text));
    case Plain::Kind::Bool:
        return PyValue::boolean(p.boolValue);
    case Plain::Kind::Int:
        return PyValue::integerFromDecimal(p.intText);
    case Plain::Kind::Float:
        return PyValue::floating(p.floatValue);
    case Plain::Kind::Ambiguous:
        error(index, ambiguousText(fromStd(node(index).text)));
        return std::nullopt;
    case Plain::Kind::OutOfRange:
        error(index, tr("%1 is out of the range of a float").arg(fromStd(node(index).text)));
        return std::nullopt;
    }
    return std::nullopt;
}

std::optional<PyValue> Reader::symbolic(int index, bool starred)
{
    const std::string &name = node(index).text;
    PyValue out;
    if (name == "default_headers")
        out = PyValue::defaultHeaders();
    else if (name == "default_methods")
        out = PyValue::defaultMethods();
    else {
        error(index,
              tr("%1 takes default_headers or default_methods").arg(tagDisplay(node(index).tag)));
        return std::nullopt;
    }
    out.setStarred(starred);
    return out;
}

std::optional<PyValue> Reader::taggedScalar(int index)
{
    const Node &n = node(index);
    if (n.tag == TagDefault)
        return symbolic(index, false);
    if (n.tag == TagSplat)
        return symbolic(index, true);
    if (n.tag == TagRe)
        return PyValue::pattern(fromStd(n.text));
    if (n.tag == TagNan) {
        bool ok = n.text.size() == 18 && n.text.rfind("0x", 0) == 0;
        const quint64 bits = ok ? fromStd(n.text).mid(2).toULongLong(&ok, 16) : 0;
        double value = 0;
        std::memcpy(&value, &bits, sizeof value);
        if (ok && std::isnan(value))
            return PyValue::floating(value);
        error(index, tr("!nan takes the 64 bits of a NaN in hex, e.g. !nan 0xfff8000000000000"));
        return std::nullopt;
    }
    if (n.tag == TagTuple || n.tag == TagSet || n.tag == TagDict || n.tag == TagUtf16) {
        wrongKind(index, tr("a sequence, e.g. %1 [\"a\", \"b\"]").arg(tagDisplay(n.tag)));
        return std::nullopt;
    }
    if (n.tag == TagEnv) {
        wrongKind(index, tr("a mapping: !env {source: \"...\", value: ...}"));
        return std::nullopt;
    }
    error(index,
          tr("unknown tag %1 (CORS Studio knows !tuple, !set, !dict, !re, !default, !splat, "
             "!env, !utf16 and !nan)")
                  .arg(tagDisplay(n.tag)));
    return std::nullopt;
}

std::optional<PyValue> Reader::sequenceValue(int index)
{
    const Node &n = node(index);
    const bool list = isUntaggedCollection(index);
    if (n.tag == TagUtf16) {
        const auto text = utf16(index);
        return text ? std::optional<PyValue>(PyValue::str(*text)) : std::nullopt;
    }
    if (n.tag == TagSplat) {
        if (n.children.size() != 1) {
            wrongKind(index, tr("default_headers, default_methods or a sequence of one value"));
            return std::nullopt;
        }
        std::optional<PyValue> inner = value(n.children.front());
        if (!inner)
            return std::nullopt;
        if (inner->isStarred()) {
            error(n.children.front(), tr("a starred value inside !splat"));
            return std::nullopt;
        }
        inner->setStarred(true);
        return inner;
    }
    if (n.tag == TagDict) {
        QList<std::pair<PyValue, PyValue>> pairs;
        for (int item : n.children) {
            const Node &pair = node(item);
            if (pair.kind != Node::Kind::Sequence || !isUntaggedCollection(item)
                || pair.children.size() != 2) {
                error(item, tr("a !dict item must be a [key, value] pair"));
                return std::nullopt;
            }
            std::optional<PyValue> key = value(pair.children[0]);
            if (!key)
                return std::nullopt;
            std::optional<PyValue> val = value(pair.children[1]);
            if (!val)
                return std::nullopt;
            pairs.append({std::move(*key), std::move(*val)});
        }
        return PyValue::dict(std::move(pairs));
    }
    if (!list && n.tag != TagTuple && n.tag != TagSet) {
        if (n.tag == TagRe || n.tag == TagEnv || n.tag == TagDefault || n.tag == TagNan)
            wrongKind(index,
                      n.tag == TagEnv ? tr("a mapping: !env {source: \"...\", value: ...}")
                                      : tr("a scalar or a mapping"));
        else
            taggedScalar(index); // reports the unknown tag
        return std::nullopt;
    }
    QList<PyValue> items;
    items.reserve(qsizetype(n.children.size()));
    for (int child : n.children) {
        std::optional<PyValue> item = value(child);
        if (!item)
            return std::nullopt;
        items.append(std::move(*item));
    }
    if (n.tag == TagTuple)
        return PyValue::tuple(std::move(items));
    if (n.tag == TagSet)
        return PyValue::set(std::move(items));
    return PyValue::list(std::move(items));
}

std::optional<int> Reader::reFlags(int index)
{
    const Node &n = node(index);
    std::vector<int> parts;
    if (n.kind == Node::Kind::Sequence && isUntaggedCollection(index))
        parts = n.children;
    else
        parts.push_back(index);
    int flags = 0;
    for (int part : parts) {
        const Node &p = node(part);
        bool known = false;
        if (p.kind == Node::Kind::Scalar && (p.tag == TagPlain || p.tag == TagNonPlain)) {
            const QString name = fromStd(p.text);
            for (const auto &[bit, text] : reFlagNames) {
                if (name == QLatin1String(text)) {
                    flags |= bit;
                    known = true;
                }
            }
            for (const auto &[bit, text] : reFlagLetters) {
                if (name == QLatin1String(text)) {
                    flags |= bit;
                    known = true;
                }
            }
            if (!known && p.tag == TagPlain) {
                const Plain number = resolvePlain(p.text);
                bool ok = false;
                const int bits = number.intText.toInt(&ok);
                if (number.kind == Plain::Kind::Int && ok) {
                    flags |= bits;
                    known = true;
                }
            }
        }
        if (!known) {
            error(part,
                  tr("flags are Python re flag names (IGNORECASE, MULTILINE, DOTALL, ...) "
                     "or integers"));
            return std::nullopt;
        }
    }
    return flags;
}

std::optional<PyValue> Reader::mappingValue(int index)
{
    const Node &n = node(index);
    if (n.tag == TagRe) {
        push(QStringLiteral("!re"));
        const auto fields = entries(index, {QStringLiteral("pattern"), QStringLiteral("flags")},
                                    tr("!re"), true);
        std::optional<QString> pattern;
        std::optional<int> flags = 0;
        bool ok = fields.has_value();
        for (const Entry &e : fields.value_or(QList<Entry>())) {
            if (e.key == QLatin1String("pattern"))
                pattern = string(e.valueNode, tr("a string"));
            else
                flags = reFlags(e.valueNode);
            ok = ok && (e.key != QLatin1String("pattern") || pattern) && flags;
        }
        if (ok && !pattern)
            error(index, tr("!re needs a pattern"));
        pop();
        if (!ok || !pattern)
            return std::nullopt;
        return PyValue::pattern(*pattern, *flags);
    }
    if (n.tag == TagEnv) {
        push(QStringLiteral("!env"));
        const auto fields = entries(index, {QStringLiteral("source"), QStringLiteral("value")},
                                    tr("!env"), true);
        std::optional<QString> source;
        std::optional<PyValue> result;
        bool ok = fields.has_value();
        for (const Entry &e : fields.value_or(QList<Entry>())) {
            if (e.key == QLatin1String("source")) {
                source = string(e.valueNode, tr("the expression read, as a string"));
                if (source && source->isEmpty()) {
                    error(e.valueNode, tr("must not be empty"));
                    source.reset();
                }
                ok = ok && source;
            } else {
                result = value(e.valueNode);
                if (result && !result->dynamicSource().isEmpty()) {
                    error(e.valueNode, tr("an !env value inside !env"));
                    result.reset();
                }
                ok = ok && result;
            }
        }
        if (ok && (!source || !result))
            error(index, tr("!env needs both source and value"));
        pop();
        if (!ok || !source || !result)
            return std::nullopt;
        result->setDynamicSource(*source);
        return result;
    }
    if (isUntaggedCollection(index)) {
        error(index,
              tr("a mapping is not a setting value; write a dict as !dict [[key, value], ...]"));
        return std::nullopt;
    }
    if (n.tag == TagTuple || n.tag == TagSet || n.tag == TagDict || n.tag == TagUtf16
        || n.tag == TagSplat || n.tag == TagDefault || n.tag == TagNan) {
        wrongKind(index, tr("no mapping"));
        return std::nullopt;
    }
    taggedScalar(index); // reports the unknown tag
    return std::nullopt;
}

std::optional<HttpHeaders> Reader::headers(int index)
{
    const Node &n = node(index);
    HttpHeaders out;
    if (n.kind == Node::Kind::Null)
        return out;
    if (n.kind == Node::Kind::Sequence && isUntaggedCollection(index)) {
        for (int item : n.children) {
            const Node &pair = node(item);
            if (pair.kind != Node::Kind::Sequence || !isUntaggedCollection(item)
                || pair.children.size() != 2) {
                error(item, tr("a header must be a [name, value] pair"));
                return std::nullopt;
            }
            const auto name = string(pair.children[0], tr("a string"));
            const auto value = name ? string(pair.children[1], tr("a string")) : std::nullopt;
            if (!value)
                return std::nullopt;
            out.append({*name, *value});
        }
        return out;
    }
    if (n.kind != Node::Kind::Mapping || !isUntaggedCollection(index)) {
        error(index,
              tr("must be a mapping of header names to values, or a list of [name, "
                 "value] pairs"));
        return std::nullopt;
    }
    QSet<QString> seen;
    for (size_t i = 0; i + 1 < n.children.size(); i += 2) {
        const auto name = string(n.children[i], tr("a header name"));
        if (!name)
            return std::nullopt;
        if (seen.contains(*name)) {
            error(n.children[i],
                  tr("duplicate header \"%1\" (write repeated headers as a list "
                     "of [name, value] pairs)")
                          .arg(*name));
            return std::nullopt;
        }
        seen.insert(*name);
        const auto value = string(n.children[i + 1], tr("a string"));
        if (!value)
            return std::nullopt;
        out.append({*name, *value});
    }
    return out;
}

// ---- The document schema ----------------------------------------------------------------------

std::optional<Scenario> readRequest(Reader &r, int index)
{
    const auto fields = r.entries(index, requestKeys(), tr("the request"));
    if (!fields)
        return std::nullopt;
    Scenario s;
    bool ok = true;
    bool haveOrigin = false, haveUrl = false, haveBodyKind = false, haveBody = false;
    for (const Reader::Entry &e : *fields) {
        r.push(e.key);
        const int v = e.valueNode;
        const QString &k = e.key;
        auto assign = [&ok](auto &target, auto value) {
            if (value)
                target = *value;
            else
                ok = false;
        };
        if (k == QLatin1String("origin")) {
            assign(s.pageOrigin, r.string(v, tr("a string")));
            haveOrigin = true;
        } else if (k == QLatin1String("url")) {
            assign(s.url, r.string(v, tr("a string")));
            haveUrl = true;
        } else if (k == QLatin1String("method")) {
            assign(s.method, r.string(v, tr("a string")));
        } else if (k == QLatin1String("headers")) {
            assign(s.headers, r.headers(v));
        } else if (k == QLatin1String("credentials")) {
            const auto mode = r.string(v, tr("omit, same-origin or include"));
            const auto parsed = mode ? credentialsModeFromName(*mode) : std::nullopt;
            if (mode && !parsed)
                r.error(v, tr("must be omit, same-origin or include"));
            assign(s.credentials, parsed);
        } else if (k == QLatin1String("mode")) {
            const auto mode = r.string(v, tr("cors, no-cors or same-origin"));
            const auto parsed = mode ? requestModeFromName(*mode) : std::nullopt;
            if (mode && !parsed)
                r.error(v, tr("must be cors, no-cors or same-origin"));
            assign(s.mode, parsed);
        } else if (k == QLatin1String("cache")) {
            assign(s.cacheMode, r.choice(v, cacheNames));
        } else if (k == QLatin1String("api")) {
            assign(s.initiator, r.choice(v, apiNames));
        } else if (k == QLatin1String("browser")) {
            assign(s.browser, r.choice(v, browserNames));
        } else if (k == QLatin1String("body_kind")) {
            const auto kind = r.string(v, tr("a body kind"));
            const auto parsed = kind ? bodyKindFromName(*kind) : std::nullopt;
            if (kind && !parsed)
                r.error(v,
                        tr("must be none, text, urlsearchparams, formdata, blob, arraybuffer "
                           "or stream"));
            assign(s.body, parsed);
            haveBodyKind = true;
        } else if (k == QLatin1String("body")) {
            // As in the JSON form: null means no body.
            if (r.node(v).kind != Node::Kind::Null) {
                assign(s.bodyText, r.string(v, tr("a string or null")));
                haveBody = true;
            }
        } else if (k == QLatin1String("blob_type")) {
            assign(s.blobType, r.string(v, tr("a string")));
        } else if (k == QLatin1String("duplex")) {
            assign(s.duplexHalf, r.boolean(v));
        } else if (k == QLatin1String("upload_listeners")) {
            assign(s.uploadListeners, r.boolean(v));
        } else if (k == QLatin1String("cookies")) {
            assign(s.cookies, r.string(v, tr("a string")));
        } else if (k == QLatin1String("cookie_samesite")) {
            assign(s.cookieSameSite, r.choice(v, sameSiteNames));
        } else if (k == QLatin1String("endpoint_status")) {
            assign(s.endpoint.status, r.integer(v, 100, 599, tr("an HTTP status code (100-599)")));
        } else if (k == QLatin1String("endpoint_headers")) {
            assign(s.endpoint.headers, r.headers(v));
        } else if (k == QLatin1String("preflight_status")) {
            if (!s.preflightEndpoint)
                s.preflightEndpoint = EndpointResponse();
            assign(s.preflightEndpoint->status,
                   r.integer(v, 100, 599, tr("an HTTP status code (100-599)")));
        } else if (k == QLatin1String("preflight_headers")) {
            if (!s.preflightEndpoint)
                s.preflightEndpoint = EndpointResponse();
            assign(s.preflightEndpoint->headers, r.headers(v));
        }
        r.pop();
    }
    if (haveBody && !haveBodyKind)
        s.body = BodyKind::Text;
    if (!haveOrigin || !haveUrl) {
        r.error(index, tr("\"origin\" and \"url\" are required"));
        ok = false;
    }
    if (ok && fields->size() != qsizetype(r.node(index).children.size() / 2))
        ok = false; // a key was refused
    return ok ? std::optional<Scenario>(s) : std::nullopt;
}

std::optional<SavedScenario> readScenario(Reader &r, int index)
{
    static const QStringList keys
            = {QStringLiteral("name"), QStringLiteral("expect"), QStringLiteral("session"),
               QStringLiteral("advance"), QStringLiteral("request")};
    const auto fields = r.entries(index, keys, tr("a scenario"));
    if (!fields)
        return std::nullopt;
    SavedScenario saved;
    bool ok = fields->size() == qsizetype(r.node(index).children.size() / 2);
    bool haveName = false, haveRequest = false;
    for (const Reader::Entry &e : *fields) {
        r.push(e.key);
        if (e.key == QLatin1String("name")) {
            haveName = true;
            if (const auto name = r.string(e.valueNode, tr("a string")))
                saved.name = *name;
            else
                ok = false;
        } else if (e.key == QLatin1String("expect")) {
            const auto expect = r.string(e.valueNode, tr("allowed or blocked"));
            if (expect
                && (*expect == QLatin1String("allowed") || *expect == QLatin1String("blocked"))) {
                saved.expectAllowed = *expect == QLatin1String("allowed");
            } else {
                if (expect)
                    r.error(e.valueNode, tr("must be allowed or blocked"));
                ok = false;
            }
        } else if (e.key == QLatin1String("session")) {
            if (const auto session = r.string(e.valueNode, tr("a string")))
                saved.session = *session;
            else
                ok = false;
        } else if (e.key == QLatin1String("advance")) {
            if (const auto advance = r.seconds(e.valueNode))
                saved.advanceSeconds = *advance;
            else
                ok = false;
        } else {
            haveRequest = true;
            if (const auto request = readRequest(r, e.valueNode))
                saved.scenario = *request;
            else
                ok = false;
        }
        r.pop();
    }
    if (!haveName || !haveRequest) {
        r.error(index, tr("a scenario needs a name and a request"));
        ok = false;
    }
    return ok ? std::optional<SavedScenario>(saved) : std::nullopt;
}

// ---- The deployment ----------------------------------------------------------------------------

/** A list of strings (a YAML sequence); nullopt after reporting what is wrong. */
std::optional<QStringList> readStrings(Reader &r, int index)
{
    const Node &n = r.node(index);
    if (n.kind != Node::Kind::Sequence || !r.isUntaggedCollection(index)) {
        r.error(index, tr("must be a list of strings"));
        return std::nullopt;
    }
    QStringList out;
    bool ok = true;
    for (int item : n.children) {
        if (const auto text = r.string(item, tr("a string")))
            out.append(*text);
        else
            ok = false;
    }
    return ok ? std::optional<QStringList>(out) : std::nullopt;
}

/** A string, or null for None. */
std::optional<std::optional<QString>> readOptionalString(Reader &r, int index)
{
    if (r.node(index).kind == Node::Kind::Null)
        return std::optional<QString>();
    if (const auto text = r.string(index, tr("a string or null")))
        return std::optional<QString>(*text);
    return std::nullopt;
}

// The stack's settings, less MIDDLEWARE, which the document keeps as its own member.
const QStringList &deploymentSettingNames()
{
    static const QStringList names = [] {
        QStringList all = stackSettingNames();
        all.removeAll(QStringLiteral("MIDDLEWARE"));
        return all;
    }();
    return names;
}

/** MaxDrfRenderers: DEFAULT_RENDERER_COUNT's bound (only 1 or more than 1 matters). */
constexpr qint64 MaxDrfRenderers = 1000;

bool readRestFramework(Reader &r, int index, StackSettings &s)
{
    static const QStringList keys = {QStringLiteral("DEFAULT_AUTHENTICATION_CLASSES"),
                                     QStringLiteral("DEFAULT_PERMISSION_CLASSES"),
                                     QStringLiteral("DEFAULT_RENDERER_COUNT")};
    const auto fields = r.entries(index, keys, tr("REST_FRAMEWORK's settings"));
    if (!fields)
        return false;
    bool ok = fields->size() == qsizetype(r.node(index).children.size() / 2);
    for (const Reader::Entry &e : *fields) {
        r.push(e.key);
        if (e.key == QLatin1String("DEFAULT_AUTHENTICATION_CLASSES")) {
            if (const auto classes = readStrings(r, e.valueNode))
                s.drfAuthenticationClasses = *classes;
            else
                ok = false;
        } else if (e.key == QLatin1String("DEFAULT_PERMISSION_CLASSES")) {
            if (const auto classes = readStrings(r, e.valueNode))
                s.drfPermissionClasses = *classes;
            else
                ok = false;
        } else {
            if (const auto count = r.integer(
                        e.valueNode, 0, MaxDrfRenderers,
                        tr("the number of DEFAULT_RENDERER_CLASSES (0-%1)").arg(MaxDrfRenderers)))
                s.drfRendererCount = int(*count);
            else
                ok = false;
        }
        r.pop();
    }
    return ok;
}

bool readStackSettings(Reader &r, int index, StackSettings &s)
{
    const auto fields
            = r.entries(index, deploymentSettingNames(), tr("Django setting names to values"));
    if (!fields)
        return false;
    bool ok = fields->size() == qsizetype(r.node(index).children.size() / 2);
    for (const Reader::Entry &e : *fields) {
        if (r.full())
            break;
        r.push(e.key);
        const int v = e.valueNode;
        const QString &k = e.key;
        auto assign = [&ok](auto &target, auto value) {
            if (value)
                target = *value;
            else
                ok = false;
        };
        if (k == QLatin1String("DEBUG")) {
            assign(s.debug, r.boolean(v));
        } else if (k == QLatin1String("ALLOWED_HOSTS")) {
            assign(s.allowedHosts, readStrings(r, v));
        } else if (k == QLatin1String("APPEND_SLASH")) {
            assign(s.appendSlash, r.boolean(v));
        } else if (k == QLatin1String("PREPEND_WWW")) {
            assign(s.prependWww, r.boolean(v));
        } else if (k == QLatin1String("SECURE_SSL_REDIRECT")) {
            assign(s.secureSslRedirect, r.boolean(v));
        } else if (k == QLatin1String("SECURE_SSL_HOST")) {
            const auto host = readOptionalString(r, v);
            if (host)
                s.secureSslHost = host->value_or(QString());
            else
                ok = false;
        } else if (k == QLatin1String("SECURE_REDIRECT_EXEMPT")) {
            assign(s.secureRedirectExempt, readStrings(r, v));
        } else if (k == QLatin1String("SECURE_PROXY_SSL_HEADER")) {
            if (r.node(v).kind != Node::Kind::Null) {
                const Node &n = r.node(v);
                if (n.kind != Node::Kind::Sequence || !r.isUntaggedCollection(v)
                    || n.children.size() != 2) {
                    r.error(v,
                            tr("must be null or a [header, value] pair, e.g. "
                               "[\"HTTP_X_FORWARDED_PROTO\", \"https\"]"));
                    ok = false;
                } else if (const auto pair = readStrings(r, v)) {
                    s.secureProxySslHeader = std::make_pair(pair->at(0), pair->at(1));
                } else {
                    ok = false;
                }
            }
        } else if (k == QLatin1String("USE_X_FORWARDED_HOST")) {
            assign(s.useXForwardedHost, r.boolean(v));
        } else if (k == QLatin1String("LOGIN_URL")) {
            assign(s.loginUrl, r.string(v, tr("a string")));
        } else if (k == QLatin1String("CSRF_COOKIE_NAME")) {
            assign(s.csrfCookieName, r.string(v, tr("a string")));
        } else if (k == QLatin1String("CSRF_HEADER_NAME")) {
            assign(s.csrfHeaderName, r.string(v, tr("a string")));
        } else if (k == QLatin1String("CSRF_COOKIE_DOMAIN")) {
            assign(s.csrfCookieDomain, readOptionalString(r, v));
        } else if (k == QLatin1String("CSRF_USE_SESSIONS")) {
            assign(s.csrfUseSessions, r.boolean(v));
        } else if (k == QLatin1String("SESSION_COOKIE_NAME")) {
            assign(s.sessionCookieName, r.string(v, tr("a string")));
        } else if (k == QLatin1String("SESSION_COOKIE_DOMAIN")) {
            assign(s.sessionCookieDomain, readOptionalString(r, v));
        } else {
            ok = readRestFramework(r, v, s) && ok;
        }
        r.pop();
    }
    return ok;
}

std::optional<Route> readRoute(Reader &r, int index)
{
    static const QStringList keys
            = {QStringLiteral("path"), QStringLiteral("view"), QStringLiteral("authentication"),
               QStringLiteral("permission")};
    const auto fields = r.entries(index, keys, tr("a route"));
    if (!fields)
        return std::nullopt;
    Route route;
    bool ok = fields->size() == qsizetype(r.node(index).children.size() / 2);
    bool havePath = false, haveView = false;
    for (const Reader::Entry &e : *fields) {
        r.push(e.key);
        const int v = e.valueNode;
        if (e.key == QLatin1String("path")) {
            havePath = true;
            if (const auto path = r.string(v, tr("a string")))
                route.path = *path;
            else
                ok = false;
        } else if (e.key == QLatin1String("view")) {
            haveView = true;
            const auto name = r.string(v, tr("a view kind"));
            const auto kind = name ? viewKindFromName(*name) : std::nullopt;
            if (kind) {
                route.view = *kind;
            } else {
                if (name)
                    r.error(v, tr("must be one of ok, csrf_exempt, login_required, error, drf"));
                ok = false;
            }
        } else if (e.key == QLatin1String("authentication")) {
            const auto schemes = readStrings(r, v);
            if (!schemes) {
                ok = false;
            } else {
                const Node &n = r.node(v);
                for (qsizetype i = 0; i < schemes->size(); ++i) {
                    const QString &scheme = schemes->at(i);
                    if (scheme != QLatin1String("session") && scheme != QLatin1String("token")
                        && scheme != QLatin1String("basic")) {
                        r.error(n.children[size_t(i)], tr("must be session, token or basic"));
                        ok = false;
                    }
                }
                route.authentication = *schemes;
            }
        } else {
            const auto permission = r.string(v, tr("allow_any or is_authenticated"));
            if (permission
                && (*permission == QLatin1String("allow_any")
                    || *permission == QLatin1String("is_authenticated"))) {
                route.permission = *permission;
            } else {
                if (permission)
                    r.error(v, tr("must be allow_any or is_authenticated"));
                ok = false;
            }
        }
        r.pop();
    }
    if (!havePath || !haveView) {
        r.error(index, tr("a route needs a path and a view"));
        ok = false;
    } else if (route.view != ViewKind::Drf && (route.authentication || route.permission)) {
        r.error(index, tr("authentication and permission apply to drf views only"));
        ok = false;
    }
    return ok ? std::optional<Route>(route) : std::nullopt;
}

bool readIdentities(Reader &r, int index, Identities &ids)
{
    static const QStringList keys
            = {QStringLiteral("sessions"), QStringLiteral("tokens"), QStringLiteral("basic")};
    const auto fields = r.entries(index, keys, tr("sessions, tokens and basic"));
    if (!fields)
        return false;
    bool ok = fields->size() == qsizetype(r.node(index).children.size() / 2);
    for (const Reader::Entry &e : *fields) {
        r.push(e.key);
        QStringList &target = e.key == QLatin1String("sessions")
                ? ids.sessions
                : (e.key == QLatin1String("tokens") ? ids.tokens : ids.basic);
        if (const auto items = readStrings(r, e.valueNode))
            target = *items;
        else
            ok = false;
        r.pop();
    }
    return ok;
}

std::optional<Deployment> readDeployment(Reader &r, int index)
{
    static const QStringList keys = {QStringLiteral("middleware"), QStringLiteral("settings"),
                                     QStringLiteral("routes"), QStringLiteral("identities")};
    const auto fields = r.entries(index, keys, tr("the deployment"));
    if (!fields)
        return std::nullopt;
    Deployment d;
    bool ok = fields->size() == qsizetype(r.node(index).children.size() / 2);
    for (const Reader::Entry &e : *fields) {
        if (r.full())
            break;
        const int v = e.valueNode;
        const bool null = r.node(v).kind == Node::Kind::Null;
        r.push(e.key);
        if (e.key == QLatin1String("middleware")) {
            if (const auto middleware = readStrings(r, v))
                d.settings.middleware = *middleware;
            else
                ok = false;
        } else if (e.key == QLatin1String("settings")) {
            ok = (null || readStackSettings(r, v, d.settings)) && ok;
        } else if (e.key == QLatin1String("routes")) {
            const Node &n = r.node(v);
            if (null) {
                // no routes
            } else if (n.kind != Node::Kind::Sequence || !r.isUntaggedCollection(v)) {
                r.error(v, tr("must be a list of routes"));
                ok = false;
            } else {
                for (size_t i = 0; i < n.children.size() && !r.full(); ++i) {
                    r.pushIndex(qsizetype(i));
                    if (const auto route = readRoute(r, n.children[i]))
                        d.routes.append(*route);
                    else
                        ok = false;
                    r.popIndex();
                }
            }
        } else {
            ok = (null || readIdentities(r, v, d.identities)) && ok;
        }
        r.pop();
    }
    return ok ? std::optional<Deployment>(d) : std::nullopt;
}

/** Returns false when reading must stop (no version, or a newer one). */
bool readVersion(Reader &r, int root)
{
    const Node &n = r.node(root);
    if (n.kind != Node::Kind::Mapping || !r.isUntaggedCollection(root)) {
        r.error(root,
                tr("not a CORS Studio document: expected a mapping that starts with "
                   "\"cors-studio: %1\"")
                        .arg(CorsYamlFormat));
        return false;
    }
    for (size_t i = 0; i + 1 < n.children.size(); i += 2) {
        const Node &key = r.node(n.children[i]);
        if (key.kind != Node::Kind::Scalar || key.text != "cors-studio")
            continue;
        const int v = n.children[i + 1];
        const Plain p = r.isPlain(v) ? resolvePlain(r.node(v).text) : Plain();
        if (p.kind != Plain::Kind::Int || p.intText.startsWith(u'-')
            || p.intText == QLatin1String("0")) {
            r.error(v,
                    tr("cors-studio must be the format version, a positive integer (this "
                       "CORS Studio writes %1)")
                            .arg(CorsYamlFormat));
            return false;
        }
        bool small = false;
        const int version = p.intText.toInt(&small);
        if (!small || version > CorsYamlFormat) {
            r.error(v,
                    tr("written by a newer CORS Studio (format %1); this one reads format %2")
                            .arg(p.intText)
                            .arg(CorsYamlFormat));
            return false;
        }
        return true;
    }
    r.error(root,
            tr("not a CORS Studio document: the format version \"cors-studio: %1\" is "
               "missing")
                    .arg(CorsYamlFormat));
    return false;
}

std::optional<CorsDocument> readDocument(Reader &r, int root)
{
    if (root < 0 || r.node(root).kind == Node::Kind::Null) {
        r.error(root,
                tr("the document is empty; a CORS Studio document starts with "
                   "\"cors-studio: %1\"")
                        .arg(CorsYamlFormat));
        return std::nullopt;
    }
    if (!readVersion(r, root))
        return std::nullopt;
    static const QStringList keys = {QStringLiteral("cors-studio"), QStringLiteral("profile"),
                                     QStringLiteral("settings"),    QStringLiteral("deployment"),
                                     QStringLiteral("proxy"),       QStringLiteral("cors_layer"),
                                     QStringLiteral("scenarios")};
    const auto fields = r.entries(root, keys, tr("the document"));
    if (!fields)
        return std::nullopt;
    CorsDocument document;
    for (const Reader::Entry &e : *fields) {
        if (r.full())
            break;
        const int v = e.valueNode;
        r.push(e.key);
        if (e.key == QLatin1String("profile")) {
            const Node &n = r.node(v);
            const bool scalar
                    = n.kind == Node::Kind::Scalar && (n.tag == TagPlain || n.tag == TagNonPlain);
            const auto profile = scalar ? profileFromName(fromStd(n.text)) : std::nullopt;
            if (profile)
                document.policy.setProfile(*profile);
            else
                r.error(v, tr("must be \"4.x\" or \"3.14\""));
        } else if (e.key == QLatin1String("settings") && r.node(v).kind != Node::Kind::Null) {
            const auto settings = r.entries(v, {}, tr("setting names to values"));
            for (const Reader::Entry &s : settings.value_or(QList<Reader::Entry>())) {
                if (r.full())
                    break;
                const std::optional<SettingId> id = settingFromName(s.key);
                if (!id) {
                    r.error(s.keyNode, tr("unknown setting \"%1\"").arg(s.key));
                    continue;
                }
                r.push(s.key);
                if (std::optional<PyValue> value = r.value(s.valueNode))
                    document.policy.setValue(*id, std::move(*value));
                r.pop();
            }
        } else if (e.key == QLatin1String("deployment") && r.node(v).kind != Node::Kind::Null) {
            document.deployment = readDeployment(r, v);
        } else if (e.key == QLatin1String("proxy") && r.node(v).kind != Node::Kind::Null) {
            const auto proxy = r.string(v, tr("the path of an nginx configuration"));
            if (proxy && proxy->isEmpty())
                r.error(v, tr("must be the path of an nginx configuration, not empty"));
            else if (proxy)
                document.proxyFile = *proxy;
        } else if (e.key == QLatin1String("cors_layer") && r.node(v).kind != Node::Kind::Null) {
            const auto name = r.string(v, tr("\"django\" or \"nginx\""));
            const auto layer = name ? corsLayerFromName(*name) : std::nullopt;
            if (layer)
                document.corsLayer = *layer;
            else if (name)
                r.error(v, tr("must be \"django\" or \"nginx\""));
        } else if (e.key == QLatin1String("scenarios") && r.node(v).kind != Node::Kind::Null) {
            const Node &n = r.node(v);
            if (n.kind != Node::Kind::Sequence || !r.isUntaggedCollection(v)) {
                r.error(v, tr("must be a list of scenarios"));
            } else {
                for (size_t i = 0; i < n.children.size() && !r.full(); ++i) {
                    r.pushIndex(qsizetype(i));
                    if (const auto scenario = readScenario(r, n.children[i]))
                        document.scenarios.append(*scenario);
                    r.popIndex();
                }
            }
        }
        r.pop();
    }
    return document;
}

} // namespace

CorsYamlResult loadCorsYaml(const QByteArray &input)
{
    CorsYamlResult result;
    if (input.size() > CorsYamlLimits::MaxBytes) {
        result.messages.append({0, 0,
                                tr("the file is larger than %1 MiB, the most CORS Studio reads")
                                        .arg(CorsYamlLimits::MaxBytes / (1024 * 1024))});
        return result;
    }
    // yaml-cpp skips a UTF-8 byte order mark itself, but positions are easier without it.
    QByteArray text = input.startsWith("\xef\xbb\xbf") ? input.mid(3) : input;
    // YAML ends lines with CR too, yaml-cpp 0.7 only with LF and CR LF; same length, same positions.
    for (qsizetype i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
        if (i + 1 >= text.size() || text.at(i + 1) != '\n')
            text[i] = '\n';
    }
    const Locator locator(text);
    if (const auto problem = prescan(text)) {
        result.messages.append(locator.message(*problem));
        return result;
    }
    Tree tree;
    if (const auto problem = parseTree(text, &tree)) {
        result.messages.append(locator.message(*problem));
        return result;
    }
    Reader reader(tree);
    std::optional<CorsDocument> document = readDocument(reader, tree.root);
    QList<Problem> problems = reader.problems;
    std::stable_sort(problems.begin(), problems.end(), [](const Problem &a, const Problem &b) {
        return (a.pos < 0 ? std::numeric_limits<qsizetype>::max() : a.pos)
                < (b.pos < 0 ? std::numeric_limits<qsizetype>::max() : b.pos);
    });
    for (const Problem &p : std::as_const(problems))
        result.messages.append(locator.message(p));
    if (document && result.messages.isEmpty()) {
        result.ok = true;
        result.document = std::move(*document);
    }
    return result;
}

QByteArray saveCorsYaml(const CorsDocument &document)
{
    QByteArray out;
    out += "cors-studio: " + QByteArray::number(CorsYamlFormat) + '\n';
    out += "profile: " + doubleQuoted(profileName(document.policy.profile())) + '\n';
    const QList<SettingId> defined = document.policy.definedSettings();
    if (defined.isEmpty()) {
        out += "settings: {}\n";
    } else {
        out += "settings:\n";
        for (SettingId id : defined) {
            out += "  " + settingName(id).toLatin1() + ':';
            writeValueAfterKey(out, *document.policy.value(id), 2);
        }
    }
    if (document.deployment)
        writeDeployment(out, *document.deployment);
    if (!document.proxyFile.isEmpty())
        out += "proxy: " + stringScalar(document.proxyFile) + '\n';
    if (document.corsLayer != CorsLayer::Django)
        out += "cors_layer: " + corsLayerName(document.corsLayer).toLatin1() + '\n';
    if (document.scenarios.isEmpty()) {
        out += "scenarios: []\n";
        return out;
    }
    out += "scenarios:\n";
    for (const SavedScenario &saved : document.scenarios) {
        out += "  - name: " + stringScalar(saved.name) + '\n';
        if (saved.expectAllowed)
            out += QByteArray("    expect: ") + (*saved.expectAllowed ? "allowed" : "blocked")
                    + '\n';
        if (!saved.session.isEmpty())
            out += "    session: " + stringScalar(saved.session) + '\n';
        if (saved.advanceSeconds != 0)
            out += "    advance: " + numberScalar(saved.advanceSeconds) + '\n';
        out += "    request:\n";
        writeRequest(out, saved.scenario, 6);
    }
    return out;
}

std::optional<QString> corsYamlLimitProblem(const QByteArray &yaml)
{
    if (yaml.size() > CorsYamlLimits::MaxBytes) {
        return tr("as YAML the document is %1 MiB, more than the %2 MiB CORS Studio reads back")
                .arg(QString::number(double(yaml.size()) / (1024 * 1024), 'f', 1))
                .arg(CorsYamlLimits::MaxBytes / (1024 * 1024));
    }
    // saveCorsYaml puts at most two values on a line besides those an indicator introduces
    // (`- key: value`, `[a, b]`), so text within these counts reads back without being parsed:
    // the autosave of a 100,000-origin document (on the GUI thread) stays a few milliseconds.
    qsizetype lines = 1;
    qsizetype indicators = 0;
    for (const char c : yaml) {
        if (c == '\n')
            ++lines;
        else if (isIndicator(c))
            ++indicators;
    }
    if (indicators <= CorsYamlLimits::MaxIndicators
        && 2 * (lines + indicators) <= CorsYamlLimits::MaxNodes)
        return std::nullopt;
    const CorsYamlResult back = loadCorsYaml(yaml);
    if (back.ok)
        return std::nullopt;
    const CorsYamlMessage first = back.messages.value(0, {0, 0, tr("it cannot be read")});
    return first.line > 0 ? tr("line %1 of the document's YAML would not read back: %2")
                                    .arg(first.line)
                                    .arg(first.text)
                          : tr("the document's YAML would not read back: %1").arg(first.text);
}

QByteArray yamlQuoted(const QString &text)
{
    return doubleQuoted(text);
}

QString corsLayerName(CorsLayer layer)
{
    return layer == CorsLayer::Nginx ? QStringLiteral("nginx") : QStringLiteral("django");
}

std::optional<CorsLayer> corsLayerFromName(const QString &name)
{
    if (name == QLatin1String("django"))
        return CorsLayer::Django;
    if (name == QLatin1String("nginx"))
        return CorsLayer::Nginx;
    return std::nullopt;
}

QString proxyFilePath(const CorsDocument &document, const QString &documentPath)
{
    if (document.proxyFile.isEmpty())
        return {};
    if (QDir::isAbsolutePath(document.proxyFile))
        return document.proxyFile;
    return QDir(QFileInfo(documentPath).absolutePath()).filePath(document.proxyFile);
}

} // namespace Cors
