// SPDX-License-Identifier: MIT
#include "simulator/crossbrowsermodel.h"

#include "icons.h"

#include <QFont>
#include <QGuiApplication>
#include <QPalette>

namespace Cors {

CrossBrowserModel::CrossBrowserModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void CrossBrowserModel::setResult(const CrossBrowserResult &result)
{
    beginResetModel();
    m_result = result;
    m_rows = crossBrowserRows(result);
    endResetModel();
}

void CrossBrowserModel::clear()
{
    setResult({});
}

int CrossBrowserModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int CrossBrowserModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_result.results.size());
}

QVariant CrossBrowserModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const CrossBrowserRow &row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::ToolTipRole:
        return row.values.value(index.column());
    case Qt::FontRole:
        if (row.differs) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ForegroundRole:
        if (row.differs)
            return Icons::severityColor(EntryIssue::Severity::Warning, QGuiApplication::palette());
        return {};
    case DiffersRole:
        return row.differs;
    default:
        return {};
    }
}

QVariant CrossBrowserModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Horizontal) {
        if (role == Qt::DisplayRole && section < m_result.results.size())
            return browserEngineTitle(m_result.results.at(section).browser);
        return {};
    }
    if (section >= m_rows.size())
        return {};
    const CrossBrowserRow &row = m_rows.at(section);
    if (role == Qt::DisplayRole)
        return row.differs ? tr("≠ %1").arg(row.title) : row.title;
    if (role == Qt::ToolTipRole)
        return row.differs ? tr("The engines differ here.") : tr("The engines agree here.");
    return {};
}

} // namespace Cors
