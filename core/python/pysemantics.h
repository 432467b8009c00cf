// SPDX-License-Identifier: MIT
#pragma once

#include "python/pyvalue.h"

#include <QString>

#include <optional>

namespace Cors::Py {

/**
 * The bits of Python's data model the middleware and the checks rely on, applied to resolved
 * values (see PyValue::resolved). Operations that raise in Python return std::nullopt and set
 * @p error to Python's exception text, e.g. "TypeError: 'int' object is not iterable".
 */

/** `bool(v)` */
bool truthy(const PyValue &value);
/** `type(v).__name__` ("int", "str", "re.Pattern", ...). */
QString typeName(const PyValue &value);
/** `repr(v)` */
QString repr(const PyValue &value);
/** `repr(s)` for a str, exactly as CPython quotes and escapes it. */
QString reprString(const QString &text);
/** `str(v)` */
QString str(const PyValue &value);
/** `repr(float)` */
QString reprFloat(double value);

/** `list(iter(v))`: a str yields its code points, a dict its keys. */
std::optional<QList<PyValue>> iterate(const PyValue &value, QString *error);
/** `len(v)` */
std::optional<qsizetype> len(const PyValue &value, QString *error);
/** `needle in haystack` for a str needle. */
std::optional<bool> containsStr(const PyValue &haystack, const QString &needle, QString *error);
/** `", ".join(v)` */
std::optional<QString> join(const QString &separator, const PyValue &value, QString *error);

/** `isinstance(v, collections.abc.Sequence)` */
bool isSequence(const PyValue &value);
/** `isinstance(v, int)` (bool included, as in Python). */
bool isInt(const PyValue &value);
/** `isinstance(v, str)` */
inline bool isStr(const PyValue &value)
{
    return value.isStr();
}

/** `chr(cp).isspace()` */
bool isSpace(char32_t cp);

/** The code points of @p text as one-character strings, as Python iterates a str. */
QStringList codePoints(const QString &text);

} // namespace Cors::Py
