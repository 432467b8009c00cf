// SPDX-License-Identifier: MIT
#pragma once

#include "io/corsdocument.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

namespace Cors {

/**
 * The native document, `*.cors.yaml` (format 1; docs/file-format.md): the policy with its
 * profile, every defined setting exactly as written, and the saved scenarios.
 */

/** The format version this build writes and the newest it reads. */
inline constexpr int CorsYamlFormat = 1;

/**
 * Limits on what loadCorsYaml() accepts. yaml-cpp 0.7 parses degenerate input at a few MB/s and
 * keeps every token of an open flow collection (`[...]`, `{...}`) in memory (100-250 bytes
 * each), so the size and the count of indicator characters bound a hostile document's time
 * and memory before yaml-cpp sees it. Most documents are a few kilobytes, but an allow-list
 * pasted from a spreadsheet, or imported from a settings.py at the reader's limit of 100,000
 * entries per setting, must read back: 100,000 origins are about 3.7 MB, 300,000 indicators
 * (two quotes and a colon each) and 100,000 nodes.
 */
namespace CorsYamlLimits {
/** Bytes of the whole file. */
inline constexpr qsizetype MaxBytes = 8 * 1024 * 1024;
/** Characters of `[]{},:?!&*"'#%|>`, wherever they are, plus `---` / `...` line starts. */
inline constexpr qsizetype MaxIndicators = 1000000;
/** YAML nodes, counting each use of an alias as a full copy (so alias bombs stop here). */
inline constexpr int MaxNodes = 1000000;
/** Collections nested in one another (yaml-cpp 0.7 itself gives up, without a location, at 500). */
inline constexpr int MaxDepth = 480;
/** Error messages reported before giving up. */
inline constexpr int MaxMessages = 50;
} // namespace CorsYamlLimits

/** A problem in a document; line and column are 1-based (columns count code points), 0 unknown. */
struct CorsYamlMessage
{
    int line = 0;
    int column = 0;
    QString text;

    friend bool operator==(const CorsYamlMessage &, const CorsYamlMessage &) = default;
};

struct CorsYamlResult
{
    bool ok = false;
    /** The document; default-constructed when ok is false. */
    CorsDocument document;
    /** Why the document cannot be loaded, in document order (empty when ok). */
    QList<CorsYamlMessage> messages;
};

/**
 * Reads a `*.cors.yaml` document. Never throws, never crashes and stops in bounded time on
 * hostile input (see CorsYamlLimits). Unknown keys, wrong types, unknown tags and plain
 * scalars YAML readers disagree about (`yes`, `012`, `1e5`) are errors, never dropped.
 */
CorsYamlResult loadCorsYaml(const QByteArray &text);

/**
 * Writes @p document as format 1: deterministic (settings in catalogue order, scenarios in
 * order), nothing machine-specific, and lossless: loadCorsYaml(saveCorsYaml(d)).document == d
 * for every document within CorsYamlLimits (values nested at most about 470 deep, a dict
 * counting twice; CPython's parser stops at 200) whose scenarios have HTTP status codes
 * (100-599) and finite, non-negative clock advances.
 */
QByteArray saveCorsYaml(const CorsDocument &document);

/**
 * Why loadCorsYaml() would refuse @p yaml, the text saveCorsYaml() wrote, for one of the
 * CorsYamlLimits (a document grown past them in the window); nullopt when it reads back. Only
 * text whose lines and indicator characters leave room for more values than the reader takes is
 * parsed to find out (none at 100,000 origins).
 */
std::optional<QString> corsYamlLimitProblem(const QByteArray &yaml);

/**
 * @p text as a YAML double-quoted scalar, escaping what is not printable or could mislead a
 * reader (controls, bidi and zero-width characters, line separators). Lone UTF-16 surrogates,
 * which YAML cannot hold, become U+FFFD; the native document keeps them with its !utf16 tag.
 */
QByteArray yamlQuoted(const QString &text);

} // namespace Cors
