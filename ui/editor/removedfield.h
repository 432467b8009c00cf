// SPDX-License-Identifier: MIT
#pragma once

#include "editor/settingfield.h"

class QLabel;

namespace Cors {

/** A setting django-cors-headers removed (CORS_MODEL): shown as Python when defined, to reset. */
class RemovedField : public SettingField
{
    Q_OBJECT

public:
    RemovedField(PolicyDocument *document, SettingId field, QWidget *parent = nullptr);

protected:
    bool canShow(const PyValue &value) const override;
    void refreshEditor() override;

private:
    QLabel *m_label;
};

} // namespace Cors
