// SPDX-License-Identifier: MIT
#include "editor/pythonvaluedialog.h"

#include "document/settingvalues.h"
#include "export/syntaxhighlighters.h"
#include "icons.h"
#include "python/pysemantics.h"

#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace Cors {

PythonValueDialog::PythonValueDialog(SettingId id, const std::optional<PyValue> &current,
                                     Profile profile, QWidget *parent)
    : QDialog(parent)
    , m_id(id)
    , m_profile(profile)
{
    setObjectName(u"pythonValueDialog"_s);
    setWindowTitle(tr("Edit %1 as Python").arg(settingName(id)));

    auto *intro = new QLabel(
            tr("Type the value exactly as in settings.py: <code>%1 = </code><i>expression</i>. "
               "<code>default_headers</code>, <code>default_methods</code>, <code>re</code> and "
               "<code>os</code> are imported.")
                    .arg(settingName(id)),
            this);
    intro->setWordWrap(true);

    m_editor = new QPlainTextEdit(this);
    m_editor->setObjectName(u"pythonValueEdit"_s);
    m_editor->setAccessibleName(tr("Python value of %1").arg(settingName(id)));
    m_editor->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_editor->setTabChangesFocus(true);
    new PythonHighlighter(m_editor->document());
    const std::optional<PyValue> shown = current ? current : defaultValue(id, profile);
    m_editor->setPlainText(shown ? pythonSource(*shown) : QString());

    m_status = new QLabel(this);
    m_status->setObjectName(u"pythonValueStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_status);
    layout->addWidget(m_buttons);
    resize(560, 320);

    connect(m_editor, &QPlainTextEdit::textChanged, this, &PythonValueDialog::validate);
    validate();
}

void PythonValueDialog::validate()
{
    PythonValueError error;
    m_value = parsePythonValue(m_id, m_editor->toPlainText(), m_profile, &error);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_value.has_value());
    QPalette palette = m_status->palette();
    if (m_value) {
        m_status->setText(tr("Reads as a Python %1.").arg(Py::typeName(*m_value)));
        palette.setColor(QPalette::WindowText, Icons::admitColor(palette));
    } else {
        QString where;
        if (error.line > 0)
            where = error.column > 0 ? tr("Line %1, column %2: ").arg(error.line).arg(error.column)
                                     : tr("Line %1: ").arg(error.line);
        m_status->setText(where + error.message);
        palette.setColor(QPalette::WindowText,
                         Icons::severityColor(EntryIssue::Severity::Error, palette));
    }
    m_status->setPalette(palette);
}

} // namespace Cors
