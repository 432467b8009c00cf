// SPDX-License-Identifier: MIT
#pragma once

#include "editor/settingfield.h"

class QLabel;
class QSpinBox;

namespace Cors {

/** CORS_PREFLIGHT_MAX_AGE: seconds in a spin box (typing merges into one undo step). */
class IntegerField : public SettingField
{
    Q_OBJECT

public:
    IntegerField(PolicyDocument *document, SettingId field, QWidget *parent = nullptr);
    QSpinBox *spinBox() const { return m_spin; }

protected:
    bool canShow(const PyValue &value) const override;
    void refreshEditor() override;

private:
    QSpinBox *m_spin;
    QLabel *m_duration;

    void updateDuration();
};

} // namespace Cors
