// SPDX-License-Identifier: MIT
#pragma once

#include "policy/policy.h"

#include <QList>
#include <QString>

namespace Cors {

/** A problem with one entry of a list setting, for the editor's rows and the Problems panel. */
struct EntryIssue
{
    enum class Severity { Error, Warning, Info };

    int index = -1;
    Severity severity = Severity::Warning;
    /** Stable key: "not-a-string", "unparseable", "missing-scheme", "path", "trailing-slash",
     *  "uppercase", "default-port", "userinfo", "wildcard", "whitespace", "regex-syntax",
     *  "regex-unsupported", "not-a-token", "forbidden-header", "safelisted", "method-case",
     *  "forbidden-method", "duplicate". */
    QString code;
    QString message;
    /** Code point offset in the entry where the problem is (regex errors), or -1. */
    int position = -1;

    friend bool operator==(const EntryIssue &, const EntryIssue &) = default;
};

/** The entries of a list setting, as Python iterates its value (a bare string per character). */
QList<PyValue> settingEntries(const Policy &policy, SettingId id);

/**
 * Every issue of every entry of @p id as written in the policy (empty for non-list settings):
 * what django-cors-headers' checks reject, what makes Django fail, and entries that silently
 * never do what they seem to (an origin no browser sends, a header name browsers never send).
 */
QList<EntryIssue> validateEntries(const Policy &policy, SettingId id);

/** The issues of one entry on its own (no duplicate detection), for validating while typing. */
QList<EntryIssue> validateEntry(SettingId id, const PyValue &entry, Profile profile);

/**
 * The origin a scheme-less entry ("localhost:3000", "app.example.com") most likely means:
 * http:// for a dev server on loopback (localhost, *.localhost, 127.0.0.0/8, [::1]), which
 * serves plain http, and https:// for every other host. Empty when @p entry with a scheme is
 * still no origin.
 */
QString likelyOriginOf(const QString &entry);

/** Whether @p id holds a list of entries that the editor shows row by row. */
bool isListSetting(SettingId id);

} // namespace Cors
