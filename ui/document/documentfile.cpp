// SPDX-License-Identifier: MIT
#include "document/documentfile.h"

#include "io/atomicfile.h"
#include "io/corsyaml.h"
#include "io/policyfile.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QMutex>
#include <QMutexLocker>
#include <QThread>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("DocumentFile", text);
}

} // namespace

QString documentFileSuffix()
{
    return u".cors.yaml"_s;
}

bool isSettingsModule(const QString &path)
{
    return QFileInfo(path).suffix().compare("py"_L1, Qt::CaseInsensitive) == 0;
}

bool isPolicyFileName(const QString &path)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    return suffix == "py"_L1 || suffix == "yaml"_L1 || suffix == "yml"_L1;
}

DocumentFileResult readDocumentFile(const QString &path, std::optional<Profile> profile,
                                    const QString &variant)
{
    DocumentFileResult out;
    out.imported = isSettingsModule(path);
    // Only regular files (or links to one): a FIFO would block the open until a writer comes.
    const QFileInfo info(path);
    if (info.exists() && !info.isFile()) {
        const QString shown = QDir::toNativeSeparators(path);
        out.errorString = info.isDir()
                ? tr("%1 is a folder, not a policy file. Open the *.cors.yaml or settings.py "
                     "inside it.")
                          .arg(shown)
                : tr("%1 is not a regular file (a FIFO, socket or device): CORS Studio opens "
                     "only policy files stored on disk.")
                          .arg(shown);
        return out;
    }
    PolicyFileOptions options;
    if (out.imported) {
        options.profile = profile;
        options.variant = variant;
    }
    const PolicyFileResult result = loadPolicyFile(path, options);
    out.messages = result.messages;
    if (!result.ok) {
        out.errorString = result.errorString;
        return out;
    }
    out.ok = true;
    out.document = result.document;
    if (result.variants.size() > 1) {
        for (const PolicyVariant &v : result.variants)
            out.variants.append(v.name);
        out.variantIndex = result.variantIndex;
        out.chosenVariantReason = result.chosenVariantReason;
    }
    return out;
}

namespace {

QMutex readFunctionMutex;
DocumentFileJob::ReadFunction readFunction;

DocumentFileJob::ReadFunction currentReadFunction()
{
    QMutexLocker lock(&readFunctionMutex);
    if (readFunction)
        return readFunction;
    return [](const QString &path, std::optional<Profile> profile, const QString &variant) {
        return readDocumentFile(path, profile, variant);
    };
}

} // namespace

/** What the reading thread and the job share: the result, handed over under the mutex. */
struct DocumentFileJob::Shared
{
    QMutex mutex;
    std::optional<DocumentFileResult> result;
};

DocumentFileJob::DocumentFileJob(const QString &path, std::optional<Profile> profile,
                                 const QString &variant, QObject *parent)
    : QObject(parent)
    , m_path(path)
    , m_profile(profile)
    , m_variant(variant)
    , m_shared(std::make_shared<Shared>())
{ }

DocumentFileJob::~DocumentFileJob()
{
    cancel();
}

void DocumentFileJob::setReadFunction(ReadFunction read)
{
    QMutexLocker lock(&readFunctionMutex);
    readFunction = std::move(read);
}

void DocumentFileJob::start()
{
    if (m_running || m_finished || m_cancelled)
        return;
    m_running = true;
    const std::shared_ptr<Shared> shared = m_shared;
    const QString path = m_path;
    const std::optional<Profile> profile = m_profile;
    const QString variant = m_variant;
    const ReadFunction read = currentReadFunction();
    QThread *thread = QThread::create([shared, path, profile, variant, read] {
        DocumentFileResult result = read(path, profile, variant);
        QMutexLocker lock(&shared->mutex);
        shared->result = std::move(result);
    });
    thread->setObjectName(u"DocumentFileJob"_s);
    // The thread object goes when its thread ends (never, if the read never returns: it is not
    // destroyed while running). The job hears of it only while it exists.
    connect(thread, &QThread::finished, thread, &QObject::deleteLater);
    connect(thread, &QThread::finished, this, &DocumentFileJob::deliver);
    thread->start();
}

void DocumentFileJob::cancel()
{
    if (!m_running)
        return;
    m_running = false;
    m_cancelled = true;
}

void DocumentFileJob::deliver()
{
    if (!m_running)
        return;
    {
        QMutexLocker lock(&m_shared->mutex);
        if (!m_shared->result)
            return;
        m_result = std::move(*m_shared->result);
    }
    m_running = false;
    m_finished = true;
    emit finished();
}

QByteArray serializeDocument(const CorsDocument &document, QString *error)
{
    QByteArray data = saveCorsYaml(document);
    if (data.isEmpty()) {
        if (error)
            *error = tr("The document cannot be written as YAML.");
        return data;
    }
    // Nothing is written that the next open would refuse.
    if (const std::optional<QString> problem = corsYamlLimitProblem(data)) {
        if (error)
            *error = *problem;
        return {};
    }
    return data;
}

bool writeDocumentFile(const QString &path, const CorsDocument &document, QString *error)
{
    QString why;
    const QByteArray data = serializeDocument(document, &why);
    if (data.isEmpty()) {
        if (error)
            *error = tr("Cannot save %1: %2").arg(QDir::toNativeSeparators(path), why);
        return false;
    }
    return writeFileAtomically(path, data, error);
}

} // namespace Cors
