// SPDX-License-Identifier: MIT
#pragma once

#include "python/pytokenizer.h"
#include "python/pyvalue.h"

#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace Cors::Settings {

/**
 * An expression node of a settings statement. Nodes live in an Ast arena and refer to each other
 * by index. Chains the user can make arbitrarily long (a + b + c..., a.b.c..., -(-(-x))) are
 * flat lists, so that neither the parser nor the evaluator recurses once per link.
 */
struct Node
{
    enum class Kind : quint8 {
        Constant,  ///< value; several adjacent string tokens are one Constant
        Name,      ///< text
        Primary,   ///< children[0] is the base; then Attribute / Call / Subscript trailers
        Attribute, ///< trailer: text is the attribute name
        Call,      ///< trailer: children are the arguments (Starred, Keyword or plain)
        Subscript, ///< trailer: children[0] is the index
        Keyword,   ///< call argument `name=value` (text); `**value` has an empty text
        List,
        Tuple,
        Set,
        Dict,    ///< children alternate key, value
        Starred, ///< children[0]
        BinOp,   ///< children[0] ops[0] children[1] ops[1] children[2] ..., left to right
        UnaryOp, ///< ops applied right to left to children[0]
        Compare, ///< children[0] text children[1]; text is "==", "!=", "in", "not in", "is", "is not"
        Not,     ///< `not` applied ops.size() times to children[0]
        BoolOp, ///< children joined by text ("and" or "or"), evaluated left to right as Python does
        /**
         * `[element for NAME in iterable if condition ... for NAME2 in ...]` (ListComp) or the
         * same in parentheses or as a call's only argument (GeneratorExp): children[0] the
         * element, then one child per clause in order, ops[i] telling children[i + 1]'s clause
         * (None: a `for` iterable, Colon: an `if` condition); text is the NAMEs of the `for`
         * clauses, comma separated.
         */
        ListComp,
        GeneratorExp,
        Lambda, ///< `lambda a, b: body`: text holds the parameters, comma separated; children[0] body
        IfExp, ///< `body if condition else orelse`: children body, condition, orelse
    };

    Kind kind = Kind::Constant;
    int line = 0;
    qsizetype start = 0; ///< source offsets, for messages and the text of dynamic reads
    qsizetype end = 0;
    PyValue value;
    QString text;
    QList<int> children;
    QList<Py::Op> ops;

    // Constants made of string tokens.
    bool isString = false;
    bool isBytes = false;
    bool isFString = false;
    bool hasPlaceholders = false;
    int stringTokens = 0; ///< > 1: implicit concatenation
    /** Only for strings with something to report, to keep the common node small. */
    struct StringDetails
    {
        QStringList pieces; ///< the decoded tokens of an implicit concatenation
        QStringList invalidEscapes;
    };
    std::shared_ptr<StringDetails> details;
    QString unsupported; ///< Python accepts the constant, the reader cannot represent it
    bool parenthesized = false;
};

/**
 * The nodes of one statement. Plain constants inside displays (the bulk of a long list) are
 * not nodes but values: a child index below NoNode names one, see isInline().
 */
class Ast
{
public:
    int add(Node node)
    {
        m_nodes.push_back(std::move(node));
        return int(m_nodes.size()) - 1;
    }
    Node &operator[](int index) { return m_nodes[size_t(index)]; }
    const Node &operator[](int index) const { return m_nodes[size_t(index)]; }
    void clear()
    {
        m_nodes.clear();
        m_constants.clear();
    }

    /** The parser's "no node" (a syntax error or something unsupported stopped it). */
    static constexpr int NoNode = -1;
    static bool isInline(int index) { return index < NoNode; }
    int addConstant(PyValue value)
    {
        m_constants.push_back(std::move(value));
        return NoNode - int(m_constants.size());
    }
    const PyValue &constant(int index) const { return m_constants[size_t(NoNode - index - 1)]; }
    /** Moves the constant out: each is evaluated once. */
    PyValue takeConstant(int index) { return std::move(m_constants[size_t(NoNode - index - 1)]); }

    /**
     * Turns @p index, the node added last, into an inline constant if it is a plain one
     * (nothing to report about it). Returns the index to use in the parent.
     */
    int inlineIfPlain(int index)
    {
        if (index < 0 || index != int(m_nodes.size()) - 1)
            return index;
        Node &node = m_nodes.back();
        if (node.kind != Node::Kind::Constant || node.details || node.isBytes
            || node.hasPlaceholders || !node.unsupported.isEmpty() || node.parenthesized)
            return index;
        PyValue value = std::move(node.value);
        m_nodes.pop_back();
        return addConstant(std::move(value));
    }

private:
    std::vector<Node> m_nodes;
    std::vector<PyValue> m_constants;
};

/** One `import` / `from ... import` clause. */
struct ImportItem
{
    QString module; ///< dotted module name, "" for `from . import x`
    QString name;   ///< from-import: the imported name, "*" for a star import
    QString asName; ///< the name bound
};

/** A simple statement, parsed. */
struct Statement
{
    enum class Kind {
        Assign,     ///< targets (a chain: A = B = value), value
        AugAssign,  ///< targets[0] op= value
        AnnAssign,  ///< targets[0]: annotation = value
        Annotation, ///< targets[0]: annotation, no value
        Expression, ///< value
        Import,
        ImportFrom,
        Del,         ///< targets
        Other,       ///< pass, global, assert, raise, ...: nothing the reader needs
        Unsupported, ///< valid Python (as far as the reader can tell) it cannot read
    };
    Kind kind = Kind::Other;
    int line = 0;
    qsizetype start = 0;
    qsizetype end = 0;
    QList<int> targets;
    int value = -1;
    Py::Op augOp = Py::Op::None;
    QList<ImportItem> imports;
    int importLevel = 0; ///< leading dots of a relative import
    /** Unsupported: why, and where. */
    QString reason;
    qsizetype reasonAt = 0;
    /** Unsupported: names the statement appears to assign (NAME '=' at bracket depth 0). */
    QStringList assignedNames;
};

} // namespace Cors::Settings
