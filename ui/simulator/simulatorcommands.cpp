// SPDX-License-Identifier: MIT
#include "simulator/simulatorcommands.h"

#include "commands/settingcommands.h"
#include "document/policydocument.h"

#include <QCoreApplication>

namespace Cors {

SetScenariosCommand::SetScenariosCommand(PolicyDocument *document, QList<SavedScenario> scenarios,
                                         const QString &text, QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_document(document)
    , m_before(document->document().scenarios)
    , m_after(std::move(scenarios))
{ }

void SetScenariosCommand::undo()
{
    m_document->setScenarios(m_before);
}

void SetScenariosCommand::redo()
{
    m_document->setScenarios(m_after);
}

QUndoCommand *createApplyFixCommand(PolicyDocument *document, const QList<PolicyFix> &fixes)
{
    if (fixes.isEmpty())
        return nullptr;
    // Apply the fixes in order (each may build on the one before), then set every setting they
    // touched to its final value: the children then have the document's values as "before".
    Policy fixed = document->policy();
    QList<SettingId> touched;
    QStringList descriptions;
    for (const PolicyFix &fix : fixes) {
        const SettingId target = fixed.effectiveSource(fix.setting).value_or(fix.setting);
        if (!touched.contains(target))
            touched.append(target);
        fixed = applyPolicyFix(fixed, fix);
        descriptions.append(fix.description);
    }
    auto *command = new QUndoCommand(QCoreApplication::translate("Undo Commands", "Apply fix: %1")
                                             .arg(descriptions.join(QStringLiteral("; "))));
    for (SettingId id : touched) {
        const PyValue *value = fixed.value(id);
        new SetSettingCommand(document, id, value ? std::optional<PyValue>(*value) : std::nullopt,
                              command->text(), false, command);
    }
    return command;
}

} // namespace Cors
