// SPDX-License-Identifier: MIT
#pragma once

#include "python/pyregexcharset.h"

#include <QString>

#include <optional>
#include <string_view>

namespace Cors::Py::ReUnicode {

/*
 * Python 3.11's view of Unicode (14.0, the same version as Qt 6.4's tables) where the re module
 * depends on it. tst_pyregex checks every function here against the real interpreter for all
 * code points.
 */

/** `_sre.unicode_tolower`: the simple lowercase mapping. */
char32_t lower(char32_t cp);
/** sre's uppercase: the first code point of `chr(cp).upper()` (ß gives S, ᾳ gives Α). */
char32_t upper(char32_t cp);
/** `_sre.unicode_iscased`: lower or upper differ from the code point. */
bool isCased(char32_t cp);
/** sre's ASCII lowercase (A-Z only). */
constexpr char32_t asciiLower(char32_t cp)
{
    return (cp >= U'A' && cp <= U'Z') ? cp + 32 : cp;
}
/** re._casefix._EXTRA_CASES: other lowercase letters with the same uppercase, or empty. */
std::u32string_view extraCases(char32_t lowered);

/** Every code point isCased() holds for. */
const CodePointSet &casedSet();
/** @p lowered plus the _EXTRA_CASES of its members. */
CodePointSet withExtraCases(const CodePointSet &lowered);

/** `{lower(c) for c in set}` */
CodePointSet lowerImage(const CodePointSet &set);
/** `{c for all c if lower(c) in set}` */
CodePointSet lowerPreimage(const CodePointSet &set);
/** `{c for all c if upper(c) in set}` */
CodePointSet upperPreimage(const CodePointSet &set);
/** `{asciiLower(c) for c in set}` */
CodePointSet asciiLowerImage(const CodePointSet &set);
/** `{c for all c if asciiLower(c) in set}` */
CodePointSet asciiLowerPreimage(const CodePointSet &set);

/** `chr(cp).isspace()`, which is also what re's Unicode \s matches. */
const CodePointSet &spaceSet();
/** `chr(cp).isalpha()` */
bool isAlpha(char32_t cp);
/** `s.isidentifier()` */
bool isIdentifier(std::u32string_view text);
/** Whether @p cp may begin an identifier: XID_Start or `_` (CPython's tokenizer, after NFKC). */
bool isIdentifierStart(char32_t cp);
/** Whether @p cp may continue an identifier: XID_Continue. */
bool isIdentifierContinue(char32_t cp);

/**
 * `int(text)` for a str, as Python's int() parses it (surrounding whitespace, a sign,
 * underscores between digits, any Unicode decimal digits, at most 4300 digits): the value as
 * canonical decimal text ("-12", "0"), or nullopt where int() raises ValueError.
 */
std::optional<QString> parseInt(std::u32string_view text);

/** `repr(text)` for a str. */
QString repr(std::u32string_view text);
/** `str.isprintable()` for one code point. */
bool isPrintable(char32_t cp);

/** A QString from code points; lone surrogate code points become lone UTF-16 units. */
QString toQString(std::u32string_view text);
/** The code points of @p text; unpaired surrogates are kept as code points. */
std::u32string toCodePoints(QStringView text);

} // namespace Cors::Py::ReUnicode
