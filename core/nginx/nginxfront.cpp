// SPDX-License-Identifier: MIT
#include "nginx/nginxfront.h"

#include "nginx/nginxuri.h"

#include <QHash>
#include <QRegularExpression>

namespace Cors {

namespace {

// nginx's uri_changes budget: 10 internal redirects or `rewrite ... last`, then 500.
constexpr int MaxUriChanges = 10;

// ngx_http_headers_filter: add_header without `always` only on these.
bool addHeaderStatus(int status)
{
    switch (status) {
    case 200:
    case 201:
    case 204:
    case 206:
    case 301:
    case 302:
    case 303:
    case 304:
    case 307:
    case 308:
        return true;
    default:
        return false;
    }
}

bool isRedirect(int status)
{
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
}

// Upstream response headers ngx_http_proxy_module hides unless proxy_pass_header names them.
const QStringList &hiddenByDefault()
{
    static const QStringList names = {QStringLiteral("date"),
                                      QStringLiteral("server"),
                                      QStringLiteral("x-pad"),
                                      QStringLiteral("x-accel-expires"),
                                      QStringLiteral("x-accel-redirect"),
                                      QStringLiteral("x-accel-limit-rate"),
                                      QStringLiteral("x-accel-buffering"),
                                      QStringLiteral("x-accel-charset")};
    return names;
}

struct ProxyTarget
{
    QString url;    // as written
    QString scheme; // "http"
    QString hostPort;
    QString proxyHost; // $proxy_host: host[:port], the port left out when it is the default
    std::optional<QString> uri; // the URI part, if any
};

std::optional<ProxyTarget> parseProxyPass(const QString &url)
{
    static const QRegularExpression re(QStringLiteral("^(https?)://([^/]+)(/.*)?$"),
                                       QRegularExpression::CaseInsensitiveOption);
    const auto m = re.match(url);
    if (!m.hasMatch())
        return std::nullopt;
    ProxyTarget t;
    t.url = url;
    t.scheme = m.captured(1).toLower();
    t.hostPort = m.captured(2);
    t.proxyHost = t.hostPort;
    const QString defaultPort
            = t.scheme == QLatin1String("https") ? QStringLiteral(":443") : QStringLiteral(":80");
    if (t.proxyHost.endsWith(defaultPort))
        t.proxyHost.chop(defaultPort.size());
    if (m.capturedLength(3) > 0)
        t.uri = m.captured(3);
    return t;
}

class Run
{
public:
    Run(const NginxSite &site, const NginxClientRequest &request, const NginxUpstream &upstream,
        NginxResponse &out)
        : m_site(site)
        , m_request(request)
        , m_upstream(upstream)
        , m_out(out)
    { }

    void run();

private:
    enum class Flow { Continue, Break, Last, Done };

    // ---- steps ---------------------------------------------------------------------------
    void step(const QString &text, const NginxLocation &where = {}, int status = 0)
    {
        m_out.steps.append({text, where, status});
    }
    void note(const QString &text, const NginxLocation &where)
    {
        for (const NginxNote &n : std::as_const(m_out.notModelled)) {
            if (n.text == text && n.where.line == where.line && n.where.file == where.file)
                return;
        }
        m_out.notModelled.append({text, where});
    }

    // ---- variables -------------------------------------------------------------------------
    std::optional<QString> variable(const QString &name, const NginxLocation &where);
    QString evaluate(const QString &text, const NginxLocation &where);
    bool regexMatch(const QRegularExpression &re, const QString &subject)
    {
        const auto m = re.match(subject);
        if (!m.hasMatch())
            return false;
        m_captures = m.capturedTexts();
        m_named.clear();
        for (const QString &n : re.namedCaptureGroups()) {
            if (!n.isEmpty())
                m_named.insert(n, m.captured(n));
        }
        return true;
    }

    // ---- phases ------------------------------------------------------------------------------
    const NginxLevel *selectServer();
    enum class Search { None, Prefix, Found };
    Search findLocation(const NginxLevel *level);
    const NginxLevel *m_found = nullptr;
    const NginxLevel *matchLocation();
    Flow runRewrite(const NginxLevel *level);
    Flow runDirective(const NginxLevel *level, const NginxDirective *d);
    bool condition(const NginxDirective *d);
    void finishReturn(int status, const QString &text, const NginxLocation &where);
    void special(int status, const NginxLocation &where);
    bool errorPage(int status, bool upstream);
    void content();
    void proxy(const NginxDirective *pass, const NginxLevel *passLevel);
    void staticFiles();
    void headerFilter();
    QString absoluteLocation(const QString &location);

    const NginxSite &m_site;
    const NginxClientRequest &m_request;
    const NginxUpstream &m_upstream;
    NginxResponse &m_out;

    const NginxLevel *m_server = nullptr;
    const NginxLevel *m_conf = nullptr; // the configuration in force (location, if, server)
    const NginxLevel *m_location = nullptr;
    int m_port = 80;
    QString m_uri;
    QString m_args;
    bool m_uriChanged = false;   // since the last location search
    bool m_uriRewritten = false; // $uri differs from the request's
    bool m_rewrittenInLocation = false;
    int m_uriChanges = MaxUriChanges + 1;
    QString m_method;
    QStringList m_captures;
    QHash<QString, QString> m_named;
    QHash<QString, QString> m_set;
    QStringList m_evaluatingMaps;
    bool m_errorPageUsed = false;
    bool m_finished = false;
    int m_status = 0;
    HttpHeaders m_headers;
    QString m_location_header;
};

std::optional<QString> Run::variable(const QString &rawName, const NginxLocation &where)
{
    const QString name = rawName;
    if (name.size() == 1 && name.at(0).isDigit()) {
        const int n = name.toInt();
        return m_captures.value(n);
    }
    if (m_named.contains(name))
        return m_named.value(name);
    if (m_set.contains(name))
        return m_set.value(name);
    if (const NginxMap *map = m_site.mapFor(name)) {
        if (m_evaluatingMaps.contains(name)) {
            note(QStringLiteral("map $%1 refers to itself").arg(name), map->directive->where);
            return QString();
        }
        m_evaluatingMaps.append(name);
        const QString source = evaluate(map->source, map->directive->where);
        QString subject = source;
        if (map->hostnames && subject.endsWith(u'.'))
            subject.chop(1);
        const QString lowered = subject.toLower();
        std::optional<QString> result;
        const NginxMap::Entry *hit = nullptr;
        // Exact keys first (case-insensitive), then wildcard hostnames, then regexes in order.
        for (const NginxMap::Entry &e : map->entries) {
            if (!e.regex && e.key == lowered && !e.key.contains(u'*')
                && !(map->hostnames && e.key.startsWith(u'.'))) {
                hit = &e;
                break;
            }
        }
        if (!hit && map->hostnames) {
            qsizetype best = -1;
            for (const NginxMap::Entry &e : map->entries) {
                if (e.regex)
                    continue;
                QString suffix;
                if (e.key.startsWith(QLatin1String("*.")))
                    suffix = e.key.mid(1);
                else if (e.key.startsWith(u'.'))
                    suffix = e.key;
                if (!suffix.isEmpty()
                    && (lowered.endsWith(suffix)
                        || (e.key.startsWith(u'.') && lowered == e.key.mid(1)))
                    && suffix.size() > best) {
                    best = suffix.size();
                    hit = &e;
                }
            }
            if (!hit) {
                for (const NginxMap::Entry &e : map->entries) {
                    if (!e.regex && e.key.endsWith(QLatin1String(".*"))
                        && lowered.startsWith(e.key.chopped(1)) && e.key.size() - 1 > best) {
                        best = e.key.size() - 1;
                        hit = &e;
                    }
                }
            }
        }
        if (hit) {
            result = evaluate(hit->value, hit->where);
            step(QStringLiteral("map $%1: \"%2\" matches \"%3\" → \"%4\"")
                         .arg(name, source, hit->key, *result),
                 hit->where);
        } else {
            for (const NginxMap::Entry &e : map->entries) {
                if (e.regex && regexMatch(e.compiled, subject)) {
                    result = evaluate(e.value, e.where);
                    step(QStringLiteral("map $%1: \"%2\" matches the regex %3 → \"%4\"")
                                 .arg(name, source, e.key, *result),
                         e.where);
                    break;
                }
            }
        }
        if (!result) {
            result = map->defaultEntry
                    ? evaluate(map->defaultEntry->value, map->defaultEntry->where)
                    : QString();
            step(QStringLiteral("map $%1: \"%2\" matches nothing → default \"%3\"")
                         .arg(name, source, *result),
                 map->defaultEntry ? map->defaultEntry->where : map->directive->where);
        }
        m_evaluatingMaps.removeLast();
        return result;
    }
    if (name.startsWith(QLatin1String("http_"))) {
        const QString header = name.mid(5);
        for (const HttpHeader &h : m_request.headers) {
            QString n = h.name.toLower();
            n.replace(u'-', u'_');
            if (n == header)
                return h.value; // nginx 1.22: the first of repeated headers
        }
        return QString();
    }
    if (name.startsWith(QLatin1String("arg_"))) {
        const QString key = name.mid(4);
        for (const QString &pair : m_args.split(u'&')) {
            if (pair.section(u'=', 0, 0).compare(key, Qt::CaseInsensitive) == 0)
                return pair.section(u'=', 1);
        }
        return QString();
    }
    if (name == QLatin1String("request_method"))
        return m_request.method;
    if (name == QLatin1String("scheme"))
        return QStringLiteral("http");
    if (name == QLatin1String("uri") || name == QLatin1String("document_uri"))
        return m_uri;
    if (name == QLatin1String("request_uri"))
        return m_request.target;
    if (name == QLatin1String("args") || name == QLatin1String("query_string"))
        return m_args;
    if (name == QLatin1String("is_args"))
        return m_args.isEmpty() ? QString() : QStringLiteral("?");
    if (name == QLatin1String("server_port"))
        return QString::number(m_port);
    if (name == QLatin1String("remote_addr"))
        return m_request.remoteAddress;
    if (name == QLatin1String("server_addr"))
        return m_request.localAddress;
    if (name == QLatin1String("server_protocol"))
        return QStringLiteral("HTTP/1.1");
    if (name == QLatin1String("server_name"))
        return m_server ? m_server->serverNames.value(0) : QString();
    if (name == QLatin1String("host")) {
        const auto host = m_request.headers.value(u"Host");
        if (host && !host->isEmpty()) {
            QString h = host->toLower();
            if (!h.startsWith(u'[') && h.contains(u':'))
                h = h.section(u':', 0, 0);
            if (h.endsWith(u'.'))
                h.chop(1);
            return h;
        }
        return m_server ? m_server->serverNames.value(0) : QString();
    }
    if (name == QLatin1String("proxy_add_x_forwarded_for")) {
        const auto xff = variable(QStringLiteral("http_x_forwarded_for"), where);
        return xff && !xff->isEmpty() ? *xff + QStringLiteral(", ") + m_request.remoteAddress
                                      : m_request.remoteAddress;
    }
    if (name == QLatin1String("proxy_host") || name == QLatin1String("proxy_port")) {
        const NginxDirective *pass
                = m_conf ? m_conf->nearest(QStringLiteral("proxy_pass")) : nullptr;
        const auto target = pass ? parseProxyPass(pass->args.value(0)) : std::nullopt;
        if (!target)
            return QString();
        if (name == QLatin1String("proxy_host"))
            return target->proxyHost;
        return target->hostPort.contains(u':') ? target->hostPort.section(u':', -1)
                                               : QStringLiteral("80");
    }
    note(QStringLiteral("variable $%1 is not modelled (taken as empty)").arg(name), where);
    return std::nullopt;
}

QString Run::evaluate(const QString &text, const NginxLocation &where)
{
    QString out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c != u'$' || i + 1 >= text.size()) {
            out += c;
            continue;
        }
        QString name;
        qsizetype j = i + 1;
        if (text.at(j) == u'{') {
            const qsizetype close = text.indexOf(u'}', j);
            if (close < 0) {
                out += text.mid(i);
                break;
            }
            name = text.mid(j + 1, close - j - 1);
            j = close + 1;
        } else if (text.at(j).isDigit()) {
            name = text.at(j);
            ++j;
        } else {
            while (j < text.size() && (text.at(j).isLetterOrNumber() || text.at(j) == u'_')
                   && text.at(j).unicode() < 0x80)
                ++j;
            name = text.mid(i + 1, j - i - 1);
        }
        if (name.isEmpty()) {
            out += c;
            continue;
        }
        out += variable(name, where).value_or(QString());
        i = j - 1;
    }
    return out;
}

const NginxLevel *Run::selectServer()
{
    // Servers listening on the connection's port; a specific address beats a wildcard.
    QList<const NginxLevel *> candidates, specific;
    const NginxLevel *defaultServer = nullptr, *defaultSpecific = nullptr;
    for (const NginxLevel *server : m_site.servers()) {
        for (const NginxLevel::Listen &l : server->listens) {
            if (l.port != m_port)
                continue;
            if (l.address.isEmpty()) {
                candidates.append(server);
                if (l.defaultServer && !defaultServer)
                    defaultServer = server;
            } else if (l.address == m_request.localAddress
                       || (l.address == QLatin1String("localhost")
                           && m_request.localAddress == QLatin1String("127.0.0.1"))) {
                specific.append(server);
                if (l.defaultServer && !defaultSpecific)
                    defaultSpecific = server;
            }
            break;
        }
    }
    if (!specific.isEmpty()) {
        candidates = specific;
        defaultServer = defaultSpecific;
    }
    if (candidates.isEmpty())
        return nullptr;
    QString host = m_request.headers.value(u"Host").value_or(QString()).toLower();
    if (!host.startsWith(u'[') && host.contains(u':'))
        host = host.section(u':', 0, 0);
    if (host.endsWith(u'.'))
        host.chop(1);
    const NginxLevel *best = nullptr;
    QString why;
    NginxLocation where;
    auto nameWhere = [](const NginxLevel *server) {
        const auto names = server->own(QStringLiteral("server_name"));
        return names.isEmpty() ? server->directive->where : names.first()->where;
    };
    // 1. exact names
    for (const NginxLevel *s : candidates) {
        for (const QString &n : s->serverNames) {
            const QString exact = n.startsWith(u'.') ? n.mid(1) : n;
            if (!n.startsWith(u'~') && !n.contains(u'*') && exact == host) {
                best = s;
                why = QStringLiteral("server_name %1 (exact)").arg(n);
                break;
            }
        }
        if (best)
            break;
    }
    // 2. the longest leading wildcard, 3. the longest trailing wildcard
    if (!best) {
        qsizetype length = -1;
        for (const NginxLevel *s : candidates) {
            for (const QString &n : s->serverNames) {
                QString suffix;
                if (n.startsWith(QLatin1String("*.")))
                    suffix = n.mid(1);
                else if (n.startsWith(u'.'))
                    suffix = n;
                if (!suffix.isEmpty() && host.endsWith(suffix) && host.size() > suffix.size()
                    && suffix.size() > length) {
                    length = suffix.size();
                    best = s;
                    why = QStringLiteral("server_name %1 (leading wildcard)").arg(n);
                }
            }
        }
    }
    if (!best) {
        qsizetype length = -1;
        for (const NginxLevel *s : candidates) {
            for (const QString &n : s->serverNames) {
                if (n.endsWith(QLatin1String(".*")) && host.startsWith(n.chopped(1))
                    && n.size() > length) {
                    length = n.size();
                    best = s;
                    why = QStringLiteral("server_name %1 (trailing wildcard)").arg(n);
                }
            }
        }
    }
    // 4. regexes in order of appearance
    if (!best) {
        for (const NginxLevel *s : candidates) {
            for (const QString &n : s->serverNames) {
                if (!n.startsWith(u'~'))
                    continue;
                const QRegularExpression re(n.mid(1));
                if (re.isValid() && regexMatch(re, host)) {
                    best = s;
                    why = QStringLiteral("server_name %1 (regex)").arg(n);
                    break;
                }
            }
            if (best)
                break;
        }
    }
    if (best) {
        where = nameWhere(best);
    } else {
        best = defaultServer ? defaultServer : candidates.first();
        why = defaultServer ? QStringLiteral("no server_name matches: the default_server")
                            : QStringLiteral("no server_name matches: the first server on the "
                                             "port");
        where = best->directive->where;
    }
    step(QStringLiteral("server for Host \"%1\" on port %2: %3").arg(host).arg(m_port).arg(why),
         where);
    return best;
}

// ngx_http_core_find_location: an exact match ends the search; else the longest prefix, then
// its nested locations; then, unless that prefix is ^~, this level's regexes in order (a
// matching regex's nested locations are searched too). Returns Found for "stop here", Prefix
// when a prefix matched, None otherwise; the location chosen so far is in m_found.
Run::Search Run::findLocation(const NginxLevel *level)
{
    const NginxLevel *prefix = nullptr;
    for (const NginxLevel *loc : level->locations) {
        if (loc->match == NginxLevel::Match::Exact && loc->name == m_uri) {
            m_found = loc;
            return Search::Found;
        }
    }
    for (const NginxLevel *loc : level->locations) {
        if ((loc->match == NginxLevel::Match::Prefix || loc->match == NginxLevel::Match::NoRegex)
            && m_uri.startsWith(loc->name) && (!prefix || loc->name.size() > prefix->name.size()))
            prefix = loc;
    }
    Search result = Search::None;
    bool noRegex = false;
    if (prefix) {
        m_found = prefix;
        noRegex = prefix->match == NginxLevel::Match::NoRegex;
        result = findLocation(prefix);
        if (result == Search::Found)
            return result;
        result = Search::Prefix;
    }
    if (!noRegex) {
        for (const NginxLevel *loc : level->locations) {
            if ((loc->match == NginxLevel::Match::Regex
                 || loc->match == NginxLevel::Match::RegexCaseless)
                && regexMatch(loc->regex, m_uri)) {
                m_found = loc;
                findLocation(loc);
                return Search::Found;
            }
        }
    }
    return result;
}

const NginxLevel *Run::matchLocation()
{
    m_found = nullptr;
    findLocation(m_server);
    const NginxLevel *loc = m_found;
    if (!loc) {
        m_out.location.clear();
        m_out.locationWhere = m_server->directive->where;
        step(QStringLiteral("no location matches \"%1\": the server level serves it").arg(m_uri),
             m_server->directive->where);
        return m_server;
    }
    static const QHash<NginxLevel::Match, QString> kinds = {
            {NginxLevel::Match::Exact, QStringLiteral("exact")},
            {NginxLevel::Match::Prefix, QStringLiteral("longest prefix")},
            {NginxLevel::Match::NoRegex, QStringLiteral("prefix with ^~, no regexes")},
            {NginxLevel::Match::Regex, QStringLiteral("first matching regex")},
            {NginxLevel::Match::RegexCaseless, QStringLiteral("first matching regex, ~*")},
    };
    m_out.location = loc->directive->args.join(u' ');
    m_out.locationWhere = loc->directive->where;
    step(QStringLiteral("location %1 serves \"%2\" (%3)")
                 .arg(loc->directive->args.join(u' '), m_uri, kinds.value(loc->match)),
         loc->directive->where);
    return loc;
}

bool Run::condition(const NginxDirective *d)
{
    QStringList args = d->args;
    if (args.isEmpty())
        return false;
    if (args.first() == QLatin1String("("))
        args.removeFirst();
    else if (args.first().startsWith(u'('))
        args.first() = args.first().mid(1);
    if (!args.isEmpty() && args.last() == QLatin1String(")"))
        args.removeLast();
    else if (!args.isEmpty() && args.last().endsWith(u')'))
        args.last().chop(1);
    if (args.isEmpty())
        return false;
    const QString left = args.first();
    if (left.startsWith(u'-') || left.startsWith(QLatin1String("!-"))) {
        note(QStringLiteral("if %1: file tests are not modelled (taken as false)").arg(left),
             d->where);
        return false;
    }
    const QString value = evaluate(left, d->where);
    if (args.size() == 1) {
        const bool result = !(value.isEmpty() || value == QLatin1String("0"));
        step(QStringLiteral("if (%1): \"%2\" is %3")
                     .arg(left, value, result ? QStringLiteral("true") : QStringLiteral("false")),
             d->where);
        return result;
    }
    const QString op = args.value(1);
    const QString right = args.mid(2).join(u' ');
    bool result = false;
    if (op == QLatin1String("=") || op == QLatin1String("!=")) {
        result = (value == evaluate(right, d->where)) == (op == QLatin1String("="));
    } else if (op == QLatin1String("~") || op == QLatin1String("~*") || op == QLatin1String("!~")
               || op == QLatin1String("!~*")) {
        QRegularExpression re(right,
                              op.endsWith(u'*') ? QRegularExpression::CaseInsensitiveOption
                                                : QRegularExpression::NoPatternOption);
        if (!re.isValid()) {
            note(QStringLiteral("if: regex %1 does not compile: %2").arg(right, re.errorString()),
                 d->where);
            return false;
        }
        const bool matched
                = op.startsWith(u'!') ? re.match(value).hasMatch() : regexMatch(re, value);
        result = matched != op.startsWith(u'!');
    } else {
        note(QStringLiteral("if: operator \"%1\" is not modelled (taken as false)").arg(op),
             d->where);
        return false;
    }
    step(QStringLiteral("if (%1 %2 %3): \"%4\" → %5")
                 .arg(left, op, right, value,
                      result ? QStringLiteral("true") : QStringLiteral("false")),
         d->where);
    return result;
}

QString Run::absoluteLocation(const QString &location)
{
    if (!location.startsWith(u'/'))
        return location;
    const NginxDirective *absolute = m_conf->nearest(QStringLiteral("absolute_redirect"));
    if (absolute && absolute->args.value(0) == QLatin1String("off"))
        return location;
    const NginxDirective *nameIn = m_conf->nearest(QStringLiteral("server_name_in_redirect"));
    QString host;
    if (nameIn && nameIn->args.value(0) == QLatin1String("on"))
        host = m_server->serverNames.value(0);
    else
        host = variable(QStringLiteral("host"), {}).value_or(QString());
    const NginxDirective *portIn = m_conf->nearest(QStringLiteral("port_in_redirect"));
    const bool withPort = !(portIn && portIn->args.value(0) == QLatin1String("off"));
    QString port;
    if (withPort && m_port != 80)
        port = u':' + QString::number(m_port);
    const QString out = QStringLiteral("http://") + host + port + location;
    step(QStringLiteral("Location %1 made absolute: %2 (%3)")
                 .arg(location, out,
                      withPort ? QStringLiteral("port_in_redirect on: the port nginx listens on")
                               : QStringLiteral("port_in_redirect off")),
         portIn ? portIn->where : NginxLocation());
    return out;
}

void Run::finishReturn(int status, const QString &text, const NginxLocation &where)
{
    m_finished = true;
    if (status == 444) {
        step(QStringLiteral("return 444: nginx closes the connection without a response"), where);
        m_status = 0;
        return;
    }
    if (isRedirect(status)) {
        m_headers.clear();
        m_location_header = text;
        special(status, where);
        return;
    }
    if (status >= 400 && text.isEmpty()) {
        special(status, where);
        return;
    }
    m_status = status;
    m_headers.clear();
    step(QStringLiteral("nginx answers %1 itself").arg(status), where, status);
}

// ngx_http_special_response_handler: nginx's own error or redirect page, or error_page.
void Run::special(int status, const NginxLocation &where)
{
    m_finished = true;
    if (errorPage(status, false))
        return;
    m_status = status;
    m_headers.clear();
    step(QStringLiteral("nginx answers %1 itself").arg(status), where, status);
}

bool Run::errorPage(int status, bool fromUpstream)
{
    if (m_errorPageUsed)
        return false; // recursive_error_pages off
    const NginxLevel *level = m_conf->nearestWith({QStringLiteral("error_page")});
    if (!level)
        return false;
    for (const NginxDirective *d : level->own(QStringLiteral("error_page"))) {
        QStringList args = d->args;
        const QString target = args.takeLast();
        std::optional<int> overwrite;
        bool overwriteFromTarget = false;
        if (!args.isEmpty() && args.last().startsWith(u'=')) {
            const QString o = args.takeLast();
            if (o.size() == 1)
                overwriteFromTarget = true;
            else
                overwrite = o.mid(1).toInt();
        }
        if (!args.contains(QString::number(status)))
            continue;
        m_errorPageUsed = true;
        step(QStringLiteral("error_page %1 for %2%3")
                     .arg(target)
                     .arg(status)
                     .arg(fromUpstream ? QStringLiteral(" (proxy_intercept_errors on)")
                                       : QString()),
             d->where, status);
        if (!target.startsWith(u'/') && !target.startsWith(u'@')) {
            const int code = overwrite && isRedirect(*overwrite) ? *overwrite : 302;
            m_location_header = evaluate(target, d->where);
            m_status = code;
            m_headers.clear();
            m_finished = true;
            return true;
        }
        // An internal redirect: GET (HEAD stays HEAD) for a URI, the method kept for a name.
        m_location_header.clear();
        if (--m_uriChanges == 0) {
            step(QStringLiteral("rewrite or internal redirection cycle"), d->where, 500);
            m_status = 500;
            m_headers.clear();
            m_finished = true;
            return true;
        }
        const NginxLevel *next = nullptr;
        if (target.startsWith(u'@')) {
            for (const NginxLevel *loc : m_server->locations) {
                if (loc->match == NginxLevel::Match::Named && loc->name == target)
                    next = loc;
            }
            if (!next) {
                step(QStringLiteral("named location %1 not found").arg(target), d->where, 500);
                m_status = 500;
                m_headers.clear();
                m_finished = true;
                return true;
            }
            step(QStringLiteral("location %1 serves the error page").arg(target),
                 next->directive->where);
        } else {
            if (m_method != QLatin1String("HEAD"))
                m_method = QStringLiteral("GET");
            const QString uri = evaluate(target, d->where);
            m_uri = uri.section(u'?', 0, 0);
            m_args = uri.contains(u'?') ? uri.section(u'?', 1) : QString();
            m_uriRewritten = true;
            next = matchLocation();
        }
        m_location = next;
        m_conf = next;
        m_status = 0;
        m_headers.clear();
        m_finished = false;
        const Flow flow = runRewrite(next);
        if (!m_finished && flow != Flow::Done)
            content();
        if (overwrite && m_status != 0)
            m_status = *overwrite;
        else if (!overwriteFromTarget && m_status != 0 && m_status < 400)
            m_status = status; // the error's status unless "=" says otherwise
        m_finished = true;
        return true;
    }
    return false;
}

Run::Flow Run::runDirective(const NginxLevel *level, const NginxDirective *d)
{
    const QString &name = d->name;
    if (name == QLatin1String("set")) {
        QString var = d->args.value(0);
        if (var.startsWith(u'$'))
            var = var.mid(1);
        const QString value = evaluate(d->args.value(1), d->where);
        m_set.insert(var, value);
        step(QStringLiteral("set $%1 \"%2\"").arg(var, value), d->where);
        return Flow::Continue;
    }
    if (name == QLatin1String("break")) {
        step(QStringLiteral("break: no more rewrite directives"), d->where);
        return Flow::Break;
    }
    if (name == QLatin1String("return")) {
        bool isCode = false;
        const int code = d->args.value(0).toInt(&isCode);
        if (!isCode) {
            finishReturn(302, evaluate(d->args.value(0), d->where), d->where);
            return Flow::Done;
        }
        const QString text = d->args.size() > 1 ? evaluate(d->args.value(1), d->where) : QString();
        step(QStringLiteral("return %1%2").arg(code).arg(text.isEmpty() ? QString() : u' ' + text),
             d->where);
        finishReturn(code, text, d->where);
        return Flow::Done;
    }
    if (name == QLatin1String("rewrite")) {
        const QRegularExpression re(d->args.value(0));
        if (!re.isValid()) {
            note(QStringLiteral("rewrite regex does not compile: %1").arg(re.errorString()),
                 d->where);
            return Flow::Continue;
        }
        if (!regexMatch(re, m_uri))
            return Flow::Continue;
        const QString flag = d->args.value(2);
        QString replacement = d->args.value(1);
        const bool external = replacement.startsWith(QLatin1String("http://"))
                || replacement.startsWith(QLatin1String("https://"))
                || replacement.startsWith(QLatin1String("$scheme"));
        QString result = evaluate(replacement, d->where);
        QString newArgs = m_args;
        bool dropArgs = false;
        if (result.endsWith(u'?')) {
            result.chop(1);
            dropArgs = true;
        }
        if (result.contains(u'?')) {
            const QString added = result.section(u'?', 1);
            result = result.section(u'?', 0, 0);
            newArgs = dropArgs || m_args.isEmpty() ? added : added + u'&' + m_args;
        } else if (dropArgs) {
            newArgs.clear();
        }
        if (external || flag == QLatin1String("redirect") || flag == QLatin1String("permanent")) {
            const int code = flag == QLatin1String("permanent") ? 301 : 302;
            step(QStringLiteral("rewrite %1 → %2: redirect %3")
                         .arg(d->args.value(0), result)
                         .arg(code),
                 d->where);
            finishReturn(code, newArgs.isEmpty() ? result : result + u'?' + newArgs, d->where);
            return Flow::Done;
        }
        step(QStringLiteral("rewrite %1: $uri \"%2\" → \"%3\"%4")
                     .arg(d->args.value(0), m_uri, result,
                          flag.isEmpty() ? QString() : u' ' + flag),
             d->where);
        m_uri = result;
        m_args = newArgs;
        m_uriChanged = true;
        m_uriRewritten = true;
        if (level->kind != NginxLevel::Kind::Server)
            m_rewrittenInLocation = true;
        if (flag == QLatin1String("last"))
            return Flow::Last;
        if (flag == QLatin1String("break"))
            return Flow::Break;
        return Flow::Continue;
    }
    if (name == QLatin1String("if")) {
        if (!condition(d))
            return Flow::Continue;
        const NginxLevel *block = level->blockOf(d);
        if (!block)
            return Flow::Continue;
        if (level->kind != NginxLevel::Kind::Server)
            m_conf = block; // its configuration applies (if in location)
        return runRewrite(block);
    }
    return Flow::Continue;
}

Run::Flow Run::runRewrite(const NginxLevel *level)
{
    for (const NginxDirective *d : level->directives) {
        const Flow flow = runDirective(level, d);
        if (flow != Flow::Continue)
            return flow;
    }
    return Flow::Continue;
}

void Run::staticFiles()
{
    // No file exists under the root as far as the model knows.
    const NginxDirective *root = m_conf->nearest(QStringLiteral("root"));
    note(QStringLiteral("static files: no file is assumed to exist under the root"),
         root                        ? root->where
                 : m_conf->directive ? m_conf->directive->where
                                     : NginxLocation());
    const bool getLike = m_method == QLatin1String("GET") || m_method == QLatin1String("HEAD")
            || m_method == QLatin1String("POST");
    const int status = getLike ? 404 : 405; // the static module checks the method first
    special(status, m_conf->directive ? m_conf->directive->where : NginxLocation());
}

void Run::content()
{
    // limit_except: methods not listed (GET includes HEAD) get the block's access rules.
    for (const NginxLevel *level = m_conf; level; level = level->parent) {
        if (level->kind != NginxLevel::Kind::Location && level->kind != NginxLevel::Kind::If)
            break;
        for (const NginxLevel *block : level->blocks) {
            if (block->kind != NginxLevel::Kind::LimitExcept)
                continue;
            QStringList methods = block->directive->args;
            if (methods.contains(QStringLiteral("GET")))
                methods.append(QStringLiteral("HEAD"));
            if (methods.contains(m_method))
                continue;
            const NginxDirective *deny = block->nearest(QStringLiteral("deny"));
            if (deny && deny->args.value(0) == QLatin1String("all")) {
                step(QStringLiteral("limit_except %1: %2 is not listed, deny all → 403")
                             .arg(block->directive->args.join(u' '), m_method),
                     deny->where);
                special(403, deny->where);
                return;
            }
            note(QStringLiteral("limit_except without \"deny all\" is not modelled"),
                 block->directive->where);
        }
        if (level->kind == NginxLevel::Kind::Location)
            break;
    }
    for (const NginxLevel *level = m_conf; level; level = level->parent) {
        const auto denies = level->own(QStringLiteral("deny"));
        if (!denies.isEmpty() && denies.first()->args.value(0) == QLatin1String("all")
            && level->own(QStringLiteral("allow")).isEmpty()) {
            step(QStringLiteral("deny all → 403"), denies.first()->where);
            special(403, denies.first()->where);
            return;
        }
        if (!level->own(QStringLiteral("allow")).isEmpty() || !denies.isEmpty())
            break;
    }
    // The content handler: proxy_pass of this location (an `if` inside it inherits it).
    const NginxLevel *passLevel = nullptr;
    const NginxDirective *pass = nullptr;
    for (const NginxLevel *level = m_conf; level; level = level->parent) {
        const auto found = level->own(QStringLiteral("proxy_pass"));
        if (!found.isEmpty()) {
            pass = found.last();
            passLevel = level;
            break;
        }
        if (level->kind != NginxLevel::Kind::If)
            break;
    }
    if (pass) {
        proxy(pass, passLevel);
        return;
    }
    staticFiles();
}

void Run::proxy(const NginxDirective *pass, const NginxLevel *passLevel)
{
    const auto target = parseProxyPass(pass->args.value(0));
    if (!target) {
        note(QStringLiteral("proxy_pass %1: only http:// and https:// URLs are modelled")
                     .arg(pass->args.value(0)),
             pass->where);
    }
    // The URI sent upstream.
    QString uri;
    const NginxLevel *loc = passLevel;
    while (loc && loc->kind == NginxLevel::Kind::If)
        loc = loc->parent;
    if (target && target->uri && !m_rewrittenInLocation) {
        const QString uriPart = evaluate(*target->uri, pass->where);
        QString rest = m_uri;
        if (loc && loc->kind == NginxLevel::Kind::Location
            && (loc->match == NginxLevel::Match::Prefix || loc->match == NginxLevel::Match::NoRegex
                || loc->match == NginxLevel::Match::Exact)
            && m_uri.startsWith(loc->name))
            rest = m_uri.mid(loc->name.size());
        uri = uriPart + nginxEscapeUri(rest);
        if (!m_args.isEmpty())
            uri += u'?' + m_args;
        step(QStringLiteral("proxy_pass %1: the location prefix \"%2\" is replaced by \"%3\"")
                     .arg(target->url, loc ? loc->name : QString(), uriPart),
             pass->where);
    } else if (!m_uriRewritten) {
        uri = m_request.target;
        step(QStringLiteral("proxy_pass %1: the request URI is passed unchanged")
                     .arg(pass->args.value(0)),
             pass->where);
    } else {
        uri = nginxEscapeUri(m_uri);
        if (!m_args.isEmpty())
            uri += u'?' + m_args;
        step(QStringLiteral("proxy_pass %1: the rewritten URI \"%2\" is passed")
                     .arg(pass->args.value(0), uri),
             pass->where);
    }

    // The request headers: proxy_set_header (nearest level), nginx's defaults, the client's.
    HttpRequest up;
    up.method = m_method;
    up.path = uri;
    up.secure = target && target->scheme == QLatin1String("https");
    QList<QPair<QString, QString>> sets; // lower-case name, value template
    const NginxLevel *setLevel = m_conf->nearestWith({QStringLiteral("proxy_set_header")});
    QStringList setNames;
    if (setLevel) {
        for (const NginxDirective *d : setLevel->own(QStringLiteral("proxy_set_header"))) {
            const QString value = evaluate(d->args.value(1), d->where);
            setNames.append(d->args.value(0).toLower());
            if (!value.isEmpty())
                up.headers.append({d->args.value(0), value});
            step(value.isEmpty() ? QStringLiteral("proxy_set_header %1 \"\": not sent")
                                           .arg(d->args.value(0))
                                 : QStringLiteral("proxy_set_header %1: \"%2\"")
                                           .arg(d->args.value(0), value),
                 d->where);
        }
    }
    if (!setNames.contains(QStringLiteral("host"))) {
        const QString host = target ? target->proxyHost : QString();
        up.headers.append({QStringLiteral("Host"), host});
        step(QStringLiteral("no proxy_set_header Host: Django sees Host \"%1\" ($proxy_host)")
                     .arg(host),
             pass->where);
    }
    if (!setNames.contains(QStringLiteral("connection")))
        up.headers.append({QStringLiteral("Connection"), QStringLiteral("close")});
    static const QStringList dropped
            = {QStringLiteral("host"),           QStringLiteral("connection"),
               QStringLiteral("keep-alive"),     QStringLiteral("expect"),
               QStringLiteral("upgrade"),        QStringLiteral("te"),
               QStringLiteral("content-length"), QStringLiteral("transfer-encoding")};
    static const QRegularExpression validName(QStringLiteral("^[A-Za-z0-9-]+$"));
    for (const HttpHeader &h : m_request.headers) {
        const QString lower = h.name.toLower();
        if (dropped.contains(lower) || setNames.contains(lower))
            continue;
        if (!validName.match(h.name).hasMatch())
            continue; // ignore_invalid_headers on
        up.headers.append(h);
    }
    m_out.proxied = true;
    m_out.upstreamRequest = up;
    step(QStringLiteral("%1 %2 goes to the upstream").arg(up.method, up.path), pass->where);

    const NginxUpstreamResponse response = m_upstream(up);
    m_out.upstreamStatus = response.status;
    step(QStringLiteral("the upstream answers %1").arg(response.status), {}, response.status);

    const NginxDirective *intercept = m_conf->nearest(QStringLiteral("proxy_intercept_errors"));
    if (intercept && intercept->args.value(0) == QLatin1String("on") && response.status >= 300) {
        if (errorPage(response.status, true))
            return;
    }

    // Hidden headers: the defaults and proxy_hide_header, less proxy_pass_header.
    QStringList hidden = hiddenByDefault();
    if (const NginxLevel *l = m_conf->nearestWith({QStringLiteral("proxy_hide_header")})) {
        for (const NginxDirective *d : l->own(QStringLiteral("proxy_hide_header")))
            hidden.append(d->args.value(0).toLower());
    }
    if (const NginxLevel *l = m_conf->nearestWith({QStringLiteral("proxy_pass_header")})) {
        for (const NginxDirective *d : l->own(QStringLiteral("proxy_pass_header")))
            hidden.removeAll(d->args.value(0).toLower());
    }
    m_status = response.status;
    m_headers.clear();
    for (const HttpHeader &h : response.headers) {
        const QString lower = h.name.toLower();
        if (hidden.contains(lower)) {
            if (!hiddenByDefault().contains(lower))
                step(QStringLiteral("proxy_hide_header %1: the upstream's \"%2\" is dropped")
                             .arg(h.name, h.value));
            continue;
        }
        if (lower == QLatin1String("location") && !h.value.startsWith(u'/')) {
            // An absolute Location becomes nginx's own (proxy_redirect, then the header
            // filter); a relative one passes as it is (checked with the real nginx).
            m_location_header = h.value;
            continue;
        }
        m_headers.append(h);
    }
    // proxy_redirect default: the proxy_pass URL at the start of Location becomes the
    // location's prefix.
    if (!m_location_header.isEmpty() && target) {
        const NginxDirective *redirect = m_conf->nearest(QStringLiteral("proxy_redirect"));
        if (!redirect || redirect->args.value(0) == QLatin1String("default")) {
            QString from = target->url, to;
            if (target->uri && loc && loc->kind == NginxLevel::Kind::Location) {
                to = loc->name;
            } else {
                from = QStringLiteral("%1://%2/").arg(target->scheme, target->hostPort);
                to = QStringLiteral("/");
            }
            if (m_location_header.startsWith(from)) {
                const QString before = m_location_header;
                m_location_header = to + m_location_header.mid(from.size());
                step(QStringLiteral("proxy_redirect default: Location %1 → %2")
                             .arg(before, m_location_header),
                     redirect ? redirect->where : pass->where);
            }
        } else if (redirect->args.value(0) != QLatin1String("off")) {
            note(QStringLiteral("proxy_redirect with explicit rules is not modelled"),
                 redirect->where);
        }
    }
    m_finished = true;
}

void Run::headerFilter()
{
    if (m_status == 0)
        return;
    if (!m_location_header.isEmpty())
        m_headers.append({QStringLiteral("Location"), absoluteLocation(m_location_header)});
    // add_header: the nearest level that has any; without `always` only on some statuses.
    if (const NginxLevel *level = m_conf->nearestWith({QStringLiteral("add_header")})) {
        if (level != m_conf) {
            // Say which inherited headers apply, and which levels below had none.
            step(QStringLiteral("add_header inherited from the %1 level")
                         .arg(level->kind == NginxLevel::Kind::Server ? QStringLiteral("server")
                                      : level->kind == NginxLevel::Kind::Http
                                      ? QStringLiteral("http")
                                      : QStringLiteral("enclosing")),
                 level->directive ? level->directive->where : NginxLocation());
        } else if (level->parent) {
            if (const NginxLevel *outer
                = level->parent->nearestWith({QStringLiteral("add_header")})) {
                step(QStringLiteral("add_header at this level discards every add_header "
                                    "inherited from %1")
                             .arg(nginxWhere(
                                     outer->own(QStringLiteral("add_header")).first()->where)),
                     level->own(QStringLiteral("add_header")).first()->where);
            }
        }
        for (const NginxDirective *d : level->own(QStringLiteral("add_header"))) {
            const bool always = d->args.value(2) == QLatin1String("always");
            if (!always && !addHeaderStatus(m_status)) {
                step(QStringLiteral("add_header %1 without \"always\": not added to a %2")
                             .arg(d->args.value(0))
                             .arg(m_status),
                     d->where);
                continue;
            }
            const QString value = evaluate(d->args.value(1), d->where);
            if (value.isEmpty()) {
                step(QStringLiteral("add_header %1: empty value, not added").arg(d->args.value(0)),
                     d->where);
                continue;
            }
            const QString lower = d->args.value(0).toLower();
            if (lower == QLatin1String("last-modified") || lower == QLatin1String("etag"))
                m_headers.remove(lower);
            m_headers.append({d->args.value(0), value});
            step(QStringLiteral("add_header %1: \"%2\"").arg(d->args.value(0), value), d->where);
        }
    }
    // more_set_headers (headers-more): replaces or adds; "Name:" removes.
    if (const NginxLevel *level = m_conf->nearestWith({QStringLiteral("more_set_headers")})) {
        for (const NginxDirective *d : level->own(QStringLiteral("more_set_headers"))) {
            QStringList args = d->args;
            bool filtered = false;
            for (qsizetype i = 0; i < args.size(); ++i) {
                if (args.at(i) == QLatin1String("-s") || args.at(i) == QLatin1String("-t")) {
                    filtered = true;
                    args.remove(i, qMin<qsizetype>(2, args.size() - i));
                    --i;
                }
            }
            if (filtered)
                note(QStringLiteral("more_set_headers -s/-t filters are not modelled (applied "
                                    "to every response)"),
                     d->where);
            for (const QString &spec : args) {
                const qsizetype colon = spec.indexOf(u':');
                const QString name = (colon < 0 ? spec : spec.left(colon)).trimmed();
                const QString value
                        = colon < 0 ? QString() : evaluate(spec.mid(colon + 1).trimmed(), d->where);
                m_headers.remove(name);
                if (!value.isEmpty())
                    m_headers.append({name, value});
                step(QStringLiteral("more_set_headers %1: \"%2\"").arg(name, value), d->where);
            }
        }
    }
}

void Run::run()
{
    if (!m_site.errors().isEmpty()) {
        const NginxError &e = m_site.errors().first();
        m_out.error = QStringLiteral("%1 in %2:%3").arg(e.message, e.where.file).arg(e.where.line);
        return;
    }
    m_port = m_request.port > 0 ? m_request.port : nginxDefaultPort(m_site);
    m_method = m_request.method;
    m_server = selectServer();
    if (!m_server) {
        m_out.error = QStringLiteral("no server listens on port %1").arg(m_port);
        return;
    }
    m_conf = m_server;
    const QString path = m_request.target.section(u'?', 0, 0);
    m_args = m_request.target.contains(u'?') ? m_request.target.section(u'?', 1) : QString();
    const auto uri = nginxNormalizeUri(path);
    if (!uri) {
        step(QStringLiteral("the request path \"%1\" is invalid to nginx: 400").arg(path), {}, 400);
        m_status = 400;
        m_out.status = 400;
        return;
    }
    m_uri = *uri;

    Flow flow = runRewrite(m_server);
    if (!m_finished) {
        // Find the location; rewrite ... last (or a changed $uri) searches again.
        while (true) {
            if (--m_uriChanges == 0) {
                step(QStringLiteral("rewrite or internal redirection cycle"), {}, 500);
                special(500, {});
                break;
            }
            m_uriChanged = false;
            m_rewrittenInLocation = false; // a new location: its prefix is valid again
            m_location = matchLocation();
            m_conf = m_location;
            if (m_location == m_server)
                break;
            flow = runRewrite(m_location);
            if (m_finished)
                break;
            if (flow == Flow::Last || (flow == Flow::Continue && m_uriChanged))
                continue;
            break;
        }
        if (!m_finished)
            content();
    }
    headerFilter();
    m_out.status = m_status;
    m_out.headers = m_headers;
}

} // namespace

int nginxDefaultPort(const NginxSite &site)
{
    for (const NginxLevel *server : site.servers()) {
        if (!server->listens.isEmpty())
            return server->listens.first().port;
    }
    return 80;
}

NginxResponse nginxRespond(const NginxSite &site, const NginxClientRequest &request,
                           const NginxUpstream &upstream)
{
    NginxResponse out;
    Run run(site, request, upstream, out);
    run.run();
    for (const NginxNote &n : site.notModelled()) {
        bool seen = false;
        for (const NginxNote &m : std::as_const(out.notModelled))
            seen = seen || (m.text == n.text && m.where.line == n.where.line);
        if (!seen)
            out.notModelled.append(n);
    }
    return out;
}

} // namespace Cors
