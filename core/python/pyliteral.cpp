// SPDX-License-Identifier: MIT
#include "python/pyliteral.h"

#include "python/pyliteralnames.h"

#include <QCoreApplication>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <limits>
#include <vector>

namespace Cors::Py {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SettingsReader", text);
}

int hexValue(char16_t c)
{
    if (c >= u'0' && c <= u'9')
        return c - u'0';
    if (c >= u'a' && c <= u'f')
        return c - u'a' + 10;
    if (c >= u'A' && c <= u'F')
        return c - u'A' + 10;
    return -1;
}

void appendCodePoint(QString &out, char32_t cp)
{
    if (cp >= 0x10000) {
        out.append(QChar(QChar::highSurrogate(cp)));
        out.append(QChar(QChar::lowSurrogate(cp)));
    } else {
        out.append(QChar(char16_t(cp)));
    }
}

QString unicodeError(qsizetype from, qsizetype to, const QString &reason)
{
    return tr("(unicode error) 'unicodeescape' codec can't decode bytes in position %1-%2: %3")
            .arg(from)
            .arg(to)
            .arg(reason);
}

/**
 * Decodes the backslash escapes of a str literal body (or a literal part of an f-string).
 * CPython reports escape errors at byte positions in a buffer where every non-ASCII character
 * was first rewritten as a 10-byte \U escape; @p bytePos follows that numbering.
 */
bool decodeEscapes(QStringView body, bool bytes, StringLiteral *out, QString *error)
{
    QString &value = out->value;
    const qsizetype n = body.size();
    auto width = [](char16_t c) { return c < 128 ? 1 : 10; };
    auto widthBetween = [&](qsizetype from, qsizetype upTo) {
        qsizetype pos = 0;
        for (qsizetype k = from; k < upTo && k < n; ++k) {
            const char16_t c = body[k].unicode();
            if (!(QChar::isLowSurrogate(c) && k > 0
                  && QChar::isHighSurrogate(body[k - 1].unicode())))
                pos += width(c);
        }
        return pos;
    };
    value.reserve(value.size() + n);
    qsizetype bytePos = 0;
    qsizetype i = 0;
    while (i < n) {
        const qsizetype backslash = body.indexOf(u'\\', i);
        if (backslash < 0) {
            value.append(body.mid(i));
            break;
        }
        value.append(body.mid(i, backslash - i));
        bytePos += widthBetween(i, backslash);
        i = backslash;
        const qsizetype escapeStart = bytePos;
        if (i + 1 >= n) {
            value.append(u'\\'); // the tokenizer never ends a literal with a lone backslash
            break;
        }
        const char16_t e = body[i + 1].unicode();
        i += 2;
        bytePos += 2;
        switch (e) {
        case u'\n':
            break;
        case u'\\':
            value.append(u'\\');
            break;
        case u'\'':
            value.append(u'\'');
            break;
        case u'"':
            value.append(u'"');
            break;
        case u'a':
            value.append(u'\a');
            break;
        case u'b':
            value.append(u'\b');
            break;
        case u'f':
            value.append(u'\f');
            break;
        case u'n':
            value.append(u'\n');
            break;
        case u'r':
            value.append(u'\r');
            break;
        case u't':
            value.append(u'\t');
            break;
        case u'v':
            value.append(u'\v');
            break;
        case u'0':
        case u'1':
        case u'2':
        case u'3':
        case u'4':
        case u'5':
        case u'6':
        case u'7': {
            int code = e - u'0';
            for (int k = 0; k < 2 && i < n && body[i] >= u'0' && body[i] <= u'7'; ++k) {
                code = code * 8 + (body[i].unicode() - u'0');
                ++i;
                ++bytePos;
            }
            if (bytes)
                code &= 0xFF;
            value.append(QChar(char16_t(code)));
            break;
        }
        case u'x':
        case u'u':
        case u'U': {
            if (bytes && e != u'x') {
                out->invalidEscapes.append(QStringLiteral("\\") + QChar(e));
                value.append(u'\\');
                value.append(QChar(e));
                break;
            }
            const int digits = e == u'x' ? 2 : e == u'u' ? 4 : 8;
            char32_t code = 0;
            for (int k = 0; k < digits; ++k) {
                const int h = i < n ? hexValue(body[i].unicode()) : -1;
                if (h < 0) {
                    if (bytes) {
                        *error = tr("(value error) invalid \\x escape at position %1")
                                         .arg(escapeStart);
                        return false;
                    }
                    const char *kind = e == u'x' ? "truncated \\xXX escape"
                            : e == u'u'          ? "truncated \\uXXXX escape"
                                                 : "truncated \\UXXXXXXXX escape";
                    *error = unicodeError(escapeStart, bytePos - 1, QLatin1String(kind));
                    return false;
                }
                code = code * 16 + char32_t(h);
                ++i;
                ++bytePos;
            }
            if (code > 0x10FFFF) {
                *error = unicodeError(escapeStart, bytePos - 1,
                                      QStringLiteral("illegal Unicode character"));
                return false;
            }
            appendCodePoint(value, code);
            break;
        }
        case u'N': {
            if (bytes) {
                out->invalidEscapes.append(QStringLiteral("\\N"));
                value.append(QStringLiteral("\\N"));
                break;
            }
            const QString malformed = QStringLiteral("malformed \\N character escape");
            if (i >= n || body[i] != u'{') {
                *error = unicodeError(escapeStart, bytePos - 1, malformed);
                return false;
            }
            ++i;
            ++bytePos;
            const qsizetype nameStart = i;
            const qsizetype nameBytePos = bytePos;
            while (i < n && body[i] != u'}') {
                bytePos += width(body[i].unicode());
                ++i;
            }
            if (i >= n || i == nameStart) {
                *error = unicodeError(escapeStart, (i == nameStart ? nameBytePos : bytePos) - 1,
                                      malformed);
                return false;
            }
            const QStringView name = body.mid(nameStart, i - nameStart);
            ++i;
            ++bytePos;
            const auto cp = unicodeCharacterByName(name);
            if (!cp) {
                // Python knows ~40,000 names and the reader only a selection: never claim
                // a name is wrong, only that it was not read.
                out->unsupported = tr("the character name \\N{%1} is not known to the reader")
                                           .arg(name.toString());
                break;
            }
            appendCodePoint(value, *cp);
            break;
        }
        default:
            // Python 3.11 keeps unknown escapes verbatim (with a DeprecationWarning).
            out->invalidEscapes.append(QStringLiteral("\\") + QChar(e));
            value.append(u'\\');
            value.append(QChar(e));
            if (!(e < 128))
                bytePos += 8;
            break;
        }
    }
    return true;
}

/** Finds the end of an f-string replacement field starting after '{' (CPython 3.11 rules). */
bool skipReplacementField(QStringView body, qsizetype *pos, QString *error)
{
    const qsizetype n = body.size();
    qsizetype i = *pos;
    int nesting = 0;
    QChar quote;
    int quoteSize = 0;
    bool sawExpression = false;
    for (; i < n; ++i) {
        const QChar c = body[i];
        if (quoteSize) {
            if (c == quote
                && (quoteSize == 1
                    || (i + 2 < n && body[i + 1] == quote && body[i + 2] == quote))) {
                i += quoteSize - 1;
                quoteSize = 0;
            }
            continue;
        }
        if (c == u'\'' || c == u'"') {
            sawExpression = true;
            quote = c;
            quoteSize = (i + 2 < n && body[i + 1] == c && body[i + 2] == c) ? 3 : 1;
            i += quoteSize - 1;
            continue;
        }
        if (c == u'[' || c == u'(' || c == u'{') {
            ++nesting;
        } else if ((c == u']' || c == u')' || c == u'}') && nesting > 0) {
            --nesting;
        } else if (nesting == 0 && (c == u'}' || c == u'!' || c == u':' || c == u'=')) {
            if (c == u'!' && i + 1 < n && body[i + 1] == u'=') {
                ++i;
                sawExpression = true;
                continue;
            }
            if (c == u'=' && i + 1 < n && body[i + 1] == u'=') {
                ++i;
                sawExpression = true;
                continue;
            }
            if (!sawExpression) {
                *error = tr("f-string: empty expression not allowed");
                return false;
            }
            // Conversion and format spec: the spec may nest one more replacement field.
            int depth = 0;
            for (; i < n; ++i) {
                if (body[i] == u'{')
                    ++depth;
                else if (body[i] == u'}') {
                    if (depth == 0) {
                        *pos = i + 1;
                        return true;
                    }
                    --depth;
                }
            }
            break;
        } else if (!c.isSpace()) {
            sawExpression = true;
        }
    }
    *error = tr("f-string: expecting '}'");
    return false;
}

bool decodeFString(QStringView body, bool raw, StringLiteral *out, QString *error)
{
    const qsizetype n = body.size();
    qsizetype segmentStart = 0;
    QString literal;
    auto flush = [&](qsizetype end) {
        const QStringView part = body.mid(segmentStart, end - segmentStart);
        if (raw) {
            out->value.append(part);
            return true;
        }
        return decodeEscapes(part, false, out, error);
    };
    qsizetype i = 0;
    while (i < n) {
        const QChar c = body[i];
        if (!raw && c == u'\\' && i + 1 < n) {
            // \N{...} is an escape, not a replacement field.
            if (body[i + 1] == u'N' && i + 2 < n && body[i + 2] == u'{') {
                const qsizetype close = body.indexOf(u'}', i + 3);
                i = close < 0 ? n : close + 1;
            } else {
                i += 2;
            }
            continue;
        }
        if (c == u'{' || c == u'}') {
            if (!flush(i))
                return false;
            if (i + 1 < n && body[i + 1] == c) {
                out->value.append(c);
                i += 2;
                segmentStart = i;
                continue;
            }
            if (c == u'}') {
                *error = tr("f-string: single '}' is not allowed");
                return false;
            }
            qsizetype pos = i + 1;
            if (!skipReplacementField(body, &pos, error))
                return false;
            out->hasPlaceholders = true;
            i = pos;
            segmentStart = i;
            continue;
        }
        ++i;
    }
    return flush(n);
}

QString stripUnderscores(QStringView text)
{
    QString out;
    out.reserve(text.size());
    for (QChar c : text) {
        if (c != u'_')
            out.append(c);
    }
    return out;
}

/** Converts digits of a power-of-two base to decimal text (schoolbook, base 10^9 limbs). */
QString toDecimal(QStringView digits, int base)
{
    std::vector<quint32> limbs {0}; // little-endian, base 1e9
    constexpr quint64 limbBase = 1000000000ULL;
    for (QChar ch : digits) {
        const int d = hexValue(ch.unicode());
        quint64 carry = quint64(d);
        for (quint32 &limb : limbs) {
            const quint64 v = quint64(limb) * quint64(base) + carry;
            limb = quint32(v % limbBase);
            carry = v / limbBase;
        }
        while (carry) {
            limbs.push_back(quint32(carry % limbBase));
            carry /= limbBase;
        }
    }
    QString out = QString::number(limbs.back());
    for (auto it = limbs.rbegin() + 1; it != limbs.rend(); ++it)
        out += QStringLiteral("%1").arg(*it, 9, 10, QLatin1Char('0'));
    return out;
}

} // namespace

std::optional<char32_t> unicodeCharacterByName(QStringView name)
{
    const QByteArray upper = name.toString().toUpper().toLatin1();
    if (upper.contains('?'))
        return std::nullopt;
    static constexpr char cjk[] = "CJK UNIFIED IDEOGRAPH-";
    if (upper.startsWith(cjk)) {
        const QByteArray hex = upper.mid(int(sizeof(cjk)) - 1);
        bool ok = false;
        const uint cp = (hex.size() == 4 || hex.size() == 5) ? hex.toUInt(&ok, 16) : 0;
        // Unicode 14.0's unified ideograph blocks.
        const bool inRange = (cp >= 0x3400 && cp <= 0x4DBF) || (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x20000 && cp <= 0x2A6DF) || (cp >= 0x2A700 && cp <= 0x2B738)
                || (cp >= 0x2B740 && cp <= 0x2B81D) || (cp >= 0x2B820 && cp <= 0x2CEA1)
                || (cp >= 0x2CEB0 && cp <= 0x2EBE0) || (cp >= 0x30000 && cp <= 0x3134A);
        if (ok && inRange)
            return char32_t(cp);
        return std::nullopt;
    }
    static constexpr char hangul[] = "HANGUL SYLLABLE ";
    if (upper.startsWith(hangul)) {
        // Unicode's algorithmic Hangul syllable names: leading consonant, vowel, trailing.
        static const char *const leads[] = {"G",  "GG", "N", "D",  "DD", "R", "M", "B", "BB", "S",
                                            "SS", "",   "J", "JJ", "C",  "K", "T", "P", "H"};
        static const char *const vowels[]
                = {"A",  "AE", "YA", "YAE", "EO", "E",  "YEO", "YE", "O",  "WA", "WAE",
                   "OE", "YO", "U",  "WEO", "WE", "WI", "YU",  "EU", "YI", "I"};
        static const char *const tails[] = {
                "",   "G",  "GG", "GS", "N",  "NJ", "NH", "D",  "L", "LG", "LM", "LB", "LS", "LT",
                "LP", "LH", "M",  "B",  "BS", "S",  "SS", "NG", "J", "C",  "K",  "T",  "P",  "H"};
        const QByteArray syllable = upper.mid(int(sizeof(hangul)) - 1);
        for (int l = 0; l < 19; ++l) {
            for (int v = 0; v < 21; ++v) {
                for (int t = 0; t < 28; ++t) {
                    if (syllable == QByteArray(leads[l]) + vowels[v] + tails[t])
                        return char32_t(0xAC00 + (l * 21 + v) * 28 + t);
                }
            }
        }
        return std::nullopt;
    }
    const UnicodeName *begin = unicodeNames;
    const UnicodeName *end = unicodeNames + unicodeNameCount;
    const auto it = std::lower_bound(begin, end, upper,
                                     [](const UnicodeName &entry, const QByteArray &key) {
                                         return std::strcmp(entry.name, key.constData()) < 0;
                                     });
    if (it != end && upper == it->name)
        return it->codePoint;
    return std::nullopt;
}

std::optional<StringLiteral> decodeStringLiteral(QStringView token, QString *error)
{
    StringLiteral out;
    bool raw = false;
    qsizetype i = 0;
    while (i < token.size() && token[i] != u'\'' && token[i] != u'"') {
        switch (token[i].toLower().unicode()) {
        case u'r':
            raw = true;
            break;
        case u'b':
            out.kind = StringLiteral::Kind::Bytes;
            break;
        case u'f':
            out.kind = StringLiteral::Kind::FString;
            break;
        default:
            break;
        }
        ++i;
    }
    const QChar quote = token[i];
    const int quoteSize = (i + 2 < token.size() && token[i + 1] == quote && token[i + 2] == quote
                           && token.size() - i >= 6)
            ? 3
            : 1;
    const QStringView body = token.mid(i + quoteSize, token.size() - i - 2 * quoteSize);

    QString localError;
    QString *err = error ? error : &localError;
    if (out.kind == StringLiteral::Kind::Bytes) {
        for (QChar c : body) {
            if (c.unicode() >= 128) {
                *err = tr("bytes can only contain ASCII literal characters");
                return std::nullopt;
            }
        }
    }
    if (out.kind == StringLiteral::Kind::FString) {
        if (!decodeFString(body, raw, &out, err))
            return std::nullopt;
        return out;
    }
    if (raw || !body.contains(u'\\')) {
        out.value = body.toString();
        return out;
    }
    if (!decodeEscapes(body, out.kind == StringLiteral::Kind::Bytes, &out, err))
        return std::nullopt;
    return out;
}

int excessiveDecimalDigits(QStringView token)
{
    if (token.size() <= MaxIntDigits)
        return 0;
    if (token.size() > 1 && token[0] == u'0' && token[1].isLetter())
        return 0; // 0x / 0o / 0b: no decimal conversion
    int digits = 0;
    bool significant = false;
    for (QChar c : token) {
        if (c == u'.' || c == u'e' || c == u'E' || c == u'j' || c == u'J')
            return 0; // float or complex
        if (c == u'_')
            continue;
        if (c != u'0')
            significant = true;
        if (significant)
            ++digits;
    }
    return digits > MaxIntDigits ? digits : 0;
}

NumberLiteral decodeNumberLiteral(QStringView token)
{
    NumberLiteral out;
    const QChar last = token.isEmpty() ? QChar() : token.back();
    if (last == u'j' || last == u'J') {
        out.imaginary = true;
        return out;
    }
    if (token.size() > 1 && token[0] == u'0'
        && (token[1].toLower() == u'x' || token[1].toLower() == u'o'
            || token[1].toLower() == u'b')) {
        const int base = token[1].toLower() == u'x' ? 16 : token[1].toLower() == u'o' ? 8 : 2;
        const QString digits = stripUnderscores(token.mid(2));
        // Schoolbook conversion is quadratic: refuse sizes nobody writes in a settings file.
        if (digits.size() > 4096) {
            out.unsupported
                    = tr("an integer literal of %1 digits is too large to read").arg(digits.size());
            return out;
        }
        out.value = PyValue::integerFromDecimal(toDecimal(digits, base));
        return out;
    }
    if (token.size() <= 18) {
        qint64 small = 0;
        bool digitsOnly = true;
        for (QChar c : token) {
            if (c < u'0' || c > u'9') {
                digitsOnly = false;
                break;
            }
            small = small * 10 + (c.unicode() - u'0');
        }
        if (digitsOnly) {
            out.value = PyValue::integer(small);
            return out;
        }
    }
    const QString plain = stripUnderscores(token);
    const bool isFloat = plain.contains(u'.') || plain.contains(u'e') || plain.contains(u'E');
    if (!isFloat) {
        out.value = PyValue::integerFromDecimal(plain);
        return out;
    }
    const QByteArray ascii = plain.toLatin1();
    double value = 0.0;
    const auto result = std::from_chars(ascii.constData(), ascii.constData() + ascii.size(), value,
                                        std::chars_format::general);
    if (result.ec == std::errc::result_out_of_range) {
        // Python rounds overflow to inf and underflow to zero.
        const qsizetype e = ascii.indexOf('e') >= 0 ? ascii.indexOf('e') : ascii.indexOf('E');
        const bool negativeExponent = e >= 0 && e + 1 < ascii.size() && ascii.at(e + 1) == '-';
        value = negativeExponent ? 0.0 : std::numeric_limits<double>::infinity();
    }
    out.value = PyValue::floating(value);
    return out;
}

} // namespace Cors::Py
