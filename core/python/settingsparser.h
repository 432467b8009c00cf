// SPDX-License-Identifier: MIT
#pragma once

#include "python/pytokenizer.h"
#include "python/settingsast.h"

#include <QList>
#include <QString>

#include <vector>

namespace Cors::Settings {

/**
 * Parses the simple statements of a settings module into an Ast, pulling tokens from a
 * Py::Tokenizer. Valid Python the reader does not model (comprehensions, lambdas, conditional
 * expressions, most operators) makes a statement Unsupported instead of failing; only what
 * Python itself rejects is a syntax error. The module structure (compound statements, ';',
 * NEWLINE) is left to the caller, which uses peek()/take().
 */
class Parser
{
public:
    explicit Parser(Py::Tokenizer &tokenizer);

    Py::Token peek(int ahead = 0);
    Py::Token take();
    /** A syntax error was found, or the tokenizer failed; error() says which. */
    bool failed() const { return m_failed; }
    const Py::SourceError &error() const { return m_error; }
    void failAt(const QString &message, qsizetype offset);
    void failAtLineColumn(const QString &message, int line, int column);
    /** "invalid syntax" at @p offset, or CPython's "'(' was never closed" when that explains it. */
    void invalidSyntax(qsizetype offset);

    Py::Tokenizer &tokenizer() { return m_tokenizer; }
    QString name(const Py::Token &token) const { return m_tokenizer.name(token); }
    bool isName(const Py::Token &token, const char *name) const;
    bool isOp(const Py::Token &token, Py::Op op) const
    {
        return token.type == Py::TokenType::Op && token.op == op;
    }

    /**
     * Parses one simple statement, stopping before the ';' or NEWLINE that ends it. Nodes go
     * to @p ast. On a syntax error the result is meaningless and failed() is true.
     */
    Statement parseSimpleStatement(Ast &ast);

    /**
     * Parses the condition of an `if`/`elif` header, whose ':' is the token starting at
     * @p colonStart, and takes the tokens up to and including that ':'. Returns the node, or
     * Ast::NoNode when the reader does not model the condition (@p reason says why) or on a
     * syntax error (failed()).
     */
    int parseCondition(Ast &ast, qsizetype colonStart, QString *reason);

    /**
     * Skips a statement the reader does not parse, up to (not including) its ';' or NEWLINE;
     * @p assignedNames receives the names it assigns at bracket depth 0 (NAME '=').
     */
    void skipStatement(QStringList *assignedNames = nullptr);

private:
    enum class Context { TopLevel, Brackets };

    int parseStarExpressions(Ast &ast, bool allowBareStar);
    int parseStarExpression(Ast &ast);
    int parseItem(Ast &ast);
    int parseExpression(Ast &ast);
    int parseBoolOp(Ast &ast, const char *op);
    int parseInversion(Ast &ast);
    int parseComparison(Ast &ast);
    int parseBitOr(Ast &ast);
    int parseSum(Ast &ast);
    int parseTerm(Ast &ast);
    int parseFactor(Ast &ast);
    int parsePrimary(Ast &ast);
    int parseAtom(Ast &ast);
    int parseStrings(Ast &ast);
    int parseNumber(Ast &ast);
    int parseParenthesized(Ast &ast);
    int parseList(Ast &ast);
    /** After the element of a comprehension, at `for`: up to (not including) the closing bracket. */
    int parseComprehension(Ast &ast, int element, Node::Kind kind, const Py::Token &open);
    int parseBraces(Ast &ast);
    bool parseCallArguments(Ast &ast, Node &call);
    int parseSubscript(Ast &ast);
    bool parseImport(Statement &statement);
    bool parseImportFrom(Statement &statement);
    bool parseDottedName(QString *out);
    bool checkTarget(const Ast &ast, int node, bool firstOfSingleAssignment);
    void collectTargetNames(const Ast &ast, int node, QStringList *names) const;

    /** After an element inside brackets: fail or abort on anything but the expected tokens. */
    bool expectAfterItem(std::initializer_list<Py::Op> expected, qsizetype itemStart);
    /** Classifies a token that cannot continue the expression: unsupported or invalid. */
    void unexpected(const Py::Token &token, Context context, qsizetype itemStart);
    bool isUnsupportedContinuation(const Py::Token &token, QString *reason) const;
    void unsupported(const QString &reason, qsizetype at);
    bool stopped() const { return m_failed || m_unsupported; }
    void skipToStatementEnd(QStringList *assignedNames = nullptr);
    int makeBinOp(Ast &ast, int first, Py::Op op, int second);
    bool tooComplex(qsizetype chainLength, qsizetype at);
    static constexpr qsizetype MaxChainLength = 2989;

    Py::Tokenizer &m_tokenizer;
    std::vector<Py::Token> m_lookahead; // consumed up to m_head; compacted now and then
    qsizetype m_head = 0;
    bool m_failed = false;
    Py::SourceError m_error;
    bool m_unsupported = false;
    QString m_unsupportedReason;
    qsizetype m_unsupportedAt = 0;
    int m_bracketDepth = 0;       // brackets opened by this statement and not closed yet
    bool m_noConditional = false; // comprehension clauses: a disjunction, no `x if c else y`
};

} // namespace Cors::Settings
