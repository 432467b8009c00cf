// SPDX-License-Identifier: MIT
#include "models/importreportmodel.h"

#include "icons.h"

#include <algorithm>

namespace Cors {

ImportReportModel::ImportReportModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void ImportReportModel::setMessages(const QList<SettingsMessage> &messages)
{
    beginResetModel();
    m_messages = messages;
    m_unreadRows = 0;
    endResetModel();
}

void ImportReportModel::setUnread(const QList<UnreadSetting> &unread)
{
    beginResetModel();
    m_messages.remove(0, m_unreadRows);
    QList<SettingsMessage> rows;
    for (const UnreadSetting &u : unread)
        rows.append({SettingsMessage::Severity::Error, u.line, 0, unreadSettingText(u), u.id});
    m_messages = rows + m_messages;
    m_unreadRows = rows.size();
    endResetModel();
}

int ImportReportModel::count(SettingsMessage::Severity severity) const
{
    return int(std::count_if(m_messages.begin(), m_messages.end(),
                             [&](const SettingsMessage &m) { return m.severity == severity; }));
}

int ImportReportModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_messages.size());
}

int ImportReportModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ImportReportModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SettingsMessage &m = m_messages.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case LineColumn:
            return m.line > 0 ? QVariant(m.line) : QVariant();
        case SeverityColumn:
            if (index.row() < m_unreadRows)
                return tr("not read");
            switch (m.severity) {
            case SettingsMessage::Severity::Info:
                return tr("read");
            case SettingsMessage::Severity::Warning:
                return tr("skipped / warning");
            case SettingsMessage::Severity::Error:
                return tr("error");
            }
            return {};
        case MessageColumn:
            return m.text;
        }
        return {};
    case Qt::DecorationRole:
        if (index.column() != SeverityColumn)
            return {};
        switch (m.severity) {
        case SettingsMessage::Severity::Info:
            return Icons::admits();
        case SettingsMessage::Severity::Warning:
            return Icons::severity(EntryIssue::Severity::Warning);
        case SettingsMessage::Severity::Error:
            return Icons::severity(EntryIssue::Severity::Error);
        }
        return {};
    case Qt::ToolTipRole:
        return m.text;
    case Qt::TextAlignmentRole:
        if (index.column() == LineColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant ImportReportModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case LineColumn:
        return tr("Line");
    case SeverityColumn:
        return tr("Result");
    case MessageColumn:
        return tr("Statement");
    default:
        return {};
    }
}

Qt::ItemFlags ImportReportModel::flags(const QModelIndex &index) const
{
    if (!index.isValid()
        || !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

} // namespace Cors
