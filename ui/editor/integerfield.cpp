// SPDX-License-Identifier: MIT
#include "editor/integerfield.h"

#include "document/policydocument.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QSpinBox>

#include <limits>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

QString humanDuration(qint64 seconds)
{
    if (seconds <= 0)
        return IntegerField::tr("no Access-Control-Max-Age header");
    QStringList parts;
    const qint64 days = seconds / 86400;
    const qint64 hours = seconds % 86400 / 3600;
    const qint64 minutes = seconds % 3600 / 60;
    const qint64 rest = seconds % 60;
    auto unit = [&parts](qint64 n, const QString &one, const QString &many) {
        if (n)
            parts.append(n == 1 ? one : many.arg(n));
    };
    unit(days, IntegerField::tr("1 day"), IntegerField::tr("%1 days"));
    unit(hours, IntegerField::tr("1 hour"), IntegerField::tr("%1 hours"));
    unit(minutes, IntegerField::tr("1 minute"), IntegerField::tr("%1 minutes"));
    unit(rest, IntegerField::tr("1 second"), IntegerField::tr("%1 seconds"));
    return u"= "_s + parts.join(u' ');
}

} // namespace

IntegerField::IntegerField(PolicyDocument *document, SettingId field, QWidget *parent)
    : SettingField(document, field, parent)
{
    auto *editor = new QWidget(this);
    m_spin = new QSpinBox(editor);
    m_spin->setObjectName(settingName(field) + "_spin"_L1);
    m_spin->setAccessibleName(tr("%1 in seconds").arg(settingName(field)));
    m_spin->setRange(0, std::numeric_limits<int>::max());
    m_spin->setSuffix(tr(" s"));
    m_spin->setMinimumWidth(140);
    m_spin->setAlignment(Qt::AlignRight);
    m_duration = new QLabel(editor);
    m_duration->setForegroundRole(QPalette::PlaceholderText);
    auto *layout = new QHBoxLayout(editor);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_spin);
    layout->addWidget(m_duration, 1);
    connect(m_spin, &QSpinBox::valueChanged, this, [this](int value) {
        updateDuration();
        pushValue(PyValue::integer(value),
                  tr("Set %1 to %2").arg(settingName(editedSetting())).arg(value), true);
    });
    connect(m_spin, &QSpinBox::editingFinished, this,
            [this] { this->document()->endTypingSession(); });
    setEditor(editor);
}

bool IntegerField::canShow(const PyValue &value) const
{
    if (value.kind() != PyValue::Kind::Int)
        return false;
    const std::optional<qint64> n = value.toInt64();
    return n && *n >= 0 && *n <= std::numeric_limits<int>::max();
}

void IntegerField::refreshEditor()
{
    const Policy &policy = document()->policy();
    const PyValue *value = policy.value(editedSetting());
    const PyValue shown = value
            ? *value
            : defaultValue(editedSetting(), policy.profile()).value_or(PyValue::integer(0));
    const int n = int(shown.toInt64().value_or(0));
    if (m_spin->value() != n)
        m_spin->setValue(n);
    markDefault(m_spin, value == nullptr);
    updateDuration();
}

void IntegerField::updateDuration()
{
    m_duration->setText(humanDuration(m_spin->value()));
}

} // namespace Cors
