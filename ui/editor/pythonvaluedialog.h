// SPDX-License-Identifier: MIT
#pragma once

#include "policy/policy.h"

#include <QDialog>

#include <optional>

class QDialogButtonBox;
class QLabel;
class QPlainTextEdit;

namespace Cors {

/**
 * Edits a setting's value as the Python a settings.py would hold (`NAME = <expression>`), read
 * back with core's settings reader as the user types; OK only when it reads as a value.
 */
class PythonValueDialog : public QDialog
{
    Q_OBJECT

public:
    PythonValueDialog(SettingId id, const std::optional<PyValue> &current, Profile profile,
                      QWidget *parent = nullptr);

    /** The value read from the text, if it reads. */
    std::optional<PyValue> value() const { return m_value; }
    QPlainTextEdit *editor() const { return m_editor; }

private:
    SettingId m_id;
    Profile m_profile;
    std::optional<PyValue> m_value;
    QPlainTextEdit *m_editor;
    QLabel *m_status;
    QDialogButtonBox *m_buttons;

    void validate();
};

} // namespace Cors
