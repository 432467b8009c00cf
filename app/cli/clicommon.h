// SPDX-License-Identifier: MIT
#pragma once

#include "io/jsonwriter.h"

#include "io/corsdocument.h"
#include "io/policyfile.h"
#include "policy/policy.h"
#include "server/httpmessage.h"
#include "stack/deployment.h"

#include <QByteArray>
#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QIODevice>
#include <QString>

#include <memory>
#include <optional>

namespace Cors {
class NginxSite;
}

namespace Cors::Cli {

/** Exit codes shared by every command. */
enum ExitCode {
    ExitOk = 0,
    ExitFindings = 1, ///< the command ran and found errors (check, lint, test)
    ExitUsage = 2,    ///< bad arguments or unreadable input
};

void writeOut(const QByteArray &bytes);

/**
 * While one exists, writeOut() appends to it instead of stdout: how `help` and the man page
 * generator collect each command's --help text from the command itself.
 */
class OutputCapture
{
public:
    OutputCapture();
    ~OutputCapture();
    OutputCapture(const OutputCapture &) = delete;
    OutputCapture &operator=(const OutputCapture &) = delete;
    const QByteArray &bytes() const { return m_bytes; }

private:
    friend void writeOut(const QByteArray &bytes);
    QByteArray m_bytes;
    OutputCapture *m_previous;
};

/**
 * Reads JSON Lines input (`respond`, `simulate --batch`) line by line, holding at most
 * MaxJsonLineBytes (io/requestjson.h) of one line: the rest of a longer line is skipped and
 * the line reported, so that one huge line costs neither memory nor time.
 */
class JsonLinesReader
{
public:
    explicit JsonLinesReader(QIODevice *device)
        : m_device(device)
    { }
    enum class Status { Line, TooLong, End };
    /** The next line (without the line break); for TooLong, @p line holds its length. */
    Status next(QByteArray *line, qint64 *tooLongLength);
    qint64 lineNumber() const { return m_lineNumber; }

private:
    QIODevice *m_device;
    qint64 m_lineNumber = 0;
};
/**
 * JsonLinesReader's lines (same numbering, same TooLong rule) read from large blocks, for input
 * read to its end (`respond` from a file or pipe, `simulate --batch`): QIODevice::readLine()
 * allocates room for the longest line allowed on every call, which cost more than answering a
 * request. Not for interactive input: a block read waits for more than one line.
 */
class BlockLineReader
{
public:
    explicit BlockLineReader(QIODevice *device);
    using Status = JsonLinesReader::Status;

    /** The next line (without the line break), valid until the next call. */
    Status next(QByteArrayView *line, qint64 *tooLongLength);
    qint64 lineNumber() const { return m_lineNumber; }

private:
    static constexpr qsizetype Chunk = 64 * 1024;

    /** Moves the unread bytes to the front and reads up to one more chunk. */
    void fill();

    QIODevice *m_device;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    qsizetype m_end = 0;
    bool m_eof = false;
    qint64 m_lineNumber = 0;
};
void writeErr(const QString &text);
/** Appends a `--header 'Name: value'` option to @p headers; false (and a message) when malformed. */
bool parseHeaderOption(const QString &text, HttpHeaders *headers);
void flushOut();
/**
 * `simulate --batch` writes about 5 KB an answer: stdout gets a 1 MiB buffer (and, when it is a
 * pipe, asks for a pipe that size) so that the reader gets a few large writes instead of one per
 * answer (the kernel's share of a batch fell from 0.36 s to 0.15 s per 100,000 answers). Call
 * before anything is written.
 */
void bufferOutputForStreaming();
/** --jobs N: the threads `simulate --batch` and `test` run scenarios on. */
QCommandLineOption jobsOption();
/** --jobs as given (a whole number ≥ 1), else every core; std::nullopt (and a message) when bad. */
std::optional<int> jobCount(const QCommandLineParser &parser);
/** "unread": [{"setting", "line", "message"}]: the settings a variant could not read. */
void writeUnreadJson(JsonWriter &json, const QList<UnreadSetting> &unread);

/**
 * `--proxy FILE`: reads an nginx configuration (a whole nginx.conf or a site file) for the
 * commands that put nginx in front of Django. Prints nginx -t style errors and, unless
 * @p quiet, what is not modelled; null when the file cannot be used.
 */
std::shared_ptr<const NginxSite> loadNginxSite(const QString &path, bool quiet);

/** `--cors-layer django|nginx`: who answers CORS (default: the document's `cors_layer`). */
QCommandLineOption corsLayerOption();
/**
 * The layer @p parser's @p option names, else @p document's; nullopt (and a message naming the
 * value) when the value is neither django nor nginx.
 */
std::optional<CorsLayer> chosenCorsLayer(const QCommandLineParser &parser,
                                         const QCommandLineOption &option,
                                         const CorsDocument &document);

/** The options every policy command shares: POLICY, --profile, --debug-settings. */
class PolicyCommandLine
{
public:
    explicit PolicyCommandLine(const QString &description);

    QCommandLineParser &parser() { return m_parser; }
    /** Parses @p arguments; on error or --help prints and returns the exit code to use. */
    std::optional<int> parse(const QStringList &arguments);
    enum Report {
        ReportWarnings,   ///< warnings from reading settings.py (unless -q)
        ReportEverything, ///< every line of the import report: what was read and skipped
    };
    /** Loads POLICY, printing the import report to stderr; nullopt after an error. */
    std::optional<Policy> loadPolicy(Report report = ReportWarnings);
    /** Loads POLICY with its saved scenarios (none for a settings.py). */
    std::optional<CorsDocument> loadDocument(Report report = ReportWarnings);
    /**
     * The Django stack of the policy loaded last (settings.py: its MIDDLEWARE, APPEND_SLASH,
     * ...), with the routes and identities of @p routesFile (a JSON file, may be empty). Prints
     * what could not be used; nullopt when the routes file cannot be used.
     */
    std::optional<Deployment> deployment(const QString &routesFile);
    /**
     * The nginx configuration to put in front: @p proxyOption's value when given, else the
     * file the loaded document names (`proxy:`, relative to the document); empty: none.
     */
    QString proxyFile(const QCommandLineOption &proxyOption) const;

    /**
     * The variants of the policy loaded last (settings.py whose policy depends on DEBUG or
     * the environment; one, unnamed, otherwise), the one loadDocument() returned, and why.
     */
    const QList<PolicyVariant> &variants() const { return m_loaded.variants; }
    qsizetype variantIndex() const { return m_loaded.variantIndex; }
    const PolicyFileResult &loaded() const { return m_loaded; }

private:
    QString helpText() const;

    QCommandLineParser m_parser;
    QCommandLineOption m_profile;
    QCommandLineOption m_debugSettings;
    QCommandLineOption m_quiet;
    QCommandLineOption m_variant;
    PolicyFileResult m_loaded;
    std::optional<Deployment> m_deployment;
    QStringList m_deploymentProblems;
    QString m_policyDescription;
};

} // namespace Cors::Cli
