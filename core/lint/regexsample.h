// SPDX-License-Identifier: MIT
#pragma once

#include "python/pyregexast.h"

#include <QString>
#include <QStringList>

#include <optional>
#include <unordered_map>
#include <vector>

namespace Cors::Lint {

/*
 * Strings built from a parsed Python pattern (Py::RegexNode), for finding counterexamples: a
 * legitimate witness the pattern was written to match, and the same witness with one node's text
 * replaced by what an attacker would put there. Nothing here decides whether a string matches;
 * every candidate is run through the real matcher (the engine) before anyone reports it.
 */

struct SampleOptions
{
    /** Repeats with a minimum of 0 produce one iteration instead of none (`s?`, `(www\.)?`). */
    bool atLeastOne = false;
    /** Which child an Alternation produces (default: the first). */
    std::unordered_map<const Py::RegexNode *, int> choices;
    /** Nodes that produce this text instead of their own. */
    std::unordered_map<const Py::RegexNode *, QString> overrides;
};

struct RegexSample
{
    QString text;
    /** False when the pattern cannot be sampled (huge repeat counts, unknown characters). */
    bool ok = true;
    /** UTF-16 [begin, end) of what each node produced in text (the last time it produced). */
    std::unordered_map<const Py::RegexNode *, std::pair<int, int>> spans;
    /** `.` nodes produced outside any repeat: written where a literal dot was meant, usually. */
    std::vector<const Py::RegexNode *> bareDots;
    /** The Alternation children produced, by alternation. */
    std::unordered_map<const Py::RegexNode *, int> chosen;
};

/**
 * A string @p root matches from its start (re.match), built from the tree: literals as written
 * (lower-cased under IGNORECASE), for a class a representative character preferring lower-case
 * letters, digits and '-', for a bare `.` a literal dot, the minimal number of repetitions.
 */
RegexSample sampleRegex(const Py::RegexNode &root, const SampleOptions &options = {});

/**
 * Choices that together produce every alternative at least once: the default (all first
 * children), then one set per other child of each alternation. At most @p cap sets.
 */
std::vector<std::unordered_map<const Py::RegexNode *, int>>
alternativeChoices(const Py::RegexNode &root, int cap = 24);

/** The alternatives of a top-level `a|b` (or the root alone). */
std::vector<const Py::RegexNode *> topLevelAlternatives(const Py::RegexNode &root);

/** Every path through @p node ends with `$` or `\Z` (so nothing can follow the match). */
bool forcesEnd(const Py::RegexNode &node);

/** Whether any node of the tree is under IGNORECASE. */
bool usesIgnoreCase(const Py::RegexNode &root);

/** One string of a pattern's finite language. */
struct ExactString
{
    QString text;
    /** The pattern ends there ($ or \Z); otherwise anything may follow (re.match). */
    bool endAnchored = false;
};

/**
 * When the pattern matches a finite set of literal strings (a literal, alternatives of
 * literals, optional parts), those strings, at most @p cap of them; nullopt otherwise (classes,
 * open repeats, IGNORECASE, look-arounds, anchors in the middle).
 */
std::optional<std::vector<ExactString>> finiteLanguage(const Py::RegexNode &root, int cap = 8);

/** UTF-16 index of the code point offset @p codePoint in @p text (RegexNode spans count code points). */
int utf16Index(const QString &text, int codePoint);

/** @p pattern with the code point span [position, position + length) replaced by @p with. */
QString replaceSpan(const QString &pattern, int position, int length, const QString &with);

/** The source text of @p node in @p pattern. */
QString nodeSource(const QString &pattern, const Py::RegexNode &node);

} // namespace Cors::Lint
