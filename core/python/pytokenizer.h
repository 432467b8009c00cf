// SPDX-License-Identifier: MIT
#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace Cors::Py {

/**
 * A problem Python reports as SyntaxError (or one of its subclasses) while reading source code.
 * Line and column are 1-based; the column counts code points, as CPython's SyntaxError.offset.
 */
struct SourceError
{
    QString message;
    int line = 0;
    int column = 0;
};

/**
 * Decodes a Python source file the way CPython 3.11 reads one: UTF-8 unless a PEP 263 coding
 * cookie on line 1 or 2 says otherwise (utf-8, latin-1, ascii and cp1252 are understood), an
 * optional UTF-8 BOM, universal newlines ("\r\n" and "\r" become "\n"). NUL bytes are refused.
 */
std::optional<QString> decodeSource(const QByteArray &bytes, SourceError *error);

enum class TokenType : quint8 {
    Name,
    Number,
    String,
    Op,
    Newline,
    Indent,
    Dedent,
    EndMarker,
    Error, ///< the tokenizer stopped; Tokenizer::error() says why
};

enum class Op : quint8 {
    None,
    LPar,
    RPar,
    LSqb,
    RSqb,
    LBrace,
    RBrace,
    Colon,
    Comma,
    Semi,
    Plus,
    Minus,
    Star,
    Slash,
    VBar,
    Amper,
    Less,
    Greater,
    Equal,
    Dot,
    Percent,
    EqEqual,
    NotEqual,
    LessEqual,
    GreaterEqual,
    Tilde,
    Circumflex,
    LeftShift,
    RightShift,
    DoubleStar,
    PlusEqual,
    MinEqual,
    StarEqual,
    SlashEqual,
    PercentEqual,
    AmperEqual,
    VBarEqual,
    CircumflexEqual,
    LeftShiftEqual,
    RightShiftEqual,
    DoubleStarEqual,
    DoubleSlash,
    DoubleSlashEqual,
    At,
    AtEqual,
    RArrow,
    Ellipsis,
    ColonEqual,
    /** '$', '?', '!' or '`': CPython hands these to its parser, which rejects them. */
    Invalid,
};

struct Token
{
    TokenType type = TokenType::EndMarker;
    Op op = Op::None;
    int line = 0;        ///< line of the first character
    qsizetype start = 0; ///< offset into the decoded text
    qsizetype end = 0;   ///< exclusive
};

/**
 * Python 3.11's tokenizer over decoded source text (see decodeSource), producing tokens on
 * demand so that huge files need no token list: NEWLINE/INDENT/DEDENT with CPython's tab and
 * form-feed rules, implicit joining inside brackets, backslash continuation, comments, all
 * string prefixes and quote styles, and CPython's number grammar. Errors carry CPython's
 * message and position. Comments and blank lines produce no tokens.
 */
class Tokenizer
{
public:
    /** @p text must outlive the tokenizer and use "\n" line ends only. */
    explicit Tokenizer(const QString &text);

    Token next();
    /** Set once next() returned an Error token. */
    const SourceError &error() const { return m_error; }

    QStringView text(const Token &token) const;
    QStringView text(qsizetype start, qsizetype end) const;
    /** 1-based line of an offset the tokenizer has already passed. */
    int lineAt(qsizetype offset) const;
    /** 1-based code point column of an offset the tokenizer has already passed. */
    int columnAt(qsizetype offset) const;
    /** An identifier token's name, NFKC-normalised as Python does for non-ASCII identifiers. */
    QString name(const Token &token) const;

    struct OpenBracket
    {
        QChar kind;
        int line;
        qsizetype offset;
    };
    /** The innermost bracket not closed yet, as far as the tokenizer has read. */
    std::optional<OpenBracket> innermostOpenBracket() const;

    static constexpr int MaxParenDepth = 200;  ///< CPython's MAXLEVEL
    static constexpr int MaxIndentDepth = 100; ///< CPython's MAXINDENT

private:
    struct Bracket
    {
        QChar kind;
        int line;
        qsizetype offset;
    };

    Token make(TokenType type, qsizetype start, qsizetype end, int line, Op op = Op::None) const;
    Token fail(const QString &message, int line, int column);
    Token failAt(const QString &message, qsizetype offset);
    bool atEnd() const { return m_pos >= m_size; }
    char16_t peek(qsizetype ahead = 0) const
    {
        return m_pos + ahead < m_size ? m_data[m_pos + ahead] : char16_t(0);
    }
    void newLine(qsizetype newlineOffset);
    bool measureIndentation(Token *out);
    Token readName();
    Token readString(qsizetype tokenStart);
    Token readNumber();
    bool readDecimalTail(char16_t *c, Token *out);
    bool verifyEndOfNumber(char16_t c, const char *kind, Token *out);
    Token readOperator();
    Token invalidCharacter(qsizetype offset);
    int linesInFile() const;

    const QString &m_source;
    const char16_t *m_data;
    qsizetype m_size;
    qsizetype m_pos = 0;
    int m_line = 1;
    QList<qsizetype> m_lineStarts;
    bool m_atLineStart = true;
    bool m_lastWasNewline = true; // no NEWLINE token is due before EOF
    bool m_done = false;
    bool m_failed = false;
    int m_pendingIndents = 0; // > 0: INDENTs due, < 0: DEDENTs due
    QList<int> m_indents {0};
    QList<int> m_altIndents {0};
    QList<Bracket> m_brackets;
    SourceError m_error;
    mutable qsizetype m_columnCacheOffset = -1;
    mutable int m_columnCacheValue = 0;
};

bool isKeyword(QStringView name);

} // namespace Cors::Py
