// SPDX-License-Identifier: MIT
#include "commands/deploymentcommands.h"

#include "document/policydocument.h"

#include <QCoreApplication>

namespace Cors {

SetDeploymentCommand::SetDeploymentCommand(PolicyDocument *document,
                                           std::optional<Deployment> after, const QString &text,
                                           QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_document(document)
    , m_before(document->document().deployment)
    , m_after(std::move(after))
{
    // Nothing changes: the undo stack drops it rather than showing an empty step.
    if (m_before == m_after)
        setObsolete(true);
}

void SetDeploymentCommand::undo()
{
    m_document->setDeployment(m_before);
}

void SetDeploymentCommand::redo()
{
    m_document->setDeployment(m_after);
}

SetCorsLayerCommand::SetCorsLayerCommand(PolicyDocument *document, CorsLayer after,
                                         QUndoCommand *parent)
    : QUndoCommand(
            after == CorsLayer::Nginx
                    ? QCoreApplication::translate("SetCorsLayerCommand", "nginx answers CORS")
                    : QCoreApplication::translate("SetCorsLayerCommand",
                                                  "django-cors-headers answers CORS"),
            parent)
    , m_document(document)
    , m_before(document->document().corsLayer)
    , m_after(after)
{
    if (m_before == m_after)
        setObsolete(true);
}

void SetCorsLayerCommand::undo()
{
    m_document->setCorsLayer(m_before);
}

void SetCorsLayerCommand::redo()
{
    m_document->setCorsLayer(m_after);
}

} // namespace Cors
