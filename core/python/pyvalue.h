// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <utility>

namespace Cors {

enum class Profile;

/**
 * A Python value as it can appear in a Django settings module.
 *
 * Settings keep exactly what the user wrote (a bare string where a list belongs, 1 instead of
 * True, a set instead of a tuple) because django-cors-headers' checks report such values and its
 * middleware then behaves in Python's way with them (iterating a string character by character,
 * truthiness instead of booleans). The engine and the checks work on PyValue through the Python
 * semantics in pysemantics.h.
 *
 * The `default_headers` / `default_methods` tuples of `corsheaders.defaults` are kept symbolic,
 * because their contents depend on the django-cors-headers version (profile).
 */
class PyValue
{
public:
    enum class Kind {
        None,
        Bool,
        Int, ///< arbitrary precision, held as canonical decimal text
        Float,
        Str,
        List,
        Tuple,
        Set,
        Dict,           ///< items() are (key, value) 2-tuples
        Pattern,        ///< re.compile(pattern, flags)
        DefaultHeaders, ///< corsheaders.defaults.default_headers
        DefaultMethods, ///< corsheaders.defaults.default_methods
    };

    PyValue() = default; // None

    static PyValue none() { return {}; }
    static PyValue boolean(bool value);
    static PyValue integer(qint64 value);
    /** @p decimal is an optional '-' followed by decimal digits; returns None if malformed. */
    static PyValue integerFromDecimal(const QString &decimal);
    static PyValue floating(double value);
    static PyValue str(const QString &value);
    static PyValue list(QList<PyValue> items = {});
    static PyValue tuple(QList<PyValue> items = {});
    static PyValue set(QList<PyValue> items = {});
    static PyValue dict(QList<std::pair<PyValue, PyValue>> items = {});
    static PyValue pattern(const QString &pattern, int flags = 0);
    static PyValue defaultHeaders();
    static PyValue defaultMethods();
    static PyValue strList(const QStringList &items);
    static PyValue strTuple(const QStringList &items);

    Kind kind() const { return m_kind; }
    bool isNone() const { return m_kind == Kind::None; }
    bool isStr() const { return m_kind == Kind::Str; }
    bool isBool() const { return m_kind == Kind::Bool; }
    bool isContainer() const;

    bool boolValue() const { return m_bool; }
    /** Decimal text of an Int ("-5", "86400", "0"). */
    const QString &intText() const { return m_text; }
    /** The Int as a 64-bit number if it fits. */
    std::optional<qint64> toInt64() const;
    double floatValue() const { return m_float; }
    /** Text of a Str, or the pattern source of a Pattern. */
    const QString &text() const { return m_text; }
    /** Python re flags of a Pattern (re.IGNORECASE == 2, ...). */
    int patternFlags() const { return m_flags; }

    /** Items of List, Tuple, Set; for Dict, 2-tuples (key, value). */
    const QList<PyValue> &items() const;
    QList<PyValue> &items();
    /** Replaces the items without copying the old ones first (as items() would, when shared). */
    void setItems(QList<PyValue> items);

    /**
     * A starred item inside a sequence display, `(*default_headers, "x")`: its elements are
     * spliced into the enclosing sequence when the value is resolved.
     */
    bool isStarred() const { return m_starred; }
    void setStarred(bool starred) { m_starred = starred; }

    /**
     * Non-empty when the value is the literal default of a dynamic read, e.g.
     * `os.environ.get("ORIGINS", "https://a.example")`: holds the expression read.
     */
    const QString &dynamicSource() const { return m_dynamicSource; }
    void setDynamicSource(const QString &source) { m_dynamicSource = source; }
    /** True if this value or any item in it is dynamic. */
    bool isDynamic() const;

    /**
     * The value with symbolic defaults expanded for @p profile and starred items spliced: what
     * Python would hold at runtime.
     */
    PyValue resolved(Profile profile) const;
    /** Whether resolved() would change anything. */
    bool needsResolving() const;

    friend bool operator==(const PyValue &a, const PyValue &b);
    friend bool operator!=(const PyValue &a, const PyValue &b) { return !(a == b); }

private:
    Kind m_kind = Kind::None;
    bool m_bool = false;
    bool m_starred = false;
    int m_flags = 0;
    double m_float = 0.0;
    QString m_text;
    std::shared_ptr<QList<PyValue>> m_items; // copy-on-write through detach()
    QString m_dynamicSource;

    void detach();
    static PyValue container(Kind kind, QList<PyValue> items);
};

/** Python's re module flag values. */
namespace PyReFlag {
enum : int {
    Template = 1,
    IgnoreCase = 2,
    Locale = 4,
    Multiline = 8,
    DotAll = 16,
    Unicode = 32,
    Verbose = 64,
    Debug = 128,
    Ascii = 256,
};
} // namespace PyReFlag

} // namespace Cors
