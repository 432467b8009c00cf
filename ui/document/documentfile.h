// SPDX-License-Identifier: MIT
#pragma once

#include "io/corsdocument.h"
#include "python/settingsreader.h"

#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace Cors {

/** What opening a policy file gave. */
struct DocumentFileResult
{
    bool ok = false;
    CorsDocument document;
    /** Why it could not be opened: names the file and, where known, line and column. */
    QString errorString;
    /** The import report of a settings.py (what was read and skipped), or the YAML warnings. */
    QList<SettingsMessage> messages;
    /** A Django settings module: imported, never written back. */
    bool imported = false;
    /**
     * A settings.py whose policy depends on DEBUG or the environment: the names of its
     * variants (empty otherwise), the one the document holds, and why the reader chose its
     * default one.
     */
    QStringList variants;
    qsizetype variantIndex = 0;
    QString chosenVariantReason;
};

/** The suffix CORS Studio saves documents with, ".cors.yaml". */
QString documentFileSuffix();

/** Whether @p path names a Django settings module (*.py) rather than a CORS Studio document. */
bool isSettingsModule(const QString &path);

/** Whether @p path looks like something Open accepts (*.cors.yaml, *.yaml, *.yml, *.py). */
bool isPolicyFileName(const QString &path);

/**
 * Reads a *.cors.yaml / *.yaml document or imports a settings.py (core's loadPolicyFile). For a
 * settings.py, @p profile is the profile to read it for (default 4.x) and @p variant the variant
 * to import (empty: the one the reader chooses). Only regular files are opened: a folder, FIFO,
 * socket or device is refused with a message naming it (opening a FIFO would wait for a writer).
 * Can block (a hung network mount): see DocumentFileJob.
 */
DocumentFileResult readDocumentFile(const QString &path, std::optional<Profile> profile = {},
                                    const QString &variant = {});

/**
 * readDocumentFile() on a thread of its own, so that a read that blocks (a hung network mount,
 * a slow disk, a FIFO swapped in after the check) never blocks the caller's event loop.
 *
 * A blocked system call cannot be interrupted: cancel() stops waiting, and what the thread
 * reads afterwards is dropped. The thread owns nothing of the job's, so the job may go first.
 */
class DocumentFileJob : public QObject
{
    Q_OBJECT

public:
    using ReadFunction = std::function<DocumentFileResult(
            const QString &path, std::optional<Profile> profile, const QString &variant)>;

    DocumentFileJob(const QString &path, std::optional<Profile> profile,
                    const QString &variant = {}, QObject *parent = nullptr);
    ~DocumentFileJob() override;

    QString path() const { return m_path; }
    /** Starts the read; finished() follows on this object's thread. */
    void start();
    /** Stops waiting: finished() is not emitted, and a late result is dropped. */
    void cancel();
    bool isRunning() const { return m_running; }
    bool isFinished() const { return m_finished; }
    bool isCancelled() const { return m_cancelled; }
    /** What readDocumentFile() gave, once finished. */
    const DocumentFileResult &result() const { return m_result; }

    /**
     * Replaces what the thread runs (by default readDocumentFile), for tests that stand in for
     * a read that hangs; an empty function restores the default.
     */
    static void setReadFunction(ReadFunction read);

signals:
    void finished();

private:
    struct Shared;
    QString m_path;
    std::optional<Profile> m_profile;
    QString m_variant;
    std::shared_ptr<Shared> m_shared;
    DocumentFileResult m_result;
    bool m_running = false;
    bool m_finished = false;
    bool m_cancelled = false;

    void deliver();
};

/** The document as *.cors.yaml text (core's saveCorsYaml); empty with @p error on failure. */
QByteArray serializeDocument(const CorsDocument &document, QString *error);

/** serializeDocument() written atomically (QSaveFile) to @p path. */
bool writeDocumentFile(const QString &path, const CorsDocument &document, QString *error);

} // namespace Cors
