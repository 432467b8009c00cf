// SPDX-License-Identifier: MIT
#include "cli/clicommon.h"
#include "io/jsonwriter.h"

#include "browser/parallelrun.h"
#include "io/policyfile.h"
#include "io/requestjson.h"
#include "nginx/nginxsite.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fcntl.h>
#include <unistd.h>

namespace Cors::Cli {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("Cli", text);
}

OutputCapture *activeCapture = nullptr;
constexpr size_t outputBufferSize = size_t(1) << 20;
constexpr qsizetype DirectWriteBytes = 64 * 1024;

} // namespace

OutputCapture::OutputCapture()
    : m_previous(activeCapture)
{
    activeCapture = this;
}

OutputCapture::~OutputCapture()
{
    activeCapture = m_previous;
}

void writeOut(const QByteArray &bytes)
{
    if (activeCapture) {
        activeCapture->m_bytes += bytes;
        return;
    }
    if (bytes.size() < DirectWriteBytes) {
        std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stdout);
        return;
    }
    // Through stdio's buffer a large block was copied once more on its way (respond's million
    // answers: a quarter of a gigabyte); what stdio holds goes first, to keep the order.
    std::fflush(stdout);
    const char *p = bytes.constData();
    size_t left = size_t(bytes.size());
    while (left > 0) {
        const ssize_t written = ::write(STDOUT_FILENO, p, left);
        if (written < 0) {
            if (errno == EINTR)
                continue;
            return; // as fwrite: a closed or full output is not the answers' problem
        }
        p += written;
        left -= size_t(written);
    }
}

void writeErr(const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stderr);
    if (!text.endsWith(u'\n'))
        std::fputc('\n', stderr);
}

bool parseHeaderOption(const QString &text, HttpHeaders *headers)
{
    const qsizetype colon = text.indexOf(u':');
    if (colon <= 0) {
        writeErr(QCoreApplication::translate("Cli", "Expected 'Name: value', got \"%1\".")
                         .arg(text));
        return false;
    }
    headers->append({text.left(colon).trimmed(), text.mid(colon + 1).trimmed()});
    return true;
}

void flushOut()
{
    std::fflush(stdout);
}

void bufferOutputForStreaming()
{
    // Never freed: stdout may still be flushed from it at exit.
    static char *const buffer = new char[outputBufferSize];
    std::setvbuf(stdout, buffer, _IOFBF, outputBufferSize);
#ifdef F_SETPIPE_SZ
    // A larger pipe lets the writer hand over a whole buffer while the reader is busy; only a
    // request, the kernel may refuse (then the default size stays).
    ::fcntl(STDOUT_FILENO, F_SETPIPE_SZ, int(outputBufferSize));
#endif
}

QCommandLineOption corsLayerOption()
{
    return QCommandLineOption(
            QStringLiteral("cors-layer"),
            tr("Who answers CORS: django (CorsMiddleware) or nginx (the nginx export in front, "
               "Django without CorsMiddleware). Default: the document's cors_layer, else django."),
            tr("layer"));
}

std::optional<CorsLayer> chosenCorsLayer(const QCommandLineParser &parser,
                                         const QCommandLineOption &option,
                                         const CorsDocument &document)
{
    if (!parser.isSet(option))
        return document.corsLayer;
    const auto layer = corsLayerFromName(parser.value(option));
    if (!layer)
        writeErr(tr("Unknown --cors-layer \"%1\": use django or nginx.").arg(parser.value(option)));
    return layer;
}

QCommandLineOption jobsOption()
{
    return QCommandLineOption(QStringLiteral("jobs"),
                              tr("Run scenarios on N threads (default: one per core). The output "
                                 "is the same, in the same order, whatever N."),
                              tr("N"));
}

std::optional<int> jobCount(const QCommandLineParser &parser)
{
    if (!parser.isSet(QStringLiteral("jobs")))
        return defaultJobCount();
    bool ok = false;
    const int jobs = parser.value(QStringLiteral("jobs")).toInt(&ok);
    // More threads than this only add memory: the machines this runs on have fewer cores.
    if (!ok || jobs < 1 || jobs > 1024) {
        writeErr(tr("Invalid --jobs \"%1\": use a whole number from 1 to 1024.")
                         .arg(parser.value(QStringLiteral("jobs"))));
        return std::nullopt;
    }
    return jobs;
}

std::shared_ptr<const NginxSite> loadNginxSite(const QString &path, bool quiet)
{
    auto site = std::make_shared<const NginxSite>(readNginxConfig(path));
    if (!site->errors().isEmpty()) {
        writeErr(nginxErrorText(site->errors().first()));
        return nullptr;
    }
    if (!quiet) {
        for (const NginxNote &note : site->notModelled()) {
            writeErr(note.where.line > 0 ? tr("%1:%2: note: %3")
                                                   .arg(note.where.file)
                                                   .arg(note.where.line)
                                                   .arg(note.text)
                                         : tr("%1: note: %2").arg(path, note.text));
        }
    }
    return site;
}

JsonLinesReader::Status JsonLinesReader::next(QByteArray *line, qint64 *tooLongLength)
{
    *line = m_device->readLine(MaxJsonLineBytes + 2);
    if (line->isEmpty() && m_device->atEnd())
        return Status::End;
    ++m_lineNumber;
    if (line->endsWith('\n')) {
        line->chop(1);
        return Status::Line;
    }
    if (line->size() <= MaxJsonLineBytes)
        return Status::Line;
    // Too long: count and drop the rest of the line in bounded chunks.
    qint64 length = line->size();
    while (!line->endsWith('\n')) {
        *line = m_device->readLine(64 * 1024);
        if (line->isEmpty() && m_device->atEnd())
            break;
        length += line->size();
    }
    if (line->endsWith('\n'))
        --length;
    *tooLongLength = length;
    line->clear();
    return Status::TooLong;
}

BlockLineReader::BlockLineReader(QIODevice *device)
    : m_device(device)
{
    m_buffer.resize(MaxJsonLineBytes + 2 * Chunk);
}

BlockLineReader::Status BlockLineReader::next(QByteArrayView *line, qint64 *tooLongLength)
{
    for (;;) {
        const char *begin = m_buffer.constData() + m_pos;
        const auto *newline
                = static_cast<const char *>(std::memchr(begin, '\n', size_t(m_end - m_pos)));
        if (newline || (m_eof && m_pos < m_end)) {
            const qsizetype length = newline ? newline - begin : m_end - m_pos;
            m_pos += length + (newline ? 1 : 0);
            ++m_lineNumber;
            if (length > MaxJsonLineBytes) {
                *tooLongLength = length;
                return Status::TooLong;
            }
            *line = QByteArrayView(begin, length);
            return Status::Line;
        }
        if (m_eof)
            return Status::End;
        if (m_end - m_pos > MaxJsonLineBytes) {
            // Too long: count and drop the rest of the line in bounded chunks.
            qint64 length = m_end - m_pos;
            m_pos = m_end = 0;
            ++m_lineNumber;
            for (;;) {
                fill();
                const auto *end = static_cast<const char *>(
                        std::memchr(m_buffer.constData(), '\n', size_t(m_end)));
                if (end) {
                    length += end - m_buffer.constData();
                    m_pos = end - m_buffer.constData() + 1;
                    break;
                }
                length += m_end;
                m_end = 0;
                if (m_eof)
                    break;
            }
            *tooLongLength = length;
            return Status::TooLong;
        }
        fill();
    }
}

void BlockLineReader::fill()
{
    if (m_pos > 0) {
        const qsizetype rest = m_end - m_pos;
        if (rest > 0)
            std::memmove(m_buffer.data(), m_buffer.constData() + m_pos, size_t(rest));
        m_end = std::max<qsizetype>(rest, 0);
        m_pos = 0;
    }
    const qint64 got = m_device->read(m_buffer.data() + m_end,
                                      std::min<qint64>(Chunk, m_buffer.size() - m_end));
    if (got <= 0)
        m_eof = true;
    else
        m_end += got;
}

PolicyCommandLine::PolicyCommandLine(const QString &description)
    : m_profile(QStringLiteral("profile"),
                tr("django-cors-headers version to behave as: 4.x (default) or 3.14."),
                tr("profile"))
    , m_debugSettings(QStringLiteral("debug-settings"),
                      tr("Read the `if DEBUG:` branches of settings.py instead of the others."))
    , m_quiet(QStringList {QStringLiteral("q"), QStringLiteral("quiet")},
              tr("Do not print warnings about the policy file."))
    , m_variant(QStringLiteral("variant"),
                tr("For a settings.py whose policy depends on DEBUG or the environment: the "
                   "variant to use (\"DEBUG on\", \"CORS_ORIGINS set\", ...); by default "
                   "the one the reader chooses. check and lint report every variant unless "
                   "one is given."),
                tr("name"))
    , m_policyDescription(tr("The policy: a Django settings module (*.py) or a CORS Studio "
                             "document (*.cors.yaml)."))
{
    m_parser.setApplicationDescription(description);
    m_parser.addHelpOption();
    m_parser.addOption(m_profile);
    m_parser.addOption(m_debugSettings);
    m_parser.addOption(m_quiet);
    m_parser.addOption(m_variant);
    m_parser.addPositionalArgument(QStringLiteral("command"), tr("The command."));
    m_parser.addPositionalArgument(QStringLiteral("policy"), m_policyDescription);
}

QString PolicyCommandLine::helpText() const
{
    // QCommandLineParser names the program as it was started (a path, perhaps); the help and
    // the man page made from it name the command.
    static const QRegularExpression usage(QStringLiteral("^Usage: \\S+"));
    return m_parser.helpText().replace(usage, QStringLiteral("Usage: cors-studio"));
}

std::optional<int> PolicyCommandLine::parse(const QStringList &arguments)
{
    if (!m_parser.parse(arguments)) {
        writeErr(m_parser.errorText());
        return ExitUsage;
    }
    if (m_parser.isSet(QStringLiteral("help")) || m_parser.isSet(QStringLiteral("help-all"))) {
        // The usage line names the command instead of a placeholder.
        m_parser.clearPositionalArguments();
        m_parser.addPositionalArgument(QStringLiteral("command"), tr("The command."),
                                       arguments.value(1));
        m_parser.addPositionalArgument(QStringLiteral("policy"), m_policyDescription);
        writeOut(helpText().toUtf8());
        return ExitOk;
    }
    if (m_parser.positionalArguments().size() != 2) {
        writeErr(tr("Expected exactly one policy file.\n\n") + helpText());
        return ExitUsage;
    }
    if (m_parser.isSet(m_profile) && !profileFromName(m_parser.value(m_profile))) {
        writeErr(tr("Unknown profile \"%1\": use 4.x or 3.14.").arg(m_parser.value(m_profile)));
        return ExitUsage;
    }
    return std::nullopt;
}

std::optional<Policy> PolicyCommandLine::loadPolicy(Report report)
{
    const auto document = loadDocument(report);
    if (!document)
        return std::nullopt;
    return document->policy;
}

std::optional<CorsDocument> PolicyCommandLine::loadDocument(Report report)
{
    PolicyFileOptions options;
    if (m_parser.isSet(m_profile))
        options.profile = profileFromName(m_parser.value(m_profile));
    options.debug = m_parser.isSet(m_debugSettings);
    const QString path = m_parser.positionalArguments().at(1);
    options.variant = m_parser.value(m_variant);
    m_loaded = loadPolicyFile(path, options);
    const PolicyFileResult &loaded = m_loaded;
    if (!loaded.ok) {
        writeErr(loaded.errorString);
        return std::nullopt;
    }
    if (loaded.variants.size() > 1 && !m_parser.isSet(m_quiet)) {
        QStringList names;
        for (const PolicyVariant &v : loaded.variants)
            names.append(u'"' + v.name + u'"');
        QString note = m_parser.isSet(m_variant)
                ? tr("%1: info: the policy has %2 variants (%3); this run uses \"%4\" "
                     "(--variant)")
                          .arg(path)
                          .arg(loaded.variants.size())
                          .arg(names.join(QStringLiteral(", ")), loaded.variantName())
                : tr("%1: info: the policy has %2 variants (%3); the chosen one is \"%4\" "
                     "(%5); --variant picks another")
                          .arg(path)
                          .arg(loaded.variants.size())
                          .arg(names.join(QStringLiteral(", ")), loaded.variantName(),
                               loaded.chosenVariantReason);
        if (!loaded.summarisedDecisions.isEmpty())
            note += tr("; also depends on what is fixed here as %1")
                            .arg(loaded.summarisedDecisions.join(QStringLiteral(", ")));
        writeErr(note);
    }
    if (!m_parser.isSet(m_quiet) || report == ReportEverything) {
        for (const SettingsMessage &m : loaded.messages) {
            if (m.severity == SettingsMessage::Severity::Warning || report == ReportEverything)
                writeErr(formatSettingsMessage(path, m));
        }
    }
    m_deployment = loaded.document.deployment ? loaded.document.deployment : loaded.deployment;
    m_deploymentProblems = loaded.deploymentProblems;
    return loaded.document;
}

QString PolicyCommandLine::proxyFile(const QCommandLineOption &proxyOption) const
{
    if (m_parser.isSet(proxyOption))
        return m_parser.value(proxyOption);
    return proxyFilePath(m_loaded.document, m_parser.positionalArguments().at(1));
}

std::optional<Deployment> PolicyCommandLine::deployment(const QString &routesFile)
{
    Deployment deployment = m_deployment.value_or(Deployment());
    const QString path = m_parser.positionalArguments().value(1);
    if (!m_parser.isSet(m_quiet)) {
        for (const QString &problem : std::as_const(m_deploymentProblems))
            writeErr(QStringLiteral("%1: warning: %2").arg(path, problem));
    }
    if (routesFile.isEmpty())
        return deployment;
    QFile file(routesFile);
    if (!file.open(QIODevice::ReadOnly)) {
        writeErr(tr("Cannot read the routes file %1: %2").arg(routesFile, file.errorString()));
        return std::nullopt;
    }
    constexpr qint64 MaxRoutesBytes = 4 * 1024 * 1024;
    const QByteArray bytes = file.read(MaxRoutesBytes + 1);
    if (bytes.size() > MaxRoutesBytes) {
        writeErr(tr("%1: more than 4 MiB; not read").arg(routesFile));
        return std::nullopt;
    }
    QString error;
    const auto routes = parseRoutesJson(bytes, &error);
    if (!routes) {
        writeErr(QStringLiteral("%1: %2").arg(routesFile, error));
        return std::nullopt;
    }
    deployment.routes = routes->routes;
    deployment.identities = routes->identities;
    return deployment;
}

void writeUnreadJson(JsonWriter &json, const QList<UnreadSetting> &unread)
{
    json.key("unread").beginArray();
    for (const UnreadSetting &u : unread) {
        json.beginObject();
        json.key("setting").value(settingName(u.id));
        json.key("line").value(u.line);
        json.key("message").value(unreadSettingText(u));
        json.endObject();
    }
    json.endArray();
}

} // namespace Cors::Cli
