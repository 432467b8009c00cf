// SPDX-License-Identifier: MIT
#pragma once

#include "browser/simulation.h"

#include <QWidget>

namespace Cors {

/**
 * A sequence diagram of one simulation: Browser and Server lifelines, an arrow per request and
 * per response, the browser's own steps as notes on its lifeline (a failing check in red).
 * Steps after the walk-through's current one are faded; clicking a row selects that step.
 */
class SequenceDiagram : public QWidget
{
    Q_OBJECT

public:
    explicit SequenceDiagram(QWidget *parent = nullptr);

    void setTrace(const QList<TraceStep> &steps, const QString &browserLabel,
                  const QString &serverLabel);
    void setCurrent(int step);
    void setSelected(int step);
    int selected() const { return m_selected; }
    /** The vertical extent of a step's row, for tests and scrolling. */
    QRect stepRect(int step) const;

    QSize sizeHint() const override;
    QSize minimumSizeHint() const override;

signals:
    void stepClicked(int step);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    QList<TraceStep> m_steps;
    QString m_browserLabel;
    QString m_serverLabel;
    int m_current = -1;
    int m_selected = -1;

    int headerHeight() const;
    int rowHeight() const;
};

} // namespace Cors
