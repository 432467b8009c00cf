// SPDX-License-Identifier: MIT
#pragma once

#include "checks/entryvalidation.h"
#include "policy/policy.h"

#include <QList>
#include <QString>

#include <optional>

namespace Cors {

/**
 * Whether the editor can show @p value as rows of a list: a list or tuple (items of any type;
 * `*default_headers` splices are rows of their own), or a bare `default_headers` /
 * `default_methods`. A str, a set or a number is not: the form shows it as Python.
 */
bool isRowList(const PyValue &value);

/**
 * The list the rows of @p id show and a list edit starts from: the written list, or the written
 * symbolic default / the profile's default made into a list with the same entries
 * (`default_headers` becomes `(*default_headers,)`, `()` becomes `[]`).
 */
PyValue editableList(const Policy &policy, SettingId id);

/** How many resolved entries each row of @p list stands for (1, or a splice's length). */
QList<int> rowSpans(const PyValue &list, Profile profile);

/**
 * Whether resolved entry @p entry of @p id comes from a `*default_headers`-style splice, i.e. is
 * one of django-cors-headers' own defaults rather than something the policy wrote.
 */
bool isSplicedEntry(const Policy &policy, SettingId id, int entry);

/** An explicit conversion of a value the form cannot show into one it can. */
struct ValueConversion
{
    QString label;       ///< "Convert to a list with one entry", for a button
    QString description; ///< what the conversion does, for its tooltip
    PyValue value;
};

/**
 * The conversion the editor offers for @p value of @p id (a bare str to a one-entry list, a set to
 * a list, 1 or "yes" to True, "600" to 600), or nullopt when there is none.
 */
std::optional<ValueConversion> formConversion(SettingId id, const PyValue &value);

/** Why a Python expression typed for a setting was not taken; line and column in that text. */
struct PythonValueError
{
    QString message;
    int line = 0;   ///< 1-based, 0 when unknown
    int column = 0; ///< 1-based, 0 when unknown
};

/**
 * Reads @p text as the right-hand side of `NAME = <text>` in a settings module (core's settings
 * reader, with `os`, `re`, `default_headers` and `default_methods` imported): the value a person
 * typed, exactly as Django would hold it. nullopt and @p error when the reader cannot take it.
 */
std::optional<PyValue> parsePythonValue(SettingId id, const QString &text, Profile profile,
                                        PythonValueError *error);

/** @p value as Python source that reads back as the same value (one item per line when long). */
QString pythonSource(const PyValue &value);

/**
 * The problems of CORS_URLS_REGEX (a pattern Python rejects makes every request fail), from
 * core's regex validation; empty when it is fine or not a pattern at all (corsheaders.E009).
 */
QList<EntryIssue> urlsRegexIssues(const Policy &policy);

} // namespace Cors
