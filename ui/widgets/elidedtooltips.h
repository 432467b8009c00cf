// SPDX-License-Identifier: MIT
#pragma once

#include <QObject>

class QAbstractItemView;

namespace Cors {

/**
 * Gives the cells of an item view whose text is cut (elided) their whole text as a tooltip,
 * unless the model has a tooltip of its own: long texts in tables are one hover away.
 */
class ElidedToolTips : public QObject
{
    Q_OBJECT

public:
    /** Installs on @p view's viewport; owned by the view. */
    static void install(QAbstractItemView *view);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    explicit ElidedToolTips(QAbstractItemView *view);

    QAbstractItemView *m_view;
};

} // namespace Cors
