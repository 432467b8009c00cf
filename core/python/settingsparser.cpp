// SPDX-License-Identifier: MIT
#include "python/settingsparser.h"

#include "python/pyliteral.h"
#include "python/pysemantics.h"

#include <QCoreApplication>

namespace Cors::Settings {

using Py::Op;
using Py::Token;
using Py::TokenType;

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SettingsReader", text);
}

bool isAugmentedOp(Op op)
{
    switch (op) {
    case Op::PlusEqual:
    case Op::MinEqual:
    case Op::StarEqual:
    case Op::SlashEqual:
    case Op::PercentEqual:
    case Op::AmperEqual:
    case Op::VBarEqual:
    case Op::CircumflexEqual:
    case Op::LeftShiftEqual:
    case Op::RightShiftEqual:
    case Op::DoubleStarEqual:
    case Op::DoubleSlashEqual:
    case Op::AtEqual:
        return true;
    default:
        return false;
    }
}

/** Whether @p t can begin an expression (an operand, a display, a unary operator, ...). */
bool startsExpression(const Py::Tokenizer &tokenizer, const Token &t)
{
    if (t.type == TokenType::Name) {
        const QStringView text = tokenizer.text(t);
        if (!Py::isKeyword(text))
            return true;
        return text == QLatin1String("True") || text == QLatin1String("False")
                || text == QLatin1String("None") || text == QLatin1String("lambda")
                || text == QLatin1String("not") || text == QLatin1String("await")
                || text == QLatin1String("yield");
    }
    if (t.type == TokenType::Number || t.type == TokenType::String)
        return true;
    if (t.type != TokenType::Op)
        return false;
    switch (t.op) {
    case Op::LPar:
    case Op::LSqb:
    case Op::LBrace:
    case Op::Minus:
    case Op::Plus:
    case Op::Tilde:
    case Op::Star:
    case Op::Ellipsis:
        return true;
    default:
        return false;
    }
}

} // namespace

Parser::Parser(Py::Tokenizer &tokenizer)
    : m_tokenizer(tokenizer)
{ }

Token Parser::peek(int ahead)
{
    const size_t wanted = size_t(m_head) + size_t(ahead);
    if (wanted < m_lookahead.size() && !m_failed)
        return m_lookahead.data()[wanted]; // the hot path: no error possible, token buffered
    while (m_lookahead.size() <= wanted) {
        if (m_lookahead.size() > size_t(m_head) && m_lookahead.back().type == TokenType::Error)
            m_lookahead.push_back(m_lookahead.back());
        else
            m_lookahead.push_back(m_tokenizer.next());
    }
    // A tokenizer error counts once the parser reaches it, as in CPython, so that an earlier
    // syntax error is reported first.
    if (m_lookahead[size_t(m_head)].type == TokenType::Error && !m_failed) {
        m_failed = true;
        m_error = m_tokenizer.error();
    }
    return m_lookahead[wanted];
}

Token Parser::take()
{
    const Token token = peek();
    if (token.type != TokenType::Error) {
        ++m_head;
        if (size_t(m_head) == m_lookahead.size()) {
            m_lookahead.clear();
            m_head = 0;
        } else if (m_head > 4096) {
            m_lookahead.erase(m_lookahead.begin(), m_lookahead.begin() + m_head);
            m_head = 0;
        }
        if (size_t(m_head) < m_lookahead.size()
            && m_lookahead[size_t(m_head)].type == TokenType::Error && !m_failed) {
            m_failed = true;
            m_error = m_tokenizer.error();
        }
    }
    if (token.type == TokenType::Op) {
        if (token.op == Op::LPar || token.op == Op::LSqb || token.op == Op::LBrace)
            ++m_bracketDepth;
        else if (token.op == Op::RPar || token.op == Op::RSqb || token.op == Op::RBrace)
            --m_bracketDepth;
    }
    return token;
}

void Parser::failAt(const QString &message, qsizetype offset)
{
    failAtLineColumn(message, m_tokenizer.lineAt(offset), m_tokenizer.columnAt(offset));
}

void Parser::failAtLineColumn(const QString &message, int line, int column)
{
    if (m_failed)
        return;
    m_failed = true;
    m_error = {message, line, column};
}

bool Parser::isName(const Token &token, const char *name) const
{
    return token.type == TokenType::Name && m_tokenizer.text(token) == QLatin1String(name);
}

void Parser::unsupported(const QString &reason, qsizetype at)
{
    if (m_unsupported || m_failed)
        return;
    m_unsupported = true;
    m_unsupportedReason = reason;
    m_unsupportedAt = at;
}

bool Parser::isUnsupportedContinuation(const Token &token, QString *reason) const
{
    if (token.type == TokenType::Name) {
        const QStringView t = m_tokenizer.text(token);
        if (t == QLatin1String("if") || t == QLatin1String("else")) {
            *reason = tr(
                    "a conditional expression (x if condition else y) depends on runtime values");
            return true;
        }
        if (t == QLatin1String("for") || t == QLatin1String("async")) {
            *reason = tr("a comprehension is computed when the file runs");
            return true;
        }
        if (t == QLatin1String("and") || t == QLatin1String("or") || t == QLatin1String("not")
            || t == QLatin1String("in") || t == QLatin1String("is")) {
            *reason = tr("the operator '%1' is not evaluated by the reader").arg(t.toString());
            return true;
        }
        return false;
    }
    if (token.type != TokenType::Op)
        return false;
    switch (token.op) {
    case Op::Amper:
    case Op::Circumflex:
    case Op::LeftShift:
    case Op::RightShift:
    case Op::Slash:
    case Op::DoubleSlash:
    case Op::Percent:
    case Op::At:
    case Op::DoubleStar:
    case Op::Less:
    case Op::Greater:
    case Op::NotEqual:
    case Op::LessEqual:
    case Op::GreaterEqual:
        *reason = tr("the operator '%1' is not evaluated by the reader")
                          .arg(m_tokenizer.text(token).toString());
        return true;
    case Op::ColonEqual:
        *reason = tr("an assignment expression (:=) is not read");
        return true;
    default:
        return false;
    }
}

void Parser::invalidSyntax(qsizetype offset)
{
    // CPython blames a bracket left open on an earlier line rather than the token after it.
    if (const auto open = m_tokenizer.innermostOpenBracket();
        open && open->line < m_tokenizer.lineAt(offset)) {
        failAt(tr("'%1' was never closed").arg(open->kind), open->offset);
        return;
    }
    failAt(tr("invalid syntax"), offset);
}

void Parser::unexpected(const Token &token, Context context, qsizetype itemStart)
{
    if (m_failed || m_unsupported)
        return;
    // Valid continuations need a right operand; without one Python rejects the statement.
    auto needOperand = [&](int ahead) {
        const Token &operand = peek(ahead);
        if (!startsExpression(m_tokenizer, operand)) {
            invalidSyntax(operand.start);
            return;
        }
        QString reason;
        isUnsupportedContinuation(token, &reason);
        unsupported(reason, token.start);
    };
    if (token.type == TokenType::Name) {
        const QStringView t = m_tokenizer.text(token);
        if ((t == QLatin1String("for") || t == QLatin1String("async"))
            && context == Context::Brackets) {
            QString reason;
            isUnsupportedContinuation(token, &reason);
            unsupported(reason, token.start);
            return;
        }
        if (t == QLatin1String("if") || t == QLatin1String("and") || t == QLatin1String("or")
            || t == QLatin1String("in")) {
            needOperand(1);
            return;
        }
        if (t == QLatin1String("is")) {
            needOperand(isName(peek(1), "not") ? 2 : 1);
            return;
        }
        if (t == QLatin1String("not") && isName(peek(1), "in")) {
            needOperand(2);
            return;
        }
    } else if (token.type == TokenType::Op && token.op != Op::Invalid) {
        QString reason;
        if (token.op == Op::ColonEqual && context == Context::TopLevel) {
            invalidSyntax(token.start);
            return;
        }
        if (isUnsupportedContinuation(token, &reason)) {
            needOperand(1);
            return;
        }
    }
    const bool startsAtom
            = (token.type == TokenType::Name && !Py::isKeyword(m_tokenizer.text(token)))
            || isName(token, "True") || isName(token, "False") || isName(token, "None")
            || token.type == TokenType::Number || token.type == TokenType::String
            || isOp(token, Op::LBrace) || isOp(token, Op::LSqb) || isOp(token, Op::LPar);
    if (context == Context::Brackets && startsAtom && itemStart >= 0) {
        failAt(tr("invalid syntax. Perhaps you forgot a comma?"), itemStart);
        return;
    }
    invalidSyntax(token.start);
}

bool Parser::expectAfterItem(std::initializer_list<Op> expected, qsizetype itemStart)
{
    if (stopped())
        return false;
    const Token &token = peek();
    if (token.type == TokenType::Op) {
        for (Op op : expected) {
            if (token.op == op)
                return true;
        }
    }
    unexpected(token, Context::Brackets, itemStart);
    return false;
}

bool Parser::tooComplex(qsizetype chainLength, qsizetype at)
{
    // CPython's compiler recurses once per link (and per enclosing bracket) and gives up
    // near 3000 (measured: 2989 links at module level); the import then fails.
    if (chainLength + m_bracketDepth <= MaxChainLength)
        return false;
    failAt(tr("too complex: Python gives up compiling an expression nested this deeply "
              "(RecursionError: maximum recursion depth exceeded during compilation)"),
           at);
    return true;
}

int Parser::makeBinOp(Ast &ast, int first, Op op, int second)
{
    // Extends a chain of the same precedence level instead of nesting.
    Node &left = ast[first];
    if (left.kind == Node::Kind::BinOp && !left.parenthesized
        && ((op == Op::VBar) == (left.ops.first() == Op::VBar))
        && ((op == Op::Star) == (left.ops.first() == Op::Star))) {
        left.children.append(second);
        left.ops.append(op);
        left.end = ast[second].end;
        if (tooComplex(left.ops.size(), left.start))
            return -1;
        return first;
    }
    Node node;
    node.kind = Node::Kind::BinOp;
    node.line = ast[first].line;
    node.start = ast[first].start;
    node.end = ast[second].end;
    node.children = {first, second};
    node.ops = {op};
    return ast.add(std::move(node));
}

int Parser::parseStarExpressions(Ast &ast, bool allowBareStar)
{
    const Token first = peek();
    const int firstNode = parseStarExpression(ast);
    if (firstNode < 0)
        return -1;
    if (!isOp(peek(), Op::Comma)) {
        if (!allowBareStar && ast[firstNode].kind == Node::Kind::Starred) {
            failAt(tr("can't use starred expression here"), first.start);
            return -1;
        }
        return firstNode;
    }
    Node tuple;
    tuple.kind = Node::Kind::Tuple;
    tuple.line = first.line;
    tuple.start = first.start;
    tuple.children.append(ast.inlineIfPlain(firstNode));
    while (isOp(peek(), Op::Comma)) {
        tuple.end = take().end;
        if (!startsExpression(m_tokenizer, peek()))
            break;
        const int item = parseStarExpression(ast);
        if (item < 0)
            return -1;
        tuple.end = ast[item].end;
        tuple.children.append(ast.inlineIfPlain(item));
    }
    return ast.add(std::move(tuple));
}

int Parser::parseItem(Ast &ast)
{
    // A lone literal between commas is most items of a long list: skip the precedence chain.
    const Token t = peek();
    if (t.type == TokenType::Number || t.type == TokenType::String) {
        const Token &next = peek(1);
        if (next.type == TokenType::Op
            && (next.op == Op::Comma || next.op == Op::RSqb || next.op == Op::RPar
                || next.op == Op::RBrace)) {
            // Plain values go straight to the constants; anything to report takes the full path.
            const QStringView text = m_tokenizer.text(t);
            if (t.type == TokenType::Number && Py::excessiveDecimalDigits(text) == 0) {
                Py::NumberLiteral number = Py::decodeNumberLiteral(text);
                if (!number.imaginary && number.unsupported.isEmpty()) {
                    take();
                    return ast.addConstant(std::move(number.value));
                }
            } else if (t.type == TokenType::String) {
                auto literal = Py::decodeStringLiteral(text, nullptr);
                if (literal && literal->kind != Py::StringLiteral::Kind::Bytes
                    && !literal->hasPlaceholders && literal->invalidEscapes.isEmpty()
                    && literal->unsupported.isEmpty()) {
                    take();
                    return ast.addConstant(PyValue::str(std::move(literal->value)));
                }
            }
            return parseAtom(ast);
        }
    }
    return parseStarExpression(ast);
}

int Parser::parseStarExpression(Ast &ast)
{
    if (isOp(peek(), Op::Star)) {
        const Token star = take();
        const int operand = parseBitOr(ast);
        if (operand < 0)
            return -1;
        Node node;
        node.kind = Node::Kind::Starred;
        node.line = star.line;
        node.start = star.start;
        node.end = ast[operand].end;
        node.children = {operand};
        return ast.add(std::move(node));
    }
    return parseExpression(ast);
}

int Parser::parseExpression(Ast &ast)
{
    const Token &t = peek();
    if (isName(t, "lambda")) {
        // lambda NAME, NAME: expression (no defaults, no *args): a helper function.
        const Token lambda = take();
        QStringList parameters;
        while (!isOp(peek(), Op::Colon)) {
            const Token p = peek();
            if (p.type != TokenType::Name || Py::isKeyword(m_tokenizer.text(p))) {
                unsupported(tr("a lambda is read only with plain parameters"), lambda.start);
                return -1;
            }
            parameters.append(m_tokenizer.name(take()));
            if (isOp(peek(), Op::Comma))
                take();
            else if (!isOp(peek(), Op::Colon)) {
                unsupported(tr("a lambda is read only with plain parameters"), lambda.start);
                return -1;
            }
        }
        take(); // :
        const int body = parseExpression(ast);
        if (body < 0)
            return -1;
        Node node;
        node.kind = Node::Kind::Lambda;
        node.line = lambda.line;
        node.start = lambda.start;
        node.end = ast[body].end;
        node.text = parameters.join(u',');
        node.children = {body};
        return ast.add(std::move(node));
    }
    if (isName(t, "await") || isName(t, "yield")) {
        unsupported(tr("'%1' is not a value").arg(m_tokenizer.text(t).toString()), t.start);
        return -1;
    }
    const Token first = t;
    const int operand = parseBoolOp(ast, "or");
    // body if condition else orelse
    if (operand < 0 || m_noConditional || !isName(peek(), "if"))
        return operand;
    const Token ifToken = peek();
    const bool noConditional = m_noConditional;
    take();
    const int condition = parseExpression(ast);
    if (condition < 0)
        return -1;
    if (!isName(peek(), "else")) {
        unsupported(tr("a conditional expression without 'else' is not read"), ifToken.start);
        return -1;
    }
    take();
    const int orelse = parseExpression(ast);
    m_noConditional = noConditional;
    if (orelse < 0)
        return -1;
    Node node;
    node.kind = Node::Kind::IfExp;
    node.line = first.line;
    node.start = ast[operand].start;
    node.end = ast[orelse].end;
    node.children = {operand, condition, orelse};
    return ast.add(std::move(node));
}

int Parser::parseBoolOp(Ast &ast, const char *op)
{
    // disjunction: conjunction ('or' conjunction)*; conjunction: inversion ('and' inversion)*.
    const bool isOr = qstrcmp(op, "or") == 0;
    const int first = isOr ? parseBoolOp(ast, "and") : parseInversion(ast);
    if (first < 0 || !isName(peek(), op))
        return first;
    Node node;
    node.kind = Node::Kind::BoolOp;
    node.line = ast[first].line;
    node.start = ast[first].start;
    node.text = QString::fromLatin1(op);
    node.children = {first};
    while (isName(peek(), op)) {
        const Token t = take();
        if (tooComplex(node.children.size(), t.start))
            return -1;
        if (!startsExpression(m_tokenizer, peek())) {
            invalidSyntax(peek().start);
            return -1;
        }
        const int next = isOr ? parseBoolOp(ast, "and") : parseInversion(ast);
        if (next < 0)
            return -1;
        node.children.append(next);
    }
    node.end = ast[node.children.constLast()].end;
    return ast.add(std::move(node));
}

int Parser::parseInversion(Ast &ast)
{
    // Counted, not recursed into: `not not ... x` may be long.
    const Token first = peek();
    int nots = 0;
    while (isName(peek(), "not")) {
        take();
        ++nots;
    }
    if (tooComplex(nots, first.start))
        return -1;
    int operand = parseComparison(ast);
    if (operand >= 0 && nots > 0) {
        Node node;
        node.kind = Node::Kind::Not;
        node.line = first.line;
        node.start = first.start;
        node.end = ast[operand].end;
        node.ops = QList<Op>(nots, Op::None);
        node.children = {operand};
        operand = ast.add(std::move(node));
    }
    return operand;
}

int Parser::parseComparison(Ast &ast)
{
    const int left = parseBitOr(ast);
    if (left < 0)
        return -1;
    auto comparison = [&](QString *text) -> int {
        const Token &t = peek();
        if (isOp(t, Op::EqEqual) || isOp(t, Op::NotEqual)) {
            if (m_tokenizer.text(t) == QLatin1String("<>"))
                return 0;
            *text = m_tokenizer.text(t).toString();
            return 1;
        }
        if (isName(t, "in")) {
            *text = QStringLiteral("in");
            return 1;
        }
        if (isName(t, "not") && isName(peek(1), "in")) {
            *text = QStringLiteral("not in");
            return 2;
        }
        if (isName(t, "is")) {
            const bool negated = isName(peek(1), "not");
            *text = negated ? QStringLiteral("is not") : QStringLiteral("is");
            return negated ? 2 : 1;
        }
        return 0;
    };
    QString text;
    const int tokens = comparison(&text);
    if (tokens == 0)
        return left;
    for (int i = 0; i < tokens; ++i)
        take();
    if (!startsExpression(m_tokenizer, peek())) {
        invalidSyntax(peek().start);
        return -1;
    }
    const int right = parseBitOr(ast);
    if (right < 0)
        return -1;
    QString next;
    if (comparison(&next) != 0) {
        unsupported(tr("a chained comparison is not evaluated by the reader"), peek().start);
        return -1;
    }
    Node node;
    node.kind = Node::Kind::Compare;
    node.line = ast[left].line;
    node.start = ast[left].start;
    node.end = ast[right].end;
    node.text = text;
    node.children = {left, right};
    return ast.add(std::move(node));
}

int Parser::parseBitOr(Ast &ast)
{
    int left = parseSum(ast);
    while (left >= 0 && isOp(peek(), Op::VBar)) {
        take();
        const int right = parseSum(ast);
        if (right < 0)
            return -1;
        left = makeBinOp(ast, left, Op::VBar, right);
    }
    return left;
}

int Parser::parseSum(Ast &ast)
{
    int left = parseTerm(ast);
    while (left >= 0 && (isOp(peek(), Op::Plus) || isOp(peek(), Op::Minus))) {
        const Op op = take().op;
        const int right = parseTerm(ast);
        if (right < 0)
            return -1;
        left = makeBinOp(ast, left, op, right);
    }
    return left;
}

int Parser::parseTerm(Ast &ast)
{
    int left = parseFactor(ast);
    while (left >= 0 && isOp(peek(), Op::Star)) {
        take();
        const int right = parseFactor(ast);
        if (right < 0)
            return -1;
        left = makeBinOp(ast, left, Op::Star, right);
    }
    return left;
}

int Parser::parseFactor(Ast &ast)
{
    // Iterative, so that a long run of signs cannot exhaust the stack.
    QList<Op> ops;
    const Token first = peek();
    while (isOp(peek(), Op::Minus) || isOp(peek(), Op::Plus) || isOp(peek(), Op::Tilde))
        ops.append(take().op);
    if (tooComplex(ops.size(), first.start))
        return -1;
    const int operand = parsePrimary(ast);
    if (operand < 0)
        return -1;
    if (isOp(peek(), Op::DoubleStar)) {
        unsupported(tr("the operator '**' is not evaluated by the reader"), peek().start);
        return -1;
    }
    if (ops.isEmpty())
        return operand;
    Node node;
    node.kind = Node::Kind::UnaryOp;
    node.line = first.line;
    node.start = first.start;
    node.end = ast[operand].end;
    node.ops = std::move(ops);
    node.children = {operand};
    return ast.add(std::move(node));
}

int Parser::parsePrimary(Ast &ast)
{
    const int atom = parseAtom(ast);
    if (atom < 0)
        return -1;
    const Token &next = peek();
    if (!isOp(next, Op::Dot) && !isOp(next, Op::LPar) && !isOp(next, Op::LSqb))
        return atom;

    Node primary;
    primary.kind = Node::Kind::Primary;
    primary.line = ast[atom].line;
    primary.start = ast[atom].start;
    primary.children.append(atom);
    for (;;) {
        if (tooComplex(primary.children.size() - 1, primary.start))
            return -1;
        const Token t = peek();
        if (isOp(t, Op::Dot)) {
            take();
            const Token nameToken = peek();
            if (nameToken.type != TokenType::Name || Py::isKeyword(m_tokenizer.text(nameToken))) {
                invalidSyntax(nameToken.start);
                return -1;
            }
            take();
            Node attribute;
            attribute.kind = Node::Kind::Attribute;
            attribute.line = nameToken.line;
            attribute.start = t.start;
            attribute.end = nameToken.end;
            attribute.text = m_tokenizer.name(nameToken);
            primary.children.append(ast.add(std::move(attribute)));
            primary.end = nameToken.end;
        } else if (isOp(t, Op::LPar)) {
            Node call;
            call.kind = Node::Kind::Call;
            call.line = t.line;
            call.start = t.start;
            if (!parseCallArguments(ast, call))
                return -1;
            primary.end = call.end;
            primary.children.append(ast.add(std::move(call)));
        } else if (isOp(t, Op::LSqb)) {
            const int subscript = parseSubscript(ast);
            if (subscript < 0)
                return -1;
            primary.end = ast[subscript].end;
            primary.children.append(subscript);
        } else {
            break;
        }
    }
    return ast.add(std::move(primary));
}

bool Parser::parseCallArguments(Ast &ast, Node &call)
{
    take(); // (
    bool sawKeyword = false;
    while (!isOp(peek(), Op::RPar)) {
        const Token t = peek();
        int arg = -1;
        if (isOp(t, Op::Star) || isOp(t, Op::DoubleStar)) {
            take();
            const int operand = parseExpression(ast);
            if (operand < 0)
                return false;
            Node node;
            node.kind = t.op == Op::Star ? Node::Kind::Starred : Node::Kind::Keyword;
            node.line = t.line;
            node.start = t.start;
            node.end = ast[operand].end;
            node.children = {operand};
            if (t.op == Op::DoubleStar)
                sawKeyword = true;
            arg = ast.add(std::move(node));
        } else if (t.type == TokenType::Name && isOp(peek(1), Op::Equal)
                   && !Py::isKeyword(m_tokenizer.text(t))) {
            take();
            take(); // =
            const int operand = parseExpression(ast);
            if (operand < 0)
                return false;
            Node node;
            node.kind = Node::Kind::Keyword;
            node.text = m_tokenizer.name(t);
            node.line = t.line;
            node.start = t.start;
            node.end = ast[operand].end;
            node.children = {operand};
            sawKeyword = true;
            arg = ast.add(std::move(node));
        } else {
            if (!startsExpression(m_tokenizer, t)) {
                unexpected(t, Context::Brackets, -1);
                return false;
            }
            arg = parseExpression(ast);
            if (arg < 0)
                return false;
            // f(x for x in y): a generator expression as the only argument.
            if (call.children.isEmpty() && isName(peek(), "for")) {
                arg = parseComprehension(ast, arg, Node::Kind::GeneratorExp, t);
                if (arg < 0)
                    return false;
                if (!isOp(peek(), Op::RPar)) {
                    unexpected(peek(), Context::Brackets, -1);
                    return false;
                }
            }
            if (sawKeyword) {
                failAt(tr("positional argument follows keyword argument"), t.start);
                return false;
            }
        }
        call.children.append(arg);
        if (!expectAfterItem({Op::Comma, Op::RPar}, t.start))
            return false;
        if (isOp(peek(), Op::Comma))
            take();
    }
    call.end = take().end; // )
    return true;
}

int Parser::parseSubscript(Ast &ast)
{
    const Token open = take(); // [
    if (isOp(peek(), Op::Colon)) {
        unsupported(tr("a slice is not read"), peek().start);
        return -1;
    }
    const int index = parseStarExpressions(ast, true);
    if (index < 0)
        return -1;
    if (isOp(peek(), Op::Colon)) {
        unsupported(tr("a slice is not read"), peek().start);
        return -1;
    }
    if (!expectAfterItem({Op::RSqb}, ast[index].start))
        return -1;
    Node node;
    node.kind = Node::Kind::Subscript;
    node.line = open.line;
    node.start = open.start;
    node.end = take().end;
    node.children = {index};
    return ast.add(std::move(node));
}

int Parser::parseAtom(Ast &ast)
{
    const Token t = peek();
    switch (t.type) {
    case TokenType::Name: {
        const QStringView text = m_tokenizer.text(t);
        if (text == QLatin1String("True") || text == QLatin1String("False")
            || text == QLatin1String("None")) {
            take();
            Node node;
            node.line = t.line;
            node.start = t.start;
            node.end = t.end;
            node.value = text == QLatin1String("None")
                    ? PyValue::none()
                    : PyValue::boolean(text == QLatin1String("True"));
            return ast.add(std::move(node));
        }
        if (text == QLatin1String("lambda") || text == QLatin1String("not")
            || text == QLatin1String("await") || text == QLatin1String("yield"))
            return parseExpression(ast);
        if (Py::isKeyword(text)) {
            invalidSyntax(t.start);
            return -1;
        }
        take();
        Node node;
        node.kind = Node::Kind::Name;
        node.line = t.line;
        node.start = t.start;
        node.end = t.end;
        node.text = m_tokenizer.name(t);
        return ast.add(std::move(node));
    }
    case TokenType::Number:
        return parseNumber(ast);
    case TokenType::String:
        return parseStrings(ast);
    case TokenType::Op:
        switch (t.op) {
        case Op::LPar:
            return parseParenthesized(ast);
        case Op::LSqb:
            return parseList(ast);
        case Op::LBrace:
            return parseBraces(ast);
        case Op::Ellipsis: {
            take();
            Node node;
            node.line = t.line;
            node.start = t.start;
            node.end = t.end;
            node.unsupported = tr("Ellipsis (...) is not a settings value");
            return ast.add(std::move(node));
        }
        default:
            break;
        }
        break;
    default:
        break;
    }
    if (t.type != TokenType::Error)
        invalidSyntax(t.start);
    return -1;
}

int Parser::parseNumber(Ast &ast)
{
    const Token t = take();
    const QStringView text = m_tokenizer.text(t);
    if (const int digits = Py::excessiveDecimalDigits(text)) {
        failAt(tr("Exceeds the limit (%1 digits) for integer string conversion: value has %2 "
                  "digits; use sys.set_int_max_str_digits() to increase the limit - Consider "
                  "hexadecimal for huge integer literals to avoid decimal conversion limits.")
                       .arg(Py::MaxIntDigits)
                       .arg(digits),
               t.start);
        return -1;
    }
    const Py::NumberLiteral number = Py::decodeNumberLiteral(text);
    Node node;
    node.line = t.line;
    node.start = t.start;
    node.end = t.end;
    node.value = number.value;
    if (number.imaginary)
        node.unsupported = tr("complex numbers are not settings values");
    else if (!number.unsupported.isEmpty())
        node.unsupported = number.unsupported;
    return ast.add(std::move(node));
}

int Parser::parseStrings(Ast &ast)
{
    Node node;
    node.isString = true;
    node.line = peek().line;
    node.start = peek().start;
    bool sawBytes = false;
    bool sawText = false;
    QString value;
    QStringList pieces;
    while (peek().type == TokenType::String) {
        const Token t = take();
        QString error;
        const auto literal = Py::decodeStringLiteral(m_tokenizer.text(t), &error);
        if (!literal) {
            failAt(error, t.end);
            return -1;
        }
        if (literal->kind == Py::StringLiteral::Kind::Bytes)
            sawBytes = true;
        else
            sawText = true;
        if (sawBytes && sawText) {
            failAt(tr("cannot mix bytes and nonbytes literals"), t.end);
            return -1;
        }
        if (literal->kind == Py::StringLiteral::Kind::FString)
            node.isFString = true;
        node.hasPlaceholders = node.hasPlaceholders || literal->hasPlaceholders;
        if (!literal->invalidEscapes.isEmpty()) {
            if (!node.details)
                node.details = std::make_shared<Node::StringDetails>();
            node.details->invalidEscapes += literal->invalidEscapes;
        }
        if (node.unsupported.isEmpty())
            node.unsupported = literal->unsupported;
        if (node.stringTokens == 0) {
            value = literal->value;
        } else {
            // Pieces are kept only for implicit concatenations, which are rare.
            if (node.stringTokens == 1)
                pieces.append(value);
            pieces.append(literal->value);
            value += literal->value;
        }
        node.end = t.end;
        ++node.stringTokens;
    }
    node.isBytes = sawBytes;
    if (node.stringTokens > 1) {
        if (!node.details)
            node.details = std::make_shared<Node::StringDetails>();
        node.details->pieces = pieces;
    }
    node.value = PyValue::str(value);
    return ast.add(std::move(node));
}

int Parser::parseParenthesized(Ast &ast)
{
    const Token open = take();
    if (isOp(peek(), Op::RPar)) {
        Node node;
        node.kind = Node::Kind::Tuple;
        node.line = open.line;
        node.start = open.start;
        node.end = take().end;
        return ast.add(std::move(node));
    }
    if (isName(peek(), "yield")) {
        unsupported(tr("'yield' is not a value"), peek().start);
        return -1;
    }
    const Token firstToken = peek();
    const int first = parseStarExpression(ast);
    if (first < 0)
        return -1;
    if (isName(peek(), "for") && ast[first].kind != Node::Kind::Starred) {
        const int comprehension = parseComprehension(ast, first, Node::Kind::GeneratorExp, open);
        if (comprehension < 0)
            return -1;
        if (!isOp(peek(), Op::RPar)) {
            unexpected(peek(), Context::Brackets, -1);
            return -1;
        }
        ast[comprehension].end = take().end;
        ast[comprehension].parenthesized = true; // a generator object, not a call's argument
        return comprehension;
    }
    if (isOp(peek(), Op::RPar)) {
        const Token close = take();
        if (ast[first].kind == Node::Kind::Starred) {
            failAt(tr("cannot use starred expression here"), firstToken.start);
            return -1;
        }
        Node &inner = ast[first];
        inner.parenthesized = true;
        // The parentheses belong to the text a dynamic read shows.
        inner.start = open.start;
        inner.end = close.end;
        return first;
    }
    if (!expectAfterItem({Op::Comma}, firstToken.start))
        return -1;
    Node tuple;
    tuple.kind = Node::Kind::Tuple;
    tuple.line = open.line;
    tuple.start = open.start;
    tuple.children.append(ast.inlineIfPlain(first));
    while (isOp(peek(), Op::Comma)) {
        take();
        if (isOp(peek(), Op::RPar))
            break;
        const Token itemToken = peek();
        if (!startsExpression(m_tokenizer, itemToken)) {
            unexpected(itemToken, Context::Brackets, -1);
            return -1;
        }
        const int item = parseItem(ast);
        if (item == Ast::NoNode)
            return -1;
        tuple.children.append(ast.inlineIfPlain(item));
        if (!expectAfterItem({Op::Comma, Op::RPar}, itemToken.start))
            return -1;
    }
    tuple.end = take().end;
    tuple.parenthesized = true;
    return ast.add(std::move(tuple));
}

int Parser::parseComprehension(Ast &ast, int element, Node::Kind kind, const Token &open)
{
    Node node;
    node.kind = kind;
    node.line = open.line;
    node.start = open.start;
    node.children.append(element);
    QStringList targets;
    // Clauses in order: `for NAME in iterable` (ops: None) and `if condition` (ops: Colon).
    while (isName(peek(), "for") || isName(peek(), "async")) {
        const Token forToken = take();
        const Token target = peek();
        if (!isName(forToken, "for") || target.type != TokenType::Name
            || Py::isKeyword(m_tokenizer.text(target)) || !isName(peek(1), "in")) {
            unsupported(tr("only comprehensions of the form 'for NAME in ...' are read"),
                        forToken.start);
            return -1;
        }
        take();
        take(); // in
        targets.append(m_tokenizer.name(target));
        const int iterable = parseBitOr(ast);
        if (iterable < 0)
            return -1;
        node.children.append(iterable);
        node.ops.append(Op::None);
        while (isName(peek(), "if")) {
            take();
            m_noConditional = true;
            const int condition = parseExpression(ast);
            m_noConditional = false;
            if (condition < 0)
                return -1;
            node.children.append(condition);
            node.ops.append(Op::Colon);
        }
    }
    node.text = targets.join(u',');
    node.end = peek().start;
    return ast.add(std::move(node));
}

int Parser::parseList(Ast &ast)
{
    const Token open = take();
    Node list;
    list.kind = Node::Kind::List;
    list.line = open.line;
    list.start = open.start;
    while (!isOp(peek(), Op::RSqb)) {
        const Token itemToken = peek();
        if (!startsExpression(m_tokenizer, itemToken)) {
            unexpected(itemToken, Context::Brackets, -1);
            return -1;
        }
        const int item = parseItem(ast);
        if (item == Ast::NoNode)
            return -1;
        if (list.children.isEmpty() && isName(peek(), "for")) {
            const int comprehension = parseComprehension(ast, item, Node::Kind::ListComp, open);
            if (comprehension < 0)
                return -1;
            if (!isOp(peek(), Op::RSqb)) {
                unexpected(peek(), Context::Brackets, -1);
                return -1;
            }
            ast[comprehension].end = take().end;
            return comprehension;
        }
        list.children.append(ast.inlineIfPlain(item));
        if (!expectAfterItem({Op::Comma, Op::RSqb}, itemToken.start))
            return -1;
        if (isOp(peek(), Op::Comma))
            take();
    }
    list.end = take().end;
    return ast.add(std::move(list));
}

int Parser::parseBraces(Ast &ast)
{
    const Token open = take();
    Node node;
    node.kind = Node::Kind::Dict;
    node.line = open.line;
    node.start = open.start;
    if (isOp(peek(), Op::RBrace)) {
        node.end = take().end;
        return ast.add(std::move(node));
    }
    bool isDict = false;
    bool first = true;
    while (!isOp(peek(), Op::RBrace)) {
        const Token itemToken = peek();
        if (isOp(itemToken, Op::DoubleStar)) {
            unsupported(tr("dictionary unpacking (**) is not read"), itemToken.start);
            return -1;
        }
        if (!startsExpression(m_tokenizer, itemToken)) {
            unexpected(itemToken, Context::Brackets, -1);
            return -1;
        }
        const int item = parseStarExpression(ast);
        if (item < 0)
            return -1;
        if (first) {
            isDict = isOp(peek(), Op::Colon) && ast[item].kind != Node::Kind::Starred;
            first = false;
        }
        node.children.append(isDict ? item : ast.inlineIfPlain(item));
        if (isDict) {
            if (ast[item].kind == Node::Kind::Starred) {
                failAt(tr("cannot use a starred expression in a dictionary value"),
                       itemToken.start);
                return -1;
            }
            if (!isOp(peek(), Op::Colon)) {
                QString reason;
                if (isUnsupportedContinuation(peek(), &reason))
                    unsupported(reason, peek().start);
                else
                    failAt(tr("':' expected after dictionary key"), itemToken.start);
                return -1;
            }
            take();
            const Token valueToken = peek();
            if (!startsExpression(m_tokenizer, valueToken)) {
                unexpected(valueToken, Context::Brackets, -1);
                return -1;
            }
            const int value = parseExpression(ast);
            if (value < 0)
                return -1;
            node.children.append(value);
        }
        if (!expectAfterItem({Op::Comma, Op::RBrace}, itemToken.start))
            return -1;
        if (isOp(peek(), Op::Comma))
            take();
    }
    node.end = take().end;
    if (!isDict)
        node.kind = Node::Kind::Set;
    return ast.add(std::move(node));
}

bool Parser::parseDottedName(QString *out)
{
    const Token first = peek();
    if (first.type != TokenType::Name || Py::isKeyword(m_tokenizer.text(first))) {
        invalidSyntax(first.start);
        return false;
    }
    *out = m_tokenizer.name(take());
    while (isOp(peek(), Op::Dot)) {
        take();
        const Token part = peek();
        if (part.type != TokenType::Name || Py::isKeyword(m_tokenizer.text(part))) {
            invalidSyntax(part.start);
            return false;
        }
        *out += u'.' + m_tokenizer.name(take());
    }
    return true;
}

bool Parser::parseImport(Statement &statement)
{
    take(); // import
    statement.kind = Statement::Kind::Import;
    for (;;) {
        ImportItem item;
        if (!parseDottedName(&item.module))
            return false;
        if (isName(peek(), "as")) {
            take();
            const Token alias = peek();
            if (alias.type != TokenType::Name || Py::isKeyword(m_tokenizer.text(alias))) {
                invalidSyntax(alias.start);
                return false;
            }
            item.asName = m_tokenizer.name(take());
        }
        statement.imports.append(item);
        if (!isOp(peek(), Op::Comma))
            return true;
        take();
    }
}

bool Parser::parseImportFrom(Statement &statement)
{
    take(); // from
    statement.kind = Statement::Kind::ImportFrom;
    QString module;
    while (isOp(peek(), Op::Dot) || isOp(peek(), Op::Ellipsis)) {
        statement.importLevel += isOp(peek(), Op::Dot) ? 1 : 3;
        take();
    }
    if (!isName(peek(), "import")) {
        if (!parseDottedName(&module))
            return false;
    } else if (statement.importLevel == 0) {
        invalidSyntax(peek().start);
        return false;
    }
    if (!isName(peek(), "import")) {
        invalidSyntax(peek().start);
        return false;
    }
    take();
    if (isOp(peek(), Op::Star)) {
        take();
        statement.imports.append({module, QStringLiteral("*"), QString()});
        return true;
    }
    const bool parenthesized = isOp(peek(), Op::LPar);
    if (parenthesized)
        take();
    for (;;) {
        const Token nameToken = peek();
        if (nameToken.type != TokenType::Name || Py::isKeyword(m_tokenizer.text(nameToken))) {
            invalidSyntax(nameToken.start);
            return false;
        }
        ImportItem item;
        item.module = module;
        item.name = m_tokenizer.name(take());
        if (isName(peek(), "as")) {
            take();
            const Token alias = peek();
            if (alias.type != TokenType::Name || Py::isKeyword(m_tokenizer.text(alias))) {
                invalidSyntax(alias.start);
                return false;
            }
            item.asName = m_tokenizer.name(take());
        }
        statement.imports.append(item);
        if (!isOp(peek(), Op::Comma))
            break;
        const Token comma = take();
        if (parenthesized && isOp(peek(), Op::RPar))
            break;
        if (!parenthesized && peek().type != TokenType::Name) {
            failAt(tr("trailing comma not allowed without surrounding parentheses"), comma.start);
            return false;
        }
    }
    if (parenthesized) {
        if (!isOp(peek(), Op::RPar)) {
            invalidSyntax(peek().start);
            return false;
        }
        take();
    }
    return true;
}

void Parser::collectTargetNames(const Ast &ast, int node, QStringList *names) const
{
    if (Ast::isInline(node))
        return;
    const Node &n = ast[node];
    switch (n.kind) {
    case Node::Kind::Name:
        names->append(n.text);
        break;
    case Node::Kind::Tuple:
    case Node::Kind::List:
    case Node::Kind::Starred:
        for (int child : n.children)
            collectTargetNames(ast, child, names);
        break;
    default:
        break;
    }
}

bool Parser::checkTarget(const Ast &ast, int node, bool firstOfSingleAssignment)
{
    const Node &n = ast[node];
    QString what;
    switch (n.kind) {
    case Node::Kind::Name:
        return true;
    case Node::Kind::Primary: {
        const Node &last = ast[n.children.last()];
        if (last.kind != Node::Kind::Call)
            return true;
        what = tr("function call");
        break;
    }
    case Node::Kind::Tuple:
    case Node::Kind::List:
        for (int child : n.children) {
            if (Ast::isInline(child)) {
                // Plain constants in displays are not nodes: blame the display.
                const PyValue &value = ast.constant(child);
                failAt(tr("cannot assign to %1")
                               .arg(value.isBool() || value.isNone() ? Py::repr(value)
                                                                     : tr("literal")),
                       n.start);
                return false;
            }
            const int target = !Ast::isInline(child) && ast[child].kind == Node::Kind::Starred
                    ? ast[child].children.first()
                    : child;
            if (!checkTarget(ast, target, false))
                return false;
        }
        return true;
    case Node::Kind::Starred:
        failAt(tr("starred assignment target must be in a list or tuple"), n.start);
        return false;
    case Node::Kind::Constant:
        what = n.value.isBool() || n.value.isNone() ? Py::repr(n.value) : tr("literal");
        break;
    case Node::Kind::Set:
        what = tr("set display");
        break;
    case Node::Kind::Dict:
        what = tr("dict literal");
        break;
    default:
        what = tr("expression");
        break;
    }
    if (firstOfSingleAssignment)
        failAt(tr("cannot assign to %1 here. Maybe you meant '==' instead of '='?").arg(what),
               n.start);
    else
        failAt(tr("cannot assign to %1").arg(what), n.start);
    return false;
}

void Parser::skipStatement(QStringList *assignedNames)
{
    m_bracketDepth = 0;
    skipToStatementEnd(assignedNames);
}

void Parser::skipToStatementEnd(QStringList *assignedNames)
{
    for (;;) {
        const Token &t = peek();
        if (t.type == TokenType::Error || t.type == TokenType::EndMarker)
            return;
        if (m_bracketDepth <= 0 && (t.type == TokenType::Newline || isOp(t, Op::Semi)))
            return;
        if (assignedNames && m_bracketDepth <= 0 && t.type == TokenType::Name
            && isOp(peek(1), Op::Equal))
            assignedNames->append(m_tokenizer.name(t));
        take();
    }
}

int Parser::parseCondition(Ast &ast, qsizetype colonStart, QString *reason)
{
    m_unsupported = false;
    m_unsupportedReason.clear();
    m_bracketDepth = 0;
    const int node = parseExpression(ast);
    if (m_failed)
        return Ast::NoNode;
    const Token next = peek();
    if (!m_unsupported && node >= 0 && next.start == colonStart && isOp(next, Op::Colon)) {
        take();
        return node;
    }
    if (!m_unsupported && !isUnsupportedContinuation(next, &m_unsupportedReason))
        m_unsupportedReason = tr("this condition is not evaluated by the reader");
    *reason = m_unsupportedReason;
    m_unsupported = false;
    for (;;) {
        const Token t = peek();
        if (m_failed || t.type == TokenType::Error || t.type == TokenType::EndMarker)
            return Ast::NoNode;
        take();
        if (t.start == colonStart)
            return Ast::NoNode;
    }
}

Statement Parser::parseSimpleStatement(Ast &ast)
{
    m_unsupported = false;
    m_unsupportedReason.clear();
    m_bracketDepth = 0;

    Statement st;
    const Token first = peek();
    const Token second = peek(1);
    // The first name is what an unreadable statement changes when it is followed by one of
    // these (X = ..., X.append(...), X[0] = ..., X += ..., X: T = ...).
    const bool firstIsChanged = first.type == TokenType::Name && second.type == TokenType::Op
            && (second.op == Op::Equal || second.op == Op::Dot || second.op == Op::LSqb
                || second.op == Op::Colon || second.op == Op::Comma || isAugmentedOp(second.op));
    st.line = first.line;
    st.start = first.start;

    auto finish = [&]() -> Statement {
        if (m_failed)
            return st;
        if (!m_unsupported) {
            const Token &next = peek();
            if (next.type != TokenType::Newline && !isOp(next, Op::Semi)
                && next.type != TokenType::EndMarker)
                unexpected(next, Context::TopLevel, -1);
            if (m_failed)
                return st;
        }
        if (m_unsupported) {
            st.kind = Statement::Kind::Unsupported;
            st.reason = m_unsupportedReason;
            st.reasonAt = m_unsupportedAt;
            for (int target : std::as_const(st.targets))
                collectTargetNames(ast, target, &st.assignedNames);
            if (firstIsChanged && !st.assignedNames.contains(m_tokenizer.name(first)))
                st.assignedNames.prepend(m_tokenizer.name(first));
            skipToStatementEnd(&st.assignedNames);
        }
        st.end = peek().start;
        return st;
    };

    if (first.type == TokenType::Name) {
        const QStringView keyword = m_tokenizer.text(first);
        if (keyword == QLatin1String("import")) {
            parseImport(st);
            return finish();
        }
        if (keyword == QLatin1String("from")) {
            parseImportFrom(st);
            return finish();
        }
        if (keyword == QLatin1String("del")) {
            take();
            st.kind = Statement::Kind::Del;
            const int targets = parseStarExpressions(ast, false);
            if (targets < 0)
                return finish();
            const Node &n = ast[targets];
            const QList<int> items
                    = n.kind == Node::Kind::Tuple ? n.children : QList<int> {targets};
            for (int item : items) {
                if (Ast::isInline(item)) {
                    failAt(tr("cannot delete literal"), ast[targets].start);
                    break;
                }
                if (ast[item].kind != Node::Kind::Name) {
                    unsupported(tr("only 'del NAME' is read"), ast[item].start);
                    break;
                }
                st.targets.append(item);
            }
            return finish();
        }
        static const char *const others[] = {"pass",   "break", "continue", "global", "nonlocal",
                                             "return", "raise", "assert",   "yield",  "await"};
        for (const char *other : others) {
            if (keyword == QLatin1String(other)) {
                st.kind = Statement::Kind::Other;
                skipToStatementEnd();
                st.end = peek().start;
                return st;
            }
        }
    }

    const int head = parseStarExpressions(ast, true);
    if (head < 0)
        return finish();
    const Token next = peek();
    if (isOp(next, Op::Equal)) {
        st.kind = Statement::Kind::Assign;
        st.targets.append(head);
        int value = -1;
        while (isOp(peek(), Op::Equal)) {
            take();
            if (isName(peek(), "yield")) {
                unsupported(tr("'yield' is not a value"), peek().start);
                return finish();
            }
            value = parseStarExpressions(ast, false);
            if (value < 0)
                return finish();
            if (isOp(peek(), Op::Equal))
                st.targets.append(value);
        }
        st.value = value;
        const bool single = st.targets.size() == 1;
        for (qsizetype i = 0; i < st.targets.size(); ++i) {
            if (!checkTarget(ast, st.targets.at(i), single && i == 0))
                return finish();
        }
        return finish();
    }
    if (next.type == TokenType::Op && isAugmentedOp(next.op)) {
        const Node &target = ast[head];
        const bool assignable = target.kind == Node::Kind::Name
                || (target.kind == Node::Kind::Primary
                    && ast[target.children.last()].kind != Node::Kind::Call);
        if (!assignable) {
            const QString what = target.kind == Node::Kind::Tuple ? QStringLiteral("tuple")
                    : target.kind == Node::Kind::List             ? QStringLiteral("list")
                    : target.kind == Node::Kind::Constant         ? QStringLiteral("literal")
                    : target.kind == Node::Kind::Primary          ? QStringLiteral("function call")
                                                                  : QStringLiteral("expression");
            failAt(tr("'%1' is an illegal expression for augmented assignment").arg(what),
                   target.start);
            return finish();
        }
        take();
        st.kind = Statement::Kind::AugAssign;
        st.augOp = next.op;
        st.targets.append(head);
        if (isName(peek(), "yield")) {
            unsupported(tr("'yield' is not a value"), peek().start);
            return finish();
        }
        st.value = parseStarExpressions(ast, false);
        return finish();
    }
    if (isOp(next, Op::Colon)) {
        const Node &target = ast[head];
        if (target.kind == Node::Kind::Tuple && !target.parenthesized) {
            failAt(tr("only single target (not tuple) can be annotated"), target.start);
            return finish();
        }
        if (target.kind != Node::Kind::Name
            && !(target.kind == Node::Kind::Primary
                 && ast[target.children.last()].kind != Node::Kind::Call)) {
            failAt(tr("illegal target for annotation"), target.start);
            return finish();
        }
        take();
        st.targets.append(head);
        // The annotation is not evaluated (settings modules do not use
        // `from __future__ import annotations` tricks that matter here): skip it.
        const Token annotationStart = peek();
        if (!startsExpression(m_tokenizer, annotationStart)) {
            unexpected(annotationStart, Context::TopLevel, -1);
            return finish();
        }
        for (;;) {
            const Token &t = peek();
            if (t.type == TokenType::Error || t.type == TokenType::EndMarker)
                break;
            if (m_bracketDepth <= 0
                && (t.type == TokenType::Newline || isOp(t, Op::Semi) || isOp(t, Op::Equal)))
                break;
            take();
        }
        if (isOp(peek(), Op::Equal)) {
            take();
            st.kind = Statement::Kind::AnnAssign;
            if (isName(peek(), "yield")) {
                unsupported(tr("'yield' is not a value"), peek().start);
                return finish();
            }
            st.value = parseStarExpressions(ast, false);
        } else {
            st.kind = Statement::Kind::Annotation;
        }
        return finish();
    }
    if (ast[head].kind == Node::Kind::Starred) {
        failAt(tr("can't use starred expression here"), ast[head].start);
        return finish();
    }
    st.kind = Statement::Kind::Expression;
    st.value = head;
    return finish();
}

} // namespace Cors::Settings
