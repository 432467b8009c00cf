// SPDX-License-Identifier: MIT
#include "export/syntaxhighlighters.h"

#include "icons.h"

#include <QGuiApplication>
#include <QPalette>

using namespace Qt::StringLiterals;

namespace Cors {

RuleHighlighter::RuleHighlighter(QTextDocument *document)
    : QSyntaxHighlighter(document)
{ }

void RuleHighlighter::addRule(const QString &pattern, Style style, int group)
{
    m_rules.append({QRegularExpression(pattern), style, group});
}

QTextCharFormat RuleHighlighter::format(Style style) const
{
    const QPalette palette = QGuiApplication::palette();
    const bool dark = Icons::isDark(palette);
    QTextCharFormat f;
    switch (style) {
    case Style::Comment:
        f.setForeground(palette.color(QPalette::Disabled, QPalette::Text));
        f.setFontItalic(true);
        break;
    case Style::String:
        f.setForeground(dark ? QColor(0xa5, 0xd6, 0x8a) : QColor(0x06, 0x7d, 0x17));
        break;
    case Style::Keyword:
        f.setForeground(dark ? QColor(0x82, 0xaa, 0xff) : QColor(0x00, 0x33, 0xb3));
        f.setFontWeight(QFont::DemiBold);
        break;
    case Style::Number:
        f.setForeground(dark ? QColor(0xf7, 0x8c, 0x6c) : QColor(0x17, 0x50, 0xeb));
        break;
    case Style::Name:
        f.setForeground(dark ? QColor(0xc7, 0x92, 0xea) : QColor(0x87, 0x10, 0x94));
        break;
    case Style::Variable:
        f.setForeground(dark ? QColor(0xff, 0xcb, 0x6b) : QColor(0x9e, 0x5b, 0x00));
        break;
    case Style::Punctuation:
        f.setForeground(palette.color(QPalette::Disabled, QPalette::Text));
        break;
    }
    return f;
}

void RuleHighlighter::applyRules(const QString &text, int from, int to)
{
    // Left to right, the earliest match wins (the first rule on a tie): a '#' inside a string
    // stays string, a quote inside a comment stays comment.
    int pos = from;
    while (pos < to) {
        int bestStart = -1;
        int bestEnd = -1;
        const Rule *best = nullptr;
        for (const Rule &rule : std::as_const(m_rules)) {
            const QRegularExpressionMatch m = rule.pattern.match(text, pos);
            if (!m.hasMatch())
                continue;
            const int start = int(m.capturedStart(rule.group));
            const int end = int(m.capturedEnd(rule.group));
            if (start < pos || end > to || end <= start)
                continue;
            if (!best || start < bestStart) {
                best = &rule;
                bestStart = start;
                bestEnd = end;
            }
        }
        if (!best)
            break;
        setFormat(bestStart, bestEnd - bestStart, format(best->style));
        pos = bestEnd;
    }
}

void RuleHighlighter::highlightBlock(const QString &text)
{
    applyRules(text, 0, int(text.size()));
}

PythonHighlighter::PythonHighlighter(QTextDocument *document)
    : RuleHighlighter(document)
{
    addRule(uR"((?:\b[rRbBuU]{0,2})("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'))"_s, Style::String);
    addRule(u"#.*$"_s, Style::Comment);
    addRule(u"\\b(?:import|from|as|if|else|elif|not|and|or|in|is|True|False|None|lambda)\\b"_s,
            Style::Keyword);
    addRule(u"\\b[A-Z][A-Z0-9_]{2,}\\b"_s, Style::Name);
    addRule(u"\\b(?:default_headers|default_methods|re|os|env)\\b"_s, Style::Variable);
    addRule(u"\\b\\d[\\d_]*(?:\\.\\d+)?\\b"_s, Style::Number);
}

void PythonHighlighter::highlightBlock(const QString &text)
{
    // Block state 1/2: inside a """ / ''' string started on an earlier line.
    int from = 0;
    int state = previousBlockState();
    const auto delimiter = [](int s) { return s == 1 ? u"\"\"\""_s : u"'''"_s; };
    setCurrentBlockState(0);
    while (from <= text.size()) {
        if (state == 1 || state == 2) {
            const int end = int(text.indexOf(delimiter(state), from));
            if (end < 0) {
                setFormat(from, int(text.size()) - from, format(Style::String));
                setCurrentBlockState(state);
                return;
            }
            setFormat(from, end + 3 - from, format(Style::String));
            from = end + 3;
            state = 0;
            continue;
        }
        const int a = int(text.indexOf(u"\"\"\""_s, from));
        const int b = int(text.indexOf(u"'''"_s, from));
        int start = -1;
        if (a >= 0 && (b < 0 || a < b)) {
            start = a;
            state = 1;
        } else if (b >= 0) {
            start = b;
            state = 2;
        }
        const int hash = int(text.indexOf(u'#', from));
        if (start < 0 || (hash >= 0 && hash < start)) {
            applyRules(text, from, int(text.size()));
            return;
        }
        applyRules(text, from, start);
        const int end = int(text.indexOf(delimiter(state), start + 3));
        if (end < 0) {
            setFormat(start, int(text.size()) - start, format(Style::String));
            setCurrentBlockState(state);
            return;
        }
        setFormat(start, end + 3 - start, format(Style::String));
        from = end + 3;
        state = 0;
    }
}

YamlHighlighter::YamlHighlighter(QTextDocument *document)
    : RuleHighlighter(document)
{
    addRule(uR"("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')"_s, Style::String);
    addRule(u"(?:^|\\s)(#.*)$"_s, Style::Comment, 1);
    addRule(u"^\\s*(?:-\\s+)*([^\\s#:][^:#]*?)\\s*:(?=\\s|$)"_s, Style::Name, 1);
    addRule(u"(?:^|\\s)(![\\w!/.:-]*)"_s, Style::Keyword, 1);
    addRule(u"(?:^|\\s)([&*][\\w-]+)"_s, Style::Variable, 1);
    addRule(u"^(?:---|\\.\\.\\.)\\s*$"_s, Style::Keyword);
    addRule(u"\\b(?:true|false|null)\\b"_s, Style::Keyword);
    addRule(u"(?:^|[\\s\\[,])(-?\\d+(?:\\.\\d+)?)(?=[\\s,\\]]|$)"_s, Style::Number, 1);
    addRule(u"[\\[\\]{},]"_s, Style::Punctuation);
}

NginxHighlighter::NginxHighlighter(QTextDocument *document)
    : RuleHighlighter(document)
{
    addRule(uR"("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')"_s, Style::String);
    addRule(u"#.*$"_s, Style::Comment);
    addRule(u"\\$\\{?\\w+\\}?"_s, Style::Variable);
    addRule(u"^\\s*([a-z_][a-z0-9_]*)"_s, Style::Keyword, 1);
    addRule(u"[;{}]\\s*([a-z_][a-z0-9_]*)"_s, Style::Keyword, 1);
    addRule(u"\\b\\d+[smhdkKmM]?\\b"_s, Style::Number);
    addRule(u"[{};]"_s, Style::Punctuation);
}

QSyntaxHighlighter *createHighlighter(const QString &exporterId, QTextDocument *document)
{
    if (exporterId == "django"_L1 || exporterId == "python"_L1)
        return new PythonHighlighter(document);
    if (exporterId == "yaml"_L1)
        return new YamlHighlighter(document);
    if (exporterId == "nginx"_L1)
        return new NginxHighlighter(document);
    return nullptr;
}

} // namespace Cors
