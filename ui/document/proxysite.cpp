// SPDX-License-Identifier: MIT
#include "document/proxysite.h"

#include "document/backgroundjob.h"
#include "document/policydocument.h"
#include "nginx/nginxconfig.h"

namespace Cors {

ProxySite::ProxySite(PolicyDocument *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
    , m_job(new BackgroundJob(this))
{
    connect(document, &PolicyDocument::documentReset, this, &ProxySite::reload);
    connect(document, &PolicyDocument::fileChanged, this, [this] {
        // Saved elsewhere: a relative proxy path now resolves against another directory.
        if (resolvedPath() != m_path)
            reload();
    });
    reload();
}

QString ProxySite::resolvedPath() const
{
    // An imported settings.py's document resolves against the settings module's directory.
    const QString base = m_document->filePath().isEmpty() ? m_document->importedFrom()
                                                          : m_document->filePath();
    return proxyFilePath(m_document->document(), base);
}

void ProxySite::reload()
{
    m_path = resolvedPath();
    m_site.reset();
    m_error.clear();
    if (m_path.isEmpty()) {
        m_job->cancel(); // a read for the previous document must not land
        m_loading = false;
        emit changed();
        return;
    }
    m_loading = true;
    emit changed();
    m_job->start(
            [path = m_path] { return std::make_shared<const NginxSite>(readNginxConfig(path)); },
            [this](const std::shared_ptr<const NginxSite> &site) { deliver(site); });
}

void ProxySite::deliver(std::shared_ptr<const NginxSite> site)
{
    m_loading = false;
    if (!site->errors().isEmpty()) {
        m_error = nginxErrorText(site->errors().first());
    } else {
        m_site = std::move(site);
    }
    emit changed();
}

} // namespace Cors
