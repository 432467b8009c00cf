// SPDX-License-Identifier: MIT
#include "lint/sessioncookie.h"

#include "python/pyliteral.h"
#include "python/pytokenizer.h"

#include <QList>

namespace Cors {

std::optional<QString> readSessionCookieSameSite(const QByteArray &source)
{
    Py::SourceError error;
    const std::optional<QString> text = Py::decodeSource(source, &error);
    if (!text)
        return std::nullopt;
    Py::Tokenizer tokenizer(*text);
    std::optional<QString> value;
    int depth = 0;
    // One logical line at a time; only `NAME = LITERAL` at module level counts. Anything
    // cleverer (a computed value, an `if` block) is left to Django's default.
    QList<Py::Token> line;
    for (;;) {
        const Py::Token token = tokenizer.next();
        if (token.type == Py::TokenType::Error || token.type == Py::TokenType::EndMarker)
            break;
        if (token.type == Py::TokenType::Indent) {
            ++depth;
            continue;
        }
        if (token.type == Py::TokenType::Dedent) {
            --depth;
            continue;
        }
        if (token.type != Py::TokenType::Newline) {
            line.append(token);
            continue;
        }
        const bool assigns = depth == 0 && line.size() >= 3
                && line.at(0).type == Py::TokenType::Name
                && tokenizer.name(line.at(0)) == QLatin1String("SESSION_COOKIE_SAMESITE")
                && line.at(1).op == Py::Op::Equal;
        if (assigns && line.size() != 3) {
            value.reset(); // a value the scan cannot evaluate: Django's default stands in
        } else if (assigns) {
            const Py::Token &v = line.at(2);
            value.reset();
            if (v.type == Py::TokenType::String) {
                QString decodeError;
                const auto literal = Py::decodeStringLiteral(tokenizer.text(v), &decodeError);
                if (literal && literal->kind == Py::StringLiteral::Kind::Str
                    && !literal->hasPlaceholders)
                    value = literal->value;
            } else if (v.type == Py::TokenType::Name
                       && (tokenizer.text(v) == QLatin1String("None")
                           || tokenizer.text(v) == QLatin1String("False"))) {
                value = QString();
            }
        }
        line.clear();
    }
    return value;
}

} // namespace Cors
