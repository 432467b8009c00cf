// SPDX-License-Identifier: MIT
#pragma once

// Shared by the rule families of the linter (lint*.cpp); not part of the public API.

#include "browser/weborigin.h"
#include "lint/finding.h"
#include "policy/policy.h"
#include "server/corsengine.h"
#include "server/originlists.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>

namespace Cors::Lint {

QString tr(const char *text);

/**
 * A string the way the settings file would spell it: `repr()`, or a raw string (r"...") when
 * the text has backslashes, so that a pattern reads as written (r"^https://a\.example$", not
 * '^https://a\\.example$'), the way the Django export writes regexes.
 */
QString quoted(const QString &text);

/** @p text is exactly what a browser sends as an Origin: "null" or a serialized tuple origin. */
bool isSerializedOrigin(const QString &text);
/** isSerializedOrigin() for a @p text already parsed into @p parsed. */
bool isSerializedOrigin(const QString &text, const std::optional<WebOrigin> &parsed);
/** The host of a serialized origin ("[::1]" for IPv6), or empty. */
QString hostOfOrigin(const QString &origin);
QString schemeOfOrigin(const QString &origin);
/** localhost, *.localhost, 127/8, [::1]: what jub0bs/cors and browsers treat as loopback. */
bool isLoopbackHost(const QString &host);
/** Loopback, or an RFC 1918 / link-local / unique-local address, or 0.0.0.0. */
bool isLocalNetworkHost(const QString &host);
/**
 * The domain an attacker would have to own to use @p host: its registrable domain, or the host
 * itself when it has none (IP addresses, single labels).
 */
QString ownerOf(const QString &host);
/**
 * Whether someone other than the policy's author can get @p host: its public suffix is a real
 * one from the list, or it is under .test (the reserved name every counterexample uses).
 */
bool isObtainable(const QString &host);

/** What the linter works on: the policy, the engine built from it, and the findings so far. */
class LintRun
{
public:
    LintRun(const Policy &policy, const LintContext &context);

    const Policy &policy() const { return m_policy; }
    const LintContext &context() const { return m_context; }
    const CorsEngine &engine() const { return m_engine; }
    Profile profile() const { return m_policy.profile(); }
    bool credentials() const { return m_credentials; }
    bool allowAll() const { return m_allowAll; }

    /** The name the policy spells @p current as: its legacy alias when that one is defined. */
    SettingId spelled(SettingId current) const;
    /** The entries of the effective value, as Python iterates it. */
    QList<PyValue> entries(SettingId current) const;
    /** The user wrote the entry (it does not come from the default or a defaults splat). */
    bool isWritten(SettingId current, int index) const;
    /** The setting is defined in the policy (under either name). */
    bool isDefined(SettingId current) const
    {
        return m_policy.effectiveSource(current).has_value();
    }

    /**
     * WebOrigin::parse(@p text), once per run: the rules ask about every entry of a list,
     * several times each.
     */
    std::optional<WebOrigin> origin(const QString &text) const;
    /** isSerializedOrigin(@p text), from the same cache. */
    bool isSerializedOrigin(const QString &text) const;

    /** A path the middleware is enabled on ("/" unless CORS_URLS_REGEX says otherwise). */
    const std::optional<QString> &enabledPath() const { return m_enabledPath; }
    /** The middleware admits @p origin (what CorsEngine::examineOrigin reports as allowed). */
    bool admits(const QString &origin) const;
    /** Entry @p index of @p current admits @p origin, and so does the middleware. */
    bool entryAdmits(SettingId current, int index, const QString &origin) const;
    /**
     * @p origin gets Access-Control-Allow-Origin on a GET and on a preflight to enabledPath():
     * only such origins are reported as attacker origins.
     */
    bool reaches(const QString &origin) const;
    /** attackerOrigin and attackRequest for @p origin, when it reaches. */
    void setAttacker(Finding &finding, const QString &origin) const;

    /** A new finding with the rule's usual severity, about @p current (spelled as defined). */
    Finding &add(const char *id, SettingId current, int entry = -1);
    /**
     * The findings, then for each rule and setting with more than MaxEntryFindingsPerRule
     * findings about entries, one finding that counts the others (add() gave those a scratch
     * finding that is not kept).
     */
    QList<Finding> takeFindings();
    /** False for a finding add() only counted: its text would be thrown away unread. */
    bool isListed(const Finding &finding) const { return &finding != &m_scratch; }
    /**
     * Counts @p count more findings of @p id about @p current's entries without listing them,
     * for a rule that lists its own (about the setting, not an entry) up to
     * MaxEntryFindingsPerRule; takeFindings() reports them like add()'s.
     */
    void countUnlisted(const char *id, SettingId current, int count = 1);

    /** Fixes that replace entry @p index with @p value (keeping its place), or none. */
    QList<PolicyFix> replaceEntry(SettingId current, int index, const PyValue &value,
                                  const QString &description) const;
    /** Fixes that remove entry @p index (only that copy), or none. */
    QList<PolicyFix> removeEntry(SettingId current, int index, const QString &description) const;
    static PolicyFix fix(PolicyFix::Action action, SettingId current, const PyValue &value,
                         const QString &description);

private:
    struct EntrySource
    {
        int writtenIndex = -1; // index in the written list/tuple, -1 inside a splat or default
        bool written = false;
    };
    QList<EntrySource> entrySources(SettingId current) const;
    QList<EntrySource> computeEntrySources(SettingId current) const;
    bool admits(const QString &origin, const std::optional<Py::SplitResult> &split) const;

    Policy m_policy;
    LintContext m_context;
    CorsEngine m_engine;
    // Per-entry rules ask about one entry at a time: a hash lookup and that entry's verdict
    // keep them O(1) each, where a full examineOrigin per entry made a large list quadratic.
    // The engine's own lists: building them again was 3% of a run on a long list.
    const OriginLists &m_lists;
    bool m_credentials = false;
    bool m_allowAll = false;
    std::optional<QString> m_enabledPath;
    QList<Finding> m_findings;
    struct Unlisted
    {
        QString id;
        SettingId setting;
        int count = 0;
    };
    QHash<std::pair<QString, int>, int> m_listed; // (rule, setting) -> entry findings kept
    QList<Unlisted> m_unlisted;
    Finding m_scratch;
    mutable QHash<QString, bool> m_admits;
    mutable QHash<SettingId, QList<PyValue>> m_entries;
    mutable QHash<SettingId, QList<EntrySource>> m_entrySources;
    mutable QHash<QString, bool> m_reaches;
    struct ParsedOrigin
    {
        std::optional<WebOrigin> origin;
        bool serialized = false;
    };
    const ParsedOrigin &parsedOrigin(const QString &text) const;
    mutable QHash<QString, ParsedOrigin> m_origins;
    mutable QHash<std::pair<qint64, QString>, bool> m_entryAdmits;
};

/** The text of an entry: a string's text, a compiled pattern's source, or repr(). */
QString entryText(const PyValue &entry);

/** The rule families; each appends its findings to @p run. */
void lintDjangoChecks(LintRun &run);
void lintOrigins(LintRun &run);
void lintRegexes(LintRun &run);
void lintHeaders(LintRun &run);
void lintPreflight(LintRun &run);
void lintScope(LintRun &run);
void lintStack(LintRun &run);

} // namespace Cors::Lint
