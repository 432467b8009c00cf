// SPDX-License-Identifier: MIT
#pragma once

#include "io/corsdocument.h"

#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>

class QLockFile;

namespace Cors {

/** Where a document came from, saved next to its recovery copy. */
struct RecoveryInfo
{
    QString filePath;     ///< the *.cors.yaml it saves to (empty: untitled)
    QString importedFrom; ///< the settings.py it was imported from
    QString displayName;
    QDateTime savedAt;
};

/** A recovery copy left behind by a session that did not end properly. */
struct RecoveryLeftover
{
    QString id;
    QString documentPath; ///< the *.cors.yaml copy
    RecoveryInfo info;
};

/**
 * The autosave copy of one open document, under QStandardPaths::AppLocalDataLocation/recovery:
 * `<id>.cors.yaml` (the document), `<id>.json` (where it came from) and `<id>.lock`, a QLockFile
 * held while the session runs. A copy whose lock is not held (the process died) is a leftover
 * that the next start offers to recover.
 */
class RecoveryFile
{
public:
    RecoveryFile();
    /** Removes the copy: the session ended normally. */
    ~RecoveryFile();
    RecoveryFile(const RecoveryFile &) = delete;
    RecoveryFile &operator=(const RecoveryFile &) = delete;

    QString id() const { return m_id; }
    QString documentPath() const;
    bool exists() const;

    /** Writes (replaces) the copy; takes the lock on first use. */
    bool write(const CorsDocument &document, const RecoveryInfo &info, QString *error);
    /** Deletes the copy (the document was saved, discarded or closed). */
    void remove();
    /**
     * Leaves the copy behind and lets the lock go, as a crash would: for tests and for the
     * screenshot run, never in normal use.
     */
    void abandon();

    static QString directory();
    /** Copies no running session holds, newest first. */
    static QList<RecoveryLeftover> findLeftovers();
    /** Deletes a leftover's files. */
    static void discard(const RecoveryLeftover &leftover);

private:
    QString m_id;
    std::unique_ptr<QLockFile> m_lock;
    bool m_abandoned = false;

    QString path(const char *suffix) const;
};

} // namespace Cors
