// SPDX-License-Identifier: MIT
#include "simulator/headertablemodel.h"

namespace Cors {

HeaderTableModel::HeaderTableModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

HttpHeaders HeaderTableModel::headers() const
{
    HttpHeaders out;
    for (const HttpHeader &h : m_rows) {
        if (!h.name.trimmed().isEmpty())
            out.append({h.name.trimmed(), h.value});
    }
    return out;
}

void HeaderTableModel::setHeaders(const HttpHeaders &headers)
{
    beginResetModel();
    m_rows = headers;
    endResetModel();
}

QModelIndex HeaderTableModel::appendRow()
{
    const int row = int(m_rows.size());
    beginInsertRows({}, row, row);
    m_rows.append(HttpHeader());
    endInsertRows();
    return index(row, NameColumn);
}

int HeaderTableModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int HeaderTableModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant HeaderTableModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const HttpHeader &h = m_rows.at(index.row());
    if (role == Qt::DisplayRole || role == Qt::EditRole)
        return index.column() == NameColumn ? h.name : h.value;
    return {};
}

bool HeaderTableModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (role != Qt::EditRole || !index.isValid() || index.row() >= rowCount())
        return false;
    HttpHeader &h = m_rows[index.row()];
    QString &field = index.column() == NameColumn ? h.name : h.value;
    const QString text = value.toString();
    if (field == text)
        return true;
    field = text;
    emit dataChanged(index, index);
    emit edited();
    return true;
}

Qt::ItemFlags HeaderTableModel::flags(const QModelIndex &index) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return Qt::NoItemFlags;
    return Qt::ItemIsSelectable | Qt::ItemIsEnabled | Qt::ItemIsEditable;
}

QVariant HeaderTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    return section == NameColumn ? tr("Header") : tr("Value");
}

bool HeaderTableModel::removeRows(int row, int count, const QModelIndex &parent)
{
    if (parent.isValid() || row < 0 || count <= 0 || row + count > m_rows.size())
        return false;
    beginRemoveRows({}, row, row + count - 1);
    m_rows.QList<HttpHeader>::remove(row, count);
    endRemoveRows();
    emit edited();
    return true;
}

} // namespace Cors
