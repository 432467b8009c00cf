// SPDX-License-Identifier: MIT
#include "document/proxysite.h"

#include "document/policydocument.h"
#include "nginx/nginxconfig.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>

namespace Cors {

ProxySite::ProxySite(PolicyDocument *document, QObject *parent)
    : QObject(parent)
    , m_document(document)
{
    connect(document, &PolicyDocument::documentReset, this, &ProxySite::reload);
    connect(document, &PolicyDocument::fileChanged, this, [this] {
        // Saved elsewhere: a relative proxy path now resolves against another directory.
        if (proxyFilePath(m_document->document(), m_document->filePath()) != m_path)
            reload();
    });
    reload();
}

void ProxySite::reload()
{
    const quint64 generation = ++m_generation;
    const QString base = m_document->filePath().isEmpty() ? m_document->importedFrom()
                                                          : m_document->filePath();
    m_path = m_document->document().proxyFile.isEmpty()
            ? QString()
            : proxyFilePath(m_document->document(), base);
    m_site.reset();
    m_error.clear();
    if (m_path.isEmpty()) {
        m_loading = false;
        emit changed();
        return;
    }
    m_loading = true;
    emit changed();
    QPointer<ProxySite> self(this);
    const QString path = m_path;
    QThreadPool::globalInstance()->start([self, path, generation] {
        auto site = std::make_shared<const NginxSite>(readNginxConfig(path));
        if (QCoreApplication *app = QCoreApplication::instance())
            QMetaObject::invokeMethod(
                    app,
                    [self, generation, site] {
                        if (self)
                            self->deliver(generation, site);
                    },
                    Qt::QueuedConnection);
    });
}

void ProxySite::deliver(quint64 generation, std::shared_ptr<const NginxSite> site)
{
    if (generation != m_generation)
        return; // read for a document or file that has changed since
    m_loading = false;
    if (!site->errors().isEmpty()) {
        m_error = nginxErrorText(site->errors().first());
    } else {
        m_site = std::move(site);
    }
    emit changed();
}

} // namespace Cors
