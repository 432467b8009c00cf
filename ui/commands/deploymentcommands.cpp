// SPDX-License-Identifier: MIT
#include "commands/deploymentcommands.h"

#include "document/policydocument.h"

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

} // namespace Cors
