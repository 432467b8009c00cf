// SPDX-License-Identifier: MIT
#pragma once

#include "editor/settingfield.h"

class QCheckBox;

namespace Cors {

/** A bool setting as a checkbox; anything but True/False is shown as Python. */
class BoolField : public SettingField
{
    Q_OBJECT

public:
    BoolField(PolicyDocument *document, SettingId field, const QString &label,
              QWidget *parent = nullptr);
    QCheckBox *checkBox() const { return m_check; }

protected:
    bool canShow(const PyValue &value) const override;
    void refreshEditor() override;

private:
    QCheckBox *m_check;
};

} // namespace Cors
