// SPDX-License-Identifier: MIT
#pragma once

#include "editor/listfield.h"

#include <QList>

class QCheckBox;

namespace Cors {

/**
 * CORS_ALLOW_METHODS: checkboxes for the standard methods over the list of every entry (free
 * entries included). A box is checked when the resolved list holds that exact name.
 */
class MethodsField : public ListField
{
    Q_OBJECT

public:
    MethodsField(PolicyDocument *document, SettingId field, QWidget *parent = nullptr);
    QCheckBox *checkBox(const QString &method) const;

protected:
    void refreshEditor() override;

private:
    QList<QCheckBox *> m_boxes;

    void toggle(const QString &method, bool on);
};

} // namespace Cors
