// SPDX-License-Identifier: MIT
#pragma once

#include "browser/policyfix.h"
#include "io/corsdocument.h"
#include "policy/setting.h"
#include "stack/deployment.h"

#include <QList>
#include <QString>

#include <optional>

namespace Cors {

/**
 * Findings of one rule about entries of one setting that are listed one by one; past this the
 * rest are counted and reported as one finding. An allow-list of 100,000 origins pasted from a
 * spreadsheet gave 100,000 alike findings (about 1.5 KB each, held by the document, the Problems
 * view and the rows), which no one reads one by one.
 */
inline constexpr int MaxEntryFindingsPerRule = 200;

/**
 * One thing the linter found: what makes the policy unsafe or broken, why, how to fix it and,
 * where it applies, the concrete origin or request that proves it.
 */
struct Finding
{
    enum class Severity {
        Error,   ///< exploitable, or every request fails: `cors-studio lint` exits 1
        Warning, ///< risky, or silently not doing what it seems to
        Info,    ///< noise, or a consequence worth knowing
    };

    /** Stable rule id ("regex-unanchored-end", "corsheaders.E013"); see lintRules(). */
    QString id;
    Severity severity = Severity::Warning;
    /**
     * The setting, under the name the policy spells it (a legacy alias when that is what is
     * defined), so the editor can mark the row.
     */
    SettingId setting = SettingId::AllowedOrigins;
    /** Index of the entry within the setting's sequence (as Python iterates it), or -1. */
    int entry = -1;
    /** The entry as written (a regex's source), empty when the finding is about the setting. */
    QString entryText;
    /** Code point span inside entryText the finding points at (a regex's `.`), or -1. */
    int position = -1;
    int length = 0;

    QString message;
    /** What to do, in words; always set. */
    QString fixText;
    /**
     * The edit that fixes it, applied together as one step (e.g. add the exact origin, remove
     * the regex); see applyFixes(). Fixes name settings by their current name: applying them
     * edits whichever name the policy defines. Empty when no edit can be proposed safely.
     */
    QList<PolicyFix> fixes;

    /**
     * An Origin the policy admits although the author did not mean to, checked against the
     * engine (so against django-cors-headers) before it is reported: it gets
     * Access-Control-Allow-Origin on a GET and on a preflight.
     */
    std::optional<QString> attackerOrigin;
    /**
     * The request that shows it, as a request line: "GET /api/x" (the path is one where the
     * middleware is enabled; for CORS_URLS_REGEX findings, a path it enables by mistake).
     */
    std::optional<QString> attackRequest;
    /**
     * For findings about the Django stack around CorsMiddleware: the Django setting
     * ("MIDDLEWARE", "CSRF_TRUSTED_ORIGINS") the finding is about, and its line in the settings
     * module (0 when unknown). @ref setting is then not meaningful.
     */
    QString djangoSetting;
    int line = 0;
    /**
     * For a settings.py with variants (settingsvariants.h): the variant the finding holds in
     * ("DEBUG off", or "every variant"); empty when the file has one policy.
     */
    QString variant;

    friend bool operator==(const Finding &, const Finding &) = default;
};

/** "error", "warning", "info". */
QString severityName(Finding::Severity severity);
/** The setting a finding is about, as the report names it ("MIDDLEWARE", "CORS_ALLOWED_ORIGINS"). */
QString findingSettingName(const Finding &finding);

/** What the linter knows beyond the policy. */
struct LintContext
{
    /** The saved scenarios of the document: their page origins and paths sharpen some rules. */
    QList<SavedScenario> scenarios;
    /**
     * Django's SESSION_COOKIE_SAMESITE as the project sets it ("Lax", "Strict", "None"; "" for
     * Python's None or False: no SameSite attribute); unset means Django's default, "Lax". See
     * readSessionCookieSameSite() (lint/sessioncookie.h) for reading it from settings.py.
     */
    std::optional<QString> sessionCookieSameSite;
    /**
     * The Django stack (middleware, settings, routes) when known: enables the stack rules
     * (CorsMiddleware placement, CSRF trusted origins, SSL redirects).
     */
    std::optional<Deployment> deployment;
    /**
     * CORS settings the settings.py assigns that could not be read: each is an error finding
     * (setting-unread), since nothing else the linter says covers it.
     */
    QList<UnreadSetting> unreadSettings;

    static LintContext fromDocument(const CorsDocument &document);
};

/** One variant of a settings.py, for lintVariants(). */
struct LintVariant
{
    QString name;
    Policy policy;
    QList<UnreadSetting> unread;
};

} // namespace Cors
