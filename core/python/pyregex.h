// SPDX-License-Identifier: MIT
#pragma once

#include <QRegularExpression>
#include <QString>

#include <memory>
#include <optional>

namespace Cors::Py {

class Pcre2Pattern;
struct RegexNode;

/**
 * A pattern of Python's `re` module (3.11, str patterns), checked and compiled the way Python
 * compiles it, and run with PCRE2 (as QRegularExpression would run it, see Pcre2Pattern) after
 * translating what differs.
 *
 * Patterns Python rejects are invalid here too, with Python's message and position, because
 * django-cors-headers then fails the request with a server error. Valid Python patterns that
 * cannot be run faithfully on PCRE2 are valid but unsupported (isSupported() is false).
 */
class Regex
{
public:
    Regex() = default;

    /** `re.compile(pattern, flags)`; flags are PyReFlag values. */
    static Regex compile(const QString &pattern, int flags = 0);

    const QString &pattern() const { return m_pattern; }
    /** The flags given plus the global inline flags of the pattern, e.g. (?i). */
    int flags() const { return m_flags; }

    /** Python would compile the pattern. */
    bool isValid() const { return m_valid; }
    /** Valid, and translated to an equivalent PCRE2 pattern. */
    bool isSupported() const { return isValid() && m_supported; }
    /**
     * Python's re.error message including its position suffix, e.g.
     * "missing ), unterminated subpattern at position 0"; or why a valid pattern is unsupported.
     */
    const QString &errorMessage() const { return m_errorMessage; }
    /** Code point offset of the error in the pattern, or -1. */
    int errorPosition() const { return m_errorPosition; }
    /**
     * The exception re.compile() raises for an invalid pattern: "re.error" mostly, but also
     * "OverflowError" (repeat counts), "ValueError" (flag clashes, too many digits),
     * "RuntimeError" (look-behinds of 2**31 characters and more) or "RecursionError" (deep
     * nesting; Python words that one differently depending on where its limit hits). Empty
     * when valid.
     */
    const QString &errorType() const { return m_errorType; }

    /** The PCRE2 pattern (for pcreOptions()) that behaves like the Python one. */
    const QString &pcrePattern() const { return m_pcrePattern; }

    /**
     * `re.match(pattern, subject)`: the length (in UTF-16 units) of the match that starts at
     * position 0, or -1 for no match. nullopt if PCRE2 gave up (match limit exceeded), and
     * whenever there is no answer: unsupported or invalid patterns, subjects that are not valid
     * UTF-16 (a lone surrogate).
     */
    std::optional<qsizetype> matchAtStart(QStringView subject) const;
    /**
     * matchAtStart(), and @p hitMatchLimit says whether a nullopt means that PCRE2 stopped
     * after MatchLimit steps: catastrophic backtracking, where Python's re would run for
     * minutes or hours instead of answering.
     */
    std::optional<qsizetype> matchAtStart(QStringView subject, bool *hitMatchLimit) const;
    /** `bool(re.match(pattern, subject))`; false when PCRE2 gave up. */
    bool matches(QStringView subject) const;
    /**
     * `bool(re.search(pattern, subject))`: a match starting anywhere. nullopt where there is no
     * answer, as for matchAtStart().
     */
    std::optional<bool> search(QStringView subject) const;

    /**
     * A pattern that is plain text between an optional `^` and an optional `.*`, `$` or `.*$`,
     * without flags other than re.UNICODE or re.ASCII: `^/api/.*$`, `^.*$`, `^/health$`. On a
     * subject without line breaks, re.match() matches it exactly when the subject starts with
     * the text and, for `exact` (a `$` right after the text), is the text: callers on a hot
     * path can answer without running the regex.
     */
    struct PlainPrefix
    {
        QByteArray text; // ASCII
        bool exact = false;

        /** re.match()'s answer for a subject known to be printable ASCII. */
        bool matchesPrintable(QLatin1StringView subject) const { return answer(subject); }
        /**
         * re.match()'s answer when @p subject is printable ASCII; std::nullopt for any other
         * subject (a line break, or a unit PCRE2 might refuse): then ask the regex.
         */
        std::optional<bool> matchPrintable(QStringView subject) const
        {
            for (const QChar c : subject) {
                if (c.unicode() < 0x20 || c.unicode() >= 0x7f)
                    return std::nullopt;
            }
            return answer(subject);
        }

    private:
        template<typename View>
        bool answer(View subject) const
        {
            const QLatin1StringView plain(text);
            return exact ? subject == plain : subject.startsWith(plain);
        }
    };
    std::optional<PlainPrefix> plainPrefix() const;

    /** The parsed pattern (null when invalid), for analysis by the linter. */
    std::shared_ptr<const RegexNode> syntaxTree() const { return m_tree; }
    /** Number of capturing groups (Pattern.groups). */
    int groupCount() const { return m_groupCount; }

    /** The options pcrePattern() is compiled with. */
    static QRegularExpression::PatternOptions pcreOptions()
    {
        return QRegularExpression::UseUnicodePropertiesOption;
    }

    /** Longest pattern (in code points) that is analysed at all; longer ones are unsupported. */
    static constexpr int MaxPatternLength = 1 << 18;
    /**
     * Deepest nesting, in Python parser frames (two per group), that is run. Deeper patterns
     * are unsupported: whether Python raises RecursionError depends on its caller's stack, and
     * PCRE2 refuses more than 250 nested groups anyway.
     */
    static constexpr int MaxParserFrames = 400;
    /**
     * Backtracking steps (PCRE2's match limit) one match may take. Real CORS patterns need a
     * few hundred, linear scans of megabytes a few thousand; patterns like (a+)+$ reach it in
     * well under a second, which is what keeps them from freezing the GUI or the CLI.
     */
    static constexpr int MatchLimit = 1'000'000;

private:
    QString m_pattern;
    int m_flags = 0;
    bool m_valid = true;
    int m_groupCount = 0;
    QString m_errorType;
    QString m_errorMessage;
    int m_errorPosition = -1;
    bool m_supported = false;
    QString m_pcrePattern;
    std::shared_ptr<const Pcre2Pattern> m_compiled;
    std::shared_ptr<const RegexNode> m_tree;
};

} // namespace Cors::Py
