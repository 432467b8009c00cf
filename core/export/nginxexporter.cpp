// SPDX-License-Identifier: MIT
#include "export/nginxexporter.h"

#include "python/pyregex.h"
#include "python/pyregexast.h"
#include "python/pyregexpcre.h"
#include "python/pysemantics.h"
#include "python/urlsplit.h"
#include "server/djangoheaders.h"
#include "server/originlists.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <utility>

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("NginxExporter", text);
}

// ---- Text that may hold user values ------------------------------------------------------

/**
 * @p text as printable ASCII: everything else as \xHH, \uHHHH or \UHHHHHHHH. Comments end at a
 * line feed and terminals obey escape sequences, so user text never reaches the file raw.
 */
QString printableAscii(const QString &text)
{
    // Usually nothing needs escaping: the text is shared, not rebuilt character by character.
    if (std::all_of(text.begin(), text.end(),
                    [](QChar c) { return c.unicode() >= 0x20 && c.unicode() < 0x7f; }))
        return text;
    QString out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        char32_t cp = text.at(i).unicode();
        if (QChar::isHighSurrogate(cp) && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            cp = QChar::surrogateToUcs4(text.at(i), text.at(i + 1));
            ++i;
        }
        if (cp >= 0x20 && cp < 0x7f)
            out += QChar(char16_t(cp));
        else if (cp <= 0xff)
            out += QStringLiteral("\\x%1").arg(uint(cp), 2, 16, QLatin1Char('0'));
        else if (cp <= 0xffff)
            out += QStringLiteral("\\u%1").arg(uint(cp), 4, 16, QLatin1Char('0'));
        else
            out += QStringLiteral("\\U%1").arg(uint(cp), 8, 16, QLatin1Char('0'));
    }
    return out;
}

/** A Python value as the settings file would show it, safe for a comment. */
QString shown(const PyValue &value)
{
    return printableAscii(Py::repr(value));
}

QString shownStr(const QString &text)
{
    return printableAscii(Py::reprString(text));
}

/** `# ` lines of at most ~96 columns at @p indent. */
QStringList commentLines(const QString &text, const QString &indent = QString())
{
    const QString safe = printableAscii(text);
    const QStringList words = safe.split(u' ', Qt::SkipEmptyParts);
    QStringList lines;
    QString line;
    for (const QString &word : words) {
        if (!line.isEmpty() && indent.size() + 2 + line.size() + 1 + word.size() > 96) {
            lines.append(indent + QStringLiteral("# ") + line);
            line.clear();
        }
        line += line.isEmpty() ? word : u' ' + word;
    }
    if (!line.isEmpty())
        lines.append(indent + QStringLiteral("# ") + line);
    return lines;
}

// ---- nginx string syntax -------------------------------------------------------------------

/*
 * nginx reads a quoted token left to right and turns \" into ", \' into ', \\ into \ and \t \r
 * \n into control characters; any other backslash stays. Variables ($name, ${name}) are
 * expanded in map values, add_header values and proxy_pass, but not in regular expressions
 * (map keys, location ~).
 */

/** A double-quoted token that hands @p pattern (printable ASCII) to PCRE unchanged in meaning. */
QString quotedRegex(const QString &pattern)
{
    QString out = QStringLiteral("\"");
    for (qsizetype i = 0; i < pattern.size(); ++i) {
        const QChar c = pattern.at(i);
        if (c == u'\\') {
            if (i + 1 == pattern.size()) {
                out += QStringLiteral("\\\\");
            } else if (pattern.at(i + 1) == u'\\') {
                // PCRE's escaped backslash: nginx must hand over both backslashes.
                out += QStringLiteral("\\\\\\\\");
                ++i;
            } else {
                // nginx turns \" \' \t \r \n into the character itself, which PCRE reads the
                // same way as the escape; every other pair is passed on as is.
                out += c;
                out += pattern.at(i + 1);
                ++i;
            }
        } else if (c == u'"') {
            out += QStringLiteral("\\\"");
        } else {
            out += c;
        }
    }
    out += u'"';
    return out;
}

/** The variable holding a literal "$" (geo values are not scripts, so "$" stays as written). */
const QString dollarVariable = QStringLiteral("cors_dollar");

/**
 * A double-quoted token for a header value in a context that expands variables: "$" goes
 * through ${cors_dollar}. Control characters other than TAB cannot be written (nginx would keep
 * them raw in the file, and NUL ends strings in places); returns nullopt for those.
 */
std::optional<QString> quotedValue(const QString &value, bool *usesDollar)
{
    QString out = QStringLiteral("\"");
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        if (u == u'\\')
            out += QStringLiteral("\\\\");
        else if (u == u'"')
            out += QStringLiteral("\\\"");
        else if (u == u'\t')
            out += QStringLiteral("\\t");
        else if (u == u'$') {
            out += QStringLiteral("${") + dollarVariable + u'}';
            *usesDollar = true;
        } else if (u < 0x20 || u == 0x7f)
            return std::nullopt;
        else
            out += c;
    }
    out += u'"';
    return out;
}

// ---- PCRE for nginx ------------------------------------------------------------------------

/*
 * nginx compiles regular expressions with libpcre2-8 in byte mode (no UTF), and Django reads
 * header bytes as latin-1 characters: byte b is code point b on both sides. Patterns here are
 * printable ASCII; bytes outside it are written \xHH.
 */

QString byteEscape(char32_t cp)
{
    return QStringLiteral("\\x%1").arg(uint(cp), 2, 16, QLatin1Char('0'));
}

/** A literal byte string (code points <= 0xff) for a pattern, escaping only what PCRE needs. */
QString literalPattern(const QString &text)
{
    static const QString meta = QStringLiteral("\\^$.|?*+()[]{}");
    QString out;
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        if (u < 0x20 || u >= 0x7f || u == u' ')
            out += byteEscape(u);
        else if (meta.contains(c))
            out += u'\\' + c;
        else
            out += c;
    }
    return out;
}

bool fitsLatin1(const QString &text)
{
    return std::all_of(text.begin(), text.end(), [](QChar c) { return c.unicode() <= 0xff; });
}

/**
 * Builds the patterns that decide what urlsplit() makes of an Origin. The plain form is for an
 * Origin without TAB and without a leading control character or space (nothing for urlsplit to
 * remove), and stays readable; the tolerant form sees through what urlsplit removes: any run of
 * [\x00-\x20] in front, and TAB anywhere.
 */
class OriginPatterns
{
public:
    explicit OriginPatterns(bool tolerant)
        : m_tolerant(tolerant)
    { }

    /**
     * What urlsplit() deletes, between any two characters: TAB, CR and LF, of which only TAB
     * can reach nginx (it refuses CR and LF in a header value).
     */
    QString gap() const { return m_tolerant ? QStringLiteral("\\t*") : QString(); }
    QString start() const
    {
        return m_tolerant ? QStringLiteral("\\A[\\x00-\\x20]*+") : QStringLiteral("^");
    }
    QString end() const { return m_tolerant ? QStringLiteral("\\z") : QStringLiteral("$"); }
    /** Where the netloc ends: a path, query, fragment or the end. */
    QString netlocEnd() const { return QStringLiteral("(?:[/?#]|") + end() + u')'; }
    QString literal(const QString &text) const
    {
        if (!m_tolerant)
            return literalPattern(text);
        QString out;
        for (const QChar c : text)
            out += literalPattern(QString(c)) + gap();
        return out;
    }
    /** A scheme as urlsplit() lower-cases it: ASCII letters in either case. */
    QString scheme(const QString &lowered) const
    {
        if (!m_tolerant)
            return QStringLiteral("(?i:") + literalPattern(lowered) + u')';
        QString out;
        for (const QChar c : lowered) {
            if (c >= u'a' && c <= u'z')
                out += u'[' + c.toUpper() + c + u']' + gap();
            else
                out += literalPattern(QString(c)) + gap();
        }
        return out;
    }
    /** A valid scheme followed by its colon (the first colon of the Origin). */
    QString anyScheme() const
    {
        return m_tolerant ? QStringLiteral("[A-Za-z][A-Za-z0-9+.\\-\\t]*:")
                          : QStringLiteral("[A-Za-z][A-Za-z0-9+.\\-]*:");
    }
    QString slashes() const { return gap() + u'/' + gap() + u'/' + gap(); }
    /** A non-empty netloc follows: "//" and a character that is not / ? #. */
    QString netlocFollows() const
    {
        return m_tolerant ? slashes() + QStringLiteral("[^/?#\\t]") : QStringLiteral("//[^/?#]");
    }

    /** Origins whose urlsplit() gives @p split's scheme and netloc. */
    QString entry(const Py::SplitResult &split) const
    {
        QString out = start();
        if (!split.scheme.isEmpty()) {
            out += scheme(split.scheme) + u':';
            if (split.netloc.isEmpty())
                out += QStringLiteral("(?!") + netlocFollows() + u')';
            else
                out += slashes() + literal(split.netloc) + netlocEnd();
        } else if (!split.netloc.isEmpty()) {
            out += slashes() + literal(split.netloc) + netlocEnd();
        } else {
            out += QStringLiteral("(?!") + anyScheme() + QStringLiteral(")(?!") + netlocFollows()
                    + u')';
        }
        return out;
    }

    /**
     * Origins for which urlsplit() raises ValueError (bracket rules of the netloc). The pieces
     * of an address are subroutines in a DEFINE block at the end, numbered 1 to 4 (the rest has
     * no capturing group), so the IPv6 grammar is written once.
     */
    QString unparseable() const
    {
        const QString g = gap();
        const QString e = netlocEnd();
        const QString notHost = QStringLiteral("(?!(?4)(?:\\]|") + e + QStringLiteral("))");
        const QString controls = m_tolerant ? QStringLiteral("\\t") : QString();
        return start() + QStringLiteral("(?:") + anyScheme() + QStringLiteral(")?") + g + u'/' + g
                + u'/'
                + QStringLiteral("(?:")
                // '[' and no ']' in the netloc, or the reverse
                + QStringLiteral("(?=[^/?#\\]]*") + e + QStringLiteral(")(?=[^/?#]*\\[)")
                + QStringLiteral("|(?=[^/?#\\[]*") + e
                + QStringLiteral(")(?=[^/?#]*\\])")
                // both: after the last '@', text before '[' or after ']' (but a port), or a
                // bracketed host that is neither IPv6 nor IPvFuture
                + QStringLiteral("|(?=[^/?#]*\\[)(?=[^/?#]*\\])(?:[^/?#]*@)?+(?:") + g
                + QStringLiteral("[^/?#@\\[") + controls + QStringLiteral("][^/?#@\\[]*\\[") + u'|'
                + g + QStringLiteral("\\[(?:") + notHost + QStringLiteral("|[^\\]/?#@]*\\]") + g
                + QStringLiteral("[^:/?#@") + controls + QStringLiteral("])")
                + u'|'
                // no '[' after the last '@': the host is what comes before the first ':', and
                // only IPvFuture can be valid without a colon
                + QStringLiteral("(?=[^/?#\\[]*") + e + QStringLiteral(")(?!") + g + u'v' + g
                + QStringLiteral("(?:[0-9A-Fa-f]") + g + QStringLiteral(")+\\.") + g
                + QStringLiteral("[^:/?#@") + controls + QStringLiteral("][^:/?#@]*(?::|") + e
                + QStringLiteral("))))") + addressDefinitions();
    }

private:
    /**
     * (?1) a hextet, (?2) an IPv4 octet, (?3) the last 32 bits, (?4) what Python's
     * _check_bracketed_host accepts: IPvFuture, or an IPv6 address (RFC 3986's grammar, which is
     * what the ipaddress module accepts) with an optional non-empty scope.
     */
    QString addressDefinitions() const
    {
        const QString g = gap();
        const QString controls = m_tolerant ? QStringLiteral("\\t") : QString();
        const QString hex = QStringLiteral("[0-9A-Fa-f]") + g;
        auto d = [&](const QString &digits) -> QString { return u'[' + digits + u']' + g; };
        const QString h16 = QStringLiteral("(?:") + hex + QStringLiteral("){1,4}");
        const QString dec = QStringLiteral("(?:2") + g + u'5' + g + d(QStringLiteral("0-5")) + u'|'
                + u'2' + g + d(QStringLiteral("0-4")) + d(QStringLiteral("0-9")) + u'|' + u'1' + g
                + d(QStringLiteral("0-9")) + d(QStringLiteral("0-9")) + u'|'
                + d(QStringLiteral("1-9")) + d(QStringLiteral("0-9")) + u'|'
                + d(QStringLiteral("0-9")) + u')';
        const QString dot = QStringLiteral("\\.") + g;
        const QString colon = u':' + g;
        const QString ls32 = QStringLiteral("(?:(?1)") + colon + QStringLiteral("(?1)|(?2)") + dot
                + QStringLiteral("(?2)") + dot + QStringLiteral("(?2)") + dot
                + QStringLiteral("(?2))");
        const QString hc = QStringLiteral("(?:(?1)") + colon + u')';
        const QString dc = colon + colon;
        auto upTo = [&](int n) -> QString {
            return QStringLiteral("(?:") + hc + QStringLiteral("{0,%1}(?1))?").arg(n);
        };
        const QString ipv6 = QStringLiteral("(?:") + hc + QStringLiteral("{6}(?3)|") + dc + hc
                + QStringLiteral("{5}(?3)|(?:(?1))?") + dc + hc + QStringLiteral("{4}(?3)|")
                + upTo(1) + dc + hc + QStringLiteral("{3}(?3)|") + upTo(2) + dc + hc
                + QStringLiteral("{2}(?3)|") + upTo(3) + dc + hc + QStringLiteral("(?3)|") + upTo(4)
                + dc + QStringLiteral("(?3)|") + upTo(5) + dc + QStringLiteral("(?1)|") + upTo(6)
                + dc + u')';
        const QString scope = QStringLiteral("(?:%") + g + QStringLiteral("[^%\\]/?#@") + controls
                + QStringLiteral("][^%\\]/?#@]*)?");
        const QString future = u'v' + g + QStringLiteral("(?:") + hex + QStringLiteral(")+") + dot
                + QStringLiteral("[^\\]/?#@") + controls + QStringLiteral("][^\\]/?#@]*");
        const QString host = g + QStringLiteral("(?:") + future + u'|' + ipv6 + scope + u')';
        return QStringLiteral("(?(DEFINE)(") + h16 + QStringLiteral(")(") + dec
                + QStringLiteral(")(") + ls32 + QStringLiteral(")(") + host + QStringLiteral("))");
    }

    bool m_tolerant;
};

/** The code point of a `\x{...}` at @p i of a translated pattern, and where it ends. */
std::optional<char32_t> hexEscapeAt(const QString &pattern, qsizetype i, qsizetype *end)
{
    if (i + 2 >= pattern.size() || pattern.at(i) != u'\\' || pattern.at(i + 1) != u'x'
        || pattern.at(i + 2) != u'{')
        return std::nullopt;
    const qsizetype close = pattern.indexOf(u'}', i + 3);
    if (close < 0)
        return std::nullopt;
    bool ok = false;
    const uint cp = pattern.mid(i + 3, close - i - 3).toUInt(&ok, 16);
    if (!ok)
        return std::nullopt;
    *end = close + 1;
    return char32_t(cp);
}

QString utf8Escapes(char32_t cp)
{
    const char32_t one[] = {cp};
    QString out;
    for (const char byte : QString::fromUcs4(one, 1).toUtf8())
        out += byteEscape(uchar(byte));
    return out;
}

QString classMember(char32_t cp)
{
    if ((cp >= u'0' && cp <= u'9') || (cp >= u'a' && cp <= u'z') || (cp >= u'A' && cp <= u'Z'))
        return QString(QChar(char16_t(cp)));
    return byteEscape(cp);
}

/** What the subject of an nginx regex is, byte for byte. */
enum class Subject {
    /** Header bytes, which Django reads as latin-1: byte b is code point b. */
    Latin1,
    /** The path ($uri), which Django decodes as UTF-8 into path_info. */
    Utf8,
};

/**
 * Rewrites a pattern of Py::Regex::pcrePattern() (written for PCRE2 in UTF mode) for nginx's
 * byte mode. Latin1: code points above 0xff cannot occur in the subject, so they leave the
 * classes, and a lone one becomes a class that matches nothing. Utf8: a lone non-ASCII
 * character becomes its UTF-8 bytes, which is exact; classes keep their ASCII members only (a
 * non-ASCII character is several bytes), which sensitiveToNonAscii() reports. Everything else
 * keeps its meaning. Returns nullopt if the pattern holds a construct this does not know.
 */
std::optional<QString> toBytePattern(const QString &pattern, Subject subject, bool *needsUcp)
{
    QString out;
    qsizetype i = 0;
    const qsizetype n = pattern.size();
    // A map regex that captures overwrites $1..$9 of the request (those of the location
    // regex); groups are made non-capturing unless a backreference or conditional needs them.
    const bool keepCaptures
            = pattern.contains(QLatin1String("\\g{")) || pattern.contains(QLatin1String("(?("));
    static const QString unicodeClasses = QStringLiteral("dDwWbB");
    auto atom = [&](qsizetype &at, char32_t *cp, QString *escape) -> bool {
        if (at >= n)
            return false;
        qsizetype end = 0;
        if (const auto hex = hexEscapeAt(pattern, at, &end)) {
            *cp = *hex;
            at = end;
            return true;
        }
        if (pattern.at(at) == u'\\') {
            if (at + 1 >= n)
                return false;
            const QChar c = pattern.at(at + 1);
            at += 2;
            static const QString classes = QStringLiteral("dDwWsShHvV");
            static const QString controls = QStringLiteral("ntrfea");
            static const char32_t controlValues[] = {10, 9, 13, 12, 27, 7};
            if (classes.contains(c)) {
                *escape = u'\\' + c;
                *needsUcp = *needsUcp || (subject == Subject::Latin1 && unicodeClasses.contains(c));
            } else if (const qsizetype k = controls.indexOf(c); k >= 0) {
                *cp = controlValues[k];
            } else if (c.isLetterOrNumber()) {
                return false; // an escape with a meaning this does not model
            } else {
                *cp = c.unicode();
            }
            return true;
        }
        *cp = pattern.at(at).unicode();
        ++at;
        return true;
    };
    while (i < n) {
        const QChar c = pattern.at(i);
        if (c == u'\\') {
            qsizetype end = 0;
            if (const auto hex = hexEscapeAt(pattern, i, &end)) {
                if (*hex < 0x80)
                    out += byteEscape(*hex);
                else if (subject == Subject::Latin1)
                    out += *hex > 0xff ? QStringLiteral("[^\\x00-\\xff]") : byteEscape(*hex);
                else
                    out += QStringLiteral("(?:") + utf8Escapes(*hex) + u')';
                i = end;
            } else if (i + 1 < n) {
                *needsUcp = *needsUcp
                        || (subject == Subject::Latin1
                            && unicodeClasses.contains(pattern.at(i + 1)));
                out += pattern.mid(i, 2);
                i += 2;
            } else {
                return std::nullopt;
            }
            continue;
        }
        if (c == u'(' && !keepCaptures && i + 1 < n && pattern.at(i + 1) != u'?'
            && pattern.at(i + 1) != u'*') {
            out += QStringLiteral("(?:");
            ++i;
            continue;
        }
        if (c != u'[') {
            out += c;
            ++i;
            continue;
        }
        // A character class: members, ranges and \d-style escapes.
        ++i;
        bool negated = false;
        if (i < n && pattern.at(i) == u'^') {
            negated = true;
            ++i;
        }
        QString members;
        bool any = false;
        while (i < n && pattern.at(i) != u']') {
            char32_t first = 0;
            QString escape;
            if (!atom(i, &first, &escape))
                return std::nullopt;
            if (!escape.isEmpty()) {
                members += escape;
                any = true;
                continue;
            }
            char32_t last = first;
            if (i + 1 < n && pattern.at(i) == u'-' && pattern.at(i + 1) != u']') {
                ++i;
                QString rangeEscape;
                if (!atom(i, &last, &rangeEscape) || !rangeEscape.isEmpty())
                    return std::nullopt;
            }
            const char32_t top = subject == Subject::Latin1 ? 0xff : 0x7f;
            if (first > top)
                continue;
            last = std::min(last, top);
            members += classMember(first);
            if (last != first)
                members += u'-' + classMember(last);
            any = true;
        }
        if (i >= n)
            return std::nullopt;
        ++i; // ']'
        if (!any)
            out += negated ? QStringLiteral("[\\x00-\\xff]") : QStringLiteral("[^\\x00-\\xff]");
        else
            out += (negated ? QStringLiteral("[^") : QStringLiteral("[")) + members + u']';
    }
    return out;
}

/** `re.match(regex, subject)` as an nginx pattern (nginx searches: anchored here). */
std::optional<QString> nginxMatchPattern(const Py::Regex &regex, Subject subject)
{
    static const QString verbs = QStringLiteral("(*NO_AUTO_POSSESS)(*NO_START_OPT)");
    QString body = regex.pcrePattern();
    if (!body.startsWith(verbs))
        return std::nullopt;
    bool needsUcp = false;
    const auto bytes = toBytePattern(body.mid(verbs.size()), subject, &needsUcp);
    if (!bytes)
        return std::nullopt;
    // UCP: Python's \w, \d and \b classify latin-1 letters and digits by Unicode, as PCRE2
    // does under UCP (in byte mode too). nginx's map and location regexes search, so the
    // pattern is anchored at the start only, as re.match is.
    return verbs + (needsUcp ? QStringLiteral("(*UCP)") : QString()) + QStringLiteral("\\A(?:")
            + *bytes + u')';
}

/**
 * Whether a pattern may treat a path with non-ASCII characters differently on nginx (bytes of
 * UTF-8) than on Django (code points): true if some character class or `.` matches some
 * non-ASCII characters (all of them is fine under an unbounded repeat, where the bytes of a
 * character are taken one by one), or at \b and \B. A single character is exact.
 */
bool sensitiveToNonAscii(const Py::RegexNode &node, bool underUnboundedRepeat)
{
    using Kind = Py::RegexNode::Kind;
    static const Py::CodePointSet nonAscii = Py::CodePointSet::range(0x80, 0x10ffff);
    auto judge = [&](const Py::CodePointSet &set) {
        const Py::CodePointSet part = set.intersected(nonAscii);
        if (part.isEmpty())
            return false;
        return !(part == nonAscii && underUnboundedRepeat);
    };
    switch (node.kind) {
    case Kind::Literal:
    case Kind::CharClass: {
        const Py::ReCharSet set = Py::charSetOf(node);
        if (!set.unicodeCategories.empty())
            return true;
        // One character: written as its UTF-8 bytes, exact.
        if (!set.negated && set.codePoints.size() == 1)
            return false;
        return judge(set.negated ? set.codePoints.complemented() : set.codePoints);
    }
    case Kind::Any:
        return judge(nonAscii);
    case Kind::Anchor:
        return node.anchor == Py::RegexNode::AnchorKind::WordBoundary
                || node.anchor == Py::RegexNode::AnchorKind::NotWordBoundary;
    case Kind::Repeat: {
        const bool unbounded = node.max == Py::RegexNode::Unbounded;
        const Py::RegexNode &child = node.children.front();
        const bool single = child.kind == Kind::Literal || child.kind == Kind::CharClass
                || child.kind == Kind::Any;
        return sensitiveToNonAscii(child, unbounded && single);
    }
    default:
        return std::any_of(node.children.begin(), node.children.end(),
                           [](const Py::RegexNode &c) { return sensitiveToNonAscii(c, false); });
    }
}

// ---- What Django does with the policy -----------------------------------------------------

/** A header value as Django sets it, or the exception setting it raises. */
struct HeaderSetting
{
    bool present = false;
    QString value;
    QString error; // Django raises (TypeError from join, BadHeaderError, ...)
};

HeaderSetting joinedHeader(const PyValue &value)
{
    HeaderSetting h;
    QString error;
    if (const auto joined = Py::join(QStringLiteral(", "), value, &error)) {
        if (const auto stored = djangoHeaderValue(*joined, &error)) {
            h.present = true;
            h.value = *stored;
            return h;
        }
    }
    h.error = error;
    return h;
}

/** One line of the Origin decision map. */
struct OriginRow
{
    QString plain;    // pattern for Origins urlsplit() leaves alone
    QString tolerant; // pattern for the others (empty: the same as plain)
    QString value;    // allowed / error
    QStringList comments;
    QString what;      // the setting and entry, for errors
    bool last = false; // matches whatever reaches it
};

const QString stateAllowed = QStringLiteral("allowed");
const QString stateRefused = QStringLiteral("refused");
const QString stateError = QStringLiteral("error");

struct Analysis
{
    Profile profile = Profile::V4;
    CorsHeaderNames names;

    // CORS_URLS_REGEX
    bool defaultUrls = true;
    QString urlsPattern; // nginx pattern when not the default
    QString urlsShown;   // the Python value, for comments
    QString urlsError;   // Django raises on every request
    QString urlsRefusal; // the export cannot be made

    bool allowAll = false;
    bool credentials = false;
    bool privateNetwork = false;

    QList<OriginRow> originRows;
    bool needsUnparseable = false;
    bool hasListRows = false;

    HeaderSetting expose;
    HeaderSetting allowHeaders;
    HeaderSetting allowMethods;
    HeaderSetting maxAge;

    QList<ExportNote> notes;

    bool allowedFails() const { return !expose.error.isEmpty(); }
    bool optionsFails() const
    {
        return allowedFails() || !allowHeaders.error.isEmpty() || !allowMethods.error.isEmpty()
                || !maxAge.error.isEmpty();
    }
    bool canFail() const
    {
        return allowedFails() || optionsFails()
                || std::any_of(originRows.begin(), originRows.end(),
                               [](const OriginRow &r) { return r.value == stateError; });
    }
};

void note(Analysis &a, const QString &text, std::optional<SettingId> setting = std::nullopt)
{
    a.notes.append({text, setting});
}

/** The name the policy reads @p id from, for messages. */
QString sourceName(const Policy &policy, SettingId id)
{
    return settingName(policy.effectiveSource(id).value_or(id));
}

void noteBareString(Analysis &a, const Policy &policy, SettingId id)
{
    const PyValue value = policy.effective(id);
    if (!value.isStr())
        return;
    note(a,
         tr("%1 is a bare string, so django-cors-headers iterates it character by character "
            "(probably a missing comma in a one-item tuple); the export does the same.")
                 .arg(sourceName(policy, id)),
         policy.effectiveSource(id).value_or(id));
}

void noteDynamic(Analysis &a, const Policy &policy, SettingId id)
{
    const std::optional<SettingId> source = policy.effectiveSource(id);
    if (!source)
        return;
    const PyValue *value = policy.value(*source);
    if (value && value->isDynamic())
        note(a,
             tr("%1 reads the environment; the export uses the value the file gives when the "
                "variable is unset.")
                     .arg(settingName(*source)),
             *source);
}

void analyseUrls(Analysis &a, const Policy &policy)
{
    const PyValue value = policy.effective(SettingId::UrlsRegex);
    const std::optional<PyValue> fallback = defaultValue(SettingId::UrlsRegex, policy.profile());
    a.urlsShown = shown(value);
    a.defaultUrls = fallback && value == *fallback;
    if (a.defaultUrls) {
        note(a,
             tr("CORS_URLS_REGEX is the default ^.*$, written as location /. Django's ^.*$ does "
                "not match a path with a line feed (%0A) before its end, so Django leaves such a "
                "request alone; nginx gives it the CORS headers."),
             SettingId::UrlsRegex);
        return;
    }
    QString error;
    const std::optional<Py::Regex> regex = compilePythonPattern(value, &error);
    if (!regex) {
        const bool unsupported = (value.isStr() || value.kind() == PyValue::Kind::Pattern)
                && Py::Regex::compile(value.text(), value.isStr() ? 0 : value.patternFlags())
                           .isValid();
        if (unsupported) {
            a.urlsRefusal = tr("CORS_URLS_REGEX %1 cannot be translated for nginx: %2")
                                    .arg(a.urlsShown, printableAscii(error));
            return;
        }
        a.urlsError = error;
        note(a,
             tr("CORS_URLS_REGEX %1 makes Django raise %2 on every request; the export answers "
                "every request with 500 as well.")
                     .arg(a.urlsShown, printableAscii(error)),
             SettingId::UrlsRegex);
        return;
    }
    const auto pattern = nginxMatchPattern(*regex, Subject::Utf8);
    if (!pattern) {
        a.urlsRefusal = tr("CORS_URLS_REGEX %1 cannot be translated for nginx.").arg(a.urlsShown);
        return;
    }
    a.urlsPattern = *pattern;
    if (quotedRegex(a.urlsPattern).toUtf8().size() >= 4096) {
        a.urlsRefusal = tr("CORS_URLS_REGEX %1 becomes a pattern longer than nginx accepts in its "
                           "configuration (4095 bytes).")
                                .arg(a.urlsShown);
        return;
    }
    note(a,
         tr("CORS_URLS_REGEX %1 becomes a regex location. nginx picks it only if no exact (=) or "
            "^~ prefix location matches first and no earlier regex location does; outside it "
            "(location /) nginx adds no CORS header, as Django does.")
                 .arg(a.urlsShown),
         SettingId::UrlsRegex);
    if (sensitiveToNonAscii(*regex->syntaxTree(), false))
        note(a,
             tr("CORS_URLS_REGEX %1 looks at non-ASCII characters (or word boundaries): nginx "
                "matches the UTF-8 bytes of the path, Django its characters, so paths with "
                "non-ASCII characters may be scoped differently.")
                     .arg(a.urlsShown),
             SettingId::UrlsRegex);
}

void analyseOrigins(Analysis &a, const Policy &policy)
{
    const std::optional<SettingId> listSource = policy.effectiveSource(SettingId::AllowedOrigins);
    const std::optional<SettingId> regexSource
            = policy.effectiveSource(SettingId::AllowedOriginRegexes);
    const QString listName = sourceName(policy, SettingId::AllowedOrigins);
    const QString regexName = sourceName(policy, SettingId::AllowedOriginRegexes);
    const OriginPatterns plain(false);
    const OriginPatterns tolerant(true);

    // Django raises for every Origin that gets this far: nothing after it is reached.
    auto errorRow = [&](const QString &why) {
        OriginRow row;
        row.plain = QStringLiteral("^");
        row.value = stateError;
        row.last = true;
        row.comments = QStringList {why};
        a.originRows.append(row);
    };

    if (a.allowAll)
        return;

    // `origin == "null" and origin in CORS_ALLOWED_ORIGINS` runs before anything is parsed.
    const PyValue list = policy.effective(SettingId::AllowedOrigins);
    QString error;
    if (const auto nullListed = Py::containsStr(list, QStringLiteral("null"), &error)) {
        if (*nullListed) {
            OriginRow row;
            row.plain = QStringLiteral("^null$");
            row.value = stateAllowed;
            row.comments = QStringList {
                    tr("\"null\" in %1 (exact test, before any parsing)").arg(listName)};
            a.originRows.append(row);
        }
    } else {
        OriginRow row;
        row.plain = QStringLiteral("^null$");
        row.value = stateError;
        row.comments = QStringList {
                tr("'\"null\" in %1' raises %2: Django answers 500").arg(listName, error)};
        a.originRows.append(row);
        note(a,
             tr("%1 makes Django raise %2 for the Origin null; the export answers 500 too.")
                     .arg(listName, printableAscii(error)),
             listSource.value_or(SettingId::AllowedOrigins));
    }

    // Every entry is parsed before any is compared: one bad entry fails every request that
    // reaches the list. OriginLists knows what Python raises for each kind of entry.
    noteBareString(a, policy, SettingId::AllowedOrigins);
    noteDynamic(a, policy, SettingId::AllowedOrigins);
    const SettingId listSetting = listSource.value_or(SettingId::AllowedOrigins);
    QString listError;
    {
        const QString probe = QStringLiteral("https://a.invalid");
        const OriginDecision d = OriginLists(policy).decide(probe, *Py::urlsplit(probe));
        if (!d.error.isEmpty() && d.setting == listSetting)
            listError = d.error;
    }
    struct Entry
    {
        Py::SplitResult split;
        QStringList shownEntries;
    };
    QList<Entry> entries;
    // Where each (scheme, netloc) first appeared: entries that share one are a single row.
    QHash<std::pair<QString, QString>, qsizetype> entryOf;
    error.clear();
    const auto items = listError.isEmpty() ? Py::iterate(list, &error) : std::nullopt;
    for (const PyValue &item : items.value_or(QList<PyValue>())) {
        const std::optional<Py::SplitResult> split
                = item.isStr() ? Py::urlsplit(item.text()) : std::nullopt;
        if (!split) {
            // A falsy non-str entry (None, 0, False) parses to bytes that equal no str.
            note(a, tr("%1 entry %2 is not a str and never matches.").arg(listName, shown(item)),
                 listSetting);
            continue;
        }
        const std::pair key(split->scheme, split->netloc);
        if (const auto same = entryOf.constFind(key); same != entryOf.cend()) {
            entries[*same].shownEntries.append(shown(item));
        } else {
            entryOf.insert(key, entries.size());
            entries.append({*split, QStringList {shown(item)}});
        }
    }
    if (!listError.isEmpty()) {
        errorRow(tr("%1 raises %2 when it is parsed: Django answers 500")
                         .arg(listName, printableAscii(listError)));
        note(a,
             tr("%1 makes Django raise %2 for every Origin that reaches the allow-list; the "
                "export answers those requests with 500 too.")
                     .arg(listName, printableAscii(listError)),
             listSource.value_or(SettingId::AllowedOrigins));
        return;
    }
    for (const Entry &entry : std::as_const(entries)) {
        OriginRow row;
        row.value = stateAllowed;
        const QString what = entry.shownEntries.join(QStringLiteral(", "));
        if (!fitsLatin1(entry.split.netloc)) {
            note(a,
                 tr("%1 entry %2 has characters beyond latin-1 in its netloc; header bytes "
                    "never give such characters, so it never matches (on nginx as on Django).")
                         .arg(listName, what),
                 listSource.value_or(SettingId::AllowedOrigins));
            continue;
        }
        row.plain = plain.entry(entry.split);
        row.tolerant = tolerant.entry(entry.split);
        row.what = listName + u' ' + what;
        if (entry.split.scheme.isEmpty() && entry.split.netloc.isEmpty())
            row.comments.append(tr("%1 %2: no scheme and no netloc, so every Origin without "
                                   "them (null, foo, example.com) matches")
                                        .arg(listName, what));
        else if (entry.split.netloc.isEmpty())
            row.comments.append(tr("%1 %2: scheme %3 with an empty netloc")
                                        .arg(listName, what, shownStr(entry.split.scheme)));
        else
            row.comments.append(tr("%1 %2: scheme %3 in any letter case, netloc %4 exactly, "
                                   "then the end or a path, query or fragment")
                                        .arg(listName, what, shownStr(entry.split.scheme),
                                             shownStr(entry.split.netloc)));
        a.originRows.append(row);
        a.hasListRows = true;
    }

    // Regexes: re.match on the raw Origin, tried lazily in order.
    const PyValue regexes = policy.effective(SettingId::AllowedOriginRegexes);
    noteBareString(a, policy, SettingId::AllowedOriginRegexes);
    noteDynamic(a, policy, SettingId::AllowedOriginRegexes);
    error.clear();
    const auto patterns = Py::iterate(regexes, &error);
    if (!patterns) {
        errorRow(tr("%1 raises %2: Django answers 500").arg(regexName, printableAscii(error)));
        note(a,
             tr("%1 makes Django raise %2 for every Origin the allow-list does not admit; the "
                "export answers those requests with 500 too.")
                     .arg(regexName, printableAscii(error)),
             regexSource.value_or(SettingId::AllowedOriginRegexes));
        return;
    }
    for (const PyValue &item : *patterns) {
        QString compileError;
        const std::optional<Py::Regex> regex = compilePythonPattern(item, &compileError);
        const QString what = item.kind() == PyValue::Kind::Pattern
                ? QStringLiteral("re.compile(%1, %2)")
                          .arg(shownStr(item.text()))
                          .arg(item.patternFlags())
                : shown(item);
        if (!regex) {
            const bool unsupported = (item.isStr() || item.kind() == PyValue::Kind::Pattern)
                    && Py::Regex::compile(item.text(), item.isStr() ? 0 : item.patternFlags())
                               .isValid();
            if (unsupported) {
                note(a,
                     tr("%1 pattern %2 cannot be translated for nginx (%3); the export leaves "
                        "it out, so origins only it admits are refused.")
                             .arg(regexName, what, printableAscii(compileError)),
                     regexSource.value_or(SettingId::AllowedOriginRegexes));
                continue;
            }
            errorRow(tr("%1 pattern %2 raises %3 when reached: Django answers 500")
                             .arg(regexName, what, printableAscii(compileError)));
            note(a,
                 tr("%1 pattern %2 makes Django raise %3 for every Origin that reaches it; the "
                    "export answers those requests with 500 too.")
                         .arg(regexName, what, printableAscii(compileError)),
                 regexSource.value_or(SettingId::AllowedOriginRegexes));
            return;
        }
        const auto pattern = nginxMatchPattern(*regex, Subject::Latin1);
        if (!pattern) {
            note(a,
                 tr("%1 pattern %2 cannot be translated for nginx; the export leaves it out, so "
                    "origins only it admits are refused.")
                         .arg(regexName, what),
                 regexSource.value_or(SettingId::AllowedOriginRegexes));
            continue;
        }
        OriginRow row;
        row.plain = *pattern;
        row.value = stateAllowed;
        row.what = regexName + u' ' + what;
        row.comments.append(
                tr("%1 %2 (re.match: anchored at the start only)").arg(regexName, what));
        a.originRows.append(row);
    }
}

Analysis analyse(const Policy &policy)
{
    Analysis a;
    a.profile = policy.profile();
    a.names = CorsHeaderNames::forProfile(a.profile);

    analyseUrls(a, policy);

    a.allowAll = Py::truthy(policy.effective(SettingId::AllowAllOrigins));
    a.credentials = Py::truthy(policy.effective(SettingId::AllowCredentials));
    a.privateNetwork = a.profile == Profile::V4
            && Py::truthy(policy.effective(SettingId::AllowPrivateNetwork));
    analyseOrigins(a, policy);

    // The header values, computed once as the middleware computes them per response.
    const PyValue expose = policy.effective(SettingId::ExposeHeaders);
    QString error;
    if (const auto length = Py::len(expose, &error)) {
        if (*length > 0)
            a.expose = joinedHeader(expose);
    } else {
        a.expose.error = error;
    }
    a.allowHeaders = joinedHeader(policy.effective(SettingId::AllowHeaders));
    a.allowMethods = joinedHeader(policy.effective(SettingId::AllowMethods));
    const PyValue maxAge = policy.effective(SettingId::PreflightMaxAge);
    if (Py::truthy(maxAge)) {
        if (const auto stored = djangoHeaderValue(Py::str(maxAge), &error)) {
            a.maxAge.present = true;
            a.maxAge.value = *stored;
        } else {
            a.maxAge.error = error;
        }
    }
    const struct
    {
        SettingId id;
        const HeaderSetting *header;
        bool onOptionsOnly;
    } headers[] = {
            {SettingId::ExposeHeaders, &a.expose, false},
            {SettingId::AllowHeaders, &a.allowHeaders, true},
            {SettingId::AllowMethods, &a.allowMethods, true},
            {SettingId::PreflightMaxAge, &a.maxAge, true},
    };
    for (const auto &h : headers) {
        if (h.id != SettingId::PreflightMaxAge)
            noteBareString(a, policy, h.id);
        noteDynamic(a, policy, h.id);
        if (!h.header->error.isEmpty()) {
            note(a,
                 (h.onOptionsOnly ? tr("%1 makes Django raise %2 on every OPTIONS request from "
                                       "an allowed origin; the export answers those with 500 too.")
                                  : tr("%1 makes Django raise %2 on every request from an "
                                       "allowed origin; the export answers those with 500 too."))
                         .arg(settingName(h.id), printableAscii(h.header->error)),
                 h.id);
            continue;
        }
        if (h.header->present && h.header->value.isEmpty())
            note(a,
                 tr("%1 gives an empty header value, which Django sends as an empty header; "
                    "nginx never sends a header with an empty value, so it is left out. Browsers "
                    "read a missing and an empty list the same way.")
                         .arg(settingName(h.id)),
                 h.id);
        for (const QChar c : h.header->value) {
            if (c.unicode() >= 0x80) {
                note(a,
                     tr("%1 holds characters beyond ASCII: Django sends them as latin-1 bytes, "
                        "nginx as the UTF-8 bytes of the file. No browser accepts such header "
                        "names anyway.")
                             .arg(settingName(h.id)),
                     h.id);
                break;
            }
        }
    }

    if (policy.profile() == Profile::V3_14
        && Py::truthy(policy.effective(SettingId::ReplaceHttpsReferer)))
        note(a,
             tr("CORS_REPLACE_HTTPS_REFERER rewrites the Referer Django's CSRF check sees on "
                "secure requests from allowed origins, and restores it afterwards (and raises a "
                "500 for an unparseable Origin on such requests); nginx cannot do that (it could "
                "only change what the whole app sees), so the export leaves it to Django."),
             SettingId::ReplaceHttpsReferer);
    noteDynamic(a, policy, SettingId::AllowAllOrigins);
    noteDynamic(a, policy, SettingId::AllowCredentials);

    // Whether telling unparseable Origins apart changes anything: they get no header at all,
    // which differs from a refused Origin only where something reaches past the allow-list.
    const bool anyPattern = std::any_of(a.originRows.begin(), a.originRows.end(),
                                        [](const OriginRow &r) { return r.tolerant.isEmpty(); });
    a.needsUnparseable = a.allowAll || anyPattern || (a.profile == Profile::V3_14 && a.credentials);
    return a;
}

// ---- Writing -------------------------------------------------------------------------------

struct Writer
{
    QStringList lines;
    bool usesDollar = false;
    QString refusal;

    void blank()
    {
        if (!lines.isEmpty() && !lines.constLast().isEmpty())
            lines.append(QString());
    }
    void comment(const QString &text, const QString &indent = QString())
    {
        lines.append(commentLines(text, indent));
    }
    QString value(const QString &text, const QString &what)
    {
        if (const auto quoted = quotedValue(text, &usesDollar))
            return token(*quoted, what);
        refuse(tr("%1 holds a control character nginx cannot write in a header value: %2")
                       .arg(what, shownStr(text)));
        return QStringLiteral("\"\"");
    }
    /** nginx reads configuration in 4 KB buffers and rejects longer tokens. */
    QString token(const QString &quoted, const QString &what)
    {
        if (quoted.toUtf8().size() >= 4096)
            refuse(tr("%1 gives a token of %2 bytes, longer than nginx accepts in its "
                      "configuration (4095).")
                           .arg(what)
                           .arg(quoted.toUtf8().size()));
        return quoted;
    }
    void refuse(const QString &why)
    {
        if (refusal.isEmpty())
            refusal = why;
    }
};

void writeOriginMap(Writer &w, const Analysis &a, bool odd)
{
    const QString variable
            = odd ? QStringLiteral("$cors_origin_odd") : QStringLiteral("$cors_origin");
    if (odd)
        w.comment(tr("The same decision for Origin values urlsplit() changes before comparing: "
                     "it deletes TAB (and CR, LF, which nginx never passes on) anywhere and "
                     "strips leading control characters and spaces. No browser sends such an "
                     "Origin, but Django admits them."));
    else
        w.comment(tr("The Origin decision, in django-cors-headers' order: \"\" for no Origin (or "
                     "an empty one, or one urlsplit() cannot parse), then allowed, refused, or "
                     "error where Django raises (the request gets a 500). Exact map keys "
                     "compare case-insensitively, so every entry below is a regex."));
    w.lines.append(QStringLiteral("map $http_origin ") + variable + QStringLiteral(" {"));
    w.lines.append(QStringLiteral("    default ") + (a.allowAll ? stateAllowed : stateRefused)
                   + u';');
    const QString indent = QStringLiteral("    ");
    if (!odd)
        w.lines.append(indent + QStringLiteral("\"\" \"\";"));
    if (a.needsUnparseable && !odd) {
        w.comment(tr("urlsplit() raises ValueError (a bracket without its pair, or brackets "
                     "around something that is not an IPv6 or IPvFuture address): no CORS "
                     "header, even for allow-all. Written to see through what urlsplit() "
                     "deletes."),
                  indent);
        w.lines.append(indent + quotedRegex(u'~' + OriginPatterns(true).unparseable())
                       + QStringLiteral(" \"\";"));
    }
    if (!odd && a.hasListRows) {
        w.comment(tr("Origins with a TAB anywhere or a leading control character: compared "
                     "after what urlsplit() deletes, below."),
                  indent);
        w.lines.append(indent + quotedRegex(QStringLiteral("~^[\\x00-\\x20]|\\t"))
                       + QStringLiteral(" $cors_origin_odd;"));
    }
    QSet<QString> seen;
    seen.reserve(a.originRows.size());
    for (const OriginRow &row : a.originRows) {
        if (odd && row.plain == QLatin1String("^null$"))
            continue; // an Origin with a TAB or leading control is never exactly "null"
        const QString pattern = odd && !row.tolerant.isEmpty() ? row.tolerant : row.plain;
        // The first matching regex wins: a repeated one never matches anything new.
        if (seen.contains(pattern))
            continue;
        seen.insert(pattern);
        for (const QString &c : row.comments)
            w.comment(c, indent);
        w.lines.append(indent + w.token(quotedRegex(u'~' + pattern), row.what) + u' ' + row.value
                       + u';');
        if (row.last)
            break;
    }
    w.lines.append(QStringLiteral("}"));
}

/** The header maps, keyed on $cors_state. Returns the add_header lines in Django's order. */
QStringList writeHeaderMaps(Writer &w, const Analysis &a)
{
    const bool canFail = a.canFail();
    w.blank();
    w.comment(tr("What the response gets: \"\" (only Vary), refused, allowed, allowed-options "
                 "(OPTIONS requests get the allow lists, preflight or not) or fail (Django "
                 "raises: 500 without CORS headers)."));
    w.lines.append(QStringLiteral("map \"$cors_origin:$request_method\" $cors_state {"));
    w.lines.append(QStringLiteral("    default \"\";"));
    w.lines.append(QStringLiteral("    \"~^refused:\" refused;"));
    w.lines.append(
            QStringLiteral("    \"~^allowed:OPTIONS$\" ")
            + (a.optionsFails() ? QStringLiteral("fail;") : QStringLiteral("allowed-options;")));
    w.lines.append(QStringLiteral("    \"~^allowed:\" ")
                   + (a.allowedFails() ? QStringLiteral("fail;") : QStringLiteral("allowed;")));
    if (canFail)
        w.lines.append(QStringLiteral("    \"~^error:\" fail;"));
    w.lines.append(QStringLiteral("}"));

    struct Header
    {
        QString name;
        QString variable;
        QString allowed;     // value for allowed and allowed-options ("" none)
        QString optionsOnly; // value for allowed-options only
        QString refused;     // value for refused
    };
    QList<Header> headers;
    const QString origin = a.allowAll && !a.credentials ? QStringLiteral("\"*\"")
                                                        : QStringLiteral("$http_origin");
    const Header allowOrigin {
            a.names.allowOrigin, QStringLiteral("cors_allow_origin"), origin, {}, {}};
    const Header allowCredentials {a.names.allowCredentials,
                                   QStringLiteral("cors_allow_credentials"),
                                   QStringLiteral("true"),
                                   {},
                                   a.profile == Profile::V3_14 ? QStringLiteral("true")
                                                               : QString()};
    if (a.profile == Profile::V3_14) {
        if (a.credentials)
            headers.append(allowCredentials);
        headers.append(allowOrigin);
    } else {
        headers.append(allowOrigin);
        if (a.credentials)
            headers.append(allowCredentials);
    }
    // nginx cannot send an empty value (an empty value is how a map says "no header").
    if (a.expose.present && !a.expose.value.isEmpty())
        headers.append({a.names.exposeHeaders,
                        QStringLiteral("cors_expose_headers"),
                        w.value(a.expose.value, settingName(SettingId::ExposeHeaders)),
                        {},
                        {}});
    if (a.allowHeaders.present && !a.allowHeaders.value.isEmpty())
        headers.append({a.names.allowHeaders,
                        QStringLiteral("cors_allow_headers"),
                        {},
                        w.value(a.allowHeaders.value, settingName(SettingId::AllowHeaders)),
                        {}});
    if (a.allowMethods.present && !a.allowMethods.value.isEmpty())
        headers.append({a.names.allowMethods,
                        QStringLiteral("cors_allow_methods"),
                        {},
                        w.value(a.allowMethods.value, settingName(SettingId::AllowMethods)),
                        {}});
    if (a.maxAge.present && !a.maxAge.value.isEmpty())
        headers.append({a.names.maxAge,
                        QStringLiteral("cors_max_age"),
                        {},
                        w.value(a.maxAge.value, settingName(SettingId::PreflightMaxAge)),
                        {}});

    QStringList addHeaders;
    if (canFail) {
        w.blank();
        w.lines.append(QStringLiteral("map $cors_state $cors_vary {"));
        w.lines.append(QStringLiteral("    default \"") + a.names.varyToken
                       + QStringLiteral("\";"));
        w.lines.append(QStringLiteral("    fail \"\";"));
        w.lines.append(QStringLiteral("}"));
        addHeaders.append(QStringLiteral("add_header Vary $cors_vary always;"));
    } else {
        addHeaders.append(QStringLiteral("add_header Vary \"") + a.names.varyToken
                          + QStringLiteral("\" always;"));
    }
    for (const Header &h : std::as_const(headers)) {
        w.blank();
        w.lines.append(QStringLiteral("map $cors_state $") + h.variable + QStringLiteral(" {"));
        w.lines.append(QStringLiteral("    default \"\";"));
        if (!h.allowed.isEmpty()) {
            w.lines.append(QStringLiteral("    allowed ") + h.allowed + u';');
            w.lines.append(QStringLiteral("    allowed-options ") + h.allowed + u';');
        }
        if (!h.optionsOnly.isEmpty())
            w.lines.append(QStringLiteral("    allowed-options ") + h.optionsOnly + u';');
        if (!h.refused.isEmpty()) {
            w.comment(tr("3.14 sends Access-Control-Allow-Credentials before it checks the "
                         "Origin, so a refused (but parseable) Origin gets it too."),
                      QStringLiteral("    "));
            w.lines.append(QStringLiteral("    refused ") + h.refused + u';');
        }
        w.lines.append(QStringLiteral("}"));
        addHeaders.append(QStringLiteral("add_header ") + h.name + QStringLiteral(" $") + h.variable
                          + QStringLiteral(" always;"));
    }
    if (a.privateNetwork) {
        w.blank();
        w.comment(tr("CORS_ALLOW_PRIVATE_NETWORK: only when the request header is exactly "
                     "\"true\" (case-sensitive), on any method."));
        w.lines.append(QStringLiteral("map \"$cors_state:$http_access_control_request_private_"
                                      "network\" $cors_allow_private_network {"));
        w.lines.append(QStringLiteral("    default \"\";"));
        w.lines.append(QStringLiteral("    \"~^allowed(?:-options)?:true$\" \"true\";"));
        w.lines.append(QStringLiteral("}"));
        addHeaders.append(QStringLiteral("add_header ") + a.names.allowPrivateNetwork
                          + QStringLiteral(" $cors_allow_private_network always;"));
    }

    w.blank();
    w.comment(tr("A preflight is OPTIONS with an Access-Control-Request-Method header. nginx "
                 "cannot tell an empty header from a missing one, so an empty value is not a "
                 "preflight here (Django's is)."));
    w.lines.append(QStringLiteral("map \"$request_method:$http_access_control_request_method\" "
                                  "$cors_preflight {"));
    w.lines.append(QStringLiteral("    default \"\";"));
    w.lines.append(QStringLiteral("    \"~^OPTIONS:.\" 1;"));
    w.lines.append(QStringLiteral("}"));
    return addHeaders;
}

QStringList mapPart(Writer &w, const Analysis &a, QStringList *addHeaders)
{
    Writer maps;
    maps.usesDollar = false;
    writeOriginMap(maps, a, false);
    if (a.hasListRows) {
        maps.blank();
        writeOriginMap(maps, a, true);
    }
    *addHeaders = writeHeaderMaps(maps, a);
    w.usesDollar = w.usesDollar || maps.usesDollar;
    if (w.refusal.isEmpty())
        w.refusal = maps.refusal;
    QStringList out;
    if (maps.usesDollar) {
        out.append(commentLines(tr("A literal \"$\" for header values that hold one: map and "
                                   "add_header values expand variables, geo values do not.")));
        out.append(QStringLiteral("geo $") + dollarVariable
                   + QStringLiteral(" { default \"$\"; }"));
        out.append(QString());
    }
    out.append(maps.lines);
    return out;
}

/** The CORS location block, each line starting with @p base. */
QStringList locationPart(const Analysis &a, const QStringList &addHeaders, const QString &upstream,
                         const QString &base)
{
    QStringList out;
    const QString in = base + QStringLiteral("    ");
    if (!a.urlsError.isEmpty()) {
        out.append(commentLines(tr("CORS_URLS_REGEX %1 makes Django raise %2 on every request, "
                                   "so every request gets a 500.")
                                        .arg(a.urlsShown, printableAscii(a.urlsError)),
                                base));
        out.append(base + QStringLiteral("location / {"));
        out.append(in + QStringLiteral("return 500;"));
        out.append(base + QStringLiteral("}"));
        return out;
    }
    if (a.defaultUrls) {
        out.append(commentLines(tr("CORS_URLS_REGEX is the default: every path."), base));
        out.append(base + QStringLiteral("location / {"));
    } else {
        out.append(commentLines(tr("CORS_URLS_REGEX %1, anchored at the start of the path "
                                   "only, as re.match is.")
                                        .arg(a.urlsShown),
                                base));
        out.append(base + QStringLiteral("location ~ ") + quotedRegex(a.urlsPattern)
                   + QStringLiteral(" {"));
    }
    out.append(commentLines(tr("Every CORS header at this one level, with always (so 4xx and "
                               "5xx keep them): an add_header in a nested block would drop "
                               "these. An empty value sends no header."),
                            in));
    for (const QString &line : addHeaders)
        out.append(in + line);
    out.append(QString());
    out.append(commentLines(tr("One CORS layer: the app's own CORS headers are dropped."), in));
    const QString hidden[]
            = {a.names.allowOrigin,        a.names.allowCredentials, a.names.exposeHeaders,
               a.names.allowHeaders,       a.names.allowMethods,     a.names.maxAge,
               a.names.allowPrivateNetwork};
    for (const QString &name : hidden)
        out.append(in + QStringLiteral("proxy_hide_header ") + name + u';');
    out.append(QString());
    out.append(commentLines(tr("Only return inside if, the one thing if does reliably in a "
                               "location. Django answers preflights itself (200, empty body) "
                               "without calling the view; nginx answers them with 204."),
                            in));
    if (a.canFail())
        out.append(in + QStringLiteral("if ($cors_state = fail) { return 500; }"));
    out.append(in + QStringLiteral("if ($cors_preflight) { return 204; }"));
    out.append(in + QStringLiteral("proxy_pass ") + upstream + u';');
    out.append(base + QStringLiteral("}"));
    return out;
}

/** host:port, [v6]:port or a port, as nginx's listen takes it; nothing else. */
bool validListen(const QString &listen)
{
    static const QRegularExpression pattern(QStringLiteral(
            "^(?:(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]{2,45}\\]):)?"
            "[0-9]{1,5}$"));
    if (!pattern.match(listen).hasMatch())
        return false;
    const uint port = listen.section(u':', -1).toUInt();
    return port >= 1 && port <= 65535;
}

/** http(s)://host[:port] (a trailing / dropped), or nullopt. */
std::optional<QString> validUpstream(const QString &upstream)
{
    static const QRegularExpression pattern(QStringLiteral(
            "^https?://"
            "(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]{2,45}\\])"
            "(?::[0-9]{1,5})?/?$"));
    if (!pattern.match(upstream).hasMatch())
        return std::nullopt;
    QString out = upstream;
    if (out.endsWith(u'/'))
        out.chop(1);
    return out;
}

} // namespace

QString NginxExporter::displayName() const
{
    return tr("nginx configuration");
}

ExportResult NginxExporter::run(const CorsDocument &document, const ExportOptions &options) const
{
    ExportResult result;
    if (!options.part.isEmpty() && !parts().contains(options.part)) {
        result.error = tr("The nginx export has no part %1 (it has map and location).")
                               .arg(shownStr(options.part));
        return result;
    }
    if (!validListen(options.listen)) {
        result.error = tr("Listen address %1 is not HOST:PORT, [IPv6]:PORT or PORT.")
                               .arg(shownStr(options.listen));
        return result;
    }
    const std::optional<QString> upstream = validUpstream(options.upstream);
    if (!upstream) {
        result.error = tr("Upstream %1 is not http(s)://HOST[:PORT] (nginx cannot have a path in "
                          "proxy_pass inside a regex location).")
                               .arg(shownStr(options.upstream));
        return result;
    }

    const Policy &policy = document.policy;
    Analysis a = analyse(policy);
    if (!a.urlsRefusal.isEmpty()) {
        result.error = a.urlsRefusal;
        return result;
    }

    // Notes that hold for every policy: what nginx does differently whatever the settings.
    QList<ExportNote> notes = {
            {tr("Preflights are answered 204 with no body (and so no Content-Length or "
                "Content-Type); django-cors-headers answers 200 with Content-Length: 0. Browsers "
                "accept both."),
             std::nullopt},
            {tr("An OPTIONS request with an empty Access-Control-Request-Method header is a "
                "preflight to Django; nginx cannot tell an empty header from a missing one, so it "
                "passes it to the app (same CORS headers, the app's status and body)."),
             std::nullopt},
            {tr("nginx adds its Vary line after the app's own Vary header instead of merging into "
                "it; HTTP reads several Vary lines as one list, so the meaning is the same."),
             std::nullopt},
            {tr("Receivers of corsheaders.signals.check_request_enabled run inside Django; nginx "
                "cannot call them, so the export behaves as if none returns true."),
             std::nullopt},
            {tr("The app's own Access-Control-* headers are hidden on CORS-enabled paths, so nginx "
                "is the only CORS layer."),
             std::nullopt},
            {tr("nginx matches locations against the percent-decoded path with . and .. segments "
                "resolved; Django keeps them in path_info. The server block turns merge_slashes "
                "off "
                "so that repeated slashes stay, as in Django."),
             std::nullopt},
    };
    notes.append(a.notes);

    Writer w;
    QStringList addHeaders;
    const QStringList maps = mapPart(w, a, &addHeaders);
    const QStringList location = locationPart(
            a, addHeaders, *upstream, options.part.isEmpty() ? QStringLiteral("    ") : QString());
    if (!w.refusal.isEmpty()) {
        result.error = w.refusal;
        return result;
    }

    QStringList out;
    out.append(commentLines(
            tr("CORS for a django-cors-headers %1 policy, written by CORS Studio for nginx 1.22 "
               "and later: it answers as django-cors-headers does, except where nginx cannot, as "
               "listed below.")
                    .arg(profileName(policy.profile()))));
    if (options.part.isEmpty())
        out.append(commentLines(tr("Include this file in nginx's http{} context as it is: the "
                                   "maps must live there, and the server answers CORS in front "
                                   "of the Django app.")));
    else if (options.part == QLatin1String("map"))
        out.append(commentLines(tr("The maps: include them in nginx's http{} context, once, "
                                   "together with the location part.")));
    else
        out.append(commentLines(tr("The location block: paste it into the server{} that "
                                   "proxies to Django, include the map part at http{} level, and "
                                   "set merge_slashes off in the server.")));
    out.append(QStringLiteral("#"));
    for (const ExportNote &n : std::as_const(notes)) {
        const QStringList lines = commentLines(QStringLiteral("- ") + n.text);
        for (int i = 0; i < lines.size(); ++i)
            out.append(i == 0 ? lines.at(i) : QStringLiteral("#  ") + lines.at(i).mid(1));
    }
    out.append(QString());

    if (options.part.isEmpty() || options.part == QLatin1String("map")) {
        out.append(QStringLiteral("# ---- http{} level ----"));
        out.append(QString());
        out.append(maps);
    }
    if (options.part.isEmpty()) {
        out.append(QString());
        out.append(QStringLiteral("# ---- The CORS front ----"));
        out.append(QString());
        out.append(QStringLiteral("server {"));
        out.append(QStringLiteral("    listen ") + options.listen + u';');
        out.append(commentLines(tr("Django's path_info keeps repeated slashes, so locations must "
                                   "see them too."),
                                QStringLiteral("    ")));
        out.append(QStringLiteral("    merge_slashes off;"));
        out.append(QStringLiteral("    proxy_set_header Host $host;"));
        out.append(
                QStringLiteral("    proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;"));
        out.append(QStringLiteral("    proxy_set_header X-Forwarded-Proto $scheme;"));
        out.append(QString());
        out.append(location);
        if (!a.defaultUrls && a.urlsError.isEmpty()) {
            out.append(QString());
            out.append(commentLines(tr("Outside CORS_URLS_REGEX django-cors-headers leaves the "
                                       "response alone."),
                                    QStringLiteral("    ")));
            out.append(QStringLiteral("    location / {"));
            out.append(QStringLiteral("        proxy_pass ") + *upstream + u';');
            out.append(QStringLiteral("    }"));
        }
        out.append(QStringLiteral("}"));
    } else if (options.part == QLatin1String("location")) {
        out.append(location);
    }

    result.ok = true;
    result.text = out.join(u'\n') + u'\n';
    result.notes = notes;
    return result;
}

} // namespace Cors
