// SPDX-License-Identifier: MIT
#include "widgets/elidedtooltips.h"

#include <QAbstractItemView>
#include <QHelpEvent>
#include <QStyle>
#include <QToolTip>

namespace Cors {

ElidedToolTips::ElidedToolTips(QAbstractItemView *view)
    : QObject(view)
    , m_view(view)
{ }

void ElidedToolTips::install(QAbstractItemView *view)
{
    view->viewport()->installEventFilter(new ElidedToolTips(view));
}

bool ElidedToolTips::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() != QEvent::ToolTip || watched != m_view->viewport())
        return false;
    auto *help = static_cast<QHelpEvent *>(event);
    const QModelIndex index = m_view->indexAt(help->pos());
    if (!index.isValid() || !index.data(Qt::ToolTipRole).toString().isEmpty())
        return false; // the model's own tooltip
    const QString text = index.data(Qt::DisplayRole).toString();
    const QRect cell = m_view->visualRect(index);
    const int margins = 2 * (m_view->style()->pixelMetric(QStyle::PM_FocusFrameHMargin) + 1);
    const bool decorated = !index.data(Qt::DecorationRole).isNull();
    const int needed = m_view->fontMetrics().horizontalAdvance(text) + margins
            + (decorated ? m_view->iconSize().width() + 4 : 0);
    if (!text.isEmpty() && needed > cell.width()) {
        QToolTip::showText(help->globalPos(), text, m_view->viewport(), cell);
    } else {
        QToolTip::hideText();
        event->ignore();
    }
    return true;
}

} // namespace Cors
