// SPDX-License-Identifier: MIT
#include "python/pyregex.h"

#include "python/pcre2pattern.h"
#include "python/pyregexast.h"
#include "python/pyregexparser.h"
#include "python/pyregexpcre.h"
#include "python/pyregexunicode.h"
#include "python/pyvalue.h"

#include <algorithm>

namespace Cors::Py {

namespace {

/** str(re.error): the message, then where, with line and column for multi-line patterns. */
QString formatError(const QString &message, int position, std::u32string_view pattern)
{
    if (position < 0)
        return message;
    QString out = message + QStringLiteral(" at position %1").arg(position);
    const std::u32string_view before = pattern.substr(0, std::size_t(position));
    if (pattern.find(U'\n') != std::u32string_view::npos) {
        const auto line = std::count(before.begin(), before.end(), U'\n') + 1;
        const std::size_t lastNewline = before.rfind(U'\n');
        const auto column = lastNewline == std::u32string_view::npos ? position + 1
                                                                     : position - int(lastNewline);
        out += QStringLiteral(" (line %1, column %2)").arg(line).arg(column);
    }
    return out;
}

} // namespace

Regex Regex::compile(const QString &pattern, int flags)
{
    Regex regex;
    regex.m_pattern = pattern;
    regex.m_flags = flags;

    const std::u32string codePoints = ReUnicode::toCodePoints(pattern);
    if (codePoints.size() > std::size_t(MaxPatternLength)) {
        regex.m_errorMessage = QStringLiteral("patterns longer than %1 characters are not analysed")
                                       .arg(MaxPatternLength);
        return regex;
    }

    RegexParseResult parsed = parseRegex(codePoints, flags);
    if (!parsed.ok) {
        regex.m_valid = false;
        regex.m_errorType = parsed.errorType;
        regex.m_errorPosition = parsed.errorPosition;
        regex.m_errorMessage = formatError(parsed.errorMessage, parsed.errorPosition, codePoints);
        return regex;
    }
    regex.m_flags = parsed.flags;
    regex.m_groupCount = parsed.groupCount;
    regex.m_tree = std::make_shared<const RegexNode>(std::move(parsed.root));

    if (parsed.parserFrames > MaxParserFrames) {
        regex.m_errorMessage
                = QStringLiteral("groups nested too deep (%1 levels of Python's recursive parser): "
                                 "Python may raise RecursionError for this, depending on how deep "
                                 "its caller already is")
                          .arg(parsed.parserFrames);
        return regex;
    }
    if (parsed.namedCharacterPosition >= 0) {
        regex.m_errorPosition = parsed.namedCharacterPosition;
        regex.m_errorMessage
                = QStringLiteral("\\N{...} at position %1: CORS Studio has no table of Unicode "
                                 "character names, so it cannot tell which character is meant")
                          .arg(parsed.namedCharacterPosition);
        return regex;
    }

    const PcreTranslation translation = translateToPcre(*regex.m_tree);
    regex.m_pcrePattern = translation.pattern;
    if (!translation.unsupportedReason.isEmpty()) {
        regex.m_errorPosition = translation.unsupportedPosition;
        regex.m_errorMessage = translation.unsupportedReason;
        return regex;
    }
    // The limit goes into the compiled pattern only: pcrePattern() stays the translation.
    QString compileError;
    regex.m_compiled = Pcre2Pattern::compile(
            QString(QStringLiteral("(*LIMIT_MATCH=%1)").arg(MatchLimit) + translation.pattern),
            &compileError);
    if (!regex.m_compiled) {
        regex.m_errorMessage
                = QStringLiteral("PCRE2 cannot run the translated pattern: %1").arg(compileError);
        return regex;
    }
    regex.m_supported = true;
    return regex;
}

std::optional<qsizetype> Regex::matchAtStart(QStringView subject) const
{
    return matchAtStart(subject, nullptr);
}

std::optional<qsizetype> Regex::matchAtStart(QStringView subject, bool *hitMatchLimit) const
{
    if (hitMatchLimit)
        *hitMatchLimit = false;
    if (!isSupported())
        return std::nullopt;
    const Pcre2Pattern::Result match = m_compiled->match(subject, true);
    // PCRE2 errors (match, depth or heap limit; a subject that is not UTF-16) are different
    // from no match.
    if (match.outcome == Pcre2Pattern::Outcome::Error) {
        if (hitMatchLimit)
            *hitMatchLimit = !match.badSubject;
        return std::nullopt;
    }
    return match.outcome == Pcre2Pattern::Outcome::Match ? match.end : -1;
}

std::optional<bool> Regex::search(QStringView subject) const
{
    if (!isSupported())
        return std::nullopt;
    const Pcre2Pattern::Result match = m_compiled->match(subject, false);
    if (match.outcome == Pcre2Pattern::Outcome::Error)
        return std::nullopt;
    return match.outcome == Pcre2Pattern::Outcome::Match;
}

std::optional<Regex::PlainPrefix> Regex::plainPrefix() const
{
    // re.UNICODE (implied for str patterns) and re.ASCII change nothing for these characters.
    if (!isSupported() || (m_flags & ~(PyReFlag::Unicode | PyReFlag::Ascii)) != 0)
        return std::nullopt;
    // Characters that are themselves in a Python pattern whatever surrounds them (no flags,
    // so no VERBOSE comments or spaces).
    const auto plain = [](QChar c) {
        return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || (c >= u'0' && c <= u'9')
                || QStringView(u"/_-:@~,=;!&").contains(c);
    };
    QStringView rest = m_pattern;
    if (rest.startsWith(u'^'))
        rest = rest.sliced(1);
    qsizetype length = 0;
    while (length < rest.size() && plain(rest.at(length)))
        ++length;
    PlainPrefix prefix {rest.first(length).toLatin1(), false};
    rest = rest.sliced(length);
    if (rest == u".*" || rest == u".*$" || rest.isEmpty())
        return prefix;
    if (rest == u"$") {
        prefix.exact = true;
        return prefix;
    }
    return std::nullopt;
}

bool Regex::matches(QStringView subject) const
{
    return matchAtStart(subject).value_or(-1) >= 0;
}

} // namespace Cors::Py
