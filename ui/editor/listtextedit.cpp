// SPDX-License-Identifier: MIT
#include "editor/listtextedit.h"

#include <QKeyEvent>

namespace Cors {

ListTextEdit::ListTextEdit(QWidget *parent)
    : QPlainTextEdit(parent)
{
    setTabChangesFocus(true);
    setLineWrapMode(QPlainTextEdit::NoWrap);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
}

QStringList ListTextEdit::entries() const
{
    QStringList result;
    for (const QString &line : toPlainText().split(u'\n')) {
        const QString entry = line.trimmed();
        if (!entry.isEmpty())
            result.append(entry);
    }
    return result;
}

void ListTextEdit::setEntries(const QStringList &entries)
{
    if (hasFocus() || this->entries() == entries)
        return;
    setPlainText(entries.join(u'\n'));
}

void ListTextEdit::setVisibleLines(int lines)
{
    m_lines = lines;
    updateGeometry();
}

QSize ListTextEdit::sizeHint() const
{
    const int height = fontMetrics().lineSpacing() * m_lines + int(document()->documentMargin() * 2)
            + frameWidth() * 2;
    return {QPlainTextEdit::sizeHint().width(), height};
}

void ListTextEdit::focusOutEvent(QFocusEvent *event)
{
    QPlainTextEdit::focusOutEvent(event);
    emit committed();
}

void ListTextEdit::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && event->modifiers().testFlag(Qt::ControlModifier)) {
        emit committed();
        return;
    }
    QPlainTextEdit::keyPressEvent(event);
}

} // namespace Cors
