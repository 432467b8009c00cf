// SPDX-License-Identifier: MIT
#pragma once

#include "policy/policy.h"
#include "python/pcre2pattern.h"
#include "python/pyregex.h"
#include "python/urlsplit.h"
#include "server/corsengine.h"
#include "server/regexprefilter.h"

#include <QHash>
#include <QList>
#include <QRegularExpression>
#include <QString>

#include <optional>

namespace Cors {

/** The outcome of CorsMiddleware.origin_found_in_white_lists (or of allow-all). */
struct OriginDecision
{
    enum class Via { None, AllowAll, NullEntry, List, Regex };

    bool allowed = false;
    Via via = Via::None;
    /** Python exception text when the check raises (the request then fails with a 500). */
    QString error;
    /** The error is a regex that backtracks catastrophically: Python would not finish. */
    bool stuck = false;
    std::optional<SettingId> setting;
    int entry = -1;

    static OriginDecision allowAll()
    {
        OriginDecision d;
        d.allowed = true;
        d.via = Via::AllowAll;
        return d;
    }
};

/**
 * `re.match(pattern, s)` argument handling: a str is compiled, a compiled pattern used as is,
 * anything else raises TypeError. Returns nullopt with @p error set ("re.error: ...",
 * "TypeError: ...") when re.match would raise.
 */
std::optional<Py::Regex> compilePythonPattern(const PyValue &pattern, QString *error);

/**
 * The error for a pattern that hit Py::Regex::MatchLimit on @p subject: Python's re would
 * backtrack for minutes or more, so the request never gets an answer (docs/limits.md).
 */
QString catastrophicBacktracking(const QString &pattern, const QString &subject);

/**
 * CORS_ALLOWED_ORIGINS (with the `null` rule) and CORS_ALLOWED_ORIGIN_REGEXES, prepared once
 * per policy. Entries are parsed and compiled up front, but their errors are raised only where
 * Python raises them: every allow-list entry is parsed before any is compared, while regexes
 * are tried lazily in order.
 */
class OriginLists
{
public:
    explicit OriginLists(const Policy &policy);

    /** origin_found_in_white_lists(origin, urlsplit(origin)) without the signal. */
    OriginDecision decide(const QString &origin, const Py::SplitResult &split) const;

    /**
     * decide() for an origin whose urlsplit() gives @p key, that is indexKey(scheme, netloc):
     * for callers that split the origin themselves.
     */
    OriginDecision decideKeyed(QStringView origin, const QString &key) const;
    /**
     * decideKeyed() for an ASCII @p origin when only the verdict matters, not the entry that
     * admits (a run of joined regexes that matches admits at once; entry is then -1). nullopt
     * when a regex gives up: decide() then says what Python does.
     */
    std::optional<OriginDecision> quickDecide(QStringView origin, const QString &key) const;
    /** The key of the allow-list index for an origin's (scheme, netloc). */
    static QString indexKey(QStringView scheme, QStringView netloc);

    /** Every entry's verdict on @p origin, whether or not the middleware would reach it. */
    QList<OriginEntryVerdict> examine(const QString &origin) const;
    /**
     * The verdict examine() gives entry @p index of @p setting (the name the list was read
     * from), computed for that entry alone; nullopt when there is no such entry.
     */
    std::optional<OriginEntryVerdict> examineEntry(SettingId setting, int index,
                                                   const QString &origin) const;
    /**
     * examineEntry()'s admits, for @p origin already split (urlsplit(@p origin)), without the
     * texts: what a caller asking about every entry of a long list needs.
     */
    bool entryAdmits(SettingId setting, int index, const QString &origin,
                     const std::optional<Py::SplitResult> &split) const;

    /** Why @p origin was admitted, naming the entry. */
    QString admissionText(const QString &origin, const OriginDecision &decision) const;
    /** Why @p origin was refused, with the nearest miss when there is one. */
    QString refusalText(const QString &origin, const Py::SplitResult &split) const;

    /** The name the allow-list was read from (current or legacy), if defined. */
    std::optional<SettingId> listSource() const { return m_listSource; }

private:
    struct ListEntry
    {
        PyValue value;
        // indexKey() of a str entry that parses, shared with m_index; empty otherwise. Only the
        // scheme and the netloc are ever compared: keeping urlsplit's whole result cost a
        // 100,000-origin list about 25 MB more per OriginLists.
        QString key;
        QString error; // what urlsplit(entry) raises
    };
    struct RegexEntry
    {
        PyValue value;
        std::optional<Py::Regex> regex;
        QString error; // what re.match(entry, origin) raises
        // For quickDecide(), of entries the prefilter rules in or out and of every entry of a
        // short list: the pattern anchored at compile time, which PCRE2 runs on the JIT.
        std::shared_ptr<const Py::Pcre2Pattern> anchored;
    };

    SettingId listSetting() const;
    SettingId regexSetting() const;
    // With @p explain false, only admits and raises are set.
    OriginEntryVerdict verdictForListEntry(int index, const QString &origin,
                                           const std::optional<Py::SplitResult> &split,
                                           bool explain = true) const;
    OriginEntryVerdict verdictForRegexEntry(int index, const QString &origin,
                                            bool explain = true) const;

    std::optional<SettingId> m_listSource;
    std::optional<SettingId> m_regexSource;

    std::optional<bool> m_nullListed; // `"null" in CORS_ALLOWED_ORIGINS`
    QString m_nullListedError;

    QString m_listIterError;
    QList<ListEntry> m_list;
    int m_firstBadEntry = -1;
    QHash<QString, int> m_index; // scheme + '\n' + netloc -> first entry index

    QString m_regexIterError;
    QList<RegexEntry> m_regexes;

    /**
     * Runs of consecutive regexes joined into one alternation, so that an origin no regex
     * admits costs one PCRE2 match per run instead of one per regex. Only regexes whose PCRE2
     * translation does not refer to groups by number are joined; a run that matches (or gives
     * up) is then tried entry by entry, so the entry that admits and every error are Python's.
     */
    struct RegexRun
    {
        int first = 0;
        int count = 0;
        std::shared_ptr<const Py::Pcre2Pattern> combined;
        /** The same, anchored at compile time so that quickDecide() runs it on the JIT. */
        std::shared_ptr<const Py::Pcre2Pattern> anchored;
        /**
         * Origins up to this long have every entry of the run ruled in or out by m_prefilter
         * (-1: some entry never is).
         */
        qsizetype prefilteredUpTo = -1;
    };
    OriginDecision decideImpl(QStringView origin, const QString &key, bool quick,
                              bool *gaveUp) const;
    QList<RegexRun> m_regexRuns;
    void combineRegexes();
    /**
     * Which regexes can match a given origin, from the texts they require: long lists then
     * match only those (null for short lists, where the joined runs are as fast).
     */
    std::shared_ptr<const RegexPrefilter> m_prefilter;
    void buildPrefilter();
    /** RegexEntry::anchored: the entry's pattern anchored when compiled, for the JIT. */
    static void compileAnchored(RegexEntry &entry);
};

} // namespace Cors
