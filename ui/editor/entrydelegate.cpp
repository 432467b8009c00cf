// SPDX-License-Identifier: MIT
#include "editor/entrydelegate.h"

#include "icons.h"
#include "models/settinglistmodel.h"

#include <QApplication>
#include <QFontDatabase>
#include <QLineEdit>
#include <QPainter>
#include <QPainterPath>

using namespace Qt::StringLiterals;

namespace Cors {

EntryDelegate::EntryDelegate(QObject *parent)
    : QStyledItemDelegate(parent)
{ }

void EntryDelegate::initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const
{
    QStyledItemDelegate::initStyleOption(option, index);
    // Entries keep both ends (scheme and host, or a pattern's anchors); messages their start.
    option->textElideMode
            = index.column() == SettingListModel::EntryColumn ? Qt::ElideMiddle : Qt::ElideRight;
    if (index.column() == SettingListModel::EntryColumn) {
        QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
        mono.setPointSizeF(option->font.pointSizeF());
        mono.setItalic(option->font.italic());
        option->font = mono;
        option->fontMetrics = QFontMetrics(mono);
    }
}

void EntryDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    if (index.column() != SettingListModel::EntryColumn)
        return;
    const int position = index.data(SettingListModel::ErrorPositionRole).toInt();
    if (position < 0)
        return;
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    const QWidget *widget = opt.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();
    const QRect textRect = style->subElementRect(QStyle::SE_ItemViewItemText, &opt, widget);
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QString text = opt.text;
    const QFontMetrics &fm = opt.fontMetrics;
    const int x = textRect.left() + margin + fm.horizontalAdvance(text.left(position));
    const int width = position < text.size() ? fm.horizontalAdvance(text.mid(position, 1))
                                             : fm.horizontalAdvance(u' ');
    const int y = textRect.center().y() + fm.ascent() / 2 + 2;
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    QPen pen(Icons::severityColor(EntryIssue::Severity::Error, opt.palette), 1.4);
    painter->setPen(pen);
    QPainterPath wave;
    wave.moveTo(x, y);
    const qreal step = 2.0;
    bool up = true;
    for (qreal px = x + step; px <= x + qMax(width, 6) + 0.1; px += step, up = !up)
        wave.lineTo(px, up ? y - 1.5 : y);
    painter->drawPath(wave);
    painter->restore();
}

QWidget *EntryDelegate::createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    auto *editor = new QLineEdit(parent);
    editor->setObjectName(u"entryEditor"_s);
    editor->setFrame(false);
    editor->setAccessibleName(tr("Edit entry"));
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    mono.setPointSizeF(option.font.pointSizeF());
    editor->setFont(mono);
    Q_UNUSED(index);
    return editor;
}

} // namespace Cors
