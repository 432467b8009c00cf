// SPDX-License-Identifier: MIT
#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Cors {

/** Where a directive or an error sits: file, 1-based line and column. */
struct NginxLocation
{
    QString file;
    int line = 0;
    int column = 0;
};

/** One directive as nginx reads it: name, arguments (unquoted, escapes applied) and its block. */
struct NginxDirective
{
    QString name;
    QStringList args;
    NginxLocation where;
    bool hasBlock = false;
    QList<NginxDirective> block;
};

/** A syntax error in nginx's own wording (`unexpected "}"`, ...) and where it is. */
struct NginxError
{
    QString message;
    NginxLocation where;
};

/**
 * The result of reading one nginx file with its includes. Nothing is executed; `include` is
 * followed (globs sorted, as nginx does) up to a depth limit.
 */
struct NginxConfig
{
    QList<NginxDirective> directives;
    QList<NginxError> errors; // empty when the file reads cleanly
    bool ok() const { return errors.isEmpty(); }
};

struct NginxReadOptions
{
    /** Relative include paths resolve against this directory; empty: the directory of the main
     *  file, as nginx does (its conf prefix), for every nested include too. */
    QString includeBase;
    /** 0: every include is an error (the fuzz target reads no files). */
    int maxIncludeDepth = 16;
    /** Blocks inside blocks, counted across includes. */
    int maxNesting = 64;
    qint64 maxBytes = 8 * 1024 * 1024; // all files together
    int maxFiles = 1024;               // files read, the main one included
    int maxDirectives = 200000;        // all files together
};

/**
 * Reads a file and its includes. Hostile input ends in an error at a file, line and column,
 * never a hang: an include loop (a file that includes itself through any chain), includes
 * nested deeper than maxIncludeDepth, FIFOs and devices, more than maxFiles files, blocks
 * nested deeper than maxNesting, more than maxBytes or maxDirectives, a NUL byte.
 */
NginxConfig readNginxConfig(const QString &path, const NginxReadOptions &options = {});
/** Reads text as if it were the file `fileName` (includes resolve against includeBase). */
NginxConfig parseNginxConfig(const QByteArray &text, const QString &fileName,
                             const NginxReadOptions &options = {});

} // namespace Cors
