// SPDX-License-Identifier: MIT
#pragma once

#include <QTabWidget>

class QUndoStack;
class QUndoView;

namespace Cors {

class ExportPane;

/**
 * The panel beside every workspace (shown or hidden per workspace, View › Export Panel): the
 * live export, and the undo history behind it. The tab last shown is kept in the settings.
 */
class SidePanel : public QTabWidget
{
    Q_OBJECT

public:
    enum Tab { ExportTab, HistoryTab };

    SidePanel(ExportPane *exportPane, QUndoStack *undoStack, QWidget *parent = nullptr);

    ExportPane *exportPane() const { return m_export; }
    QUndoView *historyView() const { return m_history; }

private:
    ExportPane *m_export;
    QUndoView *m_history;
};

} // namespace Cors
