// SPDX-License-Identifier: MIT
#pragma once

#include "browser/policyfix.h"
#include "io/corsdocument.h"

#include <QList>
#include <QUndoCommand>

namespace Cors {

class PolicyDocument;

/** Replaces the document's saved scenarios (add, remove, change one): one undo step. */
class SetScenariosCommand : public QUndoCommand
{
public:
    SetScenariosCommand(PolicyDocument *document, QList<SavedScenario> scenarios,
                        const QString &text, QUndoCommand *parent = nullptr);
    void undo() override;
    void redo() override;

private:
    PolicyDocument *m_document;
    QList<SavedScenario> m_before;
    QList<SavedScenario> m_after;
};

/**
 * The fixes a simulation proposed, applied to the document's policy as one undo step: a
 * SetSettingCommand per setting they change, under "Apply fix: ...". Null when @p fixes is empty.
 */
QUndoCommand *createApplyFixCommand(PolicyDocument *document, const QList<PolicyFix> &fixes);

} // namespace Cors
