// SPDX-License-Identifier: MIT
#pragma once

#include "python/pyvalue.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <utility>

namespace Cors::Settings {

/**
 * A function the settings file defines whose body is one `return EXPRESSION` (a `def` at module
 * level or a `lambda`): calling it evaluates the expression's source with the parameters bound.
 */
struct HelperFunction
{
    QString name; ///< "env_list", or "<lambda>"
    QStringList parameters;
    /** The defaults of the last parameters, evaluated where the function is defined. */
    QList<PyValue> defaults;
    /** Local names the body assigns before it returns, in order: name, expression source. */
    QList<std::pair<QString, QString>> locals;
    /** The returned expression's source, tokenized again for each call. */
    QString body;
    int line = 0;
};

/**
 * What a module-level name (or an expression) holds while a settings file is read: a Python
 * value, or one of the few objects the idioms need (modules, functions, a django-environ Env),
 * or Unknown when it could not be read.
 */
struct Value
{
    enum class Kind {
        Py,
        Module,    ///< path: dotted module name ("re", "os.environ", "corsheaders.defaults")
        Function,  ///< path: qualified name ("re.compile", "builtins.list", "decouple.config")
        EnvReader, ///< a django-environ Env instance; scheme holds its declared defaults
        Csv,       ///< a python-decouple Csv(...) cast; py holds its options as a dict
        Opaque,    ///< any other object (path says what): usable only where it is not looked into
        Unknown,   ///< reason says why it could not be read
    };

    Kind kind = Kind::Unknown;
    PyValue py;
    QString path;
    QString reason;
    std::shared_ptr<const QHash<QString, PyValue>> scheme;
    /** Kind::Function with path "helper": the function the file defines. */
    std::shared_ptr<const HelperFunction> helper;

    static Value python(PyValue value)
    {
        Value v;
        v.kind = Kind::Py;
        v.py = std::move(value);
        return v;
    }
    static Value module(const QString &path) { return make(Kind::Module, path); }
    static Value function(const QString &path) { return make(Kind::Function, path); }
    static Value opaque(const QString &path) { return make(Kind::Opaque, path); }
    static Value unknown(const QString &reason)
    {
        Value v;
        v.reason = reason;
        return v;
    }

    bool isPy() const { return kind == Kind::Py; }
    /** Lists, sets and dicts: values an in-place operation changes for every name bound to it. */
    bool isMutable() const
    {
        return kind == Kind::Py
                && (py.kind() == PyValue::Kind::List || py.kind() == PyValue::Kind::Set
                    || py.kind() == PyValue::Kind::Dict);
    }

private:
    static Value make(Kind kind, const QString &path)
    {
        Value v;
        v.kind = kind;
        v.path = path;
        return v;
    }
};

/** A Python object: names bound to the same Object see each other's in-place changes. */
struct Object
{
    Value value;
    /** The object was copied into another container, which later changes to it do not reach. */
    bool copiedInto = false;
};
using ObjectRef = std::shared_ptr<Object>;

struct Binding
{
    ObjectRef object;
    int line = 0; ///< last assignment or in-place change
    bool debugBranch = false;
    /** Non-empty when code the reader skips may have changed the value: says which code. */
    QString taint;
};

/**
 * Module-level names. A child scope is an overlay used to read a branch that is not taken: it
 * sees its parent's names, and what it binds, deletes or changes stays in the overlay.
 */
class Scope
{
public:
    explicit Scope(Scope *parent = nullptr)
        : m_parent(parent)
    { }

    const Binding *find(const QString &name) const
    {
        const auto it = m_names.constFind(name);
        if (it != m_names.cend())
            return it->has_value() ? &**it : nullptr;
        return m_parent ? m_parent->find(name) : nullptr;
    }

    void bind(const QString &name, Binding binding) { m_names.insert(name, std::move(binding)); }

    void unbind(const QString &name)
    {
        if (m_parent)
            m_names.insert(name, std::nullopt);
        else
            m_names.remove(name);
    }

    /** The binding of @p name, ready for an in-place change: copied into an overlay first. */
    Binding *findForChange(const QString &name)
    {
        const auto it = m_names.find(name);
        if (it != m_names.end())
            return it->has_value() ? &**it : nullptr;
        const Binding *inherited = m_parent ? m_parent->find(name) : nullptr;
        if (!inherited)
            return nullptr;
        Binding copy = *inherited;
        copy.object = std::make_shared<Object>(*inherited->object);
        return &*m_names.insert(name, std::move(copy)).value();
    }

    bool starImported() const
    {
        return m_starImportLine > 0 || (m_parent && m_parent->starImported());
    }
    int starImportLine() const
    {
        return m_starImportLine > 0 ? m_starImportLine : m_parent ? m_parent->starImportLine() : 0;
    }
    void setStarImport(int line, const QString &module)
    {
        if (m_starImportLine == 0) {
            m_starImportLine = line;
            m_starImportModule = module;
        }
    }
    QString starImportModule() const
    {
        return m_starImportLine > 0 ? m_starImportModule
                : m_parent          ? m_parent->starImportModule()
                                    : QString();
    }

private:
    Scope *m_parent = nullptr;
    QHash<QString, std::optional<Binding>> m_names;
    int m_starImportLine = 0;
    QString m_starImportModule;
};

} // namespace Cors::Settings
