// SPDX-License-Identifier: MIT
// CORS_ALLOWED_ORIGIN_REGEXES: counterexamples derived from each pattern's syntax tree.
//
// For every alternative of a pattern the linter builds a legitimate witness (regexsample.h),
// then mutates it the way an attacker would: text appended after it, a bare `.` replaced by a
// letter, a repeat or class given label-crossing text, https downgraded to http. A mutation is
// kept only if it is exactly what a browser sends as an Origin, the entry and the middleware
// admit it (the engine, i.e. django-cors-headers' behaviour), and its registrable domain is one
// an attacker can obtain and differs from the witness's. The kind of mutation that got through
// names the rule.

#include "lint/linter.h"
#include "lint/lintsupport.h"
#include "lint/publicsuffix.h"
#include "lint/regexsample.h"
#include "python/pyregex.h"
#include "server/originlists.h"

#include <QRegularExpression>
#include <QSet>

#include <map>

namespace Cors::Lint {

using Py::RegexNode;
using NodeKind = Py::RegexNode::Kind;

namespace {

constexpr SettingId Regexes = SettingId::AllowedOriginRegexes;
constexpr qsizetype MaxCandidates = 4000;

enum class Mutation { Suffix, Dot, Wildcard, Scheme };

struct Candidate
{
    QString origin;
    Mutation mutation = Mutation::Suffix;
    const RegexNode *node = nullptr;   // the `.` or the repeat that was given new text
    std::pair<int, int> span {-1, -1}; // where that text landed in origin
    QString witness;
};

// Text put where a pattern has a wildcard: what an attacker registers or controls.
const char *const WildcardTexts[] = {
        "evil",
        "evil-",
        "evil.test",
        ".evil.test",
        "x.evil.test",
        "evil.",
        "takeover",
        "takeover.",
        "https://evil.test",
        "https://x.evil.test",
        "http://evil.test",
        "https://evil",
        "https://takeover",
        "io", // a real top-level domain, for wildcards on the TLD
};
const char *const SuffixTexts[] = {".evil.test", "evil.test"};

// The host part of a witness that may not be a valid origin ("https://.example.com").
QString looseHost(const QString &text)
{
    QString rest = text;
    const qsizetype scheme = text.indexOf(QLatin1String("://"));
    if (scheme >= 0)
        rest = text.mid(scheme + 3);
    qsizetype end = rest.size();
    for (const QChar c : {u':', u'/', u'?', u'#', u'@'}) {
        const qsizetype at = rest.indexOf(c);
        if (at >= 0 && at < end)
            end = at;
    }
    // Empty labels come from repeats sampled zero times ("https://.example.com"): the domain
    // the author meant is what remains.
    QStringList labels = rest.left(end).toLower().split(u'.', Qt::SkipEmptyParts);
    return labels.join(u'.');
}

bool couldStartOrigin(const ExactString &s)
{
    if (s.endAnchored)
        return isSerializedOrigin(s.text);
    if (QStringLiteral("null").startsWith(s.text))
        return true;
    for (const char *scheme : {"http", "https", "ws", "wss", "ftp"}) {
        const QString prefix = QString::fromLatin1(scheme) + QStringLiteral("://");
        if (prefix.startsWith(s.text))
            return true;
        if (s.text.startsWith(prefix)) {
            const QString rest = s.text.mid(prefix.size());
            return std::all_of(rest.begin(), rest.end(), [](QChar c) {
                return (c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9') || c == u'.'
                        || c == u'-' || c == u':' || c == u'[' || c == u']';
            });
        }
    }
    return false;
}

const RegexNode *nextSibling(const RegexNode &root, const RegexNode *node)
{
    if (root.kind == NodeKind::Sequence) {
        for (size_t i = 0; i < root.children.size(); ++i) {
            if (&root.children.at(i) == node)
                return i + 1 < root.children.size() ? &root.children.at(i + 1) : nullptr;
        }
    }
    for (const RegexNode &child : root.children) {
        if (const RegexNode *found = nextSibling(child, node))
            return found;
    }
    return nullptr;
}

void collectBareDots(const RegexNode &node, bool repeated, std::vector<const RegexNode *> &out)
{
    if (node.kind == NodeKind::Any && !repeated)
        out.push_back(&node);
    for (const RegexNode &child : node.children)
        collectBareDots(child, node.kind == NodeKind::Repeat, out);
}

void collectOptionalS(const RegexNode &node, std::vector<const RegexNode *> &out)
{
    if (node.kind == NodeKind::Repeat && node.min == 0 && node.max == 1
        && node.children.front().kind == NodeKind::Literal
        && (node.children.front().codePoint == U's' || node.children.front().codePoint == U'S'))
        out.push_back(&node);
    for (const RegexNode &child : node.children)
        collectOptionalS(child, out);
}

/** One entry of the regex list under analysis. */
class RegexEntry
{
public:
    RegexEntry(LintRun &run, int index, const PyValue &value, const Py::Regex &regex)
        : m_run(run)
        , m_index(index)
        , m_value(value)
        , m_regex(regex)
        , m_pattern(regex.pattern())
        , m_tree(*regex.syntaxTree())
    { }

    void analyse();

private:
    void sampleAll();
    void consider(const Candidate &candidate, int alternative, const QString &witnessHost);
    bool isPublicSuffixWildcard(const Candidate &c) const;
    bool coversTopLevelDomain(const Candidate &c) const;
    void report();
    void reportStatic();
    QString groupedPattern() const;

    Finding &add(const char *id);
    PyValue withPattern(const QString &pattern) const;
    QList<PolicyFix> replacePattern(const QString &pattern, const QString &description) const;
    QList<PolicyFix> removeWithScenarioOrigins(QStringList *kept) const;
    enum class Keep { Witnesses, AddedOrigins };
    /**
     * @p fixes if they stop @p attacker and keep what they should (the pattern's legitimate
     * witnesses, or just the origins they add); otherwise none.
     */
    QList<PolicyFix> verified(const QList<PolicyFix> &fixes, const QString &attacker,
                              Keep keep = Keep::Witnesses) const;
    bool canEditText() const { return !(m_regex.flags() & PyReFlag::Verbose); }
    /**
     * Whether a missing end anchor is what lets @p origin in: the pattern anchored as a whole,
     * ^(?:...)$, refuses it. (`https://.*` stays wide open with a $: that is the wildcard.)
     */
    bool anchoringStops(const QString &origin) const
    {
        // Global inline flags must stay in front; under VERBOSE a trailing comment must not
        // swallow the closing parenthesis.
        static const QRegularExpression globalFlags(QStringLiteral("^\\(\\?[aiLmsux]+\\)"));
        const QString flags = globalFlags.match(m_pattern).captured();
        const QString body = m_pattern.mid(flags.size());
        const QString close = (m_regex.flags() & PyReFlag::Verbose) ? QStringLiteral("\n)$")
                                                                    : QStringLiteral(")$");
        const Py::Regex anchored = Py::Regex::compile(
                flags + QStringLiteral("(?:") + body + close,
                m_value.kind() == PyValue::Kind::Pattern ? m_value.patternFlags() : 0);
        return anchored.isSupported() && !anchored.matches(origin);
    }

    LintRun &m_run;
    int m_index;
    PyValue m_value;
    const Py::Regex &m_regex;
    QString m_pattern;
    const RegexNode &m_tree;

    std::vector<const RegexNode *> m_alternatives;
    std::vector<bool> m_alternativeEnds;
    bool m_ungrouped = false;

    QStringList m_witnesses;        // admitted, valid origins the pattern was written for
    QStringList m_minimalWitnesses; // those with every repeat at its minimum
    QSet<QString> m_tried;
    std::map<QString, Candidate> m_attacks; // rule id -> first counterexample
    std::optional<Candidate> m_subdomain;
    std::optional<Candidate> m_insecure;
    std::vector<const RegexNode *> m_bareDots;
};

Finding &RegexEntry::add(const char *id)
{
    return m_run.add(id, Regexes, m_index);
}

PyValue RegexEntry::withPattern(const QString &pattern) const
{
    return m_value.kind() == PyValue::Kind::Pattern
            ? PyValue::pattern(pattern, m_value.patternFlags())
            : PyValue::str(pattern);
}

QList<PolicyFix> RegexEntry::replacePattern(const QString &pattern,
                                            const QString &description) const
{
    if (!canEditText() || pattern == m_pattern)
        return {};
    return m_run.replaceEntry(Regexes, m_index, withPattern(pattern), description);
}

QList<PolicyFix> RegexEntry::removeWithScenarioOrigins(QStringList *kept) const
{
    QList<PolicyFix> fixes
            = m_run.removeEntry(Regexes, m_index, tr("remove %1").arg(quoted(m_pattern)));
    if (fixes.isEmpty())
        return fixes;
    // The scenarios show which origins the pattern is really for: keep those, exactly.
    for (const SavedScenario &saved : m_run.context().scenarios) {
        const QString origin = saved.scenario.pageOrigin;
        if (!isSerializedOrigin(origin) || origin == QLatin1String("null") || kept->contains(origin)
            || !m_regex.matches(origin))
            continue;
        kept->append(origin);
        fixes.append(LintRun::fix(
                PolicyFix::Action::AddToList, SettingId::AllowedOrigins, PyValue::str(origin),
                tr("add %1 to %2")
                        .arg(quoted(origin),
                             settingName(m_run.spelled(SettingId::AllowedOrigins)))));
    }
    return fixes;
}

QList<PolicyFix> RegexEntry::verified(const QList<PolicyFix> &fixes, const QString &attacker,
                                      Keep keep) const
{
    if (fixes.isEmpty())
        return fixes;
    const CorsEngine fixed(applyFixes(m_run.policy(), fixes));
    if (fixed.examineOrigin(attacker).allowed)
        return {};
    if (keep == Keep::Witnesses) {
        // The witnesses with every repeat at its minimum are what the pattern was written for
        // (a repeat given one iteration may itself be the hole: `.*` -> "aexample.com").
        for (const QString &witness : m_minimalWitnesses) {
            if (witness != attacker && !fixed.examineOrigin(witness).allowed)
                return {};
        }
        const bool anyKept
                = std::any_of(m_witnesses.begin(), m_witnesses.end(),
                              [&](const QString &w) { return fixed.examineOrigin(w).allowed; });
        if (!anyKept && !m_witnesses.isEmpty())
            return {};
    }
    for (const PolicyFix &fix : fixes) {
        if (fix.action == PolicyFix::Action::AddToList && fix.value.isStr()
            && !fixed.examineOrigin(fix.value.text()).allowed)
            return {};
    }
    return fixes;
}

void RegexEntry::consider(const Candidate &c, int alternative, const QString &witnessHost)
{
    if (c.origin == c.witness || !isSerializedOrigin(c.origin))
        return;
    const QString key = QString::number(int(c.mutation)) + u'\n' + c.origin;
    // Patterns with dozens of repeats and alternatives would otherwise cost seconds per edit;
    // the first few thousand mutations find what there is to find.
    if (m_tried.contains(key) || m_tried.size() >= MaxCandidates)
        return;
    m_tried.insert(key);
    if (!m_run.entryAdmits(Regexes, m_index, c.origin))
        return;
    const QString host = hostOfOrigin(c.origin);
    const QString owner = ownerOf(host);
    const QString witnessOwner = ownerOf(witnessHost);
    if (owner != witnessOwner && isObtainable(host)) {
        const char *id = nullptr;
        switch (c.mutation) {
        case Mutation::Suffix:
            id = m_alternativeEnds.at(size_t(alternative)) ? "regex-wide-wildcard"
                    : m_ungrouped                          ? "regex-ungrouped-alternation"
                                                           : "regex-unanchored-end";
            break;
        case Mutation::Dot:
            id = "regex-unescaped-dot";
            break;
        case Mutation::Wildcard:
            id = isPublicSuffixWildcard(c) ? "regex-public-suffix-wildcard" : "regex-wide-wildcard";
            break;
        case Mutation::Scheme:
            break;
        }
        if (id && !m_attacks.count(QString::fromLatin1(id)))
            m_attacks.emplace(QString::fromLatin1(id), c);
        return;
    }
    if (owner != witnessOwner)
        return;
    if (c.mutation == Mutation::Scheme) {
        const QString scheme = schemeOfOrigin(c.origin);
        if (!m_insecure && (scheme == QLatin1String("http") || scheme == QLatin1String("ws"))
            && !isLoopbackHost(host))
            m_insecure = c;
    } else if (c.mutation == Mutation::Wildcard && host != witnessHost
               && host.endsWith(u'.' + owner)) {
        const bool better = !m_subdomain
                || (host.startsWith(QLatin1String("takeover."))
                    && !hostOfOrigin(m_subdomain->origin).startsWith(QLatin1String("takeover.")));
        if (better)
            m_subdomain = c;
    }
}

bool RegexEntry::coversTopLevelDomain(const Candidate &c) const
{
    const QString host = hostOfOrigin(c.origin);
    const QString suffix = PublicSuffixList::system().publicSuffix(host);
    if (suffix.isEmpty())
        return false;
    const int hostStart = int(c.origin.indexOf(QLatin1String("://"))) + 3;
    const int suffixStart = hostStart + int(host.size() - suffix.size());
    return c.span.first <= suffixStart && c.span.second >= hostStart + int(host.size())
            && c.span.first > hostStart;
}

bool RegexEntry::isPublicSuffixWildcard(const Candidate &c) const
{
    // The suffix comes from the pattern's own text and the wildcard makes the label right above
    // it: all of it (`[a-z]+\.github\.io`, `[a-z]+\.com`), or part of it on a shared-hosting
    // suffix of the list's private section (`\w+-preview\.netlify\.app`). A wildcard in front
    // of an ICANN domain's own label (`.*example\.com`) is a missing boundary instead.
    const QString host = hostOfOrigin(c.origin);
    const PublicSuffixList::Match m = PublicSuffixList::system().match(host);
    if (m.publicSuffix.isEmpty() || m.registrableDomain.isEmpty())
        return false;
    const int hostStart = int(c.origin.indexOf(QLatin1String("://"))) + 3;
    const int suffixStart = hostStart + int(host.size() - m.publicSuffix.size());
    const int labelEnd = suffixStart - 1;
    const int labelStart = hostStart + int(host.size() - m.registrableDomain.size());
    if (c.span.second > suffixStart || c.span.first >= labelEnd || c.span.second <= labelStart)
        return false;
    const bool wholeLabel = c.span.first <= labelStart && labelEnd <= c.span.second;
    return wholeLabel || m.privateSection;
}

void RegexEntry::sampleAll()
{
    for (const auto &choices : alternativeChoices(m_tree)) {
        for (const bool atLeastOne : {false, true}) {
            SampleOptions options;
            options.atLeastOne = atLeastOne;
            options.choices = choices;
            const RegexSample base = sampleRegex(m_tree, options);
            if (!base.ok)
                continue;
            int alternative = 0;
            if (m_tree.kind == NodeKind::Alternation)
                alternative = base.chosen.at(&m_tree);
            if (isSerializedOrigin(base.text) && !m_witnesses.contains(base.text)
                && m_run.entryAdmits(Regexes, m_index, base.text)) {
                m_witnesses.append(base.text);
                if (!atLeastOne)
                    m_minimalWitnesses.append(base.text);
            }
            const QString witnessHost = looseHost(base.text);
            auto candidate = [&](const QString &origin, Mutation mutation) {
                Candidate c;
                c.origin = origin;
                c.mutation = mutation;
                c.witness = base.text;
                return c;
            };

            for (const char *suffix : SuffixTexts)
                consider(candidate(base.text + QString::fromLatin1(suffix), Mutation::Suffix),
                         alternative, witnessHost);

            for (const RegexNode *dot : base.bareDots) {
                SampleOptions mutated = options;
                mutated.overrides[dot] = QStringLiteral("x");
                const RegexSample sample = sampleRegex(m_tree, mutated);
                if (!sample.ok)
                    continue;
                Candidate c = candidate(sample.text, Mutation::Dot);
                c.node = dot;
                consider(c, alternative, witnessHost);
            }

            std::vector<const RegexNode *> repeats;
            for (const auto &[node, span] : base.spans) {
                if (node->kind == NodeKind::Repeat)
                    repeats.push_back(node);
            }
            std::sort(repeats.begin(), repeats.end(), [](const RegexNode *a, const RegexNode *b) {
                return std::pair(a->position, a->length) < std::pair(b->position, b->length);
            });
            for (const RegexNode *repeat : repeats) {
                for (const char *text : WildcardTexts) {
                    SampleOptions mutated = options;
                    mutated.overrides[repeat] = QString::fromLatin1(text);
                    const RegexSample sample = sampleRegex(m_tree, mutated);
                    if (!sample.ok)
                        continue;
                    Candidate c = candidate(sample.text, Mutation::Wildcard);
                    c.node = repeat;
                    c.span = sample.spans.at(repeat);
                    consider(c, alternative, witnessHost);
                }
            }

            for (const auto &[secure, plain] :
                 {std::pair("https://", "http://"), std::pair("wss://", "ws://")}) {
                const QString prefix = QString::fromLatin1(secure);
                if (base.text.startsWith(prefix))
                    consider(candidate(QString::fromLatin1(plain) + base.text.mid(prefix.size()),
                                       Mutation::Scheme),
                             alternative, witnessHost);
            }
        }
    }
}

void RegexEntry::analyse()
{
    m_alternatives = topLevelAlternatives(m_tree);
    for (const RegexNode *alternative : m_alternatives)
        m_alternativeEnds.push_back(forcesEnd(*alternative));
    const bool someEnd = std::find(m_alternativeEnds.begin(), m_alternativeEnds.end(), true)
            != m_alternativeEnds.end();
    const bool someOpen = std::find(m_alternativeEnds.begin(), m_alternativeEnds.end(), false)
            != m_alternativeEnds.end();
    m_ungrouped = m_alternatives.size() >= 2 && someEnd && someOpen;
    collectBareDots(m_tree, false, m_bareDots);

    sampleAll();
    report();
    reportStatic();
}

/**
 * The pattern with its top-level alternatives grouped and the group anchored at both ends,
 * each alternative's own ^ and $ dropped: ^(?:a|b)$.
 */
QString RegexEntry::groupedPattern() const
{
    QStringList parts;
    for (const RegexNode *alternative : m_alternatives) {
        QString source = nodeSource(m_pattern, *alternative);
        if (alternative->kind == NodeKind::Sequence && !alternative->children.empty()) {
            const RegexNode &first = alternative->children.front();
            const RegexNode &last = alternative->children.back();
            if (first.kind == NodeKind::Anchor
                && (first.anchor == RegexNode::AnchorKind::LineStart
                    || first.anchor == RegexNode::AnchorKind::StringStart))
                source = source.mid(utf16Index(source, first.length));
            if (&first != &last && last.kind == NodeKind::Anchor
                && (last.anchor == RegexNode::AnchorKind::LineEnd
                    || last.anchor == RegexNode::AnchorKind::StringEnd))
                source.chop(nodeSource(m_pattern, last).size());
        } else if (alternative->kind == NodeKind::Anchor) {
            source.clear();
        }
        parts.append(source);
    }
    const QString prefix = m_pattern.left(utf16Index(m_pattern, m_alternatives.front()->position));
    return prefix + QStringLiteral("^(?:") + parts.join(u'|') + QStringLiteral(")$");
}

void RegexEntry::report()
{
    const QString pattern = quoted(m_pattern);
    auto attackOwner = [](const Candidate &c) { return ownerOf(hostOfOrigin(c.origin)); };
    bool exploited = false;

    if (const auto it = m_attacks.find(QStringLiteral("regex-ungrouped-alternation"));
        it != m_attacks.end() && anchoringStops(it->second.origin)) {
        const Candidate &c = it->second;
        Finding &f = add("regex-ungrouped-alternation");
        f.message = tr("In %1 the alternatives are not grouped: ^ and $ bind only to the first and "
                       "the last alternative, so an alternative without $ admits %2, and anyone "
                       "can register %3.")
                            .arg(pattern, quoted(c.origin), attackOwner(c));
        m_run.setAttacker(f, c.origin);
        const QString grouped = groupedPattern();
        f.fixes = verified(
                replacePattern(grouped, tr("replace %1 with %2").arg(pattern, quoted(grouped))),
                c.origin);
        f.fixText = tr("Group the alternatives and anchor the group: %1.").arg(quoted(grouped));
        exploited = true;
    } else if (const auto it = m_attacks.find(QStringLiteral("regex-unanchored-end"));
               it != m_attacks.end() && anchoringStops(it->second.origin)) {
        const Candidate &c = it->second;
        Finding &f = add("regex-unanchored-end");
        f.message = tr("%1 is not anchored at the end: re.match anchors only the start, so %2 is "
                       "admitted too, and anyone can register %3.")
                            .arg(pattern, quoted(c.origin), attackOwner(c));
        m_run.setAttacker(f, c.origin);
        // With several alternatives a trailing $ would bind to the last one only.
        const QString anchored = m_alternatives.size() > 1 ? groupedPattern() : m_pattern + u'$';
        f.fixes = verified(
                replacePattern(anchored, tr("replace %1 with %2").arg(pattern, quoted(anchored))),
                c.origin);
        f.fixText = f.fixes.isEmpty() ? tr("End the pattern with $ (or \\Z), after grouping any "
                                           "alternatives: ^(?:...|...)$.")
                : m_alternatives.size() > 1
                ? tr("Group the alternatives and anchor the group: %1.").arg(quoted(anchored))
                : tr("End the pattern with $: %1.").arg(quoted(anchored));
        exploited = true;
    }

    if (const auto it = m_attacks.find(QStringLiteral("regex-unescaped-dot"));
        it != m_attacks.end()) {
        const Candidate &c = it->second;
        Finding &f = add("regex-unescaped-dot");
        f.position = c.node->position;
        f.length = c.node->length;
        f.message = tr("The unescaped . at position %1 of %2 matches any character, not only a "
                       "dot: %3 is admitted, and anyone can register %4.")
                            .arg(c.node->position)
                            .arg(pattern, quoted(c.origin), attackOwner(c));
        m_run.setAttacker(f, c.origin);
        QString escaped = m_pattern;
        std::vector<const RegexNode *> dots = m_bareDots;
        std::sort(dots.begin(), dots.end(),
                  [](const RegexNode *a, const RegexNode *b) { return a->position > b->position; });
        for (const RegexNode *dot : dots)
            escaped = replaceSpan(escaped, dot->position, dot->length, QStringLiteral("\\."));
        f.fixes = verified(
                replacePattern(escaped, tr("replace %1 with %2").arg(pattern, quoted(escaped))),
                c.origin);
        f.fixText = tr("Escape the dot: %1.").arg(quoted(escaped));
        exploited = true;
    } else if (!m_bareDots.empty()) {
        const RegexNode *dot = m_bareDots.front();
        Finding &f = add("regex-unescaped-dot");
        f.severity = Finding::Severity::Warning;
        f.position = dot->position;
        f.length = dot->length;
        f.message = tr("The unescaped . at position %1 of %2 matches any character, not only a "
                       "dot. No registrable domain gets through it here, but it is almost "
                       "certainly meant as \\.")
                            .arg(dot->position)
                            .arg(pattern);
        QString escaped = m_pattern;
        std::vector<const RegexNode *> dots = m_bareDots;
        std::sort(dots.begin(), dots.end(),
                  [](const RegexNode *a, const RegexNode *b) { return a->position > b->position; });
        for (const RegexNode *d : dots)
            escaped = replaceSpan(escaped, d->position, d->length, QStringLiteral("\\."));
        f.fixes = replacePattern(escaped, tr("replace %1 with %2").arg(pattern, quoted(escaped)));
        f.fixText = tr("Escape the dot: %1.").arg(quoted(escaped));
    }

    if (const auto it = m_attacks.find(QStringLiteral("regex-public-suffix-wildcard"));
        it != m_attacks.end()) {
        const Candidate &c = it->second;
        const QString suffix = PublicSuffixList::system().publicSuffix(hostOfOrigin(c.origin));
        Finding &f = add("regex-public-suffix-wildcard");
        f.position = c.node->position;
        f.length = c.node->length;
        f.message = tr("%1 in %2 stands for any label directly under the public suffix %3, where "
                       "anyone can get a name: %4 is admitted.")
                            .arg(quoted(nodeSource(m_pattern, *c.node)), pattern, quoted(suffix),
                                 quoted(c.origin));
        m_run.setAttacker(f, c.origin);
        QStringList kept;
        f.fixes = verified(removeWithScenarioOrigins(&kept), c.origin, Keep::AddedOrigins);
        f.fixText = kept.isEmpty() ? tr("List the exact origins you own in CORS_ALLOWED_ORIGINS "
                                        "and remove the pattern.")
                                   : tr("Remove the pattern and list the origins you own: %1.")
                                             .arg(kept.join(QStringLiteral(", ")));
        exploited = true;
    }

    if (const auto it = m_attacks.find(QStringLiteral("regex-wide-wildcard"));
        it != m_attacks.end()) {
        const Candidate &c = it->second;
        Finding &f = add("regex-wide-wildcard");
        if (c.node) {
            f.position = c.node->position;
            f.length = c.node->length;
        }
        if (!c.node)
            f.message = tr("A wildcard in %1 matches past the end of the host: %2 is admitted, and "
                           "anyone can register %3.")
                                .arg(pattern, quoted(c.origin), attackOwner(c));
        else if (coversTopLevelDomain(c))
            f.message = tr("%1 in %2 stands for the top-level domain: %3 is admitted, and the same "
                           "name under another top-level domain (%4) belongs to whoever registers "
                           "it.")
                                .arg(quoted(nodeSource(m_pattern, *c.node)), pattern,
                                     quoted(c.origin), attackOwner(c));
        else
            f.message = tr("%1 in %2 matches across labels, ports or the domain boundary: %3 is "
                           "admitted, and anyone can register %4.")
                                .arg(quoted(nodeSource(m_pattern, *c.node)), pattern,
                                     quoted(c.origin), attackOwner(c));
        m_run.setAttacker(f, c.origin);
        f.fixText = tr("Match one DNS label with [a-z0-9-]+ and keep the domain's own dot, e.g. "
                       "^https://[a-z0-9-]+\\.example\\.com$.");
        if (c.node) {
            const RegexNode *next = nextSibling(m_tree, c.node);
            QString replacement;
            if (next && next->kind == NodeKind::Literal && next->codePoint == U'.')
                replacement = QStringLiteral("[a-z0-9-]+");
            else if (!next
                     || (next->kind == NodeKind::Anchor
                         && (next->anchor == RegexNode::AnchorKind::LineEnd
                             || next->anchor == RegexNode::AnchorKind::StringEnd)))
                replacement = QString();
            else
                replacement = QStringLiteral("(?:[a-z0-9-]+\\.)?");
            QString narrowed
                    = replaceSpan(m_pattern, c.node->position, c.node->length, replacement);
            if (!next)
                narrowed += u'$';
            f.fixes = verified(
                    replacePattern(narrowed,
                                   tr("replace %1 with %2").arg(pattern, quoted(narrowed))),
                    c.origin);
            if (!f.fixes.isEmpty())
                f.fixText = tr("Narrow the wildcard: %1.").arg(quoted(narrowed));
        }
        exploited = true;
    }

    if (m_run.credentials() && m_subdomain && !exploited) {
        const Candidate &c = *m_subdomain;
        const QString owner = ownerOf(hostOfOrigin(c.origin));
        Finding &f = add("regex-subdomain-wildcard");
        if (c.node) {
            f.position = c.node->position;
            f.length = c.node->length;
        }
        f.message = tr("%1 admits every subdomain of %2 (such as %3) while credentials are on: a "
                       "subdomain taken over through a dangling DNS record, or a script "
                       "injected into any of them, reads the API with the visitor's cookies.")
                            .arg(pattern, owner, quoted(c.origin));
        m_run.setAttacker(f, c.origin);
        QStringList kept;
        const QList<PolicyFix> fixes = removeWithScenarioOrigins(&kept);
        if (!kept.isEmpty())
            f.fixes = verified(fixes, c.origin, Keep::AddedOrigins);
        f.fixText = kept.isEmpty()
                ? tr("Prefer an explicit list of the subdomains that need the API, and keep "
                     "user content on another registrable domain.")
                : tr("Replace the pattern by the origins you use: %1.")
                          .arg(kept.join(QStringLiteral(", ")));
    }

    if (m_run.credentials() && m_insecure) {
        const Candidate &c = *m_insecure;
        Finding &f = add("origin-insecure-scheme");
        f.message = tr("%1 also admits the plain-http %2 while credentials are on: anyone on the "
                       "visitor's network can inject script into that page and read the API "
                       "with the visitor's cookies.")
                            .arg(pattern, quoted(c.origin));
        m_run.setAttacker(f, c.origin);
        std::vector<const RegexNode *> optionalS;
        collectOptionalS(m_tree, optionalS);
        if (optionalS.size() == 1) {
            const RegexNode *s = optionalS.front();
            const QString strict
                    = replaceSpan(m_pattern, s->position, s->length,
                                  QString(QChar(char16_t(s->children.front().codePoint))));
            f.fixes = verified(
                    replacePattern(strict, tr("replace %1 with %2").arg(pattern, quoted(strict))),
                    c.origin);
        }
        f.fixText = tr("Require https: write https:// instead of https?://.");
    } else if (m_run.credentials()) {
        // A pattern written for plain-http origins only: its own witnesses are the exposure.
        for (const QString &witness : m_witnesses) {
            const QString scheme = schemeOfOrigin(witness);
            if ((scheme != QLatin1String("http") && scheme != QLatin1String("ws"))
                || isLocalNetworkHost(hostOfOrigin(witness)))
                continue; // origin-local-network speaks for local addresses
            Finding &f = add("origin-insecure-scheme");
            f.message = tr("%1 admits the plain-http %2 while credentials are on: anyone on the "
                           "visitor's network can inject script into that page and read the API "
                           "with the visitor's cookies.")
                                .arg(pattern, quoted(witness));
            m_run.setAttacker(f, witness);
            const QString plain = scheme + QStringLiteral("://");
            const QString secure = scheme == QLatin1String("http") ? QStringLiteral("https://")
                                                                   : QStringLiteral("wss://");
            if (m_pattern.count(plain) == 1) {
                QString strict = m_pattern;
                strict.replace(plain, secure);
                f.fixes = verified(
                        replacePattern(strict,
                                       tr("replace %1 with %2").arg(pattern, quoted(strict))),
                        witness, Keep::AddedOrigins);
            }
            f.fixText = tr("Serve those pages over https and require it in the pattern (%1).")
                                .arg(secure);
            break;
        }
    }

    for (const QString &witness : m_witnesses) {
        if (witness == QLatin1String("null")) {
            Finding &f = add("origin-null");
            if (m_run.credentials())
                f.severity = Finding::Severity::Error;
            f.message = tr("%1 admits the Origin null, which any page can send (a sandboxed "
                           "iframe, a data: document, a request after a cross-origin redirect).")
                                .arg(pattern);
            m_run.setAttacker(f, witness);
            f.fixes = m_run.removeEntry(Regexes, m_index, tr("remove %1").arg(pattern));
            f.fixText = tr("Do not admit null.");
            break;
        }
    }
    for (const QString &witness : m_witnesses) {
        const QString host = hostOfOrigin(witness);
        if (witness == QLatin1String("null") || !isLocalNetworkHost(host))
            continue;
        Finding &f = add("origin-local-network");
        if (!m_run.credentials())
            f.severity = Finding::Severity::Info;
        f.message
                = tr("%1 admits %2, an address on the visitor's own machine or network: any "
                     "program that serves a page there can read the API%3.")
                          .arg(pattern, quoted(witness),
                               m_run.credentials() ? tr(" with the visitor's cookies") : QString());
        m_run.setAttacker(f, witness);
        f.fixes = m_run.removeEntry(Regexes, m_index, tr("remove %1").arg(pattern));
        f.fixText = tr("Keep development origins out of production settings (for example in an "
                       "`if DEBUG:` branch).");
        break;
    }
}

void RegexEntry::reportStatic()
{
    const QString pattern = quoted(m_pattern);
    if (usesIgnoreCase(m_tree)) {
        Finding &f = add("regex-ignorecase");
        f.message = tr("%1 is case-insensitive, but browsers send scheme and host in lower case: "
                       "the flag only widens what classes match (with Unicode case folding) and "
                       "hides upper-case typos.")
                            .arg(pattern);
        f.fixText = tr("Drop the IGNORECASE flag and write the pattern in lower case.");
        const bool lowerCase = m_pattern == m_pattern.toLower();
        if (lowerCase) {
            QList<PolicyFix> fixes;
            if (m_value.kind() == PyValue::Kind::Pattern
                && (m_value.patternFlags() & PyReFlag::IgnoreCase)
                && !m_pattern.startsWith(QLatin1String("(?i)"))) {
                fixes = m_run.replaceEntry(
                        Regexes, m_index,
                        PyValue::pattern(m_pattern, m_value.patternFlags() & ~PyReFlag::IgnoreCase),
                        tr("compile %1 without re.IGNORECASE").arg(pattern));
            } else if (m_pattern.startsWith(QLatin1String("(?i)"))
                       && !(m_value.kind() == PyValue::Kind::Pattern
                            && (m_value.patternFlags() & PyReFlag::IgnoreCase))) {
                const QString plain = m_pattern.mid(4);
                fixes = replacePattern(plain, tr("replace %1 with %2").arg(pattern, quoted(plain)));
                f.fixText = tr("Drop the flag: %1.").arg(quoted(plain));
            }
            // Only if every witness still gets through.
            if (!fixes.isEmpty()) {
                const CorsEngine fixed(applyFixes(m_run.policy(), fixes));
                for (const QString &witness : m_witnesses) {
                    if (!fixed.examineOrigin(witness).allowed)
                        fixes.clear();
                }
            }
            f.fixes = fixes;
        }
    }

    const auto language = finiteLanguage(m_tree);
    if (!language || language->empty())
        return;
    const bool allExact = std::all_of(language->begin(), language->end(), [](const ExactString &s) {
        return s.endAnchored && isSerializedOrigin(s.text) && s.text != QLatin1String("null");
    });
    const bool admitsNull
            = std::any_of(language->begin(), language->end(),
                          [](const ExactString &s) { return s.text == QLatin1String("null"); });
    if (admitsNull)
        return; // origin-null says what matters
    if (allExact) {
        QStringList origins;
        for (const ExactString &s : *language) {
            if (!origins.contains(s.text))
                origins.append(s.text);
        }
        Finding &f = add("regex-exact-origin");
        f.message = origins.size() == 1
                ? tr("%1 matches exactly one origin, %2: an entry of %3 says the same more "
                     "plainly.")
                          .arg(pattern, quoted(origins.front()),
                               settingName(m_run.spelled(SettingId::AllowedOrigins)))
                : tr("%1 matches exactly the origins %2: entries of %3 say the same more plainly.")
                          .arg(pattern, origins.join(QStringLiteral(", ")),
                               settingName(m_run.spelled(SettingId::AllowedOrigins)));
        QStringList listed;
        for (const PyValue &entry : m_run.entries(SettingId::AllowedOrigins)) {
            if (entry.isStr())
                listed.append(entry.text());
        }
        for (const QString &origin : origins) {
            if (listed.contains(origin))
                continue;
            f.fixes.append(LintRun::fix(
                    PolicyFix::Action::AddToList, SettingId::AllowedOrigins, PyValue::str(origin),
                    tr("add %1 to %2")
                            .arg(quoted(origin),
                                 settingName(m_run.spelled(SettingId::AllowedOrigins)))));
        }
        const QList<PolicyFix> removal
                = m_run.removeEntry(Regexes, m_index, tr("remove %1").arg(pattern));
        if (removal.isEmpty())
            f.fixes.clear();
        else
            f.fixes += removal;
        f.fixText = tr("Move %1 to %2.")
                            .arg(origins.join(QStringLiteral(", ")),
                                 settingName(m_run.spelled(SettingId::AllowedOrigins)));
        return;
    }
    const bool anyCould = std::any_of(language->begin(), language->end(), couldStartOrigin);
    if (!anyCould) {
        Finding &f = add("regex-never-matches");
        f.message = tr("%1 only matches %2, and no browser sends an Origin like that (scheme "
                       "and host in lower case, no path, no trailing slash): the pattern admits "
                       "nothing.")
                            .arg(pattern, quoted(language->front().text));
        f.fixText
                = tr("Write the origin as a browser sends it, e.g. ^https://app\\.example\\.com$.");
    }
}

} // namespace

void lintRegexes(LintRun &run)
{
    if (run.allowAll())
        return;
    const QList<PyValue> entries = run.entries(Regexes);
    for (int i = 0; i < entries.size(); ++i) {
        QString error;
        const auto regex = compilePythonPattern(entries.at(i), &error);
        if (!regex || !regex->syntaxTree())
            continue; // regex-syntax / regex-unsupported come from the entry validation
        RegexEntry(run, i, entries.at(i), *regex).analyse();
    }
}

} // namespace Cors::Lint
