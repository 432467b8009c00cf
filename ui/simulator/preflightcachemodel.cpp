// SPDX-License-Identifier: MIT
#include "simulator/preflightcachemodel.h"

namespace Cors {

PreflightCacheModel::PreflightCacheModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void PreflightCacheModel::setEntries(const QList<PreflightCacheEntry> &entries, qint64 nowMs)
{
    beginResetModel();
    m_entries = entries;
    m_nowMs = nowMs;
    endResetModel();
}

int PreflightCacheModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int PreflightCacheModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PreflightCacheModel::data(const QModelIndex &index, int role) const
{
    if (role != Qt::DisplayRole || !index.isValid() || index.row() >= rowCount())
        return {};
    const PreflightCacheEntry &e = m_entries.at(index.row());
    switch (index.column()) {
    case OriginColumn:
        return e.origin;
    case UrlColumn:
        return e.url;
    case MethodsColumn:
        return e.methods.join(QStringLiteral(", "));
    case HeadersColumn:
        return e.headers.join(QStringLiteral(", "));
    case CredentialsColumn:
        return e.credentials ? tr("yes") : tr("no");
    case ExpiresColumn: {
        const qint64 left = e.expiresAtMs - m_nowMs;
        return left <= 0 ? tr("expired") : tr("in %1 s").arg(double(left) / 1000.0);
    }
    default:
        return {};
    }
}

QVariant PreflightCacheModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case OriginColumn:
        return tr("Origin");
    case UrlColumn:
        return tr("URL");
    case MethodsColumn:
        return tr("Allow-Methods");
    case HeadersColumn:
        return tr("Allow-Headers");
    case CredentialsColumn:
        return tr("Credentials");
    case ExpiresColumn:
        return tr("Expires");
    default:
        return {};
    }
}

} // namespace Cors
