// SPDX-License-Identifier: MIT
#pragma once

#include "policy/policy.h"

#include <QFrame>

class QLabel;
class QPushButton;
class QToolButton;

namespace Cors {

class PolicyDocument;

/**
 * One setting on an editor page: a header (title, the Python name it is written under, whether
 * it is set or left to its default, Reset to default, help, a menu with Edit as Python), notes
 * (legacy name, environment read, profile), and the form editor a subclass provides.
 *
 * A written value the editor cannot show (a bare string where a list belongs, 1 instead of True,
 * a set) is never reinterpreted: the field then shows it as Python, with a marker, and offers to
 * edit it as Python or to convert it explicitly (both undoable).
 */
class SettingField : public QFrame
{
    Q_OBJECT

public:
    SettingField(PolicyDocument *document, SettingId field, QWidget *parent = nullptr);

    SettingId field() const { return m_field; }
    /** The name the field edits: the field's, or its legacy alias when only that is defined. */
    SettingId editedSetting() const;
    PolicyDocument *document() const { return m_document; }

    /** Brings the field forward: focuses its editor; list fields select the row of @p entry. */
    virtual void focusEntry(int entry);
    /** Whether the value is shown as Python (the editor cannot show it). */
    bool showsPython() const;

signals:
    /**
     * An edit removed more than the field shows at a glance (Reset on a list with entries):
     * @p text says what, for a notice that offers to undo it.
     */
    void undoNotice(const QString &text);

protected:
    /** The form editor, below the header; owned by the field. */
    void setEditor(QWidget *editor);
    QWidget *editor() const { return m_editor; }
    /** Whether the editor can show @p value as written. */
    virtual bool canShow(const PyValue &value) const = 0;
    /** Updates the editor's widgets from the document; no command may be pushed meanwhile. */
    virtual void refreshEditor() = 0;
    /** The widget to focus (focusEntry, Problems). */
    virtual QWidget *focusTarget() const;

    /** Sets the edited setting, as one undo step (typing: merged while typing goes on). */
    void pushValue(const PyValue &value, const QString &text, bool typing = false);
    bool isUpdating() const { return m_updating; }
    /** Italic and greyed while the setting shows its default. */
    static void markDefault(QWidget *widget, bool isDefault);
    void setTitleVisible(bool visible);
    void setSummaryVisible(bool visible);

    bool event(QEvent *event) override;

private:
    PolicyDocument *m_document;
    SettingId m_field;
    bool m_updating = false;

    QLabel *m_title;
    QLabel *m_name;
    QLabel *m_state;
    QToolButton *m_help;
    QToolButton *m_reset;
    QToolButton *m_more;
    QLabel *m_summary;
    QFrame *m_noteBox;
    QLabel *m_note;
    QPushButton *m_noteAction;
    QWidget *m_editor = nullptr;
    QFrame *m_pythonBox;
    QLabel *m_pythonText;
    QPushButton *m_editPython;
    QPushButton *m_convert;

    enum class NoteAction { None, RenameToCurrent, RemoveLegacy };
    NoteAction m_noteActionKind = NoteAction::None;

    void updateFromDocument();
    void updateHelp();
    void editAsPython();
    void convert();
    void resetToDefault();
    void runNoteAction();
};

} // namespace Cors
