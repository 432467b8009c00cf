// SPDX-License-Identifier: MIT
#include "python/settingsmodule.h"

#include "stack/deployment.h"

#include "python/pysemantics.h"
#include "python/pytokenizer.h"
#include "python/settingsdisplay.h"
#include "python/settingsevaluator.h"
#include "python/settingsnames.h"
#include "python/settingsparser.h"
#include "python/settingsprescan.h"
#include "python/settingsscope.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>
#include <QSet>

#include <functional>

#include <algorithm>

namespace Cors::Settings {

namespace {

using Py::Op;
using Py::Token;
using Py::TokenType;
using Severity = SettingsMessage::Severity;

QString tr(const char *text)
{
    return QCoreApplication::translate("SettingsReader", text);
}

// Characters above which statements nothing refers to are only tokenized.
constexpr qsizetype PrescanThreshold = 256 * 1024;

enum class Mode {
    Taken,    ///< statements Python runs: they make the policy
    NotTaken, ///< the other side of an `if DEBUG:`: read into an overlay, only reported
    Skipped,  ///< bodies of other compound statements: scanned for assignments, not read
};

struct Context
{
    Mode mode = Mode::Taken;
    Scope *scope = nullptr;
    bool debugBranch = false;
    QString branchNote;         ///< NotTaken: which branch, appended to messages
    QString skippedStatement;   ///< Skipped: "the 'for' statement on line 12"
    bool functionScope = false; ///< Skipped: inside a def or class body
    bool quiet = false;         ///< Skipped: the code cannot run with the DEBUG value read
};

class ModuleReader
{
public:
    ModuleReader(const QString &text, const SettingsReadOptions &options)
        : m_text(text)
        , m_tokenizer(text)
        , m_parser(m_tokenizer)
        , m_options(options)
    { }

    SettingsReadResult read();
    /** Refuses settings with more entries than SettingsReadLimits::MaxSettingEntries. */
    void checkSettingSizes();

private:
    bool stopped() const { return m_parser.failed() || m_stopped; }
    void readBlock(const Context &ctx, bool nested);
    void readSimpleLine(const Context &ctx);
    bool atCompoundStart();
    void readCompound(const Context &ctx);
    bool readIf(const Context &ctx);
    qsizetype headerColon();
    struct Truth
    {
        bool value = false;
        QString why;        ///< for the branches not taken: "DEBUG off", "the condition is False"
        bool debug = false; ///< decided by DEBUG being on
    };
    Truth conditionTruth(int condition, const Context &ctx, int line, int column,
                         const QString &header, const QString &conditionText);
    /** conditionTruth() for a condition that environment reads decide. */
    Truth environmentTruth(int condition, const Scope &scope, const Evaluated &value, int line,
                           const QString &header, const QString &conditionText);
    /** What every evaluator of a statement read under @p ctx uses. */
    void prepare(Evaluator &evaluator, const Context &ctx);
    Truth decide(const QString &key, const QString &onLabel, const QString &offLabel,
                 bool defaultOn, int line, const QString &header, std::optional<bool> whenOn,
                 std::optional<bool> whenOff);
    void noteUnread(const Context &ctx, const QString &name, int line, const QString &reason);
    void collectUnread(SettingsReadResult &result) const;
    bool mentionsName(int node, const QString &name) const;
    bool consumeHeader();
    void readClauseBody(const Context &ctx, const QString &keyword, int headerLine);
    void skipCompound(const Context &ctx);
    void readHelperDefinition(const Context &ctx);
    void skimStatement(const Context &ctx);
    void taintName(const Context &ctx, const QString &name, const QString &reason, int line);

    void processStatement(const Statement &st, const Context &ctx);
    void processImport(const Statement &st, const Context &ctx);
    void processAssignment(const Statement &st, const Context &ctx);
    void processAugmentedAssignment(const Statement &st, const Context &ctx);
    void processExpression(const Statement &st, const Context &ctx);
    void processDelete(const Statement &st, const Context &ctx);
    void processUnsupported(const Statement &st, const Context &ctx);
    bool assignTarget(int target, const Evaluated &value, const Statement &st, const Context &ctx);
    void bindName(const QString &name, const Evaluated &value, int line, const Context &ctx);
    void reportNotes(const Evaluator &evaluator, const Context &ctx, bool concernsCors);
    bool handleFailure(const Evaluated &result, const QStringList &corsNames, const Statement &st,
                       const Context &ctx);
    void warnLookalikes(const QStringList &names, const Statement &st, const Context &ctx);
    QStringList corsTargets(const Statement &st);
    void collectNames(int node, QStringList *names) const;

    void add(Severity severity, int line, int column, const QString &text,
             std::optional<SettingId> setting = std::nullopt);
    void addAt(Severity severity, qsizetype offset, const QString &text,
               std::optional<SettingId> setting = std::nullopt);
    static std::optional<SettingId> firstSetting(const QStringList &names);
    bool isCors(const QString &name);

    const QString &m_text;
    Py::Tokenizer m_tokenizer;
    Parser m_parser;
    SettingsReadOptions m_options;
    Scope m_scope;
    Ast m_ast;
    QList<SettingsMessage> m_messages;
    bool m_stopped = false;
    QSet<qsizetype> m_unreferenced;   // statements only tokenized, see unreferencedAssignments()
    QHash<QString, bool> m_corsNames; // isCorsRelatedName, cached: asked for every target
    QList<UnreadSetting> m_unreadEvents;
    QList<SettingsDecision> m_decisions;
    QSet<QString> m_setVariables; // env:NAME assumed on: NAME is set
    int m_headerColumn = 0;       // of the `if` conditionTruth() decides
};

bool ModuleReader::isCors(const QString &name)
{
    const auto it = m_corsNames.constFind(name);
    if (it != m_corsNames.cend())
        return *it;
    const bool cors = isCorsRelatedName(name);
    m_corsNames.insert(name, cors);
    return cors;
}

void ModuleReader::add(Severity severity, int line, int column, const QString &text,
                       std::optional<SettingId> setting)
{
    SettingsMessage message;
    message.severity = severity;
    message.line = line;
    message.column = column;
    message.text = text;
    message.setting = setting;
    m_messages.append(message);
}

void ModuleReader::addAt(Severity severity, qsizetype offset, const QString &text,
                         std::optional<SettingId> setting)
{
    add(severity, m_tokenizer.lineAt(offset), m_tokenizer.columnAt(offset), text, setting);
}

std::optional<SettingId> ModuleReader::firstSetting(const QStringList &names)
{
    for (const QString &name : names) {
        if (const auto id = settingFromName(name))
            return id;
    }
    return std::nullopt;
}

void ModuleReader::checkSettingSizes()
{
    // The engine, the checks and the editor hold every entry; past this they would take
    // seconds per request and the GUI would freeze, so the file is refused instead.
    if (stopped())
        return;
    for (SettingId id : allSettings()) {
        const Binding *binding = m_scope.find(settingName(id));
        if (!binding || !binding->object->value.isPy())
            continue;
        const PyValue &value = binding->object->value.py;
        qsizetype size = 0;
        switch (value.kind()) {
        case PyValue::Kind::List:
        case PyValue::Kind::Tuple:
        case PyValue::Kind::Set:
        case PyValue::Kind::Dict:
            size = value.items().size();
            break;
        default:
            break;
        }
        if (size > SettingsReadLimits::MaxSettingEntries) {
            add(Severity::Error, binding->line, 0,
                tr("%1 has %2 entries, more than the %3 CORS Studio reads for one setting "
                   "(docs/limits.md)")
                        .arg(settingName(id))
                        .arg(size)
                        .arg(SettingsReadLimits::MaxSettingEntries),
                id);
            m_stopped = true;
        }
    }
}

SettingsReadResult ModuleReader::read()
{
    // Small files are read whole; the shortcut only pays for itself on big ones.
    if (m_text.size() > PrescanThreshold)
        m_unreferenced = unreferencedAssignments(m_text);
    for (auto it = m_options.assumptions.cbegin(); it != m_options.assumptions.cend(); ++it) {
        if (it.value() && it.key().startsWith(QLatin1String("env:")))
            m_setVariables.insert(it.key().mid(4));
    }
    Context ctx;
    ctx.scope = &m_scope;
    readBlock(ctx, false);

    SettingsReadResult result;
    result.policy = Policy(m_options.profile);
    if (m_parser.failed()) {
        const Py::SourceError &error = m_parser.error();
        add(Severity::Error, error.line, error.column, error.message);
    }
    checkSettingSizes();
    result.ok = !stopped();
    if (result.ok) {
        for (SettingId id : allSettings()) {
            const Binding *binding = m_scope.find(settingName(id));
            if (!binding || !binding->object->value.isPy())
                continue;
            const PyValue &value = binding->object->value.py;
            result.policy.setValue(id, value);
            ReadSetting read;
            read.id = id;
            read.line = binding->line;
            read.dynamic = value.isDynamic();
            read.debugBranch = binding->debugBranch;
            result.read.append(read);
        }
        for (const QString &name : stackSettingNames()) {
            const Binding *binding = m_scope.find(name);
            if (!binding)
                continue;
            if (binding->object->value.isPy()) {
                result.djangoSettings.insert(name, binding->object->value.py);
                result.djangoSettingLines.insert(name, binding->line);
            } else {
                const Value &v = binding->object->value;
                result.unreadDjangoSettings.insert(
                        name,
                        tr("%1 on line %2 could not be read: %3")
                                .arg(name)
                                .arg(binding->line)
                                .arg(v.kind == Value::Kind::Unknown ? v.reason : v.path));
            }
        }
        std::stable_sort(
                result.read.begin(), result.read.end(),
                [](const ReadSetting &a, const ReadSetting &b) { return a.line < b.line; });
        collectUnread(result);
    }
    result.decisions = m_decisions;
    std::stable_sort(
            m_messages.begin(), m_messages.end(),
            [](const SettingsMessage &a, const SettingsMessage &b) { return a.line < b.line; });
    result.messages = std::move(m_messages);
    return result;
}

void ModuleReader::noteUnread(const Context &ctx, const QString &name, int line,
                              const QString &reason)
{
    if (ctx.functionScope)
        return;
    if (ctx.mode == Mode::NotTaken || (ctx.mode == Mode::Skipped && ctx.quiet))
        return;
    if (const auto id = settingFromName(name))
        m_unreadEvents.append({*id, line, reason});
}

void ModuleReader::collectUnread(SettingsReadResult &result) const
{
    // A setting is unread when the last thing that happened to it could not be read: an
    // assignment later in the file that was read replaces an earlier unread one.
    QHash<SettingId, UnreadSetting> last;
    for (const UnreadSetting &event : m_unreadEvents)
        last.insert(event.id, event);
    for (SettingId id : allSettings()) {
        const Binding *binding = m_scope.find(settingName(id));
        const bool readLater = binding && binding->object->value.isPy() && binding->taint.isEmpty();
        if (const auto it = last.constFind(id); it != last.cend()) {
            if (readLater && binding->line > it->line)
                continue;
            result.unread.append(*it);
        } else if (binding && !binding->object->value.isPy()) {
            const Value &v = binding->object->value;
            result.unread.append(
                    {id, binding->line, v.kind == Value::Kind::Unknown ? v.reason : v.path});
        } else if (binding && !binding->taint.isEmpty()) {
            result.unread.append({id, binding->line, binding->taint});
        }
    }
    std::stable_sort(
            result.unread.begin(), result.unread.end(),
            [](const UnreadSetting &a, const UnreadSetting &b) { return a.line < b.line; });
}

// --- module structure -----------------------------------------------------------------------

void ModuleReader::readBlock(const Context &ctx, bool nested)
{
    for (;;) {
        if (stopped())
            return;
        const Token t = m_parser.peek();
        switch (t.type) {
        case TokenType::EndMarker:
        case TokenType::Error:
            return;
        case TokenType::Dedent:
            m_parser.take();
            if (nested)
                return;
            continue;
        case TokenType::Indent: {
            m_parser.take();
            const Token next = m_parser.peek();
            m_parser.failAtLineColumn(tr("unexpected indent"), next.line,
                                      std::max(1, m_tokenizer.columnAt(next.start) - 1));
            return;
        }
        case TokenType::Newline:
            m_parser.take();
            continue;
        default:
            break;
        }
        if (atCompoundStart()) {
            readCompound(ctx);
            continue;
        }
        if (m_parser.isName(t, "elif") || m_parser.isName(t, "else") || m_parser.isName(t, "except")
            || m_parser.isName(t, "finally")) {
            m_parser.invalidSyntax(t.start);
            return;
        }
        readSimpleLine(ctx);
    }
}

void ModuleReader::readSimpleLine(const Context &ctx)
{
    for (;;) {
        if (ctx.mode == Mode::Skipped) {
            skimStatement(ctx);
        } else if (m_unreferenced.contains(m_parser.peek().start)) {
            m_parser.skipStatement();
        } else {
            m_ast.clear();
            const Statement st = m_parser.parseSimpleStatement(m_ast);
            if (m_parser.failed())
                return;
            processStatement(st, ctx);
        }
        if (stopped())
            return;
        if (!m_parser.isOp(m_parser.peek(), Op::Semi))
            break;
        m_parser.take();
        const Token &next = m_parser.peek();
        if (next.type == TokenType::Newline || next.type == TokenType::EndMarker)
            break;
    }
    const Token &end = m_parser.peek();
    if (end.type == TokenType::Newline)
        m_parser.take();
    else if (end.type != TokenType::EndMarker && end.type != TokenType::Error)
        m_parser.invalidSyntax(end.start);
}

bool ModuleReader::atCompoundStart()
{
    const Token &t = m_parser.peek();
    if (m_parser.isOp(t, Op::At))
        return true;
    if (t.type != TokenType::Name)
        return false;
    static const char *const keywords[]
            = {"if", "for", "while", "with", "try", "def", "class", "async"};
    for (const char *keyword : keywords) {
        if (m_parser.isName(t, keyword))
            return true;
    }
    if (!m_parser.isName(t, "match"))
        return false;
    // `match` is a soft keyword: a statement only when the line is `match subject:`.
    const Token &second = m_parser.peek(1);
    if (second.type == TokenType::Newline || second.type == TokenType::EndMarker
        || (second.type == TokenType::Op && second.op != Op::LPar && second.op != Op::LSqb
            && second.op != Op::LBrace && second.op != Op::Minus && second.op != Op::Star
            && second.op != Op::Tilde))
        return false;
    int depth = 0;
    for (int k = 1;; ++k) {
        const Token &u = m_parser.peek(k);
        if (u.type == TokenType::Newline || u.type == TokenType::EndMarker
            || u.type == TokenType::Error)
            return false;
        if (u.type != TokenType::Op)
            continue;
        if (u.op == Op::LPar || u.op == Op::LSqb || u.op == Op::LBrace)
            ++depth;
        else if (u.op == Op::RPar || u.op == Op::RSqb || u.op == Op::RBrace)
            --depth;
        else if (depth == 0 && u.op == Op::Colon)
            return m_parser.peek(k + 1).type == TokenType::Newline;
    }
}

void ModuleReader::readCompound(const Context &ctx)
{
    if (ctx.mode != Mode::Skipped && m_parser.isName(m_parser.peek(), "if") && readIf(ctx))
        return;
    if (ctx.mode != Mode::Skipped && !ctx.functionScope
        && m_parser.isName(m_parser.peek(), "def")) {
        readHelperDefinition(ctx);
        return;
    }
    skipCompound(ctx);
}

void ModuleReader::readHelperDefinition(const Context &ctx)
{
    // def NAME(a, b=DEFAULT): [docstring] [NAME = EXPRESSION ...] return EXPRESSION -- a helper
    // the settings call. Anything else (other statements, *args, decorators) is skipped as
    // before.
    const Token defToken = m_parser.peek();
    const Token nameToken = m_parser.peek(1);
    auto helper = std::make_shared<HelperFunction>();
    QStringList defaultTexts;
    bool ok = nameToken.type == TokenType::Name && m_parser.isOp(m_parser.peek(2), Op::LPar);
    int k = 3;
    // Tokens up to one of @p stops at bracket depth 0; their source text.
    auto until = [&](std::initializer_list<Op> stops, QString *text) {
        int depth = 0;
        qsizetype start = -1;
        qsizetype end = -1;
        for (;; ++k) {
            const Token t = m_parser.peek(k);
            if (t.type == TokenType::Newline || t.type == TokenType::EndMarker
                || t.type == TokenType::Error || t.type == TokenType::Indent
                || t.type == TokenType::Dedent)
                return false;
            if (t.type == TokenType::Op) {
                bool stop = false;
                for (Op op : stops)
                    stop = stop || (depth == 0 && t.op == op);
                if (stop) {
                    if (text && start >= 0)
                        *text = m_tokenizer.text(start, end).toString();
                    return start >= 0 || !text;
                }
                if (t.op == Op::LPar || t.op == Op::LSqb || t.op == Op::LBrace)
                    ++depth;
                else if (t.op == Op::RPar || t.op == Op::RSqb || t.op == Op::RBrace)
                    --depth;
            }
            if (start < 0)
                start = t.start;
            end = t.end;
        }
    };
    while (ok && !m_parser.isOp(m_parser.peek(k), Op::RPar)) {
        const Token p = m_parser.peek(k);
        if (p.type != TokenType::Name || Py::isKeyword(m_tokenizer.text(p))) {
            ok = false;
            break;
        }
        helper->parameters.append(m_tokenizer.name(p));
        ++k;
        if (m_parser.isOp(m_parser.peek(k), Op::Colon)) { // annotation
            ++k;
            ok = until({Op::Comma, Op::RPar, Op::Equal}, nullptr);
        }
        if (ok && m_parser.isOp(m_parser.peek(k), Op::Equal)) {
            ++k;
            QString text;
            ok = until({Op::Comma, Op::RPar}, &text);
            defaultTexts.append(text);
        } else if (!defaultTexts.isEmpty()) {
            ok = false; // a parameter without default after one with: Python's SyntaxError
        }
        if (ok && m_parser.isOp(m_parser.peek(k), Op::Comma))
            ++k;
    }
    if (ok) {
        ++k; // )
        if (m_parser.isOp(m_parser.peek(k), Op::RArrow)) {
            ++k;
            ok = until({Op::Colon}, nullptr);
        }
        ok = ok && m_parser.isOp(m_parser.peek(k), Op::Colon);
        ++k;
    }
    bool block = false;
    if (ok && m_parser.peek(k).type == TokenType::Newline) {
        block = true;
        ok = m_parser.peek(k + 1).type == TokenType::Indent;
        k += 2;
        if (ok && m_parser.peek(k).type == TokenType::String
            && m_parser.peek(k + 1).type == TokenType::Newline)
            k += 2; // the docstring
    }
    // The source of the expression from token k to the end of its line; k stops at the line
    // break.
    auto toLineEnd = [&](QString *text) {
        const Token first = m_parser.peek(k);
        qsizetype end = first.start;
        int depth = 0;
        for (;; ++k) {
            const Token t = m_parser.peek(k);
            if (t.type == TokenType::Error || t.type == TokenType::EndMarker)
                return false;
            if (t.type == TokenType::Newline || (depth == 0 && m_parser.isOp(t, Op::Semi)))
                break;
            if (t.type == TokenType::Op) {
                if (t.op == Op::LPar || t.op == Op::LSqb || t.op == Op::LBrace)
                    ++depth;
                else if (t.op == Op::RPar || t.op == Op::RSqb || t.op == Op::RBrace)
                    --depth;
            }
            end = t.end;
        }
        *text = m_tokenizer.text(first.start, end).toString();
        return end > first.start && m_parser.peek(k).type == TokenType::Newline;
    };
    // An indented body may name values first (`value = os.environ.get(name, default)`), one
    // plain assignment per line, then return.
    while (ok && block && m_parser.peek(k).type == TokenType::Name
           && !Py::isKeyword(m_tokenizer.text(m_parser.peek(k)))
           && m_parser.isOp(m_parser.peek(k + 1), Op::Equal)) {
        const QString local = m_tokenizer.name(m_parser.peek(k));
        k += 2;
        QString text;
        ok = toLineEnd(&text) && helper->locals.size() < 32;
        ++k; // the line break
        helper->locals.append({local, text});
    }
    if (ok && m_parser.isName(m_parser.peek(k), "return")) {
        ++k;
        QString text;
        ok = toLineEnd(&text);
        // The return is the whole body: an indented body ends right after it.
        if (ok && block)
            ok = m_parser.peek(k + 1).type == TokenType::Dedent;
        helper->body = ok ? text : QString();
    } else {
        ok = false;
    }
    skipCompound(ctx);
    if (!ok || stopped())
        return;
    for (const QString &text : std::as_const(defaultTexts)) {
        const Evaluated value = Evaluator::evaluateSource(text, *ctx.scope, m_options.profile,
                                                          &m_setVariables, defToken.start);
        if (!value.ok() || !value.value.isPy())
            return;
        helper->defaults.append(value.value.py);
    }
    helper->name = m_tokenizer.name(nameToken);
    helper->line = defToken.line;
    Binding binding;
    binding.object = std::make_shared<Object>();
    binding.object->value = Value::function(QStringLiteral("helper"));
    binding.object->value.helper = helper;
    binding.line = defToken.line;
    ctx.scope->bind(helper->name, binding);
    add(Severity::Info, defToken.line, m_tokenizer.columnAt(defToken.start),
        tr("%1() on line %2 computes what it returns from its arguments: calls to it are read")
                .arg(helper->name)
                .arg(defToken.line));
}

bool ModuleReader::consumeHeader()
{
    int depth = 0;
    int lambdas = 0;
    for (;;) {
        const Token t = m_parser.peek();
        if (t.type == TokenType::Error)
            return false;
        if (t.type == TokenType::Newline || t.type == TokenType::EndMarker) {
            m_parser.failAt(tr("expected ':'"), t.start);
            return false;
        }
        m_parser.take();
        if (m_parser.isName(t, "lambda") && depth == 0) {
            ++lambdas;
        } else if (t.type == TokenType::Op) {
            if (t.op == Op::LPar || t.op == Op::LSqb || t.op == Op::LBrace)
                ++depth;
            else if (t.op == Op::RPar || t.op == Op::RSqb || t.op == Op::RBrace)
                --depth;
            else if (t.op == Op::Colon && depth == 0) {
                if (lambdas == 0)
                    return true;
                --lambdas;
            }
        }
    }
}

void ModuleReader::readClauseBody(const Context &ctx, const QString &keyword, int headerLine)
{
    if (m_parser.peek().type != TokenType::Newline) {
        readSimpleLine(ctx); // `if x: a = 1; b = 2`
        return;
    }
    m_parser.take();
    const Token next = m_parser.peek();
    if (next.type == TokenType::Error)
        return;
    if (next.type != TokenType::Indent) {
        const QString what = keyword == QLatin1String("def") ? tr("function definition")
                : keyword == QLatin1String("class")          ? tr("class definition")
                                                             : tr("'%1' statement").arg(keyword);
        m_parser.failAtLineColumn(
                tr("expected an indented block after %1 on line %2").arg(what).arg(headerLine),
                next.line, m_tokenizer.columnAt(next.start));
        return;
    }
    m_parser.take();
    readBlock(ctx, true);
}

qsizetype ModuleReader::headerColon()
{
    // The ':' that ends the header of the compound statement at peek(): not one inside brackets
    // or ending a lambda. -1 when the line has none (consumeHeader() then reports it).
    int depth = 0;
    int lambdas = 0;
    for (int k = 1;; ++k) {
        const Token t = m_parser.peek(k);
        if (t.type == TokenType::Error || t.type == TokenType::Newline
            || t.type == TokenType::EndMarker)
            return -1;
        if (m_parser.isName(t, "lambda") && depth == 0) {
            ++lambdas;
        } else if (t.type == TokenType::Op) {
            if (t.op == Op::LPar || t.op == Op::LSqb || t.op == Op::LBrace)
                ++depth;
            else if (t.op == Op::RPar || t.op == Op::RSqb || t.op == Op::RBrace)
                --depth;
            else if (t.op == Op::Colon && depth == 0) {
                if (lambdas == 0)
                    return t.start;
                --lambdas;
            }
        }
    }
}

bool ModuleReader::mentionsName(int node, const QString &name) const
{
    if (node < 0)
        return false;
    const Node &n = m_ast[node];
    if (n.kind == Node::Kind::Name && n.text == name)
        return true;
    for (int child : n.children) {
        if (mentionsName(child, name))
            return true;
    }
    return false;
}

namespace {

/** The environment variable the first of @p texts reads ("X" of `os.environ.get("X")`). */
QString environmentVariableIn(const QStringList &texts)
{
    static const QRegularExpression envRead(QStringLiteral(
            R"((?:environ(?:\.get)?|getenv|env(?:\.\w+)?|config)\s*[(\[]\s*["']([A-Za-z_]\w*)["'])"));
    for (const QString &text : texts) {
        const QRegularExpressionMatch m = envRead.match(text);
        if (m.hasMatch())
            return m.captured(1);
    }
    return QString();
}

} // namespace

ModuleReader::Truth ModuleReader::decide(const QString &key, const QString &onLabel,
                                         const QString &offLabel, bool defaultOn, int line,
                                         const QString &header, std::optional<bool> whenOn,
                                         std::optional<bool> whenOff)
{
    const bool on = m_options.assumptions.value(key, defaultOn);
    bool known = false;
    for (const SettingsDecision &d : std::as_const(m_decisions))
        known = known || d.key == key;
    if (!known) {
        SettingsDecision decision;
        decision.key = key;
        decision.onLabel = onLabel;
        decision.offLabel = offLabel;
        decision.line = line;
        decision.assumed = on;
        m_decisions.append(decision);
    }
    add(Severity::Info, line, m_headerColumn,
        tr("'%1' on line %2 depends on what the file does not say: the policy has the variants "
           "\"%3\" and \"%4\"; this one is \"%5\"")
                .arg(header)
                .arg(line)
                .arg(onLabel, offLabel, on ? onLabel : offLabel));
    Truth truth;
    // A condition that could not be evaluated under the assumption is taken to be true when
    // it is "on": `if DEBUG ...` and `if os.environ.get(...)` read that way.
    truth.value = on ? whenOn.value_or(true) : whenOff.value_or(false);
    truth.why = on ? onLabel : offLabel;
    truth.debug = key == QLatin1String("DEBUG") && on;
    return truth;
}

void ModuleReader::prepare(Evaluator &evaluator, const Context &ctx)
{
    evaluator.assumeSet(&m_setVariables);
    if (ctx.mode != Mode::Taken)
        return;
    // `x if DEBUG else y`: the same variants as an `if` statement on that condition.
    evaluator.setDecider([this, &ctx](int condition, int expression) -> std::optional<bool> {
        const Node &e = m_ast[expression];
        const Node &c = m_ast[condition];
        const QString text = m_tokenizer.text(e.start, e.end).toString().simplified();
        return conditionTruth(condition, ctx, e.line, m_tokenizer.columnAt(e.start), text,
                              m_tokenizer.text(c.start, c.end).toString().simplified())
                .value;
    });
}

ModuleReader::Truth ModuleReader::conditionTruth(int condition, const Context &ctx, int line,
                                                 int column, const QString &header,
                                                 const QString &conditionText)
{
    m_headerColumn = column;
    const auto envVariable = environmentVariableIn;
    auto debugDecision = [&](std::optional<bool> whenOn, std::optional<bool> whenOff) {
        return decide(QStringLiteral("DEBUG"), tr("DEBUG on"), tr("DEBUG off"), m_options.debug,
                      line, header, whenOn, whenOff);
    };
    if (condition < 0) {
        // A condition the reader does not evaluate (and/or, :=, a call it does not model).
        if (const QString variable = envVariable({header}); !variable.isEmpty())
            return decide(QStringLiteral("env:") + variable, tr("%1 set").arg(variable),
                          tr("%1 unset").arg(variable), false, line, header, std::nullopt,
                          std::nullopt);
        if (header.contains(QRegularExpression(QStringLiteral("\\bDEBUG\\b"))))
            return debugDecision(std::nullopt, std::nullopt);
        return decide(QStringLiteral("if:") + conditionText, tr("'%1' true").arg(conditionText),
                      tr("'%1' false").arg(conditionText), false, line, header, std::nullopt,
                      std::nullopt);
    }
    auto evaluateIn = [&](Scope &scope) {
        Evaluator evaluator(m_ast, m_tokenizer, scope, m_options.profile);
        evaluator.copyConstants(); // evaluated up to three times
        return evaluator.evaluate(condition);
    };
    auto truthOf = [&](const Evaluated &e) -> std::optional<bool> {
        if (!e.ok() || !e.value.isPy() || e.value.py.isDynamic())
            return std::nullopt;
        return Py::truthy(e.value.py);
    };
    const Evaluated value = evaluateIn(*ctx.scope);
    const bool mentionsDebug = mentionsName(condition, QStringLiteral("DEBUG"));
    if (const auto known = truthOf(value)) {
        Truth truth;
        truth.value = *known;
        truth.why = tr("its condition is false");
        if (mentionsDebug) {
            const Binding *debug = ctx.scope->find(QStringLiteral("DEBUG"));
            if (debug && debug->object->value.isPy()) {
                truth.debug = Py::truthy(debug->object->value.py);
                add(Severity::Info, line, m_headerColumn,
                    tr("'%1' on line %2: DEBUG is %3 (line %4), so the reader takes the branch "
                       "Django takes")
                            .arg(header)
                            .arg(line)
                            .arg(Py::repr(debug->object->value.py))
                            .arg(debug->line));
            }
        }
        return truth;
    }
    if (mentionsDebug) {
        const Binding *debug = ctx.scope->find(QStringLiteral("DEBUG"));
        const bool debugUnknown
                = !debug || !debug->object->value.isPy() || debug->object->value.py.isDynamic();
        if (debugUnknown) {
            // Python's answer with DEBUG True and with DEBUG False.
            auto with = [&](bool on) {
                Scope overlay(ctx.scope);
                Binding b;
                b.object = std::make_shared<Object>();
                b.object->value = Value::python(PyValue::boolean(on));
                overlay.bind(QStringLiteral("DEBUG"), b);
                return truthOf(evaluateIn(overlay));
            };
            const std::optional<bool> whenOn = with(true);
            const std::optional<bool> whenOff = with(false);
            const Truth byDebug = debugDecision(whenOn, whenOff);
            const bool debugOn
                    = m_options.assumptions.value(QStringLiteral("DEBUG"), m_options.debug);
            if ((debugOn ? whenOn : whenOff).has_value())
                return byDebug;
            // `DEBUG and os.environ.get("X")`: with DEBUG as this variant has it, the rest of
            // the condition decides, as its own decision.
            Scope overlay(ctx.scope);
            Binding b;
            b.object = std::make_shared<Object>();
            b.object->value = Value::python(PyValue::boolean(debugOn));
            overlay.bind(QStringLiteral("DEBUG"), b);
            Truth truth = environmentTruth(condition, overlay, evaluateIn(overlay), line, header,
                                           conditionText);
            truth.why = byDebug.why + QStringLiteral(", ") + truth.why;
            truth.debug = byDebug.debug;
            return truth;
        }
    }
    return environmentTruth(condition, *ctx.scope, value, line, header, conditionText);
}

ModuleReader::Truth ModuleReader::environmentTruth(int condition, const Scope &scope,
                                                   const Evaluated &value, int line,
                                                   const QString &header,
                                                   const QString &conditionText)
{
    // An environment read (directly, or through a name assigned from one): unset gives the
    // default Python sees; "set" is the other outcome.
    QStringList texts {header};
    if (value.ok() && value.value.isPy())
        texts.prepend(value.value.py.dynamicSource());
    // A name assigned from a variable this variant takes as set could not be read; its reason
    // names the variable.
    static const QRegularExpression setVariable(
            QStringLiteral("([A-Za-z_]\\w*) is set in this variant"));
    if (!value.ok()) {
        if (const QRegularExpressionMatch m = setVariable.match(value.message); m.hasMatch()) {
            const QString variable = m.captured(1);
            return decide(QStringLiteral("env:") + variable, tr("%1 set").arg(variable),
                          tr("%1 unset").arg(variable), false, line, header, std::nullopt,
                          std::nullopt);
        }
    }
    const std::function<void(int)> addSources = [&](int node) {
        if (node < 0)
            return;
        const Node &n = m_ast[node];
        if (n.kind == Node::Kind::Name) {
            const Binding *b = scope.find(n.text);
            if (b && b->object->value.isPy())
                texts.append(b->object->value.py.dynamicSource());
        }
        for (int child : n.children)
            addSources(child);
    };
    addSources(condition);
    const QString variable = environmentVariableIn(texts);
    if (!variable.isEmpty() && value.ok() && value.value.isPy()) {
        const bool unsetTruth = Py::truthy(value.value.py);
        return decide(QStringLiteral("env:") + variable, tr("%1 set").arg(variable),
                      tr("%1 unset").arg(variable), false, line, header, !unsetTruth, unsetTruth);
    }
    if (!variable.isEmpty())
        return decide(QStringLiteral("env:") + variable, tr("%1 set").arg(variable),
                      tr("%1 unset").arg(variable), false, line, header, std::nullopt,
                      std::nullopt);
    return decide(QStringLiteral("if:") + conditionText, tr("'%1' true").arg(conditionText),
                  tr("'%1' false").arg(conditionText), false, line, header, std::nullopt,
                  std::nullopt);
}

bool ModuleReader::readIf(const Context &ctx)
{
    // if / elif / else: in the statements Python runs, exactly one clause is taken, decided
    // from the file where it can be and by the variant's assumptions where it cannot; the
    // others are read into overlays and only reported.
    if (headerColon() < 0)
        return false;
    bool taken = false;
    bool first = true;
    bool debugOn = false; // a clause was decided with DEBUG on: the taken one is in that world
    for (;;) {
        const Token keyword = m_parser.peek();
        const bool isElse = !first && m_parser.isName(keyword, "else");
        if (!first && !isElse && !m_parser.isName(keyword, "elif"))
            return true;
        const QString clause = m_tokenizer.text(keyword).toString();
        Truth truth;
        truth.value = true;
        if (isElse) {
            m_parser.take();
            if (!consumeHeader())
                return true;
        } else {
            const qsizetype colon = headerColon();
            if (colon < 0) {
                m_parser.take();
                consumeHeader(); // reports the missing ':'
                return true;
            }
            m_parser.take();
            m_ast.clear();
            QString unsupported;
            const int condition = m_parser.parseCondition(m_ast, colon, &unsupported);
            if (m_parser.failed())
                return true;
            if (ctx.mode == Mode::Taken && !taken) {
                const QString header
                        = m_tokenizer.text(keyword.start, colon + 1).toString().simplified();
                // The condition alone, for the variant names: "'ENABLE_CORS' true".
                const QString conditionText
                        = header.mid(m_tokenizer.text(keyword).size()).chopped(1).trimmed();
                Q_UNUSED(unsupported);
                truth = conditionTruth(condition, ctx, keyword.line,
                                       m_tokenizer.columnAt(keyword.start), header, conditionText);
                debugOn = debugOn || truth.debug;
            }
        }
        Context c = ctx;
        Scope overlay(ctx.scope);
        if (ctx.mode == Mode::Taken && !taken && truth.value) {
            taken = true;
            c.debugBranch = ctx.debugBranch || debugOn;
        } else {
            c.mode = Mode::NotTaken;
            c.scope = &overlay;
            if (ctx.mode == Mode::Taken)
                c.branchNote = tr(" (in the '%1' branch on line %2, not taken: %3)")
                                       .arg(clause)
                                       .arg(keyword.line)
                                       .arg(taken ? tr("an earlier branch is taken") : truth.why);
        }
        readClauseBody(c, clause, keyword.line);
        if (stopped() || isElse)
            return true;
        first = false;
    }
}

void ModuleReader::skipCompound(const Context &ctx)
{
    const Token first = m_parser.peek();
    Context inner = ctx;
    while (m_parser.isOp(m_parser.peek(), Op::At)) {
        m_parser.skipStatement();
        if (m_parser.peek().type != TokenType::Newline)
            return;
        m_parser.take();
    }
    if (m_parser.isName(m_parser.peek(), "async"))
        m_parser.take();
    const Token keywordToken = m_parser.peek();
    const QString keyword = m_tokenizer.text(keywordToken).toString();
    if (ctx.mode != Mode::Skipped) {
        inner.mode = Mode::Skipped;
        inner.quiet = ctx.mode == Mode::NotTaken;
        inner.skippedStatement = keyword == QLatin1String("def")
                ? tr("the function defined on line %1").arg(first.line)
                : keyword == QLatin1String("class")
                ? tr("the class defined on line %1").arg(first.line)
                : tr("the '%1' statement on line %2").arg(keyword).arg(first.line);
    }
    if (keyword == QLatin1String("def") || keyword == QLatin1String("class")) {
        const Token name = m_parser.peek(1);
        if (name.type == TokenType::Name && !ctx.functionScope)
            taintName(ctx, m_tokenizer.name(name),
                      tr("it is redefined by %1").arg(inner.skippedStatement), first.line);
        inner.functionScope = true;
    } else if (keyword != QLatin1String("if") && keyword != QLatin1String("for")
               && keyword != QLatin1String("while") && keyword != QLatin1String("with")
               && keyword != QLatin1String("try") && keyword != QLatin1String("match")) {
        m_parser.invalidSyntax(keywordToken.start);
        return;
    }

    QString clause = keyword;
    int clauseLine = keywordToken.line;
    for (;;) {
        m_parser.take(); // the keyword
        if (!consumeHeader())
            return;
        readClauseBody(inner, clause, clauseLine);
        if (stopped())
            return;
        const Token next = m_parser.peek();
        if (!(m_parser.isName(next, "elif") || m_parser.isName(next, "else")
              || m_parser.isName(next, "except") || m_parser.isName(next, "finally")))
            return;
        clause = m_tokenizer.text(next).toString();
        clauseLine = next.line;
    }
}

void ModuleReader::taintName(const Context &ctx, const QString &name, const QString &reason,
                             int line)
{
    if (ctx.functionScope)
        return;
    if (Binding *binding = ctx.scope->findForChange(name)) {
        binding->taint = reason;
        return;
    }
    Binding binding;
    binding.object = std::make_shared<Object>();
    binding.object->value = Value::unknown(reason);
    binding.line = line;
    ctx.scope->bind(name, binding);
}

void ModuleReader::skimStatement(const Context &ctx)
{
    const Token first = m_parser.peek();
    const Severity severity = ctx.quiet ? Severity::Info : Severity::Warning;
    if (m_parser.isName(first, "import") || m_parser.isName(first, "from")) {
        m_ast.clear();
        const Statement st = m_parser.parseSimpleStatement(m_ast);
        if (m_parser.failed() || ctx.functionScope)
            return;
        for (const ImportItem &item : st.imports) {
            if (item.name == QLatin1String("*")) {
                const QString module = QString(st.importLevel, u'.') + item.module;
                ctx.scope->setStarImport(first.line, module);
                add(Severity::Info, first.line, m_tokenizer.columnAt(first.start),
                    tr("'from %1 import *' inside %2 is not followed: settings it defines are not "
                       "seen, and they would override the ones read before")
                            .arg(module, ctx.skippedStatement));
                continue;
            }
            const QString bound = !item.asName.isEmpty() ? item.asName
                    : !item.name.isEmpty()               ? item.name
                                                         : item.module.section(u'.', 0, 0);
            taintName(ctx, bound,
                      tr("it may be imported again inside %1").arg(ctx.skippedStatement),
                      first.line);
        }
        return;
    }
    QStringList names;
    const Token second = m_parser.peek(1);
    if (first.type == TokenType::Name && second.type == TokenType::Op
        && (second.op == Op::Dot || second.op == Op::LSqb || second.op == Op::Colon
            || second.op == Op::PlusEqual || second.op == Op::VBarEqual || second.op == Op::MinEqual
            || second.op == Op::StarEqual))
        names.append(m_tokenizer.name(first));
    m_parser.skipStatement(&names);
    if (m_parser.failed())
        return;
    names.removeDuplicates();
    for (const QString &name : std::as_const(names)) {
        if (isCors(name)) {
            noteUnread(ctx, name, first.line,
                       tr("it is assigned inside %1, which the reader does not run")
                               .arg(ctx.skippedStatement));
            const QString where = ctx.functionScope
                    ? tr("%1 is assigned inside %2; that defines a local name, not the setting")
                              .arg(name, ctx.skippedStatement)
                    : tr("%1 is assigned inside %2, which the reader does not run: this assignment "
                         "is not read, the value read before (if any) is kept")
                              .arg(name, ctx.skippedStatement);
            add(severity, first.line, m_tokenizer.columnAt(first.start), where,
                settingFromName(name));
        }
        taintName(ctx, name, tr("it may be changed by %1").arg(ctx.skippedStatement), first.line);
    }
}

// --- statements -----------------------------------------------------------------------------

void ModuleReader::collectNames(int node, QStringList *names) const
{
    if (Ast::isInline(node))
        return;
    const Node &n = m_ast[node];
    if (n.kind == Node::Kind::Name) {
        names->append(n.text);
    } else if (n.kind == Node::Kind::Tuple || n.kind == Node::Kind::List
               || n.kind == Node::Kind::Starred) {
        for (int child : n.children)
            collectNames(child, names);
    }
}

QStringList ModuleReader::corsTargets(const Statement &st)
{
    QStringList names;
    for (int target : st.targets) {
        QStringList all;
        collectNames(target, &all);
        // A change through a subscript or attribute (CORS_X[0] = ...) concerns the base name.
        const Node &n = m_ast[target];
        if (n.kind == Node::Kind::Primary && m_ast[n.children.first()].kind == Node::Kind::Name)
            all.append(m_ast[n.children.first()].text);
        for (const QString &name : std::as_const(all)) {
            if (isCors(name) && !names.contains(name))
                names.append(name);
        }
    }
    return names;
}

void ModuleReader::warnLookalikes(const QStringList &names, const Statement &st, const Context &ctx)
{
    for (const QString &name : names) {
        if (settingFromName(name))
            continue;
        const auto lookalike = lookalikeSetting(name);
        if (!lookalike)
            continue;
        // A helper variable (cors_allowed_origins = [...]; CORS_ALLOWED_ORIGINS =
        // cors_allowed_origins) is used by name elsewhere: not a misspelled setting.
        if (name != name.toUpper()
            && m_text.count(QRegularExpression(
                       QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(name))))
                    > 1)
            continue;
        if (lookalike->suggestion.isEmpty()) {
            add(Severity::Info, st.line, m_tokenizer.columnAt(st.start),
                tr("%1 is not a django-cors-headers setting; it ignores it%2")
                        .arg(name, ctx.branchNote));
        } else {
            add(ctx.mode == Mode::Taken ? Severity::Warning : Severity::Info, st.line,
                m_tokenizer.columnAt(st.start),
                tr("%1 is not a setting django-cors-headers reads, so it is silently ignored; did "
                   "you "
                   "mean %2?%3")
                        .arg(name, lookalike->suggestion, ctx.branchNote));
        }
    }
}

void ModuleReader::reportNotes(const Evaluator &evaluator, const Context &ctx, bool concernsCors)
{
    for (const EvalNote &note : evaluator.notes()) {
        if (!concernsCors && !note.always)
            continue;
        const Severity severity = ctx.mode == Mode::Taken ? note.severity : Severity::Info;
        addAt(severity, note.offset, note.text + ctx.branchNote);
    }
}

bool ModuleReader::handleFailure(const Evaluated &result, const QStringList &corsNames,
                                 const Statement &st, const Context &ctx)
{
    if (result.ok())
        return false;
    const auto setting = firstSetting(corsNames);
    if (result.status == Evaluated::Status::Raised) {
        if (ctx.mode == Mode::Taken) {
            addAt(Severity::Error, result.offset,
                  tr("Python raises %1 when it imports this file").arg(result.message), setting);
            m_stopped = true;
        } else {
            addAt(Severity::Info, result.offset,
                  tr("Python would raise %1 here%2").arg(result.message, ctx.branchNote), setting);
        }
        return true;
    }
    if (!corsNames.isEmpty()) {
        for (const QString &name : corsNames)
            noteUnread(ctx, name, st.line, result.message);
        addAt(ctx.mode == Mode::Taken ? Severity::Warning : Severity::Info, st.start,
              tr("%1 on line %2 is not read: %3%4")
                      .arg(corsNames.join(QLatin1String(", ")))
                      .arg(st.line)
                      .arg(result.message, ctx.branchNote),
              setting);
    }
    return true;
}

void ModuleReader::processStatement(const Statement &st, const Context &ctx)
{
    switch (st.kind) {
    case Statement::Kind::Import:
    case Statement::Kind::ImportFrom:
        processImport(st, ctx);
        break;
    case Statement::Kind::Assign:
    case Statement::Kind::AnnAssign:
        processAssignment(st, ctx);
        break;
    case Statement::Kind::AugAssign:
        processAugmentedAssignment(st, ctx);
        break;
    case Statement::Kind::Annotation: {
        const QStringList names = corsTargets(st);
        warnLookalikes(names, st, ctx);
        if (!names.isEmpty()) {
            const QString text = m_tokenizer.text(st.start, st.end).toString().trimmed();
            const QString name = names.first();
            addAt(ctx.mode == Mode::Taken ? Severity::Warning : Severity::Info, st.start,
                  tr("'%1' is an annotation, not an assignment: it defines nothing (write '%2 = "
                     "...' "
                     "with '=')%3")
                          .arg(text, name, ctx.branchNote),
                  settingFromName(name));
        }
        break;
    }
    case Statement::Kind::Expression:
        processExpression(st, ctx);
        break;
    case Statement::Kind::Del:
        processDelete(st, ctx);
        break;
    case Statement::Kind::Unsupported:
        processUnsupported(st, ctx);
        break;
    case Statement::Kind::Other:
        break;
    }
}

void ModuleReader::processImport(const Statement &st, const Context &ctx)
{
    for (const ImportItem &item : st.imports) {
        Binding binding;
        binding.object = std::make_shared<Object>();
        binding.line = st.line;
        if (st.kind == Statement::Kind::Import) {
            const QString bound
                    = item.asName.isEmpty() ? item.module.section(u'.', 0, 0) : item.asName;
            binding.object->value = Value::module(item.asName.isEmpty() ? bound : item.module);
            ctx.scope->bind(bound, binding);
            continue;
        }
        const QString module = QString(st.importLevel, u'.') + item.module;
        if (item.name == QLatin1String("*")) {
            if (module == QLatin1String("corsheaders.defaults")) {
                for (const char *name : {"default_headers", "default_methods"}) {
                    Binding b = binding;
                    b.object = std::make_shared<Object>();
                    b.object->value = moduleMember(module, QLatin1String(name));
                    ctx.scope->bind(QLatin1String(name), b);
                }
                continue;
            }
            ctx.scope->setStarImport(st.line, module);
            add(Severity::Info, st.line, m_tokenizer.columnAt(st.start),
                tr("'from %1 import *' is not followed: settings it defines are not seen, and they "
                   "override the ones read before it%2")
                        .arg(module, ctx.branchNote));
            continue;
        }
        Value value = st.importLevel > 0 ? Value::opaque(module + u'.' + item.name)
                                         : moduleMember(module, item.name);
        if (value.kind == Value::Kind::Unknown) {
            Evaluated raised = Evaluated::raised(
                    QStringLiteral("ImportError: cannot import name '%1' from '%2'")
                            .arg(item.name, module),
                    st.start);
            handleFailure(raised, {}, st, ctx);
            return;
        }
        binding.object->value = value;
        ctx.scope->bind(item.asName.isEmpty() ? item.name : item.asName, binding);
    }
}

void ModuleReader::bindName(const QString &name, const Evaluated &value, int line,
                            const Context &ctx)
{
    Binding binding;
    binding.line = line;
    binding.debugBranch = ctx.debugBranch;
    // `A = B` binds A to B's object: later in-place changes show through both names.
    if (value.object && value.value.isMutable()) {
        binding.object = value.object;
    } else {
        binding.object = std::make_shared<Object>();
        binding.object->value = value.value;
    }
    ctx.scope->bind(name, binding);
}

bool ModuleReader::assignTarget(int target, const Evaluated &value, const Statement &st,
                                const Context &ctx)
{
    const Node &node = m_ast[target];
    if (node.kind == Node::Kind::Name) {
        bindName(node.text, value, st.line, ctx);
        return true;
    }
    if (node.kind == Node::Kind::Tuple || node.kind == Node::Kind::List) {
        if (!value.value.isPy()) {
            handleFailure(
                    Evaluated::unsupported(tr("unpacking this value is not read"), node.start),
                    corsTargets(st), st, ctx);
            return false;
        }
        QString exception;
        const auto items = Ops::spliceItems(Ops::concrete(value.value.py, m_options.profile),
                                            m_options.profile, &exception);
        if (!items) {
            handleFailure(Evaluated::raised(
                                  QStringLiteral("TypeError: cannot unpack non-iterable %1 object")
                                          .arg(Ops::typeName(value.value.py)),
                                  node.start),
                          corsTargets(st), st, ctx);
            return false;
        }
        qsizetype starred = -1;
        for (qsizetype i = 0; i < node.children.size(); ++i) {
            if (!Ast::isInline(node.children.at(i))
                && m_ast[node.children.at(i)].kind == Node::Kind::Starred)
                starred = i;
        }
        const qsizetype targets = node.children.size();
        const qsizetype n = items->size();
        QString mismatch;
        if (starred < 0 && n > targets)
            mismatch = QStringLiteral("ValueError: too many values to unpack (expected %1)")
                               .arg(targets);
        else if (starred < 0 && n < targets)
            mismatch = QStringLiteral(
                               "ValueError: not enough values to unpack (expected %1, got %2)")
                               .arg(targets)
                               .arg(n);
        else if (starred >= 0 && n < targets - 1)
            mismatch = QStringLiteral("ValueError: not enough values to unpack (expected at least "
                                      "%1, got %2)")
                               .arg(targets - 1)
                               .arg(n);
        if (!mismatch.isEmpty()) {
            handleFailure(Evaluated::raised(mismatch, node.start), corsTargets(st), st, ctx);
            return false;
        }
        const QString dynamic = value.value.py.isDynamic()
                ? m_tokenizer.text(st.start, st.end).toString()
                : QString();
        auto item = [&](PyValue v) {
            if (!dynamic.isEmpty())
                v.setDynamicSource(dynamic);
            return Evaluated::of(Value::python(std::move(v)));
        };
        qsizetype next = 0;
        for (qsizetype i = 0; i < targets; ++i) {
            const int child = node.children.at(i);
            if (i == starred) {
                const qsizetype take = n - (targets - 1);
                if (!assignTarget(m_ast[child].children.first(),
                                  item(PyValue::list(items->mid(next, take))), st, ctx))
                    return false;
                next += take;
            } else if (!assignTarget(child, item(items->at(next++)), st, ctx)) {
                return false;
            }
        }
        return true;
    }
    // Attribute and subscript targets change objects the reader does not track.
    if (node.kind == Node::Kind::Primary && m_ast[node.children.first()].kind == Node::Kind::Name) {
        const QString base = m_ast[node.children.first()].text;
        if (isCors(base)) {
            handleFailure(
                    Evaluated::unsupported(tr("changing an item or attribute in place is not read"),
                                           node.start),
                    {base}, st, ctx);
            taintName(ctx, base, tr("it is changed in place on line %1").arg(st.line), st.line);
        }
    }
    return true;
}

void ModuleReader::processAssignment(const Statement &st, const Context &ctx)
{
    const QStringList names = corsTargets(st);
    warnLookalikes(names, st, ctx);
    Evaluator evaluator(m_ast, m_tokenizer, *ctx.scope, m_options.profile);
    prepare(evaluator, ctx);
    const Evaluated value = evaluator.evaluate(st.value);
    reportNotes(evaluator, ctx, !names.isEmpty());
    if (handleFailure(value, names, st, ctx)) {
        // Python did assign something: the names no longer hold what was read before.
        if (value.status == Evaluated::Status::Unsupported) {
            for (int target : st.targets) {
                QStringList all;
                collectNames(target, &all);
                for (const QString &name : std::as_const(all)) {
                    Binding binding;
                    binding.object = std::make_shared<Object>();
                    binding.object->value = Value::unknown(value.message);
                    binding.line = st.line;
                    ctx.scope->bind(name, binding);
                }
            }
        }
        return;
    }
    // Targets are assigned left to right, each with the same value (and object).
    for (int target : st.targets) {
        if (!assignTarget(target, value, st, ctx) || stopped())
            return;
    }
    // DEBUG read from the environment (env.bool("DEBUG", False), os.environ.get(...) == "1")
    // is a decision itself: each variant holds the value it assumes, so that what is computed
    // from it (CORS_ALLOW_CREDENTIALS = not DEBUG) follows.
    if (ctx.mode == Mode::Taken && value.value.isPy() && value.value.py.isDynamic()
        && value.value.py.kind() == PyValue::Kind::Bool) {
        for (int target : st.targets) {
            const Node &n = m_ast[target];
            if (n.kind != Node::Kind::Name || n.text != QLatin1String("DEBUG"))
                continue;
            const QString text = m_tokenizer.text(st.start, st.end).toString().simplified();
            m_headerColumn = m_tokenizer.columnAt(st.start);
            const bool on = decide(QStringLiteral("DEBUG"), tr("DEBUG on"), tr("DEBUG off"),
                                   m_options.debug, st.line, text, true, false)
                                    .value;
            PyValue assumed = PyValue::boolean(on);
            assumed.setDynamicSource(value.value.py.dynamicSource());
            Binding binding = *ctx.scope->find(n.text);
            binding.object = std::make_shared<Object>();
            binding.object->value = Value::python(assumed);
            ctx.scope->bind(n.text, binding);
        }
    }
    for (const QString &name : names) {
        const Binding *binding = ctx.scope->find(name);
        if (!binding)
            continue;
        const Value &bound = binding->object->value;
        const auto setting = settingFromName(name);
        if (!bound.isPy()) {
            noteUnread(ctx, name, st.line,
                       tr("it is set to %1, which is not a value").arg(bound.path));
            if (setting)
                addAt(ctx.mode == Mode::Taken ? Severity::Warning : Severity::Info, st.start,
                      tr("%1 is set to %2, which is not a value; it is not read%3")
                              .arg(name, bound.path, ctx.branchNote),
                      setting);
            continue;
        }
        if (!setting)
            continue;
        QString text = tr("%1 = %2").arg(name, displayValue(bound.py));
        if (bound.py.isDynamic())
            text += tr(" (a default: the environment may set another value)");
        if (ctx.mode == Mode::Taken && ctx.debugBranch)
            text += tr(" (from the DEBUG branch)");
        addAt(Severity::Info, st.start, text + ctx.branchNote, setting);
    }
}

void ModuleReader::processAugmentedAssignment(const Statement &st, const Context &ctx)
{
    const QStringList names = corsTargets(st);
    warnLookalikes(names, st, ctx);
    const Node &target = m_ast[st.targets.first()];
    if (target.kind != Node::Kind::Name) {
        assignTarget(st.targets.first(), Evaluated::of(Value::python(PyValue())), st, ctx);
        return;
    }
    const QString &name = target.text;
    Evaluator evaluator(m_ast, m_tokenizer, *ctx.scope, m_options.profile);
    prepare(evaluator, ctx);
    const Evaluated current = evaluator.evaluate(st.targets.first());
    Evaluated value = current.ok() ? evaluator.evaluate(st.value) : current;
    reportNotes(evaluator, ctx, !names.isEmpty());
    if (value.ok() && (!current.value.isPy() || !value.value.isPy()))
        value = Evaluated::unsupported(tr("this augmented assignment is not read"), st.start);
    OpResult result;
    if (value.ok()) {
        result = Ops::inPlace(current.value.py, st.augOp, value.value.py, m_options.profile);
        if (!result.value)
            value = result.exception.isEmpty()
                    ? Evaluated::unsupported(result.unsupported, st.start)
                    : Evaluated::raised(result.exception, st.start);
    }
    if (handleFailure(value, names, st, ctx)) {
        if (value.status == Evaluated::Status::Unsupported && ctx.scope->find(name)) {
            if (Binding *binding = ctx.scope->findForChange(name))
                binding->object->value = Value::unknown(value.message);
        }
        return;
    }
    PyValue updated = *result.value;
    if ((current.value.py.isDynamic() || value.value.py.isDynamic())
        && updated.dynamicSource().isEmpty())
        updated.setDynamicSource(evaluator.sourceText(st.start, st.end));
    // list +=, set |=, set -=, dict |= and list *= change the object itself.
    const bool inPlace = current.value.isMutable();
    if (inPlace) {
        Binding *binding = ctx.scope->findForChange(name);
        binding->object->value = Value::python(updated);
        binding->line = st.line;
        binding->debugBranch = binding->debugBranch || ctx.debugBranch;
    } else {
        bindName(name, Evaluated::of(Value::python(updated)), st.line, ctx);
    }
    if (const auto setting = settingFromName(name)) {
        QString text = tr("%1 is now %2").arg(name, displayValue(updated));
        if (ctx.mode == Mode::Taken && ctx.debugBranch)
            text += tr(" (from the DEBUG branch)");
        addAt(Severity::Info, st.start, text + ctx.branchNote, setting);
    }
}

void ModuleReader::processExpression(const Statement &st, const Context &ctx)
{
    Evaluator evaluator(m_ast, m_tokenizer, *ctx.scope, m_options.profile);
    prepare(evaluator, ctx);
    const Evaluated value = evaluator.evaluate(st.value);
    QStringList names;
    for (const QString &name : evaluator.changedNames()) {
        if (isCors(name) && !names.contains(name))
            names.append(name);
    }
    // An expression that starts with a CORS name (CORS_X.append(...)) concerns it even when it
    // cannot be evaluated.
    const Node &head = m_ast[st.value];
    QString baseName;
    if (head.kind == Node::Kind::Primary && m_ast[head.children.first()].kind == Node::Kind::Name
        && head.children.size() > 1 && m_ast[head.children.at(1)].kind == Node::Kind::Attribute)
        baseName = m_ast[head.children.first()].text;
    QStringList concerned = names;
    if (!baseName.isEmpty() && isCors(baseName) && !concerned.contains(baseName))
        concerned.append(baseName);
    reportNotes(evaluator, ctx, !concerned.isEmpty());
    if (handleFailure(value, concerned, st, ctx)) {
        // A method call that could not be read may have changed a list or set in place.
        if (value.status == Evaluated::Status::Unsupported && !baseName.isEmpty()) {
            const Binding *binding = ctx.scope->find(baseName);
            if (binding && binding->object->value.isMutable()) {
                if (Binding *changed = ctx.scope->findForChange(baseName))
                    changed->object->value = Value::unknown(value.message);
            }
        }
        return;
    }
    for (const QString &name : evaluator.changedNames()) {
        if (Binding *binding = ctx.scope->findForChange(name)) {
            binding->line = st.line;
            binding->debugBranch = binding->debugBranch || ctx.debugBranch;
        }
    }
    for (const QString &name : std::as_const(names)) {
        const auto setting = settingFromName(name);
        const Binding *binding = ctx.scope->find(name);
        if (!setting || !binding || !binding->object->value.isPy())
            continue;
        QString text = tr("%1 is now %2").arg(name, displayValue(binding->object->value.py));
        if (ctx.mode == Mode::Taken && ctx.debugBranch)
            text += tr(" (from the DEBUG branch)");
        addAt(Severity::Info, st.start, text + ctx.branchNote, setting);
    }
}

void ModuleReader::processDelete(const Statement &st, const Context &ctx)
{
    for (int target : st.targets) {
        const QString &name = m_ast[target].text;
        const auto setting = settingFromName(name);
        if (!ctx.scope->find(name)) {
            if (setting)
                handleFailure(
                        Evaluated::unsupported(
                                tr("name '%1' is not defined by the statements read").arg(name),
                                m_ast[target].start),
                        {name}, st, ctx);
            continue;
        }
        ctx.scope->unbind(name);
        if (setting)
            addAt(Severity::Info, m_ast[target].start,
                  tr("%1 is deleted%2").arg(name, ctx.branchNote), setting);
    }
}

void ModuleReader::processUnsupported(const Statement &st, const Context &ctx)
{
    QStringList names;
    for (const QString &name : st.assignedNames) {
        if (isCors(name) && !names.contains(name))
            names.append(name);
    }
    warnLookalikes(names, st, ctx);
    handleFailure(Evaluated::unsupported(st.reason, st.reasonAt), names, st, ctx);
    for (const QString &name : st.assignedNames) {
        Binding binding;
        binding.object = std::make_shared<Object>();
        binding.object->value = Value::unknown(st.reason);
        binding.line = st.line;
        ctx.scope->bind(name, binding);
    }
}

} // namespace

SettingsReadResult readModule(const QString &text, const SettingsReadOptions &options)
{
    ModuleReader reader(text, options);
    return reader.read();
}

} // namespace Cors::Settings
