// SPDX-License-Identifier: MIT
#include "workspaces/sidepanel.h"

#include "export/exportpane.h"
#include "settings.h"

#include <QUndoView>

using namespace Qt::StringLiterals;

namespace Cors {

namespace {

QString tabId(int index)
{
    return index == SidePanel::HistoryTab ? u"history"_s : u"export"_s;
}

} // namespace

SidePanel::SidePanel(ExportPane *exportPane, QUndoStack *undoStack, QWidget *parent)
    : QTabWidget(parent)
    , m_export(exportPane)
    , m_history(new QUndoView(undoStack, this))
{
    setObjectName(u"sidePanel"_s);
    setDocumentMode(true);
    setUsesScrollButtons(true);
    m_history->setObjectName(u"undoHistory"_s);
    m_history->setAccessibleName(tr("Undo history"));
    m_history->setEmptyLabel(tr("<opened>"));
    addTab(m_export, tr("Export"));
    addTab(m_history, tr("History"));
    setCurrentIndex(Settings().sidePanelTab() == tabId(HistoryTab) ? HistoryTab : ExportTab);
    connect(this, &QTabWidget::currentChanged, this,
            [](int index) { Settings().setSidePanelTab(tabId(index)); });
}

} // namespace Cors
