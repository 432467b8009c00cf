// SPDX-License-Identifier: MIT
#include "simulator/tracestepsmodel.h"

#include "icons.h"

#include <QBrush>
#include <QColor>
#include <QPalette>

namespace Cors {

QString verdictMark(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Pass:
        return QStringLiteral("\u2713");
    case Verdict::Fail:
        return QStringLiteral("\u2717");
    case Verdict::Skip:
        return QStringLiteral("\u2013");
    case Verdict::Error:
        return QStringLiteral("!");
    }
    return {};
}

TraceStepsModel::TraceStepsModel(QObject *parent)
    : QAbstractListModel(parent)
{ }

void TraceStepsModel::setSteps(const QList<TraceStep> &steps)
{
    beginResetModel();
    m_steps = steps;
    m_current = steps.isEmpty() ? -1 : int(steps.size()) - 1;
    endResetModel();
}

void TraceStepsModel::setCurrent(int row)
{
    if (row == m_current)
        return;
    m_current = row;
    if (!m_steps.isEmpty())
        emit dataChanged(index(0), index(int(m_steps.size()) - 1), {Qt::ForegroundRole});
}

int TraceStepsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_steps.size());
}

QVariant TraceStepsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const TraceStep &step = m_steps.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return QStringLiteral("%1. %2  %3")
                .arg(index.row() + 1)
                .arg(verdictMark(step.verdict), step.title);
    case Qt::ToolTipRole:
        return step.summary;
    case Qt::ForegroundRole:
        if (index.row() > m_current)
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        if (step.verdict == Verdict::Fail || step.verdict == Verdict::Error)
            return QBrush(Icons::severityColor(EntryIssue::Severity::Error, QPalette()));
        return {};
    case VerdictRole:
        return int(step.verdict);
    case StepIdRole:
        return step.id;
    default:
        return {};
    }
}

} // namespace Cors
