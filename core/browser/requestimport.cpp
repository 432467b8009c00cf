// SPDX-License-Identifier: MIT
#include "browser/requestimport.h"

#include "browser/fetchrules.h"
#include "browser/weborigin.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrl>

#include <algorithm>
#include <utility>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RequestImport", text);
}

/** Where @p pos falls in @p text, as "line L, column C" (1-based). */
QString location(const QString &text, qsizetype pos)
{
    const qsizetype clamped = qBound(qsizetype(0), pos, text.size());
    const QStringView before = QStringView(text).left(clamped);
    const qsizetype line = before.count(u'\n') + 1;
    const qsizetype column = clamped - (before.lastIndexOf(u'\n') + 1) + 1;
    return tr("line %1, column %2").arg(line).arg(column);
}

/** The request fields of @p base reset to fetch()'s defaults; page and endpoint kept. */
Scenario freshRequest(const Scenario &base)
{
    Scenario s;
    s.pageOrigin = base.pageOrigin;
    s.endpoint = base.endpoint;
    s.preflightEndpoint = base.preflightEndpoint;
    s.cookieSameSite = base.cookieSameSite;
    s.url.clear();
    return s;
}

// ---- Headers as they went over the wire ------------------------------------------------------

/**
 * Turns request headers as a browser sent them (curl, Node.js fetch) or as DevTools copied them
 * (fetch) back into what the script set, taking the page origin, cookies and mode from the
 * headers the browser added.
 */
class WireHeaderReader
{
public:
    explicit WireHeaderReader(ImportedRequest &result)
        : m_result(result)
    { }

    void add(const QString &name, const QString &value)
    {
        const QString lower = name.trimmed().toLower();
        Scenario &s = m_result.scenario;
        if (lower == QLatin1String("origin")) {
            m_origin = value.trimmed();
        } else if (lower == QLatin1String("referer")) {
            m_referer = value.trimmed();
        } else if (lower == QLatin1String("cookie")) {
            s.cookies = s.cookies.isEmpty() ? value.trimmed()
                                            : s.cookies + QStringLiteral("; ") + value.trimmed();
        } else if (lower == QLatin1String("sec-fetch-mode")) {
            m_secFetchMode = value.trimmed();
        } else if (lower == QLatin1String("access-control-request-method")) {
            m_requestMethod = value.trimmed();
        } else if (lower == QLatin1String("access-control-request-headers")) {
            m_requestHeaders = value.trimmed();
        } else if (lower == QLatin1String("accept") && value.trimmed() == QLatin1String("*/*")) {
            // fetch()'s own default when the script sets none: nothing to import.
        } else if (lower == QLatin1String("priority")) {
            m_browserSet.append(name.trimmed());
        } else if ((lower == QLatin1String("cache-control") || lower == QLatin1String("pragma"))
                   && (value.trimmed() == QLatin1String("no-cache")
                       || value.trimmed() == QLatin1String("max-age=0"))) {
            m_cacheHeaders.append(QStringLiteral("%1: %2").arg(name.trimmed(), value.trimmed()));
        } else if (lower == QLatin1String("referrer-policy")) {
            // DevTools' "Copy as Node.js fetch" lists the page's referrer policy as a header.
            m_result.notes.append(tr("Referrer-Policy is not a request header the script set "
                                     "(DevTools' Node.js format adds it): left out."));
        } else if (Fetch::isForbiddenRequestHeader(name.trimmed(), value)) {
            m_browserSet.append(name.trimmed());
        } else {
            s.headers.append({name.trimmed(), value});
        }
    }

    /** Applies what the browser-set headers tell; @p fetchReferrer is init.referrer, if any. */
    void finish(const QString &fetchReferrer = {})
    {
        Scenario &s = m_result.scenario;
        if (!m_origin.isEmpty()) {
            if (WebOrigin::parse(m_origin)) {
                s.pageOrigin = m_origin;
                m_result.pageOriginFound = true;
            } else if (s.pageOrigin.isEmpty()) {
                m_result.notes.append(
                        tr("The Origin header \"%1\" is not an origin.").arg(m_origin));
            } else {
                m_result.notes.append(tr("The Origin header \"%1\" is not an origin: the page "
                                         "origin stays %2.")
                                              .arg(m_origin, s.pageOrigin));
            }
        }
        const QString referrer = m_referer.isEmpty() ? fetchReferrer : m_referer;
        if (!m_result.pageOriginFound && !referrer.isEmpty()) {
            const auto origin = WebOrigin::parse(referrer);
            if (origin && !origin->isOpaque()) {
                s.pageOrigin = origin->serialize();
                m_result.pageOriginFound = true;
            }
        }
        // A base without a page origin (the simulator's form) asks for it instead.
        if (!m_result.pageOriginFound && s.pageOrigin.isEmpty())
            m_result.notes.append(tr("The text does not name the page (no Origin or Referer "
                                     "header): give the page origin."));
        else if (!m_result.pageOriginFound)
            m_result.notes.append(tr("The text does not name the page (no Origin or Referer "
                                     "header): the page origin stays %1.")
                                          .arg(s.pageOrigin));
        if (!s.cookies.isEmpty()) {
            if (s.credentials != CredentialsMode::Include)
                m_result.notes.append(tr("Cookies were sent, so the script used credentials: "
                                         "\"include\"."));
            s.credentials = CredentialsMode::Include;
        }
        if (!m_secFetchMode.isEmpty()) {
            if (const auto mode = requestModeFromName(m_secFetchMode))
                s.mode = *mode;
            else
                m_result.notes.append(tr("Sec-Fetch-Mode: %1 is not a fetch() mode (cors, "
                                         "no-cors, same-origin): the mode stays cors.")
                                              .arg(m_secFetchMode));
        }
        if (!m_browserSet.isEmpty())
            m_result.notes.append(tr("Left out headers the browser sets itself: %1.")
                                          .arg(m_browserSet.join(QStringLiteral(", "))));
        if (!m_cacheHeaders.isEmpty())
            m_result.notes.append(tr("Left out %1: the browser adds it for a cache mode or "
                                     "DevTools' \"Disable cache\"; add it back if the script "
                                     "sets it.")
                                          .arg(m_cacheHeaders.join(QStringLiteral(", "))));
        if (!m_requestMethod.isEmpty()
            && s.method.compare(QLatin1String("OPTIONS"), Qt::CaseInsensitive) == 0) {
            // A copied preflight: simulate the request it was sent for.
            s.method = m_requestMethod;
            s.body = BodyKind::None;
            s.bodyText.clear();
            QStringList names;
            for (const QString &item : m_requestHeaders.split(u',', Qt::SkipEmptyParts)) {
                const QString headerName = item.trimmed();
                if (!headerName.isEmpty() && !s.headers.contains(headerName)) {
                    s.headers.append({headerName, QString()});
                    names.append(headerName);
                }
            }
            m_result.notes.append(
                    names.isEmpty()
                            ? tr("This is a preflight: imported the %1 request it was sent for.")
                                      .arg(m_requestMethod)
                            : tr("This is a preflight: imported the %1 request it was sent for, "
                                 "with the headers it announced (%2) left empty, as their values "
                                 "are not in a preflight.")
                                      .arg(m_requestMethod, names.join(QStringLiteral(", "))));
        }
    }

private:
    ImportedRequest &m_result;
    QString m_origin;
    QString m_referer;
    QString m_secFetchMode;
    QString m_requestMethod;
    QString m_requestHeaders;
    QStringList m_browserSet;
    QStringList m_cacheHeaders;
};

// ---- JavaScript literals ---------------------------------------------------------------------

struct JsValue
{
    enum class Kind { Undefined, Null, Bool, Number, String, Array, Object, Call, Other };
    Kind kind = Kind::Undefined;
    /** String: the value; Number: as written; Call: the callee ("JSON.stringify", "new Blob");
     *  Other: the source text. */
    QString text;
    bool boolean = false;
    QList<JsValue> items;                       ///< array items, call arguments
    QList<std::pair<QString, JsValue>> members; ///< object members, in order

    bool isString() const { return kind == Kind::String; }
    /** The source-ish form for notes. */
    QString describe() const
    {
        switch (kind) {
        case Kind::Undefined:
            return QStringLiteral("undefined");
        case Kind::Null:
            return QStringLiteral("null");
        case Kind::Bool:
            return boolean ? QStringLiteral("true") : QStringLiteral("false");
        case Kind::Number:
        case Kind::Other:
            return text;
        case Kind::String:
            return u'"' + text + u'"';
        case Kind::Array:
            return QStringLiteral("[...]");
        case Kind::Object:
            return QStringLiteral("{...}");
        case Kind::Call:
            return text + QStringLiteral("(...)");
        }
        return text;
    }
};

/** A reader for the JavaScript a fetch() call is written in: literals, calls, `new`. */
class JsReader
{
public:
    JsReader(const QString &text, qsizetype pos)
        : m_text(text)
        , m_pos(pos)
    { }

    qsizetype pos() const { return m_pos; }
    const QString &error() const { return m_error; }
    bool failed() const { return !m_error.isEmpty(); }

    void skipSpace()
    {
        while (m_pos < m_text.size()) {
            const QChar c = m_text.at(m_pos);
            if (c.isSpace()) {
                ++m_pos;
            } else if (c == u'/' && peekAt(1) == u'/') {
                while (m_pos < m_text.size() && m_text.at(m_pos) != u'\n')
                    ++m_pos;
            } else if (c == u'/' && peekAt(1) == u'*') {
                const qsizetype end = m_text.indexOf(QLatin1String("*/"), m_pos + 2);
                m_pos = end < 0 ? m_text.size() : end + 2;
            } else {
                break;
            }
        }
    }

    QChar peek()
    {
        skipSpace();
        return m_pos < m_text.size() ? m_text.at(m_pos) : QChar();
    }

    bool accept(QChar c)
    {
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }

    bool expect(QChar c)
    {
        if (accept(c))
            return true;
        fail(tr("expected '%1'").arg(c));
        return false;
    }

    JsValue value()
    {
        JsValue v;
        const QChar c = peek();
        if (failed())
            return v;
        if (c.isNull()) {
            fail(tr("the text ends too early"));
            return v;
        }
        if (c == u'"' || c == u'\'') {
            v.kind = JsValue::Kind::String;
            v.text = quoted(c);
            return v;
        }
        if (c == u'`') {
            const qsizetype start = m_pos;
            v.kind = JsValue::Kind::String;
            v.text = quoted(c);
            if (v.text.contains(QLatin1String("${"))) {
                v.kind = JsValue::Kind::Other;
                v.text = m_text.mid(start, m_pos - start);
            }
            return v;
        }
        if (c == u'{')
            return object();
        if (c == u'[')
            return array();
        if (c.isDigit() || c == u'-' || c == u'.') {
            const qsizetype start = m_pos;
            ++m_pos;
            while (m_pos < m_text.size()
                   && (m_text.at(m_pos).isLetterOrNumber() || m_text.at(m_pos) == u'.'))
                ++m_pos;
            v.kind = JsValue::Kind::Number;
            v.text = m_text.mid(start, m_pos - start);
            return v;
        }
        if (isIdentifierStart(c))
            return identifierExpression();
        return other();
    }

private:
    const QString &m_text;
    qsizetype m_pos;
    QString m_error;

    QChar peekAt(qsizetype offset) const
    {
        return m_pos + offset < m_text.size() ? m_text.at(m_pos + offset) : QChar();
    }

    void fail(const QString &what)
    {
        if (m_error.isEmpty())
            m_error = tr("%1 at %2").arg(what, location(m_text, m_pos));
    }

    static bool isIdentifierStart(QChar c) { return c.isLetter() || c == u'_' || c == u'$'; }
    static bool isIdentifierPart(QChar c) { return c.isLetterOrNumber() || c == u'_' || c == u'$'; }

    QString identifier()
    {
        const qsizetype start = m_pos;
        while (m_pos < m_text.size() && isIdentifierPart(m_text.at(m_pos)))
            ++m_pos;
        return m_text.mid(start, m_pos - start);
    }

    /** A dotted name: "JSON.stringify", "window.fetch". */
    QString dottedName()
    {
        QString name = identifier();
        while (peek() == u'.' && isIdentifierStart(peekAt(1))) {
            ++m_pos;
            name += u'.' + identifier();
        }
        return name;
    }

    QString quoted(QChar quote)
    {
        const qsizetype start = m_pos;
        ++m_pos;
        QString out;
        while (m_pos < m_text.size()) {
            const QChar c = m_text.at(m_pos++);
            if (c == quote)
                return out;
            if (c == u'\n' && quote != u'`') {
                m_pos = start;
                fail(tr("unterminated string"));
                return out;
            }
            if (c != u'\\') {
                out += c;
                continue;
            }
            if (m_pos >= m_text.size())
                break;
            const QChar e = m_text.at(m_pos++);
            switch (e.unicode()) {
            case 'n':
                out += u'\n';
                break;
            case 'r':
                out += u'\r';
                break;
            case 't':
                out += u'\t';
                break;
            case 'b':
                out += u'\b';
                break;
            case 'f':
                out += u'\f';
                break;
            case 'v':
                out += u'\v';
                break;
            case '0':
                out += QChar(0);
                break;
            case '\n':
                break; // line continuation
            case 'x':
            case 'u': {
                qsizetype length = e == u'x' ? 2 : 4;
                qsizetype from = m_pos;
                if (e == u'u' && m_pos < m_text.size() && m_text.at(m_pos) == u'{') {
                    const qsizetype close = m_text.indexOf(u'}', m_pos);
                    from = m_pos + 1;
                    length = close < 0 ? 0 : close - from;
                }
                bool ok = false;
                const uint code = m_text.mid(from, length).toUInt(&ok, 16);
                if (!ok || length == 0) {
                    fail(tr("invalid escape \\%1").arg(e));
                    return out;
                }
                out += QString::fromUcs4(reinterpret_cast<const char32_t *>(&code), 1);
                m_pos = from + length + (from != m_pos ? 1 : 0);
                break;
            }
            default:
                out += e;
            }
        }
        m_pos = start;
        fail(tr("unterminated string"));
        return out;
    }

    JsValue object()
    {
        JsValue v;
        v.kind = JsValue::Kind::Object;
        ++m_pos; // {
        while (!failed()) {
            if (accept(u'}'))
                return v;
            QString key;
            const QChar c = peek();
            if (c == u'"' || c == u'\'') {
                key = quoted(c);
            } else if (isIdentifierStart(c)) {
                key = identifier();
                if (peek() == u',' || peek() == u'}') { // shorthand { body }
                    v.members.append({key, JsValue {JsValue::Kind::Other, key, false, {}, {}}});
                    accept(u',');
                    continue;
                }
            } else if (c.isDigit()) {
                key = identifier();
            } else if (c == u'.' && peekAt(1) == u'.' && peekAt(2) == u'.') {
                const JsValue spread = other();
                v.members.append({QString(), spread});
                accept(u',');
                continue;
            } else {
                fail(tr("expected a property name"));
                return v;
            }
            if (!expect(u':'))
                return v;
            v.members.append({key, value()});
            if (!accept(u',')) {
                expect(u'}');
                return v;
            }
        }
        return v;
    }

    JsValue array()
    {
        JsValue v;
        v.kind = JsValue::Kind::Array;
        ++m_pos; // [
        while (!failed()) {
            if (accept(u']'))
                return v;
            v.items.append(value());
            if (!accept(u',')) {
                expect(u']');
                return v;
            }
        }
        return v;
    }

    QList<JsValue> arguments()
    {
        QList<JsValue> args;
        ++m_pos; // (
        while (!failed()) {
            if (accept(u')'))
                return args;
            args.append(value());
            if (!accept(u',')) {
                expect(u')');
                return args;
            }
        }
        return args;
    }

    JsValue identifierExpression()
    {
        const qsizetype start = m_pos;
        QString name = dottedName();
        JsValue v;
        if (name == QLatin1String("true") || name == QLatin1String("false")) {
            v.kind = JsValue::Kind::Bool;
            v.boolean = name == QLatin1String("true");
            return v;
        }
        if (name == QLatin1String("null")) {
            v.kind = JsValue::Kind::Null;
            return v;
        }
        if (name == QLatin1String("undefined")) {
            return v;
        }
        if (name == QLatin1String("new")) {
            skipSpace();
            name = QStringLiteral("new ") + dottedName();
        }
        if (peek() == u'(') {
            v.kind = JsValue::Kind::Call;
            v.text = name;
            v.items = arguments();
            // Anything chained after the call (".encode(...)", ".toString()") makes it an expression.
            if (peek() == u'.') {
                m_pos = start;
                return other();
            }
            return v;
        }
        m_pos = start;
        return other();
    }

    /** Any other expression: its source text up to the next ',' or closing bracket. */
    JsValue other()
    {
        skipSpace();
        const qsizetype start = m_pos;
        int depth = 0;
        while (m_pos < m_text.size()) {
            const QChar c = m_text.at(m_pos);
            if (c == u'"' || c == u'\'' || c == u'`') {
                quoted(c);
                if (failed())
                    break;
                continue;
            }
            if (c == u'(' || c == u'[' || c == u'{') {
                ++depth;
            } else if (c == u')' || c == u']' || c == u'}') {
                if (depth == 0)
                    break;
                --depth;
            } else if (c == u',' && depth == 0) {
                break;
            }
            ++m_pos;
        }
        JsValue v;
        v.kind = JsValue::Kind::Other;
        v.text = m_text.mid(start, m_pos - start).trimmed();
        if (v.text.isEmpty())
            fail(tr("expected a value"));
        return v;
    }
};

std::optional<QJsonValue> toJson(const JsValue &v)
{
    switch (v.kind) {
    case JsValue::Kind::Null:
        return QJsonValue(QJsonValue::Null);
    case JsValue::Kind::Bool:
        return QJsonValue(v.boolean);
    case JsValue::Kind::Number: {
        bool ok = false;
        const double d = v.text.toDouble(&ok);
        if (!ok)
            return std::nullopt;
        return QJsonValue(d);
    }
    case JsValue::Kind::String:
        return QJsonValue(v.text);
    case JsValue::Kind::Array: {
        QJsonArray array;
        for (const JsValue &item : v.items) {
            const auto json = toJson(item);
            if (!json)
                return std::nullopt;
            array.append(*json);
        }
        return array;
    }
    case JsValue::Kind::Object: {
        QJsonObject object;
        for (const auto &[key, value] : v.members) {
            const auto json = toJson(value);
            if (key.isEmpty() || !json)
                return std::nullopt;
            object.insert(key, *json);
        }
        return object;
    }
    default:
        return std::nullopt;
    }
}

/** A literal as JavaScript's String() would give it, for header values. */
std::optional<QString> scalarText(const JsValue &v)
{
    switch (v.kind) {
    case JsValue::Kind::String:
    case JsValue::Kind::Number:
        return v.text;
    case JsValue::Kind::Bool:
        return v.boolean ? QStringLiteral("true") : QStringLiteral("false");
    case JsValue::Kind::Null:
        return QStringLiteral("null");
    default:
        return std::nullopt;
    }
}

class FetchImporter
{
public:
    FetchImporter(const QString &text, const Scenario &base)
        : m_text(text)
    {
        m_result.scenario = freshRequest(base);
        m_result.format = QStringLiteral("fetch");
    }

    ImportedRequest run()
    {
        static const QRegularExpression call(QStringLiteral("\\bfetch\\s*\\("));
        const QRegularExpressionMatch match = call.match(m_text);
        if (!match.hasMatch()) {
            m_result.error = tr("No fetch(...) call found.");
            return m_result;
        }
        JsReader reader(m_text, match.capturedEnd() - 1);
        reader.expect(u'(');
        const JsValue url = reader.value();
        JsValue init;
        if (!reader.failed() && reader.accept(u',') && reader.peek() != u')')
            init = reader.value();
        if (!reader.failed()) {
            reader.accept(u',');
            reader.expect(u')');
        }
        if (reader.failed()) {
            m_result.error = tr("The fetch() call cannot be read: %1.").arg(reader.error());
            return m_result;
        }
        if (!url.isString()) {
            m_result.error = tr("The URL %1 is not a string literal: write the URL itself.")
                                     .arg(url.describe());
            return m_result;
        }
        m_result.scenario.url = url.text;
        if (call.match(m_text, reader.pos()).hasMatch())
            m_result.notes.append(tr("The text holds more than one fetch() call: only the first "
                                     "was imported."));

        WireHeaderReader headers(m_result);
        QString referrer;
        if (init.kind == JsValue::Kind::Object) {
            for (const auto &[key, value] : init.members)
                member(key, value, headers, referrer);
        } else if (init.kind != JsValue::Kind::Undefined) {
            m_result.notes.append(tr("The options %1 are not an object literal: fetch()'s "
                                     "defaults were used.")
                                          .arg(init.describe()));
        }
        headers.finish(referrer);
        m_result.ok = true;
        return m_result;
    }

private:
    const QString &m_text;
    ImportedRequest m_result;

    void note(const QString &text) { m_result.notes.append(text); }

    void member(const QString &key, const JsValue &value, WireHeaderReader &headers,
                QString &referrer)
    {
        Scenario &s = m_result.scenario;
        if (key.isEmpty()) {
            note(tr("Could not read %1 in the options: left out.").arg(value.describe()));
        } else if (key == QLatin1String("method")) {
            if (value.isString())
                s.method = value.text;
            else
                note(tr("method %1 is not a string: GET was used.").arg(value.describe()));
        } else if (key == QLatin1String("headers")) {
            readHeaders(value, headers);
        } else if (key == QLatin1String("credentials")) {
            if (const auto mode
                = value.isString() ? credentialsModeFromName(value.text) : std::nullopt)
                s.credentials = *mode;
            else
                note(tr("credentials %1 is not omit, same-origin or include: same-origin was used.")
                             .arg(value.describe()));
        } else if (key == QLatin1String("mode")) {
            if (const auto mode = value.isString() ? requestModeFromName(value.text) : std::nullopt)
                s.mode = *mode;
            else
                note(tr("mode %1 is not cors, no-cors or same-origin: cors was used.")
                             .arg(value.describe()));
        } else if (key == QLatin1String("cache")) {
            readCache(value);
        } else if (key == QLatin1String("body")) {
            readBody(value);
        } else if (key == QLatin1String("duplex")) {
            s.duplexHalf = value.isString() && value.text == QLatin1String("half");
        } else if (key == QLatin1String("referrer")) {
            if (value.isString())
                referrer = value.text;
        } else if (key == QLatin1String("referrerPolicy") || key == QLatin1String("integrity")
                   || key == QLatin1String("keepalive") || key == QLatin1String("signal")
                   || key == QLatin1String("priority") || key == QLatin1String("window")) {
            // No bearing on CORS.
        } else if (key == QLatin1String("redirect")) {
            if (!value.isString() || value.text != QLatin1String("follow"))
                note(tr("redirect %1 is not simulated: CORS Studio stops at the first response.")
                             .arg(value.describe()));
        } else {
            note(tr("Unknown option \"%1\": left out.").arg(key));
        }
    }

    void readCache(const JsValue &value)
    {
        Scenario &s = m_result.scenario;
        const QString mode = value.isString() ? value.text : QString();
        if (mode == QLatin1String("default") || mode == QLatin1String("force-cache")
            || mode == QLatin1String("only-if-cached"))
            s.cacheMode = CacheMode::Default;
        else if (mode == QLatin1String("no-cache"))
            s.cacheMode = CacheMode::NoCache;
        else if (mode == QLatin1String("reload"))
            s.cacheMode = CacheMode::Reload;
        else if (mode == QLatin1String("no-store"))
            s.cacheMode = CacheMode::NoStore;
        else
            note(tr("cache %1 is not a fetch() cache mode: default was used.")
                         .arg(value.describe()));
    }

    void readHeaders(const JsValue &value, WireHeaderReader &headers)
    {
        if (value.kind == JsValue::Kind::Call && value.text == QLatin1String("new Headers")) {
            if (!value.items.isEmpty())
                readHeaders(value.items.first(), headers);
            return;
        }
        if (value.kind == JsValue::Kind::Object) {
            for (const auto &[name, v] : value.members) {
                const auto text = scalarText(v);
                if (name.isEmpty() || !text)
                    note(tr("The header %1 has a value that is not a literal (%2): left out.")
                                 .arg(name.isEmpty() ? v.describe() : name, v.describe()));
                else
                    headers.add(name, *text);
            }
            return;
        }
        if (value.kind == JsValue::Kind::Array) {
            for (const JsValue &pair : value.items) {
                const auto name
                        = pair.items.size() == 2 ? scalarText(pair.items.at(0)) : std::nullopt;
                const auto text
                        = pair.items.size() == 2 ? scalarText(pair.items.at(1)) : std::nullopt;
                if (pair.kind == JsValue::Kind::Array && name && !text)
                    note(tr("The header %1 has a value that is not a literal (%2): left out.")
                                 .arg(*name, pair.items.at(1).describe()));
                else if (pair.kind != JsValue::Kind::Array || !name || !text)
                    note(tr("The header entry %1 is not a [name, value] pair of literals: left "
                            "out.")
                                 .arg(pair.describe()));
                else
                    headers.add(*name, *text);
            }
            return;
        }
        if (value.kind != JsValue::Kind::Undefined && value.kind != JsValue::Kind::Null)
            note(tr("headers %1 cannot be read (not an object, an array of pairs or new Headers): "
                    "no headers were imported.")
                         .arg(value.describe()));
    }

    void readBody(const JsValue &value)
    {
        Scenario &s = m_result.scenario;
        switch (value.kind) {
        case JsValue::Kind::Undefined:
        case JsValue::Kind::Null:
            s.body = BodyKind::None;
            return;
        case JsValue::Kind::String:
            s.body = BodyKind::Text;
            s.bodyText = value.text;
            return;
        case JsValue::Kind::Call:
            break;
        default:
            s.body = BodyKind::Text;
            s.bodyText = value.describe();
            note(tr("The body %1 is an expression: imported as a text body; choose its kind "
                    "if it is not a string.")
                         .arg(value.describe()));
            return;
        }
        const QString &callee = value.text;
        const JsValue first = value.items.value(0);
        if (callee == QLatin1String("JSON.stringify")) {
            s.body = BodyKind::Text;
            if (const auto json = toJson(first)) {
                s.bodyText = json->isObject() ? QString::fromUtf8(
                                     QJsonDocument(json->toObject()).toJson(QJsonDocument::Compact))
                        : json->isArray() ? QString::fromUtf8(
                                  QJsonDocument(json->toArray()).toJson(QJsonDocument::Compact))
                        : json->isString() ? u'"' + json->toString() + u'"'
                                           : first.describe();
            } else {
                s.bodyText = first.describe();
                note(tr("JSON.stringify(%1): the value is not a literal, so the body text is "
                        "only a placeholder (a string body either way).")
                             .arg(first.describe()));
            }
        } else if (callee == QLatin1String("new URLSearchParams")) {
            s.body = BodyKind::UrlSearchParams;
            if (first.isString()) {
                s.bodyText = first.text.startsWith(u'?') ? first.text.mid(1) : first.text;
            } else if (first.kind == JsValue::Kind::Object) {
                // application/x-www-form-urlencoded, as URLSearchParams serialises.
                auto encode = [](const QString &part) {
                    return QString::fromLatin1(QUrl::toPercentEncoding(part, "*", "~"))
                            .replace(QLatin1String("%20"), QLatin1String("+"));
                };
                QStringList pairs;
                for (const auto &[key, v] : first.members)
                    pairs.append(encode(key) + u'=' + encode(scalarText(v).value_or(v.describe())));
                s.bodyText = pairs.join(u'&');
            }
        } else if (callee == QLatin1String("new FormData")) {
            s.body = BodyKind::FormData;
        } else if (callee == QLatin1String("new Blob") || callee == QLatin1String("new File")) {
            s.body = BodyKind::Blob;
            const JsValue options = value.items.value(callee == QLatin1String("new File") ? 2 : 1);
            for (const auto &[key, v] : options.members) {
                if (key == QLatin1String("type") && v.isString())
                    s.blobType = v.text;
            }
        } else if (callee == QLatin1String("new ReadableStream")) {
            s.body = BodyKind::ReadableStream;
        } else if (callee == QLatin1String("new ArrayBuffer")
                   || callee.endsWith(QLatin1String("Array"))
                   || callee == QLatin1String("new DataView")) {
            s.body = BodyKind::ArrayBuffer;
        } else {
            s.body = BodyKind::Text;
            s.bodyText = value.describe();
            note(tr("The body %1 is not a kind CORS Studio recognises: imported as a text body.")
                         .arg(value.describe()));
        }
    }
};

// ---- Shell words -----------------------------------------------------------------------------

/** bash's word splitting and quote removal for one command line (no expansions). */
std::optional<QStringList> bashWords(const QString &text, QStringList &notes, QString *error)
{
    QStringList words;
    QString word;
    bool inWord = false;
    qsizetype i = 0;
    auto endWord = [&] {
        if (inWord)
            words.append(word);
        word.clear();
        inWord = false;
    };
    auto unterminated = [&](qsizetype at) {
        *error = tr("Unterminated quote starting at %1.").arg(location(text, at));
        return std::nullopt;
    };
    while (i < text.size()) {
        const QChar c = text.at(i);
        if (c == u'\\') {
            if (i + 1 < text.size() && text.at(i + 1) == u'\n') {
                i += 2; // line continuation
                continue;
            }
            if (i + 2 < text.size() && text.at(i + 1) == u'\r' && text.at(i + 2) == u'\n') {
                i += 3;
                continue;
            }
            if (i + 1 < text.size())
                word += text.at(i + 1);
            inWord = true;
            i += 2;
        } else if (c == u'\'') {
            const qsizetype end = text.indexOf(u'\'', i + 1);
            if (end < 0)
                return unterminated(i);
            word += text.mid(i + 1, end - i - 1);
            inWord = true;
            i = end + 1;
        } else if (c == u'$' && i + 1 < text.size() && text.at(i + 1) == u'\'') {
            // ANSI-C quoting, which DevTools uses for values with control characters, ' or !.
            const qsizetype start = i;
            i += 2;
            bool closed = false;
            while (i < text.size()) {
                const QChar q = text.at(i);
                if (q == u'\'') {
                    closed = true;
                    ++i;
                    break;
                }
                if (q != u'\\' || i + 1 >= text.size()) {
                    word += q;
                    ++i;
                    continue;
                }
                const QChar e = text.at(i + 1);
                i += 2;
                switch (e.unicode()) {
                case 'n':
                    word += u'\n';
                    break;
                case 'r':
                    word += u'\r';
                    break;
                case 't':
                    word += u'\t';
                    break;
                case 'a':
                    word += QChar(7);
                    break;
                case 'b':
                    word += QChar(8);
                    break;
                case 'e':
                case 'E':
                    word += QChar(27);
                    break;
                case 'f':
                    word += QChar(12);
                    break;
                case 'v':
                    word += QChar(11);
                    break;
                case 'x':
                case 'u':
                case 'U': {
                    const qsizetype maxDigits = e == u'x' ? 2 : e == u'u' ? 4 : 8;
                    qsizetype n = 0;
                    while (n < maxDigits && i + n < text.size()
                           && QStringLiteral("0123456789abcdefABCDEF").contains(text.at(i + n)))
                        ++n;
                    if (n == 0) {
                        word += u'\\';
                        word += e;
                        break;
                    }
                    const char32_t code = text.mid(i, n).toUInt(nullptr, 16);
                    word += QString::fromUcs4(&code, 1);
                    i += n;
                    break;
                }
                default:
                    if (e >= u'0' && e <= u'7') {
                        qsizetype n = 0;
                        while (n < 3 && i - 1 + n < text.size() && text.at(i - 1 + n) >= u'0'
                               && text.at(i - 1 + n) <= u'7')
                            ++n;
                        const char32_t code = text.mid(i - 1, n).toUInt(nullptr, 8);
                        word += QString::fromUcs4(&code, 1);
                        i += n - 1;
                    } else if (e == u'\\' || e == u'\'' || e == u'"' || e == u'?') {
                        word += e;
                    } else {
                        word += u'\\';
                        word += e;
                    }
                }
            }
            if (!closed)
                return unterminated(start);
            inWord = true;
        } else if (c == u'"') {
            const qsizetype start = i;
            ++i;
            bool closed = false;
            while (i < text.size()) {
                const QChar q = text.at(i);
                if (q == u'"') {
                    closed = true;
                    ++i;
                    break;
                }
                if (q == u'\\' && i + 1 < text.size()
                    && QStringLiteral("$`\"\\\n").contains(text.at(i + 1))) {
                    if (text.at(i + 1) != u'\n')
                        word += text.at(i + 1);
                    i += 2;
                    continue;
                }
                if (q == u'$' || q == u'`')
                    notes.append(tr("Shell expansions ($, `) are not run: \"%1\" was read as "
                                    "written.")
                                         .arg(text.mid(start,
                                                       qMin<qsizetype>(40, text.size() - start))));
                word += q;
                ++i;
            }
            if (!closed)
                return unterminated(start);
            inWord = true;
        } else if (c == u' ' || c == u'\t' || c == u'\n' || c == u'\r') {
            endWord();
            ++i;
        } else if (c == u'#' && !inWord) {
            while (i < text.size() && text.at(i) != u'\n')
                ++i;
        } else if (c == u';' || c == u'|' || c == u'&') {
            notes.append(tr("Only the first command was read; the text goes on after '%1' at %2.")
                                 .arg(c)
                                 .arg(location(text, i)));
            break;
        } else {
            word += c;
            inWord = true;
            ++i;
        }
    }
    endWord();
    return words;
}

/**
 * cmd.exe's caret escapes, then the Microsoft C runtime's argument splitting, as DevTools'
 * "Copy as cURL (cmd)" expects them to be undone.
 */
std::optional<QStringList> cmdWords(const QString &input, QStringList &notes, QString *error)
{
    QString text = input;
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    // cmd.exe: ^X is X; ^ before a line break continues the line and takes the next character
    // literally (DevTools writes a newline inside a value as ^, newline, newline).
    QString unescaped;
    QList<bool> literal; // characters that came from a ^ escape cannot end a word or quote
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'^' && i + 1 < text.size()) {
            ++i;
            if (text.at(i) == u'\n') {
                if (i + 1 < text.size() && text.at(i + 1) == u'\n') {
                    unescaped += u'\n';
                    literal.append(true);
                    ++i;
                }
                continue;
            }
            unescaped += text.at(i);
            literal.append(false);
            continue;
        }
        if (c == u'&' || c == u'|') {
            notes.append(tr("Only the first command was read; the text goes on after '%1' at %2.")
                                 .arg(c)
                                 .arg(location(text, i)));
            break;
        }
        unescaped += c;
        literal.append(false);
    }
    // The C runtime: whitespace splits outside quotes, " toggles quoting, \" and \\ escape.
    QStringList words;
    QString word;
    bool inWord = false;
    bool quoted = false;
    qsizetype quoteStart = 0;
    for (qsizetype i = 0; i < unescaped.size(); ++i) {
        const QChar c = unescaped.at(i);
        if (c == u'\\' && i + 1 < unescaped.size()
            && (unescaped.at(i + 1) == u'"' || unescaped.at(i + 1) == u'\\')) {
            word += unescaped.at(++i);
            inWord = true;
        } else if (c == u'"') {
            quoted = !quoted;
            quoteStart = i;
            inWord = true;
        } else if (!quoted && !literal.at(i) && (c == u' ' || c == u'\t' || c == u'\n')) {
            if (inWord)
                words.append(word);
            word.clear();
            inWord = false;
        } else {
            word += c;
            inWord = true;
        }
    }
    if (quoted) {
        *error = tr("Unterminated quote near \"%1\".").arg(unescaped.mid(quoteStart, 30));
        return std::nullopt;
    }
    if (inWord)
        words.append(word);
    // Environment variables cmd would expand: DevTools writes a literal % as %^, which the
    // caret pass has already undone.
    return words;
}

/** DevTools marks cmd output with ^" quoting and ^ continuations. */
bool looksLikeCmd(const QString &text)
{
    static const QRegularExpression cmd(QStringLiteral("\\^\"|\\s\\^\\r?\\n"));
    return cmd.match(text).hasMatch();
}

// ---- curl options ----------------------------------------------------------------------------

class CurlImporter
{
public:
    CurlImporter(const QString &text, const Scenario &base)
        : m_text(text)
    {
        m_result.scenario = freshRequest(base);
    }

    ImportedRequest run()
    {
        const bool cmd = looksLikeCmd(m_text);
        m_result.format = cmd ? QStringLiteral("curl (cmd)") : QStringLiteral("curl (bash)");
        QString error;
        const auto words = cmd ? cmdWords(m_text, m_result.notes, &error)
                               : bashWords(m_text, m_result.notes, &error);
        if (!words) {
            m_result.error = error;
            return m_result;
        }
        if (words->isEmpty()
            || (words->first() != QLatin1String("curl")
                && words->first() != QLatin1String("curl.exe"))) {
            m_result.error = tr("Not a curl command: it should start with \"curl\".");
            return m_result;
        }
        if (!options(words->mid(1)))
            return m_result;
        if (m_url.isEmpty()) {
            m_result.error = tr("The curl command has no URL.");
            return m_result;
        }
        finish();
        m_result.ok = true;
        return m_result;
    }

private:
    const QString &m_text;
    ImportedRequest m_result;
    QString m_url;
    QString m_method;
    bool m_head = false;
    bool m_get = false;
    QStringList m_data;
    bool m_dataIsForm = false; // -d family: curl adds a form Content-Type
    bool m_form = false;
    bool m_json = false;
    HttpHeaders m_headers;
    QString m_user;

    void note(const QString &text) { m_result.notes.append(text); }

    bool options(const QStringList &words)
    {
        // Options curl takes without an argument; they do not change the request's CORS shape.
        static const QStringList flags = {
                QStringLiteral("--compressed"),
                QStringLiteral("-k"),
                QStringLiteral("--insecure"),
                QStringLiteral("-s"),
                QStringLiteral("--silent"),
                QStringLiteral("-S"),
                QStringLiteral("--show-error"),
                QStringLiteral("-L"),
                QStringLiteral("--location"),
                QStringLiteral("-i"),
                QStringLiteral("--include"),
                QStringLiteral("-v"),
                QStringLiteral("--verbose"),
                QStringLiteral("-g"),
                QStringLiteral("--globoff"),
                QStringLiteral("--http1.1"),
                QStringLiteral("--http2"),
                QStringLiteral("--http3"),
                QStringLiteral("--path-as-is"),
                QStringLiteral("-f"),
                QStringLiteral("--fail"),
                QStringLiteral("-N"),
                QStringLiteral("--no-buffer"),
                QStringLiteral("-#"),
                QStringLiteral("--progress-bar"),
                QStringLiteral("-O"),
                QStringLiteral("--remote-name"),
                QStringLiteral("-4"),
                QStringLiteral("-6"),
                QStringLiteral("--ipv4"),
                QStringLiteral("--ipv6"),
        };
        // Options with an argument that does not change the request either.
        static const QStringList ignoredWithArgument = {
                QStringLiteral("-o"),
                QStringLiteral("--output"),
                QStringLiteral("-m"),
                QStringLiteral("--max-time"),
                QStringLiteral("--connect-timeout"),
                QStringLiteral("-w"),
                QStringLiteral("--write-out"),
                QStringLiteral("--retry"),
                QStringLiteral("-x"),
                QStringLiteral("--proxy"),
                QStringLiteral("--resolve"),
                QStringLiteral("--cacert"),
                QStringLiteral("-E"),
                QStringLiteral("--cert"),
                QStringLiteral("--key"),
                QStringLiteral("--connect-to"),
                QStringLiteral("-c"),
                QStringLiteral("--cookie-jar"),
                QStringLiteral("-D"),
                QStringLiteral("--dump-header"),
                QStringLiteral("-r"),
                QStringLiteral("--range"),
        };
        static const QStringList withArgument = {
                QStringLiteral("-X"),           QStringLiteral("--request"),
                QStringLiteral("-H"),           QStringLiteral("--header"),
                QStringLiteral("-b"),           QStringLiteral("--cookie"),
                QStringLiteral("-d"),           QStringLiteral("--data"),
                QStringLiteral("--data-raw"),   QStringLiteral("--data-binary"),
                QStringLiteral("--data-ascii"), QStringLiteral("--data-urlencode"),
                QStringLiteral("--json"),       QStringLiteral("-F"),
                QStringLiteral("--form"),       QStringLiteral("-u"),
                QStringLiteral("--user"),       QStringLiteral("-A"),
                QStringLiteral("--user-agent"), QStringLiteral("-e"),
                QStringLiteral("--referer"),    QStringLiteral("--url"),
        };
        bool endOfOptions = false;
        for (qsizetype i = 0; i < words.size(); ++i) {
            QString word = words.at(i);
            if (endOfOptions || !word.startsWith(u'-') || word == QLatin1String("-")) {
                url(word);
                continue;
            }
            if (word == QLatin1String("--")) {
                endOfOptions = true;
                continue;
            }
            if (flags.contains(word))
                continue;
            QString option = word;
            QString argument;
            bool attached = false;
            if (!word.startsWith(QLatin1String("--")) && word.size() > 2) {
                const QString shortOption = word.left(2);
                if (withArgument.contains(shortOption)
                    || ignoredWithArgument.contains(shortOption)) {
                    option = shortOption; // -XPOST, -H'Name: v'
                    argument = word.mid(2);
                    attached = true;
                } else if (std::all_of(word.begin() + 1, word.end(), [](QChar c) {
                               return flags.contains(QString(u'-') + QString(c)) || c == u'I'
                                       || c == u'G';
                           })) {
                    for (QChar c : QStringView(word).mid(1)) {
                        if (c == u'I')
                            m_head = true;
                        else if (c == u'G')
                            m_get = true;
                    }
                    continue;
                }
            } else if (word.startsWith(QLatin1String("--")) && word.contains(u'=')) {
                // curl does not take --opt=value, but people write it.
                const qsizetype eq = word.indexOf(u'=');
                if (withArgument.contains(word.left(eq))) {
                    option = word.left(eq);
                    argument = word.mid(eq + 1);
                    attached = true;
                }
            }
            if (option == QLatin1String("-I") || option == QLatin1String("--head")) {
                m_head = true;
                continue;
            }
            if (option == QLatin1String("-G") || option == QLatin1String("--get")) {
                m_get = true;
                continue;
            }
            const bool takes
                    = withArgument.contains(option) || ignoredWithArgument.contains(option);
            if (!takes) {
                note(tr("Unknown curl option %1: left out.").arg(word));
                continue;
            }
            if (!attached) {
                if (i + 1 >= words.size()) {
                    m_result.error = tr("The curl option %1 needs a value.").arg(option);
                    return false;
                }
                argument = words.at(++i);
            }
            if (!ignoredWithArgument.contains(option))
                apply(option, argument);
        }
        return true;
    }

    void url(const QString &word)
    {
        if (m_url.isEmpty())
            m_url = word;
        else
            note(tr("More than one URL: only %1 was imported.").arg(m_url));
    }

    void apply(const QString &option, const QString &argument)
    {
        if (option == QLatin1String("-X") || option == QLatin1String("--request")) {
            m_method = argument;
        } else if (option == QLatin1String("-H") || option == QLatin1String("--header")) {
            header(argument);
        } else if (option == QLatin1String("-b") || option == QLatin1String("--cookie")) {
            if (argument.contains(u'='))
                m_headers.append({QStringLiteral("Cookie"), argument});
            else
                note(tr("-b %1 names a cookie file, which cannot be read here: no cookies were "
                        "imported.")
                             .arg(argument));
        } else if (option == QLatin1String("--json")) {
            m_json = true;
            m_data.append(argument);
        } else if (option == QLatin1String("-F") || option == QLatin1String("--form")) {
            m_form = true;
        } else if (option.startsWith(QLatin1String("-d"))
                   || option.startsWith(QLatin1String("--data"))) {
            if (argument.startsWith(u'@') && option != QLatin1String("--data-raw"))
                note(tr("%1 %2 reads the body from a file: the body text is that file name.")
                             .arg(option, argument));
            m_data.append(argument);
            m_dataIsForm = true;
        } else if (option == QLatin1String("-u") || option == QLatin1String("--user")) {
            m_user = argument;
        } else if (option == QLatin1String("-A") || option == QLatin1String("--user-agent")) {
            m_headers.append({QStringLiteral("User-Agent"), argument});
        } else if (option == QLatin1String("-e") || option == QLatin1String("--referer")) {
            m_headers.append({QStringLiteral("Referer"), argument});
        } else if (option == QLatin1String("--url")) {
            url(argument);
        }
    }

    void header(const QString &argument)
    {
        const qsizetype colon = argument.indexOf(u':');
        const qsizetype semicolon = argument.indexOf(u';');
        if (colon < 0 && semicolon > 0 && argument.mid(semicolon + 1).trimmed().isEmpty()) {
            // "Name;" is curl's way of sending a header with an empty value.
            m_headers.append({argument.left(semicolon).trimmed(), QString()});
            return;
        }
        if (colon <= 0) {
            note(tr("The header \"%1\" has no ':': left out.").arg(argument));
            return;
        }
        const QString value = argument.mid(colon + 1).trimmed();
        if (value.isEmpty())
            return; // "Name:" removes a header curl would add; the browser sent none
        m_headers.append({argument.left(colon).trimmed(), value});
    }

    void finish()
    {
        Scenario &s = m_result.scenario;
        QString target = m_url;
        // DevTools escapes curl's URL globbing characters.
        static const QRegularExpression glob(QStringLiteral("\\\\([\\[\\]{}])"));
        target.replace(glob, QStringLiteral("\\1"));
        if (!target.contains(QLatin1String("://"))) {
            note(tr("The URL %1 has no scheme: curl uses http://.").arg(target));
            target.prepend(QStringLiteral("http://"));
        }
        QString body = m_data.join(u'&');
        if (m_get && !m_data.isEmpty()) {
            target += (target.contains(u'?') ? u'&' : u'?') + body;
            body.clear();
            m_data.clear();
        }
        s.url = target;

        if (!m_user.isEmpty())
            m_headers.append(
                    {QStringLiteral("Authorization"),
                     QStringLiteral("Basic ") + QString::fromLatin1(m_user.toUtf8().toBase64())});
        if (m_json) {
            if (!m_headers.contains(u"Content-Type"))
                m_headers.append(
                        {QStringLiteral("Content-Type"), QStringLiteral("application/json")});
            if (!m_headers.contains(u"Accept"))
                m_headers.append({QStringLiteral("Accept"), QStringLiteral("application/json")});
        }
        if (!m_data.isEmpty()) {
            s.body = BodyKind::Text;
            s.bodyText = body;
            if (!m_headers.contains(u"Content-Type") && m_dataIsForm) {
                m_headers.append({QStringLiteral("Content-Type"),
                                  QStringLiteral("application/x-www-form-urlencoded")});
                note(tr("No Content-Type header: curl sends application/x-www-form-urlencoded "
                        "with -d and --data-raw, so that was imported."));
            }
        } else if (m_form) {
            s.body = BodyKind::FormData;
            m_headers.remove(u"Content-Type");
            note(tr("-F sends multipart/form-data: imported as a FormData body (its fields are "
                    "not needed to simulate CORS)."));
        }

        if (!m_method.isEmpty())
            s.method = m_method;
        else if (m_head)
            s.method = QStringLiteral("HEAD");
        else if (!m_data.isEmpty() || m_form)
            s.method = QStringLiteral("POST");
        else
            s.method = QStringLiteral("GET");

        WireHeaderReader headers(m_result);
        for (const HttpHeader &h : std::as_const(m_headers))
            headers.add(h.name, h.value);
        headers.finish();
        if (s.cookies.isEmpty())
            note(tr("No cookies were sent: credentials stays \"same-origin\", fetch()'s default. "
                    "Choose \"include\" if the script sends credentials."));
    }
};

} // namespace

ImportedRequest importFetchCall(const QString &text, const Scenario &base)
{
    return FetchImporter(text, base).run();
}

ImportedRequest importCurlCommand(const QString &text, const Scenario &base)
{
    return CurlImporter(text, base).run();
}

ImportedRequest importRequest(const QString &text, const Scenario &base)
{
    const QString trimmed = text.trimmed();
    if (trimmed.startsWith(QLatin1String("curl")))
        return importCurlCommand(text, base);
    return importFetchCall(text, base);
}

} // namespace Cors
