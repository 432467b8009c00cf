// SPDX-License-Identifier: MIT
#pragma once

#include <QPlainTextEdit>

namespace Cors {

/**
 * A short list typed one entry per line (ALLOWED_HOSTS, SECURE_REDIRECT_EXEMPT's regexes): the
 * edit is committed when focus leaves or on Ctrl+Enter, as one undo step, never per keystroke.
 */
class ListTextEdit : public QPlainTextEdit
{
    Q_OBJECT

public:
    explicit ListTextEdit(QWidget *parent = nullptr);

    /** The non-blank lines, trimmed. */
    QStringList entries() const;
    /** Shows @p entries unless the user is typing here (the commit then wins). */
    void setEntries(const QStringList &entries);
    /** Rows of text it is sized for. */
    void setVisibleLines(int lines);

    QSize sizeHint() const override;

signals:
    void committed();

protected:
    void focusOutEvent(QFocusEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    int m_lines = 3;
};

} // namespace Cors
