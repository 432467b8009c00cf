// SPDX-License-Identifier: MIT
#include "widgets/elidinglabel.h"

#include <QEvent>
#include <QPainter>
#include <QStyle>
#include <QStyleOption>

namespace Cors {

ElidingLabel::ElidingLabel(QWidget *parent, Qt::TextElideMode mode)
    : QLabel(parent)
    , m_mode(mode)
{
    setTextFormat(Qt::PlainText);
    setWordWrap(false);
    setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
}

void ElidingLabel::setText(const QString &text)
{
    QLabel::setText(text);
    updateElision();
}

void ElidingLabel::setElideMode(Qt::TextElideMode mode)
{
    m_mode = mode;
    updateElision();
    update();
}

QSize ElidingLabel::minimumSizeHint() const
{
    const QSize hint = QLabel::minimumSizeHint();
    const QMargins m = contentsMargins();
    return QSize(fontMetrics().horizontalAdvance(QStringLiteral("Mm…")) + m.left() + m.right()
                         + 2 * margin(),
                 hint.height());
}

void ElidingLabel::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    const QRect area = contentsRect().adjusted(margin(), margin(), -margin(), -margin());
    const QString shown = fontMetrics().elidedText(text(), m_mode, area.width());
    QStyleOption option;
    option.initFrom(this);
    style()->drawItemText(&painter, area, int(alignment()) | Qt::TextSingleLine, option.palette,
                          isEnabled(), shown, foregroundRole());
}

void ElidingLabel::resizeEvent(QResizeEvent *event)
{
    QLabel::resizeEvent(event);
    updateElision();
}

bool ElidingLabel::event(QEvent *event)
{
    // The tooltip a caller sets is kept for when the text fits.
    if (event->type() == QEvent::ToolTipChange && !m_settingToolTip)
        m_ownToolTip = toolTip();
    const bool result = QLabel::event(event);
    if (event->type() == QEvent::FontChange || event->type() == QEvent::ContentsRectChange
        || event->type() == QEvent::PolishRequest)
        updateElision();
    return result;
}

void ElidingLabel::updateElision()
{
    const QRect area = contentsRect().adjusted(margin(), margin(), -margin(), -margin());
    const bool elided = fontMetrics().horizontalAdvance(text()) > area.width();
    const QString tip = elided ? text() : m_ownToolTip;
    m_elided = elided;
    if (toolTip() != tip) {
        m_settingToolTip = true;
        setToolTip(tip);
        m_settingToolTip = false;
    }
}

} // namespace Cors
