// SPDX-License-Identifier: MIT
#include "python/settingsevaluator.h"

#include "python/pysemantics.h"
#include "python/settingsdisplay.h"
#include "python/settingsparser.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <functional>

namespace Cors::Settings {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SettingsReader", text);
}

// A joined piece that would make sense as an entry of its own, so that joining it with its
// neighbour was probably not meant: an origin, an anchored regex, a header or method name.
bool looksLikeEntry(const QString &piece)
{
    static const QRegularExpression word(
            QStringLiteral("\\A[A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9]\\z"));
    return piece.contains(QLatin1String("://")) || piece.startsWith(u'^')
            || word.match(piece).hasMatch();
}

QString shortRepr(const QString &text)
{
    return displayValue(PyValue::str(text), 80);
}

} // namespace

bool isBuiltinName(const QString &name)
{
    static const QStringList names = [] {
        QStringList list;
        for (const char *n : {"abs",
                              "aiter",
                              "all",
                              "anext",
                              "any",
                              "ascii",
                              "bin",
                              "bool",
                              "breakpoint",
                              "bytearray",
                              "bytes",
                              "callable",
                              "chr",
                              "classmethod",
                              "compile",
                              "complex",
                              "copyright",
                              "credits",
                              "delattr",
                              "dict",
                              "dir",
                              "divmod",
                              "enumerate",
                              "eval",
                              "exec",
                              "exit",
                              "filter",
                              "float",
                              "format",
                              "frozenset",
                              "getattr",
                              "globals",
                              "hasattr",
                              "hash",
                              "help",
                              "hex",
                              "id",
                              "input",
                              "int",
                              "isinstance",
                              "issubclass",
                              "iter",
                              "len",
                              "license",
                              "list",
                              "locals",
                              "map",
                              "max",
                              "memoryview",
                              "min",
                              "next",
                              "object",
                              "oct",
                              "open",
                              "ord",
                              "pow",
                              "print",
                              "property",
                              "quit",
                              "range",
                              "repr",
                              "reversed",
                              "round",
                              "set",
                              "setattr",
                              "slice",
                              "sorted",
                              "staticmethod",
                              "str",
                              "sum",
                              "super",
                              "tuple",
                              "type",
                              "vars",
                              "zip",
                              "__import__",
                              "__build_class__",
                              "__debug__",
                              "__doc__",
                              "__name__",
                              "__file__",
                              "__spec__",
                              "__loader__",
                              "__package__",
                              "__builtins__",
                              "__cached__",
                              "__annotations__",
                              "Ellipsis",
                              "NotImplemented",
                              "BaseException",
                              "KeyboardInterrupt",
                              "SystemExit",
                              "StopIteration",
                              "StopAsyncIteration",
                              "GeneratorExit"})
            list.append(QString::fromLatin1(n));
        return list;
    }();
    return names.contains(name) || name.endsWith(QLatin1String("Error"))
            || name.endsWith(QLatin1String("Exception")) || name.endsWith(QLatin1String("Warning"));
}

Evaluator::Evaluator(Ast &ast, const Py::Tokenizer &tokenizer, Scope &scope, Profile profile)
    : m_ast(ast)
    , m_tokenizer(tokenizer)
    , m_scope(scope)
    , m_profile(profile)
{ }

QString Evaluator::sourceText(qsizetype start, qsizetype end) const
{
    const QString raw = m_tokenizer.text(start, end).toString();
    if (!raw.contains(u'\n'))
        return raw;
    static const QRegularExpression lineBreak(QStringLiteral("\\s*\\n\\s*"));
    QString folded = raw;
    folded.replace(lineBreak, QStringLiteral(" "));
    return folded;
}

const Evaluated *Evaluator::Arguments::keyword(const QString &name) const
{
    for (const auto &[key, value] : keywords) {
        if (key == name)
            return &value;
    }
    return nullptr;
}

bool Evaluator::Arguments::anyDynamic() const
{
    for (const Evaluated &e : positional) {
        if (e.value.isPy() && e.value.py.isDynamic())
            return true;
    }
    for (const auto &[key, e] : keywords) {
        if (e.value.isPy() && e.value.py.isDynamic())
            return true;
    }
    return false;
}

Evaluated Evaluator::fromOp(OpResult result, qsizetype offset) const
{
    if (result.value)
        return Evaluated::of(Value::python(std::move(*result.value)));
    if (!result.exception.isEmpty())
        return Evaluated::raised(result.exception, offset);
    return Evaluated::unsupported(result.unsupported, offset);
}

Evaluated Evaluator::requirePy(Evaluated e, qsizetype offset) const
{
    if (!e.ok() || e.value.isPy())
        return e;
    switch (e.value.kind) {
    case Value::Kind::Unknown:
        return Evaluated::unsupported(e.value.reason, offset);
    case Value::Kind::EnvReader:
        return Evaluated::unsupported(tr("a django-environ Env object is not a settings value"),
                                      offset);
    case Value::Kind::Csv:
        return Evaluated::unsupported(tr("a decouple Csv() object is not a settings value"),
                                      offset);
    default:
        return Evaluated::unsupported(
                tr("%1 is not a value the reader can use here").arg(e.value.path), offset);
    }
}

Evaluated Evaluator::evaluate(int index)
{
    if (Ast::isInline(index))
        return Evaluated::of(
                Value::python(m_copyConstants ? m_ast.constant(index) : m_ast.takeConstant(index)));
    const Node &node = m_ast[index];
    switch (node.kind) {
    case Node::Kind::Constant:
        return evaluateConstant(node, false);
    case Node::Kind::Name:
        return evaluateName(node);
    case Node::Kind::Primary:
        return evaluatePrimary(node);
    case Node::Kind::List:
    case Node::Kind::Tuple:
    case Node::Kind::Set:
        return evaluateDisplay(node);
    case Node::Kind::Dict:
        return evaluateDict(node);
    case Node::Kind::BinOp:
        return evaluateBinOp(node);
    case Node::Kind::UnaryOp:
        return evaluateUnaryOp(node);
    case Node::Kind::Compare: {
        Evaluated left = requirePy(evaluate(node.children.at(0)), node.start);
        if (!left.ok())
            return left;
        Evaluated right = requirePy(evaluate(node.children.at(1)), node.start);
        if (!right.ok())
            return right;
        Evaluated result = fromOp(Ops::compare(left.value.py, node.text, right.value.py, m_profile),
                                  node.start);
        if (result.ok() && (left.value.py.isDynamic() || right.value.py.isDynamic()))
            result.value.py.setDynamicSource(sourceText(node.start, node.end));
        return result;
    }
    case Node::Kind::Not: {
        Evaluated operand = requirePy(evaluate(node.children.at(0)), node.start);
        if (!operand.ok())
            return operand;
        const bool truth = Py::truthy(Ops::concrete(operand.value.py, m_profile));
        PyValue value = PyValue::boolean(node.ops.size() % 2 == 0 ? truth : !truth);
        if (operand.value.py.isDynamic())
            value.setDynamicSource(sourceText(node.start, node.end));
        return Evaluated::of(Value::python(value));
    }
    case Node::Kind::BoolOp:
        return evaluateBoolOp(node);
    case Node::Kind::Lambda:
        return evaluateLambda(node);
    case Node::Kind::IfExp:
        return evaluateIfExp(index, node);
    case Node::Kind::ListComp:
    case Node::Kind::GeneratorExp:
        if (node.kind == Node::Kind::GeneratorExp && node.parenthesized)
            return Evaluated::unsupported(tr("a generator expression is not a value the reader "
                                             "models (pass it to list() or tuple())"),
                                          node.start);
        return evaluateComprehension(node);
    default:
        return Evaluated::unsupported(tr("this expression is not read"), node.start);
    }
}

Evaluated Evaluator::evaluateSource(const QString &source, Scope &scope, Profile profile,
                                    const QSet<QString> *setVariables, qsizetype offset)
{
    // A helper calling itself (or another helper, deeply) is not followed.
    // Helpers calling each other many times over (f(x) returning [f(x), f(x)]) stop at a
    // budget of calls per outermost call, so hostile input costs bounded time.
    static thread_local int depth = 0;
    static thread_local int calls = 0;
    if (depth == 0)
        calls = 0;
    if (depth >= 16 || ++calls > 2000)
        return Evaluated::unsupported(tr("helper functions calling each other this deep are "
                                         "not followed"),
                                      offset);
    ++depth;
    const QString text = source + u'\n';
    Py::Tokenizer tokenizer(text);
    Parser parser(tokenizer);
    Ast ast;
    const Statement st = parser.parseSimpleStatement(ast);
    Evaluated result;
    if (parser.failed() || st.kind != Statement::Kind::Expression) {
        result = Evaluated::unsupported(st.kind == Statement::Kind::Unsupported
                                                ? st.reason
                                                : tr("this function body is not read"),
                                        offset);
    } else {
        Evaluator evaluator(ast, tokenizer, scope, profile);
        evaluator.m_setVariables = setVariables;
        result = evaluator.evaluate(st.value);
        if (!result.ok())
            result.offset = offset; // the body's own offsets mean nothing in the file
        result.object.reset();
    }
    --depth;
    return result;
}

Evaluated Evaluator::evaluateIfExp(int index, const Node &node)
{
    // Python evaluates the condition, then only the branch it picks.
    const bool copying = m_copyConstants;
    m_copyConstants = true; // the decider may evaluate the condition again
    const Evaluated condition = evaluate(node.children.at(1));
    m_copyConstants = copying;
    std::optional<bool> truth;
    if (condition.status == Evaluated::Status::Raised)
        return condition;
    if (condition.ok() && condition.value.isPy() && !condition.value.py.isDynamic())
        truth = Py::truthy(Ops::concrete(condition.value.py, m_profile));
    else if (condition.ok() && condition.value.kind != Value::Kind::Unknown
             && !condition.value.isPy())
        truth = true; // a module, a function: objects are true
    if (!truth && m_decider)
        truth = m_decider(node.children.at(1), index);
    if (!truth)
        return condition.ok()
                ? Evaluated::unsupported(tr("a conditional expression (x if condition else y) "
                                            "depends on a value the reader does not know"),
                                         node.start)
                : condition;
    return evaluate(node.children.at(*truth ? 0 : 2));
}

Evaluated Evaluator::evaluateBoolOp(const Node &node)
{
    // Python returns the operand that decides, and evaluates nothing after it. An operand read
    // from the environment decides only under the file's defaults: what follows from it is
    // dynamic too.
    const bool isAnd = node.text == QLatin1String("and");
    bool dependsOnEnvironment = false;
    Evaluated operand;
    for (qsizetype i = 0; i < node.children.size(); ++i) {
        operand = requirePy(evaluate(node.children.at(i)), node.start);
        if (!operand.ok())
            return operand;
        if (i == node.children.size() - 1)
            break;
        const PyValue &value = operand.value.py;
        dependsOnEnvironment = dependsOnEnvironment || value.isDynamic();
        if (Py::truthy(Ops::concrete(value, m_profile)) != isAnd)
            break;
    }
    // The operand itself, as Python returns it (`A = B or []` shares B's list), unless it is
    // now marked as depending on the environment.
    if (dependsOnEnvironment && !operand.value.py.isDynamic()) {
        operand.object.reset();
        operand.value.py.setDynamicSource(sourceText(node.start, node.end));
    }
    return operand;
}

Evaluated Evaluator::evaluateLambda(const Node &node)
{
    auto helper = std::make_shared<HelperFunction>();
    helper->name = QStringLiteral("<lambda>");
    helper->parameters = node.text.isEmpty() ? QStringList() : node.text.split(u',');
    const Node &body = m_ast[node.children.first()];
    helper->body = m_tokenizer.text(body.start, body.end).toString();
    helper->line = node.line;
    Value v = Value::function(QStringLiteral("helper"));
    v.helper = helper;
    return Evaluated::of(v);
}

Evaluated Evaluator::callHelper(const HelperFunction &helper, const Arguments &args,
                                qsizetype offset)
{
    const qsizetype count = helper.parameters.size();
    if (args.positional.size() > count)
        return Evaluated::raised(
                QStringLiteral("TypeError: ")
                        + (QStringLiteral("%1() takes %2 positional arguments but %3 were given")
                                   .arg(helper.name)
                                   .arg(count)
                                   .arg(args.positional.size())),
                offset);
    Scope scope(&m_scope);
    for (qsizetype i = 0; i < count; ++i) {
        const QString &name = helper.parameters.at(i);
        const Evaluated *arg
                = i < args.positional.size() ? &args.positional.at(i) : args.keyword(name);
        Binding binding;
        binding.object = std::make_shared<Object>();
        const qsizetype firstDefault = count - helper.defaults.size();
        if (arg) {
            if (arg->status != Evaluated::Status::Ok)
                return *arg;
            binding.object->value = arg->value;
        } else if (i >= firstDefault) {
            binding.object->value = Value::python(helper.defaults.at(i - firstDefault));
        } else {
            return Evaluated::raised(
                    QStringLiteral("TypeError: ")
                            + (QStringLiteral("%1() missing 1 required positional argument: '%2'")
                                       .arg(helper.name, name)),
                    offset);
        }
        scope.bind(name, binding);
    }
    for (const auto &keyword : args.keywords) {
        if (!helper.parameters.contains(keyword.first))
            return Evaluated::raised(
                    QStringLiteral("TypeError: ")
                            + (QStringLiteral("%1() got an unexpected keyword argument '%2'")
                                       .arg(helper.name, keyword.first)),
                    offset);
    }
    for (const auto &[name, source] : helper.locals) {
        const Evaluated value = evaluateSource(source, scope, m_profile, m_setVariables, offset);
        if (!value.ok())
            return value;
        Binding binding;
        binding.object = std::make_shared<Object>();
        binding.object->value = value.value;
        scope.bind(name, binding);
    }
    return evaluateSource(helper.body, scope, m_profile, m_setVariables, offset);
}

Evaluated Evaluator::evaluateFString(const Node &node)
{
    // f"https://{HOST}" and f"{SCHEME}://{HOST}:{PORT}": one string token, plain names or
    // attributes in the braces, no conversion or format spec, no escapes.
    const Evaluated unsupported = Evaluated::unsupported(
            tr("an f-string is read only with plain names in its {placeholders}"), node.start);
    if (node.stringTokens != 1)
        return unsupported;
    QString token = m_tokenizer.text(node.start, node.end).toString();
    // A parenthesised constant's span includes its parentheses.
    while (node.parenthesized && token.startsWith(u'(') && token.endsWith(u')'))
        token = token.mid(1, token.size() - 2).trimmed();
    qsizetype prefix = 0;
    while (prefix < token.size() && token.at(prefix).isLetter())
        ++prefix;
    const QString flags = token.left(prefix).toLower();
    if (!flags.contains(u'f') || flags.contains(u'b'))
        return unsupported;
    const bool raw = flags.contains(u'r');
    const QChar quote = prefix < token.size() ? token.at(prefix) : QChar();
    const qsizetype quoteLength
            = token.mid(prefix, 3) == QString(3, quote) && token.size() - prefix >= 6 ? 3 : 1;
    const QString body = token.mid(prefix + quoteLength, token.size() - prefix - 2 * quoteLength);
    static const QRegularExpression placeholderName(
            QStringLiteral("^\\s*([A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*)\\s*$"));
    QString out;
    bool dynamic = false;
    for (qsizetype i = 0; i < body.size(); ++i) {
        const QChar c = body.at(i);
        if (c == u'\\' && !raw)
            return unsupported;
        if ((c == u'{' || c == u'}') && i + 1 < body.size() && body.at(i + 1) == c) {
            out += c;
            ++i;
            continue;
        }
        if (c == u'}')
            return unsupported;
        if (c != u'{') {
            out += c;
            continue;
        }
        const qsizetype close = body.indexOf(u'}', i + 1);
        if (close < 0)
            return unsupported;
        const QRegularExpressionMatch m = placeholderName.match(body.mid(i + 1, close - i - 1));
        if (!m.hasMatch())
            return unsupported;
        const QStringList parts = m.captured(1).split(u'.');
        Node name;
        name.kind = Node::Kind::Name;
        name.line = node.line;
        name.start = node.start;
        name.end = node.end;
        name.text = parts.first();
        Evaluated value = evaluateName(name);
        for (qsizetype k = 1; k < parts.size() && value.ok(); ++k)
            value = attribute(value, parts.at(k), node.start);
        value = requirePy(value, node.start);
        if (!value.ok())
            return value;
        const PyValue concrete = Ops::concrete(value.value.py, m_profile);
        if (!concrete.isStr() && concrete.kind() != PyValue::Kind::Int
            && concrete.kind() != PyValue::Kind::Bool)
            return unsupported;
        dynamic = dynamic || value.value.py.isDynamic();
        out += Py::str(concrete);
        i = close;
    }
    PyValue result = PyValue::str(out);
    if (dynamic)
        result.setDynamicSource(sourceText(node.start, node.end));
    return Evaluated::of(Value::python(result));
}

Evaluated Evaluator::evaluateComprehension(const Node &node)
{
    // Python evaluates the first iterable in the enclosing scope, then each further clause
    // (another `for`, an `if`) and the element with the targets so far bound in the
    // comprehension's own scope.
    const QStringList targets = node.text.split(u',');
    bool dynamic = false;
    QList<PyValue> out;
    // Nested `for`s multiply: a bound on the items visited keeps hostile input cheap.
    qsizetype visited = 0;
    std::optional<Evaluated> failure;
    const std::function<bool(qsizetype, int, Scope &)> walk
            = [&](qsizetype clause, int forIndex, Scope &scope) -> bool {
        Evaluator inner(m_ast, m_tokenizer, scope, m_profile);
        inner.m_setVariables = m_setVariables;
        inner.m_copyConstants = true;
        auto check = [&](const Evaluated &e) {
            if (!inner.changedNames().isEmpty()) {
                failure = Evaluated::unsupported(
                        tr("a comprehension that changes names in place is not read"), node.start);
                return false;
            }
            if (visited <= 1) // the notes of the first item stand for every item's
                m_notes += inner.notes();
            if (!e.ok()) {
                failure = e;
                return false;
            }
            return true;
        };
        if (clause == node.ops.size()) {
            const Evaluated element = requirePy(inner.evaluate(node.children.at(0)), node.start);
            if (!check(element))
                return false;
            dynamic = dynamic || element.value.py.isDynamic();
            out.append(element.value.py);
            if (out.size() > SettingsReadLimits::MaxValueLength) {
                failure = valueTooLarge(node.start);
                return false;
            }
            return true;
        }
        const int child = node.children.at(clause + 1);
        if (node.ops.at(clause) == Py::Op::Colon) {
            const Evaluated condition = requirePy(inner.evaluate(child), node.start);
            if (!check(condition))
                return false;
            dynamic = dynamic || condition.value.py.isDynamic();
            if (!Py::truthy(Ops::concrete(condition.value.py, m_profile)))
                return true;
            return walk(clause + 1, forIndex, scope);
        }
        const Evaluated iterable = requirePy(inner.evaluate(child), node.start);
        if (!check(iterable))
            return false;
        QString exception;
        const auto items = Ops::spliceItems(Ops::concrete(iterable.value.py, m_profile), m_profile,
                                            &exception);
        if (!items) {
            failure = Evaluated::raised(QStringLiteral("TypeError: '%1' object is not iterable")
                                                .arg(Ops::typeName(iterable.value.py)),
                                        node.start);
            return false;
        }
        dynamic = dynamic || iterable.value.py.isDynamic();
        for (const PyValue &item : *items) {
            if (++visited > SettingsReadLimits::MaxValueLength) {
                failure = valueTooLarge(node.start);
                return false;
            }
            Scope itemScope(&scope);
            Binding binding;
            binding.object = std::make_shared<Object>();
            binding.object->value = Value::python(item);
            itemScope.bind(targets.value(forIndex), binding);
            if (!walk(clause + 1, forIndex + 1, itemScope))
                return false;
        }
        return true;
    };
    // The first iterable is evaluated here, in the enclosing scope, as Python does.
    if (!walk(0, 0, m_scope))
        return *failure;
    PyValue list = PyValue::list(out);
    if (dynamic)
        list.setDynamicSource(sourceText(node.start, node.end));
    return Evaluated::of(Value::python(list));
}

Evaluated Evaluator::evaluateConstant(const Node &node, bool inDisplay)
{
    if (!node.unsupported.isEmpty())
        return Evaluated::unsupported(node.unsupported, node.start);
    if (node.isBytes)
        return Evaluated::unsupported(tr("bytes values (b\"...\") are not read: settings hold str"),
                                      node.start);
    if (node.hasPlaceholders)
        return evaluateFString(node);
    const QStringList noStrings;
    const QStringList &escapes = node.details ? node.details->invalidEscapes : noStrings;
    const QStringList &pieces = node.details ? node.details->pieces : noStrings;
    for (const QString &escape : escapes) {
        m_notes.append(
                {SettingsMessage::Severity::Warning, node.start,
                 tr("invalid escape sequence '%1': Python keeps the backslash (and warns about "
                    "it); a raw string r\"...\" says so explicitly")
                         .arg(escape)});
    }
    if (pieces.size() > 1 && inDisplay) {
        int entryLike = 0;
        QStringList shown;
        for (const QString &piece : pieces) {
            if (looksLikeEntry(piece))
                ++entryLike;
            shown.append(shortRepr(piece));
        }
        const QString text = tr("adjacent string literals %1 are joined into one string %2")
                                     .arg(shown.join(u' '), shortRepr(node.value.text()));
        if (entryLike >= 2)
            m_notes.append({SettingsMessage::Severity::Warning, node.start,
                            text + tr(": a comma between them is probably missing")});
        else
            m_notes.append({SettingsMessage::Severity::Info, node.start, text});
    }
    return Evaluated::of(Value::python(node.value));
}

Evaluated Evaluator::evaluateName(const Node &node)
{
    if (const Binding *binding = m_scope.find(node.text)) {
        const Value &value = binding->object->value;
        if (value.kind == Value::Kind::Unknown)
            return Evaluated::unsupported(tr("%1 could not be read (line %2: %3)")
                                                  .arg(node.text)
                                                  .arg(binding->line)
                                                  .arg(value.reason),
                                          node.start);
        if (!binding->taint.isEmpty())
            m_notes.append({SettingsMessage::Severity::Warning, node.start,
                            tr("%1 is used as read on line %2, but %3")
                                    .arg(node.text)
                                    .arg(binding->line)
                                    .arg(binding->taint)});
        Evaluated e = Evaluated::of(value);
        e.object = binding->object;
        return e;
    }
    if (node.text.startsWith(QLatin1String("__")) && node.text.endsWith(QLatin1String("__")))
        return Evaluated::of(Value::opaque(node.text));
    if (isBuiltinName(node.text))
        return Evaluated::of(Value::function(QStringLiteral("builtins.") + node.text));
    if (m_scope.starImported())
        return Evaluated::unsupported(
                tr("name '%1' is not defined by the statements read; it may come "
                   "from 'from %2 import *' on line %3, which the reader does "
                   "not follow")
                        .arg(node.text, m_scope.starImportModule())
                        .arg(m_scope.starImportLine()),
                node.start);
    return Evaluated::unsupported(
            tr("name '%1' is not defined by the statements read (Python would "
               "raise NameError unless code the reader skips defines it)")
                    .arg(node.text),
            node.start);
}

Evaluated Evaluator::valueTooLarge(qsizetype offset)
{
    return Evaluated::unsupported(tr("the value would have more than %1 items (docs/limits.md)")
                                          .arg(SettingsReadLimits::MaxValueLength),
                                  offset);
}

Evaluated Evaluator::evaluateItems(const QList<int> &nodes, QList<PyValue> *out, bool inDisplay)
{
    for (int index : nodes) {
        if (Ast::isInline(index)) {
            out->append(m_copyConstants ? m_ast.constant(index) : m_ast.takeConstant(index));
            continue;
        }
        const Node &child = m_ast[index];
        if (child.kind == Node::Kind::Starred) {
            Evaluated inner = requirePy(evaluate(child.children.first()), child.start);
            if (!inner.ok())
                return inner;
            QString exception;
            const auto items = Ops::spliceItems(inner.value.py, m_profile, &exception);
            if (!items)
                return Evaluated::raised(
                        QStringLiteral("TypeError: Value after * must be an iterable, not %1")
                                .arg(Ops::typeName(inner.value.py)),
                        child.start);
            if (out->size() + items->size() > SettingsReadLimits::MaxValueLength)
                return valueTooLarge(child.start);
            *out += *items;
            continue;
        }
        Evaluated e = child.kind == Node::Kind::Constant ? evaluateConstant(child, inDisplay)
                                                         : evaluate(index);
        e = requirePy(std::move(e), child.start);
        if (!e.ok())
            return e;
        // Python nests the object itself; the reader nests a copy, which later in-place changes
        // of the name do not reach (reported when such a change happens).
        if (e.object && e.value.isMutable())
            e.object->copiedInto = true;
        if (out->size() >= SettingsReadLimits::MaxValueLength)
            return valueTooLarge(child.start);
        out->append(e.value.py);
    }
    return Evaluated::of(Value::python(PyValue()));
}

Evaluated Evaluator::evaluateDisplay(const Node &node)
{
    QList<PyValue> items;
    items.reserve(node.children.size());
    Evaluated e = evaluateItems(node.children, &items, true);
    if (!e.ok())
        return e;
    switch (node.kind) {
    case Node::Kind::List:
        return Evaluated::of(Value::python(PyValue::list(std::move(items))));
    case Node::Kind::Tuple:
        return Evaluated::of(Value::python(PyValue::tuple(std::move(items))));
    default:
        return fromOp(Ops::makeSet(items, m_profile), node.start);
    }
}

Evaluated Evaluator::evaluateDict(const Node &node)
{
    QList<std::pair<PyValue, PyValue>> pairs;
    pairs.reserve(node.children.size() / 2);
    for (qsizetype i = 0; i + 1 < node.children.size(); i += 2) {
        const Node &keyNode = m_ast[node.children.at(i)];
        const Node &valueNode = m_ast[node.children.at(i + 1)];
        Evaluated key
                = requirePy(keyNode.kind == Node::Kind::Constant ? evaluateConstant(keyNode, false)
                                                                 : evaluate(node.children.at(i)),
                            keyNode.start);
        if (!key.ok())
            return key;
        Evaluated value = requirePy(valueNode.kind == Node::Kind::Constant
                                            ? evaluateConstant(valueNode, true)
                                            : evaluate(node.children.at(i + 1)),
                                    valueNode.start);
        if (!value.ok())
            return value;
        if (value.object && value.value.isMutable())
            value.object->copiedInto = true;
        pairs.append({key.value.py, value.value.py});
    }
    return fromOp(Ops::makeDict(pairs, m_profile), node.start);
}

Evaluated Evaluator::evaluateBinOp(const Node &node)
{
    Evaluated acc = requirePy(evaluate(node.children.first()), node.start);
    if (!acc.ok())
        return acc;
    for (qsizetype i = 0; i < node.ops.size(); ++i) {
        const Node &rightNode = m_ast[node.children.at(i + 1)];
        Evaluated right = requirePy(evaluate(node.children.at(i + 1)), rightNode.start);
        if (!right.ok())
            return right;
        const bool dynamic = acc.value.py.isDynamic() || right.value.py.isDynamic();
        Evaluated result = fromOp(
                Ops::binary(acc.value.py, node.ops.at(i), right.value.py, m_profile), node.start);
        if (!result.ok())
            return result;
        if (dynamic)
            result.value.py.setDynamicSource(sourceText(node.start, rightNode.end));
        acc = std::move(result);
    }
    return acc;
}

Evaluated Evaluator::evaluateUnaryOp(const Node &node)
{
    Evaluated operand = requirePy(evaluate(node.children.first()), node.start);
    if (!operand.ok())
        return operand;
    PyValue value = operand.value.py;
    const bool dynamic = value.isDynamic();
    for (auto it = node.ops.crbegin(); it != node.ops.crend(); ++it) {
        Evaluated step = fromOp(Ops::unary(*it, value), node.start);
        if (!step.ok())
            return step;
        value = step.value.py;
    }
    if (dynamic)
        value.setDynamicSource(sourceText(node.start, node.end));
    return Evaluated::of(Value::python(value));
}

Evaluated Evaluator::evaluatePrimary(const Node &node)
{
    const Node &atom = m_ast[node.children.first()];
    Evaluated current = evaluate(node.children.first());
    if (!current.ok())
        return current;
    const QString baseName = atom.kind == Node::Kind::Name ? atom.text : QString();
    for (qsizetype i = 1; i < node.children.size(); ++i) {
        const Node &trailer = m_ast[node.children.at(i)];
        const bool direct = i == 1;
        if (trailer.kind == Node::Kind::Attribute) {
            const bool calledNext = i + 1 < node.children.size()
                    && m_ast[node.children.at(i + 1)].kind == Node::Kind::Call;
            if (calledNext && current.value.isPy()) {
                current = callMethod(std::move(current), direct ? baseName : QString(),
                                     trailer.text, m_ast[node.children.at(i + 1)], node.start);
                ++i;
            } else {
                current = attribute(current, trailer.text, trailer.start);
            }
        } else if (trailer.kind == Node::Kind::Call) {
            current = call(current, trailer, node.start);
        } else {
            current = subscript(current, trailer);
        }
        if (!current.ok())
            return current;
        current.object.reset();
    }
    return current;
}

} // namespace Cors::Settings
