// SPDX-License-Identifier: MIT
#include "editor/methodsfield.h"

#include "commands/settingcommands.h"
#include "document/policydocument.h"
#include "document/settingvalues.h"
#include "models/settinglistmodel.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

const QStringList &standardMethods()
{
    static const QStringList methods
            = {u"GET"_s, u"HEAD"_s, u"POST"_s, u"PUT"_s, u"PATCH"_s, u"DELETE"_s, u"OPTIONS"_s};
    return methods;
}

} // namespace

MethodsField::MethodsField(PolicyDocument *document, SettingId field, QWidget *parent)
    : ListField(document, field, tr("Another method, e.g. PROPFIND"), parent)
{
    auto *row = new QHBoxLayout;
    row->setSpacing(14);
    for (const QString &method : standardMethods()) {
        auto *box = new QCheckBox(method, this);
        box->setObjectName(settingName(field) + u'_' + method);
        box->setAccessibleName(tr("Allow %1").arg(method));
        connect(box, &QCheckBox::clicked, this,
                [this, method](bool checked) { toggle(method, checked); });
        row->addWidget(box);
        m_boxes.append(box);
    }
    row->addStretch(1);
    editorLayout()->insertLayout(0, row);
    refreshEditor();
}

QCheckBox *MethodsField::checkBox(const QString &method) const
{
    for (QCheckBox *box : m_boxes) {
        if (box->text() == method)
            return box;
    }
    return nullptr;
}

void MethodsField::refreshEditor()
{
    ListField::refreshEditor();
    const Policy &policy = document()->policy();
    QStringList names;
    for (const PyValue &entry : settingEntries(policy, editedSetting())) {
        if (entry.isStr())
            names.append(entry.text());
    }
    const bool isDefault = !policy.isSet(editedSetting());
    for (QCheckBox *box : std::as_const(m_boxes)) {
        box->setChecked(names.contains(box->text()));
        markDefault(box, isDefault);
    }
}

void MethodsField::toggle(const QString &method, bool on)
{
    if (isUpdating())
        return;
    SettingListModel *list = model();
    if (on) {
        list->insertEntries(list->rowCount(), {method});
        return;
    }
    // Rows written as that method go; a method inside *default_methods needs the splice spelled
    // out first, which is one undo step with the removal.
    const Policy &policy = document()->policy();
    const SettingId id = editedSetting();
    const PyValue written = editableList(policy, id);
    PyValue out = written;
    out.items().clear();
    bool expanded = false;
    QList<int> rows;
    for (qsizetype i = 0; i < written.items().size(); ++i) {
        const PyValue &item = written.items().at(i);
        if (item.isStarred()) {
            const PyValue spelled = PyValue::tuple({item}).resolved(policy.profile());
            if (std::any_of(spelled.items().begin(), spelled.items().end(),
                            [&](const PyValue &v) { return v.isStr() && v.text() == method; })) {
                expanded = true;
                for (const PyValue &v : spelled.items()) {
                    if (!(v.isStr() && v.text() == method))
                        out.items().append(v);
                }
                continue;
            }
        } else if (item.isStr() && item.text() == method) {
            rows.append(int(i));
            continue;
        }
        out.items().append(item);
    }
    if (expanded) {
        document()->undoStack()->push(new SetSettingCommand(
                document(), id, out, tr("Remove %1 from %2").arg(method, settingName(id))));
    } else if (!rows.isEmpty()) {
        list->removeEntryRows(rows);
    }
}

} // namespace Cors
