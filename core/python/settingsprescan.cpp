// SPDX-License-Identifier: MIT
#include "python/settingsprescan.h"

#include "python/pytokenizer.h"
#include "python/settingsnames.h"
#include "stack/deployment.h"

#include <QHash>
#include <QList>
#include <QStringView>

namespace Cors::Settings {

namespace {

using Py::Op;
using Py::Token;
using Py::TokenType;

struct Candidate
{
    qsizetype start;
    QList<QStringView> names;
};

bool opens(const Token &t)
{
    return t.type == TokenType::Op && (t.op == Op::LPar || t.op == Op::LSqb || t.op == Op::LBrace);
}

bool closes(const Token &t)
{
    return t.type == TokenType::Op && (t.op == Op::RPar || t.op == Op::RSqb || t.op == Op::RBrace);
}

} // namespace

QSet<qsizetype> unreferencedAssignments(const QString &text)
{
    Py::Tokenizer tokenizer(text);
    QHash<QStringView, int> mentions;
    QList<Candidate> candidates;

    int depth = 0;
    bool atStatementStart = true;
    // The statement being looked at: a candidate while it is NAME = NAME = ... = value.
    bool candidate = false;
    Candidate current;
    Token previous;
    bool previousIsName = false;
    for (;;) {
        const Token t = tokenizer.next();
        if (t.type == TokenType::Error)
            return {};
        if (t.type == TokenType::EndMarker)
            break;
        if (t.type == TokenType::Newline || t.type == TokenType::Indent
            || t.type == TokenType::Dedent
            || (depth == 0 && t.type == TokenType::Op && t.op == Op::Semi)) {
            if (candidate && !current.names.isEmpty())
                candidates.append(current);
            candidate = false;
            atStatementStart = true;
            previousIsName = false;
            continue;
        }
        if (t.type == TokenType::Name) {
            const QStringView name = tokenizer.text(t);
            for (QChar c : name) {
                if (c.unicode() >= 128)
                    return {};
            }
            ++mentions[name];
            if (atStatementStart && !Py::isKeyword(name)) {
                candidate = true;
                current = {t.start, {}};
            }
        } else if (t.type == TokenType::Op && t.op == Op::Equal && depth == 0 && candidate) {
            if (previousIsName)
                current.names.append(tokenizer.text(previous));
            else
                candidate = false; // x.y = ..., x[0] = ..., (a, b) = ...: not a plain name
        } else if (t.type == TokenType::Op && depth == 0 && candidate && current.names.isEmpty()
                   && t.op != Op::Equal) {
            candidate = false; // X += ..., X: int = ..., X.append(...)
        }
        if (opens(t))
            ++depth;
        else if (closes(t))
            --depth;
        atStatementStart = false;
        previousIsName = t.type == TokenType::Name && depth == 0;
        previous = t;
    }

    QSet<qsizetype> unreferenced;
    for (const Candidate &c : std::as_const(candidates)) {
        bool skip = true;
        for (QStringView name : c.names) {
            if (mentions.value(name) != 1 || isCorsRelatedName(name.toString())
                || stackSettingNames().contains(name)) {
                skip = false;
                break;
            }
        }
        if (skip)
            unreferenced.insert(c.start);
    }
    return unreferenced;
}

} // namespace Cors::Settings
