// SPDX-License-Identifier: MIT
#pragma once

#include "editor/settingfield.h"

class QLabel;
class QLineEdit;
class QToolButton;
class QTreeView;
class QVBoxLayout;

namespace Cors {

class SettingListModel;

/**
 * A list setting as a model/view list: add (the line below, Enter), remove (Delete), reorder
 * (Alt+Up/Down), edit in place (F2, double-click), paste many lines at once (Ctrl+V), and core's
 * validation on every row and while typing a new entry.
 */
class ListField : public SettingField
{
    Q_OBJECT

public:
    ListField(PolicyDocument *document, SettingId field, const QString &placeholder,
              QWidget *parent = nullptr);

    SettingListModel *model() const { return m_model; }
    QTreeView *view() const { return m_view; }
    QLineEdit *input() const { return m_input; }

    void focusEntry(int entry) override;

    /** Adds the input line's text (or its lines) as entries; clears it. */
    void addFromInput();
    /** Inserts the clipboard's lines after the current row (one undo step). */
    void pasteEntries();
    void removeSelected();
    void moveCurrent(int delta);

protected:
    bool canShow(const PyValue &value) const override;
    void refreshEditor() override;
    QWidget *focusTarget() const override;
    bool eventFilter(QObject *watched, QEvent *event) override;

    /** The layout between the header and the list (MethodsField puts its checkboxes there). */
    QVBoxLayout *editorLayout() const { return m_editorLayout; }

private:
    /** The entry column fits the widest of this many longest rows (cosmetic, not exact). */
    static constexpr int MeasuredRows = 256;

    SettingListModel *m_model;
    QTreeView *m_view;
    QLineEdit *m_input;
    QLabel *m_inputIssue;
    QToolButton *m_add;
    QToolButton *m_remove;
    QToolButton *m_up;
    QToolButton *m_down;
    QToolButton *m_paste;
    QVBoxLayout *m_editorLayout;

    void updateButtons();
    void validateInput();
    void fitHeight();
    void fitColumns();
    void selectRows(int first, int last);
};

} // namespace Cors
