// SPDX-License-Identifier: MIT
#include "python/pysemantics.h"

#include <QChar>
#include <QLocale>

#include <algorithm>
#include <cmath>
#include <cstring>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace Cors::Py {

namespace {

/** Printable ASCII without quotes or backslashes: repr() puts it between single quotes. */
bool isPlainForRepr(const char16_t *units, qsizetype size)
{
    qsizetype i = 0;
#ifdef __SSE2__
    // Eight units at a time: origins, header names and patterns are quoted in every explanation.
    for (; i + 8 <= size; i += 8) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i *>(units + i));
        // Signed compares: units from 0x8000 are negative, below ' ' too.
        const __m128i outside = _mm_or_si128(_mm_cmplt_epi16(v, _mm_set1_epi16(' ')),
                                             _mm_cmpgt_epi16(v, _mm_set1_epi16(0x7e)));
        const __m128i quoting = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi16(v, _mm_set1_epi16('\'')),
                                                          _mm_cmpeq_epi16(v, _mm_set1_epi16('"'))),
                                             _mm_cmpeq_epi16(v, _mm_set1_epi16('\\')));
        if (_mm_movemask_epi8(_mm_or_si128(outside, quoting)))
            return false;
    }
#endif
    for (; i < size; ++i) {
        const char16_t c = units[i];
        if (c < u' ' || c > 0x7e || c == u'\'' || c == u'"' || c == u'\\')
            return false;
    }
    return true;
}

QString typeError(const QString &text)
{
    return QStringLiteral("TypeError: ") + text;
}

bool isPrintable(char32_t cp)
{
    // CPython's str.isprintable(): everything except categories Cc, Cf, Cs, Co, Cn, Zl, Zp and
    // Zs, but with the ASCII space counted as printable.
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

QString hex(char32_t cp, int width)
{
    return QStringLiteral("%1").arg(uint(cp), width, 16, QLatin1Char('0'));
}

QString reprSequence(const QList<PyValue> &items, QChar open, QChar close, bool tupleComma)
{
    QString out(open);
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            out += QStringLiteral(", ");
        out += repr(items.at(i));
    }
    if (tupleComma && items.size() == 1)
        out += u',';
    out += close;
    return out;
}

QString reprPatternFlags(int flags)
{
    static const std::pair<int, const char *> names[] = {
            {PyReFlag::Template, "re.TEMPLATE"}, {PyReFlag::IgnoreCase, "re.IGNORECASE"},
            {PyReFlag::Locale, "re.LOCALE"},     {PyReFlag::Multiline, "re.MULTILINE"},
            {PyReFlag::DotAll, "re.DOTALL"},     {PyReFlag::Unicode, "re.UNICODE"},
            {PyReFlag::Verbose, "re.VERBOSE"},   {PyReFlag::Debug, "re.DEBUG"},
            {PyReFlag::Ascii, "re.ASCII"},
    };
    // A str pattern is always Unicode unless ASCII or LOCALE is asked for; repr omits it.
    if ((flags & (PyReFlag::Locale | PyReFlag::Unicode | PyReFlag::Ascii)) == PyReFlag::Unicode)
        flags &= ~PyReFlag::Unicode;
    QStringList parts;
    for (const auto &[bit, name] : names) {
        if (flags & bit) {
            parts.append(QString::fromLatin1(name));
            flags &= ~bit;
        }
    }
    if (flags)
        parts.append(QStringLiteral("0x%1").arg(flags, 0, 16));
    return parts.join(u'|');
}

} // namespace

bool isSpace(char32_t cp)
{
    // Python counts bidi classes B and S as whitespace too, which adds the information
    // separators U+001C..U+001F to what Qt calls space.
    return QChar::isSpace(cp) || (cp >= 0x1c && cp <= 0x1f);
}

QStringList codePoints(const QString &text)
{
    QStringList out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c.isHighSurrogate() && i + 1 < text.size() && text.at(i + 1).isLowSurrogate()) {
            out.append(text.mid(i, 2));
            ++i;
        } else {
            out.append(QString(c));
        }
    }
    return out;
}

bool truthy(const PyValue &value)
{
    switch (value.kind()) {
    case PyValue::Kind::None:
        return false;
    case PyValue::Kind::Bool:
        return value.boolValue();
    case PyValue::Kind::Int:
        return value.intText() != QLatin1String("0");
    case PyValue::Kind::Float:
        return value.floatValue() != 0.0;
    case PyValue::Kind::Str:
        return !value.text().isEmpty();
    case PyValue::Kind::List:
    case PyValue::Kind::Tuple:
    case PyValue::Kind::Set:
    case PyValue::Kind::Dict:
        return !value.items().isEmpty();
    case PyValue::Kind::Pattern:
    case PyValue::Kind::DefaultHeaders:
    case PyValue::Kind::DefaultMethods:
        return true;
    }
    return true;
}

QString typeName(const PyValue &value)
{
    switch (value.kind()) {
    case PyValue::Kind::None:
        return QStringLiteral("NoneType");
    case PyValue::Kind::Bool:
        return QStringLiteral("bool");
    case PyValue::Kind::Int:
        return QStringLiteral("int");
    case PyValue::Kind::Float:
        return QStringLiteral("float");
    case PyValue::Kind::Str:
        return QStringLiteral("str");
    case PyValue::Kind::List:
        return QStringLiteral("list");
    case PyValue::Kind::Tuple:
    case PyValue::Kind::DefaultHeaders:
    case PyValue::Kind::DefaultMethods:
        return QStringLiteral("tuple");
    case PyValue::Kind::Set:
        return QStringLiteral("set");
    case PyValue::Kind::Dict:
        return QStringLiteral("dict");
    case PyValue::Kind::Pattern:
        return QStringLiteral("re.Pattern");
    }
    return QStringLiteral("object");
}

QString reprString(const QString &text)
{
    const char16_t *units = reinterpret_cast<const char16_t *>(text.constData());
    const qsizetype size = text.size();
    if (isPlainForRepr(units, size)) {
        QString out(size + 2, Qt::Uninitialized);
        char16_t *p = reinterpret_cast<char16_t *>(out.data());
        p[0] = u'\'';
        if (size > 0) // a null text's data is null, which memcpy must not be given
            std::memcpy(p + 1, units, size_t(size) * sizeof(char16_t));
        p[size + 1] = u'\'';
        return out;
    }
    // Printable ASCII with quotes or backslashes (regex patterns): only the quote chosen and
    // backslashes are escaped, written into one allocation.
    bool printableAscii = true;
    bool single = false;
    bool doubleQuote = false;
    qsizetype backslashes = 0;
    for (qsizetype i = 0; i < size && printableAscii; ++i) {
        const char16_t c = units[i];
        printableAscii = c >= u' ' && c <= 0x7e;
        single |= c == u'\'';
        doubleQuote |= c == u'"';
        backslashes += c == u'\\';
    }
    if (printableAscii) {
        const char16_t quote = single && !doubleQuote ? u'"' : u'\'';
        const qsizetype quotes
                = quote == u'\'' && single ? std::count(units, units + size, u'\'') : 0;
        QString out(size + 2 + backslashes + quotes, Qt::Uninitialized);
        char16_t *p = reinterpret_cast<char16_t *>(out.data());
        *p++ = quote;
        for (qsizetype i = 0; i < size; ++i) {
            if (units[i] == quote || units[i] == u'\\')
                *p++ = u'\\';
            *p++ = units[i];
        }
        *p = quote;
        return out;
    }
    const bool hasSingle = text.contains(u'\'');
    const bool hasDouble = text.contains(u'"');
    const QChar quote = (hasSingle && !hasDouble) ? u'"' : u'\'';
    // Most texts (origins, header names) are printable ASCII with nothing to escape: written as
    // they are, in one allocation.
    const bool plain = std::all_of(text.cbegin(), text.cend(), [quote](QChar c) {
        return c.unicode() >= u' ' && c.unicode() < 0x7f && c != quote && c != u'\\';
    });
    if (plain)
        return quote + text + quote;
    QString out(quote);
    out.reserve(text.size() + 2);
    for (const char32_t cp : text.toUcs4()) {
        if (cp == quote.unicode() || cp == U'\\') {
            out += u'\\';
            out += QChar(char16_t(cp));
        } else if (cp == U'\t') {
            out += QStringLiteral("\\t");
        } else if (cp == U'\n') {
            out += QStringLiteral("\\n");
        } else if (cp == U'\r') {
            out += QStringLiteral("\\r");
        } else if (cp < U' ' || cp == 0x7f) {
            out += QStringLiteral("\\x") + hex(cp, 2);
        } else if (cp < 0x7f) {
            out += QChar(char16_t(cp));
        } else if (isPrintable(cp)) {
            out += QString::fromUcs4(&cp, 1);
        } else if (cp <= 0xff) {
            out += QStringLiteral("\\x") + hex(cp, 2);
        } else if (cp <= 0xffff) {
            out += QStringLiteral("\\u") + hex(cp, 4);
        } else {
            out += QStringLiteral("\\U") + hex(cp, 8);
        }
    }
    out += quote;
    return out;
}

QString reprFloat(double value)
{
    if (std::isnan(value))
        return QStringLiteral("nan");
    if (std::isinf(value))
        return value > 0 ? QStringLiteral("inf") : QStringLiteral("-inf");
    if (value == 0.0)
        return std::signbit(value) ? QStringLiteral("-0.0") : QStringLiteral("0.0");

    // Shortest round-trip digits, then CPython's layout rule for repr(): positional notation
    // when the decimal point position lies in (-4, 16], scientific otherwise.
    const QString sci = QString::number(std::fabs(value), 'e', QLocale::FloatingPointShortest);
    const qsizetype ePos = sci.indexOf(u'e');
    QString digits = sci.left(ePos);
    digits.remove(u'.');
    const int exponent = sci.mid(ePos + 1).toInt();
    const int decpt = exponent + 1;
    QString out;
    if (decpt > -4 && decpt <= 16) {
        if (decpt <= 0) {
            out = QStringLiteral("0.") + QString(-decpt, u'0') + digits;
        } else if (decpt >= digits.size()) {
            out = digits + QString(decpt - digits.size(), u'0') + QStringLiteral(".0");
        } else {
            out = digits.left(decpt) + u'.' + digits.mid(decpt);
        }
    } else {
        out = digits.left(1);
        if (digits.size() > 1)
            out += u'.' + digits.mid(1);
        const int e = decpt - 1;
        out += QStringLiteral("e%1%2")
                       .arg(QChar(e < 0 ? u'-' : u'+'))
                       .arg(std::abs(e), 2, 10, QLatin1Char('0'));
    }
    return value < 0 ? u'-' + out : out;
}

QString repr(const PyValue &value)
{
    switch (value.kind()) {
    case PyValue::Kind::None:
        return QStringLiteral("None");
    case PyValue::Kind::Bool:
        return value.boolValue() ? QStringLiteral("True") : QStringLiteral("False");
    case PyValue::Kind::Int:
        return value.intText();
    case PyValue::Kind::Float:
        return reprFloat(value.floatValue());
    case PyValue::Kind::Str:
        return reprString(value.text());
    case PyValue::Kind::List:
        return reprSequence(value.items(), u'[', u']', false);
    case PyValue::Kind::Tuple:
        return reprSequence(value.items(), u'(', u')', true);
    case PyValue::Kind::Set:
        if (value.items().isEmpty())
            return QStringLiteral("set()");
        return reprSequence(value.items(), u'{', u'}', false);
    case PyValue::Kind::Dict: {
        QString out(u'{');
        for (qsizetype i = 0; i < value.items().size(); ++i) {
            const PyValue &pair = value.items().at(i);
            if (i > 0)
                out += QStringLiteral(", ");
            out += repr(pair.items().value(0)) + QStringLiteral(": ") + repr(pair.items().value(1));
        }
        return out + u'}';
    }
    case PyValue::Kind::Pattern: {
        const QString flags = reprPatternFlags(value.patternFlags());
        return QStringLiteral("re.compile(") + reprString(value.text())
                + (flags.isEmpty() ? QString() : QStringLiteral(", ") + flags) + u')';
    }
    case PyValue::Kind::DefaultHeaders:
    case PyValue::Kind::DefaultMethods:
        return value.kind() == PyValue::Kind::DefaultHeaders ? QStringLiteral("default_headers")
                                                             : QStringLiteral("default_methods");
    }
    return QString();
}

QString str(const PyValue &value)
{
    return value.isStr() ? value.text() : repr(value);
}

std::optional<QList<PyValue>> iterate(const PyValue &value, QString *error)
{
    switch (value.kind()) {
    case PyValue::Kind::Str: {
        QList<PyValue> chars;
        for (const QString &c : codePoints(value.text()))
            chars.append(PyValue::str(c));
        return chars;
    }
    case PyValue::Kind::List:
    case PyValue::Kind::Tuple:
    case PyValue::Kind::Set:
        return value.items();
    case PyValue::Kind::Dict: {
        QList<PyValue> keys;
        for (const PyValue &pair : value.items())
            keys.append(pair.items().value(0));
        return keys;
    }
    default:
        if (error)
            *error = typeError(QStringLiteral("'%1' object is not iterable").arg(typeName(value)));
        return std::nullopt;
    }
}

std::optional<qsizetype> len(const PyValue &value, QString *error)
{
    switch (value.kind()) {
    case PyValue::Kind::Str:
        return value.text().toUcs4().size();
    case PyValue::Kind::List:
    case PyValue::Kind::Tuple:
    case PyValue::Kind::Set:
    case PyValue::Kind::Dict:
        return value.items().size();
    default:
        if (error)
            *error = typeError(
                    QStringLiteral("object of type '%1' has no len()").arg(typeName(value)));
        return std::nullopt;
    }
}

std::optional<bool> containsStr(const PyValue &haystack, const QString &needle, QString *error)
{
    switch (haystack.kind()) {
    case PyValue::Kind::Str:
        return haystack.text().contains(needle);
    case PyValue::Kind::List:
    case PyValue::Kind::Tuple:
    case PyValue::Kind::Set:
    case PyValue::Kind::Dict: {
        const auto items = iterate(haystack, error);
        for (const PyValue &item : *items) {
            if (item.isStr() && item.text() == needle)
                return true;
        }
        return false;
    }
    default:
        if (error)
            *error = typeError(QStringLiteral("argument of type '%1' is not iterable")
                                       .arg(typeName(haystack)));
        return std::nullopt;
    }
}

std::optional<QString> join(const QString &separator, const PyValue &value, QString *error)
{
    const auto items = iterate(value, nullptr);
    if (!items) {
        if (error)
            *error = typeError(QStringLiteral("can only join an iterable"));
        return std::nullopt;
    }
    QString out;
    for (qsizetype i = 0; i < items->size(); ++i) {
        const PyValue &item = items->at(i);
        if (!item.isStr()) {
            if (error)
                *error = typeError(
                        QStringLiteral("sequence item %1: expected str instance, %2 found")
                                .arg(i)
                                .arg(typeName(item)));
            return std::nullopt;
        }
        if (i > 0)
            out += separator;
        out += item.text();
    }
    return out;
}

bool isSequence(const PyValue &value)
{
    switch (value.kind()) {
    case PyValue::Kind::Str:
    case PyValue::Kind::List:
    case PyValue::Kind::Tuple:
    case PyValue::Kind::DefaultHeaders:
    case PyValue::Kind::DefaultMethods:
        return true;
    default:
        return false;
    }
}

bool isInt(const PyValue &value)
{
    return value.kind() == PyValue::Kind::Int || value.kind() == PyValue::Kind::Bool;
}

} // namespace Cors::Py
