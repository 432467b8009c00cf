// SPDX-License-Identifier: MIT
#pragma once

#include "nginx/nginxsite.h"

#include <QObject>
#include <QString>

#include <memory>

namespace Cors {

class BackgroundJob;
class PolicyDocument;

/**
 * The nginx configuration the open document names (`proxy:`), read on a worker thread (a file
 * on a slow disk, or a FIFO, never blocks the window) whenever the document or its file changes.
 * The simulator puts it in front of the Django stack; the routes show which location serves
 * each. A read for an older document is never shown.
 */
class ProxySite : public QObject
{
    Q_OBJECT

public:
    explicit ProxySite(PolicyDocument *document, QObject *parent = nullptr);

    /** The configuration when it loads; null while reading, on error, or without `proxy:`. */
    std::shared_ptr<const NginxSite> site() const { return m_site; }
    /** The file read (resolved against the document's directory); empty without `proxy:`. */
    QString path() const { return m_path; }
    /** Why the configuration cannot be used ("nginx: [emerg] … in file:line"), or empty. */
    QString error() const { return m_error; }
    bool isLoading() const { return m_loading; }
    /** The job that reads the file (tests: the thread it ran on). */
    const BackgroundJob *job() const { return m_job; }

    /** Reads the file again (after the user edited it). */
    void reload();

signals:
    void changed();

private:
    QString resolvedPath() const;
    void deliver(std::shared_ptr<const NginxSite> site);

    PolicyDocument *m_document;
    std::shared_ptr<const NginxSite> m_site;
    QString m_path;
    QString m_error;
    bool m_loading = false;
    /** Reads the file; a read for an older document or path never lands. */
    BackgroundJob *m_job;
};

} // namespace Cors
