// SPDX-License-Identifier: MIT
#pragma once

#include <QFrame>

#include <functional>

class QLabel;
class QPushButton;
class QToolButton;

namespace Cors {

/**
 * An inline, dismissable message above the editor (import report, recovery, an undo notice),
 * with at most one action.
 */
class MessageBar : public QFrame
{
    Q_OBJECT

public:
    explicit MessageBar(QWidget *parent = nullptr);

    /**
     * Shows @p text, replacing what was shown; with @p actionText, a button that runs @p action
     * and emits actionTriggered().
     */
    void showMessage(const QString &text, const QString &actionText = {},
                     std::function<void()> action = {});
    QString text() const;
    QPushButton *actionButton() const { return m_action; }

signals:
    void actionTriggered();

private:
    std::function<void()> m_onAction;

    QLabel *m_icon;
    QLabel *m_text;
    QPushButton *m_action;
    QToolButton *m_close;
};

} // namespace Cors
