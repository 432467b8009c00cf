// SPDX-License-Identifier: MIT
// Scope and neighbours: CORS_URLS_REGEX, and the Django settings credentialed CORS depends on
// (CSRF_TRUSTED_ORIGINS, SESSION_COOKIE_SAMESITE).

#include "browser/weborigin.h"
#include "lint/linter.h"
#include "lint/lintsupport.h"
#include "lint/regexsample.h"
#include "python/pyregex.h"
#include "server/originlists.h"
#include "stack/djangostack.h"

#include <QSet>
#include <QUrl>

namespace Cors::Lint {

using Py::RegexNode;
using NodeKind = Py::RegexNode::Kind;

namespace {

// The first node of @p node that consumes a character, skipping anchors and entering groups
// and sequences; nullptr when that is not a plain node (a repeat, a class, an alternation...).
const RegexNode *firstConsumer(const RegexNode &node)
{
    switch (node.kind) {
    case NodeKind::Sequence:
        for (const RegexNode &child : node.children) {
            if (child.kind == NodeKind::Anchor || child.kind == NodeKind::Lookaround)
                continue;
            return firstConsumer(child);
        }
        return nullptr;
    case NodeKind::Group:
        return firstConsumer(node.children.front());
    case NodeKind::Literal:
    case NodeKind::Repeat:
        return &node;
    default:
        return nullptr;
    }
}

bool isWide(const RegexNode &node)
{
    return node.kind == NodeKind::Repeat && node.max > 1;
}

QList<PolicyFix> urlsRegexFix(const PyValue &value, const QString &pattern,
                              const QString &mustNotMatch, const QStringList &mustMatch)
{
    const PyValue replacement = value.kind() == PyValue::Kind::Pattern
            ? PyValue::pattern(pattern, value.patternFlags())
            : PyValue::str(pattern);
    const QList<PolicyFix> fixes {
            LintRun::fix(PolicyFix::Action::Set, SettingId::UrlsRegex, replacement,
                         tr("set CORS_URLS_REGEX = %1").arg(quoted(pattern)))};
    const Py::Regex fixed = Py::Regex::compile(pattern, replacement.patternFlags());
    if (!fixed.isSupported() || (!mustNotMatch.isEmpty() && fixed.matches(mustNotMatch)))
        return {};
    for (const QString &path : mustMatch) {
        if (!fixed.matches(path))
            return {};
    }
    return fixes;
}

void urlsRegex(LintRun &run)
{
    if (!run.isDefined(SettingId::UrlsRegex))
        return;
    const PyValue value = run.policy().effective(SettingId::UrlsRegex);
    QString error;
    const auto regex = compilePythonPattern(value, &error);
    if (!regex) {
        if (value.isStr() || value.kind() == PyValue::Kind::Pattern) {
            Finding &f = run.add("regex-syntax", SettingId::UrlsRegex);
            f.entryText = value.text();
            f.message = tr("CORS_URLS_REGEX cannot be used (%1): every request fails with a "
                           "server error.")
                                .arg(error);
            f.fixText = tr("Correct the pattern (Python's message says where).");
        }
        return; // other types are Django's E009
    }
    const auto tree = regex->syntaxTree();
    if (!tree)
        return;
    const QString pattern = regex->pattern();

    // path_info always starts with "/": a pattern whose every alternative starts with another
    // literal enables nothing.
    const auto alternatives = topLevelAlternatives(*tree);
    bool neverSlash = true;
    for (const RegexNode *alternative : alternatives) {
        const RegexNode *first = firstConsumer(*alternative);
        neverSlash = neverSlash && first && first->kind == NodeKind::Literal
                && first->codePoint != U'/' && !(first->flags & PyReFlag::IgnoreCase);
    }
    if (neverSlash) {
        Finding &f = run.add("urls-regex-never-matches", SettingId::UrlsRegex);
        f.entryText = pattern;
        f.message = tr("CORS_URLS_REGEX %1 never matches: Django's path_info always starts with "
                       "/, and re.match compares from the start.")
                            .arg(quoted(pattern));
        if (alternatives.size() == 1) {
            const RegexNode *first = firstConsumer(*alternatives.front());
            const QString withSlash = replaceSpan(pattern, first->position, 0, QStringLiteral("/"));
            const RegexSample sample = sampleRegex(*tree);
            f.fixes = urlsRegexFix(value, withSlash, QString(), {u'/' + sample.text});
            f.fixText = tr("Start the path with /: %1.").arg(quoted(withSlash));
        } else {
            f.fixText = tr("Start every alternative with /.");
        }
        return;
    }

    // Paths it enables beyond the prefix it was written for.
    bool reported = false;
    for (const auto &choices : alternativeChoices(*tree)) {
        for (const bool atLeastOne : {false, true}) {
            if (reported)
                break;
            SampleOptions options;
            options.atLeastOne = atLeastOne;
            options.choices = choices;
            const RegexSample base = sampleRegex(*tree, options);
            if (!base.ok || !base.text.startsWith(u'/'))
                continue;
            const int alternative
                    = tree->kind == NodeKind::Alternation ? base.chosen.at(tree.get()) : 0;
            const RegexNode &branch = *alternatives.at(size_t(alternative));
            const RegexNode *first = firstConsumer(branch);
            if (first && isWide(*first) && !base.text.isEmpty()) {
                const QString path = QStringLiteral("/internal") + base.text;
                if (regex->matches(path)) {
                    Finding &f = run.add("urls-regex-unanchored", SettingId::UrlsRegex);
                    f.entryText = pattern;
                    f.position = first->position;
                    f.length = first->length;
                    f.attackRequest = QStringLiteral("GET ") + path;
                    f.message = tr("CORS_URLS_REGEX %1 starts with a wildcard, so it enables %2 "
                                   "wherever it appears in the path, e.g. %3.")
                                        .arg(quoted(pattern), quoted(base.text), quoted(path));
                    const QString trimmed
                            = replaceSpan(pattern, first->position, first->length, QString());
                    f.fixes = urlsRegexFix(value, trimmed, path, {base.text});
                    f.fixText = tr("Anchor the prefix at the start: %1.").arg(quoted(trimmed));
                    reported = true;
                    continue;
                }
            }
            if (!base.text.endsWith(u'/') && !forcesEnd(branch)) {
                const QString path = base.text + QStringLiteral("-internal/");
                if (regex->matches(path)) {
                    Finding &f = run.add("urls-regex-unanchored", SettingId::UrlsRegex);
                    f.entryText = pattern;
                    f.attackRequest = QStringLiteral("GET ") + path;
                    f.message = tr("CORS_URLS_REGEX %1 is not bounded after %2 (re.match anchors "
                                   "only the start): it also enables %3.")
                                        .arg(quoted(pattern), quoted(base.text), quoted(path));
                    const QString bounded = alternatives.size() == 1
                            ? pattern + QStringLiteral("(?:/|$)")
                            : QString();
                    if (!bounded.isEmpty()) {
                        f.fixes = urlsRegexFix(value, bounded, path,
                                               {base.text, base.text + QStringLiteral("/x")});
                        f.fixText
                                = tr("End the prefix at a path boundary: %1.").arg(quoted(bounded));
                    } else {
                        f.fixText = tr("End each alternative at a path boundary: (?:/|$).");
                    }
                    reported = true;
                }
            }
        }
    }

    // The scenarios of the document show which paths are meant to be cross-origin.
    const QList<SavedScenario> &scenarios = run.context().scenarios;
    if (scenarios.isEmpty())
        return;
    QStringList paths;
    bool anyEnabled = false;
    for (const SavedScenario &saved : scenarios) {
        const QUrl url(saved.scenario.url);
        if (!url.isValid())
            continue;
        HttpRequest request;
        request.path = url.path(QUrl::FullyEncoded).isEmpty() ? QStringLiteral("/")
                                                              : url.path(QUrl::FullyEncoded);
        paths.append(request.path);
        anyEnabled = anyEnabled || run.engine().respond(request, {}, false).enabled;
    }
    if (!paths.isEmpty() && !anyEnabled) {
        Finding &f = run.add("urls-regex-no-scenario", SettingId::UrlsRegex);
        f.entryText = pattern;
        f.attackRequest = QStringLiteral("GET ") + paths.front();
        f.message = tr("CORS_URLS_REGEX %1 matches none of the %2 saved scenarios' paths (such as "
                       "%3): the middleware adds no CORS headers to any of them.")
                            .arg(quoted(pattern))
                            .arg(paths.size())
                            .arg(quoted(paths.front()));
        f.fixText = tr("Make CORS_URLS_REGEX match the paths the front end calls.");
    }
}

QString netlocOf(const WebOrigin &origin)
{
    return origin.port() == -1 ? origin.host()
                               : origin.host() + u':' + QString::number(origin.port());
}

// django.utils.http.is_same_domain
bool isSameDomain(const QString &host, const QString &rawPattern)
{
    const QString pattern = rawPattern.toLower();
    if (pattern.isEmpty())
        return false;
    return (pattern.startsWith(u'.') && (host.endsWith(pattern) || host == pattern.mid(1)))
            || pattern == host;
}

bool csrfTrusts(const LintRun &run, const WebOrigin &origin)
{
    const QString serialized = origin.serialize();
    const QString netloc = netlocOf(origin);
    for (const PyValue &entry : run.entries(SettingId::CsrfTrustedOrigins)) {
        if (!entry.isStr())
            continue;
        const QString text = entry.text();
        if (run.profile() == Profile::V4) {
            // Django 4: exact origins, or scheme://*.domain for subdomains.
            if (text == serialized)
                return true;
            if (text.contains(u'*')) {
                const QString scheme = text.section(QLatin1String("://"), 0, 0).toLower();
                const QString pattern = text.section(QLatin1String("://"), 1).remove(u'*');
                if (scheme == origin.scheme() && isSameDomain(netloc, pattern))
                    return true;
            }
        } else if (isSameDomain(netloc, text)) {
            return true; // Django 3.2: host names, ".example.com" for subdomains
        }
    }
    return false;
}

QList<WebOrigin> apiOrigins(const LintRun &run)
{
    QList<WebOrigin> out;
    for (const SavedScenario &saved : run.context().scenarios) {
        const WebOrigin origin = WebOrigin::fromUrl(QUrl(saved.scenario.url));
        if (!origin.isOpaque())
            out.append(origin);
    }
    return out;
}

void csrf(LintRun &run)
{
    if (!run.credentials() || run.allowAll())
        return;
    // With CsrfViewMiddleware in a known deployment, stack-csrf-untrusted-origin runs the
    // request through the stack model instead of this estimate.
    if (const auto &deployment = run.context().deployment; deployment
        && std::any_of(deployment->settings.middleware.cbegin(),
                       deployment->settings.middleware.cend(), [](const QString &path) {
                           return middlewareKind(path) == MiddlewareKind::Csrf;
                       }))
        return;
    const QList<WebOrigin> apis = apiOrigins(run);
    const QString csrfName = settingName(SettingId::CsrfTrustedOrigins);
    const QList<PyValue> entries = run.entries(SettingId::AllowedOrigins);
    for (int i = 0; i < entries.size(); ++i) {
        if (!entries.at(i).isStr() || entries.at(i).text() == QLatin1String("null")
            || !run.isSerializedOrigin(entries.at(i).text())
            || !run.entryAdmits(SettingId::AllowedOrigins, i, entries.at(i).text()))
            continue;
        const WebOrigin origin = *run.origin(entries.at(i).text());
        // Django 3.2 checks the Referer of secure requests only.
        if (run.profile() == Profile::V3_14 && origin.scheme() != QLatin1String("https"))
            continue;
        if (std::any_of(apis.begin(), apis.end(),
                        [&](const WebOrigin &api) { return api.isSameOrigin(origin); }))
            continue; // the API's own origin passes CSRF without being listed
        if (csrfTrusts(run, origin))
            continue;
        const QString value = run.profile() == Profile::V4 ? origin.serialize() : netlocOf(origin);
        Finding &f = run.add("csrf-untrusted-origin", SettingId::AllowedOrigins, i);
        if (!run.isListed(f))
            continue;
        f.message = tr("%1 may send credentialed requests, but it is not in %2: Django's CSRF "
                       "protection rejects its POST, PUT, PATCH and DELETE requests with 403 "
                       "(\"Origin checking failed\" or \"Referer checking failed\") unless the "
                       "view is "
                       "csrf_exempt.")
                            .arg(quoted(origin.serialize()), csrfName);
        if (run.enabledPath())
            f.attackRequest = QStringLiteral("POST ") + *run.enabledPath();
        f.fixes.append(LintRun::fix(PolicyFix::Action::AddToList, SettingId::CsrfTrustedOrigins,
                                    PyValue::str(value),
                                    tr("add %1 to %2").arg(quoted(value), csrfName)));
        f.fixText = tr("Add %1 to %2 (the two settings are independent).")
                            .arg(quoted(value), csrfName);
    }
}

void sameSite(LintRun &run)
{
    if (!run.credentials() || run.allowAll())
        return;
    const QString sameSite = run.context().sessionCookieSameSite.value_or(QStringLiteral("Lax"));
    if (sameSite.compare(QLatin1String("None"), Qt::CaseInsensitive) == 0)
        return;
    QString shown = run.context().sessionCookieSameSite ? quoted(sameSite)
                                                        : tr("\"Lax\" (Django's default)");
    if (sameSite.isEmpty()) // None or False: no attribute, and Chromium then defaults to Lax
        shown = tr("None (no SameSite attribute, which Chromium treats as \"Lax\")");
    const QList<WebOrigin> apis = apiOrigins(run);
    const QList<PyValue> entries = run.entries(SettingId::AllowedOrigins);
    if (apis.isEmpty()) {
        const bool anyOrigin
                = !entries.isEmpty() || !run.entries(SettingId::AllowedOriginRegexes).isEmpty();
        if (!anyOrigin)
            return;
        Finding &f = run.add("session-cookie-samesite", SettingId::AllowCredentials);
        f.message = tr("Credentials are on, and SESSION_COOKIE_SAMESITE is %1: browsers send the "
                       "session cookie only with requests from pages on the API's own site, so "
                       "credentialed fetch() from another site arrives logged out.")
                            .arg(shown);
        f.fixText = tr("If pages on other sites must be logged in, set SESSION_COOKIE_SAMESITE = "
                       "\"None\" and SESSION_COOKIE_SECURE = True in settings.py (and keep CSRF "
                       "protection); otherwise serve the front end from the API's site.");
        return;
    }
    // Each site once: the Public Suffix lookup is most of this rule's time on a long list.
    QSet<QString> apiSites;
    for (const WebOrigin &api : apis)
        apiSites.insert(api.site());
    for (int i = 0; i < entries.size(); ++i) {
        if (!entries.at(i).isStr() || !run.isSerializedOrigin(entries.at(i).text())
            || entries.at(i).text() == QLatin1String("null"))
            continue;
        const WebOrigin origin = *run.origin(entries.at(i).text());
        if (apiSites.contains(origin.site()))
            continue;
        Finding &f = run.add("session-cookie-samesite", SettingId::AllowedOrigins, i);
        if (!run.isListed(f))
            continue;
        f.message = tr("%1 is on another site than the API (%2), and SESSION_COOKIE_SAMESITE is "
                       "%3: its credentialed requests arrive without the session cookie.")
                            .arg(quoted(origin.serialize()), apis.front().serialize(), shown);
        f.fixText = tr("Set SESSION_COOKIE_SAMESITE = \"None\" and SESSION_COOKIE_SECURE = True in "
                       "settings.py if that page must be logged in.");
    }
}

} // namespace

void lintScope(LintRun &run)
{
    urlsRegex(run);
    csrf(run);
    sameSite(run);
}

} // namespace Cors::Lint
