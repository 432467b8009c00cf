// SPDX-License-Identifier: MIT
#pragma once

#include <QLabel>

namespace Cors {

/**
 * A one-line label for values that can be long (an origin, a URL, a fix): when the text does not
 * fit it is cut with an ellipsis where @p mode says, and the whole text is one hover away in the
 * tooltip. Its minimum width is a few characters, so a layout never has to clip around it.
 */
class ElidingLabel : public QLabel
{
    Q_OBJECT

public:
    explicit ElidingLabel(QWidget *parent = nullptr, Qt::TextElideMode mode = Qt::ElideRight);

    /** Hides QLabel::setText: the tooltip follows the text. Call it through an ElidingLabel. */
    void setText(const QString &text);
    void setElideMode(Qt::TextElideMode mode);
    Qt::TextElideMode elideMode() const { return m_mode; }
    /** Whether the text shown is cut (then the tooltip holds the whole of it). */
    bool isElided() const { return m_elided; }

    QSize minimumSizeHint() const override;

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    bool event(QEvent *event) override;

private:
    Qt::TextElideMode m_mode;
    bool m_elided = false;
    bool m_settingToolTip = false;
    QString m_ownToolTip;

    void updateElision();
};

} // namespace Cors
