// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QRegularExpression>
#include <QSyntaxHighlighter>
#include <QTextCharFormat>

namespace Cors {

/**
 * Rule-based highlighters for the export pane and the Python value editor: comments, strings,
 * keywords, numbers and names, in colours chosen for the palette (light or dark).
 */
class RuleHighlighter : public QSyntaxHighlighter
{
    Q_OBJECT

public:
    enum class Style { Comment, String, Keyword, Number, Name, Variable, Punctuation };

protected:
    explicit RuleHighlighter(QTextDocument *document);
    void addRule(const QString &pattern, Style style, int group = 0);
    QTextCharFormat format(Style style) const;
    void highlightBlock(const QString &text) override;
    /** Applies the rules to text[from, to) (the part outside multi-line strings). */
    void applyRules(const QString &text, int from, int to);

private:
    struct Rule
    {
        QRegularExpression pattern;
        Style style;
        int group;
    };
    QList<Rule> m_rules;
};

/** Python, with triple-quoted strings across lines. */
class PythonHighlighter : public RuleHighlighter
{
    Q_OBJECT

public:
    explicit PythonHighlighter(QTextDocument *document);

protected:
    void highlightBlock(const QString &text) override;
};

class YamlHighlighter : public RuleHighlighter
{
    Q_OBJECT

public:
    explicit YamlHighlighter(QTextDocument *document);
};

class NginxHighlighter : public RuleHighlighter
{
    Q_OBJECT

public:
    explicit NginxHighlighter(QTextDocument *document);
};

/** The highlighter for an exporter's output ("django", "yaml", "nginx"), or nullptr. */
QSyntaxHighlighter *createHighlighter(const QString &exporterId, QTextDocument *document);

} // namespace Cors
