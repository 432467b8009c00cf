// SPDX-License-Identifier: MIT
#pragma once

#include "policy/profile.h"
#include "python/pytokenizer.h"
#include "python/pyvalue.h"

#include <QList>
#include <QString>

#include <optional>

namespace Cors::Settings {

/**
 * The outcome of a Python operation on literal values: a value, the exception Python would
 * raise ("TypeError: ..."), or the reason the reader cannot compute it.
 */
struct OpResult
{
    std::optional<PyValue> value;
    QString exception;
    QString unsupported;

    static OpResult ok(PyValue v)
    {
        OpResult r;
        r.value = std::move(v);
        return r;
    }
    static OpResult raise(const QString &exception)
    {
        OpResult r;
        r.exception = exception;
        return r;
    }
    static OpResult cannot(const QString &reason)
    {
        OpResult r;
        r.unsupported = reason;
        return r;
    }
};

/**
 * Python semantics for the operations settings files apply to literals. Symbolic
 * `default_headers` / `default_methods` stay symbolic where Python's result keeps them whole
 * (concatenation, list(), starred items) and are expanded for @p profile where it cannot
 * (sets, dict keys, indexing).
 */
namespace Ops {

/** `type(v).__name__`, symbolic defaults being tuples. */
QString typeName(const PyValue &value);

/** The symbolic defaults expanded and starred items spliced, as Python holds the value. */
PyValue concrete(const PyValue &value, Profile profile);

/**
 * The items `*value` contributes to a list or tuple display (or list()/extend()): symbolic
 * defaults become one starred item. nullopt and @p exception when Python cannot iterate it.
 */
std::optional<QList<PyValue>> spliceItems(const PyValue &value, Profile profile,
                                          QString *exception);

/** Python's hash equality as a key: 1, 1.0 and True share one; nullopt for unhashable values. */
std::optional<QString> hashKey(const PyValue &value, Profile profile);

/** A set display or set(): duplicates dropped, the first one kept, as CPython does. */
OpResult makeSet(const QList<PyValue> &items, Profile profile);
/** A dict display: a repeated key keeps its first position and its last value. */
OpResult makeDict(const QList<std::pair<PyValue, PyValue>> &items, Profile profile);

OpResult binary(const PyValue &left, Py::Op op, const PyValue &right, Profile profile);
OpResult unary(Py::Op op, const PyValue &operand);
/** `target op= value` for an in-place capable target (list +=, set |=, ...): the new value. */
OpResult inPlace(const PyValue &target, Py::Op op, const PyValue &value, Profile profile);

/** `a == b` with Python's rules (1 == 1.0 == True, [1] != (1,), sets unordered). */
bool equals(const PyValue &a, const PyValue &b, Profile profile);
/** `a OP b` for OP in "==", "!=", "in", "not in", "is", "is not" (singletons only). */
OpResult compare(const PyValue &a, const QString &op, const PyValue &b, Profile profile);

/** `str.split(sep, maxsplit)`; an empty @p separator means whitespace splitting. */
OpResult split(const QString &text, const std::optional<QString> &separator, qint64 maxsplit);
/** `str.strip(chars)` and friends; nullopt @p chars means whitespace. */
QString strip(const QString &text, const std::optional<QString> &chars, bool left, bool right);
/** `int(value)` for a str, int, bool or float. */
OpResult toInt(const PyValue &value);
bool isPythonWhitespace(char32_t cp);

} // namespace Ops

} // namespace Cors::Settings
