// SPDX-License-Identifier: MIT
#include "lint/lintsupport.h"

#include "browser/weborigin.h"
#include "checks/entryvalidation.h"
#include "export/pythonwriter.h"
#include "lint/lintrules.h"
#include "lint/publicsuffix.h"
#include "lint/regexsample.h"
#include "python/pysemantics.h"
#include "server/originlists.h"

#include <QCoreApplication>
#include <QUrl>

#include <algorithm>
#include <array>

namespace Cors::Lint {

QString tr(const char *text)
{
    return QCoreApplication::translate("Linter", text);
}

QString quoted(const QString &text)
{
    if (text.contains(u'\\')) {
        const QString raw = pythonRawString(text);
        if (!raw.isEmpty())
            return raw;
    }
    return Py::reprString(text);
}

bool isSerializedOrigin(const QString &text)
{
    return isSerializedOrigin(text, WebOrigin::parse(text));
}

bool isSerializedOrigin(const QString &text, const std::optional<WebOrigin> &parsed)
{
    if (text.isEmpty() || text != text.trimmed())
        return false;
    return parsed && parsed->serialize() == text;
}

QString hostOfOrigin(const QString &origin)
{
    const auto parsed = WebOrigin::parse(origin);
    return parsed ? parsed->host() : QString();
}

QString schemeOfOrigin(const QString &origin)
{
    const auto parsed = WebOrigin::parse(origin);
    return parsed ? parsed->scheme() : QString();
}

namespace {

std::optional<std::array<int, 4>> ipv4(const QString &host)
{
    if (host.isEmpty() || !host.back().isDigit())
        return std::nullopt; // most hosts are names: no split needed to say so
    const QStringList parts = host.split(u'.');
    if (parts.size() != 4)
        return std::nullopt;
    std::array<int, 4> out {};
    for (int i = 0; i < 4; ++i) {
        bool ok = false;
        out[size_t(i)] = parts.at(i).toInt(&ok);
        if (!ok || out[size_t(i)] < 0 || out[size_t(i)] > 255)
            return std::nullopt;
    }
    return out;
}

} // namespace

bool isLoopbackHost(const QString &host)
{
    if (host == QLatin1String("localhost") || host.endsWith(QLatin1String(".localhost"))
        || host == QLatin1String("[::1]"))
        return true;
    const auto v4 = ipv4(host);
    return v4 && (*v4)[0] == 127;
}

bool isLocalNetworkHost(const QString &host)
{
    if (isLoopbackHost(host))
        return true;
    if (const auto v4 = ipv4(host)) {
        const int a = (*v4)[0];
        const int b = (*v4)[1];
        return a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)
                || (a == 169 && b == 254) || (a == 0);
    }
    if (host.startsWith(u'[')) {
        const QString inner = host.mid(1, host.size() - 2);
        return inner.startsWith(QLatin1String("fc")) || inner.startsWith(QLatin1String("fd"))
                || inner.startsWith(QLatin1String("fe8")) || inner.startsWith(QLatin1String("fe9"))
                || inner.startsWith(QLatin1String("fea")) || inner.startsWith(QLatin1String("feb"));
    }
    return false;
}

QString ownerOf(const QString &host)
{
    return siteOfHost(host);
}

bool isObtainable(const QString &host)
{
    if (host.isEmpty())
        return false;
    if (PublicSuffixList::isIpAddress(host))
        return true;
    if (host == QLatin1String("test") || host.endsWith(QLatin1String(".test")))
        return true;
    const PublicSuffixList::Match m = PublicSuffixList::system().match(host);
    return m.listed && !m.registrableDomain.isEmpty();
}

QString entryText(const PyValue &entry)
{
    if (entry.isStr() || entry.kind() == PyValue::Kind::Pattern)
        return entry.text();
    return Py::repr(entry);
}

LintRun::LintRun(const Policy &policy, const LintContext &context)
    : m_policy(policy)
    , m_context(context)
    , m_engine(policy)
    , m_lists(m_engine.originLists())
{
    m_credentials = Py::truthy(policy.effective(SettingId::AllowCredentials));
    m_allowAll = Py::truthy(policy.effective(SettingId::AllowAllOrigins));

    // A path the middleware handles, so that attacker origins are shown to get through on a
    // real request: "/" for the default ^.*$, else what CORS_URLS_REGEX was written to match,
    // else a path of the saved scenarios.
    QStringList candidates {QStringLiteral("/")};
    QString error;
    if (const auto regex = compilePythonPattern(policy.effective(SettingId::UrlsRegex), &error)) {
        if (const auto tree = regex->syntaxTree()) {
            for (const bool atLeastOne : {false, true}) {
                SampleOptions options;
                options.atLeastOne = atLeastOne;
                const RegexSample sample = sampleRegex(*tree, options);
                if (sample.ok && !sample.text.isEmpty())
                    candidates.append(sample.text.startsWith(u'/') ? sample.text
                                                                   : u'/' + sample.text);
            }
        }
    }
    for (const SavedScenario &saved : context.scenarios) {
        const QUrl url(saved.scenario.url);
        if (url.isValid() && !url.path(QUrl::FullyEncoded).isEmpty())
            candidates.append(url.path(QUrl::FullyEncoded));
    }
    for (const QString &path : candidates) {
        // A path with characters Django would re-encode is not worth the trouble.
        if (path.contains(u'?') || path.contains(u'#') || path.contains(u'\n'))
            continue;
        HttpRequest request;
        request.path = path;
        const EngineResponse response = m_engine.respond(request, {}, false);
        if (response.enabled && response.error.isEmpty()) {
            m_enabledPath = path;
            break;
        }
    }
    // The per-origin caches fill with every entry of the allow-list: sized once, not rehashed
    // as they grow.
    const qsizetype origins = entries(SettingId::AllowedOrigins).size();
    m_origins.reserve(origins);
    m_entryAdmits.reserve(origins);
    m_admits.reserve(origins);
}

SettingId LintRun::spelled(SettingId current) const
{
    return m_policy.effectiveSource(current).value_or(current);
}

QList<PyValue> LintRun::entries(SettingId current) const
{
    const SettingId setting = spelled(current);
    if (const auto it = m_entries.constFind(setting); it != m_entries.constEnd())
        return *it;
    return *m_entries.insert(setting, settingEntries(m_policy, setting));
}

QList<LintRun::EntrySource> LintRun::entrySources(SettingId current) const
{
    if (const auto it = m_entrySources.constFind(spelled(current)); it != m_entrySources.constEnd())
        return *it;
    QList<EntrySource> out = computeEntrySources(current);
    m_entrySources.insert(spelled(current), out);
    return out;
}

QList<LintRun::EntrySource> LintRun::computeEntrySources(SettingId current) const
{
    QList<EntrySource> out;
    const PyValue *written = m_policy.value(spelled(current));
    const qsizetype count = entries(current).size();
    if (!written) {
        out.resize(count);
        return out;
    }
    if (written->kind() != PyValue::Kind::List && written->kind() != PyValue::Kind::Tuple) {
        // A default tuple written out (default_headers) is not the user's; anything else
        // (a bare string, a set) is, but has no stable place to edit.
        const bool isDefault = written->kind() == PyValue::Kind::DefaultHeaders
                || written->kind() == PyValue::Kind::DefaultMethods;
        out.resize(count);
        for (EntrySource &source : out)
            source.written = !isDefault;
        return out;
    }
    const QList<PyValue> &items = written->items();
    for (int i = 0; i < items.size(); ++i) {
        const PyValue &item = items.at(i);
        if (item.isStarred()) {
            const bool isDefault = item.kind() == PyValue::Kind::DefaultHeaders
                    || item.kind() == PyValue::Kind::DefaultMethods;
            PyValue plain = item;
            plain.setStarred(false);
            const qsizetype spliced = Py::iterate(plain.resolved(profile()), nullptr)
                                              .value_or(QList<PyValue>())
                                              .size();
            for (qsizetype k = 0; k < spliced; ++k)
                out.append({-1, !isDefault});
        } else {
            out.append({i, true});
        }
    }
    out.resize(count);
    return out;
}

bool LintRun::isWritten(SettingId current, int index) const
{
    const QList<EntrySource> sources = entrySources(current);
    return index >= 0 && index < sources.size() && sources.at(index).written;
}

bool LintRun::admits(const QString &origin) const
{
    if (const auto it = m_admits.constFind(origin); it != m_admits.constEnd())
        return *it;
    return admits(origin, origin.isEmpty() ? std::nullopt : Py::urlsplit(origin));
}

bool LintRun::admits(const QString &origin, const std::optional<Py::SplitResult> &split) const
{
    if (const auto it = m_admits.constFind(origin); it != m_admits.constEnd())
        return *it;
    // As CorsEngine::examineOrigin decides, without building its explanation.
    bool allowed = false;
    if (!origin.isEmpty() && split) {
        if (m_allowAll) {
            allowed = true;
        } else {
            const OriginDecision decision = m_lists.decide(origin, *split);
            allowed = decision.allowed && decision.error.isEmpty();
        }
    }
    m_admits.insert(origin, allowed);
    return allowed;
}

bool LintRun::entryAdmits(SettingId current, int index, const QString &origin) const
{
    const std::pair<qint64, QString> key {(qint64(current) << 32) | quint32(index), origin};
    if (const auto it = m_entryAdmits.constFind(key); it != m_entryAdmits.constEnd())
        return *it;
    // One urlsplit for both questions: on a long list it was most of this function's time.
    const auto split = origin.isEmpty() ? std::nullopt : Py::urlsplit(origin);
    const bool admitted
            = admits(origin, split) && m_lists.entryAdmits(spelled(current), index, origin, split);
    m_entryAdmits.insert(key, admitted);
    return admitted;
}

const LintRun::ParsedOrigin &LintRun::parsedOrigin(const QString &text) const
{
    auto it = m_origins.find(text);
    if (it == m_origins.end()) {
        ParsedOrigin parsed;
        parsed.origin = WebOrigin::parse(text);
        parsed.serialized = Lint::isSerializedOrigin(text, parsed.origin);
        it = m_origins.insert(text, parsed);
    }
    return *it;
}

std::optional<WebOrigin> LintRun::origin(const QString &text) const
{
    return parsedOrigin(text).origin;
}

bool LintRun::isSerializedOrigin(const QString &text) const
{
    return parsedOrigin(text).serialized;
}

bool LintRun::reaches(const QString &origin) const
{
    if (!m_enabledPath)
        return false;
    if (const auto it = m_reaches.constFind(origin); it != m_reaches.constEnd())
        return *it;
    HttpRequest get;
    get.path = *m_enabledPath;
    get.headers.append({QStringLiteral("Origin"), origin});
    HttpRequest preflight = get;
    preflight.method = QStringLiteral("OPTIONS");
    preflight.headers.append(
            {QStringLiteral("Access-Control-Request-Method"), QStringLiteral("GET")});
    bool ok = true;
    for (const HttpRequest &request : {get, preflight}) {
        const EngineResponse response = m_engine.respond(request, {}, false);
        ok = ok && response.originAllowed
                && response.corsHeaders.contains(u"Access-Control-Allow-Origin");
    }
    m_reaches.insert(origin, ok);
    return ok;
}

void LintRun::setAttacker(Finding &finding, const QString &origin) const
{
    if (!reaches(origin))
        return;
    finding.attackerOrigin = origin;
    finding.attackRequest = QStringLiteral("GET ") + *m_enabledPath;
}

Finding &LintRun::add(const char *id, SettingId current, int entry)
{
    Finding f;
    f.id = QString::fromLatin1(id);
    if (const LintRule *rule = lintRule(f.id))
        f.severity = rule->severity;
    f.setting = spelled(current);
    f.entry = entry;
    if (entry >= 0) {
        int &listed = m_listed[std::pair(f.id, int(f.setting))];
        if (listed >= MaxEntryFindingsPerRule) {
            countUnlisted(id, current);
            m_scratch = std::move(f);
            return m_scratch;
        }
        ++listed;
        const QList<PyValue> list = entries(current);
        if (entry < list.size())
            f.entryText = entryText(list.at(entry));
    }
    m_findings.append(f);
    return m_findings.last();
}

void LintRun::countUnlisted(const char *id, SettingId current, int count)
{
    const QString rule = QString::fromLatin1(id);
    const SettingId setting = spelled(current);
    const auto same = std::find_if(m_unlisted.begin(), m_unlisted.end(), [&](const Unlisted &u) {
        return u.id == rule && u.setting == setting;
    });
    if (same == m_unlisted.end())
        m_unlisted.append({rule, setting, count});
    else
        same->count += count;
}

QList<Finding> LintRun::takeFindings()
{
    QList<Finding> out = std::move(m_findings);
    m_findings.clear();
    for (const Unlisted &u : std::as_const(m_unlisted)) {
        Finding f;
        f.id = u.id;
        const LintRule *rule = lintRule(u.id);
        if (rule)
            f.severity = rule->severity;
        f.setting = u.setting;
        f.message = QCoreApplication::translate(
                            "Linter",
                            "%n more entries of %1 have this problem too (%2): the linter lists "
                            "the first %3 one by one.",
                            nullptr, u.count)
                            .arg(settingName(u.setting), rule ? rule->title : u.id)
                            .arg(MaxEntryFindingsPerRule);
        f.fixText = tr("Fix them as the listed ones; the next lint lists those that are left.");
        out.append(f);
    }
    m_unlisted.clear();
    m_listed.clear();
    return out;
}

PolicyFix LintRun::fix(PolicyFix::Action action, SettingId current, const PyValue &value,
                       const QString &description)
{
    PolicyFix f;
    f.action = action;
    f.setting = current;
    f.value = value;
    f.description = description;
    return f;
}

QList<PolicyFix> LintRun::replaceEntry(SettingId current, int index, const PyValue &value,
                                       const QString &description) const
{
    const QList<EntrySource> sources = entrySources(current);
    if (index < 0 || index >= sources.size() || sources.at(index).writtenIndex < 0)
        return {};
    PyValue list = *m_policy.value(spelled(current));
    list.items()[sources.at(index).writtenIndex] = value;
    return {fix(PolicyFix::Action::Set, current, list, description)};
}

QList<PolicyFix> LintRun::removeEntry(SettingId current, int index,
                                      const QString &description) const
{
    const QList<EntrySource> sources = entrySources(current);
    if (index < 0 || index >= sources.size() || sources.at(index).writtenIndex < 0)
        return {};
    PyValue list = *m_policy.value(spelled(current));
    list.items().removeAt(sources.at(index).writtenIndex);
    return {fix(PolicyFix::Action::Set, current, list, description)};
}

} // namespace Cors::Lint
