// SPDX-License-Identifier: MIT
// The library calls and methods settings files apply to literals: corsheaders.defaults, re,
// os.environ, django-environ, python-decouple, a few builtins, str/list/set/dict methods.
#include "python/settingsevaluator.h"

#include "python/pysemantics.h"
#include "python/settingsdisplay.h"

#include <QCoreApplication>

#include <algorithm>
#include <charconv>

namespace Cors::Settings {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SettingsReader", text);
}

QString typeError(const QString &text)
{
    return QStringLiteral("TypeError: ") + text;
}

bool isSymbolic(const PyValue &v)
{
    return v.kind() == PyValue::Kind::DefaultHeaders || v.kind() == PyValue::Kind::DefaultMethods;
}

bool hasStarredItem(const PyValue &v)
{
    for (const PyValue &item : v.items()) {
        if (item.isStarred())
            return true;
    }
    return false;
}

// Python compares str by code point; UTF-16 order differs above the surrogates.
bool codePointLess(const QString &a, const QString &b)
{
    const QList<uint> x = a.toUcs4();
    const QList<uint> y = b.toUcs4();
    return std::lexicographical_compare(x.cbegin(), x.cend(), y.cbegin(), y.cend());
}

std::optional<double> parseFloatText(const QString &text)
{
    const QString s = Ops::strip(text, std::nullopt, true, true).toLower();
    const bool negative = s.startsWith(u'-');
    const QString body = (s.startsWith(u'-') || s.startsWith(u'+')) ? s.mid(1) : s;
    if (body == QLatin1String("inf") || body == QLatin1String("infinity"))
        return negative ? -std::numeric_limits<double>::infinity()
                        : std::numeric_limits<double>::infinity();
    if (body == QLatin1String("nan"))
        return std::numeric_limits<double>::quiet_NaN();
    for (QChar c : body) {
        if (!(c.isDigit() && c.unicode() < 128) && c != u'.' && c != u'e' && c != u'-' && c != u'+')
            return std::nullopt;
    }
    const QByteArray ascii = s.toLatin1();
    const char *begin = ascii.constData() + (s.startsWith(u'+') ? 1 : 0);
    double value = 0;
    const auto result = std::from_chars(begin, ascii.constData() + ascii.size(), value);
    if (result.ec != std::errc() || result.ptr != ascii.constData() + ascii.size())
        return std::nullopt;
    return value;
}

} // namespace

std::optional<int> reFlag(const QString &name)
{
    static const QList<std::pair<const char *, int>> flags = {
            {"T", PyReFlag::Template},   {"TEMPLATE", PyReFlag::Template},
            {"I", PyReFlag::IgnoreCase}, {"IGNORECASE", PyReFlag::IgnoreCase},
            {"L", PyReFlag::Locale},     {"LOCALE", PyReFlag::Locale},
            {"M", PyReFlag::Multiline},  {"MULTILINE", PyReFlag::Multiline},
            {"S", PyReFlag::DotAll},     {"DOTALL", PyReFlag::DotAll},
            {"U", PyReFlag::Unicode},    {"UNICODE", PyReFlag::Unicode},
            {"X", PyReFlag::Verbose},    {"VERBOSE", PyReFlag::Verbose},
            {"DEBUG", PyReFlag::Debug},  {"A", PyReFlag::Ascii},
            {"ASCII", PyReFlag::Ascii},
    };
    for (const auto &[flagName, value] : flags) {
        if (name == QLatin1String(flagName))
            return value;
    }
    return std::nullopt;
}

Value moduleMember(const QString &module, const QString &name)
{
    const QString full = module + u'.' + name;
    if (module == QLatin1String("re")) {
        if (const auto flag = reFlag(name))
            return Value::python(PyValue::integer(*flag));
        if (name == QLatin1String("compile"))
            return Value::function(full);
    } else if (module == QLatin1String("os")) {
        if (name == QLatin1String("environ"))
            return Value::module(full);
        if (name == QLatin1String("getenv"))
            return Value::function(full);
    } else if (module == QLatin1String("os.environ")) {
        if (name == QLatin1String("get") || name == QLatin1String("setdefault"))
            return Value::function(full);
    } else if (module == QLatin1String("corsheaders")) {
        if (name == QLatin1String("defaults"))
            return Value::module(full);
    } else if (module == QLatin1String("corsheaders.defaults")) {
        if (name == QLatin1String("default_headers"))
            return Value::python(PyValue::defaultHeaders());
        if (name == QLatin1String("default_methods"))
            return Value::python(PyValue::defaultMethods());
        return Value::unknown(QStringLiteral("AttributeError: module 'corsheaders.defaults' has no "
                                             "attribute '%1'")
                                      .arg(name));
    } else if (module == QLatin1String("environ")) {
        if (name == QLatin1String("Env"))
            return Value::function(full);
    } else if (module == QLatin1String("decouple")) {
        if (name == QLatin1String("config") || name == QLatin1String("Csv"))
            return Value::function(full);
        if (name == QLatin1String("AutoConfig") || name == QLatin1String("Config"))
            return Value::function(QStringLiteral("decouple.AutoConfig"));
    } else if (module == QLatin1String("builtins") && isBuiltinName(name)) {
        return Value::function(full);
    }
    return Value::opaque(full);
}

Evaluated Evaluator::attribute(const Evaluated &base, const QString &name, qsizetype offset)
{
    switch (base.value.kind) {
    case Value::Kind::Module: {
        Value member = moduleMember(base.value.path, name);
        if (member.kind == Value::Kind::Unknown)
            return Evaluated::raised(member.reason, offset);
        return Evaluated::of(std::move(member));
    }
    case Value::Kind::EnvReader: {
        Value method = Value::function(QStringLiteral("environ.Env.") + name);
        method.scheme = base.value.scheme;
        return Evaluated::of(std::move(method));
    }
    case Value::Kind::Function:
    case Value::Kind::Opaque:
    case Value::Kind::Csv:
        return Evaluated::of(Value::opaque(base.value.path + u'.' + name));
    case Value::Kind::Unknown:
        return Evaluated::unsupported(base.value.reason, offset);
    case Value::Kind::Py:
        break;
    }
    return Evaluated::unsupported(
            tr("the attribute .%1 of a %2 is not read").arg(name, Ops::typeName(base.value.py)),
            offset);
}

bool Evaluator::evaluateArguments(const Node &callNode, Arguments *args, Evaluated *failure)
{
    for (int index : callNode.children) {
        const Node &arg = m_ast[index];
        if (arg.kind == Node::Kind::Starred) {
            Evaluated inner = requirePy(evaluate(arg.children.first()), arg.start);
            if (!inner.ok()) {
                *failure = inner;
                return false;
            }
            QString exception;
            const auto items = Ops::spliceItems(inner.value.py, m_profile, &exception);
            if (!items) {
                *failure = Evaluated::raised(
                        typeError(QStringLiteral("argument after * must be an iterable, not %1")
                                          .arg(Ops::typeName(inner.value.py))),
                        arg.start);
                return false;
            }
            for (const PyValue &item : *items)
                args->positional.append(Evaluated::of(Value::python(item)));
        } else if (arg.kind == Node::Kind::Keyword) {
            if (arg.text.isEmpty()) {
                *failure = Evaluated::unsupported(tr("** arguments are not read"), arg.start);
                return false;
            }
            Evaluated value = evaluate(arg.children.first());
            if (!value.ok()) {
                *failure = value;
                return false;
            }
            args->keywords.append({arg.text, value});
        } else {
            Evaluated value = evaluate(index);
            if (!value.ok()) {
                *failure = value;
                return false;
            }
            args->positional.append(value);
        }
    }
    return true;
}

Evaluated Evaluator::call(const Evaluated &callee, const Node &callNode, qsizetype exprStart)
{
    const Value &f = callee.value;
    if (f.kind == Value::Kind::Function && f.path == QLatin1String("environ.Env")) {
        // Env(NAME=(cast, default), ...): the scheme's defaults are what env("NAME") returns
        // when the variable is unset. The cast part is a type, not a value, so read the
        // default alone.
        auto scheme = std::make_shared<QHash<QString, PyValue>>();
        for (int index : callNode.children) {
            const Node &arg = m_ast[index];
            if (arg.kind != Node::Kind::Keyword || arg.text.isEmpty())
                continue;
            const Node &value = m_ast[arg.children.first()];
            if (value.kind == Node::Kind::Tuple && value.children.size() >= 2) {
                Evaluated d = requirePy(evaluate(value.children.at(1)), value.start);
                if (d.ok())
                    scheme->insert(arg.text, d.value.py);
            }
        }
        Value reader;
        reader.kind = Value::Kind::EnvReader;
        reader.path = QStringLiteral("environ.Env");
        reader.scheme = scheme;
        return Evaluated::of(reader);
    }
    if (f.kind == Value::Kind::Py)
        return Evaluated::raised(
                typeError(QStringLiteral("'%1' object is not callable").arg(Ops::typeName(f.py))),
                callNode.start);
    if (f.kind == Value::Kind::Unknown)
        return Evaluated::unsupported(f.reason, callNode.start);
    if (f.kind != Value::Kind::Function && f.kind != Value::Kind::EnvReader)
        return Evaluated::unsupported(
                tr("the call %1(...) is not evaluated by the reader").arg(f.path), exprStart);
    Arguments args;
    Evaluated failure;
    if (!evaluateArguments(callNode, &args, &failure))
        return failure;
    if (f.kind == Value::Kind::EnvReader)
        return callEnvironmentRead(QStringLiteral("environ.Env.__call__"), f, args, exprStart,
                                   callNode.end);
    Evaluated result = callFunction(f, callNode, args, exprStart);
    if (result.ok() && result.value.isPy() && args.anyDynamic()
        && result.value.py.dynamicSource().isEmpty())
        result.value.py.setDynamicSource(sourceText(exprStart, callNode.end));
    return result;
}

Evaluated Evaluator::callFunction(const Value &function, const Node &callNode,
                                  const Arguments &args, qsizetype exprStart)
{
    const QString &path = function.path;
    if (function.helper) {
        Evaluated result = callHelper(*function.helper, args, exprStart);
        if (result.ok() && result.value.isPy() && result.value.py.isDynamic())
            result.value.py.setDynamicSource(sourceText(exprStart, callNode.end));
        return result;
    }
    if (path.startsWith(QLatin1String("builtins.")))
        return callBuiltin(path.mid(9), args, exprStart);
    if (path == QLatin1String("re.compile"))
        return compilePattern(args, exprStart);
    if (path == QLatin1String("os.getenv") || path == QLatin1String("os.environ.get")
        || path == QLatin1String("os.environ.setdefault")
        || path == QLatin1String("decouple.config")
        || path.startsWith(QLatin1String("environ.Env.")))
        return callEnvironmentRead(path, function, args, exprStart, callNode.end);
    if (path == QLatin1String("decouple.AutoConfig"))
        return Evaluated::of(Value::function(QStringLiteral("decouple.config")));
    if (path == QLatin1String("decouple.Csv")) {
        // Csv(cast=str, delimiter=',', strip=string.whitespace, post_process=list)
        static const char *const names[] = {"cast", "delimiter", "strip", "post_process"};
        QList<std::pair<PyValue, PyValue>> options = {
                {PyValue::str(QStringLiteral("cast")), PyValue::str(QStringLiteral("str"))},
                {PyValue::str(QStringLiteral("delimiter")), PyValue::str(QStringLiteral(","))},
                {PyValue::str(QStringLiteral("strip")),
                 PyValue::str(QStringLiteral(" \t\n\r\x0b\x0c"))},
                {PyValue::str(QStringLiteral("post_process")),
                 PyValue::str(QStringLiteral("list"))},
        };
        for (int i = 0; i < 4; ++i) {
            const Evaluated *arg = i < args.positional.size()
                    ? &args.positional.at(i)
                    : args.keyword(QLatin1String(names[i]));
            if (!arg)
                continue;
            if (i == 1 || i == 2) {
                if (!arg->value.isPy() || !arg->value.py.isStr())
                    return Evaluated::unsupported(
                            tr("Csv(%1=...) is read only with a str").arg(QLatin1String(names[i])),
                            exprStart);
                options[i].second = arg->value.py;
            } else {
                const bool known = arg->value.kind == Value::Kind::Function
                        && (i == 0 ? arg->value.path == QLatin1String("builtins.str")
                                   : (arg->value.path == QLatin1String("builtins.list")
                                      || arg->value.path == QLatin1String("builtins.tuple")));
                if (!known)
                    return Evaluated::unsupported(
                            tr("Csv(%1=...) is read only with the defaults, str, list "
                               "or tuple")
                                    .arg(QLatin1String(names[i])),
                            exprStart);
                options[i].second = PyValue::str(arg->value.path.mid(9));
            }
        }
        Value csv;
        csv.kind = Value::Kind::Csv;
        csv.path = QStringLiteral("decouple.Csv");
        csv.py = PyValue::dict(options);
        return Evaluated::of(csv);
    }
    return Evaluated::unsupported(tr("the call %1(...) is not evaluated by the reader").arg(path),
                                  exprStart);
}

Evaluated Evaluator::callBuiltin(const QString &name, const Arguments &args, qsizetype offset)
{
    auto pyArg = [&](qsizetype i) { return requirePy(args.positional.at(i), offset); };
    const bool oneOptional = name == QLatin1String("list") || name == QLatin1String("tuple")
            || name == QLatin1String("set") || name == QLatin1String("str")
            || name == QLatin1String("int") || name == QLatin1String("bool")
            || name == QLatin1String("float");
    if (oneOptional) {
        if (!args.keywords.isEmpty())
            return Evaluated::unsupported(tr("%1() with keyword arguments is not read").arg(name),
                                          offset);
        if (args.positional.size() > 1)
            return Evaluated::unsupported(tr("%1() with several arguments is not read").arg(name),
                                          offset);
        if (args.positional.isEmpty()) {
            if (name == QLatin1String("list"))
                return Evaluated::of(Value::python(PyValue::list()));
            if (name == QLatin1String("tuple"))
                return Evaluated::of(Value::python(PyValue::tuple()));
            if (name == QLatin1String("set"))
                return Evaluated::of(Value::python(PyValue::set()));
            if (name == QLatin1String("str"))
                return Evaluated::of(Value::python(PyValue::str(QString())));
            if (name == QLatin1String("int"))
                return Evaluated::of(Value::python(PyValue::integer(0)));
            if (name == QLatin1String("float"))
                return Evaluated::of(Value::python(PyValue::floating(0.0)));
            return Evaluated::of(Value::python(PyValue::boolean(false)));
        }
        Evaluated arg = pyArg(0);
        if (!arg.ok())
            return arg;
        const PyValue &v = arg.value.py;
        if (name == QLatin1String("tuple") && (isSymbolic(v) || v.kind() == PyValue::Kind::Tuple))
            return Evaluated::of(Value::python(v)); // tuple(t) is t itself
        if (name == QLatin1String("list") || name == QLatin1String("tuple")
            || name == QLatin1String("set")) {
            QString exception;
            const auto items = Ops::spliceItems(v, m_profile, &exception);
            if (!items)
                return Evaluated::raised(exception, offset);
            if (name == QLatin1String("set"))
                return fromOp(Ops::makeSet(*items, m_profile), offset);
            return Evaluated::of(Value::python(name == QLatin1String("list")
                                                       ? PyValue::list(*items)
                                                       : PyValue::tuple(*items)));
        }
        const PyValue c = Ops::concrete(v, m_profile);
        if (name == QLatin1String("str"))
            return Evaluated::of(Value::python(PyValue::str(Py::str(c))));
        if (name == QLatin1String("int"))
            return fromOp(Ops::toInt(c), offset);
        if (name == QLatin1String("bool"))
            return Evaluated::of(Value::python(PyValue::boolean(Py::truthy(c))));
        // float
        if (c.kind() == PyValue::Kind::Float)
            return Evaluated::of(Value::python(c));
        if (c.isStr()) {
            if (const auto d = parseFloatText(c.text()))
                return Evaluated::of(Value::python(PyValue::floating(*d)));
            return Evaluated::raised(
                    QStringLiteral("ValueError: could not convert string to float: %1")
                            .arg(Py::reprString(c.text())),
                    offset);
        }
        if (const auto i = c.toInt64())
            return Evaluated::of(Value::python(PyValue::floating(double(*i))));
        return Evaluated::unsupported(tr("float() of a %1 is not evaluated").arg(Ops::typeName(c)),
                                      offset);
    }
    if (name == QLatin1String("sorted")) {
        if (args.positional.size() != 1 || !args.keywords.isEmpty())
            return Evaluated::unsupported(tr("sorted() with key= or reverse= is not read"), offset);
        Evaluated arg = pyArg(0);
        if (!arg.ok())
            return arg;
        QString exception;
        const auto items
                = Ops::spliceItems(Ops::concrete(arg.value.py, m_profile), m_profile, &exception);
        if (!items)
            return Evaluated::raised(exception, offset);
        QList<PyValue> sorted = *items;
        for (const PyValue &item : sorted) {
            if (!item.isStr())
                return Evaluated::unsupported(
                        tr("sorted() of values other than str is not evaluated"), offset);
        }
        std::stable_sort(sorted.begin(), sorted.end(), [](const PyValue &a, const PyValue &b) {
            return codePointLess(a.text(), b.text());
        });
        return Evaluated::of(Value::python(PyValue::list(sorted)));
    }
    if (name == QLatin1String("len")) {
        if (args.positional.size() != 1)
            return Evaluated::unsupported(tr("len() is read with one argument only"), offset);
        Evaluated arg = pyArg(0);
        if (!arg.ok())
            return arg;
        QString error;
        const auto n = Py::len(Ops::concrete(arg.value.py, m_profile), &error);
        if (!n)
            return Evaluated::raised(error, offset);
        return Evaluated::of(Value::python(PyValue::integer(*n)));
    }
    if (name == QLatin1String("dict")) {
        QList<std::pair<PyValue, PyValue>> pairs;
        if (args.positional.size() > 1)
            return Evaluated::unsupported(tr("dict() with several arguments is not read"), offset);
        if (args.positional.size() == 1) {
            Evaluated arg = pyArg(0);
            if (!arg.ok())
                return arg;
            if (arg.value.py.kind() != PyValue::Kind::Dict)
                return Evaluated::unsupported(
                        tr("dict() of a %1 is not read").arg(Ops::typeName(arg.value.py)), offset);
            for (const PyValue &pair : arg.value.py.items())
                pairs.append({pair.items().at(0), pair.items().at(1)});
        }
        for (const auto &[key, value] : args.keywords) {
            Evaluated v = requirePy(value, offset);
            if (!v.ok())
                return v;
            pairs.append({PyValue::str(key), v.value.py});
        }
        return fromOp(Ops::makeDict(pairs, m_profile), offset);
    }
    if (name == QLatin1String("frozenset"))
        return Evaluated::unsupported(tr("frozenset values are not represented by the reader"),
                                      offset);
    return Evaluated::unsupported(tr("the call %1(...) is not evaluated by the reader").arg(name),
                                  offset);
}

Evaluated Evaluator::compilePattern(const Arguments &args, qsizetype offset)
{
    const Evaluated *pattern = !args.positional.isEmpty() ? &args.positional.at(0)
                                                          : args.keyword(QStringLiteral("pattern"));
    const Evaluated *flags = args.positional.size() > 1 ? &args.positional.at(1)
                                                        : args.keyword(QStringLiteral("flags"));
    if (!pattern || args.positional.size() > 2)
        return Evaluated::unsupported(tr("re.compile() is read with a pattern and optional flags"),
                                      offset);
    Evaluated p = requirePy(*pattern, offset);
    if (!p.ok())
        return p;
    int flagValue = 0;
    if (flags) {
        Evaluated f = requirePy(*flags, offset);
        if (!f.ok())
            return f;
        const auto value = f.value.py.toInt64();
        if (!value || (!Py::isInt(f.value.py)))
            return Evaluated::unsupported(
                    tr("re.compile() flags other than re.I, re.M, ... are not read"), offset);
        flagValue = int(*value);
    }
    const PyValue &pv = p.value.py;
    if (pv.kind() == PyValue::Kind::Pattern) {
        if (flagValue != 0)
            return Evaluated::raised(
                    QStringLiteral(
                            "ValueError: cannot process flags argument with a compiled pattern"),
                    offset);
        return Evaluated::of(Value::python(pv));
    }
    if (!pv.isStr())
        return Evaluated::raised(
                typeError(QStringLiteral("first argument must be string or compiled pattern")),
                offset);
    PyValue compiled = PyValue::pattern(pv.text(), flagValue);
    if (pv.isDynamic())
        compiled.setDynamicSource(pv.dynamicSource());
    return Evaluated::of(Value::python(compiled));
}

Evaluated Evaluator::dynamicDefault(Evaluated value, const QString &variable, const QString &text,
                                    qsizetype offset)
{
    value = requirePy(std::move(value), offset);
    if (!value.ok())
        return value;
    value.value.py.setDynamicSource(text);
    value.object.reset();
    m_notes.append({SettingsMessage::Severity::Info, offset,
                    tr("%1 reads the environment variable %2; the reader uses its default, %3")
                            .arg(text, variable, displayValue(value.value.py))});
    return value;
}

Evaluated Evaluator::callEnvironmentRead(const QString &function, const Value &callee,
                                         const Arguments &args, qsizetype exprStart,
                                         qsizetype exprEnd)
{
    const QString text = sourceText(exprStart, exprEnd);
    const QString shortName
            = function.startsWith(QLatin1String("environ.Env.")) ? function.mid(12) : function;
    // Where each function takes its default: positional index and keyword.
    int defaultIndex = 1;
    QString variableKeyword = QStringLiteral("key");
    if (function == QLatin1String("decouple.config")) {
        variableKeyword = QStringLiteral("option");
    } else if (function.startsWith(QLatin1String("environ.Env."))) {
        variableKeyword = QStringLiteral("var");
        static const QStringList withCast = {QStringLiteral("__call__"), QStringLiteral("list"),
                                             QStringLiteral("tuple"), QStringLiteral("dict")};
        static const QStringList plain
                = {QStringLiteral("str"),   QStringLiteral("bool"), QStringLiteral("int"),
                   QStringLiteral("float"), QStringLiteral("json"), QStringLiteral("url"),
                   QStringLiteral("path")};
        if (withCast.contains(shortName))
            defaultIndex = 2;
        else if (!plain.contains(shortName))
            return Evaluated::unsupported(tr("env.%1() is not read").arg(shortName), exprStart);
        if (const Evaluated *parse = args.keyword(QStringLiteral("parse_default"));
            parse && parse->value.isPy() && Py::truthy(parse->value.py))
            return Evaluated::unsupported(
                    tr("parse_default=True makes django-environ parse the default, "
                       "which the reader does not do"),
                    exprStart);
    }
    const Evaluated *variable
            = !args.positional.isEmpty() ? &args.positional.at(0) : args.keyword(variableKeyword);
    if (!variable || !variable->value.isPy() || !variable->value.py.isStr())
        return Evaluated::unsupported(
                tr("%1 is read only with the variable name as a string").arg(text), exprStart);
    const QString variableText = Py::reprString(variable->value.py.text());
    if (m_setVariables && m_setVariables->contains(variable->value.py.text()))
        return Evaluated::unsupported(tr("%1 is set in this variant: its value comes from the "
                                         "environment when Django starts")
                                              .arg(variable->value.py.text()),
                                      exprStart);
    const Evaluated *defaultArg = args.positional.size() > defaultIndex
            ? &args.positional.at(defaultIndex)
            : args.keyword(QStringLiteral("default"));
    std::optional<Evaluated> chosen;
    if (defaultArg) {
        chosen = *defaultArg;
    } else if (callee.scheme && callee.scheme->contains(variable->value.py.text())) {
        chosen = Evaluated::of(Value::python(callee.scheme->value(variable->value.py.text())));
    }
    // os.environ.get(key) and os.getenv(key) give None for an unset variable.
    if (!chosen
        && (function == QLatin1String("os.environ.get") || function == QLatin1String("os.getenv")))
        chosen = Evaluated::of(Value::python(PyValue()));
    if (!chosen)
        return Evaluated::unsupported(
                tr("%1 has no default: its value comes from the environment when "
                   "Django starts")
                        .arg(text),
                exprStart);
    if (function == QLatin1String("decouple.config")) {
        const Evaluated *cast = args.positional.size() > 2 ? &args.positional.at(2)
                                                           : args.keyword(QStringLiteral("cast"));
        if (cast) {
            Evaluated casted = applyDecoupleCast(*chosen, *cast, exprStart);
            if (!casted.ok())
                return casted;
            chosen = casted;
        }
    }
    return dynamicDefault(*chosen, variableText, text, exprStart);
}

Evaluated Evaluator::applyDecoupleCast(const Evaluated &value, const Evaluated &cast,
                                       qsizetype offset)
{
    Evaluated v = requirePy(value, offset);
    if (!v.ok())
        return v;
    const PyValue c = Ops::concrete(v.value.py, m_profile);
    if (cast.value.kind == Value::Kind::Function && cast.value.helper) {
        // cast=lambda v: [...] or a helper the file defines: called with the default.
        Arguments args;
        args.positional.append(Evaluated::of(Value::python(v.value.py)));
        return callHelper(*cast.value.helper, args, offset);
    }
    if (cast.value.kind == Value::Kind::Function) {
        const QString &path = cast.value.path;
        if (path == QLatin1String("builtins.bool")) {
            // python-decouple's own table, applied to str(value).lower()
            const QString s = Py::str(c).toLower();
            static const QStringList yes = {QStringLiteral("1"), QStringLiteral("yes"),
                                            QStringLiteral("true"), QStringLiteral("on")};
            static const QStringList no
                    = {QStringLiteral("0"), QStringLiteral("no"), QStringLiteral("false"),
                       QStringLiteral("off"), QString()};
            if (yes.contains(s))
                return Evaluated::of(Value::python(PyValue::boolean(true)));
            if (no.contains(s))
                return Evaluated::of(Value::python(PyValue::boolean(false)));
            return Evaluated::raised(
                    QStringLiteral("ValueError: Not a boolean: %1").arg(Py::str(c)), offset);
        }
        if (path == QLatin1String("builtins.int") || path == QLatin1String("builtins.str")
            || path == QLatin1String("builtins.float") || path == QLatin1String("builtins.list")
            || path == QLatin1String("builtins.tuple")) {
            Arguments args;
            args.positional.append(Evaluated::of(Value::python(v.value.py)));
            return callBuiltin(path.mid(9), args, offset);
        }
        return Evaluated::unsupported(tr("cast=%1 is not applied by the reader")
                                              .arg(path.mid(path.lastIndexOf(u'.') + 1)),
                                      offset);
    }
    if (cast.value.kind == Value::Kind::Csv) {
        const QList<PyValue> &options = cast.value.py.items();
        const QString delimiter = options.at(1).items().at(1).text();
        const QString stripChars = options.at(2).items().at(1).text();
        const bool asTuple = options.at(3).items().at(1).text() == QLatin1String("tuple");
        QList<PyValue> parts;
        if (!c.isNone()) {
            if (!c.isStr())
                return Evaluated::unsupported(
                        tr("Csv() of a %1 is not evaluated").arg(Ops::typeName(c)), offset);
            const QString &text = c.text();
            for (QChar special : {u'"', u'\'', u'\\', u'#'}) {
                if (text.contains(special))
                    return Evaluated::unsupported(
                            tr("Csv() splits with shlex's quoting and comment "
                               "rules; a default containing quotes, backslashes "
                               "or '#' is not split by the reader"),
                            offset);
            }
            // shlex with whitespace = the delimiter characters: runs of delimiters separate
            // tokens, empty tokens vanish, then each token is stripped.
            QString token;
            auto flush = [&] {
                if (!token.isEmpty())
                    parts.append(PyValue::str(Ops::strip(token, stripChars, true, true)));
                token.clear();
            };
            for (QChar ch : text) {
                if (delimiter.contains(ch))
                    flush();
                else
                    token.append(ch);
            }
            flush();
        }
        return Evaluated::of(Value::python(asTuple ? PyValue::tuple(parts) : PyValue::list(parts)));
    }
    return Evaluated::unsupported(tr("this cast= is not applied by the reader"), offset);
}

Evaluated Evaluator::subscript(const Evaluated &base, const Node &subscriptNode)
{
    if (base.value.kind == Value::Kind::Module && base.value.path == QLatin1String("os.environ"))
        return Evaluated::unsupported(tr("os.environ[...] has no default: its value comes from the "
                                         "environment when Django starts"),
                                      subscriptNode.start);
    if (!base.value.isPy())
        return requirePy(base, subscriptNode.start);
    Evaluated index = requirePy(evaluate(subscriptNode.children.first()), subscriptNode.start);
    if (!index.ok())
        return index;
    const PyValue container = Ops::concrete(base.value.py, m_profile);
    const PyValue &key = index.value.py;
    const QString type = Ops::typeName(container);
    if (container.kind() == PyValue::Kind::Dict) {
        const auto hash = Ops::hashKey(key, m_profile);
        if (!hash)
            return Evaluated::raised(
                    typeError(QStringLiteral("unhashable type: '%1'").arg(Ops::typeName(key))),
                    subscriptNode.start);
        for (const PyValue &pair : container.items()) {
            if (Ops::hashKey(pair.items().at(0), m_profile) == hash)
                return Evaluated::of(Value::python(pair.items().at(1)));
        }
        return Evaluated::raised(QStringLiteral("KeyError: ")
                                         + Py::repr(Ops::concrete(key, m_profile)),
                                 subscriptNode.start);
    }
    const bool sequence = container.isStr() || container.kind() == PyValue::Kind::List
            || container.kind() == PyValue::Kind::Tuple;
    if (!sequence)
        return Evaluated::raised(
                typeError(QStringLiteral("'%1' object is not subscriptable").arg(type)),
                subscriptNode.start);
    if (!Py::isInt(key))
        return Evaluated::raised(
                typeError(QStringLiteral("%1 indices must be integers or slices, not %2")
                                  .arg(container.isStr() ? QStringLiteral("string") : type,
                                       Ops::typeName(key))),
                subscriptNode.start);
    const QList<PyValue> items = container.isStr()
            ? *Ops::spliceItems(container, m_profile, nullptr)
            : container.items();
    const auto i = key.toInt64();
    const qint64 n = items.size();
    if (!i || *i >= n || *i < -n)
        return Evaluated::raised(QStringLiteral("IndexError: %1 index out of range")
                                         .arg(container.isStr() ? QStringLiteral("string") : type),
                                 subscriptNode.start);
    PyValue item = items.at(*i < 0 ? *i + n : *i);
    if (base.value.py.isDynamic())
        item.setDynamicSource(sourceText(subscriptNode.start, subscriptNode.end));
    return Evaluated::of(Value::python(item));
}

Evaluated Evaluator::callMethod(Evaluated base, const QString &baseName, const QString &method,
                                const Node &callNode, qsizetype exprStart)
{
    Arguments args;
    Evaluated failure;
    if (!evaluateArguments(callNode, &args, &failure))
        return failure;
    for (Evaluated &arg : args.positional) {
        arg = requirePy(std::move(arg), callNode.start);
        if (!arg.ok())
            return arg;
    }
    for (auto &[name, arg] : args.keywords) {
        arg = requirePy(std::move(arg), callNode.start);
        if (!arg.ok())
            return arg;
    }
    const QString text = sourceText(exprStart, callNode.end);
    PyValue v = base.value.py;
    const bool dynamic = v.isDynamic() || args.anyDynamic();
    auto result = [&](PyValue out) {
        if (dynamic && out.dynamicSource().isEmpty())
            out.setDynamicSource(text);
        return Evaluated::of(Value::python(std::move(out)));
    };
    auto positional = [&](qsizetype i, const char *keyword) -> const PyValue * {
        if (i < args.positional.size())
            return &args.positional.at(i).value.py;
        if (const Evaluated *k = args.keyword(QLatin1String(keyword)))
            return &k->value.py;
        return nullptr;
    };
    auto argCount = [&] { return args.positional.size() + args.keywords.size(); };
    auto wrongArguments = [&] {
        return Evaluated::unsupported(
                tr("%1.%2() with these arguments is not read").arg(Ops::typeName(v), method),
                exprStart);
    };

    if (v.isStr()) {
        const QString &s = v.text();
        if (method == QLatin1String("split") || method == QLatin1String("rsplit")) {
            const PyValue *sep = positional(0, "sep");
            const PyValue *maxsplit = positional(1, "maxsplit");
            if ((sep && !sep->isNone() && !sep->isStr()) || (maxsplit && !Py::isInt(*maxsplit)))
                return wrongArguments();
            const qint64 limit = maxsplit ? maxsplit->toInt64().value_or(-1) : -1;
            if (method == QLatin1String("rsplit") && limit >= 0)
                return wrongArguments();
            const std::optional<QString> separator
                    = (sep && sep->isStr()) ? std::optional<QString>(sep->text()) : std::nullopt;
            Evaluated e = fromOp(Ops::split(s, separator, limit), exprStart);
            if (e.ok() && dynamic)
                e.value.py.setDynamicSource(text);
            return e;
        }
        if (method == QLatin1String("strip") || method == QLatin1String("lstrip")
            || method == QLatin1String("rstrip")) {
            const PyValue *chars = positional(0, "chars");
            if (argCount() > 1 || (chars && !chars->isNone() && !chars->isStr()))
                return wrongArguments();
            const std::optional<QString> set = (chars && chars->isStr())
                    ? std::optional<QString>(chars->text())
                    : std::nullopt;
            return result(PyValue::str(Ops::strip(s, set, method != QLatin1String("rstrip"),
                                                  method != QLatin1String("lstrip"))));
        }
        if ((method == QLatin1String("lower") || method == QLatin1String("upper"))
            && argCount() == 0)
            return result(
                    PyValue::str(method == QLatin1String("lower") ? s.toLower() : s.toUpper()));
        if (method == QLatin1String("replace")) {
            const PyValue *from = positional(0, "old");
            const PyValue *to = positional(1, "new");
            if (argCount() != 2 || !from || !to || !from->isStr() || !to->isStr()
                || from->text().isEmpty())
                return wrongArguments();
            QString out = s;
            out.replace(from->text(), to->text());
            return result(PyValue::str(out));
        }
        if (method == QLatin1String("join")) {
            if (args.positional.size() != 1 || !args.keywords.isEmpty())
                return wrongArguments();
            QString error;
            const auto joined
                    = Py::join(s, Ops::concrete(args.positional.at(0).value.py, m_profile), &error);
            if (!joined)
                return Evaluated::raised(error, exprStart);
            return result(PyValue::str(*joined));
        }
        return Evaluated::unsupported(tr("str.%1() is not evaluated by the reader").arg(method),
                                      exprStart);
    }

    const bool isList = v.kind() == PyValue::Kind::List;
    const bool isSet = v.kind() == PyValue::Kind::Set;
    const bool isDict = v.kind() == PyValue::Kind::Dict;
    if (!isList && !isSet && !isDict)
        return Evaluated::unsupported(
                tr("%1.%2() is not evaluated by the reader").arg(Ops::typeName(v), method),
                exprStart);

    if (method == QLatin1String("copy") && argCount() == 0)
        return result(v);
    if (isDict && method == QLatin1String("get")) {
        const PyValue *key = positional(0, "key");
        const PyValue *fallback = positional(1, "default");
        if (!key || argCount() > 2)
            return wrongArguments();
        for (const PyValue &pair : v.items()) {
            if (Ops::hashKey(pair.items().at(0), m_profile) == Ops::hashKey(*key, m_profile))
                return result(pair.items().at(1));
        }
        return result(fallback ? *fallback : PyValue::none());
    }
    if (isSet && method == QLatin1String("union")) {
        QList<PyValue> all = v.items();
        for (const Evaluated &arg : std::as_const(args.positional)) {
            QString exception;
            const auto items = Ops::spliceItems(arg.value.py, m_profile, &exception);
            if (!items)
                return Evaluated::raised(exception, exprStart);
            if (all.size() + items->size() > SettingsReadLimits::MaxValueLength)
                return valueTooLarge(exprStart);
            all += *items;
        }
        Evaluated e = fromOp(Ops::makeSet(all, m_profile), exprStart);
        if (e.ok() && dynamic)
            e.value.py.setDynamicSource(text);
        return e;
    }

    // In-place changes: the named object changes for every name bound to it.
    PyValue changed;
    const QString type = Ops::typeName(v);
    if (isList && hasStarredItem(v) && method != QLatin1String("append")
        && method != QLatin1String("extend") && method != QLatin1String("clear"))
        v = Ops::concrete(v, m_profile); // positions and membership need the real items
    if (isList && method == QLatin1String("append") && args.positional.size() == 1
        && args.keywords.isEmpty()) {
        if (v.items().size() >= SettingsReadLimits::MaxValueLength)
            return valueTooLarge(exprStart);
        changed = PyValue::list(v.items() + QList<PyValue> {args.positional.at(0).value.py});
    } else if (isList && method == QLatin1String("extend") && args.positional.size() == 1
               && args.keywords.isEmpty()) {
        QString exception;
        const auto items = Ops::spliceItems(args.positional.at(0).value.py, m_profile, &exception);
        if (!items)
            return Evaluated::raised(exception, exprStart);
        if (v.items().size() + items->size() > SettingsReadLimits::MaxValueLength)
            return valueTooLarge(exprStart);
        changed = PyValue::list(v.items() + *items);
    } else if (isList && method == QLatin1String("insert") && args.positional.size() == 2) {
        const PyValue &where = args.positional.at(0).value.py;
        if (!Py::isInt(where))
            return Evaluated::raised(
                    typeError(QStringLiteral("'%1' object cannot be interpreted as an integer")
                                      .arg(Ops::typeName(where))),
                    exprStart);
        QList<PyValue> items = v.items();
        const qint64 n = items.size();
        qint64 i = where.toInt64().value_or(n);
        if (i < 0)
            i = std::max<qint64>(0, i + n);
        i = std::min(i, n);
        items.insert(i, args.positional.at(1).value.py);
        changed = PyValue::list(items);
    } else if ((isList || isSet)
               && (method == QLatin1String("remove") || method == QLatin1String("discard"))
               && args.positional.size() == 1 && !(isList && method == QLatin1String("discard"))) {
        const PyValue &needle = args.positional.at(0).value.py;
        const auto key = Ops::hashKey(needle, m_profile);
        QList<PyValue> items = v.items();
        qsizetype found = -1;
        for (qsizetype i = 0; i < items.size() && found < 0; ++i) {
            if (key ? Ops::hashKey(items.at(i), m_profile) == key : items.at(i) == needle)
                found = i;
        }
        if (found < 0 && method == QLatin1String("remove"))
            return Evaluated::raised(
                    isList ? QStringLiteral("ValueError: list.remove(x): x not in list")
                           : QStringLiteral("KeyError: ")
                                    + Py::repr(Ops::concrete(needle, m_profile)),
                    exprStart);
        if (found >= 0)
            items.removeAt(found);
        changed = isList ? PyValue::list(items) : PyValue::set(items);
    } else if (method == QLatin1String("clear") && argCount() == 0) {
        changed = isList ? PyValue::list() : isSet ? PyValue::set() : PyValue::dict();
    } else if (isSet && (method == QLatin1String("add") || method == QLatin1String("update"))
               && args.keywords.isEmpty()
               && (method == QLatin1String("update") || args.positional.size() == 1)) {
        QList<PyValue> all = v.items();
        if (method == QLatin1String("add")) {
            if (all.size() >= SettingsReadLimits::MaxValueLength)
                return valueTooLarge(exprStart);
            all.append(args.positional.at(0).value.py);
        } else {
            for (const Evaluated &arg : std::as_const(args.positional)) {
                QString exception;
                const auto items = Ops::spliceItems(arg.value.py, m_profile, &exception);
                if (!items)
                    return Evaluated::raised(exception, exprStart);
                if (all.size() + items->size() > SettingsReadLimits::MaxValueLength)
                    return valueTooLarge(exprStart);
                all += *items;
            }
        }
        Evaluated e = fromOp(Ops::makeSet(all, m_profile), exprStart);
        if (!e.ok())
            return e;
        changed = e.value.py;
    } else if (isDict && method == QLatin1String("update") && args.positional.size() <= 1) {
        QList<std::pair<PyValue, PyValue>> pairs;
        for (const PyValue &pair : v.items())
            pairs.append({pair.items().at(0), pair.items().at(1)});
        if (!args.positional.isEmpty()) {
            const PyValue &other = args.positional.at(0).value.py;
            if (other.kind() != PyValue::Kind::Dict)
                return Evaluated::unsupported(
                        tr("dict.update() of a %1 is not read").arg(Ops::typeName(other)),
                        exprStart);
            for (const PyValue &pair : other.items())
                pairs.append({pair.items().at(0), pair.items().at(1)});
        }
        for (const auto &[key, value] : args.keywords)
            pairs.append({PyValue::str(key), value.value.py});
        Evaluated e = fromOp(Ops::makeDict(pairs, m_profile), exprStart);
        if (!e.ok())
            return e;
        changed = e.value.py;
    } else {
        return Evaluated::unsupported(
                tr("%1.%2() is not evaluated by the reader").arg(type, method), exprStart);
    }
    if (dynamic && changed.dynamicSource().isEmpty())
        changed.setDynamicSource(text);

    if (!baseName.isEmpty() && base.object) {
        if (Binding *binding = m_scope.findForChange(baseName)) {
            if (binding->object->copiedInto)
                m_notes.append(
                        {SettingsMessage::Severity::Warning, exprStart,
                         tr("%1 was placed inside another value earlier; in Python that value "
                            "sees this change too, the reader's copy does not")
                                 .arg(baseName),
                         true});
            binding->object->value = Value::python(changed);
            m_changedNames.append(baseName);
        }
    }
    return Evaluated::of(Value::python(PyValue::none()));
}

} // namespace Cors::Settings
