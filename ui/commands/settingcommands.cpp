// SPDX-License-Identifier: MIT
#include "commands/settingcommands.h"

#include "commands/commandids.h"
#include "document/policydocument.h"
#include "document/settingvalues.h"
#include "lint/linter.h"

#include <QCoreApplication>

#include <algorithm>

namespace Cors {

namespace {

QString tr(const char *text, const char *disambiguation = nullptr, int n = -1)
{
    return QCoreApplication::translate("Undo Commands", text, disambiguation, n);
}

std::optional<PyValue> valueOf(const PolicyDocument *document, SettingId id)
{
    const PyValue *value = document->policy().value(id);
    return value ? std::optional<PyValue>(*value) : std::nullopt;
}

} // namespace

SetSettingCommand::SetSettingCommand(PolicyDocument *document, SettingId id,
                                     std::optional<PyValue> value, const QString &text, bool typing,
                                     QUndoCommand *parent)
    : QUndoCommand(text, parent)
    , m_document(document)
    , m_setting(id)
    , m_before(valueOf(document, id))
    , m_after(std::move(value))
    , m_typing(typing)
    , m_session(document->typingSession())
{ }

SetSettingCommand *SetSettingCommand::reset(PolicyDocument *document, SettingId id)
{
    return new SetSettingCommand(document, id, std::nullopt,
                                 tr("Reset %1 to default").arg(settingName(id)));
}

void SetSettingCommand::undo()
{
    m_document->setSettingValue(m_setting, m_before);
}

void SetSettingCommand::redo()
{
    m_document->setSettingValue(m_setting, m_after);
}

int SetSettingCommand::id() const
{
    return m_typing ? CmdTypeSetting : -1;
}

bool SetSettingCommand::mergeWith(const QUndoCommand *other)
{
    const auto *next = static_cast<const SetSettingCommand *>(other);
    if (!next->m_typing || next->m_document != m_document || next->m_setting != m_setting
        || next->m_session != m_session)
        return false;
    m_after = next->m_after;
    setObsolete(m_after == m_before);
    return true;
}

ApplyFixesCommand::ApplyFixesCommand(PolicyDocument *document, const QList<PolicyFix> &fixes,
                                     const QString &text, QUndoCommand *parent)
    : QUndoCommand(text, parent)
{
    const Policy &before = document->policy();
    const Policy after = applyFixes(before, fixes);
    for (SettingId id : allSettings()) {
        const PyValue *was = before.value(id);
        const PyValue *now = after.value(id);
        if ((was == nullptr) == (now == nullptr) && (!was || *was == *now))
            continue;
        new SetSettingCommand(document, id, now ? std::optional<PyValue>(*now) : std::nullopt, text,
                              false, this);
    }
}

SetProfileCommand::SetProfileCommand(PolicyDocument *document, Profile profile,
                                     QUndoCommand *parent)
    : QUndoCommand(tr("Target django-cors-headers %1").arg(profileName(profile)), parent)
    , m_document(document)
    , m_before(document->profile())
    , m_after(profile)
{ }

void SetProfileCommand::undo()
{
    m_document->setProfile(m_before);
}

void SetProfileCommand::redo()
{
    m_document->setProfile(m_after);
}

ListCommand::ListCommand(PolicyDocument *document, SettingId id, QUndoCommand *parent)
    : QUndoCommand(parent)
    , m_document(document)
    , m_setting(id)
{ }

void ListCommand::materialize()
{
    const PyValue *value = m_document->policy().value(m_setting);
    if (value && (value->kind() == PyValue::Kind::List || value->kind() == PyValue::Kind::Tuple))
        return;
    m_replaced = valueOf(m_document, m_setting);
    m_document->setSettingValue(m_setting, editableList(m_document->policy(), m_setting));
}

void ListCommand::dematerialize()
{
    if (!m_replaced)
        return;
    m_document->setSettingValue(m_setting, *m_replaced);
    m_replaced.reset();
}

InsertEntriesCommand::InsertEntriesCommand(PolicyDocument *document, SettingId id, int row,
                                           QList<PyValue> values, QUndoCommand *parent)
    : ListCommand(document, id, parent)
    , m_row(row)
    , m_values(std::move(values))
{
    setText(m_values.size() == 1 ? tr("Add %1 to %2").arg(m_values.first().text(), settingName(id))
                                 : tr("Add %n entries to %1", nullptr, int(m_values.size()))
                                           .arg(settingName(id)));
}

void InsertEntriesCommand::redo()
{
    materialize();
    m_document->insertEntries(m_setting, m_row, m_values);
}

void InsertEntriesCommand::undo()
{
    m_document->removeEntries(m_setting, m_row, int(m_values.size()));
    dematerialize();
}

RemoveEntriesCommand::RemoveEntriesCommand(PolicyDocument *document, SettingId id, QList<int> rows,
                                           QUndoCommand *parent)
    : ListCommand(document, id, parent)
    , m_rows(std::move(rows))
{
    std::sort(m_rows.begin(), m_rows.end());
    m_rows.erase(std::unique(m_rows.begin(), m_rows.end()), m_rows.end());
    setText(tr("Remove %n entries from %1", nullptr, int(m_rows.size())).arg(settingName(id)));
}

void RemoveEntriesCommand::redo()
{
    materialize();
    const QList<PyValue> items = m_document->policy().value(m_setting)->items();
    m_values.clear();
    for (int row : std::as_const(m_rows))
        m_values.append(items.at(row));
    for (auto it = m_rows.crbegin(); it != m_rows.crend(); ++it)
        m_document->removeEntries(m_setting, *it, 1);
}

void RemoveEntriesCommand::undo()
{
    for (qsizetype i = 0; i < m_rows.size(); ++i)
        m_document->insertEntries(m_setting, m_rows.at(i), {m_values.at(i)});
    dematerialize();
}

MoveEntryCommand::MoveEntryCommand(PolicyDocument *document, SettingId id, int from, int to,
                                   QUndoCommand *parent)
    : ListCommand(document, id, parent)
    , m_from(from)
    , m_to(to)
{
    setText(tr("Move an entry of %1").arg(settingName(id)));
}

void MoveEntryCommand::redo()
{
    materialize();
    m_document->moveEntry(m_setting, m_from, m_to);
}

void MoveEntryCommand::undo()
{
    m_document->moveEntry(m_setting, m_to, m_from);
    dematerialize();
}

EditEntryCommand::EditEntryCommand(PolicyDocument *document, SettingId id, int row, PyValue value,
                                   QUndoCommand *parent)
    : ListCommand(document, id, parent)
    , m_row(row)
    , m_before(editableList(document->policy(), id).items().value(row))
    , m_after(std::move(value))
{
    setText(tr("Edit %1 in %2").arg(m_after.text(), settingName(id)));
}

void EditEntryCommand::redo()
{
    materialize();
    m_document->setEntry(m_setting, m_row, m_after);
}

void EditEntryCommand::undo()
{
    m_document->setEntry(m_setting, m_row, m_before);
    dematerialize();
}

} // namespace Cors
