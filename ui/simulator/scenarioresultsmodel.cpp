// SPDX-License-Identifier: MIT
#include "simulator/scenarioresultsmodel.h"

#include "icons.h"

#include <QBrush>
#include <QColor>
#include <QPalette>

namespace Cors {

ScenarioResultsModel::ScenarioResultsModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ScenarioResultsModel::setOutcomes(const QList<ScenarioOutcome> &outcomes)
{
    if (outcomes.size() == m_outcomes.size()) {
        // Same rows re-run (every policy edit): keep the selection and scroll position.
        m_outcomes = outcomes;
        if (!m_outcomes.isEmpty())
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_outcomes = outcomes;
    endResetModel();
}

int ScenarioResultsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_outcomes.size());
}

int ScenarioResultsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ScenarioResultsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const ScenarioOutcome &o = m_outcomes.at(index.row());
    if (role == PassedRole)
        return o.passed();
    if (role == Qt::ForegroundRole && index.column() == ResultColumn && o.checked())
        return QBrush(o.passed() ? Icons::admitColor(QPalette())
                                 : Icons::severityColor(EntryIssue::Severity::Error, QPalette()));
    if (role == Qt::ToolTipRole && !o.passed())
        return o.result.console.isEmpty() ? o.result.scriptError : o.result.console;
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return o.name;
    case ExpectedColumn:
        return !o.expectAllowed    ? tr("(not checked)")
                : *o.expectAllowed ? tr("allowed")
                                   : tr("blocked");
    case GotColumn:
        return o.result.allowed ? tr("allowed") : tr("blocked");
    case ResultColumn:
        return !o.checked() ? QString() : o.passed() ? tr("\u2713 pass") : tr("\u2717 FAIL");
    default:
        return {};
    }
}

QVariant ScenarioResultsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Scenario");
    case ExpectedColumn:
        return tr("Expected");
    case GotColumn:
        return tr("Got");
    case ResultColumn:
        return tr("Result");
    default:
        return {};
    }
}

} // namespace Cors
