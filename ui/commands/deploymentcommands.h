// SPDX-License-Identifier: MIT
#pragma once

#include "stack/deployment.h"

#include <QUndoCommand>

#include <optional>

namespace Cors {

class PolicyDocument;

/**
 * Replaces the document's deployment (the Django stack around CorsMiddleware) as one undo step:
 * a middleware moved, a setting changed, a route added, the stack switched on or off. The
 * deployment is a few dozen values, so the command keeps both whole states.
 */
class SetDeploymentCommand : public QUndoCommand
{
public:
    SetDeploymentCommand(PolicyDocument *document, std::optional<Deployment> after,
                         const QString &text, QUndoCommand *parent = nullptr);

    void undo() override;
    void redo() override;

private:
    PolicyDocument *m_document;
    std::optional<Deployment> m_before;
    std::optional<Deployment> m_after;
};

} // namespace Cors
