// SPDX-License-Identifier: MIT
#pragma once

#include "io/corsdocument.h"
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

/** Switches who answers CORS (django-cors-headers, or nginx with Django silent) as one undo step. */
class SetCorsLayerCommand : public QUndoCommand
{
public:
    SetCorsLayerCommand(PolicyDocument *document, CorsLayer after, QUndoCommand *parent = nullptr);

    void undo() override;
    void redo() override;

private:
    PolicyDocument *m_document;
    CorsLayer m_before;
    CorsLayer m_after;
};

} // namespace Cors
