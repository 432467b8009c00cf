// SPDX-License-Identifier: MIT
// The nginx export: structure (maps only where nginx allows them, every add_header at one level
// with always, nothing inside if but return), determinism, injection safety on an adversarial
// corpus (each export passes the real `nginx -t` and parses to exactly the directives the
// exporter writes), and the meaning of the maps: a small evaluator of nginx's map semantics
// (exact keys case-insensitive, then regexes in order) answers thousands of requests per policy,
// compared with the engine. tests/nginx/run_agreement.py does the same against a running nginx.

#include "export/exporter.h"
#include "export/nginxexporter.h"
#include "python/pysemantics.h"
#include "python/urlsplit.h"
#include "server/corsengine.h"

#include <QFile>
#include <QHash>
#include <QProcess>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Cors;

Q_DECLARE_METATYPE(Cors::Policy)

class tst_NginxExporter : public QObject
{
    Q_OBJECT

private slots:
    void registered();
    void structure_data();
    void structure();
    void parts();
    void deterministic();
    void options_data();
    void options();
    void adversarial_data();
    void adversarial();
    void semantics_data();
    void semantics();
    void unparseableOrigins();
    void urlsRegex();
    void notes();
    void nginxAcceptsEveryExport();
};

namespace {

// ---- A reader of nginx's configuration syntax --------------------------------------------

struct Directive
{
    QString name;
    QStringList args;
    bool hasBlock = false;
    QList<Directive> block;
    int line = 0;
};

struct Token
{
    enum Kind { Word, Semicolon, Open, Close } kind = Word;
    QString text;
    int line = 0;
};

/** nginx's unescaping of a token: \" \' \\ and \t \r \n; any other backslash stays. */
QString unescape(const QString &raw)
{
    QString out;
    for (qsizetype i = 0; i < raw.size(); ++i) {
        if (raw.at(i) == u'\\' && i + 1 < raw.size()) {
            const QChar next = raw.at(i + 1);
            if (next == u'"' || next == u'\'' || next == u'\\') {
                out += next;
                ++i;
                continue;
            }
            if (next == u't' || next == u'r' || next == u'n') {
                out += next == u't' ? u'\t' : next == u'r' ? u'\r' : u'\n';
                ++i;
                continue;
            }
        }
        out += raw.at(i);
    }
    return out;
}

std::optional<QList<Token>> tokenize(const QString &text, QString *error)
{
    QList<Token> tokens;
    int line = 1;
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        const QChar c = text.at(i);
        if (c == u'\n') {
            ++line;
            ++i;
        } else if (c == u' ' || c == u'\t' || c == u'\r') {
            ++i;
        } else if (c == u'#') {
            while (i < n && text.at(i) != u'\n')
                ++i;
        } else if (c == u';' || c == u'{' || c == u'}') {
            tokens.append({c == u';'           ? Token::Semicolon
                                   : c == u'{' ? Token::Open
                                               : Token::Close,
                           QString(c), line});
            ++i;
        } else if (c == u'"' || c == u'\'') {
            qsizetype j = i + 1;
            QString raw;
            while (j < n && text.at(j) != c) {
                if (text.at(j) == u'\\' && j + 1 < n) {
                    raw += text.at(j);
                    ++j;
                }
                if (text.at(j) == u'\n')
                    ++line;
                raw += text.at(j);
                ++j;
            }
            if (j >= n) {
                *error = QStringLiteral("unterminated quote from line %1").arg(line);
                return std::nullopt;
            }
            i = j + 1;
            if (i < n && !QStringView(u" \t\r\n;{}").contains(text.at(i))) {
                *error = QStringLiteral("unexpected character after a quote on line %1").arg(line);
                return std::nullopt;
            }
            tokens.append({Token::Word, unescape(raw), line});
        } else {
            QString raw;
            while (i < n && !QStringView(u" \t\r\n;{}").contains(text.at(i))) {
                if (text.at(i) == u'\\' && i + 1 < n) {
                    raw += text.at(i);
                    ++i;
                } else if (text.at(i) == u'"' || text.at(i) == u'\'') {
                    *error = QStringLiteral("quote inside a word on line %1").arg(line);
                    return std::nullopt;
                }
                raw += text.at(i);
                ++i;
            }
            tokens.append({Token::Word, unescape(raw), line});
        }
    }
    return tokens;
}

bool parseBlock(const QList<Token> &tokens, qsizetype &pos, QList<Directive> &out, bool nested,
                QString *error)
{
    while (pos < tokens.size()) {
        const Token &t = tokens.at(pos);
        if (t.kind == Token::Close) {
            if (!nested) {
                *error = QStringLiteral("unexpected } on line %1").arg(t.line);
                return false;
            }
            ++pos;
            return true;
        }
        if (t.kind != Token::Word) {
            *error = QStringLiteral("unexpected %1 on line %2").arg(t.text).arg(t.line);
            return false;
        }
        Directive d;
        d.name = t.text;
        d.line = t.line;
        ++pos;
        while (pos < tokens.size() && tokens.at(pos).kind == Token::Word)
            d.args.append(tokens.at(pos++).text);
        if (pos >= tokens.size()) {
            *error = QStringLiteral("directive %1 is not terminated").arg(d.name);
            return false;
        }
        if (tokens.at(pos).kind == Token::Semicolon) {
            ++pos;
        } else if (tokens.at(pos).kind == Token::Open) {
            ++pos;
            d.hasBlock = true;
            if (!parseBlock(tokens, pos, d.block, true, error))
                return false;
        } else {
            *error = QStringLiteral("unexpected } after %1").arg(d.name);
            return false;
        }
        out.append(d);
    }
    if (nested) {
        *error = QStringLiteral("unclosed block");
        return false;
    }
    return true;
}

std::optional<QList<Directive>> parseConfig(const QString &text, QString *error)
{
    const auto tokens = tokenize(text, error);
    if (!tokens)
        return std::nullopt;
    QList<Directive> out;
    qsizetype pos = 0;
    if (!parseBlock(*tokens, pos, out, false, error))
        return std::nullopt;
    return out;
}

// ---- What the exporter may write, and nothing else ---------------------------------------

/** Checks the directive tree against the shape the exporter writes; returns the problem. */
QString checkShape(const QList<Directive> &top, const QString &part)
{
    const QSet<QString> topAllowed = part == u"location"
            ? QSet<QString> {QStringLiteral("location")}
            : part == u"map" ? QSet<QString> {QStringLiteral("map"), QStringLiteral("geo")}
                             : QSet<QString> {QStringLiteral("map"), QStringLiteral("geo"),
                                              QStringLiteral("server")};
    const QSet<QString> serverAllowed
            = {QStringLiteral("listen"), QStringLiteral("merge_slashes"),
               QStringLiteral("proxy_set_header"), QStringLiteral("location")};
    const QSet<QString> locationAllowed
            = {QStringLiteral("add_header"), QStringLiteral("proxy_hide_header"),
               QStringLiteral("if"), QStringLiteral("proxy_pass"), QStringLiteral("return")};
    // Only the CORS headers, with map variables or the Vary token as values: a value that broke
    // out of its token would show up here as a directive or argument of its own.
    static const QRegularExpression headerName(
            QStringLiteral("^(Vary|Access-Control-(Allow-(Origin|Credentials|Headers|Methods|"
                           "Private-Network)|"
                           "Expose-Headers|Max-Age))$"),
            QRegularExpression::CaseInsensitiveOption);
    static const QRegularExpression headerValue(QStringLiteral("^(\\$cors_[a-z_]+|[Oo]rigin)$"));
    static const QRegularExpression condition(
            QStringLiteral("^\\(\\$cors_(preflight\\)|state = fail\\))$"));
    auto checkLocation = [&](const Directive &d) -> QString {
        if (!d.hasBlock || d.args.isEmpty() || d.args.size() > 2)
            return QStringLiteral("malformed location (line %1)").arg(d.line);
        for (const Directive &c : d.block) {
            if (!locationAllowed.contains(c.name))
                return QStringLiteral("unexpected %1 in location (line %2)")
                        .arg(c.name)
                        .arg(c.line);
            if (c.name == u"add_header"
                && (c.args.size() != 3 || c.hasBlock || !headerName.match(c.args.at(0)).hasMatch()
                    || !headerValue.match(c.args.at(1)).hasMatch()))
                return QStringLiteral("unexpected add_header %1 (line %2)")
                        .arg(c.args.join(u' '))
                        .arg(c.line);
            if (c.name == u"proxy_hide_header"
                && (c.args.size() != 1 || !headerName.match(c.args.at(0)).hasMatch()))
                return QStringLiteral("unexpected proxy_hide_header (line %1)").arg(c.line);
            if ((c.name == u"return" || c.name == u"proxy_pass") && c.args.size() != 1)
                return QStringLiteral("unexpected %1 (line %2)").arg(c.name).arg(c.line);
            if (c.name == u"if") {
                if (!c.hasBlock || c.block.size() != 1 || c.block.front().name != u"return"
                    || !condition.match(c.args.join(u' ')).hasMatch())
                    return QStringLiteral("if holds something other than return (line %1)")
                            .arg(c.line);
            }
        }
        return QString();
    };
    for (const Directive &d : top) {
        if (!topAllowed.contains(d.name))
            return QStringLiteral("unexpected top-level %1 (line %2)").arg(d.name).arg(d.line);
        if (d.name == u"map" || d.name == u"geo") {
            if (!d.hasBlock || d.args.size() != (d.name == u"map" ? 2 : 1))
                return QStringLiteral("malformed %1 (line %2)").arg(d.name).arg(d.line);
            static const QRegularExpression key(QStringLiteral(
                    "^(~[\\s\\S]+|default|refused|allowed|allowed-options|fail|)\\z"));
            for (const Directive &row : d.block) {
                if (row.args.size() != 1 || row.hasBlock || !key.match(row.name).hasMatch())
                    return QStringLiteral("map row %1 without exactly one value (line %2)")
                            .arg(row.name)
                            .arg(row.line);
            }
        } else if (d.name == u"server") {
            for (const Directive &c : d.block) {
                if (!serverAllowed.contains(c.name))
                    return QStringLiteral("unexpected %1 in server (line %2)")
                            .arg(c.name)
                            .arg(c.line);
                if (c.name == u"location") {
                    const QString problem = checkLocation(c);
                    if (!problem.isEmpty())
                        return problem;
                }
            }
        } else if (d.name == u"location") {
            const QString problem = checkLocation(d);
            if (!problem.isEmpty())
                return problem;
        }
    }
    return QString();
}

/** add_header lines: three tokens, the last "always". */
QString checkAddHeaders(const QList<Directive> &directives)
{
    for (const Directive &d : directives) {
        if (d.name == u"add_header") {
            if (d.args.size() != 3 || d.args.at(2) != u"always")
                return QStringLiteral("add_header without always (line %1)").arg(d.line);
        }
        const QString inner = checkAddHeaders(d.block);
        if (!inner.isEmpty())
            return inner;
    }
    return QString();
}

// ---- nginx's map semantics, to evaluate the export ----------------------------------------

struct Request
{
    QString method = QStringLiteral("GET");
    std::optional<QString> origin;
    std::optional<QString> requestMethod;
    std::optional<QString> privateNetwork;
};

class Evaluator
{
public:
    explicit Evaluator(const QList<Directive> &config) { collect(config); }

    bool ok() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }

    /** What the CORS location answers: status (0: proxied to the app) and headers it adds. */
    struct Answer
    {
        int status = 0;
        HttpHeaders headers;
    };
    Answer answer(const Request &r)
    {
        m_request = r;
        m_cache.clear();
        Answer out;
        if (!m_location) {
            m_error = QStringLiteral("no location");
            return out;
        }
        for (const Directive &d : m_location->block) {
            if (out.status == 0 && d.name == u"return")
                out.status = d.args.value(0).toInt();
            if (out.status == 0 && d.name == u"if" && condition(d.args))
                out.status = d.block.front().args.value(0).toInt();
        }
        for (const Directive &d : m_location->block) {
            if (d.name != u"add_header")
                continue;
            const QString value = interpolate(d.args.at(1));
            if (!value.isEmpty())
                out.headers.append({d.args.at(0), value});
        }
        return out;
    }

    QString variable(const QString &name)
    {
        if (name == u"http_origin")
            return m_request.origin.value_or(QString());
        if (name == u"request_method")
            return m_request.method;
        if (name == u"http_access_control_request_method")
            return m_request.requestMethod.value_or(QString());
        if (name == u"http_access_control_request_private_network")
            return m_request.privateNetwork.value_or(QString());
        if (m_geo.contains(name))
            return m_geo.value(name);
        if (const auto cached = m_cache.constFind(name); cached != m_cache.constEnd())
            return *cached;
        const Directive *map = m_maps.value(name);
        if (!map) {
            m_error = QStringLiteral("unknown variable $%1").arg(name);
            return QString();
        }
        const QString value = evaluateMap(*map);
        m_cache.insert(name, value);
        return value;
    }

private:
    void collect(const QList<Directive> &directives)
    {
        for (const Directive &d : directives) {
            if (d.name == u"map" && d.args.size() == 2)
                m_maps.insert(d.args.at(1).mid(1), &d);
            else if (d.name == u"geo" && d.args.size() == 1 && d.block.size() == 1)
                m_geo.insert(d.args.at(0).mid(1), d.block.front().args.value(0));
            else if (d.name == u"location" && !m_location)
                m_location = &d;
            collect(d.block);
        }
    }

    bool condition(const QStringList &args)
    {
        QStringList words = args;
        if (words.isEmpty())
            return false;
        words.first().remove(0, 1); // (
        words.last().chop(1);       // )
        if (words.size() == 1) {
            const QString v = interpolate(words.at(0));
            return !v.isEmpty() && v != u"0";
        }
        return words.size() == 3 && words.at(1) == u"=" && interpolate(words.at(0)) == words.at(2);
    }

    QString interpolate(const QString &text)
    {
        QString out;
        for (qsizetype i = 0; i < text.size(); ++i) {
            if (text.at(i) != u'$') {
                out += text.at(i);
                continue;
            }
            QString name;
            if (i + 1 < text.size() && text.at(i + 1) == u'{') {
                const qsizetype close = text.indexOf(u'}', i + 2);
                name = text.mid(i + 2, close - i - 2);
                i = close;
            } else {
                qsizetype j = i + 1;
                while (j < text.size() && (text.at(j).isLetterOrNumber() || text.at(j) == u'_'))
                    ++j;
                name = text.mid(i + 1, j - i - 1);
                i = j - 1;
            }
            if (name.isEmpty()) {
                m_error = QStringLiteral("a $ without a variable name in %1").arg(text);
                return QString();
            }
            out += variable(name);
        }
        return out;
    }

    QString evaluateMap(const Directive &map)
    {
        const QString source = interpolate(map.args.at(0));
        QString fallback;
        // Exact keys first, compared case-insensitively; then regexes in order (never for an
        // empty value).
        for (const Directive &row : map.block) {
            if (row.name == u"default")
                fallback = row.args.at(0);
            else if (!row.name.startsWith(u'~') && row.name.toLower() == source.toLower())
                return interpolate(row.args.at(0));
        }
        if (!source.isEmpty()) {
            for (const Directive &row : map.block) {
                if (!row.name.startsWith(u'~'))
                    continue;
                if (regex(row.name.mid(1)).match(source).hasMatch())
                    return interpolate(row.args.at(0));
            }
        }
        return interpolate(fallback);
    }

    const QRegularExpression &regex(const QString &pattern)
    {
        auto it = m_regexes.find(pattern);
        if (it == m_regexes.end()) {
            it = m_regexes.insert(pattern, std::make_shared<QRegularExpression>(pattern));
            if (!(*it)->isValid())
                m_error = QStringLiteral("invalid regex %1: %2").arg(pattern, (*it)->errorString());
        }
        return **it;
    }

    QHash<QString, const Directive *> m_maps;
    QHash<QString, QString> m_geo;
    const Directive *m_location = nullptr;
    QHash<QString, std::shared_ptr<QRegularExpression>> m_regexes;
    QHash<QString, QString> m_cache;
    Request m_request;
    QString m_error;
};

// ---- Policies ------------------------------------------------------------------------------

Policy policyOf(Profile profile, const QList<std::pair<SettingId, PyValue>> &settings)
{
    Policy p(profile);
    for (const auto &[id, value] : settings)
        p.setValue(id, value);
    return p;
}

ExportResult exportNginx(const Policy &policy, const QString &part = QString())
{
    ExportOptions options;
    options.part = part;
    return NginxExporter().run(CorsDocument {policy, {}}, options);
}

using S = SettingId;

/** Policies whose every behaviour the evaluator can check (default CORS_URLS_REGEX). */
QList<std::pair<QString, Policy>> semanticPolicies()
{
    QList<std::pair<QString, Policy>> out;
    for (const Profile profile : {Profile::V3_14, Profile::V4}) {
        const QString tag
                = profile == Profile::V3_14 ? QStringLiteral("3.14 ") : QStringLiteral("4.x ");
        out.append({tag + u"entries of every shape",
                    policyOf(profile,
                             {{S::AllowedOrigins,
                               PyValue::strList({QStringLiteral("https://app.example.com"),
                                                 QStringLiteral("http://localhost:8080"),
                                                 QStringLiteral("null"), QStringLiteral("file://"),
                                                 QStringLiteral("//app.example.com"),
                                                 QStringLiteral("https://"),
                                                 QStringLiteral("https://u@[::1]:8"),
                                                 QStringLiteral("http://[v1.x]"),
                                                 QStringLiteral("https://\u00e9x.example"),
                                                 QStringLiteral("https://Upper.Example")})},
                              {S::AllowCredentials, PyValue::boolean(true)},
                              {S::ExposeHeaders,
                               PyValue::strList({QStringLiteral("X-A"), QStringLiteral("x-$b")})},
                              {S::AllowPrivateNetwork, PyValue::boolean(true)}})});
        out.append({tag + u"allow-all",
                    policyOf(profile, {{S::AllowAllOrigins, PyValue::boolean(true)}})});
        out.append({tag + u"allow-all with credentials",
                    policyOf(profile,
                             {{S::AllowAllOrigins, PyValue::boolean(true)},
                              {S::AllowCredentials, PyValue::boolean(true)},
                              {S::PreflightMaxAge, PyValue::integer(0)},
                              {S::AllowHeaders, PyValue::list()}})});
        out.append(
                {tag + u"regexes",
                 policyOf(profile,
                          {{S::AllowedOrigins,
                            PyValue::strList({QStringLiteral("https://a.example")})},
                           {S::AllowedOriginRegexes,
                            PyValue::list(
                                    {PyValue::str(QStringLiteral("^https://\\w+\\.example\\.com$")),
                                     PyValue::pattern(QStringLiteral("^https?://(a|b)\\.x"), 2),
                                     PyValue::str(QStringLiteral("^(x)\\1")),
                                     PyValue::str(QStringLiteral("^null$")),
                                     PyValue::str(QStringLiteral("[\u00e0-\u00ff\u2100]"))})},
                           {S::AllowCredentials, PyValue::boolean(true)}})});
        out.append({tag + u"a bad regex after a good one",
                    policyOf(profile,
                             {{S::AllowedOriginRegexes,
                               PyValue::strList({QStringLiteral("^https://app\\."),
                                                 QStringLiteral("(")})}})});
        out.append({tag + u"a bad entry",
                    policyOf(profile,
                             {{S::AllowedOrigins,
                               PyValue::strList({QStringLiteral("null"),
                                                 QStringLiteral("https://app.example.com"),
                                                 QStringLiteral("http://[::1")})}})});
        out.append({tag + u"list that is an int",
                    policyOf(profile, {{S::AllowedOrigins, PyValue::integer(5)}})});
        out.append({tag + u"bare strings",
                    policyOf(profile,
                             {{S::AllowedOrigins, PyValue::str(QStringLiteral("https://a.b"))},
                              {S::AllowedOriginRegexes, PyValue::str(QStringLiteral("ht"))},
                              {S::AllowMethods, PyValue::str(QStringLiteral("GET"))}})});
        out.append({tag + u"failing header lists",
                    policyOf(profile,
                             {{S::AllowedOrigins,
                               PyValue::strList({QStringLiteral("https://a.example")})},
                              {S::AllowHeaders, PyValue::list({PyValue::integer(1)})},
                              {S::PreflightMaxAge, PyValue::str(QStringLiteral("1\n2"))}})});
        out.append({tag + u"failing expose",
                    policyOf(profile,
                             {{S::AllowAllOrigins, PyValue::boolean(true)},
                              {S::ExposeHeaders, PyValue::integer(5)}})});
    }
    return out;
}

/** Origins that probe what urlsplit() does: TABs, leading controls, case, paths, brackets. */
QStringList probeOrigins(int count, quint32 seed)
{
    const QStringList seeds = {
            QStringLiteral("https://app.example.com"),
            QStringLiteral("http://localhost:8080"),
            QStringLiteral("null"),
            QStringLiteral("file://"),
            QStringLiteral("file:///etc"),
            QStringLiteral("//app.example.com"),
            QStringLiteral("https://u@[::1]:8"),
            QStringLiteral("http://[v1.x]"),
            QStringLiteral("https://\u00e9x.example"),
            QStringLiteral("https://a.example"),
            QStringLiteral("https://x.example.com"),
            QStringLiteral("http://a.x"),
            QStringLiteral("https://[::ffff:1.2.3.4]"),
            QStringLiteral("https://[1:2:3:4:5:6:7:8]"),
            QStringLiteral("https://[1::]"),
            QStringLiteral("https://[::1%25eth0]:80"),
            QStringLiteral("https://[1.2.3.4]"),
            QStringLiteral("https://[]"),
            QStringLiteral("foo"),
            QStringLiteral("x:y"),
            QStringLiteral("https://Upper.Example"),
            QStringLiteral("https://"),
            QStringLiteral("xx"),
            QStringLiteral("https://a.b"),
            QStringLiteral("h"),
    };
    const QString pieces = QStringLiteral("[]@:%/?#.v1fF\t\x01 \u00e9\u00ff\x7fxX");
    QRandomGenerator rng(seed);
    QStringList out = seeds;
    while (out.size() < count) {
        QString o = seeds.at(int(rng.bounded(qsizetype(seeds.size()))));
        const int edits = int(rng.bounded(4));
        for (int e = 0; e < edits; ++e) {
            const int at = int(rng.bounded(o.size() + 1));
            switch (rng.bounded(6)) {
            case 0:
                o.insert(at, u'\t');
                break;
            case 1: {
                // Any leading control but CR, LF and NUL, which no request header can carry.
                const char16_t c = char16_t(1 + rng.bounded(0x20));
                o.insert(0, QChar(c == u'\n' || c == u'\r' ? u'\x0b' : c));
                break;
            }
            case 2:
                if (at < o.size())
                    o[at] = o.at(at).isUpper() ? o.at(at).toLower() : o.at(at).toUpper();
                break;
            case 3:
                o += QStringList {QStringLiteral("/"),  QStringLiteral("/p?q"),
                                  QStringLiteral("#f"), QStringLiteral(":443"),
                                  QStringLiteral("]"),  QStringLiteral("x")}
                             .at(int(rng.bounded(6)));
                break;
            default:
                o.insert(at, pieces.at(int(rng.bounded(pieces.size()))));
                break;
            }
        }
        out.append(o);
    }
    return out;
}

/** The engine's answer in the export's terms: what nginx should send (see the notes). */
Evaluator::Answer expectedAnswer(const EngineResponse &response, const Request &r)
{
    Evaluator::Answer out;
    if (!response.error.isEmpty()) {
        out.status = 500;
        return out;
    }
    if (response.shortCircuit && !r.requestMethod.value_or(QString()).isEmpty())
        out.status = 204; // an empty Access-Control-Request-Method reaches the app on nginx
    for (const HttpHeader &h : response.corsHeaders) {
        if (h.name.compare(u"content-length", Qt::CaseInsensitive) == 0 || h.value.isEmpty())
            continue; // nginx's 204 has no Content-Length; it sends no empty header
        out.headers.append(h);
    }
    return out;
}

QString describe(const Evaluator::Answer &a)
{
    QStringList parts {QString::number(a.status)};
    for (const HttpHeader &h : a.headers)
        parts.append(h.name + u'=' + h.value);
    return parts.join(QStringLiteral(" | "));
}

// ---- Running nginx -t -----------------------------------------------------------------------

const QString nginxBinary = QStringLiteral("/usr/sbin/nginx");

/** `nginx -t` on @p files wrapped in a skeleton; empty when it passes, else its output. */
QString nginxTest(const QString &httpContent)
{
    QTemporaryDir dir;
    const QString conf = dir.filePath(QStringLiteral("nginx.conf"));
    QFile file(conf);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("cannot write %1").arg(conf);
    QString temps;
    for (const char *kind : {"client_body", "proxy", "fastcgi", "uwsgi", "scgi"})
        temps += QStringLiteral("    %1_temp_path %2/%1;\n").arg(QLatin1String(kind), dir.path());
    file.write(QStringLiteral("events {}\nhttp {\n%1%2\n}\n").arg(temps, httpContent).toUtf8());
    file.close();
    QProcess nginx;
    nginx.start(nginxBinary,
                {QStringLiteral("-t"), QStringLiteral("-q"), QStringLiteral("-p"), dir.path(),
                 QStringLiteral("-c"), conf, QStringLiteral("-e"),
                 dir.filePath(QStringLiteral("error.log")), QStringLiteral("-g"),
                 QStringLiteral("pid %1/nginx.pid;").arg(dir.path())});
    if (!nginx.waitForFinished(60000))
        return QStringLiteral("nginx -t did not finish");
    if (nginx.exitStatus() == QProcess::NormalExit && nginx.exitCode() == 0)
        return QString();
    return QString::fromUtf8(nginx.readAllStandardError());
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QString &text)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (file.open(QIODevice::WriteOnly))
        file.write(text.toUtf8());
    return path;
}

/**
 * Runs nginx -t on the whole export and (unless @p wholeOnly) on map + location in a server;
 * empty when they pass.
 */
QString nginxAccepts(const Policy &policy, bool wholeOnly = false)
{
    const ExportResult whole = exportNginx(policy);
    const ExportResult maps = exportNginx(policy, QStringLiteral("map"));
    const ExportResult location = exportNginx(policy, QStringLiteral("location"));
    if (!whole.ok || !maps.ok || !location.ok)
        return QStringLiteral("export failed: ") + whole.error;
    QTemporaryDir dir;
    const QString wholeFile = writeFile(dir, QStringLiteral("whole.conf"), whole.text);
    const QString mapFile = writeFile(dir, QStringLiteral("maps.conf"), maps.text);
    const QString locationFile = writeFile(dir, QStringLiteral("location.conf"), location.text);
    QString problem = nginxTest(QStringLiteral("include %1;").arg(wholeFile));
    if (!problem.isEmpty())
        return QStringLiteral("whole file: ") + problem;
    if (wholeOnly)
        return QString();
    problem = nginxTest(
            QStringLiteral("include %1;\nserver {\n    listen 127.0.0.1:1;\n    include %2;\n}")
                    .arg(mapFile, locationFile));
    if (!problem.isEmpty())
        return QStringLiteral("map + location: ") + problem;
    return QString();
}

// ---- The adversarial corpus ----------------------------------------------------------------

/** Strings that would break or extend an nginx configuration if written raw. */
QStringList hostileStrings()
{
    return {
            QStringLiteral("x\"; } server { listen 1; } map $a $b { #"),
            QStringLiteral("x'; add_header X-Injected 1 always; #"),
            QStringLiteral("a;b{c}d"),
            QStringLiteral("$http_cookie"),
            QStringLiteral("${cors_dollar}$1$"),
            QStringLiteral("back\\slash\\"),
            QStringLiteral("\\\"quoted\\\\\""),
            QStringLiteral("line\nadd_header X-Injected 1;"),
            QStringLiteral("carriage\rreturn"),
            QStringLiteral("nul") + QChar(0) + QStringLiteral("byte"),
            QStringLiteral("hash # comment"),
            QStringLiteral("tab\there"),
            QStringLiteral("\u202eright-to-left"),
            QStringLiteral("\u00e9\u00ff latin-1"),
            QStringLiteral("\u2603 snowman"),
            QStringLiteral("}"),
            QStringLiteral("\""),
            QStringLiteral("\\"),
            QStringLiteral(""),
            QStringLiteral("~*"),
            QStringLiteral("default"),
    };
}

} // namespace

void tst_NginxExporter::registered()
{
    const Exporter *e = exporterById(QStringLiteral("nginx"));
    QVERIFY(e);
    QCOMPARE(e->fileSuffix(), QStringLiteral(".conf"));
    QCOMPARE(e->parts(), (QStringList {QStringLiteral("map"), QStringLiteral("location")}));
}

void tst_NginxExporter::structure_data()
{
    QTest::addColumn<Policy>("policy");
    for (const auto &[name, policy] : semanticPolicies())
        QTest::newRow(qPrintable(name)) << policy;
    QTest::newRow("urls regex") << policyOf(
            Profile::V4,
            {{S::AllowAllOrigins, PyValue::boolean(true)},
             {S::UrlsRegex, PyValue::str(QStringLiteral("^/api/"))}});
    QTest::newRow("urls regex raises")
            << policyOf(Profile::V4, {{S::UrlsRegex, PyValue::str(QStringLiteral("("))}});
}

void tst_NginxExporter::structure()
{
    QFETCH(Policy, policy);
    for (const QString &part : {QString(), QStringLiteral("map"), QStringLiteral("location")}) {
        const ExportResult result = exportNginx(policy, part);
        QVERIFY2(result.ok, qPrintable(result.error));
        QString error;
        const auto config = parseConfig(result.text, &error);
        QVERIFY2(config, qPrintable(part + u": " + error));
        const QString shape = checkShape(*config, part);
        QVERIFY2(shape.isEmpty(), qPrintable(part + u": " + shape));
        const QString always = checkAddHeaders(*config);
        QVERIFY2(always.isEmpty(), qPrintable(part + u": " + always));
        if (part == u"location")
            QVERIFY(!result.text.contains(QRegularExpression(QStringLiteral("^\\s*(map|geo)\\b"),
                                                             QRegularExpression::MultilineOption)));
        // Printable ASCII and line feeds only, apart from latin-1 header values (noted).
        for (const QChar c : result.text)
            QVERIFY2(c == u'\n' || (c >= u' ' && c.unicode() < 0x7f) || c.unicode() >= 0x80,
                     qPrintable(QStringLiteral("control character U+%1").arg(c.unicode(), 4, 16)));
    }
}

void tst_NginxExporter::parts()
{
    const Policy policy = semanticPolicies().front().second;
    const ExportResult whole = exportNginx(policy);
    const ExportResult maps = exportNginx(policy, QStringLiteral("map"));
    const ExportResult location = exportNginx(policy, QStringLiteral("location"));
    QVERIFY(whole.ok && maps.ok && location.ok);
    QString error;
    const auto w = parseConfig(whole.text, &error);
    const auto m = parseConfig(maps.text, &error);
    const auto l = parseConfig(location.text, &error);
    QVERIFY(w && m && l);
    // The parts are the pieces of the whole file: the same maps, the same CORS location.
    int mapCount = 0;
    for (const Directive &d : *w)
        mapCount += d.name == u"map" || d.name == u"geo";
    QCOMPARE(m->size(), mapCount);
    QCOMPARE(l->size(), 1);
    QCOMPARE(l->front().name, QStringLiteral("location"));
    const Directive &server = w->back();
    QCOMPARE(server.name, QStringLiteral("server"));
    const auto cors = std::find_if(server.block.begin(), server.block.end(),
                                   [](const Directive &d) { return d.name == u"location"; });
    QVERIFY(cors != server.block.end());
    QCOMPARE(cors->args, l->front().args);
    QCOMPARE(cors->block.size(), l->front().block.size());
    QVERIFY(whole.text.contains(QLatin1String("listen 127.0.0.1:8080;")));
    QVERIFY(whole.text.contains(QLatin1String("proxy_pass http://127.0.0.1:8000;")));
    QVERIFY(whole.text.contains(QLatin1String("merge_slashes off;")));
}

void tst_NginxExporter::deterministic()
{
    for (const auto &[name, policy] : semanticPolicies()) {
        const ExportResult a = exportNginx(policy);
        const ExportResult b = NginxExporter().run(CorsDocument {policy, {}}, ExportOptions {});
        QVERIFY2(a.ok, qPrintable(name));
        QCOMPARE(a.text, b.text);
        QCOMPARE(a.notes.size(), b.notes.size());
    }
}

void tst_NginxExporter::options_data()
{
    QTest::addColumn<QString>("part");
    QTest::addColumn<QString>("listen");
    QTest::addColumn<QString>("upstream");
    QTest::addColumn<bool>("ok");
    QTest::newRow("defaults") << QString() << QStringLiteral("127.0.0.1:8080")
                              << QStringLiteral("http://127.0.0.1:8000") << true;
    QTest::newRow("ipv6 and https") << QString() << QStringLiteral("[::1]:9000")
                                    << QStringLiteral("https://[::1]:8443/") << true;
    QTest::newRow("port only") << QString() << QStringLiteral("8081")
                               << QStringLiteral("http://django") << true;
    QTest::newRow("unknown part") << QStringLiteral("server") << QStringLiteral("127.0.0.1:8080")
                                  << QStringLiteral("http://127.0.0.1:8000") << false;
    QTest::newRow("listen injection") << QString() << QStringLiteral("1; } server { listen 2")
                                      << QStringLiteral("http://127.0.0.1:8000") << false;
    QTest::newRow("port 0") << QString() << QStringLiteral("127.0.0.1:0")
                            << QStringLiteral("http://127.0.0.1:8000") << false;
    QTest::newRow("upstream with path") << QString() << QStringLiteral("8080")
                                        << QStringLiteral("http://127.0.0.1:8000/app") << false;
    QTest::newRow("upstream injection") << QString() << QStringLiteral("8080")
                                        << QStringLiteral("http://a;return 200") << false;
    QTest::newRow("upstream variable")
            << QString() << QStringLiteral("8080") << QStringLiteral("http://$host") << false;
}

void tst_NginxExporter::options()
{
    QFETCH(QString, part);
    QFETCH(QString, listen);
    QFETCH(QString, upstream);
    QFETCH(bool, ok);
    ExportOptions options;
    options.part = part;
    options.listen = listen;
    options.upstream = upstream;
    const ExportResult result
            = NginxExporter().run(CorsDocument {semanticPolicies().front().second, {}}, options);
    QCOMPARE(result.ok, ok);
    QCOMPARE(result.error.isEmpty(), ok);
    if (ok) {
        QVERIFY(result.text.contains(QStringLiteral("listen %1;").arg(listen)));
        QString expected = upstream;
        if (expected.endsWith(u'/'))
            expected.chop(1);
        QVERIFY(result.text.contains(QStringLiteral("proxy_pass %1;").arg(expected)));
    }
}

void tst_NginxExporter::adversarial_data()
{
    QTest::addColumn<Policy>("policy");
    QTest::addColumn<bool>("exportable");
    int i = 0;
    for (const QString &s : hostileStrings()) {
        const QString tag = QString::number(i++);
        const bool control = std::any_of(s.begin(), s.end(), [](QChar c) {
            return (c.unicode() < 0x20 && c != u'\t' && c != u'\n' && c != u'\r')
                    || c.unicode() == 0x7f;
        });
        const bool newline = s.contains(u'\n') || s.contains(u'\r');
        for (const Profile profile : {Profile::V3_14, Profile::V4}) {
            const QString p
                    = profile == Profile::V4 ? QStringLiteral(" 4.x") : QStringLiteral(" 3.14");
            QTest::newRow(qPrintable(tag + u" origin netloc" + p))
                    << policyOf(profile,
                                {{S::AllowedOrigins,
                                  PyValue::strList({QStringLiteral("https://") + s, s,
                                                    QStringLiteral("https://a/") + s})},
                                 {S::AllowCredentials, PyValue::boolean(true)}})
                    << true;
            QTest::newRow(qPrintable(tag + u" regex" + p))
                    << policyOf(profile,
                                {{S::AllowedOriginRegexes,
                                  PyValue::list({PyValue::str(QRegularExpression::escape(s)),
                                                 PyValue::str(s)})}})
                    << true;
            // Header values: CR/LF make Django raise (exported as 500s), other controls refused.
            QTest::newRow(qPrintable(tag + u" header lists" + p)) << policyOf(
                    profile,
                    {{S::AllowAllOrigins, PyValue::boolean(true)},
                     {S::ExposeHeaders, PyValue::strList({s, QStringLiteral("x")})},
                     {S::AllowHeaders, PyValue::strList({s})},
                     {S::AllowMethods, PyValue::strList({QStringLiteral("GET"), s})},
                     {S::PreflightMaxAge, PyValue::str(s.isEmpty() ? QStringLiteral("x") : s)}})
                                                                  << (!control || newline);
            QTest::newRow(qPrintable(tag + u" urls regex" + p)) << policyOf(
                    profile,
                    {{S::AllowAllOrigins, PyValue::boolean(true)},
                     {S::UrlsRegex, PyValue::str(u'^' + QRegularExpression::escape(s))}})
                                                                << true;
        }
    }
}

void tst_NginxExporter::adversarial()
{
    QFETCH(Policy, policy);
    QFETCH(bool, exportable);
    for (const QString &part : {QString(), QStringLiteral("map"), QStringLiteral("location")}) {
        const ExportResult result = exportNginx(policy, part);
        QCOMPARE(result.ok, exportable);
        if (!exportable) {
            QVERIFY(!result.error.isEmpty());
            QVERIFY(result.text.isEmpty());
            continue;
        }
        QString error;
        const auto config = parseConfig(result.text, &error);
        QVERIFY2(config, qPrintable(error));
        const QString shape = checkShape(*config, part);
        QVERIFY2(shape.isEmpty(), qPrintable(shape));
        QVERIFY2(checkAddHeaders(*config).isEmpty(), qPrintable(checkAddHeaders(*config)));
        // No hostile text outside a quoted token or a comment: every line is a comment, a
        // brace, a known directive, or a map row whose key is quoted or a state word.
        for (const QString &line : result.text.split(u'\n')) {
            for (const QChar c : line)
                QVERIFY2(c == u'\t' || c >= u' ',
                         qPrintable(QStringLiteral("control character in %1").arg(line)));
            QVERIFY2(!line.contains(QLatin1String("X-Injected")) || line.trimmed().startsWith(u'#')
                             || line.contains(u'"'),
                     qPrintable(line));
        }
    }
    if (!exportable)
        return;
    // The header values nginx sends are Django's, byte for byte (through ${cors_dollar}).
    QString error;
    const ExportResult result = exportNginx(policy);
    const auto config = parseConfig(result.text, &error);
    Evaluator evaluator(*config);
    const CorsEngine engine(policy);
    const QStringList origins = {QStringLiteral("https://a.example"),
                                 QStringLiteral("https://") + hostileStrings().at(0)};
    for (const QString &origin : origins) {
        Request r;
        r.method = QStringLiteral("OPTIONS");
        r.origin = origin;
        r.requestMethod = QStringLiteral("PUT");
        HttpRequest request;
        request.method = r.method;
        request.path = QStringLiteral("/");
        request.headers
                = {{QStringLiteral("Origin"), origin},
                   {QStringLiteral("Access-Control-Request-Method"), QStringLiteral("PUT")}};
        const EngineResponse response = engine.respond(request, {}, false);
        if (!response.enabled)
            continue;
        const Evaluator::Answer got = evaluator.answer(r);
        QVERIFY2(evaluator.ok(), qPrintable(evaluator.error()));
        const Evaluator::Answer want = expectedAnswer(response, r);
        QCOMPARE(describe(got), describe(want));
    }
    // The parts of the same policy are checked in nginxAcceptsEveryExport.
    if (QFile::exists(nginxBinary)) {
        const QString problem = nginxAccepts(policy, true);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }
}

void tst_NginxExporter::semantics_data()
{
    QTest::addColumn<Policy>("policy");
    for (const auto &[name, policy] : semanticPolicies())
        QTest::newRow(qPrintable(name)) << policy;
}

void tst_NginxExporter::semantics()
{
    QFETCH(Policy, policy);
    const ExportResult result = exportNginx(policy);
    QVERIFY2(result.ok, qPrintable(result.error));
    QString error;
    const auto config = parseConfig(result.text, &error);
    QVERIFY2(config, qPrintable(error));
    Evaluator evaluator(*config);
    const CorsEngine engine(policy);
    const QStringList origins = probeOrigins(1000, 7);
    int checked = 0;
    for (const QString &origin : origins) {
        for (int kind = 0; kind < 4; ++kind) {
            Request r;
            r.origin = origin;
            HttpRequest request;
            request.path = QStringLiteral("/");
            request.headers.append({QStringLiteral("Origin"), origin});
            if (kind >= 1) {
                r.method = QStringLiteral("OPTIONS");
                if (kind >= 2) {
                    r.requestMethod = kind == 2 ? QStringLiteral("PUT") : QString();
                    request.headers.append(
                            {QStringLiteral("Access-Control-Request-Method"), *r.requestMethod});
                }
            } else if (origin.size() % 3 == 0) {
                r.privateNetwork = QStringLiteral("true");
                request.headers.append({QStringLiteral("Access-Control-Request-Private-Network"),
                                        QStringLiteral("true")});
            }
            request.method = r.method;
            const Evaluator::Answer got = evaluator.answer(r);
            QVERIFY2(evaluator.ok(), qPrintable(evaluator.error()));
            const Evaluator::Answer want = expectedAnswer(engine.respond(request, {}, false), r);
            if (describe(got) != describe(want)) {
                QFAIL(qPrintable(QStringLiteral("%1 %2 (Origin %3): nginx %4, Django %5")
                                         .arg(r.method, r.requestMethod ? u"with ACRM" : u"",
                                              Py::reprString(origin), describe(got),
                                              describe(want))));
            }
            ++checked;
        }
    }
    // No Origin at all: only Vary.
    const Evaluator::Answer none = evaluator.answer(Request {});
    QVERIFY(none.headers.size() <= 1);
    QCOMPARE(checked, 4 * origins.size());
}

void tst_NginxExporter::unparseableOrigins()
{
    // With allow-all the only thing that withholds Allow-Origin is urlsplit() raising: compare
    // the map's verdict with Py::urlsplit on many bracket-heavy strings.
    const Policy policy = policyOf(Profile::V4, {{S::AllowAllOrigins, PyValue::boolean(true)}});
    const ExportResult result = exportNginx(policy);
    QString error;
    const auto config = parseConfig(result.text, &error);
    QVERIFY(config);
    Evaluator evaluator(*config);
    QRandomGenerator rng(99);
    const QString alphabet = QStringLiteral("[]:@v.1fF%/x\t\x01 ");
    const QStringList hosts = {QStringLiteral("[::1]"),
                               QStringLiteral("[1:2:3:4:5:6:7:8]"),
                               QStringLiteral("[1:2:3:4:5:6:1.2.3.4]"),
                               QStringLiteral("[::1.2.3.4]"),
                               QStringLiteral("[1::2::3]"),
                               QStringLiteral("[v1.x]"),
                               QStringLiteral("[vF.]"),
                               QStringLiteral("[fe80::1%en0]"),
                               QStringLiteral("[1.2.3.4]"),
                               QStringLiteral("[1:2:3:4:5:6:7::]"),
                               QStringLiteral("[::1:2:3:4:5:6:7]"),
                               QStringLiteral("[1::2:3:4:5:6:7:8]"),
                               QStringLiteral("[::256.1.1.1]"),
                               QStringLiteral("[::01.1.1.1]"),
                               QStringLiteral("[12345::]"),
                               QStringLiteral("[:1::]"),
                               QStringLiteral("[::%]"),
                               QStringLiteral("[::%%a]"),
                               QStringLiteral("[x]@v1.a]"),
                               QStringLiteral("a[@5:6:7::]"),
                               QStringLiteral("[@v1.:x]"),
                               QStringLiteral("a[@V1.x:]")};
    int raising = 0;
    for (int i = 0; i < 20000; ++i) {
        QString origin = QStringLiteral("https://");
        if (rng.bounded(3) == 0)
            origin += QStringLiteral("u@");
        origin += hosts.at(int(rng.bounded(qsizetype(hosts.size()))));
        const int edits = int(rng.bounded(3));
        for (int e = 0; e < edits; ++e)
            origin.insert(int(rng.bounded(origin.size() + 1)),
                          alphabet.at(int(rng.bounded(alphabet.size()))));
        if (rng.bounded(4) == 0)
            origin += QStringList {QStringLiteral(":80"), QStringLiteral("/x"), QStringLiteral("x")}
                              .at(int(rng.bounded(3)));
        const bool parses = Py::urlsplit(origin).has_value();
        raising += !parses;
        Request r;
        r.origin = origin;
        const Evaluator::Answer got = evaluator.answer(r);
        const bool allowed
                = std::any_of(got.headers.begin(), got.headers.end(), [](const HttpHeader &h) {
                      return h.name == u"access-control-allow-origin";
                  });
        if (allowed != parses)
            QFAIL(qPrintable(QStringLiteral("%1: urlsplit %2, nginx map %3")
                                     .arg(Py::reprString(origin), parses ? u"parses" : u"raises",
                                          allowed ? u"allows" : u"refuses")));
    }
    QVERIFY(raising > 2000);
}

void tst_NginxExporter::urlsRegex()
{
    // Not the default: a regex location anchored at the start only, and a plain location / for
    // the rest.
    const Policy scoped
            = policyOf(Profile::V4,
                       {{S::AllowAllOrigins, PyValue::boolean(true)},
                        {S::UrlsRegex, PyValue::str(QStringLiteral("^/api/caf\u00e9$"))}});
    ExportResult result = exportNginx(scoped);
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(result.text.contains(QLatin1String("location ~ "
                                               "\"(*NO_AUTO_POSSESS)(*NO_START_OPT)\\A(?:\\A\\/"
                                               "api\\/caf(?:\\xc3\\xa9)(?=\\n?\\z))\" {")));
    QVERIFY(result.text.contains(QLatin1String("    location / {\n        proxy_pass")));

    // The default: location /, with the line-feed difference noted.
    result = exportNginx(Policy(Profile::V4));
    QVERIFY(result.text.contains(QLatin1String("    location / {\n")));
    QVERIFY(std::any_of(result.notes.begin(), result.notes.end(), [](const ExportNote &n) {
        return n.setting == SettingId::UrlsRegex && n.text.contains(QLatin1String("%0A"));
    }));

    // Raising: every request is a 500.
    result = exportNginx(policyOf(Profile::V4, {{S::UrlsRegex, PyValue::list()}}));
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(result.text.contains(QLatin1String("location / {\n        return 500;\n    }")));

    // Valid in Python but beyond CORS Studio's translation: refused, with the reason.
    result = exportNginx(
            policyOf(Profile::V4,
                     {{S::UrlsRegex, PyValue::str(QStringLiteral("^\\N{LATIN SMALL LETTER A}"))}}));
    QVERIFY(!result.ok);
    QVERIFY(result.error.contains(QLatin1String("CORS_URLS_REGEX")));

    // Classes with non-ASCII characters cannot be exact on UTF-8 bytes: noted.
    result = exportNginx(policyOf(
            Profile::V4, {{S::UrlsRegex, PyValue::str(QStringLiteral("^/[\u00e0-\u00ff]"))}}));
    QVERIFY(std::any_of(result.notes.begin(), result.notes.end(), [](const ExportNote &n) {
        return n.text.contains(QLatin1String("non-ASCII"));
    }));
    result = exportNginx(
            policyOf(Profile::V4, {{S::UrlsRegex, PyValue::str(QStringLiteral("^/api/[^/]+/x"))}}));
    QVERIFY(std::none_of(result.notes.begin(), result.notes.end(), [](const ExportNote &n) {
        return n.text.contains(QLatin1String("non-ASCII"));
    }));
}

void tst_NginxExporter::notes()
{
    auto hasNote = [](const ExportResult &r, std::optional<SettingId> setting, const char *text) {
        return std::any_of(r.notes.begin(), r.notes.end(), [&](const ExportNote &n) {
            return n.setting == setting && n.text.contains(QLatin1String(text));
        });
    };
    ExportResult r = exportNginx(Policy(Profile::V3_14));
    QVERIFY(hasNote(r, std::nullopt, "204"));
    QVERIFY(hasNote(r, std::nullopt, "check_request_enabled"));
    QVERIFY(hasNote(r, std::nullopt, "empty Access-Control-Request-Method"));
    QVERIFY(hasNote(r, std::nullopt, "Vary"));
    // Every note is also in the file, as a comment.
    for (const ExportNote &n : r.notes)
        QVERIFY2(r.text.simplified().contains(n.text.left(40).simplified()), qPrintable(n.text));

    r = exportNginx(
            policyOf(Profile::V3_14, {{S::AllowMethods, PyValue::str(QStringLiteral("GET"))}}));
    QVERIFY(hasNote(r, SettingId::AllowMethods, "character by character"));
    QVERIFY(r.text.contains(QLatin1String("\"G, E, T\"")));

    r = exportNginx(policyOf(Profile::V4,
                             {{S::OriginRegexWhitelist, PyValue::strList({QStringLiteral("(")})}}));
    QVERIFY(hasNote(r, SettingId::OriginRegexWhitelist, "500"));
    QVERIFY(r.text.contains(QLatin1String("if ($cors_state = fail) { return 500; }")));

    r = exportNginx(policyOf(Profile::V4,
                             {{S::AllowedOriginRegexes,
                               PyValue::strList({QStringLiteral("^\\N{LATIN SMALL LETTER A}"),
                                                 QStringLiteral("^https://b")})}}));
    QVERIFY(r.ok);
    QVERIFY(hasNote(r, SettingId::AllowedOriginRegexes, "cannot be translated"));
    QVERIFY(r.text.contains(QLatin1String("https\\:\\/\\/b")));

    r = exportNginx(policyOf(Profile::V3_14, {{S::ReplaceHttpsReferer, PyValue::boolean(true)}}));
    QVERIFY(hasNote(r, SettingId::ReplaceHttpsReferer, "Referer"));

    r = exportNginx(policyOf(Profile::V4, {{S::AllowHeaders, PyValue::list()}}));
    QVERIFY(hasNote(r, SettingId::AllowHeaders, "empty"));
    QVERIFY(!r.text.contains(QLatin1String("access-control-allow-headers $")));

    r = exportNginx(policyOf(
            Profile::V4,
            {{S::AllowedOrigins, PyValue::strList({QStringLiteral("https://\u2603.example")})}}));
    QVERIFY(hasNote(r, SettingId::AllowedOrigins, "latin-1"));

    // nginx rejects configuration tokens of 4 KB and more: refused, not written.
    r = exportNginx(
            policyOf(Profile::V4,
                     {{S::AllowedOrigins,
                       PyValue::strList({QStringLiteral("https://") + QString(1200, u'a')})}}));
    QVERIFY(!r.ok);
    QVERIFY2(r.error.contains(QLatin1String("4095")), qPrintable(r.error));
    r = exportNginx(
            policyOf(Profile::V4, {{S::ExposeHeaders, PyValue::strList({QString(5000, u'x')})}}));
    QVERIFY(!r.ok);
    r = exportNginx(
            policyOf(Profile::V4,
                     {{S::UrlsRegex, PyValue::str(QStringLiteral("^/") + QString(5000, u'x'))}}));
    QVERIFY(!r.ok);
    r = exportNginx(
            policyOf(Profile::V4,
                     {{S::AllowedOrigins,
                       PyValue::strList({QStringLiteral("https://") + QString(253, u'a')})}}));
    QVERIFY2(r.ok, qPrintable(r.error)); // the longest DNS name fits, TAB-tolerant form included

    // 3.14 sends credentials to refused origins; 4.x does not.
    const Policy creds314
            = policyOf(Profile::V3_14, {{S::AllowCredentials, PyValue::boolean(true)}});
    QVERIFY(exportNginx(creds314).text.contains(QLatin1String("    refused true;")));
    Policy creds4 = creds314;
    creds4.setProfile(Profile::V4);
    QVERIFY(!exportNginx(creds4).text.contains(QLatin1String("    refused true;")));
}

void tst_NginxExporter::nginxAcceptsEveryExport()
{
    if (!QFile::exists(nginxBinary))
        QSKIP("nginx is not installed at /usr/sbin/nginx");
    for (const auto &[name, policy] : semanticPolicies()) {
        const QString problem = nginxAccepts(policy);
        QVERIFY2(problem.isEmpty(), qPrintable(name + u": " + problem));
    }
    // The parts with hostile values in every setting at once.
    const QStringList hostile = hostileStrings();
    for (const QString &s : hostile) {
        if (std::any_of(s.begin(), s.end(),
                        [](QChar c) { return c.unicode() < 0x20 && c != u'\t'; }))
            continue;
        const Policy policy = policyOf(
                Profile::V3_14,
                {{S::AllowedOrigins, PyValue::strList({QStringLiteral("https://") + s})},
                 {S::AllowedOriginRegexes, PyValue::strList({QRegularExpression::escape(s)})},
                 {S::AllowCredentials, PyValue::boolean(true)},
                 {S::ExposeHeaders, PyValue::strList({s, QStringLiteral("x")})},
                 {S::AllowMethods, PyValue::strList({s})},
                 {S::UrlsRegex, PyValue::str(u'^' + QRegularExpression::escape(s))}});
        const QString problem = nginxAccepts(policy);
        QVERIFY2(problem.isEmpty(), qPrintable(Py::reprString(s) + u": " + problem));
    }
}

QTEST_APPLESS_MAIN(tst_NginxExporter)
#include "tst_nginxexporter.moc"
