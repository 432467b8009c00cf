// SPDX-License-Identifier: MIT
#pragma once

#include <QString>
#include <QStringView>

#include <memory>
#include <optional>

struct pcre2_real_code_16;

namespace Cors::Py {

/**
 * A PCRE2 pattern compiled and matched exactly as QRegularExpression does it (16-bit code units,
 * PCRE2_UTF | PCRE2_UCP, JIT, a JIT stack of up to 512 KiB per thread, subjects checked for
 * valid UTF-16), but called directly: QRegularExpression allocates a match context and match
 * data on every call, which cost more than matching a short origin or path. Here the match data
 * is reused, one per thread, so that one pattern can be matched from several threads at once.
 */
class Pcre2Pattern
{
public:
    /** The outcome of one match. */
    enum class Outcome { Match, NoMatch, Error };
    struct Result
    {
        Outcome outcome = Outcome::NoMatch;
        /** End of the whole match (UTF-16 units) when outcome is Match. */
        qsizetype end = -1;
        /** Error: the subject is not valid UTF-16 (otherwise a limit was hit). */
        bool badSubject = false;
    };

    /**
     * Compiles @p pattern; null with @p error set (PCRE2's message) when PCRE2 refuses it.
     * With @p anchored the pattern matches only at the start (PCRE2_ANCHORED at compile time,
     * which unlike the same option at match time lets PCRE2 use the JIT; the match results are
     * the same, only the steps counted against the match limit differ).
     */
    static std::shared_ptr<const Pcre2Pattern> compile(QStringView pattern, QString *error,
                                                       bool anchored = false);
    ~Pcre2Pattern();
    Pcre2Pattern(const Pcre2Pattern &) = delete;
    Pcre2Pattern &operator=(const Pcre2Pattern &) = delete;

    /** A match starting exactly at 0 (@p anchored), or anywhere. */
    Result match(QStringView subject, bool anchored) const;
    /**
     * match() for a subject the caller knows to be valid UTF-16 (e.g. ASCII): PCRE2 then skips
     * its own check.
     */
    Result matchValid(QStringView subject, bool anchored) const;

private:
    Pcre2Pattern(pcre2_real_code_16 *code, bool jit)
        : m_code(code)
        , m_jit(jit)
    { }
    Result run(QStringView subject, bool anchored, bool checkUtf) const;

    pcre2_real_code_16 *m_code;
    /** JIT-compiled: matches without a start-time anchor or UTF check can enter it directly. */
    bool m_jit = false;
};

} // namespace Cors::Py
