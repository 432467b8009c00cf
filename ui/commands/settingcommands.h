// SPDX-License-Identifier: MIT
#pragma once

#include "browser/policyfix.h"
#include "policy/policy.h"

#include <QList>
#include <QUndoCommand>

#include <optional>

namespace Cors {

class PolicyDocument;

/**
 * Sets a setting to a value, or unsets it (back to the default). With @p typing the command
 * merges with the next one for the same setting in the same typing session, and becomes obsolete
 * when the typing returns to the value it started from.
 */
class SetSettingCommand : public QUndoCommand
{
public:
    SetSettingCommand(PolicyDocument *document, SettingId id, std::optional<PyValue> value,
                      const QString &text, bool typing = false, QUndoCommand *parent = nullptr);

    /** "Reset CORS_ALLOWED_ORIGINS to default". */
    static SetSettingCommand *reset(PolicyDocument *document, SettingId id);

    void undo() override;
    void redo() override;
    int id() const override;
    bool mergeWith(const QUndoCommand *other) override;

private:
    PolicyDocument *m_document;
    SettingId m_setting;
    std::optional<PyValue> m_before;
    std::optional<PyValue> m_after;
    bool m_typing;
    int m_session;
};

/**
 * Applies a linter finding's fix (core's applyFixes: add the exact origin, remove the regex, ...)
 * as one undo step: one SetSettingCommand per setting the fix changes.
 */
class ApplyFixesCommand : public QUndoCommand
{
public:
    ApplyFixesCommand(PolicyDocument *document, const QList<PolicyFix> &fixes, const QString &text,
                      QUndoCommand *parent = nullptr);
    /** Whether the fixes change anything (a fix already applied does not). */
    bool changesSomething() const { return childCount() > 0; }
};

/** Changes the target django-cors-headers version. */
class SetProfileCommand : public QUndoCommand
{
public:
    SetProfileCommand(PolicyDocument *document, Profile profile, QUndoCommand *parent = nullptr);
    void undo() override;
    void redo() override;

private:
    PolicyDocument *m_document;
    Profile m_before;
    Profile m_after;
};

/**
 * Base of the commands on the rows of a list setting. A setting that does not hold a list yet
 * (unset, or a bare default_headers) first becomes the list its rows show (editableList), and
 * goes back on undo.
 */
class ListCommand : public QUndoCommand
{
protected:
    ListCommand(PolicyDocument *document, SettingId id, QUndoCommand *parent);
    void materialize();
    void dematerialize();

    PolicyDocument *m_document;
    SettingId m_setting;

private:
    std::optional<std::optional<PyValue>> m_replaced;
};

/** Inserts entries (one, or many pasted lines) at a row. */
class InsertEntriesCommand : public ListCommand
{
public:
    InsertEntriesCommand(PolicyDocument *document, SettingId id, int row, QList<PyValue> values,
                         QUndoCommand *parent = nullptr);
    void undo() override;
    void redo() override;

private:
    int m_row;
    QList<PyValue> m_values;
};

/** Removes rows (any selection). */
class RemoveEntriesCommand : public ListCommand
{
public:
    RemoveEntriesCommand(PolicyDocument *document, SettingId id, QList<int> rows,
                         QUndoCommand *parent = nullptr);
    void undo() override;
    void redo() override;

private:
    QList<int> m_rows; // ascending
    QList<PyValue> m_values;
};

/** Moves one row to another position. */
class MoveEntryCommand : public ListCommand
{
public:
    MoveEntryCommand(PolicyDocument *document, SettingId id, int from, int to,
                     QUndoCommand *parent = nullptr);
    void undo() override;
    void redo() override;

private:
    int m_from;
    int m_to;
};

/** Replaces one entry (editing in place). */
class EditEntryCommand : public ListCommand
{
public:
    EditEntryCommand(PolicyDocument *document, SettingId id, int row, PyValue value,
                     QUndoCommand *parent = nullptr);
    void undo() override;
    void redo() override;

private:
    int m_row;
    PyValue m_before;
    PyValue m_after;
};

} // namespace Cors
