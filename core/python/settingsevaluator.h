// SPDX-License-Identifier: MIT
#pragma once

#include "policy/profile.h"
#include "python/settingsast.h"
#include "python/settingsoperations.h"
#include "python/settingsreader.h"
#include "python/settingsscope.h"

#include <QList>

#include <QSet>
#include <QString>
#include <functional>
#include <optional>

namespace Cors::Settings {

/** Something worth telling the user about an expression, reported if its statement matters. */
struct EvalNote
{
    SettingsMessage::Severity severity = SettingsMessage::Severity::Info;
    qsizetype offset = 0;
    QString text;
    /** Reported even when the statement does not concern a CORS setting. */
    bool always = false;
};

struct Evaluated
{
    enum class Status {
        Ok,
        Unsupported, ///< valid Python the reader cannot evaluate: message says why
        Raised,      ///< Python would raise while importing the file: message is the exception
    };
    Status status = Status::Ok;
    Value value;
    /** For a bare name: the object it is bound to, so that `A = B` shares it as Python does. */
    ObjectRef object;
    QString message;
    qsizetype offset = 0;

    bool ok() const { return status == Status::Ok; }
    static Evaluated of(Value v)
    {
        Evaluated e;
        e.value = std::move(v);
        return e;
    }
    static Evaluated unsupported(const QString &reason, qsizetype offset)
    {
        Evaluated e;
        e.status = Status::Unsupported;
        e.message = reason;
        e.offset = offset;
        return e;
    }
    static Evaluated raised(const QString &exception, qsizetype offset)
    {
        Evaluated e;
        e.status = Status::Raised;
        e.message = exception;
        e.offset = offset;
        return e;
    }
};

/**
 * Evaluates the expressions of one statement against the module-level names read so far: the
 * literal forms, references to earlier names, and the idioms settings files use
 * (corsheaders.defaults, re.compile, os.environ / django-environ / python-decouple reads with
 * their defaults, list()/tuple()/set(), str methods, in-place list and set changes).
 */
class Evaluator
{
public:
    Evaluator(Ast &ast, const Py::Tokenizer &tokenizer, Scope &scope, Profile profile);

    Evaluated evaluate(int node);
    /**
     * Environment variables the current variant takes as set: reading one gives no value (its
     * value comes from the environment), so what is assigned from it is not read.
     */
    void assumeSet(const QSet<QString> *variables) { m_setVariables = variables; }
    /**
     * Decides the condition of a conditional expression (`x if DEBUG else y`) that the values
     * read do not decide: the module reader's variants. Unset: such an expression is not read.
     */
    void setDecider(std::function<std::optional<bool>(int condition, int expression)> decider)
    {
        m_decider = std::move(decider);
    }
    /** Evaluate each node as often as asked (constants are copied, not moved out). */
    void copyConstants() { m_copyConstants = true; }
    /** Python's values of a starred or plain item in a display, appended to @p out. */
    Evaluated evaluateItems(const QList<int> &nodes, QList<PyValue> *out, bool inDisplay);
    /** A value past SettingsReadLimits::MaxValueLength, built from the expression at @p offset. */
    static Evaluated valueTooLarge(qsizetype offset);

    /** Notes gathered so far (dynamic reads, suspicious literals), in evaluation order. */
    const QList<EvalNote> &notes() const { return m_notes; }
    /** Names whose objects an expression changed in place (X.append(...)). */
    const QStringList &changedNames() const { return m_changedNames; }

    /**
     * Evaluates the Python expression @p source (a helper's body, a parameter's default) in
     * @p scope: tokenized and parsed on its own.
     */
    static Evaluated evaluateSource(const QString &source, Scope &scope, Profile profile,
                                    const QSet<QString> *setVariables, qsizetype offset);

    /** The source text of @p node with line breaks folded, as dynamic reads record it. */
    QString sourceText(qsizetype start, qsizetype end) const;

private:
    struct Arguments
    {
        QList<Evaluated> positional;
        QList<std::pair<QString, Evaluated>> keywords;
        const Evaluated *keyword(const QString &name) const;
        bool anyDynamic() const;
    };

    Evaluated evaluateConstant(const Node &node, bool inDisplay);
    Evaluated evaluateName(const Node &node);
    Evaluated evaluatePrimary(const Node &node);
    Evaluated evaluateDisplay(const Node &node);
    Evaluated evaluateDict(const Node &node);
    Evaluated evaluateBinOp(const Node &node);
    Evaluated evaluateUnaryOp(const Node &node);
    Evaluated evaluateComprehension(const Node &node);
    Evaluated evaluateFString(const Node &node);
    Evaluated evaluateBoolOp(const Node &node);
    Evaluated evaluateLambda(const Node &node);
    Evaluated evaluateIfExp(int index, const Node &node);
    Evaluated callHelper(const HelperFunction &helper, const Arguments &args, qsizetype offset);
    Evaluated fromOp(OpResult result, qsizetype offset) const;
    Evaluated requirePy(Evaluated e, qsizetype offset) const;

    // settingsidioms.cpp
    Evaluated attribute(const Evaluated &base, const QString &name, qsizetype offset);
    Evaluated moduleAttribute(const QString &module, const QString &name, qsizetype offset);
    Evaluated call(const Evaluated &callee, const Node &callNode, qsizetype exprStart);
    Evaluated callFunction(const Value &function, const Node &callNode, const Arguments &args,
                           qsizetype exprStart);
    Evaluated callMethod(Evaluated base, const QString &baseName, const QString &method,
                         const Node &callNode, qsizetype exprStart);
    Evaluated callBuiltin(const QString &name, const Arguments &args, qsizetype offset);
    Evaluated callEnvironmentRead(const QString &function, const Value &callee,
                                  const Arguments &args, qsizetype exprStart, qsizetype exprEnd);
    Evaluated applyDecoupleCast(const Evaluated &value, const Evaluated &cast, qsizetype offset);
    Evaluated compilePattern(const Arguments &args, qsizetype offset);
    Evaluated subscript(const Evaluated &base, const Node &subscriptNode);
    bool evaluateArguments(const Node &callNode, Arguments *args, Evaluated *failure);
    Evaluated dynamicDefault(Evaluated value, const QString &variable, const QString &text,
                             qsizetype offset);

    Ast &m_ast;
    const Py::Tokenizer &m_tokenizer;
    Scope &m_scope;
    Profile m_profile;
    QList<EvalNote> m_notes;
    QStringList m_changedNames;
    const QSet<QString> *m_setVariables = nullptr;
    /** Inside a comprehension the same nodes are evaluated once per item: copy constants. */
    bool m_copyConstants = false;
    std::function<std::optional<bool>(int, int)> m_decider;
};

/** Python's builtins a settings file may call or mention; the reader models a few of them. */
bool isBuiltinName(const QString &name);

/**
 * `module.name` for the modules the idioms use (re, os, os.environ, corsheaders.defaults,
 * environ, decouple); Opaque for any other module's member. Unknown (with Python's exception
 * text as reason) when a modelled module has no such member.
 */
Value moduleMember(const QString &module, const QString &name);

/** Python's re flags by name (re.I, re.IGNORECASE, ...). */
std::optional<int> reFlag(const QString &name);

} // namespace Cors::Settings
