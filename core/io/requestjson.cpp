// SPDX-License-Identifier: MIT
#include "io/requestjson.h"

#include "io/flatjsonreader.h"
#include "io/jsonwriter.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QVarLengthArray>

#include <cctype>
#include <charconv>
#include <cstring>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RequestJson", text);
}

/** A request line's members, in requestMembers' order. */
enum class RequestMember { Method, Path, Secure, Headers, Id };
constexpr QLatin1StringView requestMembers[]
        = {QLatin1StringView("method"), QLatin1StringView("path"), QLatin1StringView("secure"),
           QLatin1StringView("headers"), QLatin1StringView("id")};

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
        QLatin1StringView text;
        const bool read = wholeObject(requestMembers, [&](int member) {
            switch (RequestMember(member)) {
            case RequestMember::Method:
                return string(&text) && (out.request.method = text, true);
            case RequestMember::Path:
                return string(&text) && (out.request.path = text, true);
            case RequestMember::Secure:
                out.request.secure = word("true");
                return out.request.secure || word("false");
            case RequestMember::Headers:
                return headers(&out.request.headers);
            case RequestMember::Id:
                return id(&out.id);
            }
            return false;
        });
        return read ? std::optional(out) : std::nullopt;
    }
};

/** SimpleRequestReader's grammar over bytes, keeping views and only the headers read. */
class RawRequestReader : private FlatJsonReader
{
public:
    using FlatJsonReader::FlatJsonReader;

    bool read(RawRequestLine &out)
    {
        // Member by member: `out = RawRequestLine()` built a temporary with narrow stores and
        // copied it with wide loads, which stalled on every line.
        out.request.method = QLatin1StringView("GET");
        out.request.path = QLatin1StringView("/");
        out.request.origin.reset();
        out.request.hasRequestMethod = false;
        out.request.privateNetwork.reset();
        out.request.secure = false;
        out.id = QByteArrayView();
        return wholeObject(requestMembers, [&](int member) {
            switch (RequestMember(member)) {
            case RequestMember::Method:
                return string(&out.request.method);
            case RequestMember::Path:
                return string(&out.request.path);
            case RequestMember::Secure:
                out.request.secure = word("true");
                return out.request.secure || word("false");
            case RequestMember::Headers:
                return headers(&out.request);
            case RequestMember::Id:
                return idSpelling(&out.id);
            }
            return false;
        });
    }

private:
    bool headers(RawRequest *request)
    {
        if (!take('{'))
            return false;
        if (!peek('}')) {
            do {
                QLatin1StringView name, value;
                if (!string(&name) || !take(':') || !string(&value))
                    return false;
                if (sameWsgiName(name, QLatin1StringView("origin"))) {
                    if (request->origin)
                        return false;
                    request->origin = value;
                } else if (sameWsgiName(name, QLatin1StringView("access-control-request-method"))) {
                    if (request->hasRequestMethod)
                        return false;
                    request->hasRequestMethod = true;
                } else if (sameWsgiName(
                                   name,
                                   QLatin1StringView("access-control-request-private-network"))) {
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

bool readRawRequestLine(QByteArrayView line, RawRequestLine *out)
{
    if (line.size() > MaxJsonLineBytes)
        return false;
    return RawRequestReader(line).read(*out);
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
        json.key("id").raw(JsonWriter::valueText(id));
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

} // namespace Cors
