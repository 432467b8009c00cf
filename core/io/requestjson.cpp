// SPDX-License-Identifier: MIT
#include "io/requestjson.h"

#include "io/flatjsonreader.h"
#include "io/jsonwriter.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVarLengthArray>

#include <cctype>
#include <charconv>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RequestJson", text);
}

QByteArray idJson(const QJsonValue &id)
{
    // QJsonDocument serialises only containers: wrap the value and strip the brackets.
    const QByteArray array = QJsonDocument(QJsonArray {id}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

QString verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pass:
        return QStringLiteral("pass");
    case Verdict::Fail:
        return QStringLiteral("fail");
    case Verdict::Skip:
        return QStringLiteral("skip");
    case Verdict::Error:
        return QStringLiteral("error");
    }
    return QString();
}

/**
 * The common request line, read without building a QJsonDocument: printable ASCII without
 * escapes, members method, path, secure, headers (distinct names even ignoring case and '-'/'_',
 * so that their order cannot matter) and a string or small non-negative integer id, each at
 * most once. nullopt for anything else, which parseRequestLine() then reads the general way
 * (with its error messages).
 */
class SimpleRequestReader : private FlatJsonReader
{
public:
    using FlatJsonReader::FlatJsonReader;

    std::optional<RequestLine> read()
    {
        RequestLine out;
        if (!take('{'))
            return std::nullopt;
        unsigned seen = 0;
        if (!peek('}')) {
            do {
                QLatin1StringView key;
                if (!string(&key) || !take(':'))
                    return std::nullopt;
                unsigned bit = 0;
                if (key == QLatin1String("method")) {
                    bit = 1;
                    QLatin1StringView value;
                    if (!string(&value))
                        return std::nullopt;
                    out.request.method = value;
                } else if (key == QLatin1String("path")) {
                    bit = 2;
                    QLatin1StringView value;
                    if (!string(&value))
                        return std::nullopt;
                    out.request.path = value;
                } else if (key == QLatin1String("secure")) {
                    bit = 4;
                    if (word("true"))
                        out.request.secure = true;
                    else if (!word("false"))
                        return std::nullopt;
                } else if (key == QLatin1String("headers")) {
                    bit = 8;
                    if (!headers(&out.request.headers))
                        return std::nullopt;
                } else if (key == QLatin1String("id")) {
                    bit = 16;
                    if (!id(&out.id))
                        return std::nullopt;
                } else {
                    return std::nullopt;
                }
                if (seen & bit)
                    return std::nullopt;
                seen |= bit;
            } while (take(','));
        }
        if (!take('}') || !atEnd())
            return std::nullopt;
        return out;
    }
};

/**
 * The '"' that ends a JSON string starting at @p p, provided that everything before it is
 * printable ASCII other than a backslash (the strings RawRequestReader accepts); null otherwise.
 * Sixteen bytes at a time where SSE2 is there: request lines are mostly header values the
 * middleware never reads, and checking them byte by byte was a third of a request.
 */
const char *closingQuote(const char *p, const char *end)
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

/** SimpleRequestReader's grammar over bytes, keeping views and only the headers read. */
class RawRequestReader
{
public:
    explicit RawRequestReader(QByteArrayView line)
        : m_p(line.data())
        , m_end(m_p + line.size())
    { }

    std::optional<RawRequestLine> read()
    {
        RawRequestLine out;
        out.request.method = QLatin1StringView("GET");
        out.request.path = QLatin1StringView("/");
        if (!take('{'))
            return std::nullopt;
        unsigned seen = 0;
        if (!peek('}')) {
            do {
                QLatin1StringView key;
                if (!string(&key) || !take(':'))
                    return std::nullopt;
                unsigned bit = 0;
                if (key == QLatin1String("method")) {
                    bit = 1;
                    if (!string(&out.request.method))
                        return std::nullopt;
                } else if (key == QLatin1String("path")) {
                    bit = 2;
                    if (!string(&out.request.path))
                        return std::nullopt;
                } else if (key == QLatin1String("secure")) {
                    bit = 4;
                    if (word("true"))
                        out.request.secure = true;
                    else if (!word("false"))
                        return std::nullopt;
                } else if (key == QLatin1String("headers")) {
                    bit = 8;
                    if (!headers(&out.request))
                        return std::nullopt;
                } else if (key == QLatin1String("id")) {
                    bit = 16;
                    if (!id(&out.id))
                        return std::nullopt;
                } else {
                    return std::nullopt;
                }
                if (seen & bit)
                    return std::nullopt;
                seen |= bit;
            } while (take(','));
        }
        if (!take('}'))
            return std::nullopt;
        skipSpace();
        if (m_p != m_end)
            return std::nullopt;
        return out;
    }

private:
    const char *m_p;
    const char *m_end;

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
    bool id(QByteArrayView *text)
    {
        skipSpace();
        const char *start = m_p;
        if (peek('"')) {
            QLatin1StringView inner;
            if (!string(&inner))
                return false;
            *text = QByteArrayView(start, m_p - start);
            return true;
        }
        while (m_p != m_end && *m_p >= '0' && *m_p <= '9' && m_p - start < 15)
            ++m_p;
        if (m_p == start || (*start == '0' && m_p - start > 1)
            || (m_p != m_end && (std::isalnum(uchar(*m_p)) || *m_p == '.')))
            return false;
        *text = QByteArrayView(start, m_p - start);
        return true;
    }
    /** @p name is @p lower ignoring case and '-'/'_' (as Django's META keys do). */
    static bool isHeader(QLatin1StringView name, const char *lower, qsizetype length)
    {
        if (name.size() != length)
            return false;
        const char *p = name.data();
        for (qsizetype i = 0; i < length; ++i) {
            char c = p[i];
            if (c >= 'A' && c <= 'Z')
                c = char(c + ('a' - 'A'));
            else if (c == '_')
                c = '-';
            if (c != lower[i])
                return false;
        }
        return true;
    }
    bool headers(RawRequest *request)
    {
        if (!take('{'))
            return false;
        if (!peek('}')) {
            do {
                QLatin1StringView name, value;
                if (!string(&name) || !take(':') || !string(&value))
                    return false;
                static constexpr char origin[] = "origin";
                static constexpr char method[] = "access-control-request-method";
                static constexpr char network[] = "access-control-request-private-network";
                if (isHeader(name, origin, sizeof origin - 1)) {
                    if (request->origin)
                        return false;
                    request->origin = value;
                } else if (isHeader(name, method, sizeof method - 1)) {
                    if (request->hasRequestMethod)
                        return false;
                    request->hasRequestMethod = true;
                } else if (isHeader(name, network, sizeof network - 1)) {
                    if (request->privateNetwork)
                        return false;
                    request->privateNetwork = value;
                }
            } while (take(','));
        }
        return take('}');
    }
};

/** JsonWriter::appendString() for UTF-8 text (the same bytes for the same text) at @p p. */
char *writeUtf8String(char *p, QByteArrayView text)
{
    static const char hex[] = "0123456789abcdef";
    *p++ = '"';
    bool plain = true;
    for (const char byte : text)
        plain &= uchar(byte) >= 0x20 && byte != '"' && byte != '\\';
    if (plain) {
        std::memcpy(p, text.data(), size_t(text.size()));
        p += text.size();
        *p++ = '"';
        return p;
    }
    for (const char byte : text) {
        const auto c = uchar(byte);
        if (c >= 0x20 && c != '"' && c != '\\') {
            *p++ = char(c);
            continue;
        }
        *p++ = '\\';
        switch (c) {
        case '"':
            *p++ = '"';
            break;
        case '\\':
            *p++ = '\\';
            break;
        case '\n':
            *p++ = 'n';
            break;
        case '\r':
            *p++ = 'r';
            break;
        case '\t':
            *p++ = 't';
            break;
        case '\b':
            *p++ = 'b';
            break;
        case '\f':
            *p++ = 'f';
            break;
        default:
            *p++ = 'u';
            *p++ = '0';
            *p++ = '0';
            *p++ = hex[(c >> 4) & 0xf];
            *p++ = hex[c & 0xf];
        }
    }
    *p++ = '"';
    return p;
}

char *writeBytes(char *p, QByteArrayView bytes)
{
    if (bytes.isEmpty()) // an empty view may have no data pointer: memcpy must not see null
        return p;
    std::memcpy(p, bytes.data(), size_t(bytes.size()));
    return p + bytes.size();
}

} // namespace

std::optional<RawRequestLine> readRawRequestLine(QByteArrayView line)
{
    if (line.size() > MaxJsonLineBytes)
        return std::nullopt;
    return RawRequestReader(line).read();
}

void appendRawAnswer(QByteArray &out, const RawResponse &response, QByteArrayView id)
{
    // Written through a pointer into room for the worst case, then cut to size.
    qsizetype room = 80 + id.size();
    for (int i = 0; i < response.headerCount; ++i)
        room += 6
                        * (response.headers[size_t(i)].name.size()
                           + response.headers[size_t(i)].value.size())
                + 6;
    const qsizetype start = out.size();
    out.resize(start + room);
    char *p = out.data() + start;
    *p++ = '{';
    if (!id.isEmpty()) {
        p = writeBytes(p, "\"id\":");
        p = writeBytes(p, id);
        *p++ = ',';
    }
    p = writeBytes(p, "\"status\":");
    p = std::to_chars(p, p + 12, response.status).ptr;
    p = writeBytes(p,
                   response.shortCircuit
                           ? QByteArrayView(",\"short_circuit\":true,\"headers\":{")
                           : QByteArrayView(",\"short_circuit\":false,\"headers\":{"));
    for (int i = 0; i < response.headerCount; ++i) {
        if (i > 0)
            *p++ = ',';
        const RawResponse::Header &h = response.headers[size_t(i)];
        if (h.plain) {
            *p++ = '"';
            p = writeBytes(p, h.name);
            p = writeBytes(p, "\":\"");
            p = writeBytes(p, h.value);
            *p++ = '"';
        } else {
            p = writeUtf8String(p, h.name);
            *p++ = ':';
            p = writeUtf8String(p, h.value);
        }
    }
    *p++ = '}';
    *p++ = '}';
    out.resize(p - out.constData());
}

QString jsonLineTooLongError(qint64 length)
{
    return tr("the line has %1 bytes, more than the %2 a request line may have (docs/limits.md)")
            .arg(length)
            .arg(MaxJsonLineBytes);
}

std::optional<RequestLine> parseRequestLine(const QByteArray &line, QString *error)
{
    if (line.size() > MaxJsonLineBytes) {
        *error = jsonLineTooLongError(line.size());
        return std::nullopt;
    }
    if (auto simple = SimpleRequestReader(line).read())
        return simple;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(line, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        *error = tr("invalid JSON at offset %1: %2")
                         .arg(parseError.offset)
                         .arg(parseError.errorString());
        return std::nullopt;
    }
    if (!doc.isObject()) {
        *error = tr("expected a JSON object");
        return std::nullopt;
    }
    RequestLine out;
    const QJsonObject object = doc.object();
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString &key = it.key();
        const QJsonValue value = it.value();
        if (key == QLatin1String("method")) {
            if (!value.isString()) {
                *error = tr("\"method\" must be a string");
                return std::nullopt;
            }
            out.request.method = value.toString();
        } else if (key == QLatin1String("path")) {
            if (!value.isString()) {
                *error = tr("\"path\" must be a string");
                return std::nullopt;
            }
            out.request.path = value.toString();
        } else if (key == QLatin1String("secure")) {
            if (!value.isBool()) {
                *error = tr("\"secure\" must be true or false");
                return std::nullopt;
            }
            out.request.secure = value.toBool();
        } else if (key == QLatin1String("headers")) {
            if (!value.isObject()) {
                *error = tr("\"headers\" must be an object of header names to string values");
                return std::nullopt;
            }
            const QJsonObject headers = value.toObject();
            for (auto h = headers.begin(); h != headers.end(); ++h) {
                if (!h.value().isString()) {
                    *error = tr("header \"%1\" must have a string value").arg(h.key());
                    return std::nullopt;
                }
                out.request.headers.append({h.key(), h.value().toString()});
            }
        } else if (key == QLatin1String("id")) {
            out.id = value;
        } else {
            *error = tr("unknown member \"%1\" (expected method, path, headers, secure, id)")
                             .arg(key);
            return std::nullopt;
        }
    }
    return out;
}

QByteArray engineResponseToJson(const EngineResponse &response, const QJsonValue &id, bool explain)
{
    JsonWriter json;
    json.beginObject();
    if (!id.isUndefined())
        json.key("id").raw(idJson(id));
    json.key("status").value(response.status);
    if (!response.error.isEmpty()) {
        json.key("error").value(response.error);
    } else {
        json.key("short_circuit").value(response.shortCircuit);
        json.key("headers").beginObject();
        for (const HttpHeader &h : response.corsHeaders)
            json.key(h.name).value(h.value);
        json.endObject();
    }
    if (explain) {
        json.key("explanation").beginArray();
        for (const ExplanationStep &step : response.explanation) {
            json.beginObject();
            json.key("topic").value(step.topic);
            json.key("verdict").value(verdictName(step.verdict));
            json.key("text").value(step.text);
            json.key("setting");
            if (step.setting)
                json.value(settingName(*step.setting));
            else
                json.null();
            if (step.entry >= 0)
                json.key("entry").value(step.entry);
            json.endObject();
        }
        json.endArray();
    }
    json.endObject();
    return json.data();
}

QByteArray inputErrorToJson(qint64 lineNumber, const QString &error)
{
    JsonWriter json;
    json.beginObject().key("line").value(lineNumber).key("error").value(error).endObject();
    return json.data();
}

} // namespace Cors
