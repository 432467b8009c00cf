// SPDX-License-Identifier: MIT
#include "messagebar.h"

#include "icons.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace Cors {

MessageBar::MessageBar(QWidget *parent)
    : QFrame(parent)
{
    setObjectName(u"messageBar"_s);
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette p = palette();
    QColor tint = Icons::severityColor(EntryIssue::Severity::Info, p);
    tint.setAlpha(40);
    p.setColor(QPalette::Window, tint);
    setPalette(p);

    m_icon = new QLabel(this);
    m_icon->setPixmap(Icons::severity(EntryIssue::Severity::Info).pixmap(18, 18));
    m_text = new QLabel(this);
    m_text->setObjectName(u"messageBarText"_s);
    m_text->setWordWrap(true);
    m_action = new QPushButton(this);
    m_action->setObjectName(u"messageBarAction"_s);
    connect(m_action, &QPushButton::clicked, this, [this] {
        // A copy: the action may show another message, which replaces m_onAction.
        const std::function<void()> action = m_onAction;
        if (action)
            action();
        emit actionTriggered();
    });
    m_close = new QToolButton(this);
    m_close->setObjectName(u"messageBarClose"_s);
    m_close->setText(u"\u2715"_s);
    m_close->setAutoRaise(true);
    m_close->setAccessibleName(tr("Close the message"));
    m_close->setToolTip(tr("Close"));
    connect(m_close, &QToolButton::clicked, this, &QWidget::hide);

    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(10, 6, 6, 6);
    layout->addWidget(m_icon);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_action);
    layout->addWidget(m_close);
    hide();
}

void MessageBar::showMessage(const QString &text, const QString &actionText,
                             std::function<void()> action)
{
    m_onAction = std::move(action);
    m_text->setText(text);
    setAccessibleName(text);
    m_action->setText(actionText);
    m_action->setAccessibleName(actionText);
    m_action->setVisible(!actionText.isEmpty());
    show();
}

QString MessageBar::text() const
{
    return m_text->text();
}

} // namespace Cors
