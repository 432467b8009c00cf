// SPDX-License-Identifier: MIT
#include "server/originlists.h"

#include "python/pyregexast.h"
#include "python/pyregexliterals.h"
#include "python/pysemantics.h"
#include "text/translation.h"

#include <algorithm>
#include <limits>

namespace Cors {

namespace {

const FormatString &tr(const char *text)
{
    return cachedTranslation("CorsEngine", text);
}

QString quoted(const QString &text)
{
    return Py::reprString(text);
}

QString splitKey(const Py::SplitResult &split)
{
    return OriginLists::indexKey(split.scheme, split.netloc);
}

/** The scheme and netloc an index key holds (the rest of urlsplit's result left empty). */
Py::SplitResult splitOfKey(const QString &key)
{
    const qsizetype newline = key.indexOf(u'\n');
    Py::SplitResult split;
    split.scheme = key.left(newline);
    split.netloc = key.mid(newline + 1);
    return split;
}

bool isHashable(const PyValue &value)
{
    switch (value.kind()) {
    case PyValue::Kind::List:
    case PyValue::Kind::Set:
    case PyValue::Kind::Dict:
        return false;
    case PyValue::Kind::Tuple:
        for (const PyValue &item : value.items()) {
            if (!isHashable(item))
                return false;
        }
        return true;
    default:
        return true;
    }
}

QString unhashableError(const PyValue &value)
{
    // A tuple is unhashable because of the first unhashable item inside it.
    if (value.kind() == PyValue::Kind::Tuple) {
        for (const PyValue &item : value.items()) {
            if (!isHashable(item))
                return unhashableError(item);
        }
    }
    return QStringLiteral("TypeError: unhashable type: '%1'").arg(Py::typeName(value));
}

QString entryText(const PyValue &value)
{
    return value.isStr() ? value.text() : Py::repr(value);
}

QString hostOf(const QString &netloc)
{
    QString host = netloc.mid(netloc.lastIndexOf(u'@') + 1);
    if (host.startsWith(u'['))
        return host.left(host.indexOf(u']') + 1);
    const qsizetype colon = host.indexOf(u':');
    return colon >= 0 ? host.left(colon) : host;
}

QString portOf(const QString &netloc)
{
    const QString host = netloc.mid(netloc.lastIndexOf(u'@') + 1);
    const qsizetype from = host.startsWith(u'[') ? host.indexOf(u']') : 0;
    const qsizetype colon = host.indexOf(u':', std::max<qsizetype>(from, 0));
    return colon >= 0 ? host.mid(colon + 1) : QString();
}

QString defaultPort(const QString &scheme)
{
    if (scheme == QLatin1String("https") || scheme == QLatin1String("wss"))
        return QStringLiteral("443");
    if (scheme == QLatin1String("http") || scheme == QLatin1String("ws"))
        return QStringLiteral("80");
    return QString();
}

// Why the entry's (scheme, netloc) differs from the origin's, in the terms a user can act on.
QString mismatchReason(const Py::SplitResult &entry, const Py::SplitResult &origin)
{
    if (entry.scheme.isEmpty() && entry.netloc.isEmpty())
        return tr("the entry has no scheme and no netloc, so it matches only origins without "
                  "them (such as null)");
    if (entry.scheme != origin.scheme)
        return tr("scheme %1 differs from %2").arg(quoted(entry.scheme), quoted(origin.scheme));
    if (entry.netloc.compare(origin.netloc, Qt::CaseInsensitive) == 0)
        return tr("the netloc %1 differs from %2 only in letter case; Django compares it "
                  "case-sensitively, and browsers send host names in lower case")
                .arg(quoted(entry.netloc), quoted(origin.netloc));
    if (entry.netloc.contains(u'@') || origin.netloc.contains(u'@'))
        return tr("the netloc %1 differs from %2 (user info counts as part of it)")
                .arg(quoted(entry.netloc), quoted(origin.netloc));
    if (hostOf(entry.netloc) == hostOf(origin.netloc)) {
        const QString entryPort = portOf(entry.netloc);
        const QString originPort = portOf(origin.netloc);
        const QString implied = defaultPort(entry.scheme);
        if (!implied.isEmpty() && (entryPort == implied || originPort == implied))
            return tr("the netloc %1 differs from %2: Django does not fold the default port %3, "
                      "and browsers never send it")
                    .arg(quoted(entry.netloc), quoted(origin.netloc), implied);
        return tr("port %1 differs from %2")
                .arg(quoted(entryPort.isEmpty() ? tr("(none)") : entryPort),
                     quoted(originPort.isEmpty() ? tr("(none)") : originPort));
    }
    return tr("netloc %1 differs from %2").arg(quoted(entry.netloc), quoted(origin.netloc));
}

// A pattern whose PCRE2 translation refers to its groups by number cannot share a pattern
// with others: the numbers would shift.
bool refersToGroups(const Py::RegexNode &node)
{
    if (node.kind == Py::RegexNode::Kind::Backreference
        || node.kind == Py::RegexNode::Kind::Conditional)
        return true;
    return std::any_of(node.children.begin(), node.children.end(), refersToGroups);
}

} // namespace

QString catastrophicBacktracking(const QString &pattern, const QString &subject)
{
    const QString shown = subject.size() > 80 ? subject.left(77) + QStringLiteral("...") : subject;
    return tr("catastrophic backtracking: re.match(%1, %2) does not finish in Python (PCRE2 gave "
              "up after %3 steps)")
            .arg(quoted(pattern), quoted(shown))
            .arg(Py::Regex::MatchLimit);
}

std::optional<Py::Regex> compilePythonPattern(const PyValue &pattern, QString *error)
{
    Py::Regex regex;
    if (pattern.isStr()) {
        regex = Py::Regex::compile(pattern.text(), 0);
    } else if (pattern.kind() == PyValue::Kind::Pattern) {
        regex = Py::Regex::compile(pattern.text(), pattern.patternFlags());
    } else if (!isHashable(pattern)) {
        *error = unhashableError(pattern);
        return std::nullopt;
    } else {
        *error = QStringLiteral("TypeError: first argument must be string or compiled pattern");
        return std::nullopt;
    }
    if (!regex.isValid()) {
        // Usually re.error, but Python also raises OverflowError, ValueError, RecursionError.
        *error = regex.errorType() + QStringLiteral(": ") + regex.errorMessage();
        return std::nullopt;
    }
    if (!regex.isSupported()) {
        *error = tr("CORS Studio cannot run this Python pattern: %1").arg(regex.errorMessage());
        return std::nullopt;
    }
    return regex;
}

OriginLists::OriginLists(const Policy &policy)
    : m_listSource(policy.effectiveSource(SettingId::AllowedOrigins))
    , m_regexSource(policy.effectiveSource(SettingId::AllowedOriginRegexes))
{
    const PyValue list = policy.effective(SettingId::AllowedOrigins);
    m_nullListed = Py::containsStr(list, QStringLiteral("null"), &m_nullListedError);

    if (const auto items = Py::iterate(list, &m_listIterError)) {
        m_list.reserve(items->size());
        for (const PyValue &item : *items) {
            ListEntry entry;
            entry.value = item;
            if (item.isStr()) {
                QString error;
                if (const std::optional<Py::SplitResult> split = Py::urlsplit(item.text(), &error))
                    entry.key = splitKey(*split);
                else
                    entry.error = QStringLiteral("ValueError: ") + error;
            } else if (!isHashable(item)) {
                // urlsplit is lru_cache'd: hashing its argument fails first.
                entry.error = unhashableError(item);
            } else if (Py::truthy(item)) {
                entry.error
                        = QStringLiteral("AttributeError: '%1' object has no attribute 'decode'")
                                  .arg(Py::typeName(item));
            }
            // A falsy non-str entry parses to an all-bytes result that equals no str origin.
            if (!entry.error.isEmpty() && m_firstBadEntry < 0)
                m_firstBadEntry = int(m_list.size());
            m_list.append(std::move(entry));
        }
        // Inserting backwards leaves the first index for duplicate keys: the explanation names
        // the first matching entry, as Python's any() stops there.
        for (int i = int(m_list.size()) - 1; i >= 0; --i) {
            if (!m_list.at(i).key.isEmpty())
                m_index.insert(m_list.at(i).key, i);
        }
    }

    const PyValue regexes = policy.effective(SettingId::AllowedOriginRegexes);
    if (const auto items = Py::iterate(regexes, &m_regexIterError)) {
        m_regexes.reserve(items->size());
        for (const PyValue &item : *items) {
            RegexEntry entry;
            entry.value = item;
            entry.regex = compilePythonPattern(item, &entry.error);
            m_regexes.append(std::move(entry));
        }
        combineRegexes();
        buildPrefilter();
    }
}

void OriginLists::compileAnchored(RegexEntry &entry)
{
    if (!entry.regex || !entry.regex->isSupported())
        return;
    const QString pattern = QStringLiteral("(*LIMIT_MATCH=%1)").arg(Py::Regex::MatchLimit)
            + entry.regex->pcrePattern();
    entry.anchored = Py::Pcre2Pattern::compile(pattern, nullptr, true);
}

void OriginLists::buildPrefilter()
{
    // Below this many regexes one joined run answers about as fast as the automaton.
    constexpr qsizetype MinRegexes = 4;
    if (m_regexes.size() < MinRegexes) {
        // quickDecide() still runs each regex on the JIT, which needs the anchor compiled in:
        // given when matching, PCRE2 runs its interpreter (four times the instructions).
        for (RegexEntry &entry : m_regexes)
            compileAnchored(entry);
        return;
    }
    std::vector<Py::RequiredTexts> required(size_t(m_regexes.size()));
    for (qsizetype i = 0; i < m_regexes.size(); ++i) {
        const RegexEntry &entry = m_regexes.at(i);
        if (entry.regex && entry.regex->isSupported() && entry.regex->syntaxTree())
            required[size_t(i)] = Py::requiredTexts(*entry.regex->syntaxTree(),
                                                    int(entry.regex->pattern().size()));
    }
    auto prefilter = std::make_shared<const RegexPrefilter>(required);
    if (prefilter->isEmpty())
        return;
    for (qsizetype i = 0; i < m_regexes.size(); ++i) {
        if (!prefilter->filters(int(i), 0))
            continue;
        compileAnchored(m_regexes[i]);
    }
    for (RegexRun &run : m_regexRuns) {
        run.prefilteredUpTo = std::numeric_limits<qsizetype>::max();
        for (int i = run.first; i < run.first + run.count; ++i) {
            const qsizetype longest = prefilter->filters(i, 0)
                    ? required[size_t(i)].maxSubjectLength
                    : qsizetype(-1);
            run.prefilteredUpTo = std::min(run.prefilteredUpTo, longest);
        }
    }
    m_prefilter = std::move(prefilter);
}

void OriginLists::combineRegexes()
{
    // Every translation starts with these verbs (see pyregexpcre.cpp); the joined pattern
    // carries them once, and Py::Regex's match limit. Runs are capped so that the compiled
    // pattern stays well inside PCRE2's size limit.
    static const QString verbs = QStringLiteral("(*NO_AUTO_POSSESS)(*NO_START_OPT)");
    constexpr int MaxRun = 64;
    auto combinable = [](const RegexEntry &entry) {
        return entry.regex && entry.regex->syntaxTree()
                && entry.regex->pcrePattern().startsWith(verbs)
                && !refersToGroups(*entry.regex->syntaxTree());
    };
    auto flush = [&](int first, int count) {
        if (count < 2)
            return;
        QString pattern = QStringLiteral("(*LIMIT_MATCH=%1)").arg(Py::Regex::MatchLimit) + verbs;
        for (int i = first; i < first + count; ++i) {
            if (i > first)
                pattern += u'|';
            pattern += QStringLiteral("(?:")
                    + QStringView(m_regexes.at(i).regex->pcrePattern()).mid(verbs.size()) + u')';
        }
        auto combined = Py::Pcre2Pattern::compile(pattern, nullptr);
        if (!combined)
            return; // too large, or anything else: these regexes are tried one by one
        m_regexRuns.append({first, count, std::move(combined),
                            Py::Pcre2Pattern::compile(pattern, nullptr, true)});
    };
    int first = 0;
    int count = 0;
    for (int i = 0; i < m_regexes.size(); ++i) {
        const bool joins = combinable(m_regexes.at(i));
        if (joins && count > 0 && count < MaxRun) {
            ++count;
            continue;
        }
        flush(first, count);
        first = i;
        count = joins ? 1 : 0;
    }
    flush(first, count);
}

SettingId OriginLists::listSetting() const
{
    return m_listSource.value_or(SettingId::AllowedOrigins);
}

SettingId OriginLists::regexSetting() const
{
    return m_regexSource.value_or(SettingId::AllowedOriginRegexes);
}

OriginDecision OriginLists::decide(const QString &origin, const Py::SplitResult &split) const
{
    return decideKeyed(origin, splitKey(split));
}

QString OriginLists::indexKey(QStringView scheme, QStringView netloc)
{
    // A newline cannot occur in either part: urlsplit removes them.
    QString key;
    key.reserve(scheme.size() + 1 + netloc.size());
    key.append(scheme).append(u'\n').append(netloc);
    return key;
}

OriginDecision OriginLists::decideKeyed(QStringView origin, const QString &key) const
{
    return decideImpl(origin, key, false, nullptr);
}

std::optional<OriginDecision> OriginLists::quickDecide(QStringView origin, const QString &key) const
{
    bool gaveUp = false;
    OriginDecision d = decideImpl(origin, key, true, &gaveUp);
    if (gaveUp)
        return std::nullopt;
    return d;
}

OriginDecision OriginLists::decideImpl(QStringView origin, const QString &key, bool quick,
                                       bool *gaveUp) const
{
    OriginDecision d;
    auto raise = [&](const QString &error, SettingId setting, int entry) {
        d.error = error;
        d.setting = setting;
        d.entry = entry;
        return d;
    };

    if (origin == QLatin1String("null")) {
        if (!m_nullListed)
            return raise(m_nullListedError, listSetting(), -1);
        if (*m_nullListed) {
            d.allowed = true;
            d.via = OriginDecision::Via::NullEntry;
            d.setting = listSetting();
            for (int i = 0; i < m_list.size(); ++i) {
                if (m_list.at(i).value.isStr() && m_list.at(i).value.text() == origin) {
                    d.entry = i;
                    break;
                }
            }
            return d;
        }
    }

    if (!m_listIterError.isEmpty())
        return raise(m_listIterError, listSetting(), -1);
    if (m_firstBadEntry >= 0)
        return raise(m_list.at(m_firstBadEntry).error, listSetting(), m_firstBadEntry);
    if (const auto it = m_index.constFind(key); it != m_index.constEnd()) {
        d.allowed = true;
        d.via = OriginDecision::Via::List;
        d.setting = listSetting();
        d.entry = it.value();
        return d;
    }

    if (!m_regexIterError.isEmpty())
        return raise(m_regexIterError, regexSetting(), -1);
    // Regexes the prefilter rules out cannot match and cannot get stuck: they are skipped.
    thread_local std::vector<int> candidates;
    const bool prefiltered = m_prefilter != nullptr;
    if (prefiltered)
        m_prefilter->candidates(origin, candidates);
    auto ruledOut = [&](int i) {
        return prefiltered && m_prefilter->filters(i, origin.size())
                && !std::binary_search(candidates.begin(), candidates.end(), i);
    };
    auto admit = [&](int entry) {
        d.allowed = true;
        d.via = OriginDecision::Via::Regex;
        d.setting = regexSetting();
        d.entry = entry;
    };
    // One entry's match: true when it decided (admitted, raised, or gave up).
    auto tryEntry = [&](int i) {
        const RegexEntry &entry = m_regexes.at(i);
        if (!entry.regex) {
            raise(entry.error, regexSetting(), i);
            return true;
        }
        if (quick && entry.anchored) {
            // The JIT's verdict, as for a joined run.
            const auto outcome = entry.anchored->matchValid(origin, false).outcome;
            if (outcome == Py::Pcre2Pattern::Outcome::Error) {
                *gaveUp = true;
                return true;
            }
            if (outcome == Py::Pcre2Pattern::Outcome::NoMatch)
                return false;
            admit(i);
            return true;
        }
        bool stuck = false;
        const auto match = entry.regex->matchAtStart(origin, &stuck);
        if (stuck && quick) {
            *gaveUp = true;
            return true;
        }
        if (stuck) {
            d.stuck = true;
            raise(catastrophicBacktracking(entry.regex->pattern(), origin.toString()),
                  regexSetting(), i);
            return true;
        }
        if (match.value_or(-1) >= 0) {
            admit(i);
            return true;
        }
        return false;
    };
    qsizetype run = 0;
    for (int i = 0; i < m_regexes.size(); ++i) {
        if (run < m_regexRuns.size() && m_regexRuns.at(run).first == i) {
            const RegexRun &r = m_regexRuns.at(run++);
            if (prefiltered && origin.size() <= r.prefilteredUpTo) {
                // Every entry of the run is ruled in or out: only those ruled in are matched.
                const int end = r.first + r.count;
                for (auto it = std::lower_bound(candidates.begin(), candidates.end(), r.first);
                     it != candidates.end() && *it < end; ++it) {
                    if (tryEntry(*it))
                        return d;
                }
                i = end - 1;
                continue;
            }
            if (quick && r.anchored) {
                // The JIT's verdict; if it gives up, the interpreter (decide()) has the last word.
                const auto outcome = r.anchored->matchValid(origin, false).outcome;
                if (outcome == Py::Pcre2Pattern::Outcome::Error) {
                    *gaveUp = true;
                    return d;
                }
                if (outcome == Py::Pcre2Pattern::Outcome::Match) {
                    admit(-1);
                    return d;
                }
                i += r.count - 1;
                continue;
            }
            // No entry of the run matches: skip it. On a match, or when PCRE2 gives up, the
            // entries are tried one by one as before.
            if (r.combined->match(origin, true).outcome == Py::Pcre2Pattern::Outcome::NoMatch) {
                i += r.count - 1;
                continue;
            }
        }
        if (ruledOut(i))
            continue;
        if (tryEntry(i))
            return d;
    }
    return d;
}

OriginEntryVerdict OriginLists::verdictForListEntry(int index, const QString &origin,
                                                    const std::optional<Py::SplitResult> &split,
                                                    bool explain) const
{
    const ListEntry &entry = m_list.at(index);
    OriginEntryVerdict v;
    v.setting = listSetting();
    v.index = index;
    if (explain)
        v.entry = entryText(entry.value);
    if (!entry.error.isEmpty()) {
        v.raises = true;
        if (explain)
            v.reason = tr("%1: every request that reaches the allow-list fails with a server "
                          "error")
                               .arg(entry.error);
        return v;
    }
    if (entry.key.isEmpty()) {
        if (explain)
            v.reason = tr("not a str (%1): it never matches").arg(Py::typeName(entry.value));
        return v;
    }
    if (origin == QLatin1String("null") && entry.value.text() == origin) {
        v.admits = true;
        if (explain)
            v.reason = tr("the literal 'null' entry admits the Origin null");
        return v;
    }
    if (!split) {
        if (explain)
            v.reason = tr("the Origin cannot be parsed, so no entry is compared with it");
        return v;
    }
    const Py::SplitResult entrySplit = splitOfKey(entry.key);
    if (entrySplit.scheme == split->scheme && entrySplit.netloc == split->netloc) {
        v.admits = true;
        if (!explain)
            return v;
        if (split->scheme.isEmpty() && split->netloc.isEmpty())
            v.reason = tr("both have no scheme and no netloc: a scheme-less entry such as null "
                          "admits every Origin without scheme and netloc");
        else
            v.reason = tr("same scheme %1 and netloc %2 (paths and trailing slashes are ignored)")
                               .arg(quoted(split->scheme), quoted(split->netloc));
        return v;
    }
    if (explain)
        v.reason = mismatchReason(entrySplit, *split);
    return v;
}

OriginEntryVerdict OriginLists::verdictForRegexEntry(int index, const QString &origin,
                                                     bool explain) const
{
    const RegexEntry &entry = m_regexes.at(index);
    OriginEntryVerdict v;
    v.setting = regexSetting();
    v.index = index;
    if (explain)
        v.entry = entry.value.kind() == PyValue::Kind::Pattern ? entry.value.text()
                                                               : entryText(entry.value);
    if (!entry.regex) {
        v.raises = true;
        if (explain)
            v.reason = tr("%1: the request fails with a server error when this pattern is "
                          "reached")
                               .arg(entry.error);
    } else if (bool stuck = false; !entry.regex->matchAtStart(origin, &stuck) && stuck) {
        v.raises = true;
        if (explain)
            v.reason = catastrophicBacktracking(entry.regex->pattern(), origin);
    } else if (entry.regex->matches(origin)) {
        v.admits = true;
        if (explain)
            v.reason = tr("re.match finds the pattern at the start of the Origin");
    } else if (explain) {
        v.reason = tr("re.match does not match at the start of the Origin");
    }
    return v;
}

QList<OriginEntryVerdict> OriginLists::examine(const QString &origin) const
{
    QList<OriginEntryVerdict> verdicts;
    const auto split = Py::urlsplit(origin);
    for (int i = 0; i < m_list.size(); ++i)
        verdicts.append(verdictForListEntry(i, origin, split));
    for (int i = 0; i < m_regexes.size(); ++i)
        verdicts.append(verdictForRegexEntry(i, origin));
    return verdicts;
}

std::optional<OriginEntryVerdict> OriginLists::examineEntry(SettingId setting, int index,
                                                            const QString &origin) const
{
    if (index < 0)
        return std::nullopt;
    if (setting == listSetting() && index < m_list.size())
        return verdictForListEntry(index, origin, Py::urlsplit(origin));
    if (setting == regexSetting() && index < m_regexes.size())
        return verdictForRegexEntry(index, origin);
    return std::nullopt;
}

bool OriginLists::entryAdmits(SettingId setting, int index, const QString &origin,
                              const std::optional<Py::SplitResult> &split) const
{
    if (index < 0)
        return false;
    if (setting == listSetting() && index < m_list.size())
        return verdictForListEntry(index, origin, split, false).admits;
    if (setting == regexSetting() && index < m_regexes.size())
        return verdictForRegexEntry(index, origin, false).admits;
    return false;
}

QString OriginLists::admissionText(const QString &origin, const OriginDecision &decision) const
{
    switch (decision.via) {
    case OriginDecision::Via::NullEntry:
        return tr("The Origin null is admitted because \"null\" is in %1.")
                .arg(settingName(listSetting()));
    case OriginDecision::Via::List: {
        const ListEntry &entry = m_list.at(decision.entry);
        if (entry.key == QLatin1String("\n")) // no scheme, no netloc
            return tr("%1 is admitted by %2 entry %3, which has no scheme and netloc: such an "
                      "entry admits every Origin without them.")
                    .arg(quoted(origin), settingName(listSetting()), quoted(entry.value.text()));
        return tr("%1 is admitted by %2 entry %3 (same scheme and netloc).")
                .arg(quoted(origin), settingName(listSetting()), quoted(entry.value.text()));
    }
    case OriginDecision::Via::Regex:
        return tr("%1 is admitted by %2 pattern %3 (re.match: anchored at the start only).")
                .arg(quoted(origin), settingName(regexSetting()),
                     quoted(m_regexes.at(decision.entry).regex->pattern()));
    case OriginDecision::Via::AllowAll:
        return tr("All origins are allowed.");
    case OriginDecision::Via::None:
        break;
    }
    return QString();
}

QString OriginLists::refusalText(const QString &origin, const Py::SplitResult &split) const
{
    QString text = tr("%1 is not admitted: no %2 entry has scheme %3 and netloc %4")
                           .arg(quoted(origin), settingName(listSetting()), quoted(split.scheme),
                                quoted(split.netloc));
    if (!m_regexes.isEmpty())
        text += tr(", and no %1 pattern matches it").arg(settingName(regexSetting()));
    text += u'.';
    for (int i = 0; i < m_list.size(); ++i) {
        const ListEntry &entry = m_list.at(i);
        if (entry.key.isEmpty() || entry.key.startsWith(u'\n')) // not parsed, or no scheme
            continue;
        const Py::SplitResult entrySplit = splitOfKey(entry.key);
        const bool sameHostIgnoringCase
                = hostOf(entrySplit.netloc).compare(hostOf(split.netloc), Qt::CaseInsensitive) == 0;
        if (sameHostIgnoringCase) {
            text += u' '
                    + tr("Nearest entry %1: %2.")
                              .arg(quoted(entry.value.text()), mismatchReason(entrySplit, split));
            break;
        }
    }
    return text;
}

} // namespace Cors
