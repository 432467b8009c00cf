// SPDX-License-Identifier: MIT
#include "nginx/nginxconfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

namespace Cors {

namespace {

// Directives that take a block; any other directive followed by "{" is "not terminated by ;".
bool takesBlock(const QString &name)
{
    static const QStringList names
            = {QStringLiteral("http"),          QStringLiteral("server"),
               QStringLiteral("location"),      QStringLiteral("if"),
               QStringLiteral("map"),           QStringLiteral("events"),
               QStringLiteral("upstream"),      QStringLiteral("types"),
               QStringLiteral("limit_except"),  QStringLiteral("geo"),
               QStringLiteral("split_clients"), QStringLiteral("stream"),
               QStringLiteral("mail"),          QStringLiteral("charset_map"),
               QStringLiteral("match")};
    return names.contains(name);
}

enum class Token { Statement, BlockStart, BlockDone, FileDone, Error };

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// A port of nginx's ngx_conf_read_token(): same states, same wording.
class Lexer
{
public:
    Lexer(const QByteArray &text, const QString &file)
        : m_text(text)
        , m_file(file)
    { }

    Token next(QStringList &args, NginxLocation &start, NginxError &error)
    {
        args.clear();
        bool lastSpace = true, sharpComment = false, variable = false, quoted = false;
        bool sQuoted = false, dQuoted = false, needSpace = false;
        qsizetype wordStart = 0;
        while (true) {
            if (m_pos >= m_text.size()) {
                if (!args.isEmpty() || !lastSpace) {
                    error = {QStringLiteral("unexpected end of file, expecting \";\" or \"}\""),
                             endOfFile()};
                    return Token::Error;
                }
                return Token::FileDone;
            }
            const char ch = m_text.at(m_pos++);
            if (ch == '\n') {
                ++m_line;
                m_lineStart = m_pos;
                sharpComment = false;
            }
            if (sharpComment)
                continue;
            // nginx would take a NUL as part of a word; no configuration has one, a binary
            // file does: say so where it is instead of an "unknown directive" with a NUL in it.
            if (ch == '\0') {
                error = {QStringLiteral("unexpected NUL byte (a binary file?)"), here()};
                return Token::Error;
            }
            if (quoted) {
                quoted = false;
                continue;
            }
            if (needSpace) {
                if (isSpace(ch)) {
                    lastSpace = true;
                    needSpace = false;
                    continue;
                }
                if (ch == ';')
                    return Token::Statement;
                if (ch == '{')
                    return Token::BlockStart;
                if (ch == ')') {
                    lastSpace = true;
                    needSpace = false;
                } else {
                    error = {QStringLiteral("unexpected \"%1\"").arg(QLatin1Char(ch)), here()};
                    return Token::Error;
                }
            }
            if (lastSpace) {
                if (isSpace(ch))
                    continue;
                wordStart = m_pos - 1;
                if (args.isEmpty())
                    start = {m_file, m_line, int(m_pos - m_lineStart)};
                switch (ch) {
                case ';':
                case '{':
                    if (args.isEmpty()) {
                        error = {QStringLiteral("unexpected \"%1\"").arg(QLatin1Char(ch)), here()};
                        return Token::Error;
                    }
                    return ch == '{' ? Token::BlockStart : Token::Statement;
                case '}':
                    if (!args.isEmpty()) {
                        error = {QStringLiteral("unexpected \"}\""), here()};
                        return Token::Error;
                    }
                    start = {m_file, m_line, int(m_pos - m_lineStart)};
                    return Token::BlockDone;
                case '#':
                    sharpComment = true;
                    continue;
                case '\\':
                    quoted = true;
                    lastSpace = false;
                    continue;
                case '"':
                    ++wordStart;
                    dQuoted = true;
                    lastSpace = false;
                    continue;
                case '\'':
                    ++wordStart;
                    sQuoted = true;
                    lastSpace = false;
                    continue;
                case '$':
                    variable = true;
                    lastSpace = false;
                    continue;
                default:
                    lastSpace = false;
                }
            } else {
                if (ch == '{' && variable)
                    continue;
                variable = false;
                if (ch == '\\') {
                    quoted = true;
                    continue;
                }
                if (ch == '$') {
                    variable = true;
                    continue;
                }
                bool found = false;
                if (dQuoted) {
                    if (ch == '"') {
                        dQuoted = false;
                        needSpace = true;
                        found = true;
                    }
                } else if (sQuoted) {
                    if (ch == '\'') {
                        sQuoted = false;
                        needSpace = true;
                        found = true;
                    }
                } else if (isSpace(ch) || ch == ';' || ch == '{') {
                    lastSpace = true;
                    found = true;
                }
                if (found) {
                    args.append(unescape(wordStart, m_pos - 1));
                    if (ch == ';')
                        return Token::Statement;
                    if (ch == '{')
                        return Token::BlockStart;
                }
            }
        }
    }

    NginxLocation here() const { return {m_file, m_line, int(m_pos - m_lineStart)}; }
    /** Just after the last character of the file. */
    NginxLocation endOfFile() const { return {m_file, m_line, int(m_pos - m_lineStart) + 1}; }

private:
    QString unescape(qsizetype from, qsizetype to) const
    {
        QByteArray out;
        out.reserve(to - from);
        for (qsizetype i = from; i < to;) {
            if (m_text.at(i) == '\\' && i + 1 < to) {
                const char n = m_text.at(i + 1);
                if (n == '"' || n == '\'' || n == '\\') {
                    ++i;
                } else if (n == 't' || n == 'r' || n == 'n') {
                    out.append(n == 't' ? '\t' : n == 'r' ? '\r' : '\n');
                    i += 2;
                    continue;
                }
            }
            out.append(m_text.at(i++));
        }
        return QString::fromUtf8(out);
    }

    QByteArray m_text;
    QString m_file;
    qsizetype m_pos = 0;
    qsizetype m_lineStart = 0;
    int m_line = 1;
};

class Reader
{
public:
    explicit Reader(const NginxReadOptions &options)
        : m_options(options)
    { }

    void parseText(const QByteArray &text, const QString &file, int includeDepth,
                   QList<NginxDirective> &out, NginxConfig &config)
    {
        m_bytes += text.size();
        if (m_bytes > m_options.maxBytes) {
            config.errors.append(
                    {QStringLiteral("configuration larger than %1 bytes").arg(m_options.maxBytes),
                     {file, 1, 1}});
            return;
        }
        Lexer lexer(text, file);
        parseBlock(lexer, file, includeDepth, 0, out, config);
    }

    void readFile(const QString &path, int includeDepth, const NginxLocation &from,
                  QList<NginxDirective> &out, NginxConfig &config)
    {
        const QFileInfo info(path);
        // A FIFO or a device (/dev/stdin, /dev/zero) would block or never end: refuse it
        // before opening. A missing file falls through to open()'s error, as in nginx.
        if (info.exists() && !info.isFile()) {
            config.errors.append({QStringLiteral("\"%1\" is not a regular file").arg(path), from});
            return;
        }
        const QString canonical = info.canonicalFilePath();
        if (!canonical.isEmpty() && m_reading.contains(canonical)) {
            QStringList chain;
            for (const QString &f : std::as_const(m_reading))
                chain.append(QFileInfo(f).fileName());
            chain.append(info.fileName());
            config.errors.append({QStringLiteral("include loop: \"%1\" is already being read (%2)")
                                          .arg(path, chain.join(QStringLiteral(" -> "))),
                                  from});
            return;
        }
        if (++m_files > m_options.maxFiles) {
            config.errors.append(
                    {QStringLiteral("more than %1 files included").arg(m_options.maxFiles), from});
            return;
        }
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            config.errors.append(
                    {QStringLiteral("open() \"%1\" failed (%2)").arg(path, f.errorString()), from});
            return;
        }
        const QByteArray text = f.read(m_options.maxBytes - m_bytes + 1);
        m_reading.append(canonical.isEmpty() ? path : canonical);
        parseText(text, path, includeDepth, out, config);
        m_reading.removeLast();
    }

private:
    // Returns false after an error (nginx stops at the first one).
    bool parseBlock(Lexer &lexer, const QString &file, int includeDepth, int nesting,
                    QList<NginxDirective> &out, NginxConfig &config)
    {
        NginxLocation start;
        NginxError error;
        while (true) {
            // Fresh each time: a list reused after takeFirst() kept growing its free space at the
            // front, one allocation larger per directive (300,000 directives took 30 s).
            QStringList args;
            const Token token = lexer.next(args, start, error);
            switch (token) {
            case Token::Error:
                config.errors.append(error);
                return false;
            case Token::FileDone:
                if (nesting > 0) {
                    config.errors.append({QStringLiteral("unexpected end of file, expecting \"}\""),
                                          lexer.endOfFile()});
                    return false;
                }
                return true;
            case Token::BlockDone:
                if (nesting == 0) {
                    config.errors.append({QStringLiteral("unexpected \"}\""), lexer.here()});
                    return false;
                }
                return true;
            case Token::Statement:
            case Token::BlockStart: {
                NginxDirective d;
                d.name = args.takeFirst();
                d.args = std::move(args);
                d.where = start;
                const bool block = token == Token::BlockStart;
                if (block && !takesBlock(d.name)) {
                    config.errors.append(
                            {QStringLiteral("directive \"%1\" is not terminated by \";\"")
                                     .arg(d.name),
                             lexer.here()});
                    return false;
                }
                if (!block && takesBlock(d.name)) {
                    config.errors.append(
                            {QStringLiteral("directive \"%1\" has no opening \"{\"").arg(d.name),
                             lexer.here()});
                    return false;
                }
                if (!block && d.name == QLatin1String("include")) {
                    // The included file's blocks nest inside this one.
                    const int base = m_nestingBase;
                    m_nestingBase += nesting;
                    const bool included = include(d, file, includeDepth, out, config);
                    m_nestingBase = base;
                    if (!included)
                        return false;
                    continue;
                }
                if (++m_directives > m_options.maxDirectives) {
                    config.errors.append(
                            {QStringLiteral("more than %1 directives").arg(m_options.maxDirectives),
                             start});
                    return false;
                }
                if (block) {
                    d.hasBlock = true;
                    if (m_nestingBase + nesting + 1 > m_options.maxNesting) {
                        config.errors.append({QStringLiteral("blocks nested deeper than %1")
                                                      .arg(m_options.maxNesting),
                                              start});
                        return false;
                    }
                    if (!parseBlock(lexer, file, includeDepth, nesting + 1, d.block, config)) {
                        out.append(d);
                        return false;
                    }
                }
                out.append(d);
                break;
            }
            }
        }
    }

    bool include(const NginxDirective &d, const QString &file, int includeDepth,
                 QList<NginxDirective> &out, NginxConfig &config)
    {
        if (d.args.size() != 1) {
            config.errors.append(
                    {QStringLiteral("invalid number of arguments in \"include\" directive"),
                     d.where});
            return false;
        }
        if (includeDepth + 1 > m_options.maxIncludeDepth) {
            config.errors.append({QStringLiteral("includes nested deeper than %1")
                                          .arg(m_options.maxIncludeDepth),
                                  d.where});
            return false;
        }
        QString pattern = d.args.first();
        if (QDir::isRelativePath(pattern)) {
            const QString base = m_options.includeBase.isEmpty() ? QFileInfo(file).absolutePath()
                                                                 : m_options.includeBase;
            pattern = QDir(base).filePath(pattern);
        }
        const qsizetype errorsBefore = config.errors.size();
        static const QRegularExpression globChars(QStringLiteral("[*?\\[]"));
        if (!pattern.contains(globChars)) {
            readFile(pattern, includeDepth + 1, d.where, out, config);
        } else {
            const QFileInfo info(pattern);
            QDir dir(info.absolutePath());
            const QStringList names
                    = dir.entryList({info.fileName()}, QDir::Files | QDir::Hidden, QDir::Name);
            for (const QString &name : names) {
                if (name.startsWith(QLatin1Char('.'))
                    && !info.fileName().startsWith(QLatin1Char('.')))
                    continue; // nginx's glob() does not match dot files with a wildcard
                readFile(dir.filePath(name), includeDepth + 1, d.where, out, config);
                if (config.errors.size() != errorsBefore)
                    break;
            }
        }
        return config.errors.size() == errorsBefore;
    }

    NginxReadOptions m_options;
    qint64 m_bytes = 0;
    int m_files = 0;
    int m_directives = 0;
    /** Blocks open around the include being read. */
    int m_nestingBase = 0;
    /** The files being read, outermost first (canonical paths): an include loop. */
    QStringList m_reading;
};

} // namespace

NginxConfig readNginxConfig(const QString &path, const NginxReadOptions &options)
{
    NginxConfig config;
    NginxReadOptions resolved = options;
    if (resolved.includeBase.isEmpty()) // nginx: relative to the main file's directory
        resolved.includeBase = QFileInfo(path).absolutePath();
    Reader reader(resolved);
    reader.readFile(path, 0, {path, 0, 0}, config.directives, config);
    return config;
}

NginxConfig parseNginxConfig(const QByteArray &text, const QString &fileName,
                             const NginxReadOptions &options)
{
    NginxConfig config;
    Reader reader(options);
    reader.parseText(text, fileName, 0, config.directives, config);
    return config;
}

} // namespace Cors
