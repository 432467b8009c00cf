// SPDX-License-Identifier: MIT
#pragma once

#include "editor/settingfield.h"

class QLabel;
class QLineEdit;

namespace Cors {

/**
 * CORS_URLS_REGEX: a Python pattern in a line edit (typing merges into one undo step), checked
 * by core as it is typed; a compiled re.compile(...) keeps its flags.
 */
class PatternField : public SettingField
{
    Q_OBJECT

public:
    PatternField(PolicyDocument *document, SettingId field, QWidget *parent = nullptr);
    QLineEdit *lineEdit() const { return m_edit; }

protected:
    bool canShow(const PyValue &value) const override;
    void refreshEditor() override;

private:
    QLineEdit *m_edit;
    QLabel *m_flags;
    QLabel *m_issue;
};

} // namespace Cors
