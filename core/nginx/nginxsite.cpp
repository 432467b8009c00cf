// SPDX-License-Identifier: MIT
#include "nginx/nginxsite.h"

#include <QHash>

namespace Cors {

namespace {

// Where a directive may appear, as nginx's NGX_*_CONF flags say for the directives the model
// knows (checked so that `"listen" directive is not allowed here` comes out like nginx -t).
enum Context : unsigned {
    Main = 1,
    Http = 2,
    Server = 4,
    Location = 8,
    IfServer = 16,
    IfLocation = 32,
    LimitExcept = 64,
    AnyHttp = Http | Server | Location,
};

struct Known
{
    unsigned contexts;
    int minArgs;
    int maxArgs; // -1: any
    bool modelled;
};

const QHash<QString, Known> &knownDirectives()
{
    static const QHash<QString, Known> table = {
            {QStringLiteral("http"), {Main, 0, 0, true}},
            {QStringLiteral("events"), {Main, 0, 0, true}},
            {QStringLiteral("server"), {Http, 0, 0, true}},
            {QStringLiteral("listen"), {Server, 1, -1, true}},
            {QStringLiteral("server_name"), {Server, 1, -1, true}},
            {QStringLiteral("location"), {Server | Location, 1, 2, true}},
            {QStringLiteral("map"), {Http, 2, 2, true}},
            {QStringLiteral("upstream"), {Http, 1, 1, true}},
            {QStringLiteral("if"), {Server | Location, 1, -1, true}},
            {QStringLiteral("limit_except"), {Location, 1, -1, true}},
            {QStringLiteral("set"), {Server | Location | IfServer | IfLocation, 2, 2, true}},
            {QStringLiteral("return"), {Server | Location | IfServer | IfLocation, 1, 2, true}},
            {QStringLiteral("rewrite"), {Server | Location | IfServer | IfLocation, 2, 3, true}},
            {QStringLiteral("break"), {Server | Location | IfServer | IfLocation, 0, 0, true}},
            {QStringLiteral("add_header"), {AnyHttp | IfLocation, 2, 3, true}},
            {QStringLiteral("more_set_headers"), {AnyHttp | IfLocation, 1, -1, true}},
            {QStringLiteral("proxy_pass"), {Location | IfLocation | LimitExcept, 1, 1, true}},
            {QStringLiteral("proxy_set_header"), {AnyHttp, 2, 2, true}},
            {QStringLiteral("proxy_hide_header"), {AnyHttp, 1, 1, true}},
            {QStringLiteral("proxy_pass_header"), {AnyHttp, 1, 1, true}},
            {QStringLiteral("proxy_intercept_errors"), {AnyHttp, 1, 1, true}},
            {QStringLiteral("proxy_redirect"), {AnyHttp, 1, 2, true}},
            {QStringLiteral("error_page"), {AnyHttp | IfLocation, 2, -1, true}},
            {QStringLiteral("port_in_redirect"), {AnyHttp, 1, 1, true}},
            {QStringLiteral("absolute_redirect"), {AnyHttp, 1, 1, true}},
            {QStringLiteral("server_name_in_redirect"), {AnyHttp, 1, 1, true}},
            {QStringLiteral("deny"), {AnyHttp | LimitExcept, 1, 1, true}},
            {QStringLiteral("allow"), {AnyHttp | LimitExcept, 1, 1, true}},
            {QStringLiteral("root"), {AnyHttp | IfLocation, 1, 1, true}},
            {QStringLiteral("index"), {AnyHttp, 1, -1, true}},
    };
    return table;
}

// Directives with no effect on the status or headers the model answers (logging, buffers,
// timeouts, TLS, process settings): read and ignored without a note.
bool isIrrelevant(const QString &name)
{
    static const QStringList names = {
            QStringLiteral("user"),
            QStringLiteral("worker_processes"),
            QStringLiteral("worker_connections"),
            QStringLiteral("worker_rlimit_nofile"),
            QStringLiteral("multi_accept"),
            QStringLiteral("use"),
            QStringLiteral("pid"),
            QStringLiteral("daemon"),
            QStringLiteral("master_process"),
            QStringLiteral("load_module"),
            QStringLiteral("include"),
            QStringLiteral("error_log"),
            QStringLiteral("access_log"),
            QStringLiteral("log_format"),
            QStringLiteral("sendfile"),
            QStringLiteral("tcp_nopush"),
            QStringLiteral("tcp_nodelay"),
            QStringLiteral("keepalive_timeout"),
            QStringLiteral("keepalive_requests"),
            QStringLiteral("types_hash_max_size"),
            QStringLiteral("server_names_hash_bucket_size"),
            QStringLiteral("server_names_hash_max_size"),
            QStringLiteral("map_hash_bucket_size"),
            QStringLiteral("map_hash_max_size"),
            QStringLiteral("types"),
            QStringLiteral("default_type"),
            QStringLiteral("server_tokens"),
            QStringLiteral("client_body_temp_path"),
            QStringLiteral("proxy_temp_path"),
            QStringLiteral("fastcgi_temp_path"),
            QStringLiteral("uwsgi_temp_path"),
            QStringLiteral("scgi_temp_path"),
            QStringLiteral("client_max_body_size"),
            QStringLiteral("client_body_buffer_size"),
            QStringLiteral("proxy_connect_timeout"),
            QStringLiteral("proxy_read_timeout"),
            QStringLiteral("proxy_send_timeout"),
            QStringLiteral("proxy_buffering"),
            QStringLiteral("proxy_buffers"),
            QStringLiteral("proxy_buffer_size"),
            QStringLiteral("proxy_http_version"),
            QStringLiteral("send_timeout"),
            QStringLiteral("ssl_certificate"),
            QStringLiteral("ssl_certificate_key"),
            QStringLiteral("ssl_protocols"),
            QStringLiteral("ssl_ciphers"),
            QStringLiteral("ssl_prefer_server_ciphers"),
            QStringLiteral("ssl_session_cache"),
            QStringLiteral("ssl_session_timeout"),
            QStringLiteral("gzip"),
            QStringLiteral("charset"),
    };
    return names.contains(name);
}

unsigned contextOf(const NginxLevel *level)
{
    if (!level)
        return Main;
    switch (level->kind) {
    case NginxLevel::Kind::Http:
        return Http;
    case NginxLevel::Kind::Server:
        return Server;
    case NginxLevel::Kind::Location:
        return Location;
    case NginxLevel::Kind::LimitExcept:
        return LimitExcept;
    case NginxLevel::Kind::If:
        return level->parent && level->parent->kind == NginxLevel::Kind::Server ? IfServer
                                                                                : IfLocation;
    }
    return Main;
}

} // namespace

QString nginxWhere(const NginxLocation &where)
{
    return QStringLiteral("%1:%2").arg(where.file).arg(where.line);
}

QString nginxErrorText(const NginxError &error)
{
    const NginxLocation &w = error.where;
    if (w.line <= 0)
        return QStringLiteral("nginx: [emerg] %1").arg(error.message);
    const QString where = w.column > 0
            ? QStringLiteral("%1:%2:%3").arg(w.file).arg(w.line).arg(w.column)
            : QStringLiteral("%1:%2").arg(w.file).arg(w.line);
    return QStringLiteral("nginx: [emerg] %1 in %2").arg(error.message, where);
}

QList<const NginxDirective *> NginxLevel::own(const QString &name) const
{
    QList<const NginxDirective *> out;
    for (const NginxDirective *d : directives) {
        if (d->name == name)
            out.append(d);
    }
    return out;
}

const NginxLevel *NginxLevel::nearestWith(const QStringList &names) const
{
    for (const NginxLevel *level = this; level; level = level->parent) {
        for (const NginxDirective *d : level->directives) {
            if (names.contains(d->name))
                return level;
        }
    }
    return nullptr;
}

const NginxDirective *NginxLevel::nearest(const QString &name) const
{
    for (const NginxLevel *level = this; level; level = level->parent) {
        const auto found = level->own(name);
        if (!found.isEmpty())
            return found.last();
    }
    return nullptr;
}

const NginxLevel *NginxLevel::blockOf(const NginxDirective *d) const
{
    for (const NginxLevel *b : blocks) {
        if (b->directive == d)
            return b;
    }
    for (const NginxLevel *b : locations) {
        if (b->directive == d)
            return b;
    }
    return nullptr;
}

NginxSite::NginxSite(const NginxConfig &config)
    : m_config(config)
{
    m_errors = m_config.errors;
    auto http = std::make_unique<NginxLevel>();
    m_http = http.get();
    m_levels.push_back(std::move(http));
    if (!m_errors.isEmpty())
        return;
    // A whole nginx.conf has an http block; a site file (sites-enabled/) is the http context's
    // content itself.
    const NginxDirective *httpBlock = nullptr;
    bool mainContext = false;
    for (const NginxDirective &d : std::as_const(m_config.directives)) {
        if (d.name == QLatin1String("http") || d.name == QLatin1String("events"))
            mainContext = true;
        if (d.name == QLatin1String("http") && !httpBlock)
            httpBlock = &d;
    }
    if (mainContext) {
        for (const NginxDirective &d : std::as_const(m_config.directives))
            checkDirective(d, nullptr);
        if (!m_errors.isEmpty())
            return;
        if (httpBlock) {
            m_http->directive = httpBlock;
            buildHttp(httpBlock->block, m_http);
        }
    } else {
        buildHttp(m_config.directives, m_http);
    }
    if (m_servers.isEmpty() && m_errors.isEmpty())
        m_notModelled.append({QStringLiteral("no server block: nginx answers nothing the model "
                                             "knows"),
                              {}});
}

const NginxMap *NginxSite::mapFor(const QString &variable) const
{
    for (const NginxMap &m : m_maps) {
        if (m.variable == variable)
            return &m;
    }
    return nullptr;
}

void NginxSite::error(const QString &message, const NginxLocation &where)
{
    if (m_errors.isEmpty()) // nginx stops at the first error
        m_errors.append({message, where});
}

void NginxSite::checkDirective(const NginxDirective &d, const NginxLevel *level)
{
    const unsigned context = contextOf(level);
    const auto known = knownDirectives().constFind(d.name);
    if (known != knownDirectives().constEnd()) {
        if (!(known->contexts & context)) {
            error(QStringLiteral("\"%1\" directive is not allowed here").arg(d.name), d.where);
            return;
        }
        const int n = int(d.args.size());
        if (n < known->minArgs || (known->maxArgs >= 0 && n > known->maxArgs)) {
            error(QStringLiteral("invalid number of arguments in \"%1\" directive").arg(d.name),
                  d.where);
            return;
        }
        return;
    }
    if (context == Main || isIrrelevant(d.name))
        return;
    m_notModelled.append({QStringLiteral("\"%1\" is not modelled").arg(d.name), d.where});
}

void NginxSite::buildHttp(const QList<NginxDirective> &directives, NginxLevel *level)
{
    for (const NginxDirective &d : directives) {
        checkDirective(d, level);
        if (!m_errors.isEmpty())
            return;
        if (d.name == QLatin1String("server")) {
            NginxLevel *server = buildLevel(d, NginxLevel::Kind::Server, level);
            if (!server)
                return;
            if (server->listens.isEmpty())
                server->listens.append({QString(), 80, false, d.where});
            m_servers.append(server);
        } else if (d.name == QLatin1String("map")) {
            buildMap(d);
        } else if (d.name == QLatin1String("upstream")) {
            m_upstreams.append(d.args.value(0));
        } else if (!d.hasBlock) {
            level->directives.append(&d);
        }
    }
}

NginxLevel *NginxSite::buildLevel(const NginxDirective &d, NginxLevel::Kind kind,
                                  NginxLevel *parent)
{
    auto owned = std::make_unique<NginxLevel>();
    NginxLevel *level = owned.get();
    m_levels.push_back(std::move(owned));
    level->kind = kind;
    level->directive = &d;
    level->parent = parent;

    if (kind == NginxLevel::Kind::Location) {
        QString mod, uri;
        if (d.args.size() == 2) {
            mod = d.args.at(0);
            uri = d.args.at(1);
        } else {
            uri = d.args.value(0);
            for (const QString &m : {QStringLiteral("="), QStringLiteral("^~"),
                                     QStringLiteral("~*"), QStringLiteral("~")}) {
                if (uri.startsWith(m) && uri.size() > m.size()) {
                    mod = m;
                    uri = uri.mid(m.size());
                    break;
                }
            }
        }
        level->name = uri;
        if (mod == QLatin1String("="))
            level->match = NginxLevel::Match::Exact;
        else if (mod == QLatin1String("^~"))
            level->match = NginxLevel::Match::NoRegex;
        else if (mod == QLatin1String("~") || mod == QLatin1String("~*"))
            level->match
                    = mod.size() == 1 ? NginxLevel::Match::Regex : NginxLevel::Match::RegexCaseless;
        else if (mod.isEmpty() && uri.startsWith(u'@'))
            level->match = NginxLevel::Match::Named;
        else if (mod.isEmpty())
            level->match = NginxLevel::Match::Prefix;
        else {
            error(QStringLiteral("invalid location modifier \"%1\"").arg(mod), d.where);
            return nullptr;
        }
        if (level->match == NginxLevel::Match::Regex
            || level->match == NginxLevel::Match::RegexCaseless) {
            level->regex.setPattern(uri);
            if (level->match == NginxLevel::Match::RegexCaseless)
                level->regex.setPatternOptions(QRegularExpression::CaseInsensitiveOption);
            if (!level->regex.isValid()) {
                error(QStringLiteral("pcre2_compile() failed: %1 in \"%2\"")
                              .arg(level->regex.errorString(), uri),
                      d.where);
                return nullptr;
            }
        }
        if (parent->kind == NginxLevel::Kind::Location) {
            if (parent->match == NginxLevel::Match::Exact) {
                error(QStringLiteral("location \"%1\" cannot be inside the exact location \"%2\"")
                              .arg(uri, parent->name),
                      d.where);
                return nullptr;
            }
            if (level->match == NginxLevel::Match::Named) {
                error(QStringLiteral("named location \"%1\" can be on the server level only")
                              .arg(uri),
                      d.where);
                return nullptr;
            }
            const bool parentRegex = parent->match == NginxLevel::Match::Regex
                    || parent->match == NginxLevel::Match::RegexCaseless;
            const bool prefixLike = level->match == NginxLevel::Match::Prefix
                    || level->match == NginxLevel::Match::Exact
                    || level->match == NginxLevel::Match::NoRegex;
            if (!parentRegex && prefixLike && !uri.startsWith(parent->name)) {
                error(QStringLiteral("location \"%1\" is outside location \"%2\"")
                              .arg(uri, parent->name),
                      d.where);
                return nullptr;
            }
        }
    }

    for (const NginxDirective &child : d.block) {
        checkDirective(child, level);
        if (!m_errors.isEmpty())
            return nullptr;
        if (child.name == QLatin1String("location")) {
            NginxLevel *loc = buildLevel(child, NginxLevel::Kind::Location, level);
            if (!loc)
                return nullptr;
            level->locations.append(loc);
        } else if (child.name == QLatin1String("if")) {
            NginxLevel *block = buildLevel(child, NginxLevel::Kind::If, level);
            if (!block)
                return nullptr;
            level->blocks.append(block);
            level->directives.append(&child); // runs in order with the other rewrite directives
        } else if (child.name == QLatin1String("limit_except")) {
            NginxLevel *block = buildLevel(child, NginxLevel::Kind::LimitExcept, level);
            if (!block)
                return nullptr;
            level->blocks.append(block);
            level->directives.append(&child);
        } else if (child.hasBlock) {
            m_notModelled.append(
                    {QStringLiteral("block \"%1\" is not modelled").arg(child.name), child.where});
        } else {
            level->directives.append(&child);
            if (child.name == QLatin1String("listen") && kind == NginxLevel::Kind::Server) {
                NginxLevel::Listen listen;
                listen.where = child.where;
                QString addr = child.args.value(0);
                if (addr.startsWith(QLatin1String("unix:"))) {
                    m_notModelled.append({QStringLiteral("listen on a UNIX socket is not modelled"),
                                          child.where});
                    continue;
                }
                QString port;
                if (addr.startsWith(u'[')) {
                    const qsizetype close = addr.indexOf(u']');
                    port = addr.mid(close + 1).startsWith(u':') ? addr.mid(close + 2) : QString();
                    addr = addr.left(close + 1);
                } else if (addr.contains(u':')) {
                    port = addr.section(u':', -1);
                    addr = addr.section(u':', 0, -2);
                } else if (!addr.isEmpty() && addr.at(0).isDigit() && !addr.contains(u'.')) {
                    port = addr;
                    addr.clear();
                }
                if (addr == QLatin1String("*") || addr == QLatin1String("0.0.0.0")
                    || addr == QLatin1String("[::]"))
                    addr.clear();
                bool ok = true;
                listen.port = port.isEmpty() ? 80 : port.toInt(&ok);
                if (!ok || listen.port <= 0 || listen.port > 65535) {
                    error(QStringLiteral("invalid port in \"%1\" of the \"listen\" directive")
                                  .arg(child.args.value(0)),
                          child.where);
                    return nullptr;
                }
                listen.address = addr;
                for (const QString &flag : child.args.mid(1)) {
                    if (flag == QLatin1String("default_server") || flag == QLatin1String("default"))
                        listen.defaultServer = true;
                    else if (flag == QLatin1String("ssl")
                             || flag == QLatin1String("proxy_protocol"))
                        m_notModelled.append(
                                {QStringLiteral("listen %1 is not modelled (plain HTTP assumed)")
                                         .arg(flag),
                                 child.where});
                }
                level->listens.append(listen);
            } else if (child.name == QLatin1String("server_name")
                       && kind == NginxLevel::Kind::Server) {
                for (const QString &n : child.args)
                    level->serverNames.append(n.startsWith(u'~') ? n : n.toLower());
            } else if (child.name == QLatin1String("proxy_pass")
                       && child.args.value(0).contains(u'$')) {
                m_notModelled.append({QStringLiteral("proxy_pass with variables: the upstream "
                                                     "address is not evaluated"),
                                      child.where});
            } else if ((child.name == QLatin1String("deny") || child.name == QLatin1String("allow"))
                       && child.args.value(0) != QLatin1String("all")) {
                m_notModelled.append(
                        {QStringLiteral("%1 %2: client addresses are not modelled (the client "
                                        "is taken as 127.0.0.1)")
                                 .arg(child.name, child.args.value(0)),
                         child.where});
            }
        }
    }
    return level;
}

void NginxSite::buildMap(const NginxDirective &d)
{
    NginxMap map;
    map.directive = &d;
    map.source = d.args.value(0);
    map.variable = d.args.value(1);
    if (!map.variable.startsWith(u'$')) {
        error(QStringLiteral("invalid variable name \"%1\"").arg(map.variable), d.where);
        return;
    }
    map.variable = map.variable.mid(1);
    QList<NginxMap::Entry> regexes;
    for (const NginxDirective &e : d.block) {
        if (e.name == QLatin1String("hostnames") && e.args.isEmpty()) {
            map.hostnames = true;
            continue;
        }
        if (e.name == QLatin1String("volatile") && e.args.isEmpty())
            continue;
        if (e.name == QLatin1String("include")) {
            m_notModelled.append({QStringLiteral("include inside map is not modelled"), e.where});
            continue;
        }
        if (e.args.size() != 1 || e.hasBlock) {
            error(QStringLiteral("invalid number of the map parameters"), e.where);
            return;
        }
        NginxMap::Entry entry;
        entry.key = e.name;
        entry.value = e.args.at(0);
        entry.where = e.where;
        if (e.name == QLatin1String("default")) {
            map.defaultEntry = entry;
            continue;
        }
        if (entry.key.startsWith(u'~')) {
            entry.regex = true;
            QString pattern = entry.key.mid(1);
            QRegularExpression::PatternOptions options;
            if (pattern.startsWith(u'*')) {
                pattern = pattern.mid(1);
                options |= QRegularExpression::CaseInsensitiveOption;
            }
            entry.compiled = QRegularExpression(pattern, options);
            if (!entry.compiled.isValid()) {
                error(QStringLiteral("pcre2_compile() failed: %1 in \"%2\"")
                              .arg(entry.compiled.errorString(), pattern),
                      e.where);
                return;
            }
            regexes.append(entry);
            continue;
        }
        if (entry.key.startsWith(u'\\'))
            entry.key = entry.key.mid(1);
        entry.key = entry.key.toLower();
        map.entries.append(entry);
    }
    map.entries += regexes;
    m_maps.append(map);
}

} // namespace Cors
