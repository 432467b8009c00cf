// SPDX-License-Identifier: MIT
#pragma once

#include <QStyledItemDelegate>

namespace Cors {

/**
 * Draws list entries in a fixed-width font and marks where an error is (the position core's
 * regex validation reports) with a wavy underline; edits them in a plain line edit.
 */
class EntryDelegate : public QStyledItemDelegate
{
    Q_OBJECT

public:
    explicit EntryDelegate(QObject *parent = nullptr);

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QWidget *createEditor(QWidget *parent, const QStyleOptionViewItem &option,
                          const QModelIndex &index) const override;

protected:
    void initStyleOption(QStyleOptionViewItem *option, const QModelIndex &index) const override;
};

} // namespace Cors
