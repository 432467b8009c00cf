// SPDX-License-Identifier: MIT
#include "python/pyvalue.h"

#include "policy/profile.h"

#include <QRegularExpression>

#include <cstring>

namespace Cors {

namespace {

const QList<PyValue> &emptyItems()
{
    static const QList<PyValue> empty;
    return empty;
}

} // namespace

PyValue PyValue::boolean(bool value)
{
    PyValue v;
    v.m_kind = Kind::Bool;
    v.m_bool = value;
    return v;
}

PyValue PyValue::integer(qint64 value)
{
    PyValue v;
    v.m_kind = Kind::Int;
    v.m_text = QString::number(value);
    return v;
}

PyValue PyValue::integerFromDecimal(const QString &decimal)
{
    static const QRegularExpression shape(QStringLiteral("\\A-?[0-9]+\\z"));
    if (!shape.match(decimal).hasMatch())
        return {};
    const bool negative = decimal.startsWith(u'-');
    QString digits = decimal.mid(negative ? 1 : 0);
    qsizetype firstNonZero = 0;
    while (firstNonZero < digits.size() - 1 && digits.at(firstNonZero) == u'0')
        ++firstNonZero;
    digits = digits.mid(firstNonZero);
    PyValue v;
    v.m_kind = Kind::Int;
    v.m_text = (negative && digits != QLatin1String("0")) ? u'-' + digits : digits;
    return v;
}

PyValue PyValue::floating(double value)
{
    PyValue v;
    v.m_kind = Kind::Float;
    v.m_float = value;
    return v;
}

PyValue PyValue::str(const QString &value)
{
    PyValue v;
    v.m_kind = Kind::Str;
    v.m_text = value;
    return v;
}

PyValue PyValue::list(QList<PyValue> items)
{
    return container(Kind::List, std::move(items));
}

PyValue PyValue::tuple(QList<PyValue> items)
{
    return container(Kind::Tuple, std::move(items));
}

PyValue PyValue::set(QList<PyValue> items)
{
    return container(Kind::Set, std::move(items));
}

PyValue PyValue::dict(QList<std::pair<PyValue, PyValue>> items)
{
    QList<PyValue> pairs;
    pairs.reserve(items.size());
    for (auto &[key, value] : items)
        pairs.append(PyValue::tuple({std::move(key), std::move(value)}));
    return container(Kind::Dict, std::move(pairs));
}

PyValue PyValue::pattern(const QString &pattern, int flags)
{
    PyValue v;
    v.m_kind = Kind::Pattern;
    v.m_text = pattern;
    v.m_flags = flags;
    return v;
}

PyValue PyValue::defaultHeaders()
{
    PyValue v;
    v.m_kind = Kind::DefaultHeaders;
    return v;
}

PyValue PyValue::defaultMethods()
{
    PyValue v;
    v.m_kind = Kind::DefaultMethods;
    return v;
}

PyValue PyValue::strList(const QStringList &items)
{
    QList<PyValue> values;
    values.reserve(items.size());
    for (const QString &item : items)
        values.append(PyValue::str(item));
    return list(std::move(values));
}

PyValue PyValue::strTuple(const QStringList &items)
{
    PyValue v = strList(items);
    v.m_kind = Kind::Tuple;
    return v;
}

bool PyValue::isContainer() const
{
    return m_kind == Kind::List || m_kind == Kind::Tuple || m_kind == Kind::Set
            || m_kind == Kind::Dict;
}

std::optional<qint64> PyValue::toInt64() const
{
    if (m_kind == Kind::Bool)
        return m_bool ? 1 : 0;
    if (m_kind != Kind::Int)
        return std::nullopt;
    bool ok = false;
    const qint64 value = m_text.toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

const QList<PyValue> &PyValue::items() const
{
    return m_items ? *m_items : emptyItems();
}

QList<PyValue> &PyValue::items()
{
    detach();
    return *m_items;
}

void PyValue::setItems(QList<PyValue> items)
{
    m_items = std::make_shared<QList<PyValue>>(std::move(items));
}

void PyValue::detach()
{
    if (!m_items)
        m_items = std::make_shared<QList<PyValue>>();
    else if (m_items.use_count() > 1)
        m_items = std::make_shared<QList<PyValue>>(*m_items);
}

bool PyValue::isDynamic() const
{
    if (!m_dynamicSource.isEmpty())
        return true;
    for (const PyValue &item : items()) {
        if (item.isDynamic())
            return true;
    }
    return false;
}

bool PyValue::needsResolving() const
{
    if (m_kind == Kind::DefaultHeaders || m_kind == Kind::DefaultMethods || m_starred)
        return true;
    for (const PyValue &item : items()) {
        if (item.needsResolving())
            return true;
    }
    return false;
}

PyValue PyValue::resolved(Profile profile) const
{
    if (!needsResolving())
        return *this;
    PyValue out;
    switch (m_kind) {
    case Kind::DefaultHeaders:
        out = strTuple(Cors::defaultHeaders(profile));
        break;
    case Kind::DefaultMethods:
        out = strTuple(Cors::defaultMethods(profile));
        break;
    case Kind::List:
    case Kind::Tuple:
    case Kind::Set:
    case Kind::Dict: {
        QList<PyValue> expanded;
        expanded.reserve(items().size());
        for (const PyValue &item : items()) {
            PyValue r = item.resolved(profile);
            if (item.isStarred()) {
                r.setStarred(false);
                // Only symbolic defaults stay starred after reading; they resolve to tuples.
                for (const PyValue &inner : r.items())
                    expanded.append(inner);
            } else {
                expanded.append(std::move(r));
            }
        }
        out = container(m_kind, std::move(expanded));
        break;
    }
    default:
        out = *this;
        break;
    }
    out.m_dynamicSource = m_dynamicSource;
    out.m_starred = false;
    return out;
}

bool operator==(const PyValue &a, const PyValue &b)
{
    if (a.m_kind != b.m_kind || a.m_starred != b.m_starred
        || a.m_dynamicSource != b.m_dynamicSource)
        return false;
    switch (a.m_kind) {
    case PyValue::Kind::None:
    case PyValue::Kind::DefaultHeaders:
    case PyValue::Kind::DefaultMethods:
        return true;
    case PyValue::Kind::Bool:
        return a.m_bool == b.m_bool;
    case PyValue::Kind::Int:
    case PyValue::Kind::Str:
        return a.m_text == b.m_text;
    case PyValue::Kind::Float:
        // Bitwise identity, so NaN equals itself and -0.0 differs from 0.0: a document
        // round trip must keep exactly what was written.
        return std::memcmp(&a.m_float, &b.m_float, sizeof(double)) == 0;
    case PyValue::Kind::Pattern:
        return a.m_text == b.m_text && a.m_flags == b.m_flags;
    case PyValue::Kind::List:
    case PyValue::Kind::Tuple:
    case PyValue::Kind::Set:
    case PyValue::Kind::Dict:
        return a.items() == b.items();
    }
    return false;
}

PyValue PyValue::container(Kind kind, QList<PyValue> items)
{
    PyValue v;
    v.m_kind = kind;
    v.m_items = std::make_shared<QList<PyValue>>(std::move(items));
    return v;
}

} // namespace Cors
