// SPDX-License-Identifier: MIT
#include "python/pytokenizer.h"

#include "python/pyregexunicode.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace Cors::Py {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SettingsReader", text);
}

bool isAsciiDigit(char16_t c)
{
    return c >= u'0' && c <= u'9';
}

bool isHexDigit(char16_t c)
{
    return isAsciiDigit(c) || (c >= u'a' && c <= u'f') || (c >= u'A' && c <= u'F');
}

// CPython's is_potential_identifier_start/char: every non-ASCII code unit may belong to an
// identifier; verify_identifier decides later.
bool isIdentifierStart(char16_t c)
{
    return (c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_' || c >= 128;
}

bool isIdentifierChar(char16_t c)
{
    return isIdentifierStart(c) || isAsciiDigit(c);
}

char32_t codePointAt(const char16_t *data, qsizetype size, qsizetype pos, int *units)
{
    const char16_t c = data[pos];
    if (QChar::isHighSurrogate(c) && pos + 1 < size && QChar::isLowSurrogate(data[pos + 1])) {
        *units = 2;
        return QChar::surrogateToUcs4(c, data[pos + 1]);
    }
    *units = 1;
    return c;
}

bool isPrintable(char32_t cp)
{
    switch (QChar::category(cp)) {
    case QChar::Other_Control:
    case QChar::Other_Format:
    case QChar::Other_Surrogate:
    case QChar::Other_PrivateUse:
    case QChar::Other_NotAssigned:
    case QChar::Separator_Space:
    case QChar::Separator_Line:
    case QChar::Separator_Paragraph:
        return cp == U' ';
    default:
        return true;
    }
}

struct OpEntry
{
    const char16_t *text;
    Op op;
};

// Longest first, so the first match is the one CPython's tokenizer takes.
constexpr std::array<OpEntry, 48> operators = {{
        {u"**=", Op::DoubleStarEqual},
        {u"...", Op::Ellipsis},
        {u"//=", Op::DoubleSlashEqual},
        {u"<<=", Op::LeftShiftEqual},
        {u">>=", Op::RightShiftEqual},
        {u"!=", Op::NotEqual},
        {u"%=", Op::PercentEqual},
        {u"&=", Op::AmperEqual},
        {u"**", Op::DoubleStar},
        {u"*=", Op::StarEqual},
        {u"+=", Op::PlusEqual},
        {u"-=", Op::MinEqual},
        {u"->", Op::RArrow},
        {u"//", Op::DoubleSlash},
        {u"/=", Op::SlashEqual},
        {u":=", Op::ColonEqual},
        {u"<<", Op::LeftShift},
        {u"<=", Op::LessEqual},
        {u"<>", Op::NotEqual},
        {u"==", Op::EqEqual},
        {u">=", Op::GreaterEqual},
        {u">>", Op::RightShift},
        {u"@=", Op::AtEqual},
        {u"^=", Op::CircumflexEqual},
        {u"|=", Op::VBarEqual},
        {u"%", Op::Percent},
        {u"&", Op::Amper},
        {u"(", Op::LPar},
        {u")", Op::RPar},
        {u"*", Op::Star},
        {u"+", Op::Plus},
        {u",", Op::Comma},
        {u"-", Op::Minus},
        {u".", Op::Dot},
        {u"/", Op::Slash},
        {u":", Op::Colon},
        {u";", Op::Semi},
        {u"<", Op::Less},
        {u"=", Op::Equal},
        {u">", Op::Greater},
        {u"@", Op::At},
        {u"[", Op::LSqb},
        {u"]", Op::RSqb},
        {u"^", Op::Circumflex},
        {u"{", Op::LBrace},
        {u"|", Op::VBar},
        {u"}", Op::RBrace},
        {u"~", Op::Tilde},
}};

// Py 3.11 keyword.kwlist
constexpr std::array<const char *, 35> keywords = {
        "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
        "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
        "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
        "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield",
};

// --- decoding -----------------------------------------------------------------------------

struct Utf8Failure
{
    qsizetype offset;
};

// Strict UTF-8 as CPython's decoder: no overlongs, no surrogates, nothing above U+10FFFF.
std::optional<Utf8Failure> validateUtf8(const QByteArray &bytes, qsizetype from)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qsizetype n = bytes.size();
    qsizetype i = from;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int extra = 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
        } else if (c == 0xE0) {
            extra = 2;
            lo = 0xA0;
        } else if (c >= 0xE1 && c <= 0xEC) {
            extra = 2;
        } else if (c == 0xED) {
            extra = 2;
            hi = 0x9F;
        } else if (c >= 0xEE && c <= 0xEF) {
            extra = 2;
        } else if (c == 0xF0) {
            extra = 3;
            lo = 0x90;
        } else if (c >= 0xF1 && c <= 0xF3) {
            extra = 3;
        } else if (c == 0xF4) {
            extra = 3;
            hi = 0x8F;
        } else {
            return Utf8Failure {i};
        }
        for (int k = 1; k <= extra; ++k) {
            if (i + k >= n)
                return Utf8Failure {i};
            const unsigned char cc = p[i + k];
            const unsigned char l = k == 1 ? lo : 0x80;
            const unsigned char h = k == 1 ? hi : 0xBF;
            if (cc < l || cc > h)
                return Utf8Failure {i};
        }
        i += extra + 1;
    }
    return std::nullopt;
}

int lineOfByte(const QByteArray &bytes, qsizetype offset)
{
    int line = 1;
    for (qsizetype i = 0; i < offset; ++i) {
        if (bytes.at(i) == '\n'
            || (bytes.at(i) == '\r' && (i + 1 >= bytes.size() || bytes.at(i + 1) != '\n')))
            ++line;
    }
    return line;
}

// The end of the physical line starting at @p from. Bounded by size(), not by a terminating
// NUL: a QByteArray::fromRawData() has none (found by tests/fuzz/fuzz_settingsreader).
qsizetype lineEnd(const QByteArray &bytes, qsizetype from)
{
    const char *data = bytes.constData();
    const qsizetype size = bytes.size();
    qsizetype i = from;
    while (i < size && data[i] != '\r' && data[i] != '\n')
        ++i;
    return i;
}

// 1-based code point column of a byte, counting the valid UTF-8 before it on its line.
int columnOfByte(const QByteArray &bytes, qsizetype offset)
{
    qsizetype lineStart = offset;
    while (lineStart > 0 && bytes.at(lineStart - 1) != '\n' && bytes.at(lineStart - 1) != '\r')
        --lineStart;
    return int(QString::fromUtf8(bytes.mid(lineStart, offset - lineStart)).toUcs4().size()) + 1;
}

QByteArray physicalLine(const QByteArray &bytes, qsizetype from)
{
    return bytes.mid(from, lineEnd(bytes, from) - from);
}

// Lib/tokenize.py's cookie_re and blank_re, applied to a raw line.
std::optional<QByteArray> codingCookie(const QByteArray &line)
{
    qsizetype i = 0;
    while (i < line.size() && (line.at(i) == ' ' || line.at(i) == '\t' || line.at(i) == '\f'))
        ++i;
    if (i >= line.size() || line.at(i) != '#')
        return std::nullopt;
    qsizetype at = line.indexOf("coding", i);
    while (at >= 0) {
        qsizetype j = at + 6;
        if (j < line.size() && (line.at(j) == ':' || line.at(j) == '=')) {
            ++j;
            while (j < line.size() && (line.at(j) == ' ' || line.at(j) == '\t'))
                ++j;
            const qsizetype nameStart = j;
            while (j < line.size()
                   && (std::isalnum(static_cast<unsigned char>(line.at(j))) || line.at(j) == '-'
                       || line.at(j) == '_' || line.at(j) == '.'))
                ++j;
            if (j > nameStart)
                return line.mid(nameStart, j - nameStart);
        }
        at = line.indexOf("coding", at + 1);
    }
    return std::nullopt;
}

bool isBlankOrComment(const QByteArray &line)
{
    qsizetype i = 0;
    while (i < line.size() && (line.at(i) == ' ' || line.at(i) == '\t' || line.at(i) == '\f'))
        ++i;
    return i >= line.size() || line.at(i) == '#';
}

QString normalEncodingName(const QByteArray &name)
{
    const QString enc = QString::fromLatin1(name.left(12)).toLower().replace(u'_', u'-');
    if (enc == QLatin1String("utf-8") || enc.startsWith(QLatin1String("utf-8-")))
        return QStringLiteral("utf-8");
    for (const char *latin : {"latin-1", "iso-8859-1", "iso-latin-1"}) {
        const QLatin1String l(latin);
        if (enc == l || enc.startsWith(l + QLatin1String("-")))
            return QStringLiteral("iso-8859-1");
    }
    return QString::fromLatin1(name);
}

// Windows-1252's 0x80..0x9F row; 0 marks the five bytes it leaves undefined.
constexpr std::array<char16_t, 32> cp1252High = {
        0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

void normaliseNewlines(QString &text)
{
    if (!text.contains(u'\r'))
        return;
    QString out;
    out.reserve(text.size());
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n; ++i) {
        const QChar c = text.at(i);
        if (c == u'\r') {
            out.append(u'\n');
            if (i + 1 < n && text.at(i + 1) == u'\n')
                ++i;
        } else {
            out.append(c);
        }
    }
    text = std::move(out);
}

} // namespace

bool isKeyword(QStringView name)
{
    // Called for most names: reject on length and first letter before comparing.
    if (name.size() < 2 || name.size() > 8)
        return false;
    const char16_t first = name.front().unicode();
    for (const char *k : keywords) {
        if (char16_t(k[0]) == first && name == QLatin1String(k))
            return true;
    }
    return false;
}

std::optional<QString> decodeSource(const QByteArray &bytes, SourceError *error)
{
    auto failLine = [&](const QString &message, int line, int column) {
        if (error)
            *error = {message, line, column};
        return std::optional<QString>();
    };

    if (const qsizetype nul = bytes.indexOf('\0'); nul >= 0) {
        const int line = lineOfByte(bytes, nul);
        const int column = columnOfByte(bytes, nul);
        return failLine(tr("source code cannot contain null bytes"), line, column);
    }

    qsizetype start = 0;
    const bool bom = bytes.startsWith("\xEF\xBB\xBF");
    if (bom)
        start = 3;

    QString encoding = QStringLiteral("utf-8");
    const QByteArray first = physicalLine(bytes, start);
    std::optional<QByteArray> cookie = codingCookie(first);
    int cookieLine = 1;
    if (!cookie && isBlankOrComment(first)) {
        qsizetype secondStart = lineEnd(bytes, start);
        if (secondStart < bytes.size() && bytes.at(secondStart) == '\r')
            ++secondStart;
        if (secondStart < bytes.size() && bytes.at(secondStart) == '\n')
            ++secondStart;
        if (secondStart < bytes.size()) {
            cookie = codingCookie(physicalLine(bytes, secondStart));
            cookieLine = 2;
        }
    }
    if (cookie) {
        encoding = normalEncodingName(*cookie);
        const QString lower = encoding.toLower();
        if (bom && encoding != QLatin1String("utf-8"))
            return failLine(tr("encoding problem: %1 with BOM").arg(encoding), cookieLine, 0);
        if (lower == QLatin1String("utf8"))
            encoding = QStringLiteral("utf-8");
        else if (lower == QLatin1String("latin1") || lower == QLatin1String("l1")
                 || lower == QLatin1String("latin"))
            encoding = QStringLiteral("iso-8859-1");
        else if (lower == QLatin1String("us-ascii") || lower == QLatin1String("ascii"))
            encoding = QStringLiteral("ascii");
        else if (lower == QLatin1String("cp1252") || lower == QLatin1String("windows-1252"))
            encoding = QStringLiteral("cp1252");
        else if (encoding != QLatin1String("utf-8") && encoding != QLatin1String("iso-8859-1"))
            return failLine(tr("encoding problem: %1 (the reader understands utf-8, latin-1, "
                               "ascii and cp1252 only)")
                                    .arg(QString::fromLatin1(*cookie)),
                            cookieLine, 0);
    }

    QString text;
    const QByteArray body = bytes.mid(start);
    if (encoding == QLatin1String("utf-8")) {
        if (const auto bad = validateUtf8(bytes, start)) {
            const int line = lineOfByte(bytes, bad->offset);
            const int column = columnOfByte(bytes, bad->offset);
            const QString byte = QStringLiteral("\\x%1").arg(
                    uint(static_cast<unsigned char>(bytes.at(bad->offset))), 2, 16,
                    QLatin1Char('0'));
            if (cookie)
                return failLine(
                        tr("(unicode error) 'utf-8' codec can't decode byte 0x%1 on line %2")
                                .arg(byte.mid(2))
                                .arg(line),
                        line, column);
            return failLine(tr("Non-UTF-8 code starting with '%1' on line %2, but no encoding "
                               "declared; see https://peps.python.org/pep-0263/ for details")
                                    .arg(byte)
                                    .arg(line),
                            line, column);
        }
        text = QString::fromUtf8(body);
    } else if (encoding == QLatin1String("iso-8859-1")) {
        text = QString::fromLatin1(body);
    } else {
        text.resize(body.size());
        for (qsizetype i = 0; i < body.size(); ++i) {
            const auto b = static_cast<unsigned char>(body.at(i));
            char16_t c = b;
            const bool undefined = (encoding == QLatin1String("ascii") && b >= 0x80)
                    || (encoding == QLatin1String("cp1252") && b >= 0x80 && b <= 0x9F
                        && cp1252High[b - 0x80] == 0);
            if (undefined) {
                const int line = lineOfByte(bytes, start + i);
                return failLine(tr("(unicode error) '%1' codec can't decode byte 0x%2 on line %3")
                                        .arg(encoding)
                                        .arg(uint(b), 2, 16, QLatin1Char('0'))
                                        .arg(line),
                                line, 0);
            }
            if (encoding == QLatin1String("cp1252") && b >= 0x80 && b <= 0x9F)
                c = cp1252High[b - 0x80];
            text[i] = QChar(c);
        }
    }
    normaliseNewlines(text);
    return text;
}

// --- Tokenizer ----------------------------------------------------------------------------

Tokenizer::Tokenizer(const QString &text)
    : m_source(text)
    , m_data(reinterpret_cast<const char16_t *>(text.utf16()))
    , m_size(text.size())
{
    m_lineStarts.append(0);
}

QStringView Tokenizer::text(const Token &token) const
{
    return text(token.start, token.end);
}

QStringView Tokenizer::text(qsizetype start, qsizetype end) const
{
    return QStringView(m_data + start, end - start);
}

int Tokenizer::lineAt(qsizetype offset) const
{
    const auto it = std::upper_bound(m_lineStarts.cbegin(), m_lineStarts.cend(), offset);
    return int(it - m_lineStarts.cbegin());
}

int Tokenizer::columnAt(qsizetype offset) const
{
    const int line = lineAt(offset);
    const qsizetype lineStart = m_lineStarts.at(line - 1);
    qsizetype from = lineStart;
    int column = 1;
    // Messages come mostly in increasing order; continue from the last answer on the same line
    // so that a long line with many messages stays linear.
    if (m_columnCacheOffset >= lineStart && m_columnCacheOffset <= offset) {
        from = m_columnCacheOffset;
        column = m_columnCacheValue;
    }
    for (qsizetype i = from; i < offset && i < m_size; ++i) {
        if (!(QChar::isLowSurrogate(m_data[i]) && i > lineStart
              && QChar::isHighSurrogate(m_data[i - 1])))
            ++column;
    }
    m_columnCacheOffset = offset;
    m_columnCacheValue = column;
    return column;
}

std::optional<Tokenizer::OpenBracket> Tokenizer::innermostOpenBracket() const
{
    if (m_brackets.isEmpty())
        return std::nullopt;
    const Bracket &b = m_brackets.last();
    return OpenBracket {b.kind, b.line, b.offset};
}

QString Tokenizer::name(const Token &token) const
{
    const QStringView view = text(token);
    for (QChar c : view) {
        if (c.unicode() >= 128)
            return view.toString().normalized(QString::NormalizationForm_KC);
    }
    return view.toString();
}

Token Tokenizer::make(TokenType type, qsizetype start, qsizetype end, int line, Op op) const
{
    Token t;
    t.type = type;
    t.op = op;
    t.line = line;
    t.start = start;
    t.end = end;
    return t;
}

Token Tokenizer::fail(const QString &message, int line, int column)
{
    m_failed = true;
    m_error = {message, line, column};
    return make(TokenType::Error, m_pos, m_pos, line);
}

Token Tokenizer::failAt(const QString &message, qsizetype offset)
{
    return fail(message, lineAt(offset), columnAt(offset));
}

void Tokenizer::newLine(qsizetype newlineOffset)
{
    ++m_line;
    m_lineStarts.append(newlineOffset + 1);
}

int Tokenizer::linesInFile() const
{
    int lines = int(std::count(m_data, m_data + m_size, u'\n'));
    if (m_size > 0 && m_data[m_size - 1] != u'\n')
        ++lines;
    return std::max(lines, 1);
}

// Measures a line's indentation and queues INDENT/DEDENT tokens (CPython's tok_get prologue).
// Returns false and sets *out on an indentation error.
bool Tokenizer::measureIndentation(Token *out)
{
    int col = 0;
    int altcol = 0;
    while (!atEnd()) {
        const char16_t c = peek();
        if (c == u' ') {
            ++col;
            ++altcol;
        } else if (c == u'\t') {
            col = (col / 8 + 1) * 8;
            ++altcol;
        } else if (c == u'\f') {
            col = altcol = 0;
        } else {
            break;
        }
        ++m_pos;
    }
    const char16_t c = peek();
    const bool blank = atEnd() || c == u'#' || c == u'\n';
    if (blank || !m_brackets.isEmpty())
        return true;

    auto lineLength = [&] {
        qsizetype e = m_pos;
        while (e < m_size && m_data[e] != u'\n')
            ++e;
        return int(e - m_lineStarts.last());
    };
    auto tabError = [&] {
        *out = fail(tr("inconsistent use of tabs and spaces in indentation"), m_line, 1);
        return false;
    };
    if (col == m_indents.last()) {
        if (altcol != m_altIndents.last())
            return tabError();
    } else if (col > m_indents.last()) {
        if (m_indents.size() >= MaxIndentDepth) {
            *out = fail(tr("too many levels of indentation"), m_line, col + 1);
            return false;
        }
        if (altcol <= m_altIndents.last())
            return tabError();
        m_indents.append(col);
        m_altIndents.append(altcol);
        m_pendingIndents = 1;
    } else {
        int dedents = 0;
        while (m_indents.size() > 1 && col < m_indents.last()) {
            m_indents.removeLast();
            m_altIndents.removeLast();
            ++dedents;
        }
        if (col != m_indents.last()) {
            *out = fail(tr("unindent does not match any outer indentation level"), m_line,
                        lineLength() + 1);
            return false;
        }
        if (altcol != m_altIndents.last())
            return tabError();
        m_pendingIndents = -dedents;
    }
    return true;
}

Token Tokenizer::next()
{
    if (m_failed)
        return make(TokenType::Error, m_pos, m_pos, m_line);
    if (m_done)
        return make(TokenType::EndMarker, m_size, m_size, m_line);

    for (;;) {
        if (m_atLineStart) {
            m_atLineStart = false;
            Token error;
            if (!measureIndentation(&error))
                return error;
        }
        if (m_pendingIndents > 0) {
            --m_pendingIndents;
            return make(TokenType::Indent, m_pos, m_pos, m_line);
        }
        if (m_pendingIndents < 0) {
            ++m_pendingIndents;
            return make(TokenType::Dedent, m_pos, m_pos, m_line);
        }

        while (m_pos < m_size
               && (m_data[m_pos] == u' ' || m_data[m_pos] == u'\t' || m_data[m_pos] == u'\f'))
            ++m_pos;
        if (m_pos < m_size && m_data[m_pos] == u'#') {
            const char16_t *newline = std::char_traits<char16_t>::find(
                    m_data + m_pos, size_t(m_size - m_pos), u'\n');
            m_pos = newline ? newline - m_data : m_size;
        }

        if (atEnd()) {
            if (!m_brackets.isEmpty()) {
                const Bracket &b = m_brackets.last();
                return failAt(tr("'%1' was never closed").arg(b.kind), b.offset);
            }
            if (!m_lastWasNewline) {
                m_lastWasNewline = true;
                return make(TokenType::Newline, m_size, m_size, m_line);
            }
            if (m_indents.size() > 1) {
                m_indents.removeLast();
                m_altIndents.removeLast();
                return make(TokenType::Dedent, m_size, m_size, m_line);
            }
            m_done = true;
            return make(TokenType::EndMarker, m_size, m_size, m_line);
        }

        const char16_t c = peek();
        if (c == u'\n') {
            const qsizetype at = m_pos;
            const int line = m_line;
            ++m_pos;
            newLine(at);
            m_atLineStart = true;
            if (!m_brackets.isEmpty() || m_lastWasNewline)
                continue; // a blank line, or a line joined implicitly
            m_lastWasNewline = true;
            return make(TokenType::Newline, at, at + 1, line);
        }
        if (c == u'\\') {
            const qsizetype at = m_pos;
            ++m_pos;
            if (atEnd() || (peek() == u'\n' && m_pos + 1 >= m_size)) {
                // A continuation with nothing after it.
                return fail(tr("unexpected EOF while parsing"), lineAt(at), columnAt(at) + 1);
            }
            if (peek() != u'\n')
                return failAt(tr("unexpected character after line continuation character"), m_pos);
            newLine(m_pos);
            ++m_pos;
            continue;
        }

        m_lastWasNewline = false;
        if (isIdentifierStart(c))
            return readName();
        if (isAsciiDigit(c) || (c == u'.' && isAsciiDigit(peek(1))))
            return readNumber();
        if (c == u'"' || c == u'\'')
            return readString(m_pos);
        return readOperator();
    }
}

Token Tokenizer::readName()
{
    const qsizetype start = m_pos;
    // String prefixes: CPython accepts b, r, u, f and the pairs br/rb/fr/rf in any case.
    bool sawB = false, sawR = false, sawU = false, sawF = false;
    for (;;) {
        const char16_t c = m_pos < m_size ? m_data[m_pos] : char16_t(0);
        if (!(sawB || sawU || sawF) && (c == u'b' || c == u'B'))
            sawB = true;
        else if (!(sawB || sawU || sawR || sawF) && (c == u'u' || c == u'U'))
            sawU = true;
        else if (!(sawR || sawU) && (c == u'r' || c == u'R'))
            sawR = true;
        else if (!(sawF || sawB || sawU) && (c == u'f' || c == u'F'))
            sawF = true;
        else
            break;
        ++m_pos;
        if (peek() == u'"' || peek() == u'\'')
            return readString(start);
    }
    bool nonAscii = false;
    // Written out instead of isIdentifierChar(): this loop sees every character of every name.
    for (; m_pos < m_size; ++m_pos) {
        const char16_t c = m_data[m_pos];
        if ((c >= u'a' && c <= u'z') || (c >= u'A' && c <= u'Z') || c == u'_'
            || (c >= u'0' && c <= u'9'))
            continue;
        if (c < 128)
            break;
        nonAscii = true;
    }
    const Token token = make(TokenType::Name, start, m_pos, m_line);
    if (nonAscii) {
        // CPython's verify_identifier: report the first code point that cannot be part of an
        // identifier after NFKC normalisation.
        const QString normalized = text(token).toString().normalized(QString::NormalizationForm_KC);
        const QList<uint> cps = normalized.toUcs4();
        bool valid = !cps.isEmpty() && ReUnicode::isIdentifierStart(cps.first());
        for (qsizetype i = 1; valid && i < cps.size(); ++i)
            valid = ReUnicode::isIdentifierContinue(cps.at(i));
        if (!valid) {
            // Locate the offending code point in the original text.
            qsizetype pos = start;
            bool first = true;
            while (pos < m_pos) {
                int units = 1;
                const char32_t cp = codePointAt(m_data, m_size, pos, &units);
                const QString one
                        = QString::fromUcs4(&cp, 1).normalized(QString::NormalizationForm_KC);
                const QList<uint> ncps = one.toUcs4();
                bool ok = !ncps.isEmpty();
                for (qsizetype i = 0; ok && i < ncps.size(); ++i)
                    ok = (first && i == 0) ? ReUnicode::isIdentifierStart(ncps.at(i))
                                           : ReUnicode::isIdentifierContinue(ncps.at(i));
                if (!ok) {
                    m_pos = pos;
                    return invalidCharacter(pos);
                }
                first = false;
                pos += units;
            }
            return invalidCharacter(start);
        }
    }
    return token;
}

Token Tokenizer::invalidCharacter(qsizetype offset)
{
    int units = 1;
    const char32_t cp = codePointAt(m_data, m_size, offset, &units);
    const QString code = QStringLiteral("U+%1").arg(uint(cp), 4, 16, QLatin1Char('0')).toUpper();
    if (!isPrintable(cp))
        return failAt(tr("invalid non-printable character %1").arg(code), offset);
    return failAt(tr("invalid character '%1' (%2)").arg(QString::fromUcs4(&cp, 1), code), offset);
}

Token Tokenizer::readString(qsizetype tokenStart)
{
    const int startLine = m_line;
    const char16_t quote = peek();
    int quoteSize = 1;
    if (peek(1) == quote && peek(2) == quote)
        quoteSize = 3;
    m_pos += quoteSize;
    int endQuotes = 0;
    while (endQuotes != quoteSize) {
        // Plain characters in bulk: the body of a huge literal must not cost a call per char.
        if (endQuotes == 0) {
            qsizetype p = m_pos;
            while (p < m_size && m_data[p] != quote && m_data[p] != u'\\' && m_data[p] != u'\n')
                ++p;
            m_pos = p;
        }
        if (atEnd()) {
            const QString message = quoteSize == 3
                    ? tr("unterminated triple-quoted string literal (detected at line %1)")
                    : tr("unterminated string literal (detected at line %1)");
            return fail(message.arg(linesInFile()), lineAt(tokenStart), columnAt(tokenStart));
        }
        const char16_t c = peek();
        const qsizetype at = m_pos;
        ++m_pos;
        if (c == quote) {
            ++endQuotes;
            continue;
        }
        endQuotes = 0;
        if (c == u'\n') {
            if (quoteSize == 1) {
                const int detected = m_line;
                return fail(tr("unterminated string literal (detected at line %1)").arg(detected),
                            lineAt(tokenStart), columnAt(tokenStart));
            }
            newLine(at);
        } else if (c == u'\\') {
            if (atEnd())
                continue; // reported as unterminated above
            if (peek() == u'\n')
                newLine(m_pos);
            ++m_pos;
        }
    }
    return make(TokenType::String, tokenStart, m_pos, startLine);
}

bool Tokenizer::readDecimalTail(char16_t *c, Token *out)
{
    for (;;) {
        while (isAsciiDigit(peek()))
            ++m_pos;
        if (peek() != u'_')
            break;
        ++m_pos;
        if (!isAsciiDigit(peek())) {
            // CPython points at the last character read, the underscore.
            *out = failAt(tr("invalid decimal literal"), m_pos - 1);
            return false;
        }
    }
    *c = peek();
    return true;
}

bool Tokenizer::verifyEndOfNumber(char16_t c, const char *kind, Token *out)
{
    // CPython only warns when a keyword that may follow a number in valid code comes next
    // ("1if x else y"); anything else identifier-like is an error.
    auto followedBy = [&](const char16_t *rest) {
        qsizetype i = 1;
        for (; *rest; ++rest, ++i) {
            if (peek(i) != *rest)
                return false;
        }
        return true;
    };
    bool keyword = false;
    switch (c) {
    case u'a':
        keyword = followedBy(u"nd");
        break;
    case u'e':
        keyword = followedBy(u"lse");
        break;
    case u'f':
        keyword = followedBy(u"or");
        break;
    case u'i':
        keyword = peek(1) == u'f' || peek(1) == u'n' || peek(1) == u's';
        break;
    case u'o':
        keyword = followedBy(u"r");
        break;
    case u'n':
        keyword = followedBy(u"ot");
        break;
    default:
        break;
    }
    if (keyword)
        return true;
    if (isIdentifierChar(c)) {
        *out = failAt(tr("invalid %1 literal").arg(QLatin1String(kind)), m_pos - 1);
        return false;
    }
    return true;
}

Token Tokenizer::readNumber()
{
    const qsizetype start = m_pos;
    const int line = m_line;
    Token error;
    auto done = [&] { return make(TokenType::Number, start, m_pos, line); };

    auto radix = [&](auto isDigit, const char *kind, bool digitError) -> std::optional<Token> {
        m_pos += 2; // 0x / 0o / 0b
        char16_t c = peek();
        do {
            if (c == u'_') {
                ++m_pos;
                c = peek();
            }
            if (!isDigit(c)) {
                if (digitError && isAsciiDigit(c))
                    return failAt(tr("invalid digit '%1' in %2 literal")
                                          .arg(QChar(c))
                                          .arg(QLatin1String(kind)),
                                  m_pos);
                return failAt(tr("invalid %1 literal").arg(QLatin1String(kind)), m_pos - 1);
            }
            while (isDigit(peek()))
                ++m_pos;
            c = peek();
        } while (c == u'_');
        if (digitError && isAsciiDigit(c))
            return failAt(
                    tr("invalid digit '%1' in %2 literal").arg(QChar(c)).arg(QLatin1String(kind)),
                    m_pos);
        if (!verifyEndOfNumber(c, kind, &error))
            return error;
        return std::nullopt;
    };

    char16_t c = peek();
    bool fraction = false;
    bool exponent = false;
    bool imaginary = false;
    if (c == u'.') {
        fraction = true; // ".5"
    } else if (c == u'0') {
        const char16_t k = peek(1);
        if (k == u'x' || k == u'X') {
            if (auto e = radix(isHexDigit, "hexadecimal", false))
                return *e;
            return done();
        }
        if (k == u'o' || k == u'O') {
            if (auto e = radix([](char16_t d) { return d >= u'0' && d <= u'7'; }, "octal", true))
                return *e;
            return done();
        }
        if (k == u'b' || k == u'B') {
            if (auto e = radix([](char16_t d) { return d == u'0' || d == u'1'; }, "binary", true))
                return *e;
            return done();
        }
        // Zeros, then possibly the digits of a (forbidden) old-style octal or of a float.
        ++m_pos;
        c = peek();
        bool nonzero = false;
        for (;;) {
            if (c == u'_') {
                ++m_pos;
                c = peek();
                if (!isAsciiDigit(c))
                    return failAt(tr("invalid decimal literal"), m_pos - 1);
            }
            if (c != u'0')
                break;
            ++m_pos;
            c = peek();
        }
        if (isAsciiDigit(c)) {
            nonzero = true;
            if (!readDecimalTail(&c, &error))
                return error;
        }
        if (c == u'.') {
            ++m_pos;
            fraction = true;
        } else if (c == u'e' || c == u'E') {
            exponent = true;
        } else if (c == u'j' || c == u'J') {
            imaginary = true;
        } else if (nonzero) {
            return failAt(tr("leading zeros in decimal integer literals are not permitted; use an "
                             "0o prefix for octal integers"),
                          start);
        } else {
            if (!verifyEndOfNumber(c, "decimal", &error))
                return error;
            return done();
        }
    } else {
        if (!readDecimalTail(&c, &error))
            return error;
        if (c == u'.') {
            ++m_pos;
            fraction = true;
        } else if (c == u'e' || c == u'E') {
            exponent = true;
        } else if (c == u'j' || c == u'J') {
            imaginary = true;
        }
    }

    if (fraction && !exponent && !imaginary) {
        if (peek() == u'.' && start == m_pos)
            ++m_pos;
        if (isAsciiDigit(peek())) {
            if (!readDecimalTail(&c, &error))
                return error;
        }
        c = peek();
        if (c == u'e' || c == u'E')
            exponent = true;
        else if (c == u'j' || c == u'J')
            imaginary = true;
    }
    if (exponent) {
        const char16_t e = peek();
        ++m_pos;
        c = peek();
        if (c == u'+' || c == u'-') {
            ++m_pos;
            c = peek();
            if (!isAsciiDigit(c))
                return failAt(tr("invalid decimal literal"), m_pos - 1);
        } else if (!isAsciiDigit(c)) {
            // "1e" or "1else": the 'e' does not start an exponent.
            --m_pos;
            if (!verifyEndOfNumber(e, "decimal", &error))
                return error;
            return done();
        }
        if (!readDecimalTail(&c, &error))
            return error;
        if (c == u'j' || c == u'J')
            imaginary = true;
    }
    if (imaginary) {
        ++m_pos;
        if (!verifyEndOfNumber(peek(), "imaginary", &error))
            return error;
        return done();
    }
    if (!verifyEndOfNumber(peek(), "decimal", &error))
        return error;
    return done();
}

Token Tokenizer::readOperator()
{
    const qsizetype start = m_pos;
    const char16_t c = peek();
    if (c == u'(' || c == u'[' || c == u'{') {
        if (m_brackets.size() >= MaxParenDepth)
            return failAt(tr("too many nested parentheses"), start);
        m_brackets.append({QChar(c), m_line, start});
    } else if (c == u')' || c == u']' || c == u'}') {
        if (m_brackets.isEmpty())
            return failAt(tr("unmatched '%1'").arg(QChar(c)), start);
        const Bracket open = m_brackets.takeLast();
        const char16_t expected = open.kind == u'(' ? u')' : open.kind == u'[' ? u']' : u'}';
        if (c != expected) {
            if (open.line != m_line)
                return failAt(tr("closing parenthesis '%1' does not match opening parenthesis "
                                 "'%2' on line %3")
                                      .arg(QChar(c))
                                      .arg(open.kind)
                                      .arg(open.line),
                              start);
            return failAt(tr("closing parenthesis '%1' does not match opening parenthesis '%2'")
                                  .arg(QChar(c))
                                  .arg(open.kind),
                          start);
        }
    }
    // The one-character operators that start no longer one: no table walk for them.
    switch (c) {
    case u'(':
    case u')':
    case u'[':
    case u']':
    case u'{':
    case u'}':
    case u',':
    case u';':
    case u'~': {
        ++m_pos;
        const Op op = c == u'(' ? Op::LPar
                : c == u')'     ? Op::RPar
                : c == u'['     ? Op::LSqb
                : c == u']'     ? Op::RSqb
                : c == u'{'     ? Op::LBrace
                : c == u'}'     ? Op::RBrace
                : c == u','     ? Op::Comma
                : c == u';'     ? Op::Semi
                                : Op::Tilde;
        return make(TokenType::Op, start, m_pos, m_line, op);
    }
    case u'=':
        if (m_pos + 1 >= m_size || m_data[m_pos + 1] != u'=') {
            ++m_pos;
            return make(TokenType::Op, start, m_pos, m_line, Op::Equal);
        }
        break;
    default:
        break;
    }
    for (const OpEntry &entry : operators) {
        if (entry.text[0] != c)
            continue;
        qsizetype i = 0;
        while (entry.text[i] && peek(i) == entry.text[i])
            ++i;
        if (!entry.text[i]) {
            m_pos += i;
            return make(TokenType::Op, start, m_pos, m_line, entry.op);
        }
    }
    if (c == u'$' || c == u'?' || c == u'!' || c == u'`') {
        ++m_pos;
        return make(TokenType::Op, start, m_pos, m_line, Op::Invalid);
    }
    return invalidCharacter(start);
}

} // namespace Cors::Py
