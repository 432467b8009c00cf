// SPDX-License-Identifier: MIT
#include "python/pyregexunicode.h"

#include <QChar>

#include <algorithm>
#include <array>
#include <utility>

namespace Cors::Py::ReUnicode {

namespace {

using Mapping = std::pair<char32_t, char32_t>;

/** Code points whose mapping differs from themselves, indexed both ways. */
struct CaseMap
{
    std::vector<Mapping> bySource; // (cp, mapped), sorted by cp
    std::vector<Mapping> byTarget; // (mapped, cp), sorted by mapped
    CodePointSet changers;

    void finish()
    {
        byTarget.reserve(bySource.size());
        std::vector<CodePointRange> ranges;
        ranges.reserve(bySource.size());
        for (const auto &[cp, mapped] : bySource) {
            byTarget.emplace_back(mapped, cp);
            ranges.push_back({cp, cp});
        }
        std::sort(byTarget.begin(), byTarget.end());
        changers = CodePointSet::fromRanges(std::move(ranges));
    }

    char32_t map(char32_t cp) const
    {
        const auto it = std::lower_bound(bySource.begin(), bySource.end(), Mapping(cp, 0));
        return (it != bySource.end() && it->first == cp) ? it->second : cp;
    }

    CodePointSet image(const CodePointSet &set) const
    {
        std::vector<CodePointRange> out = unchangedPart(set);
        if (set.size() <= SmallSet) {
            for (const CodePointRange &r : set.ranges()) {
                for (char32_t cp = r.first; cp <= r.last; ++cp) {
                    const char32_t mapped = map(cp);
                    if (mapped != cp)
                        out.push_back({mapped, mapped});
                }
            }
        } else {
            for (const auto &[cp, target] : bySource) {
                if (set.contains(cp))
                    out.push_back({target, target});
            }
        }
        return CodePointSet::fromRanges(std::move(out));
    }

    CodePointSet preimage(const CodePointSet &set) const
    {
        std::vector<CodePointRange> out = unchangedPart(set);
        if (set.size() <= SmallSet) {
            // Single letters are the common case: look their sources up instead of scanning.
            for (const CodePointRange &r : set.ranges()) {
                for (char32_t cp = r.first; cp <= r.last; ++cp) {
                    auto it = std::lower_bound(byTarget.begin(), byTarget.end(), Mapping(cp, 0));
                    for (; it != byTarget.end() && it->first == cp; ++it)
                        out.push_back({it->second, it->second});
                }
            }
        } else {
            for (const auto &[cp, target] : bySource) {
                if (set.contains(target))
                    out.push_back({cp, cp});
            }
        }
        return CodePointSet::fromRanges(std::move(out));
    }

    static constexpr unsigned long long SmallSet = 64;

    /** The members of @p set this mapping leaves alone. */
    std::vector<CodePointRange> unchangedPart(const CodePointSet &set) const
    {
        if (set.size() > SmallSet)
            return set.subtracted(changers).ranges();
        std::vector<CodePointRange> out;
        for (const CodePointRange &r : set.ranges()) {
            for (char32_t cp = r.first; cp <= r.last; ++cp) {
                if (!changers.contains(cp))
                    out.push_back({cp, cp});
            }
        }
        return out;
    }
};

const CaseMap &lowerMap()
{
    static const CaseMap map = [] {
        CaseMap m;
        for (char32_t cp = 0; cp <= CodePointSet::MaxCodePoint; ++cp) {
            char32_t mapped = QChar::toLower(cp);
            // Like upper(): sre takes the first character of the full mapping (İ gives i).
            if (mapped == cp && cp < 0x10000 && !QChar::isSurrogate(cp))
                mapped = QString(QChar(char16_t(cp))).toLower().at(0).unicode();
            if (mapped != cp)
                m.bySource.emplace_back(cp, mapped);
        }
        m.finish();
        return m;
    }();
    return map;
}

const CaseMap &upperMap()
{
    static const CaseMap map = [] {
        CaseMap m;
        for (char32_t cp = 0; cp <= CodePointSet::MaxCodePoint; ++cp) {
            char32_t mapped = QChar::toUpper(cp);
            // sre takes the first character of the full mapping (SpecialCasing), which only
            // exists in the BMP; QString applies it, QChar does not.
            if (cp < 0x10000 && !QChar::isSurrogate(cp)) {
                const QString full = QString(QChar(char16_t(cp))).toUpper();
                mapped = full.size() > 1 && full.at(0).isHighSurrogate()
                        ? QChar::surrogateToUcs4(full.at(0), full.at(1))
                        : full.at(0).unicode();
            }
            if (mapped != cp)
                m.bySource.emplace_back(cp, mapped);
        }
        m.finish();
        return m;
    }();
    return map;
}

struct ExtraCase
{
    char32_t lowered;
    std::array<char32_t, 2> others;
    int count;
};

// Copied from CPython 3.11's Lib/re/_casefix.py (generated from Unicode 14.0).
constexpr ExtraCase extraCaseTable[] = {
        {0x0069, {0x0131}, 1},         {0x0073, {0x017F}, 1},         {0x00B5, {0x03BC}, 1},
        {0x0131, {0x0069}, 1},         {0x017F, {0x0073}, 1},         {0x0345, {0x03B9, 0x1FBE}, 2},
        {0x0390, {0x1FD3}, 1},         {0x03B0, {0x1FE3}, 1},         {0x03B2, {0x03D0}, 1},
        {0x03B5, {0x03F5}, 1},         {0x03B8, {0x03D1}, 1},         {0x03B9, {0x0345, 0x1FBE}, 2},
        {0x03BA, {0x03F0}, 1},         {0x03BC, {0x00B5}, 1},         {0x03C0, {0x03D6}, 1},
        {0x03C1, {0x03F1}, 1},         {0x03C2, {0x03C3}, 1},         {0x03C3, {0x03C2}, 1},
        {0x03C6, {0x03D5}, 1},         {0x03D0, {0x03B2}, 1},         {0x03D1, {0x03B8}, 1},
        {0x03D5, {0x03C6}, 1},         {0x03D6, {0x03C0}, 1},         {0x03F0, {0x03BA}, 1},
        {0x03F1, {0x03C1}, 1},         {0x03F5, {0x03B5}, 1},         {0x0432, {0x1C80}, 1},
        {0x0434, {0x1C81}, 1},         {0x043E, {0x1C82}, 1},         {0x0441, {0x1C83}, 1},
        {0x0442, {0x1C84, 0x1C85}, 2}, {0x044A, {0x1C86}, 1},         {0x0463, {0x1C87}, 1},
        {0x1C80, {0x0432}, 1},         {0x1C81, {0x0434}, 1},         {0x1C82, {0x043E}, 1},
        {0x1C83, {0x0441}, 1},         {0x1C84, {0x0442, 0x1C85}, 2}, {0x1C85, {0x0442, 0x1C84}, 2},
        {0x1C86, {0x044A}, 1},         {0x1C87, {0x0463}, 1},         {0x1C88, {0xA64B}, 1},
        {0x1E61, {0x1E9B}, 1},         {0x1E9B, {0x1E61}, 1},         {0x1FBE, {0x0345, 0x03B9}, 2},
        {0x1FD3, {0x0390}, 1},         {0x1FE3, {0x03B0}, 1},         {0xA64B, {0x1C88}, 1},
        {0xFB05, {0xFB06}, 1},         {0xFB06, {0xFB05}, 1},
};

bool inList(char32_t cp, std::initializer_list<CodePointRange> ranges)
{
    return std::any_of(ranges.begin(), ranges.end(),
                       [cp](const CodePointRange &r) { return cp >= r.first && cp <= r.last; });
}

// XID_Start and XID_Continue (what str.isidentifier() uses) from general categories plus the
// Other_ID_* and NFKC exceptions of DerivedCoreProperties.txt, Unicode 14.0.
bool isXidExcluded(char32_t cp)
{
    return inList(cp,
                  {{0x037A, 0x037A},
                   {0x2E2F, 0x2E2F},
                   {0xFC5E, 0xFC63},
                   {0xFDFA, 0xFDFB},
                   {0xFE70, 0xFE70},
                   {0xFE72, 0xFE72},
                   {0xFE74, 0xFE74},
                   {0xFE76, 0xFE76},
                   {0xFE78, 0xFE78},
                   {0xFE7A, 0xFE7A},
                   {0xFE7C, 0xFE7C},
                   {0xFE7E, 0xFE7E}});
}

bool isXidStart(char32_t cp)
{
    if (isXidExcluded(cp) || inList(cp, {{0x0E33, 0x0E33}, {0x0EB3, 0x0EB3}, {0xFF9E, 0xFF9F}}))
        return false;
    if (inList(cp, {{0x1885, 0x1886}, {0x2118, 0x2118}, {0x212E, 0x212E}}))
        return true;
    switch (QChar::category(cp)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Number_Letter:
        return true;
    default:
        return false;
    }
}

bool isXidContinue(char32_t cp)
{
    if (isXidExcluded(cp))
        return false;
    if (inList(cp,
               {{0x00B7, 0x00B7},
                {0x0387, 0x0387},
                {0x1369, 0x1371},
                {0x19DA, 0x19DA},
                {0x2118, 0x2118},
                {0x212E, 0x212E}}))
        return true;
    switch (QChar::category(cp)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
    case QChar::Number_Letter:
    case QChar::Mark_NonSpacing:
    case QChar::Mark_SpacingCombining:
    case QChar::Number_DecimalDigit:
    case QChar::Punctuation_Connector:
        return true;
    default:
        return false;
    }
}

bool isAsciiSpace(char c)
{
    return c == ' ' || (c >= '\t' && c <= '\r');
}

} // namespace

char32_t lower(char32_t cp)
{
    return lowerMap().map(cp);
}

char32_t upper(char32_t cp)
{
    return upperMap().map(cp);
}

bool isCased(char32_t cp)
{
    return lower(cp) != cp || upper(cp) != cp;
}

std::u32string_view extraCases(char32_t lowered)
{
    const auto it
            = std::lower_bound(std::begin(extraCaseTable), std::end(extraCaseTable), lowered,
                               [](const ExtraCase &e, char32_t cp) { return e.lowered < cp; });
    if (it == std::end(extraCaseTable) || it->lowered != lowered)
        return {};
    return std::u32string_view(it->others.data(), std::size_t(it->count));
}

const CodePointSet &casedSet()
{
    static const CodePointSet set = lowerMap().changers.united(upperMap().changers);
    return set;
}

CodePointSet withExtraCases(const CodePointSet &lowered)
{
    std::vector<CodePointRange> others;
    for (const ExtraCase &entry : extraCaseTable) {
        if (lowered.contains(entry.lowered)) {
            for (int i = 0; i < entry.count; ++i)
                others.push_back({entry.others[std::size_t(i)], entry.others[std::size_t(i)]});
        }
    }
    return lowered.united(CodePointSet::fromRanges(std::move(others)));
}

CodePointSet lowerImage(const CodePointSet &set)
{
    return lowerMap().image(set);
}

CodePointSet lowerPreimage(const CodePointSet &set)
{
    return lowerMap().preimage(set);
}

CodePointSet upperPreimage(const CodePointSet &set)
{
    return upperMap().preimage(set);
}

CodePointSet asciiLowerImage(const CodePointSet &set)
{
    const CodePointSet upperAscii = CodePointSet::range(U'A', U'Z');
    CodePointSet out = set.subtracted(upperAscii);
    const CodePointSet letters = set.intersected(upperAscii);
    for (const CodePointRange &r : letters.ranges())
        out = out.united(CodePointSet::range(r.first + 32, r.last + 32));
    return out;
}

CodePointSet asciiLowerPreimage(const CodePointSet &set)
{
    const CodePointSet upperAscii = CodePointSet::range(U'A', U'Z');
    CodePointSet out = set.subtracted(upperAscii);
    const CodePointSet letters = set.intersected(CodePointSet::range(U'a', U'z'));
    for (const CodePointRange &r : letters.ranges())
        out = out.united(CodePointSet::range(r.first - 32, r.last - 32));
    return out;
}

const CodePointSet &spaceSet()
{
    // Py_UNICODE_ISSPACE: bidirectional classes WS, B and S plus category Zs. Unlike PCRE2's
    // \s this includes the information separators \x1c-\x1f and excludes U+180E.
    static const CodePointSet set = CodePointSet::fromRanges({
            {0x0009, 0x000D},
            {0x001C, 0x0020},
            {0x0085, 0x0085},
            {0x00A0, 0x00A0},
            {0x1680, 0x1680},
            {0x2000, 0x200A},
            {0x2028, 0x2029},
            {0x202F, 0x202F},
            {0x205F, 0x205F},
            {0x3000, 0x3000},
    });
    return set;
}

bool isAlpha(char32_t cp)
{
    switch (QChar::category(cp)) {
    case QChar::Letter_Uppercase:
    case QChar::Letter_Lowercase:
    case QChar::Letter_Titlecase:
    case QChar::Letter_Modifier:
    case QChar::Letter_Other:
        return true;
    default:
        return false;
    }
}

bool isIdentifierStart(char32_t cp)
{
    return cp == U'_' || isXidStart(cp);
}

bool isIdentifierContinue(char32_t cp)
{
    return isXidContinue(cp);
}

bool isIdentifier(std::u32string_view text)
{
    if (text.empty() || !isIdentifierStart(text.front()))
        return false;
    return std::all_of(text.begin() + 1, text.end(), isXidContinue);
}

std::optional<QString> parseInt(std::u32string_view text)
{
    // CPython first maps the string to ASCII (Unicode spaces to ' ', decimal digits to '0'-'9';
    // anything else outside ASCII is invalid), then parses the ASCII text.
    std::string ascii;
    ascii.reserve(text.size());
    for (const char32_t cp : text) {
        if (cp < 127) {
            ascii.push_back(char(cp));
        } else if (spaceSet().contains(cp)) {
            ascii.push_back(' ');
        } else if (QChar::category(cp) == QChar::Number_DecimalDigit) {
            ascii.push_back(char('0' + QChar::digitValue(cp)));
        } else {
            return std::nullopt;
        }
    }
    std::size_t i = 0;
    while (i < ascii.size() && isAsciiSpace(ascii[i]))
        ++i;
    bool negative = false;
    if (i < ascii.size() && (ascii[i] == '+' || ascii[i] == '-'))
        negative = ascii[i++] == '-';
    QString digits;
    bool lastWasDigit = false;
    for (; i < ascii.size(); ++i) {
        const char c = ascii[i];
        if (c >= '0' && c <= '9') {
            digits += QLatin1Char(c);
            lastWasDigit = true;
        } else if (c == '_' && lastWasDigit && i + 1 < ascii.size() && ascii[i + 1] >= '0'
                   && ascii[i + 1] <= '9') {
            lastWasDigit = false;
        } else {
            break;
        }
    }
    while (i < ascii.size() && isAsciiSpace(ascii[i]))
        ++i;
    // sys.get_int_max_str_digits() defaults to 4300 and counts leading zeros too.
    if (digits.isEmpty() || i != ascii.size() || digits.size() > 4300)
        return std::nullopt;
    qsizetype firstNonZero = 0;
    while (firstNonZero < digits.size() - 1 && digits.at(firstNonZero) == u'0')
        ++firstNonZero;
    digits = digits.mid(firstNonZero);
    if (negative && digits != u"0")
        digits.prepend(u'-');
    return digits;
}

bool isPrintable(char32_t cp)
{
    if (cp == U' ')
        return true;
    switch (QChar::category(cp)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
    case QChar::Separator_Space:
        return false;
    default:
        return true;
    }
}

QString repr(std::u32string_view text)
{
    const bool hasSingle = text.find(U'\'') != std::u32string_view::npos;
    const bool hasDouble = text.find(U'"') != std::u32string_view::npos;
    const char32_t quote = (hasSingle && !hasDouble) ? U'"' : U'\'';
    const auto hex = [](char32_t cp, int width) {
        return QStringLiteral("%1").arg(uint(cp), width, 16, QLatin1Char('0'));
    };
    QString out = toQString(std::u32string_view(&quote, 1));
    for (const char32_t cp : text) {
        if (cp == quote || cp == U'\\') {
            out += u'\\';
            out += QChar(char16_t(cp));
        } else if (cp == U'\t') {
            out += u"\\t";
        } else if (cp == U'\n') {
            out += u"\\n";
        } else if (cp == U'\r') {
            out += u"\\r";
        } else if (cp < U' ' || cp == 0x7f) {
            out += u"\\x" + hex(cp, 2);
        } else if (cp < 0x7f || isPrintable(cp)) {
            out += toQString(std::u32string_view(&cp, 1));
        } else if (cp <= 0xff) {
            out += u"\\x" + hex(cp, 2);
        } else if (cp <= 0xffff) {
            out += u"\\u" + hex(cp, 4);
        } else {
            out += u"\\U" + hex(cp, 8);
        }
    }
    out += toQString(std::u32string_view(&quote, 1));
    return out;
}

QString toQString(std::u32string_view text)
{
    QString out;
    out.reserve(qsizetype(text.size()));
    for (const char32_t cp : text) {
        if (QChar::requiresSurrogates(cp)) {
            out += QChar(QChar::highSurrogate(cp));
            out += QChar(QChar::lowSurrogate(cp));
        } else {
            out += QChar(char16_t(cp));
        }
    }
    return out;
}

std::u32string toCodePoints(QStringView text)
{
    std::u32string out;
    out.reserve(std::size_t(text.size()));
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out.push_back(QChar::surrogateToUcs4(c, text.at(i + 1)));
            ++i;
        } else {
            out.push_back(c.unicode());
        }
    }
    return out;
}

} // namespace Cors::Py::ReUnicode
