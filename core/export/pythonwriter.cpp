// SPDX-License-Identifier: MIT
#include "export/pythonwriter.h"

#include "python/pysemantics.h"
#include "python/pytokenizer.h"
#include "python/settingsreader.h"

#include <cmath>

namespace Cors {

namespace {

constexpr int lineWidth = 80;

// One expression and nothing else: no second statement (";" or a line break), no assignment
// (at the top level, or a walrus anywhere).
bool isSingleExpression(const QString &source)
{
    using namespace Py;
    if (source.contains(u'\n') || source.contains(u'\r'))
        return false;
    Tokenizer tokenizer(source);
    int depth = 0;
    for (Token token = tokenizer.next(); token.type != TokenType::EndMarker;
         token = tokenizer.next()) {
        switch (token.type) {
        case TokenType::Error:
        case TokenType::Indent:
        case TokenType::Dedent:
            return false;
        case TokenType::Op:
            switch (token.op) {
            case Op::LPar:
            case Op::LSqb:
            case Op::LBrace:
                ++depth;
                break;
            case Op::RPar:
            case Op::RSqb:
            case Op::RBrace:
                --depth;
                break;
            case Op::Semi:
            case Op::ColonEqual:
                return false;
            case Op::Equal:
                if (depth == 0)
                    return false; // keyword arguments are fine, assignments are not
                break;
            default:
                // Augmented assignments (+=, ...) are statements.
                if (tokenizer.text(token).size() >= 2 && tokenizer.text(token).endsWith(u'=')
                    && token.op != Op::EqEqual && token.op != Op::NotEqual
                    && token.op != Op::LessEqual && token.op != Op::GreaterEqual)
                    return false;
                break;
            }
            break;
        default:
            break;
        }
    }
    return depth == 0;
}

// An environment read is written back only when it is one expression and reading it again
// gives the very same value: the source text then cannot smuggle anything else into the file.
bool isReproducibleEnvRead(const PyValue &value)
{
    const QString &source = value.dynamicSource();
    if (!source.startsWith(QLatin1String("os.environ"))
        && !source.startsWith(QLatin1String("os.getenv(")))
        return false;
    if (!isSingleExpression(source))
        return false;
    const QByteArray probe = "import os\nCORS_EXPOSE_HEADERS = " + source.toUtf8() + '\n';
    const SettingsReadResult read = readDjangoSettings(probe);
    const PyValue *back = read.policy.value(SettingId::ExposeHeaders);
    return read.ok && back && *back == value;
}

QString floatLiteral(double d)
{
    if (std::isnan(d))
        return QStringLiteral("float(\"nan\")");
    if (std::isinf(d))
        return d > 0 ? QStringLiteral("float(\"inf\")") : QStringLiteral("-float(\"inf\")");
    return Py::reprFloat(d);
}

QString patternFlags(int flags)
{
    static const std::pair<int, const char *> names[] = {
            {PyReFlag::IgnoreCase, "re.IGNORECASE"}, {PyReFlag::Locale, "re.LOCALE"},
            {PyReFlag::Multiline, "re.MULTILINE"},   {PyReFlag::DotAll, "re.DOTALL"},
            {PyReFlag::Unicode, "re.UNICODE"},       {PyReFlag::Verbose, "re.VERBOSE"},
            {PyReFlag::Debug, "re.DEBUG"},           {PyReFlag::Ascii, "re.ASCII"},
            {PyReFlag::Template, "re.TEMPLATE"},
    };
    QStringList parts;
    for (const auto &[bit, name] : names) {
        if (flags & bit) {
            parts.append(QString::fromLatin1(name));
            flags &= ~bit;
        }
    }
    if (flags)
        parts.append(QString::number(flags));
    return parts.join(QStringLiteral(" | "));
}

QString sequenceLiteral(const PyValue &value, PythonImports &imports, bool regexes, int indent)
{
    QChar open = u'[';
    QChar close = u']';
    if (value.kind() == PyValue::Kind::Tuple) {
        open = u'(';
        close = u')';
    } else if (value.kind() == PyValue::Kind::Set || value.kind() == PyValue::Kind::Dict) {
        if (value.kind() == PyValue::Kind::Set && value.items().isEmpty())
            return QStringLiteral("set()");
        open = u'{';
        close = u'}';
    }
    const auto literal = [&](const PyValue &item) -> QString {
        if (value.kind() != PyValue::Kind::Dict)
            return pythonLiteral(item, imports, regexes, indent + 4);
        return pythonLiteral(item.items().value(0), imports, regexes, indent + 4)
                + QStringLiteral(": ")
                + pythonLiteral(item.items().value(1), imports, regexes, indent + 4);
    };
    const QList<PyValue> &items = value.items();
    if (items.size() > 1) {
        // One item a line, written straight into a text sized for it: an allow-list of 100,000
        // origins would otherwise be held three times over (the items, the one-line form, the
        // lines) while it is written.
        const QString pad(indent + 4, u' ');
        qsizetype size = 2 + indent + 1;
        for (const PyValue &item : items)
            size += pad.size() + 3 + (item.isStr() ? item.text().size() + 2 : 16);
        QString out;
        out.reserve(size);
        out += open;
        out += u'\n';
        for (const PyValue &item : items)
            out += pad + literal(item) + QStringLiteral(",\n");
        out += QString(indent, u' ') + close;
        return out;
    }
    const QString item = items.isEmpty() ? QString() : literal(items.first());
    const bool oneTuple = value.kind() == PyValue::Kind::Tuple && items.size() == 1;
    const QString flat = open + item + (oneTuple ? QStringLiteral(",") : QString()) + close;
    if (items.isEmpty() || indent + flat.size() <= lineWidth)
        return flat;
    return open + u'\n' + QString(indent + 4, u' ') + item + QStringLiteral(",\n")
            + QString(indent, u' ') + close;
}

} // namespace

QString pythonRawString(const QString &text)
{
    for (const QChar c : text) {
        // Raw strings cannot hold line breaks; control and invisible characters read better
        // (and unambiguously) as escapes.
        const char16_t u = c.unicode();
        if (u < 0x20 || u == 0x7f || (u >= 0x80 && !Py::reprString(QString(c)).contains(c)))
            return QString();
    }
    qsizetype trailing = 0;
    while (trailing < text.size() && text.at(text.size() - 1 - trailing) == u'\\')
        ++trailing;
    if (trailing % 2 == 1)
        return QString(); // r"...\" would escape the closing quote
    if (!text.contains(u'"'))
        return QStringLiteral("r\"") + text + u'"';
    if (!text.contains(u'\''))
        return QStringLiteral("r'") + text + u'\'';
    return QString();
}

QString pythonLiteral(const PyValue &value, PythonImports &imports, bool regexes, int indent)
{
    QString out;
    if (value.isDynamic() && !value.dynamicSource().isEmpty() && isReproducibleEnvRead(value)) {
        imports.os = true;
        out = value.dynamicSource();
    } else {
        switch (value.kind()) {
        case PyValue::Kind::None:
        case PyValue::Kind::Bool:
        case PyValue::Kind::Int:
            out = Py::repr(value);
            break;
        case PyValue::Kind::Float:
            out = floatLiteral(value.floatValue());
            break;
        case PyValue::Kind::Str: {
            const QString raw = regexes && value.text().contains(u'\\')
                    ? pythonRawString(value.text())
                    : QString();
            out = raw.isEmpty() ? Py::reprString(value.text()) : raw;
            break;
        }
        case PyValue::Kind::Pattern: {
            imports.re = true;
            const QString raw = pythonRawString(value.text());
            const QString flags = patternFlags(value.patternFlags());
            out = QStringLiteral("re.compile(")
                    + (raw.isEmpty() ? Py::reprString(value.text()) : raw)
                    + (flags.isEmpty() ? QString() : QStringLiteral(", ") + flags) + u')';
            break;
        }
        case PyValue::Kind::DefaultHeaders:
            imports.defaultHeaders = true;
            out = QStringLiteral("default_headers");
            break;
        case PyValue::Kind::DefaultMethods:
            imports.defaultMethods = true;
            out = QStringLiteral("default_methods");
            break;
        case PyValue::Kind::List:
        case PyValue::Kind::Tuple:
        case PyValue::Kind::Set:
        case PyValue::Kind::Dict:
            out = sequenceLiteral(value, imports, regexes, indent);
            break;
        }
    }
    return value.isStarred() ? u'*' + out : out;
}

} // namespace Cors
