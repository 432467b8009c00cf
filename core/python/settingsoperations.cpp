// SPDX-License-Identifier: MIT
#include "python/settingsoperations.h"

#include "python/pysemantics.h"
#include "python/settingsreader.h"

#include <QCoreApplication>
#include <QHash>

#include <cmath>
#include <vector>

namespace Cors::Settings::Ops {

using Py::Op;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SettingsReader", text);
}

// Values longer than this are not built (`["x"] * 10**9` must not exhaust memory).
constexpr qint64 MaxRepeatedItems = SettingsReadLimits::MaxValueLength;

/** Items of a container, characters of a str: what the limits on value sizes count. */
qsizetype valueLength(const PyValue &v)
{
    switch (v.kind()) {
    case PyValue::Kind::Str:
        return v.text().size();
    case PyValue::Kind::List:
    case PyValue::Kind::Tuple:
    case PyValue::Kind::Set:
    case PyValue::Kind::Dict:
        return v.items().size();
    default:
        return 0;
    }
}

QString tooLarge()
{
    return tr("the result would have more than %1 items or characters (docs/limits.md)")
            .arg(SettingsReadLimits::MaxValueLength);
}

bool isSymbolic(const PyValue &v)
{
    return v.kind() == PyValue::Kind::DefaultHeaders || v.kind() == PyValue::Kind::DefaultMethods;
}

bool isTupleLike(const PyValue &v)
{
    return v.kind() == PyValue::Kind::Tuple || isSymbolic(v);
}

bool isNumber(const PyValue &v)
{
    return v.kind() == PyValue::Kind::Bool || v.kind() == PyValue::Kind::Int
            || v.kind() == PyValue::Kind::Float;
}

bool isIntLike(const PyValue &v)
{
    return v.kind() == PyValue::Kind::Bool || v.kind() == PyValue::Kind::Int;
}

/** Items of a list or tuple; a symbolic default is one starred item. */
QList<PyValue> sequenceItems(const PyValue &v)
{
    if (isSymbolic(v)) {
        PyValue starred = v;
        starred.setStarred(true);
        return {starred};
    }
    return v.items();
}

QString typeError(const QString &text)
{
    return QStringLiteral("TypeError: ") + text;
}

QString unsupportedOperands(const QString &op, const PyValue &a, const PyValue &b)
{
    return typeError(QStringLiteral("unsupported operand type(s) for %1: '%2' and '%3'")
                             .arg(op, typeName(a), typeName(b)));
}

QString opText(Op op)
{
    switch (op) {
    case Op::Plus:
        return QStringLiteral("+");
    case Op::Minus:
        return QStringLiteral("-");
    case Op::Star:
        return QStringLiteral("*");
    case Op::VBar:
        return QStringLiteral("|");
    case Op::Tilde:
        return QStringLiteral("~");
    case Op::PlusEqual:
        return QStringLiteral("+=");
    case Op::MinEqual:
        return QStringLiteral("-=");
    case Op::StarEqual:
        return QStringLiteral("*=");
    case Op::VBarEqual:
        return QStringLiteral("|=");
    default:
        return QStringLiteral("?");
    }
}

/** The exact decimal digits of an integral double (Python compares int and float exactly). */
QString integralDoubleText(double v)
{
    if (std::fabs(v) < 9.2e18)
        return QString::number(qint64(v));
    int exponent = 0;
    const double fraction = std::frexp(std::fabs(v), &exponent);
    quint64 mantissa = quint64(std::ldexp(fraction, 53));
    int shift = exponent - 53;
    std::vector<int> digits; // little-endian decimal
    while (mantissa) {
        digits.push_back(int(mantissa % 10));
        mantissa /= 10;
    }
    for (; shift > 0; --shift) {
        int carry = 0;
        for (int &d : digits) {
            const int x = d * 2 + carry;
            d = x % 10;
            carry = x / 10;
        }
        if (carry)
            digits.push_back(carry);
    }
    QString out = v < 0 ? QStringLiteral("-") : QString();
    for (auto it = digits.rbegin(); it != digits.rend(); ++it)
        out.append(QChar(u'0' + *it));
    return out;
}

OpResult intArithmetic(const PyValue &a, Op op, const PyValue &b)
{
    const auto x = a.toInt64();
    const auto y = b.toInt64();
    if (!x || !y)
        return OpResult::cannot(tr("arithmetic on integers beyond 64 bits is not evaluated"));
    qint64 r = 0;
    bool overflow = false;
    switch (op) {
    case Op::Plus:
        overflow = __builtin_add_overflow(*x, *y, &r);
        break;
    case Op::Minus:
        overflow = __builtin_sub_overflow(*x, *y, &r);
        break;
    case Op::Star:
        overflow = __builtin_mul_overflow(*x, *y, &r);
        break;
    case Op::VBar:
        if (a.isBool() && b.isBool())
            return OpResult::ok(PyValue::boolean(a.boolValue() || b.boolValue()));
        r = *x | *y;
        break;
    default:
        return OpResult::cannot(tr("the operator is not evaluated"));
    }
    if (overflow)
        return OpResult::cannot(tr("arithmetic on integers beyond 64 bits is not evaluated"));
    return OpResult::ok(PyValue::integer(r));
}

std::optional<double> asDouble(const PyValue &v)
{
    if (v.kind() == PyValue::Kind::Float)
        return v.floatValue();
    if (const auto i = v.toInt64())
        return double(*i);
    return std::nullopt;
}

OpResult numberArithmetic(const PyValue &a, Op op, const PyValue &b)
{
    if (a.kind() != PyValue::Kind::Float && b.kind() != PyValue::Kind::Float)
        return intArithmetic(a, op, b);
    if (op == Op::VBar)
        return OpResult::raise(unsupportedOperands(opText(op), a, b));
    const auto x = asDouble(a);
    const auto y = asDouble(b);
    if (!x || !y)
        return OpResult::cannot(tr("arithmetic on integers beyond 64 bits is not evaluated"));
    switch (op) {
    case Op::Plus:
        return OpResult::ok(PyValue::floating(*x + *y));
    case Op::Minus:
        return OpResult::ok(PyValue::floating(*x - *y));
    case Op::Star:
        return OpResult::ok(PyValue::floating(*x * *y));
    default:
        return OpResult::cannot(tr("the operator is not evaluated"));
    }
}

OpResult repeat(const PyValue &sequence, const PyValue &count)
{
    const auto n = count.toInt64();
    if (!n)
        return OpResult::cannot(tr("repetition by a huge count is not evaluated"));
    const qint64 times = std::max<qint64>(*n, 0);
    if (sequence.kind() == PyValue::Kind::Str) {
        if (times * sequence.text().size() > MaxRepeatedItems)
            return OpResult::cannot(tooLarge());
        return OpResult::ok(PyValue::str(sequence.text().repeated(times)));
    }
    const QList<PyValue> items = sequenceItems(sequence);
    if (times * items.size() > MaxRepeatedItems)
        return OpResult::cannot(tooLarge());
    QList<PyValue> out;
    out.reserve(times * items.size());
    for (qint64 i = 0; i < times; ++i)
        out += items;
    return OpResult::ok(sequence.kind() == PyValue::Kind::List ? PyValue::list(out)
                                                               : PyValue::tuple(out));
}

QList<PyValue> dictItems(const PyValue &dict)
{
    return dict.items();
}

} // namespace

QString typeName(const PyValue &value)
{
    if (isSymbolic(value))
        return QStringLiteral("tuple");
    return Py::typeName(value);
}

PyValue concrete(const PyValue &value, Profile profile)
{
    return value.resolved(profile);
}

std::optional<QList<PyValue>> spliceItems(const PyValue &value, Profile profile, QString *exception)
{
    Q_UNUSED(profile);
    switch (value.kind()) {
    case PyValue::Kind::Str: {
        QList<PyValue> out;
        for (const QString &cp : Py::codePoints(value.text()))
            out.append(PyValue::str(cp));
        return out;
    }
    case PyValue::Kind::List:
    case PyValue::Kind::Tuple:
    case PyValue::Kind::Set:
        return value.items();
    case PyValue::Kind::Dict: {
        QList<PyValue> keys;
        for (const PyValue &pair : value.items())
            keys.append(pair.items().at(0));
        return keys;
    }
    case PyValue::Kind::DefaultHeaders:
    case PyValue::Kind::DefaultMethods:
        return sequenceItems(value);
    default:
        if (exception)
            *exception
                    = typeError(QStringLiteral("'%1' object is not iterable").arg(typeName(value)));
        return std::nullopt;
    }
}

std::optional<QString> hashKey(const PyValue &value, Profile profile)
{
    switch (value.kind()) {
    case PyValue::Kind::None:
        return QStringLiteral("N");
    case PyValue::Kind::Bool:
        return value.boolValue() ? QStringLiteral("n1") : QStringLiteral("n0");
    case PyValue::Kind::Int:
        return QStringLiteral("n") + value.intText();
    case PyValue::Kind::Float: {
        const double v = value.floatValue();
        if (std::isfinite(v) && v == std::floor(v))
            return QStringLiteral("n") + integralDoubleText(v);
        return QStringLiteral("f") + Py::reprFloat(v);
    }
    case PyValue::Kind::Str:
        return QStringLiteral("s") + value.text();
    case PyValue::Kind::Pattern:
        return QStringLiteral("p%1:%2").arg(value.patternFlags()).arg(value.text());
    case PyValue::Kind::Tuple:
    case PyValue::Kind::DefaultHeaders:
    case PyValue::Kind::DefaultMethods: {
        const PyValue tuple = concrete(value, profile);
        QString key = QStringLiteral("t%1(").arg(tuple.items().size());
        for (const PyValue &item : tuple.items()) {
            const auto inner = hashKey(item, profile);
            if (!inner)
                return std::nullopt;
            key += QString::number(inner->size()) + u':' + *inner;
        }
        return key + u')';
    }
    default:
        return std::nullopt;
    }
}

OpResult makeSet(const QList<PyValue> &items, Profile profile)
{
    QList<PyValue> out;
    QHash<QString, bool> seen;
    auto add = [&](const PyValue &item) -> bool {
        const auto key = hashKey(item, profile);
        if (!key)
            return false;
        if (!seen.contains(*key)) {
            seen.insert(*key, true);
            out.append(item);
        }
        return true;
    };
    for (const PyValue &item : items) {
        if (item.isStarred()) {
            PyValue unstarred = item;
            unstarred.setStarred(false);
            const PyValue expanded = concrete(unstarred, profile); // outlives the loop
            for (const PyValue &inner : expanded.items()) {
                if (!add(inner))
                    return OpResult::raise(typeError(
                            QStringLiteral("unhashable type: '%1'").arg(typeName(inner))));
            }
            continue;
        }
        if (!add(item))
            return OpResult::raise(
                    typeError(QStringLiteral("unhashable type: '%1'").arg(typeName(item))));
    }
    return OpResult::ok(PyValue::set(out));
}

OpResult makeDict(const QList<std::pair<PyValue, PyValue>> &items, Profile profile)
{
    QList<std::pair<PyValue, PyValue>> out;
    QHash<QString, qsizetype> position;
    for (const auto &[key, value] : items) {
        const auto hash = hashKey(key, profile);
        if (!hash)
            return OpResult::raise(
                    typeError(QStringLiteral("unhashable type: '%1'").arg(typeName(key))));
        const auto it = position.constFind(*hash);
        if (it != position.cend()) {
            out[*it].second = value;
        } else {
            position.insert(*hash, out.size());
            out.append({key, value});
        }
    }
    return OpResult::ok(PyValue::dict(out));
}

OpResult binaryUnchecked(const PyValue &a, Op op, const PyValue &b, Profile profile);

OpResult binary(const PyValue &a, Op op, const PyValue &b, Profile profile)
{
    // Concatenations and unions double what they are given, so a few statements could
    // otherwise build a value of any size; the inputs are checked before, the result after.
    if (op == Op::Plus || op == Op::VBar || op == Op::PlusEqual || op == Op::VBarEqual) {
        if (valueLength(a) + valueLength(b) > SettingsReadLimits::MaxValueLength)
            return OpResult::cannot(tooLarge());
    }
    OpResult result = binaryUnchecked(a, op, b, profile);
    if (result.value && valueLength(*result.value) > SettingsReadLimits::MaxValueLength)
        return OpResult::cannot(tooLarge());
    return result;
}

OpResult binaryUnchecked(const PyValue &a, Op op, const PyValue &b, Profile profile)
{
    if (isNumber(a) && isNumber(b))
        return numberArithmetic(a, op, b);
    const QString symbol = opText(op);
    switch (op) {
    case Op::Plus:
        if (a.isStr()) {
            if (!b.isStr())
                return OpResult::raise(
                        typeError(QStringLiteral("can only concatenate str (not \"%1\") to str")
                                          .arg(typeName(b))));
            return OpResult::ok(PyValue::str(a.text() + b.text()));
        }
        if (a.kind() == PyValue::Kind::List) {
            if (b.kind() != PyValue::Kind::List)
                return OpResult::raise(
                        typeError(QStringLiteral("can only concatenate list (not \"%1\") to list")
                                          .arg(typeName(b))));
            return OpResult::ok(PyValue::list(a.items() + b.items()));
        }
        if (isTupleLike(a)) {
            if (!isTupleLike(b))
                return OpResult::raise(
                        typeError(QStringLiteral("can only concatenate tuple (not \"%1\") to tuple")
                                          .arg(typeName(b))));
            return OpResult::ok(PyValue::tuple(sequenceItems(a) + sequenceItems(b)));
        }
        break;
    case Op::Minus:
        if (a.kind() == PyValue::Kind::Set && b.kind() == PyValue::Kind::Set) {
            QHash<QString, bool> remove;
            for (const PyValue &item : b.items())
                remove.insert(hashKey(item, profile).value_or(QString()), true);
            QList<PyValue> out;
            for (const PyValue &item : a.items()) {
                if (!remove.contains(hashKey(item, profile).value_or(QString())))
                    out.append(item);
            }
            return OpResult::ok(PyValue::set(out));
        }
        break;
    case Op::Star: {
        const bool aSeq = a.isStr() || a.kind() == PyValue::Kind::List || isTupleLike(a);
        const bool bSeq = b.isStr() || b.kind() == PyValue::Kind::List || isTupleLike(b);
        if (aSeq && isIntLike(b))
            return repeat(a, b);
        if (bSeq && isIntLike(a))
            return repeat(b, a);
        if (aSeq)
            return OpResult::raise(
                    typeError(QStringLiteral("can't multiply sequence by non-int of type '%1'")
                                      .arg(typeName(b))));
        if (bSeq)
            return OpResult::raise(
                    typeError(QStringLiteral("can't multiply sequence by non-int of type '%1'")
                                      .arg(typeName(a))));
        break;
    }
    case Op::VBar:
        if (a.kind() == PyValue::Kind::Set && b.kind() == PyValue::Kind::Set)
            return makeSet(a.items() + b.items(), profile);
        if (a.kind() == PyValue::Kind::Dict && b.kind() == PyValue::Kind::Dict) {
            QList<std::pair<PyValue, PyValue>> pairs;
            for (const PyValue &pair : dictItems(a) + dictItems(b))
                pairs.append({pair.items().at(0), pair.items().at(1)});
            return makeDict(pairs, profile);
        }
        break;
    default:
        return OpResult::cannot(tr("the operator '%1' is not evaluated by the reader").arg(symbol));
    }
    return OpResult::raise(unsupportedOperands(symbol, a, b));
}

OpResult unary(Op op, const PyValue &v)
{
    const QString symbol = opText(op);
    if (v.kind() == PyValue::Kind::Float) {
        if (op == Op::Minus)
            return OpResult::ok(PyValue::floating(-v.floatValue()));
        if (op == Op::Plus)
            return OpResult::ok(v);
    } else if (isIntLike(v)) {
        const QString text = v.isBool()
                ? (v.boolValue() ? QStringLiteral("1") : QStringLiteral("0"))
                : v.intText();
        if (op == Op::Plus)
            return OpResult::ok(PyValue::integerFromDecimal(text));
        if (op == Op::Minus)
            return OpResult::ok(
                    PyValue::integerFromDecimal(text.startsWith(u'-') ? text.mid(1) : u'-' + text));
        if (op == Op::Tilde) {
            const auto x = v.toInt64();
            if (!x || *x == std::numeric_limits<qint64>::min())
                return OpResult::cannot(
                        tr("arithmetic on integers beyond 64 bits is not evaluated"));
            return OpResult::ok(PyValue::integer(~*x));
        }
    }
    return OpResult::raise(typeError(
            QStringLiteral("bad operand type for unary %1: '%2'").arg(symbol, typeName(v))));
}

OpResult inPlaceUnchecked(const PyValue &target, Op op, const PyValue &value, Profile profile);

OpResult inPlace(const PyValue &target, Op op, const PyValue &value, Profile profile)
{
    if (op == Op::PlusEqual || op == Op::VBarEqual) {
        if (valueLength(target) + valueLength(value) > SettingsReadLimits::MaxValueLength)
            return OpResult::cannot(tooLarge());
    }
    OpResult result = inPlaceUnchecked(target, op, value, profile);
    if (result.value && valueLength(*result.value) > SettingsReadLimits::MaxValueLength)
        return OpResult::cannot(tooLarge());
    return result;
}

OpResult inPlaceUnchecked(const PyValue &target, Op op, const PyValue &value, Profile profile)
{
    auto withAugmentedSymbol = [&](OpResult r, Op plain) {
        const QString from = QStringLiteral("operand type(s) for %1:").arg(opText(plain));
        if (r.exception.contains(from))
            r.exception.replace(from, QStringLiteral("operand type(s) for %1:").arg(opText(op)));
        return r;
    };
    switch (op) {
    case Op::PlusEqual:
        if (target.kind() == PyValue::Kind::List) {
            QString exception;
            const auto items = spliceItems(value, profile, &exception);
            if (!items)
                return OpResult::raise(exception);
            return OpResult::ok(PyValue::list(target.items() + *items));
        }
        return withAugmentedSymbol(binary(target, Op::Plus, value, profile), Op::Plus);
    case Op::MinEqual:
        if (target.kind() == PyValue::Kind::Set && value.kind() != PyValue::Kind::Set)
            return OpResult::raise(unsupportedOperands(opText(op), target, value));
        return withAugmentedSymbol(binary(target, Op::Minus, value, profile), Op::Minus);
    case Op::StarEqual:
        return withAugmentedSymbol(binary(target, Op::Star, value, profile), Op::Star);
    case Op::VBarEqual:
        if (target.kind() == PyValue::Kind::Dict && value.kind() != PyValue::Kind::Dict) {
            // dict |= takes any iterable of key/value pairs, like dict.update().
            QString exception;
            const auto items = spliceItems(value, profile, &exception);
            if (!items)
                return OpResult::raise(exception);
            QList<std::pair<PyValue, PyValue>> pairs;
            for (const PyValue &pair : target.items())
                pairs.append({pair.items().at(0), pair.items().at(1)});
            for (const PyValue &item : *items) {
                const auto kv = spliceItems(item, profile, &exception);
                if (!kv)
                    return OpResult::raise(typeError(QStringLiteral(
                            "cannot convert dictionary update sequence element #0 to a sequence")));
                if (kv->size() != 2)
                    return OpResult::raise(QStringLiteral("ValueError: dictionary update sequence "
                                                          "element #0 has length %1; 2 is required")
                                                   .arg(kv->size()));
                pairs.append({kv->at(0), kv->at(1)});
            }
            return makeDict(pairs, profile);
        }
        return withAugmentedSymbol(binary(target, Op::VBar, value, profile), Op::VBar);
    default:
        return OpResult::cannot(
                tr("the operator '%1' is not evaluated by the reader").arg(opText(op)));
    }
}

bool equals(const PyValue &left, const PyValue &right, Profile profile)
{
    const PyValue a = concrete(left, profile);
    const PyValue b = concrete(right, profile);
    if (isNumber(a) && isNumber(b)) {
        if ((a.kind() == PyValue::Kind::Float && std::isnan(a.floatValue()))
            || (b.kind() == PyValue::Kind::Float && std::isnan(b.floatValue())))
            return false;
        return hashKey(a, profile) == hashKey(b, profile);
    }
    if (a.kind() != b.kind())
        return false;
    switch (a.kind()) {
    case PyValue::Kind::None:
        return true;
    case PyValue::Kind::Str:
        return a.text() == b.text();
    case PyValue::Kind::Pattern:
        return a.text() == b.text() && a.patternFlags() == b.patternFlags();
    case PyValue::Kind::List:
    case PyValue::Kind::Tuple: {
        if (a.items().size() != b.items().size())
            return false;
        for (qsizetype i = 0; i < a.items().size(); ++i) {
            if (!equals(a.items().at(i), b.items().at(i), profile))
                return false;
        }
        return true;
    }
    case PyValue::Kind::Set: {
        if (a.items().size() != b.items().size())
            return false;
        QHash<QString, bool> keys;
        for (const PyValue &item : b.items())
            keys.insert(hashKey(item, profile).value_or(QString()), true);
        for (const PyValue &item : a.items()) {
            if (!keys.contains(hashKey(item, profile).value_or(QString())))
                return false;
        }
        return true;
    }
    case PyValue::Kind::Dict: {
        if (a.items().size() != b.items().size())
            return false;
        for (const PyValue &pair : a.items()) {
            bool found = false;
            for (const PyValue &other : b.items()) {
                if (hashKey(pair.items().at(0), profile) == hashKey(other.items().at(0), profile)) {
                    found = equals(pair.items().at(1), other.items().at(1), profile);
                    break;
                }
            }
            if (!found)
                return false;
        }
        return true;
    }
    default:
        return false;
    }
}

OpResult compare(const PyValue &a, const QString &op, const PyValue &b, Profile profile)
{
    if (op == QLatin1String("==") || op == QLatin1String("!="))
        return OpResult::ok(PyValue::boolean(equals(a, b, profile) == (op == QLatin1String("=="))));
    if (op == QLatin1String("is") || op == QLatin1String("is not")) {
        // Identity is only certain for the singletons.
        const bool singleton = a.isNone() || a.isBool() || b.isNone() || b.isBool();
        if (!singleton)
            return OpResult::cannot(tr("'is' between these values depends on object identity"));
        const bool same = a.kind() == b.kind() && equals(a, b, profile);
        return OpResult::ok(PyValue::boolean(same == (op == QLatin1String("is"))));
    }
    const PyValue container = concrete(b, profile);
    bool found = false;
    if (container.isStr()) {
        if (!a.isStr())
            return OpResult::raise(typeError(
                    QStringLiteral("'in <string>' requires string as left operand, not %1")
                            .arg(typeName(a))));
        found = container.text().contains(a.text());
    } else if (container.kind() == PyValue::Kind::List
               || container.kind() == PyValue::Kind::Tuple) {
        for (const PyValue &item : container.items()) {
            if (equals(a, item, profile)) {
                found = true;
                break;
            }
        }
    } else if (container.kind() == PyValue::Kind::Set || container.kind() == PyValue::Kind::Dict) {
        const auto key = hashKey(a, profile);
        if (!key)
            return OpResult::raise(
                    typeError(QStringLiteral("unhashable type: '%1'").arg(typeName(a))));
        for (const PyValue &item : container.items()) {
            const PyValue &k = container.kind() == PyValue::Kind::Dict ? item.items().at(0) : item;
            if (hashKey(k, profile) == key) {
                found = true;
                break;
            }
        }
    } else {
        return OpResult::raise(typeError(
                QStringLiteral("argument of type '%1' is not iterable").arg(typeName(container))));
    }
    return OpResult::ok(PyValue::boolean(found == (op == QLatin1String("in"))));
}

bool isPythonWhitespace(char32_t cp)
{
    switch (cp) {
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x1C:
    case 0x1D:
    case 0x1E:
    case 0x1F:
    case 0x20:
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

OpResult split(const QString &text, const std::optional<QString> &separator, qint64 maxsplit)
{
    QList<PyValue> parts;
    if (separator) {
        if (separator->isEmpty())
            return OpResult::raise(QStringLiteral("ValueError: empty separator"));
        qsizetype from = 0;
        while (maxsplit != 0) {
            const qsizetype at = text.indexOf(*separator, from);
            if (at < 0)
                break;
            parts.append(PyValue::str(text.mid(from, at - from)));
            from = at + separator->size();
            if (maxsplit > 0)
                --maxsplit;
        }
        parts.append(PyValue::str(text.mid(from)));
        return OpResult::ok(PyValue::list(parts));
    }
    const qsizetype n = text.size();
    qsizetype i = 0;
    while (i < n) {
        while (i < n && isPythonWhitespace(text.at(i).unicode()))
            ++i;
        if (i >= n)
            break;
        if (maxsplit == 0) {
            // The rest, trailing whitespace included, is the last part.
            parts.append(PyValue::str(text.mid(i)));
            break;
        }
        const qsizetype start = i;
        while (i < n && !isPythonWhitespace(text.at(i).unicode()))
            ++i;
        parts.append(PyValue::str(text.mid(start, i - start)));
        if (maxsplit > 0)
            --maxsplit;
    }
    return OpResult::ok(PyValue::list(parts));
}

QString strip(const QString &text, const std::optional<QString> &chars, bool left, bool right)
{
    auto strippable
            = [&](QChar c) { return chars ? chars->contains(c) : isPythonWhitespace(c.unicode()); };
    qsizetype start = 0;
    qsizetype end = text.size();
    if (left) {
        while (start < end && strippable(text.at(start)))
            ++start;
    }
    if (right) {
        while (end > start && strippable(text.at(end - 1)))
            --end;
    }
    return text.mid(start, end - start);
}

OpResult toInt(const PyValue &value)
{
    switch (value.kind()) {
    case PyValue::Kind::Bool:
    case PyValue::Kind::Int:
        return OpResult::ok(PyValue::integerFromDecimal(
                value.isBool() ? QString::number(value.boolValue() ? 1 : 0) : value.intText()));
    case PyValue::Kind::Float: {
        const double v = value.floatValue();
        if (std::isnan(v))
            return OpResult::raise(
                    QStringLiteral("ValueError: cannot convert float NaN to integer"));
        if (std::isinf(v))
            return OpResult::raise(
                    QStringLiteral("OverflowError: cannot convert float infinity to integer"));
        return OpResult::ok(PyValue::integerFromDecimal(integralDoubleText(std::trunc(v))));
    }
    case PyValue::Kind::Str: {
        const QString s = strip(value.text(), std::nullopt, true, true);
        QString digits;
        qsizetype i = 0;
        if (i < s.size() && (s.at(i) == u'+' || s.at(i) == u'-')) {
            if (s.at(i) == u'-')
                digits.append(u'-');
            ++i;
        }
        bool valid = i < s.size();
        bool lastUnderscore = true; // no leading underscore
        for (; valid && i < s.size(); ++i) {
            const QChar c = s.at(i);
            if (c == u'_' && !lastUnderscore) {
                lastUnderscore = true;
            } else if (c >= u'0' && c <= u'9') {
                digits.append(c);
                lastUnderscore = false;
            } else if (c.isDigit()) {
                return OpResult::cannot(tr("int() of non-ASCII digits is not evaluated"));
            } else {
                valid = false;
            }
        }
        if (!valid || lastUnderscore)
            return OpResult::raise(
                    QStringLiteral("ValueError: invalid literal for int() with base 10: %1")
                            .arg(Py::reprString(value.text())));
        return OpResult::ok(PyValue::integerFromDecimal(digits));
    }
    default:
        return OpResult::raise(
                typeError(QStringLiteral("int() argument must be a string, a bytes-like "
                                         "object or a real number, not '%1'")
                                  .arg(typeName(value))));
    }
}

} // namespace Cors::Settings::Ops
