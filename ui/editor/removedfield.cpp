// SPDX-License-Identifier: MIT
#include "editor/removedfield.h"

#include <QLabel>

using namespace Qt::StringLiterals;

namespace Cors {

RemovedField::RemovedField(PolicyDocument *document, SettingId field, QWidget *parent)
    : SettingField(document, field, parent)
{
    m_label = new QLabel(tr("Not defined: nothing to do."), this);
    m_label->setObjectName(settingName(field) + "_label"_L1);
    m_label->setForegroundRole(QPalette::PlaceholderText);
    setEditor(m_label);
}

bool RemovedField::canShow(const PyValue &) const
{
    // Any value is an error: always show what is written, with Reset to remove it.
    return false;
}

void RemovedField::refreshEditor() { }

} // namespace Cors
