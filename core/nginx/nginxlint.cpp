// SPDX-License-Identifier: MIT
#include "nginx/nginxlint.h"

#include "nginx/nginxroutes.h"
#include "nginx/proxiedstack.h"

#include <QRegularExpression>
#include <QUrl>

namespace Cors {

namespace {

bool isCorsHeader(const QString &name)
{
    return name.startsWith(QLatin1String("access-control-"), Qt::CaseInsensitive);
}

void walk(const NginxLevel *level, const std::function<void(const NginxLevel *)> &visit)
{
    visit(level);
    for (const NginxLevel *l : level->locations)
        walk(l, visit);
    for (const NginxLevel *b : level->blocks)
        walk(b, visit);
}

// A literal an unanchored origin regex was probably meant to match exactly.
QString literalOf(QString pattern)
{
    if (pattern.startsWith(u'^'))
        pattern = pattern.mid(1);
    if (pattern.endsWith(u'$'))
        pattern.chop(1);
    pattern.replace(QStringLiteral("\\."), QStringLiteral("."));
    pattern.replace(QStringLiteral("\\/"), QStringLiteral("/"));
    return pattern;
}

void checkRegex(QList<NginxFinding> &out, const QString &pattern, bool caseless,
                const NginxLocation &where, const QString &what)
{
    if (pattern.endsWith(u'$') || pattern.endsWith(QLatin1String("\\z")))
        return;
    const QString literal = literalOf(pattern);
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z0-9:/._-]+$"));
    if (!plain.match(literal).hasMatch())
        return;
    const QString attacker = literal + QStringLiteral(".evil.example");
    const QRegularExpression re(pattern,
                                caseless ? QRegularExpression::CaseInsensitiveOption
                                         : QRegularExpression::NoPatternOption);
    if (!re.isValid() || !re.match(attacker).hasMatch())
        return;
    out.append({QStringLiteral("nginx-regex-unanchored"), true,
                QStringLiteral("%1 %2 has no $ at its end: the origin %3 matches it")
                        .arg(what, pattern, attacker),
                QStringLiteral("anchor it: ^%1$")
                        .arg(QString(literal).replace(u'.', QStringLiteral("\\."))),
                where, QStringLiteral("GET with Origin: %1").arg(attacker)});
}

} // namespace

QList<NginxFinding> lintNginx(const NginxSite &site, const DjangoStack *stack,
                              const CorsEngine &engine, const QString &origin,
                              const QStringList &paths)
{
    QList<NginxFinding> out;
    const QList<const NginxLevel *> servers = site.servers();
    for (const NginxLevel *server : servers) {
        walk(server, [&](const NginxLevel *level) {
            for (const NginxDirective *d : level->own(QStringLiteral("add_header"))) {
                const QString name = d->args.value(0);
                if (!isCorsHeader(name))
                    continue;
                if (d->args.value(2) != QLatin1String("always"))
                    out.append(
                            {QStringLiteral("nginx-add-header-without-always"), false,
                             QStringLiteral("add_header %1 without \"always\": nginx leaves "
                                            "it out of 4xx and 5xx responses, and the "
                                            "browser then hides the error from the script")
                                     .arg(name),
                             QStringLiteral("add_header %1 %2 always;").arg(name, d->args.value(1)),
                             d->where, QStringLiteral("any request answered 404 or 500")});
                if (name.compare(QLatin1String("access-control-allow-origin"), Qt::CaseInsensitive)
                            == 0
                    && d->args.value(1).contains(QLatin1String("$http_origin"))) {
                    bool checked = false;
                    for (const NginxLevel *l = level; l; l = l->parent) {
                        if (l->kind == NginxLevel::Kind::If)
                            checked = true; // a condition decides (perhaps through set)
                    }
                    if (!checked)
                        out.append({QStringLiteral("nginx-origin-reflected"), true,
                                    QStringLiteral("Access-Control-Allow-Origin reflects "
                                                   "$http_origin without a check: every origin "
                                                   "is allowed"),
                                    QStringLiteral("use a map of the allowed origins (anchored "
                                                   "regexes or exact names) and add its "
                                                   "variable instead"),
                                    d->where,
                                    QStringLiteral("GET with Origin: https://evil.example")});
                }
            }
            // A level with its own add_header loses every inherited CORS header.
            const auto own = level->own(QStringLiteral("add_header"));
            if (!own.isEmpty() && level->parent) {
                if (const NginxLevel *outer
                    = level->parent->nearestWith({QStringLiteral("add_header")})) {
                    QStringList ownNames;
                    for (const NginxDirective *d : own)
                        ownNames.append(d->args.value(0).toLower());
                    for (const NginxDirective *d : outer->own(QStringLiteral("add_header"))) {
                        if (isCorsHeader(d->args.value(0))
                            && !ownNames.contains(d->args.value(0).toLower()))
                            out.append({QStringLiteral("nginx-inherited-headers-lost"), false,
                                        QStringLiteral("add_header here discards the inherited "
                                                       "add_header %1 (%2): responses from "
                                                       "this block do not carry it")
                                                .arg(d->args.value(0), nginxWhere(d->where)),
                                        QStringLiteral("repeat add_header %1 in this block, or "
                                                       "move every add_header to one level")
                                                .arg(d->args.value(0)),
                                        own.first()->where, QString()});
                    }
                }
            }
            for (const NginxDirective *d : level->own(QStringLiteral("proxy_hide_header"))) {
                if (isCorsHeader(d->args.value(0)))
                    out.append({QStringLiteral("nginx-upstream-cors-hidden"), false,
                                QStringLiteral("proxy_hide_header %1 removes the header "
                                               "django-cors-headers sends")
                                        .arg(d->args.value(0)),
                                QStringLiteral("remove it unless nginx answers CORS itself "
                                               "(then keep Django silent)"),
                                d->where, QString()});
            }
            for (const NginxDirective *d : level->own(QStringLiteral("if"))) {
                const QStringList &a = d->args;
                for (qsizetype i = 0; i + 1 < a.size(); ++i) {
                    if ((a.at(i) == QLatin1String("~") || a.at(i) == QLatin1String("~*"))
                        && a.join(u' ').contains(QLatin1String("$http_origin"))) {
                        QString pattern = a.at(i + 1);
                        if (pattern.endsWith(u')') && i + 2 == a.size())
                            pattern.chop(1);
                        checkRegex(out, pattern, a.at(i).size() == 2, d->where,
                                   QStringLiteral("the if regex"));
                    }
                }
            }
        });
    }
    for (const NginxMap &map : site.maps()) {
        if (!map.source.contains(QLatin1String("$http_origin")))
            continue;
        for (const NginxMap::Entry &e : map.entries) {
            if (e.regex)
                checkRegex(out, e.compiled.pattern(),
                           e.compiled.patternOptions() & QRegularExpression::CaseInsensitiveOption,
                           e.where, QStringLiteral("the map regex"));
        }
    }
    // Duplicates between the layers: send requests through the model.
    for (const QString &path : paths) {
        for (const bool preflight : {false, true}) {
            HttpRequest request;
            request.method = preflight ? QStringLiteral("OPTIONS") : QStringLiteral("GET");
            request.path = path;
            request.headers.append({QStringLiteral("Origin"), origin});
            if (preflight)
                request.headers.append(
                        {QStringLiteral("Access-Control-Request-Method"), QStringLiteral("GET")});
            const ProxiedResponse r = respondThroughNginx(site, request, stack, engine, true);
            for (const QString &name : {QStringLiteral("Access-Control-Allow-Origin"),
                                        QStringLiteral("Access-Control-Allow-Credentials")}) {
                int count = 0;
                for (const HttpHeader &h : r.nginx.headers)
                    count += h.name.compare(name, Qt::CaseInsensitive) == 0;
                if (count < 2)
                    continue;
                NginxLocation where;
                for (const NginxStep &s : r.nginx.steps) {
                    if (s.text.startsWith(QStringLiteral("add_header %1").arg(name),
                                          Qt::CaseInsensitive))
                        where = s.where;
                }
                const QString id = QStringLiteral("nginx-duplicate-") + name.mid(15).toLower();
                bool seen = false;
                for (const NginxFinding &f : std::as_const(out))
                    seen = seen || (f.id == id && f.where.line == where.line);
                if (seen)
                    continue;
                out.append({id, true,
                            QStringLiteral("nginx and Django both send %1: the browser sees "
                                           "several values and refuses the response")
                                    .arg(name),
                            QStringLiteral("let one layer do CORS: remove the add_header, or "
                                           "proxy_hide_header %1 and keep nginx's")
                                    .arg(name),
                            where,
                            QStringLiteral("%1 %2 with Origin: %3")
                                    .arg(request.method, path, origin)});
            }
        }
    }
    // Preflights nginx answers itself: every header CorsMiddleware would send for the policy
    // must be there, or the browser refuses what the policy allows.
    for (const QString &path : paths) {
        HttpRequest request;
        request.method = QStringLiteral("OPTIONS");
        request.path = path;
        request.headers = {
                {QStringLiteral("Origin"), origin},
                {QStringLiteral("Access-Control-Request-Method"), QStringLiteral("PUT")},
                {QStringLiteral("Access-Control-Request-Headers"), QStringLiteral("content-type")}};
        const ProxiedResponse r = respondThroughNginx(site, request, stack, engine, true);
        if (r.nginx.proxied || r.nginx.status == 0 || !r.nginx.error.isEmpty())
            continue;
        HttpRequest direct = request;
        const EngineResponse policy = engine.respond(direct, {}, false);
        QStringList missing;
        for (const HttpHeader &h : policy.corsHeaders) {
            if (h.name.startsWith(QLatin1String("access-control-allow-"), Qt::CaseInsensitive)
                && !r.nginx.headers.contains(h.name))
                missing.append(h.name);
        }
        if (missing.isEmpty())
            continue;
        NginxLocation where;
        for (const NginxStep &s : r.nginx.steps) {
            if (s.text.startsWith(QLatin1String("return")) || s.status > 0)
                where = s.where;
        }
        out.append({QStringLiteral("nginx-preflight-missing-headers"), true,
                    QStringLiteral("nginx answers the preflight itself (%1) without %2, which "
                                   "the policy sends: the browser refuses a request the policy "
                                   "allows")
                            .arg(r.nginx.status)
                            .arg(missing.join(QStringLiteral(", "))),
                    QStringLiteral("add them with `always` where nginx answers, or let the "
                                   "preflight reach Django"),
                    where,
                    QStringLiteral("OPTIONS %1 with Origin: %2, Access-Control-Request-Method: "
                                   "PUT, Access-Control-Request-Headers: content-type")
                            .arg(path, origin)});
        break;
    }
    // A reflected or regex-admitted origin is an error only where the model shows nginx
    // sending it back; the request then names that path.
    for (NginxFinding &f : out) {
        const QString prefix = QStringLiteral("GET with Origin: ");
        if (!f.request.startsWith(prefix))
            continue;
        const QString attacker = f.request.mid(prefix.size());
        QString proven;
        for (const QString &path : paths) {
            HttpRequest request;
            request.path = path;
            request.headers.append({QStringLiteral("Origin"), attacker});
            const ProxiedResponse r = respondThroughNginx(site, request, stack, engine, false);
            if (r.nginx.headers.value(u"Access-Control-Allow-Origin") == attacker) {
                proven = path;
                break;
            }
        }
        if (proven.isEmpty()) {
            f.error = false;
            f.request
                    = QStringLiteral("no request the model tried got it back (%1)").arg(f.request);
        } else {
            f.request = QStringLiteral("GET %1 with Origin: %2").arg(proven, attacker);
        }
    }
    return out;
}

QStringList nginxLintPaths(const QList<Route> &routes, const QList<SavedScenario> &scenarios)
{
    QStringList paths = {QStringLiteral("/")};
    for (const Route &r : routes)
        paths.append(routeSamplePath(r.path));
    for (const SavedScenario &saved : scenarios) {
        const QUrl url(saved.scenario.url);
        if (url.isValid() && !url.path(QUrl::FullyEncoded).isEmpty())
            paths.append(url.path(QUrl::FullyEncoded));
    }
    paths.removeDuplicates();
    return paths;
}

QString admittedOrigin(const CorsEngine &engine, const QStringList &candidates,
                       const QStringList &paths)
{
    const QStringList tried = paths.isEmpty() ? QStringList {QStringLiteral("/")} : paths;
    for (const QString &origin : candidates) {
        for (const QString &path : tried) {
            HttpRequest request;
            request.path = path;
            request.headers.append({QStringLiteral("Origin"), origin});
            if (engine.respond(request, {}, false)
                        .corsHeaders.contains(u"Access-Control-Allow-Origin"))
                return origin;
        }
    }
    return candidates.value(candidates.size() - 1);
}

QString nginxFindingsText(const QList<NginxFinding> &findings)
{
    QString out;
    for (const NginxFinding &f : findings) {
        out += QStringLiteral("%1: %2: %3 [%4]\n")
                       .arg(nginxWhere(f.where),
                            f.error ? QStringLiteral("error") : QStringLiteral("warning"),
                            f.message, f.id);
        if (!f.request.isEmpty())
            out += QStringLiteral("  request: %1\n").arg(f.request);
        out += QStringLiteral("  fix: %1\n").arg(f.fix);
    }
    return out;
}

} // namespace Cors
