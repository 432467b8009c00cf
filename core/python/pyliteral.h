// SPDX-License-Identifier: MIT
#pragma once

#include "python/pyvalue.h"

#include <QString>
#include <QStringList>
#include <QStringView>

#include <optional>

namespace Cors::Py {

/** One STRING token, decoded with Python 3.11's rules. */
struct StringLiteral
{
    enum class Kind {
        Str,
        Bytes, ///< value holds the bytes as Latin-1 characters
        FString,
    };
    Kind kind = Kind::Str;
    QString value;
    /** An f-string with at least one `{expression}`; value is then meaningless. */
    bool hasPlaceholders = false;
    /** Escapes Python keeps with their backslash ("\d"), in order of appearance. */
    QStringList invalidEscapes;
    /** Non-empty when Python would accept the literal but the reader cannot decode it. */
    QString unsupported;
};

/**
 * Decodes the text of a STRING token (prefix and quotes included). On a literal Python rejects,
 * returns nullopt and sets @p error to Python's SyntaxError message.
 */
std::optional<StringLiteral> decodeStringLiteral(QStringView token, QString *error);

/** The code point of a \N{...} name (case-insensitive, aliases included), if the reader knows it. */
std::optional<char32_t> unicodeCharacterByName(QStringView name);

/** A NUMBER token's value. */
struct NumberLiteral
{
    PyValue value;          ///< Int or Float
    bool imaginary = false; ///< a complex literal such as 1j (value is then meaningless)
    /** Non-empty when Python accepts the literal but the reader cannot represent it. */
    QString unsupported;
};

NumberLiteral decodeNumberLiteral(QStringView token);

/** Python's limit on decimal digits in an int literal (sys.get_int_max_str_digits()). */
inline constexpr int MaxIntDigits = 4300;

/**
 * The number of significant decimal digits of an int literal when it is a decimal literal whose
 * size Python refuses; 0 otherwise.
 */
int excessiveDecimalDigits(QStringView token);

} // namespace Cors::Py
