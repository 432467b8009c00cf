// SPDX-License-Identifier: MIT
#include "editor/boolfield.h"

#include "document/policydocument.h"
#include "python/pysemantics.h"

#include <QCheckBox>

using namespace Qt::StringLiterals;

namespace Cors {

BoolField::BoolField(PolicyDocument *document, SettingId field, const QString &label,
                     QWidget *parent)
    : SettingField(document, field, parent)
{
    m_check = new QCheckBox(label, this);
    m_check->setObjectName(settingName(field) + "_check"_L1);
    m_check->setAccessibleName(label);
    connect(m_check, &QCheckBox::clicked, this, [this](bool checked) {
        pushValue(PyValue::boolean(checked),
                  tr("Set %1 to %2")
                          .arg(settingName(editedSetting()),
                               checked ? QStringLiteral("True") : QStringLiteral("False")));
    });
    setSummaryVisible(false);
    setEditor(m_check);
}

bool BoolField::canShow(const PyValue &value) const
{
    return value.isBool();
}

void BoolField::refreshEditor()
{
    const Policy &policy = document()->policy();
    const PyValue *value = policy.value(editedSetting());
    const bool isDefault = value == nullptr;
    const PyValue shown = value
            ? *value
            : defaultValue(editedSetting(), policy.profile()).value_or(PyValue::boolean(false));
    m_check->setChecked(shown.isBool() && shown.boolValue());
    markDefault(m_check, isDefault);
}

} // namespace Cors
